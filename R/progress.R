# Progress reporting through progressr, when it is installed: a progressor
# signals progress conditions that progressr::with_progress() (or
# progressr::handlers(global = TRUE)) turns into a progress bar; without a
# handler they cost next to nothing, and without progressr nothing is
# signalled at all.

# A function to call once per step of `steps` (a progressr progressor created
# in the caller's frame, so it finishes when the caller returns), or a no-op.
rec_progressor <- function(steps) {
  if (!requireNamespace("progressr", quietly = TRUE)) return(function(...) invisible())
  progressr::progressor(steps = steps, envir = parent.frame())
}

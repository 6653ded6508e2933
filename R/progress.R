# Progress reporting through progressr, when it is installed: a progressor
# signals progress conditions that progressr::with_progress() (or
# progressr::handlers(global = TRUE)) turns into a progress bar; without a
# handler they cost next to nothing, and without progressr nothing is
# signalled at all.
#
# rnn_fit() owns one bar for the whole call (rec_fit_progress_open()): its
# stages (rec_fit_stage()) take shares of the bar set by their expected
# work, the networks trained in a stage share it equally
# (rec_fit_progress_unit()), and a network's epochs advance within its share,
# so a network that stops early completes its share and the bar never
# stalls. rnn_train() and the text API's loop, called by the user, draw their
# own bar (rec_progressor()). The same frames print the one line per stage of
# `verbose = TRUE`.

# The fit in progress: `p` its progressor (NULL without progressr), `done`
# the steps of `rec_fit_steps` signalled, `stage`/`unit` the current ranges
# c(from, to) in steps, `muted` while work must not report (forked children,
# the per-series fits of a many-series fit), `verbose`, `label`/`start` of the
# open stage line.
.rec_fit <- new.env(parent = emptyenv())
rec_fit_steps <- 1000

# A function to call once per step of `steps`: inside rnn_fit(), one that
# advances the fit's bar through the current unit's share; otherwise a
# progressr progressor created in the caller's frame (so it finishes when the
# caller returns), or a no-op without progressr.
rec_progressor <- function(steps) {
  if (isTRUE(.rec_fit$muted)) return(function(...) invisible())
  if (isTRUE(.rec_fit$open)) {
    k <- 0
    return(function(...) {
      k <<- k + 1
      u <- .rec_fit$unit %||% .rec_fit$stage
      rec_fit_advance(u[1] + (u[2] - u[1]) * min(k, steps) / steps)
    })
  }
  if (!requireNamespace("progressr", quietly = TRUE)) return(function(...) invisible())
  progressr::progressor(steps = steps, envir = parent.frame())
}

# Opens the bar of an rnn_fit() call whose frame is `envir` (the bar finishes
# when that call returns) and sets what `verbose` prints. Returns FALSE,
# changing nothing, when a fit is already open (a fit inside a fit reports
# through the outer one).
rec_fit_progress_open <- function(verbose, envir) {
  if (isTRUE(.rec_fit$open)) return(FALSE)
  rec_fit_progress_close()
  .rec_fit$p <- if (requireNamespace("progressr", quietly = TRUE))
    progressr::progressor(steps = rec_fit_steps, envir = envir)
  .rec_fit$open <- TRUE
  .rec_fit$done <- 0
  .rec_fit$stage <- c(0, 0)
  .rec_fit$verbose <- verbose
  .rec_fit$t0 <- proc.time()[["elapsed"]]
  TRUE
}

# Forgets the fit (on exit of rnn_fit(), also after an error).
rec_fit_progress_close <- function() {
  rm(list = ls(.rec_fit, all.names = TRUE), envir = .rec_fit)
  invisible()
}

# Moves the bar to `to` steps (never back).
rec_fit_advance <- function(to) {
  if (!isTRUE(.rec_fit$open) || isTRUE(.rec_fit$muted)) return(invisible())
  to <- min(to, rec_fit_steps)
  if (to > .rec_fit$done) {
    if (!is.null(.rec_fit$p)) .rec_fit$p(amount = to - .rec_fit$done)
    .rec_fit$done <- to
  }
  invisible()
}

# Starts a stage of the fit: `what` (printed with `verbose`), taking the
# share `share` of what is left of the bar (the previous stage completed).
# The line of the previous stage ends with its time.
rec_fit_stage <- function(what, share) {
  if (!isTRUE(.rec_fit$open) || isTRUE(.rec_fit$muted)) return(invisible())
  rec_fit_stage_end()
  from <- max(.rec_fit$done, .rec_fit$stage[2])
  rec_fit_advance(from)
  .rec_fit$stage <- c(from, from + (rec_fit_steps - from) * min(max(share, 0), 1))
  .rec_fit$unit <- NULL
  if (isTRUE(.rec_fit$verbose >= 1)) {
    # at verbose = 2 the networks' epochs follow on lines of their own
    message("rnn_fit: ", what, if (.rec_fit$verbose == 1) " ... ", appendLF = .rec_fit$verbose >= 2)
    .rec_fit$line <- .rec_fit$verbose == 1
    .rec_fit$t_stage <- proc.time()[["elapsed"]]
  }
  invisible()
}

# Completes the open stage: its share of the bar, and its line (the time).
rec_fit_stage_end <- function() {
  if (!isTRUE(.rec_fit$open) || isTRUE(.rec_fit$muted)) return(invisible())
  rec_fit_advance(.rec_fit$stage[2])
  if (isTRUE(.rec_fit$line) || (isTRUE(.rec_fit$verbose >= 2) && length(.rec_fit$notes)))
    message(paste(c(if (isTRUE(.rec_fit$line)) rec_fit_seconds(.rec_fit$t_stage), .rec_fit$notes),
                  collapse = "; "))
  .rec_fit$line <- FALSE
  .rec_fit$notes <- NULL
  invisible()
}

# Unit i of n of the current stage (a network, a series): its equal share.
rec_fit_progress_unit <- function(i, n) {
  if (!isTRUE(.rec_fit$open) || isTRUE(.rec_fit$muted)) return(invisible())
  s <- .rec_fit$stage
  rec_fit_advance(s[1] + (s[2] - s[1]) * (i - 1) / n)
  .rec_fit$unit <- s[1] + (s[2] - s[1]) * c(i - 1, i) / n
  invisible()
}

# A function to call once per unit of `n` of the current stage, wherever the
# unit runs: it signals through the fit's progressor itself (a future worker
# too, whose progress future relays), so the stage counts as done from here.
rec_fit_ticker <- function(n) {
  if (!isTRUE(.rec_fit$open) || isTRUE(.rec_fit$muted)) return(rec_progressor(n))
  p <- .rec_fit$p
  s <- .rec_fit$stage
  amount <- (s[2] - max(s[1], .rec_fit$done)) / n
  .rec_fit$done <- max(s[2], .rec_fit$done)
  if (is.null(p)) function(...) invisible() else function(...) p(amount = amount, ...)
}

# A note to end the open stage's line with (printed with `verbose`).
rec_fit_note <- function(note) {
  if (length(note) && isTRUE(.rec_fit$open) && !isTRUE(.rec_fit$muted))
    .rec_fit$notes <- c(.rec_fit$notes, note)
  invisible()
}

# The end of a fit: the open stage completed, the bar at 100% (once), and
# with `verbose` the line `what` with the whole fit's time.
rec_fit_progress_done <- function(what = NULL) {
  if (!isTRUE(.rec_fit$open)) return(invisible())
  rec_fit_stage_end()
  rec_fit_advance(rec_fit_steps)
  if (isTRUE(.rec_fit$verbose >= 1) && length(what))
    message("rnn_fit: ", what, " (", rec_fit_seconds(.rec_fit$t0), " in all)")
  invisible()
}

# Evaluates `expr` with the fit's reporting muted (work in forked children,
# whose conditions would reach the parent's handlers, and fits nested in a
# stage that reports for them), then restores it.
rec_fit_muted <- function(expr) {
  old <- .rec_fit$muted
  .rec_fit$muted <- TRUE
  on.exit(.rec_fit$muted <- old)
  expr
}

rec_fit_seconds <- function(t) {
  s <- proc.time()[["elapsed"]] - t
  if (s < 10) sprintf("%.1f s", s) else if (s < 120) sprintf("%.0f s", s) else
    sprintf("%.1f min", s / 60)
}

#' Options that control how recurrent computes
#'
#' Two global options, read at every training or prediction call:
#' \describe{
#'   \item{`recurrent.threads`}{Number of threads for the matrix products and
#'     the elementwise cell kernels (OpenMP). Defaults to what OpenMP allows
#'     (`OMP_NUM_THREADS`, else the number of cores), at most 2 under
#'     `R CMD check`. Results are bit-identical for a given seed whatever the
#'     number of threads.}
#'   \item{`recurrent.blas`}{`"builtin"` (default) uses recurrent's own blocked,
#'     vectorised matrix product, which is much faster than the reference BLAS
#'     that R ships with by default; `"R"` uses R's BLAS instead, which can pay
#'     off when R is linked to an optimised BLAS such as OpenBLAS or MKL.}
#' }
#' @name recurrent-options
#' @examples
#' old <- options(recurrent.threads = 1)
#' set.seed(1)
#' net <- rnn_net(1, 4)
#' predict(net, sin(1:10))
#' options(old)
NULL

# c(threads, use R's BLAS) as the C core reads it (exec_config in recurrent.h).
#' @noRd
exec_codes <- function() {
  threads <- getOption("recurrent.threads")
  if (is.null(threads)) {
    threads <- .Call(C_rec_max_threads)
    if (nzchar(Sys.getenv("_R_CHECK_LIMIT_CORES_"))) threads <- min(threads, 2L)
  }
  threads <- check_int(threads, "getOption(\"recurrent.threads\")", max = 1024)
  blas <- check_choice(getOption("recurrent.blas", "builtin"), c("builtin", "R"),
                       "getOption(\"recurrent.blas\")")
  c(threads, as.integer(blas == "R"))
}

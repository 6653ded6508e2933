#' Options that control how recurrent computes
#'
#' Three global options: the first two read at every training or prediction
#' call, the third when a network is made:
#' \describe{
#'   \item{`recurrent.threads`}{Number of threads for the matrix products and
#'     the elementwise cell kernels (OpenMP). Results are bit-identical for a
#'     given seed whatever the number of threads. When the option is unset
#'     (the default) the number is chosen at each call:
#'     \itemize{
#'       \item at most what OpenMP allows (`OMP_NUM_THREADS`, else the number
#'         of cores), at most 2 under `R CMD check`;
#'       \item minus the cores other processes keep busy at the start of the
#'         call (on Linux, the runnable tasks in `/proc/loadavg` that are not
#'         this R process), so a busy machine gets one thread instead of
#'         threads that wait for each other at every time step;
#'       \item within a call, a step runs on one thread when it is too small
#'         to repay waking the others: a matrix product of fewer than 1,000,000
#'         multiply-adds, or a cell step of fewer than 16,384 gate values
#'         (batch size times 4 x hidden for an LSTM);
#'       \item and the call measures: the first products large enough for
#'         threads run in pairs, once on one thread and once on all, and when
#'         the threaded ones are not clearly faster (at least 10%) the call
#'         goes on with one thread (measuring again now and then). Results do
#'         not depend on the number of threads, so this choice only changes
#'         the speed.
#'     }
#'     A number set with `options(recurrent.threads = n)` is used as is,
#'     without looking at the load or measuring (the step-size rule and the
#'     two cases below still apply).
#'     In a process forked from the one that loaded recurrent
#'     (`parallel::mclapply()`, `future::plan("multicore")`) everything runs on
#'     one thread whatever the option says: OpenMP's threads do not survive
#'     `fork()`, and forked workers already use the cores. When R's BLAS does
#'     matrix products (`"R"`, or `"auto"` choosing it) and that BLAS is
#'     threaded (OpenBLAS, BLIS, MKL), recurrent's own loops run on one thread
#'     so that two thread pools never compete for the cores.}
#'   \item{`recurrent.blas`}{Which matrix product to use. `"auto"` (the
#'     default) chooses, for each product by its size, the faster of the two
#'     below: when R links the reference BLAS (the default on most installs)
#'     and the CPU has AVX2 or AVX-512, that is always `"builtin"`, without
#'     measuring; with an optimised BLAS (OpenBLAS, MKL, BLIS, Accelerate) or
#'     a CPU for which recurrent has only its portable kernel, both are timed
#'     once per R session (a few tens of milliseconds, at the first call) on
#'     products of the sizes of RNN steps, and products smaller than the
#'     crossover go to R's BLAS. The choice is kept for the whole session (a
#'     forked child inherits it), so results are reproducible within a session;
#'     but they can differ in the last bits from `"builtin"` and, on a machine
#'     with an optimised BLAS, between sessions whose timings put the crossover
#'     elsewhere. Set `"builtin"` or `"R"` for results that do not depend on a
#'     measurement. `"builtin"` uses recurrent's own blocked, vectorised matrix
#'     product (AVX-512, AVX2 or portable kernels, chosen for the CPU when the
#'     package loads; the environment variable `RECURRENT_GEMM_ISA` =
#'     `portable`, `avx2` or `avx512`, set before loading, caps that choice);
#'     `"R"` uses R's BLAS for every product. Single-precision networks always
#'     use recurrent's own product: R's BLAS interface is double only.}
#'   \item{`recurrent.precision`}{The precision of new networks when
#'     [rnn_net()] is not given `precision`: `"double"` (the default when the
#'     option is unset) or `"single"`. When set, it also decides for the
#'     networks that [rnn_fit()] trains or fine-tunes (the pretrained ones
#'     too), which are otherwise `"single"`. Networks keep the precision
#'     they were made with;
#'     see "Precision" in [rnn_net()].}
#'   \item{`recurrent.fit_chunk`, `recurrent.predict_chunk`}{How many series
#'     [rnn_fit()] applies a pretrained or global model to at once (default
#'     2000; each series is computed on its own, so the values do not depend
#'     on it, only the memory: 10,000 series of 100 values peaked at 1.8 GB
#'     in chunks of 2,000 and 3.2 GB in one), and how many series
#'     `predict()` sends to each worker of a parallel `future` plan (default
#'     5000).}
#' }
#' @name recurrent-options
#' @examples
#' old <- options(recurrent.threads = 1)
#' set.seed(1)
#' net <- rnn_net(1, 4)
#' predict(net, sin(1:10))
#' options(old)
NULL

# What is computed once per session (the "auto" crossover).
exec_cache <- new.env(parent = emptyenv())

# c(threads, blas, automatic, r_blas_below) as the C core reads it (exec_from_r
# in glue.c): blas 0 builtin, 1 R, 2 auto; automatic 1 when the user did not set
# the number of threads; r_blas_below the "auto" crossover in multiply-adds.
#' @noRd
exec_codes <- function() {
  threads <- getOption("recurrent.threads")
  automatic <- is.null(threads)
  if (automatic) {
    threads <- .Call(C_rec_max_threads)
    if (nzchar(Sys.getenv("_R_CHECK_LIMIT_CORES_"))) threads <- min(threads, 2L)
  }
  threads <- check_int(threads, "getOption(\"recurrent.threads\")", max = 1024)
  blas <- check_choice(getOption("recurrent.blas", "auto"), c("auto", "builtin", "R"),
                       "getOption(\"recurrent.blas\")")
  code <- match(blas, c("builtin", "R", "auto")) - 1
  below <- if (blas == "auto") blas_crossover(threads, automatic) else 0
  c(threads, code, automatic, below)
}

# Products of fewer multiply-adds than this go to R's BLAS under "auto" (0: none,
# Inf: all). Measured once per session, see ?recurrent-options.
#' @noRd
blas_crossover <- function(threads = 1, automatic = TRUE) {
  if (!is.null(exec_cache$crossover)) return(exec_cache$crossover)
  info <- .Call(C_rec_cpu_info)
  kernel <- info[1] >= 1                      # an AVX2 or AVX-512 gemm.c kernel
  libs <- tolower(paste(extSoftVersion()[["BLAS"]], La_library()))
  optimised <- info[6] > 1 ||
    grepl("openblas|mkl|blis|accelerate|veclib|atlas|armpl", libs)
  exec_cache$crossover <- if (kernel && !optimised) 0 else
    measure_crossover(threads, automatic, fallback = if (kernel) 0 else Inf)
  exec_cache$crossover
}

# Times gemm.c and R's BLAS on the recurrence products of an LSTM with hidden
# size H = 16 .. 256 and 32 sequences (4H x 32 x H), interleaved, best of 3;
# the crossover is the geometric middle between the last size where R's BLAS
# wins and the first where gemm.c does.
#' @noRd
measure_crossover <- function(threads, automatic, fallback) {
  H <- c(16, 32, 64, 128, 256)
  madds <- 4 * H * 32 * H
  reps <- pmax(1L, as.integer(1e6 / madds))
  best <- matrix(Inf, length(H), 2)
  for (round in 1:3) for (i in seq_along(H)) for (b in 1:2) {
    ex <- c(threads, b - 1, automatic, 0)
    s <- .Call(C_rec_mm_time, ex, as.integer(c(4 * H[i], 32, H[i])), reps[i])
    if (is.na(s)) return(fallback)            # no timer (built without OpenMP)
    best[i, b] <- min(best[i, b], s)
  }
  builtin_wins <- best[, 1] <= best[, 2]
  first <- match(TRUE, builtin_wins)
  if (is.na(first)) return(Inf)
  if (first == 1) return(0)
  sqrt(madds[first - 1] * madds[first])
}

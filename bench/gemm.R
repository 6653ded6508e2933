#!/usr/bin/env Rscript
# GFLOP/s of recurrent's own GEMM (src/gemm.c), double (gemm_d) and single
# precision (gemm_f), with 1 and 2 threads, against R's %*% (whatever BLAS R
# links: the reference BLAS on most installs), on the shapes of RNN training and
# two large square products.
#
#   Rscript bench/gemm.R              all shapes
#   Rscript bench/gemm.R --quick      shorter timings
#   R_LIBS=/tmp/lib Rscript bench/gemm.R
#
# Each number is the best of several timings of repeated calls (the machine may
# be shared); each timing lasts at least 50 ms (20 ms with --quick). recurrent's
# GEMM is timed through the internal entry C_rec_mm_time, which runs the
# products in C (C += op(A) op(B), the call's packing scratch, no R overhead per
# product; "rec" rows of the recurrence use the prepacked A of the time steps).
# RECURRENT_GEMM_ISA=portable|avx2|avx512 caps the kernel chosen when the package
# loads.
# A benchmark, not a test: it prints, and always exits with status 0.

suppressPackageStartupMessages(library(recurrent))
quick <- "--quick" %in% commandArgs(trailingOnly = TRUE)
budget <- if (quick) 0.1 else 0.4          # seconds per timing
tries <- if (quick) 3L else 5L

entry <- recurrent:::C_rec_mm_time     # resolved once: `:::` costs ~20 us a call
# seconds per product: rec_mm_time runs `reps` products and returns their time
mm_sec <- function(s, single, threads) {
  d <- as.integer(c(s$m, s$n, s$k, single, s$ta == "T", s$tb == "T", s$packed))
  ex <- c(threads, 0, 0, 0)                  # builtin GEMM, these threads
  r <- 1L
  repeat {
    t <- .Call(entry, ex, d, r)
    if (is.na(t) || t >= min_time || r > 1e6) break
    r <- r * if (t <= 0) 10L else max(2L, as.integer(ceiling(1.2 * min_time / t)))
  }
  if (is.na(t)) return(NA_real_)
  r <- max(r, as.integer(budget / tries / (t / r)))
  min(t / r, vapply(seq_len(tries), function(i) .Call(entry, ex, d, r) / r, numeric(1)))
}

# best seconds per call of f(): each timing repeats f() until it has run for at
# least min_time seconds (system.time() resolves 1 ms, so one fast call can
# read 0 and give an impossible rate), the best of `tries` timings
min_time <- if (quick) 0.02 else 0.05
time_best <- function(f) {
  reps <- 1L
  repeat {                                  # calibrate: reps that fill min_time
    t <- system.time(for (r in seq_len(reps)) f())[["elapsed"]]
    if (t >= min_time) break
    reps <- reps * if (t <= 0) 10L else max(2L, as.integer(ceiling(1.2 * min_time / t)))
  }
  reps <- max(reps, as.integer(budget / tries / (t / reps)))
  best <- t / reps
  spent <- t
  for (i in seq_len(tries)) {
    t <- system.time(for (r in seq_len(reps)) f())[["elapsed"]]
    best <- min(best, t / reps)
    spent <- spent + t
    if (i >= 2 && spent > 3 * budget) break   # slow calls (R's BLAS on 2000^3)
  }
  best
}

shapes <- read.table(text = "
what                         ta tb    m    n     k packed
recurrence_H32_B32           N  N   128   32    32 1
recurrence_LSTM_H128_B32     N  N   512   32   128 1
recurrence_RNN_H128_B128     N  N   128  128   128 1
recurrence_GRU_H128_B64      N  N   384   64   128 1
recurrence_LSTM_H256_B64     N  N  1024   64   256 1
recurrence_LSTM_H512_B64     N  N  2048   64   512 1
recurrence_LSTM_H512_B128    N  N  2048  128   512 1
backward_H32_B32             T  N    32   32   128 1
backward_LSTM_H128_B32       T  N   128   32   512 1
backward_LSTM_H512_B64       T  N   512   64  2048 1
input_proj_in1_T100_B32      N  N   512 3200     1 0
input_proj_in8_T100_B32      N  N   512 3200     8 0
input_proj_in128_T100_B32    N  N   512 3200   128 0
wgrad_ih_in8_T100_B32        N  T   512    8  3200 0
wgrad_ih_in16_T50_B64        N  T  2048   16  3200 0
wgrad_hh_H128_T100_B32       N  T   512  128  3200 0
wgrad_hh_H512_T50_B64        N  T  2048  512  3136 0
square_1000                  N  N  1000 1000  1000 0
square_2000                  N  N  2000 2000  2000 0
", header = TRUE, stringsAsFactors = FALSE)

cat(sprintf("R %s, BLAS: %s\n", getRversion(), extSoftVersion()[["BLAS"]]))
cat(sprintf("%-27s %2s %5s %5s %5s  %8s %8s %8s %8s %8s  %s\n", "shape", "op", "m", "n", "k",
            "f64_1t", "f64_2t", "f32_1t", "f32_2t", "R_%*%", "(GFLOP/s)"))
set.seed(1)
for (i in seq_len(nrow(shapes))) {
  s <- shapes[i, ]
  A <- if (s$ta == "N") matrix(runif(s$m * s$k), s$m, s$k) else matrix(runif(s$m * s$k), s$k, s$m)
  B <- if (s$tb == "N") matrix(runif(s$k * s$n), s$k, s$n) else matrix(runif(s$k * s$n), s$n, s$k)
  C <- matrix(runif(s$m * s$n), s$m, s$n)
  flop <- 2 * s$m * s$n * s$k
  g <- c(flop / mm_sec(s, 0L, 1L), flop / mm_sec(s, 0L, 2L), flop / mm_sec(s, 1L, 1L),
         flop / mm_sec(s, 1L, 2L)) / 1e9
  # R: the same product with %*% / crossprod / tcrossprod, plus the addition of C
  rf <- switch(paste0(s$ta, s$tb),
               NN = function() A %*% B + C, TN = function() crossprod(A, B) + C,
               NT = function() tcrossprod(A, B) + C, TT = function() t(A) %*% t(B) + C)
  gr <- flop / time_best(rf) / 1e9
  cat(sprintf("%-27s %s%s %5d %5d %5d  %8.1f %8.1f %8.1f %8.1f %8.1f\n", s$what, s$ta,
              s$tb, s$m, s$n, s$k, g[1], g[2], g[3], g[4], gr))
}
invisible(0)

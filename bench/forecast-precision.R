#!/usr/bin/env Rscript
# Single or double precision for rnn_fit()'s networks (issue 24): the speed of a
# typical forecasting network in both precisions.
#
#   Rscript bench/forecast-precision.R              all three parts below
#   Rscript bench/forecast-precision.R --steps      training steps only
#
# 1. One training step of an LSTM with 32 hidden units on batches of 32 windows
#    of one feature, lookback T = 24, 36, 48, 60 (what rnn_fit() trains), ms per
#    step, 1 thread and the automatic thread choice; rnn_train() over 16 batches,
#    interleaved (double then single), median of 5.
# 2. rnn_fit() end to end with locally trained networks (pretrained = "none";
#    its default ensemble, hidden 32, lookback from the season) on three
#    monthly series of bench/accuracy.R's panel (AirPassengers, nottem,
#    UKDriverDeaths; no other series of R's datasets, which are reserved for
#    independent evaluation), with precision = "single" passed through
#    `...`: seconds, and the largest difference of the 12-month forecasts.
# 3. Pure float training against double: the validation loss reached with
#    the same seeds (what a double master copy of the weights could buy).
# A benchmark, not a test: it prints, and always exits with status 0.

suppressPackageStartupMessages(library(recurrent))
steps_only <- "--steps" %in% commandArgs(trailingOnly = TRUE)
elapsed <- function(expr) { t0 <- proc.time()[["elapsed"]]; force(expr); proc.time()[["elapsed"]] - t0 }

# Steps per timed call: 16 batches times the epochs that take about 0.3 s.
calibrate <- function(T, precision, threads) {
  old <- options(recurrent.threads = threads)
  on.exit(options(old))
  set.seed(1)
  net <- rnn_net(1, 32, cell = "lstm", precision = precision)
  x <- array(rnorm(32 * 16 * T), c(32 * 16, T, 1)); y <- rnorm(32 * 16)
  f <- function(e) rnn_train(net, x, y, epochs = e, batch_size = 32, validation = 0,
                             clip = 0, shuffle = FALSE, patience = Inf, verbose = FALSE)
  f(1)
  e <- max(1L, as.integer(0.3 / max(elapsed(f(1)), 1e-3)))
  e * 16
}

cat(sprintf("recurrent %s, %s, load %s\n\n", utils::packageVersion("recurrent"),
            format(Sys.time(), "%Y-%m-%d %H:%M"),
            paste(scan("/proc/loadavg", what = "", n = 3, quiet = TRUE), collapse = " ")))
cat("1. LSTM H32, batch 32, one feature: ms per training step (forward + BPTT + Adam)\n\n")
rows <- NULL
for (threads in list(1L, NULL)) for (T in c(24, 36, 48, 60)) {
  nstep <- calibrate(T, "double", threads)
  runs <- sapply(1:5, function(r) vapply(c("double", "single"), function(p) {
    old <- options(recurrent.threads = threads)
    on.exit(options(old))
    set.seed(1)
    net <- rnn_net(1, 32, cell = "lstm", precision = p)
    x <- array(rnorm(32 * 16 * T), c(32 * 16, T, 1)); y <- rnorm(32 * 16)
    1e3 * elapsed(rnn_train(net, x, y, epochs = nstep / 16, batch_size = 32,
                            validation = 0, clip = 0, shuffle = FALSE, patience = Inf,
                            verbose = FALSE)) / nstep
  }, numeric(1)))
  med <- apply(runs, 1, stats::median)
  rows <- rbind(rows, data.frame(threads = if (is.null(threads)) "auto" else "1", T = T,
                                 double_ms = round(med[["double"]], 3),
                                 single_ms = round(med[["single"]], 3),
                                 speedup = round(med[["double"]] / med[["single"]], 2)))
}
print(rows, row.names = FALSE)

if (!steps_only) {
  cat("\n2. rnn_fit(pretrained = \"none\"), seconds (one run each, set.seed(1))\n\n")
  series <- list(AirPassengers = datasets::AirPassengers, nottem = datasets::nottem,
                 UKDriverDeaths = datasets::UKDriverDeaths)
  fits <- NULL
  for (nm in names(series)) {
    res <- lapply(c("double", "single"), function(p) {
      set.seed(1)
      s <- elapsed(fit <- rnn_fit(series[[nm]], pretrained = "none", precision = p,
                                  verbose = FALSE))
      list(seconds = s, mean = as.numeric(predict(fit, h = 12)$mean))
    })
    fits <- rbind(fits, data.frame(series = nm, double_s = round(res[[1]]$seconds, 2),
                                   single_s = round(res[[2]]$seconds, 2),
                                   speedup = round(res[[1]]$seconds / res[[2]]$seconds, 2),
                                   max_rel_forecast_diff = signif(max(abs(res[[2]]$mean - res[[1]]$mean) /
                                                                      abs(res[[1]]$mean)), 2)))
  }
  print(fits, row.names = FALSE)
}

# 3. Pure float training against double. A single net trains a float copy of
# its weights with float Adam moments (no double master copy). A master copy
# in double would sit between the two: it keeps the float rounding of the
# forward and backward passes and only removes that of the update. So the
# distance from pure float to pure double bounds what a master copy can buy.
# Updates are lost to float rounding when lr * (Adam's step, about 1) falls
# below half a float ulp of the weight (6e-8 |w|): lr 1e-5 on weights of
# about 0.1 is 1,600 times above that. Forecasting windows of a noisy
# seasonal series (1,000 windows of 24 steps, 6 steps ahead), LSTM(32),
# Adam, 60 epochs, 5 seeds per learning rate: the validation loss reached.
if (!steps_only) {
  cat("\n3. Pure float training vs double (validation MSE after 60 epochs; 5 seeds)\n\n")
  set.seed(11)
  n <- 1024 + 24 + 6
  z <- sin(2 * pi * seq_len(n) / 12) + 0.5 * sin(2 * pi * seq_len(n) / 50) + rnorm(n, sd = 0.3)
  x <- array(t(vapply(1:1024, function(i) z[i:(i + 23)], numeric(24))), c(1024, 24, 1))
  y <- t(vapply(1:1024, function(i) z[(i + 24):(i + 29)], numeric(6)))
  train <- 1:820; val <- 821:1024
  runs <- NULL
  for (lr in c(1e-3, 1e-4, 1e-5)) for (seed in 1:5) for (p in c("double", "single")) {
    set.seed(seed)
    net <- rnn_net(1, 32, 6, cell = "lstm", precision = p)
    net <- rnn_train(net, x[train, , , drop = FALSE], y[train, ], lr = lr, epochs = 60,
                     validation = 0, patience = Inf, verbose = FALSE)
    mse <- mean((predict(net, x[val, , , drop = FALSE]) - y[val, ])^2)
    runs <- rbind(runs, data.frame(lr = lr, seed = seed, precision = p, mse = mse))
  }
  tab <- do.call(rbind, lapply(split(runs, runs$lr), function(d) {
    dd <- d$mse[d$precision == "double"]; ss <- d$mse[d$precision == "single"]
    data.frame(lr = d$lr[1], double_mse = signif(mean(dd), 4), single_mse = signif(mean(ss), 4),
               mean_gap = signif(mean(ss - dd), 2), max_abs_gap = signif(max(abs(ss - dd)), 2),
               seed_sd_double = signif(stats::sd(dd), 2))
  }))
  print(tab, row.names = FALSE)
}
invisible(0)

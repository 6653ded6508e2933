# High-frequency series too short for the seasonal model at their calendar's
# default horizon (a few days of hourly or half-hourly data, two months of
# daily data): the default then fits the pretrained network of the calendar
# (fine-tuned, combined with smoothing). Against it: the seasonal model with
# the horizon shortened to what the series allows, rnn_fit(y, horizon = h),
# and seasonal naive at the first period.
# POOL series of bench/highfreq.R only (never the held-out ones), K
# staggered origins per series, a short window before each; MASE (scale:
# the window's seasonal-naive MAE at the first period), 80/95% coverage,
# seconds per fit; the 80% and 95% interval scores (width plus 2 / alpha
# times the miss, mean over the steps, on the same scale); 80% coverage and
# width by quarter of the horizon.
#   R_LIBS=<lib> Rscript bench/proto/short-highfreq.R [K] [tasks] [task=window,...]
args <- commandArgs(TRUE)
K <- if (length(args) >= 1) as.integer(args[1]) else 4L
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "highfreq-data.R"))
suppressMessages(library(recurrent))
# task -> (window, horizon compared)
SHORT <- list(halfhourly_load = c(240L, 48L), hourly_temp = c(120L, 24L), daily_temp = c(60L, 7L),
              daily_prices = c(50L, 5L))
# interval score of a central interval at level 1 - alpha, mean over the steps
hf_interval_score <- function(y, lo, up, alpha)
  mean(up - lo + 2 / alpha * (pmax(lo - y, 0) + pmax(y - up, 0)))
tasks <- if (length(args) >= 2) strsplit(args[2], ",")[[1]] else names(SHORT)
# other windows: "task=length,task=length" (e.g. halfhourly_load=480)
if (length(args) >= 3) for (kv in strsplit(strsplit(args[3], ",")[[1]], "="))
  SHORT[[kv[1]]][1] <- as.integer(kv[2])
# methods: SHORT_HF_METHODS (comma-separated; "local" is pretrained = "none")
METHODS <- strsplit(Sys.getenv("SHORT_HF_METHODS", "default,seasonal_h,snaive"), ",")[[1]]
rows <- list()
for (task in tasks) {
  win <- SHORT[[task]][1]; h <- SHORT[[task]][2]
  ser <- hf_pool(task)
  per <- HF_TASKS[[task]]$periods[1]
  for (j in seq_along(ser)) {
    s <- ser[[j]]
    os <- hf_origins(task, s, K, shift = (j - 1) / length(ser))
    for (o in os) {
      i <- (o - win + 1L):o
      if (i[1] < 1L) next
      df <- data.frame(time = s$time[i], value = s$y[i])
      y <- s$test <- s$y[o + seq_len(h)]
      if (anyNA(y) || anyNA(df$value)) next
      scale <- mean(abs(diff(df$value, lag = per)))
      for (m in METHODS) {
        set.seed(1)
        t0 <- proc.time()[3]
        fc <- if (m == "snaive") {
          # seasonal naive at the first period (no intervals)
          na <- matrix(NA_real_, h, 2)
          list(mean = rep(utils::tail(df$value, per), length.out = h), lower = na, upper = na, kind = "snaive",
               members = "")
        } else tryCatch({
          fit <- switch(m, default = rnn_fit(df, verbose = FALSE),
                        local = rnn_fit(df, pretrained = "none", verbose = FALSE),
                        rnn_fit(df, horizon = h, verbose = FALSE))
          f <- predict(fit, h = h)
          list(mean = as.numeric(f$mean), lower = f$lower, upper = f$upper, kind = class(fit)[1],
               score = fit$selection$score,
               members = if (inherits(fit, "rnn_seasonal") && !is.null(fit$models[[1]]$weights))
                 paste(names(which(fit$models[[1]]$weights > 0)), collapse = "+") else "")
        }, error = function(e) { message(task, " ", names(ser)[j], " ", o, " ", m, ": ", conditionMessage(e)); NULL })
        sec <- proc.time()[3] - t0
        if (is.null(fc)) next
        rows[[length(rows) + 1L]] <- data.frame(task = task, series = names(ser)[j], origin = o, method = m,
          kind = fc$kind, members = fc$members, score = I(list(fc$score)), mase = mean(abs(y - fc$mean)) / scale,
          c80 = mean(y >= fc$lower[, 1] & y <= fc$upper[, 1]), c95 = mean(y >= fc$lower[, 2] & y <= fc$upper[, 2]),
          w95 = mean(fc$upper[, 2] - fc$lower[, 2]) / scale,
          is80 = hf_interval_score(y, fc$lower[, 1], fc$upper[, 1], 0.2) / scale,
          is95 = hf_interval_score(y, fc$lower[, 2], fc$upper[, 2], 0.05) / scale, sec = sec,
          q80 = I(list(tapply(y >= fc$lower[, 1] & y <= fc$upper[, 1], ceiling(4 * seq_len(h) / h), mean))),
          w80 = I(list(tapply(fc$upper[, 1] - fc$lower[, 1], ceiling(4 * seq_len(h) / h), mean) / scale)),
          fc = I(list(list(y = y, mean = fc$mean, lower = fc$lower, upper = fc$upper))))
      }
    }
  }
  cat("done", task, "\n")
}
d <- do.call(rbind, rows)
out <- Sys.getenv("SHORT_HF_OUT")
if (nzchar(out)) saveRDS(d, out)
for (g in split(d, list(d$task, d$method), drop = TRUE))
  cat(sprintf(paste0("%-16s %-11s n=%-4d kinds %-28s MASE %.3f  gMASE %.3f  cov80 %.3f  cov95 %.3f  ",
                     "width95/scale median %.2f max %.1f  score80 %.2f  score95 %.2f  s/fit %.2f\n"),
              g$task[1], g$method[1], nrow(g), paste(names(table(g$kind)), table(g$kind), collapse = ","),
              mean(g$mase), exp(mean(log(pmax(g$mase, 1e-3)))), mean(g$c80), mean(g$c95),
              stats::median(g$w95), max(g$w95), mean(g$is80), mean(g$is95), mean(g$sec)),
      sprintf("    80%% coverage by quarter of h %s; 80%% width / scale by quarter %s\n",
              paste(sprintf("%.2f", Reduce(`+`, g$q80) / nrow(g)), collapse = " "),
              paste(sprintf("%.1f", Reduce(`+`, g$w80) / nrow(g)), collapse = " ")))

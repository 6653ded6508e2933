# The seasonal kind's members one by one on a task's pool (or held-out)
# series: per series-origin the MASE at each horizon of every member of
# recurrent:::fc_seasonal_fit() (direct regression, decomposition with the AR
# on differences, decomposition with the smoothed level), of the blend the
# kind chooses when fitted for the largest horizon (as bench/highfreq.R's
# rnn_default) and when fitted for each horizon, and of forecast::stlf.
# For deciding what the kind should do where stlf leads (half-hourly load).
#   R_LIBS=<lib> Rscript bench/proto/load-members.R <task> <pool|heldout> [origins] [max series]
args <- commandArgs(TRUE)
task <- args[1]; split <- args[2]
K <- if (length(args) >= 3) as.integer(args[3]) else NULL
nmax <- if (length(args) >= 4) as.integer(args[4]) else Inf
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
suppressMessages({ library(recurrent); library(forecast) })
tk <- HF_TASKS[[task]]
S <- if (split == "pool") hf_pool(task) else hf_task_series(task)
if (length(S) > nmax) S <- S[seq_len(nmax)]
H <- max(tk$h)
rows <- list()
for (nm in names(S)) {
  s <- S[[nm]]
  for (o in hf_origins(task, s, K)) {
    tr <- hf_train(task, s, o)
    y <- tr$y
    P <- as.integer(round(tr$periods))
    scale <- mean(abs(diff(y, lag = tk$freq)))
    act <- s$y[o + seq_len(H)]
    shown <- recurrent:::fc_shown_periods(y[max(1, length(y) - recurrent:::fc_seasonal_context(length(y), P) + 1):length(y)], P)
    fc <- list(
      direct = recurrent:::fc_direct_fit(y, shown, H, lev = shown[1])$mean,
      mstl = recurrent:::fc_mstl_fit(y, shown, H)$mean,
      mstl_es = recurrent:::fc_mstl_es_fit(y, shown, H)$mean,
      stlf = as.numeric(stlf(msts(y, seasonal.periods = tr$periods), h = H)$mean))
    mH <- recurrent:::fc_seasonal_fit(y, P, H)
    fc$kind_H <- mH$mean
    fc$avg_es <- (fc$mstl + fc$mstl_es) / 2
    for (h in tk$h) {
      m <- if (h == H) mH else recurrent:::fc_seasonal_fit(y, P, h)
      e <- vapply(fc, function(f) mean(abs(act[seq_len(h)] - f[seq_len(h)])) / scale, 0)
      e[["kind_h"]] <- mean(abs(act[seq_len(h)] - m$mean)) / scale
      w <- m$weights
      rows[[length(rows) + 1L]] <- data.frame(series = nm, origin = o, h = h, t(e),
                                             w_direct = if ("direct" %in% names(w)) w[["direct"]] else 0,
                                             w_mstl = if ("mstl" %in% names(w)) w[["mstl"]] else 0)
    }
  }
  cat(nm, "done\n")
}
d <- do.call(rbind, rows)
saveRDS(d, sprintf("/tmp/load-members-%s-%s.rds", task, split))
for (h in tk$h) {
  x <- d[d$h == h, ]
  cat(sprintf("\n%s %s, h = %d, %d forecasts: mean MASE\n", task, split, h, nrow(x)))
  print(round(colMeans(x[, c("direct", "mstl", "mstl_es", "avg_es", "stlf", "kind_H", "kind_h", "w_direct", "w_mstl")]), 3))
  print(round(do.call(rbind, lapply(split(x, x$series), function(z)
    colMeans(z[, c("direct", "mstl", "mstl_es", "avg_es", "stlf", "kind_H", "kind_h")]))), 3))
}

# Hourly pedestrian counts (tsibble::pedestrian) in short windows (72 and 120
# hours, 8 origins per sensor): the default's MASE at h = 24 (scale: the
# window's in-sample MAE at lag 24), seasonal naive, the seasonal model at
# horizon 24 (where the window allows it), 80/95% coverage, interval scores
# and the largest 95% upper bound over the window's largest count.
#   R_LIBS=<lib> Rscript bench/proto/pedestrian-short.R <out.rds>
suppressMessages({library(recurrent)})
ped <- as.data.frame(tsibble::pedestrian)
out <- list()
is <- function(y, lo, up, a) mean(up - lo + 2 / a * (pmax(lo - y, 0) + pmax(y - up, 0)))
for (s in unique(ped$Sensor)) {
  d <- ped[ped$Sensor == s, c("Date_Time", "Count")]
  d <- d[order(d$Date_Time), ]
  # regular hourly stretch only
  N <- nrow(d)
  for (win in c(72L, 120L)) for (k in 1:8) {
    o <- round(N * k / 9)
    i <- (o - win + 1):o
    if (any(diff(as.numeric(d$Date_Time[c(i, o + 1:24)])) != 3600)) next
    x <- data.frame(time = d$Date_Time[i], count = d$Count[i]); y <- d$Count[o + 1:24]
    sc <- mean(abs(diff(x$count, lag = 24)))
    set.seed(1)
    fit <- rnn_fit(x, verbose = FALSE); f <- predict(fit, h = 24)
    out[[length(out) + 1]] <- data.frame(sensor = s, win = win, o = o, kind = class(fit)[1],
      log = isTRUE(fit$members$network$model$transform == "log"), minx = min(x$count),
      mase = mean(abs(y - f$mean)) / sc, c80 = mean(y >= f$lower[, 1] & y <= f$upper[, 1]),
      c95 = mean(y >= f$lower[, 2] & y <= f$upper[, 2]), s80 = is(y, f$lower[, 1], f$upper[, 1], 0.2) / sc,
      s95 = is(y, f$lower[, 2], f$upper[, 2], 0.05) / sc, upmax = max(f$upper[, 2]) / max(x$count),
      snaive = mean(abs(y - tail(x$count, 24))) / sc,
      seas24 = tryCatch(mean(abs(y - predict(rnn_fit(x, horizon = 24, verbose = FALSE), h = 24)$mean)) / sc, error = function(e) NA))
  }
}
r <- do.call(rbind, out); saveRDS(r, commandArgs(TRUE)[1])
for (g in split(r, r$win)) cat(sprintf("snaive %.3f seasonal h=24 %.3f (n %d); kinds %s\n", mean(g$snaive), mean(g$seas24, na.rm = TRUE), sum(!is.na(g$seas24)), paste(names(table(g$kind)), table(g$kind), collapse = " ")), sprintf("win %d n=%d log %d  MASE %.3f  cov %.3f / %.3f  score %.2f / %.2f  upper/max median %.2f max %.1f\n",
  g$win[1], nrow(g), sum(g$log), mean(g$mase), mean(g$c80), mean(g$c95), mean(g$s80), mean(g$s95), median(g$upmax), max(g$upmax)))

# Hourly pedestrian counts (tsibble::pedestrian, 4 Melbourne sensors, 2015-16;
# not used by any choice of the package) in windows of a given length before
# 10 origins per sensor spread over the data: the default's MASE at h = 24 and
# 48 (scale: the window's in-sample MAE at lag 24) against seasonal naive at a
# day and at a week, its 80/95% coverage and seconds per fit.
#   R_LIBS=<lib> Rscript bench/proto/pedestrian-windows.R <window hours> <out.rds>
suppressMessages({library(recurrent)})
ped <- as.data.frame(tsibble::pedestrian)
out <- list()
for (s in unique(ped$Sensor)) {
  d <- ped[ped$Sensor == s, c("Date_Time", "Count")]; d <- d[order(d$Date_Time), ]; N <- nrow(d)
  for (win in as.integer(commandArgs(TRUE)[1])) for (k in 1:10) {
    o <- round(N * k / 11); if (o - win < 1) next
    i <- (o - win + 1):o
    if (any(diff(as.numeric(d$Date_Time[c(i, o + 1:48)])) != 3600)) next
    x <- data.frame(time = d$Date_Time[i], count = d$Count[i]); y <- d$Count[o + 1:48]
    sc <- mean(abs(diff(x$count, lag = 24)))
    set.seed(1); t0 <- proc.time()[3]
    fit <- rnn_fit(x, verbose = FALSE); f <- predict(fit, h = 48); sec <- proc.time()[3] - t0
    m <- function(p, hh) mean(abs(y[1:hh] - p[1:hh])) / sc
    sw <- if (win >= 168) tail(x$count, 168)[1:48] else NA
    out[[length(out) + 1]] <- data.frame(sensor = s, o = o, kind = class(fit)[1],
      d24 = m(f$mean, 24), d48 = m(f$mean, 48), sn24 = m(rep(tail(x$count, 24), 2), 24), sn48 = m(rep(tail(x$count, 24), 2), 48),
      sw24 = m(sw, 24), sw48 = m(sw, 48), c80 = mean(y >= f$lower[, 1] & y <= f$upper[, 1]), c95 = mean(y >= f$lower[, 2] & y <= f$upper[, 2]), sec = sec)
  }
}
r <- do.call(rbind, out); saveRDS(r, commandArgs(TRUE)[2])
cat(sprintf("win %s n=%d kinds %s | h24: default %.3f snaive %.3f snaive_week %.3f | h48: default %.3f snaive %.3f snaive_week %.3f | cov %.3f / %.3f | %.2f s\n",
  commandArgs(TRUE)[1], nrow(r), paste(names(table(r$kind)), table(r$kind), collapse=" "), mean(r$d24), mean(r$sn24), mean(r$sw24), mean(r$d48), mean(r$sn48), mean(r$sw48), mean(r$c80), mean(r$c95), mean(r$sec)))

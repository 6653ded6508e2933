# Hourly pedestrian counts (tsibble::pedestrian: 4 Melbourne sensors,
# 2015-2016), a kind of data bench/highfreq.R does not hold: rolling origins
# over the two years, 60-day windows, the default rnn_fit() of a data frame
# against seasonal naive (a day, a week) and stlf, MASE on the seasonal-naive
# (day) scale and 80/95% coverage at h = 24 and 48. The local clock is taken
# as a regular UTC grid (the two DST shifts a year ignored) and the few
# missing hours are interpolated before the window is cut. None of these
# series was used to choose anything in the seasonal model.
#   R_LIBS=<lib> Rscript bench/proto/pedestrian.R [origins per sensor] [methods]
args <- commandArgs(TRUE)
K <- if (length(args) >= 1) as.integer(args[1]) else 40L
methods <- if (length(args) >= 2) strsplit(args[2], ",")[[1]] else
  c("default", "snaive", "snaive_week", "stlf")
suppressMessages({ library(recurrent); library(forecast) })
ped <- as.data.frame(tsibble::pedestrian)
win <- 60L * 24L; H <- 48L
as_fc <- function(f) list(mean = as.numeric(f$mean), lower = f$lower, upper = f$upper)
out <- list()
for (sn in unique(ped$Sensor)) {
  d <- ped[ped$Sensor == sn, ]
  lt <- as.POSIXct(format(d$Date_Time, "%Y-%m-%d %H:%M:%S"), tz = "UTC")
  grid <- seq(min(lt), max(lt), by = 3600)
  y <- rep(NA_real_, length(grid))
  y[match(lt, grid)] <- d$Count
  y <- stats::approx(seq_along(y), y, seq_along(y), rule = 2)$y
  for (o in unique(round(seq(win + 200, length(y) - H, length.out = K)))) {
    i <- (o - win + 1):o
    tr <- y[i]
    act <- y[o + seq_len(H)]
    scale <- mean(abs(diff(tr, lag = 24)))
    for (m in methods) {
      t0 <- proc.time()[[3]]
      fc <- switch(m,
        default = as_fc(predict(rnn_fit(data.frame(time = grid[i], count = tr)), h = H)),
        snaive = as_fc(snaive(ts(tr, frequency = 24), h = H)),
        snaive_week = as_fc(snaive(ts(tr, frequency = 168), h = H)),
        stlf = as_fc(stlf(msts(tr, seasonal.periods = c(24, 168)), h = H)))
      sec <- proc.time()[[3]] - t0
      for (hh in c(24L, 48L)) {
        k <- seq_len(hh)
        cover <- function(l) mean(act[k] >= fc$lower[k, l] & act[k] <= fc$upper[k, l])
        out[[length(out) + 1L]] <- data.frame(sensor = sn, origin = o, method = m, h = hh, sec = sec,
                                              mase = mean(abs(act[k] - fc$mean[k])) / scale,
                                              c80 = cover(1), c95 = cover(2))
      }
    }
  }
  cat(sn, "done\n")
}
d <- do.call(rbind, out)
print(aggregate(cbind(mase, c80, c95, sec) ~ method + h, d, mean), digits = 3)

# Forecasting layer, the decomposition member of the seasonal kind
# (fit-seasonal.R): an MSTL-like split of the series into one seasonal
# component per period (repeated stl(), as forecast::mstl does) and an
# adjusted series, forecast as each component's last cycle repeated plus an
# autoregression on the adjusted series' first differences (ARIMA(p,1,0)
# without drift: forecasts settle at the last level, not at the window's mean,
# which measured better on half-hourly load at h = 336; bench/proto, pf_mstl3).

# Seasonal components [n, length(periods)] and the adjusted series [n] of y
# for the periods (ascending) with two full cycles in the window.
fc_mstl <- function(y, periods, iterate = 2L, s.window = 11) {
  n <- length(y)
  periods <- periods[periods < n / 2]
  seas <- matrix(0, n, length(periods))
  adj <- y
  for (it in seq_len(iterate)) {
    for (i in seq_along(periods)) {
      adj <- adj + seas[, i]
      seas[, i] <- stats::stl(stats::ts(adj, frequency = periods[i]),
                              s.window = s.window)$time.series[, "seasonal"]
      adj <- adj - seas[, i]
    }
  }
  list(seasonal = seas, adjusted = adj, periods = periods)
}

# Forecasts of steps 1..h and one-step fitted values [n] (NA where the
# autoregression has none).
fc_mstl_fit <- function(y, periods, h, order_max = 30L) {
  n <- length(y)
  dec <- fc_mstl(y, periods)
  ahead <- numeric(h)
  for (i in seq_along(dec$periods)) {
    p <- dec$periods[i]
    ahead <- ahead + dec$seasonal[n - p + ((seq_len(h) - 1L) %% p) + 1L, i]
  }
  d <- diff(dec$adjusted)
  ar <- stats::ar.ols(d, order.max = min(order_max, length(d) %/% 4), aic = TRUE,
                      demean = FALSE, intercept = FALSE)
  steps <- as.numeric(stats::predict(ar, newdata = d, n.ahead = h)$pred)
  list(mean = ahead + dec$adjusted[n] + cumsum(steps),
       fitted = c(NA, y[-1] - as.numeric(ar$resid)))
}

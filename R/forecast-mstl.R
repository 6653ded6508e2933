# Forecasting layer, the decomposition member of the seasonal kind
# (fit-seasonal.R): an MSTL-like split of the series into one seasonal
# component per period (repeated stl(), as forecast::mstl does) and an
# adjusted series, forecast as each component's last cycle repeated plus an
# autoregression on the adjusted series' first differences (ARIMA(p,1,0)
# without drift: forecasts settle at the last level, not at the window's mean,
# which measured better on half-hourly load at h = 336; bench/proto, pf_mstl3),
# or by simple exponential smoothing of the adjusted series (its level, as
# forecast::stlf() mostly has it: member "mstl_es").

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

# Each seasonal component's last cycle repeated over steps 1..h, summed [h].
fc_mstl_ahead <- function(dec, h) {
  n <- nrow(dec$seasonal)
  ahead <- numeric(h)
  for (i in seq_along(dec$periods)) {
    p <- dec$periods[i]
    ahead <- ahead + dec$seasonal[n - p + ((seq_len(h) - 1L) %% p) + 1L, i]
  }
  ahead
}

# The autoregression of u [n] without mean or intercept, its order chosen by
# AIC up to a quarter of n (at most order_max), as stats::ar.ols(aic = TRUE,
# demean = FALSE, intercept = FALSE) defines it, and its forecast of steps
# 1..h: `ahead` [h] and the one-step residuals `resid` [n] (NA for the first
# `order`), with the `order` and its coefficients `coef` [order]. In C (src/ar.c; ar.ols() was most of a fit's time at long
# windows); tests/testthat/test-forecast-ar.R checks it against ar.ols().
# Orders stop where the lagged values become collinear (differences that are
# zero for long stretches: embedded solar generation before there was any, a
# sensor stuck at one value), as ar.ols() stops at its rank deficiency.
fc_ar_ahead <- function(u, h, order_max) {
  r <- .Call(C_rec_ar_ols, as.double(u), as.integer(min(order_max, length(u) %/% 4)),
             as.integer(h))
  list(ahead = r[[1]], resid = r[[2]], order = r[[3]], coef = r[[4]])
}

# Forecasts of steps 1..h and one-step fitted values [n] (NA where the
# autoregression has none).
fc_mstl_fit <- function(y, periods, h, order_max = 30L) {
  n <- length(y)
  dec <- fc_mstl(y, periods)
  ahead <- fc_mstl_ahead(dec, h)
  ar <- fc_ar_ahead(diff(dec$adjusted), h, order_max)
  list(mean = ahead + dec$adjusted[n] + cumsum(ar$ahead), fitted = c(NA, y[-1] - ar$resid))
}

# The same decomposition with the adjusted series forecast by its smoothed
# level (simple exponential smoothing, the weight of the last value chosen by
# stats::HoltWinters() on one-step errors): flat beyond the last level rather
# than following the last differences' autocorrelation. Forecasts of steps
# 1..h and one-step fitted values [n] (NA at the first).
fc_mstl_es_fit <- function(y, periods, h) {
  dec <- fc_mstl(y, periods)
  hw <- stats::HoltWinters(dec$adjusted, beta = FALSE, gamma = FALSE)
  level <- as.numeric(hw$coefficients[["a"]])
  list(mean = fc_mstl_ahead(dec, h) + level,
       fitted = c(NA, as.numeric(stats::fitted(hw)[, "xhat"])) + (y - dec$adjusted))
}

# Forecasting layer, the harmonic-regression members of the seasonal kind
# (fit-seasonal.R) for daily data: each cycle the data show as a few sine
# and cosine pairs of its exact period (the week; the year of 365.25 days),
# with an autoregression on what they leave. Two forms, chosen or averaged
# with the other members on the rolling origins:
# * in differences, ARIMA(p,1,0) with Fourier regressors: forecasts start
#   from the last level and follow the smooth yearly curve;
# * about the level, ARIMA(p,0,0) with a linear trend and Fourier regressors:
#   departures from the curve die out (a cold spell's demand returns to the
#   season's), as auto.arima's choice d = 0 on daily load has them.
# The decomposition member repeats last year's seasonal component day by
# day, which with two or three years of data is about as noisy as a single
# year; the pool of daily load (bench/README.md, "Daily data over several
# years") forecast 6-7% better with the first form among the candidates, and
# 2% / 3% better again (h = 7 / 28) with the second one too.

# Forecasts of steps 1..h of y [n] and one-step fitted values [n] (NA where
# the autoregression has none: the first 1 + its order in differences, its
# order about the level), for the (exact) periods `periods` with K harmonics
# each (3, as the bench's auto.arima baseline); `level`: the form about the
# level instead of the one in differences. Periods without a whole cycle in
# the window are left out; with none left it is the autoregression alone (on
# the differences, or on the departures from the trend).
fc_fourier_fit <- function(y, periods, h, K = 3L, order_max = 30L, level = FALSE) {
  n <- length(y)
  P <- periods[periods <= n]
  # sine and cosine columns [n + h, up to 2 K per period] at steps 1..n + h
  X <- cal_fourier(seq_len(n + h), P, K)
  if (level) return(fc_fourier_level(y, X, h, order_max))
  dX <- X[2:n, , drop = FALSE] - X[1:(n - 1), , drop = FALSE]
  dy <- diff(y)
  b <- if (ncol(X)) qr.coef(qr(dX), dy) else numeric(0)
  b[is.na(b)] <- 0
  ar <- fc_ar_ahead(dy - as.numeric(dX %*% b), h, order_max)
  ahead <- n + seq_len(h)
  curve <- as.numeric((X[ahead, , drop = FALSE] - matrix(X[n, ], h, ncol(X), byrow = TRUE)) %*% b)
  list(mean = y[n] + curve + cumsum(ar$ahead), fitted = c(NA, y[-1] - ar$resid))
}

# The form about the level: y [n] regressed on an intercept, the step and
# the harmonics X [n + h, k]; an autoregression on the departures [n]
# carries the recent ones into the forecast, fading as they do.
fc_fourier_level <- function(y, X, h, order_max) {
  n <- length(y)
  Z <- cbind(1, seq_len(n + h), X)   # [n + h, 2 + k]
  past <- seq_len(n)
  b <- qr.coef(qr(Z[past, , drop = FALSE]), y)
  b[is.na(b)] <- 0
  ar <- fc_ar_ahead(y - as.numeric(Z[past, , drop = FALSE] %*% b), h, order_max)
  list(mean = as.numeric(Z[n + seq_len(h), , drop = FALSE] %*% b) + ar$ahead, fitted = y - ar$resid)
}

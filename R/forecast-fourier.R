# Forecasting layer, the harmonic-regression member of the seasonal kind
# (fit-seasonal.R) for daily data: each cycle the data show as a few sine
# and cosine pairs of its exact period (the week; the year of 365.25 days),
# fitted to the first differences, with an autoregression on what they
# leave: ARIMA(p,1,0) with Fourier regressors, so forecasts start from the
# last level and follow the smooth yearly curve. The decomposition member
# repeats last year's seasonal component day by day, which with two or three
# years of data is about as noisy as a single year; the pool of daily load
# (bench/README.md, "Daily data over several years") forecast 6-7% better
# with this member among the candidates.

# Forecasts of steps 1..h of y [n] and one-step fitted values [n] (NA where
# the autoregression has none: the first 1 + its order), for the (exact)
# periods `periods` with K harmonics each (3, as the bench's auto.arima
# baseline). Periods without two cycles in the window are left out; with
# none left it is the autoregression on the differences alone.
fc_fourier_fit <- function(y, periods, h, K = 3L, order_max = 30L) {
  n <- length(y)
  P <- periods[periods < n / 2]
  # sine and cosine columns [n + h, up to 2 K per period] at steps 1..n + h
  X <- cal_fourier(seq_len(n + h), P, K)
  dX <- X[2:n, , drop = FALSE] - X[1:(n - 1), , drop = FALSE]
  dy <- diff(y)
  b <- if (ncol(X)) qr.coef(qr(dX), dy) else numeric(0)
  b[is.na(b)] <- 0
  u <- dy - as.numeric(dX %*% b)
  ar <- fc_ar_ols(u, min(order_max, length(u) %/% 4))
  du <- as.numeric(stats::predict(ar, newdata = u, n.ahead = h)$pred)
  ahead <- n + seq_len(h)
  curve <- as.numeric((X[ahead, , drop = FALSE] - matrix(X[n, ], h, ncol(X), byrow = TRUE)) %*% b)
  list(mean = y[n] + curve + cumsum(du), fitted = c(NA, y[-1] - as.numeric(ar$resid)))
}

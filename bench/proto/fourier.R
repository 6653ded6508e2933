# Prototype (bench/proto/methods.R, sk_fourier0 / sk_fourier1; not kept in
# the package: on the weekly-load pool it did not beat the members it would
# join, bench/README.md): a harmonic-regression member for the seasonal kind.
# Each cycle as a few sine/cosine pairs of its exact period (weekly data's
# year of 365.25 / 7 = 52.18 weeks, which the members round to 52), with an
# autoregression on what they leave: auto.arima() with Fourier terms as
# regressors, the best baseline on held-out weekly load, with the order of
# differencing fixed (d = 1: from the last level, no drift; d = 0: about the
# window's level).

# Sine and cosine columns [length(t), 2 * sum(K)] of times t for periods P
# with K[i] harmonics each (fewer where a period has no room for them).
fc_fourier_terms <- function(t, P, K) {
  cols <- list()
  for (i in seq_along(P)) {
    for (k in seq_len(min(K[i], floor(P[i] / 2)))) {
      a <- 2 * pi * k * t / P[i]
      cols <- c(cols, list(sin(a)), if (2 * k < P[i]) list(cos(a)))
    }
  }
  do.call(cbind, cols)
}

# Forecasts of steps 1..h of y [n] and one-step fitted values [n] (NA where
# the autoregression has none), with K harmonics per period (the first five
# of the first cycle and three of the others, as bench/highfreq.R's arima
# baseline). Periods without two cycles in the window are left out; with
# none left it is the AR alone.
fc_fourier_fit <- function(y, periods, h, d = 1L, K = c(5L, 3L, 3L), order_max = 30L) {
  n <- length(y)
  keep <- periods < n / 2
  P <- periods[keep]
  K <- rep_len(K, length(periods))[keep]
  X <- if (length(P)) fc_fourier_terms(seq_len(n + h), P, K) else matrix(0, n + h, 0)
  past <- seq_len(n)
  if (d == 1L) {
    dX <- X[past[-1], , drop = FALSE] - X[past[-n], , drop = FALSE]
    dy <- diff(y)
    b <- if (ncol(X)) qr.coef(qr(dX), dy) else numeric(0)
    b[is.na(b)] <- 0
    u <- dy - as.numeric(dX %*% b)
    ar <- stats::ar.ols(u, order.max = min(order_max, length(u) %/% 4), aic = TRUE,
                        demean = FALSE, intercept = FALSE)
    du <- as.numeric(stats::predict(ar, newdata = u, n.ahead = h)$pred)
    ahead <- n + seq_len(h)
    mean <- y[n] + as.numeric((X[ahead, , drop = FALSE] -
                               matrix(X[n, ], h, ncol(X), byrow = TRUE)) %*% b) + cumsum(du)
    return(list(mean = mean, fitted = c(NA, y[-1] - as.numeric(ar$resid))))
  }
  Z <- cbind(1, X[past, , drop = FALSE])
  b <- qr.coef(qr(Z), y)
  b[is.na(b)] <- 0
  e <- y - as.numeric(Z %*% b)
  ar <- stats::ar.ols(e, order.max = min(order_max, n %/% 4), aic = TRUE,
                      demean = FALSE, intercept = FALSE)
  ahead <- n + seq_len(h)
  mean <- as.numeric(cbind(1, X[ahead, , drop = FALSE]) %*% b) +
    as.numeric(stats::predict(ar, newdata = e, n.ahead = h)$pred)
  list(mean = mean, fitted = y - as.numeric(ar$resid))
}

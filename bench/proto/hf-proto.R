# Prototype forecasters for issue 20 (high-frequency data). Plain R (stats
# only): none of this is in the package. Each pf_* forecaster takes the values
# y (oldest first), the seasonal periods the calendar implies (e.g. c(24, 168))
# and h, and returns list(mean, lower [h x 2], upper [h x 2]) at 80 and 95%.
# bench/proto/methods.R wraps them for bench/highfreq.R; the results log is
# bench/proto/README.md.

PF_LEVELS <- c(80, 95)

# ---- building blocks ------------------------------------------------------------

# Ridge regression with an unpenalised intercept on standardised columns.
pf_ridge <- function(X, y, lambda) {
  mu <- colMeans(X)
  sdv <- sqrt(colMeans(sweep(X, 2, mu)^2))
  sdv[sdv < 1e-12] <- 1
  Z <- sweep(sweep(X, 2, mu), 2, sdv, "/")
  ym <- mean(y)
  A <- crossprod(Z)
  diag(A) <- diag(A) + lambda * nrow(Z)
  b <- solve(A, crossprod(Z, y - ym))
  beta <- as.numeric(b) / sdv
  list(beta = beta, intercept = ym - sum(beta * mu))
}

# Features of the direct model for step k at origins t (a vector of indices):
# the last values, the same phase one cycle before the origin, the most recent
# value at the target's phase of every period, the target phase's mean over
# the last D cycles of the first period, and the mean of the last cycle.
pf_features <- function(y, t, k, periods, n_lags = 3, D = 7) {
  p1 <- periods[1]
  cols <- list(last = y[t])
  for (j in seq_len(n_lags)) cols[[paste0("lag", j)]] <- y[t - j]
  for (p in periods) {
    cols[[paste0("orig_prev_", p)]] <- y[t - p]
    cols[[paste0("target_", p)]] <- y[t + k - p * ceiling(k / p)]
  }
  base <- t + k - p1 * ceiling(k / p1)
  prof <- 0
  for (d in 0:(D - 1)) prof <- prof + y[base - p1 * d]
  cols$profile <- prof / D
  cs <- c(0, cumsum(y))
  cols$level <- (cs[t + 1] - cs[t - p1 + 1]) / p1
  do.call(cbind, cols)
}
pf_first_row <- function(periods, n_lags = 3, D = 7) {
  max(n_lags, max(periods), periods[1] * D) + 1
}

# Symmetric-free (empirical) interval offsets from errors e (vector): the
# lower and upper quantiles for 80 and 95%, inflated by `inflate`.
pf_offsets <- function(e, inflate = 1) {
  q <- stats::quantile(e, c(0.1, 0.025, 0.9, 0.975), names = FALSE, type = 8)
  list(lo = q[1:2] * inflate, hi = q[3:4] * inflate)
}
pf_pack <- function(mean, lo, hi) {
  list(mean = mean, lower = cbind(`80%` = mean + lo[, 1], `95%` = mean + lo[, 2]),
       upper = cbind(`80%` = mean + hi[, 1], `95%` = mean + hi[, 2]))
}

# ---- the direct linear model with seasonal anchors ----------------------------

# One ridge regression per step k = 1..h on pf_features() over every origin of
# the window; intervals from the quantiles of that step's in-sample errors
# (inflated by sqrt(n / (n - p))). Returns also the in-sample errors per step.
pf_direct <- function(y, periods, h, lambda = 1e-3, n_lags = 3, D = 7, max_rows = 4000) {
  n <- length(y)
  periods <- periods[periods < n / 2]
  if (!length(periods)) periods <- 1
  D <- max(1, min(D, floor((n / 2) / periods[1]) - 1))
  t0 <- pf_first_row(periods, n_lags, D)
  tn <- n
  mean <- numeric(h)
  lo <- hi <- matrix(0, h, 2)
  for (k in seq_len(h)) {
    rows <- t0:(n - k)
    if (length(rows) > max_rows) rows <- rows[(length(rows) - max_rows + 1):length(rows)]
    if (length(rows) < 10) stop("series too short for step ", k)
    X <- pf_features(y, rows, k, periods, n_lags, D)
    fit <- pf_ridge(X, y[rows + k], lambda)
    e <- y[rows + k] - (fit$intercept + X %*% fit$beta)
    x_new <- pf_features(y, tn, k, periods, n_lags, D)
    mean[k] <- fit$intercept + sum(x_new * fit$beta)
    off <- pf_offsets(e, sqrt(length(rows) / max(1, length(rows) - ncol(X) - 1)))
    lo[k, ] <- off$lo
    hi[k, ] <- off$hi
  }
  pf_pack(mean, lo, hi)
}

# ---- MSTL-like decomposition + AR ------------------------------------------------

# Seasonal components by repeated stl() (periodic, or s.window given), one per
# period that has two full cycles, as forecast::mstl does; returns the
# seasonal matrix and the adjusted series.
pf_mstl <- function(y, periods, iterate = 2, s.window = "periodic") {
  n <- length(y)
  periods <- sort(periods[periods < n / 2])
  seas <- matrix(0, n, length(periods))
  adj <- y
  if (!length(periods)) return(list(seasonal = seas, adjusted = y, periods = periods))
  for (it in seq_len(iterate)) {
    for (i in seq_along(periods)) {
      adj <- adj + seas[, i]
      fit <- stats::stl(stats::ts(adj, frequency = periods[i]), s.window = s.window)
      seas[, i] <- fit$time.series[, "seasonal"]
      adj <- adj - seas[, i]
    }
  }
  list(seasonal = seas, adjusted = adj, periods = periods)
}

# Seasonal forecast: every component's last cycle repeated.
pf_seasonal_ahead <- function(dec, h) {
  n <- nrow(dec$seasonal)
  out <- numeric(h)
  for (i in seq_along(dec$periods)) {
    p <- dec$periods[i]
    out <- out + dec$seasonal[n - p + ((seq_len(h) - 1) %% p) + 1, i]
  }
  out
}

# AR by least squares (ar.ols, order by AIC up to order_max) on the adjusted
# series; mean forecast by the recursion.
pf_ar_ahead <- function(x, h, order_max = 30) {
  fit <- stats::ar.ols(x, order.max = min(order_max, length(x) %/% 4), aic = TRUE, demean = TRUE,
                       intercept = FALSE)
  as.numeric(stats::predict(fit, newdata = x, n.ahead = h)$pred)
}

pf_mstl_ar_mean <- function(y, periods, h, order_max = 30) {
  dec <- pf_mstl(y, periods)
  pf_seasonal_ahead(dec, h) + pf_ar_ahead(dec$adjusted, h, order_max)
}

# ---- intervals from rolling-origin errors ----------------------------------------

# Forecast errors of point forecaster f(y, h) at R origins in the last `frac`
# of the window (each fit on the window up to that origin): an R x h matrix.
pf_rolling_errors <- function(y, h, f, R = 8, frac = 0.35) {
  n <- length(y)
  last <- n - h
  first <- max(floor(n * (1 - frac)), floor(n / 2))
  if (last <= first) return(NULL)
  os <- unique(round(seq(first, last, length.out = R)))
  t(vapply(os, function(o) y[o + seq_len(h)] - f(y[seq_len(o)], h), numeric(h)))
}

# Intervals for point forecasts `mean` from an error matrix E (origins x steps):
# per step, the empirical quantiles of the errors pooled over steps within
# +-width of it (so that each step has enough errors).
pf_conformal <- function(mean, E, width = NULL) {
  h <- length(mean)
  if (is.null(width)) width <- max(1, ceiling(h / 8))
  lo <- hi <- matrix(0, h, 2)
  for (k in seq_len(h)) {
    cols <- max(1, k - width):min(ncol(E), k + width)
    off <- pf_offsets(as.numeric(E[, cols]))
    lo[k, ] <- off$lo
    hi[k, ] <- off$hi
  }
  pf_pack(mean, lo, hi)
}

# ---- random walk with volatility-scaled intervals ---------------------------------

# The last value; intervals on the log scale (positive series) from an EWMA of
# squared one-step changes (lambda 0.94, RiskMetrics) times per-step multipliers:
# the quantiles of the k-step changes over the window, each divided by the EWMA
# volatility at its origin and sqrt(k).
pf_rw_vol <- function(y, h, lambda = 0.94) {
  n <- length(y)
  pos <- all(y > 0)
  z <- if (pos) log(y) else y
  r <- diff(z)
  v <- numeric(length(r))
  v[1] <- mean(r[seq_len(min(20, length(r)))]^2)
  for (i in 2:length(r)) v[i] <- lambda * v[i - 1] + (1 - lambda) * r[i - 1]^2
  # v[i]: the variance known before change i (it uses changes up to i - 1)
  v_now <- lambda * v[length(r)] + (1 - lambda) * r[length(r)]^2
  sig <- sqrt(v)          # sig[i] goes with the change z[i+1] - z[i] from origin i
  lo <- hi <- matrix(0, h, 2)
  for (k in seq_len(h)) {
    o <- seq_len(n - k)
    o <- o[o > 20]
    s <- (z[o + k] - z[o]) / (sig[o] * sqrt(k))
    q <- stats::quantile(s, c(0.1, 0.025, 0.9, 0.975), names = FALSE, type = 8)
    lo[k, ] <- q[1:2] * sqrt(v_now) * sqrt(k)
    hi[k, ] <- q[3:4] * sqrt(v_now) * sqrt(k)
  }
  if (pos) {
    m <- rep(y[n], h)
    return(list(mean = m, lower = cbind(`80%` = y[n] * exp(lo[, 1]), `95%` = y[n] * exp(lo[, 2])),
                upper = cbind(`80%` = y[n] * exp(hi[, 1]), `95%` = y[n] * exp(hi[, 2]))))
  }
  pf_pack(rep(y[n], h), lo, hi)
}

# Forecasting layer, interval calibration: forecast errors of data the model
# did not fit, standardised by the local scale, smoothed per step, and the
# quantiles the interval widths are taken from (see ?predict.rnn_fit).

# Calibration of a fit's intervals from cross-fitted forecast errors from every
# origin, refitting the linear path without each block (`linear`, from
# fc_fit_linear()), or, with no linear path to refit, from the errors at the
# `held_out` origins; in units of the local scale at each origin.
fc_calibrate_fit <- function(fit, Y, Xs, linear, held_out, horizon) {
  m <- fit$model
  if (!is.null(linear)) {
    cal_orig <- linear$origins
    E <- fc_crossfit_errors(fit, Y, Xs, linear$Z, linear$T, linear$origins, linear$lambda,
                            horizon)
  } else {
    cal_orig <- held_out
    E <- fc_forecast_errors(fit, Y, Xs, cal_orig, horizon)
  }
  S <- fc_local_scale(Y, pmax(m$lag, 1L), max(2L * fit$lookback, 10L))
  for (j in seq_len(m$k)) E[, , j] <- E[, , j] * m$scale[j] / S[cal_orig, j]
  cal <- fc_calibrate(E, fc_sd_cap(Y, m$lag, m$center, m$scale))
  cal$sd_scale <- S[nrow(Y), ]
  cal
}

# Ceiling of the per-step error sd [k] in units of the local scale, for
# series whose reference forecast is their mean (lag 0: the model treats
# them as stationary around it): the root mean square deviation of the
# series from its mean (the error of forecasting the mean, which is what a
# stationary series' forecasts tend to far ahead) divided by the series
# scale (the typical local scale). Inf (no ceiling) for the other series,
# whose error may grow without bound (a random walk's like sqrt(h)).
fc_sd_cap <- function(Y, lag, center, scale) {
  vapply(seq_len(ncol(Y)), function(j) {
    if (lag[j] != 0) return(Inf)
    sqrt(mean((Y[, j] - center[j])^2)) / scale[j]
  }, numeric(1))
}

# Forecast error sd [length(steps), k] at the end of the series (transformed
# scale): the local scale there times the smoothed spread per step. The
# half-width of an interval is its multiplier (fc_cal_multiplier()) times this.
fc_error_sd <- function(fit, steps) {
  cal <- fit$calibration
  s <- cal$sd_scale %||% fit$model$scale
  cap <- cal$cap %||% rep(Inf, length(cal$a))
  matrix(vapply(seq_along(cal$a), function(j)
    s[j] * pmin(exp(cal$a[j] + cal$b[j] * log(steps)), cap[j]),
    numeric(length(steps))), length(steps))
}

# Local scale [N, k]: mean absolute difference at `lag` over the last W
# differences up to each row (fewer at the start; the global scale where there
# are none), so that the intervals follow changes in volatility.
fc_local_scale <- function(Y, lag, W) {
  N <- nrow(Y)
  S <- matrix(NA_real_, N, ncol(Y))
  for (j in seq_len(ncol(Y))) {
    l <- lag[j]
    d <- c(rep(0, l), abs(diff(Y[, j], lag = l)))
    cs <- cumsum(d)
    t <- seq_len(N)
    lo <- pmax(l, t - W)
    cnt <- t - lo
    S[, j] <- ifelse(cnt > 0, (cs - c(0, cs)[lo + 1L]) / pmax(cnt, 1), NA)
    g <- fc_scale(Y[, j, drop = FALSE], l)
    S[is.na(S[, j]) | S[, j] <= 1e-12 * g, j] <- g
  }
  S
}

# Forecast errors [n, h, k] over `h` steps from `origins`, in units of the
# series scale (NA where the series ends).
fc_forecast_errors <- function(fit, Y, Xs, origins, h) {
  P <- fc_paths(fit, Y, Xs, origins, h)
  A <- fc_windows(Y, origins, 1L, h)
  sweep(A - P, 3, fit$model$scale, "/")
}

# Cross-fitted forecast errors [n, h, k] from every origin of the series: the
# origins are cut into `folds` contiguous blocks; for each block the ridge path
# is refitted (same penalty) without the one-step samples whose target lies in
# the block's forecast span, and the model (that path plus the networks)
# forecasts `h` steps from each origin of the block.
fc_crossfit_errors <- function(fit, Y, Xs, Z1, T1, o1, lambda, h, folds = 5L) {
  orig <- o1                         # every origin with at least one target
  folds <- min(folds, length(orig))
  blk <- cut(seq_along(orig), folds, labels = FALSE)
  E <- array(NA_real_, c(length(orig), h, fit$model$k))
  for (f in seq_len(folds)) {
    idx <- which(blk == f)
    a <- orig[idx[1]]; b <- orig[idx[length(idx)]]
    keep <- o1 < a | o1 > b + h - 1L
    if (sum(keep) < 3L) keep <- o1 < a | o1 > b
    if (sum(keep) < 3L) keep <- rep(TRUE, length(o1))
    mf <- fit
    mf$model$lin <- fc_ridge(Z1[keep, , drop = FALSE], T1[keep, , drop = FALSE], lambda)
    E[idx, , ] <- fc_forecast_errors(mf, Y, Xs, orig[idx], h)
  }
  E
}

# Interval calibration from standardised forecast errors E [n, h, k] (units of
# the local scale at each origin): per series j and step i the root mean square
# error is smoothed as sd_i = exp(a + b log i), and the absolute errors divided
# by it are kept to take quantiles from, with the effective number of
# independent forecast windows (overlapping origins: about n / ((h + 1) / 2)).
# `cap` [k]: ceiling of the smoothed sd per series (fc_sd_cap(); Inf: none),
# applied before the errors are standardised, so the quantiles match the
# widths the forecasts use.
fc_calibrate <- function(E, cap = rep(Inf, dim(E)[3])) {
  k <- dim(E)[3]; h <- dim(E)[2]; n <- dim(E)[1]
  a <- b <- numeric(k)
  z <- vector("list", k)
  for (j in seq_len(k)) {
    Ej <- matrix(E[, , j], n, h)
    cnt <- colSums(!is.na(Ej))
    msd <- sqrt(colMeans(Ej^2, na.rm = TRUE))
    ok <- cnt > 0 & is.finite(msd) & msd > 0
    steps <- seq_len(h)
    if (sum(ok) >= 2) {
      co <- stats::lm.wfit(cbind(1, log(steps[ok])), log(msd[ok]), w = cnt[ok])$coefficients
      bj <- min(max(co[2], 0), 1)
      # refit the level with the clamped slope
      aj <- sum(cnt[ok] * (log(msd[ok]) - bj * log(steps[ok]))) / sum(cnt[ok])
    } else if (sum(ok) == 1) {
      bj <- 0.5
      aj <- log(msd[ok]) - bj * log(steps[ok])
    } else {
      bj <- 0.5; aj <- 0
    }
    a[j] <- aj; b[j] <- bj
    sdj <- pmin(exp(aj + bj * log(steps)), cap[j])
    zj <- abs(sweep(Ej, 2, sdj, "/"))
    z[[j]] <- sort(zj[!is.na(zj)])
  }
  n_eff <- max(1, n / ((h + 1) / 2))
  list(a = a, b = b, z = z, n_origins = n, n_eff = n_eff, h = h, cap = cap)
}

# Multiplier of the per-step sd for a central interval at `level` percent: the
# split-conformal quantile of the standardised absolute errors, widened by the
# ratio of Student's t quantile (df = effective windows - 1) to the normal one
# for the uncertainty of the estimated spread; with fewer than 10 errors, that
# t quantile times their root mean square.
fc_multiplier <- function(z, level, n_eff = length(z)) {
  p <- level / 100
  nz <- length(z)
  rms <- if (nz > 0) sqrt(mean(z^2)) else 1
  vapply(p, function(pp) {
    r <- ceiling((nz + 1) * pp)
    emp <- if (nz >= 10 && r <= nz) z[r] else NA_real_
    tq <- stats::qt((1 + pp) / 2, df = max(2, n_eff - 1))
    if (is.na(emp)) tq * rms else emp * tq / stats::qnorm((1 + pp) / 2)
  }, numeric(1))
}

# Multipliers for series j of a fit's calibration.
fc_cal_multiplier <- function(cal, j, level) {
  fc_multiplier(cal$z[[j]], level, cal$n_eff %||% cal$n_origins)
}

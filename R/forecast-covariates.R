# Forecasting layer, covariates of the seasonal kind (fit-seasonal.R): a
# high-frequency series given `xreg` (demand and its temperature, say) is
# forecast as a regression on the covariates plus the seasonal model of what
# they leave, the regression's part added back with the covariates' future
# values (`newxreg`). Before, `xreg` sent such a series to the network
# model, which forecast worse than the seasonal model without the
# covariate: half-hourly Victorian demand with its temperature, 16 origins of
# the pool years 2012-2013, MASE at h = 48 1.182 against 0.719. This way, 32
# pool origins, h = 48 / 336: 0.639 / 0.662 against 0.673 / 0.847 without
# the covariate (bench/proto/load-covariates.R; bench/README.md,
# "Covariates of high-frequency series").
#
# The regression: y [n] on each covariate and its square (centred; a
# U-shaped effect such as heating and cooling), with the calendar's cycles
# as Fourier controls, so that a covariate's own daily cycle is not taken
# for the series' (temperature peaks in the afternoon whatever demand does);
# least squares, and only the covariate terms are taken out of y. Future
# covariates are held to the range seen in the fit: a square fitted on
# 10-30 degrees says nothing reliable about 40.

# The covariate terms [n, 2q] of covariates X [n, q]: each column and its
# square, centred at `center` [q], X first held to [lo, hi] [q].
fc_covariate_terms <- function(X, cov) {
  X <- pmin(pmax(X, rep(cov$lo, each = nrow(X))), rep(cov$hi, each = nrow(X)))
  Z <- X - rep(cov$center, each = nrow(X))
  cbind(Z, Z^2)
}

# Fourier controls [n, .] at time steps t [n] for the seasonal periods:
# harmonics k = 1..min(K, floor(p / 2)) of each (the sine of k = p / 2 is
# zero at whole steps and left out).
fc_cycle_controls <- function(t, periods, K = 6L) {
  out <- list()
  for (p in periods) for (k in seq_len(min(K, floor(p / 2)))) {
    a <- 2 * pi * k * t / p
    out[[length(out) + 1L]] <- if (2 * k == p) cbind(cos(a)) else cbind(sin(a), cos(a))
  }
  if (length(out)) do.call(cbind, out) else matrix(0, length(t), 0)
}

# The covariates' regression of series y [n] on X [n, q] (named columns)
# with the cycles of `periods` as controls: list(names [q], lo, hi, center
# [q], coef [2q]: the covariate terms' coefficients, 0 where not estimable).
fc_covariate_fit <- function(y, X, periods) {
  cov <- list(names = colnames(X), lo = apply(X, 2, min), hi = apply(X, 2, max),
              center = colMeans(X))
  Z <- fc_covariate_terms(X, c(cov, list(coef = NULL)))
  D <- cbind(1, Z, fc_cycle_controls(seq_along(y), periods))
  b <- stats::lm.fit(D, y)$coefficients[1L + seq_len(ncol(Z))]
  b[!is.finite(b)] <- 0
  cov$coef <- unname(b)
  cov
}

# The covariates' part [n] of a series with covariates X [n, q].
fc_covariate_part <- function(cov, X) drop(fc_covariate_terms(X, cov) %*% cov$coef)

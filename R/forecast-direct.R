# Forecasting layer, the direct seasonal regression of the seasonal kind
# (fit-seasonal.R). For each step k = 1..h one ridge regression, over the
# origins t of the window, of y[t + k] on what is known at t:
#
#   last, lag1..lag3   the last values
#   prev_p, target_p   per period p: the value one cycle before the origin,
#                      and the most recent value at the target's phase (the
#                      same hour yesterday, the same half-hour last week)
#   profile            the target phase's mean over the last D cycles of the
#                      first period (the daily profile)
#   profile2           the same over the last W cycles of the second period
#   level              the mean of the last cycle
#
# Features [n_origins, d]; coefficients per step. Persistence is built in: a
# step's regression can weigh the last value against yesterday's and the
# profile as the data say. Measured in bench/proto (pf_direct2): the best
# single forecaster of hourly temperature there. The regressions run in C
# (src/direct.c, which gives their exact formulas); tests/testthat/
# test-forecast-direct.R checks them against the same model written in R.

# The feature layout for a window of n values and the integer periods
# `periods` (ascending): periods shorter than a third of the window, D and W
# cycles of profile that fit in it, the length of the level's mean (the
# first period, else `lev`: the calendar's cycle the data do not show, e.g. a
# week of daily temperatures), and the first origin with every feature.
fc_direct_config <- function(n, periods, lev = 24L) {
  periods <- periods[periods < n / 3]
  D <- if (length(periods)) max(1, min(7, floor(n / 3 / periods[1]))) else 0
  W <- if (length(periods) > 1) max(1, min(2, floor(n / 3 / periods[2]))) else 0
  lev <- if (length(periods)) periods[1] else max(1, min(lev, floor(n / 4)))
  lags <- 3
  first <- max(lags, lev, periods, if (length(periods)) periods[1] * D, if (W > 1) periods[2] * W) + 1
  list(periods = periods, D = D, W = W, lev = lev, lags = lags, first = first)
}

# Direct forecasts of steps 1..h from the end of y, and the in-sample
# one-step fitted values [n] (NA before the first origin). At most `max_rows`
# recent origins per regression (enough for a dozen coefficients; keeps long
# series fast).
fc_direct_fit <- function(y, periods, h, lev = 24L, lambda = 1e-3, max_rows = 3000L) {
  n <- length(y)
  cfg <- fc_direct_config(n, periods, lev)
  if (n - h - cfg$first + 1 < 10)
    rec_abort(sprintf("%d values are too few for the direct seasonal regression (%d needed).",
                      n, cfg$first + h + 9), class = "recurrent_error_too_short")
  out <- .Call(C_rec_direct_fit, as.double(y), as.integer(cfg$periods),
               as.integer(c(cfg$D, cfg$W, cfg$lev, cfg$lags, cfg$first)), as.integer(h), lambda,
               as.integer(max_rows))
  list(mean = out[[1]], fitted = out[[2]])
}

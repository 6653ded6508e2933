# Forecasting layer, the exponential smoothing path beside the pretrained
# networks: when a pretrained model wins a series under rnn_fit(y,
# pretrained = "auto") (forecast-choice.R), the forecast is the average of its
# forecast and this one (a combination, fit-combination.R; the smoothing
# itself is the kind of fit-smooth.R). A combination of two different kinds of forecaster
# errs less than either (the networks learnt the pooled behaviour of
# thousands of series, the smoothing follows this series' own level, trend and
# season): on the 517 held-out forecasts of bench/accuracy.R the average had
# a geometric-mean MASE of 1.337 against 1.386 for the network path alone and
# 1.412 for the smoothing alone (see bench/README.md).
#
# The model: additive errors on the log scale (the original scale when a value
# is 0 or below, or, for high-frequency data, within a tenth of the median of
# 0: fc_log_safe()), a level, and m additive seasonal states from two whole
# cycles on; two such models, one without a trend and one with a damped
# trend, and the forecast is their average weighted by exp(-AICc / 16)
# (Akaike weights tempered 8-fold: nearly equal weights when the two fit
# alike, the better one alone when it fits far better, as a damped trend on
# a population's smooth growth). Choosing one of the two by AICc and keeping
# the season only where an autocorrelation test found it, as before,
# forecast worse on the pretraining pool, the smoothing alone (MASE / gMASE,
# bench/README.md): 1,400 yearly tsibble series 2.868 / 1.217 -> 2.700 /
# 1.193; M1 and tourism yearly 3.299 / 2.273 -> 3.184 / 2.205, quarterly
# 1.655 / 1.305 -> 1.604 / 1.275, monthly 1.345 / 1.084 -> 1.283 / 1.038.
# Equal weights did as well on quarterly and monthly series but lost the
# smooth yearly trends (tsibble gMASE 1.515); Akaike weights untempered
# were nearly as poor as the choice on quarterly ones; an undamped trend
# forecast worse. Smoothing parameters and starting states are estimated by
# least squares of the one-step errors (optim(), the filter in
# src/smooth.c); the seasonal states start from the classical seasonal
# figure, itself estimated too for m <= 4, and for m > 4 shrunk toward no
# season by how much of it noise explains (fc_season_shrink()), so that a
# season is not read into white noise.

# The smoothing model of the series y (numeric, finite; frequency freq), or
# NULL for a series too short (fewer than 5 values) or when every estimation
# fails; `trends`: the trends of the models averaged. Returns list(log, m, n,
# members, weights): `members` holds one model per trend that could be
# estimated, each list(trend ("N" or "Ad"), par = c(alpha, beta, gamma, phi),
# state = c(level, trend, m seasonal states) after the last value, sigma2
# (one-step error variance), fitted [n] (one-step forecasts on the model's
# scale), aicc); `weights` [members] their weights, summing to 1.
fc_smooth_fit <- function(y, freq, trends = c("N", "Ad")) {
  y <- as.numeric(y)
  n <- length(y)
  if (n < 5L || !all(is.finite(y))) return(NULL)
  lg <- fc_log_safe(y, freq)
  z <- if (lg) log(y) else y
  m <- as.integer(round(freq))
  fig <- if (m > 1L) fc_season_figure(z, m, min_cycles = 2L, test = FALSE)
  if (is.null(fig)) m <- 1L
  # (a figure of m <= 4 is a starting value that the estimation moves)
  if (m > 4L) fig <- fc_season_shrink(z, m, fig)
  fits <- lapply(trends, function(trend)
    tryCatch(fc_smooth_estimate(z, m, fig, trend), error = function(e) NULL))
  names(fits) <- trends
  fits <- Filter(Negate(is.null), fits)
  if (!length(fits)) return(NULL)
  a <- vapply(fits, `[[`, 1, "aicc")
  w <- exp(-(a - min(a)) / 16)
  list(log = lg, m = m, n = n, members = fits, weights = w / sum(w))
}

# Estimates one model (trend "N" or "Ad") of z [n] with m seasons starting
# from the figure `fig` [m] (NULL: no season). Parameter vector for optim():
# alpha, then beta / alpha and phi (damped trend), gamma / (1 - alpha)
# (season), starting level and trend, and the first m - 1 seasonal states
# relative to the last (m <= 4; their mean is taken out), so that every
# bound is a box.
fc_smooth_estimate <- function(z, m, fig, trend) {
  n <- length(z)
  seas <- !is.null(fig)
  damped <- trend == "Ad"
  free_s <- seas && m <= 4L
  s0 <- if (seas) fig else 0
  sc <- max(stats::sd(z), 1e-8)
  # starting level and trend from a line through the first values, the
  # season taken out
  k0 <- min(n, max(10L, 2L * m))
  x <- seq_len(k0)
  cf <- stats::coef(stats::lm(z[x] - s0[(x - 1L) %% m + 1L] ~ x))
  if (!damped) cf[2] <- 0
  idx <- list(a = 1L)
  p0 <- 0.3
  lo <- 1e-4
  hi <- 0.9999
  add <- function(name, start, lower, upper) {
    idx[[name]] <<- length(p0) + seq_along(start)
    p0 <<- c(p0, start)
    lo <<- c(lo, lower)
    hi <<- c(hi, upper)
  }
  if (damped) {
    add("b", 0.1, 1e-4, 0.9999)
    add("phi", 0.95, 0.8, 0.98)
  }
  if (seas) add("g", 0.05, 0, 0.9999)
  add("l", cf[[1]], cf[[1]] - 10 * sc, cf[[1]] + 10 * sc)
  if (damped) add("tr", cf[[2]], -10 * sc, 10 * sc)
  if (free_s) {
    s_rel <- s0[-m] - s0[m]
    add("s", s_rel, s_rel - 5 * sc, s_rel + 5 * sc)
  }
  unpack <- function(p) {
    a <- p[idx$a]
    s <- if (free_s) { v <- c(p[idx$s], 0); v - mean(v) } else s0
    list(par = c(a, if (damped) p[idx$b] * a else 0, if (seas) p[idx$g] * (1 - a) else 0,
                 if (damped) p[idx$phi] else 0),
         state = c(p[idx$l], if (damped) p[idx$tr] else 0, rep_len(s, m)))
  }
  sse <- function(p) {
    u <- unpack(p)
    v <- .Call(C_rec_es_filter, z, m, u$par, u$state, FALSE)
    if (is.finite(v)) v else .Machine$double.xmax
  }
  o <- stats::optim(p0, sse, method = "L-BFGS-B", lower = lo, upper = hi)
  u <- unpack(o$par)
  r <- .Call(C_rec_es_filter, z, m, u$par, u$state, TRUE)
  if (!is.finite(r[[1]])) return(NULL)
  k <- length(p0) + if (seas && !free_s) m - 1L else 0L
  mse <- max(r[[1]] / n, 1e-300)
  list(trend = trend, par = u$par, state = r[[2]], sigma2 = r[[1]] / max(1, n - k),
       fitted = z - r[[3]],
       aicc = n * log(mse) + 2 * k + 2 * k * (k + 1) / max(1, n - k - 1))
}

# The path [h] of one member `f` of a smoothing model with m seasons fitted
# to n values, on the model's scale.
fc_smooth_path <- function(f, m, n, h) {
  k <- seq_len(h)
  damp <- if (f$trend == "Ad") cumsum(f$par[4]^k) else numeric(h)
  f$state[1] + damp * f$state[2] + f$state[2 + (n + k - 1L) %% m + 1L]
}

# The last value of y [n] as a smoothing model (a random walk: no trend,
# alpha = 1, no season), for a series whose last value forecast its held-out
# windows far better than its network and smoothing did (fc_last_value_span():
# a series that has stopped, e.g. years of zeros after years of seasonal
# counts, where both carry the old season on). Its one-step
# variance is the mean square of the changes over its last `span` values,
# the stretch those windows covered; `last` keeps `span`, so that update()
# refits it the same way (fc_refresh.rnn_smooth()).
fc_smooth_last <- function(y, span) {
  y <- as.numeric(y)
  n <- length(y)
  span <- as.integer(max(1L, min(n, span)))
  d <- diff(y[(n - span + 1L):n])
  f <- list(trend = "N", par = c(1, 0, 0, 0), state = c(y[n], 0, 0),
            sigma2 = if (length(d)) mean(d^2) else 0, fitted = c(NA, y[-n]), aicc = NA_real_)
  list(log = FALSE, m = 1L, n = n, members = list(N = f), weights = c(N = 1), last = span)
}

# A smoothing model `sm` (fc_smooth_fit() of the first sm$n values of y)
# carried to origin r >= sm$n: its members' states filtered through values
# sm$n + 1..r with their parameters unchanged, so that fc_smooth_forecast()
# forecasts from r; NULL when a model on the log scale meets a value of 0 or
# below. (Its fitted values and sigma2 stay those of the fit.) The filter
# starts its seasons at state 0; state j holds the season of the values at
# positions p with (p - 1) mod m = j, so the states are rotated to start at
# position sm$n + 1 and back.
fc_smooth_carry <- function(sm, y, r) {
  n <- sm$n
  if (r <= n) return(sm)
  z <- as.numeric(y[(n + 1L):r])
  if (sm$log && any(z <= 0)) return(NULL)
  z <- if (sm$log) log(z) else z
  m <- sm$m
  slot <- 2L + (n + seq_len(m) - 1L) %% m + 1L
  for (i in seq_along(sm$members)) {
    f <- sm$members[[i]]
    st <- .Call(C_rec_es_filter, z, m, f$par, f$state[c(1L, 2L, slot)], TRUE)[[2]]
    f$state[c(1L, 2L, slot)] <- st
    sm$members[[i]] <- f
  }
  sm$n <- r
  sm
}

# The members' weighted average of `fun(member)` for a smoothing model `sm`
# (fc_smooth_fit()): forecasts, bounds and fitted values are each member's,
# mapped back to the original scale (fc_smooth_back()), then averaged.
fc_smooth_mix <- function(sm, fun) {
  out <- 0
  for (i in seq_along(sm$members)) out <- out + sm$weights[[i]] * fun(sm$members[[i]])
  out
}

# The map from a smoothing model's scale back to the original one.
fc_smooth_back <- function(sm) if (sm$log) exp else identity

# Forecast [h] of a smoothing model `sm` on the original scale: the weighted
# average of its members' forecasts.
fc_smooth_forecast <- function(sm, h) {
  back <- fc_smooth_back(sm)
  fc_smooth_mix(sm, function(f) back(fc_smooth_path(f, sm$m, sm$n, h)))
}

# One-step fitted values [n] on the original scale, the members' weighted
# average.
fc_smooth_fitted <- function(sm) {
  back <- fc_smooth_back(sm)
  fc_smooth_mix(sm, function(f) back(f$fitted))
}

# A short description of a smoothing model, e.g. "exponential smoothing
# (no trend 0.62 + damped trend 0.38, seasonal (12), log scale)".
fc_smooth_label <- function(sm) {
  if (!is.null(sm$last))
    return(sprintf("the last value (a random walk; widths from the changes of its last %d values)", sm$last))
  tr <- c(N = "no trend", Ad = "damped trend")[names(sm$members)]
  if (length(tr) > 1L)
    tr <- paste(sprintf("%s %.2f", tr, sm$weights), collapse = " + ")
  parts <- c(tr,
             if (sm$m > 1L) sprintf("seasonal (%d)", sm$m), if (sm$log) "log scale")
  sprintf("exponential smoothing (%s)", paste(parts, collapse = ", "))
}

# Whether a smoothing model is as fc_smooth_fit() left it (NULL: none).
fc_smooth_intact <- function(sm) {
  if (is.null(sm)) return(TRUE)
  ok <- is.list(sm) && is.logical(sm$log) && length(sm$log) == 1L && !is.na(sm$log) &&
    is.numeric(sm$m) && length(sm$m) == 1L && isTRUE(sm$m >= 1) && is.numeric(sm$n) &&
    length(sm$n) == 1L && isTRUE(sm$n >= 1) && is.list(sm$members) &&
    length(sm$members) >= 1L && !anyDuplicated(names(sm$members)) &&
    is.numeric(sm$weights) && length(sm$weights) == length(sm$members) &&
    all(is.finite(sm$weights)) && all(sm$weights >= 0) && abs(sum(sm$weights) - 1) < 1e-9 &&
    (is.null(sm$last) || is.numeric(sm$last) && length(sm$last) == 1L && isTRUE(sm$last >= 1))
  ok && all(vapply(names(sm$members), function(tr) {
    f <- sm$members[[tr]]
    is.list(f) && identical(f$trend, tr) && tr %in% c("N", "Ad") &&
      is.numeric(f$par) && length(f$par) == 4L && all(is.finite(f$par)) &&
      is.numeric(f$state) && length(f$state) == sm$m + 2 && all(is.finite(f$state)) &&
      is.numeric(f$sigma2) && length(f$sigma2) == 1L && isTRUE(f$sigma2 >= 0) &&
      is.numeric(f$fitted) && length(f$fitted) == sm$n
  }, NA))
}

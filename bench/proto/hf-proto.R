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

# Mean over the last D cycles of period p of the values at the phase of
# t + k (origins t, step k).
pf_phase_mean <- function(y, t, k, p, D) {
  base <- t + k - p * ceiling(k / p)
  prof <- 0
  for (d in 0:(D - 1)) prof <- prof + y[base - p * d]
  prof / D
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
  cols$profile <- pf_phase_mean(y, t, k, p1, D)
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
  recurrent:::fc_mstl(y, sort(periods), iterate, s.window)
}

# Seasonal forecast: every component's last cycle repeated (the package's own,
# which grew out of this prototype).
pf_seasonal_ahead <- function(dec, h) recurrent:::fc_mstl_ahead(dec, h)

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

# ---- version 2: cycles the data shows, weekly profile, rolling intervals ----------

# Seasonal strength of period p (Wang, Smith & Hyndman): 1 - var(remainder) /
# var(seasonal + remainder) of a periodic stl() of the last (at most) 8 cycles.
pf_strength <- function(y, p) {
  n <- length(y)
  if (p < 2 || n < 2 * p + 1) return(0)
  x <- y[max(1, n - 8 * p + 1):n]
  if (length(x) < 2 * p + 1) return(0)
  fit <- stats::stl(stats::ts(x, frequency = p), s.window = "periodic")$time.series
  max(0, 1 - stats::var(fit[, "remainder"]) / stats::var(fit[, "seasonal"] + fit[, "remainder"]))
}
pf_shown_periods <- function(y, periods, threshold = 0.3) {
  periods[vapply(periods, function(p) pf_strength(y, p) >= threshold, NA)]
}

# Features of the direct model, version 2: as pf_features() for the periods the
# data shows (possibly none), plus the target phase's mean over the last W
# cycles of the second period; `lev` is the length of the level window.
pf_features2 <- function(y, t, k, periods, n_lags = 3, D = 7, W = 2, lev = 24) {
  cols <- list(last = y[t])
  for (j in seq_len(n_lags)) cols[[paste0("lag", j)]] <- y[t - j]
  for (p in periods) {
    cols[[paste0("orig_prev_", p)]] <- y[t - p]
    cols[[paste0("target_", p)]] <- y[t + k - p * ceiling(k / p)]
  }
  if (length(periods)) {
    p1 <- periods[1]
    cols$profile <- pf_phase_mean(y, t, k, p1, D)
    lev <- p1
  }
  if (length(periods) > 1 && W > 1) {
    cols$profile2 <- pf_phase_mean(y, t, k, periods[2], W)
  }
  cs <- c(0, cumsum(y))
  cols$level <- (cs[t + 1] - cs[t - lev + 1]) / lev
  do.call(cbind, cols)
}

# Point forecasts of the direct model, version 2 (periods already chosen).
pf_direct2_mean <- function(y, periods, h, lambda = 1e-3, n_lags = 3, D = 7, W = 2, lev = 24,
                            max_rows = 3000) {
  n <- length(y)
  periods <- periods[periods < n / 3]
  if (length(periods)) D <- max(1, min(D, floor((n / 3) / periods[1])))
  if (length(periods) > 1) W <- max(1, min(W, floor((n / 3) / periods[2])))
  lev <- min(lev, floor(n / 4))
  t0 <- max(n_lags, lev, if (length(periods)) c(max(periods), periods[1] * D),
            if (length(periods) > 1) periods[2] * W) + 1
  mean <- numeric(h)
  for (k in seq_len(h)) {
    rows <- t0:(n - k)
    if (length(rows) > max_rows) rows <- rows[(length(rows) - max_rows + 1):length(rows)]
    if (length(rows) < 10) stop("series too short for step ", k)
    X <- pf_features2(y, rows, k, periods, n_lags, D, W, lev)
    fit <- pf_ridge(X, y[rows + k], lambda)
    mean[k] <- fit$intercept + sum(pf_features2(y, n, k, periods, n_lags, D, W, lev) * fit$beta)
  }
  mean
}

# MSTL-like with s.window 7 + 4i per period (forecast::mstl's default) + AR.
pf_mstl_ar2_mean <- function(y, periods, h, order_max = 30) {
  if (!length(periods)) return(pf_ar_ahead(y, h, order_max))
  periods <- sort(periods)
  dec <- pf_mstl(y, periods, s.window = 11)
  if (length(periods) > 1) {   # second pass with 7 + 4i
    seas <- dec$seasonal
    adj <- dec$adjusted
    for (i in seq_along(dec$periods)) {
      adj <- adj + seas[, i]
      seas[, i] <- stats::stl(stats::ts(adj, frequency = dec$periods[i]),
                              s.window = 7 + 4 * i)$time.series[, "seasonal"]
      adj <- adj - seas[, i]
    }
    dec$seasonal <- seas
    dec$adjusted <- adj
  }
  pf_seasonal_ahead(dec, h) + pf_ar_ahead(dec$adjusted, h, order_max)
}

# Volatility at origin o: mean absolute one-step change over the last `len`
# points up to o.
pf_vol <- function(y, o, len) {
  d <- abs(diff(y[max(1, o - len):o]))
  max(mean(d), 1e-8)
}

# Rolling-origin errors, each divided by the volatility at its origin; returns
# the matrix and the volatility now.
pf_rolling_scaled <- function(y, h, f, R = 10, frac = 0.4, len = 24) {
  n <- length(y)
  last <- n - h
  first <- max(floor(n * (1 - frac)), floor(n / 2))
  if (last <= first) first <- max(10, last - R)
  os <- unique(round(seq(first, last, length.out = R)))
  E <- t(vapply(os, function(o) (y[o + seq_len(h)] - f(y[seq_len(o)], h)) / pf_vol(y, o, len),
                numeric(h)))
  list(E = E, vol = pf_vol(y, n, len))
}

# Version 2 forecasters: f(y, h) point forecasts with the periods chosen on
# the whole window; intervals from scaled rolling-origin errors.
pf_v2 <- function(y, periods, h, which = c("combo", "direct", "mstl"), R = 10,
                  threshold = 0.3, scaled = TRUE) {
  which <- match.arg(which)
  shown <- pf_shown_periods(y, periods, threshold)
  lev <- if (length(periods)) periods[1] else 24
  f <- switch(which,
    direct = function(x, h) pf_direct2_mean(x, shown, h, lev = lev),
    mstl = function(x, h) pf_mstl_ar2_mean(x, shown, h),
    combo = function(x, h) (pf_direct2_mean(x, shown, h, lev = lev) +
                              pf_mstl_ar2_mean(x, shown, h)) / 2)
  m <- f(y, h)
  len <- if (length(periods)) periods[1] else 24
  rs <- pf_rolling_scaled(y, h, f, R = R, len = len)
  if (!scaled) rs$vol <- 1
  out <- pf_conformal(m, rs$E)
  out$lower <- m + (out$lower - m) * rs$vol
  out$upper <- m + (out$upper - m) * rs$vol
  out$shown <- shown
  out
}

# ---- version 3: MSTL + AR on the differences; choice by rolling-origin error -------

# AR by least squares on the first differences of the adjusted series (an
# ARIMA(p,1,0) without drift): forecasts settle at the last level, not at the
# window's mean.
pf_ar_diff_ahead <- function(x, h, order_max = 30) {
  d <- diff(x)
  fit <- stats::ar.ols(d, order.max = min(order_max, length(d) %/% 4), aic = TRUE,
                       demean = FALSE, intercept = FALSE)
  x[length(x)] + cumsum(as.numeric(stats::predict(fit, newdata = d, n.ahead = h)$pred))
}
pf_mstl3_mean <- function(y, periods, h, order_max = 30) {
  if (!length(periods)) return(pf_ar_diff_ahead(y, h, order_max))
  dec <- pf_mstl(y, sort(periods), s.window = 11)
  pf_seasonal_ahead(dec, h) + pf_ar_diff_ahead(dec$adjusted, h, order_max)
}
pf_snaive_mean <- function(y, p, h) y[length(y) - p + ((seq_len(h) - 1) %% p) + 1]

# The candidate point forecasters for a series whose shown periods are `shown`.
pf_candidates <- function(shown, lev) {
  out <- list(naive = function(x, h) rep(x[length(x)], h))
  if (length(shown)) {
    out$snaive <- function(x, h) pf_snaive_mean(x, shown[1], h)
    if (length(shown) > 1) out$snaive2 <- function(x, h) pf_snaive_mean(x, shown[2], h)
  }
  out$direct <- function(x, h) pf_direct2_mean(x, shown, h, lev = lev)
  out$mstl_ar <- function(x, h) pf_mstl_ar2_mean(x, shown, h)
  out$mstl_dar <- function(x, h) pf_mstl3_mean(x, shown, h)
  out
}

# Choose the candidate with the lowest rolling-origin MAE (over R origins in
# the last 40% of the window; the naive forecast unless another is at least
# `margin` better), optionally average the best two, and take intervals from
# the chosen forecaster's volatility-scaled rolling errors. A series that
# shows no cycle and is best forecast by its last value (prices) gets
# pf_rw_vol()'s intervals.
pf_auto <- function(y, periods, h, R = 10, threshold = 0.3, margin = 0.02, top2 = FALSE,
                    scaled = TRUE, inflate = 1) {
  shown <- pf_shown_periods(y, periods, threshold)
  lev <- if (length(periods)) periods[1] else 24
  len <- lev
  cands <- pf_candidates(shown, lev)
  n <- length(y)
  last <- n - h
  first <- max(floor(n * 0.6), floor(n / 2))
  if (last <= first) first <- max(10, last - R)
  os <- unique(round(seq(first, last, length.out = R)))
  vol <- vapply(os, function(o) pf_vol(y, o, len), 0)
  errs <- lapply(cands, function(f) t(vapply(seq_along(os), function(i)
    (y[os[i] + seq_len(h)] - f(y[seq_len(os[i])], h)) / vol[i], numeric(h))))
  mae <- vapply(errs, function(E) mean(abs(E)), 0)
  best <- names(which.min(mae))
  if (mae[best] > (1 - margin) * mae["naive"]) best <- "naive"
  if (best == "naive" && !length(shown)) {
    out <- pf_rw_vol(y, h)
    out$chosen <- "naive (rw_vol)"
    return(out)
  }
  if (top2 && best != "naive") {
    second <- names(sort(mae))[2]
    f <- function(x, h) (cands[[best]](x, h) + cands[[second]](x, h)) / 2
    E <- (errs[[best]] + errs[[second]]) / 2
    chosen <- paste(best, second, sep = "+")
  } else {
    f <- cands[[best]]
    E <- errs[[best]]
    chosen <- best
  }
  m <- f(y, h)
  out <- pf_conformal(m, E)
  v <- if (scaled) pf_vol(y, n, len) else 1
  if (!scaled) out <- pf_conformal(m, E * vol)
  out$lower <- m + (out$lower - m) * v * inflate
  out$upper <- m + (out$upper - m) * v * inflate
  out$chosen <- chosen
  out
}

# The direct model and MSTL + AR on the differences for the shown periods.
pf_two_candidates <- function(shown, lev) {
  list(direct = function(x, h) pf_direct2_mean(x, shown, h, lev = lev),
       mstl_dar = function(x, h) pf_mstl3_mean(x, shown, h))
}
# Errors of each candidate at R rolling origins in the last 40% of the window
# (refits on the data up to each origin), their MAE, and the volatility
# (mean absolute one-step change over `lev` points) at each origin.
pf_rolling_candidates <- function(y, h, cands, lev, R) {
  n <- length(y)
  last <- n - h
  first <- max(floor(n * 0.6), floor(n / 2))
  if (last <= first) first <- max(10, last - R)
  os <- unique(round(seq(first, last, length.out = R)))
  errs <- lapply(cands, function(f) t(vapply(os, function(o)
    y[o + seq_len(h)] - f(y[seq_len(o)], h), numeric(h))))
  list(first = first, last = last, os = os, errs = errs,
       vol = vapply(os, function(o) pf_vol(y, o, lev), 0),
       mae = vapply(errs, function(E) mean(abs(E)), 0))
}

# Version 4: a series that shows no cycle gets the random walk with
# EWMA-volatility intervals (prices; daily temperature); one that shows a
# cycle gets the better of the direct model and MSTL + AR on the differences
# by rolling-origin MAE (R origins), intervals from that forecaster's
# rolling-origin errors (volatility-scaled, or as they are).
pf_auto2 <- function(y, periods, h, R = 12, threshold = 0.3, scaled = TRUE, inflate = 1,
                     shown_fun = pf_shown_periods) {
  pf_auto_core(y, periods, h, shown_fun(y, periods, threshold), R,
               choose = function(mae) names(which.min(mae)), scaled = scaled,
               factor = function(n_eff) inflate)
}

# The shared part of pf_auto2 and pf_auto5: the random walk with volatility
# intervals when no cycle is shown; else the candidate (or "blend") that
# choose(mae) names, with intervals from its rolling-origin errors
# (volatility-scaled when `scaled`) widened by factor(n_eff).
pf_auto_core <- function(y, periods, h, shown, R, choose, scaled = TRUE,
                         factor = function(n_eff) 1, ro = NULL, cands = NULL) {
  if (!length(shown) && is.null(ro)) {
    out <- pf_rw_vol(y, h)
    out$chosen <- "rw_vol"
    return(out)
  }
  lev <- if (length(periods)) periods[1] else 24
  if (is.null(cands)) cands <- pf_two_candidates(shown, lev)
  if (is.null(ro)) ro <- pf_rolling_candidates(y, h, cands, lev, R)
  chosen <- choose(ro$mae)
  if (chosen == "blend") {
    m <- (cands$direct(y, h) + cands$mstl_dar(y, h)) / 2
    E <- (ro$errs$direct + ro$errs$mstl_dar) / 2
  } else {
    m <- cands[[chosen]](y, h)
    E <- ro$errs[[chosen]]
  }
  out <- pf_conformal(m, if (scaled) E / ro$vol else E)
  n_eff <- (ro$last - ro$first) / h + 1
  v <- (if (scaled) pf_vol(y, length(y), lev) else 1) * factor(n_eff)
  out$lower <- m + (out$lower - m) * v
  out$upper <- m + (out$upper - m) * v
  out$chosen <- chosen
  out
}

# Version 5: a cycle is shown when values one period apart are clearly closer
# than values a shorter distance apart: mean|y_t - y_{t-p}| / mean|y_t - y_{t-q}|
# < threshold, q = p/2 for the first period and p - p1 for a longer one (so a
# weekly cycle must beat "the same hour the day before"). A random walk gives
# a ratio above 1, a weekly "cycle" in weather about 1.
pf_cycle_ratio <- function(y, p, q) recurrent:::fc_cycle_ratio(y, p, q)
pf_shown_periods2 <- function(y, periods, threshold = 0.8) {
  if (!length(periods)) return(periods)
  q <- c(max(1, round(periods[1] / 2)), periods[-1] - periods[1])
  r <- vapply(seq_along(periods), function(i) pf_cycle_ratio(y, periods[i], q[i]), 0)
  periods[r < threshold]
}

# Version 6: as version 5, but the daily cycle of intraday data (a first
# period of 24 or more points) is always kept: Irish winter days show too
# little of it for the ratio test, yet the direct model still uses it.
pf_shown_periods3 <- function(y, periods, threshold = 0.8) {
  shown <- pf_shown_periods2(y, periods, threshold)
  if (length(periods) && periods[1] >= 24 && !periods[1] %in% shown) shown <- c(periods[1], shown)
  shown
}

# Version 7: the direct model unless MSTL + AR on the differences is at least
# `margin` better on the rolling origins (blend = TRUE: their average when
# neither is), and intervals widened by 1 + widen / n_eff, n_eff the number of
# non-overlapping windows among the rolling origins (few for long horizons).
pf_auto5 <- function(y, periods, h, R = 12, margin = 0.1, blend = FALSE, widen = 0.7) {
  choose <- function(mae) {
    if (mae["mstl_dar"] < (1 - margin) * mae["direct"]) "mstl_dar"
    else if (blend && mae["direct"] >= (1 - margin) * mae["mstl_dar"]) "blend"
    else "direct"
  }
  pf_auto_core(y, periods, h, pf_shown_periods3(y, periods), R, choose,
               factor = function(n_eff) 1 + widen / n_eff)
}

# Version 8: as version 7 (blend), but a series that shows no cycle is not
# sent straight to the random walk: the direct model and AR on the
# differences (both without seasonal terms) must beat the last value by
# `margin_rw` on the rolling origins to be used (daily temperature); else the
# random walk with volatility intervals (prices).
pf_auto8 <- function(y, periods, h, R = 12, margin = 0.1, margin_rw = 0.1, widen = 0.7) {
  shown <- pf_shown_periods3(y, periods)
  if (length(shown)) return(pf_auto5(y, periods, h, R, margin, blend = TRUE, widen = widen))
  lev <- if (length(periods)) periods[1] else 24
  cands <- c(list(naive = function(x, h) rep(x[length(x)], h)), pf_two_candidates(shown, lev))
  ro <- pf_rolling_candidates(y, h, cands, lev, R)
  best <- names(which.min(ro$mae[-1]))
  if (ro$mae[[best]] > (1 - margin_rw) * ro$mae[["naive"]]) {
    out <- pf_rw_vol(y, h)
    out$chosen <- "rw_vol"
    return(out)
  }
  choose <- function(mae) {
    mae <- mae[-1]
    if (mae["mstl_dar"] < (1 - margin) * mae["direct"]) "mstl_dar"
    else if (mae["direct"] >= (1 - margin) * mae["mstl_dar"]) "blend"
    else "direct"
  }
  pf_auto_core(y, periods, h, list(), R, choose, factor = function(n_eff) 1 + widen / n_eff,
               ro = ro, cands = cands)
}

# Version 9: as version 7 (blend) for a series that shows a cycle. One that
# shows none is a random walk when its values drift apart like one: the ratio
# mean|y_t - y_{t-p}| / mean|y_t - y_{t-q}| (q = p/2) is at least `rw_ratio`
# times sqrt(p/q), its value for a random walk (pool: prices 0.95-1.1 of it,
# daily temperature 0.6-0.7); then the random walk with volatility intervals,
# else the blend of the direct model and AR on the differences without
# seasonal terms (mean reversion).
pf_auto9 <- function(y, periods, h, R = 12, margin = 0.1, widen = 0.7, rw_ratio = 0.85) {
  shown <- pf_shown_periods3(y, periods)
  if (length(shown)) return(pf_auto5(y, periods, h, R, margin, blend = TRUE, widen = widen))
  p <- if (length(periods)) periods[1] else 5
  q <- max(1, round(p / 2))
  if (pf_cycle_ratio(y, p, q) >= rw_ratio * sqrt(p / q)) {
    out <- pf_rw_vol(y, h)
    out$chosen <- "rw_vol"
    return(out)
  }
  choose <- function(mae) {
    if (mae["mstl_dar"] < (1 - margin) * mae["direct"]) "mstl_dar"
    else if (mae["direct"] >= (1 - margin) * mae["mstl_dar"]) "blend"
    else "direct"
  }
  cands <- pf_two_candidates(shown, p)
  ro <- pf_rolling_candidates(y, h, cands, p, R)
  pf_auto_core(y, periods, h, shown, R, choose, factor = function(n_eff) 1 + widen / n_eff,
               ro = ro, cands = cands)
}

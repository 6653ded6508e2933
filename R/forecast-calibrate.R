# Forecasting layer, stage 5 of the model: interval calibration. Forecast
# errors of data the model did not fit, standardised by the local scale,
# smoothed per step, and the quantiles the interval widths are taken from
# (see ?predict.rnn_fit).

# Cross-fitted forecast errors [n1, h, k] (units of each unit's scale) from
# every one-step origin (rows S$R1) of every unit: each unit's origins are
# cut into `folds` contiguous blocks; for each block a unit on its own linear
# path refits it (same penalty) without the one-step samples whose target
# lies in the block's forecast span (fewer than 3 left: without those in the
# block itself; still fewer: with all). Units on the pooled path keep it
# (refitting a path pooled over all units without one block of one unit
# would change it little). The networks are not refitted, so their output at
# the origins (`net_out`, pn_net_output()) serves every fold.
fc_crossfit_errors <- function(P, S, lin, coef, nets, h, folds = 5L, net_out = NULL) {
  ns <- length(P$N)
  s1 <- S$R1$s; o1 <- S$R1$o
  n1 <- tabulate(s1, ns)
  nf <- pmin(folds, n1)
  blk <- ceiling(sequence(n1) * nf[s1] / n1[s1])
  E <- array(NA_real_, c(length(s1), h, ncol(P$V)))
  own <- lin$own
  for (f in seq_len(folds)) {
    rows <- which(blk == f)
    if (!length(rows)) next
    C <- coef
    if (any(own)) {
      a <- b <- rep(NA_real_, ns)
      in_f <- sort(unique(s1[rows]))
      a[in_f] <- tapply(o1[rows], s1[rows], min)
      b[in_f] <- tapply(o1[rows], s1[rows], max)
      keep <- is.na(a[s1]) | o1 < a[s1] | o1 > b[s1] + h - 1L
      few <- tabulate(s1[keep], ns) < 3L
      keep[few[s1]] <- (is.na(a[s1]) | o1 < a[s1] | o1 > b[s1])[few[s1]]
      few <- tabulate(s1[keep], ns) < 3L
      keep[few[s1]] <- TRUE
      Cf <- fc_ridge_units(S, keep, ifelse(own, lin$lambda, NA_real_), ns)
      ok <- own & !is.na(Cf[, 1, 1])
      C[ok, , ] <- Cf[ok, , ]
    }
    E[rows, , ] <- fc_path_errors(P, s1[rows], o1[rows], h, C, nets,
                                  if (!is.null(net_out)) net_out[rows, , , drop = FALSE])
  }
  E
}

# Forecast errors [n, h, k] of the paths from rows (s, o), in units of the
# unit's scale (NA past the end of the unit); `net_out` as pn_paths().
fc_path_errors <- function(P, s, o, h, coef, nets, net_out = NULL) {
  k <- ncol(P$V)
  (pn_values(P, s, o, 1L, h) - pn_paths(P, s, o, h, coef, nets, net_out)) /
    as.vector(P$scale[s, rep(seq_len(k), each = h), drop = FALSE])
}

# Interval calibration of a model on panel P from errors E [n, h, k] at rows
# (s, o) (units of the unit's scale): each error is divided by the local
# scale at its origin (fc_local_scale()), then calibrated per unit
# (fc_calibrate()) when the unit has at least `min_own` effective forecast
# windows, and from all units pooled otherwise (a panel of one: its own
# errors either way). New series (`prior`, the pooled calibration of a
# trained model, is given: zero-shot forecasts) use their own errors from a
# single effective window on ((h + 1) / 2 origins), the prior only below: the
# pooled errors are those of the model's own training windows, which its
# networks learnt, so they are too narrow for a series the networks never
# saw, while a new series' own errors are out of sample, and the Student's t
# widening of fc_multiplier() accounts for how few they are. (On the 517
# held-out forecasts of bench/accuracy.R, zero-shot 80% / 95% coverage went
# from 0.72 / 0.90 to 0.81 / 0.95.) A unit whose reference forecast is its
# mean (lag 0: treated as stationary) has its per-step sd capped by
# fc_sd_cap(). The absolute standardised errors kept for quantiles are
# thinned to at most 1000 order statistics per unit and channel (5000
# pooled).
fc_calibration <- function(P, E, s, o, h, prior = NULL, power = 1) {
  ns <- length(P$N); k <- ncol(P$V)
  Yt <- pn_units(P)
  LS <- lapply(seq_len(ns), function(j) fc_unit_error_scale(P, Yt[[j]], j, power))
  cum <- c(0L, cumsum(P$N))
  cap <- t(vapply(seq_len(ns), function(j)
    fc_sd_cap(Yt[[j]], P$lag[j, ], P$center[j, ], P$scale[j, ]), numeric(k)))
  cap <- matrix(cap, ns, k)
  Es <- E
  for (c in seq_len(k)) {
    ls_row <- unlist(lapply(LS, function(m) m[, c]), use.names = FALSE)[cum[s] + o - P$pad[s]]
    Es[, , c] <- E[, , c] * P$scale[s, c] / ls_row
  }
  thin <- function(cal, max) {
    cal$z <- lapply(cal$z, function(z) {
      if (length(z) > max) z[unique(round(seq(1, length(z), length.out = max)))] else z
    })
    cal[c("a", "b", "z", "n_eff")]
  }
  pooled <- prior %||% thin(fc_calibrate(Es, rep(Inf, k)), 5000L)
  min_own <- if (is.null(prior)) 10 else 1
  rows <- split(seq_len(nrow(Es)), factor(s, levels = seq_len(ns)))
  own <- lapply(seq_len(ns), function(j) {
    r <- rows[[j]]
    if (!length(r) || fc_windows_worth(length(r), h) < min_own && (ns > 1L || !is.null(prior)))
      return(NULL)
    thin(fc_calibrate(Es[r, , , drop = FALSE], cap[j, ]), 1000L)
  })
  is_own <- !vapply(own, is.null, NA)
  pick <- function(field) t(vapply(seq_len(ns), function(j)
    rep_len(if (is_own[j]) own[[j]][[field]] else pooled[[field]], k), numeric(k)))
  list(a = matrix(pick("a"), ns, k), b = matrix(pick("b"), ns, k),
       n_eff = vapply(seq_len(ns), function(j) if (is_own[j]) own[[j]]$n_eff else pooled$n_eff, 1),
       own = is_own, z = lapply(seq_len(ns), function(j) if (is_own[j]) own[[j]]$z),
       pooled = pooled, h = h, cap = cap, power = power,
       sd_scale = matrix(t(vapply(seq_len(ns), function(j) LS[[j]][P$N[j], ], numeric(k))), ns, k))
}

# The scale errors are measured in [N, k]: the local scale LS [N, k] to the
# power `power` times the series scale [k] to the rest, i.e. the series scale
# moved by the local scale's ratio to it to that power. 1: errors taken to
# grow in proportion to the recent volatility (yearly to daily data, where
# the intervals were calibrated so). Sub-daily data take 1/2 (fc_vol_power()):
# their errors grow with the volatility far less than in proportion
# (bench/README.md, "How the intervals follow volatility"), and with the whole
# ratio the lag-48 changes of a few weekdays set a scale 14 times smaller than
# a weekend's, so that 5 days of half-hourly demand had a 95% upper bound 26
# times the level a day ahead ("The local scale of short sub-daily series").
fc_error_scale <- function(LS, scale, power = 1) {
  if (power == 1) return(LS)
  sweep(sweep(LS, 2, scale, "/")^power, 2, scale, "*")
}

# The scale [N_j, k] the errors of unit j of panel P are measured in
# (fc_error_scale() of its local scale over max(2 L, 10) differences); `Y`:
# the unit's values, pn_units(P)[[j]].
fc_unit_error_scale <- function(P, Y, j, power) {
  fc_error_scale(fc_local_scale(Y, pmax(P$lag[j, ], 1L), max(2L * P$L, 10L)), P$scale[j, ], power)
}

# The power of the local scale in the intervals of a network model of
# `data` (see fc_error_scale()): 1/2 for sub-daily steps (fc_subdaily_steps()).
# Daily data keep 1: on the pool's daily temperatures (bench/highfreq.R, the
# zero-shot model, 170 forecasts per h) 1/2 made the 80% interval score 7-9%
# worse; so do business days, the calendar of prices, whose errors grow with
# their clustered volatility, and yearly to monthly data.
fc_vol_power <- function(data) if (fc_subdaily_steps(data, 1L)) 0.5 else 1

# Ceiling of the per-step error sd [k] in units of the local scale, for
# channels whose reference forecast is their mean (lag 0: the model treats
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

# Forecast error sd [length(steps), k] of unit j at the end of its series
# (transformed scale): the local scale there times the smoothed spread per
# step. The half-width of an interval is its multiplier (fc_multiplier())
# times this. Steps beyond the calibrated `horizon` are forecast by iterating
# the model on its own forecasts, so step m * horizon + r carries the error of
# m whole horizons plus that of r steps: its variance is at least
# m * sd(horizon)^2 + sd(r)^2 (exact for a random walk), where the fitted
# power law alone, extrapolated, grows too slowly (bench/beyond-horizon.R:
# 80% intervals covered 0.71 of steps horizon + 1 .. 2 * horizon, 0.79 with
# this; the cap still holds for stationary units).
fc_error_sd <- function(cal, j, steps, horizon = cal$h %||% Inf) {
  k <- ncol(cal$a)
  law <- function(c, s) pmin(exp(cal$a[j, c] + cal$b[j, c] * log(s)), cal$cap[j, c])
  far <- steps > horizon
  m <- (steps[far] - 1L) %/% horizon
  r <- steps[far] - m * horizon
  matrix(vapply(seq_len(k), function(c) {
    sd <- law(c, steps)
    if (any(far))
      sd[far] <- pmin(pmax(sd[far], sqrt(m * law(c, horizon)^2 + law(c, r)^2)), cal$cap[j, c])
    cal$sd_scale[j, c] * sd
  }, numeric(length(steps))), length(steps))
}

# Local scale [N, k]: mean absolute difference at `lag` over the last W
# differences up to each row, so that the intervals follow changes in
# volatility. Near the start, where fewer than W differences precede a row,
# the missing ones count at the series' overall scale (fc_scale()): a mean of
# one or two differences can be a small part of the typical one, and the
# errors of the first origins divided by it weigh much in the calibration of
# a short series (bench/README.md, "The local scale of short sub-daily
# series").
fc_local_scale <- function(Y, lag, W) {
  N <- nrow(Y)
  S <- matrix(NA_real_, N, ncol(Y))
  for (j in seq_len(ncol(Y))) {
    l <- lag[j]
    d <- c(rep(0, l), abs(diff(Y[, j], lag = l)))
    cs <- cumsum(d)
    t <- seq_len(N)
    lo <- pmax(l, t - W)
    cnt <- pmax(t - lo, 0)
    g <- fc_scale(Y[, j, drop = FALSE], l)
    S[, j] <- (cs - c(0, cs)[lo + 1L] + (W - cnt) * g) / W
    S[!is.finite(S[, j]) | S[, j] <= 1e-12 * g, j] <- g
  }
  S
}

# Interval calibration from standardised forecast errors E [n, h, k] (units of
# the local scale at each origin): per channel j and step i the root mean
# square error is smoothed as sd_i = exp(a + b log i), and the absolute errors
# divided by it are kept to take quantiles from, with the effective number of
# independent forecast windows (overlapping origins: about n / ((h + 1) / 2)).
# `cap` [k]: ceiling of the smoothed sd per channel (fc_sd_cap(); Inf: none),
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
  list(a = a, b = b, z = z, n_eff = max(1, fc_windows_worth(n, h)))
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

# Multipliers [length(level)] of unit j, channel c of a calibration, times
# the calibration's `factor` when it has one (fc_zero_shot_factor()).
fc_cal_multiplier <- function(cal, j, c, level) {
  z <- if (cal$own[j]) cal$z[[j]][[c]] else cal$pooled$z[[c]]
  fc_multiplier(z, level, cal$n_eff[j]) * fc_level_factor(cal$factor, level)
}

# A pair of factors on the interval half-widths at 80 and 95% (NULL: none)
# at `level` percent: interpolated between them and held constant beyond.
fc_level_factor <- function(f, level) {
  if (is.null(f)) return(rep(1, length(level)))
  stats::approx(c(80, 95), f, xout = level, rule = 2)$y
}

# The factors (80%, 95%) on the interval half-widths of a high-frequency
# pretrained model applied as shipped (pretrained = "only"), or NULL for the
# other frequencies. Its calibration comes from the series' own cross-fitted
# errors, and on the pool series of bench/highfreq.R (8 origins per series,
# never the held-out ones) those intervals covered 0.73-0.80 at 80% and
# 0.93-0.96 at 95% on hourly temperature, half-hourly load and daily
# temperature, 0.76-0.78 and 0.93 on business-day prices. These factors
# make the pool's mean coverage nominal, each (task, horizon) weighted
# equally (`Rscript bench/highfreq-intervals.R rnn_only`): one pair for the
# three seasonal calendars, one for business days. (The seasonal pair was
# refitted, 1.13 / 1.07 before, when sub-daily intervals came to follow the
# root of the recent volatility, fc_vol_power(); 2026-12-04.) Yearly, quarterly and
# monthly models keep their calibration (the many-series default's
# intervals, built on them, cover 0.85 / 0.97 on the held-out M1 and tourism
# series).
fc_zero_shot_factor <- function(freq) {
  switch(as.character(round(freq)), "24" = , "48" = , "7" = c(1.19, 1.11), "5" = c(1.08, 1.18),
         NULL)
}

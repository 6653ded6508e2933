# Forecasting layer, the seasonal kind's model of one series (fit-seasonal.R):
# which cycles the data show, whether the series drifts like a random walk,
# the blend of the direct regression (forecast-direct.R) and the
# decomposition (forecast-mstl.R) chosen on rolling origins, and intervals
# from those origins' errors. The rules and constants were chosen on the pool
# series of bench/highfreq-data.R (other stations, years and stocks than the
# held-out ones the bench scores): bench/proto/README.md, pf_auto9.

# The integer seasonal periods of series j's calendar, ascending (hourly: 24
# and 168; half-hourly 48 and 336; daily 7 and 365; business days 5; the
# yearly cycle of 260.9 business days is not a whole number of steps and is
# left to the level). The year of weekly data (52.18 weeks) is taken as 52
# (its frequency, as a weekly ts has it: the phase slips 1.25 days a year),
# that of daily data (365.25 days) as 365 (a quarter of a day a year).
fc_seasonal_periods <- function(data, j) {
  cal <- data$calendars[[j]]
  p <- as.numeric(if (!is.null(cal)) cal$cal$periods else fc_series_frequency(data))
  if (isTRUE(cal$cal$unit %in% c("week", "day"))) p <- round(p)
  p <- p[abs(p - round(p)) < 1e-8 & p >= 2]
  sort(unique(as.integer(round(p))))
}

# Whether values p steps apart are closer than values q steps apart:
# mean|y_t - y_{t-p}| / mean|y_t - y_{t-q}| (Inf for too short a series, NaN
# for a constant one).
fc_cycle_ratio <- function(y, p, q) {
  n <- length(y)
  if (n < 2 * p + 1) return(Inf)
  mean(abs(diff(y, lag = p))) / mean(abs(diff(y, lag = q))[seq_len(n - p)])
}

# The periods whose cycle the data show: values a period apart closer than
# values half a period apart (fc_cycle_ratio() below `threshold`, 0.8). A
# longer period that is a whole number of the first (the week of intraday
# data) is tested on the changes over the first (y_t - y_{t-p1}: the same
# hour the day before): a weekly cycle repeats in them (Monday's rise after
# Sunday, Saturday's fall), while the level's moves and the weather's
# persistence, which make values a week apart differ more than values half
# a week apart, largely cancel in them. Pool (bench/README.md, "A weekly
# cycle of demand"; 32 origins per series) ratios: half-hourly demand
# 0.13-0.74, hourly temperature 0.82-1.18, pedestrian counts 0.14-0.99
# (holidays). Tested before on the values against values one first period
# less apart (6 days: 0.24-0.99 for demand, 0.91-1.16 for temperature), the
# week of demand was left out of 39 of 480 pool windows (in spring and
# around holidays, where the level moves) and those were forecast without a
# weekly cycle: MASE 1.13 there at h = 336 against 0.81 with it. Any other
# longer period (the year of daily data: 358 days apart are as far into the
# year as 365) is tested on the values. The daily cycle of intraday data (a
# first period of 24 steps or more that divides a day's 86,400 seconds) is
# always kept: winter days at Irish stations show too little of it for the
# test (ratios 1.05-1.26 on the pool), yet the direct regression still gains
# from it. Any cycle in prices (1.5-1.75) is not shown; nor is weekly data's
# year (52) in prices.
fc_shown_periods <- function(y, periods, threshold = 0.8) {
  if (!length(periods)) return(periods)
  p1 <- periods[1]
  r <- vapply(seq_along(periods), function(i) {
    p <- periods[i]
    if (i > 1L && p %% p1 == 0) fc_cycle_ratio(diff(y, lag = p1), p, p %/% 2L) else
      fc_cycle_ratio(y, p, max(1L, round(p / 2)))
  }, 0)
  shown <- periods[!is.na(r) & r < threshold]
  if (fc_day_of_steps(p1) && !p1 %in% shown && length(y) >= 3 * p1)
    shown <- c(p1, shown)
  shown
}

# Whether a period of p steps is a day of intraday steps (24 hours, 48
# half-hours, 96 quarter-hours, ...).
fc_day_of_steps <- function(p) p >= 24L && 86400 %% p == 0

# Whether a series without a shown cycle drifts like a random walk: values p
# steps apart differ sqrt(p / q) times more than values q steps apart for a
# random walk; at least 0.85 of that (pool: prices 0.95-1.1 of it, daily
# temperature 0.6-0.7). A window of fewer than 10 cycles of p holds too few
# independent differences at lag p: the test then uses 5 steps (pool weekly
# prices, 260 weeks: at lag 52, 22 of 200 windows not a random walk, forecast
# 9% worse than the last value there; at lag 5 none).
fc_drifts <- function(y, p, rw_ratio = 0.85) {
  if (length(y) < 10 * p) p <- 5L
  q <- max(1L, round(p / 2))
  r <- fc_cycle_ratio(y, p, q)
  is.na(r) || r >= rw_ratio * sqrt(p / q)
}

# Whether series y (the seasonal model's window) with the shown cycles
# `shown` of the calendar's `periods` is forecast as a random walk: no cycle
# shown, and values that drift apart like a random walk's (fc_drifts() at the
# first period's lag).
fc_random_walk_like <- function(y, shown, periods) {
  !length(shown) && fc_drifts(y, if (length(periods)) periods[1] else 5L)
}

# R rolling origins in the last `span` (at most half) of a window of n values
# that leave h steps. The seasonal model uses 24 in the last half: on the pool
# against 12 in the last 40%, 80% coverage 0.75-0.77 instead of 0.71-0.75 on
# hourly temperature with the same MASE, half-hourly load 3-4% more accurate,
# daily temperature 1% less (bench/README.md, "High-frequency data").
# With a `period` (the first cycle the data show) the origins are a whole
# number of cycles before n, so that step k of every rolling origin falls at
# the same phase (hour of the day, day of the week) as step k of the forecast:
# errors at 3 pm can be larger than at 3 am, and origins at mixed phases
# spread that over every step (test-seasonal.R); on the pool, hourly MASE 1%
# better, load within 0.5% (`align = FALSE` gives the mixed phases, for
# bench/proto's comparison). Where the span holds fewer
# than R such origins it reaches back, to at most 3/4 of the window and never
# below `min_train` values; where even that leaves fewer than R / 2 (a cycle
# long against the window: 52 weeks in 5 years hold 2) the origins are not
# aligned.
fc_rolling_origins <- function(n, h, R, span = 0.4, period = 1L, min_train = 10L) {
  last <- n - h
  first <- max(floor(n * (1 - span)), floor(n / 2))
  if (period > 1L) {
    back <- seq(ceiling(h / period), by = 1L, length.out = max(0, floor((n - min_train) / period)))
    os <- n - period * back
    os <- os[os >= min_train & os >= floor(n / 4)]
    inside <- os[os >= first]
    os <- if (length(inside) >= R) inside else os[seq_len(min(R, length(os)))]
    if (length(os) >= R / 2) {
      os <- sort(os)
      return(unique(os[round(seq(1, length(os), length.out = min(R, length(os))))]))
    }
  }
  # the members need min_train values (two cycles of the longest period):
  # origins before that score a model without the cycle. Kept to where a
  # quarter of R origins fit after it (weekly load from 2012 on the pool,
  # 105-260 weeks: MASE h = 13 0.710 -> 0.655)
  if (last - min_train + 1 >= R / 4) first <- max(first, min_train)
  if (last <= first) first <- max(10, last - R)
  unique(round(seq(first, last, length.out = R)))
}

# How a rolling-origin error is scaled by the volatility at its origin (and
# the forecast's spread by the volatility now): by its square root. On the
# pool's windows (bench/proto/step-intervals.R; hourly and daily temperature,
# half-hourly load) the slope of log |error| on log volatility at the origins
# was 0.20, 0.05 and -0.19, not 1: errors divided by the volatility itself
# (as before 2026-12-04) gave intervals whose widths moved with a volatility
# the errors did not follow, and an 80% interval score 6-8% worse at nominal
# coverage (4.96 / 5.21 against 4.65 / 4.80, hourly h = 24 / 48). Not scaling at
# all scored as well, but left daily temperature 4-6 points short of hourly
# at one width factor; the square root keeps every quarter of the horizon
# within 4 points there (half-hourly load's first steps: 6 over) and still
# widens intervals after a burst of volatility.
fc_vol_scale <- function(v) sqrt(v)

# Volatility at origin o: the mean absolute one-step change over the last
# `len` values, floored (fc_seasonal_fit(): at 5% of the window's mean) so
# that the errors from origins in a flat stretch, divided by it, stay of the
# size of the others: a month of hourly counts interpolated by a straight
# line (`regularise = TRUE` across a sensor's outage) had volatilities near
# zero there and gave 80% upper bounds of 100,000 for counts in the hundreds.
# On the pool the recent volatility never fell below 8.7% of the window's
# mean but in series with a stretch of zeros (embedded wind generation).
fc_recent_vol <- function(y, o, len, floor) {
  max(mean(abs(diff(y[max(1, o - len):o]))), floor)
}

# Which values of y [n] lie in a run of more than `len` values on one
# straight line (a constant included): a gap interpolated without being
# marked as made up (a ts with its NAs filled by the user), a stuck sensor,
# or years of zeros before a series began. Logical [n].
fc_straight_runs <- function(y, len, tol = 1e-8) {
  n <- length(y)
  if (n < 3L) return(logical(n))
  d2 <- abs(diff(y, differences = 2L)) <= tol * max(mean(abs(diff(y))), 1e-300)
  # value i + 1 is on the line of its neighbours when d2[i]
  on <- c(FALSE, d2, FALSE)
  on <- on | c(on[-1], FALSE) | c(FALSE, on[-n])
  r <- rle(on)
  rep(r$values & r$lengths > len, r$lengths)
}

# How many of the last values the model reads: at least 12 cycles of the
# longest period and 3,000 values (fits stay fast on a year of hourly data).
fc_seasonal_context <- function(n, periods) {
  as.integer(min(n, max(3000, 12 * max(c(0L, periods)))))
}

# The week of intraday data (7 times the first period, when that is a day of
# steps, as fc_shown_periods() takes it) when a window of n values is too
# short to test it (fc_shown_periods() needs two weeks and a day; under two
# weeks the calendar does not list it) but holds a week before rolling
# origins that leave h steps; else NULL. Such a window cannot show the week,
# and its decomposition has none, while the value a week before knows the
# weekend: hourly pedestrian counts in windows of 10 days to 2 weeks had MASE
# 0.96-0.98 against 0.69 for it (bench/README.md, "Hourly counts in short
# windows").
fc_untested_week <- function(n, periods, h) {
  if (!length(periods)) return(NULL)
  p1 <- periods[1]
  P <- 7L * p1
  if (!fc_day_of_steps(p1) || n - p1 >= 2L * P + 1L || n - h <= P) return(NULL)
  as.integer(P)
}

# Seasonal naive at period P of y [n] for steps 1..h: the value P steps
# before each (fitted: NA for the first P).
fc_snaive_fit <- function(y, P, h) {
  n <- length(y)
  list(mean = y[n - P + ((seq_len(h) - 1L) %% P) + 1L], fitted = c(rep(NA_real_, P), y[seq_len(n - P)]))
}

# The smallest series the seasonal model fits for horizon h.
fc_seasonal_min_length <- function(h) as.integer(max(60, 3 * (h + 10)))

# The model of one series y [n] with calendar periods `periods` for steps
# 1..h: a list with `type` ("seasonal" or "random walk"), the periods the
# data show (`shown`), and for "seasonal" the member `weights` (direct
# unless a shown cycle is too long for it, mstl, and mstl_es for a series
# with a shown cycle of weekly data, fourier and fourier_level for one of
# daily data, or mean for a series without; snaive_week alone for intraday
# data too short to show the week, where it is `week_margin` better than the
# others on the origins with a week before them), their rolling-origin MAE
# (`mae`), the forecast `mean` [h], the rolling errors divided by the
# square root of the volatility at their origins `scaled` [R, h]
# (fc_vol_scale()), the volatility at each origin (`origin_vol` [R]) and now
# (`vol`), the
# interval widening per step `widen` [h] (1 + 0.7 / the number of
# non-overlapping windows among the origins, few at long horizons;
# sub-hourly data 1 + 1.5 / that number), and
# one-step `fitted` values [n]. `weekly`: whether the steps are weeks
# (fc_weekly_steps()): the decomposition's smoothed-level member (mstl_es)
# is a candidate, and the intervals take weekly data's width factors.
# `daily`: whether the steps are days (fc_daily_steps()): the harmonic
# regressions (forecast-fourier.R) are candidates, with the periods
# `harmonic` (the shown ones, and the year as 365.25 from a year of data;
# weekly data that show a cycle: the year as 365.25 / 7 weeks).
# `subhourly`: whether the steps are shorter than an hour
# (fc_subhourly_steps()): the intervals take such data's width factors.
# `made`: which values of y were made up (interpolated), NULL for none.
fc_seasonal_fit <- function(y, periods, h, R = 24L, margin = 0.1, span = 0.5, mean_margin = 0.05,
                            align = TRUE, extra = list(), weekly = FALSE, daily = FALSE,
                            subhourly = FALSE, made = NULL, week_margin = 0.5) {
  n0 <- length(y)
  if (n0 < fc_seasonal_min_length(h))
    rec_abort(sprintf("%d values are too few for the seasonal model at horizon %d (%d needed).",
                      n0, h, fc_seasonal_min_length(h)), class = "recurrent_error_too_short")
  keep <- fc_seasonal_context(n0, periods)
  y <- y[(n0 - keep + 1L):n0]
  n <- keep
  shown <- fc_shown_periods(y, periods)
  out <- list(periods = periods, shown = shown, h = as.integer(h), context = keep,
              weekly = weekly, daily = daily, subhourly = subhourly)
  if (fc_random_walk_like(y, shown, periods)) return(c(list(type = "random walk"), out))
  len <- if (length(shown)) shown[1] else if (length(periods)) periods[1] else 24L
  members <- list(direct = function(y, shown, h) fc_direct_fit(y, shown, h, lev = len),
                  mstl = fc_mstl_fit)
  if (length(shown)) {
    # weekly data: the decomposition may forecast its adjusted series by the
    # smoothed level instead. Pool (bench/README.md, 2026-12-03): weekly load
    # MASE 0.683 -> 0.661 (h = 4), 0.798 -> 0.753 (h = 13); as a member for
    # hourly temperature and half-hourly load it was chosen on rolling
    # origins where it then forecast worse (+0.3%, +1.7%).
    if (weekly) members$mstl_es <- fc_mstl_es_fit
    # daily data: the harmonic regression in differences and about the level
    # (forecast-fourier.R), with the year of the calendar at its exact 365.25
    # days from one year of data on, whether fc_shown_periods() shows it or
    # not (it needs two years, and a year with summer and winter peaks, as
    # Victoria's demand has, differs as much half a year apart); the rolling
    # origins decide whether these members forecast. They exist only for a
    # series with a shown cycle: a random walk never gets them.
    # Pool of daily load over 1-3 years (bench/README.md, "Daily data over
    # several years"), MASE h = 7 / 28: 0.944 / 1.034 -> 0.874 / 0.973 with
    # the first among the candidates, -> 0.860 / 0.941 with both.
    if (daily)
      out$harmonic <- as.numeric(unique(c(ifelse(shown == 365L, 365.25, shown),
                                          if (n >= 365L) 365.25)))
    # weekly data that show the year: the same two harmonic members at the
    # year's exact 365.25 / 7 weeks (the other members round it to 52).
    # Weekly-load pool with fpp2's gasoline added (6 series, 240 forecasts
    # per h; bench/README.md, "Weekly data: the harmonic members"): MASE
    # 0.684 / 0.770 -> 0.670 / 0.728 at h = 4 / 13, ahead of stlf (0.693 /
    # 0.766) and auto.arima (0.744 / 0.780). (A first prototype, one form at
    # a time with five harmonics, had not helped on the UK pool alone.)
    if (weekly) out$harmonic <- 365.25 / 7
    if (!is.null(out$harmonic)) {
      members$fourier <- function(y, shown, h) fc_fourier_fit(y, out$harmonic, h)
      members$fourier_level <- function(y, shown, h) fc_fourier_fit(y, out$harmonic, h, level = TRUE)
    }
    # the direct regression leaves out a cycle longer than a third of the
    # window (fc_direct_config): where that leaves it none of the cycles the
    # data show (a year of weekly data in 105-156 weeks) it is not a
    # candidate. On the pool's weekly load from 2012 its rolling origins, too
    # short for the year, chose it at 105 and 115 weeks: MASE 1.10 and 1.52
    # against 0.67 and 0.64 (bench/README.md).
    if (min(shown) >= n / 3) members$direct <- NULL
    # more members (functions of y, shown, h), for measuring candidates on
    # the pool (bench/proto/methods.R)
    members <- c(members, extra)
  }
  # a series with no cycle that does not drift may be noise about a level
  # (returns): its mean is taken unless the others are `mean_margin` better on
  # the rolling origins. Simulated returns: 0.5% worse than the mean with
  # margin 0, equal with 0.05 or 0.1; pool daily temperature: 0.1 took the mean
  # where it should not (MASE +1.5%), 0.05 never did.
  if (!length(shown))
    members$mean <- function(y, shown, h) list(mean = rep(mean(y), h), fitted = rep(mean(y), length(y)))
  os <- fc_rolling_origins(n, h, R, span, period = if (align && length(shown)) shown[1] else 1L,
                           min_train = max(fc_seasonal_min_length(h) - h, 2L * max(c(0L, shown)) + 1L))
  # an origin whose volatility window or forecast span holds made-up values
  # (a gap interpolated by a straight line, or any run of more than a cycle
  # on one line) scores the members on a line and divides its error by a
  # volatility near zero: left out while at least half the origins remain
  made <- fc_straight_runs(y, len) | (if (is.null(made)) FALSE else made[(n0 - keep + 1L):n0])
  if (any(made)) {
    real <- vapply(os, function(o) !any(made[max(1L, o - len):min(n, o + h)]), NA)
    if (sum(real) >= length(os) / 2) os <- os[real]
  }
  floor <- max(mean(abs(diff(y))) * 0.05, 1e-12)
  vol <- vapply(os, function(o) fc_recent_vol(y, o, len, floor), 0)
  errs <- lapply(members, function(f) t(vapply(os, function(o)
    y[o + seq_len(h)] - f(y[seq_len(o)], shown, h)$mean, numeric(h))))
  mae <- vapply(errs, function(E) mean(abs(E)), 0)
  # the week of intraday data in a window too short to show it or to
  # decompose it (fc_untested_week()): the value a week before forecasts
  # alone where, on the rolling origins that have a week before them, it is
  # `week_margin` better than every other member (then the intervals come
  # from those origins). As one more member among the others (the origins
  # moved to after the first week for all of them) it won 10 of 68 10-day
  # windows of the pool's hourly temperature by chance: MASE 0.886 -> 0.985.
  week <- if (length(shown)) fc_untested_week(n, periods, h)
  if (!is.null(week) && sum(os > week) >= 4L) {
    sub <- os > week
    ew <- t(vapply(os[sub], function(o)
      y[o + seq_len(h)] - fc_snaive_fit(y[seq_len(o)], week, h)$mean, numeric(h)))
    on_sub <- vapply(errs, function(E) mean(abs(E[sub, , drop = FALSE])), 0)
    if (mean(abs(ew)) <= (1 - week_margin) * min(on_sub)) {
      members$snaive_week <- function(y, shown, h) fc_snaive_fit(y, week, h)
      os <- os[sub]
      vol <- vol[sub]
      errs <- c(lapply(errs, function(E) E[sub, , drop = FALSE]), list(snaive_week = ew))
      mae <- c(on_sub, snaive_week = mean(abs(ew)))
    }
  }
  # the decomposition's level model (AR on differences or smoothed level):
  # the one better on the rolling origins. Then the better of it and the
  # direct regression, or their average when neither is `margin` better.
  # (Averaging every member within 10% of the best took the smoothed level
  # into 11 of 16 hourly temperature fits: pool MASE 0.814 -> 0.832.)
  cyc <- mae[setdiff(names(mae), "mean")]
  if (all(c("mstl", "mstl_es") %in% names(cyc)))
    cyc[[if (cyc[["mstl"]] <= cyc[["mstl_es"]]) "mstl_es" else "mstl"]] <- Inf
  near <- min(cyc) >= (1 - margin) * cyc
  w <- near / sum(near)
  if (!is.null(members$mean))
    w <- if (min(cyc) >= (1 - mean_margin) * mae[["mean"]]) c(w * 0, mean = 1) else
      c(w, mean = 0)
  mean <- numeric(h)
  fitted <- rep(0, n)
  E <- matrix(0, length(os), h)
  for (m in names(w)[w > 0]) {
    f <- members[[m]](y, shown, h)
    mean <- mean + w[[m]] * f$mean
    fitted <- fitted + w[[m]] * f$fitted
    E <- E + w[[m]] * errs[[m]]
  }
  # independent windows per step: errors k steps ahead from origins less
  # than k apart overlap, so step k has about span / k + 1 of them (at most
  # the number of origins). Widening by the horizon's count at every step had
  # step 1 of half-hourly load cover 0.96 at 80% on the pool.
  n_eff <- pmin(length(os), (max(os) - min(os)) / seq_len(h) + 1)
  # widened by 1 + a / n_eff. Sub-hourly data take a = 1.5: with 0.7, the
  # pool's half-hourly load (32 staggered origins per series) covered 0.81
  # at 80% in the first quarter of a week's horizon and 0.77 in the last;
  # with 1.5 (and its factors refitted, fc_width_factor()) 0.80 in each
  # quarter and 0.78-0.81 in every range of 6 steps of a day's. Weather kept
  # 0.7 (its quarters were within 0.77-0.84 held out).
  a <- if (subhourly) 1.5 else 0.7
  c(list(type = "seasonal"), out,
    list(weights = w, mae = mae, mean = mean, scaled = E / fc_vol_scale(vol), origin_vol = vol,
         vol = fc_recent_vol(y, n, len, floor), widen = 1 + a / n_eff,
         fitted = c(rep(NA_real_, n0 - n), fitted)))
}

# Factors on the interval half-widths, per level, that make the mean coverage
# of the pool's forecasts nominal (rolling-origin errors of recent weeks
# understate what comes next, and their few extreme values understate the
# tails), each (task, horizon) weighted equally:
# - seasonal: hourly and daily temperature, 32 origins per station,
#   staggered so that the stations' origins are not the same weather (544 +
#   544 windows); bench/highfreq-intervals.R, 2026-12-04;
# - seasonal_subhourly: half-hourly load, 32 staggered origins per series
#   (480 windows per horizon), with its widening for few windows of 1 +
#   1.5 / n_eff (fc_seasonal_fit()); bench/highfreq-intervals.R, 2026-12-04,
#   night. With the weather's widening and the 1.02 / 1.21 fitted on 16
#   origins, they covered 0.829 / 0.962 at h = 48 and 0.803 / 0.939 at
#   h = 336, the first day of either horizon 0.83-0.84 at 80% and the last
#   quarter of a week 0.79; now 0.801 / 0.956 and 0.800 / 0.944, 0.80 at
#   80% in every quarter. Interval score against the old: -4.1% / -3.1% at
#   h = 48, +0.3% / +2.2% at h = 336 (bench/proto/interval-score.R --pool);
# - seasonal_yearly: daily load that shows the year (96 windows each of 7
#   and 28 days); bench/proto/step-intervals.R, 2026-12-04 (errors scaled by
#   the root of the volatility: fc_vol_scale());
# - seasonal_weekly: weekly load with fpp2's gasoline, 40 origins per series
#   (240 windows each of 4 and 13 weeks), with the harmonic members;
#   bench/highfreq-intervals.R, 2026-12-04, night (the 0.95 / 1.22 before,
#   from the UK series alone, had these cover 0.765 / 0.959);
# - random walk, random_walk_weekly: business-day and weekly closes of the
#   pool's 20 stocks, 32 origins each (640 windows per horizon);
#   bench/highfreq-intervals.R, 2026-12-04 (the earlier 1.09 / 1.04 for both,
#   from 10 origins, had them cover 0.83 / 0.96 and 0.79 / 0.93: the weekly
#   changes' quantiles, from half as many changes, understate the tails).
# Between and beyond 80 and 95% interpolated and held constant
# (fc_level_factor()).
fc_width_factor <- function(type, level) {
  fc_level_factor(switch(type, seasonal = c(1.08, 1.15), seasonal_subhourly = c(0.89, 1.10),
                         seasonal_weekly = c(1.04, 1.16),
                         seasonal_yearly = c(1.08, 1.10), "random walk" = c(1.00, 0.99),
                         random_walk_weekly = c(1.11, 1.15)), level)
}

# Which width factors a seasonal model's intervals take (fc_width_factor()),
# the random walk's included.
fc_seasonal_width_type <- function(model) {
  if (model$type == "random walk")
    return(if (isTRUE(model$weekly)) "random_walk_weekly" else "random walk")
  if (isTRUE(model$weekly)) "seasonal_weekly" else
    if (isTRUE(model$daily) && 365L %in% model$shown) "seasonal_yearly" else
      if (isTRUE(model$subhourly)) "seasonal_subhourly" else "seasonal"
}

# Forecast of steps 1..h (h <= the model's) from a model of y: mean [h],
# lower/upper [h, length(level)]. A seasonal model's interval at step k takes
# its spread from step k's own rolling errors (their root mean square) and
# the shape of their distribution from the steps within h/8 of k, each
# divided by its own spread (pooled, so that each step has enough of them,
# without lending step 1 the larger errors of step 4: pooling the errors
# themselves had steps 1-3 of hourly temperature cover 0.89 at 80% on the
# pool and steps 4-9 0.75), times the square root of the volatility now
# (fc_vol_scale()) and the widening.
fc_seasonal_forecast <- function(model, y, h, level) {
  if (model$type == "random walk") {
    n <- length(y)
    return(fc_rw_vol(y[(n - model$context + 1L):n], h, level, type = fc_seasonal_width_type(model)))
  }
  S <- model$scaled
  H <- ncol(S)
  spread <- pmax(sqrt(colMeans(S^2)), 1e-12)
  shape <- sweep(S, 2L, spread, "/")
  width <- max(1L, ceiling(H / 8))
  probs <- c((1 - level / 100) / 2, (1 + level / 100) / 2)
  L <- length(level)
  fac <- rep(fc_width_factor(fc_seasonal_width_type(model), level), 2)
  mean <- model$mean[seq_len(h)]
  lo <- hi <- matrix(0, h, L)
  for (k in seq_len(h)) {
    e <- as.numeric(shape[, max(1L, k - width):min(H, k + width)])
    q <- stats::quantile(e, probs, names = FALSE, type = 8) * spread[k] * fc_vol_scale(model$vol) *
      model$widen[k] * fac
    lo[k, ] <- mean[k] + q[seq_len(L)]
    hi[k, ] <- mean[k] + q[L + seq_len(L)]
  }
  list(mean = mean, lower = lo, upper = hi)
}

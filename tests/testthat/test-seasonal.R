# The seasonal kind (issue 20): rnn_fit()'s default for hourly, half-hourly,
# daily and business-day series.

# An hourly series with a daily and a weekly cycle and persistent (AR)
# deviations; `n` hours from 2024-01-01 (a Monday).
sim_hourly <- function(n, seed) {
  set.seed(seed)
  tt <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (seq_len(n) - 1)
  hr <- as.POSIXlt(tt)$hour
  wd <- as.POSIXlt(tt)$wday
  y <- 50 + 8 * sin(2 * pi * hr / 24) - 6 * (wd %in% c(0, 6)) * (hr >= 8 & hr <= 20) +
    as.numeric(stats::arima.sim(list(ar = 0.95), n, sd = 1))
  data.frame(time = tt, load = y)
}

# The half-widths of model m's intervals (series y, h steps, level lev) over
# those of the same model with `flag` FALSE; and the ratio of width factors
# that should give, a type's over the plain seasonal model's.
width_ratio <- function(m, flag, y, h, lev) {
  half <- function(m) {
    f <- recurrent:::fc_seasonal_forecast(m, y, h, lev)
    as.numeric(f$upper - f$mean)
  }
  other <- m
  other[[flag]] <- FALSE
  half(m) / half(other)
}
width_factor_ratio <- function(type, lev)
  recurrent:::fc_width_factor(type, lev) / recurrent:::fc_width_factor("seasonal", lev)

# Whether the last h values of each simulated series (seeds; `sim(seed)` a data
# frame, `col` its value column) fall inside the 80% and 95% intervals of the
# default fit of the rest: list(`80` = logical, `95` = logical).
coverage_of <- function(seeds, sim, col, h, ...) {
  inside <- list(`80` = NULL, `95` = NULL)
  for (seed in seeds) {
    d <- sim(seed)
    n <- nrow(d) - h
    fc <- predict(rnn_fit(d[seq_len(n), ], verbose = FALSE, ...), h = h)
    y <- d[[col]][n + seq_len(h)]
    for (l in 1:2) inside[[l]] <- c(inside[[l]], y >= fc$lower[, l] & y <= fc$upper[, l])
  }
  inside
}

test_that("cycles plus persistence: better than seasonal naive at lags 24 and 168", {
  err <- c(model = 0, day = 0, week = 0)
  for (seed in 1:3) {
    d <- sim_hourly(24 * 7 * 6 + 48, seed)
    n <- nrow(d) - 48
    train <- d[seq_len(n), ]
    actual <- d$load[n + 1:48]
    fit <- rnn_fit(train, verbose = FALSE)
    expect_s3_class(fit, "rnn_seasonal")
    f <- as.numeric(predict(fit, h = 48)$mean)
    y <- train$load
    err <- err + c(mean(abs(actual - f)), mean(abs(actual - y[n - 24 + rep(1:24, 2)])),
                   mean(abs(actual - y[n - 168 + 1:48])))
  }
  expect_lt(err[["model"]], 0.8 * err[["day"]])
  expect_lt(err[["model"]], 0.8 * err[["week"]])
})

test_that("a weekly cycle of demand shows through a moving level; persistent weather shows none", {
  # half-hourly demand over 5 weeks from a Monday in March: a daily profile,
  # 8 units less on weekend days, a level falling 0.02 a step (spring), and
  # persistent deviations. Against values 6 days apart (the test before) its
  # week was not shown: ratios 1.0-1.1 over these seeds.
  sim_demand <- function(seed, n = 1680) {
    set.seed(seed)
    tt <- as.POSIXct("2024-03-04", tz = "UTC") + 1800 * (seq_len(n) - 1)
    lt <- as.POSIXlt(tt)
    hh <- lt$hour + lt$min / 60
    y <- 100 - 12 * cos(2 * pi * (hh - 3) / 24) - 8 * (lt$wday %in% c(0, 6)) * (hh >= 7 & hh <= 22) -
      0.02 * seq_len(n) + as.numeric(stats::arima.sim(list(ar = 0.98), n, sd = 0.4))
    data.frame(time = tt, demand = y)
  }
  for (seed in 1:5)
    expect_identical(recurrent:::fc_shown_periods(sim_demand(seed)$demand, c(48L, 336L)), c(48L, 336L))
  d <- sim_demand(1, 1680 + 432)
  fit <- rnn_fit(d[1:1680, ], verbose = FALSE)
  expect_identical(fit$models[[1]]$shown, c(48L, 336L))
  # the forecast's weekend daytime (days 6 and 7 of the forecast, which
  # starts on a Monday) is lower than that of the Friday before and the
  # Monday after (symmetric about it, so the level's fall cancels) by about
  # the simulated 8
  f <- as.numeric(predict(fit, h = 432)$mean)
  lt <- as.POSIXlt(d$time[1680 + 1:432])
  day <- lt$hour >= 7 & lt$hour <= 21
  dip <- mean(f[day & lt$wday %in% c(5, 1) & seq_len(432) > 48]) - mean(f[day & lt$wday %in% c(0, 6)])
  expect_gt(dip, 5)
  expect_lt(dip, 11)
  # hourly weather: a daily cycle and persistent deviations, no week. The
  # share of windows that show one (1% over 200 seeds) stays small.
  weekly <- vapply(1:100, function(seed) {
    set.seed(seed)
    y <- 10 + 3 * sin(2 * pi * (1:1440) / 24) + as.numeric(stats::arima.sim(list(ar = 0.97), 1440, sd = 0.5))
    168L %in% recurrent:::fc_shown_periods(y, c(24L, 168L))
  }, NA)
  expect_lte(sum(weekly), 5)
})

test_that("a random walk is forecast by its last value with intervals that follow volatility", {
  set.seed(3)
  calm <- cumsum(rnorm(400, sd = 1))
  burst <- tail(calm, 1) + cumsum(rnorm(30, sd = 6))
  after_burst <- ts(100 + c(calm, burst), frequency = 5)
  after_calm <- ts(100 + c(calm, burst, tail(burst, 1) + cumsum(rnorm(150, sd = 1))), frequency = 5)
  f1 <- rnn_fit(after_burst, verbose = FALSE)
  f2 <- rnn_fit(after_calm, verbose = FALSE)
  expect_s3_class(f1, "rnn_seasonal")
  expect_identical(f1$models[[1]]$type, "random walk")
  expect_identical(f2$models[[1]]$type, "random walk")
  p1 <- predict(f1, h = 10)
  p2 <- predict(f2, h = 10)
  expect_equal(as.numeric(p1$mean), rep(as.numeric(tail(after_burst, 1)), 10))
  w <- function(p) as.numeric(p$upper[, 2] - p$lower[, 2])
  expect_gt(w(p1)[1], 2 * w(p2)[1])
  expect_true(all(diff(w(p1)) > 0))
})

test_that("weekly closes take the weekly random walk's width factors", {
  # the same values as Friday closes and as business-day closes: the same
  # last value, and half-widths in the ratio of the two types' factors
  set.seed(4)
  close <- 100 * exp(cumsum(rnorm(260, sd = 0.02)))
  fridays <- seq(as.Date("2019-01-04"), by = "week", length.out = 260)
  days <- seq(as.Date("2019-01-01"), by = "day", length.out = 400)
  days <- days[!weekdays(days) %in% c("Saturday", "Sunday")][1:260]
  fw <- rnn_fit(data.frame(date = fridays, close), verbose = FALSE)
  fd <- rnn_fit(data.frame(date = days, close), verbose = FALSE)
  expect_identical(fw$models[[1]]$type, "random walk")
  expect_identical(fd$models[[1]]$type, "random walk")
  expect_true(fw$models[[1]]$weekly)
  expect_false(isTRUE(fd$models[[1]]$weekly))
  expect_identical(recurrent:::fc_seasonal_width_type(fw$models[[1]]), "random_walk_weekly")
  expect_identical(recurrent:::fc_seasonal_width_type(fd$models[[1]]), "random walk")
  pw <- predict(fw, h = 4)
  pd <- predict(fd, h = 4)
  expect_equal(as.numeric(pw$mean), as.numeric(pd$mean))
  lw <- log(as.numeric(pw$upper)) - log(as.numeric(pw$mean))
  ld <- log(as.numeric(pd$upper)) - log(as.numeric(pd$mean))
  fac <- function(type) rep(recurrent:::fc_width_factor(type, c(80, 95)), each = 4)
  expect_equal(lw / ld, fac("random_walk_weekly") / fac("random walk"), tolerance = 1e-8)
  expect_true(all(lw > ld))
})

test_that("half-hourly data take the sub-hourly width factors; hourly data do not", {
  # the same values every half hour and every hour: only the half-hourly model
  # is sub-hourly, and flipping the flag scales the half-widths by the ratio
  # of the two types' factors
  d <- sim_hourly(24 * 30, 6)
  half_hourly <- data.frame(time = as.POSIXct("2024-01-01", tz = "UTC") + 1800 * (seq_len(nrow(d)) - 1),
                            load = d$load)
  mh <- rnn_fit(d, verbose = FALSE)$models[[1]]
  ms <- rnn_fit(half_hourly, verbose = FALSE)$models[[1]]
  expect_false(mh$subhourly)
  expect_true(ms$subhourly)
  expect_identical(recurrent:::fc_seasonal_width_type(ms), "seasonal_subhourly")
  # without timestamps: a frequency that is a whole number of 48 (a day or
  # a week of half hours), not a week of hours
  expect_true(rnn_fit(ts(d$load, frequency = 48), verbose = FALSE)$models[[1]]$subhourly)
  expect_false(rnn_fit(ts(d$load, frequency = 168), verbose = FALSE)$models[[1]]$subhourly)
  for (lev in c(80, 95))
    expect_equal(width_ratio(ms, "subhourly", half_hourly$load, 48, lev),
                 rep(width_factor_ratio("seasonal_subhourly", lev), 48))
  # and widen more for few independent windows (long horizons): 1 + 1.5 /
  # n_eff against 1 + 0.7 / n_eff, on the same origins
  a <- recurrent:::fc_seasonal_fit(d$load, c(24, 168), 168, subhourly = FALSE)
  b <- recurrent:::fc_seasonal_fit(d$load, c(24, 168), 168, subhourly = TRUE)
  expect_equal((b$widen - 1) / (a$widen - 1), rep(1.5 / 0.7, 168))
  expect_gt(b$widen[168], b$widen[1])
})

test_that("hourly and business-day data frames get the right timestamps", {
  d <- sim_hourly(24 * 30, 4)
  fc <- predict(rnn_fit(d, verbose = FALSE), h = 30)
  expect_equal(fc$time, max(d$time) + 3600 * (1:30))
  set.seed(5)
  days <- seq(as.Date("2023-01-02"), by = "day", length.out = 700)
  days <- days[!weekdays(days) %in% c("Saturday", "Sunday")]
  px <- data.frame(date = days, close = 100 * exp(cumsum(rnorm(length(days), sd = 0.01))))
  fit <- rnn_fit(px, verbose = FALSE)
  expect_s3_class(fit, "rnn_seasonal")
  fc <- predict(fit, h = 10)
  expect_s3_class(fc$time, "Date")
  expect_false(any(weekdays(fc$time) %in% c("Saturday", "Sunday")))
  expect_equal(fc$time[1], max(days) + if (weekdays(max(days)) == "Friday") 3 else 1)
  expect_equal(length(unique(fc$time)), 10)
})

test_that("the seasonal fit is deterministic, forecasts beyond its horizon, and says what it is", {
  d <- sim_hourly(24 * 40, 6)
  a <- rnn_fit(d, verbose = FALSE)
  b <- rnn_fit(d, verbose = FALSE)
  expect_identical(a$models, b$models)
  expect_equal(a$horizon, 48L)
  long <- predict(a, h = 100)
  expect_equal(length(long$mean), 100)
  expect_true(all(is.finite(long$upper)) && all(long$upper[, 2] >= long$upper[, 1]))
  out <- capture.output(print(a))
  expect_true(any(grepl("networks: +none trained", out)))
  expect_true(any(grepl("model: +(average of )?(direct seasonal regression|MSTL)", out)))
  expect_length(recurrent:::fc_selection_lines(a), 0)
  # three or more members read as a list: their own names hold "and"
  three <- recurrent:::fc_seasonal_members_text(list(shown = 7, weights = c(direct = 0.2, mstl = 0, fourier = 0.3, fourier_level = 0.5)))
  expect_identical(three, paste("average of direct seasonal regression, harmonic regression + AR on",
                                "differences and harmonic regression + AR about the level"))
  expect_identical(recurrent:::fc_seasonal_members_text(list(shown = integer(), weights = c(mstl = 1))),
                   "AR on differences")
  # the networks when asked for
  l <- rnn_fit(d, pretrained = "none", repeats = 1, hidden = 4, epochs = 2, verbose = FALSE)
  expect_s3_class(l, "rnn_local")
  # given the local model's arguments: the local model
  expect_s3_class(rnn_fit(d, hidden = 4, repeats = 1, epochs = 2, verbose = FALSE), "rnn_local")
})

test_that("too short a high-frequency series falls back to the network model", {
  d <- sim_hourly(150, 7)
  expect_error(recurrent:::fc_seasonal_fit(d$load, c(24L, 168L), 48L),
               class = "recurrent_error_too_short")
  fit <- rnn_fit(d, repeats = 1, epochs = 2, verbose = FALSE, pretrained = "auto")
  expect_false(inherits(fit, "rnn_seasonal"))
})

test_that("the validator names a field altered by hand", {
  fit <- rnn_fit(sim_hourly(24 * 30, 8), verbose = FALSE)
  bad <- fit
  bad$models[[1]]$mean <- bad$models[[1]]$mean[1:3]
  expect_error(predict(bad, h = 3), "models\\[\\[1\\]\\]", class = "recurrent_error_invalid_object")
  bad <- fit
  bad$models[[1]]$origin_vol <- bad$models[[1]]$origin_vol[-1]
  expect_error(predict(bad, h = 3), "models\\[\\[1\\]\\]", class = "recurrent_error_invalid_object")
  bad <- fit
  bad$horizon <- 0L
  expect_error(print(bad), "`horizon`", class = "recurrent_error_invalid_object")
})

test_that("the seasonal model's intervals follow the root of the volatility now", {
  # on the pool the rolling-origin errors grew with the volatility at their
  # origins far less than in proportion (fc_vol_scale()): four times the
  # recent volatility doubles the intervals' half-widths, and the mean stays
  d <- sim_hourly(24 * 40, 9)
  m <- recurrent:::fc_seasonal_fit(d$load, c(24L, 168L), 24L)
  expect_identical(m$type, "seasonal")
  expect_length(m$origin_vol, nrow(m$scaled))
  calm <- recurrent:::fc_seasonal_forecast(m, d$load, 24L, c(80, 95))
  m$vol <- 4 * m$vol
  busy <- recurrent:::fc_seasonal_forecast(m, d$load, 24L, c(80, 95))
  expect_equal(busy$mean, calm$mean)
  expect_equal(busy$upper - busy$mean, 2 * (calm$upper - calm$mean))
  expect_equal(busy$mean - busy$lower, 2 * (calm$mean - calm$lower))
})

test_that("the seasonal model's intervals cover about as they say on simulated series", {
  inside <- coverage_of(11:16, function(seed) sim_hourly(24 * 50 + 48, seed), "load", 48)
  expect_gt(mean(inside[[1]]), 0.65)
  expect_lt(mean(inside[[1]]), 0.95)
  expect_gt(mean(inside[[2]]), 0.85)
  # and the 95% interval contains the 80% one
  expect_true(mean(inside[[2]]) >= mean(inside[[1]]))
})

test_that("intervals follow the hour of the day the steps fall at", {
  # noise 6 times larger from noon to 6 pm; the series ends at 11 pm, so
  # steps 13-19 fall in the noisy afternoon and steps 1-7 in the calm night.
  # Rolling origins at mixed hours would give every step about the same width.
  set.seed(31)
  n <- 24 * 40
  tt <- as.POSIXct("2024-03-04", tz = "UTC") + 3600 * (seq_len(n) - 1)
  hr <- as.POSIXlt(tt)$hour
  y <- 20 + 5 * sin(2 * pi * hr / 24) + rnorm(n, sd = ifelse(hr >= 12 & hr <= 18, 3, 0.5))
  fit <- rnn_fit(data.frame(time = tt, temp = y), verbose = FALSE)
  expect_s3_class(fit, "rnn_seasonal")
  fc <- predict(fit, h = 24, level = 80)
  width <- as.numeric(fc$upper - fc$lower)
  step_hour <- as.POSIXlt(tt[n] + 3600 * (1:24))$hour
  expect_gt(mean(width[step_hour >= 13 & step_hour <= 17]),
            2 * mean(width[step_hour >= 1 & step_hour <= 5]))
})

test_that("returns (noise about a level) are forecast no worse than their mean", {
  set.seed(21)
  err <- c(model = 0, mean = 0)
  for (s in 1:6) {
    days <- seq(as.Date("2020-01-06"), by = "day", length.out = 800)
    days <- days[!format(days, "%u") %in% c("6", "7")][1:520]
    r <- rnorm(520, 0.0005, 0.01)
    fit <- rnn_fit(data.frame(date = days[1:500], ret = r[1:500]), verbose = FALSE)
    expect_identical(fit$models[[1]]$type, "seasonal")
    f <- as.numeric(predict(fit, h = 20)$mean)
    err <- err + c(mean(abs(r[501:520] - f)), mean(abs(r[501:520] - mean(r[1:500]))))
  }
  expect_lte(err[["model"]], 1.01 * err[["mean"]])
})

# Weekly values with a yearly cycle (52.18 weeks), a slowly wandering level
# and noise; `n` weeks from 2015-01-05 (a Monday).
sim_weekly <- function(n, seed) {
  set.seed(seed)
  wk <- seq_len(n) - 1
  y <- 100 + 15 * cos(2 * pi * wk / (365.25 / 7)) + cumsum(rnorm(n, 0, 0.8)) + rnorm(n, 0, 2)
  data.frame(date = as.Date("2015-01-05") + 7 * wk, demand = y)
}

test_that("a short weekly window keeps its yearly cycle: no direct regression that drops it", {
  err <- c(model = 0, naive = 0)
  for (seed in 1:4) {
    d <- sim_weekly(110 + 13, seed)
    fit <- rnn_fit(d[1:110, ], horizon = 13, verbose = FALSE)
    m <- fit$models[[1]]
    expect_identical(m$shown, 52L)
    # 52 weeks is more than a third of 110: the direct regression would
    # forecast without the year
    expect_false("direct" %in% names(m$weights))
    expect_true(all(c("mstl", "mstl_es") %in% names(m$weights)))
    expect_true(m$weekly)
    f <- as.numeric(predict(fit, h = 13)$mean)
    actual <- d$demand[110 + 1:13]
    err <- err + c(mean(abs(actual - f)), mean(abs(actual - d$demand[110])))
  }
  expect_lt(err[["model"]], 0.7 * err[["naive"]])
})

test_that("weekly data that show the year get harmonic members at 52.18 weeks", {
  # a smooth annual curve about a steady level with persistent noise: the
  # harmonic regression about the level is the model that generated it
  picked <- 0
  err <- c(model = 0, snaive = 0)
  for (seed in 1:4) {
    set.seed(seed)
    n <- 5 * 52 + 10
    d <- seq(as.Date("2015-01-05"), by = "week", length.out = n + 13)
    tt <- as.numeric(d - d[1]) / 365.25
    y <- 500 + 60 * cos(2 * pi * tt) + 20 * sin(4 * pi * tt) +
      as.numeric(stats::arima.sim(list(ar = 0.6), n + 13, sd = 8))
    fit <- rnn_fit(data.frame(week = d[1:n], demand = y[1:n]), horizon = 13, verbose = FALSE)
    m <- fit$models[[1]]
    expect_equal(m$harmonic, 365.25 / 7)
    expect_true(all(c("fourier", "fourier_level") %in% names(m$weights)))
    picked <- picked + (sum(m$weights[c("fourier", "fourier_level")]) > 0)
    f <- as.numeric(predict(fit, h = 13)$mean)
    err <- err + c(mean(abs(y[n + 1:13] - f)), mean(abs(y[n + 1:13] - y[n - 52 + 1:13])))
  }
  expect_gte(picked, 3)
  expect_lt(err[["model"]], 0.8 * err[["snaive"]])
  expect_output(print(fit), "harmonic regression.*cycles of 52 steps \\(the harmonic terms at 52\\.18\\)")
})

test_that("predict() far beyond the fitted horizon of a short series says how to get such a forecast", {
  d <- sim_weekly(300, 1)
  fit <- rnn_fit(d, horizon = 13, verbose = FALSE)
  expect_error(predict(fit, h = 200),
               "too few for the seasonal model at horizon 200.*rnn_fit\\(y, horizon = 200\\)",
               class = "recurrent_error_too_short")
  expect_length(predict(fit, h = 52)$mean, 52)   # within reach: fitted again for 52
})

test_that("short hourly windows: the direct regression stays while it has a cycle, and fits predict", {
  # 450 hours with a strong weekend drop: shows 24 and 168; the regression
  # keeps 24 (168 is over a third of the window)
  set.seed(1)
  tt <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (seq_len(450) - 1)
  lt <- as.POSIXlt(tt)
  y <- 50 + 8 * sin(2 * pi * lt$hour / 24) - 10 * (lt$wday %in% c(0, 6)) + rnorm(450)
  fit <- rnn_fit(data.frame(time = tt, load = y), verbose = FALSE)
  expect_identical(fit$models[[1]]$shown, c(24L, 168L))
  expect_true("direct" %in% names(fit$models[[1]]$weights))
  expect_length(predict(fit, h = 24)$mean, 24)
  # 66 hours: the daily cycle is over a third of the window, one member
  d <- sim_hourly(66, 4)
  fit <- rnn_fit(d, horizon = 6, verbose = FALSE)
  m <- fit$models[[1]]
  if (identical(m$type, "seasonal") && length(m$shown)) {
    expect_identical(names(m$weights), "mstl")
  }
  expect_true(all(is.finite(predict(fit, h = 6)$mean)))
  expect_output(print(fit), "seasonal")
})

test_that("a window under two weeks forecasts the weekend by the value a week before", {
  # 10 days of hourly counts with commuter peaks on weekdays and a quiet
  # weekend, Tuesday to Thursday: too short to show the week, and the daily
  # models forecast Saturday as a weekday
  set.seed(7)
  tt <- as.POSIXct("2024-01-02", tz = "UTC") + 3600 * (0:287)
  lt <- as.POSIXlt(tt)
  wkend <- lt$wday %in% c(0, 6)
  mu <- ifelse(wkend, 60 + 40 * sin(pi * pmax(0, lt$hour - 9) / 12) * (lt$hour >= 9 & lt$hour <= 21),
               30 + 400 * exp(-(lt$hour - 8)^2 / 2) + 350 * exp(-(lt$hour - 17)^2 / 2))
  y <- rpois(288, mu)
  d <- data.frame(time = tt[1:240], count = y[1:240])
  fit <- rnn_fit(d, verbose = FALSE)
  m <- fit$models[[1]]
  expect_false(168L %in% m$shown)
  expect_true("snaive_week" %in% names(m$weights))
  expect_gt(m$weights[["snaive_week"]], 0)
  expect_output(print(fit), "the value a week before")
  fc <- predict(fit, h = 48)
  future <- y[241:288]
  expect_lt(mean(abs(fc$mean - future)), 0.5 * mean(abs(rep(y[217:240], 2) - future)))
  # where the window can test the week, the cycles decide; without a day of
  # intraday steps, or with too few values for a week before the origins, none
  expect_identical(recurrent:::fc_untested_week(240L, 24L, 48L), 168L)
  expect_identical(recurrent:::fc_untested_week(480L, 48L, 96L), 336L)
  expect_null(recurrent:::fc_untested_week(400L, c(24L, 168L), 48L))
  expect_null(recurrent:::fc_untested_week(200L, 24L, 48L))
  expect_null(recurrent:::fc_untested_week(100L, 7L, 14L))
  expect_null(recurrent:::fc_untested_week(200L, 52L, 13L))
})

test_that("weekly steps are known from dates or a ts of frequency 52; hourly ones are not weekly", {
  d <- sim_weekly(200, 1)
  expect_true(rnn_fit(ts(d$demand, frequency = 52), horizon = 13, verbose = FALSE)$models[[1]]$weekly)
  h <- rnn_fit(sim_hourly(24 * 30, 1), verbose = FALSE)$models[[1]]
  expect_false(h$weekly)
  expect_false("mstl_es" %in% names(h$weights))
})

test_that("weekly intervals cover about as they say on simulated series", {
  inside <- coverage_of(21:32, function(seed) sim_weekly(260 + 13, seed), "demand", 13,
                        horizon = 13)
  expect_gt(mean(inside[[1]]), 0.7)
  expect_lt(mean(inside[[1]]), 0.9)
  expect_gt(mean(inside[[2]]), 0.87)
  expect_true(mean(inside[[2]]) >= mean(inside[[1]]))
})

test_that("rolling origins leave two cycles of the longest period where enough of them fit", {
  # 130 weeks, h = 13, a 52-week cycle: origins from 105 values on (two cycles)
  os <- recurrent:::fc_rolling_origins(130L, 13L, 24L, 0.5, period = 52L, min_train = 105L)
  expect_gte(min(os), 105L)
  expect_lte(max(os), 130L - 13L)
  expect_gte(length(os), 6L)
  # 112 weeks leave 0 such origins (fewer than a quarter of 24): the last half
  os <- recurrent:::fc_rolling_origins(112L, 13L, 24L, 0.5, period = 52L, min_train = 105L)
  expect_identical(min(os), 56)
})

test_that("the MSTL member with a smoothed level forecasts the last cycle about the level", {
  set.seed(5)
  n <- 24 * 21
  lev <- c(rep(10, n - 100), rep(14, 100))
  y <- lev + 3 * sin(2 * pi * seq_len(n) / 24) + rnorm(n, 0, 0.3)
  f <- recurrent:::fc_mstl_es_fit(y, 24L, 48L)
  truth <- 14 + 3 * sin(2 * pi * (n + 1:48) / 24)
  expect_lt(mean(abs(f$mean - truth)), 0.3)
  expect_length(f$fitted, n)
  expect_true(is.na(f$fitted[1]) && all(is.finite(f$fitted[-(1:31)])))
  expect_lt(mean(abs(f$fitted - y), na.rm = TRUE), 0.6)
})

test_that("a series that starts with a long stretch of zeros fits without warnings", {
  # weekly generation of a plant that came online after 111 weeks: the
  # autoregressions on differences that are zero for years are singular
  set.seed(2)
  wk <- seq_len(260) - 1
  y <- c(rep(0, 111), round(250 + 60 * cos(2 * pi * wk[112:260] / 52.18) + rnorm(149, 0, 80)))
  d <- data.frame(date = as.Date("2010-01-04") + 7 * wk, mw = y)
  expect_warning(fit <- rnn_fit(d, verbose = FALSE), NA)
  expect_s3_class(fit, "rnn_seasonal")
  expect_true(all(is.finite(predict(fit, h = 13)$mean)))
})

# Daily values with a yearly cycle, a weekly one (weekends lower) and
# autocorrelated noise; `n` days from 2016-01-01.
sim_daily_years <- function(n, seed) {
  set.seed(seed)
  d <- as.Date("2016-01-01") + seq_len(n) - 1
  y <- 100 + 20 * cos(2 * pi * (as.numeric(format(d, "%j")) - 15) / 365.25) -
    6 * (format(d, "%u") %in% c("6", "7")) + as.numeric(stats::arima.sim(list(ar = 0.7), n, sd = 2))
  data.frame(date = d, demand = y)
}

test_that("daily data of two years or more show the year (365 days) and the forecast follows it", {
  err <- c(model = 0, week = 0)
  for (seed in 1:4) {
    # origins in spring and autumn, where the yearly cycle moves the level most
    n <- 3 * 365 + c(90, 270)[seed %% 2 + 1]
    d <- sim_daily_years(n + 28, seed)
    fit <- rnn_fit(d[1:n, ], horizon = 28, verbose = FALSE)
    m <- fit$models[[1]]
    expect_identical(m$shown, c(7L, 365L))
    expect_true(m$daily)
    expect_identical(names(m$mae), c("direct", "mstl", "fourier", "fourier_level"))
    # the plot title names what forecasts: an average only of several members
    used <- names(m$weights)[m$weights > 0]
    title <- recurrent:::fc_method(fit)
    expect_identical(startsWith(title, "Average of "), length(used) > 1)
    harmonic <- any(c("fourier", "fourier_level") %in% used)
    expect_identical(grepl("armonic regression", title), harmonic)
    f <- as.numeric(predict(fit, h = 28)$mean)
    # the same model with the week alone (the default before the year was a
    # period): its level follows the last weeks, not the time of year
    y <- d$demand[1:n]
    wk <- recurrent:::fc_seasonal_fit(y, 7L, 28)
    expect_identical(wk$shown, 7L)
    fw <- recurrent:::fc_seasonal_forecast(wk, y, 28, 80)$mean
    actual <- d$demand[n + 1:28]
    err <- err + c(mean(abs(actual - f)), mean(abs(actual - fw)))
  }
  expect_lt(err[["model"]], 0.85 * err[["week"]])
  # its intervals take the width factors of daily data with the year (fitted
  # on the pool's daily load) instead of the other seasonal models' ones
  for (lev in c(80, 95))
    expect_equal(width_ratio(m, "daily", d$demand[1:n], 28, lev),
                 rep(width_factor_ratio("seasonal_yearly", lev), 28))
  # under two years the year cannot show: the week alone for the direct
  # regression and the decomposition; the harmonic regressions take the
  # calendar's year from one year of data on (a model that uses it while
  # not shown says so)
  fit <- rnn_fit(sim_daily_years(600, 1), horizon = 28, verbose = FALSE)
  m <- fit$models[[1]]
  expect_identical(m$shown, 7L)
  expect_identical(m$harmonic, c(7, 365.25))
  with_year <- m
  with_year$weights[] <- c(0, 0, 1, 0)
  expect_match(recurrent:::fc_seasonal_label(with_year), "harmonic terms of the year (365.25 days) too, too few years", fixed = TRUE)
  with_year$weights[] <- c(0.5, 0.5, 0, 0)
  expect_false(grepl("365.25", recurrent:::fc_seasonal_label(with_year)))
  expect_identical(rnn_fit(sim_daily_years(300, 1), horizon = 28, verbose = FALSE)$models[[1]]$harmonic, 7)
  # with the year shown it is named once, in the cycles
  m3 <- rnn_fit(sim_daily_years(3 * 365, 1), horizon = 28, verbose = FALSE)$models[[1]]
  expect_identical(m3$harmonic, c(7, 365.25))
  m3$weights[] <- c(0, 0, 1, 0)
  expect_false(grepl("terms of the year", recurrent:::fc_seasonal_label(m3)))
  # a random walk of daily prices shows no year either
  set.seed(2)
  p <- data.frame(date = as.Date("2015-01-01") + 0:1199, close = 100 * exp(cumsum(rnorm(1200, 0, 0.01))))
  expect_identical(rnn_fit(p, verbose = FALSE)$models[[1]]$type, "random walk")
})

test_that("the harmonic regression follows a yearly curve from the last level", {
  set.seed(5)
  n <- 1096   # three years: the origin where the curve rises fastest
  t <- seq_len(n + 60)
  curve <- 10 * sin(2 * pi * t / 365.25) + 3 * cos(4 * pi * t / 365.25)
  y <- 50 + curve + as.numeric(stats::arima.sim(list(ar = 0.5), n + 60, sd = 0.3))
  f <- recurrent:::fc_fourier_fit(y[1:n], c(7, 365.25), 60)
  expect_length(f$mean, 60)
  expect_length(f$fitted, n)
  expect_true(is.na(f$fitted[1]) && all(is.finite(f$fitted[-(1:31)])))
  # within the noise of the curve 60 days on (a naive forecast is off by
  # the curve's change: several units)
  expect_lt(mean(abs(f$mean - (50 + curve[n + 1:60]))), 0.6)
  expect_gt(mean(abs(y[n] - (50 + curve[n + 1:60]))), 3)
  # under a year the year is left out: the autoregression alone, finite;
  # from one year it is fitted, if from one cycle only
  for (level in c(FALSE, TRUE)) {
    g <- recurrent:::fc_fourier_fit(y[1:300], c(7, 365.25), 30, level = level)
    expect_true(all(is.finite(g$mean)))
    expect_length(g$fitted, 300)
  }
  g <- recurrent:::fc_fourier_fit(y[1:500], c(7, 365.25), 60, level = TRUE)
  expect_lt(mean(abs(g$mean - (50 + curve[500 + 1:60]))), 1.5)
  # hourly data and a ts of frequency 7 without dates do not get the member
  d <- sim_hourly(24 * 30, 1)
  expect_false("fourier" %in% names(rnn_fit(d, verbose = FALSE)$models[[1]]$mae))
  z <- stats::ts(sim_daily_years(800, 2)$demand, frequency = 7)
  m <- rnn_fit(z, verbose = FALSE)$models[[1]]
  expect_false(isTRUE(m$daily))
  expect_false("fourier" %in% names(m$mae))
})

test_that("the harmonic regression about the level lets a departure from the curve fade", {
  # three years of a yearly curve plus long, stationary departures (AR 0.95:
  # spells that last weeks), each forecast from the day of the largest
  # departure in the last 100 (known at the origin). 28 days on, the form
  # about the level has most of it fade, as the simulation does; the one in
  # differences carries more of it on
  err <- c(level = 0, differences = 0)
  for (seed in 1:6) {
    set.seed(seed)
    t <- seq_len(1124)
    u <- as.numeric(stats::arima.sim(list(ar = 0.95), 1124, sd = 1))
    y <- 100 + 15 * cos(2 * pi * t / 365.25) + u
    n <- 996 + which.max(abs(u[997:1096]))
    a <- recurrent:::fc_fourier_fit(y[1:n], c(7, 365.25), 28, level = TRUE)
    b <- recurrent:::fc_fourier_fit(y[1:n], c(7, 365.25), 28)
    expect_length(a$mean, 28)
    expect_true(all(is.finite(a$fitted[-(1:30)])))
    err <- err + c(mean(abs(y[n + 1:28] - a$mean)), mean(abs(y[n + 1:28] - b$mean)))
  }
  expect_lt(err[["level"]], 0.6 * err[["differences"]])
})

test_that("a long gap that is interpolated warns, and its straight line does not set the intervals", {
  # 60 days of hourly data with a daily cycle, days 21-40 missing: filled by
  # a straight line, whose volatility is near zero, the rolling origins there
  # used to give 95% intervals 250 times the series' range
  set.seed(3)
  n <- 24 * 60
  hour <- (seq_len(n) - 1) %% 24
  y <- 100 + 80 * sin(2 * pi * hour / 24) + as.numeric(arima.sim(list(ar = 0.8), n, sd = 8))
  full <- y
  y[(24 * 20 + 1):(24 * 40)] <- NA
  time <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (seq_len(n) - 1)
  expect_warning(fit <- rnn_fit(data.frame(time, y), na_action = "interpolate"),
                 "480 values in a row \\(2024-01-21 00:00 to 2024-02-09 23:00\\) were interpolated",
                 class = "recurrent_warning_interpolated")
  expect_s3_class(fit, "rnn_seasonal")
  fc <- predict(fit, h = 48)
  ref <- predict(rnn_fit(data.frame(time, y = full)), h = 48)
  w <- function(f) max(f$upper[, 2] - f$lower[, 2])
  expect_lt(w(fc), 2 * w(ref))
  # beyond the fitted horizon (48) the model is refitted, leaving them out too
  expect_lt(w(predict(fit, h = 60)), 2 * w(predict(rnn_fit(data.frame(time, y = full)), h = 60)))
  # the same gap given as missing timestamps, filled by regularise = TRUE
  keep <- !is.na(y)
  expect_warning(fit2 <- rnn_fit(data.frame(time = time[keep], y = y[keep]), regularise = TRUE),
                 class = "recurrent_warning_interpolated")
  expect_equal(predict(fit2, h = 48)$upper, fc$upper)
  # a gap within a day is no warning
  y2 <- full
  y2[100:110] <- NA
  expect_no_warning(rnn_fit(data.frame(time, y = y2), na_action = "interpolate"))
})

test_that("a stretch on one straight line (filled by hand, a stuck sensor, zeros) does not set the intervals", {
  # the same 60 days without timestamps, days 21-40 a line or zeros: the
  # rolling origins there had volatilities near zero, and 95% intervals
  # 500 (line) and 3 million (zeros) times as wide as the series' own
  set.seed(3)
  n <- 24 * 60
  hour <- (seq_len(n) - 1) %% 24
  full <- 100 + 80 * sin(2 * pi * hour / 24) + as.numeric(arima.sim(list(ar = 0.8), n, sd = 8))
  gap <- (24 * 20 + 1):(24 * 40)
  w <- function(y) {
    f <- predict(rnn_fit(ts(y, frequency = 24)), h = 48)
    max(f$upper[, 2] - f$lower[, 2])
  }
  ref <- w(full)
  y <- full
  y[gap] <- seq(full[gap[1] - 1], full[gap[length(gap)] + 1], length.out = length(gap) + 2)[-c(1, length(gap) + 2)]
  expect_lt(w(y), 2 * ref)
  y[gap] <- 0
  expect_lt(w(y), 2 * ref)
  # which values lie on such a run: more than `len` of them
  expect_equal(which(recurrent:::fc_straight_runs(c(5, 1, 2, 3, 4, 5, 9, 0, 0, 0, 7), 3)), 2:6)
  expect_false(any(recurrent:::fc_straight_runs(c(5, 1, 2, 3, 9, 0, 0, 0, 7), 3)))
})

test_that("the print of many seasonal series says which members forecast how many of them", {
  # business days: two series with a weekly cycle, one random walk (prices)
  set.seed(8)
  days <- seq(as.Date("2022-01-03"), by = "day", length.out = 420)
  tt <- days[!format(days, "%u") %in% c("6", "7")]
  n <- length(tt)
  wd <- as.POSIXlt(tt)$wday
  cyc <- function() 20 + 5 * (wd == 1) - 3 * (wd == 5) + as.numeric(arima.sim(list(ar = 0.9), n))
  long <- data.frame(key = rep(c("a", "b", "p"), each = n), time = rep(tt, 3),
                     value = c(cyc(), cyc(), 100 * exp(cumsum(rnorm(n, sd = 0.01)))))
  fit <- rnn_fit(long, key = "key", index = "time", value = "value")
  expect_s3_class(fit, "rnn_seasonal")
  out <- paste(capture.output(print(fit)), collapse = "\n")
  txt <- vapply(fit$models[1:2], recurrent:::fc_seasonal_members_text, "")
  counts <- table(txt)
  for (m in names(counts))
    expect_match(out, paste(counts[[m]], "by", sub("^average", "the average", m)), fixed = TRUE)
  expect_match(out, "2 seasonal (", fixed = TRUE)
  expect_match(out, "1 random walk with volatility intervals", fixed = TRUE)
})

test_that("the covariates' regression recovers known effects, controls the cycles and holds the range", {
  set.seed(11)
  n <- 24 * 40
  t <- seq_len(n)
  x <- 15 + 5 * sin(2 * pi * (t - 9) / 24) + as.numeric(arima.sim(list(ar = 0.9), n, sd = 1))
  X <- cbind(temp = x)
  c0 <- mean(x)
  # demand: a daily cycle of its own, and a U-shaped effect of temperature
  y <- 50 + 4 * cos(2 * pi * t / 24) + 2 * (x - c0) + 0.5 * (x - c0)^2
  cov <- recurrent:::fc_covariate_fit(y, X, c(24, 168))
  expect_identical(cov$names, "temp")
  expect_equal(cov$coef, c(2, 0.5), tolerance = 1e-8)
  expect_equal(cov$center, c(temp = c0))
  # the part taken out leaves the cycle and the level
  left <- y - recurrent:::fc_covariate_part(cov, X)
  expect_equal(left, 50 + 4 * cos(2 * pi * t / 24), tolerance = 1e-8)
  # future covariates are held to the range of the fit
  far <- cbind(temp = c(max(x) + 20, min(x) - 20))
  expect_equal(recurrent:::fc_covariate_part(cov, far),
               recurrent:::fc_covariate_part(cov, cbind(temp = c(max(x), min(x)))))
  # a covariate that never varies gets no effect, not NA
  cov0 <- recurrent:::fc_covariate_fit(y, cbind(temp = x, one = 1), c(24, 168))
  expect_equal(cov0$coef[c(2, 4)], c(0, 0))
})

test_that("a high-frequency series with covariates gets the seasonal model of what they leave", {
  set.seed(12)
  n <- 24 * 62
  tm <- as.POSIXct("2024-06-01", tz = "UTC") + 3600 * (seq_len(n) - 1)
  hr <- as.POSIXlt(tm)$hour
  temp <- 20 + 6 * sin(2 * pi * (hr - 9) / 24) + as.numeric(arima.sim(list(ar = 0.8), n, sd = 2.5))
  load <- 100 + 8 * sin(2 * pi * hr / 24) + 0.4 * (temp - 20)^2 + rnorm(n, sd = 0.5)
  fit_n <- 24 * 60
  d <- data.frame(time = tm[seq_len(fit_n)], load = load[seq_len(fit_n)])
  fut <- fit_n + 1:48
  fit <- rnn_fit(d, xreg = data.frame(temp = temp[seq_len(fit_n)]))
  expect_s3_class(fit, "rnn_seasonal")
  expect_identical(fit$models[[1]]$covariates$names, "temp")
  expect_true(any(grepl("^  covariates: temp \\(and the square\\)", capture.output(print(fit)))))
  # forecasts need the covariates' future values
  expect_error(predict(fit, h = 48), "`newxreg` is required", class = "recurrent_error")
  expect_error(predict(fit, h = 48, newxreg = data.frame(temp = temp[fut][1:10])),
               "at least `h` = 48 rows", class = "recurrent_error")
  fc <- predict(fit, newxreg = data.frame(temp = temp[fut]))
  expect_length(fc$mean, 48L)
  expect_identical(rownames(as.data.frame(fc))[1], "2024-07-31 00:00")
  expect_true(all(fc$lower[, "80%"] <= fc$mean & fc$mean <= fc$upper[, "80%"]))
  # with the covariate the forecast errs far less than the seasonal model without it
  plain <- predict(rnn_fit(d), h = 48)
  err <- function(f) mean(abs(as.numeric(f$mean) - load[fut]))
  expect_lt(err(fc), 0.7 * err(plain))
  # fitted values: the covariates' part added back, one per observation
  fv <- fitted(fit)
  expect_length(fv, fit_n)
  expect_lt(mean(abs(fv - load[seq_len(fit_n)]), na.rm = TRUE), 3)
  # newer observations cannot be used without their covariates
  expect_error(update(fit, d), class = "recurrent_error_newdata")
  # the validator names the covariates when they are altered
  bad <- fit
  bad$models[[1]]$covariates$coef <- 1
  expect_error(predict(bad, newxreg = data.frame(temp = temp[fut])), "covariates")
  # any argument of the network model still fits the network with the covariates
  net <- rnn_fit(d, xreg = data.frame(temp = temp[seq_len(fit_n)]), repeats = 0)
  expect_s3_class(net, "rnn_local")
  # a price (no cycle, drifting like a random walk) with a covariate keeps the
  # network model: a regression of its level on another drifting series
  # would be spurious
  days <- seq(as.Date("2022-01-03"), by = "day", length.out = 700)
  days <- days[!format(days, "%u") %in% c("6", "7")]
  set.seed(13)
  close <- 100 * exp(cumsum(rnorm(length(days), sd = 0.01)))
  other <- 50 * exp(cumsum(rnorm(length(days), sd = 0.01)))
  expect_false(inherits(rnn_fit(data.frame(date = days, close), xreg = data.frame(other)), "rnn_seasonal"))
})

# Dated input end to end: rnn_fit() on data frames, zoo/xts, tsibble, msts;
# forecasts carrying the next real timestamps; calendar covariates.

bdays <- function(from, n) {
  d <- seq(as.Date(from), by = "day", length.out = ceiling(n * 7 / 5) + 10)
  d[as.POSIXlt(d)$wday %in% 1:5][seq_len(n)]
}

test_that("business days with weekend gaps and holidays: the next timestamps skip weekends", {
  set.seed(1)
  d <- bdays("2024-01-01", 262)
  d <- d[-c(100, 180)]  # two holidays
  df <- data.frame(date = d, price = 100 + cumsum(rnorm(length(d))))
  fit <- rnn_fit(df, repeats = 0)
  expect_equal(fit_period(fit), 5L)
  out <- capture.output(print(fit))
  expect_match(out[2], "business days \\(Monday to Friday\\), 2 holidays skipped")
  expect_match(out[2], "seasonal periods 5")
  fc <- predict(fit, h = 6)
  last <- d[length(d)]
  expect_equal(fc$times, bdays(last + 1, 6))
  expect_true(all(as.POSIXlt(fc$times)$wday %in% 1:5))
  expect_s3_class(fc$mean, "ts")
  expect_equal(rownames(as.data.frame(fc)), format(fc$times))
  expect_match(capture.output(print(fc))[3], format(fc$times[1]))
})

test_that("daily data: three years of temperature forecast the annual cycle", {
  set.seed(42)
  d <- seq(as.Date("2021-01-01"), by = "day", length.out = 3 * 365)
  season <- function(dd) 12 + 9 * sin(2 * pi * (as.numeric(format(dd, "%j")) - 110) / 365.25)
  df <- data.frame(date = d, temp = season(d) + rnorm(length(d), sd = 2))
  fit <- rnn_fit(df, repeats = 0)
  expect_true("year" %in% names(fit_fourier(fit)$periods))
  expect_match(capture.output(print(fit))[2], "Fourier terms:.*annual")
  fc <- predict(fit, h = 200)
  expect_equal(fc$times, d[length(d)] + 1:200)
  expect_gt(cor(as.numeric(fc$mean), season(fc$times)), 0.9)
  # without the calendar covariates the cycle is lost
  fc0 <- predict(rnn_fit(df, repeats = 0, fourier = FALSE), h = 200)
  expect_lt(cor(as.numeric(fc0$mean), season(fc0$times)), 0.9)
})

hourly_load <- function(weeks = 8, extra = 48, seed = 3) {
  set.seed(seed)
  tm <- seq(as.POSIXct("2024-01-01 00:00", tz = "UTC"), by = "hour",
            length.out = weeks * 168 + extra)
  hr <- as.POSIXlt(tm)$hour
  wkend <- as.POSIXlt(tm)$wday %in% c(0, 6)
  prof <- ifelse(wkend, 50 + 8 * sin(2 * pi * (hr - 10) / 24),
                 60 + 25 * sin(2 * pi * (hr - 8) / 24) + 10 * (hr >= 9 & hr <= 17))
  data.frame(time = tm, load = prof + rnorm(length(tm), sd = 3))
}

test_that("hourly load with a weekly pattern beats seasonal naive, with calibrated intervals", {
  all <- hourly_load()
  n <- 8 * 168
  df <- all[seq_len(n), ]
  fit <- rnn_fit(df, repeats = 0)
  expect_equal(fit_period(fit), 24L)
  expect_match(capture.output(print(fit))[2], "hourly.*seasonal periods 24, 168")
  fc <- predict(fit, h = 48)
  expect_equal(format(fc$times[1], "%A %H:%M"), "Monday 00:00")
  expect_equal(fc$times, all$time[n + 1:48])
  act <- all$load[n + 1:48]
  snaive <- df$load[n - 24 + rep(1:24, 2)]
  rmse <- function(e) sqrt(mean(e^2))
  expect_lt(rmse(fc$mean - act), rmse(snaive - act))
  cover <- mean(act >= fc$lower[, "80%"] & act <= fc$upper[, "80%"])
  expect_gte(cover, 0.7)
  expect_lte(cover, 0.9)
})

test_that("xts and zoo in: timestamps out, and as.xts() of the forecast", {
  skip_if_not_installed("xts")
  set.seed(4)
  d <- seq(as.Date("2023-01-02"), by = "week", length.out = 120)
  v <- 10 + sin(2 * pi * seq_along(d) / 52) + rnorm(120, sd = 0.2)
  fit <- rnn_fit(xts::xts(v, d), repeats = 0)
  fc <- predict(fit, h = 4)
  expect_equal(fc$times, d[120] + 7 * (1:4))
  x <- xts::as.xts(fc)
  expect_s3_class(x, "xts")
  expect_equal(as.numeric(as.Date(zoo::index(x))), as.numeric(fc$times))
  expect_equal(as.numeric(x[, "Point Forecast"]), as.numeric(fc$mean))
  fcz <- predict(rnn_fit(zoo::zoo(v, d), repeats = 0), h = 4)
  expect_equal(fcz$times, fc$times)
  expect_equal(as.numeric(fcz$mean), as.numeric(fc$mean))
  # monthly zoo: month steps
  m <- seq(as.Date("2015-01-31"), by = "month", length.out = 1)
  mz <- zoo::zoo(as.numeric(AirPassengers), zoo::as.yearmon(time(AirPassengers)))
  fcm <- predict(rnn_fit(mz, repeats = 0), h = 3)
  expect_equal(rownames(as.data.frame(fcm)), c("Jan 1961", "Feb 1961", "Mar 1961"))
})

test_that("an undated xts forecast cannot be turned into xts", {
  skip_if_not_installed("xts")
  fc <- predict(rnn_fit(LakeHuron, repeats = 0), h = 2)
  expect_error(xts::as.xts(fc), "dated input", class = "recurrent_error")
})

test_that("tsibble in: the next timestamps", {
  # tsibble loads anytime, whose onLoad may warn about the system time zone
  if (!suppressWarnings(requireNamespace("tsibble", quietly = TRUE))) skip("tsibble not installed")
  set.seed(5)
  d <- as.Date("2024-01-01") + 0:199
  tsb <- tsibble::tsibble(date = d, value = sin(2 * pi * (0:199) / 7) + rnorm(200, sd = 0.1),
                          index = date)
  fc <- predict(rnn_fit(tsb, repeats = 0), h = 7)
  expect_equal(fc$times, d[200] + 1:7)
  # with a key it is many series: one global model, a forecast per key
  keyed <- tsibble::tsibble(date = rep(d[1:50], 2), k = rep(1:2, each = 50),
                            value = rnorm(100), index = date, key = k)
  fc2 <- predict(rnn_fit(keyed, repeats = 0), h = 3)
  expect_identical(names(fc2$forecast), c("1", "2"))
  expect_equal(fc2$forecast[["2"]]$times, d[50] + 1:3)
})

test_that("msts: its periods become the Fourier candidates and the ts axis continues", {
  skip_if_not_installed("forecast")
  set.seed(6)
  n <- 7 * 30 * 2
  v <- 10 + 3 * sin(2 * pi * (1:n) / 7) + 2 * sin(2 * pi * (1:n) / 30) + rnorm(n, sd = 0.3)
  y <- forecast::msts(v, seasonal.periods = c(7, 30))
  fit <- rnn_fit(y, repeats = 0, fourier = TRUE)
  expect_equal(unname(fit_fourier(fit)$periods), c(7, 30))
  expect_match(capture.output(print(fit))[2], "msts.*Fourier terms: period 7 K = 3, period 30 K = 5")
  fc <- predict(fit, h = 5)
  expect_null(fc$times)
  expect_equal(as.numeric(time(fc$mean)), tsp(y)[2] + (1:5) / frequency(y), tolerance = 1e-8)
})

test_that("irregular or duplicated timestamps: a classed error, or regularise = TRUE", {
  d <- as.Date("2024-01-01") + c(0:49, 80:129)
  df <- data.frame(date = d, v = rnorm(100))
  expect_error(rnn_fit(df, repeats = 0), "irregular", class = "recurrent_irregular_time")
  dd <- data.frame(date = as.Date("2024-01-01") + c(0:59, 59), v = rnorm(61))
  expect_error(rnn_fit(dd, repeats = 0), class = "recurrent_error")
  fit <- rnn_fit(dd, repeats = 0, regularise = TRUE)
  expect_equal(length(fit_x(fit)), 60L)
})

test_that("missing days of a dated series are named by date", {
  d <- as.Date("2024-01-01") + 0:99
  df <- data.frame(date = d[-c(20, 21, 50)], v = sin(1:97))
  expect_error(rnn_fit(df, repeats = 0),
               paste("3 missing values \\(3 at timestamps absent from the data, 0 NA\\) in 2 runs",
                     "of consecutive timestamps: 2024-01-20 to 2024-01-21, 2024-02-19"),
               class = "recurrent_error_missing")
  # an NA value beside the absent days is counted apart
  df$v[70] <- NA
  expect_error(rnn_fit(df, repeats = 0), "4 missing values \\(3 at timestamps absent from the data, 1 NA\\)",
               class = "recurrent_error_missing")
  # a dated series with NA values only: no word of absent timestamps
  expect_error(rnn_fit(data.frame(date = d, v = replace(sin(1:100), 5, NA)), repeats = 0),
               "has 1 missing value in 1 run", class = "recurrent_error_missing")
  df$v[70] <- 0
  fit <- rnn_fit(df, repeats = 0, na_action = "interpolate")
  expect_equal(predict(fit, h = 1)$times, d[100] + 1)
})

test_that("forecast(fit, y = newer) forecasts from the new data with the fitted model", {
  set.seed(7)
  d <- seq(as.Date("2023-01-01"), by = "day", length.out = 300)
  v <- 50 + 5 * sin(2 * pi * seq_along(d) / 7) + cumsum(rnorm(300, sd = 0.5))
  old <- data.frame(date = d[1:200], v = v[1:200])
  newer <- data.frame(date = d[101:300], v = v[101:300])
  fit <- rnn_fit(old, repeats = 0)
  fc <- predict(fit, h = 10)
  # the fitted data as newdata: the very same forecast
  same <- forecast(fit, y = old, h = 10)
  expect_equal(as.numeric(same$mean), as.numeric(fc$mean))
  expect_equal(same$upper, fc$upper)
  fcn <- forecast(fit, y = newer, h = 10)
  expect_equal(fcn$times, d[300] + 1:10)
  expect_false(isTRUE(all.equal(as.numeric(fcn$mean), as.numeric(fc$mean))))
  expect_equal(predict(fit, h = 10, newdata = newer)$mean, fcn$mean)
  expect_equal(tail(as.numeric(fcn$x), 1), v[300])
  # rescaled to the new data: ten times the series, ten times the forecast
  big <- transform(newer, v = 10 * v)
  fcb <- forecast(fit, y = big, h = 10)
  expect_equal(as.numeric(fcb$mean), 10 * as.numeric(fcn$mean), tolerance = 1e-8)
  expect_equal(fcb$upper[, 2] - fcb$lower[, 2], 10 * (fcn$upper[, 2] - fcn$lower[, 2]),
               tolerance = 1e-8)
  # ts fits take ts newdata
  fit2 <- rnn_fit(window(AirPassengers, end = c(1956, 12)), repeats = 0)
  fc2 <- forecast(fit2, y = AirPassengers, h = 3)
  expect_equal(as.numeric(time(fc2$mean)), 1961 + (0:2) / 12)
  expect_error(forecast(fit2, y = AirPassengers[1:5], h = 3), "too short",
               class = "recurrent_error_too_short")
  expect_error(forecast(fit, y = cbind(a = 1:300, b = 1:300), h = 3), class = "recurrent_error_newdata")
})

test_that("update() fine-tunes the networks on newer data", {
  set.seed(8)
  y <- 10 + sin(2 * pi * (1:240) / 12) + rnorm(240, sd = 0.1)
  fit <- rnn_fit(ts(y[1:180], frequency = 12), repeats = 1, hidden = 4, epochs = 3)
  newer <- ts(y[61:240], frequency = 12, start = 6)
  fit2 <- update(fit, newer, epochs = 2)
  expect_s3_class(fit2, "rnn_fit")
  expect_false(identical(fit_nets(fit2)[[1]]$params, fit_nets(fit)[[1]]$params))
  expect_equal(as.numeric(fit_x(fit2)), y[61:240])
  fc <- predict(fit2, h = 4)
  expect_equal(as.numeric(time(fc$mean)), 21 + (0:3) / 12)
  expect_error(update(fit, newer, epochs = 2, foo = 1), "foo", class = "recurrent_error_unknown_argument")
})

test_that("unknown arguments to predict() and forecast() are errors naming them", {
  fit <- rnn_fit(LakeHuron, repeats = 0)
  expect_error(predict(fit, n.ahead = 5), "`n.ahead`.*use `h`",
               class = "recurrent_error_unknown_argument")
  expect_error(forecast(fit, h = 5, bootstrap = TRUE, npaths = 100),
               "`bootstrap`, `npaths`.*cross-fitted", class = "recurrent_error_unknown_argument")
  expect_error(forecast(fit, lambda = 0, biasadj = TRUE), "transform = \"log\"",
               class = "recurrent_error_unknown_argument")
  expect_error(forecast(fit, PI = FALSE, fan = TRUE), "`PI`, `fan`",
               class = "recurrent_error_unknown_argument")
  expect_error(predict(fit, 5, NULL, 80, NULL, 3), "unnamed argument",
               class = "recurrent_error_unknown_argument")
})

test_that("a tibble with POSIXct times in a DST zone: hourly labels", {
  skip_if_not_installed("tibble")
  tm <- seq(as.POSIXct("2024-03-01 00:00", tz = "Europe/Berlin"), by = "hour", length.out = 24 * 21)
  tb <- tibble::tibble(when = tm, load = 10 + sin(2 * pi * seq_along(tm) / 24))
  fc <- predict(rnn_fit(tb, repeats = 0), h = 3)
  expect_equal(fc$times, tm[length(tm)] + 3600 * (1:3))
  expect_equal(rownames(as.data.frame(fc)), c("2024-03-22 00:00", "2024-03-22 01:00", "2024-03-22 02:00"))
})

test_that("`value` picks one series of a data frame with other columns; label columns get hints", {
  set.seed(1)
  d <- seq(as.Date("2020-01-01"), by = "day", length.out = 120)
  df <- data.frame(date = d, station = "DUBLIN", temp = 10 + sin(2 * pi * (1:120) / 7) + rnorm(120),
                   rain = rexp(120))
  expect_error(rnn_fit(df), "`station` is not numeric\\. Name the column to forecast with `value`, e.g\\. `value = \"temp\"`",
               class = "recurrent_error")
  fit <- rnn_fit(df, value = "temp")
  ref <- rnn_fit(df[, c("date", "temp")])
  expect_equal(predict(fit, h = 3)$mean, predict(ref, h = 3)$mean)
  expect_identical(predict(fit, h = 3)$times, predict(ref, h = 3)$times)
  expect_identical(recurrent:::fc_data(fit)$names, "temp")
  # newer data read the same way
  expect_equal(predict(fit, h = 2, newdata = df[41:120, ])$mean,
               predict(ref, h = 2, newdata = df[41:120, c("date", "temp")])$mean)
  # several stations stacked: the key is named in the error
  two <- rbind(df, transform(df, station = "CORK"))
  expect_error(rnn_fit(two), "Several series stacked by `station`\\? Name it with `key = \"station\"`")
  expect_error(rnn_fit(two, value = "temp"), "several values of `station`: several series stacked\\? Name their key")
  expect_error(rnn_fit(df, value = "tmp"), "`value` is \"tmp\", which is no column of `y`; its columns are `date`")
  # with a numeric time column
  yr <- data.frame(year = 1901:1960, place = "X", temp = rnorm(60), rain = rexp(60))
  set.seed(2); a <- rnn_fit(yr, value = "temp", pretrained = "none", repeats = 0)
  set.seed(2); b <- rnn_fit(ts(yr$temp, start = 1901), pretrained = "none", repeats = 0)
  expect_equal(predict(a, h = 2)$mean, predict(b, h = 2)$mean)
  expect_error(rnn_fit(AirPassengers, value = "x"), "`key` and `value` name the columns of a data frame")
  # a flag column (logical, with both values) is not a key: the hint is `value`
  df$holiday <- rep(c(FALSE, TRUE), 60)
  expect_error(rnn_fit(df[c("date", "holiday", "temp")]), "Name the column to forecast with `value`, e.g\\. `value = \"temp\"`")
})

test_that("a tsibble with a Date column beside its POSIXct index: `value` picks the series", {
  skip_if_not_installed("tsibble")
  set.seed(1)
  tm <- as.POSIXct("2013-01-01", tz = "UTC") + 1800 * (0:(48 * 30 - 1))
  hr <- as.POSIXlt(tm)$hour
  tb <- tsibble::tsibble(Time = tm, Demand = 4000 + 600 * sin(2 * pi * hr / 24) + rnorm(length(tm), 0, 50),
                         Temperature = 20 + rnorm(length(tm)), Date = as.Date(tm),
                         Holiday = as.POSIXlt(tm)$wday == 0, index = Time)
  expect_error(rnn_fit(tb), "`Holiday` is not numeric\\. Name the column to forecast with `value`, e.g\\. `value = \"Demand\"`")
  fit <- rnn_fit(tb, value = "Demand")
  ref <- rnn_fit(data.frame(Time = tm, Demand = tb$Demand))
  expect_equal(predict(fit, h = 4)$mean, predict(ref, h = 4)$mean)
  expect_identical(predict(fit, h = 4)$times, predict(ref, h = 4)$times)
})

test_that("na_action = \"zero\": a missing time or value of counts is 0, also where regularise inserts it", {
  set.seed(2)
  tt <- seq(as.POSIXct("2024-01-01 00:00", tz = "UTC"), by = "hour", length.out = 24 * 40)
  h <- as.POSIXlt(tt)$hour
  n <- rpois(length(tt), ifelse(h < 6, 0.3, 8 + 6 * sin(pi * (h - 6) / 18)))
  full <- data.frame(time = tt, sales = n)
  sparse <- full[n > 0, ]          # hours with no sale have no row
  first <- which(n > 0)[1]
  # the same as the full data from the first sale on
  a <- rnn_fit(sparse, regularise = TRUE, na_action = "zero")
  b <- rnn_fit(full[first:nrow(full), ])
  expect_identical(as.numeric(predict(a, h = 24)$mean), as.numeric(predict(b, h = 24)$mean))
  expect_match(capture.output(print(a))[2], "missing steps inserted as 0")
  # interpolating instead draws lines across the empty hours: other data
  c <- rnn_fit(sparse, regularise = TRUE)
  expect_false(identical(fc_data(c)$y[[1]], fc_data(a)$y[[1]]))
  # a few absent days of daily counts: the error offers it; NA values too
  d <- seq(as.Date("2024-01-01"), by = "day", length.out = 120)
  k <- rpois(120, 20)
  gappy <- data.frame(date = d, k = k)[-c(30, 31, 90), ]
  expect_error(rnn_fit(gappy), "or `\"zero\"` where a missing time means none")
  z <- rnn_fit(gappy, na_action = "zero")
  expect_equal(as.numeric(fc_data(z)$y[[1]])[c(30, 31, 90)], c(0, 0, 0))
  k2 <- k
  k2[c(30, 31, 90)] <- 0
  expect_identical(as.numeric(predict(z, h = 7)$mean),
                   as.numeric(predict(rnn_fit(data.frame(date = d, k = k2)), h = 7)$mean))
  na <- data.frame(date = d, k = replace(k, 50, NA))
  expect_equal(as.numeric(fc_data(rnn_fit(na, na_action = "zero"))$y[[1]])[50], 0)
  # many series and newer data read the same way
  long <- rbind(cbind(store = "a", gappy), cbind(store = "b", gappy))
  m <- rnn_fit(long, key = "store", na_action = "zero")
  expect_equal(as.numeric(fc_data(m)$y[[2]])[c(30, 31, 90)], c(0, 0, 0))
  expect_silent(predict(z, newdata = gappy[1:100, ], h = 3))
})

# Input handling of the forecasting layer: coercion, defaults, NA, bad input.
# Most fits use repeats = 0 (linear path only) to stay fast.

test_that("default horizon follows the frequency", {
  hz <- recurrent:::fc_default_horizon
  expect_equal(hz(12), 18L)
  expect_equal(hz(4), 8L)
  expect_equal(hz(1), 10L)
  expect_equal(hz(52), 13L)
  expect_equal(hz(24), 48L)
  fit <- rnn_fit(AirPassengers, repeats = 0)
  expect_equal(fit_horizon(fit), 18L)
  expect_equal(fit_period(fit), 12L)
  expect_equal(fit_horizon(rnn_fit(JohnsonJohnson, repeats = 0)), 8L)
})

test_that("default lookback comes from the seasonal period and the length", {
  lb <- recurrent:::fc_default_lookback
  expect_equal(lb(12, 144, 18), 24L)       # two years of a monthly series
  expect_equal(lb(4, 84, 8), 8L)
  expect_equal(lb(1, 100, 10), 12L)
  expect_lte(lb(12, 60, 18), floor((60 - 18 + 1) / 3))  # short series: shorter window
  expect_equal(fit_lookback(rnn_fit(nottem, repeats = 0)), 24L)
})

test_that("panel windows are [n, T, k] with the last value subtracted and scaled", {
  Y <- matrix(c(1, 2, 4, 7, 11, 16), ncol = 1)
  P <- recurrent:::pn_panel(list(a = Y), lag = 2L, scale = 2, center = 0, t0 = 3L, L = 3L,
                            Lb = 3L, Hs = 3L)
  B <- recurrent:::pn_values(P, rep(1L, 3), 3:5, from = -2L, to = 0L)
  expect_equal(dim(B), c(3L, 3L, 1L))
  expect_equal(B[2, , 1], c(2, 4, 7))
  f <- recurrent:::pn_features(P, B, rep(1L, 3), 3:5, 0L)
  expect_equal(dim(f$seq), c(3L, 3L, 1L))
  expect_equal(f$seq[2, , 1], (c(2, 4, 7) - 7) / 2)
  # seasonal naive reference with lag 2 over 3 steps
  b <- recurrent:::pn_base(B, lag = matrix(2L, 3, 1), H = 3L, center = matrix(0, 3, 1))
  expect_equal(b[2, , 1], c(4, 7, 4))
  # past the end of the unit: NA
  expect_true(all(is.na(recurrent:::pn_values(P, 1L, 6L, 1L, 2L))))
  # a unit shorter than the history is padded with its first value
  P2 <- recurrent:::pn_panel(list(a = Y, b = matrix(c(5, 6, 7, 8, 9))), lag = c(1L, 1L),
                             scale = c(1, 1), center = c(0, 0), t0 = c(3L, 1L), L = 3L,
                             Lb = 3L, Hs = 1L)
  expect_equal(P2$pad, c(0L, 2L))
  expect_equal(recurrent:::pn_values(P2, 2L, 3L, -2L, 0L)[1, , 1], c(5, 5, 5))
})

test_that("vectors, matrices and data frames are accepted", {
  fit <- rnn_fit(as.numeric(LakeHuron), repeats = 0)
  fc <- predict(fit, h = 3)
  expect_s3_class(fc, "rnn_forecast")
  expect_equal(as.numeric(time(fc$mean)), 99:101)
  # an undated data frame is the vector; a dated one keeps its (daily) calendar
  fc1 <- predict(rnn_fit(data.frame(level = as.numeric(LakeHuron)), repeats = 0), h = 3)
  expect_equal(as.numeric(fc1$mean), as.numeric(fc$mean))
  df <- data.frame(date = as.Date("2020-01-01") + 0:97, level = as.numeric(LakeHuron))
  fc2 <- predict(rnn_fit(df, repeats = 0), h = 3)
  expect_equal(fc2$times, as.Date("2020-04-08") + 0:2)
  expect_equal(rownames(as.data.frame(fc2)), c("2020-04-08", "2020-04-09", "2020-04-10"))
})

test_that("bad input gives clear errors", {
  expect_error(rnn_fit(numeric(0)), "`y` must be a non-empty numeric series", class = "recurrent_error")
  expect_error(rnn_fit(NULL), "non-empty", class = "recurrent_error")
  expect_error(rnn_fit(letters), "`y` must be a numeric vector, ts, matrix or data frame, not",
               class = "recurrent_error")
  expect_error(rnn_fit(data.frame(a = 1:50, b = letters[rep(1:25, 2)])),
               "column `b` is not numeric", class = "recurrent_error")
  # read.csv() leaves dates as text (or factors): the error says how to convert them
  d <- as.character(as.Date("2024-01-01") + 0:49)
  expect_error(rnn_fit(data.frame(date = d, v = 1:50)),
               "`date` holds dates as text: convert it first, e.g. `y\\$date <- as.Date\\(y\\$date\\)`",
               class = "recurrent_error")
  expect_error(rnn_fit(data.frame(date = factor(d), v = 1:50)), "holds dates as text",
               class = "recurrent_error")
  hrs <- format(as.POSIXct("2024-01-01", tz = "UTC") + 3600 * 0:49, "%Y-%m-%d %H:%M")
  expect_error(rnn_fit(data.frame(time = hrs, v = 1:50)), "holds times as text.*as.POSIXct",
               class = "recurrent_error")
  expect_error(rnn_fit(data.frame(key = rep(c("a", "b"), each = 25), date = d, v = 1:50), key = "key"),
               "time index column.*`date` holds dates as text", class = "recurrent_error")
  expect_error(rnn_fit(data.frame(date = d, a = 1:50, b = 50:1), global = TRUE),
               "column `date` of `y` must be numeric.*holds dates as text", class = "recurrent_error")
  # day or month first, as US and European sites write them: the format named
  us <- format(as.Date("2024-01-01") + 0:49, "%m/%d/%Y")
  expect_error(rnn_fit(data.frame(date = us, v = 1:50)),
               "holds dates as text: convert it first, e.g. `y\\$date <- as.Date\\(y\\$date, format = \"%m/%d/%Y\"\\)`\\.$",
               class = "recurrent_error")
  eu <- format(as.Date("2024-01-01") + 0:9, "%d/%m/%Y")   # 01/01 to 10/01: either way
  expect_error(rnn_fit(data.frame(date = eu, v = 1:10)), "\"%m/%d/%Y\"\\)` \\(or format \"%d/%m/%Y\": the values read either way\\)")
  de <- format(as.POSIXct("2024-01-01", tz = "UTC") + 3600 * 0:49, "%d.%m.%Y %H:%M")
  expect_error(rnn_fit(data.frame(time = de, v = 1:50)),
               "as.POSIXct\\(y\\$time, format = \"%d.%m.%Y %H:%M\", tz = \"UTC\"\\)")
  eu2 <- format(as.POSIXct("2024-01-01", tz = "UTC") + 3600 * 0:49, "%d/%m/%Y %H:%M")
  e <- tryCatch(rnn_fit(data.frame(time = eu2, v = 1:50)), error = identity)
  expect_match(conditionMessage(e), paste0("\"%m/%d/%Y %H:%M\", tz = \"UTC\")` ",
                                           "(or format \"%d/%m/%Y %H:%M\": the values read either way)"), fixed = TRUE)
  # ISO 8601 with a "T" (APIs, JSON): as.POSIXct() without a format would
  # read only the dates; the conversion the message gives keeps the hours
  iso <- format(as.POSIXct("2024-01-01", tz = "UTC") + 3600 * 0:49, "%Y-%m-%dT%H:%M:%SZ")
  e <- tryCatch(rnn_fit(data.frame(time = iso, v = 1:50)), error = identity)
  expect_match(conditionMessage(e), "as.POSIXct(y$time, format = \"%Y-%m-%dT%H:%M:%OS\", tz = \"UTC\")",
               fixed = TRUE)
  y <- data.frame(time = iso, v = 1:50)
  y$time <- as.POSIXct(y$time, format = "%Y-%m-%dT%H:%M:%OS", tz = "UTC")   # as the message says
  expect_identical(y$time, as.POSIXct("2024-01-01", tz = "UTC") + 3600 * 0:49)
  offs <- format(as.POSIXct("2024-01-01", tz = "UTC") + 3600 * 0:49, "%Y-%m-%dT%H:%M+02:00")
  e <- tryCatch(rnn_fit(data.frame(time = offs, v = 1:50)), error = identity)
  expect_match(conditionMessage(e), "format = \"%Y-%m-%dT%H:%M\", tz = \"UTC\")` (the format ignores offsets",
               fixed = TRUE)
  # rows repeated exactly (overlapping downloads): unique() is named; rows at
  # one time with other values are still to aggregate or average
  d2 <- data.frame(date = as.Date("2024-01-01") + 0:99, v = sin(1:100))
  twice <- rbind(d2, d2[90:100, ])
  expect_error(rnn_fit(twice), "11 duplicated timestamps.*repeat others exactly.*`y <- unique\\(y\\)` drops them")
  expect_s3_class(rnn_fit(unique(twice)), "rnn_fit")
  twice$v[nrow(twice)] <- 5
  expect_error(rnn_fit(twice), "aggregate them first, or use `regularise = TRUE`")
  long2 <- data.frame(k = rep(c("a", "b"), each = 100), date = rep(d2$date, 2), v = 1:200)
  expect_error(rnn_fit(rbind(long2, long2[c(5, 150), ]), key = "k"),
               "2 duplicated \\(key, index\\) rows.*repeat other rows exactly.*`y <- unique\\(y\\)`")
  # ISO weeks and months written as text: the conversion that reads them
  wk <- format(as.Date("2016-01-04") + 7 * (0:59), "%G-W%V")
  expect_error(rnn_fit(data.frame(week = wk, v = rnorm(60))),
               "holds ISO weeks as text.*as.Date\\(tsibble::yearweek\\(y\\$week\\)\\)")
  mo <- format(seq(as.Date("2016-01-01"), by = "month", length.out = 60), "%Y-%m")
  expect_error(rnn_fit(data.frame(month = mo, v = rnorm(60))),
               "holds months as text.*as.Date\\(paste0\\(y\\$month, \"-01\"\\)\\)")
  d <- data.frame(month = mo, v = 100 + sin(seq_len(60) / 2))
  d$month <- as.Date(paste0(d$month, "-01"))   # as the message says
  expect_identical(rnn_fit(d, pretrained = "only")$data$calendars[[1]]$cal$unit, "month")
  e <- tryCatch(rnn_fit(data.frame(a = 1:50, b = letters[rep(1:25, 2)])), error = identity)
  expect_no_match(conditionMessage(e), "as text")   # letters are not dates
  expect_error(rnn_fit(c(1:50, Inf)), "infinite values at position 51", class = "recurrent_error")
  # values whose squares overflow: a clear error, not a failure inside a fit
  tt <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (0:499)
  expect_error(rnn_fit(data.frame(time = tt, y = 1e200 * (2 + sin(seq_len(500) / 4)))),
               "values as large as 3e\\+200.*divide by 1e\\+200", class = "recurrent_error")
  expect_s3_class(rnn_fit(data.frame(time = tt, y = 1e100 * (2 + sin(seq_len(500) / 4)))), "rnn_fit")
  yy <- data.frame(time = tt, y = 2 + sin(seq_len(500) / 4))
  e <- expect_error(rnn_fit(yy, xreg = data.frame(t = 1e200 * seq_len(500))),
                    "`xreg` has values as large as 5e\\+202.*divide by 1e\\+202\\)\\.$",
                    class = "recurrent_error")
  expect_error(rnn_fit(yy, xreg = data.frame(t = c(1:499, Inf))), "`xreg` must be finite.*position 500",
               class = "recurrent_error")
  # covariates named instead of given
  expect_error(rnn_fit(yy, xreg = "temp"), "not their names: e\\.g\\. `xreg = data\\[\"temp\"\\]`",
               class = "recurrent_error")
  # 10 observations fit with shrunk sizes (test-short-series.R); 9 are too few
  expect_error(rnn_fit(1:9, repeats = 0), "`y` is too short: 9 observations.*at least 10",
               class = "recurrent_error_too_short")
  expect_error(rnn_fit(AirPassengers, lookback = 200, repeats = 0), "too short",
               class = "recurrent_error")
  expect_error(rnn_fit(AirPassengers, lookback = -2), "`lookback` must be a positive integer, not -2",
               class = "recurrent_error")
  expect_error(rnn_fit(AirPassengers, horizon = 2.5), "`horizon` must be a positive integer, not 2.5",
               class = "recurrent_error")
  expect_error(rnn_fit(AirPassengers, repeats = 0, epoch = 3), "unknown argument `epoch`",
               class = "recurrent_error")
  expect_error(rnn_fit(AirPassengers, cell = "transformer"), "`cell` must be one of",
               class = "recurrent_error")
  expect_error(rnn_fit(AirPassengers, transform = "log", repeats = 0), NA)
  expect_error(rnn_fit(-AirPassengers, transform = "log"), "needs a positive series",
               class = "recurrent_error")
})

test_that("missing values: an error naming the gap, or interpolation", {
  y <- AirPassengers
  y[c(30, 31, 60)] <- NA
  expect_error(rnn_fit(y, repeats = 0),
               "3 missing values in 2 runs of consecutive positions: 30-31, 60 \\(time Jun 1951\\)",
               class = "recurrent_error")
  expect_error(rnn_fit(y, repeats = 0), "na_action = \"interpolate\"")
  fit <- rnn_fit(y, repeats = 0, na_action = "interpolate")
  expect_false(anyNA(fit_x(fit)))
  expect_equal(as.numeric(fit_x(fit)[30]), as.numeric(AirPassengers[29] + (AirPassengers[32] - AirPassengers[29]) / 3))
  expect_error(rnn_fit(y, na_action = "drop"), "`na_action` must be one of")
  # weekly (and other whole frequencies): the time also as c(cycle, position)
  w <- ts(rnorm(300), start = c(1970, 1), frequency = 52)
  w[c(40, 41, 100)] <- NA
  expect_error(rnn_fit(w, repeats = 0), "40-41, 100 \\(time 1970.75, c\\(1970, 40\\) in R's notation\\)",
               class = "recurrent_error_missing")
})

test_that("leading missing values are left out: the series starts at its first observation", {
  y <- AirPassengers
  y[1:3] <- NA
  fit <- rnn_fit(y, pretrained = "none", repeats = 0)
  ref <- rnn_fit(window(AirPassengers, start = c(1949, 4)), pretrained = "none", repeats = 0)
  expect_equal(stats::tsp(fit_x(fit)), c(1949 + 3 / 12, 1960 + 11 / 12, 12))
  expect_equal(predict(fit, h = 12)$mean, predict(ref, h = 12)$mean)
  # a missing value later on is still an error naming it (position in y)
  y[30] <- NA
  expect_error(rnn_fit(y, repeats = 0), "1 missing value in 1 run of consecutive positions: 27 \\(time Jun 1951\\)",
               class = "recurrent_error_missing")
  # covariates of every row of y lose the same rows; already without them, kept
  set.seed(1)
  x <- rnorm(144)
  y[30] <- AirPassengers[30]
  fx <- rnn_fit(y, xreg = x, pretrained = "none", repeats = 0)
  expect_equal(predict(fx, h = 2, newxreg = c(0, 1))$mean,
               predict(rnn_fit(window(AirPassengers, start = c(1949, 4)), xreg = x[-(1:3)],
                               pretrained = "none", repeats = 0), h = 2, newxreg = c(0, 1))$mean)
  expect_equal(predict(rnn_fit(y, xreg = x[-(1:3)], pretrained = "none", repeats = 0), h = 2,
                       newxreg = c(0, 1))$mean, predict(fx, h = 2, newxreg = c(0, 1))$mean)
  expect_error(rnn_fit(y, xreg = x[-1], repeats = 0), "must have 144 rows")
  # newer data with a leading NA continues from its own first observation
  nd <- window(AirPassengers, start = 1955)
  nd[1] <- NA
  expect_equal(predict(fit, h = 3, newdata = nd)$mean,
               predict(fit, h = 3, newdata = window(AirPassengers, start = c(1955, 2)))$mean)
  # a series of nothing but NA is still refused
  expect_error(rnn_fit(ts(rep(NA_real_, 10))), "missing value", class = "recurrent_error_missing")
})

test_that("dated series that start later: diff() of an xts, a stock listed after the others", {
  days <- seq(as.Date("2023-01-02"), by = "day", length.out = 400)
  days <- days[!format(days, "%u") %in% c("6", "7")]
  set.seed(2)
  a <- 100 * exp(cumsum(rnorm(length(days), 0, 0.01)))
  b <- c(rep(NA, 60), 50 * exp(cumsum(rnorm(length(days) - 60, 0, 0.01))))
  df <- data.frame(date = days, a = a, b = b)
  fit <- rnn_fit(df[, c("date", "b")])
  expect_identical(recurrent:::fc_data(fit)$calendars[[1]]$times[1], days[61])
  expect_equal(predict(fit, h = 2)$mean, predict(rnn_fit(df[-(1:60), c("date", "b")]), h = 2)$mean)
  # jointly (the default for several columns) the late column is an error
  # that says so
  expect_error(rnn_fit(df), "`b` starts later than the others: `global = FALSE` forecasts each",
               class = "recurrent_error_missing")
  # a gap inside a column is not a late start
  gap <- df[-(1:60), ]
  gap$a[10] <- NA
  e <- tryCatch(rnn_fit(gap), error = identity)
  expect_s3_class(e, "recurrent_error_missing")
  expect_no_match(conditionMessage(e), "later than the others")
  # regularise = TRUE does not carry the first value back over the leading NAs
  lead <- df[, c("date", "b")][-90, ]
  reg <- rnn_fit(lead, regularise = TRUE)
  expect_identical(recurrent:::fc_data(reg)$calendars[[1]]$times[1], days[61])
  expect_equal(predict(reg, h = 2)$mean, predict(rnn_fit(lead[-(1:60), ], regularise = TRUE), h = 2)$mean)
  # column by column, each from its own start
  fw <- rnn_fit(df, global = FALSE)
  d <- as.data.frame(predict(fw, h = 2))
  expect_equal(d$`Point Forecast`[d$key == "b"], as.numeric(predict(fit, h = 2)$mean))
  skip_if_not_installed("xts")
  x <- xts::xts(a, days)
  r <- diff(log(x))
  expect_true(is.na(r[1]))
  fr <- rnn_fit(r)
  expect_equal(predict(fr, h = 3)$mean, predict(rnn_fit(r[-1]), h = 3)$mean)
})

test_that("a data frame with a numeric time column (years) is the ts of its values on that axis", {
  set.seed(3)
  df <- data.frame(year = 1901:1960, temp = 10 + cumsum(rnorm(60, 0, 0.2)))
  ref <- ts(df$temp, start = 1901)
  set.seed(4); fit <- rnn_fit(df, pretrained = "none", repeats = 0)
  set.seed(4); fit_ts <- rnn_fit(ref, pretrained = "none", repeats = 0)
  fc <- predict(fit, h = 3)
  expect_equal(fc$mean, predict(fit_ts, h = 3)$mean)
  expect_equal(stats::tsp(fc$mean), c(1961, 1963, 1))
  expect_identical(recurrent:::fc_data(fit)$names, "temp")
  # named by `index`, in any row order, the same
  set.seed(4); by_index <- rnn_fit(df[60:1, ], index = "year", pretrained = "none", repeats = 0)
  expect_equal(predict(by_index, h = 3)$mean, fc$mean)
  # newer rows as the fit read its data
  expect_equal(predict(fit, h = 2, newdata = df[31:60, ])$mean,
               predict(fit_ts, h = 2, newdata = window(ref, start = 1931))$mean)
  # quarters: step 0.25 is frequency 4; several value columns stay several series
  dq <- data.frame(t = seq(2000, by = 0.25, length.out = 40), a = rnorm(40), b = rnorm(40))
  fq <- rnn_fit(dq, global = FALSE, pretrained = "none", repeats = 0)
  expect_identical(recurrent:::fc_data(fq)$names, c("a", "b"))
  expect_equal(recurrent:::fc_series_frequency(recurrent:::fc_data(fq)), 4)
  # unequal steps or repeated times: errors naming the column and where
  gap <- data.frame(year = c(1901:1950, 1952:1961), temp = rnorm(60))
  expect_error(rnn_fit(gap, index = "year"),
               "`year` of `y` must increase in equal steps, but it goes from 1949 to 1950 and then from 1950 to 1952",
               class = "recurrent_error")
  expect_error(rnn_fit(data.frame(year = c(1901:1930, 1930:1958), temp = rnorm(59)), index = "year"),
               "duplicated times \\(first: 1930\\)", class = "recurrent_error")
  # without `index`, only a column in equal steps beside others is a time;
  # two series stay two series
  two <- rnn_fit(data.frame(a = rnorm(50), b = rnorm(50)), repeats = 0)
  expect_identical(recurrent:::fc_data(two)$columns, c("a", "b"))
})

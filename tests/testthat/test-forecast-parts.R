# Data frames that keep their time as numeric columns year, month, day, hour
# (fc_time_from_parts()): the parts become the time, or are left out beside a
# time column, instead of being forecast as series.

hourly_parts <- function(keys = c("EWR", "JFK"), n = 24 * 40) {
  tt <- seq(as.POSIXct("2013-01-01 00:00", tz = "UTC"), by = "hour", length.out = n)
  do.call(rbind, lapply(seq_along(keys), function(i) data.frame(
    origin = keys[i], year = 2013L, month = as.integer(format(tt, "%m")),
    day = as.integer(format(tt, "%d")), hour = as.integer(format(tt, "%H")),
    temp = 40 + 3 * i + 8 * sin(2 * pi * seq_len(n) / 24) + cumsum(rnorm(n, sd = 0.3)),
    time_hour = tt)))
}

test_that("year, month and day columns are the time of a daily series, not series", {
  set.seed(3)
  d <- seq(as.Date("2013-01-01"), by = "day", length.out = 300)
  n <- 500 + 80 * (as.POSIXlt(d)$wday %in% 1:5) + rnorm(300, sd = 10)
  df <- data.frame(Year = as.numeric(format(d, "%Y")), Month = as.integer(format(d, "%m")),
                   Day = as.integer(format(d, "%d")), flights = n)
  fit <- rnn_fit(df)
  expect_s3_class(fit, "rnn_seasonal")
  expect_equal(fit_period(fit), 7L)
  expect_match(capture.output(print(fit))[1], "for flights: 300 observations, daily")
  fc <- predict(fit, h = 5)
  expect_equal(fc$times, d[300] + 1:5)
  # the same series with a Date column: the same forecasts
  ref <- predict(rnn_fit(data.frame(date = d, flights = n)), h = 5)
  expect_identical(as.numeric(fc$mean), as.numeric(ref$mean))
  # test data in the same shape score as with a Date column
  skip_if_not_installed("forecast")
  test <- data.frame(Year = 2013, Month = 10, Day = 28:31, flights = c(580, 575, 590, 585))
  expect_equal(forecast::accuracy(fc, test),
               forecast::accuracy(fc, data.frame(date = d[300] + 1:4, flights = test$flights)))
})

test_that("year and month columns make a monthly series dated on the first of the month", {
  set.seed(4)
  df <- data.frame(year = rep(2001:2010, each = 12), month = rep(1:12, 10),
                   sales = 100 + 10 * sin(2 * pi * (1:120) / 12) + rnorm(120))
  fit <- rnn_fit(df, repeats = 1)
  expect_equal(fit_period(fit), 12L)
  fc <- predict(fit, h = 3)
  expect_equal(fc$times, as.Date(c("2011-01-01", "2011-02-01", "2011-03-01")))
})

test_that("hour columns: a long frame of stations with parts only, fitted and refreshed by key", {
  set.seed(5)
  w <- hourly_parts()
  w$time_hour <- NULL
  fit <- rnn_fit(w, key = "origin")
  expect_s3_class(fit, "rnn_seasonal")
  expect_equal(fit$data$names, c("EWR", "JFK"))
  fc <- as.data.frame(predict(fit, h = 2))
  expect_equal(fc$time, rep(as.POSIXct(c("2013-02-10 00:00", "2013-02-10 01:00"), tz = "UTC"), 2))
  # newer data in the same shape are read the same way
  nd <- as.data.frame(predict(fit, newdata = w[w$month == 1, ], h = 1))
  expect_equal(nd$time, rep(as.POSIXct("2013-02-01 00:00", tz = "UTC"), 2))
})

test_that("beside a time column the parts are left out, and the value is the one column left", {
  set.seed(6)
  w <- hourly_parts("EWR")
  plain <- w[c("time_hour", "temp")]
  a <- predict(rnn_fit(w[-1]), h = 4)
  b <- predict(rnn_fit(plain), h = 4)
  expect_identical(as.numeric(a$mean), as.numeric(b$mean))
  expect_equal(a$times, b$times)
  # a long frame with key and index: no question about which column is the value
  w2 <- hourly_parts()
  fit <- rnn_fit(w2, key = "origin", index = "time_hour")
  expect_equal(fit$data$names, c("EWR", "JFK"))
  # `value` naming a column keeps the choice with the user
  expect_s3_class(rnn_fit(w2, key = "origin", index = "time_hour", value = "temp"), "rnn_seasonal")
})

test_that("parts that name no time are refused with the row; other numeric columns are untouched", {
  df <- data.frame(year = rep(2001:2003, each = 12), month = rep(1:12, 3), sales = 1:36 + 0)
  bad <- df
  bad$month[5] <- 13
  expect_error(rnn_fit(bad), "row 5 of `y` is no date: year 2001, month 13")
  d <- seq(as.Date("2013-01-01"), by = "day", length.out = 60)
  feb <- data.frame(year = 2013, month = as.integer(format(d, "%m")), day = as.integer(format(d, "%d")),
                    x = rnorm(60))
  feb$day[59] <- 30
  expect_error(rnn_fit(feb), "row 59 of `y` is no date: year 2013, month 2, day 30")
  na <- df
  na$year[7] <- NA
  expect_error(rnn_fit(na), "date columns `year`, `month` of `y` have missing values \\(first in row 7\\)")
  # a year column alone stays the numeric time axis of yearly data
  yr <- data.frame(year = 1951:2000, gdp = cumsum(rnorm(50)) + 100)
  expect_equal(recurrent:::fc_time_from_parts(yr, NULL, NULL, NULL, "y", NULL), yr)
  # text months are no parts
  txt <- data.frame(year = 2001, month = month.abb, sales = 1:12)
  expect_equal(recurrent:::fc_time_from_parts(txt, NULL, NULL, NULL, "y", NULL), txt)
})

test_that("a date written as one number (yyyymmdd, yyyymm) is read as a Date, not forecast", {
  set.seed(8)
  d <- seq(as.Date("2022-01-03"), by = "day", length.out = 420)
  d <- d[as.POSIXlt(d)$wday %in% 1:5]
  price <- 100 * exp(cumsum(rnorm(length(d), 0, 0.01)))
  packed <- data.frame(date = as.integer(format(d, "%Y%m%d")), price = price)
  a <- predict(rnn_fit(packed), h = 3)
  b <- predict(rnn_fit(data.frame(date = d, price = price)), h = 3)
  expect_equal(a$times, b$times)
  expect_identical(as.numeric(a$mean), as.numeric(b$mean))
  # named by `index`, and in a long frame of several stocks
  expect_equal(predict(rnn_fit(packed, index = "date"), h = 3)$times, b$times)
  long <- rbind(cbind(ticker = "A", packed), cbind(ticker = "B", transform(packed, price = price * 2)))
  fc <- as.data.frame(predict(rnn_fit(long, key = "ticker"), h = 1))
  expect_equal(fc$time, rep(b$times[1], 2))
  m <- seq(as.Date("2005-01-01"), by = "month", length.out = 60)
  monthly <- data.frame(period = as.numeric(format(m, "%Y%m")), sales = 100 + rnorm(60))
  expect_equal(predict(rnn_fit(monthly, repeats = 1), h = 2)$times, as.Date(c("2010-01-01", "2010-02-01")))
  # numbers that only look alike stay numbers
  expect_null(recurrent:::fc_packed_date(c(201300, 201305, 201312)))
  expect_null(recurrent:::fc_packed_date(c(20130230, 20130301, 20130302)))
  expect_null(recurrent:::fc_packed_date(c(20130105, 20130105, 20130106)))
  prices <- data.frame(t = 1:40, price = round(runif(40, 180000, 220000), -2))
  expect_equal(recurrent:::fc_time_from_parts(prices, NULL, NULL, NULL, "y", NULL), prices)
})

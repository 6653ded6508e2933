# Holidays of business-day series learnt from their recurring gaps
# (R/forecast-holidays.R): the forecast timestamps skip them.

cal_infer <- recurrent:::cal_infer
cal_next <- recurrent:::cal_next

# The holidays of a US exchange in year y, written out here independently
# of the package's rules: fixed dates observed on the Friday before
# (Saturday) or the Monday after (Sunday), nth and last weekdays, Good
# Friday from a table of Easter Sundays.
easter <- as.Date(c("2013-03-31", "2014-04-20", "2015-04-05", "2016-03-27", "2017-04-16",
                    "2018-04-01", "2019-04-21", "2020-04-12", "2021-04-04"))
exchange_holidays <- function(y) {
  d <- function(m, dd) as.Date(sprintf("%d-%02d-%02d", y, m, dd))
  nth <- function(m, wd, n) {
    f <- d(m, 1)
    f + (wd - as.POSIXlt(f)$wday) %% 7 + 7 * (n - 1)
  }
  last <- function(m, wd) {
    e <- nth(m, wd, 1) + 28
    if (format(e, "%m") == sprintf("%02d", m)) e else e - 7
  }
  obs <- function(x) {
    w <- as.POSIXlt(x)$wday
    x + if (w == 6) -1 else if (w == 0) 1 else 0
  }
  c(obs(d(1, 1)), nth(1, 1, 3), nth(2, 1, 3), easter[format(easter, "%Y") == y] - 2,
    last(5, 1), obs(d(7, 4)), nth(9, 1, 1), nth(11, 4, 4), obs(d(12, 25)))
}
trading_days <- function(from, to) {
  hol <- do.call(c, lapply(2013:2021, exchange_holidays))
  d <- seq(as.Date(from), as.Date(to), by = "day")
  d[as.POSIXlt(d)$wday %in% 1:5 & !d %in% hol]
}

test_that("Easter Sundays are those of the calendar", {
  expect_equal(as.Date(recurrent:::cal_easter(2013:2021), origin = "1970-01-01"), easter)
})

test_that("six years of an exchange's days: its holidays are learnt and the next days skip them", {
  days <- trading_days("2014-01-02", "2019-12-31")
  cal <- cal_infer(days)
  expect_equal(cal$unit, "bday")
  r <- cal$holidays
  expect_true(all(c("date", "nth", "last", "easter") %in% r$type))
  expect_equal(r$offset[r$type == "easter"], -2)                       # Good Friday
  expect_setequal(paste(r$month, r$mday)[r$type == "date"], c("1 1", "7 4", "12 25"))
  # a year of timestamps ahead, against the holidays written out above
  nx <- cal_next(cal, max(days), 252)
  expect_equal(nx, trading_days("2020-01-01", "2021-12-31")[1:252])
  expect_false(as.Date("2020-01-01") %in% nx)
  expect_false(as.Date("2020-01-20") %in% nx)                          # 3rd Monday of January
  expect_false(as.Date("2020-11-26") %in% nx)                          # 4th Thursday of November
  expect_false(as.Date("2020-07-03") %in% nx)                          # 4 July on a Saturday
})

test_that("one year shows each holiday once, and scattered missing days recur in no rule: none learnt", {
  one <- trading_days("2019-01-02", "2019-12-31")
  cal <- cal_infer(one)
  expect_null(cal$holidays)
  expect_equal(format(cal_next(cal, as.Date("2019-12-31"), 1)), "2020-01-01")
  set.seed(3)
  all <- seq(as.Date("2016-01-04"), as.Date("2019-12-31"), by = "day")
  all <- all[as.POSIXlt(all)$wday %in% 1:5]
  scattered <- all[-sample(length(all), 30)]
  expect_null(cal_infer(scattered)$holidays)
})

test_that("a fit of closes dates its forecasts on the trading days and says which holidays it learnt", {
  set.seed(1)
  days <- trading_days("2015-01-02", "2019-12-31")
  test_days <- trading_days("2020-01-01", "2020-02-29")[1:20]
  all <- c(days, test_days)
  close <- 100 * exp(cumsum(rnorm(length(all), sd = 0.01)))
  fit <- rnn_fit(data.frame(date = days, close = close[seq_along(days)]))
  out <- capture.output(print(fit))
  expect_true(any(grepl("holidays: +9 recurring in the data, skipped in forecasts: 1 January, 3rd Monday of January",
                        out)))
  fc <- predict(fit, h = 20)
  # before, the first step was dated 2020-01-01 and every step one trading day early
  expect_equal(fc$times, test_days)
  # newer rows too few to show the holidays keep the fit's
  recent <- utils::tail(seq_along(days), 100)
  newer <- predict(fit, newdata = data.frame(date = days[recent], close = close[recent]), h = 20)
  expect_equal(newer$times, test_days)
  expect_equal(predict(update(fit, data.frame(date = days[recent], close = close[recent])), h = 20)$times,
               test_days)
  skip_if_not_installed("forecast")
  a <- forecast::accuracy(fc, data.frame(date = test_days, close = close[-seq_along(days)]))
  expect_equal(a["Test set", "MAE"], mean(abs(close[-seq_along(days)] - fc$mean)))
})

test_that("hourly bars of a trading session learn the exchange's holidays as its days do", {
  days <- trading_days("2017-01-03", "2019-12-31")
  bars <- as.POSIXct(paste(rep(days, each = 7), sprintf("%02d:30:00", 9:15)), tz = "America/New_York")
  cal <- cal_infer(bars)
  expect_false(is.null(cal$session))
  expect_equal(nrow(cal$holidays), 9L)
  # 15 trading days' bars ahead: 1 January and the 3rd Monday of January
  # skipped (before, the first bars were dated on New Year's Day)
  ahead <- trading_days("2020-01-01", "2020-01-31")
  expect_equal(cal_next(cal, max(bars), 7 * 15),
               as.POSIXct(paste(rep(ahead[1:15], each = 7), sprintf("%02d:30:00", 9:15)),
                          tz = "America/New_York"))
  set.seed(2)
  v <- 100 * exp(cumsum(rnorm(length(bars), sd = 0.002)))
  fit <- rnn_fit(data.frame(time = bars, price = v))
  expect_true(any(grepl("holidays: +9 recurring", capture.output(print(fit)))))
  fc <- predict(fit, h = 14)
  expect_equal(unique(as.Date(format(fc$times, tz = "America/New_York"))), ahead[1:2])
  # newer bars, too few to show the holidays, keep the fit's
  recent <- utils::tail(seq_along(bars), 7 * 60)
  newer <- predict(fit, newdata = data.frame(time = bars[recent], price = v[recent]), h = 14)
  expect_equal(newer$times, fc$times)
})

test_that("many series of one market print its holidays once; their forecasts skip them", {
  days <- trading_days("2016-01-04", "2019-12-31")
  set.seed(4)
  df <- data.frame(date = rep(days, 2), sym = rep(c("A", "B"), each = length(days)),
                   close = 100 * exp(cumsum(rnorm(2 * length(days), sd = 0.01))))
  fit <- rnn_fit(df, key = "sym")
  out <- capture.output(print(fit))
  expect_true(any(grepl("holidays: +9 recurring in the data", out)))
  wd <- seq(as.Date("2016-01-04"), as.Date("2019-12-31"), by = "day")
  expect_true(any(grepl(sprintf("calendar: +2016-01-04 to 2019-12-31, every series; %d holidays skipped in each$",
                                sum(as.POSIXlt(wd)$wday %in% 1:5) - length(days)), out)))
  d <- as.data.frame(predict(fit, h = 15))
  expect_equal(d$time[d$key == "B"], trading_days("2020-01-01", "2020-01-31")[1:15])
})

test_that("a stock listed a year ago takes its market's holidays from the days no series traded", {
  days <- trading_days("2016-01-04", "2019-12-31")
  set.seed(5)
  df <- data.frame(date = rep(days, 2), sym = rep(c("A", "B"), each = length(days)),
                   close = 100 * exp(cumsum(rnorm(2 * length(days), sd = 0.01))))
  # B's year of days shows each holiday once: alone it learns none
  df <- df[df$sym == "A" | df$date >= as.Date("2019-01-01"), ]
  expect_null(cal_infer(df$date[df$sym == "B"])$holidays)
  fit <- rnn_fit(df, key = "sym")
  out <- capture.output(print(fit))
  expect_true(any(grepl("holidays: +9 recurring in the data", out)))
  # the calendar line: the series' span and the weekdays they skipped
  skipped <- function(from) {
    w <- seq(as.Date(from), as.Date("2019-12-31"), by = "day")
    sum(as.POSIXlt(w)$wday %in% 1:5) - length(trading_days(from, "2019-12-31"))
  }
  expect_true(any(grepl(sprintf(paste0("calendar: +ends 2019-12-31, every series; starts 2016-01-04 ",
                                       "to 2019-01-02; %d holidays skipped in 2 series"),
                                skipped("2016-01-04") + skipped("2019-01-02")), out)))
  d <- as.data.frame(predict(fit, h = 15))
  expect_equal(d$time[d$key == "B"], trading_days("2020-01-01", "2020-01-31")[1:15])
  # a series of another market, open on the exchange's holidays but 1 January
  # and 25 December: the days no series traded are those two, so it keeps
  # trading on the others (20 January 2020, the 3rd Monday) while A skips them
  all <- seq(as.Date("2016-01-04"), as.Date("2019-12-31"), by = "day")
  other <- all[as.POSIXlt(all)$wday %in% 1:5 & !format(all, "%m-%d") %in% c("01-01", "12-25")]
  C <- data.frame(date = other, sym = "C", close = 50 * exp(cumsum(rnorm(length(other), sd = 0.01))))
  fit2 <- rnn_fit(rbind(df[df$sym == "A", ], C), key = "sym")
  expect_true(any(grepl("holidays: +learnt per series from their recurring gaps \\(2 of 2 series\\)",
                        capture.output(print(fit2)))))
  d2 <- as.data.frame(predict(fit2, h = 15))
  expect_equal(d2$time[d2$key == "A"], trading_days("2020-01-01", "2020-01-31")[1:15])
  next_c <- seq(as.Date("2020-01-02"), by = "day", length.out = 30)
  next_c <- next_c[as.POSIXlt(next_c)$wday %in% 1:5][1:15]
  expect_true(as.Date("2020-01-20") %in% next_c)
  expect_equal(d2$time[d2$key == "C"], next_c)
})

test_that("an n-th weekday the data cannot tell from the last one is kept with it and named as one", {
  # 2018-2020: Memorial Day was the 4th and the last Monday of May each year
  cal <- cal_infer(trading_days("2018-01-02", "2020-12-31"))
  r <- cal$holidays
  expect_true(any(r$type == "nth" & r$month == 5 & r$n == 4) && any(r$type == "last" & r$month == 5))
  lab <- recurrent:::cal_holiday_names(r)
  expect_equal(sum(!is.na(lab)), 9L)
  expect_true("4th or last Monday of May" %in% lab)
  # 2021: the last Monday (31 May) is the holiday; both days are skipped
  nx <- cal_next(cal, as.Date("2021-05-20"), 10)
  expect_false(any(as.Date(c("2021-05-24", "2021-05-31")) %in% nx))
})

# The calendar module (R/forecast-calendar.R): time index extraction, calendar
# inference, future timestamps, Fourier terms, restoring the user's class.

cal_extract <- recurrent:::cal_extract
cal_infer <- recurrent:::cal_infer
cal_next <- recurrent:::cal_next
cal_fourier <- recurrent:::cal_fourier
cal_restore <- recurrent:::cal_restore
cal_prepare <- recurrent:::cal_prepare
cal_format <- recurrent:::cal_format

weekdays_from <- function(from, n) {
  d <- seq(as.Date(from), by = "day", length.out = ceiling(n * 7 / 5) + 7)
  utils::head(d[as.POSIXlt(d)$wday %in% 1:5], n)
}
wday <- function(x) as.POSIXlt(x)$wday
month_ends <- function(from, n) {
  firsts <- seq(as.Date(from), by = "month", length.out = n + 1)
  firsts[-1] - 1
}

test_that("weekdays are business days and the next timestamps skip weekends", {
  d <- weekdays_from("2024-01-01", 40)
  cal <- cal_infer(d)
  expect_equal(cal$unit, "bday")
  expect_equal(cal$step, 1)
  expect_equal(cal$frequency, 5)
  expect_equal(cal$gaps, 0)
  last <- d[length(d)]
  expect_equal(format(last), "2024-02-23")  # a Friday
  fut <- cal_next(cal, last, 7)
  expect_s3_class(fut, "Date")
  expect_equal(format(fut), c("2024-02-26", "2024-02-27", "2024-02-28", "2024-02-29",
                              "2024-03-01", "2024-03-04", "2024-03-05"))
  expect_false(any(wday(fut) %in% c(0, 6)))
  expect_equal(cal_format(fut[1:2], cal), c("2024-02-26", "2024-02-27"))
})

test_that("other working weeks: Monday to Saturday, Sunday to Thursday", {
  days <- seq(as.Date("2024-01-01"), by = "day", length.out = 117)   # Monday to Friday
  six <- days[wday(days) != 0]
  cal <- cal_infer(six)
  expect_equal(cal$unit, "bday")
  expect_equal(cal$wdays, 0:5)
  expect_equal(cal$frequency, 6)
  expect_equal(cal$gaps, 0)
  expect_equal(recurrent:::cal_unit_label(cal), "6 days a week (Monday to Saturday)")
  last <- six[length(six)]
  expect_equal(weekdays(last), "Friday")
  fut <- cal_next(cal, last, 4)
  expect_equal(weekdays(fut), c("Saturday", "Monday", "Tuesday", "Wednesday"))
  # a holiday stays out and counts as one
  cal <- cal_infer(six[-30])
  expect_equal(cal$gaps, 1)
  expect_true(cal$regular)
  # Sunday to Thursday: the week runs across the Monday the count starts on
  st <- days[wday(days) %in% 0:4]
  cal <- cal_infer(st)
  expect_equal(cal$wdays, c(0:3, 6L))
  expect_equal(cal$gaps, 0)
  expect_equal(recurrent:::cal_unit_label(cal), "5 days a week (Sunday to Thursday)")
  fut <- cal_next(cal, st[length(st)], 6)
  expect_equal(weekdays(fut), c("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Sunday"))
  # every counted day maps back to itself
  w <- c(1L, 2L, 4L, 6L)
  day <- as.double(days)[(as.double(days) - 4) %% 7 %in% w]
  expect_equal(recurrent:::cal_bday_day(recurrent:::cal_bday(day, w), w), day)
  expect_equal(diff(recurrent:::cal_bday(day, w)), rep(1, length(day) - 1))
  # fewer than four weeks do not show a working week
  expect_error(cal_infer(six[1:18]), class = "recurrent_irregular_time")
  # fitted and forecast on their days, as a user gives them
  set.seed(2)
  df <- data.frame(date = six, sales = 100 + 20 * (wday(six) == 6) + rnorm(length(six)))
  fit <- rnn_fit(df, verbose = FALSE)
  expect_equal(fit$data$calendars[[1]]$cal$frequency, 6)
  out <- as.data.frame(predict(fit, h = 7))
  expect_false(any(weekdays(as.Date(rownames(out))) == "Sunday"))
  sat <- weekdays(as.Date(rownames(out))) == "Saturday"
  expect_gt(min(out[sat, 1]) - max(out[!sat, 1]), 10)
})

test_that("trading hours: bars at the same times of day on business days, nights and holidays skipped", {
  days <- weekdays_from("2024-03-04", 30)       # across New York's DST change (10 March)
  days <- days[-12]                             # a holiday
  tt <- as.POSIXct(paste(rep(days, each = 7), sprintf("%02d:30:00", 9:15)), tz = "America/New_York")
  cal <- cal_infer(tt)
  expect_equal(cal$unit, "hour")
  expect_equal(cal$session$tods, 3600 * (9:15) + 1800)
  expect_equal(cal$session$wdays, 0:4)
  expect_equal(cal$frequency, 7)
  expect_equal(unname(cal$periods), c(7, 35))
  expect_equal(cal$gaps, 7)
  expect_true(cal$regular)
  expect_equal(recurrent:::cal_unit_label(cal), "hourly, 09:30 to 15:30, business days")
  # the bar after Friday's close is Monday's open, in local time after the change
  fri <- as.POSIXct("2024-04-12 15:30", tz = "America/New_York")
  fut <- cal_next(cal, fri, 8)
  expect_equal(format(fut, "%a %H:%M"), c(paste("Mon", sprintf("%02d:30", 9:15)), "Tue 09:30"))
  prep <- cal_prepare(data.frame(t = tt, v = seq_along(tt)))
  expect_equal(nrow(prep$values), length(tt))   # the holiday's bars are not inserted
  # a lunch break (Tokyo: 09:00-11:30 and 12:30-15:00, half-hourly bars)
  tk <- as.POSIXct(paste(rep(days, each = 11), format(as.POSIXct("2024-01-01", tz = "UTC") +
    1800 * c(18:23, 25:29), "%H:%M")), tz = "Asia/Tokyo")
  ctk <- cal_infer(tk)
  expect_equal(ctk$frequency, 11)
  expect_equal(format(cal_next(ctk, tk[6], 2), "%H:%M"), c("12:30", "13:00"))
  # hourly data round the clock is not a session; nor are times of day off
  # one grid
  h24 <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (0:239)
  expect_null(cal_infer(h24)$session)
  odd <- tt + ifelse(format(tt, "%H") == "11", 600, 0)
  expect_error(cal_infer(odd), class = "recurrent_irregular_time")
  # fitted and forecast on the bars
  set.seed(3)
  k <- rep(0:6, length(days))
  fit <- rnn_fit(data.frame(time = tt, volume = 100 + 10 * (k - 3)^2 + rnorm(length(k))),
                 verbose = FALSE)
  fc <- predict(fit, h = 9)
  out <- rownames(as.data.frame(fc))
  expect_equal(substr(out, 12, 16), c(sprintf("%02d:30", 9:15), "09:30", "10:30"))
  expect_equal(round(as.numeric(fc$mean[1:7]), -1), 100 + 10 * (0:6 - 3)^2, tolerance = 0.1)
  # plots count bars along x (nights take no room; the holiday's 7 bars do)
  expect_equal(sort(unique(diff(recurrent:::fc_plot_x(tt, cal)))), c(1, 8))
  png(f <- tempfile(fileext = ".png"))
  mid <- rnn_fit(data.frame(time = tt, volume = 100 + 10 * (k - 3)^2)[seq_len(length(tt) - 3), ],
                 verbose = FALSE)   # ends at 12:30: less than a day in view below
  expect_silent({ plot(fc); plot(fit); plot(predict(mid, h = 2), include = 2) })
  dev.off()
  unlink(f)
})

test_that("a business-day series with holidays still infers bday; the holidays stay out", {
  d <- weekdays_from("2023-01-02", 260)
  hol <- as.Date(c("2023-01-16", "2023-02-20", "2023-05-29", "2023-07-04", "2023-09-04",
                   "2023-11-23", "2023-12-25"))
  d <- d[!d %in% hol]
  cal <- cal_infer(d)
  expect_equal(cal$unit, "bday")
  expect_equal(cal$gaps, 7)
  expect_true(cal$regular)
  prep <- cal_prepare(data.frame(day = d, close = seq_along(d)))
  expect_equal(nrow(prep$values), length(d))   # no rows inserted for holidays
  expect_length(prep$filled, 0)
  # the next day after the last Friday before Christmas is Monday the 25th:
  # one year shows each holiday once, so none is learnt (test-holidays.R)
  fri <- as.Date("2023-12-22")
  expect_equal(format(cal_next(cal, fri, 2)), c("2023-12-25", "2023-12-26"))
  # a fifth of the weekdays missing is not a business-day calendar
  sparse <- d[seq_along(d) %% 5 != 0]
  expect_error(cal_infer(sparse), class = "recurrent_irregular_time")
  expect_error(cal_infer(sparse), "business days .* would be missing")
})

test_that("three months of closes around the year's end keep their four holidays out", {
  # Thanksgiving, Christmas, New Year's Day and Martin Luther King Day in 66
  # weekdays: 6%, over the 5% that longer stretches are allowed
  d <- weekdays_from("2023-11-01", 66)
  d <- d[!d %in% as.Date(c("2023-11-23", "2023-12-25", "2024-01-01", "2024-01-15"))]
  cal <- cal_infer(d)
  expect_equal(cal$unit, "bday")
  expect_equal(cal$gaps, 4)
  expect_true(cal$regular)
  set.seed(1)
  fc <- predict(rnn_fit(data.frame(date = d, close = 100 * exp(cumsum(rnorm(length(d), sd = 0.01)))),
                        verbose = FALSE), h = 3)
  expect_equal(format(fc$times), c("2024-02-01", "2024-02-02", "2024-02-05"))
  # a fifth missing is still not a business-day calendar, nor are 5 missing
  # of 30 weekdays
  expect_error(cal_infer(d[seq_along(d) %% 5 != 0]), class = "recurrent_irregular_time")
  short <- weekdays_from("2024-03-04", 30)
  expect_error(cal_infer(short[-c(3, 9, 14, 20, 26)]), "5 of its 30 steps")
})

test_that("hourly POSIXct crosses DST changes in Europe/Berlin without gaps", {
  tz <- "Europe/Berlin"
  h <- seq(as.POSIXct("2024-03-30 00:00", tz = tz), by = "hour", length.out = 72)
  cal <- cal_infer(h)
  expect_equal(cal$unit, "hour")
  expect_equal(cal$step, 1)
  expect_equal(cal$frequency, 24)
  expect_equal(cal$gaps, 0)
  expect_equal(names(cal$periods), "day")
  lab <- cal_format(h[25:28], cal)
  expect_equal(lab, c("2024-03-31 00:00", "2024-03-31 01:00", "2024-03-31 03:00",
                      "2024-03-31 04:00"))
  # autumn: 02:00 twice, one hour apart in UTC
  last <- as.POSIXct("2024-10-27 01:00", tz = tz)
  fut <- cal_next(cal, last, 3)
  expect_equal(diff(as.numeric(fut)), c(3600, 3600))
  expect_equal(format(fut, "%H:%M %Z", tz = tz), c("02:00 CEST", "02:00 CET", "03:00 CET"))
  expect_equal(attr(fut, "tzone"), tz)
  # the hour-of-day terms follow the clock: 03:00 CEST after the spring change
  # equals 03:00 CET the day before
  f <- cal_fourier(h, cal$periods, 3)
  i1 <- which(format(h, "%d %H") == "30 03")
  i2 <- which(format(h, "%d %H") == "31 03")
  expect_equal(f[i1, ], f[i2, ])
})

test_that("daily POSIXct keeps its clock time across a DST change", {
  tz <- "Europe/Berlin"
  d <- as.POSIXct(paste(seq(as.Date("2024-03-01"), by = "day", length.out = 29), "00:00"),
                  tz = tz)
  cal <- cal_infer(d)
  expect_equal(cal$unit, "day")
  expect_equal(cal$frequency, 7)
  fut <- cal_next(cal, d[length(d)], 4)
  expect_equal(format(fut, "%Y-%m-%d %H:%M", tz = tz),
               c("2024-03-30 00:00", "2024-03-31 00:00", "2024-04-01 00:00",
                 "2024-04-02 00:00"))
  expect_equal(cal_format(fut[1], cal), "2024-03-30")
})

test_that("days at UTC midnight stored with a DST zone are still daily", {
  u <- as.POSIXct(format(seq(as.Date("2024-03-01"), by = "day", length.out = 60)), tz = "UTC")
  attr(u, "tzone") <- "Europe/Berlin"
  cal <- cal_infer(u)
  expect_equal(cal$unit, "day")
  fut <- cal_next(cal, u[60], 2)
  expect_equal(attr(fut, "tzone"), "Europe/Berlin")
  expect_equal(format(fut, "%Y-%m-%d %H:%M", tz = "UTC"), c("2024-04-30 00:00", "2024-05-01 00:00"))
  expect_equal(cal_format(fut, cal), c("2024-04-30", "2024-05-01"))
})

test_that("15-minute data: step 15 min, 96 a day, weekly period when long enough", {
  x <- seq(as.POSIXct("2024-01-01 00:00", tz = "UTC"), by = 900, length.out = 2000)
  cal <- cal_infer(x)
  expect_equal(c(cal$unit, cal$step), c("min", "15"))
  expect_equal(cal$frequency, 96)
  expect_equal(cal$periods, c(day = 96, week = 672))
  expect_equal(cal_infer(x[1:500])$periods, c(day = 96))
  fut <- cal_next(cal, x[2000], 2)
  expect_equal(as.numeric(fut) - as.numeric(x[2000]), c(900, 1800))
  expect_equal(cal_format(fut, cal), c("2024-01-21 20:00", "2024-01-21 20:15"))
})

test_that("monthly Dates on month starts and on month ends", {
  m <- seq(as.Date("2019-01-01"), by = "month", length.out = 30)
  cal <- cal_infer(m)
  expect_equal(cal$unit, "month")
  expect_equal(cal$frequency, 12)
  expect_equal(cal$periods, c(year = 12))
  fut <- cal_next(cal, m[30], 3)
  expect_equal(format(fut), c("2021-07-01", "2021-08-01", "2021-09-01"))
  expect_equal(cal_format(fut, cal), c("Jul 2021", "Aug 2021", "Sep 2021"))

  e <- month_ends("2022-01-01", 24)
  cal <- cal_infer(e)
  expect_equal(cal$unit, "month")
  expect_equal(cal$anchor, "end")
  expect_equal(format(cal_next(cal, e[24], 3)), c("2024-01-31", "2024-02-29", "2024-03-31"))

  # the 15th of each month stays the 15th; labels then show the day
  mid <- seq(as.Date("2020-01-15"), by = "month", length.out = 12)
  cal <- cal_infer(mid)
  expect_equal(cal$anchor, 15)
  expect_equal(format(cal_next(cal, mid[12], 1)), "2021-01-15")
  # a missing month is a gap, filled with NA by cal_prepare
  prep <- cal_prepare(data.frame(month = m[-5], v = seq_len(29)))
  expect_equal(nrow(prep$values), 30)
  expect_true(is.na(prep$values[5, 1]))
  expect_equal(format(prep$filled), "2019-05-01")
})

test_that("quarterly, weekly and yearly Dates", {
  q <- seq(as.Date("2001-01-01"), by = "quarter", length.out = 20)
  cal <- cal_infer(q)
  expect_equal(c(cal$unit, cal$frequency), c("quarter", "4"))
  fut <- cal_next(cal, q[20], 2)
  expect_equal(format(fut), c("2006-01-01", "2006-04-01"))
  expect_equal(cal_format(fut, cal), c("2006 Q1", "2006 Q2"))
  qe <- month_ends("2001-01-01", 24)[seq(3, 24, by = 3)]   # quarter ends
  expect_equal(format(cal_next(cal_infer(qe), qe[8], 1)), "2003-03-31")

  w <- seq(as.Date("2020-01-06"), by = "week", length.out = 120)
  cal <- cal_infer(w)
  expect_equal(cal$unit, "week")
  expect_equal(cal$frequency, 52)
  expect_equal(cal$periods, c(year = 365.25 / 7))
  expect_equal(format(cal_next(cal, w[120], 1)), format(w[120] + 7))

  y <- seq(as.Date("1990-07-01"), by = "year", length.out = 25)
  cal <- cal_infer(y)
  expect_equal(cal$unit, "year")
  expect_equal(cal$frequency, 1)
  expect_length(cal$periods, 0)
  fut <- cal_next(cal, y[25], 2)
  expect_equal(format(fut), c("2015-07-01", "2016-07-01"))
  expect_equal(cal_format(fut, cal), c("2015", "2016"))
})

test_that("daily data gets weekly and, from two years, annual periods", {
  d <- seq(as.Date("2020-01-01"), by = "day", length.out = 3 * 365)
  cal <- cal_infer(d)
  expect_equal(cal$unit, "day")
  expect_equal(cal$frequency, 7)
  expect_equal(cal$periods, c(week = 7, year = 365.25))
  expect_equal(cal_infer(d[1:400])$periods, c(week = 7))
})

test_that("a data frame's Date column is found, or named by `index`", {
  d <- seq(as.Date("2024-01-01"), by = "day", length.out = 20)
  df <- data.frame(temp = 1:20, date = d)
  e <- cal_extract(df)
  expect_equal(e$index, "date")
  expect_equal(e$times, d)
  expect_equal(colnames(e$values), "temp")
  expect_equal(e$kind, "df")

  two <- data.frame(start = d, end = d + 1, v = 1:20)
  expect_error(cal_extract(two), class = "recurrent_error")
  expect_error(cal_extract(two), "2 date/time columns \\(`start`, `end`\\)")
  e <- cal_extract(two, index = "end")
  expect_equal(e$times, d + 1)
  expect_equal(colnames(e$values), "v")   # the other date column is not a value
  expect_error(cal_extract(two, index = "when"), "must name a column .*\"when\"")
  expect_error(cal_extract(two, index = "v"), "must hold Date or POSIXct")
  expect_error(cal_extract(data.frame(d = d, s = letters[1:20])), "`s` is not numeric")
  # no time column: a plain series on 1..N
  e <- cal_extract(data.frame(a = 1:5, b = 5:1))
  expect_null(e$times)
  expect_equal(e$tsp, c(1, 5, 1))
})

test_that("duplicated and missing timestamps are errors; unsorted input is sorted", {
  d <- seq(as.Date("2024-01-01"), by = "day", length.out = 30)
  dd <- c(d, d[c(3, 5, 7, 9, 11, 13, 15)])
  err <- expect_error(cal_extract(data.frame(d = dd, v = seq_along(dd))),
                      class = "recurrent_error")
  expect_match(conditionMessage(err), "7 duplicated timestamps")
  expect_match(conditionMessage(err), "2024-01-03, 2024-01-05, .* and 2 more")
  expect_match(conditionMessage(err), "regularise = TRUE` to average them")
  # stations stacked by a numeric id: the message names it as the key, not
  # the averaging that would mix the stations
  st <- data.frame(station = rep(c(101, 102, 103), each = 30), d = rep(d, 3), v = rnorm(90))
  expect_error(cal_extract(st), "several series stacked by `station`\\? Name it with `key = \"station\"`")
  expect_equal(cal_stacked_by(cbind(v = c(1:5, 1:5), w = rnorm(10)), rep(d[1:5], 2)), NULL)
  # regularising averages duplicates
  prep <- cal_prepare(data.frame(d = c(d, d[3]), v = c(seq_along(d), 103)),
                      regularise = TRUE)
  expect_equal(nrow(prep$values), 30)
  expect_equal(prep$values[[3, 1]], (3 + 103) / 2)
  expect_equal(prep$merged, 1)

  na <- d
  na[c(4, 8)] <- NA
  expect_error(cal_extract(data.frame(d = na, v = 1:30)), "2 missing timestamps, in rows 4, 8")

  o <- c(5:30, 4:1)
  e <- cal_extract(data.frame(d = d[o], v = o))
  expect_true(e$sorted)
  expect_equal(e$times, d)
  expect_equal(e$values[, 1], as.double(1:30))
})

test_that("irregular timestamps are a clear error, or regularised on request", {
  d <- as.Date("2024-01-01") + cumsum(c(0, 1, 3, 17, 2, 5, 3, 3, 1, 1, 4))
  err <- expect_error(cal_infer(d), class = "recurrent_irregular_time")
  expect_match(conditionMessage(err), "irregular: gaps range from 1 day to 17 days, median 3 days")
  expect_match(conditionMessage(err), "regularise = TRUE")
  prep <- cal_prepare(data.frame(d = d, v = seq_along(d)), regularise = TRUE)
  expect_equal(prep$cal$unit, "day")
  expect_false(prep$cal$regular)
  expect_equal(prep$times, seq(d[1], d[length(d)], by = "day"))
  expect_false(anyNA(prep$values))
  # observed values stay, the rest is interpolated
  expect_equal(unname(prep$values[match(d, prep$times), 1]), as.double(seq_along(d)))
  expect_equal(prep$values[[which(prep$times == as.Date("2024-01-03")), 1]], 2 + 1 / 3)
  # a missing value counts as no observation: averaged away beside another in
  # its step, interpolated where its step has nothing else, and reported filled
  h <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * c(0:9, 5)
  hv <- data.frame(t = h, v = c(0, 1, 2, NA, 4, NA, 6, 7, 8, 9, 5))
  expect_error(cal_prepare(hv), "duplicated")
  p2 <- cal_prepare(hv, regularise = TRUE)
  expect_equal(p2$values[, 1], as.double(0:9))
  expect_equal(p2$filled, h[4])
  expect_equal(p2$merged, 1L)

  # one long hole is a break in the series, even when few steps are missing
  long <- seq(as.Date("2010-01-01"), by = "day", length.out = 2000)
  long <- long[-(500:520)]
  err <- expect_error(cal_infer(long), class = "recurrent_irregular_time")
  expect_match(conditionMessage(err), "21 steps in a row would be missing after 2011-05-14 \\(at most 14")
  expect_equal(cal_infer(long[-(1:550)])$gaps, 0)
  short <- seq(as.Date("2010-01-01"), by = "day", length.out = 2000)[-(500:510)]
  expect_equal(cal_infer(short)$gaps, 11)

  # sub-daily times at random instants go to the nearest round step
  set.seed(1)
  t <- as.POSIXct("2024-01-01", tz = "UTC") + sort(runif(200, 0, 200 * 900))
  expect_error(cal_infer(t), "irregular")
  # hourly readings a minute or so off the hour: the error names the hourly
  # grid that regularise = TRUE uses, not the commonest gap (e.g. 3590 s)
  hr <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (0:199) + round(runif(200, -90, 90))
  err <- expect_error(cal_infer(hr), class = "recurrent_irregular_time")
  expect_match(conditionMessage(err), "closest regular calendar is hourly, but")
  expect_equal(cal_prepare(data.frame(t = hr, v = 1:200), regularise = TRUE)$cal$unit, "hour")
  prep <- cal_prepare(data.frame(t = t, v = rnorm(200)), regularise = TRUE)
  expect_equal(prep$cal$unit, "min")
  expect_equal(prep$cal$step, 15)
  expect_true(all(as.numeric(prep$times) %% 900 == 0))
  # readings at odd hours every day or two go onto local days
  t <- as.POSIXct("2024-01-01", tz = "Europe/Berlin") +
    cumsum(c(0, sample(c(20, 30, 40), 99, replace = TRUE))) * 3600
  prep <- cal_prepare(data.frame(t = t, v = seq_along(t)), regularise = TRUE)
  expect_equal(prep$cal$unit, "day")
  expect_equal(unique(format(prep$times, "%H:%M")), "00:00")
  expect_equal(attr(prep$times, "tzone"), "Europe/Berlin")
  expect_false(anyNA(prep$values))
  days <- as.Date(format(t, "%Y-%m-%d", tz = "Europe/Berlin"))
  expect_equal(nrow(prep$values), as.numeric(days[100] - days[1]) + 1)
})

test_that("xts and zoo come back as xts and zoo with their index class", {
  skip_if_not_installed("xts")
  skip_if_not_installed("zoo")
  old <- options(xts_check_TZ = FALSE)
  on.exit(options(old))
  tz <- "America/New_York"
  x <- xts::xts(cbind(a = 1:48, b = 48:1),
                order.by = as.POSIXct("2024-03-09 00:00", tz = tz) + 3600 * (0:47))
  prep <- cal_prepare(x)
  expect_equal(prep$meta$kind, "xts")
  expect_equal(prep$cal$unit, "hour")
  fut <- cal_next(prep$cal, prep$times[48], 3)
  out <- cal_restore(matrix(1:6, 3), fut, prep$meta)
  expect_s3_class(out, "xts")
  expect_equal(colnames(out), c("a", "b"))
  expect_equal(as.numeric(zoo::index(out)), as.numeric(zoo::index(x)[48]) + 3600 * 1:3)
  expect_equal(attr(zoo::index(out), "tzone"), tz)

  z <- zoo::zoo(sin(1:30), zoo::as.yearmon(2020 + (0:29) / 12))
  prep <- cal_prepare(z)
  expect_equal(prep$cal$unit, "month")
  out <- cal_restore(c(1, 2), cal_next(prep$cal, prep$times[30], 2), prep$meta)
  expect_s3_class(out, "zoo")
  expect_s3_class(zoo::index(out), "yearmon")
  expect_equal(format(zoo::index(out)), c("Jul 2022", "Aug 2022"))
  expect_null(dim(out))
})

test_that("ts and msts continue their time axis and keep their periods", {
  y <- ts(1:30, start = c(2020, 1), frequency = 12)
  prep <- cal_prepare(y)
  expect_equal(prep$cal$unit, "ts")
  expect_equal(prep$cal$frequency, 12)
  fut <- cal_next(prep$cal, prep$times[30], 3)
  out <- cal_restore(c(7, 8, 9), fut, prep$meta)
  expect_true(stats::is.ts(out))
  expect_equal(stats::tsp(out), c(2022.5, 2022 + 8 / 12, 12))
  expect_equal(cal_format(fut, prep$cal), c("Jul 2022", "Aug 2022", "Sep 2022"))
  expect_equal(stats::tsp(cal_restore(1:2, NULL, prep$meta))[1], 2022.5)

  ms <- structure(ts(rnorm(700), frequency = 336), msts = c(48, 336), class = c("msts", "ts"))
  prep <- cal_prepare(ms)
  expect_equal(prep$meta$kind, "msts")
  expect_equal(prep$cal$periods, c(48, 336))
  out <- cal_restore(1:5, cal_next(prep$cal, prep$times[700], 5), prep$meta)
  expect_s3_class(out, "msts")
  expect_equal(attr(out, "msts"), c(48, 336))
  expect_equal(stats::tsp(out)[1], stats::tsp(ms)[2] + 1 / 336)
  # the msts periods give Fourier terms of the step number
  f <- cal_fourier(prep$times, prep$cal$periods, 2, frequency = prep$cal$frequency)
  expect_equal(colnames(f), c("sin1_p48", "cos1_p48", "sin2_p48", "cos2_p48",
                              "sin1_p336", "cos1_p336", "sin2_p336", "cos2_p336"))
  expect_equal(f[1, ], f[337, ], tolerance = 1e-9)
  expect_equal(f[1, 1:4], f[49, 1:4], tolerance = 1e-9)
})

test_that("data frames come back with their index column; vectors as vectors", {
  d <- seq(as.Date("2024-01-01"), by = "day", length.out = 10)
  prep <- cal_prepare(data.frame(v = 1:10, when = d))
  fut <- cal_next(prep$cal, prep$times[10], 2)
  out <- cal_restore(c(11, 12), fut, prep$meta)
  expect_equal(out, data.frame(when = d[10] + 1:2, v = c(11, 12)))
  expect_equal(cal_restore(1:3, NULL, cal_prepare(rnorm(5))$meta), 1:3)
  skip_if_not_installed("tibble")
  tb <- tibble::tibble(when = d, v = 1:10)
  out <- cal_restore(c(11, 12), fut, cal_prepare(tb)$meta)
  expect_s3_class(out, "tbl_df")
  expect_equal(names(out), c("when", "v"))
})

test_that("Fourier terms depend on the timestamp only: fit and forecast ranges agree", {
  d <- seq(as.Date("2021-01-01"), by = "day", length.out = 800)
  cal <- cal_infer(d)
  fut <- cal_next(cal, d[800], 30)
  both <- cal_fourier(c(d, fut), cal$periods, c(3, 10))
  alone <- cal_fourier(fut, cal$periods, c(3, 10))
  expect_equal(dim(both), c(830, 26))
  expect_identical(both[801:830, ], alone)
  # and a later window of the same dates gives the same rows
  expect_identical(cal_fourier(d[100:120], cal$periods, c(3, 10)), both[100:120, ])
  # the weekly terms repeat every 7 days, the annual ones on the same date
  expect_equal(both[1, 1:6], both[8, 1:6])
  expect_equal(both[1, 7:26], both[731, 7:26])   # 2021-01-01 and 2023-01-01
  # K is capped at half the period; the zero sine at period / 2 is dropped
  m <- seq(as.Date("2019-01-01"), by = "month", length.out = 36)
  f <- cal_fourier(m, c(year = 12), 8)
  expect_equal(ncol(f), 11)
  expect_false("sin6_year" %in% colnames(f))
  expect_equal(f[1, ], f[13, ])
  expect_error(cal_fourier(d, c(7, 365.25), 2), "named by cycle")
  expect_error(cal_fourier(d, cal$periods, -1), "`K` must hold non-negative whole numbers")
  # ts input: positions from the ts time, so forecast rows continue the fit
  y <- ts(1:24, start = c(2020, 1), frequency = 12)
  prep <- cal_prepare(y)
  fut <- cal_next(prep$cal, prep$times[24], 12)
  a <- cal_fourier(prep$times, 12, 2, frequency = 12)
  b <- cal_fourier(fut, 12, 2, frequency = 12)
  expect_equal(a[1:12, ], b, tolerance = 1e-9)
})

test_that("DAX on real business dates: bday calendar, weekdays ahead, dates back", {
  dax <- as.numeric(EuStockMarkets[, "DAX"])
  n <- length(dax)
  days <- seq(as.Date("1991-07-01"), by = "day", length.out = ceiling(n * 7 / 5) + 10)
  days <- days[as.POSIXlt(days)$wday %in% 1:5][seq_len(n)]
  df <- data.frame(date = days, DAX = dax)
  prep <- cal_prepare(df)
  expect_equal(prep$cal$unit, "bday")
  expect_equal(prep$cal$frequency, 5)
  expect_equal(prep$cal$periods, c(week = 5, year = 365.25 * 5 / 7))
  expect_equal(nrow(prep$values), n)
  expect_equal(prep$values[, "DAX"], dax)
  fut <- cal_next(prep$cal, days[n], 10)
  expect_false(any(as.POSIXlt(fut)$wday %in% c(0, 6)))
  expect_true(all(fut > days[n]))
  expect_equal(length(unique(fut)), 10)
  out <- cal_restore(rep(1, 10), fut, prep$meta)
  expect_equal(names(out), c("date", "DAX"))
  expect_equal(out$date, fut)
})

test_that("tsibble input: index kept, keys refused (untested when tsibble is missing)", {
  # loading tsibble asks Sys.timezone(), which warns on machines without one
  suppressWarnings(skip_if_not_installed("tsibble"))
  tb <- tsibble::tsibble(month = tsibble::yearmonth("2020 Jan") + 0:35, value = 1:36,
                         index = month)
  prep <- cal_prepare(tb)
  expect_equal(prep$meta$kind, "tsibble")
  expect_equal(prep$cal$unit, "month")
  out <- cal_restore(c(1, 2), cal_next(prep$cal, prep$times[36], 2), prep$meta)
  expect_s3_class(out, "tbl_ts")
  expect_s3_class(out$month, "yearmonth")
  expect_equal(format(out$month), c("2023 Jan", "2023 Feb"))
  keyed <- tsibble::tsibble(d = rep(as.Date("2024-01-01") + 0:4, 2), k = rep(c("a", "b"), each = 5),
                            v = 1:10, index = d, key = k)
  expect_error(cal_extract(keyed), "tsibble with key `k`")
})

test_that("bad calls say what they got", {
  expect_error(cal_extract(NULL), "non-empty series, not NULL")
  expect_error(cal_infer(as.Date("2024-01-01")), "at least 2 distinct timestamps")
  expect_error(cal_infer(1:10), "must be Date or POSIXct")
  cal <- cal_infer(seq(as.Date("2024-01-01"), by = "day", length.out = 10))
  expect_error(cal_next(cal, as.Date("2024-01-10"), -1), "`h` must be a non-negative integer")
  expect_length(cal_next(cal, as.Date("2024-01-10"), 0), 0)
  expect_error(cal_prepare(1:10, regularise = NA), "`regularise` must be TRUE or FALSE")
})

test_that("regularise: readings a few seconds before their hour belong to that hour", {
  set.seed(1)
  tt <- seq(as.POSIXct("2024-03-01", tz = "UTC"), by = "hour", length.out = 600)
  x <- 10 * sin(2 * pi * (1:600) / 24) + (1:600) * 0.01
  jitter <- tt + round(runif(600, -3, 3))
  expect_error(rnn_fit(data.frame(t = jitter, x = x)), "irregular")
  a <- rnn_fit(data.frame(t = jitter, x = x), regularise = TRUE)
  b <- rnn_fit(data.frame(t = tt, x = x))
  fa <- predict(a, h = 24)
  fb <- predict(b, h = 24)
  expect_equal(fa$times, fb$times)
  expect_identical(as.numeric(fa$mean), as.numeric(fb$mean))
  # only the last 1% of a sub-daily step moves on; days keep their readings
  expect_equal(cal_cell(list(unit = "hour"), c(0.5, 0.98, 0.995, 1, 2.999)), c(0, 0, 1, 1, 3))
  expect_equal(cal_cell(list(unit = "day"), c(0.995, 1 - 1e-7)), c(0, 1))
})

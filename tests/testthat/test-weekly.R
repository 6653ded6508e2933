# Weekly data (a Date column one week apart, frequency 52) gets rnn_fit()'s
# seasonal kind: the year as 52 weeks when the data show it, else the random
# walk for a series that drifts (bench/highfreq.R, tasks weekly_prices and
# weekly_load).

weekly_df <- function(y, start = as.Date("2015-01-05")) {
  data.frame(date = seq(start, by = "week", length.out = length(y)), value = y)
}

test_that("a weekly random walk is forecast no worse than its last value", {
  h <- 13L
  err <- c(model = 0, last = 0)
  for (i in 1:8) {
    set.seed(100 + i)
    y <- 50 * exp(cumsum(rnorm(260 + h, 0.001, 0.03)))
    fit <- rnn_fit(weekly_df(y[1:260]), verbose = FALSE)
    expect_s3_class(fit, "rnn_seasonal")
    f <- predict(fit, h = h)$mean
    err <- err + c(mean(abs(y[260 + 1:h] - f)), mean(abs(y[260 + 1:h] - y[260])))
  }
  expect_lte(err[["model"]], 1.01 * err[["last"]])
})

test_that("a weekly series with an annual cycle beats the seasonal naive at 52", {
  h <- 13L
  err <- c(model = 0, snaive = 0)
  for (i in 1:10) {
    set.seed(200 + i)
    n <- 260 + h
    t <- seq_len(n)
    y <- 100 + 10 * cos(2 * pi * (t + 13 * i) / (365.25 / 7)) +
      as.numeric(stats::arima.sim(list(ar = 0.7), n, sd = 1.5))
    fit <- rnn_fit(weekly_df(y[1:260]), verbose = FALSE)
    expect_s3_class(fit, "rnn_seasonal")
    expect_identical(fit$models[[1]]$shown, 52L)
    f <- predict(fit, h = h)$mean
    err <- err + c(mean(abs(y[260 + 1:h] - f)), mean(abs(y[260 + 1:h] - y[260 - 52 + 1:h])))
  }
  expect_lt(err[["model"]], 0.92 * err[["snaive"]])   # 0.86 when written
})

test_that("weekly forecasts are dated a week apart after the last date", {
  set.seed(3)
  df <- weekly_df(100 + cumsum(rnorm(150)))
  fc <- predict(rnn_fit(df, verbose = FALSE), h = 6)
  expect_equal(fc$times, df$date[150] + 7 * (1:6))
  expect_equal(as.Date(rownames(as.data.frame(fc))), df$date[150] + 7 * (1:6))
})

test_that("the year of weekly data is 52 weeks, kept only where the data show it", {
  set.seed(4)
  rw <- cumsum(rnorm(260))
  # an intraday daily cycle is always kept; weekly data's 52 only when shown
  expect_identical(recurrent:::fc_shown_periods(rw, 52L), integer(0))
  expect_identical(recurrent:::fc_shown_periods(rw[1:200], 24L), 24L)
  cyc <- 10 * sin(2 * pi * (1:260) / 52) + rnorm(260)
  expect_identical(recurrent:::fc_shown_periods(cyc, 52L), 52L)
  fit <- rnn_fit(ts(cyc, frequency = 52), verbose = FALSE)
  expect_s3_class(fit, "rnn_seasonal")
  expect_identical(fit$models[[1]]$periods, 52L)
})

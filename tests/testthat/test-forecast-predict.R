# Forecasts: time axis, intervals, h, newxreg, joint series, saveRDS, networks.
# Networks are tiny (hidden 4, a few epochs) to keep the suite fast.

test_that("mean continues the series' time axis", {
  fit <- rnn_fit(AirPassengers, repeats = 0)
  fc <- predict(fit, h = 24)
  expect_s3_class(fc, c("rnn_forecast", "forecast"))
  expect_true(is.ts(fc$mean))
  expect_equal(frequency(fc$mean), 12)
  expect_equal(start(fc$mean), c(1961, 1))
  expect_equal(end(fc$mean), c(1962, 12))
  expect_equal(tsp(fc$lower)[1:2], tsp(fc$mean)[1:2])
  expect_identical(fc$x, AirPassengers)
  q <- predict(rnn_fit(JohnsonJohnson, repeats = 0), h = 3)
  expect_equal(start(q$mean), c(1981, 1))
  expect_equal(frequency(q$mean), 4)
})

test_that("intervals are ordered and named by level", {
  fit <- rnn_fit(nottem, repeats = 0)
  fc <- predict(fit, h = 30, level = c(95, 80))
  expect_equal(fc$level, c(80, 95))
  expect_equal(colnames(fc$lower), c("80%", "95%"))
  lo <- unclass(fc$lower); up <- unclass(fc$upper); m <- as.numeric(fc$mean)
  expect_true(all(lo[, 2] <= lo[, 1] & lo[, 1] <= m & m <= up[, 1] & up[, 1] <= up[, 2]))
  # wider further ahead (not shrinking)
  w <- up[, 2] - lo[, 2]
  expect_true(all(diff(w) >= -1e-8))
  expect_equal(predict(fit, h = 2, level = 0.9)$level, 90)
  expect_error(predict(fit, level = 120), "`level` must be percentages in \\(0, 100\\)",
               class = "recurrent_error")
})

test_that("h: any positive integer, also beyond the horizon; bad h errors", {
  fit <- rnn_fit(LakeHuron, repeats = 0, horizon = 4)
  expect_length(predict(fit, h = 1)$mean, 1)
  expect_length(predict(fit, h = 11)$mean, 11)
  expect_equal(length(predict(fit)$mean), 4)
  expect_error(predict(fit, h = -1), "`h` must be a positive integer, not -1", class = "recurrent_error")
  expect_error(predict(fit, h = 0), "`h` must be a positive integer, not 0", class = "recurrent_error")
  expect_error(predict(fit, h = 2.5), "`h` must be a positive integer, not 2.5", class = "recurrent_error")
  expect_error(predict(fit, h = "a"), "`h` must be a positive integer", class = "recurrent_error")
  expect_error(predict(fit, h = c(1, 2)), "`h` must be a positive integer", class = "recurrent_error")
})

test_that("fitted, residuals and the forecast object's parts line up", {
  fit <- rnn_fit(WWWusage, repeats = 0)
  expect_equal(length(fitted(fit)), length(WWWusage))
  expect_equal(tsp(fitted(fit)), tsp(WWWusage))
  expect_true(all(is.na(fitted(fit)[1:fit_lookback(fit)])))
  expect_equal(residuals(fit), WWWusage - fitted(fit))
  fc <- predict(fit, h = 5)
  expect_equal(fitted(fc), fitted(fit))
  expect_equal(residuals(fc), residuals(fit))
  expect_match(fc$method, "linear AR")
  expect_equal(fc$series, "WWWusage")
  d <- as.data.frame(fc)
  expect_named(d, c("Point Forecast", "Lo 80", "Hi 80", "Lo 95", "Hi 95"))
  expect_equal(nrow(d), 5)
})

test_that("covariates: newxreg is required and checked", {
  # simulated daily weather (R's datasets are kept for independent evaluation)
  set.seed(3)
  aq <- data.frame(Wind = round(rgamma(153, 4, 0.4), 1), Solar.R = round(runif(153, 50, 300)))
  aq$Temp <- round(75 + 8 * sin(pi * (1:153) / 153) - 0.8 * (aq$Wind - 10) + rnorm(153, 0, 3))
  aq$Solar.R[c(5, 6, 11)] <- NA
  x <- aq[1:140, c("Wind", "Solar.R")]
  expect_error(rnn_fit(aq$Temp[1:140], xreg = x, repeats = 0),
               "`xreg` has [0-9]+ missing values in [0-9]+ runs of consecutive positions: 5-6", class = "recurrent_error")
  fit <- rnn_fit(aq$Temp[1:140], xreg = x, repeats = 0, horizon = 7,
                 na_action = "interpolate")
  nx <- aq[141:147, c("Wind", "Solar.R")]
  fc <- predict(fit, newxreg = nx)
  expect_length(fc$mean, 7)
  expect_equal(start(fc$mean), c(141, 1))
  expect_error(predict(fit, h = 7), "`newxreg` is required", class = "recurrent_error")
  expect_error(predict(fit, h = 10, newxreg = nx), "at least `h` = 10 rows", class = "recurrent_error")
  expect_error(predict(fit, newxreg = nx[, 1, drop = FALSE]), "must have 2 columns",
               class = "recurrent_error")
  expect_error(predict(fit, newxreg = data.frame(a = letters[1:7], b = 1:7)), "numeric",
               class = "recurrent_error")
  expect_error(rnn_fit(aq$Temp[1:140], xreg = x[1:100, ], repeats = 0),
               "`xreg` must have 140 rows", class = "recurrent_error")
  nofit <- rnn_fit(aq$Temp[1:140], repeats = 0, horizon = 7)
  expect_error(predict(nofit, newxreg = nx), "`newxreg` must be NULL", class = "recurrent_error")
  # the covariates matter: a hot, windless, sunny week vs a cold windy one
  hot <- predict(fit, newxreg = data.frame(Wind = rep(3, 7), Solar.R = rep(300, 7)))
  cold <- predict(fit, newxreg = data.frame(Wind = rep(20, 7), Solar.R = rep(20, 7)))
  expect_gt(mean(hot$mean), mean(cold$mean))
})

test_that("several series are forecast jointly", {
  eu <- window(EuStockMarkets[, c("DAX", "SMI", "FTSE")], end = c(1992, 200))
  fit <- rnn_fit(eu, repeats = 1, hidden = 4, epochs = 2, horizon = 5)
  fc <- predict(fit, h = 7)
  expect_s3_class(fc, "rnn_mforecast")
  expect_s3_class(fc, "mforecast")
  expect_named(fc$forecast, c("DAX", "SMI", "FTSE"))
  expect_s3_class(fc$forecast$DAX, "rnn_forecast")
  expect_equal(tsp(fc$forecast$FTSE$mean)[3], 260)
  expect_equal(tsp(fc$forecast$FTSE$mean)[1], tsp(eu)[2] + 1 / 260)
  expect_length(fc$forecast$SMI$mean, 7)
  expect_equal(nrow(as.data.frame(fc)), 21)
  out <- capture.output(print(fc))
  expect_true(any(grepl("Joint forecasts of 3 series", out)))
})

test_that("networks train, are reproducible with set.seed, and survive saveRDS", {
  set.seed(11)
  fit <- rnn_fit(nottem, hidden = 4, repeats = 2, epochs = 3, cell = "gru")
  expect_length(fit$model$nets, 2)
  expect_s3_class(fit$model$nets[[1]], "rnn_net")
  # kept once: the networks (with their histories) in fit$model$nets, the window in
  # fit$model$lookback, the series in fit$data
  expect_null(fit$nets)
  expect_null(fit$history)
  expect_null(fit$x)
  expect_false(any(c("L", "repeats", "base", "panel") %in% names(fit$model)))
  set.seed(11)
  fit2 <- rnn_fit(nottem, hidden = 4, repeats = 2, epochs = 3, cell = "gru")
  expect_equal(predict(fit, h = 5)$mean, predict(fit2, h = 5)$mean)
  f <- tempfile(fileext = ".rds")
  saveRDS(fit, f)
  back <- readRDS(f)
  expect_equal(predict(back, h = 30)$mean, predict(fit, h = 30)$mean)
  expect_equal(predict(back, h = 30)$upper, predict(fit, h = 30)$upper)
  unlink(f)
})

test_that("recursive strategy and network-only models work", {
  set.seed(2)
  r <- rnn_fit(austres, strategy = "recursive", hidden = 4, repeats = 1, epochs = 2)
  expect_equal(r$model$steps, 1L)
  fr <- predict(r, h = 12)
  expect_length(fr$mean, 12)
  expect_true(all(is.finite(fr$mean)))
  n <- rnn_fit(austres, linear = FALSE, hidden = 4, repeats = 1, epochs = 2, cell = "rnn")
  expect_null(n$model$coef)
  expect_true(all(is.finite(predict(n, h = 3)$mean)))
  expect_error(rnn_fit(austres, linear = FALSE, repeats = 0), "`repeats` must be at least 1",
               class = "recurrent_error")
})

# Coverage of the 80% and 95% intervals over the next 10 values of `n_series`
# simulated series (random walks and AR(1) alternately, `n_train` points
# observed), linear path only so it is fast.
sim_coverage <- function(n_series, n_train, seed) {
  set.seed(seed)
  hits <- c(0, 0)
  for (i in seq_len(n_series)) {
    n <- n_train + 10
    y <- if (i %% 2) cumsum(rnorm(n)) else as.numeric(arima.sim(list(ar = 0.7), n))
    fc <- predict(rnn_fit(y[1:n_train], repeats = 0, horizon = 10), h = 10)
    test <- y[n_train + 1:10]
    hits <- hits + colSums(test >= fc$lower & test <= fc$upper)
  }
  hits / (10 * n_series)
}

test_that("intervals are calibrated on unseen data (random walks and AR(1) series)", {
  cov <- sim_coverage(16, 120, seed = 5)
  expect_gt(cov[1], 0.6)
  expect_lt(cov[1], 0.97)
  expect_gt(cov[2], 0.8)
})

test_that("80% and 95% intervals cover about 80% and 95% of unseen values", {
  # 60 simulated series (random walks and AR(1)), linear path only so it is
  # fast; pooled over 600 forecast points from 60 independent origins the
  # coverage has a standard error of about 0.03.
  cov <- sim_coverage(60, 130, seed = 123)
  expect_gt(cov[1], 0.72)
  expect_lt(cov[1], 0.88)
  expect_gt(cov[2], 0.91)
  expect_lt(cov[2], 0.99)
})

test_that("a series that never goes below zero is forecast at zero or above", {
  # hourly counts: zero at night, peaks by day whose size varies, so that
  # the additive model's lower bounds reach far below zero unless cut
  set.seed(11)
  hour <- rep(0:23, 40)
  day <- hour >= 7 & hour <= 19
  y <- round(pmax(0, day * (300 * sin(pi * (hour - 7) / 12) * rlnorm(960, 0, 0.4) + rnorm(960, 0, 20))))
  expect_true(min(y) == 0)
  fc <- predict(rnn_fit(ts(y, frequency = 24)), h = 48)
  # the same series moved one unit down has a negative value, so it is not
  # cut: the models are additive, so its forecast is this one's minus 1
  fc1 <- predict(rnn_fit(ts(y - 1, frequency = 24)), h = 48)
  expect_lt(min(fc1$lower) + 1, -10)
  expect_gte(min(fc$mean, fc$lower, fc$upper), 0)
  expect_equal(as.numeric(fc$lower), pmax(as.numeric(fc1$lower) + 1, 0), tolerance = 1e-6)
  expect_equal(as.numeric(fc$mean), pmax(as.numeric(fc1$mean) + 1, 0), tolerance = 1e-6)
})

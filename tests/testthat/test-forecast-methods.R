# print/summary/plot/autoplot and the forecast package integration.

test_that("print and summary read well", {
  set.seed(3)
  fit <- rnn_fit(AirPassengers, hidden = 4, repeats = 1, epochs = 3)
  out <- capture.output(print(fit))
  expect_match(out[1], "<rnn_fit> local recurrent forecaster for AirPassengers: 144 observations, monthly")
  expect_true(any(grepl("LSTM, 4 hidden units \\+ linear AR path; 1 network averaged", out)))
  expect_true(any(grepl("seasonal naive|naive", out)))
  s <- capture.output(summary(fit))
  expect_true(any(grepl("Forecast error sd per step at the end of the series", s)))
  expect_true(any(grepl("best_epoch", s)))
  fc <- predict(fit, h = 3)
  p <- capture.output(print(fc))
  expect_match(p[1], "Forecasts of AirPassengers from RNN LSTM\\(4\\) \\+ linear AR")
  expect_true(any(grepl("Jan 1961", p)))
  expect_true(any(grepl("Lo 95", p)))
})

test_that("print, summary and plot report the epoch rnn_train() kept, also epoch 0", {
  # on this random walk early stopping keeps the untrained start of both
  # networks (epoch 0: a zero output layer, nothing added to the linear path)
  set.seed(1)
  y <- cumsum(rnorm(100))
  fit <- rnn_fit(y, repeats = 2, hidden = 4, epochs = 20, verbose = FALSE)
  kept <- vapply(fit_nets(fit), function(n) n$training$best_epoch, numeric(1))
  expect_equal(kept, c(0, 0))
  out <- capture.output(print(fit))
  expect_true(any(grepl("2 networks trained, none improved on the linear path", out)))
  expect_false(any(grepl("averaged", out)))
  s <- summary(fit)
  expect_equal(s$nets$best_epoch, c(0L, 0L))
  expect_true(all(is.na(s$nets$train_loss)))
  expect_equal(s$nets$val_loss, vapply(fit_nets(fit), function(n) n$training$best_score, numeric(1)))
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  plot(fit, type = "training")
  expect_lte(graphics::par("usr")[1], 0)     # the kept epoch 0 is on the plot
  # some networks improve, some keep their start
  set.seed(16)
  y <- cumsum(rnorm(100))
  fit <- rnn_fit(y, repeats = 2, hidden = 4, epochs = 20, verbose = FALSE)
  kept <- vapply(fit_nets(fit), function(n) n$training$best_epoch, numeric(1))
  expect_equal(sum(kept == 0), 1)
  expect_equal(summary(fit)$nets$best_epoch, as.integer(kept))
  expect_true(any(grepl("2 networks trained; 1 kept its untrained start \\(no contribution\\)",
                        capture.output(print(fit)))))
})

test_that("bad training options in `...` are reported against the user's rnn_fit() call", {
  e <- expect_error(rnn_fit(AirPassengers, epochs = 0), "`epochs` must be a positive integer, not 0.",
                    class = "recurrent_error", fixed = TRUE)
  expect_identical(e$call, quote(rnn_fit(AirPassengers, epochs = 0)))
  e <- expect_error(rnn_fit(AirPassengers, repeats = 1, dropout = 2), "`dropout` must be",
                    class = "recurrent_error")
  expect_identical(e$call[[1]], quote(rnn_fit))
  expect_lt(nchar(paste(deparse(e$call), collapse = "")), 100)
  # checked up front: also when no network is trained, and before any training
  e <- expect_error(rnn_fit(AirPassengers, repeats = 0, lr = -1), "`lr` must be",
                    class = "recurrent_error")
  expect_identical(e$call, quote(rnn_fit(AirPassengers, repeats = 0, lr = -1)))
  expect_error(rnn_fit(AirPassengers, repeats = 0, merge = "max"), "`merge` must be one of",
               class = "recurrent_error")
  expect_silent(expect_error(rnn_fit(AirPassengers, verbose = TRUE, patience = 0),
                             "`patience` must be", class = "recurrent_error"))
})

test_that("base plots draw without error", {
  set.seed(3)
  fit <- rnn_fit(UKDriverDeaths, hidden = 4, repeats = 2, epochs = 3)
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  on.exit({ grDevices::dev.off(); unlink(f) })
  expect_invisible(plot(predict(fit, h = 24)))
  expect_invisible(plot(fit))
  expect_invisible(plot(rnn_fit(LakeHuron, repeats = 0)))
  eu <- rnn_fit(EuStockMarkets[1:200, 1:2], repeats = 0, horizon = 5)
  expect_invisible(plot(predict(eu)))
})

test_that("recurrent's forecast() works alone and hands other objects on", {
  fit <- rnn_fit(LakeHuron, repeats = 0)
  fc <- recurrent::forecast(fit, h = 4)
  expect_s3_class(fc, "rnn_forecast")
  expect_equal(fc$mean, predict(fit, h = 4)$mean)
  expect_equal(recurrent::forecast(fit, 4, level = 90)$level, 90)
})

test_that("forecast::forecast dispatches to rnn_fit; accuracy() works", {
  skip_if_not_installed("forecast")
  fit <- rnn_fit(window(WWWusage, end = 90), repeats = 0)
  fc <- forecast::forecast(fit, h = 10)
  expect_s3_class(fc, "rnn_forecast")
  acc <- forecast::accuracy(fc, WWWusage)
  expect_true(all(c("Training set", "Test set") %in% rownames(acc)))
  expect_true(is.finite(acc["Test set", "MASE"]))
  # ours hands other models to the forecast package
  e <- forecast::ets(LakeHuron)
  expect_s3_class(recurrent::forecast(e, h = 2), "forecast")
})

test_that("autoplot draws forecasts and training curves", {
  skip_if_not_installed("ggplot2")
  set.seed(3)
  fit <- rnn_fit(nottem, hidden = 4, repeats = 1, epochs = 3)
  g <- ggplot2::autoplot(predict(fit, h = 12))
  expect_s3_class(g, "ggplot")
  expect_s3_class(ggplot2::autoplot(fit), "ggplot")
  eu <- predict(rnn_fit(EuStockMarkets[1:200, 1:2], repeats = 0, horizon = 5))
  expect_s3_class(ggplot2::autoplot(eu), "ggplot")
  f <- tempfile(fileext = ".png")
  ggplot2::ggsave(f, g, width = 5, height = 3, dpi = 50)
  expect_true(file.exists(f))
  unlink(f)
})

test_that("forecast::forecast reaches rnn_fit when forecast is attached after recurrent", {
  skip_if_not_installed("forecast")
  skip_on_cran()
  script <- tempfile(fileext = ".R")
  writeLines(c(
    "suppressPackageStartupMessages({library(recurrent); library(forecast)})",
    "set.seed(1)",
    "fit <- rnn_fit(WWWusage, repeats = 0, verbose = FALSE)",
    "fc <- forecast(fit, h = 4)",
    "cat(class(fc)[1], length(fc$mean), '\\n')"), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE,
                 env = paste0("R_LIBS=", paste(.libPaths(), collapse = .Platform$path.sep)))
  expect_match(paste(out, collapse = "\n"), "rnn_forecast 4")
})

test_that("forecast() on other objects hands over to the forecast package without recursion", {
  skip_if_not_installed("forecast")
  fc <- recurrent::forecast(as.numeric(1:30) + rnorm(30), h = 2)
  expect_s3_class(fc, "forecast")
  expect_length(fc$mean, 2)
})

test_that("absurd horizons and empty covariates are clear errors", {
  expect_error(rnn_fit(WWWusage, horizon = 1e10, repeats = 0), "`horizon` must be at most 100,000",
               class = "recurrent_error")
  expect_error(rnn_fit(WWWusage, repeats = 0, xreg = matrix(0, 0, 0)), "`xreg` must have at least one column",
               class = "recurrent_error")
  fit <- rnn_fit(WWWusage, repeats = 0, verbose = FALSE)
  expect_error(predict(fit, h = 1e10), "`h` must be at most 100,000", class = "recurrent_error")
})

test_that("methods refuse an rnn_fit edited by hand", {
  fit <- rnn_fit(WWWusage, repeats = 0, verbose = FALSE)
  bad <- fit; bad$model <- NULL
  expect_error(print(bad), "not a valid rnn_fit", class = "recurrent_error")
  expect_error(predict(bad, h = 2), "not a valid rnn_fit", class = "recurrent_error")
  expect_error(plot(bad), "not a valid rnn_fit", class = "recurrent_error")
  expect_error(summary(structure(list(), class = "rnn_fit")), "not a valid rnn_fit",
               class = "recurrent_error")
})

test_that("accuracy() of a dated forecast takes the test data as a data frame or xts", {
  skip_if_not_installed("forecast")
  set.seed(1)
  d <- seq(as.Date("2020-01-01"), by = "day", length.out = 127)
  df <- data.frame(date = d, temp = 10 + sin(2 * pi * (1:127) / 7) + rnorm(127))
  fit <- rnn_fit(df[1:120, ])
  fc <- predict(fit, h = 7)
  on_axis <- ts(df$temp[121:127], start = stats::tsp(fc$mean)[1], frequency = stats::frequency(fc$mean))
  a <- forecast::accuracy(fc, df[121:127, ])
  expect_equal(a, forecast::accuracy(fc, on_axis))
  # scaled at the series' period, as accuracy(fit) is
  expect_equal(a["Training set", "MASE"], forecast::accuracy(fit)[1, "MASE"])
  # rows in any order, extra rows left out, a missing time counted as NA
  expect_equal(forecast::accuracy(fc, df[127:100, ]), a)
  part <- forecast::accuracy(fc, df[c(121, 123:127), ])
  expect_equal(part["Test set", "MAE"], mean(abs(df$temp[c(121, 123:127)] - fc$mean[-2])))
  expect_error(forecast::accuracy(fc, df[1:10, ]), "none of the times of `x`", class = "recurrent_error")
  expect_error(forecast::accuracy(fc, data.frame(a = 1:7, b = 1:7)), "one date or time column",
               class = "recurrent_error")
  skip_if_not_installed("xts")
  expect_equal(forecast::accuracy(fc, xts::xts(df$temp, d)[110:127]), a)
})

test_that("accuracy() takes a tsibble's test rows: a yearmonth index, and keys of many series", {
  skip_if_not_installed("forecast")
  if (!suppressWarnings(requireNamespace("tsibble", quietly = TRUE))) skip("tsibble not installed")
  set.seed(2)
  mon <- tsibble::yearmonth("2010 Jan") + 0:99
  v <- 100 + 10 * sin(2 * pi * (0:99) / 12) + cumsum(rnorm(100))
  one <- tsibble::tsibble(month = mon, y = v, index = month)
  fc <- predict(rnn_fit(one[1:90, ], repeats = 1), h = 10)
  on_axis <- ts(v[91:100], start = stats::tsp(fc$mean)[1], frequency = 12)
  # (before, the yearmonth column was not taken for a time column: an error)
  expect_equal(forecast::accuracy(fc, one[91:100, ]), forecast::accuracy(fc, on_axis))
  expect_equal(forecast::accuracy(fc, as.data.frame(one[91:100, ])), forecast::accuracy(fc, on_axis))
  # many series by a tsibble's key: its rows of test data split by that key,
  # as a tsibble or as a plain data frame (the key recorded by the fit)
  many <- tsibble::tsibble(month = rep(mon, 2), k = rep(c("a", "b"), each = 100),
                           y = c(v, 2 * v + rnorm(100)), key = k, index = month)
  train <- many[as.Date(many$month) < as.Date("2017-07-01"), ]
  test <- many[as.Date(many$month) >= as.Date("2017-07-01"), ]
  fitm <- rnn_fit(train)
  fcm <- predict(fitm, h = 10)
  # newer data as a plain data frame splits by the key too (before: "column
  # `k` of `newdata` must be numeric")
  expect_equal(as.data.frame(predict(fitm, newdata = as.data.frame(many), h = 3)),
               as.data.frame(predict(fitm, newdata = many, h = 3)))
  a <- forecast::accuracy(fcm, test)
  expect_equal(rownames(a), c("Training set: a", "Test set: a", "Training set: b", "Test set: b"))
  expect_equal(a["Test set: b", "MAE"],
               mean(abs(test$y[test$k == "b"] - fcm$forecast$b$mean)))
  expect_equal(forecast::accuracy(fcm, as.data.frame(test)), a)
  # as.data.frame() gives the times in the class of the tsibble's index, to
  # join with the test rows (they were Dates)
  d <- as.data.frame(fcm)
  expect_s3_class(d$time, "yearmonth")
  joined <- merge(d, as.data.frame(test), by.x = c("key", "time"), by.y = c("k", "month"))
  expect_equal(nrow(joined), 20L)
  joined <- joined[order(joined$key, as.Date(joined$time)), ]
  expect_equal(joined$y[joined$key == "b"], test$y[test$k == "b"])
  expect_equal(joined$`Point Forecast`[joined$key == "b"], as.numeric(fcm$forecast$b$mean))
})

test_that("a forecast of a tsibble's weeks and months labels its rows as the index prints them", {
  if (!suppressWarnings(requireNamespace("tsibble", quietly = TRUE))) skip("tsibble not installed")
  set.seed(3)
  wk <- tsibble::yearweek(as.Date("2020-01-06") + 7 * (0:119))
  one <- tsibble::tsibble(week = wk, y = 100 + cumsum(rnorm(120)), index = week)
  fit <- rnn_fit(one, horizon = 4)
  d <- as.data.frame(predict(fit, h = 4))
  # the rows were the Mondays' dates ("2022-04-25"); the user's index
  # prints the weeks after the last one
  expect_equal(rownames(d), format(wk[120] + 1:4))
  expect_equal(rownames(d)[1], "2022 W17")
  expect_match(paste(capture.output(print(fit)), collapse = "\n"), "2020 W02 to 2022 W16", fixed = TRUE)
  mon <- tsibble::yearmonth("2015 Jan") + 0:71
  m <- tsibble::tsibble(month = mon, y = 100 + cumsum(rnorm(72)), index = month)
  expect_equal(rownames(as.data.frame(predict(rnn_fit(m, horizon = 3, repeats = 1), h = 3))),
               format(mon[72] + 1:3))
})

# Argument checks a new user runs into (issue 22, item 3), from the issue's
# commands on simulated series (R's datasets are reserved for independent
# evaluation): the forecast package's habits, typos, covariates renamed.

fr_monthly <- function() {
  set.seed(1)
  ts(200 + cumsum(rnorm(96, 0.5)) + 15 * sin(2 * pi * (1:96) / 12), frequency = 12, start = 2010)
}

test_that("rnn_fit(y, h = 12) says to use `horizon` (not R's 'matches multiple formal arguments')", {
  m <- fr_monthly()
  e <- expect_error(rnn_fit(m, h = 12), class = "recurrent_error_unknown_argument")
  expect_match(conditionMessage(e), "`horizon` when fitting")
  expect_error(rnn_fit(m, lambda = 0), "transform = \"log\"", class = "recurrent_error_unknown_argument")
  expect_error(rnn_fit(m, epocs = 2), "`epocs`", class = "recurrent_error_unknown_argument")
})

test_that("rnn_net() and rnn_train() name an unknown argument", {
  expect_error(rnn_net(1, 2, 1, hiden = 3), "`hiden`.*hidden_size", class = "recurrent_error_unknown_argument")
  net <- rnn_net(1, 2, 1)
  expect_error(rnn_train(net, array(0, c(4, 3, 1)), matrix(0, 4, 1), epocs = 2),
               "`epocs`.*epochs", class = "recurrent_error_unknown_argument")
  expect_error(update(rnn_fit(fr_monthly(), repeats = 1, hidden = 4, epochs = 2, pretrained = "none"),
                      fr_monthly(), epocs = 3), "`epocs`", class = "recurrent_error_unknown_argument")
})

test_that("newxreg with other covariates than the fit's is refused; renamed by position only without names", {
  m <- fr_monthly()
  set.seed(2)
  fx <- rnn_fit(m, xreg = data.frame(temp = rnorm(96), wind = rnorm(96)), repeats = 1, hidden = 4, epochs = 2)
  nx <- data.frame(temp = rnorm(18), wind = rnorm(18))
  expect_error(predict(fx, h = 18, newxreg = setNames(nx, c("temp", "rain"))), "`temp`, `wind`",
               class = "recurrent_error_newxreg")
  # the same columns in another order are reordered, unnamed ones taken by position
  a <- predict(fx, h = 18, newxreg = nx)
  expect_equal(predict(fx, h = 18, newxreg = nx[, 2:1])$mean, a$mean)
  expect_equal(predict(fx, h = 18, newxreg = unname(as.matrix(nx)))$mean, a$mean)
})

test_that("newdata of another frequency and extreme scales give classed errors or forecasts", {
  m <- fr_monthly()
  fit <- rnn_fit(m, repeats = 1, hidden = 4, epochs = 2, pretrained = "none")
  q <- ts(100 + cumsum(rnorm(40)), frequency = 4, start = 2000)
  expect_error(predict(fit, newdata = q), class = "recurrent_error_newdata")
  for (s in c(1e300, 1e-300)) {
    f <- tryCatch(predict(rnn_fit(m * s, repeats = 1, hidden = 4, epochs = 2), h = 3),
                  error = function(e) e)
    if (inherits(f, "error")) expect_s3_class(f, "recurrent_error") else
      expect_true(all(is.finite(f$mean)))
  }
})

test_that("a fit of a frequency without a pretrained model does not suggest pretrained = 'auto'", {
  set.seed(3)
  px <- ts(100 * exp(cumsum(rnorm(300, sd = 0.01))), frequency = 260)
  fit <- rnn_fit(px, horizon = 5, hidden = 4, repeats = 1, epochs = 2, verbose = FALSE)
  out <- capture.output(print(fit))
  expect_false(any(grepl("lets it compete", out)))
  expect_true(any(grepl("no pretrained model for frequency 260", out)))
})

# ---- What a user sees while it trains, and the choice (items 1 and 2) ----

fr_airline <- function() {
  # the shape of AirPassengers (multiplicative seasonality, trend), simulated
  set.seed(4)
  t <- 1:144
  ts(round(120 * exp(0.01 * t + 0.15 * sin(2 * pi * t / 12) + cumsum(rnorm(144, 0, 0.02)))),
     frequency = 12, start = 1949)
}

fr_messages <- function(expr) {
  out <- character(0)
  withCallingHandlers(expr, message = function(m) {
    out <<- c(out, conditionMessage(m))
    invokeRestart("muffleMessage")
  })
  # a stage's line is written in two parts (its time when it ends)
  strsplit(paste(out, collapse = ""), "\n", fixed = TRUE)[[1]]
}

test_that("verbose = TRUE prints one line per stage with times, epochs only at verbose = 2", {
  y <- fr_airline()
  set.seed(1)
  lines <- fr_messages(fit <- rnn_fit(y, verbose = TRUE))
  expect_lt(length(lines), 15)
  expect_true(all(startsWith(lines, "rnn_fit: ")))
  expect_match(lines[1], "local model .* \\d+\\.\\d s$")
  expect_true(any(grepl("pretrained model \\(monthly\\)", lines)))
  expect_match(lines[length(lines)], "^rnn_fit: chosen: .*held-out MAE.* in all\\)$")
  expect_false(any(grepl("^epoch", lines)))
  # networks trained side by side in forked processes print their epochs
  # there, out of reach of the handlers here
  old <- options(recurrent.concurrent = FALSE)
  on.exit(options(old), add = TRUE)
  set.seed(1)
  lines2 <- fr_messages(rnn_fit(y, verbose = 2))
  expect_gt(sum(grepl("^epoch", lines2)), 5)
  expect_length(fr_messages(rnn_fit(y, verbose = FALSE)), 0)
})

test_that("one progressr bar per rnn_fit() reaches 100% exactly once", {
  skip_if_not_installed("progressr")
  old_opt <- options(progressr.enable = TRUE)   # testthat turns progress off
  on.exit(options(old_opt), add = TRUE)
  bars <- function(expr) {
    ev <- list()
    progressr::with_progress(withCallingHandlers(expr, progression = function(c)
      ev[[length(ev) + 1L]] <<- c), handlers = progressr::handler_void())
    d <- data.frame(uuid = vapply(ev, `[[`, "", "progressor_uuid"),
                    type = vapply(ev, `[[`, "", "type"),
                    amount = vapply(ev, function(e) as.numeric(e$amount %||% 0), 1))
    # per bar: updates, total amount, finished
    do.call(rbind, lapply(split(d, d$uuid), function(b)
      data.frame(updates = sum(b$type == "update"), total = sum(b$amount[b$type == "update"]),
                 finish = sum(b$type == "finish"))))
  }
  set.seed(1)
  b <- bars(rnn_fit(fr_airline(), verbose = FALSE))
  expect_equal(nrow(b), 1L)
  expect_equal(b$total, 1000)
  expect_equal(b$finish, 1L)
  expect_gt(b$updates, 10L)     # it moves along, not in one jump at the end
  sers <- lapply(1:3, function(i) ts(50 + cumsum(rnorm(40)), frequency = 4))
  names(sers) <- c("a", "b", "c")
  b <- bars(rnn_fit(sers, global = FALSE))
  expect_equal(nrow(b), 1L)
  expect_equal(b$total, 1000)
  # a local model trained alone, with a long budget and early stopping
  b <- bars(rnn_fit(fr_airline(), pretrained = "none", repeats = 2, hidden = 4, epochs = 200,
                    patience = 2, verbose = FALSE))
  expect_equal(nrow(b), 1L)
  expect_equal(b$total, 1000)
})

test_that("a local model far better on the held-out windows wins, and the print says why", {
  set.seed(1)
  y <- ts(c(0, -1, 2, sin(1:100) * 5), frequency = 12)
  fit <- rnn_fit(y, verbose = FALSE)
  expect_identical(fit$selection$choice, "local")
  out <- capture.output(print(fit))
  expect_true(any(grepl("far better on the held-out windows", out)))
  f <- predict(fit, h = 12)
  expect_lt(mean(abs(f$mean - sin(101:112) * 5)), 0.1)
  # the rule itself: a twentieth of the error window by window wins; a third
  # (what overfitted local models show on short series) and a noisy gain do not
  b <- c(2.1, 1.9, 2.4, 2.0, 2.2, 1.8)
  expect_true(recurrent:::fc_far_better(b / 20, b, h = 2))
  expect_false(recurrent:::fc_far_better(b / 3, b, h = 2))
  expect_false(recurrent:::fc_far_better(b * c(0.3, 1.2, 0.5, 0.9, 0.4, 1.0), b, h = 2))
  expect_false(recurrent:::fc_far_better(b[1] / 10, b[1], h = 2))   # one window shows nothing
})

test_that("plot() names an unknown graphical parameter; known ones pass through", {
  fit <- rnn_fit(fr_monthly(), repeats = 1, hidden = 4, epochs = 2, pretrained = "none")
  fc <- predict(fit, h = 6)
  pdf(NULL)
  on.exit(grDevices::dev.off(), add = TRUE)
  expect_error(plot(fit, colour = "red"), "`colour`", class = "recurrent_error_unknown_argument")
  expect_error(plot(fc, linewidth = 2), "`linewidth`", class = "recurrent_error_unknown_argument")
  expect_silent(plot(fc, lwd = 2, las = 1, cex.main = 0.9))
  expect_silent(plot(fit, ylim = c(0, 2)))
})

test_that("default titles fit the device: shortened, wrapped, then cut", {
  t <- "Forecasts from Fine-tuned pretrained RNN LSTM(32) x5 + linear AR + exponential smoothing [lookback 24, direct 18]"
  width <- function(n) function(s) all(nchar(strsplit(s, "\n", fixed = TRUE)[[1]]) <= n)
  expect_identical(recurrent:::fc_title_shorten(t, width(200)), t)
  expect_false(grepl("lookback", recurrent:::fc_title_shorten(t, width(90))))
  two <- recurrent:::fc_title_shorten(t, width(50))
  expect_length(strsplit(two, "\n")[[1]], 2L)
  expect_match(recurrent:::fc_title_shorten(t, width(20)), "\\.\\.\\.$")
})

test_that("intervals beyond the fitted horizon widen as iterated horizons add up", {
  # the rule: step m * H + r has sd at least sqrt(m * sd(H)^2 + sd(r)^2)
  cal <- list(a = matrix(0), b = matrix(0.2), cap = matrix(Inf), sd_scale = matrix(2), h = 5L)
  sd <- recurrent:::fc_error_sd(cal, 1L, 1:15)
  expect_equal(sd[1:5], 2 * (1:5)^0.2)                      # the fitted law up to H
  expect_equal(sd[10], 2 * sqrt(2) * 5^0.2)                 # two horizons, not 10^0.2
  expect_equal(sd[13], 2 * sqrt(2 * 5^0.4 + 3^0.4))
  # a steep law (sd growing like the step) is kept where it is wider
  cal$b[] <- 1
  expect_equal(recurrent:::fc_error_sd(cal, 1L, 10L)[1], 2 * 10)
  # a stationary unit's cap still holds
  cal$cap[] <- 3
  expect_true(all(recurrent:::fc_error_sd(cal, 1L, 1:15) <= 2 * 3))
  # end to end: a persistent series fitted for 5 steps (its errors grow like
  # step^0.44 there), forecast 15: beyond 5 the widths grow as horizons add up
  set.seed(11)
  y <- ts(as.numeric(arima.sim(list(ar = 0.9), 300)) + 50)
  fit <- rnn_fit(y, repeats = 0, horizon = 5)
  b <- fit$model$calibration$b[1, 1]
  fc <- predict(fit, h = 15)
  w <- (fc$upper[, 2] - fc$lower[, 2]) / 2
  expect_equal(w[10] / w[5], max(sqrt(2), 2^b))
  expect_equal(w[15] / w[5], max(sqrt(3), 3^b))
})

# ---- Labels and the printout (items 2 and 4) ----

test_that("the in-sample MASE names its scale and the one-step naive ratio", {
  # business-day closes as a Date data frame: the MASE is against lag 5; the
  # random walk it is equals the last value (ratio 1.00)
  set.seed(2)
  d <- seq(as.Date("2020-01-01"), by = "day", length.out = 900)
  d <- d[!format(d, "%u") %in% c("6", "7")][1:500]
  stocks <- data.frame(date = d, DAX = 5000 * exp(cumsum(rnorm(500, 0, 0.01))),
                       CAC = 3000 * exp(cumsum(rnorm(500, 0, 0.01))))
  fit <- rnn_fit(stocks[, c("date", "DAX")], repeats = 0)
  out <- paste(capture.output(print(fit)), collapse = "\n")
  expect_match(out, "for DAX: 500 observations")             # the value column, not the call
  expect_match(out, "MASE [0-9.]+ \\(against the value 5 steps back; (0\\.9[5-9]|1\\.0[0-5]) against the last value\\)")
  # the same closes as a plain ts: lag 1, one figure
  fit1 <- rnn_fit(ts(stocks$DAX), repeats = 0)
  expect_output(print(fit1), "MASE (0\\.9[5-9]|1\\.0[0-5]) \\(against the last value\\)")
})

test_that("update() renames the fit after the newer data and reports its training", {
  set.seed(2)
  y <- ts(1000 + cumsum(rnorm(120, 0, 130)), frequency = 12, start = 2010)
  older <- window(y, end = c(2016, 12))
  fit <- rnn_fit(older, repeats = 1, hidden = 4, epochs = 3, pretrained = "none")
  expect_output(print(fit), "for older: 84 observations")
  newer <- y
  up <- update(fit, newer, epochs = 2)
  out <- paste(capture.output(print(up)), collapse = "\n")
  expect_match(out, "for newer: 120 observations")
  expect_match(out, "update\\(\\) trained on [0-9]+ windows of the newer data \\(2 epochs\\)")
  # numbers for reading: no "369." or "307.," in the in-sample line
  expect_false(grepl("[0-9]\\.[ ,)]", sub("^.*in sample:", "", out)))
  # a pretrained model used as shipped no longer says "no training" once update() trained it
  set.seed(1)
  m <- ts(100 + 10 * sin(2 * pi * (1:96) / 12) + cumsum(rnorm(96)), frequency = 12)
  tr <- rnn_fit(m, pretrained = "only")
  expect_output(print(tr), "as shipped \\(no training on this series\\)")
  expect_output(print(update(tr, m, epochs = 1)), "as shipped, then update\\(\\) trained it on [0-9]+ windows")
  expect_identical(recurrent:::fc_count(1, "window"), "1 window")
  expect_identical(recurrent:::fc_count(30, "series"), "30 series")
})

test_that("percent signs render in the help pages", {
  db <- tools::Rd_db("recurrent")
  for (page in c("rnn_fit.Rd", "recurrent-options.Rd")) {
    txt <- capture.output(tools::Rd2txt(db[[page]]))
    expect_true(any(grepl("[0-9]%", txt)), label = page)
    expect_false(any(grepl("\\\\%", txt)), label = page)
  }
})

test_that("a positive series that comes near 0 is not modelled on the log scale (its intervals would explode)", {
  # five days of hourly temperatures falling to 0.2 degrees: on the log scale
  # the last values dominate, and the 95% upper bound a day ahead was 1,432
  n <- 120; t <- 0:(n - 1)
  set.seed(6)
  lvl <- 10 - 9 * t / n + cumsum(rnorm(n, sd = 0.2))
  temp <- round(pmax(0.2, lvl + 0.4 * lvl * sin(2 * pi * (t - 9) / 24)), 1)
  d <- data.frame(time = as.POSIXct("2024-11-19", tz = "UTC") + 3600 * t, temp = temp)
  fit <- rnn_fit(d, verbose = FALSE)
  expect_s3_class(fit, "rnn_combination")
  expect_identical(fit$members$network$model$transform, "none")
  expect_false(fit$members$smooth$models[[1]]$log)
  fc <- predict(fit, h = 24)
  expect_lt(max(fc$upper), 2 * max(temp))
  # the rule: positive, and for high-frequency data nowhere under a tenth of
  # the median (yearly to monthly series keep the log: growth from near 0)
  expect_true(recurrent:::fc_log_safe(c(5.5, 10, 20), 24))
  expect_false(recurrent:::fc_log_safe(c(0.5, 10, 20), 24))
  expect_false(recurrent:::fc_log_safe(c(0.5, 10, 20), 7))
  expect_true(recurrent:::fc_log_safe(c(0.5, 10, 20), 12))
  expect_false(recurrent:::fc_log_safe(c(0, 10, 20), 12))
  expect_identical(recurrent:::fc_auto_transform(matrix(temp), 24L, 24), "none")
  monthly <- rnn_fit(ts(c(0.5, 1, 2, 4, 8, 12, 16, 20, 25, 30, 35, 40, 44, 48, 52, 56, 60, 64, 68, 70, 72, 74, 76, 78),
                        frequency = 12), verbose = FALSE)
  expect_true(monthly$members$smooth$models[[1]]$log)
})

test_that("hourly counts under 10 are not modelled on the log scale (as counts with zeros are not)", {
  # three days of hourly visitor counts, 1 to 37 (no zero by chance): on the
  # log scale the night's counts of 1-3 dominate, and the 95% upper bound a
  # day ahead was 606 visitors
  set.seed(3)
  n <- rpois(72, 5 + 20 * pmax(0, sin(2 * pi * ((0:71) %% 24 - 6) / 24)))
  expect_gt(min(n), 0)
  d <- data.frame(time = as.POSIXct("2024-06-03", tz = "UTC") + 3600 * (0:71), n = n)
  fit <- rnn_fit(d, verbose = FALSE)
  expect_identical(fit$members$network$model$transform, "none")
  expect_lt(max(predict(fit, h = 48)$upper), 3 * max(n))
  # whole counts need every value at 10 or more; measurements (not whole)
  # and yearly to monthly series keep the earlier rule
  expect_false(recurrent:::fc_log_safe(c(1, 5, 20), 24))
  expect_true(recurrent:::fc_log_safe(c(10, 15, 30), 24))
  expect_true(recurrent:::fc_log_safe(c(1.5, 5, 20), 24))
  expect_true(recurrent:::fc_log_safe(c(1, 5, 20), 12))
})

test_that("five days of half-hourly demand over a weekend get intervals of the data's size", {
  # Tuesday to Sunday: the lag-48 changes of the weekdays are a fraction of a
  # percent, the weekend's a fifth. Errors standardised by the local scale of
  # the weekdays and scaled back by the weekend's gave 95% upper bounds 10 to
  # 80 times the largest value a day ahead (and lower bounds near 0).
  set.seed(4)
  time <- as.POSIXct("2024-03-05 09:30", tz = "UTC") + 1800 * (0:239)
  lt <- as.POSIXlt(time)
  hr <- lt$hour + lt$min / 60
  load <- 30000 * (1 + 0.2 * sin(2 * pi * (hr - 9) / 24)) * ifelse(lt$wday %in% c(0, 6), 0.78, 1) *
    exp(cumsum(rnorm(240, sd = 0.004)))
  fit <- rnn_fit(data.frame(time, load), verbose = FALSE)
  expect_s3_class(fit, "rnn_combination")
  expect_identical(fit$members$network$model$calibration$power, 0.5)
  fc <- predict(fit, h = 48)
  expect_lt(max(fc$upper[, 2]), 4 * max(load))
  expect_gt(min(fc$lower[, 2]), 0.15 * min(load))
})

test_that("the local scale of the first origins and its power", {
  # the first rows after the lag hold one or two differences; the missing
  # ones of the window count at the series' overall scale
  y <- matrix(c(10, 10.1, 10, 14, 6, 10, 14, 6, 10, 14, 6, 10))
  g <- recurrent:::fc_scale(y, 1L)
  S <- recurrent:::fc_local_scale(y, 1L, 4L)
  expect_equal(S[1, 1], g)
  expect_equal(S[2, 1], (0.1 + 3 * g) / 4)
  expect_equal(S[5, 1], mean(abs(diff(y[1:5]))))
  expect_equal(S[12, 1], mean(abs(diff(y[8:12]))))
  # a series whose differences are all in the window: its overall scale
  expect_equal(recurrent:::fc_local_scale(y[1:4, , drop = FALSE], 1L, 10L)[4, 1],
               recurrent:::fc_scale(y[1:4, , drop = FALSE], 1L))
  # the power moves the series scale by the local scale's ratio to it
  LS <- matrix(c(1, 4, 9), 3)
  expect_equal(recurrent:::fc_error_scale(LS, 4, 0.5), matrix(4 * sqrt(c(1, 4, 9) / 4), 3))
  expect_identical(recurrent:::fc_error_scale(LS, 4, 1), LS)
  # 1/2 for sub-daily steps, dated or a ts of a whole number of days' steps
  power <- function(y) recurrent:::fc_vol_power(recurrent:::fc_read_series(
    y, NULL, list(key = NULL, index = NULL, value = NULL, regularise = FALSE, na_action = "error",
                  xreg = FALSE, global = NULL), NULL, "y")$data)
  hours <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (0:99)
  days <- as.Date("2024-01-01") + 0:99
  expect_identical(power(data.frame(time = hours, y = 1:100)), 0.5)
  expect_identical(power(data.frame(time = hours[1:50] + 1800 * 0:49, y = 1:50)), 0.5)
  expect_identical(power(ts(1:100, frequency = 48)), 0.5)
  expect_identical(power(ts(1:100, frequency = 168)), 0.5)
  expect_identical(power(data.frame(date = days, y = 1:100)), 1)
  expect_identical(power(ts(1:100, frequency = 7)), 1)
  expect_identical(power(ts(1:100, frequency = 52)), 1)
  expect_identical(power(ts(1:100, frequency = 12)), 1)
})

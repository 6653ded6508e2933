# The pretrained forecasters shipped in inst/pretrained/ (tools/pretrain.R):
# they load, have the manifest's shapes, and forecast a series they never saw
# without training.

test_that("the pretrained models load and have the shapes the manifest gives", {
  pre <- rnn_pretrained()
  expect_s3_class(pre, "rnn_pretrained")
  expect_identical(vapply(pre$models, `[[`, 1, "frequency"),
                   c(yearly = 1, quarterly = 4, monthly = 12, hourly = 24, business = 5,
                     halfhourly = 48, daily = 7))
  man <- readLines(system.file("pretrained", "MANIFEST", package = "recurrent"))
  for (nm in names(pre$models)) {
    m <- pre$models[[nm]]
    line <- grep(paste0("^Model-", nm, ":"), man, value = TRUE)
    expect_length(line, 1)
    expect_identical(m$format, 1L)
    arch <- sprintf("%d x %s(%d), lookback %d, horizon %d", length(m$nets),
                    toupper(m$settings$cell), m$settings$hidden, m$lookback, m$horizon)
    expect_true(grepl(arch, line, fixed = TRUE))
    # the manifest names the seasonal setting the model applies to new series
    st <- m$settings
    expect_identical(grepl("seasonal figure of the last", line, fixed = TRUE),
                     !is.null(st$season_cycles))
    if (!is.null(st$season_cycles))
      expect_true(grepl(sprintf("last %d cycles", st$season_cycles), line, fixed = TRUE))
    expect_identical(grepl("seasonal figure from", line, fixed = TRUE), !is.null(st$season_min))
    if (!is.null(st$season_min))
      expect_true(grepl(sprintf("from %d cycles on", st$season_min), line, fixed = TRUE))
    expect_length(m$nets, 5)
    for (net in m$nets) {
      w <- rnn_weights(net)
      expect_identical(dim(w[["head.weight"]]), c(m$steps, st$hidden))
      expect_identical(ncol(w[["weight_hh_l0"]]), st$hidden)
    }
    expect_identical(dim(m$pooled$coef), c(m$lookback + 1L, 1L))
  }
  expect_true(length(pre$info$held_out) > 0)
  # the yearly tsibble series held out of pretraining (tools/pretrain.R version 4)
  expect_true(length(pre$info$held_out_tsibble) > 0)
  expect_false(any(pre$info$held_out_tsibble %in% pre$info$held_out))
  expect_true(any(grepl("^Held-out-tsibble: ", man)))
  # the high-frequency models' held-out stations and stocks (tools/pretrain.R
  # version 5), named in the manifest
  hf <- pre$info$held_out_highfreq
  expect_length(hf$stations, 8)
  expect_length(hf$stocks, 10)
  expect_length(hf$load_years, 3)
  line <- grep("^Held-out-highfreq: ", man, value = TRUE)
  expect_length(line, 1)
  expect_true(all(vapply(c(hf$stations, hf$stocks, hf$load_years), grepl, NA, x = line,
                         fixed = TRUE)))
  expect_output(print(pre), "monthly")
  # the manifest counts the series without their mirror images, and so does print()
  out <- capture.output(print(pre))
  for (nm in names(pre$models)) {
    m <- pre$models[[nm]]
    line <- grep(paste0("^Model-", nm, ":"), man, value = TRUE)
    n <- if (isTRUE(m$mirrored)) m$n_series / 2 else m$n_series
    suffix <- if (isTRUE(m$mirrored)) " series and their mirror images" else " series"
    expect_true(grepl(paste0("; ", n, suffix, " ("), line, fixed = TRUE))
    expect_true(any(grepl(paste0("trained on ", n, suffix), out, fixed = TRUE)))
  }
  expect_identical(rnn_pretrained(4), pre$models$quarterly)
  expect_error(rnn_pretrained(2), class = "recurrent_error_no_pretrained")
})

test_that("zero-shot forecasts of a seeded series are finite, on its time axis and reproducible", {
  set.seed(12)
  y <- ts(200 + 20 * sin(seq_len(72) * pi / 6) + cumsum(rnorm(72)), start = c(2015, 4),
          frequency = 12)
  seed_before <- .Random.seed
  fit <- rnn_fit(y, pretrained = "only")
  fc <- predict(fit, h = 24)
  expect_identical(.Random.seed, seed_before)      # nothing random: no training
  expect_s3_class(fc, "rnn_forecast")
  expect_false(inherits(fc, "mforecast"))
  expect_equal(stats::tsp(fc$mean)[1], stats::tsp(y)[2] + 1 / 12)
  expect_true(all(is.finite(fc$mean)) && all(is.finite(fc$lower)) && all(is.finite(fc$upper)))
  expect_true(all(fc$lower[, "95%"] < fc$mean & fc$mean < fc$upper[, "95%"]))
  # the seasonal shape carries over to the forecasts
  expect_gt(cor(as.numeric(fc$mean[1:12]), sin((73:84) * pi / 6)), 0.8)
  expect_identical(predict(rnn_fit(y, pretrained = "only"), h = 24)$mean, fc$mean)
  expect_output(print(fit), "pretrained LSTM\\(32\\) x5 \\+ linear AR as shipped")
  expect_match(fc$method, "^Pretrained RNN")
})

test_that("zero-shot forecasts of hourly and business-day data frames carry the right timestamps", {
  set.seed(31)
  tm <- seq(as.POSIXct("2024-02-01 00:00", tz = "UTC"), by = "hour", length.out = 24 * 40)
  hour <- as.POSIXlt(tm)$hour
  temp <- data.frame(time = tm, temp = 8 + 4 * sin(2 * pi * (hour - 9) / 24) +
                       cumsum(rnorm(length(tm), sd = 0.2)))
  fit <- rnn_fit(temp, pretrained = "only")
  expect_s3_class(fit, "rnn_transfer")
  expect_identical(fit$source$frequency, 24)
  fc <- predict(fit, h = 48)
  expect_equal(fc$times, max(tm) + 3600 * (1:48))
  expect_true(all(is.finite(fc$mean)))
  # the daily cycle carries over: warmer in the afternoon than at night
  fh <- as.POSIXlt(fc$times)$hour
  expect_gt(mean(fc$mean[fh %in% 13:16]), mean(fc$mean[fh %in% 2:5]))
  expect_equal(rownames(as.data.frame(fc)), format(fc$times, "%Y-%m-%d %H:%M"))

  days <- seq(as.Date("2023-01-02"), by = "day", length.out = 500)
  days <- days[!weekdays(days) %in% c("Saturday", "Sunday")]
  days <- days[days != as.Date("2023-12-25")]                     # a holiday
  px <- data.frame(date = days, close = 100 * exp(cumsum(rnorm(length(days), sd = 0.01))))
  fit <- rnn_fit(px, pretrained = "only")
  expect_identical(fit$source$frequency, 5)
  fc <- predict(fit, h = 10)
  expect_s3_class(fc$times, "Date")
  expect_false(any(weekdays(fc$times) %in% c("Saturday", "Sunday")))
  expect_equal(fc$times[1], max(days) + if (weekdays(max(days)) == "Friday") 3 else 1)
  expect_length(unique(fc$times), 10)
  expect_true(all(fc$lower[, "95%"] < fc$mean & fc$mean < fc$upper[, "95%"]))

  # half-hourly and daily data frames have models too
  hh <- seq(as.POSIXct("2024-05-01 00:00", tz = "UTC"), by = 1800, length.out = 48 * 35)
  load <- data.frame(time = hh, demand = 30 + 5 * sin(2 * pi * (seq_along(hh) - 14) / 48) +
                       rnorm(length(hh), sd = 0.5))
  fit <- rnn_fit(load, pretrained = "only")
  expect_identical(fit$source$frequency, 48)
  fc <- predict(fit, h = 96)
  expect_equal(fc$times, max(hh) + 1800 * (1:96))
  expect_true(all(is.finite(fc$mean)))
  dd <- seq(as.Date("2023-01-01"), by = "day", length.out = 400)
  fit <- rnn_fit(data.frame(date = dd, temp = 10 + 5 * sin(2 * pi * seq_along(dd) / 365) +
                              rnorm(400)), pretrained = "only")
  expect_identical(fit$source$frequency, 7)
  fc <- predict(fit, h = 14)
  expect_equal(fc$times, max(dd) + 1:14)
})

test_that("high-frequency models as shipped widen their intervals by the pool's factors, and keep them", {
  set.seed(32)
  tm <- seq(as.POSIXct("2024-03-01 00:00", tz = "UTC"), by = "hour", length.out = 24 * 30)
  d <- data.frame(time = tm, load = 50 + 5 * sin(2 * pi * seq_along(tm) / 24) +
                    cumsum(rnorm(length(tm), sd = 0.3)))
  fit <- rnn_fit(d, pretrained = "only")
  expect_identical(fit$model$calibration$factor, recurrent:::fc_zero_shot_factor(24))
  plain <- fit
  plain$model$calibration$factor <- NULL
  # on the model's scale the half-widths are the factor times the calibrated ones
  z <- if (fit$model$transform[1] == "log") log else identity
  half <- function(f, lev, ...) {
    fc <- predict(f, h = 12, level = lev, ...)
    as.numeric(z(fc$upper) - z(fc$mean))
  }
  expect_equal(half(fit, 80) / half(plain, 80), rep(1.19, 12))
  expect_equal(half(fit, 95) / half(plain, 95), rep(1.11, 12))
  # between the two levels interpolated: 90% is two thirds of the way
  expect_equal(half(fit, 90) / half(plain, 90), rep(1.19 + (1.11 - 1.19) * 2 / 3, 12))
  # newer data of the series keeps the model's factor, and so does update()
  expect_equal(half(fit, 80, newdata = d[1:600, ]) / half(plain, 80, newdata = d[1:600, ]),
               rep(1.19, 12))
  expect_identical(update(fit, d[1:600, ])$model$calibration$factor, c(1.19, 1.11))
  # models of other frequencies keep their calibration as it is
  q <- rnn_fit(ts(100 + cumsum(rnorm(40)), frequency = 4), pretrained = "only")
  expect_null(q$model$calibration$factor)
  bad <- fit
  bad$model$calibration$factor <- c(1.1, -1)
  expect_error(predict(bad, h = 2), "calibration\\$factor")
})

test_that("many series applied in chunks get the same model as in one piece", {
  set.seed(17)
  sers <- stats::setNames(lapply(1:5, function(i)
    ts(100 * i + 10 * sin(1:40 * pi / 6) + cumsum(rnorm(40)), frequency = 12)), letters[1:5])
  whole <- rnn_fit(sers, pretrained = "only")
  old <- options(recurrent.fit_chunk = 2L)
  on.exit(options(old))
  chunked <- rnn_fit(sers, pretrained = "only")
  expect_identical(chunked$model$coef, whole$model$coef)
  expect_identical(chunked$model$calibration, whole$model$calibration)
  expect_identical(chunked$model$windows, whole$model$windows)
  expect_identical(predict(chunked, h = 6)$forecast, predict(whole, h = 6)$forecast)
})

test_that("pretrained = \"only\" forecasts many series, and refuses what it cannot do", {
  set.seed(13)
  sers <- list(a = ts(50 + cumsum(rnorm(30)), frequency = 4),
               b = ts(exp(2 + 0.02 * 1:20 + rnorm(20, sd = 0.05)), start = 2001, frequency = 4))
  fc <- predict(rnn_fit(sers, pretrained = "only"), h = 6)
  expect_s3_class(fc, "rnn_many_forecast")
  expect_identical(names(fc$forecast), c("a", "b"))
  expect_true(all(vapply(fc$forecast, function(f) all(is.finite(f$mean)), NA)))
  expect_error(rnn_fit(ts(rnorm(60), frequency = 2), pretrained = "only"),
               class = "recurrent_error_no_pretrained")
  expect_error(rnn_fit(ts(1:8, frequency = 4), pretrained = "only"),
               class = "recurrent_error_too_short")
  expect_error(rnn_fit(ts(rnorm(40), frequency = 4), xreg = rnorm(40), pretrained = "only"),
               class = "recurrent_error", regexp = "xreg")
  expect_error(rnn_fit(ts(rnorm(40), frequency = 4), pretrained = "maybe"),
               class = "recurrent_error", regexp = "pretrained")
})

test_that("a series too short for the horizon asked of the local model gets the pretrained one", {
  set.seed(21)
  y <- ts(100 + cumsum(rnorm(12)) + 4 * rep(c(1, -1, 2, -2), length.out = 12),
          start = c(2001, 2), frequency = 4)
  # the local model cannot hold horizon 8 on 12 quarters
  expect_error(rnn_fit(y, horizon = 8, pretrained = "none"), class = "recurrent_error_too_short")
  fit <- rnn_fit(y, horizon = 8)
  expect_s3_class(fit, "rnn_transfer")
  expect_false(fit$source$fine_tuned)
  expect_identical(fit$selection$choice, "pretrained")
  expect_match(fit$selection$reason, "12 observations, but lookback 2 and horizon 8", fixed = TRUE)
  out <- capture.output(print(fit))
  expect_true(any(grepl("pretrained model as shipped; the local model not used: `y` is too short: 12 observations",
                        out, fixed = TRUE)))
  fc <- predict(fit, h = 8)
  only <- predict(rnn_fit(y, pretrained = "only"), h = 8)
  expect_identical(fc$mean, only$mean)
  expect_true(all(is.finite(fc$mean)))
  expect_equal(tsp(fc$mean), c(2004.25, 2006, 4))
  # a local model asked for, fewer than 10 observations, or a frequency
  # without a pretrained model: the error as before
  expect_error(rnn_fit(y, horizon = 8, repeats = 0), class = "recurrent_error_too_short")
  expect_error(rnn_fit(y[1:9], horizon = 6), "at least 10", class = "recurrent_error_too_short")
  expect_error(rnn_fit(ts(y, frequency = 2), horizon = 8), class = "recurrent_error_too_short")
})

test_that("zero-shot intervals of short new series come from their own errors and cover", {
  # 60 random walks with drift of 24 quarters, the next 8 held out: the
  # pretrained pooled calibration (errors of windows the networks learnt)
  # covered about 56% of them at 80%; their own out-of-sample errors cover
  set.seed(5)
  h <- 8
  full <- lapply(1:60, function(i) ts(100 + cumsum(rnorm(24 + h, 0.3, 2)), frequency = 4,
                                      start = 2000))
  tr <- stats::setNames(lapply(full, function(s) window(s, end = time(s)[24])), paste0("s", 1:60))
  fit <- rnn_fit(tr, pretrained = "only")
  expect_true(all(fit$model$calibration$own))
  fc <- predict(fit, h = h, level = c(80, 95))
  inside <- sapply(1:60, function(i) {
    f <- fc$forecast[[i]]
    y <- tail(as.numeric(full[[i]]), h)
    c(mean(y >= f$lower[, 1] & y <= f$upper[, 1]), mean(y >= f$lower[, 2] & y <= f$upper[, 2]))
  })
  expect_gt(mean(inside[1, ]), 0.75)
  expect_lt(mean(inside[1, ]), 0.92)
  expect_gt(mean(inside[2, ]), 0.92)
  # fewer forecast origins than one effective window ((18 + 1) / 2 for the
  # monthly model): the pooled calibration
  g <- rnn_fit(list(a = ts(tr[[1]][1:10], frequency = 12), b = ts(full[[2]], frequency = 12)),
               pretrained = "only")
  expect_equal(unname(g$model$calibration$own), c(FALSE, TRUE))
})

test_that("pretrained = \"none\" is the local model of before", {
  set.seed(14); a <- predict(rnn_fit(WWWusage, repeats = 1, epochs = 2, verbose = FALSE), h = 5)
  set.seed(14); b <- predict(rnn_fit(WWWusage, repeats = 1, epochs = 2, verbose = FALSE,
                                     pretrained = "none"), h = 5)
  expect_identical(a$mean, b$mean)
  expect_identical(a$upper, b$upper)
})

test_that("the seasonal figure can follow the last cycles of a changing pattern", {
  fig_of <- recurrent:::fc_season_figure
  set.seed(3)
  old <- c(3, -1, -1, -1); new <- c(-1, -1, 3, -1)
  # 10 years of one pattern, then 5 of another; starts mid-cycle (phase 2)
  y <- c(rep(old, 10), rep(new, 5))[-1] + rnorm(59, sd = 0.05)
  all <- fig_of(y, 4L)
  recent <- fig_of(y, 4L, cycles = 4)
  # figure index i belongs to observations i, i + 4, ...: observation 1 is
  # phase 2 of the patterns above
  expect_equal(recent, new[c(2, 3, 4, 1)] - mean(new), tolerance = 0.1)
  expect_gt(max(abs(all - recent)), 1)
  # a constant pattern gives the same figure from the last cycles as from all
  z <- rep(old, 12)[-(1:3)] + rnorm(45, sd = 0.05)
  expect_equal(fig_of(z, 4L, cycles = 4), fig_of(z, 4L), tolerance = 0.1)
  expect_equal(fig_of(z, 4L, cycles = 100), fig_of(z, 4L))
  expect_null(fig_of(rnorm(40), 4L, cycles = 4))
})

test_that("a model may ask for a seasonal figure from 2 cycles on", {
  fig_of <- recurrent:::fc_season_figure
  set.seed(4)
  # a seasonal pattern of distinct months (a smooth sine's autocorrelations
  # at lags 1-11 would fail the seasonality test on so few observations)
  pat <- 5 * as.numeric(scale(rnorm(12)))
  y <- rep(pat, 3)[1:30] + rnorm(30, sd = 0.5)
  # 30 months: no figure under the default of 3 cycles, the classical one with 2
  expect_null(fig_of(y, 12L))
  two <- fig_of(y, 12L, min_cycles = 2)
  expect_equal(two, stats::decompose(stats::ts(y, frequency = 12))$figure)
  expect_equal(two, pat - mean(pat), tolerance = 0.1)
  # fewer than 2 cycles: none either way
  expect_null(fig_of(y[1:20], 12L, min_cycles = 2))
  # the shipped models say whether they use it, and apply it to new series
  for (m in rnn_pretrained()$models) {
    smin <- m$settings$season_min
    if (is.null(smin)) next
    n <- smin * m$frequency + 6
    z <- ts(100 + rep(pat, 3)[seq_len(n)] + rnorm(n, sd = 0.5), frequency = m$frequency)
    g <- rnn_fit(z, pretrained = "only")
    expect_false(is.null(g$model$season[[1]]))
    expect_equal(g$model$season[[1]], fig_of(log(as.numeric(z)), m$frequency, min_cycles = smin))
  }
})

test_that("a pretrained file of another format is refused with a clear error", {
  path <- system.file("pretrained", "pretrained.rds", package = "recurrent")
  x <- readRDS(path)
  f <- tempfile(fileext = ".rds")
  on.exit(unlink(f))
  x$format <- 99L
  saveRDS(x, f)
  expect_error(recurrent:::fc_pretrained_read(f), "format 99.*reads format 1",
               class = "recurrent_error_pretrained_format")
  x$format <- NULL
  saveRDS(x, f)
  expect_error(recurrent:::fc_pretrained_read(f), "format 0 \\(unversioned\\)",
               class = "recurrent_error_pretrained_format")
  # the right format with a model lacking its networks
  x <- readRDS(path)
  x$models$yearly$nets <- NULL
  saveRDS(x, f)
  expect_error(recurrent:::fc_pretrained_read(f), "\"yearly\".*lacks its networks",
               class = "recurrent_error_pretrained_format")
  expect_s3_class(recurrent:::fc_pretrained_read(path), "rnn_pretrained")
})

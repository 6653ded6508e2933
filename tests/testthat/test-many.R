# Many series: the global model (one ensemble for all series), its inputs
# (list, long data frame, mts with global = TRUE, tsibble), forecasts for
# every key, zero-shot forecasts of new series, bad input, and local fits
# through future.apply.

many_panel <- function(seed = 1) {
  set.seed(seed)
  list(
    a = ts(50 + cumsum(rnorm(40)), start = c(2001, 1), frequency = 4),
    b = ts(10 + 2 * sin(seq_len(30) * pi / 2) + rnorm(30, sd = 0.3), start = c(2004, 2),
           frequency = 4),
    c = ts(100 + seq_len(25) + rnorm(25), start = c(2005, 3), frequency = 4),
    d = ts(5 + rnorm(12), start = c(2010, 1), frequency = 4)
  )
}

fit_small <- function(y, ...) {
  rnn_fit(y, repeats = 2, hidden = 4, epochs = 3, verbose = FALSE, ...)
}

test_that("a list of series of unequal lengths and starts gets forecasts for every series on its own time axis", {
  sers <- many_panel()
  set.seed(2)
  fit <- fit_small(sers)
  expect_s3_class(fit, "rnn_global")
  fc <- predict(fit, h = 6)
  expect_s3_class(fc, "mforecast")
  expect_s3_class(fc, "rnn_many_forecast")
  expect_identical(names(fc$forecast), names(sers))
  for (nm in names(sers)) {
    f <- fc$forecast[[nm]]
    expect_s3_class(f, "rnn_forecast")
    expect_length(f$mean, 6)
    expect_equal(stats::tsp(f$mean)[1], stats::tsp(sers[[nm]])[2] + 1 / 4)
    expect_equal(stats::frequency(f$mean), 4)
    expect_true(all(is.finite(f$mean)))
    expect_true(all(f$lower[, "95%"] < f$lower[, "80%"] & f$lower[, "80%"] < f$mean &
                      f$mean < f$upper[, "80%"] & f$upper[, "80%"] < f$upper[, "95%"]))
    expect_equal(as.numeric(f$x), as.numeric(sers[[nm]]))
    expect_length(f$fitted, length(sers[[nm]]))
  }
  # the mforecast lists mirror the per-series forecasts
  expect_identical(fc$mean$b, fc$forecast$b$mean)
  expect_identical(fc$upper$c, fc$forecast$c$upper)
  # a trending series is forecast upward, a level one near its level
  expect_gt(mean(fc$forecast$c$mean), max(sers$c) - 3)
  expect_lt(abs(mean(fc$forecast$d$mean) - mean(sers$d)), 2)
})

test_that("set.seed() makes a global fit reproducible, with or without members trained side by side", {
  sers <- many_panel()
  set.seed(3); f1 <- predict(fit_small(sers), h = 5)
  set.seed(3); f2 <- predict(fit_small(sers), h = 5)
  old <- options(recurrent.concurrent = FALSE)
  on.exit(options(old))
  set.seed(3); f3 <- predict(fit_small(sers), h = 5)
  expect_identical(f1$mean, f2$mean)
  expect_identical(f1$mean, f3$mean)
  expect_identical(f1$upper, f3$upper)
})

test_that("as.data.frame() of many forecasts is long: key, time, point forecast, lo/hi per level", {
  fit <- rnn_fit(many_panel(), repeats = 0)
  d <- as.data.frame(predict(fit, h = 3, level = c(50, 90)))
  expect_identical(names(d), c("key", "time", "Point Forecast", "Lo 50", "Hi 50", "Lo 90", "Hi 90"))
  expect_identical(d$key, rep(c("a", "b", "c", "d"), each = 3))
  # quarterly ts: the first day of each quarter, not 2011.25
  expect_identical(d$time[1:3], as.Date(c("2011-01-01", "2011-04-01", "2011-07-01")))
  expect_true(all(d[["Lo 90"]] < d[["Lo 50"]] & d[["Hi 50"]] < d[["Hi 90"]]))
})

test_that("as.data.frame() of many monthly and yearly ts forecasts gives readable times", {
  ym <- lapply(1:2, function(i) ts(10 * i + sin(1:40 / 2) + (1:40) / 10, start = c(2018, 11), frequency = 12))
  d <- as.data.frame(predict(rnn_fit(setNames(ym, c("p", "q")), repeats = 0), h = 3))
  expect_identical(d$time[d$key == "q"], as.Date(c("2022-03-01", "2022-04-01", "2022-05-01")))
  yy <- lapply(1:2, function(i) ts(10 * i + (1:30) / 3 + sin(1:30), start = 1990))
  d <- as.data.frame(predict(rnn_fit(setNames(yy, c("p", "q")), repeats = 0), h = 2))
  expect_equal(d$time[d$key == "p"], c(2020, 2021))
})

test_that("a long data frame with key, Date index and value columns forecasts every key on its calendar", {
  set.seed(4)
  mk <- function(k, start, n) data.frame(store = k, month = seq(as.Date(start), by = "month", length.out = n),
                                         sales = 100 + 10 * sin(seq_len(n) * pi / 6) + rnorm(n),
                                         price = rnorm(n))
  long <- rbind(mk("x", "2015-01-01", 60), mk("y", "2016-07-01", 40), mk("z", "2017-03-01", 30))
  long <- long[sample(nrow(long)), ]         # row order does not matter
  fit <- rnn_fit(long, key = "store", index = "month", value = "sales", repeats = 0)
  fc <- predict(fit, h = 4)
  expect_identical(names(fc$forecast), c("x", "y", "z"))
  expect_identical(fc$forecast$x$times, seq(as.Date("2020-01-01"), by = "month", length.out = 4))
  expect_identical(fc$forecast$y$times, seq(as.Date("2019-11-01"), by = "month", length.out = 4))
  d <- as.data.frame(fc)
  expect_s3_class(d$time, "Date")
  expect_identical(d$time[d$key == "z"], seq(as.Date("2019-09-01"), by = "month", length.out = 4))
  # the value column must be named when there are several numeric columns
  expect_error(rnn_fit(long, key = "store", index = "month", repeats = 0),
               class = "recurrent_error", regexp = "`value`")
  # values read as text: the error says which column is what
  txt <- transform(long[c("store", "month", "sales")], sales = as.character(sales))
  expect_error(rnn_fit(txt, key = "store", index = "month"), class = "recurrent_error",
               regexp = "no numeric column besides key and index: `sales` is a character vector")
})

test_that("an mts with global = TRUE fits its columns as separate series, as the same list does", {
  sers <- many_panel()[c("a", "b")]
  m <- ts(cbind(a = sers$a[1:30], b = sers$b[1:30]), start = c(2001, 1), frequency = 4)
  lst <- list(a = m[, "a"], b = m[, "b"])
  set.seed(5); fm <- predict(fit_small(m, global = TRUE), h = 4)
  set.seed(5); fl <- predict(fit_small(lst), h = 4)
  expect_s3_class(fm, "rnn_many_forecast")
  expect_identical(fm$mean, fl$mean)
  # without global = TRUE an mts keeps its joint meaning
  expect_false(inherits(rnn_fit(m, repeats = 0), "rnn_many"))
})

test_that("a wide data frame (a time column, several value columns) with global = TRUE or FALSE is its columns as separate dated series", {
  sers <- many_panel()[c("a", "b")]
  d <- seq(as.Date("2001-01-01"), by = "quarter", length.out = 30)
  wide <- data.frame(when = d, a = as.numeric(sers$a[1:30]), b = as.numeric(sers$b[1:30]))
  long <- data.frame(k = rep(c("a", "b"), each = 30), when = c(d, d), v = c(wide$a, wide$b))
  set.seed(5); fw <- predict(fit_small(wide, global = TRUE), h = 4)
  set.seed(5); fl <- predict(fit_small(long, key = "k"), h = 4)
  expect_identical(fw$mean, fl$mean)
  expect_equal(fw$forecast$b$times, seq(as.Date("2008-07-01"), by = "quarter", length.out = 4))
  # FALSE: each column fitted as rnn_fit() fits one series, on its calendar
  sep <- rnn_fit(wide, global = FALSE, repeats = 0)
  expect_s3_class(sep, "rnn_collection")
  expect_named(sep$fits, c("a", "b"))
  pb <- predict(sep, h = 4)$forecast$b
  expect_equal(pb$times, fw$forecast$b$times)
  set.seed(1); one <- predict(rnn_fit(wide[c("when", "b")], repeats = 0), h = 4)
  expect_equal(pb$mean, one$mean)
  # newer data of the same shape
  expect_equal(predict(sep, h = 2, newdata = wide[1:20, ])$forecast$a$times,
               seq(as.Date("2006-01-01"), by = "quarter", length.out = 2))
  # one value column is one series, not many
  expect_error(rnn_fit(wide[c("when", "a")], global = TRUE), class = "recurrent_error",
               regexp = "needs many series")
  # the joint default says how to get one fit per column
  expect_match(paste(capture.output(print(rnn_fit(wide, repeats = 0))), collapse = "\n"),
               "`global = FALSE` fits each on its own", fixed = TRUE)
  # a tsibble without keys is wide too
  skip_if_not_installed("tsibble")
  tb <- tsibble::as_tsibble(wide, index = when)
  sep2 <- rnn_fit(tb, global = FALSE, repeats = 0)
  expect_named(sep2$fits, c("a", "b"))
  expect_equal(predict(sep2, h = 4)$forecast$b$mean, pb$mean)
})

test_that("zero-shot: predict(newdata =) forecasts series the model never saw, scaled by their own statistics", {
  set.seed(6)
  fit <- fit_small(many_panel())
  new <- list(big = ts(1e4 + 100 * cumsum(rnorm(30)), start = c(2012, 1), frequency = 4),
              tiny = ts(0.01 * (5 + rnorm(16)), start = c(2015, 3), frequency = 4))
  fc <- predict(fit, h = 5, newdata = new)
  expect_identical(names(fc$forecast), c("big", "tiny"))
  expect_equal(stats::tsp(fc$forecast$big$mean)[1], 2019.5)
  expect_equal(stats::tsp(fc$forecast$tiny$mean)[1], 2019.5)
  # each forecast on the scale of its own series
  expect_lt(abs(mean(fc$forecast$big$mean) - tail(new$big, 1)), 2000)
  expect_lt(abs(mean(fc$forecast$tiny$mean) - 0.05), 0.03)
  expect_identical(predict(fit, h = 5, newdata = new)$mean, fc$mean)
  # the fitted networks are used as they are: the original forecasts are unchanged
  expect_identical(predict(fit, h = 3)$forecast$a$mean, predict(fit, h = 3)$forecast$a$mean)
  expect_error(predict(fit, newdata = list(m = ts(rnorm(30), frequency = 12))),
               class = "recurrent_error", regexp = "frequency")
})

test_that("every series of a seeded panel of short yearly and quarterly series fits with the defaults", {
  set.seed(7)
  for (freq in c(1, 4)) {
    sers <- lapply(1:12, function(i) {
      n <- 10 + (i %% 11)
      v <- switch(i %% 3 + 1, 100 + cumsum(rnorm(n, 1)), 50 + rnorm(n, sd = 5),
                  exp(3 + 0.05 * seq_len(n)) + rnorm(n))
      ts(v, start = 1990 + i, frequency = freq)
    })
    names(sers) <- paste0("s", 1:12)
    fit <- rnn_fit(sers, repeats = 1, epochs = 3, verbose = FALSE)
    fc <- predict(fit)
    expect_identical(names(fc$forecast), names(sers))
    for (f in fc$forecast) {
      expect_true(all(is.finite(f$mean)))
      expect_true(all(is.finite(f$lower)) && all(is.finite(f$upper)))
    }
    fc2 <- predict(fit, h = 2 * fit_horizon(fit))
    expect_true(all(vapply(fc2$forecast, function(f) all(is.finite(f$mean)), NA)))
  }
})

test_that("bad many-series input gets clear errors naming the offending key", {
  sers <- many_panel()
  mixed <- c(sers, list(m = ts(rnorm(40), frequency = 12)))
  expect_error(rnn_fit(mixed, repeats = 0), class = "recurrent_error", regexp = "one frequency.*\"m\"")
  long <- data.frame(k = rep(c("p", "q"), each = 20), t = c(1:20, c(1:19, 19)), v = rnorm(40))
  expect_error(rnn_fit(long, key = "k", index = "t", value = "v", repeats = 0),
               class = "recurrent_error", regexp = "duplicated.*\"q\"")
  # dated: regularise = TRUE averages a key's duplicated times, as for one series
  d <- seq(as.Date("2015-01-01"), by = "month", length.out = 30)
  set.seed(5)
  dl <- data.frame(k = rep(c("p", "q"), each = 30), t = c(d, d), v = rnorm(60) + rep(1:30, 2))
  dup <- rbind(dl, transform(dl[35, ], v = dl$v[35] + 2))
  expect_error(rnn_fit(dup, key = "k", repeats = 0), class = "recurrent_error",
               regexp = "duplicated.*\"q\".*`regularise = TRUE` to average them")
  avg <- dl
  avg$v[35] <- avg$v[35] + 1
  set.seed(6); a <- predict(rnn_fit(dup, key = "k", regularise = TRUE, repeats = 0), h = 3)
  set.seed(6); b <- predict(rnn_fit(avg, key = "k", repeats = 0), h = 3)
  expect_equal(a$forecast$q$mean, b$forecast$q$mean)
  expect_equal(a$forecast$p$mean, b$forecast$p$mean)
  # a numeric index in unequal steps: where they change
  uneq <- data.frame(k = rep(c("p", "q"), each = 12), t = rep(c(seq(0, 20, 2), 21), 2), v = rnorm(24))
  expect_error(rnn_fit(uneq, key = "k", index = "t", value = "v", repeats = 0), class = "recurrent_error",
               regexp = "`t` of key \"p\" must increase in equal steps, but it goes from 18 to 20 and then from 20 to 21\\.$")
  expect_error(rnn_fit(uneq, key = "k", index = "t", value = "v", regularise = TRUE, repeats = 0),
               class = "recurrent_error", regexp = "`regularise = TRUE` puts Date or POSIXct times on a grid")
  long$v <- as.character(long$v)
  long$t <- c(1:20, 1:20)
  expect_error(rnn_fit(long, key = "k", index = "t", value = "v", repeats = 0),
               class = "recurrent_error", regexp = "`v`.*numeric")
  bad <- sers
  bad$b[7] <- NA
  expect_error(rnn_fit(bad, repeats = 0), class = "recurrent_error_missing", regexp = "\"b\"")
  expect_s3_class(rnn_fit(bad, repeats = 0, na_action = "interpolate"), "rnn_global")
  expect_error(rnn_fit(list(a = 1:20, b = letters), repeats = 0), class = "recurrent_error",
               regexp = "\"b\"")
  expect_error(rnn_fit(list(), repeats = 0), class = "recurrent_error", regexp = "list of length 0")
  expect_error(rnn_fit(list(a = rnorm(20), a = rnorm(20)), repeats = 0), class = "recurrent_error",
               regexp = "unique")
  expect_error(rnn_fit(sers, xreg = 1:40, repeats = 0), class = "recurrent_error", regexp = "xreg")
  expect_error(rnn_fit(AirPassengers, global = TRUE), class = "recurrent_error", regexp = "many series")
  expect_error(rnn_fit(AirPassengers, key = "k"), class = "recurrent_error", regexp = "`key`")
})

test_that("a series with fewer than 10 observations is left out with a warning naming it", {
  sers <- c(many_panel(), list(short = ts(1:6, frequency = 4)))
  expect_warning(fit <- rnn_fit(sers, repeats = 0), class = "recurrent_warning_short_series",
                 regexp = "\"short\" \\(6\\)")
  expect_identical(fit$skipped, "short")
  expect_false("short" %in% names(predict(fit)$forecast))
  expect_output(print(fit), "left out.*short")
  expect_error(suppressWarnings(rnn_fit(list(a = 1:5, b = 1:8), repeats = 0)),
               class = "recurrent_error_too_short")
  # observations count from a series' first value: 5 values after 50 NA are 5
  late <- c(many_panel(), list(late = ts(c(rep(NA, 50), 1:5), frequency = 4)))
  expect_warning(fit <- rnn_fit(late, repeats = 0), class = "recurrent_warning_short_series",
                 regexp = "\"late\" \\(5\\)")
  expect_identical(fit$skipped, "late")
})

test_that("print, plot and forecast() of a global fit", {
  set.seed(8)
  fit <- fit_small(many_panel())
  expect_output(print(fit), "global recurrent forecaster of 4 series")
  expect_output(print(fit), "linear: +own path for")
  fc <- forecast(fit, h = 4)
  expect_identical(fc$mean, predict(fit, h = 4)$mean)
  expect_output(print(fc), "Forecasts of 4 series")
  png(f <- tempfile(fileext = ".png"))
  on.exit(unlink(f))
  expect_silent(plot(fc, series = c("a", "c")))
  dev.off()
  expect_error(plot(fc, series = "nope"), class = "recurrent_error", regexp = "`series`")
  expect_error(predict(fit, 3, bootstrap = TRUE), class = "recurrent_error")
  expect_error(predict(structure(list(), class = c("rnn_global", "rnn_network", "rnn_fit"))),
               class = "recurrent_error_invalid_object")
})

test_that("a tsibble with keys is many series (its key and index)", {
  skip_if_not_installed("tsibble")
  set.seed(9)
  d <- data.frame(id = rep(c("u", "v"), each = 24),
                  month = rep(seq(as.Date("2018-01-01"), by = "month", length.out = 24), 2),
                  y = c(cumsum(rnorm(24)) + 20, rnorm(24) + 5))
  d$month <- tsibble::yearmonth(d$month)
  tsb <- tsibble::as_tsibble(d, key = id, index = month)
  fc <- predict(rnn_fit(tsb, repeats = 0), h = 3)
  expect_identical(names(fc$forecast), c("u", "v"))
  expect_identical(fc$forecast$v$times, seq(as.Date("2020-01-01"), by = "month", length.out = 3))
})

test_that("global = FALSE fits one local model per series; results do not depend on the future plan", {
  skip_if_not_installed("future.apply")
  skip_on_cran()
  sers <- many_panel()[c("a", "b", "c")]
  old_plan <- future::plan(future::sequential)
  on.exit(future::plan(old_plan), add = TRUE)
  set.seed(10); f_seq <- predict(fit_small(sers, global = FALSE), h = 4)
  expect_s3_class(f_seq, "rnn_many_forecast")
  expect_identical(names(f_seq$forecast), names(sers))
  future::plan(future::multisession, workers = 2)
  set.seed(10); f_ms <- predict(fit_small(sers, global = FALSE), h = 4)
  expect_identical(f_seq$mean, f_ms$mean)
  expect_identical(f_seq$upper, f_ms$upper)
  if (.Platform$OS.type == "unix") {
    future::plan(future::multicore, workers = 2)
    set.seed(10); f_mc <- predict(fit_small(sers, global = FALSE), h = 4)
    expect_identical(f_seq$mean, f_mc$mean)
  }
  # the same fit as rnn_fit() of each series with its seed
  future::plan(future::sequential)
  fit <- fit_small(sers, global = FALSE)
  expect_s3_class(fit$fits$b, "rnn_fit")
  expect_output(print(fit), "per-series recurrent forecaster of 3 series")
  # newer data of its own series: each series' own fit forecasts from them
  nd <- predict(fit, h = 4, newdata = lapply(sers, function(s) window(s, end = time(s)[length(s) - 2])))
  expect_equal(names(nd$forecast), names(sers))
  expect_error(predict(fit, newdata = list(zz = sers[[1]])), class = "recurrent_error_newdata",
               regexp = "global")
})

test_that("with progressr installed, training signals progress per epoch and local fits per series", {
  skip_if_not_installed("progressr")
  skip_if_not_installed("future")
  # testthat turns progress reporting off while tests run
  old_opt <- options(progressr.enable = TRUE)
  on.exit(options(old_opt), add = TRUE)
  n <- 0L
  count <- function(expr) progressr::with_progress(
    withCallingHandlers(expr, progression = function(c) n <<- n + 1L),
    handlers = progressr::handler_void())
  set.seed(11)
  x <- array(rnorm(40 * 5), c(40, 5, 1))
  count(rnn_train(rnn_net(1, 3), x, rnorm(40), epochs = 4, patience = Inf, verbose = FALSE))
  expect_gte(n, 4L)
  n <- 0L
  old <- future::plan(future::sequential)
  on.exit(future::plan(old), add = TRUE)
  count(rnn_fit(many_panel()[1:3], global = FALSE, repeats = 0))
  expect_gte(n, 3L)
  # many high-frequency series: the bar advances series by series
  tt <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (0:299)
  hourly <- lapply(1:4, function(i) data.frame(time = tt, v = 5 + sin(2 * pi * (0:299) / 24) + rnorm(300)))
  names(hourly) <- paste0("st", 1:4)
  n <- 0L
  count(rnn_fit(hourly))
  expect_gte(n, 4L)
})

test_that("many high-frequency series are fitted over a parallel future plan, with the same models", {
  skip_if_not_installed("future")
  skip_if_not_installed("future.apply")
  skip_on_os("windows")
  set.seed(32)
  tt <- as.POSIXct("2024-01-01", tz = "UTC") + 3600 * (0:599)
  long <- do.call(rbind, lapply(c("n", "s", "e"), function(k)
    data.frame(station = k, time = tt, temp = 10 + 4 * sin(2 * pi * (0:599) / 24) +
                 cumsum(rnorm(600, 0, 0.2)))))
  ref <- rnn_fit(long, key = "station", index = "time", value = "temp")
  oplan <- future::plan(future::multicore, workers = 2)
  on.exit(future::plan(oplan), add = TRUE)
  got <- rnn_fit(long, key = "station", index = "time", value = "temp")
  expect_s3_class(got, "rnn_seasonal")
  expect_identical(got$models, ref$models)
  expect_identical(predict(got, h = 5)$mean, predict(ref, h = 5)$mean)
})

test_that("forecasts of many series are chunked over a parallel future plan, with the same values", {
  skip_if_not_installed("future")
  skip_if_not_installed("future.apply")
  skip_on_os("windows")
  set.seed(31)
  sers <- lapply(1:7, function(i) ts(50 + cumsum(rnorm(40)), frequency = 4))
  names(sers) <- letters[1:7]
  fit <- rnn_fit(sers, pretrained = "only")
  ref <- predict(fit, h = 6)
  old <- options(recurrent.predict_chunk = 3L)
  on.exit(options(old), add = TRUE)
  oplan <- future::plan(future::multicore, workers = 2)
  on.exit(future::plan(oplan), add = TRUE)
  got <- predict(fit, h = 6)
  expect_identical(lapply(got$forecast, `[[`, "mean"), lapply(ref$forecast, `[[`, "mean"))
  expect_identical(lapply(got$forecast, `[[`, "upper"), lapply(ref$forecast, `[[`, "upper"))
})

test_that("a list of data frames takes `value` (split() leaves the key in every part) and date parts", {
  set.seed(1)
  d <- seq(as.Date("2023-01-01"), by = "day", length.out = 120)
  mk <- function(k) data.frame(store = k, date = d, sales = rpois(120, 50 + 10 * (as.POSIXlt(d)$wday %in% 1:5)))
  long <- rbind(mk("a"), mk("b"))
  parts <- split(long, long$store)
  expect_error(rnn_fit(parts), "Name the column to forecast with `value`, e.g. `value = \"sales\"`")
  a <- rnn_fit(parts, value = "sales")
  b <- rnn_fit(long, key = "store", value = "sales")
  expect_identical(as.data.frame(predict(a, h = 3))[["Point Forecast"]],
                   as.data.frame(predict(b, h = 3))[["Point Forecast"]])
  expect_equal(predict(a, h = 3, newdata = lapply(parts, function(p) p[1:100, ]))$forecast$a$times,
               d[100] + 1:3)
  ymd <- lapply(parts, function(p) data.frame(year = 2023, month = as.integer(format(p$date, "%m")),
                                              day = as.integer(format(p$date, "%d")), sales = p$sales))
  expect_equal(predict(rnn_fit(ymd), h = 2)$forecast$b$times, d[120] + 1:2)
})

test_that("a data frame grouped by dplyr::group_by() is its groups' series (the groups are the key)", {
  skip_if_not_installed("dplyr")
  set.seed(2)
  d <- seq(as.Date("2023-01-02"), by = "day", length.out = 150)
  long <- data.frame(store = rep(c("a", "b"), each = 150), date = rep(d, 2),
                     sales = rpois(300, 50 + 10 * (as.POSIXlt(rep(d, 2))$wday %in% 1:5)))
  g <- dplyr::group_by(long, store)
  fit <- rnn_fit(g)
  expect_identical(fit$data$input$key, "store")
  expect_identical(as.data.frame(predict(fit, h = 3)),
                   as.data.frame(predict(rnn_fit(long, key = "store"), h = 3)))
  # newer data and test data grouped as well
  newer <- dplyr::group_by(long[long$date <= d[120], ], store)
  expect_equal(predict(fit, h = 2, newdata = newer)$forecast$b$times, d[120] + 1:2)
  # grouped by the date too (kept after summarise()): the date is the index, not a key
  by_day <- dplyr::group_by(long, store, date)
  expect_identical(as.data.frame(predict(rnn_fit(by_day), h = 2)),
                   as.data.frame(predict(rnn_fit(long, key = "store"), h = 2)))
  # `key` given wins over the groups
  expect_s3_class(rnn_fit(dplyr::group_by(long, date), key = "store"), "rnn_fit")
})

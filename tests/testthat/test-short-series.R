# Short series (10 to 20 observations) fit with the default sizes: horizon and
# lookback shrink to what the series holds (fc_fit_sizes()); sizes given that
# do not fit, and fewer than 10 observations, are classed errors.
# Most fits use repeats = 0 (linear path only) or one short network to stay fast.

# finite forecasts and ordered intervals for h = 1, the horizon and twice it
expect_finite_forecasts <- function(fit, newxreg = NULL) {
  for (h in unique(c(1L, fit_horizon(fit), 2L * fit_horizon(fit)))) {
    fc <- predict(fit, h = h, newxreg = if (!is.null(newxreg)) newxreg(h))
    expect_length(fc$mean, h)
    expect_true(all(is.finite(fc$mean)))
    expect_true(all(is.finite(fc$lower)) && all(is.finite(fc$upper)))
    expect_true(all(fc$lower <= fc$mean + 1e-9) && all(fc$upper >= fc$mean - 1e-9))
  }
  invisible(fit)
}

short_panel <- function() {
  set.seed(20240)
  out <- list()
  for (N in c(10, 11, 12, 13, 14, 16, 18, 20)) for (freq in c(1, 4)) {
    t <- seq_len(N)
    out[[sprintf("trend_%d_%d", N, freq)]] <-
      ts(100 + 2.5 * t + rnorm(N), frequency = freq, start = 2001)
    out[[sprintf("noisy_%d_%d", N, freq)]] <-
      ts(40 + rnorm(N, sd = 8), frequency = freq, start = 2001)
    out[[sprintf("walk_%d_%d", N, freq)]] <-
      ts(-20 + cumsum(rnorm(N)), frequency = freq, start = 2001)
    if (freq == 4) {
      out[[sprintf("seasonal_%d_%d", N, freq)]] <-
        ts(30 + 0.5 * t + 6 * rep(c(1, -1, 2, -2), length.out = N) + rnorm(N, sd = 0.5),
           frequency = freq, start = 2001)
    }
  }
  out
}

test_that("every short series of a seeded panel fits with the default sizes", {
  panel <- short_panel()
  for (nm in names(panel)) {
    y <- panel[[nm]]
    N <- length(y)
    fit <- expect_no_warning(rnn_fit(y, repeats = 0, verbose = FALSE))
    # never longer than the defaults; at least 4 windows (as before) and, when
    # the sizes shrank, 4 training windows + 1 held out
    H0 <- recurrent:::fc_default_horizon(frequency(y))
    expect_lte(fit_horizon(fit), H0)
    expect_gte(fit_lookback(fit), 2L)
    expect_gte(fit$model$windows[["train"]], if (fit_horizon(fit) < H0) 4L else 3L)
    expect_gte(fit$model$windows[["valid"]], 1L)
    expect_true(all(is.finite(fitted(fit)[-seq_len(fit$model$history)])))
    expect_finite_forecasts(fit)
  }
  # one short network on some of them
  for (nm in c("trend_10_1", "noisy_12_4", "walk_14_1", "seasonal_13_4")) {
    set.seed(1)
    fit <- expect_no_warning(rnn_fit(panel[[nm]], repeats = 1, epochs = 3, hidden = 4,
                                     verbose = FALSE))
    expect_length(fit_nets(fit), 1L)
    expect_finite_forecasts(fit)
  }
})

test_that("a short series fits with every default untouched", {
  set.seed(7)
  y <- ts(50 + cumsum(rnorm(14)), start = 1990)
  fit <- expect_no_warning(rnn_fit(y, verbose = FALSE, pretrained = "none"))
  expect_equal(c(fit_horizon(fit), fit_lookback(fit)), c(4L, 3L))
  expect_length(fit_nets(fit), 5L)
  expect_finite_forecasts(fit)
  # the default: the local model of these sizes competes with the pretrained one
  fit <- expect_no_warning(rnn_fit(y, verbose = FALSE))
  expect_true(fit$selection$choice %in% c("local", "pretrained", "fine-tuned"))
  expect_equal(fit$selection$h, 4L)
  expect_finite_forecasts(fit)
  fc <- predict(fit, h = 10)
  expect_equal(as.numeric(time(fc$mean)), 2004:2013)
})

test_that("the shrinking rule: a third of the series, the default lookback for it", {
  sz <- recurrent:::fc_fit_sizes
  s <- sz(14, 1, 1)
  expect_equal(s[c("horizon", "lookback", "lag", "windows")],
               list(horizon = 4L, lookback = 3L, lag = 1L, windows = 8L))
  expect_equal(s$note, "y has 14 observations; horizon 10 -> 4, lookback 12 -> 3")
  expect_equal(sz(10, 1, 1)[c("horizon", "lookback")], list(horizon = 3L, lookback = 2L))
  # a series that holds the defaults keeps them (and gets no note)
  s15 <- sz(15, 1, 1)
  expect_equal(s15[c("horizon", "lookback", "windows")], list(horizon = 10L, lookback = 2L, windows = 4L))
  expect_null(s15$note)
  expect_equal(sz(144, 12, 12)[c("horizon", "lookback")], list(horizon = 18L, lookback = 24L))
  # every length from 10 on fits, with 5 windows whenever the sizes shrank
  for (freq in c(1, 4, 12, 52)) for (N in 10:60) {
    m <- recurrent:::fc_period(freq, N)
    s <- sz(N, m, freq)
    expect_gte(s$windows, if (is.null(s$note)) 4L else 5L)
    expect_gte(s$horizon, 1L)
    expect_gte(s$lookback, 2L)
  }
  # one size given: only the other shrinks
  s <- sz(14, 1, 1, lookback = 6L)
  expect_equal(c(s$horizon, s$lookback), c(4L, 6L))
  expect_equal(s$note, "y has 14 observations; horizon 10 -> 4")
  s <- sz(14, 1, 1, horizon = 9L)
  expect_equal(c(s$horizon, s$lookback, s$windows), c(9L, 2L, 4L))
  # validation = 0 needs no held-out window
  expect_equal(sz(14, 1, 1, validation = 0)$windows, 8L)
  # the recursive strategy's windows hold one step: its sizes fit from 6 observations
  expect_equal(sz(8, 1, 1, recursive = TRUE)[c("horizon", "lookback", "windows")],
               list(horizon = 10L, lookback = 2L, windows = 6L))
})

test_that("verbose = TRUE says what shrank, and only then", {
  set.seed(2)
  y <- ts(10 + cumsum(rnorm(14)), start = 2000)
  expect_message(rnn_fit(y, repeats = 0, verbose = TRUE),
                 "; y has 14 observations; horizon 10 -> 4, lookback 12 -> 3\n", fixed = TRUE)
  expect_message(rnn_fit(ts(y, frequency = 12), repeats = 0, verbose = TRUE),
                 "horizon 18 -> 4, lookback 12 -> 3", fixed = TRUE)
  expect_message(rnn_fit(y, lookback = 5, repeats = 0, verbose = TRUE),
                 "; y has 14 observations; horizon 10 -> 4\n", fixed = TRUE)
  msgs <- character(0)
  withCallingHandlers(rnn_fit(WWWusage, repeats = 0, verbose = TRUE),
                      message = function(m) { msgs <<- c(msgs, conditionMessage(m)); invokeRestart("muffleMessage") })
  expect_false(any(grepl("->", msgs)))
  expect_silent(rnn_fit(y, repeats = 0, verbose = FALSE))
})

test_that("sizes given that the series cannot hold are an error saying what fits", {
  y <- ts(c(5, 7, 6, 8, 9, 8, 10, 11, 12, 11, 13, 14, 13, 15), start = 2000)
  e <- expect_error(rnn_fit(y, horizon = 4, lookback = 12, repeats = 0),
                    class = "recurrent_error_too_short")
  expect_match(conditionMessage(e), "14 observations, but lookback 12 and horizon 4 need at least 19",
               fixed = TRUE)
  expect_match(conditionMessage(e), "horizon 4 fits with lookback 7 at most", fixed = TRUE)
  expect_match(conditionMessage(e), "lookback 10 at most fits", fixed = TRUE)
  expect_match(conditionMessage(e), "unset chooses horizon 4 and lookback 3", fixed = TRUE)
  expect_identical(e$call[[1]], quote(rnn_fit))
  # and the sizes it names do fit
  expect_no_error(rnn_fit(y, horizon = 4, lookback = 7, repeats = 0))
  expect_no_error(rnn_fit(y, horizon = 1, lookback = 10, repeats = 0))
  # one size given and too long for the series: the other cannot save it
  e <- expect_error(rnn_fit(y, horizon = 10, repeats = 0), class = "recurrent_error_too_short")
  expect_match(conditionMessage(e), "horizon 10 leaves no room for a lookback of 2 (horizon 9 at most fits)",
               fixed = TRUE)
  e <- expect_error(rnn_fit(y, lookback = 12, repeats = 0), class = "recurrent_error_too_short")
  expect_match(conditionMessage(e), "lookback 12 leaves no room for a horizon", fixed = TRUE)
  e <- expect_error(rnn_fit(y, lookback = 12, strategy = "recursive", repeats = 0),
                    class = "recurrent_error_too_short")
  expect_match(conditionMessage(e), "recursive strategy fits lookback 10 at most", fixed = TRUE)
  # an explicit seasonal reference needs a season of history
  q <- ts(30 + 6 * rep(c(1, -1, 2, -2), 3) + 1:12, frequency = 4)
  e <- expect_error(rnn_fit(q, base = "seasonal", horizon = 8, repeats = 0),
                    class = "recurrent_error_too_short")
  expect_match(conditionMessage(e), "(4 with the seasonal reference)", fixed = TRUE)
  expect_match(conditionMessage(e), "horizon 5 at most fits", fixed = TRUE)
})

test_that("fewer than 10 observations: an error that says 10 are needed, unless the sizes fit", {
  for (N in c(5, 8, 9)) {
    e <- expect_error(rnn_fit(as.numeric(seq_len(N)) + sin(seq_len(N)), repeats = 0),
                      class = "recurrent_error_too_short")
    expect_match(conditionMessage(e), sprintf("%d observations, but choosing `horizon` and `lookback` needs at least 10", N),
                 fixed = TRUE)
  }
  expect_match(conditionMessage(e), "`horizon = 4, lookback = 2` fit", fixed = TRUE)
  y8 <- c(3, 5, 4, 6, 7, 6, 8, 9)
  expect_error(rnn_fit(y8, horizon = 4, repeats = 0), "needs at least 10",
               class = "recurrent_error_too_short")
  # what worked before still works: sizes that fit, and the recursive strategy
  expect_finite_forecasts(rnn_fit(y8, horizon = 3, lookback = 2, repeats = 0))
  expect_finite_forecasts(rnn_fit(y8, horizon = 2, repeats = 0))
  fit <- rnn_fit(y8[1:6], strategy = "recursive", repeats = 0)
  expect_equal(fit_horizon(fit), 10L)
  expect_finite_forecasts(fit)
})

test_that("the seasonal reference and period survive the shrinking", {
  set.seed(3)
  q <- ts(30 + 0.5 * (1:14) + 8 * rep(c(1, -1, 2, -2), length.out = 14) + rnorm(14, sd = 0.3),
          frequency = 4, start = 2010)
  fit <- expect_no_warning(rnn_fit(q, repeats = 0, verbose = FALSE))
  expect_equal(fit_period(fit), 4L)
  expect_equal(fit_base(fit), "seasonal")
  expect_equal(c(fit_horizon(fit), fit_lookback(fit), fit$model$history), c(4L, 3L, 4L))
  expect_gte(fit$model$windows[["train"]], 4L)
  expect_finite_forecasts(fit)
  fit <- rnn_fit(ts(q[1:12], frequency = 4), base = "seasonal", repeats = 0, verbose = FALSE)
  expect_equal(c(fit_horizon(fit), c(fit$model$lag)), c(4L, 4L))
  expect_finite_forecasts(fit)
  # "auto" never takes a seasonal reference that leaves too few windows: with
  # sizes given it falls back to the naive one or (here, a strong season whose
  # last value is a poor reference) the series mean
  expect_message(fit <- rnn_fit(q, horizon = 8, lookback = 2, repeats = 0, verbose = TRUE),
                 "the seasonal reference leaves too few windows, the mean instead", fixed = TRUE)
  expect_equal(fit_base(fit), "none")
  expect_equal(fit_base(rnn_fit(q, horizon = 8, lookback = 2, repeats = 0, base = "naive")), "naive")
  expect_finite_forecasts(fit)
})

test_that("transform, validation, strategy and covariates behave on short series", {
  set.seed(4)
  pos <- ts(exp(0.15 * (1:16)) * (10 + 3 * rep(c(1, -1, 2, -2), 4)), frequency = 4, start = 2000)
  for (tr in c("auto", "log", "none")) {
    expect_finite_forecasts(expect_no_warning(rnn_fit(pos, transform = tr, repeats = 0, verbose = FALSE)))
  }
  y <- ts(20 + cumsum(rnorm(12)), start = 2000)
  for (v in c(0, 0.2, 0.6)) {
    fit <- expect_no_warning(rnn_fit(y, validation = v, repeats = 1, epochs = 3, hidden = 4,
                                     verbose = FALSE))
    expect_equal(fit$model$windows[["valid"]] > 0, v > 0)
    expect_finite_forecasts(fit)
  }
  fit <- expect_no_warning(rnn_fit(y, strategy = "recursive", repeats = 1, epochs = 3, hidden = 4,
                                   verbose = FALSE))
  expect_equal(fit_horizon(fit), 10L)   # as before: its windows hold one step
  expect_finite_forecasts(fit)
  expect_finite_forecasts(rnn_fit(y, linear = FALSE, repeats = 1, epochs = 3, hidden = 4,
                                  verbose = FALSE))
  fit <- expect_no_warning(rnn_fit(y, xreg = seq_along(y), repeats = 0, verbose = FALSE))
  expect_finite_forecasts(fit, newxreg = function(h) length(y) + seq_len(h))
  fit <- expect_no_warning(rnn_fit(cbind(a = y, b = rev(y)), repeats = 0, verbose = FALSE))
  fc <- predict(fit, h = 2 * fit_horizon(fit))
  expect_true(all(vapply(fc$forecast, function(f) all(is.finite(c(f$mean, f$lower, f$upper))), TRUE)))
})

test_that("short dated data frames (yearly, quarterly, monthly) keep their calendar", {
  set.seed(5)
  yr <- data.frame(date = seq(as.Date("2008-01-01"), by = "year", length.out = 12),
                   value = 200 + cumsum(rnorm(12, 3)))
  fit <- expect_no_warning(rnn_fit(yr, repeats = 1, epochs = 3, hidden = 4, verbose = FALSE))
  expect_finite_forecasts(fit)
  fc <- predict(fit, h = 2 * fit_horizon(fit))
  expect_equal(fc$times, seq(as.Date("2020-01-01"), by = "year", length.out = 2 * fit_horizon(fit)))
  qt <- data.frame(date = seq(as.Date("2015-01-01"), by = "quarter", length.out = 13),
                   value = 50 + 5 * rep(c(1, -1, 2, -2), length.out = 13) + rnorm(13))
  for (fo in list("auto", TRUE, FALSE)) {
    fit <- expect_no_warning(rnn_fit(qt, fourier = fo, repeats = 0, verbose = FALSE))
    expect_finite_forecasts(fit)
  }
  expect_equal(predict(fit, h = 1)$times, as.Date("2018-04-01"))
  fit <- expect_no_warning(rnn_fit(qt, strategy = "recursive", repeats = 0, verbose = FALSE))
  expect_finite_forecasts(fit)
  mo <- data.frame(date = seq(as.Date("2020-01-01"), by = "month", length.out = 15),
                   value = 10 + cumsum(rnorm(15)))
  expect_finite_forecasts(expect_no_warning(rnn_fit(mo, repeats = 0, verbose = FALSE)))
})

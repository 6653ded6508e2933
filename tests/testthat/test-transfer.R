# rnn_fit(y) with its default pretrained = "auto" (R/forecast-choice.R): the
# pretrained model as is, fine-tuned, and the local model compete on the
# series' held-out windows, and the winner forecasts.

# a seeded monthly series: drifting level, seasonality and noise
transfer_series <- function(seed, n = 120) {
  set.seed(seed)
  ts(50 + cumsum(rnorm(n, 0.2)) + 8 * sin(2 * pi * seq_len(n) / 12) + rnorm(n),
     frequency = 12, start = c(2010, 1))
}

test_that("the default chooses on held-out windows, says so, and forecasts with the winner", {
  y <- transfer_series(2)
  set.seed(1)
  fit <- rnn_fit(y, verbose = FALSE)
  pt <- fit$selection
  expect_true(pt$choice %in% c("pretrained", "fine-tuned", "local"))
  expect_identical(names(pt$score), c("pretrained", "fine-tuned", "local"))
  expect_true(all(is.finite(pt$score)))
  # the better pretrained candidate wins (the local model is not far better)
  expect_false(pt$far)
  expect_identical(pt$choice, names(which.min(pt$score[c("pretrained", "fine-tuned")])))
  expect_identical(pt$h, 18L)
  expect_gte(pt$windows, 5L)
  out <- capture.output(print(fit))
  expect_true(any(grepl("chosen: .*held-out MAE", out)))
  fc <- predict(fit, h = 24)
  expect_s3_class(fc, "rnn_forecast")
  expect_identical(tsp(fc$mean), c(2020, 2020 + 23 / 12, 12))
  expect_true(all(is.finite(fc$mean)) && all(is.finite(fc$lower)) && all(is.finite(fc$upper)))
  expect_true(all(fc$lower[, 2] <= fc$lower[, 1] & fc$upper[, 1] <= fc$upper[, 2]))
  expect_identical(fc$x, y)
  # reproducible: set.seed() before the fit gives the same forecast, bit for bit
  set.seed(1)
  fit2 <- rnn_fit(y, verbose = FALSE)
  expect_identical(predict(fit2, h = 24)$mean, fc$mean)
  expect_identical(predict(fit2, h = 24)$upper, fc$upper)
})

test_that("a pretrained winner drives print, summary, plot, fitted values, newdata and update", {
  y <- transfer_series(2)
  set.seed(1)
  fit <- rnn_fit(y, verbose = FALSE)
  skip_if(fit$selection$choice == "local", "the local model won on this series")
  g <- recurrent:::fc_member(fit, "network")
  expect_s3_class(g, "rnn_transfer")
  sm <- recurrent:::fc_member(fit, "smooth")
  w <- fit$weights[1, "network"][[1]]
  expect_equal(unname(fit$weights[1, c("network", "smooth")]), c(w, 1 - w))
  expect_equal(fitted(fit), w * fitted(g) + (1 - w) * fitted(sm))
  expect_equal(residuals(fit), y - fitted(fit))
  fc <- predict(fit, h = 6)
  expect_match(fc$method, "pretrained RNN LSTM\\(32\\)", ignore.case = TRUE)
  expect_identical(fc$fitted, fitted(fit))
  out <- capture.output(print(fit))
  expect_true(any(grepl("network: +pretrained LSTM", out)))
  expect_true(any(grepl("smooth: +exponential smoothing", out)))
  s <- capture.output(summary(fit))
  expect_true(any(grepl("Forecast error sd per step", s)))
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  expect_invisible(plot(fit))
  grDevices::dev.off()
  unlink(f)
  # newer observations: forecast from their end without training
  fcn <- predict(fit, h = 3, newdata = window(y, end = c(2018, 12)))
  expect_identical(start(fcn$mean), c(2019, 1))
  expect_true(all(is.finite(fcn$mean)))
  up <- update(fit, y, epochs = 1)
  expect_s3_class(up, "rnn_combination")
  expect_true(all(is.finite(predict(up, h = 3)$mean)))
  # update() refreshes every member: with no training it forecasts as newdata does
  old <- window(y, end = c(2018, 12))
  expect_equal(predict(update(fit, old, epochs = 0), h = 5)$mean,
               predict(fit, h = 5, newdata = old)$mean)
  expect_error(predict(fit, newxreg = 1:3), class = "recurrent_error", regexp = "newxreg")
})

test_that("fine-tuning changes the weights and never ends above the pretrained validation loss", {
  for (seed in c(2, 4, 8)) {
    set.seed(1)
    fit <- rnn_fit(transfer_series(seed), verbose = FALSE)
    ft <- if (inherits(fit, "rnn_combination")) fit$members$network$source$finetune
    if (is.null(ft)) next
    expect_length(ft$start, 5L)
    # the pretrained start competes as epoch 0 of early stopping
    expect_true(all(ft$best <= ft$start))
    expect_true(all(ft$best_epoch >= 0))
  }
  # the networks of a fine-tuned winner differ from the shipped ones exactly
  # where an epoch after the start was kept
  y <- transfer_series(2)
  set.seed(1)
  fit <- rnn_fit(y, verbose = FALSE)
  expect_identical(fit$selection$choice, "fine-tuned")
  moved <- fit$members$network$source$finetune$best_epoch > 0
  expect_true(any(moved))
  shipped <- rnn_pretrained(12)$nets
  tuned <- fit$members$network$model$nets
  same <- vapply(seq_along(tuned), function(r)
    identical(rnn_weights(tuned[[r]]), rnn_weights(shipped[[r]])), NA)
  expect_identical(same, !moved)
})

test_that("pretrained = \"none\" is the local model the default fits and compares", {
  # a cycle of 5 months around a constant mean: stationary for the local
  # model, which learns the cycle; the pretrained monthly model does not
  # expect it (40 held-out windows of 18 steps: worth 4.2 independent ones)
  set.seed(1)
  y <- ts(100 + 10 * sin(2 * pi * seq_len(240) / 5) + rnorm(240, sd = 0.5), frequency = 12,
          start = 2000)
  set.seed(7); auto <- rnn_fit(y, verbose = FALSE)
  set.seed(7); none <- rnn_fit(y, verbose = FALSE, pretrained = "none")
  expect_null(none$selection)
  # the local fit comes first: its networks are the same, bit for bit
  weights <- function(f) lapply(f$model$nets, rnn_weights)
  expect_identical(weights(auto), weights(none))
  no_nets <- function(m) m[setdiff(names(m), "nets")]
  expect_identical(no_nets(auto$model), no_nets(none$model))
  expect_identical(auto$selection$choice, "local")
  expect_true(auto$selection$stationary)
  expect_lt(auto$selection$score[["local"]],
            min(auto$selection$score[c("pretrained", "fine-tuned")]) + auto$selection$margin)
  expect_output(print(auto), "stationary around its mean")
  pa <- predict(auto, h = 12)
  pn <- predict(none, h = 12)
  for (part in c("mean", "lower", "upper", "fitted", "method")) expect_identical(pa[[part]], pn[[part]])
})

test_that("the local model wins a stationary series only on enough held-out windows", {
  pick <- recurrent:::fc_transfer_pick
  cols <- c("pretrained", "fine-tuned", "local")
  errs <- function(n, local) cbind(pretrained = 10 + (1:n) %% 3, "fine-tuned" = NA,
                                   local = local + (1:n) %% 2)
  # h = 18: 38 held-out origins are 4 independent windows, 37 fewer
  few <- errs(37, 2)
  expect_identical(pick(few, colMeans(few)[cols], 18, stationary = TRUE)$choice, "pretrained")
  enough <- errs(38, 2)
  r <- pick(enough, colMeans(enough)[cols], 18, stationary = TRUE)
  expect_identical(r$choice, "local")
  expect_true(is.finite(r$margin))
  expect_false(r$far)
  # not stationary: the pretrained one whatever the windows
  expect_identical(pick(enough, colMeans(enough)[cols], 18, stationary = FALSE)$choice, "pretrained")
  # otherwise the local model wins unless a pretrained one is better by the
  # margin: level with it, it wins; clearly worse, it loses
  close <- errs(40, 9.9)
  expect_identical(pick(close, colMeans(close)[cols], 18, stationary = TRUE)$choice, "local")
  worse <- errs(40, 12)
  expect_identical(pick(worse, colMeans(worse)[cols], 18, stationary = TRUE)$choice, "pretrained")
  # far better on every window: the local model, stationary or not, on few windows too
  tiny <- errs(20, 0)
  tiny[, "local"] <- 0.4 + 0.01 * (1:20 %% 3)
  r <- pick(tiny, colMeans(tiny)[cols], 18, stationary = FALSE)
  expect_identical(r$choice, "local")
  expect_true(r$far)
  # no pretrained candidate at all: the local model
  none <- cbind(pretrained = NA, "fine-tuned" = NA, local = 1:3)
  expect_identical(pick(none, colMeans(none)[cols], 18)$choice, "local")
  # a short noise series (3 held-out windows of 18 steps) and a short
  # persistent one around a mean get the pretrained network averaged with
  # the smoothing, which stays near the series' level
  set.seed(1)
  noise <- ts(100 + rnorm(40), frequency = 12)
  set.seed(1)
  fit <- rnn_fit(noise)
  expect_true(fit$selection$choice %in% c("pretrained", "fine-tuned"))
  expect_lt(max(abs(predict(fit, h = 18)$mean - mean(noise))), 2)
  expect_output(print(fit), "too few for the local model to win")
  set.seed(6)
  ar <- ts(100 + 3 * stats::arima.sim(list(ar = 0.8), 40), frequency = 12)
  set.seed(1)
  fit2 <- rnn_fit(ar)
  expect_true(fit2$selection$stationary)
  # the local model's held-out error is the lowest, yet too few windows show it
  expect_lt(fit2$selection$score[["local"]], fit2$selection$score[["pretrained"]])
  expect_true(fit2$selection$choice != "local")
})

test_that("the network's weight moves toward the smoothing only on clear held-out evidence", {
  nw <- recurrent:::fc_network_weight
  h <- 6
  set.seed(3)
  n <- 24
  actual <- matrix(rnorm(n * h), n)
  # the smoothing off by 1 in every window, the network by 3: the average is
  # off by 2, the smoothing alone by 1
  sm <- actual + 1
  net <- actual + 3
  r <- nw(net, sm, actual, h)
  expect_identical(r$weight, 0)
  expect_identical(r$windows, 24L)
  expect_equal(unname(r$score), c(1, 1.5, 2))
  expect_identical(names(r$score), c("0", "0.25", "0.5"))
  # the network clearly better: equal weights stay (its windows' errors are
  # optimistic, so they never raise its share)
  expect_identical(nw(sm, net, actual, h)$weight, 0.5)
  # the smoothing better on average (error 2.5 against 2.75 at equal
  # weights), but off by 0.5 and 4.5 in turn: not by two standard errors
  # (8 overlapping windows of 6 steps are about 2.3 independent ones)
  r2 <- nw(net[1:8, ], actual[1:8, ] + c(0.5, 4.5), actual[1:8, ], h)
  expect_lt(r2$score[["0"]], r2$score[["0.5"]])
  expect_identical(r2$weight, 0.5)
  # windows the smoothing could not forecast (too short) are left out; under
  # 2 left, equal weights
  sm2 <- sm
  sm2[1:20, ] <- NA
  r3 <- nw(net, sm2, actual, h)
  expect_identical(r3$windows, 4L)
  expect_identical(nw(net, rbind(sm[1, ], matrix(NA, n - 1, h)), actual, h)$weight, 0.5)
  # the one-series default records the choice, and forecasts with it
  set.seed(3)
  lvl <- 100 * cumprod(1 + 0.02 * (1 - exp(-(1:45) / 15)) + rnorm(45, 0, 0.003))
  y <- ts(lvl, start = 1975)
  set.seed(1)
  fit <- rnn_fit(y, verbose = FALSE)
  skip_if_not(inherits(fit, "rnn_combination"), "the local model won on this series")
  w <- fit$selection$weight
  expect_true(w$weight %in% c(0, 0.25, 0.5))
  expect_gte(w$windows, 2L)
  expect_identical(names(w$score), c("0", "0.25", "0.5"))
  expect_identical(fit$weights[1, "network"][[1]], w$weight)
  p <- function(m) predict(recurrent:::fc_member(fit, m), h = 6)$mean
  expect_equal(predict(fit, h = 6)$mean, w$weight * p("network") + (1 - w$weight) * p("smooth"))
  out <- capture.output(print(fit))
  # the weights line exactly when they are not equal, with the weight chosen
  line <- grep("weights: +network", out, value = TRUE)
  expect_identical(length(line), as.integer(w$weight != 0.5))
  if (length(line)) expect_match(line, sprintf("network %s, smoothing %s: held-out MAE .* at equal weights",
                                               format(w$weight), format(1 - w$weight)))
  expect_true(any(grepl(sprintf("network: .*\\(weight %s\\)", format(w$weight)), out)))
  # update() keeps the weight
  expect_identical(update(fit, y, epochs = 0)$weights, fit$weights)
})

test_that("the many-series default chooses each series' weight by the one-series rule", {
  mw <- recurrent:::fc_many_weights
  h <- 4
  set.seed(4)
  # two smooth trends: the smoothing refitted at each origin follows them,
  # a network off by a tenth of the level does not
  ys <- list(matrix(100 + 2 * (1:40)), matrix(50 + 0.5 * (1:40)))
  data <- list(y = ys, tsp = list(c(1, 40, 1), c(1, 40, 1)))
  s <- rep(1:2, each = 10)
  r <- rep(21:30, 2)
  actual <- t(vapply(seq_along(s), function(i) ys[[s[i]]][r[i] + 1:h, 1], numeric(h)))
  net <- actual
  net[s == 1, ] <- actual[s == 1, ] * 1.1     # series 1: the network far off
  net[s == 2, ] <- actual[s == 2, ] + rnorm(40, sd = 1e-3)   # series 2: the network exact
  w <- mw(data, s, r, net, actual, h)
  expect_identical(w$weight, c(0, 0.5))
  expect_identical(w$windows, c(10L, 10L))
  # a series without held-out windows keeps equal weights
  data3 <- list(y = c(ys, ys[1]), tsp = rep(data$tsp, length.out = 3))
  w3 <- mw(data3, s, r, net, actual, h)
  expect_identical(w3$weight, c(0, 0.5, 0.5))
  expect_identical(w3$windows, c(10L, 10L, 0L))

  # a fit of many series records the weights and forecasts with them
  set.seed(3)
  mk <- function(n, g) ts(100 * cumprod(1 + g * (1 - exp(-(1:n) / 15)) + rnorm(n, 0, 0.003)), start = 1980)
  many <- list(a = mk(40, 0.02), b = mk(36, 0.01), c = ts(50 + cumsum(rnorm(38, 0, 2)), start = 1982))
  set.seed(1)
  fit <- rnn_fit(many, verbose = FALSE)
  expect_s3_class(fit, "rnn_combination")
  wt <- fit$selection$weight
  expect_length(wt$weight, 3L)
  expect_true(all(wt$weight %in% c(0, 0.25, 0.5)))
  has <- fit$weights[, "smooth"] > 0
  expect_equal(unname(fit$weights[has, "network"] + fit$weights[has, "pretrained"]), wt$weight[has])
  pr <- predict(fit, h = 6)
  for (j in seq_along(many)) {
    memb <- vapply(colnames(fit$weights), function(m) {
      f <- fit
      f$weights[] <- 0
      f$weights[, m] <- 1
      as.numeric(predict(f, h = 6)$forecast[[j]]$mean)
    }, numeric(6))
    expect_equal(as.numeric(pr$forecast[[j]]$mean), c(memb %*% fit$weights[j, ]))
  }
  # the weights line exactly when some weight is not a half
  line <- grep("weights: +network", capture.output(print(fit)), value = TRUE)
  expect_identical(length(line), as.integer(any(wt$weight != 0.5)))
  # update() keeps them; a key the fit has not seen gets equal weights
  expect_identical(update(fit, many, epochs = 0)$weights, fit$weights)
  nd <- predict(fit, h = 6, newdata = c(many, list(d = mk(30, 0.015))))
  expect_named(nd$forecast, c("a", "b", "c", "d"))
  expect_equal(fit$new, c(network = 0.5, pretrained = 0, smooth = 0.5))
})

test_that("a series of many that has stopped is forecast by its last value", {
  mw <- recurrent:::fc_many_weights
  h <- 4
  # series 1 seasonal, then at 0 over all its windows; series 2 a trend the
  # network forecasts well
  y1 <- c(50 + 40 * sin(2 * pi * (1:24) / 12), rep(0, 16))
  ys <- list(matrix(y1), matrix(100 + 2 * (1:40)))
  data <- list(y = ys, tsp = list(c(1, 40 / 12, 12), c(1, 40 / 12, 12)))
  s <- rep(1:2, each = 10)
  r <- rep(27:36, 2)
  actual <- t(vapply(seq_along(s), function(i) ys[[s[i]]][r[i] + 1:h, 1], numeric(h)))
  net <- actual + 5       # off by 5 everywhere: its old season, say
  set.seed(4)
  net[s == 2, ] <- actual[s == 2, ] + rnorm(40, sd = 0.5)
  w <- mw(data, s, r, net, actual, h)
  # the span: the values from the first window's origin on
  expect_identical(w$last, c(40L - 27L + 1L, NA))
  # a window where the series still moved takes it back: the last value is
  # no longer under a tenth of the error in every window
  y1b <- y1
  y1b[c(30, 34)] <- 40
  datb <- list(y = list(matrix(y1b), ys[[2]]), tsp = data$tsp)
  actb <- t(vapply(seq_along(s), function(i) datb$y[[s[i]]][r[i] + 1:h, 1], numeric(h)))
  expect_identical(mw(datb, s, r, actb + 5, actb, h)$last, c(NA_integer_, NA_integer_))

  # a fit: livestock counts of a place where slaughter stopped 3 years ago
  set.seed(2)
  n <- 120
  seas <- function(a) pmax(0, a * (1 + 0.4 * sin(2 * pi * (1:n) / 12)) + rnorm(n, 0, a / 10))
  many <- list(open = ts(seas(500), start = 2000, frequency = 12),
               shut = ts(c(seas(300)[1:84], rep(0, 36)), start = 2000, frequency = 12),
               other = ts(seas(800), start = 2000, frequency = 12))
  set.seed(1)
  fit <- rnn_fit(many, horizon = 12, verbose = FALSE)
  expect_s3_class(fit, "rnn_combination")
  expect_identical(!is.na(fit$selection$weight$last), c(FALSE, TRUE, FALSE))
  expect_equal(unname(fit$weights[2, ]), c(0, 0, 1))
  expect_identical(fit$intervals[2], "smooth")
  pr <- predict(fit, h = 12)
  expect_equal(as.numeric(pr$forecast$shut$mean), rep(0, 12))
  # widths from the changes over the windows' span: all 0 here
  expect_equal(as.numeric(pr$forecast$shut$upper), rep(0, 24))
  expect_true(all(pr$forecast$open$mean > 100))
  out <- capture.output(print(fit))
  expect_true(any(grepl("last value: +1 series forecast by the last value alone", out)))
  expect_true(any(grepl("the others their last value \\(1 far better so", out)))
  expect_null(recurrent:::fc_validate(fit))
  # update() and predict(newdata =) keep it for the key, whatever the order
  more <- lapply(many, function(y) ts(c(y, if (sum(tail(y, 12)) == 0) rep(0, 6) else tail(y, 6)),
                                      start = 2000, frequency = 12))
  u <- update(fit, more, epochs = 0)
  expect_equal(as.numeric(predict(u, h = 6)$forecast$shut$mean), rep(0, 6))
  nd <- predict(fit, h = 6, newdata = rev(more))
  expect_equal(as.numeric(nd$forecast$shut$mean), rep(0, 6))
  expect_equal(u$members$smooth$models[[2]]$last, fit$members$smooth$models[[2]]$last)

  # one series: the same rule after the weight's
  set.seed(1)
  one <- rnn_fit(many$shut, verbose = FALSE)
  expect_s3_class(one, "rnn_combination")
  expect_false(is.na(one$selection$weight$last))
  expect_equal(as.numeric(predict(one, h = 6)$mean), rep(0, 6))
  out <- capture.output(print(one))
  expect_true(any(grepl("last value: +forecast by the last value alone", out)))
  expect_true(any(grepl("model: +smooth alone", out)))
  expect_identical(recurrent:::fc_method(one), "Last value (random walk)")
  # a series that goes on is not
  set.seed(1)
  expect_true(is.na(rnn_fit(many$open, verbose = FALSE)$selection$weight$last))
})

test_that("the pretrained model does not compete where it cannot, and says why", {
  set.seed(1)
  wk <- rnn_fit(ts(rnorm(200), frequency = 52), repeats = 1, epochs = 2, hidden = 4,
                pretrained = "auto", verbose = FALSE)
  expect_identical(wk$selection$choice, "local")
  expect_match(wk$selection$reason, "no pretrained model for frequency 52")
  expect_true(any(grepl("the pretrained model not used: no pretrained model", capture.output(print(wk)))))
  y <- transfer_series(3, 80)
  set.seed(1)
  xr <- rnn_fit(y, xreg = rnorm(80), repeats = 1, epochs = 2, hidden = 4,
                pretrained = "auto", verbose = FALSE)
  expect_match(xr$selection$reason, "covariates")
  set.seed(1)
  sh <- rnn_fit(y, repeats = 1, epochs = 2, hidden = 4, verbose = FALSE)
  expect_match(sh$selection$reason, "local model was specified \\(hidden, epochs, repeats\\)")
  set.seed(1)
  nv <- rnn_fit(y, validation = 0, verbose = FALSE)
  expect_match(nv$selection$reason, "no held-out windows")
  # asked for explicitly, it competes with the local model as specified
  set.seed(1)
  ex <- rnn_fit(y, repeats = 1, epochs = 2, hidden = 4, pretrained = "auto", verbose = FALSE)
  expect_null(ex$selection$reason)
  expect_true(all(is.finite(ex$selection$score[c("pretrained", "local")])))
})

test_that("a fit whose pretrained part was edited by hand is refused", {
  set.seed(1)
  fit <- rnn_fit(transfer_series(2), verbose = FALSE)
  bad <- fit
  bad$selection <- -1L
  expect_error(predict(bad), class = "recurrent_error_invalid_object", regexp = "selection")
  bad <- fit
  bad$selection$choice <- "best"
  expect_error(print(bad), class = "recurrent_error_invalid_object", regexp = "selection")
  bad <- fit
  bad$members$network$model$scale <- NULL
  expect_error(predict(bad), class = "recurrent_error_invalid_object",
               regexp = "members$network$model$scale", fixed = TRUE)
})

test_that("with the default, returns are forecast no worse than their mean and the interval levels off", {
  # monthly returns (noise around a small mean), 5 origins 12 steps apart
  set.seed(21)
  y <- ts(0.002 + 0.01 * rnorm(220), frequency = 12, start = 2000)
  err <- err_mean <- 0
  ratio <- numeric(0)
  for (k in 0:4) {
    n <- 160 + 12 * k
    tr <- ts(y[seq_len(n)], frequency = 12, start = 2000)
    te <- y[n + seq_len(12)]
    set.seed(1)
    fc <- predict(rnn_fit(tr, verbose = FALSE), h = 12)
    err <- err + sum((fc$mean - te)^2)
    err_mean <- err_mean + sum((mean(tr) - te)^2)
    w <- fc$upper[, 2] - fc$lower[, 2]
    ratio <- c(ratio, w[12] / w[6])
  }
  expect_lte(sqrt(err), 1.05 * sqrt(err_mean))
  expect_true(all(ratio < 1.1))
})

test_that("a series of frequency below 1 (decennial) gets the yearly pretrained default", {
  set.seed(1)
  v <- 100 * exp(cumsum(rnorm(40, 0.05, 0.05)))
  set.seed(2); dec <- rnn_fit(ts(v, start = 1610, frequency = 0.1))
  set.seed(2); yr <- rnn_fit(ts(v, start = 1610, frequency = 1))
  expect_s3_class(dec, "rnn_combination")
  fd <- predict(dec, h = 3)
  expect_equal(as.numeric(fd$mean), as.numeric(predict(yr, h = 3)$mean))
  expect_equal(stats::tsp(fd$mean), c(2010, 2030, 0.1))
  expect_equal(as.numeric(predict(rnn_fit(ts(v, frequency = 0.5), pretrained = "only"), h = 2)$mean),
               as.numeric(predict(rnn_fit(ts(v), pretrained = "only"), h = 2)$mean))
})

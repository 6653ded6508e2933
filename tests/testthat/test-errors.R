# The error convention: classed conditions that name the call the user made,
# and objects edited by hand refused with a classed error.

test_that("errors name the exported function the user called", {
  fit <- rnn_fit(WWWusage, repeats = 0, verbose = FALSE)
  e <- expect_error(predict(fit, h = -1), "`h` must be a positive integer", class = "recurrent_error")
  expect_identical(e$call[[1]], quote(predict.rnn_fit))
  # forecast() is not reported as an internal predict.rnn_fit(object, h = h, ...) call
  e <- expect_error(forecast(fit, h = -1), "`h` must be a positive integer", class = "recurrent_error")
  expect_identical(e$call, quote(forecast.rnn_fit(fit, h = -1)))
  e <- expect_error(forecast(fit, level = 200), "`level` must be percentages", class = "recurrent_error")
  expect_identical(e$call[[1]], quote(forecast.rnn_fit))
  e <- expect_error(rnn_fit(c(1, 2, NA, 4, 5)), class = "recurrent_error")
  expect_identical(e$call, quote(rnn_fit(c(1, 2, NA, 4, 5))))
  e <- expect_error(plot(predict(fit, h = 3), include = -1), "`include` must be", class = "recurrent_error")
  expect_identical(e$call[[1]], quote(plot.rnn_forecast))
})

test_that("errors have subclasses where a caller may want to catch one kind", {
  expect_error(rnn_fit(c(1, 2, NA, 4, 5)), "missing value", class = "recurrent_error_missing")
  expect_error(rnn_fit(1:8, lookback = 5, horizon = 2), "too short", class = "recurrent_error_too_short")
  fit <- rnn_fit(WWWusage, repeats = 0, verbose = FALSE)
  bad <- fit; bad$model$history <- 0L
  expect_error(predict(bad, h = 2), "not a valid rnn_fit", class = "recurrent_error_invalid_object")
  w <- expect_warning(recurrent:::rec_warn("careful.", class = "recurrent_warning_test"),
                      "careful.", class = "recurrent_warning")
  expect_s3_class(w, "recurrent_warning_test")
  expect_null(w$call)
})

test_that("fits and forecasts edited by hand are refused with a classed error", {
  set.seed(1)
  fit <- rnn_fit(WWWusage, repeats = 1, hidden = 2, epochs = 1, verbose = FALSE)
  # each edit, and the field the error names
  edits <- list(
    "model$history" = function(f) { f$model$history <- 0L; f },
    "model$steps" = function(f) { f$model$steps <- -1L; f },
    "model$lag" = function(f) { f$model$lag <- "a"; f },
    "model$coef" = function(f) { f$model$coef <- 1:2; f },
    "model$scale" = function(f) { f$model$scale[] <- -1; f },
    "data$y" = function(f) { f$data$y <- 1:2; f },
    "data$tsp" = function(f) { f$data$tsp <- NA; f },
    "model$nets" = function(f) { f$model$nets <- "a"; f },
    "model$transform" = function(f) { f$model$transform <- NULL; f },
    "model$fitted" = function(f) { f$model$fitted <- NULL; f },
    "model$calibration" = function(f) { f$model$calibration$a <- NULL; f },
    "model$settings" = function(f) { f$model$settings <- NULL; f })
  for (field in names(edits)) {
    bad <- edits[[field]](fit)
    msg <- paste0("not a valid rnn_fit (rnn_local): `", field, "`")
    expect_error(predict(bad, h = 2), msg, fixed = TRUE, class = "recurrent_error_invalid_object")
    expect_error(print(bad), msg, fixed = TRUE, class = "recurrent_error")
    expect_error(summary(bad), msg, fixed = TRUE, class = "recurrent_error")
  }
  fc <- predict(fit, h = 3)
  for (field in c("mean", "lower", "upper", "level", "x", "method")) {
    bad <- fc; bad[field] <- list(NULL)
    expect_error(print(bad), "not a valid rnn_forecast", class = "recurrent_error")
    expect_error(as.data.frame(bad), "not a valid rnn_forecast", class = "recurrent_error")
  }
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_error(plot(fc, col = "no such colour"), "`col` must be one colour", class = "recurrent_error")
  expect_error(plot(fc, main = sum), "`main` must be text", class = "recurrent_error")
})

test_that("a network whose training record or summary was edited by hand is refused", {
  set.seed(1)
  net <- rnn_train(rnn_net(1, 3), array(rnorm(40), c(10, 4, 1)), rnorm(10), epochs = 2,
                   verbose = FALSE)
  for (v in list(NA, -1L, "a", list(loss = "mse"))) {
    bad <- net; bad$training <- v
    expect_error(print(bad), "`training` record has been altered", class = "recurrent_error")
    expect_error(plot(bad), "`training` record has been altered", class = "recurrent_error")
    expect_error(summary(bad), "`training` record has been altered", class = "recurrent_error")
  }
  s <- summary(net)
  for (edit in list(function(s) { s$spec <- NA; s }, function(s) { s$spec$layers <- 1:2; s },
                    function(s) { s$training <- "a"; s }, function(s) structure(list(), class = class(s)))) {
    expect_error(print(edit(s)), "not a valid summary.rnn_net",
                 class = "recurrent_error_invalid_object")
  }
  expect_output(print(s), "Recurrent network")
})

test_that("unevaluated R code given as an option is described, and classed", {
  e <- expect_error(rnn_fit(AirPassengers, epochs = quote(x)),
                    "`epochs` must be a positive integer, not the symbol `x`.",
                    class = "recurrent_error", fixed = TRUE)
  expect_identical(e$call[[1]], quote(rnn_fit))
  expect_error(rnn_fit(AirPassengers, repeats = 0, dropout = quote(f(x))),
               "not the expression `f(x)`", class = "recurrent_error", fixed = TRUE)
})

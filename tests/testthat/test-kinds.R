# Every kind of fit answers every method (issue 14): print, summary, plot,
# autoplot, fitted, residuals, accuracy, predict/forecast, predict(newdata =),
# update, as.data.frame of the forecast, and fable's report/glance/tidy; the
# validators refuse a field altered by hand and name it.

kind_fits <- function() {
  set.seed(1)
  q <- function(n, lvl) ts(lvl * exp(cumsum(rnorm(n, 0.01, 0.03))) *
                             (1 + 0.1 * rep(c(1, -1, 0.5, -0.5), length.out = n)),
                           frequency = 4, start = 2000)
  quarters <- list(a = q(40, 100), b = q(32, 50), c = q(36, 20))
  daily <- list(x = ts(10 + sin(1:80 / 2) + rnorm(80, sd = 0.2), frequency = 7),
                y = ts(5 + cumsum(rnorm(70, sd = 0.3)), frequency = 7))
  m <- ts(200 + cumsum(rnorm(96, 0.5)) + 15 * sin(2 * pi * (1:96) / 12), frequency = 12,
          start = 2010)
  # two price-like columns forecast jointly (simulated: R's datasets are
  # reserved for independent evaluation)
  eu <- cbind(a = 1600 * exp(cumsum(rnorm(150, 0, 0.01))), b = 1700 * exp(cumsum(rnorm(150, 0, 0.01))))
  hourly <- ts(20 + 5 * sin(2 * pi * (1:400) / 24) + cumsum(rnorm(400, sd = 0.3)), frequency = 24)
  set.seed(2)
  fits <- list(
    seasonal = rnn_fit(hourly),
    local = rnn_fit(m, pretrained = "none", repeats = 1, hidden = 4, epochs = 2),
    joint = rnn_fit(eu, repeats = 1, hidden = 4, epochs = 2, horizon = 5),
    global = rnn_fit(daily, repeats = 2, hidden = 4, epochs = 2),
    transfer = rnn_fit(quarters$a, pretrained = "only"),
    transfer_many = rnn_fit(quarters, pretrained = "only"),
    combination = rnn_fit(m),
    combination_many = rnn_fit(quarters),
    collection = rnn_fit(daily, global = FALSE, repeats = 1, hidden = 4, epochs = 2))
  fits$smooth <- recurrent:::fc_member(fits$combination_many, "smooth")
  list(fits = fits, data = list(local = m, joint = eu, global = daily, transfer = quarters$a,
                                transfer_many = quarters, combination = m,
                                combination_many = quarters, collection = daily,
                                smooth = quarters, seasonal = hourly))
}

kinds_env <- new.env()
get_kinds <- function() {
  if (is.null(kinds_env$k)) kinds_env$k <- kind_fits()
  kinds_env$k
}

# newer data of a fit's series: all but their last 3 observations
shorter <- function(y) {
  cut <- function(s) if (is.matrix(s)) s[seq_len(nrow(s) - 3), , drop = FALSE] else
    stats::window(s, end = stats::time(s)[length(s) - 3])
  if (is.list(y) && !is.data.frame(y)) lapply(y, cut) else cut(y)
}

test_that("the kinds are the ones expected", {
  k <- get_kinds()$fits
  expect_s3_class(k$local, "rnn_local")
  expect_s3_class(k$joint, "rnn_local")
  expect_s3_class(k$global, "rnn_global")
  expect_s3_class(k$transfer, "rnn_transfer")
  expect_s3_class(k$transfer_many, "rnn_transfer")
  expect_s3_class(k$combination, c("rnn_combination", "rnn_local"))
  expect_s3_class(k$combination_many, "rnn_combination")
  expect_s3_class(k$collection, "rnn_collection")
  expect_s3_class(k$smooth, "rnn_smooth")
  expect_s3_class(k$seasonal, "rnn_seasonal")
  for (f in k) expect_s3_class(f, "rnn_fit")
})

test_that("every kind answers print, summary, fitted, residuals and plot", {
  k <- get_kinds()
  png(f <- tempfile(fileext = ".png"))
  on.exit({ grDevices::dev.off(); unlink(f) }, add = TRUE)
  for (nm in names(k$fits)) {
    fit <- k$fits[[nm]]
    out <- capture.output(print(fit))
    expect_match(out[1], "^<rnn_fit> ", info = nm)
    expect_true(length(out) < 20, info = nm)
    s <- capture.output(print(summary(fit)))
    expect_true(any(grepl("In-sample one-step accuracy", s)), info = nm)
    expect_lt(length(s), 60)
    y <- k$data[[nm]]
    fv <- fitted(fit)
    rs <- residuals(fit)
    if (is.list(y) && !is.data.frame(y)) {
      expect_identical(names(fv), names(y), info = nm)
      for (s in names(y)) {
        expect_equal(length(fv[[s]]), length(y[[s]]), info = nm)
        expect_equal(as.numeric(rs[[s]]), as.numeric(y[[s]] - fv[[s]]), info = nm)
        expect_equal(tsp(fv[[s]]), tsp(y[[s]]), info = nm)
      }
    } else {
      expect_equal(NROW(fv), NROW(y), info = nm)
      expect_equal(unname(as.matrix(rs)), unname(as.matrix(y) - as.matrix(fv)), info = nm)
    }
    expect_invisible(plot(fit))
    if (length(recurrent:::fc_networks(fit))) expect_invisible(plot(fit, type = "training")) else
      expect_error(plot(fit, type = "training"), class = "recurrent_error")
  }
})

test_that("every kind forecasts, with newer data, and as a data frame", {
  k <- get_kinds()
  for (nm in names(k$fits)) {
    fit <- k$fits[[nm]]
    y <- k$data[[nm]]
    fc <- predict(fit, h = 5)
    many <- is.list(y) && !is.data.frame(y)
    if (many) {
      expect_s3_class(fc, "rnn_many_forecast")
      expect_identical(names(fc$forecast), names(y))
      d <- as.data.frame(fc)
      expect_equal(nrow(d), 5 * length(y), info = nm)
      expect_true(all(c("key", "time", "Point Forecast", "Lo 80", "Hi 95") %in% names(d)))
    } else if (is.matrix(y)) {
      expect_s3_class(fc, "rnn_mforecast")
      expect_equal(nrow(as.data.frame(fc)), 5 * ncol(y))
    } else {
      expect_s3_class(fc, "rnn_forecast")
      expect_named(as.data.frame(fc), c("Point Forecast", "Lo 80", "Hi 80", "Lo 95", "Hi 95"))
      expect_equal(tsp(fc$mean)[1], tsp(y)[2] + 1 / frequency(y))
    }
    expect_equal(forecast(fit, h = 5)$mean, fc$mean, info = nm)
    # summary(): one row per series, its first and last point forecasts and
    # mean interval widths; printed as a short report
    s <- summary(fc)
    expect_s3_class(s, "summary.rnn_forecast")
    fcs <- if (inherits(fc, "rnn_mforecast")) fc$forecast else list(fc)
    expect_equal(nrow(s$table), length(fcs), info = nm)
    expect_equal(s$table$last, unname(vapply(fcs, function(f) as.numeric(f$mean)[5], 0)), info = nm)
    expect_equal(s$table[["width 95%"]],
                 unname(vapply(fcs, function(f) mean(f$upper[, 2] - f$lower[, 2]), 0)), info = nm)
    expect_output(print(s), "horizon:   5 steps", info = nm)
    # newer data of its own series: the same fit, carried over; on the very
    # series it was fitted to it forecasts as it does
    fc0 <- predict(fit, h = 5, newdata = y)
    expect_equal(fc0$mean, fc$mean, info = nm, tolerance = 1e-10)
    expect_equal(fc0$upper, fc$upper, info = nm, tolerance = 1e-10)
    fcn <- predict(fit, h = 5, newdata = shorter(y))
    means <- if (many) fcn$mean else list(fcn$mean)
    expect_true(all(vapply(means, function(v) all(is.finite(unlist(v))), NA)), info = nm)
  }
})

test_that("update() then predict() equals predict(newdata =) in every member's level", {
  k <- get_kinds()
  for (nm in names(k$fits)) {
    fit <- k$fits[[nm]]
    new <- shorter(k$data[[nm]])
    up0 <- update(fit, new, epochs = 0)
    expect_s3_class(up0, class(fit)[1])
    expect_equal(predict(up0, h = 4)$mean, predict(fit, h = 4, newdata = new)$mean, info = nm)
    if (inherits(fit, "rnn_combination")) {
      for (m in names(fit$members)) {
        expect_equal(predict(recurrent:::fc_member(up0, m), h = 4)$mean,
                     predict(recurrent:::fc_member(fit, m), h = 4, newdata = new)$mean,
                     info = paste(nm, m))
      }
    }
    # with training: the networks move
    if (length(recurrent:::fc_networks(fit))) {
      up1 <- update(fit, new, epochs = 1)
      before <- lapply(recurrent:::fc_networks(fit), function(n) n$params)
      after <- lapply(recurrent:::fc_networks(up1), function(n) n$params)
      expect_false(identical(before, after), info = nm)
    }
  }
})

test_that("accuracy(), autoplot() and fable's report, glance and tidy answer for every kind", {
  k <- get_kinds()
  scored <- character(0)
  for (nm in names(k$fits)) {
    fit <- k$fits[[nm]]
    if (requireNamespace("forecast", quietly = TRUE)) {
      acc <- forecast::accuracy(fit)
      expect_true(all(c("RMSE", "MASE") %in% colnames(acc)), info = nm)
      expect_equal(nrow(acc), max(1, length(recurrent:::fc_data(fit)$names) *
                                    length(recurrent:::fc_data(fit)$columns)), info = nm)
      # test-set accuracy of its forecasts, the actual values as a user holds
      # them (the last 3 values held back): per series, equal to scoring each
      # series' forecast alone
      y <- k$data[[nm]]
      fc <- predict(fit, h = 3, newdata = shorter(y))
      tail3 <- function(s) if (is.matrix(s)) s[nrow(s) - 2:0, , drop = FALSE] else
        stats::window(s, start = stats::time(s)[length(s) - 2])
      actual <- if (is.list(y) && !is.data.frame(y)) lapply(y, tail3) else tail3(y)
      if (inherits(fc, "rnn_mforecast")) {
        a <- forecast::accuracy(fc, actual)
        first <- names(fc$forecast)[1]
        expect_equal(unname(a[paste("Test set:", first), ]),
                     unname(forecast::accuracy(fc$forecast[[first]],
                                               if (is.list(actual) && !is.matrix(actual)) actual[[first]]
                                               else actual[, first])["Test set", ]), info = nm)
        expect_equal(nrow(forecast::accuracy(fc)), length(fc$forecast), info = nm)
        scored <- c(scored, nm)
      }
    }
    if (requireNamespace("ggplot2", quietly = TRUE))
      expect_s3_class(ggplot2::autoplot(fit), "ggplot")
    # what a fable model of one key holds: tidy() and glance() of its fit
    t <- recurrent:::fc_terms(fit)
    expect_true(is.data.frame(t) && all(c("series", "term", "estimate") %in% names(t)), info = nm)
    if (length(recurrent:::fc_data(fit)$names) == 1L && !inherits(fit, "rnn_collection")) {
      mod <- structure(list(fit = fit, response = "value"), class = "RNN")
      expect_output(recurrent:::report.RNN(mod), "<rnn_fit>")
      g <- recurrent:::glance.RNN(mod)
      expect_equal(nrow(g), 1L)
      expect_true(all(c("kind", "sigma2", "MASE") %in% names(g)))
      td <- recurrent:::tidy.RNN(mod)
      expect_named(td, c("term", "estimate"))
    }
  }
  if (requireNamespace("forecast", quietly = TRUE))
    expect_setequal(scored, c("joint", "global", "transfer_many", "combination_many", "collection", "smooth"))
})

test_that("every validator rejects a field altered by hand and names it", {
  k <- get_kinds()$fits
  edits <- list(
    list(k$local, function(f) { f$model$coef <- f$model$coef[, -1, , drop = FALSE]; f }, "model$coef"),
    list(k$global, function(f) { f$model$settings$recipe <- "local"; f }, "model$settings$recipe"),
    list(k$global, function(f) { f$data$names[2] <- f$data$names[1]; f }, "data$names"),
    list(k$transfer, function(f) { f$source <- NULL; f }, "source"),
    list(k$smooth, function(f) { f$models[[1]]$members[[1]]$par <- 1; f }, "models[[1]]"),
    list(k$combination, function(f) { f$weights[1, 1] <- 2; f }, "weights"),
    list(k$combination, function(f) { f$intervals <- "nope"; f }, "intervals"),
    list(k$combination_many, function(f) { f$members$network$model$t0[] <- 0L; f },
         "members$network$model$t0"),
    list(k$collection, function(f) { f$fits$x$model$scale[] <- -1; f }, "fits$x"),
    list(k$transfer_many, function(f) { f$model$calibration$own <- NULL; f }, "model$calibration"))
  for (e in edits) {
    bad <- e[[2]](e[[1]])
    expect_error(predict(bad, h = 2), paste0("`", e[[3]]), fixed = TRUE,
                 class = "recurrent_error_invalid_object")
    expect_error(print(bad), paste0("`", e[[3]]), fixed = TRUE,
                 class = "recurrent_error_invalid_object")
  }
})

test_that("fitted objects hold no external pointers and survive saveRDS", {
  k <- get_kinds()$fits
  has_ptr <- function(x) {
    if (typeof(x) == "externalptr") return(TRUE)
    if (is.list(x)) return(any(vapply(x, has_ptr, NA)))
    if (is.environment(x)) return(TRUE)
    FALSE
  }
  for (nm in names(k)) {
    expect_false(has_ptr(unclass(k[[nm]])), info = nm)
    f <- tempfile(fileext = ".rds")
    saveRDS(k[[nm]], f)
    back <- readRDS(f)
    unlink(f)
    expect_equal(predict(back, h = 3)$mean, predict(k[[nm]], h = 3)$mean, info = nm)
  }
})

test_that("every method of an internal generic is registered", {
  ns <- asNamespace("recurrent")
  gens <- c("fc_validate", "fc_parts", "fc_fitted_list", "fc_refresh", "fc_lines", "fc_method",
            "fc_horizon", "fc_networks", "fc_terms")
  s3 <- getNamespaceInfo(ns, "S3methods")
  for (g in gens) {
    defined <- sub(paste0("^", g, "\\."), "", grep(paste0("^", g, "\\.rnn_"), ls(ns), value = TRUE))
    expect_setequal(s3[s3[, 1] == g, 2], defined)
  }
})

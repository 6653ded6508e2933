# The exponential smoothing path beside the pretrained networks
# (R/forecast-smooth.R, src/smooth.c): rnn_fit(y) averages a winning
# pretrained model's forecast with it.

# The filter written out in R, as src/smooth.c documents it.
es_filter_r <- function(z, m, par, state) {
  l <- state[1]; b <- state[2]; s <- state[-(1:2)]
  res <- numeric(length(z))
  for (t in seq_along(z)) {
    j <- (t - 1L) %% m + 1L
    e <- z[t] - (l + par[4] * b + s[j])
    res[t] <- e
    l <- l + par[4] * b + par[1] * e
    b <- par[4] * b + par[2] * e
    s[j] <- s[j] + par[3] * e
  }
  list(sse = sum(res^2), state = c(l, b, s), res = res)
}

test_that("the C filter follows the smoothing recursions", {
  set.seed(3)
  z <- cumsum(rnorm(37)) + rep(c(1, -0.5, 0.2, -0.7), length.out = 37)
  par <- c(0.4, 0.05, 0.2, 0.9)
  state <- c(0.3, 0.1, 1, -0.5, 0.2, -0.7)
  ref <- es_filter_r(z, 4L, par, state)
  out <- .Call(recurrent:::C_rec_es_filter, z, 4L, par, state, TRUE)
  expect_equal(out[[1]], ref$sse, tolerance = 1e-12)
  expect_equal(out[[2]], ref$state, tolerance = 1e-12)
  expect_equal(out[[3]], ref$res, tolerance = 1e-12)
  # the sum alone, and the start state left as it was
  expect_equal(.Call(recurrent:::C_rec_es_filter, z, 4L, par, state, FALSE), ref$sse,
               tolerance = 1e-12)
  expect_identical(state, c(0.3, 0.1, 1, -0.5, 0.2, -0.7))
  # a diverging filter reports an infinite sum, which optim() never sees
  expect_identical(.Call(recurrent:::C_rec_es_filter, c(1e300, -1e300, 1e300), 1L,
                         c(0.5, 0, 0, 0), c(0, 0, 0), FALSE), Inf)
  expect_error(.Call(recurrent:::C_rec_es_filter, z, 4L, par, state[1:3], FALSE), "internal")
})

test_that("the smoothing model forecasts a seasonal series with a trend and a noise series", {
  # monthly, log-linear growth with a fixed season and small noise
  set.seed(5)
  n <- 120
  t <- seq_len(n + 12)
  truth <- exp(4 + 0.01 * t + 0.2 * sin(2 * pi * t / 12))
  y <- truth[1:n] * exp(rnorm(n, sd = 0.01))
  sm <- recurrent:::fc_smooth_fit(y, 12)
  expect_true(sm$log)
  expect_identical(sm$m, 12L)
  f <- recurrent:::fc_smooth_forecast(sm, 12)
  expect_lt(max(abs(f / truth[n + 1:12] - 1)), 0.05)
  # noise around 50: no trend, and a flat forecast near the mean
  set.seed(6)
  w <- 50 + rnorm(100)
  sw <- recurrent:::fc_smooth_fit(w, 1)
  expect_identical(sw$trend, "N")
  expect_identical(sw$m, 1L)
  fw <- recurrent:::fc_smooth_forecast(sw, 10)
  expect_equal(diff(fw), rep(0, 9))
  expect_lt(abs(fw[1] - 50), 1)
  # a value at or below 0: the original scale; too short or not finite: none
  expect_false(recurrent:::fc_smooth_fit(c(0, w), 1)$log)
  expect_null(recurrent:::fc_smooth_fit(1:4, 1))
  expect_null(recurrent:::fc_smooth_fit(c(w, NA), 1))
  # a constant series gives its value
  expect_equal(recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_fit(rep(3, 20), 4), 5),
               rep(3, 5))
})

test_that("a pretrained winner's forecast is the average with the smoothing path", {
  set.seed(2)
  y <- ts(50 + cumsum(rnorm(120, 0.2)) + 8 * sin(2 * pi * seq_len(120) / 12) + rnorm(120),
          frequency = 12, start = c(2010, 1))
  set.seed(1)
  fit <- rnn_fit(y, verbose = FALSE)
  expect_true(fit$pretrained$choice %in% c("pretrained", "fine-tuned"))
  sm <- fit$pretrained$smooth
  expect_false(is.null(sm))
  expect_identical(sm$n, 120L)
  fc <- predict(fit, h = 24)
  net <- recurrent:::fc_predict_global(fit$pretrained$global, 24, c(80, 95), NULL, NULL)
  es <- recurrent:::fc_smooth_forecast(sm, 24)
  expect_equal(as.numeric(fc$mean), (as.numeric(net$mean) + es) / 2)
  # the intervals keep the network's widths around the average
  expect_equal(unname(unclass(fc$upper) - unclass(fc$lower)),
               unname(unclass(net$upper) - unclass(net$lower)))
  expect_identical(tsp(fc$mean), tsp(net$mean))
  expect_match(fc$method, "linear AR \\+ exponential smoothing \\[lookback")
  expect_true(any(grepl("averaged: +with exponential smoothing", capture.output(print(fit)))))
  # newer observations: the smoothing model is estimated on them
  new <- window(y, end = c(2018, 12))
  fcn <- predict(fit, h = 3, newdata = new)
  netn <- recurrent:::fc_predict_global(recurrent:::fc_transfer_newdata(
    fit, recurrent:::fc_newdata_series(fit, new, NULL), NULL), 3, c(80, 95), NULL, NULL)
  esn <- recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_fit(new, 12), 3)
  expect_equal(as.numeric(fcn$mean), (as.numeric(netn$mean) + esn) / 2)
  # an altered smoothing model is refused
  bad <- fit
  bad$pretrained$smooth$state <- bad$pretrained$smooth$state[-1]
  expect_error(predict(bad), class = "recurrent_error_invalid_object")
  bad <- fit
  bad$pretrained$smooth$trend <- "A"
  expect_error(print(bad), class = "recurrent_error_invalid_object")
})

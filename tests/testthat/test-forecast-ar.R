# The autoregression of the seasonal kind (R/forecast-mstl.R, src/ar.c)
# against stats::ar.ols(), which defines the model: no mean, no intercept,
# order by AIC.

ref_ar <- function(u, h, order_max) {
  fit <- suppressWarnings(stats::ar.ols(u, order.max = order_max, aic = TRUE, demean = FALSE,
                                        intercept = FALSE))
  list(ahead = as.numeric(stats::predict(fit, newdata = u, n.ahead = h)$pred),
       resid = as.numeric(fit$resid), order = fit$order, coef = as.numeric(fit$ar))
}

test_that("the autoregression in C equals stats::ar.ols()", {
  set.seed(7)
  cases <- list(
    ar3 = as.numeric(stats::arima.sim(list(ar = c(0.5, -0.3, 0.2)), 400)),
    ma = as.numeric(stats::arima.sim(list(ma = 0.8), 300)) * 1e4,       # long AR, large units
    noise = rnorm(120, 5),                                               # order 0 wins
    seasonal = diff(sin(2 * pi * (1:1000) / 48) + cumsum(rnorm(1000, 0, 0.1))))
  for (nm in names(cases)) {
    u <- cases[[nm]]
    got <- recurrent:::fc_ar_ahead(u, 30L, 30L)
    want <- ref_ar(u, 30L, min(30L, length(u) %/% 4))
    expect_identical(got$order, as.integer(want$order), label = nm)
    expect_equal(got$coef, want$coef, tolerance = 1e-8, label = nm)
    expect_equal(got$ahead, want$ahead, tolerance = 1e-8, label = nm)
    expect_equal(got$resid, want$resid, tolerance = 1e-8, label = nm)
  }
})

test_that("the autoregression stops at collinear lags as ar.ols() does", {
  # zero for a long stretch, then noise: low orders fit, none is singular
  set.seed(2)
  u <- c(rep(0, 200), rnorm(200))
  expect_equal(recurrent:::fc_ar_ahead(u, 5L, 30L)$ahead, ref_ar(u, 5L, 30L)$ahead,
               tolerance = 1e-8)
  # a constant: order 0, a forecast of zero, no error
  r <- recurrent:::fc_ar_ahead(rep(0, 100), 5L, 30L)
  expect_identical(r$order, 0L)
  expect_identical(r$ahead, rep(0, 5))
  # a pure cycle of period 4 is fitted exactly by 3 lags: the 4th is collinear
  v <- rep(c(1, -2, 0.5, 0.5), 50)
  r <- recurrent:::fc_ar_ahead(v, 8L, 30L)
  expect_lte(r$order, 3L)
  expect_equal(r$ahead, rep(c(1, -2, 0.5, 0.5), 2), tolerance = 1e-8)
})

test_that("the autoregression's entry point refuses bad sizes and values", {
  ar <- function(u, M = 2L, h = 3L) .Call(recurrent:::C_rec_ar_ols, u, M, h)
  expect_error(ar(as.double(1:3), M = 3L), "order_max < n")
  expect_error(ar(c(1, NA, 3, 4, 5)), "non-finite")
  expect_error(ar(1:10), "double u")
})

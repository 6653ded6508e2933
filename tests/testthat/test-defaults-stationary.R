# Defaults for series that are stationary around a mean (issue 9, item 4):
# base = "auto" picks "none" for them and not for random walks or trends, and
# their intervals level off at the series' unconditional spread while a random
# walk's keep widening. Seeded simulations; linear path only (repeats = 0) or
# one tiny network for speed.

sim_ar1 <- function(n, phi = 0.7, mu = 10, seed = 1) {
  set.seed(seed)
  ts(mu + as.numeric(stats::arima.sim(list(ar = phi), n)))
}

test_that("base = 'auto' picks 'none' for noise and returns around a mean", {
  set.seed(11)
  expect_identical(fit_base(rnn_fit(ts(10 + rnorm(300)), repeats = 0)), "none")
  set.seed(12)
  ret <- ts(0.01 * rt(1000, df = 4), frequency = 260)
  expect_identical(fit_base(rnn_fit(ret, repeats = 0)), "none")
  set.seed(13)
  expect_identical(fit_base(rnn_fit(ts(0.01 * rnorm(400), frequency = 7), repeats = 0)), "none")
  expect_identical(fit_base(rnn_fit(sim_ar1(400, 0.5), repeats = 0)), "none")
})

test_that("base = 'auto' does not pick 'none' for random walks or trends", {
  for (s in 1:10) {
    set.seed(100 + s)
    expect_identical(fit_base(rnn_fit(ts(cumsum(rnorm(200))), repeats = 0)), "naive")
    set.seed(200 + s)
    expect_identical(fit_base(rnn_fit(ts(cumsum(rnorm(150, 0.3))), repeats = 0)), "naive")
  }
  set.seed(21)
  n <- 144
  ts_trend <- ts(0.1 * seq_len(n) + 3 * sin(2 * pi * seq_len(n) / 12) + rnorm(n), frequency = 12)
  expect_identical(fit_base(rnn_fit(ts_trend, repeats = 0)), "seasonal")
  expect_false(fit_base(rnn_fit(AirPassengers, repeats = 0)) == "none")
  expect_false(fit_base(rnn_fit(WWWusage, repeats = 0)) == "none")
})

test_that("base = 'none' given by the user is kept, and other bases are unchanged", {
  y <- sim_ar1(200)
  expect_identical(fit_base(rnn_fit(y, repeats = 0, base = "none")), "none")
  expect_identical(fit_base(rnn_fit(y, repeats = 0, base = "naive")), "naive")
})

test_that("a stationary series' interval levels off at its unconditional spread", {
  phi <- 0.7
  true95 <- 1.96 / sqrt(1 - phi^2)      # unconditional sd of the AR(1) times 1.96
  y <- sim_ar1(600, phi, seed = 3)
  fit <- rnn_fit(y, repeats = 0)
  expect_identical(fit_base(fit), "none")
  H <- fit$model$horizon
  fc <- predict(fit, h = 10 * H, level = 95)
  hw <- as.numeric(fc$upper - fc$lower) / 2
  expect_lt(hw[10 * H], 1.5 * true95)
  expect_gt(hw[10 * H], true95 / 1.5)
  # no longer growing: the last 5 horizons are as wide as the second
  expect_lt(hw[10 * H] / hw[2 * H], 1.05)
  expect_true(all(diff(hw) >= -1e-8))
  # the same with a network in the model
  set.seed(4)
  fit1 <- rnn_fit(y, repeats = 1, epochs = 3, hidden = 4)
  hw1 <- as.numeric(predict(fit1, h = 10 * H, level = 95)$upper -
                      predict(fit1, h = 10 * H, level = 95)$lower) / 2
  expect_lt(hw1[10 * H], 1.5 * true95)
  expect_lt(hw1[10 * H] / hw1[2 * H], 1.05)
})

test_that("a random walk's interval keeps widening about like sqrt(h)", {
  set.seed(5)
  rw <- ts(cumsum(rnorm(600)))
  fit <- rnn_fit(rw, repeats = 0)
  expect_identical(fit_base(fit), "naive")
  expect_equal(c(fit$model$calibration$cap), Inf)
  H <- fit$model$horizon
  fc <- predict(fit, h = 10 * H, level = 95)
  hw <- as.numeric(fc$upper - fc$lower) / 2
  ratio <- hw[10 * H] / hw[H]
  expect_gt(ratio, sqrt(10) / 1.6)
  expect_lt(ratio, sqrt(10) * 1.6)
})

test_that("coverage of a long stationary series over many origins is near nominal", {
  phi <- 0.8
  y <- as.numeric(sim_ar1(2400, phi, seed = 6))
  origins <- seq(1000, 2300, by = 100)
  h <- 40
  hit80 <- hit95 <- 0
  cnt <- 0
  for (o in origins) {
    fit <- rnn_fit(ts(y[seq_len(o)]), repeats = 0, horizon = 10)
    fc <- predict(fit, h = h, level = c(80, 95))
    act <- y[o + seq_len(h)]
    hit80 <- hit80 + sum(act >= fc$lower[, 1] & act <= fc$upper[, 1])
    hit95 <- hit95 + sum(act >= fc$lower[, 2] & act <= fc$upper[, 2])
    cnt <- cnt + h
  }
  expect_gt(hit80 / cnt, 0.70)
  expect_lt(hit80 / cnt, 0.92)
  expect_gt(hit95 / cnt, 0.88)
  expect_lt(hit95 / cnt, 0.995)
})

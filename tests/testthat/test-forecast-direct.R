# The direct seasonal regression (R/forecast-direct.R, src/direct.c) against
# the same model written plainly in R: the features of every origin built by
# indexing, and each step's ridge regression solved by solve() on the
# standardised columns.

# Features [length(t), d] of origins t (1-based) at step k, in direct.c's order.
ref_direct_features <- function(y, t, k, cfg) {
  phase <- function(p, cnt) {
    b <- t + k - p * ceiling(k / p)
    Reduce(`+`, lapply(seq_len(cnt) - 1, function(j) y[b - p * j])) / cnt
  }
  cols <- c(list(y[t]), lapply(seq_len(cfg$lags), function(j) y[t - j]))
  for (p in cfg$periods) cols <- c(cols, list(y[t - p], y[t + k - p * ceiling(k / p)]))
  if (length(cfg$periods)) cols <- c(cols, list(phase(cfg$periods[1], cfg$D)))
  if (cfg$W > 1) cols <- c(cols, list(phase(cfg$periods[2], cfg$W)))
  level <- vapply(t, function(s) mean(y[(s - cfg$lev + 1):s]), 0)
  do.call(cbind, c(cols, list(level)))
}

ref_direct_fit <- function(y, periods, h, lev, lambda = 1e-3, max_rows = 3000L) {
  n <- length(y)
  cfg <- recurrent:::fc_direct_config(n, periods, lev)
  mean <- numeric(h)
  fitted <- rep(NA_real_, n)
  for (k in seq_len(h)) {
    rows <- cfg$first:(n - k)
    rows <- utils::tail(rows, max_rows)
    X <- ref_direct_features(y, rows, k, cfg)
    mu <- colMeans(X)
    s <- apply(X, 2, function(v) sqrt(mean((v - mean(v))^2)))
    s[s < 1e-12 * pmax(1, abs(mu))] <- 1
    Z <- scale(X, center = mu, scale = s)
    tg <- y[rows + k]
    b <- solve(crossprod(Z) + diag(lambda * length(rows), ncol(Z)),
               crossprod(Z, tg - mean(tg)))
    beta <- drop(b) / s
    icpt <- mean(tg) - sum(mu * beta)
    mean[k] <- icpt + sum(ref_direct_features(y, n, k, cfg) * beta)
    if (k == 1L) fitted[rows + 1L] <- icpt + drop(X %*% beta)
  }
  list(mean = mean, fitted = fitted)
}

test_that("the direct regression in C equals the model written in R", {
  set.seed(3)
  n <- 24 * 7 * 4
  tt <- seq_len(n)
  y <- 20 + 5 * sin(2 * pi * tt / 24) + 2 * sin(2 * pi * tt / 168) +
    as.numeric(stats::arima.sim(list(ar = 0.9), n))
  cases <- list(
    list(periods = c(24L, 168L), h = 30L, lev = 24L, max_rows = 3000L),  # profile over 2 weeks
    list(periods = 24L, h = 5L, lev = 24L, max_rows = 200L),             # rows capped
    list(periods = integer(0), h = 7L, lev = 10L, max_rows = 3000L),     # no cycle: lags, level
    list(periods = c(7L, 24L), h = 40L, lev = 7L, max_rows = 3000L))     # steps over two cycles
  for (cs in cases) {
    got <- recurrent:::fc_direct_fit(y, cs$periods, cs$h, lev = cs$lev, max_rows = cs$max_rows)
    want <- ref_direct_fit(y, cs$periods, cs$h, cs$lev, max_rows = cs$max_rows)
    expect_equal(got$mean, want$mean, tolerance = 1e-9, label = paste(cs$periods, collapse = "/"))
    expect_equal(got$fitted, want$fitted, tolerance = 1e-9)
    expect_identical(is.na(got$fitted), is.na(want$fitted))
  }
  # a column constant over the rows (a flat stretch) keeps unit scale, as in R
  z <- c(rep(5, 200), y[1:200])
  expect_equal(recurrent:::fc_direct_fit(z, 24L, 6L)$mean, ref_direct_fit(z, 24L, 6L, 24L)$mean,
               tolerance = 1e-9)
})

test_that("the direct regression's entry point refuses what would index out of bounds", {
  y <- as.double(1:100)
  call <- function(periods = 10L, cfg = c(2L, 0L, 10L, 3L, 21L), h = 5L, lambda = 1e-3, mr = 100L)
    .Call(recurrent:::C_rec_direct_fit, y, periods, cfg, h, lambda, mr)
  expect_length(call()[[1]], 5)
  expect_error(call(cfg = c(2L, 0L, 10L, 3L, 20L)), "first > 20")   # profile reaches y[0]
  expect_error(call(h = 80L), "n - h >= first")
  expect_error(call(periods = c(10L, 5L), cfg = c(1L, 2L, 10L, 3L, 40L)), "ascending")
  expect_error(call(cfg = c(2L, 3L, 10L, 3L, 40L)), "config out of range")  # W > 1, one period
  expect_error(call(lambda = 0), "lambda > 0")
  y[50] <- NA
  expect_error(call(), "non-finite")
})

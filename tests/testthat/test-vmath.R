# The vectorised sigmoid and tanh used by the cells (src/vmath.c) agree with
# R's own to a few ulps everywhere, propagate NaN, and saturate correctly.
vsig <- function(x) .Call(recurrent:::C_rec_vmath_r, as.double(x), 0L)
vtanh <- function(x) .Call(recurrent:::C_rec_vmath_r, as.double(x), 1L)

test_that("sigmoid and tanh match R to within a few ulps", {
  set.seed(1)
  x <- c(runif(5000, -40, 40), runif(2000, -1, 1) * 10^-sample(0:15, 2000, TRUE),
         runif(1000, -700, 700), 0, -0, 1e-300, -1e-300)
  for (n in c(1, 3, 4, 5, 7, length(x))) {      # exercises the padded tail
    xs <- x[seq_len(n)]
    expect_lt(max(abs(vsig(xs) - plogis(xs)) / plogis(xs)), 4e-15)
    ref <- tanh(xs)
    expect_lt(max(abs(vtanh(xs) - ref) / pmax(abs(ref), 1e-300)), 4e-15)
  }
  expect_equal(vsig(c(-Inf, Inf, 1e308, -1e308, 800)), c(0, 1, 1, 0, 1), tolerance = 1e-300)
  expect_equal(vtanh(c(-Inf, Inf, 1e308, -400)), c(-1, 1, 1, -1))
  expect_true(all(is.nan(vsig(c(NaN, NaN, NaN, NaN, NaN)))))
  expect_true(all(is.nan(vtanh(c(1, NaN, 2, NaN, NaN))[c(2, 4, 5)])))
})

# Single precision: the float sigmoid and tanh (vmath.c's float instances) on
# inputs rounded to float, against R's double values at those inputs, within
# 4e-7 relative (3.4 float ulps; the polynomial's truncation is below 6e-9,
# the rest is float rounding of a dozen operations).
vsig_f <- function(x) .Call(recurrent:::C_rec_vmath_r, as.double(x), 2L)
vtanh_f <- function(x) .Call(recurrent:::C_rec_vmath_r, as.double(x), 3L)

test_that("single-precision sigmoid and tanh match R to within a few float ulps", {
  set.seed(2)
  x <- as_float(c(runif(5000, -40, 40), runif(2000, -1, 1) * 10^-sample(0:30, 2000, TRUE),
                  runif(1000, -85, 85), 0, -0, 1e-30, -1e-30))
  for (n in c(1, 3, 7, 8, 9, 15, 16, 17, length(x))) {   # every padded tail
    xs <- x[seq_len(n)]
    s <- vsig_f(xs); t <- vtanh_f(xs)
    expect_true(is_float_valued(c(s, t)))
    expect_lt(max(abs(s - plogis(xs)) / plogis(xs)), 4e-7)
    ref <- tanh(xs)
    expect_lt(max(abs(t - ref) / pmax(abs(ref), 1e-38)), 4e-7)
  }
  expect_equal(vsig_f(c(-Inf, Inf, 1e30, -1e30, 100)), c(0, 1, 1, 0, 1), tolerance = 1e-30)
  expect_equal(vtanh_f(c(-Inf, Inf, 1e30, -50)), c(-1, 1, 1, -1))
  expect_true(all(is.nan(vsig_f(rep(NaN, 17)))))
  expect_true(all(is.nan(vtanh_f(c(1, NaN, 2, NaN, NaN))[c(2, 4, 5)])))
  expect_identical(vsig_f(0), 0.5)
  expect_identical(vtanh_f(c(0, -0)), c(0, -0))
})

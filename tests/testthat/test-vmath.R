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

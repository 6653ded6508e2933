# The iterated linear path in C (src/linpath.c) against the R steps it
# replaces (pn_iterate()): the same values bit for bit, for references of
# every kind (the mean: lag 0; the last value: lag 1; seasonal naive: lag 12),
# units of different lengths and scales, and a history longer than the window.

test_that("the linear path in C equals the R steps bit for bit", {
  set.seed(8)
  Ys <- list(a = matrix(cumsum(rnorm(80)) + 50), b = matrix(10 * sin(1:50 * pi / 6) + rnorm(50)),
             c = matrix(rnorm(30, 3)))
  L <- 14L; Lb <- 16L; Hs <- 7L
  P <- recurrent:::pn_panel(Ys, lag = c(1L, 12L, 0L), scale = c(2, 0.5, 1.3),
                            center = c(50, 0, 3), t0 = c(16L, 16L, 5L), L = L, Lb = Lb, Hs = Hs)
  R <- recurrent:::pn_rows(P, 1L)
  B <- recurrent:::pn_values(P, R$s, R$o, 1L - Lb, 0L)
  coef <- array(rnorm(3 * (1 + L), sd = 0.2), c(3L, 1L + L, 1L))
  r <- recurrent:::pn_iterate(P, B, R$s, R$o, coef)
  viaC <- recurrent:::pn_iterate_c(P, B, R$s, coef)
  expect_identical(dim(viaC), c(length(R$s), Hs, 1L))
  expect_identical(viaC, r)
  # through pn_paths(): the first block of Hs steps, mixed with the
  # reference forecast by a hybrid weight below 1
  P$w <- 0.7
  e <- recurrent:::pn_ends(P)
  Be <- recurrent:::pn_values(P, e$s, e$o, 1L - Lb, 0L)
  paths <- recurrent:::pn_paths(P, e$s, e$o, 20L, coef, NULL)
  ref <- P$w * recurrent:::pn_iterate(P, Be, e$s, e$o, coef) +
    (1 - P$w) * recurrent:::pn_base(Be, P$lag[e$s, , drop = FALSE], Hs, P$center[e$s, , drop = FALSE])
  expect_identical(paths[, 1:Hs, , drop = FALSE], ref)
  expect_true(all(is.finite(paths)))
})

test_that("the C entry refuses sizes and indices out of range instead of reading past them", {
  B <- matrix(rnorm(20), 4, 5)
  co <- matrix(0.1, 2, 4)
  ok <- function(lag = rep(1L, 4), unit = rep(1L, 4), L = 3L, coef = co)
    .Call(recurrent:::C_rec_linear_paths, B, lag, rep(0, 4), rep(1, 4), coef, unit, L, 2L)
  expect_identical(dim(ok()), c(4L, 2L))
  expect_error(ok(lag = c(1L, 6L, 1L, 1L)), "out of range")     # lag beyond the history
  expect_error(ok(lag = c(1L, -1L, 1L, 1L)), "out of range")
  expect_error(ok(unit = c(1L, 3L, 1L, 1L)), "out of range")    # no third unit
  expect_error(ok(unit = c(0L, 1L, 1L, 1L)), "out of range")
  expect_error(ok(L = 6L), "inconsistent")                      # window longer than the history
  expect_error(ok(coef = matrix(0.1, 2, 3)), "inconsistent")    # coefficients for another window
  expect_error(ok(lag = c(1, 1, 1, 1)), "integer")
})

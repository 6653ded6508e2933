# recurrent's own GEMM (src/gemm.c) against R's %*%, through the internal entry
# .Call(C_rec_gemm_r, ta, tb, A, B, alpha, beta, C, threads), which returns
# alpha * op(A) %*% op(B) + beta * C as a new matrix, in double (gemm_d) and
# in single precision (gemm_f: the operands rounded to float, the product
# computed in float).

rec_gemm <- function(ta, tb, A, B, alpha = 1, beta = 0, C = NULL, threads = 1L, how = 0L,
                     single = FALSE) {
  m <- if (ta == "N") nrow(A) else ncol(A)
  n <- if (tb == "N") ncol(B) else nrow(B)
  if (is.null(C)) C <- matrix(0, m, n)
  .Call(recurrent:::C_rec_gemm_r, ta, tb, A, B, as.double(alpha), as.double(beta), C,
        as.integer(c(threads, how, single)))
}

# The error bound relative to the scale of the terms: double 1e-12; float 2e-6
# (operands rounded to float, 6e-8 each, and up to 2000 terms summed in float;
# measured at most 2.7e-7 on these shapes).
gemm_tol <- function(single) if (single) 2e-6 else 1e-12
precisions <- c(double = FALSE, single = TRUE)

ref_gemm <- function(ta, tb, A, B, alpha, beta, C) {
  opA <- if (ta == "N") A else t(A)
  opB <- if (tb == "N") B else t(B)
  r <- alpha * (opA %*% opB)
  if (beta != 0) r <- r + beta * C
  r
}

# |error| relative to the scale of the terms: |alpha| |op(A)| |op(B)| + |beta C|
expect_gemm_close <- function(got, ta, tb, A, B, alpha, beta, C, tol = 1e-12) {
  want <- ref_gemm(ta, tb, A, B, alpha, beta, C)
  scale <- abs(alpha) * (abs(if (ta == "N") A else t(A)) %*% abs(if (tb == "N") B else t(B)))
  if (beta != 0) scale <- scale + abs(beta * C)
  expect_equal(dim(got), dim(want))
  err <- max(c(0, abs(got - want) / (scale + 1e-300)))
  expect_lt(err, tol)
}

random_case <- function(ta, tb, m, n, k) {
  A <- if (ta == "N") matrix(rnorm(m * k), m, k) else matrix(rnorm(m * k), k, m)
  B <- if (tb == "N") matrix(rnorm(k * n), k, n) else matrix(rnorm(k * n), n, k)
  list(A = A, B = B, C = matrix(rnorm(m * n), m, n))
}

for (single in precisions)
test_that(sprintf("gemm matches %%*%% for all transposes over many shapes (single %s)", single), {
  set.seed(1)
  dims <- c(1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 23, 24, 25, 31, 33, 48, 49, 65)
  for (ta in c("N", "T")) for (tb in c("N", "T")) for (i in 1:30) {
    m <- sample(dims, 1); n <- sample(dims, 1); k <- sample(dims, 1)
    x <- random_case(ta, tb, m, n, k)
    alpha <- sample(c(1, -0.5, 2.25), 1); beta <- sample(c(0, 1, 0.7, -1.5), 1)
    got <- rec_gemm(ta, tb, x$A, x$B, alpha, beta, x$C, single = single)
    expect_gemm_close(got, ta, tb, x$A, x$B, alpha, beta, x$C, tol = gemm_tol(single))
  }
})

for (single in precisions)
test_that(sprintf("gemm is right on the shapes of RNN training and on large k (single %s)",
                  single), {
  set.seed(2)
  shapes <- list(
    c("N", "N", 128, 32, 32),    # recurrence, small
    c("N", "N", 512, 40, 128),   # recurrence, LSTM H = 128, odd batch
    c("T", "N", 96, 33, 384),    # backward W_hh^T dA, GRU
    c("N", "N", 200, 300, 3),    # input projection, small input size
    c("N", "T", 130, 7, 1500),   # weight gradient, long k (several k blocks)
    c("N", "T", 64, 64, 2000),
    c("T", "T", 70, 90, 800))
  for (s in shapes) {
    m <- as.integer(s[3]); n <- as.integer(s[4]); k <- as.integer(s[5])
    x <- random_case(s[1], s[2], m, n, k)
    got <- rec_gemm(s[1], s[2], x$A, x$B, 1, 1, x$C, single = single)
    expect_gemm_close(got, s[1], s[2], x$A, x$B, 1, 1, x$C, tol = gemm_tol(single))
  }
})

test_that("1 x 1 and degenerate shapes follow BLAS", {
  expect_equal(rec_gemm("N", "N", matrix(3), matrix(-2)), matrix(-6))
  expect_equal(rec_gemm("T", "T", matrix(3), matrix(-2), 0.5, 2, matrix(1)), matrix(-1))
  # k = 0: C = beta * C (and beta = 0 gives zeros even over NaN)
  A0 <- matrix(0, 4, 0); B0 <- matrix(0, 0, 3)
  C <- matrix(as.numeric(1:12), 4, 3)
  expect_identical(rec_gemm("N", "N", A0, B0, 1, 2, C), 2 * C)
  expect_identical(rec_gemm("N", "N", A0, B0, 1, 0, matrix(NaN, 4, 3)), matrix(0, 4, 3))
  expect_identical(rec_gemm("T", "N", t(A0), B0, 1, 1, C), C)
  # m = 0 or n = 0: nothing to do
  expect_identical(dim(rec_gemm("N", "N", matrix(0, 0, 5), matrix(1, 5, 3))), c(0L, 3L))
  expect_identical(dim(rec_gemm("N", "N", matrix(1, 4, 5), matrix(0, 5, 0))), c(4L, 0L))
})

test_that("beta = 0 does not read C; alpha = 0 does not read A or B", {
  set.seed(3)
  for (ta in c("N", "T")) for (tb in c("N", "T")) {
    x <- random_case(ta, tb, 37, 19, 29)
    nanC <- matrix(NaN, 37, 19)
    got <- rec_gemm(ta, tb, x$A, x$B, 1.5, 0, nanC)
    expect_false(anyNA(got))
    expect_gemm_close(got, ta, tb, x$A, x$B, 1.5, 0, nanC)
    nanA <- x$A; nanA[] <- NaN; nanB <- x$B; nanB[] <- NaN
    expect_identical(rec_gemm(ta, tb, nanA, nanB, 0, 0.5, x$C), 0.5 * x$C)
    expect_identical(rec_gemm(ta, tb, nanA, nanB, 0, 0, nanC), matrix(0, 37, 19))
  }
  # NaN and Inf in A or B do propagate (no shortcut on zero entries)
  A <- matrix(1, 9, 4); A[5, 2] <- NaN; B <- matrix(1, 4, 10); B[3, 7] <- Inf
  got <- rec_gemm("N", "N", A, B)
  expect_true(all(is.nan(got[5, ])))
  expect_true(all(got[-5, 7] == Inf))
  expect_true(all(got[-5, -7] == 4))
})

for (single in precisions)
test_that(sprintf("results are bit-identical for 1 and 2 threads (single %s)", single), {
  set.seed(4)
  shapes <- list(c("N", "N", 512, 64, 128), c("T", "N", 128, 64, 512),
                 c("N", "T", 256, 33, 2000), c("N", "N", 300, 301, 302),
                 c("T", "T", 97, 250, 130), c("N", "N", 1000, 7, 100))
  for (s in shapes) {
    m <- as.integer(s[3]); n <- as.integer(s[4]); k <- as.integer(s[5])
    x <- random_case(s[1], s[2], m, n, k)
    g1 <- rec_gemm(s[1], s[2], x$A, x$B, 0.9, 1.1, x$C, threads = 1L, single = single)
    g2 <- rec_gemm(s[1], s[2], x$A, x$B, 0.9, 1.1, x$C, threads = 2L, single = single)
    g4 <- rec_gemm(s[1], s[2], x$A, x$B, 0.9, 1.1, x$C, threads = 4L, single = single)
    expect_identical(g1, g2)
    expect_identical(g1, g4)
    expect_gemm_close(g1, s[1], s[2], x$A, x$B, 0.9, 1.1, x$C, tol = gemm_tol(single))
  }
})

for (single in precisions)
test_that(sprintf("a caller's scratch and the packed-A path give gemm()'s result bit for bit (single %s)",
                  single), {
  set.seed(5)
  shapes <- list(c("N", "N", 512, 64, 128), c("T", "N", 128, 33, 512),
                 c("N", "T", 70, 9, 900), c("T", "T", 25, 31, 17), c("N", "N", 1, 1, 1),
                 c("N", "N", 300, 301, 302))
  for (s in shapes) for (th in 1:2) {
    m <- as.integer(s[3]); n <- as.integer(s[4]); k <- as.integer(s[5])
    x <- random_case(s[1], s[2], m, n, k)
    run <- function(how) rec_gemm(s[1], s[2], x$A, x$B, 0.7, 1.2, x$C, threads = th,
                                  how = how, single = single)
    g0 <- run(0L)
    expect_identical(run(1L), g0)
    expect_identical(run(2L), g0)
    expect_gemm_close(g0, s[1], s[2], x$A, x$B, 0.7, 1.2, x$C, tol = gemm_tol(single))
  }
})

# Not reachable from R through C_rec_gemm_r (it passes lda = nrow): leading
# dimensions larger than the rows (submatrices). Those were checked with a
# standalone C harness (NaN-filled padding in A, B and C) for each kernel.
# Every kernel (RECURRENT_GEMM_ISA=portable|avx2|avx512) runs against %*% in
# child processes in test-threads.R.

test_that("single precision: degenerate shapes, NaN and Inf, float results", {
  f <- function(...) rec_gemm(..., single = TRUE)
  expect_identical(f("N", "N", matrix(3), matrix(-2)), matrix(-6))
  C <- matrix(as.numeric(1:12), 4, 3)
  expect_identical(f("N", "N", matrix(0, 4, 0), matrix(0, 0, 3), 1, 2, C), 2 * C)
  expect_identical(f("N", "N", matrix(0, 4, 0), matrix(0, 0, 3), 1, 0, matrix(NaN, 4, 3)),
                   matrix(0, 4, 3))
  A <- matrix(1, 9, 4); A[5, 2] <- NaN; B <- matrix(1, 4, 10); B[3, 7] <- Inf
  got <- f("N", "N", A, B)
  expect_true(all(is.nan(got[5, ])))
  expect_true(all(got[-5, 7] == Inf))
  expect_true(all(got[-5, -7] == 4))
  set.seed(6)
  x <- random_case("N", "T", 50, 30, 70)
  got <- f("N", "T", x$A, x$B, 0.3, 0.6, x$C)
  expect_true(is_float_valued(got))                 # computed in float
  expect_false(identical(got, rec_gemm("N", "T", x$A, x$B, 0.3, 0.6, x$C)))
  # alpha = 0: beta * C in float
  expect_identical(f("N", "T", x$A, x$B, 0, 0.5, x$C), as_float(0.5 * as_float(x$C)))
})

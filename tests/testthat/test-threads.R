# Threads, fork safety and the kernels for each instruction set. Several tests
# run a child R process (Rscript) with a time limit: a hang there is a failure,
# not a stuck test suite. The child finds the package under test through
# R_LIBS (tools/run-tests.R sets it for RECURRENT_TEST_LIB).

cpu_info <- function() {
  v <- .Call(recurrent:::C_rec_cpu_info)
  names(v) <- c("isa", "isa_detected", "forked", "cores", "busy_elsewhere",
                "blas_threads", "threads")
  v
}

# Runs R code in a fresh Rscript with a time limit; returns its output lines,
# with attribute "status" (124 when it timed out).
run_child <- function(code, env = character(), timeout = 120) {
  rscript <- file.path(R.home("bin"), "Rscript")
  f <- tempfile(fileext = ".R")
  on.exit(unlink(f))
  writeLines(code, f)
  out <- suppressWarnings(system2(rscript, c("--vanilla", shQuote(f)), env = env,
                                  stdout = TRUE, stderr = TRUE, timeout = timeout))
  if (is.null(attr(out, "status"))) attr(out, "status") <- 0L
  out
}

# The child's result: the line "RESULT <value>" it printed.
child_value <- function(out) {
  line <- grep("^RESULT ", out, value = TRUE)
  if (length(line) != 1) return(NA_character_)
  trimws(sub("^RESULT ", "", line))
}

test_that("mclapply after a threaded call in the parent finishes with the right values", {
  skip_on_os("windows")                         # no fork()
  skip_if_not_installed("parallel")
  code <- c(
    "library(recurrent)",
    "options(recurrent.threads = 2)",            # threads in the parent
    "set.seed(1)",
    "net <- rnn_net(3, 64, cell = 'lstm')",
    "x <- array(rnorm(200 * 10 * 3), c(200, 10, 3)); y <- rnorm(200)",
    "p0 <- predict(net, x)",                     # a threaded call: OpenMP starts its pool
    "fit <- function(i) { set.seed(i); rnn_train(net, x, y, epochs = 2, verbose = FALSE)$params }",
    "ref <- lapply(1:2, fit)",
    "res <- parallel::mclapply(1:2, function(i) list(p = predict(net, x), f = fit(i),",
    "  info = .Call(recurrent:::C_rec_cpu_info), max = .Call(recurrent:::C_rec_max_threads)),",
    "  mc.cores = 2)",
    "ok <- all(vapply(1:2, function(i) identical(res[[i]]$p, p0) &&",
    "  identical(res[[i]]$f, ref[[i]]) && res[[i]]$info[3] == 1 && res[[i]]$max == 1, NA))",
    "cat('RESULT', ok, .Call(recurrent:::C_rec_cpu_info)[3], '\\n')")
  out <- run_child(code, timeout = 90)
  expect_identical(attr(out, "status"), 0L)      # 124: the children hung
  expect_identical(child_value(out), "TRUE 0")   # right values; parent not "forked"
})

test_that("the automatic thread count is between 1 and OpenMP's maximum", {
  info <- cpu_info()
  expect_identical(info[["forked"]], 0L)
  expect_gte(info[["threads"]], 1L)
  expect_lte(info[["threads"]], .Call(recurrent:::C_rec_max_threads))
  if (info[["busy_elsewhere"]] >= 0 && info[["cores"]] > 0)
    expect_lte(info[["threads"]], max(1L, info[["cores"]] - info[["busy_elsewhere"]]))
  expect_gte(info[["blas_threads"]], 1L)
})

test_that("exec codes follow the options and are refused when malformed", {
  old <- options(recurrent.threads = 3, recurrent.blas = "builtin")
  on.exit(options(old))
  expect_identical(recurrent:::exec_codes(), c(3, 0, 0, 0))
  options(recurrent.blas = "R")
  expect_identical(recurrent:::exec_codes(), c(3, 1, 0, 0))
  options(recurrent.threads = NULL, recurrent.blas = NULL)
  ex <- recurrent:::exec_codes()
  expect_identical(ex[2:3], c(2, 1))             # "auto" is the default
  expect_gte(ex[4], 0)
  set.seed(1)
  net <- rnn_net(1, 3)
  spec <- recurrent:::spec_codes(net$spec)
  x <- array(rnorm(5), c(1, 5, 1))
  for (bad in list(c(1L, 0L), c(0, 0, 0, 0), c(1, 3, 0, 0), c(1, 0, 2, 0), c(1, 2, 0, -1)))
    expect_error(.Call(recurrent:::C_rec_predict, spec, 0, bad, net$params, x),
                 "internal: exec")
})

for (precision in c("double", "single"))
test_that(sprintf("results do not depend on the threads with the automatic BLAS choice (%s)",
                  precision), {
  run <- function(threads) {
    old <- options(recurrent.threads = threads, recurrent.blas = "auto")
    on.exit(options(old))
    set.seed(7)
    net <- rnn_net(2, 48, cell = "gru", layers = 2, precision = precision)
    x <- array(rnorm(300 * 6 * 2), c(300, 6, 2)); y <- rnorm(300)
    net <- rnn_train(net, x, y, epochs = 1, batch_size = 300, verbose = FALSE)
    list(net$params, predict(net, x))
  }
  expect_identical(run(1), run(2))
  expect_identical(run(1), run(NULL))    # automatic: measured, maybe switching mid-call
})

# Each instruction set's kernels (gemm.c and vmath.c), in both precisions,
# forced in a child process with RECURRENT_GEMM_ISA, against R's %*%, plogis
# and tanh. Float: the product within 2e-6 of the scale of its terms (the
# operands are rounded to float, 6e-8 each, and up to 400 terms add up;
# measured 2.7e-7 on every kernel), sigmoid and tanh within 4e-7 (3.4 float
# ulps; measured 1.6e-7) of the exact value at the float input.
isa_child_code <- c(
  "library(recurrent)",
  "set.seed(3)",
  "info <- .Call(recurrent:::C_rec_cpu_info)",
  "err <- 0; ferr <- 0",
  "shapes <- list(c(1, 1, 1), c(7, 5, 3), c(25, 9, 17), c(130, 33, 70), c(512, 40, 128),",
  "               c(97, 250, 400))",
  "for (s in shapes) for (ta in c('N', 'T')) for (tb in c('N', 'T')) {",
  "  m <- s[1]; n <- s[2]; k <- s[3]",
  "  A <- if (ta == 'N') matrix(rnorm(m * k), m, k) else matrix(rnorm(m * k), k, m)",
  "  B <- if (tb == 'N') matrix(rnorm(k * n), k, n) else matrix(rnorm(k * n), n, k)",
  "  C <- matrix(rnorm(m * n), m, n)",
  "  oA <- if (ta == 'N') A else t(A); oB <- if (tb == 'N') B else t(B)",
  "  want <- 0.5 * oA %*% oB + 1.5 * C",
  "  scale <- 0.5 * abs(oA) %*% abs(oB) + 1.5 * abs(C)",
  "  for (th in 1:2) for (how in 0:2) {",      # own buffers, scratch, packed A
  "    got <- .Call(recurrent:::C_rec_gemm_r, ta, tb, A, B, 0.5, 1.5, C, c(th, how))",
  "    err <- max(err, abs(got - want) / scale)",
  "    got <- .Call(recurrent:::C_rec_gemm_r, ta, tb, A, B, 0.5, 1.5, C, c(th, how, 1L))",
  "    ferr <- max(ferr, abs(got - want) / scale)",   # float: operands rounded too
  "  }",
  "}",
  "x <- c(runif(3001, -40, 40), runif(500, -1, 1) * 10^-sample(0:15, 500, TRUE), 0, 700)",
  "sg <- .Call(recurrent:::C_rec_vmath_r, x, 0L); th <- .Call(recurrent:::C_rec_vmath_r, x, 1L)",
  "verr <- max(abs(sg - plogis(x)) / plogis(x), abs(th - tanh(x)) / pmax(abs(tanh(x)), 1e-300))",
  "xf <- x[abs(x) < 80]",                       # float's range (plogis(-80) ~ 2e-35)
  "sg <- .Call(recurrent:::C_rec_vmath_r, xf, 2L); th <- .Call(recurrent:::C_rec_vmath_r, xf, 3L)",
  "xr <- readBin(writeBin(xf, raw(), size = 4), 'double', size = 4, n = length(xf))",
  "fverr <- max(abs(sg - plogis(xr)) / plogis(xr), abs(th - tanh(xr)) / pmax(abs(tanh(xr)), 1e-300))",
  "cat('RESULT', info[1], err < 1e-12, verr < 4e-15, ferr < 2e-6, fverr < 4e-7, '\\n')")

for (isa in c("portable", "avx2", "avx512")) {
  local({
    isa <- isa
    test_that(sprintf("the %s kernels match R (forced with RECURRENT_GEMM_ISA)", isa), {
      skip_on_cran()
      code <- match(isa, c("portable", "avx2", "avx512")) - 1L
      if (cpu_info()[["isa_detected"]] < code)
        skip(sprintf("this CPU has no %s: its kernels cannot run here", isa))
      out <- run_child(isa_child_code, env = sprintf("RECURRENT_GEMM_ISA=%s", isa))
      expect_identical(attr(out, "status"), 0L)
      expect_identical(child_value(out), sprintf("%d TRUE TRUE TRUE TRUE", code))
    })
  })
}

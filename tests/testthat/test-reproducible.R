test_that("set.seed() before rnn_net() and rnn_train() gives bit-identical results", {
  run <- function() {
    set.seed(99)
    net <- rnn_net(2, 6, cell = "lstm", layers = 2, bidirectional = TRUE, dropout = 0.3)
    x <- array(rnorm(50 * 7 * 2), c(50, 7, 2)); y <- rnorm(50)
    rnn_train(net, x, y, epochs = 5, batch_size = 8, verbose = FALSE)
  }
  a <- run(); b <- run()
  expect_identical(a$params, b$params)
  expect_identical(a$history, b$history)
  set.seed(100)
  c <- rnn_net(2, 6, cell = "lstm", layers = 2, bidirectional = TRUE, dropout = 0.3)
  expect_false(identical(c$params[1:10], a$params[1:10]))
})

test_that("initial weights follow U(-1/sqrt(H), 1/sqrt(H))", {
  set.seed(1)
  net <- rnn_net(3, 16, cell = "gru")
  w <- rnn_weights(net)
  rec <- unlist(w[!startsWith(names(w), "head.")])
  expect_lte(max(abs(rec)), 1 / 4)
  expect_gt(max(abs(rec)), 0.24)
  expect_lte(max(abs(w$head.weight)), 1 / 4)
})

test_that("a trained network survives saveRDS/readRDS", {
  set.seed(2)
  net <- rnn_net(1, 4)
  x <- array(rnorm(20 * 5), c(20, 5, 1))
  net <- rnn_train(net, x, rnorm(20), epochs = 2, verbose = FALSE)
  f <- tempfile(fileext = ".rds")
  saveRDS(net, f)
  net2 <- readRDS(f)
  expect_identical(predict(net, x), predict(net2, x))
})

for (precision in c("double", "single"))
test_that(sprintf("results are bit-identical whatever the number of threads (%s)", precision), {
  run <- function(threads) {
    old <- options(recurrent.threads = threads)
    on.exit(options(old))
    set.seed(5)
    # large enough (B * G * H >= 16384) for the threaded cell kernels to engage,
    # and (4H x B x H >= 1M multiply-adds) for threaded products
    net <- rnn_net(3, 64, cell = "lstm", bidirectional = TRUE, layers = 2, dropout = 0.2,
                   precision = precision)
    x <- array(rnorm(160 * 6 * 3), c(160, 6, 3)); y <- rnorm(160)
    net <- rnn_train(net, x, y, epochs = 2, batch_size = 80, validation = 0, verbose = FALSE)
    list(params = net$params, pred = predict(net, x),
         grad = rnn_gradients(net, x, y, training = TRUE))
  }
  one <- run(1)
  expect_identical(one, run(2))
  expect_identical(one, run(3))
  expect_identical(is_float_valued(one$params), precision == "single")
})

test_that("set.seed() gives bit-identical single-precision training", {
  run <- function() {
    set.seed(98)
    net <- rnn_net(2, 6, cell = "gru", layers = 2, bidirectional = TRUE, dropout = 0.3,
                   precision = "single")
    x <- array(rnorm(50 * 7 * 2), c(50, 7, 2)); y <- rnorm(50)
    rnn_train(net, x, y, epochs = 5, batch_size = 8, verbose = FALSE)
  }
  a <- run(); b <- run()
  expect_identical(a$params, b$params)
  expect_identical(a$history, b$history)
})

test_that("R's BLAS and the built-in matrix product agree", {
  set.seed(6)
  net <- rnn_net(3, 8, cell = "gru", layers = 2, bidirectional = TRUE)
  x <- array(rnorm(10 * 5 * 3), c(10, 5, 3)); y <- rnorm(10)
  a <- rnn_gradients(net, x, y)
  old <- options(recurrent.blas = "R")
  on.exit(options(old))
  b <- rnn_gradients(net, x, y)
  expect_equal(a, b, tolerance = 1e-12)
  options(recurrent.blas = "openblas")
  expect_error(predict(net, x), "recurrent.blas", class = "recurrent_error")
})

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

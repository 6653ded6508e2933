# predict(type = "class" / "prob"), class levels kept from a factor y, and the
# hints for the two common shape mistakes.

test_that("a factor y keeps its levels: predict() gives classes and named probabilities", {
  set.seed(31)
  x <- array(rnorm(60 * 5), c(60, 5, 1))
  y <- factor(ifelse(x[, 5, 1] > 0, "up", "down"), c("down", "up"))
  net <- rnn_net(1, 6, 2, cell = "gru", output_activation = "softmax")
  net <- rnn_train(net, x, y, loss = "crossentropy", epochs = 3, verbose = FALSE)
  expect_identical(net$levels, c("down", "up"))
  p <- predict(net, x, type = "prob")
  expect_identical(colnames(p), c("down", "up"))
  expect_equal(unname(p), predict(net, x), tolerance = 0)
  cls <- predict(net, x, type = "class")
  expect_true(is.factor(cls))
  expect_identical(levels(cls), c("down", "up"))
  expect_identical(as.integer(cls), max.col(p, ties.method = "first"))
})

test_that("without levels: class ids, and 0/1 for a single sigmoid output", {
  set.seed(32)
  x <- array(rnorm(8 * 4), c(8, 4, 1))
  soft <- rnn_net(1, 3, 3, output_activation = "softmax")
  expect_identical(predict(soft, x, type = "class"),
                   max.col(predict(soft, x), ties.method = "first"))
  sig <- rnn_net(1, 3, 1, output_activation = "sigmoid")
  expect_identical(predict(sig, x, type = "class"),
                   as.integer(predict(sig, x)[, 1] > 0.5))
  expect_error(predict(rnn_net(1, 3), x, type = "class"), "needs a classifier")
  expect_error(predict(soft, x, type = "label"), "type")
})

test_that("a single sigmoid output takes a 2-level factor and returns it", {
  set.seed(33)
  x <- array(rnorm(40 * 3), c(40, 3, 1))
  y <- factor(ifelse(x[, 3, 1] > 0, "yes", "no"), c("no", "yes"))
  net <- rnn_net(1, 4, 1, output_activation = "sigmoid")
  net <- rnn_train(net, x, y, loss = "crossentropy", epochs = 2, verbose = FALSE)
  cls <- predict(net, x, type = "class")
  expect_identical(levels(cls), c("no", "yes"))
  expect_identical(as.character(cls), ifelse(predict(net, x)[, 1] > 0.5, "yes", "no"))
  expect_error(rnn_train(net, x, factor(rep(c("a", "b", "c"), length.out = 40)),
                         loss = "crossentropy", epochs = 1, verbose = FALSE), "2 classes")
})

test_that("classes per step with token input: NA at padded steps", {
  set.seed(34)
  net <- rnn_net(3, 4, 5, output_activation = "softmax", return_sequences = TRUE,
                 vocab_size = 5)
  x <- rbind(c(1, 2, 3), c(4, 0, 0))
  cls <- predict(net, x, type = "class")
  expect_identical(dim(cls), c(2L, 3L))
  expect_true(all(is.na(cls[2, 2:3])))
  expect_false(anyNA(cls[1, ]))
})

test_that("shape mistakes get hints", {
  set.seed(35)
  net <- rnn_net(1, 3)
  x <- matrix(rnorm(20 * 6), 20, 6)
  expect_error(predict(net, x), "array\\(x, c\\(20, 6, 1\\)\\)")
  soft <- rnn_net(1, 3, 2, output_activation = "softmax")
  xa <- array(x, c(20, 6, 1))
  expect_error(rnn_train(soft, xa, sample(1:2, 20, TRUE), epochs = 1, verbose = FALSE),
               "loss = \"crossentropy\"")
})

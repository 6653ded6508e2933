# Bad input is an R error of class recurrent_error that says what is wrong.

expect_rec_error <- function(expr, pattern) {
  expect_error(expr, pattern, class = "recurrent_error")
}

test_that("rnn_net() rejects bad sizes and unknown options", {
  expect_rec_error(rnn_net(0, 4), "`input_size` must be a positive integer, not 0")
  expect_rec_error(rnn_net(2, -3), "`hidden_size` must be a positive integer, not -3")
  expect_rec_error(rnn_net(2, 2.5), "not 2.5")
  expect_rec_error(rnn_net(2, NA), "not NA")
  expect_rec_error(rnn_net("2", 4), "not the string \"2\"")
  expect_rec_error(rnn_net(2, c(4, 5)), "a double vector of length 2")
  # a series is described as one
  expect_rec_error(rnn_net(2, ts(c(4, 5), frequency = 4)), "not a ts of length 2 \\(frequency 4\\)")
  expect_rec_error(rnn_fit(AirPassengers, value = "x"), "but `y` is a ts of length 144 \\(frequency 12\\)")
  expect_rec_error(rnn_fit(ts(c(NA, NA, NA), frequency = 4)), "not a logical ts of length 3 \\(frequency 4\\)")
  expect_rec_error(rnn_net(2, ts(c(4L, 5L))), "not an integer ts of length 2")
  expect_rec_error(rnn_net(2, 4, cell = "transformer"), "`cell` must be one of \"lstm\", \"gru\", \"rnn\"")
  expect_rec_error(rnn_net(2, 4, layers = 0), "`layers`")
  expect_rec_error(rnn_net(2, 4, layers = 100), "`layers` must be at most 32, not 100")
  expect_rec_error(rnn_net(2, 4, merge = "max"), "`merge`")
  expect_rec_error(rnn_net(2, 4, dropout = 1), "`dropout` must be a finite number >= 0 and < 1")
  expect_rec_error(rnn_net(2, 4, dropout = NaN), "`dropout`")
  expect_rec_error(rnn_net(2, 4, bidirectional = NA), "`bidirectional` must be TRUE or FALSE")
  expect_rec_error(rnn_net(2, 4, output_activation = "tanh"), "`output_activation`")
  expect_rec_error(rnn_net(2, 4, hidden_size = Inf), "")
  expect_rec_error(rnn_net(2, 1e5, layers = 32), "parameters")
})

test_that("predict() and rnn_gradients() reject malformed x and y", {
  net <- rnn_net(2, 3)
  x <- array(rnorm(4 * 5 * 2), c(4, 5, 2))
  expect_rec_error(predict(net, array(1, c(4, 5, 3))), "must have 2 features per step .* not 3")
  expect_rec_error(predict(net, 1:10), "is a vector, which is one sequence with one feature")
  expect_rec_error(predict(net, array(1, c(0, 5, 2))), "empty")
  expect_rec_error(predict(net, array(1, c(2, 2, 2, 2))), "1, 2 or 3 dimensions")
  bad <- x; bad[2, 3, 1] <- NA
  expect_rec_error(predict(net, bad), "NA, NaN or infinite")
  bad[2, 3, 1] <- Inf
  expect_rec_error(predict(net, bad), "NA, NaN or infinite")
  expect_rec_error(predict(net, "a"), "must be a numeric array")
  expect_rec_error(predict(net, data.frame(a = 1)), "not a data frame")
  expect_rec_error(predict(net, list(1, 2)), "not a list")
  expect_rec_error(rnn_gradients(net, x, rnorm(3)), "must be a matrix \\[4, 1\\]")
  expect_rec_error(rnn_gradients(net, x, c(1, 2, NaN, 4)), "NA, NaN or infinite")
  expect_rec_error(rnn_gradients(net, x, rnorm(4), loss = "hinge"), "`loss` must be one of")
  expect_rec_error(rnn_gradients(net, x, rnorm(4), loss = "crossentropy"), "output_size >= 2")
  cls <- rnn_net(2, 3, output_size = 3, output_activation = "softmax")
  expect_rec_error(rnn_gradients(cls, x, c(1, 2, 4, 1), "crossentropy"), "whole numbers from 1 to 3")
  expect_rec_error(rnn_gradients(cls, x, c(1, 2, 1.5, 1), "crossentropy"), "whole numbers")
  expect_rec_error(rnn_gradients(cls, x, factor(c("a", "b", "a", "b")), "crossentropy"),
                   "2 levels but the network has 3 outputs")
})

test_that("rnn_train() rejects absurd hyperparameters", {
  net <- rnn_net(1, 3)
  x <- array(rnorm(20 * 4), c(20, 4, 1)); y <- rnorm(20)
  expect_rec_error(rnn_train(net, x, y, lr = -0.1), "`lr` must be a finite number > 0")
  expect_rec_error(rnn_train(net, x, y, lr = Inf), "`lr`")
  expect_rec_error(rnn_train(net, x, y, epochs = 0), "`epochs` must be a positive integer, not 0")
  expect_rec_error(rnn_train(net, x, y, batch_size = 1.5), "`batch_size`")
  expect_rec_error(rnn_train(net, x, y, clip = -1), "`clip`")
  expect_rec_error(rnn_train(net, x, y, momentum = 1), "`momentum`")
  expect_rec_error(rnn_train(net, x, y, validation = 1), "`validation`")
  expect_rec_error(rnn_train(net, x, y, validation = list(x)), "list\\(x, y\\)")
  expect_rec_error(rnn_train(net, x, y, patience = -1), "`patience`")
  expect_rec_error(rnn_train(net, x, y, optimizer = "lbfgs"), "`optimizer`")
  expect_rec_error(rnn_train(net, x, y, verbose = "yes"), "`verbose`")
  expect_rec_error(rnn_train(net, x, y[1:5]), "must be a matrix \\[20, 1\\]")
  expect_rec_error(rnn_train("net", x, y), "must be an rnn_net")
})

test_that("rnn_set_weights() rejects wrong names, shapes and values", {
  net <- rnn_net(2, 3, cell = "lstm")
  w <- rnn_weights(net)
  expect_rec_error(rnn_set_weights(net, w[-1]), "Missing: weight_ih_l0")
  expect_rec_error(rnn_set_weights(net, c(w, list(extra = 1))), "Unknown: extra")
  w2 <- w; w2$weight_hh_l0 <- matrix(0, 12, 4)
  expect_rec_error(rnn_set_weights(net, w2), "`weights\\$weight_hh_l0` must be a numeric matrix \\[12 x 3\\]")
  w2 <- w; w2$bias_ih_l0 <- 1:3
  expect_rec_error(rnn_set_weights(net, w2), "vector of length 12")
  w2 <- w; w2$head.bias <- NaN
  expect_rec_error(rnn_set_weights(net, w2), "NA, NaN or infinite")
  w2 <- w; w2$head.weight <- matrix("a", 1, 3)
  expect_rec_error(rnn_set_weights(net, w2), "numeric matrix")
  expect_rec_error(rnn_set_weights(net, unname(w)), "named list")
  expect_rec_error(rnn_set_weights(net, 1:3), "named list")
})

test_that("a diverging training warns, names the epoch and keeps finite weights", {
  set.seed(6)
  net <- rnn_net(1, 8, cell = "rnn", activation = "relu")
  x <- array(rnorm(64 * 10, sd = 100), c(64, 10, 1)); y <- rnorm(64, sd = 1e6)
  expect_warning(fit <- rnn_train(net, x, y, lr = 1e3, clip = 0, optimizer = "sgd",
                                  momentum = 0.99, epochs = 50, verbose = FALSE),
                 "diverged at epoch [0-9]+")
  expect_true(all(is.finite(fit$params)))
  expect_match(fit$training$stop_reason, "diverged")
})

test_that("plot methods reject a malformed `log`", {
  set.seed(8)
  net <- rnn_train(rnn_net(1, 3), array(rnorm(40), c(10, 4, 1)), rnorm(10),
                   epochs = 2, verbose = FALSE)
  expect_rec_error(plot(net, log = c("y", "x")), "`log` must be")
  expect_rec_error(plot(net, log = 1), "`log` must be")
})

test_that("numbers beyond the integer range and absurd sizes are clear errors", {
  net <- rnn_net(1, 3)
  x <- array(rnorm(20 * 4), c(20, 4, 1)); y <- rnorm(20)
  expect_rec_error(rnn_train(net, x, y, patience = 1e10), "`patience` must be at most 2,147,483,647, not 1e\\+10")
  expect_rec_error(rnn_train(net, x, y, epochs = 1e10), "`epochs`")
  expect_rec_error(rnn_net(1, 1e4), "parameters \\(.* GB\\); at most 100,000,000")
  err <- tryCatch(rnn_net(2, -1), error = identity)
  expect_match(deparse(conditionCall(err)), "^rnn_net\\(")
})

test_that("an rnn_net edited by hand is refused before it reaches C", {
  set.seed(9)
  net <- rnn_net(2, 3)
  x <- array(rnorm(2 * 4 * 2), c(2, 4, 2))
  bad <- net; bad$spec$hidden_size <- 4L
  expect_rec_error(predict(bad, x), "not a valid rnn_net .*should hold")
  bad <- net; bad$spec$cell <- "xyz"
  expect_rec_error(predict(bad, x), "spec. has been altered")
  bad <- net; bad$spec$layers <- 1e6
  expect_rec_error(rnn_weights(bad), "spec. has been altered")
  bad <- net; bad$params <- bad$params[-1]
  expect_rec_error(rnn_gradients(bad, x, 1:2), "should hold")
  bad <- net; bad$spec <- NULL
  expect_rec_error(print(summary(bad)), "spec")
})

test_that("print, summary and plot refuse a hand-edited rnn_net", {
  net <- rnn_net(2, 3)
  net$spec$merge <- 7
  expect_rec_error(print(net), "not a valid rnn_net")
  expect_rec_error(summary(net), "not a valid rnn_net")
  expect_rec_error(plot(net), "not a valid rnn_net")
})

test_that("rnn_weights() uses PyTorch names and shapes", {
  net <- rnn_net(3, 5, output_size = 2, cell = "lstm", layers = 2, bidirectional = TRUE)
  w <- rnn_weights(net)
  expect_equal(names(w), c(
    "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
    "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse",
    "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
    "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
    "bias_hh_l1_reverse", "head.weight", "head.bias"))
  expect_equal(dim(w$weight_ih_l0), c(20, 3))
  expect_equal(dim(w$weight_hh_l0), c(20, 5))
  expect_equal(dim(w$weight_ih_l1), c(20, 10))       # concat doubles the width
  expect_equal(length(w$bias_hh_l1_reverse), 20)
  expect_equal(dim(w$head.weight), c(2, 10))
  expect_equal(sum(lengths(w)), length(net$params))
  g <- rnn_net(2, 4, cell = "gru", bidirectional = TRUE, merge = "sum")
  expect_equal(dim(rnn_weights(g)$head.weight), c(1, 4))
  expect_equal(dim(rnn_weights(g)$weight_hh_l0), c(12, 4))
  expect_equal(dim(rnn_weights(rnn_net(2, 4, cell = "rnn"))$weight_ih_l0), c(4, 2))
})

test_that("rnn_set_weights() round-trips and changes predictions", {
  set.seed(1)
  net <- rnn_net(2, 3, cell = "gru")
  w <- rnn_weights(net)
  expect_identical(rnn_set_weights(net, w)$params, net$params)
  x <- array(rnorm(2 * 4 * 2), c(2, 4, 2))
  w$head.bias <- w$head.bias + 1
  net2 <- rnn_set_weights(net, w)
  expect_equal(predict(net2, x), predict(net, x) + 1, tolerance = 1e-12)
  # order of the list does not matter
  expect_identical(rnn_set_weights(net, rev(w))$params, net2$params)
})

test_that("predict() accepts one sequence as a matrix or a vector", {
  set.seed(2)
  net <- rnn_net(1, 4, output_size = 3)
  s <- rnorm(10)
  a <- predict(net, s)
  expect_equal(dim(a), c(1, 3))
  expect_identical(predict(net, matrix(s, 10, 1)), a)
  expect_identical(predict(net, array(s, c(1, 10, 1))), a)
  net2 <- rnn_net(2, 4)
  expect_equal(dim(predict(net2, matrix(rnorm(20), 10, 2))), c(1, 1))
  seqnet <- rnn_net(2, 4, output_size = 3, return_sequences = TRUE)
  expect_equal(dim(predict(seqnet, array(rnorm(5 * 6 * 2), c(5, 6, 2)))), c(5, 6, 3))
})

test_that("predictions do not depend on how many sequences are predicted at once", {
  set.seed(3)
  net <- rnn_net(2, 4, cell = "lstm", layers = 2, bidirectional = TRUE, merge = "ave")
  x <- array(rnorm(3000 * 3 * 2), c(3000, 3, 2))
  all <- predict(net, x)
  expect_equal(all[2999:3000, , drop = FALSE], predict(net, x[2999:3000, , , drop = FALSE]),
               tolerance = 1e-14)
})

test_that("sigmoid outputs are probabilities and class indices equal one-hot targets", {
  set.seed(4)
  net <- rnn_net(1, 3, output_size = 3, output_activation = "softmax")
  x <- array(rnorm(4 * 5), c(4, 5, 1))
  idx <- c(1, 3, 2, 3)
  onehot <- diag(3)[idx, ]
  a <- rnn_gradients(net, x, idx, "crossentropy")
  b <- rnn_gradients(net, x, onehot, "crossentropy")
  c <- rnn_gradients(net, x, factor(c("a", "c", "b", "c")), "crossentropy")
  expect_equal(a, b)
  expect_equal(a, c)
  p <- predict(net, x)
  expect_equal(a$loss, -mean(log(p[cbind(1:4, idx)])), tolerance = 1e-12)
  sig <- rnn_net(1, 3, output_size = 2, output_activation = "sigmoid")
  ps <- predict(sig, x)
  expect_true(all(ps > 0 & ps < 1))
})

test_that("print, summary and plot describe the network", {
  set.seed(5)
  net <- rnn_net(2, 6, cell = "gru", layers = 2, bidirectional = TRUE, dropout = 0.2)
  out <- capture.output(print(net))
  expect_match(out[1], "GRU, 2 layers of 6 units, bidirectional \\(concat\\), dropout 0.2")
  expect_match(out[3], "untrained")
  expect_error(plot(net), class = "recurrent_error")
  x <- array(rnorm(40 * 5 * 2), c(40, 5, 2))
  net <- rnn_train(net, x, rnorm(40), epochs = 3, verbose = FALSE)
  expect_match(capture.output(print(net))[3], "trained 3 epochs with adam on mse")
  s <- summary(net)
  expect_s3_class(s, "summary.rnn_net")
  expect_equal(sum(s$tensors$parameters), length(net$params))
  expect_output(print(s), "weight_hh_l1_reverse")
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  expect_invisible(plot(net))
  grDevices::dev.off()
  expect_gt(file.size(f), 1000)
})

test_that("the engine reuses one workspace across calls and checks its length", {
  # internal: rnn_train() sizes one workspace (arena) and passes it to every
  # epoch and validation pass; what it held before never matters
  engine <- function(fun, ...) recurrent:::engine_call(sub("^C_rec_", "", fun), ...)
  set.seed(8)
  net <- rnn_net(2, 5, cell = "gru", layers = 2, bidirectional = TRUE, dropout = 0.1)
  x <- array(rnorm(30 * 4 * 2), c(30, 4, 2))
  y <- array(rnorm(30), c(30, 1, 1))
  params <- net$params
  optim <- c(0, 1e-2, 0, 0.9, 0.9, 0.999, 1e-8, 0.99, 1)
  n_train <- engine("C_rec_workspace_size", net, params, x, 8L)
  n_eval <- engine("C_rec_workspace_size", net, params, x, 0L)
  expect_true(n_train > 0 && n_eval > 0)
  epoch <- function(arena) {
    set.seed(3)
    state <- numeric(2 * length(params) + 1)   # updated in place
    engine("C_rec_train_epoch", net, params, state, optim, x, y, 0L, 8L, TRUE, arena, NULL)
  }
  arena <- numeric(max(n_train, n_eval))
  a <- epoch(arena)
  expect_named(a, c("params", "loss", "diverged"))
  expect_identical(net$params, params)            # the caller's weights are not touched
  arena[] <- NaN                                  # garbage from an earlier call
  expect_identical(epoch(arena), a)
  expect_identical(epoch(NULL), a)                # memory for the one call
  ev <- engine("C_rec_evaluate", net, a$params, x, y, 0L, NULL)
  expect_identical(engine("C_rec_evaluate", net, a$params, x, y, 0L, arena), ev)
  trained <- net
  trained$params <- a$params
  expect_equal(ev, rnn_gradients(trained, x, y[, 1, 1])$loss, tolerance = 1e-12)
  expect_error(epoch(numeric(n_train - 1)), "workspace")
  expect_error(engine("C_rec_evaluate", net, params, x, y, 0L, numeric(n_eval - 1)),
               "workspace")
  expect_error(epoch(integer(n_train)), "workspace")
})

test_that("a workspace's size does not depend on how busy the machine is", {
  # with recurrent.threads unset each call leaves the cores other processes
  # keep busy to them, so two calls can run on different numbers of threads:
  # the workspace rnn_train() sizes in one call must fit every later one
  net <- local({ set.seed(8); rnn_net(4, 64, cell = "lstm") })
  x <- array(0.5, c(256, 20, 4))          # only its shape matters
  size <- function(automatic) {
    exec <- recurrent:::exec_codes()
    exec[c(1, 3)] <- c(2, automatic)
    .Call(getFromNamespace("C_rec_workspace_size", "recurrent"),
          recurrent:::spec_codes(net$spec), net$spec$dropout, exec, net$params, x, 128L)
  }
  expect_identical(size(1), size(0))
})

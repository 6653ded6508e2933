# Truncated BPTT from a carried state (rnn_gradients(state =) and the stateful
# training epoch behind rnn_text_lm()): the gradient from a non-zero initial
# state is checked against finite differences for every cell, and the losses
# against a pass over the whole sequence.

for (cn in c("rnn", "gru", "lstm")) {
  for (layers in 1:2) {
    test_that(sprintf("%s (%d layer%s): gradients from a carried state match finite differences",
                      cn, layers, if (layers > 1) "s" else ""), {
      set.seed(40 + layers)
      net <- rnn_net(3, 4, 2, cell = cn, layers = layers, return_sequences = TRUE)
      x <- array(rnorm(3 * 9 * 3), c(3, 9, 3))
      # the state after the first 5 steps carries into the last 4
      st <- rnn_step_state(net, x[, 1:5, , drop = FALSE])$state
      x2 <- x[, 6:9, , drop = FALSE]
      y2 <- array(rnorm(3 * 4 * 2), c(3, 4, 2))
      r <- gradcheck(net, x2, y2, "mse", state = st)
      expect_equal(r$analytic, r$numeric, tolerance = 1e-6)
      # the state matters: without it the gradient differs
      g0 <- unlist(rnn_gradients(net, x2, y2, "mse")$gradients)
      g1 <- unlist(rnn_gradients(net, x2, y2, "mse", state = st)$gradients)
      expect_gt(max(abs(g0 - g1)), 1e-4)
      # and the loss from the state is the loss of those steps of a whole pass
      full <- predict(net, x)[, 6:9, , drop = FALSE]
      expect_equal(rnn_gradients(net, x2, y2, "mse", state = st)$loss,
                   mean((full - y2)^2), tolerance = 1e-12)
    })
  }
}

test_that("token language models: gradients from a carried state, with padding and dropout", {
  set.seed(7)
  V <- 6
  net <- rnn_net(3, 5, V, cell = "lstm", layers = 2, dropout = 0.2, vocab_size = V,
                 output_activation = "softmax", return_sequences = TRUE)
  ids <- matrix(sample.int(V, 4 * 10, replace = TRUE), 4, 10)
  st <- rnn_step_state(net, ids[, 1:6])$state
  x2 <- ids[, 7:9]
  x2[2, 3] <- 0L                                   # a padded last step
  y2 <- ids[, 8:10]
  y2[2, 3] <- 0L
  for (training in c(FALSE, TRUE)) {
    r <- gradcheck(net, x2, y2, "crossentropy", training = training, state = st, seed = 3)
    expect_equal(r$analytic, r$numeric, tolerance = 1e-6)
  }
})

test_that("single precision gives the gradients from a carried state to float accuracy", {
  set.seed(9)
  net <- rnn_net(2, 6, 1, cell = "gru", return_sequences = TRUE)
  x <- array(rnorm(4 * 8 * 2), c(4, 8, 2))
  st <- rnn_step_state(net, x[, 1:4, , drop = FALSE])$state
  y <- array(rnorm(4 * 4), c(4, 4, 1))
  g64 <- unlist(rnn_gradients(net, x[, 5:8, , drop = FALSE], y, state = st)$gradients)
  net32 <- net
  net32$spec$precision <- "single"
  g32 <- unlist(rnn_gradients(net32, x[, 5:8, , drop = FALSE], y, state = st)$gradients)
  expect_equal(g32, g64, tolerance = 1e-5)
})

test_that("a carried state is checked", {
  set.seed(1)
  net <- rnn_net(2, 3, cell = "lstm", return_sequences = TRUE)
  x <- array(rnorm(2 * 3 * 2), c(2, 3, 2))
  y <- array(0, c(2, 3, 1))
  expect_error(rnn_gradients(net, x, y, state = 1:3), class = "recurrent_error")
  expect_error(rnn_gradients(net, x, y, state = rep(NA_real_, 18)), "state")
  bi <- rnn_net(2, 3, cell = "gru", bidirectional = TRUE, return_sequences = TRUE)
  expect_error(rnn_gradients(bi, x, y, state = numeric(12)), "bidirectional")
})

# Token input in the engine: finite-difference gradients through the embedding
# and padded batches, padding invariance, bad ids, and learning a toy task.

tok_cells <- list(rnn_tanh = list(cell = "rnn", activation = "tanh"),
                  rnn_relu = list(cell = "rnn", activation = "relu"),
                  gru = list(cell = "gru", activation = "tanh"),
                  lstm = list(cell = "lstm", activation = "tanh"))

# n rows of ids 1..V, lengths 1..T in a shuffled order (one of length T, one of 1)
tok_batch <- function(n, T, V) {
  len <- sample(c(1L, T, sample.int(T, n - 2L, replace = TRUE)))
  t(vapply(len, function(l) c(sample.int(V, l, replace = TRUE), integer(T - l)),
           integer(T)))
}

test_that("token gradients match finite differences (every cell, uni and bi, both modes)", {
  set.seed(11)
  V <- 6; n <- 4; T <- 5
  for (cn in names(tok_cells)) for (bi in c(FALSE, TRUE)) for (rs in c(FALSE, TRUE)) {
    layers <- if (bi) 2 else 1
    for (head in list(c("mse", "linear"), c("crossentropy", "softmax"))) {
      net <- rnn_net(3, 3, 3, cell = tok_cells[[cn]]$cell,
                     activation = tok_cells[[cn]]$activation, layers = layers,
                     bidirectional = bi, merge = if (bi) "mul" else "concat",
                     output_activation = head[2], return_sequences = rs, vocab_size = V)
      x <- tok_batch(n, T, V)
      y <- make_target(head[1], head[2], if (rs) c(n, T, 3) else c(n, 3))
      r <- gradcheck(net, x, y, head[1], extra = 8)
      bad <- abs(r$analytic - r$numeric) > 1e-6 + 1e-5 * abs(r$analytic)
      expect_true(!any(bad), label = sprintf("%s bi=%s seq=%s %s: %s", cn, bi, rs, head[1],
        paste(sprintf("%s %.8g vs %.8g", r$tensor[bad], r$analytic[bad], r$numeric[bad]),
              collapse = "; ")))
      # every row of the embedding: tokens that occur get the gradient, others 0
      g <- rnn_gradients(net, x, y, head[1])$gradients$embedding.weight
      unused <- setdiff(seq_len(V), x)
      expect_true(all(g[unused, ] == 0), label = paste(cn, "unused embedding rows"))
    }
  }
})

test_that("extra padding columns change no output and no gradient", {
  set.seed(12)
  V <- 7
  for (cn in names(tok_cells)) for (bi in c(FALSE, TRUE)) for (rs in c(FALSE, TRUE)) {
    net <- rnn_net(3, 4, 2, cell = tok_cells[[cn]]$cell,
                   activation = tok_cells[[cn]]$activation, layers = 2,
                   bidirectional = bi, return_sequences = rs, vocab_size = V)
    x <- tok_batch(5, 4, V)
    x2 <- cbind(x, matrix(0L, 5, 3))
    y <- if (rs) array(rnorm(5 * 4 * 2), c(5, 4, 2)) else matrix(rnorm(10), 5)
    y2 <- if (rs) { a <- array(NA_real_, c(5, 7, 2)); a[, 1:4, ] <- y; a } else y
    p1 <- predict(net, x); p2 <- predict(net, x2)
    if (rs) {
      expect_identical(p2[, 1:4, , drop = FALSE], p1)
      expect_true(all(is.na(p2[, 5:7, ])))
    } else {
      expect_identical(p2, p1)
    }
    g1 <- rnn_gradients(net, x, y)
    g2 <- rnn_gradients(net, x2, y2)
    expect_equal(g2$loss, g1$loss, tolerance = 1e-14)
    expect_equal(g2$gradients, g1$gradients, tolerance = 1e-13)
  }
})

test_that("a padded row gives what it gives on its own", {
  set.seed(13)
  net <- rnn_net(3, 4, 2, cell = "lstm", bidirectional = TRUE, vocab_size = 5)
  x <- rbind(c(1, 2, 3, 4, 5), c(2, 5, 0, 0, 0))
  expect_equal(predict(net, x)[2, ], predict(net, c(2, 5))[1, ], tolerance = 1e-14)
})

test_that("numeric-input networks are unchanged by the token machinery", {
  set.seed(14)
  net <- rnn_net(2, 3)
  expect_null(net$spec$vocab_size)
  expect_false("embedding.weight" %in% names(rnn_weights(net)))
})

test_that("bad token input gives classed errors", {
  set.seed(15)
  net <- rnn_net(3, 4, vocab_size = 5)
  err <- function(x, pattern)
    expect_error(predict(net, x), pattern, class = "recurrent_error_tokens")
  err(rbind(c(1, 6, 0)), "outside 0..5.*row 1, step 2: 6")
  err(rbind(c(1, -1, 0)), "outside 0..5")
  err(rbind(c(1, 2.5, 0)), "not whole numbers.*2.5")
  err(rbind(c(1, NA, 0)), "NA values")
  err(rbind(c(1, 2, 3), c(1, 0, 2)), "token comes after a 0.*row 2, step 3")
  err(rbind(c(1, 2, 3), c(0, 0, 0)), "at least one token.*row 2")
  err(array(1, c(2, 3, 2)), "3 dimensions")
  err(data.frame(a = 1), "not a data frame")
  err(matrix(1, 0, 3), "empty")
  expect_error(rnn_gradients(net, rbind(c(1, 9)), 1), class = "recurrent_error_tokens")
  expect_error(rnn_train(net, rbind(c(0, 1)), 1, epochs = 1, verbose = FALSE),
               class = "recurrent_error_tokens")
  expect_error(rnn_net(3, 4, vocab_size = 0), "vocab_size")
  expect_error(rnn_net(3, 4, vocab_size = 2.5), "vocab_size")
})

test_that("an embedding + GRU classifier learns whether a sequence contains token 3", {
  set.seed(16)
  make <- function(n) {
    x <- tok_batch(n, 8, 6)
    list(x = x, y = factor(apply(x, 1, function(r) any(r == 3)), c(FALSE, TRUE)))
  }
  tr <- make(600); te <- make(300)
  net <- rnn_net(4, 8, 2, cell = "gru", output_activation = "softmax", vocab_size = 6)
  net <- rnn_train(net, tr$x, tr$y, loss = "crossentropy", lr = 0.02, epochs = 40,
                   batch_size = 32, verbose = FALSE)
  p <- predict(net, te$x)
  acc <- mean(levels(te$y)[max.col(p)] == te$y)
  expect_gt(acc, 0.9)
})

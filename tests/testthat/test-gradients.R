# Finite-difference checks of rnn_gradients() for every cell, depth, direction
# and merge, sequence mode, loss and output activation.

cells <- list(rnn_tanh = list(cell = "rnn", activation = "tanh"),
              rnn_relu = list(cell = "rnn", activation = "relu"),
              gru = list(cell = "gru", activation = "tanh"),
              lstm = list(cell = "lstm", activation = "tanh"))
directions <- list(uni = list(bidirectional = FALSE, merge = "concat"),
                   bi_concat = list(bidirectional = TRUE, merge = "concat"),
                   bi_sum = list(bidirectional = TRUE, merge = "sum"),
                   bi_ave = list(bidirectional = TRUE, merge = "ave"),
                   bi_mul = list(bidirectional = TRUE, merge = "mul"))
heads <- expand.grid(loss = c("mse", "mae", "huber", "crossentropy"),
                     output_activation = c("linear", "sigmoid", "softmax"),
                     stringsAsFactors = FALSE)

# RECURRENT_TEST_QUICK=1 (make valgrind): every cell, but three directions
# (those the dropout test below needs) and three of the twelve heads
if (identical(Sys.getenv("RECURRENT_TEST_QUICK"), "1")) {
  directions <- directions[c("uni", "bi_concat", "bi_mul")]
  heads <- heads[c(1, 7, 12), ]
}

check_case <- function(cell, dir, layers, rs, loss, out_act, dropout = 0,
                       training = FALSE) {
  n <- 3; T <- 4; p <- 2; H <- 3; k <- 3
  net <- rnn_net(p, H, k, cell = cell$cell, activation = cell$activation,
                 layers = layers, bidirectional = dir$bidirectional,
                 merge = dir$merge, output_activation = out_act,
                 return_sequences = rs, dropout = dropout)
  x <- array(rnorm(n * T * p), c(n, T, p))
  y <- make_target(loss, out_act, if (rs) c(n, T, k) else c(n, k))
  r <- gradcheck(net, x, y, loss, training = training)
  err <- abs(r$analytic - r$numeric)
  bad <- err > 1e-6 + 1e-5 * abs(r$analytic)
  list(ok = !any(bad), loss = r$loss,
       detail = if (any(bad)) paste(sprintf("%s: analytic %.8g numeric %.8g",
                                            r$tensor[bad], r$analytic[bad],
                                            r$numeric[bad]), collapse = "; "))
}

for (cn in names(cells)) {
  test_that(sprintf("gradients of %s networks match finite differences", cn), {
    set.seed(100 + match(cn, names(cells)))
    for (dn in names(directions)) for (layers in 1:2) for (rs in c(FALSE, TRUE)) {
      for (h in seq_len(nrow(heads))) {
        res <- check_case(cells[[cn]], directions[[dn]], layers, rs,
                          heads$loss[h], heads$output_activation[h])
        label <- sprintf("%s %s layers=%d return_sequences=%s loss=%s output=%s",
                         cn, dn, layers, rs, heads$loss[h], heads$output_activation[h])
        expect_true(is.finite(res$loss), label = label)
        expect_true(res$ok, label = paste(label, res$detail))
      }
    }
  })
}

test_that("gradients with dropout in training mode match finite differences", {
  set.seed(7)
  for (cn in names(cells)) for (dn in c("uni", "bi_concat", "bi_mul")) {
    res <- check_case(cells[[cn]], directions[[dn]], layers = 2, rs = FALSE,
                      loss = "mse", out_act = "linear", dropout = 0.4,
                      training = TRUE)
    expect_true(res$ok, label = paste(cn, dn, "dropout", res$detail))
  }
})

test_that("dropout changes the training-mode loss but not predictions", {
  set.seed(3)
  net <- rnn_net(2, 4, layers = 2, dropout = 0.5)
  x <- array(rnorm(4 * 5 * 2), c(4, 5, 2)); y <- rnorm(4)
  eval_loss <- rnn_gradients(net, x, y)$loss
  set.seed(1); a <- rnn_gradients(net, x, y, training = TRUE)$loss
  set.seed(2); b <- rnn_gradients(net, x, y, training = TRUE)$loss
  expect_false(isTRUE(all.equal(a, b)))
  expect_equal(eval_loss, mean((predict(net, x) - y)^2), tolerance = 1e-12)
})

test_that("the mse loss is the mean over all output elements", {
  set.seed(4)
  net <- rnn_net(2, 3, output_size = 2, return_sequences = TRUE)
  x <- array(rnorm(3 * 4 * 2), c(3, 4, 2)); y <- array(rnorm(3 * 4 * 2), c(3, 4, 2))
  expect_equal(rnn_gradients(net, x, y)$loss, mean((predict(net, x) - y)^2),
               tolerance = 1e-12)
})

# Single precision: finite differences need double (a float loss moves by
# 6e-8 relative, the size of the difference itself), so single-precision
# gradients are checked against the double ones, which the finite differences
# above check: the same bound as the float32 parity with PyTorch
# (test-parity-single.R), 1e-5 of each tensor's largest value + 1e-7.
test_that("single-precision gradients agree with the double ones everywhere", {
  set.seed(9)
  for (cn in names(cells)) for (dn in names(directions)) for (layers in 1:2)
    for (rs in c(FALSE, TRUE)) for (h in seq_len(nrow(heads))) {
      cell <- cells[[cn]]; dir <- directions[[dn]]
      d <- rnn_net(2, 3, 3, cell = cell$cell, activation = cell$activation, layers = layers,
                   bidirectional = dir$bidirectional, merge = dir$merge,
                   output_activation = heads$output_activation[h], return_sequences = rs)
      s <- with_precision(d, "single")
      x <- array(rnorm(3 * 4 * 2), c(3, 4, 2))
      y <- make_target(heads$loss[h], heads$output_activation[h], if (rs) c(3, 4, 3) else c(3, 3))
      gd <- rnn_gradients(d, x, y, heads$loss[h])
      gs <- rnn_gradients(s, x, y, heads$loss[h])
      label <- sprintf("%s %s layers=%d rs=%s %s/%s", cn, dn, layers, rs, heads$loss[h],
                       heads$output_activation[h])
      expect_lt(abs(gs$loss - gd$loss), 1e-6 * abs(gd$loss) + 1e-7, label = label)
      bad <- vapply(names(gd$gradients), function(nm) {
        a <- gs$gradients[[nm]]; b <- gd$gradients[[nm]]
        any(abs(a - b) > 1e-5 * max(abs(b)) + 1e-7)
      }, NA)
      expect_false(any(bad), label = paste(label, paste(names(bad)[bad], collapse = " ")))
    }
})

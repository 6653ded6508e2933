# The engine learns: next-step regression on a sine mixture for every cell, and
# many-to-one classification with softmax + crossentropy, in double and in
# single precision (the same thresholds: float's rounding must not cost the
# learning anything visible).

sine_windows <- function(n_steps = 400, lookback = 16) {
  t <- seq_len(n_steps + lookback)
  s <- sin(2 * pi * t / 25) + 0.5 * sin(2 * pi * t / 9 + 1)
  idx <- seq_len(n_steps)
  x <- array(t(vapply(idx, function(i) s[i:(i + lookback - 1)], numeric(lookback))),
             c(n_steps, lookback, 1))
  list(x = x, y = s[idx + lookback])
}

for (precision in c("double", "single")) for (cell in c("rnn", "gru", "lstm")) {
  test_that(sprintf("%s (%s precision) learns next-step prediction of a sine mixture",
                    cell, precision), {
  skip_if(identical(Sys.getenv("RECURRENT_TEST_QUICK"), "1"), "slow (RECURRENT_TEST_QUICK=1)")
    set.seed(11)
    d <- sine_windows()
    net <- rnn_net(1, 16, cell = cell, precision = precision)
    net <- rnn_train(net, d$x, d$y, lr = 0.01, epochs = 60, batch_size = 32,
                     validation = 0.2, patience = 60, verbose = FALSE)
    mse <- mean((predict(net, d$x) - d$y)^2)
    # variance of the target is about 0.62: require a small fraction of it
    expect_lt(mse / var(d$y), 0.02)
    expect_equal(nrow(net$history), 60)
    expect_true(all(c("epoch", "loss", "val_loss") %in% names(net$history)))
    expect_lt(min(net$history$val_loss), net$history$val_loss[1] / 5)
  })
}

for (precision in c("double", "single"))
test_that(sprintf("softmax + crossentropy classifies the sign of a running sum (%s)",
                  precision), {
  skip_if(identical(Sys.getenv("RECURRENT_TEST_QUICK"), "1"), "slow (RECURRENT_TEST_QUICK=1)")
  set.seed(12)
  n <- 600; T <- 12
  x <- array(rnorm(n * T), c(n, T, 1))
  cls <- ifelse(apply(x, 1, sum) > 0, 2L, 1L)
  net <- rnn_net(1, 12, output_size = 2, cell = "gru", output_activation = "softmax",
                 precision = precision)
  net <- rnn_train(net, x, cls, loss = "crossentropy", lr = 0.01, epochs = 40,
                   validation = 0.2, verbose = FALSE)
  xt <- array(rnorm(300 * T), c(300, T, 1))
  truth <- ifelse(apply(xt, 1, sum) > 0, 2L, 1L)
  p <- predict(net, xt)
  expect_equal(dim(p), c(300, 2))
  expect_equal(rowSums(p), rep(1, 300), tolerance = if (precision == "double") 1e-12 else 1e-6)
  expect_gt(mean(max.col(p) == truth), 0.93)
})

test_that("every optimizer reduces the loss, in both precisions", {
  d <- sine_windows(200, 8)
  for (precision in c("double", "single")) for (opt in c("adam", "adamw", "rmsprop", "sgd")) {
    set.seed(13)
    net <- rnn_net(1, 8, cell = "gru", precision = precision)
    lr <- if (opt == "sgd") 0.05 else 0.01
    net2 <- rnn_train(net, d$x, d$y, optimizer = opt, lr = lr, epochs = 15,
                      weight_decay = 1e-4, validation = 0, verbose = FALSE)
    before <- mean((predict(net, d$x) - d$y)^2)
    after <- mean((predict(net2, d$x) - d$y)^2)
    expect_lt(after, before / 3, label = paste(opt, precision))
  }
})

test_that("early stopping restores the best validation weights", {
  set.seed(14)
  d <- sine_windows(120, 8)
  net <- rnn_train(rnn_net(1, 8), d$x, d$y, lr = 0.05, epochs = 200, patience = 3,
                   validation = 0.25, verbose = FALSE)
  h <- net$history
  expect_lt(nrow(h), 200)
  best <- which.min(h$val_loss)
  expect_equal(net$training$best_epoch, best)
  expect_equal(nrow(h) - best, 3)
  # the kept weights are the best epoch's: their validation loss is the minimum
  vx <- d$x[91:120, , , drop = FALSE]
  expect_equal(mean((predict(net, vx) - d$y[91:120])^2), min(h$val_loss),
               tolerance = 1e-10)
})

test_that("validation can be given as list(x, y) and progress is printed", {
  set.seed(15)
  d <- sine_windows(100, 6)
  v <- sine_windows(30, 6)
  msgs <- capture_messages(
    net <- rnn_train(rnn_net(1, 4), d$x, d$y, epochs = 3, validation = list(v$x, v$y),
                     verbose = TRUE))
  expect_match(msgs[1], "epoch 1/3  loss [0-9.]+  val_loss [0-9.]+")
  expect_length(msgs, 4)
  expect_equal(net$training$n_val, 30)
  expect_true(all(is.finite(net$history$val_loss)))
  # validation sequences longer (and more numerous) than a training batch: the
  # one workspace of the run is sized for both, and its reuse changes nothing
  long <- sine_windows(300, 40)
  net <- rnn_train(rnn_net(1, 4), d$x, d$y, epochs = 3, batch_size = 8,
                   validation = list(long$x, long$y), verbose = FALSE)
  expect_equal(net$training$best_score, mean((predict(net, long$x) - long$y)^2),
               tolerance = 1e-10)
})

for (precision in c("double", "single"))
test_that(sprintf("return_sequences training learns a per-step target (%s)", precision), {
  skip_if(identical(Sys.getenv("RECURRENT_TEST_QUICK"), "1"), "slow (RECURRENT_TEST_QUICK=1)")
  set.seed(16)
  n <- 200; T <- 10
  x <- array(rnorm(n * T), c(n, T, 1))
  y <- aperm(apply(x, 1, cumsum), c(2, 1))          # running sum at every step
  net <- rnn_net(1, 12, cell = "lstm", return_sequences = TRUE, precision = precision)
  net <- rnn_train(net, x, y, lr = 0.01, epochs = 40, verbose = FALSE)
  p <- predict(net, x)
  expect_equal(dim(p), c(n, T, 1))
  expect_lt(mean((p[, , 1] - y)^2) / var(as.vector(y)), 0.05)
})

test_that("the initial weights count as epoch 0 of the early stopping", {
  set.seed(17)
  net <- rnn_net(1, 4, cell = "gru")
  x <- array(rnorm(60 * 5), c(60, 5, 1))
  y <- predict(net, x)                    # the initial net is already perfect
  fit <- rnn_train(net, x, y, epochs = 4, patience = 2, verbose = FALSE)
  expect_equal(fit$training$best_epoch, 0L)
  expect_identical(fit$params, net$params)
  expect_equal(nrow(fit$history), 2)
  expect_match(capture.output(print(fit))[3], "none improved on the initial weights")
})

test_that("a diverging training gives a classed warning without a call", {
  set.seed(6)
  net <- rnn_net(1, 8, cell = "rnn", activation = "relu")
  x <- array(rnorm(64 * 10, sd = 100), c(64, 10, 1)); y <- rnorm(64, sd = 1e6)
  w <- NULL
  fit <- withCallingHandlers(
    rnn_train(net, x, y, lr = 1e3, clip = 0, optimizer = "sgd", momentum = 0.99,
              epochs = 50, verbose = FALSE),
    warning = function(cnd) { w <<- cnd; invokeRestart("muffleWarning") })
  expect_s3_class(w, c("recurrent_warning", "warning", "condition"), exact = TRUE)
  expect_null(conditionCall(w))
  expect_match(conditionMessage(w),
               "^Training diverged at epoch [0-9]+: .* Keeping the weights of epoch [0-9]+")
})

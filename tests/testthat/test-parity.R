# Parity with PyTorch: every fixture in fixtures/parity/ (written by
# tools/make-fixtures.py, read by helper-fixtures.R) holds a small network's
# config, weights, input, target, output, loss and autograd gradients in float64.
# The engine must reproduce the output, the loss and every gradient to 1e-10
# relative: max |R - torch| <= 1e-10 * max(1, max |torch|).

fixture_files <- parity_fixture_files()

test_that("the parity fixtures are present", {
  expect_gt(length(fixture_files), 0L)
})

# The fixtures themselves agree with a plain-R reading of the contract (this
# needs no engine; it guards the files and the reader's row-major handling).
test_that("the parity fixtures follow the contract (plain-R reference forward)", {
  for (f in fixture_files) {
    fx <- read_parity_fixture(f)
    id <- fx$config$name
    ref <- parity_ref_forward(fx$config, fx$weights, fx$x)
    expect_parity(ref$output, fx$output, sprintf("[%s] reference output", id))
    expect_parity(parity_ref_loss(fx$config, ref$z, ref$output, fx$y), fx$loss,
                  sprintf("[%s] reference loss", id))
  }
})

for (f in fixture_files) {
  fx <- read_parity_fixture(f)
  cfg <- fx$config
  id <- cfg$name

  test_that(sprintf("parity with PyTorch: %s", id), {
    net <- parity_build_net(cfg)
    expect_s3_class(net, "rnn_net")

    # layout: same parameter names, in the same order, with PyTorch's shapes
    w0 <- rnn_weights(net)
    expect_identical(names(w0), names(fx$weights),
                     label = sprintf("[%s] names(rnn_weights(net))", id))
    for (nm in intersect(names(w0), names(fx$weights))) {
      expect_identical(dim(w0[[nm]]), dim(fx$weights[[nm]]),
                       label = sprintf("[%s] dim of weight %s", id, nm))
      expect_identical(length(w0[[nm]]), length(fx$weights[[nm]]),
                       label = sprintf("[%s] length of weight %s", id, nm))
    }

    net <- rnn_set_weights(net, fx$weights)
    w1 <- rnn_weights(net)
    for (nm in names(fx$weights)) {
      expect_parity(w1[[nm]], fx$weights[[nm]],
                    sprintf("[%s] weight %s after rnn_set_weights", id, nm), tol = 0)
    }

    expect_parity(predict(net, fx$x), fx$output, sprintf("[%s] predict(net, x)", id))

    res <- rnn_gradients(net, fx$x, fx$y, loss = cfg$loss)
    expect_parity(res$loss, fx$loss, sprintf("[%s] loss (%s)", id, cfg$loss))
    expect_identical(names(res$gradients), names(fx$grads),
                     label = sprintf("[%s] names(gradients)", id))
    for (nm in names(fx$grads)) {
      g <- res$gradients[[nm]]
      if (is.null(g)) {
        fail(sprintf("[%s] gradient %s is missing", id, nm))
        next
      }
      expect_parity(g, fx$grads[[nm]], sprintf("[%s] gradient %s", id, nm))
    }
  })
}

# Parity with PyTorch for token input (embedding + pack_padded_sequence): every
# fixture in fixtures/tokens/ (tools/make-fixtures.py; format in its header).
# Output, loss and every gradient to 1e-10 relative; outputs are compared at
# real steps (the fixtures hold 0 at padded ones, where predict() gives NA).

token_files <- sort(list.files(testthat::test_path("fixtures", "tokens"),
                               pattern = "\\.txt$", full.names = TRUE))

test_that("the token parity fixtures are present", {
  expect_gte(length(token_files), 20L)
  # carried states (truncated BPTT): every cell, one and two layers
  carried <- grep("_state[.]txt$", token_files, value = TRUE)
  expect_gte(length(carried), 4L)
})

for (fx in lapply(token_files, read_parity_fixture)) local({
  cfg <- fx$config
  id <- cfg$name
  test_that(sprintf("token parity with PyTorch: %s", id), {
    net <- parity_build_net(cfg)
    expect_identical(names(rnn_weights(net)), names(fx$weights),
                     label = sprintf("[%s] names(rnn_weights(net))", id))
    net <- rnn_set_weights(net, fx$weights)

    state <- parity_state(fx)
    pred <- parity_predict(net, fx$x, state)
    if (cfg$return_sequences) {
      pad <- fx$x == 0
      real <- rep(!as.vector(pad), cfg$output_size)
      expect_parity(pred[real], fx$output[real], sprintf("[%s] predict at real steps", id))
      expect_true(all(is.na(pred[!real])), label = sprintf("[%s] NA at padded steps", id))
    } else {
      expect_parity(pred, fx$output, sprintf("[%s] predict(net, x)", id))
    }

    res <- rnn_gradients(net, fx$x, fx$y, loss = cfg$loss, state = state)
    expect_parity(res$loss, fx$loss, sprintf("[%s] loss (%s)", id, cfg$loss))
    expect_identical(names(res$gradients), names(fx$grads),
                     label = sprintf("[%s] names(gradients)", id))
    for (nm in names(fx$grads))
      expect_parity(res$gradients[[nm]], fx$grads[[nm]], sprintf("[%s] gradient %s", id, nm))
  })
})

# Stateful stepping (rnn_step_state) and generation (rnn_generate).

test_that("stepping token by token gives predict()'s outputs (every cell, 2 layers)", {
  set.seed(21)
  for (cell in c("rnn", "gru", "lstm")) {
    net <- rnn_net(3, 5, 6, cell = cell, layers = 2, output_activation = "softmax",
                   return_sequences = TRUE, vocab_size = 6)
    x <- c(1, 4, 2, 6, 5, 3, 3, 1)
    full <- predict(net, x)[1, , ]
    st <- NULL
    steps <- matrix(NA_real_, length(x), 6)
    for (i in seq_along(x)) {
      r <- rnn_step_state(net, x[i], st)
      st <- r$state
      steps[i, ] <- r$output[1, 1, ]
    }
    expect_equal(steps, full, tolerance = 1e-12, label = cell)
    # and in two pieces
    a <- rnn_step_state(net, x[1:3])
    b <- rnn_step_state(net, x[4:8], a$state)
    expect_equal(b$output[1, , ], full[4:8, ], tolerance = 1e-12)
  }
})

test_that("stepping works for numeric input and several sequences", {
  set.seed(22)
  net <- rnn_net(2, 4, 3, cell = "lstm", return_sequences = TRUE)
  x <- array(rnorm(3 * 7 * 2), c(3, 7, 2))
  a <- rnn_step_state(net, x[, 1:4, , drop = FALSE])
  b <- rnn_step_state(net, x[, 5:7, , drop = FALSE], a$state)
  expect_equal(b$output, predict(net, x)[, 5:7, , drop = FALSE], tolerance = 1e-12)
  expect_error(rnn_step_state(net, x[1:2, , , drop = FALSE], a$state), "`state` must be")
  expect_error(rnn_step_state(rnn_net(2, 3, bidirectional = TRUE), x), "bidirectional")
})

periodic_lm <- function(seed = 23) {
  set.seed(seed)
  text <- strrep("abc", 60)
  v <- rnn_vocab(text, unknown = NULL)
  starts <- seq(1, 160, by = 7)
  ids <- rnn_tokenize(substring(text, starts, starts + 12), v)
  V <- length(v$tokens)
  net <- rnn_net(4, 8, V, cell = "gru", output_activation = "softmax",
                 return_sequences = TRUE, vocab_size = V)
  net <- rnn_train(net, ids[, -13], ids[, -1], loss = "crossentropy", lr = 0.05,
                   epochs = 40, validation = 0, verbose = FALSE)
  list(net = net, vocab = v)
}

test_that("greedy generation reproduces the period of the training text", {
  m <- periodic_lm()
  expect_identical(rnn_generate(m$net, "ab", 12, greedy = TRUE, vocab = m$vocab),
                   "cabcabcabcab")
  expect_identical(rnn_generate(m$net, "c", 5, greedy = TRUE, vocab = m$vocab), "abcab")
  ids <- rnn_generate(m$net, rnn_tokenize("bc", m$vocab)[1, ], 4, greedy = TRUE)
  expect_identical(rnn_detokenize(ids, m$vocab), "abca")
})

test_that("set.seed() reproduces a sample; temperature and top_k act", {
  m <- periodic_lm()
  draw <- function(...) { set.seed(9); rnn_generate(m$net, "a", 40, vocab = m$vocab, ...) }
  expect_identical(draw(temperature = 5), draw(temperature = 5))
  expect_true(nchar(draw(temperature = 5)) == 40)
  # a very flat distribution leaves the period; top_k = 1 is greedy
  expect_false(identical(draw(temperature = 50), draw(greedy = TRUE)))
  expect_identical(draw(temperature = 50, top_k = 1), draw(greedy = TRUE))
})

test_that("rnn_generate() checks its network and arguments", {
  m <- periodic_lm()
  V <- length(m$vocab$tokens)
  expect_error(rnn_generate(rnn_net(2, 3), 1, 3), class = "recurrent_error_not_lm")
  bi <- rnn_net(2, 3, V, bidirectional = TRUE, output_activation = "softmax",
                return_sequences = TRUE, vocab_size = V)
  expect_error(rnn_generate(bi, 1, 3), "bidirectional", class = "recurrent_error_not_lm")
  expect_error(rnn_generate(m$net, V + 1, 3), class = "recurrent_error_tokens")
  expect_error(rnn_generate(m$net, "ab", 3), class = "recurrent_error_tokens")
  expect_error(rnn_generate(m$net, "ab", -1, vocab = m$vocab), "`n`")
  expect_error(rnn_generate(m$net, "ab", 3, temperature = 0, vocab = m$vocab), "temperature")
  expect_identical(rnn_generate(m$net, "ab", 0, vocab = m$vocab), "")
})

test_that("a language model with an unknown token never writes it into generated text", {
  # barely trained: the unknown token keeps a share of the probability
  set.seed(2)
  lm <- rnn_text_lm(strrep("the cat sat on the mat. ", 30), hidden = 8, epochs = 1, verbose = FALSE)
  expect_identical(lm$vocab$tokens[lm$vocab$unknown], "<unk>")
  p <- predict(lm$net, rnn_tokenize("the ", lm$vocab))[1, 4, ]
  expect_gt(p[lm$vocab$unknown], 0.01)
  set.seed(3)
  txt <- rnn_generate(lm, "the ", 400, temperature = 3)
  expect_equal(nchar(txt), 400)
  expect_false(grepl("<unk>", txt, fixed = TRUE))
  # token ids without a vocabulary: every id may be drawn, as before
  set.seed(3)
  ids <- rnn_generate(lm$net, rnn_tokenize("the ", lm$vocab)[1, ], 400, temperature = 3)
  expect_true(lm$vocab$unknown %in% ids)
})

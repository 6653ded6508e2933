# The token-input parity fixtures (fixtures/tokens/, written by
# tools/make-fixtures.py; format in that script's header) read with the
# parity reader of helper-fixtures.R. These checks need no engine: they guard
# the files themselves -- shapes, ids, padding, weight layout -- and check with
# a plain-R reading of the contract (each row run on its own real tokens) that
# the stored outputs and losses are those of pack_padded_sequence semantics.
# The engine tests that consume the fixtures come with token input in rnn_net.

token_fixture_files <- sort(list.files(testthat::test_path("fixtures", "tokens"),
                                       pattern = "\\.txt$", full.names = TRUE))

# State-dict names in the contract's order for a token network.
tok_expected_names <- function(cfg) {
  dirs <- if (cfg$bidirectional) c("", "_reverse") else ""
  rec <- unlist(lapply(seq_len(cfg$layers) - 1L, function(k) {
    unlist(lapply(dirs, function(d) {
      sprintf("%s_l%d%s", c("weight_ih", "weight_hh", "bias_ih", "bias_hh"), k, d)
    }))
  }))
  c("embedding.weight", rec, "head.weight", "head.bias")
}

tok_lengths <- function(x) rowSums(x != 0)

test_that("the token fixtures are present and cover the cases issue 10 asks for", {
  expect_gte(length(token_fixture_files), 20L)
  cfgs <- lapply(token_fixture_files, function(f) read_parity_fixture(f)$config)
  key <- function(c) paste(c$cell, c$layers, c$bidirectional, c$return_sequences)
  have <- vapply(cfgs, key, "")
  for (cell in c("rnn", "gru", "lstm")) {
    for (rs in c(FALSE, TRUE)) {
      expect_true(paste(cell, 1L, FALSE, rs) %in% have, label = paste(cell, "uni 1 layer", rs))
      expect_true(paste(cell, 2L, TRUE, rs) %in% have, label = paste(cell, "bi 2 layers", rs))
    }
  }
  merges <- vapply(cfgs, function(c) if (c$bidirectional) c$merge else "", "")
  expect_true(all(c("concat", "sum") %in% merges))
  expect_true(any(vapply(cfgs, function(c) identical(c$task, "lm"), NA)))
})

for (f in token_fixture_files) {
  fx <- read_parity_fixture(f)
  cfg <- fx$config
  id <- cfg$name

  test_that(sprintf("token fixture %s parses with consistent shapes", id), {
    expect_identical(paste0(id, ".txt"), basename(f))
    V <- cfg$vocab_size
    n <- cfg$n
    Tn <- cfg$T
    expect_true(is.integer(V) && V >= 2L)

    # x: ids 1..V, zeros only at the right end of each row, every row a token
    x <- fx$x
    expect_true(is.matrix(x))
    expect_identical(dim(x), c(n, Tn))
    expect_true(all(x == round(x)))
    expect_true(all(x >= 0 & x <= V))
    len <- tok_lengths(x)
    expect_true(all(len >= 1L))
    for (i in seq_len(n)) {
      expect_true(all(x[i, seq_len(len[i])] >= 1),
                  label = sprintf("[%s] row %d: zeros only at the right end", id, i))
    }
    expect_identical(as.integer(len),
                     as.integer(strsplit(cfg$lengths, ",", fixed = TRUE)[[1L]]))
    expect_true(any(len == Tn))
    expect_true(any(len == 1L))
    expect_gt(length(unique(len)), 1L)
    expect_false(identical(len, sort(len)))

    # weights and gradients: the contract's names, in order, with the same shapes
    expect_identical(names(fx$weights), tok_expected_names(cfg))
    expect_identical(names(fx$grads), names(fx$weights))
    expect_identical(dim(fx$weights[["embedding.weight"]]), c(V, cfg$input_size))
    for (nm in names(fx$weights)) {
      expect_identical(dim(fx$grads[[nm]]), dim(fx$weights[[nm]]))
      expect_identical(length(fx$grads[[nm]]), length(fx$weights[[nm]]))
      expect_false(anyNA(fx$grads[[nm]]))
    }
    width <- if (cfg$bidirectional && cfg$merge == "concat") 2L else 1L
    expect_identical(dim(fx$weights[["weight_ih_l0"]]),
                     c(c(rnn = 1L, gru = 3L, lstm = 4L)[[cfg$cell]] * cfg$hidden_size,
                       cfg$input_size))
    expect_identical(dim(fx$weights[["head.weight"]]),
                     c(cfg$output_size, width * cfg$hidden_size))
    # embedding rows of tokens that occur in no real step have no gradient
    unseen <- setdiff(seq_len(V), x[x > 0])
    expect_true(all(fx$grads[["embedding.weight"]][unseen, ] == 0))

    # output and target shapes; padded steps hold 0
    out <- cfg$output_size
    expect_length(fx$loss, 1L)
    expect_true(is.finite(fx$loss))
    index <- cfg$loss == "crossentropy" && cfg$target == "index"
    if (cfg$return_sequences) {
      expect_identical(dim(fx$output), c(n, Tn, out))
      pad <- x == 0
      for (j in seq_len(out)) expect_true(all(fx$output[, , j][pad] == 0))
      if (index) {
        expect_identical(dim(fx$y), c(n, Tn))
        expect_true(all(fx$y[pad] == 0))
        expect_true(all(fx$y[!pad] %in% seq_len(out)))
      } else {
        expect_identical(dim(fx$y), c(n, Tn, out))
        for (j in seq_len(out)) expect_true(all(fx$y[, , j][pad] == 0))
      }
    } else {
      expect_identical(dim(fx$output), c(n, out))
      if (index) {
        expect_null(dim(fx$y))
        expect_length(fx$y, n)
        expect_true(all(fx$y %in% seq_len(out)))
      } else {
        expect_identical(dim(fx$y), c(n, out))
      }
    }
    if (identical(cfg$task, "lm")) {
      # next-token targets: y[i, t] = x[i, t + 1] inside the row
      expect_identical(out, V)
      for (i in seq_len(n)) {
        if (len[i] > 1L) {
          expect_identical(fx$y[i, seq_len(len[i] - 1L)], x[i, 2:len[i]])
        }
      }
    }
  })

  # pack_padded_sequence semantics, read plainly: each row is its own sequence
  # of l_i embedded tokens through the contract's network (helper-fixtures.R's
  # reference forward), and the loss is the unpadded loss over the real steps.
  # (The reference starts from zeros: the fixtures with a carried state, h0,
  # are checked against PyTorch by test-parity-tokens.R only.)
  if (is.null(fx$h0)) test_that(sprintf("token fixture %s: outputs and loss are those of each row on its own", id), {
    emb <- fx$weights[["embedding.weight"]]
    len <- tok_lengths(fx$x)
    out <- cfg$output_size
    rows <- lapply(seq_len(cfg$n), function(i) {
      ids <- fx$x[i, seq_len(len[i])]
      xi <- array(emb[ids, , drop = FALSE], c(1L, len[i], ncol(emb)))
      parity_ref_forward(cfg, fx$weights, xi)
    })
    if (cfg$return_sequences) {
      z <- do.call(rbind, lapply(rows, function(r) matrix(r$z, ncol = out)))
      yhat <- do.call(rbind, lapply(rows, function(r) matrix(r$output, ncol = out)))
      stored <- do.call(rbind, lapply(seq_len(cfg$n), function(i)
        matrix(fx$output[i, seq_len(len[i]), ], ncol = out)))
      y <- if (length(dim(fx$y)) == 2L) {
        unlist(lapply(seq_len(cfg$n), function(i) fx$y[i, seq_len(len[i])]))
      } else {
        do.call(rbind, lapply(seq_len(cfg$n), function(i)
          matrix(fx$y[i, seq_len(len[i]), ], ncol = out)))
      }
    } else {
      z <- do.call(rbind, lapply(rows, `[[`, "z"))
      yhat <- do.call(rbind, lapply(rows, `[[`, "output"))
      stored <- fx$output
      y <- fx$y
    }
    expect_parity(yhat, stored, sprintf("[%s] reference output at real steps", id))
    expect_parity(parity_ref_loss(cfg, z, yhat, y), fx$loss,
                  sprintf("[%s] reference loss over real steps", id))
  })
}

# The text API: rnn_text_lm() (stateful language models), rnn_text_bits(),
# rnn_generate() on a model, and rnn_text_classifier(). Small simulated texts.

# A periodic text whose period (16) is longer than the unroll (8): every
# character follows from the three before it, so a model that carries its
# state across chunks predicts every position; one reset at each chunk start
# has no context there.
periodic_text <- function(reps = 120) {
  set.seed(11)
  repeat {
    base <- sample(c("a", "b", "c", "d"), 16, replace = TRUE)
    ring <- c(base, base[1:3])
    grams <- vapply(1:16, function(i) paste(ring[i:(i + 2)], collapse = ""), "")
    if (!anyDuplicated(grams)) break
  }
  strrep(paste(base, collapse = ""), reps)
}

# plot(x) draws on a PNG device and returns x invisibly.
expect_plots <- function(x) {
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  on.exit({ grDevices::dev.off(); unlink(f) })
  expect_invisible(plot(x))
}

# x after saveRDS() and readRDS().
rds_round_trip <- function(x) {
  g <- tempfile(fileext = ".rds")
  on.exit(unlink(g))
  saveRDS(x, g)
  readRDS(g)
}

# Bits per character with the state reset every `every` characters.
reset_bits <- function(lm, text, every) {
  ids <- as.integer(rnn_tokenize(text, lm$vocab)[1, ])
  starts <- seq(1, length(ids) - 1, by = every)
  total <- 0
  for (s in starts) {
    inp <- ids[s:min(s + every - 1, length(ids) - 1)]
    p <- predict(lm$net, matrix(inp, 1))
    tgt <- ids[s + seq_along(inp)]
    total <- total - sum(log2(p[cbind(1, seq_along(inp), tgt)]))
  }
  total / (length(ids) - 1)
}

test_that("a stateful language model predicts a period longer than its unroll", {
  text <- periodic_text()
  set.seed(1)
  lm <- rnn_text_lm(text, hidden = 32, unroll = 8, batch_size = 8, epochs = 40,
                    lr = 0.01, patience = 40, verbose = FALSE)
  expect_s3_class(lm, "rnn_text_lm")
  held <- substr(text, 1, 16 * 6)
  carried <- rnn_text_bits(lm, held)
  reset <- reset_bits(lm, held, 8)
  # with the state carried only the first characters (no context yet) cost bits
  expect_lt(carried, 0.15)
  # with a reset every 8 characters each chunk's first character is a guess
  expect_gt(reset, carried + 0.1)
  # generation continues the period
  expect_identical(rnn_generate(lm, substr(text, 1, 20), 32, greedy = TRUE),
                   substr(text, 21, 52))
})

test_that("rnn_text_bits() is the sum of the per-step log-probabilities", {
  set.seed(2)
  text <- c("the cat sat on the mat.", "a dog ran after the cat.", "the end.")
  lm <- rnn_text_lm(rep(text, 20), hidden = 16, unroll = 10, batch_size = 4, epochs = 3,
                    precision = "double", verbose = FALSE)
  new <- c("the dog sat.", "a cat ran on the mat.")
  b <- rnn_text_bits(lm, new)
  # by hand: one token at a time, the state carried by rnn_step_state()
  ids <- as.integer(unlist(rnn_tokenize(paste(new, collapse = "\n"), lm$vocab, pad = FALSE)))
  run <- rnn_step_state(lm$net, ids[1])
  total <- 0
  for (i in 2:length(ids)) {
    total <- total - log2(run$output[1, 1, ids[i]])
    run <- rnn_step_state(lm$net, ids[i], run$state)
  }
  expect_equal(attr(b, "bits"), total, tolerance = 1e-10)
  expect_equal(attr(b, "tokens"), length(ids) - 1)
  expect_equal(as.numeric(b), total / (length(ids) - 1), tolerance = 1e-10)
  expect_output(print(b), sprintf("^%s bits per character \\(%s bits over %d predicted characters\\)$",
                                  format(as.numeric(b), digits = 3), format(round(total), big.mark = ","), length(ids) - 1))
  # side by side parts are the same text scored from a reset at each cut
  b4 <- rnn_text_bits(lm, new, streams = 4)
  expect_equal(attr(b4, "tokens"), length(ids) - 1)
  expect_false(isTRUE(all.equal(as.numeric(b4), as.numeric(b))))
})

test_that("language models print, summarise, plot, survive saveRDS and train word models", {
  set.seed(3)
  text <- rep(c("the cat sat on the mat.", "the dog sat on the log."), 30)
  lm <- rnn_text_lm(text, level = "word", hidden = 8, unroll = 6, batch_size = 4,
                    epochs = 3, verbose = FALSE)
  expect_output(print(lm), "word-level language model")
  expect_output(print(lm), "held-out bits per token")
  expect_output(print(summary(lm)), "Epochs:")
  expect_plots(lm)
  lm2 <- rds_round_trip(lm)
  expect_identical(rnn_text_bits(lm2, "the cat sat on the log."),
                   rnn_text_bits(lm, "the cat sat on the log."))
  gen <- rnn_generate(lm, "the cat", 5, greedy = TRUE)
  expect_type(gen, "character")
  expect_length(strsplit(gen, " ")[[1]], 5)
})

test_that("rnn_text_lm() is reproducible with set.seed()", {
  text <- strrep("abcabdabe", 30)
  set.seed(4)
  a <- rnn_text_lm(text, hidden = 8, unroll = 10, batch_size = 4, epochs = 3, verbose = FALSE)
  set.seed(4)
  b <- rnn_text_lm(text, hidden = 8, unroll = 10, batch_size = 4, epochs = 3, verbose = FALSE)
  expect_identical(a$net$params, b$net$params)
  expect_identical(a$history$loss, b$history$loss)
  # without the carried state training takes other steps
  set.seed(4)
  c0 <- rnn_text_lm(text, hidden = 8, unroll = 10, batch_size = 4, epochs = 3,
                    stateful = FALSE, verbose = FALSE)
  expect_false(identical(a$net$params, c0$net$params))
})

sentiment <- function(n_each = 30) {
  good <- c("great", "wonderful", "superb", "loved", "fine", "brilliant")
  bad <- c("awful", "boring", "dull", "hated", "poor", "terrible")
  filler <- c("the", "film", "was", "a", "plot", "acting", "and", "it", "really")
  make <- function(words) vapply(seq_len(n_each), function(i)
    paste(c(sample(filler, 4), sample(words, 1), sample(filler, 3)), collapse = " "), "")
  list(text = c(make(good), make(bad)),
       labels = factor(rep(c("pos", "neg"), each = n_each), levels = c("pos", "neg")))
}

test_that("the classifier learns, keeps the factor levels and gives probabilities summing to 1", {
  set.seed(5)
  d <- sentiment(80)
  clf <- rnn_text_classifier(d$text, d$labels, embedding = 8, hidden = 8, epochs = 40,
                             lr = 0.01, patience = 10, verbose = FALSE)
  expect_s3_class(clf, "rnn_text_classifier")
  set.seed(6)
  new <- sentiment(10)
  cls <- predict(clf, new$text)
  expect_s3_class(cls, "factor")
  expect_identical(levels(cls), c("pos", "neg"))        # the user's order, not sorted
  expect_gt(mean(cls == new$labels), 0.9)
  p <- predict(clf, new$text, type = "prob")
  expect_identical(colnames(p), c("pos", "neg"))
  expect_equal(rowSums(p), rep(1, nrow(p)), tolerance = 1e-6)
  expect_identical(levels(cls)[max.col(p)], as.character(cls))
  # unseen words and texts longer than max_len are handled
  expect_length(predict(clf, c("zzz qqq", strrep("great film ", 200))), 2)
  # print, summary, plot, saveRDS
  expect_output(print(clf), "held-out accuracy")
  expect_output(print(summary(clf)), "val_accuracy")
  expect_plots(clf)
  expect_identical(predict(rds_round_trip(clf), new$text, type = "prob"), p)
})

test_that("the classifier's prediction is the mean of its networks' probabilities", {
  set.seed(8)
  d <- sentiment(40)
  clf <- rnn_text_classifier(d$text, d$labels, embedding = 6, hidden = 6, epochs = 4,
                             ensemble = 3, verbose = FALSE)
  expect_length(clf$members, 3)
  expect_identical(clf$training$members$member, 1:3)
  # each network held out its own texts: different vocabularies or weights
  expect_false(identical(clf$members[[1]]$net$params, clf$members[[2]]$net$params))
  new <- c("the film was great", "dull plot and poor acting")
  one <- function(m) {
    solo <- clf
    solo$members <- clf$members[m]
    solo$training$members <- clf$training$members[m, ]
    predict(solo, new, type = "prob")
  }
  expect_equal(predict(clf, new, type = "prob"), (one(1) + one(2) + one(3)) / 3,
               tolerance = 1e-12)
  expect_output(print(clf), "an ensemble of 3 networks")
  one_net <- rnn_text_classifier(d$text, d$labels, embedding = 6, hidden = 6, epochs = 2,
                                 ensemble = 1, pool = "last", verbose = FALSE)
  expect_length(one_net$members, 1)
  expect_false(one_net$members[[1]]$net$spec$return_sequences)
  expect_equal(rowSums(predict(one_net, new, type = "prob")), c(1, 1), tolerance = 1e-6)
})

test_that("character labels become a factor; three classes work", {
  set.seed(7)
  words <- list(x = c("red", "crimson"), y = c("blue", "navy"), z = c("green", "olive"))
  lab <- sample(names(words), 60, replace = TRUE)
  text <- vapply(lab, function(l) paste("the", sample(words[[l]], 1), "car"), "")
  clf <- rnn_text_classifier(text, lab, embedding = 6, hidden = 6, epochs = 3,
                             verbose = FALSE)
  expect_identical(clf$levels, c("x", "y", "z"))
  expect_identical(dim(predict(clf, text[1:4], type = "prob")), c(4L, 3L))
  # NA and blank texts: NA predictions with a warning, the others as alone
  mixed <- c(text[1], NA, "  ", text[2])
  expect_warning(cls <- predict(clf, mixed), "2 NA or blank elements \\(positions 2, 3\\)")
  expect_identical(cls, factor(c(as.character(predict(clf, text[1:2]))[1], NA, NA,
                                 as.character(predict(clf, text[1:2]))[2]), levels = clf$levels))
  p <- suppressWarnings(predict(clf, mixed, type = "prob"))
  expect_identical(p[c(1, 4), ], predict(clf, text[1:2], type = "prob"))
  expect_true(all(is.na(p[2:3, ])))
  expect_warning(none <- predict(clf, NA_character_), "1 NA or blank element")
  expect_identical(none, factor(NA, levels = clf$levels))
})

test_that("bad text and labels give classed errors", {
  d <- sentiment(6)
  expect_error(rnn_text_classifier(c(d$text[-1], ""), d$labels), class = "recurrent_error_text")
  expect_error(rnn_text_classifier(c(d$text[-1], NA), d$labels), class = "recurrent_error_text")
  expect_error(rnn_text_classifier(d$text, factor(rep("pos", 12))),
               class = "recurrent_error_labels")
  expect_error(rnn_text_classifier(d$text, d$labels[-1]), class = "recurrent_error_labels")
  expect_error(rnn_text_classifier(d$text, replace(d$labels, 3, NA)),
               class = "recurrent_error_labels")
  expect_error(rnn_text_classifier(1:12, d$labels), class = "recurrent_error_text")
  expect_error(rnn_text_classifier(d$text, d$labels, hiden = 3),
               class = "recurrent_error_unknown_argument")
  expect_error(rnn_text_classifier(d$text[1:8], d$labels[1:8]), class = "recurrent_error_text")
  expect_error(rnn_text_classifier(d$text, d$labels, ensemble = 0), class = "recurrent_error")
  clf <- rnn_text_classifier(d$text, d$labels, embedding = 2, hidden = 2, epochs = 1,
                             ensemble = 1, verbose = FALSE)
  broken <- clf
  broken$members[[1]]$vocab <- NULL
  expect_error(predict(broken, "good"), class = "recurrent_error_model")
  expect_warning(predict(clf, c("good", NA)), "its prediction is NA")
  expect_error(predict(clf, 1:2), class = "recurrent_error_text")
  expect_error(rnn_generate(clf, n = 5), "`prime` is missing")
  expect_error(rnn_generate(clf, "good"), "`n` is missing")
  expect_error(rnn_text_lm(""), class = "recurrent_error_text")
  expect_error(rnn_text_lm(NA_character_), class = "recurrent_error_text")
  expect_error(rnn_text_lm("too short"), class = "recurrent_error_text")
  expect_error(rnn_text_lm(strrep("ab", 50), hidden = 0), class = "recurrent_error")
  expect_error(rnn_text_bits(list(), "abc"), class = "recurrent_error_not_lm")
  set.seed(1)
  lm <- rnn_text_lm(strrep("abcd", 30), hidden = 4, unroll = 5, batch_size = 2, epochs = 1,
                    verbose = FALSE)
  expect_error(rnn_text_bits(lm, "a"), class = "recurrent_error_text")
  expect_error(rnn_text_bits(lm, character()), class = "recurrent_error_text")
  expect_error(predict(lm$net, matrix(0, 1, 2)), class = "recurrent_error_tokens")
})

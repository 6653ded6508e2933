# rnn_vocab(), rnn_tokenize(), rnn_detokenize(): text to token ids and back.

austen <- c("It is a truth universally acknowledged, that a single man in possession",
            "of a good fortune, must be in want of a wife.",
            "However little known the feelings or views of such a man may be",
            "on his first entering a neighbourhood, this truth is so well fixed")

test_that("characters round-trip exactly", {
  v <- rnn_vocab(austen)
  expect_s3_class(v, "rnn_vocab")
  expect_identical(v$level, "char")
  ids <- rnn_tokenize(austen, v)
  expect_true(is.integer(ids))
  expect_identical(dim(ids), c(length(austen), max(nchar(austen))))
  expect_identical(as.integer(rowSums(ids != 0)), nchar(austen))
  expect_identical(rnn_detokenize(ids, v), austen)
  # the ids are what the vocabulary says: token k has id k
  expect_identical(v$tokens[ids[2, seq_len(nchar(austen[2]))]],
                   strsplit(austen[2], "")[[1]])
  # other input forms of rnn_detokenize: one vector, a list
  expect_identical(rnn_detokenize(ids[3, ], v), austen[3])
  expect_identical(rnn_detokenize(rnn_tokenize(austen, v, pad = FALSE), v), austen)
})

test_that("non-ASCII characters and words are tokens like any other", {
  txt <- c("Caf\u00e9 na\u00efve \u2014 \u00fcber", "d\u00e9j\u00e0 vu")
  v <- rnn_vocab(txt)
  expect_identical(rnn_detokenize(rnn_tokenize(txt, v), v), txt)
  expect_true("\u00e9" %in% v$tokens)
  w <- rnn_vocab(txt, level = "word")
  expect_true(all(c("Caf\u00e9", "na\u00efve", "\u2014", "d\u00e9j\u00e0") %in% w$tokens))
})

test_that("words: punctuation is a token, white space separates, apostrophes stay inside", {
  v <- rnn_vocab("Hello, world! Don't panic:  it's\tfine.\n", level = "word")
  toks <- rnn_detokenize(rnn_tokenize("Hello, world! Don't panic:  it's\tfine.\n", v), v)
  expect_identical(toks, "Hello , world ! Don't panic : it's fine .")
  expect_identical(v$tokens, c("<unk>", "Hello", ",", "world", "!", "Don't", "panic", ":",
                               "it's", "fine", "."))
  # a word-level round trip: ids -> text -> the same ids
  w <- rnn_vocab(austen, level = "word")
  ids <- rnn_tokenize(austen, w)
  expect_identical(unname(rnn_tokenize(rnn_detokenize(ids, w), w)), unname(ids))
  expect_identical(ids[2, 1:6], match(c("of", "a", "good", "fortune", ",", "must"), w$tokens))
  expect_identical(rnn_detokenize(ids, w)[2], "of a good fortune , must be in want of a wife .")
})

test_that("lower = TRUE lower-cases before counting and before looking up", {
  v <- rnn_vocab(c("The the THE", "tHe end"), level = "word", lower = TRUE)
  expect_identical(v$tokens, c("<unk>", "the", "end"))
  expect_identical(v$counts, c(0L, 4L, 1L))
  expect_identical(rnn_tokenize("THE End", v)[1, ], c(2L, 3L))
})

test_that("tokens outside the vocabulary get the unknown id, or an error without one", {
  v <- rnn_vocab("abcab")
  expect_identical(v$tokens, c("<unk>", "a", "b", "c"))
  expect_identical(v$unknown, 1L)
  expect_identical(rnn_tokenize("abxz", v)[1, ], c(2L, 3L, 1L, 1L))
  expect_identical(rnn_detokenize(c(2, 1, 3), v), "a<unk>b")
  w <- rnn_vocab("abcab", unknown = NULL)
  expect_identical(w$tokens, c("a", "b", "c"))
  expect_true(is.na(w$unknown))
  expect_identical(rnn_tokenize("cab", w)[1, ], c(3L, 1L, 2L))
  expect_error(rnn_tokenize(c("abx", "zzy"), w),
               "4 tokens that are not in `vocab`, which has no unknown token: \"x\", \"z\", \"y\"",
               class = "recurrent_error")
  expect_error(rnn_vocab("a?b", unknown = "?"), "must not be a token of `text`",
               class = "recurrent_error")
  expect_error(rnn_vocab("ab", unknown = ""), "`unknown` must be a non-empty string or NULL",
               class = "recurrent_error")
  u <- rnn_vocab("ab", unknown = "<?>")
  expect_identical(u$tokens[1], "<?>")
})

test_that("max_size keeps the most frequent tokens, ties by first appearance", {
  # counts: a 3, b 1, c 3, d 1, e 1; first appearance b, c, a, d, e
  txt <- c("bc", "adace", "ca")
  v <- rnn_vocab(txt)
  expect_identical(v$tokens, c("<unk>", "c", "a", "b", "d", "e"))
  expect_identical(v$counts, c(0L, 3L, 3L, 1L, 1L, 1L))
  v3 <- rnn_vocab(txt, max_size = 3)              # the unknown token counts
  expect_identical(v3$tokens, c("<unk>", "c", "a"))
  expect_identical(v3$counts, c(3L, 3L, 3L))        # b, d, e: 3 tokens stand as unknown
  n3 <- rnn_vocab(txt, max_size = 3, unknown = NULL)
  expect_identical(n3$tokens, c("c", "a", "b"))
  m2 <- rnn_vocab(txt, min_count = 2)
  expect_identical(m2$tokens, c("<unk>", "c", "a"))
  expect_identical(rnn_tokenize("abcde", v3)[1, ], c(3L, 1L, 2L, 1L, 1L))
  expect_identical(rnn_vocab(txt, max_size = Inf)$tokens, v$tokens)
  # the same text gives the same ids
  expect_identical(rnn_vocab(rev(txt))$tokens[c(1, 2, 3)], c("<unk>", "c", "a"))
})

test_that("padding: right-padded with 0, max_len truncates and fixes the width", {
  v <- rnn_vocab(c("abc", "a", "abcdefg"))
  ids <- rnn_tokenize(c("abc", "a", "abcdefg"), v)
  expect_identical(dim(ids), c(3L, 7L))
  expect_identical(ids[2, ], c(ids[2, 1], rep(0L, 6)))
  expect_true(all(ids[1, 4:7] == 0L))
  t3 <- rnn_tokenize(c("abc", "a", "abcdefg"), v, max_len = 3)
  expect_identical(t3, ids[, 1:3])                # the first max_len tokens are kept
  t10 <- rnn_tokenize(c("abc", "a"), v, max_len = 10)
  expect_identical(dim(t10), c(2L, 10L))
  expect_identical(t10[, 1:3], ids[1:2, 1:3])
  expect_true(all(t10[, 4:10] == 0L))
  # zeros only at the right end, every row at least one token
  for (m in list(ids, t3, t10)) {
    len <- rowSums(m != 0)
    expect_true(all(len >= 1))
    for (i in seq_len(nrow(m))) expect_true(all(m[i, seq_len(len[i])] > 0))
  }
  # names become row names
  named <- rnn_tokenize(c(first = "ab", second = "c"), v)
  expect_identical(rownames(named), c("first", "second"))
  expect_identical(names(rnn_detokenize(named, v)), c("first", "second"))
  # pad = FALSE: a list of integer vectors, truncated too
  l <- rnn_tokenize(c("abc", "a"), v, max_len = 2, pad = FALSE)
  expect_identical(l, list(ids[1, 1:2], ids[2, 1]))
})

test_that("a text with no token is an error when padding, empty when not", {
  v <- rnn_vocab("ab ab", level = "word")
  expect_error(rnn_tokenize(c("ab", "", "ab", "  \t "), v),
               "elements 2, 4 have none \\(an empty or blank string\\)",
               class = "recurrent_error")
  expect_error(rnn_tokenize("", rnn_vocab("ab")), "element 1 has none \\(an empty string\\)",
               class = "recurrent_error")
  expect_identical(rnn_tokenize(c("ab", ""), v, pad = FALSE), list(2L, integer(0)))
  expect_identical(rnn_detokenize(list(2L, integer(0)), v), c("ab", ""))
  expect_identical(rnn_detokenize(matrix(c(2L, 0L, 0L, 0L), 2), v), c("ab", ""))
  expect_error(rnn_vocab(c("", "  "), level = "word"), "must contain at least one word",
               class = "recurrent_error")
  expect_error(rnn_vocab(""), "must contain at least one character",
               class = "recurrent_error")
})

test_that("bad text, vocab and ids are refused with what was received", {
  v <- rnn_vocab("abc")
  expect_error(rnn_vocab(c("a", NA, "b")), "must not contain NA, but element 2 is NA",
               class = "recurrent_error")
  expect_error(rnn_tokenize(c(NA_character_, NA_character_), v), "elements 1, 2 are NA", class = "recurrent_error")
  expect_error(rnn_vocab(1:3), "`text` must be a character vector .*, not an? integer vector of length 3",
               class = "recurrent_error")
  expect_error(rnn_vocab(factor("a")), "not a factor of length 1", class = "recurrent_error")
  expect_error(rnn_vocab(list("a")), "not a list of length 1", class = "recurrent_error")
  expect_error(rnn_vocab(character(0)), "not an empty character vector",
               class = "recurrent_error")
  expect_error(rnn_vocab(matrix("a", 2, 2)), "not a character array",
               class = "recurrent_error")
  expect_error(rnn_vocab("a", level = "byte"), "`level` must be one of",
               class = "recurrent_error")
  expect_error(rnn_vocab("a", max_size = 0), "`max_size` must be a positive integer or Inf",
               class = "recurrent_error")
  expect_error(rnn_vocab("a", min_count = 1.5), "`min_count` must be a positive integer",
               class = "recurrent_error")
  expect_error(rnn_vocab("a", lower = NA), "`lower` must be TRUE or FALSE",
               class = "recurrent_error")
  expect_error(rnn_tokenize("a", list(tokens = "a")), "`vocab` must be a vocabulary made by rnn_vocab\\(\\), not a list",
               class = "recurrent_error")
  bad <- v
  bad$tokens <- c("a", "a")
  expect_error(rnn_tokenize("a", bad), "not an altered rnn_vocab", class = "recurrent_error")
  expect_error(rnn_tokenize("a", v, max_len = 0), "`max_len` must be a positive integer",
               class = "recurrent_error")
  expect_error(rnn_tokenize("a", v, pad = "yes"), "`pad` must be TRUE or FALSE",
               class = "recurrent_error")
  expect_error(rnn_detokenize(c(1, 5), v), "whole numbers in 0..4 .* containing 5",
               class = "recurrent_error")
  expect_error(rnn_detokenize(c(1, NA), v), "containing NA", class = "recurrent_error")
  expect_error(rnn_detokenize(1.5, v), "containing 1.5", class = "recurrent_error")
  expect_error(rnn_detokenize("a", v), "not the string \"a\"", class = "recurrent_error")
  expect_error(rnn_detokenize(array(1, c(1, 1, 1)), v), "not a double array",
               class = "recurrent_error")
  # errors name the user's call
  err <- tryCatch(rnn_tokenize("a", v, max_len = -1), error = identity)
  expect_identical(as.character(conditionCall(err)[[1]]), "rnn_tokenize")
  err <- tryCatch(rnn_vocab(NA_character_), error = identity)
  expect_identical(as.character(conditionCall(err)[[1]]), "rnn_vocab")
  err <- tryCatch(rnn_detokenize(-1, v), error = identity)
  expect_identical(as.character(conditionCall(err)[[1]]), "rnn_detokenize")
})

test_that("print shows the size, the unknown token and the most frequent tokens", {
  v <- rnn_vocab(c("aab\n", "ba"), max_size = 3)
  out <- capture.output(print(v))
  expect_match(out[1], "<rnn_vocab> V = 3 character tokens")
  expect_true(any(grepl("unknown token \"<unk>\" = id 1 \\(stood for 1 token of", out)))
  expect_true(any(grepl("2 \"a\" +3", out)))
  expect_identical(utils::tail(capture.output(print(v, n = 1)), 1), "  ... and 1 more")
  w <- rnn_vocab("x y", level = "word", unknown = NULL)
  expect_true(any(grepl("no unknown token", capture.output(print(w)))))
  capture.output(r <- withVisible(print(w)))
  expect_false(r$visible)
  expect_identical(r$value, w)
})

test_that("a vocabulary survives saveRDS with the same ids", {
  v <- rnn_vocab(austen, level = "word", max_size = 20)
  f <- tempfile(fileext = ".rds")
  on.exit(unlink(f))
  saveRDS(v, f)
  v2 <- readRDS(f)
  expect_identical(rnn_tokenize(austen, v2), rnn_tokenize(austen, v))
})

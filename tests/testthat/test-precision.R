# rnn_net(precision =) (issue 24): stored in the net, honoured by every entry
# point, defaulted by options(recurrent.precision), refused when malformed;
# nets without the field (double ones, and all saved before) stay double.

test_that("precision is stored for single nets only, and printed", {
  set.seed(1)
  d <- rnn_net(2, 4)
  set.seed(1)
  s <- rnn_net(2, 4, precision = "single")
  expect_null(d$spec$precision)                 # as every net saved before
  expect_identical(s$spec$precision, "single")
  expect_identical(s$params, d$params)          # the same draws from R's RNG
  set.seed(1)
  expect_identical(rnn_net(2, 4, precision = "double"), d)
  expect_match(capture.output(print(s))[1], "single precision")
  expect_false(any(grepl("precision", capture.output(print(d)))))
  expect_match(capture.output(print(summary(s)))[1], "single precision")
  expect_identical(recurrent:::spec_codes(s$spec)[12], 1L)
  expect_identical(recurrent:::spec_codes(d$spec)[12], 0L)
})

test_that("options(recurrent.precision) sets the default of new nets", {
  old <- options(recurrent.precision = "single")
  on.exit(options(old))
  expect_identical(rnn_net(1, 3)$spec$precision, "single")
  expect_null(rnn_net(1, 3, precision = "double")$spec$precision)
  options(recurrent.precision = "double")
  expect_null(rnn_net(1, 3)$spec$precision)
  options(recurrent.precision = "half")
  expect_error(rnn_net(1, 3), class = "recurrent_error",
               "`getOption\\(\"recurrent.precision\"\\)` must be one of \"double\", \"single\", not the string \"half\"")
  expect_identical(rnn_net(1, 3, precision = "single")$spec$precision, "single")
})

test_that("a malformed precision is a classed error saying what was expected", {
  for (bad in list("half", "float", NA, 32, c("single", "double"), NULL, TRUE)) {
    err <- tryCatch(rnn_net(1, 3, precision = bad), error = function(e) e)
    expect_s3_class(err, "recurrent_error")
    expect_match(conditionMessage(err), "^`precision` must be one of \"double\", \"single\", not ")
  }
  err <- tryCatch(rnn_net(1, 3, precision = "half"), error = function(e) e)
  expect_identical(conditionMessage(err),
                   "`precision` must be one of \"double\", \"single\", not the string \"half\".")
  expect_identical(deparse(conditionCall(err)), "rnn_net(1, 3, precision = \"half\")")
})

test_that("a net without the field is double; a hand-edited one is refused", {
  set.seed(2)
  s <- rnn_net(2, 5, precision = "single")
  x <- array(rnorm(3 * 4 * 2), c(3, 4, 2))
  old <- s
  old$spec$precision <- NULL                    # as saved before issue 24
  expect_identical(predict(old, x), predict(with_precision(s, "double"), x))
  explicit <- s
  explicit$spec$precision <- "double"
  expect_identical(predict(explicit, x), predict(old, x))
  bad <- s
  bad$spec$precision <- "half"
  expect_error(predict(bad, x), "not a valid rnn_net .*spec. has been altered",
               class = "recurrent_error")
})

test_that("every entry point computes in the net's precision", {
  set.seed(3)
  s <- rnn_net(2, 6, 2, cell = "lstm", layers = 2, return_sequences = TRUE,
               precision = "single")
  d <- with_precision(s, "double")
  x <- array(rnorm(5 * 7 * 2), c(5, 7, 2))
  y <- array(rnorm(5 * 7 * 2), c(5, 7, 2))
  ps <- predict(s, x); pd <- predict(d, x)
  expect_true(is_float_valued(ps))
  expect_false(is_float_valued(pd))
  expect_lt(max_rel_diff(ps, pd), 1e-5)
  gs <- rnn_gradients(s, x, y); gd <- rnn_gradients(d, x, y)
  expect_true(is_float_valued(gs$gradients))
  expect_lt(max_rel_diff(gs$gradients, gd$gradients), 1e-5)
  expect_lt(abs(gs$loss - gd$loss) / gd$loss, 1e-6)
  # stepping: the state is float, and carries over as in one piece
  a <- rnn_step_state(s, x[, 1:3, , drop = FALSE])
  b <- rnn_step_state(s, x[, 4:7, , drop = FALSE], a$state)
  expect_true(is_float_valued(a$state))
  expect_identical(b$output, unname(ps[, 4:7, , drop = FALSE]))
  # training: float weights and moments, the epoch's weights handed back as floats
  set.seed(4)
  ts <- rnn_train(s, x, y, epochs = 3, batch_size = 2, validation = 0, verbose = FALSE)
  set.seed(4)
  td <- rnn_train(d, x, y, epochs = 3, batch_size = 2, validation = 0, verbose = FALSE)
  expect_true(is_float_valued(ts$params))
  expect_identical(ts$spec$precision, "single")
  expect_lt(max_rel_diff(ts$params, td$params), 1e-4)
  expect_lt(max(abs(ts$history$loss - td$history$loss) / td$history$loss), 1e-5)
})

test_that("token language models generate in single precision", {
  set.seed(5)
  V <- 5
  ids <- matrix(sample(1:V, 8 * 6, TRUE), 8)
  s <- rnn_net(3, 8, V, cell = "gru", output_activation = "softmax",
               return_sequences = TRUE, vocab_size = V, precision = "single")
  s <- rnn_train(s, ids[, -6], ids[, -1], loss = "crossentropy", epochs = 2,
                 validation = 0, verbose = FALSE)
  expect_true(is_float_valued(s$params))
  st <- rnn_step_state(s, ids[1, 1:3])
  expect_true(is_float_valued(st$output))
  g <- rnn_generate(s, ids[1, 1:3], 5, greedy = TRUE)
  expect_identical(g, rnn_generate(s, ids[1, 1:3], 5, greedy = TRUE))
  expect_true(all(g %in% 1:V))
})

test_that("a single net survives saveRDS/readRDS", {
  set.seed(6)
  s <- rnn_net(1, 4, cell = "gru", precision = "single")
  x <- array(rnorm(20 * 5), c(20, 5, 1))
  s <- rnn_train(s, x, rnorm(20), epochs = 2, verbose = FALSE)
  f <- tempfile(fileext = ".rds")
  on.exit(unlink(f))
  saveRDS(s, f)
  s2 <- readRDS(f)
  expect_identical(s2$spec$precision, "single")
  expect_identical(predict(s2, x), predict(s, x))
})

test_that("single precision ignores recurrent.blas (R's BLAS is double only)", {
  set.seed(7)
  s <- rnn_net(3, 8, cell = "gru", layers = 2, bidirectional = TRUE, precision = "single")
  x <- array(rnorm(10 * 5 * 3), c(10, 5, 3)); y <- rnorm(10)
  a <- rnn_gradients(s, x, y)
  old <- options(recurrent.blas = "R")
  on.exit(options(old))
  expect_identical(rnn_gradients(s, x, y), a)
})

test_that("rnn_fit() passes precision to its networks and checks it", {
  set.seed(8)
  fit <- rnn_fit(nottem, hidden = 4, repeats = 1, epochs = 2, cell = "gru",
                 precision = "single")
  expect_identical(recurrent:::fc_networks(fit)[[1]]$spec$precision, "single")
  expect_true(inherits(predict(fit, h = 3), "rnn_forecast"))
  expect_error(rnn_fit(nottem, precision = "half"), class = "recurrent_error",
               "`precision` must be one of \"double\", \"single\"")
})

test_that("rnn_fit()'s networks, pretrained ones too, are single unless told otherwise", {
  set.seed(2)
  y <- ts(100 + 10 * sin(2 * pi * (1:96) / 12) + cumsum(rnorm(96, sd = 2)),
          frequency = 12, start = 2000)
  precisions <- function(fit) {
    nets <- recurrent:::fc_networks(fit)
    expect_gt(length(nets), 0L)
    unique(vapply(nets, function(n) if (is.null(n$spec$precision)) "double" else n$spec$precision, ""))
  }
  old <- options(recurrent.precision = NULL)
  on.exit(options(old))
  set.seed(3)
  fit <- rnn_fit(y)
  # a fit of the pretrained model: its fine-tuned networks are here
  expect_s3_class(fit, "rnn_combination")
  expect_identical(precisions(fit), "single")
  set.seed(3)
  # precision does not make the local model "specified": the pretrained competes
  fit_d <- rnn_fit(y, precision = "double")
  expect_s3_class(fit_d, "rnn_combination")
  expect_identical(precisions(fit_d), "double")
  options(recurrent.precision = "double")
  set.seed(3)
  expect_identical(precisions(rnn_fit(y)), "double")
  expect_identical(precisions(rnn_fit(y, precision = "single")), "single")
  options(recurrent.precision = NULL)
  expect_identical(precisions(rnn_fit(y, pretrained = "only")), "single")
  expect_identical(precisions(rnn_fit(y, pretrained = "only", precision = "double")), "double")
  expect_identical(precisions(rnn_fit(y, pretrained = "none", repeats = 1, epochs = 2)), "single")
  # the same model in both precisions: forecasts agree to float's accuracy
  expect_equal(predict(fit, h = 6)$mean, predict(fit_d, h = 6)$mean, tolerance = 1e-3)
})

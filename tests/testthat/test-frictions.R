# Argument checks a new user runs into (issue 22, item 3), from the issue's
# commands on simulated series (R's datasets are reserved for independent
# evaluation): the forecast package's habits, typos, covariates renamed.

fr_monthly <- function() {
  set.seed(1)
  ts(200 + cumsum(rnorm(96, 0.5)) + 15 * sin(2 * pi * (1:96) / 12), frequency = 12, start = 2010)
}

test_that("rnn_fit(y, h = 12) says to use `horizon` (not R's 'matches multiple formal arguments')", {
  m <- fr_monthly()
  e <- expect_error(rnn_fit(m, h = 12), class = "recurrent_error_unknown_argument")
  expect_match(conditionMessage(e), "`horizon` when fitting")
  expect_error(rnn_fit(m, lambda = 0), "transform = \"log\"", class = "recurrent_error_unknown_argument")
  expect_error(rnn_fit(m, epocs = 2), "`epocs`", class = "recurrent_error_unknown_argument")
})

test_that("rnn_net() and rnn_train() name an unknown argument", {
  expect_error(rnn_net(1, 2, 1, hiden = 3), "`hiden`.*hidden_size", class = "recurrent_error_unknown_argument")
  net <- rnn_net(1, 2, 1)
  expect_error(rnn_train(net, array(0, c(4, 3, 1)), matrix(0, 4, 1), epocs = 2),
               "`epocs`.*epochs", class = "recurrent_error_unknown_argument")
  expect_error(update(rnn_fit(fr_monthly(), repeats = 1, hidden = 4, epochs = 2, pretrained = "none"),
                      fr_monthly(), epocs = 3), "`epocs`", class = "recurrent_error_unknown_argument")
})

test_that("newxreg with other covariates than the fit's is refused; renamed by position only without names", {
  m <- fr_monthly()
  set.seed(2)
  fx <- rnn_fit(m, xreg = data.frame(temp = rnorm(96), wind = rnorm(96)), repeats = 1, hidden = 4, epochs = 2)
  nx <- data.frame(temp = rnorm(18), wind = rnorm(18))
  expect_error(predict(fx, h = 18, newxreg = setNames(nx, c("temp", "rain"))), "`temp`, `wind`",
               class = "recurrent_error_newxreg")
  # the same columns in another order are reordered, unnamed ones taken by position
  a <- predict(fx, h = 18, newxreg = nx)
  expect_equal(predict(fx, h = 18, newxreg = nx[, 2:1])$mean, a$mean)
  expect_equal(predict(fx, h = 18, newxreg = unname(as.matrix(nx)))$mean, a$mean)
})

test_that("newdata of another frequency and extreme scales give classed errors or forecasts", {
  m <- fr_monthly()
  fit <- rnn_fit(m, repeats = 1, hidden = 4, epochs = 2, pretrained = "none")
  q <- ts(100 + cumsum(rnorm(40)), frequency = 4, start = 2000)
  expect_error(predict(fit, newdata = q), class = "recurrent_error_newdata")
  for (s in c(1e300, 1e-300)) {
    f <- tryCatch(predict(rnn_fit(m * s, repeats = 1, hidden = 4, epochs = 2), h = 3),
                  error = function(e) e)
    if (inherits(f, "error")) expect_s3_class(f, "recurrent_error") else
      expect_true(all(is.finite(f$mean)))
  }
})

test_that("a fit of a frequency without a pretrained model does not suggest pretrained = 'auto'", {
  set.seed(3)
  px <- ts(100 * exp(cumsum(rnorm(300, sd = 0.01))), frequency = 260)
  fit <- rnn_fit(px, horizon = 5, hidden = 4, repeats = 1, epochs = 2, verbose = FALSE)
  out <- capture.output(print(fit))
  expect_false(any(grepl("lets it compete", out)))
  expect_true(any(grepl("no pretrained model for frequency 260", out)))
})

# RNN() for fabletools::model() on a tsibble, one model per key.

fable_ready <- function() {
  # tsibble loads anytime, whose onLoad may warn about the system time zone
  suppressWarnings(all(vapply(c("fabletools", "tsibble", "distributional"), requireNamespace,
                              logical(1), quietly = TRUE)))
}

test_that("tsibble |> model(RNN(value)) |> forecast(h) works per key, with accuracy()", {
  skip_if_not(fable_ready(), "fabletools, tsibble or distributional missing")
  d <- as.Date("2024-01-01") + 0:139
  set.seed(9)
  tsb <- tsibble::tsibble(
    date = rep(d, 2), site = rep(c("b", "a"), each = 140),
    value = c(20 + 3 * sin(2 * pi * (0:139) / 7) + rnorm(140),
              5 + 0.1 * (0:139) + rnorm(140, sd = 0.5)),
    index = date, key = site)
  mbl <- fabletools::model(tsb, rnn = RNN(value, repeats = 0))
  expect_equal(nrow(mbl), 2L)
  fc <- fabletools::forecast(mbl, h = 10)
  expect_equal(nrow(fc), 20L)
  expect_equal(sort(unique(fc$date)), d[140] + 1:10)
  # the same forecasts as rnn_fit() on each series alone
  one <- data.frame(date = d, value = tsb$value[tsb$site == "b"])
  ref <- predict(rnn_fit(one, repeats = 0), h = 10)
  got <- fc[fc$site == "b", ]
  expect_equal(got$.mean[order(got$date)], as.numeric(ref$mean))
  expect_equal(as.numeric(quantile(got$value[order(got$date)], 0.9)), as.numeric(ref$upper[, "80%"]))
  acc <- fabletools::accuracy(mbl)
  expect_equal(nrow(acc), 2L)
  expect_true(all(is.finite(acc$RMSE)))
  expect_match(format(mbl$rnn[[1]]), "RNN")
  # fabletools >= 0.6 hands autoplot() of fables to the ggtime package (its
  # own method remains, deprecated, and is registered only when attached)
  ggtime <- "ggtime"           # a string: R CMD check need not list it as a dependency
  ap <- if (suppressWarnings(requireNamespace(ggtime, quietly = TRUE))) ggplot2::autoplot else
    get0("autoplot.fbl_ts", envir = asNamespace("fabletools"))
  skip_if(is.null(ap), "no autoplot() for fables")
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  expect_no_error(suppressWarnings(print(ap(fc, tsb))))
  grDevices::dev.off()
})

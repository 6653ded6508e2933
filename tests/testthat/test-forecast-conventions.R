# Plot arguments, legend placement, autoplot order, accuracy(), no leaked
# warnings.

in_png <- function(expr) {
  f <- tempfile(fileext = ".png")
  grDevices::png(f)
  on.exit({ grDevices::dev.off(); unlink(f) })
  force(expr)
}

test_that("plot methods take xlim, ylim, main, xlab, ylab and col", {
  set.seed(1)
  fit <- rnn_fit(EuStockMarkets[1:300, 1:2], repeats = 0, horizon = 5)
  fc <- predict(fit, h = 10)
  args <- list(xlim = c(1991.9, 1992.9), ylim = c(1000, 2500), main = "title", xlab = "x",
               ylab = "y", col = "red")
  expect_no_error(in_png(do.call(plot, c(list(fc$forecast[[1]]), args))))
  expect_no_error(in_png(do.call(plot, c(list(fc), args))))
  expect_no_error(in_png(do.call(plot, c(list(fit), args[-6]))))
  set.seed(2)
  fit1 <- rnn_fit(LakeHuron, repeats = 1, hidden = 4, epochs = 3)
  expect_no_error(in_png(plot(fit1, xlim = c(0, 5), ylim = c(0.1, 10), main = "m", xlab = "e",
                              ylab = "l", col = "blue")))
  expect_error(in_png(plot(fc$forecast[[1]], xlim = 3)), "`xlim` must be two increasing",
               class = "recurrent_error")
  # dated: xlim as dates
  d <- as.Date("2024-01-01") + 0:99
  fcd <- predict(rnn_fit(data.frame(d = d, v = sin(1:100)), repeats = 0), h = 5)
  expect_no_error(in_png(plot(fcd, xlim = as.Date(c("2024-03-01", "2024-04-20")), ylim = c(-2, 2),
                              main = "dated")))
})

test_that("the legend goes where there is no data", {
  place <- recurrent:::fc_legend_place
  # a line rising from bottom left to top right: the other corners are free
  x <- 1:100
  expect_true(place(x, x, x, c(1, 100), c(1, 100)) %in% c("topleft", "bottomright"))
  # data high on the left and a band at the right top: bottom left is free
  expect_equal(place(c(1:50, 80:100), c(rep(90, 50), rep(60, 21)), c(rep(95, 50), rep(100, 21)),
                     c(1, 100), c(0, 100)), "bottomleft")
  # data everywhere: outside
  expect_equal(place(x, rep(0, 100), rep(100, 100), c(1, 100), c(0, 100)), "outside")
  # a wavy line at mid-height leaves the top 35% free: a legend fits there on
  # a tall plot, not in a short panel where its four rows need more height
  wave <- 50 + 8 * sin(x / 5)
  lab <- c("observed", "forecast", "95% interval", "80% interval")
  png(tempfile(fileext = ".png"), width = 600, height = 600)
  tall <- place(x, wave, wave, c(1, 100), c(0, 100), lab)
  grDevices::dev.off()
  png(tempfile(fileext = ".png"), width = 600, height = 600)
  graphics::par(mfrow = c(4, 1))
  short <- place(x, wave, wave, c(1, 100), c(0, 100), lab)
  grDevices::dev.off()
  expect_match(tall, "^(top|bottom)")
  expect_equal(short, "outside")
})

test_that("autoplot() of a joint forecast keeps the column order", {
  skip_if_not_installed("ggplot2")
  fit <- rnn_fit(EuStockMarkets[1:300, c("SMI", "DAX", "FTSE")], repeats = 0, horizon = 5)
  g <- ggplot2::autoplot(predict(fit, h = 5))
  b <- ggplot2::ggplot_build(g)
  expect_equal(levels(g$layers[[1]]$data$series), c("SMI", "DAX", "FTSE"))
  expect_equal(as.character(b$layout$layout$series), c("SMI", "DAX", "FTSE"))
})

test_that("accuracy(fit) gives training-set measures through forecast::accuracy", {
  skip_if_not_installed("forecast")
  fit <- rnn_fit(AirPassengers, repeats = 0)
  a <- forecast::accuracy(fit)
  expect_equal(rownames(a), "Training set")
  expect_equal(colnames(a), c("ME", "RMSE", "MAE", "MPE", "MAPE", "MASE", "ACF1"))
  e <- na.omit(as.numeric(residuals(fit)))
  expect_equal(a[1, "RMSE"], sqrt(mean(e^2)))
  expect_equal(a[1, "MASE"], mean(abs(e)) / mean(abs(diff(AirPassengers, 12))))
  a2 <- forecast::accuracy(rnn_fit(EuStockMarkets[1:200, c("DAX", "SMI", "FTSE")], repeats = 0, horizon = 5))
  expect_equal(nrow(a2), 3L)
  expect_match(rownames(a2)[2], "Training set: SMI")
})

test_that("internals leak no warnings", {
  expect_no_warning(rnn_fit(1:100, repeats = 0))
  expect_no_warning(rnn_fit(rep(5, 60), repeats = 0))
})

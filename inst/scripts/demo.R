# Demo: forecast the German DAX stock index (datasets::EuStockMarkets, daily
# closing prices, 260 business days a year) 20 trading days ahead with an
# ensemble of LSTM networks, print the forecast table and save a plot.
#
# EuStockMarkets is a `ts` without dates (time 1991.496, 1991.500, ...). Its
# days are business days from 1 July 1991, so they are given their dates
# (Monday to Friday; the series does not mark market holidays) and the fit
# reads a data frame with a Date column, as a user's price data comes: the
# forecast is labelled with the next business days.
#
#   make demo, or Rscript inst/scripts/demo.R after installing recurrent
library(recurrent)

days <- seq(as.Date("1991-07-01"), by = "day", length.out = 2700)
days <- days[!format(days, "%u") %in% c("6", "7")][seq_len(nrow(EuStockMarkets))]
last <- tail(seq_along(days), 500)                          # the last 500 days
DAX <- data.frame(date = days[last], DAX = as.numeric(EuStockMarkets[last, "DAX"]))

set.seed(2024)
fit <- rnn_fit(DAX, horizon = 20, hidden = 16, repeats = 3, verbose = FALSE)
print(fit)

fc <- forecast(fit, h = 20, level = c(80, 95))
cat("\n")
print(fc)

png_file <- file.path(getwd(), "demo-forecast.png")
grDevices::png(png_file, width = 900, height = 520, res = 110)
plot(fc, include = 150, ylab = "DAX", main = "DAX: 20 trading days ahead (recurrent LSTM ensemble)")
invisible(grDevices::dev.off())
cat(sprintf("\nPlot written to %s\n", png_file))

# Demo: forecast the German DAX stock index (datasets::EuStockMarkets, daily
# closing prices, 260 business days a year) 20 trading days ahead with an
# ensemble of LSTM networks, print the forecast table and save a plot.
#
#   make demo, or Rscript inst/scripts/demo.R after installing recurrent
library(recurrent)

set.seed(2024)
dax <- EuStockMarkets[, "DAX"]
DAX <- window(dax, start = time(dax)[length(dax) - 499])   # the last 500 days

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

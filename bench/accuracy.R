# Forecast accuracy of rnn_fit() with its defaults against the forecast package's
# ets, auto.arima, thetaf, nnetar and seasonal naive, on the last h points of
# built-in series (h = rnn_fit's default horizon for the series' frequency:
# 18 monthly, 8 quarterly, 10 yearly or none).
#
# Prints MASE per series and method (scaled by the in-sample mean absolute
# seasonal difference, as forecast::accuracy does), the geometric mean of MASE
# per method, and the empirical coverage of the 80% and 95% intervals over all
# test points.
#
# Run after installing the package:   Rscript bench/accuracy.R
# Options (environment variables):
#   BENCH_SERIES="AirPassengers,nottem"  only these series
#   BENCH_VARIANTS=1                     also score variants of rnn_fit (ablation)
#   BENCH_BASELINES=0                    skip the forecast-package baselines
suppressPackageStartupMessages({
  library(recurrent)
  if (!requireNamespace("forecast", quietly = TRUE)) {
    stop("bench/accuracy.R needs the forecast package: install.packages(\"forecast\")")
  }
})

# The shared series list, horizon_for() and mase_scale(), next to this script.
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(bench_file), "series.R"))
all_series <- bench_series
sel <- Sys.getenv("BENCH_SERIES")
if (nzchar(sel)) all_series <- all_series[strsplit(sel, ",")[[1]]]
with_baselines <- Sys.getenv("BENCH_BASELINES", "1") != "0"

# Each method: function(train, h) -> list(mean, lower [h x 2], upper [h x 2])
# for levels 80 and 95.
from_forecast <- function(f) list(mean = as.numeric(f$mean),
                                  lower = unclass(f$lower), upper = unclass(f$upper))

rnn_method <- function(...) {
  args <- list(...)
  function(train, h) {
    set.seed(42)
    fit <- do.call(rnn_fit, c(list(train, verbose = FALSE), args))
    from_forecast(predict(fit, h = h, level = c(80, 95)))
  }
}

methods <- list(rnn = rnn_method())
if (Sys.getenv("BENCH_VARIANTS") == "1") {
  methods <- c(methods, list(
    rnn_linear_only = rnn_method(repeats = 0),
    rnn_no_linear   = rnn_method(linear = FALSE),
    rnn_base_none   = rnn_method(base = "none"),
    rnn_single_net  = rnn_method(repeats = 1),
    rnn_recursive   = rnn_method(strategy = "recursive")
  ))
}
if (with_baselines) {
  methods <- c(methods, list(
    ets     = function(train, h) from_forecast(forecast::forecast(forecast::ets(train), h = h, level = c(80, 95))),
    arima   = function(train, h) from_forecast(forecast::forecast(forecast::auto.arima(train), h = h, level = c(80, 95))),
    theta   = function(train, h) from_forecast(forecast::thetaf(train, h = h, level = c(80, 95))),
    nnetar  = function(train, h) {
      set.seed(42)
      fit <- forecast::nnetar(train)
      from_forecast(forecast::forecast(fit, h = h, PI = TRUE, npaths = 200, level = c(80, 95)))
    },
    snaive  = function(train, h) from_forecast(forecast::snaive(train, h = h, level = c(80, 95)))
  ))
}

mase <- matrix(NA_real_, length(all_series), length(methods),
               dimnames = list(names(all_series), names(methods)))
cover80 <- cover95 <- count <- setNames(numeric(length(methods)), names(methods))
secs <- setNames(numeric(length(methods)), names(methods))

for (s in names(all_series)) {
  y <- all_series[[s]]
  if (!is.ts(y)) y <- ts(y)
  h <- horizon_for(frequency(y))
  n <- length(y)
  train <- window(y, end = time(y)[n - h])
  test <- as.numeric(window(y, start = time(y)[n - h + 1]))
  sc <- mase_scale(train)
  for (mname in names(methods)) {
    t0 <- proc.time()[["elapsed"]]
    res <- tryCatch(methods[[mname]](train, h), error = function(e) {
      message(sprintf("%s on %s failed: %s", mname, s, conditionMessage(e)))
      NULL
    })
    secs[mname] <- secs[mname] + proc.time()[["elapsed"]] - t0
    if (is.null(res)) next
    mase[s, mname] <- mean(abs(test - res$mean)) / sc
    if (!is.null(res$lower) && ncol(res$lower) == 2) {
      cover80[mname] <- cover80[mname] + sum(test >= res$lower[, 1] & test <= res$upper[, 1])
      cover95[mname] <- cover95[mname] + sum(test >= res$lower[, 2] & test <= res$upper[, 2])
      count[mname] <- count[mname] + length(test)
    }
  }
  cat(sprintf("%-15s h=%2d  %s\n", s, h,
              paste(sprintf("%s %.3f", names(methods), mase[s, ]), collapse = "  ")))
}

gmean <- apply(mase, 2, function(v) exp(mean(log(v))))
cat("\nMASE on the last h points (lower is better)\n")
print(round(mase, 3))
cat("\nGeometric mean of MASE per method\n")
print(round(sort(gmean), 3))
cat("\nEmpirical coverage of the prediction intervals over all test points\n")
print(round(rbind(`80%` = cover80 / count, `95%` = cover95 / count), 3))
cat("\nSeconds per method (all series)\n")
print(round(secs, 1))
if ("rnn" %in% names(gmean)) {
  others <- setdiff(names(gmean)[!grepl("^rnn", names(gmean))], character(0))
  if (length(others)) {
    best <- others[which.min(gmean[others])]
    cat(sprintf("\nrnn geometric-mean MASE %.3f vs best baseline %s %.3f: %s\n",
                gmean["rnn"], best, gmean[best],
                if (gmean["rnn"] < gmean[best]) "rnn beats every baseline" else
                  "rnn does NOT beat every baseline"))
  }
}

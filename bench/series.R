# Shared by bench/accuracy.R and bench/coverage.R: the benchmark series, the
# forecast horizon used for each, and the MASE scale.

# Promised, not read: scripts that never use the panel (bench/accuracy.R
# without --collections=panel) never touch R's datasets or the forecast
# package's series, which are reserved for independent evaluation.
delayedAssign("bench_series", local({
  eu <- datasets::EuStockMarkets
  bench <- list(
    AirPassengers  = datasets::AirPassengers,
    nottem         = datasets::nottem,
    DAX            = ts(as.numeric(eu[, "DAX"])),
    SMI            = ts(as.numeric(eu[, "SMI"])),
    FTSE           = ts(as.numeric(eu[, "FTSE"])),
    JohnsonJohnson = datasets::JohnsonJohnson,
    LakeHuron      = datasets::LakeHuron,
    WWWusage       = datasets::WWWusage,
    austres        = datasets::austres,
    BJsales        = datasets::BJsales,
    UKDriverDeaths = datasets::UKDriverDeaths
  )
  if (requireNamespace("forecast", quietly = TRUE)) bench$woolyrnq <- forecast::woolyrnq
  bench
}))

# rnn_fit's default horizon for these frequencies: 18 monthly, 8 quarterly, 10 otherwise.
horizon_for <- function(freq) switch(as.character(round(freq)), "12" = 18L, "4" = 8L, 10L)

# MASE scale: in-sample mean absolute difference at the seasonal lag.
mase_scale <- function(train) {
  m <- max(1L, round(frequency(train)))
  if (length(train) <= 2 * m) m <- 1L
  mean(abs(diff(as.numeric(train), lag = m)))
}

# Prototype methods for bench/highfreq.R (sourced by it; defines proto_methods).
# Each: function(train, h) -> list(mean, lower, upper) with train from
# hf_train() ($y, $periods, $freq, $df, $task). attr "version" names the code
# state: change it when a function a method calls changes, so that the cache
# recomputes that method (the harness also hashes the wrapper itself).
local({
  here <- if (exists("bench_dir")) file.path(bench_dir, "proto") else "bench/proto"
  source(file.path(here, "hf-proto.R"), local = FALSE)
})
pf_version <- function() {
  f <- file.path(if (exists("bench_dir")) file.path(bench_dir, "proto") else "bench/proto",
                 "hf-proto.R")
  unname(tools::md5sum(f))
}
pf_method <- function(f, uses_recurrent = FALSE) {
  tmp <- tempfile()
  writeLines(deparse(f), tmp)
  attr(f, "version") <- paste(pf_version(), unname(tools::md5sum(tmp)))
  if (uses_recurrent) attr(f, "uses_recurrent") <- TRUE
  f
}

proto_methods <- list(
  # the direct linear model with seasonal anchors, in-sample quantile intervals
  pf_direct = pf_method(function(train, h) pf_direct(train$y, train$periods, h)),
  # MSTL-like decomposition + AR on the adjusted series, rolling-origin intervals
  pf_mstl_ar = pf_method(function(train, h) {
    f <- function(y, h) pf_mstl_ar_mean(y, train$periods, h)
    m <- f(train$y, h)
    pf_conformal(m, pf_rolling_errors(train$y, h, f))
  }),
  # random walk with EWMA-volatility intervals
  pf_rw_vol = pf_method(function(train, h) pf_rw_vol(train$y, h))
)

# Prototype methods for bench/highfreq.R (sourced by it; defines proto_methods).
# Each: function(train, h) -> list(mean, lower, upper) with train from
# hf_train() ($y, $periods, $freq, $df, $task). attr "version" names the code
# state: change it when a function a method calls changes, so that the cache
# recomputes that method (the harness also hashes the wrapper itself).
local({
  here <- if (exists("bench_dir")) file.path(bench_dir, "proto") else "bench/proto"
  source(file.path(here, "hf-proto.R"), local = FALSE)
  source(file.path(here, "fourier.R"), local = FALSE)
})
# The state of hf-proto.R's forecasters: change this string whenever a change
# there alters what any forecaster returns (a pure refactor keeps it), so that
# the cache recomputes the prototypes. (It began as the file's md5 sum.)
PF_CODE_VERSION <- "f9f40832242c3cc2956647a4bfad8e40"
pf_version <- function() PF_CODE_VERSION
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

proto_methods <- c(proto_methods, list(
  pf_direct2 = pf_method(function(train, h) pf_v2(train$y, train$periods, h, "direct")),
  pf_mstl2 = pf_method(function(train, h) pf_v2(train$y, train$periods, h, "mstl")),
  pf_combo2 = pf_method(function(train, h) pf_v2(train$y, train$periods, h, "combo"))
))

proto_methods <- c(proto_methods, list(
  pf_mstl3 = pf_method(function(train, h) {
    shown <- pf_shown_periods(train$y, train$periods)
    f <- function(x, h) pf_mstl3_mean(x, shown, h)
    pf_conformal(f(train$y, h), pf_rolling_errors(train$y, h, f))
  }),
  pf_auto = pf_method(function(train, h) pf_auto(train$y, train$periods, h)),
  pf_auto_top2 = pf_method(function(train, h) pf_auto(train$y, train$periods, h, top2 = TRUE))
))

proto_methods <- c(proto_methods, list(
  pf_auto2 = pf_method(function(train, h) pf_auto2(train$y, train$periods, h)),
  pf_auto2_raw = pf_method(function(train, h) pf_auto2(train$y, train$periods, h, scaled = FALSE))
))

proto_methods <- c(proto_methods, list(
  pf_auto3 = pf_method(function(train, h)
    pf_auto2(train$y, train$periods, h, threshold = 0.8, shown_fun = pf_shown_periods2))
))

proto_methods <- c(proto_methods, list(
  pf_auto4 = pf_method(function(train, h)
    pf_auto2(train$y, train$periods, h, threshold = 0.8, shown_fun = pf_shown_periods3))
))

proto_methods <- c(proto_methods, list(
  pf_auto5 = pf_method(function(train, h) pf_auto5(train$y, train$periods, h)),
  pf_auto6 = pf_method(function(train, h) pf_auto5(train$y, train$periods, h, blend = TRUE))
))

proto_methods <- c(proto_methods, list(
  pf_auto7 = pf_method(function(train, h)
    pf_auto5(train$y, train$periods, h, blend = TRUE, widen = 1.5))
))

proto_methods <- c(proto_methods, list(
  pf_auto8 = pf_method(function(train, h) pf_auto8(train$y, train$periods, h))
))

proto_methods <- c(proto_methods, list(
  pf_auto9 = pf_method(function(train, h) pf_auto9(train$y, train$periods, h))
))

# The package's seasonal kind with other settings (for tuning its intervals on
# the pool): recurrent:::fc_seasonal_fit() with `args`, forecast at 80 / 95%.
# `extra`: NULL, or a function of the training data returning more members
# (fc_seasonal_fit()'s `extra`), named `name` in the cache version.
sk_method <- function(..., extra = NULL, name = NULL) {
  args <- list(...)
  f <- function(train, h) {
    a <- args
    # weekly steps get the smoothed-level member, as rnn_fit() gives them
    # (fc_weekly_steps(); builds before 2026-12-03 have no such argument)
    if ("weekly" %in% names(formals(recurrent:::fc_seasonal_fit)) && is.null(a$weekly))
      a$weekly <- round(train$freq) %in% c(52, 53)
    if (!is.null(extra)) a$extra <- extra(train)
    m <- do.call(recurrent:::fc_seasonal_fit, c(list(train$y, as.integer(round(train$periods)), h), a))
    recurrent:::fc_seasonal_forecast(m, train$y, h, c(80, 95))
  }
  attr(f, "version") <- paste(c("sk", if (!is.null(extra)) c("extra", name)),
                              paste(names(args), args, collapse = " "))
  attr(f, "uses_recurrent") <- TRUE
  f
}
proto_methods <- c(proto_methods, list(
  sk_R24_span50 = sk_method(R = 24L, span = 0.5)
))
proto_methods <- c(proto_methods, list(
  sk_mean0 = sk_method(mean_margin = 0),      # the mean of a series without cycle or drift: margins
  sk_mean5 = sk_method(mean_margin = 0.05)
))
proto_methods <- c(proto_methods, list(
  sk_align0 = sk_method(align = FALSE),       # rolling origins at mixed phases (before)
  sk_align1 = sk_method(align = TRUE)         # a whole number of cycles before the origin (the default)
))

# More members for the seasonal kind (its `extra`), chosen with the others
# on the rolling origins: harmonic regression with AR errors (fourier.R)
# with the calendar's exact periods (weekly: 52.18), in differences (d = 1)
# or about the level (d = 0). Not kept (weekly-load pool, bench/README.md).
# Measured the same way on the build before 2026-12-03 09:00 and since in the
# package: the MSTL decomposition with the smoothed level of its adjusted
# series (member mstl_es, fc_mstl_es_fit()), and rolling origins that leave
# two cycles of the longest period (sk_mstles, sk_strict, sk_mstles_strict).
sk_fourier_member <- function(train, d) {
  exact <- as.numeric(train$fourier %||% train$periods)
  P <- as.integer(round(train$periods))
  function(y, shown, h) fc_fourier_fit(y, exact[match(shown, P)], h, d = d)
}
proto_methods <- c(proto_methods, list(
  sk_fourier1 = sk_method(extra = function(train) list(fourier = sk_fourier_member(train, 1L)),
                          name = "fourier d1"),
  sk_fourier0 = sk_method(extra = function(train) list(fourier = sk_fourier_member(train, 0L)),
                          name = "fourier d0")
))

# Weekly data with the daily calendar's harmonic members (the package's
# fc_fourier_fit(), both forms, K = 3) at the year's exact 365.25 / 7 weeks,
# chosen or averaged with the others on the rolling origins; measured on the
# weekly-load pool with fpp2's gasoline added (bench/README.md, 2026-12-04,
# night).
sk_weekly_harmonic <- function(train) {
  year <- 365.25 / 7
  list(fourier = function(y, shown, h) recurrent:::fc_fourier_fit(y, year, h),
       fourier_level = function(y, shown, h) recurrent:::fc_fourier_fit(y, year, h, level = TRUE))
}
proto_methods <- c(proto_methods, list(
  sk_weekly_harm = sk_method(extra = sk_weekly_harmonic, name = "weekly harmonic, package members")
))

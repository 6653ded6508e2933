# The exponential smoothing path alone (R/forecast-smooth.R) against
# forecast::ets and thetaf on the pretraining pool: the M1 and tourism series
# of one frequency that tools/pretrain.R did NOT hold out (the smoothing
# learns nothing from other series, so the pool is fair for choosing how it
# models one series; the held-out series stay for confirmation with
# bench/many.R --heldout and bench/accuracy.R). Each series is fitted on its
# competition training part and scored on its test part.
#
#   R_LIBS=<lib> Rscript bench/proto/smooth-pool.R <set> [max series] [methods]
#
# <set>: 1, 4 or 12 (the M1 and tourism pool series of that frequency), or
# tsibble (the yearly tsibble series of tools/pretrain.R's pool: the keys it
# did not hold out, each forecast over its last 6 years; bench/accuracy.R's
# yearly-extra collection is the held-out keys), or tsibble12 (a seeded
# [max series] of the monthly tsibble series, at least 60 values, each
# forecast over its last 18 months).
#
# Variants (all additive errors on the log scale when every value is > 0):
#   aicc_test   one model, no trend or damped trend by AICc; a season only
#               when the autocorrelation at lag m is significant (before
#               2026-12-03)
#   avg_test    the average of both trends' forecasts, season as aicc_test
#   avg         the average, season from two whole cycles on (the package now)
#   avg_orig    avg on the original scale
#   avg4        the average of avg and avg_orig
#   aicw        avg's two models weighted by their Akaike weights,
#               exp(-AICc / 2) normalised; aicw2, aicw4, aicw8: exp(-AICc / 4), / 8, / 16
#               (aicw8: the package from 2026-12-03 to 2026-12-05)
#   aicw8_js    aicw8 with the figure of m > 4 shrunk toward no season
#               (fc_season_shrink(); the package since 2026-12-05)
#   gap4, gap10 avg unless the two AICc differ by more than 4 or 10: then
#               the better model alone
# Environment: RECURRENT_BENCH_LIB (Mcomp, Tcomp, forecast; installed there
# when missing).
args <- commandArgs(TRUE)
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(bench_file), "..", "text-common.R"))   # need_package()
bench_lib <- path.expand(Sys.getenv("RECURRENT_BENCH_LIB", "~/.cache/recurrent-bench-lib"))
dir.create(bench_lib, showWarnings = FALSE, recursive = TRUE)
.libPaths(c(.libPaths(), bench_lib))
for (p in c("forecast", "Mcomp", "Tcomp")) need_package(p, lib = bench_lib)
suppressMessages({ library(recurrent); library(forecast) })

set <- args[1]
nmax <- if (length(args) > 1) as.integer(args[2]) else 600L
if (set == "tsibble12") {
  # the monthly tsibble series (in no pretraining pool), each forecast over
  # its last 18 months
  source(file.path(dirname(bench_file), "tsibble-series.R"))
  all <- tsibble_series(bench_lib, file.path(dirname(bench_file), ".."))
  monthly <- all[vapply(all, stats::frequency, 1) == 12 & lengths(all) >= 60]
  monthly <- monthly[vapply(monthly, function(y) stats::sd(y) > 0, NA)]
  ser <- lapply(monthly, function(y) {
    n <- length(y)
    list(x = stats::ts(y[1:(n - 18)], start = stats::start(y), frequency = 12), xx = y[(n - 17):n])
  })
  fq <- 12
} else if (set == "tsibble") {
  source(file.path(dirname(bench_file), "tsibble-series.R"))
  all <- tsibble_series(bench_lib, file.path(dirname(bench_file), ".."))
  yearly <- all[vapply(all, stats::frequency, 1) == 1 & lengths(all) >= 16]
  yearly <- yearly[!names(yearly) %in% rnn_pretrained()$info$held_out_tsibble]
  ser <- lapply(yearly, function(y) {
    n <- length(y)
    list(x = stats::ts(y[1:(n - 6)], start = stats::start(y)), xx = y[(n - 5):n])
  })
  fq <- 1
} else {
  fq <- as.numeric(set)
  held <- rnn_pretrained()$info$held_out
  pool <- function(coll, prefix) {
    s <- Filter(function(z) frequency(z$x) == fq, coll)
    s[!paste0(prefix, names(s)) %in% held]
  }
  ser <- c(pool(Mcomp::M1, "M1/"), pool(Tcomp::tourism, "tourism/"))
}
set.seed(1)
if (length(ser) > nmax) ser <- ser[sort(sample(length(ser), nmax))]

# One smoothing variant: `trends` averaged (avg = TRUE) or chosen by AICc;
# the season after the autocorrelation test or from two cycles on; log or
# original scale.
variant <- function(trends, test, avg, log_scale = TRUE, akaike = FALSE, temp = 1,
                    gap = Inf, shrink = FALSE) function(x, h) {
  z <- as.numeric(x)
  lg <- log_scale && all(z > 0)
  if (lg) z <- log(z)
  m <- as.integer(frequency(x))
  fig <- if (m > 1L) recurrent:::fc_season_figure(z, m, min_cycles = 2L, test = test)
  if (is.null(fig)) m <- 1L
  # (the figure shrunk toward no season by its noise, as the package does)
  if (shrink && m > 4L) fig <- recurrent:::fc_season_shrink(z, m, fig)
  fits <- lapply(trends, function(tr)
    tryCatch(recurrent:::fc_smooth_estimate(z, m, fig, tr), error = function(e) NULL))
  fits <- Filter(Negate(is.null), fits)
  paths <- sapply(fits, function(f) recurrent:::fc_smooth_path(f, m, length(z), h))
  paths <- matrix(if (lg) exp(paths) else paths, h)
  a <- vapply(fits, `[[`, 1, "aicc")
  if (akaike) {
    w <- exp(-(a - min(a)) / (2 * temp))
    return(drop(paths %*% (w / sum(w))))
  }
  if (avg && diff(range(a)) <= gap) rowMeans(paths) else paths[, which.min(a)]
}
methods <- list(
  aicc_test = variant(c("N", "Ad"), TRUE, FALSE),
  avg_test = variant(c("N", "Ad"), TRUE, TRUE),
  avg = variant(c("N", "Ad"), FALSE, TRUE),
  avg_orig = variant(c("N", "Ad"), FALSE, TRUE, FALSE),
  aicw = variant(c("N", "Ad"), FALSE, TRUE, akaike = TRUE),
  aicw2 = variant(c("N", "Ad"), FALSE, TRUE, akaike = TRUE, temp = 2),
  aicw4 = variant(c("N", "Ad"), FALSE, TRUE, akaike = TRUE, temp = 4),
  aicw8 = variant(c("N", "Ad"), FALSE, TRUE, akaike = TRUE, temp = 8),
  aicw8_js = variant(c("N", "Ad"), FALSE, TRUE, akaike = TRUE, temp = 8, shrink = TRUE),
  gap4 = variant(c("N", "Ad"), FALSE, TRUE, gap = 4),
  gap10 = variant(c("N", "Ad"), FALSE, TRUE, gap = 10),
  avg4 = function(x, h) (variant(c("N", "Ad"), FALSE, TRUE)(x, h) +
                           variant(c("N", "Ad"), FALSE, TRUE, FALSE)(x, h)) / 2,
  ets = function(x, h) as.numeric(forecast(ets(x), h = h)$mean),
  theta = function(x, h) as.numeric(thetaf(x, h = h)$mean))
if (length(args) > 2) methods <- methods[strsplit(args[3], ",")[[1]]]

cat(sprintf("%s: %d pool series\n", set, length(ser)))
rows <- lapply(names(methods), function(m) {
  t0 <- proc.time()[["elapsed"]]
  r <- t(vapply(ser, function(s) {
    h <- length(s$xx)
    f <- tryCatch(methods[[m]](s$x, h), error = function(e) rep(NA_real_, h))
    y <- as.numeric(s$xx)
    scale <- mean(abs(diff(as.numeric(s$x), lag = max(1, fq))))
    c(mean(abs(y - f)) / scale, mean(200 * abs(y - f) / (abs(y) + abs(f))))
  }, numeric(2)))
  data.frame(method = m, MASE = mean(r[, 1], na.rm = TRUE),
             gMASE = exp(mean(log(r[, 1]), na.rm = TRUE)), sMAPE = mean(r[, 2], na.rm = TRUE),
             failed = sum(is.na(r[, 1])), seconds = proc.time()[["elapsed"]] - t0)
})
print(do.call(rbind, rows), digits = 4, row.names = FALSE)

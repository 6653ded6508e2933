# Coverage of rnn_fit()'s prediction intervals over several forecast origins.
#
# On the 12 bench series alone the coverage rests on a few correlated blocks of
# h errors per series and is noisy (bench/accuracy.R adds the held-out M1 and
# tourism series for that reason). This script forecasts from several origins
# per series and adds simulated series whose behaviour is known:
#
#   * the 12 series of bench/accuracy.R, each forecast from 3 origins spaced by
#     h at its end (train on y[1..n - o*h], score y[n - o*h + 1 .. n - (o-1)*h],
#     o = 1, 2, 3; h = 18 monthly, 8 quarterly, 10 otherwise);
#   * simulated series (seeded, each scored from 2 origins spaced by h):
#     random walks, AR(1) with phi = 0.7, monthly seasonal AR(1) with noise
#     (a fixed seasonal pattern plus AR noise) and a random walk with drift.
#
# rnn_fit() runs with its defaults (set.seed(42) before each fit). Prints, per
# series, the 80% and 95% coverage and MASE (scaled by the in-sample mean
# absolute seasonal difference, as in accuracy.R); then the coverage pooled
# over all test points (bench, simulated, all), coverage by thirds of the
# horizon, and the geometric mean of MASE.
#
# Run after installing the package:   Rscript bench/coverage.R
# Options (environment variables):
#   COVERAGE_ORIGINS=3       origins per bench series (default 3)
#   COVERAGE_SIM=6           simulated series per kind (default 10; 0 = none)
#   COVERAGE_ARGS="repeats = 0"   extra arguments for rnn_fit (R syntax)
#   COVERAGE_SAVE=file.rds   save the per-point results (for comparisons)
suppressPackageStartupMessages(library(recurrent))
options(recurrent.threads = 1)

n_orig <- as.integer(Sys.getenv("COVERAGE_ORIGINS", "3"))
n_sim <- as.integer(Sys.getenv("COVERAGE_SIM", "10"))
extra <- Sys.getenv("COVERAGE_ARGS")
extra_args <- if (nzchar(extra)) eval(parse(text = sprintf("list(%s)", extra))) else list()

# The shared series list, horizon_for() and mase_scale(), next to this script.
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(bench_file), "series.R"))
bench <- bench_series

# Simulated series: 150 points (monthly ones 180), known behaviour.
sim <- list()
if (n_sim > 0) {
  set.seed(2024)
  for (i in seq_len(n_sim)) {
    sim[[sprintf("rw%d", i)]] <- ts(cumsum(rnorm(150)))
    sim[[sprintf("ar1_%d", i)]] <- ts(10 + arima.sim(list(ar = 0.7), 150))
    pattern <- 3 * sin(2 * pi * (1:12) / 12) + rnorm(12, sd = 0.5)
    sim[[sprintf("sar%d", i)]] <- ts(rep(pattern, 15) + arima.sim(list(ar = 0.5), 180),
                                     frequency = 12)
    sim[[sprintf("drift%d", i)]] <- ts(cumsum(0.3 + rnorm(150)))
  }
}

score <- function(name, y, origins, group) {
  h <- horizon_for(frequency(y))
  n <- length(y)
  rows <- list()
  for (o in seq_len(origins)) {
    end <- n - o * h
    train <- ts(as.numeric(y)[1:end], start = start(y), frequency = frequency(y))
    test <- as.numeric(y)[end + seq_len(h)]
    set.seed(42)
    fit <- do.call(rnn_fit, c(list(train, verbose = FALSE), extra_args))
    fc <- predict(fit, h = h, level = c(80, 95))
    lo <- unclass(fc$lower); up <- unclass(fc$upper)
    rows[[o]] <- data.frame(
      series = name, group = group, origin = o, step = seq_len(h), h = h,
      in80 = test >= lo[, 1] & test <= up[, 1],
      in95 = test >= lo[, 2] & test <= up[, 2],
      ae = abs(test - as.numeric(fc$mean)) / mase_scale(train))
  }
  do.call(rbind, rows)
}

t0 <- proc.time()[["elapsed"]]
res <- list()
for (s in names(bench)) res[[s]] <- score(s, bench[[s]], n_orig, "bench")
for (s in names(sim)) res[[s]] <- score(s, sim[[s]], 2L, "sim")
d <- do.call(rbind, res)
secs <- proc.time()[["elapsed"]] - t0

per <- do.call(rbind, lapply(split(d, factor(d$series, unique(d$series))), function(x) {
  data.frame(series = x$series[1], group = x$group[1], points = nrow(x),
             cov80 = mean(x$in80), cov95 = mean(x$in95),
             # MASE per origin, averaged over origins
             MASE = mean(tapply(x$ae, x$origin, mean)))
}))
cat("Per series (coverage over all origins; MASE = mean over origins)\n")
print(per, row.names = FALSE, digits = 3)

gm <- function(v) exp(mean(log(v)))
# geometric mean over series x origins of the per-origin MASE
mase_o <- aggregate(ae ~ series + origin + group, d, mean)
pool <- function(x, m) c(points = nrow(x), cov80 = mean(x$in80), cov95 = mean(x$in95),
                         gmMASE = gm(m$ae))
tab <- rbind(bench = pool(d[d$group == "bench", ], mase_o[mase_o$group == "bench", ]),
             sim = pool(d[d$group == "sim", ], mase_o[mase_o$group == "sim", ]),
             all = pool(d, mase_o))
cat("\nPooled coverage (nominal 0.80, 0.95) and geometric-mean MASE (per series x origin)\n")
print(round(tab, 3))

third <- cut(d$step / d$h, c(0, 1 / 3, 2 / 3, 1), labels = c("early", "middle", "late"))
bt <- rbind(cov80 = tapply(d$in80, third, mean), cov95 = tapply(d$in95, third, mean))
cat("\nCoverage by thirds of the horizon (all series)\n")
print(round(bt, 3))
kind <- sub("[0-9_]+$", "", d$series)
kind[d$group == "bench"] <- "bench"
kt <- rbind(cov80 = tapply(d$in80, kind, mean), cov95 = tapply(d$in95, kind, mean))
cat("\nCoverage by kind of series\n")
print(round(kt, 3))
cat(sprintf("\n%d fits in %.0f s\n", length(unique(paste(d$series, d$origin))), secs))
save <- Sys.getenv("COVERAGE_SAVE")
if (nzchar(save)) saveRDS(d, save)

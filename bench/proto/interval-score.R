# The interval score of two builds' cached forecasts on the same windows
# (bench/highfreq.R caches, one per build): for each task and h, the mean
# 80% and 95% interval score (width + 2/alpha times the distance outside,
# per step, relative to the MAE of the same forecasts), the mean width ratio
# and the coverage, so that a change to the intervals alone (same means) is
# judged on width as well as coverage.
# Held-out keys unless `--pool` (bench/highfreq.R --split=pool caches).
#   R_LIBS=<lib> Rscript bench/proto/interval-score.R <cache A>/rnn_default.rds <cache B>/rnn_default.rds [--pool]
args <- commandArgs(TRUE)
pool <- "--pool" %in% args
args <- setdiff(args, "--pool")
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "highfreq-data.R"))
A <- readRDS(args[1])
B <- readRDS(args[2])
keys <- intersect(names(A), names(B))
keys <- keys[grepl("^pool:", sub("^[^|]*\\|", "", keys)) == pool]
score <- function(fc, y, k) {
  lo <- fc$lower[, k]; hi <- fc$upper[, k]; a <- c(0.2, 0.05)[k]
  (hi - lo) + 2 / a * (pmax(lo - y, 0) + pmax(y - hi, 0))
}
series_cache <- list()
rows <- list()
for (key in keys) {
  p <- strsplit(key, "|", fixed = TRUE)[[1]]
  task <- p[1]; o <- as.integer(p[3]); h <- as.integer(p[4])
  if (is.null(series_cache[[task]])) series_cache[[task]] <- if (pool) hf_pool(task) else hf_task_series(task)
  y <- hf_test(series_cache[[task]][[sub("^pool:", "", p[2])]], o, h)
  fa <- A[[key]]$fc; fb <- B[[key]]$fc
  if (is.null(fa) || is.null(fb)) next
  rows[[key]] <- data.frame(task = task, h = h, mae = mean(abs(y - fa$mean)),
    sA80 = mean(score(fa, y, 1)), sB80 = mean(score(fb, y, 1)),
    sA95 = mean(score(fa, y, 2)), sB95 = mean(score(fb, y, 2)),
    wA = mean(fa$upper[, 1] - fa$lower[, 1]), wB = mean(fb$upper[, 1] - fb$lower[, 1]),
    cA = mean(y >= fa$lower[, 1] & y <= fa$upper[, 1]), cB = mean(y >= fb$lower[, 1] & y <= fb$upper[, 1]),
    same_mean = isTRUE(all.equal(fa$mean, fb$mean)))
}
d <- do.call(rbind, rows)
for (g in split(d, list(d$task, d$h), drop = TRUE)) {
  cat(sprintf("%-16s h=%-3d n=%-4d same mean %3.0f%%  80%% score/MAE %.3f -> %.3f  95%% %.3f -> %.3f  width B/A %.3f  cov80 %.3f -> %.3f\n",
              g$task[1], g$h[1], nrow(g), 100 * mean(g$same_mean),
              mean(g$sA80 / g$mae), mean(g$sB80 / g$mae), mean(g$sA95 / g$mae), mean(g$sB95 / g$mae),
              mean(g$wB) / mean(g$wA), mean(g$cA), mean(g$cB)))
}

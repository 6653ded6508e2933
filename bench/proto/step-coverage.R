# Coverage per step range of the horizon, as issue 20 item 3 states it (steps
# 1-6, 7-12, ...; for horizons over 48 steps, ranges of h / 8), with how
# sure each figure is: a bootstrap over the series' origins (whole forecasts
# resampled, every step of a forecast kept together, 2,000 draws), so that a
# range outside nominal +- 5 points can be told from sampling noise. Reads
# bench/highfreq.R caches; held-out keys unless `--pool`.
#   R_LIBS=<lib> Rscript bench/proto/step-coverage.R <cache>/rnn_default.rds [more caches] [--pool]
args <- commandArgs(TRUE)
pool <- "--pool" %in% args
files <- setdiff(args, "--pool")
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "highfreq-data.R"))
C <- do.call(c, lapply(files, readRDS))
keys <- names(C)
is_pool <- grepl("^pool:", sub("^[^|]*\\|", "", keys))
keys <- keys[is_pool == pool]
series_cache <- list()
hits <- list()   # per task|h: list of [h, 2] 0/1 matrices, one per forecast
for (key in keys) {
  p <- strsplit(key, "|", fixed = TRUE)[[1]]
  task <- p[1]; h <- as.integer(p[4])
  fc <- C[[key]]$fc
  if (is.null(fc)) next
  if (is.null(series_cache[[task]])) series_cache[[task]] <- if (pool) hf_pool(task) else hf_task_series(task)
  s <- series_cache[[task]][[sub("^pool:", "", p[2])]]
  if (is.null(s)) next
  y <- hf_test(s, as.integer(p[3]), h)
  g <- paste(task, h, sep = "|")
  hits[[g]] <- c(hits[[g]], list(cbind(y >= fc$lower[, 1] & y <= fc$upper[, 1],
                                       y >= fc$lower[, 2] & y <= fc$upper[, 2])))
}
set.seed(1)
B <- 2000L
out <- list()
for (g in names(hits)) {
  H <- hits[[g]]
  h <- nrow(H[[1]])
  n <- length(H)
  w <- if (h <= 48) 6L else ceiling(h / 8)
  rng <- split(seq_len(h), ceiling(seq_len(h) / w))
  # forecasts x ranges coverage, per level
  cov <- lapply(1:2, function(l) sapply(rng, function(r) vapply(H, function(m) mean(m[r, l]), 0)))
  for (l in 1:2) {
    M <- matrix(cov[[l]], n)
    est <- colMeans(M)
    boot <- replicate(B, colMeans(M[sample.int(n, n, TRUE), , drop = FALSE]))
    boot <- matrix(boot, ncol = B)
    lo <- apply(boot, 1, stats::quantile, 0.05)
    hi <- apply(boot, 1, stats::quantile, 0.95)
    nominal <- c(0.8, 0.95)[l]
    out[[length(out) + 1L]] <- data.frame(
      task = sub("\\|.*", "", g), h = h, n = n, level = nominal * 100,
      steps = vapply(rng, function(r) sprintf("%d-%d", min(r), max(r)), ""),
      coverage = round(est, 3), lo90 = round(lo, 3), hi90 = round(hi, 3),
      # how often a range would land outside +- 5 points by chance alone, were
      # the intervals exactly calibrated with this sampling spread
      p_out = 2 * stats::pnorm(-0.05 / apply(boot, 1, stats::sd)),
      # 5 points exactly is within (0.75 - 0.8 is -0.05000000000000004)
      off = abs(est - nominal) > 0.05 + 1e-9, clear = lo > nominal + 0.05 + 1e-9 | hi < nominal - 0.05 - 1e-9)
  }
}
d <- do.call(rbind, out)
for (g in split(d, list(d$task, d$h, d$level), drop = TRUE)) {
  cat(sprintf("%-16s h=%-3d %d%% n=%-4d %s\n", g$task[1], g$h[1], g$level[1], g$n[1],
              paste(sprintf("%s:%.2f%s", g$steps, g$coverage, ifelse(g$clear, "!!", ifelse(g$off, "!", ""))),
                    collapse = " ")))
}
cat(sprintf(paste0("\n%d step ranges; %d outside nominal +- 5 points (!), of which %d with the",
                   " whole 90%% bootstrap interval outside (!!); exactly calibrated intervals",
                   " would leave about %.1f outside by chance\n"), nrow(d), sum(d$off), sum(d$clear),
            sum(d$p_out)))

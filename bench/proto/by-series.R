# MASE per series from bench/highfreq.R's cache (for tuning on the pool):
#   R_LIBS=<lib> Rscript bench/proto/by-series.R <task> <split: pool|heldout> <method,...> [origins] [cache dir]
# Scores the cached forecasts of every series-origin of the task that every
# method has, at each of the task's horizons: the mean over origins of
# mean|y - f| / the seasonal-naive scale of the origin's window.
args <- commandArgs(TRUE)
task <- args[1]; split <- args[2]; methods <- strsplit(args[3], ",")[[1]]
K <- if (length(args) >= 4) as.integer(args[4]) else NULL
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
cache <- if (length(args) >= 5) args[5] else file.path(hf_bench_lib(), "highfreq-cache")
tk <- HF_TASKS[[task]]
S <- if (split == "pool") hf_pool(task) else hf_task_series(task)
pre <- if (split == "pool") "pool:" else ""
C <- lapply(setNames(methods, methods), function(m) readRDS(file.path(cache, paste0(m, ".rds"))))
for (h in tk$h) {
  rows <- list()
  for (nm in names(S)) {
    s <- S[[nm]]
    sc <- matrix(NA, 0, length(methods))
    for (o in hf_origins(task, s, K)) {
      tr <- hf_train(task, s, o)
      scale <- mean(abs(diff(tr$y, lag = tk$freq)))
      act <- s$y[o + seq_len(h)]
      key <- paste(task, paste0(pre, nm), o, max(tk$h), sep = "|")
      e <- vapply(methods, function(m) {
        x <- C[[m]][[key]]
        if (is.null(x) || is.null(x$fc)) NA else mean(abs(act - x$fc$mean[seq_len(h)])) / scale
      }, 0)
      sc <- rbind(sc, e)
    }
    rows[[nm]] <- c(n = nrow(sc), colMeans(sc))
  }
  cat(sprintf("\n%s, h = %d (MASE per series)\n", task, h))
  print(round(do.call(rbind, rows), 3))
}

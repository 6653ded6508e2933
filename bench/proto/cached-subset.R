# MASE of bench/highfreq.R's cached forecasts on the forecasts one (partial)
# run made: for a slow method stopped early or thinned (tbats on half-hourly
# demand), the other methods are scored on exactly its series-origins.
#   R_LIBS=<lib> Rscript bench/proto/cached-subset.R <ref dir>/<method>.rds \
#     <name>=<dir>/<method>.rds ...
# The first file names the forecasts scored; every other method is looked up
# by the same key (task|series|origin|h) and scored as NA where it lacks one.
args <- commandArgs(TRUE)
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
bench_dir <- file.path(dirname(bench_file), "..")
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
ref <- readRDS(args[1])
others <- lapply(args[-1], function(a) readRDS(sub("^[^=]*=", "", a)))
names(others) <- sub("=.*", "", args[-1])
keys <- names(ref)[!vapply(ref, function(e) is.null(e$fc), NA)]
sers <- list()
rows <- lapply(keys, function(k) {
  p <- strsplit(k, "|", fixed = TRUE)[[1]]
  task <- p[1]
  o <- as.integer(p[3])
  h <- as.integer(p[4])
  if (is.null(sers[[task]])) sers[[task]] <<- hf_task_series(task)
  s <- sers[[task]][[p[2]]]
  act <- hf_test(s, o, h)
  scale <- mean(abs(diff(hf_train(task, s, o)$y, lag = HF_TASKS[[task]]$freq)))
  mase <- function(e) if (is.null(e) || is.null(e$fc)) NA else
    mean(abs(act - e$fc$mean[seq_len(h)])) / scale
  c(list(task = task, h = h, ref = mase(ref[[k]])), lapply(others, function(x) mase(x[[k]])))
})
res <- do.call(rbind, lapply(rows, as.data.frame))
print(aggregate(. ~ task + h, res, mean, na.action = na.pass), digits = 4)
cat(nrow(res), "forecasts (all horizons)\n")

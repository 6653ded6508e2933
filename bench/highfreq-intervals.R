# How far a method's intervals are from their nominal coverage on the POOL
# series of bench/highfreq.R (never on the held-out ones: this is for tuning),
# and the factor on the half-widths that would make them nominal: per task,
# level and quarter of the horizon, the quantile at the nominal level of
# |y - mean| / (the half-width on y's side). Reads the cache bench/highfreq.R
# wrote with --split=pool: every pool origin it holds for the method (runs
# with --origins=K add theirs; 8 origins at the same times for every station
# are about 8 weather situations, too few for coverage per quarter).
#
#   R_LIBS=<lib> Rscript bench/highfreq-intervals.R [method] [cache dir]
#   (default rnn_default, and bench/highfreq.R's default cache)
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(bench_file), "highfreq-data.R"))
m <- commandArgs(trailingOnly = TRUE)[1]
if (is.na(m)) m <- "rnn_default"
cache_dir <- commandArgs(trailingOnly = TRUE)[2]
if (is.na(cache_dir)) cache_dir <- file.path(hf_bench_lib(), "highfreq-cache")
cache <- readRDS(file.path(cache_dir, paste0(m, ".rds")))
rows <- list()
ratios <- list()   # task|h|level -> the ratios, for the pooled factors
for (task in names(HF_TASKS)) {
  ser <- hf_pool(task)
  for (h in HF_TASKS[[task]]$h) {
    r <- list(`80` = NULL, `95` = NULL)
    rng <- NULL
    # every pool origin the cache holds for this task and h (runs with
    # --origins=K add their own)
    keys <- grep(paste0("^", task, "\\|pool:.*\\|", h, "$"), names(cache), value = TRUE)
    for (key in keys) {
      parts <- strsplit(key, "|", fixed = TRUE)[[1]]
      sn <- sub("^pool:", "", parts[2])
      o <- as.integer(parts[3])
      e <- cache[[key]]
      if (is.null(e) || is.null(e$fc) || is.null(ser[[sn]])) next
      y <- hf_test(ser[[sn]], o, h)
      f <- e$fc
      for (l in 1:2) {
        half <- ifelse(y >= f$mean, f$upper[, l] - f$mean, f$mean - f$lower[, l])
        r[[l]] <- c(r[[l]], abs(y - f$mean) / pmax(half, 1e-12))
      }
      rng <- c(rng, ceiling(4 * seq_len(h) / h))
    }
    if (is.null(rng)) next
    for (l in 1:2) {
      lev <- c(0.8, 0.95)[l]
      ratios[[paste(task, h, lev * 100, sep = "|")]] <- r[[l]]
      by <- tapply(r[[l]], rng, function(v) c(mean(v <= 1), stats::quantile(v, lev, names = FALSE)))
      rows[[length(rows) + 1]] <- data.frame(
        task = task, h = h, level = lev * 100, n = length(r[[l]]) / h,
        coverage = round(mean(r[[l]] <= 1), 3), factor = round(stats::quantile(r[[l]], lev, names = FALSE), 3),
        coverage_by_range = paste(sprintf("%.2f", vapply(by, `[`, 0, 1)), collapse = " "),
        factor_by_range = paste(sprintf("%.2f", vapply(by, `[`, 0, 2)), collapse = " "))
    }
  }
}
options(width = 200)
print(do.call(rbind, rows), row.names = FALSE)

# The factor per level that makes the mean coverage over the tasks' (task, h)
# cells nominal, each cell weighted equally: for the tasks of the seasonal
# model (weather and load together; hourly and daily weather, which share
# factors; sub-hourly load, which has its own; each alone) and of the random
# walk on business days and on weeks (daily and weekly prices) apart.
pooled <- function(tasks, lev) {
  cells <- ratios[grepl(paste0("^(", paste(tasks, collapse = "|"), ")\\|.*\\|", lev, "$"), names(ratios))]
  if (!length(cells)) return(NA)
  cover <- function(f) mean(vapply(cells, function(v) mean(v <= f), 0))
  stats::uniroot(function(f) cover(f) - lev / 100, c(0.2, 10))$root
}
cat("\nFactor that makes the mean coverage nominal:\n")
for (grp in list(c("hourly_temp", "halfhourly_load", "daily_temp"), c("hourly_temp", "daily_temp"),
                 "halfhourly_load", "hourly_temp", "daily_temp", "daily_prices", "weekly_prices",
                 "weekly_load", "daily_load"))
  cat(sprintf("  %s: 80%% %.3f, 95%% %.3f\n", paste(grp, collapse = ", "), pooled(grp, 80), pooled(grp, 95)))

# The test for a weekly cycle of intraday data (fc_shown_periods()), before
# and after 2026-12-04, on a task's pool (or held-out) windows: the ratio
# each gives per window (before: values a week apart against values 6 days
# apart; now: the changes from the day before, a week apart against half a
# week apart), and on the windows where the two tests disagree, the seasonal
# kind's forecast with the cycles each test shows and forecast::stlf's,
# MASE (seasonal-naive scale) at the task's horizons.
#   R_LIBS=<lib> Rscript bench/proto/weekly-cycle.R <hourly_temp|halfhourly_load> <pool|heldout> [origins]
args <- commandArgs(TRUE)
task <- args[1]; split <- args[2]
K <- if (length(args) >= 3) as.integer(args[3]) else NULL
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
suppressMessages({ library(recurrent); library(forecast) })
ns <- asNamespace("recurrent")
shown_now <- get("fc_shown_periods", ns)
ratio <- get("fc_cycle_ratio", ns)
# the test before: the week against 6 days, threshold 0.8
shown_before <- function(y, periods, threshold = 0.8) {
  s <- setdiff(shown_now(y, periods, threshold), periods[2])
  if (ratio(y, periods[2], periods[2] - periods[1]) < threshold) s <- sort(c(s, periods[2]))
  s
}
tk <- HF_TASKS[[task]]
S <- if (split == "pool") hf_pool(task) else hf_task_series(task)
H <- max(tk$h)
wins <- do.call(rbind, lapply(names(S), function(nm) data.frame(series = nm, origin = hf_origins(task, S[[nm]], K))))
stats <- NULL
rows <- list()
for (i in seq_len(nrow(wins))) {
  nm <- wins$series[i]
  s <- S[[nm]]
  o <- wins$origin[i]
  tr <- hf_train(task, s, o)
  y <- tr$y
  P <- as.integer(round(tr$periods))
  n <- length(y)
  w <- y[(n - recurrent:::fc_seasonal_context(n, P) + 1L):n]
  stats <- rbind(stats, c(before = ratio(w, P[2], P[2] - P[1]), now = ratio(diff(w, lag = P[1]), P[2], P[2] %/% 2L)))
  a <- shown_before(w, P)
  if (identical(a, shown_now(w, P))) next
  scale <- mean(abs(diff(y, lag = tk$freq)))
  act <- s$y[o + seq_len(H)]
  now <- recurrent:::fc_seasonal_fit(y, P, H)$mean
  assignInNamespace("fc_shown_periods", shown_before, "recurrent")
  before <- recurrent:::fc_seasonal_fit(y, P, H)$mean
  assignInNamespace("fc_shown_periods", shown_now, "recurrent")
  st <- as.numeric(stlf(msts(y, seasonal.periods = tr$periods), h = H)$mean)
  for (h in tk$h) {
    k <- seq_len(h)
    rows[[length(rows) + 1L]] <- data.frame(series = nm, origin = o, h = h,
      shown_before = paste(a, collapse = ","), before = mean(abs(act[k] - before[k])) / scale,
      now = mean(abs(act[k] - now[k])) / scale, stlf = mean(abs(act[k] - st[k])) / scale)
  }
}
cat(sprintf("%s %s: %d windows; the week's ratio by test (shown below 0.8)\n", task, split, nrow(stats)))
print(round(apply(stats, 2, quantile, c(0, 0.01, 0.05, 0.5, 0.95, 0.99, 1)), 3))
if (length(rows)) {
  d <- do.call(rbind, rows)
  for (h in tk$h) {
    x <- d[d$h == h, ]
    lr <- log(x$now / x$before)
    cat(sprintf("\nh = %d: %d windows where the tests disagree; MASE before %.3f, now %.3f, stlf %.3f; log ratio now/before %.3f (se %.3f)\n",
                h, nrow(x), mean(x$before), mean(x$now), mean(x$stlf), mean(lr), stats::sd(lr) / sqrt(nrow(x))))
  }
} else cat("\nthe two tests agree on every window\n")

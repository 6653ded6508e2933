# Where rnn_fit()'s default spends its time on hourly data (issue 20, "measure
# where the time goes"): Rprof of rnn_fit(df) on a 1,440-point and an
# 8,760-point hourly temperature data frame (aimsir17, a pool station, so no
# held-out series is touched), one thread; prints the elapsed time and the top
# functions by total and by self time.
#   R_LIBS=<lib> nice -n 19 Rscript bench/proto/profile-rnn-fit.R [--n=1440,8760] [--out=DIR]
suppressPackageStartupMessages(library(recurrent))
options(recurrent.threads = 1)
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
bench_dir <- dirname(dirname(bench_file))
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
ns <- as.integer(arg_list("n", c("1440", "8760")))
out_dir <- arg_value("out", tempdir())
s <- hf_pool("hourly_temp")[["ATHENRY"]]
for (n in ns) {
  df <- data.frame(time = s$time[seq_len(n)], temp = s$y[seq_len(n)])
  prof <- file.path(out_dir, sprintf("rnn-fit-%d.Rprof", n))
  set.seed(42)
  Rprof(prof, interval = 0.02)
  t0 <- proc.time()[["elapsed"]]
  fit <- rnn_fit(df, verbose = FALSE)
  secs <- proc.time()[["elapsed"]] - t0
  Rprof(NULL)
  sp <- summaryRprof(prof)
  cat(sprintf("\n## rnn_fit(df) on %d hourly points: %.1f s elapsed (profile %.1f s sampled)\n\n",
              n, secs, sp$sampling.time))
  print(utils::capture.output(print(fit))[2:6])
  tot <- sp$by.total
  tot <- tot[!grepl("^\"(rnn_fit|do.call|tryCatch|tryCatchList|tryCatchOne|doTryCatch|withCallingHandlers|eval|lapply|FUN|vapply|force|suppressWarnings|withVisible)\"$", rownames(tot)), ]
  cat("\nby total time (wrappers left out):\n")
  print(utils::head(tot, 25))
  cat("\nby self time:\n")
  print(utils::head(sp$by.self, 15))
}

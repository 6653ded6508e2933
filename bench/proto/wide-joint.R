# A wide data frame (a time column, one column per station or stock) as a user
# holds it: forecast jointly (the default for several columns: one local
# network of all of them) or column by column (`global = FALSE`: each column
# gets the one-series default). Pool stations and stocks of bench/highfreq.R
# only (its held-out ones are not read), the same windows and horizons as its
# tasks, several origins at the same times for every column (a wide frame has
# one time axis). MASE on the seasonal-naive scale of each column's window,
# seconds per fit of the whole frame.
#   R_LIBS=<lib> Rscript bench/proto/wide-joint.R [columns] [origins]
args <- commandArgs(TRUE)
k <- if (length(args) >= 1) as.integer(args[1]) else 4L
K <- if (length(args) >= 2) as.integer(args[2]) else 6L
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
bench_dir <- file.path(dirname(bench_file), "..")
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
suppressMessages(library(recurrent))

run <- function(task, cols, lag) {
  tk <- HF_TASKS[[task]]
  pool <- hf_pool(task)[cols]
  n <- min(lengths(lapply(pool, `[[`, "y")))
  times <- pool[[1]]$time[seq_len(n)]
  stopifnot(all(vapply(pool, function(s) identical(s$time[seq_len(n)], times), NA)))
  Y <- vapply(pool, function(s) s$y[seq_len(n)], numeric(n))
  H <- max(tk$h)
  first <- max(tk$window, if (task == "daily_prices") which(times >= as.Date("2005-01-01"))[1] else 0)
  res <- NULL
  for (o in unique(round(seq(first, n - H, length.out = K)))) {
    i <- (o - tk$window + 1):o
    wide <- data.frame(time = times[i], Y[i, , drop = FALSE])
    for (m in c("joint", "columns")) {
      set.seed(1)
      t0 <- proc.time()[[3]]
      fit <- if (m == "joint") rnn_fit(wide) else rnn_fit(wide, global = FALSE)
      fc <- predict(fit, h = H)
      sec <- proc.time()[[3]] - t0
      for (j in seq_along(cols)) {
        f <- as.numeric(fc$forecast[[cols[j]]]$mean)
        act <- Y[o + seq_len(H), j]
        scale <- mean(abs(diff(Y[i, j], lag = lag)))
        for (hh in tk$h)
          res <- rbind(res, data.frame(task = task, origin = o, col = cols[j], method = m, h = hh,
                                       mase = mean(abs(f[seq_len(hh)] - act[seq_len(hh)])) / scale,
                                       sec = sec / length(cols)))
      }
    }
    cat(sprintf("[%s] origin %d done\n", task, o), file = stderr())
  }
  res
}

# columns of one time axis: stations and stocks with the longest (full) history
full <- function(task) {
  n <- lengths(lapply(hf_pool(task), `[[`, "y"))
  names(n)[n == max(n)][seq_len(k)]
}
st <- full("hourly_temp")
tick <- full("daily_prices")
res <- rbind(run("hourly_temp", st, 24L), run("daily_prices", tick, 5L))
tab <- aggregate(cbind(mase, sec) ~ task + h + method, res, mean)
tab <- tab[order(tab$task, tab$h, tab$method), ]
cat(sprintf("\n%d columns per frame (%s; %s), %d origins\n\n", k, paste(st, collapse = ", "),
            paste(tick, collapse = ", "), K))
print(tab, row.names = FALSE, digits = 4)

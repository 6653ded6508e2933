# Seconds per rnn_fit() with the defaults on high-frequency data as a user
# has it (a data frame with a POSIXct or Date column), fit + predict, median
# of 3 runs, elapsed time: the targets of issue 20 are at most 5 s for 1,440
# hourly points and 15 s for a year of them (8,760), and under 1 s for a
# zero-shot forecast (pretrained = "only", the last two rows).
#
#   R_LIBS=<lib> Rscript bench/highfreq-speed.R
#
# Series: the first held-out aimsir17 station (hourly temperature, 2017),
# UKgrid national demand 2018 (half-hourly, the first 5 weeks), the first
# held-out stock's last 500 closes (bench/highfreq-data.R).
suppressPackageStartupMessages(library(recurrent))
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(bench_file), "highfreq-data.R"))
.libPaths(c(.libPaths(), hf_bench_lib()))

frame <- function(time, y, n, name) {
  i <- seq_len(min(n, length(y)))
  d <- data.frame(time[i], y[i])
  names(d) <- c(if (inherits(time, "Date")) "date" else "time", name)
  d
}
st <- hf_aimsir_hourly()[[hf_heldout_stations()[1]]]
ld <- hf_load_years()[["UKgrid_ND_2018"]]
px <- hf_stocks()[[hf_heldout_stocks()[1]]]
np <- length(px$y)
cases <- list(
  "hourly, 1,440 points, h = 48" = list(d = frame(st$time, st$y, 1440, "temp"), h = 48),
  "hourly, 8,760 points, h = 48" = list(d = frame(st$time, st$y, 8760, "temp"), h = 48),
  "half-hourly, 1,680 points, h = 336" = list(d = frame(ld$time, ld$y, 1680, "demand"), h = 336),
  "business days, 500 points, h = 20" = list(d = frame(px$time[(np - 499):np], px$y[(np - 499):np], 500, "close"), h = 20))
# zero-shot (pretrained = "only"; target: under 1 s) with the shipped hourly
# and business-day models
zero <- c("hourly, 1,440 points, h = 48", "business days, 500 points, h = 20")
cases <- c(cases, stats::setNames(lapply(cases[zero], function(cs) c(cs, pretrained = "only")),
                                  paste(zero, "zero-shot")))
rows <- lapply(names(cases), function(nm) {
  cs <- cases[[nm]]
  secs <- numeric(3)
  for (i in 1:3) secs[i] <- system.time({
    fit <- rnn_fit(cs$d, verbose = FALSE, pretrained = cs$pretrained %||% "auto")
    fc <- predict(fit, h = cs$h)
  })[["elapsed"]]
  data.frame(case = nm, n = nrow(cs$d), kind = class(fit)[1], model = recurrent:::fc_method(fit),
             seconds_median = round(stats::median(secs), 2), seconds_max = round(max(secs), 2))
})
out <- do.call(rbind, rows)
cat(sprintf("## bench/highfreq-speed.R, %s, recurrent %s, %d cores, load %s\n\n",
            format(Sys.time(), "%Y-%m-%d %H:%M"), packageVersion("recurrent"),
            parallel::detectCores(), paste(readLines("/proc/loadavg", warn = FALSE), collapse = " ")))
options(width = 200)
print(out, row.names = FALSE)

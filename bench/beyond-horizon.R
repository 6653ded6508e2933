# Coverage of rnn_fit()'s intervals beyond the fitted horizon (issue "first
# hour", item 5): forecasts to twice the default horizon H (18 monthly, 8
# quarterly) from 2 origins per series, scored separately on steps 1..H (the
# fitted horizon) and H+1..2H (iterated), with forecast::ets in the same run.
#
# Series: the monthly and quarterly M1 and tourism series that tools/pretrain.R
# held out of pretraining (rnn_pretrained()$info$held_out), training and test
# parts joined, with at least 2H + 3 years of history before the first origin.
# Origins: the end minus 2H, and the end minus 2H minus H/2 (rounded).
#
#   R_LIBS=<lib> Rscript bench/beyond-horizon.R [--n=N]
#
# --n=N: at most N series per collection and frequency (seeded sample).
# Mcomp, Tcomp and forecast are installed into RECURRENT_BENCH_LIB (default
# ~/.cache/recurrent-bench-lib) when missing.
source(file.path("bench", "text-common.R"))
n_max <- as.integer(arg_value("n", "1000"))
bench_data_library(c("forecast", "Mcomp", "Tcomp"))
suppressPackageStartupMessages(library(recurrent))

coll <- m1_tourism()[rnn_pretrained()$info$held_out]
full <- lapply(coll, function(s) {
  f <- stats::frequency(s$x)
  ts(c(s$x, s$xx), start = stats::start(s$x), frequency = f)
})
H <- c("4" = 8L, "12" = 18L)
keep <- vapply(full, function(y) {
  f <- as.character(stats::frequency(y))
  f %in% names(H) && length(y) >= 2 * H[[f]] + H[[f]] %/% 2 + 3 * stats::frequency(y)
}, NA)
full <- full[keep]
set.seed(7)
groups <- split(names(full), vapply(names(full), function(n)
  paste(sub("/.*", "", n), stats::frequency(full[[n]])), ""))
pick <- unlist(lapply(groups, function(g) if (length(g) > n_max) sample(g, n_max) else g))
full <- full[pick]
cat(sprintf("%d series: %s\n", length(full),
            paste(sprintf("%s %d", names(groups), pmin(lengths(groups), n_max)), collapse = ", ")))

rows <- list()
for (nm in names(full)) {
  y <- full[[nm]]
  f <- stats::frequency(y)
  h1 <- H[[as.character(f)]]
  for (back in c(2L * h1, 2L * h1 + h1 %/% 2L)) {
    n <- length(y) - back
    train <- stats::window(y, end = stats::time(y)[n])
    test <- as.numeric(y[n + seq_len(2L * h1)])
    fits <- list(
      rnn = function() {
        set.seed(1)
        predict(rnn_fit(train, verbose = FALSE), h = 2L * h1, level = c(80, 95))
      },
      ets = function() forecast::forecast(forecast::ets(train), h = 2L * h1, level = c(80, 95)))
    for (m in names(fits)) {
      fc <- tryCatch(fits[[m]](), error = function(e) {
        message(sprintf("%s on %s failed: %s", m, nm, conditionMessage(e)))
        NULL
      })
      if (is.null(fc)) next
      lo <- unclass(fc$lower); hi <- unclass(fc$upper)
      rows[[length(rows) + 1L]] <- data.frame(
        series = nm, freq = f, method = m, step = seq_len(2L * h1),
        part = ifelse(seq_len(2L * h1) <= h1, "1..H", "H+1..2H"),
        in80 = test >= lo[, 1] & test <= hi[, 1], in95 = test >= lo[, 2] & test <= hi[, 2],
        ape = 200 * abs(test - as.numeric(fc$mean)) / (abs(test) + abs(as.numeric(fc$mean))))
    }
  }
}
res <- do.call(rbind, rows)
tab <- aggregate(cbind(cov80 = in80, cov95 = in95, sMAPE = ape) ~ method + freq + part, res, mean)
tab <- tab[order(tab$freq, tab$part, tab$method), ]
print(format(tab, digits = 3), row.names = FALSE)
cat("\nAll frequencies:\n")
print(format(aggregate(cbind(cov80 = in80, cov95 = in95, sMAPE = ape) ~ method + part, res, mean),
             digits = 3), row.names = FALSE)
out <- Sys.getenv("BEYOND_SAVE")
if (nzchar(out)) saveRDS(res, out)

# Direct against recursive strategy (and their average) for single-series
# rnn_fit(), over several origins per series, on a seeded sample of the M1 and
# tourism series that the pretrained models were trained on (never the
# held-out ones, M3, R's datasets or the forecast package's series).
#
#   R_LIBS=<lib> Rscript bench/strategy.R [--n=40] [--origins=3]
#
# For each sampled series (n per collection, stratified by frequency) the
# origins are the end of its training part and 1, 2, ... competition horizons
# before it; each origin is forecast over the competition horizon h from the
# data up to it. sMAPE and MASE (scale from the data up to the origin), means
# over series and origins; seconds per fit.

source(file.path("bench", "text-common.R"))
args <- commandArgs(trailingOnly = TRUE)
arg <- function(name, default) {
  hit <- grep(paste0("^--", name, "="), args, value = TRUE)
  if (length(hit)) as.integer(sub(".*=", "", hit[1])) else default
}
n_per <- arg("n", 40L); n_orig <- arg("origins", 3L)
bench_data_library(c("Mcomp", "Tcomp"))
suppressPackageStartupMessages(library(recurrent))
coll <- m1_tourism()
coll <- coll[!names(coll) %in% rnn_pretrained()$info$held_out]
set.seed(1)
key <- paste(sub("/.*", "", names(coll)), vapply(coll, function(s) stats::frequency(s$x), 1))
pick <- unlist(lapply(split(names(coll), key), function(n) sample(n, min(length(n), ceiling(n_per / 3)))))
smape <- function(y, f) mean(200 * abs(y - f) / (abs(y) + abs(f)))
rows <- list()
for (nm in pick) {
  s <- coll[[nm]]
  full <- stats::ts(c(s$x, s$xx), start = stats::start(s$x), frequency = stats::frequency(s$x))
  h <- s$h
  for (k in seq_len(n_orig) - 1L) {
    end <- length(s$x) - k * h
    if (end < 10) next
    x <- stats::window(full, end = stats::time(full)[end])
    y <- as.numeric(full[end + seq_len(h)])
    m <- stats::frequency(x); lag <- if (m > 1 && length(x) > m) m else 1
    sc <- mean(abs(diff(as.numeric(x), lag = lag)))
    f <- list()
    for (st in c("direct", "recursive")) {
      set.seed(match(nm, pick) * 10 + k)
      t0 <- proc.time()[["elapsed"]]
      f[[st]] <- tryCatch(as.numeric(predict(rnn_fit(x, strategy = st, verbose = FALSE), h = h)$mean),
                          error = function(e) NULL)
      rows[[length(rows) + 1]] <- data.frame(series = nm, origin = k, method = st,
        smape = if (is.null(f[[st]])) NA else smape(y, f[[st]]),
        mase = if (is.null(f[[st]])) NA else mean(abs(y - f[[st]])) / sc,
        seconds = proc.time()[["elapsed"]] - t0)
    }
    if (!is.null(f$direct) && !is.null(f$recursive)) {
      a <- (f$direct + f$recursive) / 2
      rows[[length(rows) + 1]] <- data.frame(series = nm, origin = k, method = "average",
        smape = smape(y, a), mase = mean(abs(y - a)) / sc, seconds = NA)
    }
  }
}
res <- do.call(rbind, rows)
res$collection <- sub("/.*", "", res$series)
tab <- aggregate(cbind(smape, mase, seconds) ~ collection + method, res, mean, na.action = na.pass)
print(tab[order(tab$collection, tab$smape), ], row.names = FALSE, digits = 4)
all <- aggregate(cbind(smape, mase) ~ method, res, mean)
cat("\nall:\n"); print(all[order(all$smape), ], row.names = FALSE, digits = 4)
cat(sprintf("\n%d series, %d forecasts per method\n", length(unique(res$series)),
            sum(res$method == "direct")))

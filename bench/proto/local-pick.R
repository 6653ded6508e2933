# When the one-series default (rnn_fit(y)) picks its local model over the
# pretrained network + smoothing (fc_transfer_pick(): a series it treats as
# stationary, or one it forecasts far better), would the combination have
# forecast better? On series no network of that frequency has seen: the
# yearly tsibble series of tools/pretrain.R's pool (not the held-out keys;
# the yearly model never saw a tsibble series) and the monthly tsibble series
# (the monthly model has none in its pool), K origins each (the last h
# values held out, the h before them, ...; h = 6 yearly, 18 monthly). Every series is fitted with the
# default; where it picked the local model it is fitted again with the pick
# limited to the pretrained candidates, and both are scored. (Measured
# 2026-12-03 on the build before the change it led to, whose rule also let
# the local model win a stationary series on 2 independent windows, or any
# number when it looked like white noise: `white` in the record. With the
# rule now, stationary picks need 4.)
#   R_LIBS=<lib> Rscript bench/proto/local-pick.R [yearly,monthly] [max series per set] [K]
args <- commandArgs(TRUE)
sets <- if (length(args) >= 1) strsplit(args[1], ",")[[1]] else c("yearly", "monthly")
nmax <- if (length(args) >= 2) as.integer(args[2]) else 2000L
K <- if (length(args) >= 3) as.integer(args[3]) else 1L
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
bench_dir <- file.path(here, "..")
source(file.path(bench_dir, "text-common.R"))
suppressPackageStartupMessages(library(recurrent))
lib <- Sys.getenv("RECURRENT_BENCH_LIB", file.path(Sys.getenv("HOME"), ".cache", "recurrent-bench-lib"))
source(file.path(here, "tsibble-series.R"))
all <- tsibble_series(lib, bench_dir)
fq <- vapply(all, stats::frequency, 1)
ns <- asNamespace("recurrent")
pick0 <- get("fc_transfer_pick", ns)
# the pick without the local model (as if its errors were missing)
pick_pre <- function(E, score, h, ...) {
  E[, "local"] <- NA
  score["local"] <- NA
  pick0(E, score, h)
}
fit_with <- function(pick, y, h) {
  unlockBinding("fc_transfer_pick", ns)
  assign("fc_transfer_pick", pick, ns)
  on.exit({ assign("fc_transfer_pick", pick0, ns); lockBinding("fc_transfer_pick", ns) })
  set.seed(42)
  rnn_fit(y, horizon = h, verbose = FALSE)
}
rows <- list()
for (set in sets) {
  if (set == "yearly") {
    S <- all[fq == 1 & lengths(all) >= 16]
    S <- S[!names(S) %in% rnn_pretrained()$info$held_out_tsibble]
    h <- 6L
  } else {
    S <- all[fq == 12 & lengths(all) >= 60]
    S <- S[vapply(S, function(y) stats::sd(y) > 0, NA)]
    h <- 18L
  }
  set.seed(1)
  if (length(S) > nmax) S <- S[sort(sample(length(S), nmax))]
  cat(sprintf("%s: %d series\n", set, length(S)))
  for (nm in names(S)) for (back in seq_len(K) - 1L) {
    y <- S[[nm]]
    n <- length(y) - h * (back + 1L)
    if (n < 10L) next
    tr <- stats::ts(as.numeric(y)[seq_len(n)], start = stats::start(y), frequency = stats::frequency(y))
    a <- as.numeric(y)[n + seq_len(h)]
    scale <- mean(abs(diff(as.numeric(tr), lag = max(1, stats::frequency(y)))))
    if (!is.finite(scale) || scale <= 0) next
    f <- tryCatch(fit_with(pick0, tr, h), error = function(e) NULL)
    if (is.null(f) || !identical(f$selection$choice, "local") || !is.null(f$selection$reason)) next
    g <- fit_with(pick_pre, tr, h)
    err <- function(fit) mean(abs(a - as.numeric(predict(fit, h = h)$mean))) / scale
    rows[[length(rows) + 1]] <- data.frame(set = set, series = nm, origin = back, n = n,
                                           far = isTRUE(f$selection$far),
                                           white = isTRUE(f$selection$white), windows = f$selection$windows,
                                           local = err(f), pretrained = err(g),
                                           choice_pre = g$selection$choice)
  }
}
d <- do.call(rbind, rows)
saveRDS(d, file.path(lib, "local-pick.rds"))
# per set and route (picked as far better, or as stationary: white-looking
# or not): MASE of both, and the mean log ratio local / pretrained with its
# standard error (an exact local forecast counts as a millionth)
d$route <- ifelse(d$far, "far better", ifelse(d$white, "stationary, white", "stationary"))
for (s in unique(d$set)) for (r in c("far better", "stationary, white", "stationary")) {
  x <- d[d$set == s & d$route == r, ]
  if (!nrow(x)) next
  dl <- log(pmax(x$local, 1e-6)) - log(pmax(x$pretrained, 1e-6))
  cat(sprintf("%-8s %-18s %4d forecasts: MASE local %.3f, pretrained + smoothing %.3f; log ratio %.3f (se %.3f); local better in %d\n",
              s, r, nrow(x), mean(x$local), mean(x$pretrained), mean(dl),
              if (nrow(x) > 1) stats::sd(dl) / sqrt(nrow(x)) else NA, sum(x$local < x$pretrained)))
}

# The network's weight in the one-series default's combination (network +
# exponential smoothing), on series of one frequency: for yearly data the
# yearly tsibble series of tools/pretrain.R's pool (the keys it did not hold
# out; the yearly model's pool has no tsibble series, so no network has seen
# them; bench/accuracy.R --collections=yearly-extra holds the held-out keys),
# for monthly data the monthly tsibble series (the monthly model's pool has
# none), and, for contrast, the M1 and tourism pool series of the frequency
# (which the networks were trained on, so they favour them). K origins per
# series (the last h values held out, the h before them, ...; h = 6, 8, 18).
# Every series is fitted once with rnn_fit()'s default; where that is a
# combination, its members' forecasts are kept and can be reweighted
# afterwards (no refit), with ets and thetaf on the same origins. Saves the
# records to $OUT/cw-<set>-<freq>-<shard>.rds.
#   R_LIBS=<lib> Rscript bench/proto/combination-weight.R <tsibble|m1tourism> <1|4|12> [max series] [K] [shard/of]
#   Rscript bench/proto/combination-weight.R score '<files glob>'   # the table of bench/README.md
args <- commandArgs(TRUE)
if (identical(args[1], "score")) {
  # MASE (mean), gMASE, sMAPE of the fitted default, of its members
  # reweighted (network weight w, where the fit is a combination with a
  # smoothing member; its own forecast elsewhere) and of ets
  rows <- unlist(lapply(Sys.glob(args[2]), readRDS), recursive = FALSE)
  err <- function(f, r) {
    d <- abs(r$a) + abs(f)
    c(mean(abs(r$a - f)) / r$scale, mean(ifelse(d == 0, 0, 200 * abs(r$a - f) / d)))
  }
  mix <- function(w) function(r) if (anyNA(r$net) || anyNA(r$smooth)) r$default else w * r$net + (1 - w) * r$smooth
  meth <- c(list(default = function(r) r$default, ets = function(r) r$ets),
            stats::setNames(lapply(c(0, 0.3, 0.5, 0.7, 1), mix), paste0("w", c(0, 0.3, 0.5, 0.7, 1))))
  tab <- t(vapply(meth, function(m) {
    v <- vapply(rows, function(r) err(m(r), r), numeric(2))
    c(MASE = mean(v[1, ]), gMASE = exp(mean(log(pmax(v[1, ], 1e-6)))), sMAPE = mean(v[2, ]))
  }, numeric(3)))
  cat(length(rows), "forecasts\n")
  print(round(tab, 3))
  quit(save = "no")
}
set <- args[1]
fq <- as.numeric(args[2])
nmax <- if (length(args) >= 3) as.integer(args[3]) else 2000L
K <- if (length(args) >= 4) as.integer(args[4]) else 2L
shard <- if (length(args) >= 5) as.integer(strsplit(args[5], "/")[[1]]) else c(1L, 1L)
h <- c("1" = 6L, "4" = 8L, "12" = 18L)[[as.character(fq)]]
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
bench_dir <- file.path(here, "..")
source(file.path(bench_dir, "text-common.R"))
lib <- Sys.getenv("RECURRENT_BENCH_LIB", file.path(Sys.getenv("HOME"), ".cache", "recurrent-bench-lib"))
source(file.path(here, "tsibble-series.R"))
S <- if (set == "tsibble") {
  all <- tsibble_series(lib, bench_dir)
  y <- all[vapply(all, stats::frequency, 1) == fq & lengths(all) >= 2 * h + 4]
  y <- y[vapply(y, function(v) stats::sd(v) > 0, NA)]
  y[!names(y) %in% recurrent::rnn_pretrained()$info$held_out_tsibble]
} else NULL
.libPaths(c(.libPaths(), lib))
suppressPackageStartupMessages({ library(recurrent); library(forecast) })
if (set != "tsibble") {
  held <- rnn_pretrained()$info$held_out
  pool <- function(coll, prefix) {
    s <- Filter(function(z) frequency(z$x) == fq, coll)
    s <- s[!paste0(prefix, names(s)) %in% held]
    stats::setNames(lapply(s, function(z) ts(c(z$x, z$xx), start = start(z$x))), paste0(prefix, names(s)))
  }
  S <- c(pool(Mcomp::M1, "M1/"), pool(Tcomp::tourism, "tourism/"))
}
set.seed(1)
if (length(S) > nmax) S <- S[sort(sample(length(S), nmax))]
S <- S[seq_along(S) %% shard[2] == shard[1] - 1L]
rows <- list()
for (nm in names(S)) for (back in seq_len(K) - 1L) {
  y <- S[[nm]]
  n <- length(y) - h * (back + 1L)
  if (n < 10L) next
  tr <- stats::ts(as.numeric(y)[seq_len(n)], start = stats::start(y), frequency = fq)
  a <- as.numeric(y)[n + seq_len(h)]
  scale <- mean(abs(diff(as.numeric(tr), lag = max(1, fq))))
  if (!is.finite(scale) || scale <= 0) next
  set.seed(42)
  f <- tryCatch(rnn_fit(tr, horizon = h, verbose = FALSE), error = function(e) NULL)
  if (is.null(f)) next
  comb <- inherits(f, "rnn_combination")
  mem <- function(m) as.numeric(predict(recurrent:::fc_member(f, m), h = h)$mean)
  net <- if (comb) mem("network") else rep(NA, h)
  sm <- if (comb && "smooth" %in% names(f$members) && f$weights[1, "smooth"] > 0) mem("smooth") else rep(NA, h)
  rows[[length(rows) + 1]] <- list(series = nm, origin = back, n = n, a = a, scale = scale,
    default = as.numeric(predict(f, h = h)$mean), net = net, smooth = sm,
    choice = if (is.null(f$selection$choice)) class(f)[1] else f$selection$choice,
    ets = as.numeric(forecast(ets(tr), h = h)$mean), theta = as.numeric(thetaf(tr, h = h)$mean))
}
out <- file.path(Sys.getenv("OUT", "."), sprintf("cw-%s-%g-%d.rds", set, fq, shard[1]))
saveRDS(rows, out)
cat("saved", length(rows), "to", out, "\n")

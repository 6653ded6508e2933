# The shipped pretrained forecasters on series they never saw: the M1 and
# tourism series that tools/pretrain.R held out of pretraining (20% of each
# competition and frequency, seeded; named in the manifest), each forecast
# over its competition horizon from its training part, zero-shot
# (rnn_fit(x, pretrained = "only")), and with rnn_fit()'s default
# (pretrained = "auto": pretrained, fine-tuned or local, chosen on the series'
# held-out windows), beside forecast::ets, forecast::auto.arima,
# forecast::thetaf and the naive reference (seasonal naive for quarterly and
# monthly data).
#
#   R_LIBS=<lib> Rscript bench/pretrained.R [--local=N]
#
# --local=N also fits the local rnn_fit() (pretrained = "none") on N held-out
# series per collection (seeded). Mcomp's M3 is reserved for independent
# evaluation elsewhere and is never read here. Mcomp, Tcomp and forecast are installed into
# RECURRENT_BENCH_LIB (default ~/.cache/recurrent-bench-lib) when missing.
# Metrics as bench/many.R: sMAPE and MASE (means over series), 80%/95%
# coverage over all test points, seconds per series (fit + forecast).

source(file.path("bench", "text-common.R"))
args <- commandArgs(trailingOnly = TRUE)
local_n <- as.integer(sub("^--local=", "", c(grep("^--local=", args, value = TRUE), "--local=0")[1]))
bench_data_library(c("forecast", "Mcomp", "Tcomp"))
suppressPackageStartupMessages(library(recurrent))

coll <- m1_tourism()[rnn_pretrained()$info$held_out]
if (nzchar(Sys.getenv("ONLY"))) coll <- coll[grepl(Sys.getenv("ONLY"), names(coll))]

smape <- function(y, f) mean(ifelse(abs(y) + abs(f) == 0, 0, 200 * abs(y - f) / (abs(y) + abs(f))))
mase <- function(x, y, f) {
  m <- stats::frequency(x)
  lag <- if (m > 1 && length(x) > m) m else 1
  mean(abs(y - f)) / mean(abs(diff(as.numeric(x), lag = lag)))
}
naive_fc <- function(x, h) {
  m <- stats::frequency(x)
  if (m > 1 && length(x) >= m) rep_len(utils::tail(as.numeric(x), m), h) else rep(utils::tail(x, 1), h)
}

# one method on one series: list(mean, lo80, hi80, lo95, hi95, seconds), or NULL
run <- function(method, x, h, seed, name) {
  t0 <- proc.time()[["elapsed"]]
  out <- tryCatch(switch(method,
    pretrained = {
      f <- predict(rnn_fit(x, pretrained = "only"), h = h)
      list(mean = f$mean, lo = f$lower, hi = f$upper)
    },
    local = {
      set.seed(seed)
      f <- predict(rnn_fit(x, horizon = h, verbose = FALSE, pretrained = "none"), h = h)
      list(mean = f$mean, lo = f$lower, hi = f$upper)
    },
    default = {
      set.seed(seed)
      f <- predict(rnn_fit(x, horizon = h, verbose = FALSE), h = h)
      list(mean = f$mean, lo = f$lower, hi = f$upper)
    },
    arima = {
      f <- forecast::forecast(forecast::auto.arima(x), h = h, level = c(80, 95))
      list(mean = f$mean, lo = f$lower, hi = f$upper)
    },
    ets = {
      f <- forecast::forecast(forecast::ets(x), h = h, level = c(80, 95))
      list(mean = f$mean, lo = f$lower, hi = f$upper)
    },
    theta = {
      f <- forecast::thetaf(x, h = h, level = c(80, 95))
      list(mean = f$mean, lo = f$lower, hi = f$upper)
    },
    naive = list(mean = naive_fc(x, h), lo = NULL, hi = NULL)),
    error = function(e) {
      message(sprintf("%s on %s failed (naive forecast instead): %s", method, name,
                      conditionMessage(e)))
      NULL
    })
  if (!is.null(out)) out$seconds <- proc.time()[["elapsed"]] - t0
  out
}

methods <- c("pretrained", "default", "ets", "arima", "theta", "naive")
set.seed(1)
local_set <- if (local_n > 0) unlist(lapply(split(names(coll), sub("/.*", "", names(coll))),
                                            function(n) sample(n, min(local_n, length(n)))))
rows <- list()
for (i in seq_along(coll)) {
  s <- coll[[i]]
  meths <- c(methods, if (names(coll)[i] %in% local_set) "local")
  for (m in meths) {
    r <- run(m, s$x, s$h, i, names(coll)[i])
    fallback <- is.null(r)
    if (fallback) r <- list(mean = naive_fc(s$x, s$h), lo = NULL, hi = NULL, seconds = NA)
    y <- as.numeric(s$xx)
    f <- as.numeric(r$mean)
    cov <- function(k) if (is.null(r$lo)) NA else
      mean(y >= as.numeric(r$lo[, k]) & y <= as.numeric(r$hi[, k]))
    rows[[length(rows) + 1]] <- data.frame(
      series = names(coll)[i], collection = sub("/.*", "", names(coll)[i]),
      freq = stats::frequency(s$x), method = m, smape = smape(y, f), mase = mase(s$x, y, f),
      cov80 = cov(1), cov95 = cov(2), seconds = r$seconds, fallback = fallback)
  }
}
res <- do.call(rbind, rows)
summ <- function(d) {
  data.frame(n = length(unique(d$series)), sMAPE = mean(d$smape), MASE = mean(d$mase),
             gMASE = exp(mean(log(pmax(d$mase, 1e-8)))), cov80 = mean(d$cov80, na.rm = TRUE),
             cov95 = mean(d$cov95, na.rm = TRUE), s_per_series = mean(d$seconds, na.rm = TRUE),
             fallback = sum(d$fallback))
}
show <- function(d, label) {
  cat(sprintf("\n== %s\n", label))
  out <- do.call(rbind, lapply(split(d, d$method), function(dm)
    cbind(method = dm$method[1], summ(dm))))
  out <- out[order(out$sMAPE), ]
  print(format(out, digits = 4), row.names = FALSE)
}
for (cl in unique(res$collection)) for (f in sort(unique(res$freq))) {
  d <- res[res$collection == cl & res$freq == f & res$method %in% methods, ]
  if (nrow(d)) show(d, sprintf("%s, frequency %d (held-out series)", cl, f))
}
for (cl in unique(res$collection))
  show(res[res$collection == cl & res$method %in% methods, ], sprintf("%s, all held-out", cl))
show(res[res$method %in% methods, ], "all collections, all held-out")
if (local_n > 0) show(res[res$series %in% local_set, ], "local subsample")

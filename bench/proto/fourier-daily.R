# Variants of the seasonal kind's harmonic-regression member for daily data
# (recurrent:::fc_fourier_fit()), each forecast alone, on daily_load's pool
# (or held-out) series: the number of yearly harmonics, the form about the
# level (d = 0, with or without a linear trend), d by a KPSS test, the year
# from one year of data. MASE per h and per series, with the forecasts of
# earlier bench/highfreq.R runs cached in <cache dir> (arima.rds, tbats.rds,
# rnn_default.rds; those missing are left out).
#   R_LIBS=<lib> Rscript bench/proto/fourier-daily.R <pool|heldout> <origins> <cache dir>
args <- commandArgs(TRUE)
split <- args[1]; K <- as.integer(args[2]); cache_dir <- args[3]
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
suppressMessages({ library(recurrent); library(forecast) })
task <- "daily_load"
tk <- HF_TASKS[[task]]
S <- if (split == "pool") hf_pool(task) else hf_task_series(task)
H <- max(tk$h)
cache <- list()
for (m in c("arima", "tbats", "rnn_default")) {
  f <- file.path(cache_dir, paste0(m, ".rds"))
  if (file.exists(f)) cache[[m]] <- readRDS(f)
}
# variant: K harmonics of the year (week always 3), d = 1 (differences) or 0 (level, with a linear trend)
ffit <- function(y, h, Ky = 3, d = 1, order_max = 30L, Kaic = NULL, ymin = 2, trend = TRUE) {
  n <- length(y)
  P <- c(7, 365.25); P <- P[P <= n / ymin]
  if (d == "kpss") d <- kpss_d(y, P, Ky)
  Kv <- c(3, Ky)[seq_along(P)]
  mk <- function(Kv) cal_fourier_(seq_len(n + h), P, Kv)
  if (!is.null(Kaic) && length(P) == 2) {
    best <- Inf
    for (k in Kaic) {
      X <- mk(c(3, k)); dX <- if (d == 1) diff(X[1:n, ]) else cbind(1, seq_len(n), X[1:n, ])
      dy <- if (d == 1) diff(y) else y
      r <- qr.resid(qr(dX), dy); m <- length(r)
      a <- m * log(sum(r^2) / m) + 2 * ncol(dX) 
      if (a < best) { best <- a; Kv <- c(3, k) }
    }
  }
  X <- mk(Kv)
  if (d == 1) {
    dX <- diff(X[1:n, , drop = FALSE]); dy <- diff(y)
    b <- qr.coef(qr(dX), dy); b[is.na(b)] <- 0
    u <- dy - as.numeric(dX %*% b)
    ar <- recurrent:::fc_ar_ols(u, min(order_max, length(u) %/% 4))
    du <- as.numeric(stats::predict(ar, newdata = u, n.ahead = h)$pred)
    curve <- as.numeric((X[n + seq_len(h), , drop = FALSE] - matrix(X[n, ], h, ncol(X), byrow = TRUE)) %*% b)
    y[n] + curve + cumsum(du)
  } else {
    Z <- if (trend) cbind(1, seq_len(n + h), X) else cbind(1, X)
    b <- qr.coef(qr(Z[1:n, ]), y); b[is.na(b)] <- 0
    u <- y - as.numeric(Z[1:n, ] %*% b)
    ar <- recurrent:::fc_ar_ols(u, min(order_max, length(u) %/% 4))
    uu <- as.numeric(stats::predict(ar, newdata = u, n.ahead = h)$pred)
    as.numeric(Z[n + seq_len(h), ] %*% b) + uu
  }
}
cal_fourier_ <- function(t, P, K) {
  cols <- list()
  for (i in seq_along(P)) for (k in seq_len(K[i])) {
    cols[[length(cols) + 1]] <- sin(2 * pi * k * t / P[i]); cols[[length(cols) + 1]] <- cos(2 * pi * k * t / P[i]) }
  do.call(cbind, cols)
}
# KPSS level-stationarity statistic of the residuals of the level regression
# on the harmonics: d = 1 when above the 5% point (0.463)
kpss_d <- function(y, P, Ky) {
  n <- length(y)
  X <- cbind(1, cal_fourier_(seq_len(n), P, c(3, Ky)[seq_along(P)]))
  e <- qr.resid(qr(X), y)
  S <- cumsum(e)
  l <- trunc(3 * sqrt(n) / 13)
  s2 <- sum(e^2) / n
  for (k in seq_len(l)) s2 <- s2 + 2 * (1 - k / (l + 1)) * sum(e[-(1:k)] * e[1:(n - k)]) / n
  if (sum(S^2) / (n^2 * s2) > 0.463) 1 else 0
}
# every series-origin of the split, then each variant's MASE at each h
cases <- do.call(rbind, lapply(names(S), function(nm)
  data.frame(series = nm, origin = hf_origins(task, S[[nm]], K))))
mase <- function(act, f, h, scale) mean(abs(act[seq_len(h)] - f[seq_len(h)])) / scale
rows <- list()
for (i in seq_len(nrow(cases))) {
  nm <- cases$series[i]; o <- cases$origin[i]
  y <- hf_train(task, S[[nm]], o)$y
  scale <- mean(abs(diff(y, lag = tk$freq)))
  act <- S[[nm]]$y[o + seq_len(H)]
  fc <- list(
    cur = recurrent:::fc_fourier_fit(y, c(7, 365.25), H)$mean,
    k3 = ffit(y, H, 3), k6 = ffit(y, H, 6), k10 = ffit(y, H, 10),
    kaic = ffit(y, H, 3, Kaic = c(1, 2, 3, 4, 6, 8, 10, 15)),
    lev3 = ffit(y, H, 3, d = 0), y1 = ffit(y, H, ymin = 1), lev_y1 = ffit(y, H, d = 0, ymin = 1),
    lev0_y1 = ffit(y, H, d = 0, ymin = 1, trend = FALSE), lev0 = ffit(y, H, d = 0, trend = FALSE),
    kpss = ffit(y, H, d = "kpss"), kpss_y1 = ffit(y, H, d = "kpss", ymin = 1))
  for (h in tk$h) {
    e <- vapply(fc, mase, 0, act = act, h = h, scale = scale)
    key <- sprintf("%s|%s:%s|%d|%d", task, split, nm, o, h)
    for (m in names(cache)) {
      z <- cache[[m]][[key]]
      e[[m]] <- if (is.null(z) || is.null(z$fc)) NA else mase(act, z$fc$mean, h, scale)
    }
    rows[[length(rows) + 1L]] <- data.frame(series = nm, origin = o, n = length(y), h = h, t(e))
  }
}
d <- do.call(rbind, rows)
cols <- setdiff(names(d), c("series", "origin", "n", "h"))
for (h in tk$h) {
  x <- d[d$h == h, ]
  cat(sprintf("\n%s, h = %d, %d forecasts: mean MASE\n", split, h, nrow(x)))
  print(round(colMeans(x[, cols], na.rm = TRUE), 3))
  print(round(do.call(rbind, lapply(split(x, x$series), function(z) colMeans(z[, cols], na.rm = TRUE))), 3))
}

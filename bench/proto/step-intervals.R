# The seasonal kind's intervals per step of the horizon, on a task's POOL
# windows (never the held-out ones): fits rnn_fit()'s default on each window
# (as bench/highfreq.R's rnn_default does) and keeps what its intervals are
# made of (the rolling-origin errors, the volatility at each origin and now,
# the widening), with the actual values, so that ways of making the
# intervals can be compared without refitting (stage 2, summarise()).
#   R_LIBS=<lib> Rscript bench/proto/step-intervals.R collect <task> <origins> <out.rds>
#   R_LIBS=<lib> Rscript bench/proto/step-intervals.R summarise <in.rds>...
args <- commandArgs(TRUE)
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "highfreq-data.R"))
suppressMessages(library(recurrent))

# how the build scales the errors it keeps (before 2026-12-04: by the
# volatility itself)
ns <- asNamespace("recurrent")
vol_scale <- if (exists("fc_vol_scale", ns)) get("fc_vol_scale", ns) else identity

collect <- function(task, K, out) {
  tk <- HF_TASKS[[task]]
  S <- hf_pool(task)
  res <- list()
  for (nm in names(S)) for (o in hf_origins(task, S[[nm]], K)) {
    tr <- hf_train(task, S[[nm]], o)
    fit <- NULL
    for (h in tk$h) {
      if (is.null(fit) || fit$horizon < h) {
        set.seed(42)
        fit <- rnn_fit(tr$df, horizon = if (!is.null(fit)) h, verbose = FALSE)
      }
      m <- fit$models[[1]]
      if (is.null(m$type) || m$type != "seasonal") next
      res[[length(res) + 1L]] <- list(task = task, series = nm, origin = o, h = h,
        actual = hf_test(S[[nm]], o, h), mean = m$mean[seq_len(h)], errors = m$scaled * vol_scale(m$origin_vol),
        origin_vol = m$origin_vol, vol = m$vol, widen = m$widen, H = m$h,
        width_type = get("fc_seasonal_width_type", ns)(m))
    }
  }
  saveRDS(res, out)
}

if (args[1] == "collect") {
  t0 <- proc.time()[[3]]
  collect(args[2], as.integer(args[3]), args[4])
  cat(sprintf("%s: %.0f s\n", args[2], proc.time()[[3]] - t0))
}

# The interval offsets from the mean of window w, lower [h, 2] and upper
# [h, 2] (80 and 95%, before any width factor), when step k's errors are
# divided by the origins' volatility to the power b[k] (and the forecast's
# spread multiplied by the volatility now to it): b = 1 at every step is
# what fc_seasonal_forecast() does.
offsets <- function(w, b, widen = TRUE, spread_by = "rms") {
  E <- w$errors
  H <- ncol(E)
  S <- E / outer(w$origin_vol, b, `^`)
  spread <- pmax(if (spread_by == "rms") sqrt(colMeans(S^2)) else colMeans(abs(S)), 1e-12)
  shape <- sweep(S, 2L, spread, "/")
  width <- max(1L, ceiling(H / 8))
  lo <- hi <- matrix(0, w$h, 2)
  for (k in seq_len(w$h)) {
    e <- as.numeric(shape[, max(1L, k - width):min(H, k + width)])
    q <- stats::quantile(e, c(0.1, 0.025, 0.9, 0.975), names = FALSE, type = 8) * spread[k] *
      w$vol^b[k] * (if (widen) w$widen[k] else 1)
    lo[k, ] <- q[1:2]
    hi[k, ] <- q[3:4]
  }
  list(lo = lo, hi = hi)
}

# Per-step exponent from the window's own errors: the slope of log |error|
# on log volatility at the origins, over the steps within H/8 of k, clamped
# to [0, 1].
fitted_b <- function(w, pool = "near") {
  E <- w$errors
  H <- ncol(E)
  lv <- log(w$origin_vol)
  width <- max(1L, ceiling(H / 8))
  if (stats::sd(lv) < 1e-8) return(rep(1, H))
  vapply(seq_len(H), function(k) {
    j <- if (pool == "all") seq_len(H) else max(1L, k - width):min(H, k + width)
    le <- log(pmax(abs(E[, j, drop = FALSE]), 1e-12 * max(abs(E))))
    x <- rep(lv, length(j))
    min(1, max(0, stats::cov(x, as.numeric(le)) / stats::var(x)))
  }, 0)
}

summarise <- function(files) {
  W <- unlist(lapply(files, readRDS), recursive = FALSE)
  # TYPE=...: only the windows whose intervals take that width type
  # (fc_seasonal_width_type())
  type <- Sys.getenv("TYPE")
  if (nzchar(type)) W <- Filter(function(w) identical(w$width_type, type), W)
  variants <- list(
    now = function(w) rep(1, ncol(w$errors)),
    none = function(w) rep(0, ncol(w$errors)),
    half = function(w) rep(0.5, ncol(w$errors)),
    fit_near = function(w) fitted_b(w, "near"),
    fit_all = function(w) rep(fitted_b(w, "all")[1], ncol(w$errors)),
    half_mae = structure(function(w) rep(0.5, ncol(w$errors)), spread = "mae"),
    fit_all_mae = structure(function(w) rep(fitted_b(w, "all")[1], ncol(w$errors)), spread = "mae"),
    now_mae = structure(function(w) rep(1, ncol(w$errors)), spread = "mae"))
  only <- Sys.getenv("VARIANTS")
  if (nzchar(only)) variants <- variants[strsplit(only, ",")[[1]]]
  rows <- list()
  for (v in names(variants)) {
    R <- do.call(rbind, lapply(W, function(w) {
      os <- offsets(w, variants[[v]](w), spread_by = attr(variants[[v]], "spread") %||% "rms")
      k <- seq_len(w$h)
      err <- w$actual - w$mean
      # the half-width on the actual value's side
      hw <- sapply(1:2, function(l) ifelse(err >= 0, os$hi[, l], -os$lo[, l]))
      data.frame(task = w$task, h = w$h, q = ceiling(4 * k / w$h), key = paste(w$series, w$origin),
                 r80 = abs(err) / pmax(hw[, 1], 1e-12), r95 = abs(err) / pmax(hw[, 2], 1e-12),
                 w80 = os$hi[, 1] - os$lo[, 1], ae = abs(err))
    }))
    # the factor per level that makes the mean coverage nominal over the
    # (task, h) cells, each weighted equally (as fc_width_factor()'s)
    cells <- split(R, paste(R$task, R$h))
    fac <- sapply(c(80, 95), function(l) {
      col <- paste0("r", l)
      f <- function(x) mean(sapply(cells, function(d) mean(d[[col]] <= x))) - l / 100
      stats::uniroot(f, c(0.1, 10))$root
    })
    for (cn in names(cells)) {
      d <- cells[[cn]]
      cov <- sapply(1:2, function(l) tapply(d[[c("r80", "r95")[l]]] <= fac[l], d$q, mean))
      rows[[length(rows) + 1L]] <- data.frame(variant = v, cell = cn, windows = length(unique(d$key)),
        fac80 = round(fac[1], 3), fac95 = round(fac[2], 3),
        cov80 = paste(sprintf("%.2f", cov[, 1]), collapse = " "),
        cov95 = paste(sprintf("%.2f", cov[, 2]), collapse = " "),
        worst = round(max(abs(cov[, 1] - 0.8), abs(cov[, 2] - 0.95)), 3),
        # interval score of the 80% interval (its width plus 2 / 0.2 times
        # the miss), relative to the forecast's mean absolute error
        score80 = round(mean(d$w80 * fac[1] + 10 * pmax(0, d$ae - d$ae / d$r80 * fac[1])) / mean(d$ae), 3))
    }
  }
  options(width = 200)
  print(do.call(rbind, rows), row.names = FALSE)
}

if (args[1] == "summarise") summarise(args[-1])

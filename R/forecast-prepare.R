# Forecasting layer, stage 0 of the model: from series to a panel. A recipe
# reads the series store (forecast-series.R) and settles what the model works
# on: the transform, the seasonal adjustment, the window sizes, each unit's
# reference forecast, scale and centre, and the covariates. Two recipes:
#   fc_prepare_local()   one series (of one or several columns, with
#                        covariates and calendar Fourier terms), its sizes
#                        shrunk to fit a short series;
#   fc_prepare_global()  many series of one column, sizes from the median
#                        length, each series log-transformed when positive and
#                        seasonally adjusted when seasonal (also the recipe of
#                        the pretrained models, and of new series under them).
# Both return list(P = the panel, transform [ns], season [ns] (figures or
# NULL), horizon, covariates (NULL or their spec), note).

# The local recipe for the one series of `data` with rnn_fit()'s settings
# `st` (horizon, lookback, strategy, base, transform, validation, fourier).
fc_prepare_local <- function(data, st, call) {
  Yraw <- data$y[[1]]
  N <- nrow(Yraw)
  freq <- fc_series_frequency(data)
  calendar <- data$calendars[[1]]
  X <- data$xreg[[1]]
  m <- fc_period(freq, N)
  transform <- st$transform
  if (transform == "auto") transform <- fc_auto_transform(Yraw, m, freq)
  Y <- fc_transform(Yraw, transform, call)
  sizes <- fc_fit_sizes(N, m, freq, st$horizon, st$lookback, st$strategy == "recursive",
                        st$validation,
                        function(Hs, L, w) fc_choose_base(Y, st$base, m, Hs, L,
                                                          fc_extra_lags(calendar, N), w,
                                                          none = TRUE),
                        call = call)
  L <- sizes$lookback
  lag <- sizes$lag
  Hs <- if (st$strategy == "direct") sizes$horizon else 1L
  Lb <- as.integer(max(L, lag))
  fc_check_windows(N, L, Lb, Hs, call)
  scale <- fc_scale(Y, pmax(lag, 1L))
  center <- colMeans(Y)
  panel <- function(Xs, nf) pn_panel(list(Y), matrix(lag, 1L), matrix(scale, 1L),
                                     matrix(center, 1L), Lb, L, Lb, Hs,
                                     X = if (!is.null(Xs)) list(Xs), nf = nf)
  # calendar covariates: Fourier terms of the seasonal periods, kept when the
  # linear path forecasts the held-out windows better with them
  four <- fc_choose_fourier(st$fourier, calendar, N, X, panel, st$validation)
  Xall <- X
  if (!is.null(four$terms)) Xall <- cbind(X, four$terms)
  cov <- NULL
  Xs <- NULL
  if (!is.null(Xall)) {
    xcs <- fc_xreg_center(Xall)
    Xs <- fc_apply_center(Xall, xcs)
    cov <- list(names = colnames(Xall), user = colnames(X), center = xcs$center,
                scale = xcs$scale, fourier = four$spec,
                nf = if (is.null(four$terms)) 0L else ncol(four$terms))
  }
  list(P = panel(Xs, cov$nf %||% 0L), transform = transform, season = list(NULL),
       horizon = sizes$horizon, covariates = cov, fourier_report = four$report,
       note = sizes$note, vol_power = fc_vol_power(data))
}

# The global recipe for the many series of `data` (one column each) with
# settings `st` (horizon, lookback, strategy, base, transform, verbose,
# season_cycles, season_min); `fixed`: the sizes of a trained model (horizon,
# Hs, lookback, Lb) to prepare new series for it.
fc_prepare_global <- function(data, st, call, fixed = NULL) {
  nm <- data$names
  Yraw <- lapply(data$y, function(v) v[, 1])
  N <- lengths(Yraw)
  freq <- fc_series_frequency(data)
  med <- stats::median(N)
  if (is.null(fixed)) {
    H <- st$horizon %||% fc_global_horizon(freq, med)
    Hs <- if (st$strategy == "direct") H else 1L
    m <- fc_period(freq, med)
    L <- st$lookback %||% fc_global_lookback(m, med, H)
    if (isTRUE(st$verbose >= 1) && (is.null(st$horizon) || is.null(st$lookback)))
      message(sprintf("rnn_fit: %d series (median length %s): horizon %d, lookback %d",
                      length(N), format(med), H, L))
  } else {
    H <- fixed$horizon; Hs <- fixed$Hs; L <- fixed$lookback
  }
  # "auto": the log of every positive series, so that windows of series of
  # any level hold relative changes (high-frequency data: none that comes
  # near 0, fc_log_safe())
  tf <- vapply(seq_along(Yraw), function(j) {
    if (st$transform != "auto") return(st$transform)
    if (fc_log_safe(Yraw[[j]], freq)) "log" else "none"
  }, "")
  Y <- lapply(seq_along(Yraw), function(j)
    fc_transform(matrix(Yraw[[j]]), tf[j], call, sprintf("series \"%s\"", nm[j]))[, 1])
  # seasonal series are modelled seasonally adjusted (base "auto" only): the
  # networks and the pooled path then see series that look alike
  season <- lapply(seq_along(Y), function(j)
    if (st$base == "auto") fc_season_figure(Y[[j]], fc_period(freq, Inf), st$season_cycles,
                                            st$season_min %||% 3L))
  Y <- lapply(seq_along(Y), function(j) Y[[j]] - fc_season_at(season[[j]], seq_len(N[j])))
  lag <- vapply(seq_along(Y), function(j)
    fc_choose_base(matrix(Y[[j]]), st$base, fc_period(freq, N[j]), Hs, 1L), 1L)
  if (!is.null(fixed)) lag[lag > fixed$Lb] <- 1L
  Lb <- if (is.null(fixed)) as.integer(max(L, lag)) else fixed$Lb
  scale <- vapply(seq_along(Y), function(j) fc_scale(matrix(Y[[j]]), max(lag[j], 1L)), 1)
  center <- vapply(Y, mean, 1)
  P <- pn_panel(stats::setNames(lapply(Y, matrix), nm), lag, scale, center,
                fc_global_t0(N, lag, Lb, Hs), L, Lb, Hs)
  list(P = P, transform = tf, season = season, horizon = H, covariates = NULL, note = NULL,
       vol_power = fc_vol_power(data))
}

# First real origin of each series of a global panel: the history buffer Lb,
# or earlier (padded at the front) for a series too short to have 4 windows
# after it, never before its reference lag (or 2).
fc_global_t0 <- function(N, lag, Lb, Hs) as.integer(pmin(Lb, pmax(lag, 2L, N - Hs - 3L)))

# The series on the scale the model works on: `Y` itself or its log (which
# needs positive values; `what` names the series in the error).
fc_transform <- function(Yraw, transform, call, what = "`y`") {
  if (transform != "log") return(Yraw)
  if (any(Yraw <= 0)) {
    rec_abort(sprintf("`transform = \"log\"` needs a positive series, but %s has %d value%s <= 0 (smallest %s).",
                      what, sum(Yraw <= 0), if (sum(Yraw <= 0) > 1) "s" else "", format(min(Yraw))),
              call = call)
  }
  log(Yraw)
}

# Number of training windows of N observations with a history of Lb (>=
# lookback) and Hs target steps; at least 4, or an error saying what is needed.
fc_check_windows <- function(N, lookback, Lb, Hs, call) {
  n <- N - Lb - Hs + 1L
  if (n < 4L) {
    rec_abort(sprintf(paste0("`y` is too short: %d observations, but lookback %d%s and horizon %d ",
                             "need at least %d; use a shorter `lookback` or `horizon`."),
                      N, lookback, if (Lb > lookback) sprintf(" (%d with the seasonal reference)", Lb) else "",
                      Hs, Lb + Hs + 3L), class = "recurrent_error_too_short", call = call)
  }
  n
}

# Whether a series of frequency `freq` may be modelled on the log scale:
# positive, and, for high-frequency data (fc_high_frequency()), never within
# a tenth of its median of 0. Near 0 (temperatures near freezing) its few
# low values dominate the log scale, and intervals taken back from it
# explode: five days of November temperatures at 0.2-14 degrees had a 95%
# upper bound of 31,710 degrees a day ahead. Whole counts must also be 10 or
# more throughout: under that their noise is a large part of each count (as
# for counts with zeros, which never take the log), and three days of hourly
# visitors counting 1 to 37 had a 95% upper bound of 606. Yearly, quarterly and monthly
# series keep the log whenever positive: the pretrained defaults were
# chosen with it, and growth from near 0 is common there.
fc_log_safe <- function(y, freq) {
  all(y > 0) && (!fc_high_frequency(freq) ||
                   min(y) >= 0.1 * stats::median(y) && (min(y) >= 10 || any(y != round(y))))
}

# Log when the series is positive (and safely so: fc_log_safe()) and the
# seasonal (or local) swings grow with the level: the correlation between
# local level and local spread is clearly positive.
fc_auto_transform <- function(Y, m, freq) {
  if (!all(apply(Y, 2, fc_log_safe, freq = freq))) return("none")
  w <- max(m, 4L)
  nb <- floor(nrow(Y) / w)
  if (nb < 4) return("none")
  for (j in seq_len(ncol(Y))) {
    blocks <- matrix(Y[seq_len(nb * w), j], w)
    lev <- colMeans(blocks)
    spr <- apply(blocks, 2, function(b) stats::sd(b - mean(b)))
    if (max(lev) / min(lev) < 1.5) return("none")
    # no spread, or none that varies (a straight line): no correlation to speak of
    if (!(stats::sd(spr) > 0) || !(stats::sd(lev) > 0)) return("none")
    if (!is.finite(stats::cor(lev, spr)) || stats::cor(lev, spr) < 0.5) return("none")
  }
  "log"
}

# Per-series lag of the reference forecast: 1 = naive, m = seasonal naive,
# 0 = none (standardised level).
# `extra`: further seasonal lags "auto" may choose (the weekly cycle of
# sub-daily data); all candidates are compared on the same origins, and
# "auto" never chooses a lag whose history leaves fewer than `windows`
# windows (N - max(L, lag) - Hs + 1).
# `none`: "auto" also considers lag 0, the series mean. Its reference at an
# origin is the mean of the observations up to that origin (what would be
# known there; the full-sample mean would borrow the level from the future),
# and it is chosen only when its error is below `margin` times the best lag's:
# a short random walk can look mean-reverting by chance. (The local recipe
# only: the global one keeps its own measured choice.)
fc_choose_base <- function(Y, base, m, Hs, L, extra = integer(0), windows = 4L,
                           none = FALSE, margin = 0.9) {
  k <- ncol(Y)
  if (base == "none") return(rep(0L, k))
  if (base == "naive" || m <= 1 && !none) return(rep(1L, k))
  if (base == "seasonal") return(rep(as.integer(m), k))
  # auto: in-sample mean absolute error of the references over steps 1..Hs
  N <- nrow(Y)
  lags <- as.integer(unique(c(1L, if (m > 1) m, setdiff(extra, c(1L, m)))))
  lags <- lags[N - Hs - pmax(L, lags) >= 2]
  if (!length(lags) || length(lags) < 2L && !none) return(rep(1L, k))
  origins <- seq.int(max(L, lags), N - Hs)
  vapply(seq_len(k), function(j) {
    y <- Y[, j]
    e <- vapply(lags, function(l) {
      tot <- 0
      for (s in seq_len(Hs)) {
        back <- if (l == 1L) 0L else s - l * ceiling(s / l)
        tot <- tot + sum(abs(y[origins + s] - y[origins + back]))
      }
      tot
    }, numeric(1))
    e[N - pmax(L, lags) - Hs + 1L < windows] <- Inf
    best <- lags[which.min(e)]
    if (none && N - L - Hs + 1L >= windows) {
      mu <- cumsum(y)[origins] / origins
      e0 <- 0
      for (s in seq_len(Hs)) e0 <- e0 + sum(abs(y[origins + s] - mu))
      if (e0 < margin * min(e)) best <- 0L
    }
    best
  }, integer(1))
}

# Fourier covariates of the calendar's seasonal periods (fourier = "auto":
# the set among none, each period alone and all periods whose linear path has
# the smallest error on the held-out windows, kept when that error is at least
# 1% below the error without them; TRUE: all periods; FALSE: none). `panel`
# makes the series' panel with standardised covariates and their number of
# Fourier columns. Returns list(terms [N, q] or NULL, spec = list(periods, K)
# or NULL, report: data.frame of the candidates and their validation errors,
# on at most 50 evenly spaced held-out windows).
fc_choose_fourier <- function(fourier, calendar, N, X, panel, validation) {
  none <- list(terms = NULL, spec = NULL, report = NULL)
  if (isFALSE(fourier)) return(none)
  periods <- fc_fourier_candidates(calendar, N)
  if (!length(periods)) return(none)
  K <- fc_fourier_K(periods)
  terms <- function(sel) cal_fourier(calendar$times, periods[sel], K[sel], calendar$cal$frequency)
  spec <- function(sel) list(periods = periods[sel], K = K[sel])
  all_sel <- seq_along(periods)
  if (isTRUE(fourier)) return(list(terms = terms(all_sel), spec = spec(all_sel), report = NULL))
  if (validation <= 0) return(none)
  cands <- c(list(integer(0)), if (length(periods) > 1) as.list(all_sel), list(all_sel))
  score <- function(sel) {
    ft <- if (length(sel)) terms(sel)
    Xc <- if (length(sel)) cbind(X, ft) else X
    P <- panel(if (!is.null(Xc)) fc_apply_center(Xc, fc_xreg_center(Xc)),
               if (is.null(ft)) 0L else ncol(ft))
    S <- pn_samples(P, validation)
    # every held-out window would cost much and add little (they overlap):
    # at most 50 of them, evenly spaced
    va <- which(S$va)
    if (length(va) > 50L) {
      S$va[] <- FALSE
      S$va[va[fc_spread(length(va), 50L)]] <- TRUE
      S$nval <- sum(S$va)
    }
    fc_fit_linear(P, S)$err
  }
  errs <- vapply(cands, score, numeric(1))
  lab <- vapply(cands, function(sel) if (!length(sel)) "none" else
    paste(sprintf("%s (%s, K = %d)", fc_period_label(periods[sel]),
                  vapply(round(periods[sel], 2), format, ""), K[sel]), collapse = " + "),
    character(1))
  best <- which.min(errs)
  keep <- best > 1 && errs[best] < 0.99 * errs[1]
  report <- data.frame(terms = lab, val_mse = errs, chosen = seq_along(cands) == (if (keep) best else 1L))
  if (!keep) return(list(terms = NULL, spec = NULL, report = report))
  sel <- cands[[best]]
  list(terms = terms(sel), spec = spec(sel), report = report)
}

fc_period_label <- function(p) {
  nm <- names(p)
  if (is.null(nm)) return(paste("period", vapply(round(p, 2), format, "")))
  c(day = "daily", week = "weekly", year = "annual")[nm]
}

# Seasonal figure of a series y (transformed scale) with period m: the m
# indices of a classical additive decomposition (stats::decompose(); index i
# belongs to observations 1 + i - 1, 1 + i - 1 + m, ...), when the series holds
# at least `min_cycles` periods (3, or 2 for the shipped monthly model: its
# series of 24 to 35 months forecast better adjusted) and its autocorrelation
# at lag m is significant (the 90% test forecast::thetaf() uses; `test =
# FALSE`: without the test, as the smoothing path takes it); NULL
# otherwise. `cycles` (NULL: all): decompose only the last `cycles` whole
# periods, so that the figure follows a seasonal pattern that changes (the
# shipped quarterly model uses 4: on the pretraining collections' held-out
# series it forecast better than all).
fc_season_figure <- function(y, m, cycles = NULL, min_cycles = 3L, test = TRUE) {
  N <- length(y)
  if (m <= 1L || N < max(2L, min_cycles) * m || !(stats::sd(y) > 0)) return(NULL)
  if (test) {
    r <- stats::acf(y, lag.max = m, plot = FALSE)$acf[-1]
    stat <- sqrt((1 + 2 * sum(r[-m]^2)) / N)
    if (!is.finite(r[m]) || abs(r[m]) / stat <= stats::qnorm(0.95)) return(NULL)
  }
  first <- 1L
  if (!is.null(cycles) && cycles * m < N) first <- as.integer(N - cycles * m + 1)
  fig <- fc_decompose_figure(y[first:N], m)
  if (!all(is.finite(fig))) return(NULL)
  # fig[i] belongs to observation first + i - 1: re-index it from observation 1
  fig[(seq_len(m) - first) %% m + 1L]
}

# The seasonal figure [m] of stats::decompose(ts(x, frequency = m)) (additive),
# the same values bit for bit, without its ts arithmetic, which made it a
# sixth of a fit of many series: x minus its centred moving average
# (fc_decompose_season()), the mean of each season's values (mean(), as
# decompose() takes it) and their mean taken out.
fc_decompose_figure <- function(x, m) {
  season <- fc_decompose_season(x, m)
  n <- length(x)
  fig <- vapply(seq_len(m), function(k) mean(season[seq.int(k, n, by = m)], na.rm = TRUE), 0)
  fig - mean(fig)
}

# x [n] minus the centred moving average of stats::filter() over a cycle of
# m (its sum in the same order): NA where the window does not fit in x.
fc_decompose_season <- function(x, m) {
  n <- length(x)
  w <- if (m %% 2L == 0L) c(0.5, rep_len(1, m - 1L), 0.5) / m else rep_len(1, m) / m
  nf <- length(w)
  shift <- nf %/% 2L
  i <- seq_len(n)
  ok <- i + shift - nf >= 0L & i + shift <= n          # a whole window inside x
  trend <- rep(NA_real_, n)
  idx <- i[ok] + shift
  z <- 0
  for (j in seq_len(nf)) z <- z + w[j] * x[idx - j + 1L]
  trend[ok] <- z
  x - trend
}

# The seasonal figure `fig` [m] of x [n] (fc_decompose_figure(), indexed
# from observation 1) shrunk toward no season, positive-part James-Stein:
# by 1 - (m - 3) v / sum(fig^2), where v is the variance of one of its
# values, the remainder's variance over the cycles each is the mean of. A
# figure read from white noise (5 years of months) keeps about a third of
# itself on average, none in one draw of five; a clear season nearly all.
# The smoothing took every figure whole, so it forecast a season in white
# noise; shrunk, its forecasts of the monthly tsibble series (600, the last
# 18 months) improved by 3.1% on MASE (log ratio, se 0.6%), and of the
# M1/tourism monthly pool by 0.8% (se 0.4%; bench/README.md).
fc_season_shrink <- function(x, m, fig) {
  k <- (seq_along(x) - 1L) %% m + 1L
  rem <- fc_decompose_season(x, m) - fig[k]
  ok <- !is.na(rem)
  if (sum(ok) < 2L) return(fig)
  v <- stats::var(rem[ok]) * mean(1 / pmax(tabulate(k[ok], m), 1L))
  ss <- sum(fig^2)
  if (!(ss > 0) || !is.finite(v)) return(fig)
  fig * max(0, 1 - (m - 3) * v / ss)
}

# The seasonal component at observations t (1 = the first) of a figure
# (NULL: none).
fc_season_at <- function(fig, t) {
  if (is.null(fig)) return(numeric(length(t)))
  fig[(t - 1L) %% length(fig) + 1L]
}

# Default horizon of a global fit: the frequency's, but at most a third of
# the median series length.
fc_global_horizon <- function(freq, med) {
  as.integer(max(1L, min(fc_default_horizon(freq), floor(med / 3))))
}

# Default lookback of a global fit: the nominal one (fc_nominal_lookback():
# two seasonal periods, 12 without seasonality), but at most half of what the
# median series has left after a horizon; series shorter than that are
# padded at the front.
fc_global_lookback <- function(m, med, H) {
  L <- fc_nominal_lookback(m)
  avail <- floor((med - H + 1) / 2)
  L <- as.integer(max(2L, min(L, avail)))
  if (m > 1 && L < m && m <= avail) L <- as.integer(m)
  L
}

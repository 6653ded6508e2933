# Forecasting layer, the global model: one ensemble of networks trained on
# windows pooled from many series, each series with its own scaling,
# reference forecast, linear path and interval calibration (see ?rnn_fit,
# "Many series"). The panel core (forecast-panel.R) computes everything for
# all series at once.

# Settings of a global fit from the many-series input `inputs`
# (fc_many_series()): horizon, lookback and per-series transform, reference
# lag, scale and first origin; returns the panel and what predict() needs to
# rebuild it.
fc_global_prepare <- function(inputs, st, call, fixed = NULL) {
  nm <- names(inputs)
  Yraw <- lapply(inputs, function(i) i$ser$Y[, 1])
  N <- lengths(Yraw)
  freq <- inputs[[1]]$ser$tsp[3]
  med <- stats::median(N)
  if (is.null(fixed)) {
    H <- st$horizon %||% fc_global_horizon(freq, med)
    Hs <- if (st$strategy == "direct") H else 1L
    m <- fc_period(freq, med)
    L <- st$lookback %||% fc_global_lookback(m, med, H)
    if (st$verbose && (is.null(st$horizon) || is.null(st$lookback)))
      message(sprintf("rnn_fit: %d series (median length %s): horizon %d, lookback %d",
                      length(N), format(med), H, L))
  } else {
    H <- fixed$horizon; Hs <- fixed$Hs; L <- fixed$lookback
  }
  # "auto": the log of every positive series, so that windows of series of
  # any level hold relative changes
  tf <- vapply(seq_along(Yraw), function(j) {
    if (st$transform != "auto") return(st$transform)
    if (all(Yraw[[j]] > 0)) "log" else "none"
  }, "")
  Y <- lapply(seq_along(Yraw), function(j) {
    if (tf[j] == "log" && any(Yraw[[j]] <= 0))
      rec_abort(sprintf("`transform = \"log\"` needs positive series, but series \"%s\" has %d value%s <= 0.",
                        nm[j], sum(Yraw[[j]] <= 0), if (sum(Yraw[[j]] <= 0) > 1) "s" else ""),
                call = call)
    fc_transform(matrix(Yraw[[j]]), tf[j], call)[, 1]
  })
  # seasonal series are modelled seasonally adjusted (base "auto" only): the
  # networks and the pooled path then see series that look alike
  season <- lapply(seq_along(Y), function(j)
    if (st$base == "auto") fc_season_figure(Y[[j]], fc_period(freq, Inf), st$season_cycles,
                                            st$season_min %||% 3L))
  Y <- lapply(seq_along(Y), function(j) Y[[j]] - fc_season_at(season[[j]], seq_len(N[j])))
  names(Y) <- nm
  lag <- vapply(seq_along(Y), function(j)
    fc_choose_base(matrix(Y[[j]]), st$base, fc_period(freq, N[j]), Hs, 1L), 1L)
  if (!is.null(fixed)) lag[lag > fixed$Lb] <- 1L
  Lb <- if (is.null(fixed)) as.integer(max(L, lag)) else fixed$Lb
  scale <- vapply(seq_along(Y), function(j) fc_scale(matrix(Y[[j]]), max(lag[j], 1L)), 1)
  center <- vapply(Y, mean, 1)
  t0 <- pmin(Lb, pmax(lag, 2L, N - Hs - 3L))
  P <- pn_panel(Y, lag, scale, center, t0, L, Lb, Hs)
  list(P = P, Yraw = Yraw, transform = tf, season = season, horizon = H, lookback = L,
       freq = freq)
}

# Seasonal figure of a series y (transformed scale) with period m: the m
# indices of a classical additive decomposition (stats::decompose(); index i
# belongs to observations 1 + i - 1, 1 + i - 1 + m, ...), when the series holds
# at least `min_cycles` periods (3, or 2 for the shipped monthly model: its
# series of 24 to 35 months forecast better adjusted) and its autocorrelation
# at lag m is significant (the 90% test forecast::thetaf() uses); NULL
# otherwise. `cycles` (NULL: all): decompose only the last `cycles` whole
# periods, so that the figure follows a seasonal pattern that changes (the
# shipped quarterly model uses 4: on the pretraining collections' held-out
# series it forecast better than all).
fc_season_figure <- function(y, m, cycles = NULL, min_cycles = 3L) {
  N <- length(y)
  if (m <= 1L || N < max(2L, min_cycles) * m || !(stats::sd(y) > 0)) return(NULL)
  r <- stats::acf(y, lag.max = m, plot = FALSE)$acf[-1]
  stat <- sqrt((1 + 2 * sum(r[-m]^2)) / N)
  if (!is.finite(r[m]) || abs(r[m]) / stat <= stats::qnorm(0.95)) return(NULL)
  first <- 1L
  if (!is.null(cycles) && cycles * m < N) first <- as.integer(N - cycles * m + 1)
  fig <- stats::decompose(stats::ts(y[first:N], frequency = m))$figure
  if (!all(is.finite(fig))) return(NULL)
  # fig[i] belongs to observation first + i - 1: re-index it from observation 1
  fig[(seq_len(m) - first) %% m + 1L]
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

# Default lookback of a global fit: the nominal one (fc_nominal_lookback(): two
# seasonal periods, 12 without seasonality), but at most half of what the median series has left after a
# horizon; series shorter than that are padded at the front.
fc_global_lookback <- function(m, med, H) {
  L <- fc_nominal_lookback(m)
  avail <- floor((med - H + 1) / 2)
  L <- as.integer(max(2L, min(L, avail)))
  if (m > 1 && L < m && m <= avail) L <- as.integer(m)
  L
}

# The samples of a panel: training windows (rows R: series s, origin o;
# buffers B [n, Lb], next Hs values A [n, Hs]) with the last `validation`
# fraction of each series' windows held out (`va`, series with 5 windows or
# more), and the one-step samples (R1, windows Z [n1, L], targets T1 [n1])
# with `tr1` marking those before the series' first held-out origin.
fc_global_samples <- function(P, validation) {
  R <- pn_rows(P, P$Hs)
  ns <- length(P$N)
  nwin <- tabulate(R$s, ns)
  nval <- ifelse(nwin >= 5L & validation > 0, pmax(1L, round(validation * nwin)), 0L)
  va <- sequence(nwin) > (nwin - nval)[R$s]
  first_va <- rep(.Machine$integer.max, ns)
  if (any(va)) first_va[unique(R$s[va])] <- tapply(R$o[va], R$s[va], min)
  B <- pn_values(P, R$s, R$o, 1L - P$Lb, 0L)
  A <- pn_values(P, R$s, R$o, 1L, P$Hs)
  R1 <- pn_rows(P, 1L)
  B1 <- pn_values(P, R1$s, R1$o, 1L - P$Lb, 0L)
  s1 <- R1$s
  Z <- pn_window(B1, P$L, P$lag[s1], P$center[s1], P$scale[s1])
  T1 <- (pn_values(P, s1, R1$o, 1L, 1L)[, 1] - pn_base(B1, P$lag[s1], 1L, P$center[s1])[, 1]) /
    P$scale[s1]
  list(R = R, B = B, A = A, va = va, nwin = nwin, nval = nval,
       R1 = R1, Z = Z, T1 = T1, tr1 = R1$o < first_va[s1])
}

# Ridge fits of every series' one-step samples (rows `keep` of S$Z, S$T1)
# for penalties `lambda` (one per series): coefficient matrix [nseries, 1 + L]
# (intercept first), NA rows for series with fewer than 2 samples.
fc_ridge_panel <- function(S, s, keep, lambda, ns, L) {
  C <- matrix(NA_real_, ns, L + 1L)
  rows <- split(which(keep), factor(s[keep], levels = seq_len(ns)))
  for (j in seq_len(ns)) {
    r <- rows[[j]]
    if (length(r) < 2L || !is.finite(lambda[j])) next
    C[j, ] <- fc_ridge(S$Z[r, , drop = FALSE], matrix(S$T1[r]), lambda[j])[, 1]
  }
  C
}

# Pooled ridge on the rows `keep` of all series: coefficients [1 + L].
fc_ridge_pooled <- function(S, keep, lambda) {
  fc_ridge(S$Z[keep, , drop = FALSE], matrix(S$T1[keep]), lambda)[, 1]
}

# The linear path of each series: its own ridge regression (penalty chosen on
# its held-out windows) or the pooled one, whichever forecasts its held-out
# windows better; without held-out windows its own. A series' own path needs
# at least 3 (L + 1) one-step training samples and must be stable when
# iterated (fc_ar_stable()); otherwise the series takes the pooled one.
# `prior`: a pooled path to use instead of fitting one (zero-shot forecasts
# of new series). Returns the coefficients
# for training (`train`), the choice per series (`own`, `lambda`) and the
# pooled path (`pooled`, `pooled_lambda`).
fc_global_linear <- function(P, S, prior = NULL) {
  ns <- length(P$N); L <- P$L
  s1 <- S$R1$s
  grid <- 10^seq(-3, 2, by = 0.5)
  va <- which(S$va)
  sv <- S$R$s[va]
  score <- function(C) {
    pr <- pn_core(P, S$B[va, , drop = FALSE], sv, C, NULL)
    e <- rowMeans(((pr - S$A[va, , drop = FALSE]) / P$scale[sv])^2)
    out <- rep(NA_real_, ns)
    out[sort(unique(sv))] <- tapply(e, sv, mean)
    out
  }
  if (is.null(prior)) {
    plam <- 1
    if (length(va)) {
      perr <- vapply(grid, function(lam) {
        C <- matrix(fc_ridge_pooled(S, S$tr1, lam), ns, L + 1L, byrow = TRUE)
        sum(score(C) * S$nval, na.rm = TRUE)
      }, 1)
      plam <- grid[which.min(perr)]
    }
    pooled <- fc_ridge_pooled(S, S$tr1, plam)
  } else {
    plam <- prior$pooled_lambda
    pooled <- prior$pooled
  }
  Cp <- matrix(pooled, ns, L + 1L, byrow = TRUE)
  best <- if (length(va)) score(Cp) else rep(NA_real_, ns)
  lambda <- rep(NA_real_, ns)             # NA: pooled
  Ctr <- Cp
  # a series' own path needs 3 samples per coefficient, and must not explode
  # when iterated (fc_ar_stable())
  enough <- tabulate(s1[S$tr1], ns) >= 3L * (L + 1L)
  if (length(va) && any(enough)) {
    for (lam in grid) {
      C <- fc_ridge_panel(S, s1, S$tr1, ifelse(enough, lam, NA_real_), ns, L)
      C[is.na(C[, 1]), ] <- Cp[is.na(C[, 1]), ]
      e <- score(C)
      better <- enough & !is.na(e) & !is.na(best) & e < best
      better[better] <- fc_ar_stable(C[better, , drop = FALSE], P, which(better))
      best[better] <- e[better]
      lambda[better] <- lam
      Ctr[better, ] <- C[better, ]
    }
  }
  nova <- S$nval == 0L & enough
  if (any(nova)) {
    C <- fc_ridge_panel(S, s1, S$tr1, ifelse(nova, 1, NA_real_), ns, L)
    nova[nova] <- fc_ar_stable(C[nova, , drop = FALSE], P, which(nova))
    lambda[nova] <- 1
    Ctr[nova, ] <- C[nova, ]
  }
  list(train = Ctr, own = !is.na(lambda), lambda = lambda, pooled = pooled,
       pooled_lambda = plam)
}

# Final coefficients on all one-step samples (own penalty, or the pooled path
# refitted on all samples; `prior`: the given pooled path).
fc_global_linear_final <- function(P, S, lin, prior = NULL) {
  ns <- length(P$N)
  all1 <- rep(TRUE, length(S$T1))
  pooled <- if (is.null(prior)) fc_ridge_pooled(S, all1, lin$pooled_lambda) else prior$pooled
  C <- fc_ridge_panel(S, S$R1$s, all1, lin$lambda, ns, P$L)
  own <- lin$own
  own[own] <- fc_ar_stable(C[own, , drop = FALSE], P, which(own))
  if (any(!own)) C[!own, ] <- matrix(pooled, sum(!own), P$L + 1L, byrow = TRUE)
  list(coef = C, pooled = pooled, own = own)
}

# Whether iterating the linear paths C [n, 1 + L] of series `j` keeps their
# forecasts from exploding: the largest root of the autoregression in levels
# that each path amounts to (with its reference forecast) is at most 1.02 in
# modulus (unit roots, as in a random walk or seasonal naive, are fine).
fc_ar_stable <- function(C, P, j, tol = 1.02) {
  L <- P$L; Lb <- P$Lb
  vapply(seq_along(j), function(i) {
    a <- numeric(Lb)                 # a[k]: coefficient of y[t + 1 - k] in y[t + 1]
    beta <- C[i, -1]
    a[L:1] <- a[L:1] + beta          # window value i is y[t - L + i]: lag L - i + 1
    l <- P$lag[j[i]]
    if (l > 0L) {
      a[1] <- a[1] - sum(beta)       # the window is taken relative to its last value
      a[l] <- a[l] + 1               # the reference forecast y[t + 1 - l]
    }
    if (!all(is.finite(a))) return(FALSE)
    if (Lb == 1L) return(abs(a[1]) <= tol)
    comp <- rbind(a, cbind(diag(Lb - 1L), 0))
    max(Mod(eigen(comp, only.values = TRUE)$values)) <= tol
  }, NA)
}

# Trains the ensemble on all training windows at once: x [n, L, 1], targets
# (list: `lin`, what the linear path leaves, and `base`, the change from the
# reference forecast; each [n, Hs]), member r learning targets$lin when
# kinds[r] is TRUE; `va` the held-out rows (at most max_windows / 4 of them, evenly
# spread, measure the validation loss). Each network gets a seed drawn up front
# from R's generator, so the ensemble is the same whether its members train
# one after the other or side by side (fc_global_lapply()); the generator's
# state afterwards is the one after drawing the seeds.
fc_global_nets <- function(x, targets, kinds, va, repeats, cell, hidden, layers, opts,
                           verbose, call, max_windows = 20000L) {
  if (repeats == 0L) return(list())
  rng <- fc_draw_seeds(repeats)
  on.exit(rng$restore())
  seeds <- rng$seeds
  tr <- which(!va)
  vi <- which(va)
  if (length(vi) > max_windows / 4) vi <- vi[fc_spread(length(vi), max_windows / 4)]
  xv <- x[vi, , , drop = FALSE]
  ntr <- min(length(tr), max_windows)
  targs <- utils::modifyList(list(loss = "mae", epochs = 100, lr = 0.005,
                                  batch_size = fc_global_batch(ntr), patience = 10),
                             opts$train)
  # the training windows are cut once for all members, unless there are more
  # than max_windows: then each member learns from its own random subset of
  # them (as in bagging): the windows overlap so much that the rest adds
  # little, and the members differ more
  bag <- length(tr) > max_windows
  xtr0 <- if (!bag) x[tr, , , drop = FALSE]
  ytr0 <- if (!bag) lapply(targets, function(t) t[tr, , drop = FALSE])
  yv <- lapply(targets, function(t) t[vi, , drop = FALSE])
  one <- function(r) {
    set.seed(seeds[r])
    kind <- if (kinds[r]) "lin" else "base"
    sub <- if (bag) sort(sample(tr, max_windows)) else tr
    xtr <- if (bag) x[sub, , , drop = FALSE] else xtr0
    ytr <- if (bag) targets[[kind]][sub, , drop = FALSE] else ytr0[[kind]]
    vdata <- if (length(vi)) list(xv, yv[[kind]]) else 0
    net <- fc_in_call(do.call(rnn_net, c(list(input_size = 1L, hidden_size = hidden,
                                              output_size = ncol(ytr), cell = cell,
                                              layers = layers), opts$net)), call)
    net <- fc_zero_head(net)
    if (verbose) message(sprintf("rnn_fit: training network %d of %d on %d windows", r,
                                 repeats, length(sub)))
    fc_in_call(do.call(rnn_train, c(list(net = net, x = xtr, y = ytr, validation = vdata,
                                         verbose = verbose), targs)), call)
  }
  fc_global_lapply(seq_len(repeats), one, concurrent = ntr * dim(x)[2] * hidden < 2e7)
}

# `n` seeds drawn from R's generator, and `restore()`, which puts the
# generator back in the state right after drawing them: work seeded from
# them (set.seed() per element) gives the same results in any order or
# process, and leaves the caller's stream as if only the seeds were drawn.
fc_draw_seeds <- function(n) {
  seeds <- sample.int(.Machine$integer.max, n)
  state <- get(".Random.seed", envir = globalenv())
  list(seeds = seeds, restore = function() assign(".Random.seed", state, envir = globalenv()))
}

# `k` indices spread evenly over 1..n.
fc_spread <- function(n, k) unique(round(seq(1, n, length.out = k)))

# Mini-batch size for n training windows: 32 up to 4,000 windows, then
# growing with n (at most 512), so that an epoch over a large panel takes
# about 125 to 250 optimizer steps instead of thousands.
fc_global_batch <- function(n) {
  as.integer(min(512L, max(32L, 2^ceiling(log2(n / 250)))))
}

# lapply(), or, where forking is safe and worth it, the two halves of X side by
# side in two forked processes (each one thread, see ?`recurrent-options`).
# Results do not depend on which (each element seeds its own generator).
fc_global_lapply <- function(X, FUN, concurrent) {
  cores <- fc_free_cores()
  if (!concurrent || length(X) < 2L || cores < 2L || .Platform$OS.type != "unix" ||
      !isTRUE(getOption("recurrent.concurrent", TRUE)))
    return(lapply(X, FUN))
  out <- parallel::mclapply(X, FUN, mc.cores = min(2L, cores), mc.preschedule = TRUE,
                            mc.set.seed = FALSE)
  bad <- vapply(out, inherits, NA, "try-error")
  if (any(bad)) stop(attr(out[[which(bad)[1]]], "condition"))
  out
}

# Cores free for work side by side: what options(recurrent.threads) allows
# when set, otherwise the cores minus those other processes keep busy; 1 in a
# forked child (a parallel worker already) and at most 2 under R CMD check.
fc_free_cores <- function() {
  th <- getOption("recurrent.threads")
  if (!is.null(th)) return(check_int(th, "getOption(\"recurrent.threads\")", max = 1024))
  info <- .Call(C_rec_cpu_info)    # isa, isa_detected, forked, cores, busy, ...
  if (info[3] == 1L) return(1L)
  free <- max(1L, info[4] - max(info[5], 0L))
  if (nzchar(Sys.getenv("_R_CHECK_LIMIT_CORES_"))) free <- min(free, 2L)
  as.integer(free)
}

# Cross-fitted forecast errors [n1, h] (units of each series' scale) from
# every one-step origin of every series: each series' origins are cut into
# `folds` contiguous blocks; for each block a series with its own linear path
# refits it (same penalty) without the one-step samples whose target lies in
# the block's forecast span, as fc_crossfit_errors() does for one series.
# Series on the pooled path keep it (refitting a path pooled over all series
# without one block of one series would change it little). The networks are
# not refitted.
fc_global_errors <- function(P, S, lin, coef, nets, h, folds = 5L) {
  ns <- length(P$N)
  s1 <- S$R1$s; o1 <- S$R1$o
  n1 <- tabulate(s1, ns)
  nf <- pmin(folds, n1)
  blk <- ceiling(sequence(n1) * nf[s1] / n1[s1])
  E <- matrix(NA_real_, length(s1), h)
  for (f in seq_len(folds)) {
    rows <- which(blk == f)
    if (!length(rows)) next
    C <- coef
    if (any(lin$own)) {
      a <- b <- rep(NA_real_, ns)
      in_f <- sort(unique(s1[rows]))
      a[in_f] <- tapply(o1[rows], s1[rows], min)
      b[in_f] <- tapply(o1[rows], s1[rows], max)
      keep <- is.na(a[s1]) | o1 < a[s1] | o1 > b[s1] + h - 1L
      few <- tabulate(s1[keep], ns) < 3L
      keep[few[s1]] <- (is.na(a[s1]) | o1 < a[s1] | o1 > b[s1])[few[s1]]
      few <- tabulate(s1[keep], ns) < 3L
      keep[few[s1]] <- TRUE
      Cf <- fc_ridge_panel(S, s1, keep, lin$lambda, ns, P$L)   # NA: pooled
      ok <- lin$own & !is.na(Cf[, 1])
      C[ok, ] <- Cf[ok, ]
    }
    pr <- pn_paths(P, s1[rows], o1[rows], h, C, nets)
    E[rows, ] <- (pn_values(P, s1[rows], o1[rows], 1L, h) - pr) / P$scale[s1[rows]]
  }
  E
}

# Interval calibration of a global fit from errors E [n, h] at origins `o` of
# series `s` (units of the series scale): each error is divided by the local
# scale at its origin (fc_local_scale()), then calibrated per series
# (fc_calibrate()) when the series has at least 10 effective forecast windows,
# and from all series pooled otherwise. New series (zero-shot: `prior`, the
# pooled calibration of a fit, is given) use their own errors from a single
# effective window on ((h + 1) / 2 origins), the prior only below: the pooled
# errors are those of the fit's own training windows, which its networks
# learnt, so they are too narrow for a series the networks never saw, while
# a new series' own errors are out of sample, and the Student's t widening of
# fc_multiplier() accounts for how few they are. (On the 517 held-out
# forecasts of bench/accuracy.R, zero-shot 80% / 95% coverage went from
# 0.72 / 0.90 to 0.81 / 0.95.) The absolute standardised errors kept for
# quantiles are thinned to at most 1000 order statistics per series (5000
# pooled).
fc_global_calibration <- function(P, E, s, o, Yt, h, prior = NULL) {
  ns <- length(P$N)
  W <- max(2L * P$L, 10L)
  LS <- lapply(seq_len(ns), function(j) fc_local_scale(matrix(Yt[[j]]), max(P$lag[j], 1L), W)[, 1])
  ls_row <- unlist(LS, use.names = FALSE)[c(0L, cumsum(P$N))[s] + o - P$pad[s]]
  Es <- E * P$scale[s] / ls_row
  thin <- function(cal, max) {
    z <- cal$z[[1]]
    if (length(z) > max) z <- z[unique(round(seq(1, length(z), length.out = max)))]
    list(a = cal$a, b = cal$b, z = z, n_eff = cal$n_eff)
  }
  pooled <- prior %||% thin(fc_calibrate(array(Es, c(nrow(Es), h, 1L))), 5000L)
  min_own <- if (is.null(prior)) 10 else 1
  own <- lapply(split(seq_len(nrow(Es)), factor(s, levels = seq_len(ns))), function(r) {
    if (!length(r) || length(r) / ((h + 1) / 2) < min_own) return(NULL)
    thin(fc_calibrate(array(Es[r, , drop = FALSE], c(length(r), h, 1L))), 1000L)
  })
  is_own <- !vapply(own, is.null, NA)
  pick <- function(field) vapply(seq_len(ns), function(j)
    if (is_own[j]) own[[j]][[field]] else pooled[[field]], 1)
  list(a = pick("a"), b = pick("b"), n_eff = pick("n_eff"), own = is_own,
       z = lapply(seq_len(ns), function(j) if (is_own[j]) own[[j]]$z),
       pooled = pooled, h = h,
       sd_scale = vapply(seq_len(ns), function(j) LS[[j]][P$N[j]], 1))
}

# Everything of a global fit after the networks: the final linear paths, the
# interval calibration and the one-step fitted values (transformed scale, a
# list of one vector per series, NA where there is no history). `prior`: the
# pooled linear path and calibration of a fit (zero-shot forecasts).
fc_global_parts <- function(P, S, lin, nets, h, Yt, prior = NULL) {
  coef <- NULL
  if (!is.null(lin)) {
    fin <- fc_global_linear_final(P, S, lin, prior)
    coef <- fin$coef
    lin$own <- fin$own
    lin$lambda[!fin$own] <- NA_real_
    E <- fc_global_errors(P, S, lin, coef, nets, h)
    es <- S$R1$s; eo <- S$R1$o
  } else {
    va <- which(S$va)
    if (!length(va)) va <- seq_along(S$R$s)
    es <- S$R$s[va]; eo <- S$R$o[va]
    E <- (pn_values(P, es, eo, 1L, h) - pn_paths(P, es, eo, h, NULL, nets)) / P$scale[es]
  }
  cal <- fc_global_calibration(P, E, es, eo, Yt, h, prior$calibration)
  f1 <- pn_paths(P, S$R1$s, S$R1$o, 1L, coef, nets)[, 1]
  by_s <- split(seq_along(f1), factor(S$R1$s, levels = seq_along(P$N)))
  fitted <- lapply(seq_along(P$N), function(j) {
    v <- rep(NA_real_, P$N[j])
    r <- by_s[[j]]
    v[S$R1$o[r] - P$pad[j] + 1L] <- f1[r]
    v
  })
  list(coef = coef, pooled = if (!is.null(lin)) fin$pooled, calibration = cal, fitted = fitted,
       lin = lin)
}

# Forecasting layer, the network model: what the local, global and
# transferred kinds (fit-*.R) forecast with. The stages run in order on a
# panel (forecast-prepare.R -> forecast-panel.R): the linear path
# (forecast-linear.R), the ensemble (forecast-nets.R), forecasts from any
# origin (forecast-paths.R), the interval calibration (forecast-calibrate.R).
#
# A network model `model` (a list; new_fc_network()) holds, for the ns series
# of its fit's store, each with k columns:
#   lookback, history (Lb >= lookback), steps (Hs), horizon, strategy
#   transform chr [ns], season list [ns] (seasonal figure or NULL)
#   lag int [ns, k], scale, center [ns, k], t0 int [ns]    (the panel)
#   coef [ns, 1 + d, k] or NULL (no linear path), own lgl [ns], lambda [ns],
#   pooled list(coef [1 + d, k], lambda)
#   w (the hybrid weight), nets (list of rnn_net)
#   calibration (fc_calibration()), covariates (NULL or their spec)
#   settings (the recipe and training settings), fitted list [ns] [N_j, k]
#   (one-step fitted values, original scale), windows c(train, valid)

new_fc_network <- function(sizes, prep, parts, nets, w, settings, windows) {
  list(lookback = sizes$L, history = sizes$Lb, steps = sizes$Hs, horizon = sizes$horizon,
       strategy = sizes$strategy, transform = prep$transform, season = prep$season,
       lag = prep$P$lag, scale = prep$P$scale, center = prep$P$center, t0 = prep$P$t0,
       coef = parts$coef, own = parts$own, lambda = parts$lambda, pooled = parts$pooled,
       w = w, nets = nets, calibration = parts$calibration, covariates = prep$covariates,
       settings = settings, fitted = parts$fitted, windows = windows)
}

# NULL when the network model fits its series store `data`, otherwise the
# first field that does not (as "`<field>` <problem>"); `at` names the
# model in the object ("model", "members$network$model", ...).
validate_fc_network <- function(m, data, at = "model") {
  ns <- length(data$names); k <- length(data$columns)
  bad <- function(field, what) sprintf("`%s$%s` %s", at, field, what)
  int1 <- function(v, min = 1) is.numeric(v) && length(v) == 1L && is.finite(v) && v >= min &&
    v == round(v)
  mat <- function(v, pos = FALSE) is.matrix(v) && is.numeric(v) && all(dim(v) == c(ns, k)) &&
    all(is.finite(v)) && (!pos || all(v > 0))
  if (!is.list(m)) return(sprintf("`%s` must be a network model", at))
  for (f in c("lookback", "history", "steps", "horizon"))
    if (!int1(m[[f]])) return(bad(f, "must be a positive whole number"))
  if (m$history < m$lookback) return(bad("history", "must be at least the lookback"))
  if (!isTRUE(m$strategy %in% c("direct", "recursive"))) return(bad("strategy", "must be \"direct\" or \"recursive\""))
  if (!is.character(m$transform) || length(m$transform) != ns || !all(m$transform %in% c("none", "log")))
    return(bad("transform", sprintf("must be \"none\" or \"log\" for each of the %d series", ns)))
  if (!is.list(m$season) || length(m$season) != ns ||
      !all(vapply(m$season, function(v) is.null(v) || is.numeric(v) && all(is.finite(v)), NA)))
    return(bad("season", "must hold a seasonal figure or NULL per series"))
  if (!mat(m$lag) || any(m$lag < 0 | m$lag > m$history)) return(bad("lag", "must be reference lags within the history, one per series and column"))
  if (!mat(m$scale, TRUE)) return(bad("scale", "must be positive numbers, one per series and column"))
  if (!mat(m$center)) return(bad("center", "must be finite numbers, one per series and column"))
  if (!is.numeric(m$t0) || length(m$t0) != ns || any(m$t0 < 1 | m$t0 > m$history))
    return(bad("t0", "must be first origins within the history"))
  if (!is.null(m$covariates) && !(is.list(m$covariates) && is.character(m$covariates$names) &&
                                  is.numeric(m$covariates$nf) && length(m$covariates$nf) == 1L))
    return(bad("covariates", "must describe the covariates"))
  q <- if (is.null(m$covariates)) 0L else length(m$covariates$names)
  # the linear path sees the window, the covariates over it and the next
  # step, the Fourier terms at the last observation and the next step
  d <- m$lookback * k + if (q > 0) (q - m$covariates$nf) * (m$lookback + 1L) +
    2L * m$covariates$nf else 0L
  if (!is.null(m$coef)) {
    if (!is.array(m$coef) || !identical(dim(m$coef), c(ns, 1L + d, k)) || !all(is.finite(m$coef)))
      return(bad("coef", sprintf("must be finite coefficients [%d x %d x %d]", ns, 1L + d, k)))
    if (!is.logical(m$own) || length(m$own) != ns || anyNA(m$own)) return(bad("own", "must say per series whether its linear path is its own"))
    if (!is.list(m$pooled) || !is.matrix(m$pooled$coef) || !identical(dim(m$pooled$coef), c(1L + d, k)) ||
        !all(is.finite(m$pooled$coef)) || !(is.numeric(m$pooled$lambda) && length(m$pooled$lambda) == 1L && m$pooled$lambda > 0))
      return(bad("pooled", "must be the pooled linear path and its penalty"))
  }
  if (!(is.numeric(m$w) && length(m$w) == 1L && m$w >= 0 && m$w <= 1)) return(bad("w", "must be a weight in [0, 1]"))
  if (!is.list(m$nets) || !all(vapply(m$nets, inherits, NA, "rnn_net"))) return(bad("nets", "must be a list of rnn_net"))
  p <- k + q + (q > 0)
  for (i in seq_along(m$nets)) {
    sp <- m$nets[[i]]$spec
    if (!(is.list(sp) && isTRUE(sp$output_size == m$steps * k) && isTRUE(sp$input_size == p)))
      return(bad(sprintf("nets[[%d]]", i), sprintf("must take %d inputs and give %d outputs", p, m$steps * k)))
  }
  cal <- m$calibration
  if (!is.list(cal) || !mat(cal$a) || !mat(cal$b) || !mat(cal$sd_scale, TRUE) ||
      !is.matrix(cal$cap) || !all(dim(cal$cap) == c(ns, k)) || anyNA(cal$cap) || any(cal$cap <= 0) ||
      !is.numeric(cal$n_eff) || length(cal$n_eff) != ns || !is.logical(cal$own) ||
      length(cal$own) != ns || !is.list(cal$z) || length(cal$z) != ns ||
      !is.list(cal$pooled) || !is.list(cal$pooled$z) || length(cal$pooled$z) != k)
    return(bad("calibration", "must be an interval calibration of every series"))
  if (!is.null(cal$factor) && !(is.numeric(cal$factor) && length(cal$factor) == 2L &&
                                all(is.finite(cal$factor)) && all(cal$factor > 0)))
    return(bad("calibration$factor", "must be two positive width factors (80% and 95%)"))
  if (!is.null(m$covariates)) {
    cv <- m$covariates
    if (!is.character(cv$names) || !is.numeric(cv$center) || length(cv$center) != q ||
        !is.numeric(cv$scale) || length(cv$scale) != q || !int1(cv$nf, 0) ||
        (cv$nf > 0) != !is.null(cv$fourier))
      return(bad("covariates", "must describe the covariates"))
    if (length(cv$user) && (is.null(data$xreg) || ncol(data$xreg[[1]]) != length(cv$user)))
      return(bad("covariates", "name covariates that the series store does not hold"))
  }
  w <- m$windows
  if (!is.numeric(w) || length(w) != 2L || !identical(names(w), c("train", "valid")) ||
      anyNA(w) || any(w < 0))
    return(bad("windows", "must count the training and held-out windows"))
  u <- m$updated
  if (!is.null(u) && (!is.numeric(u) || length(u) != 2L || !identical(names(u), c("windows", "epochs")) ||
                      anyNA(u) || any(u < 0)))
    return(bad("updated", "must count the windows and epochs of the last update()"))
  if (!is.list(m$settings) || !isTRUE(m$settings$recipe %in% c("local", "global")))
    return(bad("settings", "must hold the recipe"))
  if (!is.list(m$fitted) || length(m$fitted) != ns ||
      !all(vapply(seq_len(ns), function(j) is.matrix(m$fitted[[j]]) &&
                    identical(dim(m$fitted[[j]]), dim(data$y[[j]])), NA)))
    return(bad("fitted", "must hold the fitted values of every series"))
  NULL
}

# The settings a network model keeps from rnn_fit()'s `st`.
fc_network_settings <- function(st, recipe) {
  list(recipe = recipe, cell = st$cell, hidden = st$hidden, layers = st$layers,
       options = st$opts, base = st$base, transform = st$transform,
       validation = st$validation, season_cycles = st$season_cycles,
       season_min = st$season_min, hybrid = recipe == "global", linear = st$linear,
       min_windows = if (recipe == "global") 5L else 4L)
}

# rnn_train() defaults of a recipe (the user's options override them).
fc_train_defaults <- function(recipe) {
  d <- list(epochs = 100, lr = 0.005, batch_size = 32, patience = 10)
  if (recipe == "global") {
    d$loss <- "mae"
    d$batch_size <- fc_global_batch
  }
  d
}

# Fits a network model on the panel of `prep` (fc_prepare_local() or
# fc_prepare_global()) with settings `st`: the linear path chosen on the
# held-out windows, the ensemble trained on what it leaves, then the final
# linear path, the calibration and the fitted values. Returns list(model,
# held): with `held_out` (one series), `held` holds the held-out origins that
# span the whole horizon (real positions), the first held-out origin `cut`
# and the forecast paths [n, h] (original scale) from those origins while the
# linear path is still the one fitted without them (the default's choice
# compares them with the pretrained model's).
fc_network_fit <- function(prep, st, recipe, call, held_out = FALSE) {
  P <- prep$P
  settings <- fc_network_settings(st, recipe)
  S <- pn_samples(P, st$validation, settings$min_windows)
  if (sum(!S$va) < 1L)
    rec_abort(sprintf(paste0("no series is long enough for a training window of lookback %d ",
                             "and horizon %d (longest: %d observations); use a shorter `horizon`."),
                      P$L, P$Hs, max(P$N)), class = "recurrent_error_too_short", call = call)
  lin <- if (st$linear) fc_fit_linear(P, S)
  kinds <- fc_member_kinds(st$linear, st$repeats, settings$hybrid)
  tt <- fc_net_targets(P, S, lin$train)
  nets <- fc_train_nets(tt$x, tt$targets, kinds, S$va, st$cell, st$hidden, st$layers, st$opts,
                        fc_train_defaults(recipe), st$verbose, call)
  held <- if (held_out && any(S$va)) fc_network_held(prep, S, lin$train, nets)
  P$w <- if (st$linear && length(kinds)) mean(kinds) else 1
  prep$P <- P
  parts <- fc_network_finish(prep, S, lin, nets)
  sizes <- list(L = P$L, Lb = P$Lb, Hs = P$Hs, horizon = prep$horizon, strategy = st$strategy)
  list(model = new_fc_network(sizes, prep, parts, nets, P$w, settings,
                              c(train = sum(!S$va), valid = sum(S$va))),
       held = held)
}

# The held-out forecasts of a one-series panel (see fc_network_fit()).
fc_network_held <- function(prep, S, coef, nets) {
  P <- prep$P
  h <- prep$horizon
  va <- which(S$va)
  O <- S$R$o[va] - P$pad[1]
  keep <- O + h <= P$N[1]
  out <- list(origins = O[keep], cut = O[1])
  if (any(keep)) {
    p <- matrix(pn_paths(P, rep(1L, sum(keep)), S$R$o[va][keep], h, coef, nets), sum(keep))
    out$paths <- fc_panel_back(prep, rep(1L, sum(keep)), outer(O[keep], seq_len(h), "+"), p)
  }
  out
}

# Everything after the networks: the final linear paths, the interval
# calibration (cross-fitted errors from every one-step origin; without a
# linear path, the errors of the held-out windows) and the one-step fitted
# values on the original scale. `prior`: the pooled linear path and
# calibration of a trained model (new series under it).
fc_network_finish <- function(prep, S, lin, nets, prior = NULL) {
  P <- prep$P
  h <- prep$horizon
  coef <- NULL
  # the networks' output at every one-step origin, computed once for the
  # cross-fitting folds and the fitted values
  G <- if (length(nets)) pn_net_output(P, pn_values(P, S$R1$s, S$R1$o, 1L - P$Lb, 0L),
                                       S$R1$s, S$R1$o, nets)
  if (!is.null(lin)) {
    fin <- fc_linear_final(P, S, lin, prior)
    coef <- fin$coef
    lin$own <- fin$own
    lin$lambda[!fin$own] <- NA_real_
    E <- fc_crossfit_errors(P, S, lin, coef, nets, h, net_out = G)
    es <- S$R1$s; eo <- S$R1$o
  } else {
    va <- which(S$va)
    if (!length(va)) va <- seq_along(S$R$s)
    es <- S$R$s[va]; eo <- S$R$o[va]
    E <- fc_path_errors(P, es, eo, h, NULL, nets)
  }
  cal <- fc_calibration(P, E, es, eo, h, prior$calibration, prep$vol_power)
  fitted <- fc_network_back(prep, pn_fitted(P, coef, nets, G))
  list(coef = coef, own = lin$own, lambda = lin$lambda,
       pooled = if (!is.null(lin)) list(coef = fin$pooled, lambda = lin$pooled_lambda),
       calibration = cal, fitted = fitted)
}

# Values [N_j, k] of each series on the panel's scale back on the original
# one: seasonal figure added, log undone (`from`: the observation number of
# the first row, 1 for in-sample values, N_j + 1 for forecasts).
fc_network_back <- function(prep, V, from = rep(1L, length(V))) {
  lapply(seq_along(V), function(j) {
    v <- V[[j]] + fc_season_at(prep$season[[j]], from[j] + seq_len(nrow(V[[j]])) - 1L)
    if (prep$transform[j] == "log") exp(v) else v
  })
}

# The panel of a network model on the series of `data` (its own, or newer
# ones with the same units), the covariates extended by `future`
# (list(times, newxreg) for h forecast steps; NULL: none).
fc_network_panel <- function(model, data, future = NULL) {
  ns <- length(data$names)
  Ys <- lapply(seq_len(ns), function(j) {
    Y <- fc_transform(data$y[[j]], model$transform[j], NULL)
    Y - fc_season_at(model$season[[j]], seq_len(nrow(Y)))
  })
  names(Ys) <- data$names
  cv <- model$covariates
  X <- if (!is.null(cv)) lapply(seq_len(ns), function(j) fc_network_x(cv, data, j, future))
  pn_panel(Ys, model$lag, model$scale, model$center, model$t0, model$lookback, model$history,
           model$steps, X = X, nf = cv$nf %||% 0L, w = model$w)
}

# Standardised covariates of series j: the user's and the Fourier terms of
# its calendar, with `future` rows appended.
fc_network_x <- function(cv, data, j, future = NULL) {
  cal <- data$calendars[[j]]
  X <- if (length(cv$user)) data$xreg[[j]]
  if (!is.null(cv$fourier)) X <- cbind(X, fc_fourier_terms(cv$fourier, cal$times, cal$cal))
  if (!is.null(future)) {
    FX <- if (length(cv$user)) future$newxreg
    if (!is.null(cv$fourier)) FX <- cbind(FX, fc_fourier_terms(cv$fourier, future$times, cal$cal))
    X <- rbind(X, FX)
  }
  fc_apply_center(X, cv)
}

# Forecasts of every series of a network model `h` steps after its end:
# a list per series of mean [h, k] and lower, upper [h, k, levels] on the
# original scale. `future`: list(times, newxreg) for covariates. Many series
# under a parallel future plan (future.apply installed) are forecast in
# chunks of getOption("recurrent.predict_chunk", 5000) series on the plan's
# workers (the same values: each series is forecast on its own).
fc_network_forecast <- function(model, data, h, level, future = NULL) {
  ns <- length(data$names)
  size <- getOption("recurrent.predict_chunk", 5000L)
  if (ns > size && requireNamespace("future.apply", quietly = TRUE) &&
      !inherits(future::plan(), "sequential")) {
    chunks <- split(seq_len(ns), ceiling(seq_len(ns) / size))
    out <- future.apply::future_lapply(chunks, function(idx)
      fc_network_forecast(fc_network_units(model, idx), fc_series_subset(data, idx), h, level,
                          future),
      future.seed = NULL, future.packages = "recurrent")
    return(unlist(out, recursive = FALSE, use.names = FALSE))
  }
  P <- fc_network_panel(model, data, future)
  e <- pn_ends(P)
  paths <- pn_paths(P, e$s, e$o, h, model$coef, model$nets)
  k <- ncol(P$V); nl <- length(level)
  steps <- seq_len(h)
  lapply(seq_along(P$N), function(j) {
    mean_t <- matrix(paths[j, , ], h, k) + fc_season_at(model$season[[j]], P$N[j] + steps)
    sd <- fc_error_sd(model$calibration, j, steps)
    lower <- upper <- array(NA_real_, c(h, k, nl))
    for (c in seq_len(k)) {
      q <- fc_cal_multiplier(model$calibration, j, c, level)
      for (l in seq_len(nl)) {
        lower[, c, l] <- mean_t[, c] - q[l] * sd[, c]
        upper[, c, l] <- mean_t[, c] + q[l] * sd[, c]
      }
    }
    if (model$transform[j] == "log") {
      mean_t <- exp(mean_t); lower <- exp(lower); upper <- exp(upper)
    }
    list(mean = mean_t, lower = lower, upper = upper)
  })
}

# A trained global-recipe model applied to new series `data` (zero-shot):
# each gets the recipe's transform, seasonal adjustment, reference, scale,
# its own linear path when it has enough windows (the model's pooled one
# otherwise) and interval calibration from its own errors (the model's
# pooled one with too few); the networks are used as trained.
fc_network_zero_shot <- function(model, data, call) {
  # Each series is applied on its own (its linear path and calibration are
  # its own or the model's pooled ones), so many series are applied in
  # chunks: the same values, with the windows of one chunk in memory at a
  # time (10,000 series of 100 values peaked at 3.2 GB in one piece).
  ns <- length(data$names)
  size <- getOption("recurrent.fit_chunk", 2000L)
  if (ns > size) {
    chunks <- split(seq_len(ns), ceiling(seq_len(ns) / size))
    parts <- lapply(chunks, function(idx)
      fc_network_zero_shot(model, fc_series_subset(data, idx), call))
    out <- fc_network_bind(parts)
    out$windows <- Reduce(`+`, lapply(parts, `[[`, "windows"))
    return(out)
  }
  prep <- fc_network_prepare(model, data, call)
  prep$P$w <- model$w
  S <- pn_samples(prep$P, model$settings$validation, model$settings$min_windows)
  lin <- fc_network_linear(model, prep$P, S)
  parts <- fc_network_finish(prep, S, lin, model$nets, fc_network_prior(model))
  sizes <- list(L = model$lookback, Lb = model$history, Hs = model$steps,
                horizon = model$horizon, strategy = model$strategy)
  new_fc_network(sizes, prep, parts, model$nets, model$w, model$settings,
                 c(train = sum(!S$va), valid = sum(S$va)))
}

# The panel of new series `data` under a trained global-recipe model: its
# recipe (transform, seasonal adjustment, reference) with its sizes.
fc_network_prepare <- function(model, data, call) {
  st <- list(strategy = model$strategy, transform = model$settings$transform,
             base = model$settings$base, season_cycles = model$settings$season_cycles,
             season_min = model$settings$season_min, verbose = 0)
  fc_prepare_global(data, st, call, fixed = list(horizon = model$horizon, Hs = model$steps,
                                                 lookback = model$lookback,
                                                 Lb = model$history))
}

# What new series take from a trained model: its pooled linear path and its
# pooled interval calibration.
fc_network_prior <- function(model) {
  list(pooled = model$pooled$coef, pooled_lambda = model$pooled$lambda,
       calibration = model$calibration$pooled)
}

# The linear paths of new series (panel P, samples S) under a trained model:
# each its own where it forecasts its held-out windows better, else the
# model's pooled one (fc_fit_linear()); NULL for a model without one.
fc_network_linear <- function(model, P, S) {
  if (isTRUE(model$settings$linear)) fc_fit_linear(P, S, prior = fc_network_prior(model))
}

# The model's units `units` (indices) carried over to newer observations of
# the same series `data` (one per unit, in that order): what the model learnt
# per series stays (transform, reference, linear path, calibration), what
# the data give is recomputed (seasonal figure, scale, centre, first origin,
# the local scale that sets the interval widths, the fitted values).
fc_network_renew <- function(model, data, units, call) {
  m <- fc_network_units(model, units)
  Lb <- m$history
  for (j in seq_along(data$names)) {
    N <- nrow(data$y[[j]])
    if (N < Lb + 1L)
      rec_abort(sprintf(paste0("`newdata` is too short%s: %d observations, but the model needs ",
                               "at least %d (its history of %d plus one)."),
                        if (length(data$names) > 1) sprintf(" for series \"%s\"", data$names[j]) else "",
                        N, Lb + 1L, Lb), class = "recurrent_error_too_short", call = call)
    Y <- fc_transform(data$y[[j]], m$transform[j], call)
    if (m$settings$recipe == "global" && m$settings$base == "auto")
      m$season[j] <- list(fc_season_figure(Y[, 1], fc_period(fc_series_frequency(data), Inf),
                                           m$settings$season_cycles, m$settings$season_min %||% 3L))
    Y <- Y - fc_season_at(m$season[[j]], seq_len(N))
    m$scale[j, ] <- fc_scale(Y, pmax(m$lag[j, ], 1L))
    m$center[j, ] <- colMeans(Y)
    m$t0[j] <- if (m$settings$recipe == "global") fc_global_t0(N, m$lag[j, 1], Lb, m$steps) else Lb
  }
  P <- fc_network_panel(m, data)
  Yt <- pn_units(P)
  for (j in seq_along(data$names)) {
    # (a calibration saved before its power was stored scaled in proportion)
    m$calibration$sd_scale[j, ] <- fc_unit_error_scale(P, Yt[[j]], j, m$calibration$power %||% 1)[P$N[j], ]
    m$calibration$cap[j, ] <- fc_sd_cap(Yt[[j]], m$lag[j, ], m$center[j, ], m$scale[j, ])
  }
  m$fitted <- fc_network_back(m, pn_fitted(P, m$coef, m$nets))
  m
}

# The per-series fields of a network model and of its calibration: vectors
# or lists [ns], and matrices or arrays with one row per series. (NULL for a
# model without a linear path: coef, own, lambda.)
fc_unit_fields <- list(each = c("transform", "season", "t0", "own", "lambda", "fitted"),
                       rows = c("lag", "scale", "center", "coef"),
                       cal_each = c("n_eff", "own", "z"),
                       cal_rows = c("a", "b", "sd_scale", "cap"))

# Rows `idx` of a matrix or a 3-d array.
fc_rows <- function(a, idx) {
  if (length(dim(a)) == 3L) a[idx, , , drop = FALSE] else a[idx, , drop = FALSE]
}

# Matrices or 3-d arrays with the same other dimensions, bound by rows.
fc_bind_rows <- function(as) {
  if (length(dim(as[[1]])) < 3L) return(do.call(rbind, as))
  d <- dim(as[[1]])
  # rows last, so that binding is concatenation
  flat <- unlist(lapply(as, function(a) aperm(a, c(2L, 3L, 1L))), use.names = FALSE)
  aperm(array(flat, c(d[2:3], length(flat) / prod(d[2:3]))), c(3L, 1L, 2L))
}

# The units `idx` of a network model (its per-series fields subset).
fc_network_units <- function(model, idx) {
  f <- fc_unit_fields
  for (x in f$each) if (!is.null(model[[x]])) model[[x]] <- model[[x]][idx]
  for (x in f$rows) if (!is.null(model[[x]])) model[[x]] <- fc_rows(model[[x]], idx)
  for (x in f$cal_each) model$calibration[[x]] <- model$calibration[[x]][idx]
  for (x in f$cal_rows) model$calibration[[x]] <- fc_rows(model$calibration[[x]], idx)
  model
}

# Network models of the same trained model over different series, bound
# into one over all their series (in the order given).
fc_network_bind <- function(models) {
  if (length(models) == 1L) return(models[[1]])
  models <- unname(models)          # c() would name the bound fields after them
  f <- fc_unit_fields
  out <- models[[1]]
  field <- function(x) lapply(models, `[[`, x)
  cal <- function(x) lapply(models, function(m) m$calibration[[x]])
  for (x in f$each) if (!is.null(out[[x]])) out[[x]] <- do.call(c, field(x))
  for (x in f$rows) if (!is.null(out[[x]])) out[[x]] <- fc_bind_rows(field(x))
  for (x in f$cal_each) out$calibration[[x]] <- do.call(c, cal(x))
  for (x in f$cal_rows) out$calibration[[x]] <- fc_bind_rows(cal(x))
  out
}

# The model's series `data` given as newer observations: series that match
# a unit by name are renewed (fc_network_renew()), others are new series
# (zero-shot, fc_network_zero_shot(); a model of the local recipe has none:
# its one series is renewed whatever its name). Returns the model over
# `data`'s series in their order.
fc_network_refresh <- function(model, old_names, data, call) {
  if (model$settings$recipe == "local") return(fc_network_renew(model, data, 1L, call))
  units <- match(data$names, old_names)
  known <- which(!is.na(units))
  new <- which(is.na(units))
  parts <- list()
  if (length(known))
    parts$known <- fc_network_renew(model, fc_series_subset(data, known), units[known], call)
  if (length(new))
    parts$new <- fc_network_zero_shot(model, fc_series_subset(data, new), call)
  out <- fc_network_bind(parts)
  # the width factor is the model's, not a series' (new series take it too)
  out$calibration$factor <- model$calibration$factor
  fc_network_units(out, order(c(known, new)))
}

# Continues training the networks of a model on the windows of its series
# `data` (after fc_network_refresh()): `epochs` epochs from their weights at
# learning rate `lr`, each member on its own target (fc_member_kinds()),
# no held-out windows. The fitted values follow; the calibration is kept.
fc_network_tune <- function(model, data, epochs, lr, call) {
  if (!length(model$nets) || epochs == 0L) return(model)
  P <- fc_network_panel(model, data)
  S <- pn_samples(P, 0, model$settings$min_windows)
  if (!length(S$R$s))
    rec_abort(sprintf("`newdata` is too short to train on: at least %d observations are needed.",
                      model$history + model$steps), class = "recurrent_error_too_short", call = call)
  tt <- fc_net_targets(P, S, model$coef)
  kinds <- fc_member_kinds(!is.null(model$coef), length(model$nets), model$settings$hybrid)
  opts <- utils::modifyList(fc_train_defaults(model$settings$recipe),
                            model$settings$options$train %||% list())
  if (is.function(opts$batch_size)) opts$batch_size <- opts$batch_size(length(S$R$s))
  opts[c("epochs", "lr", "validation", "verbose", "patience")] <-
    list(epochs, lr, 0, FALSE, NULL)
  opts <- opts[!vapply(opts, is.null, NA)]
  rng <- fc_draw_seeds(length(model$nets))
  on.exit(rng$restore())
  model$nets <- lapply(seq_along(model$nets), function(r) {
    set.seed(rng$seeds[r])
    y <- tt$targets[[if (kinds[r]) "lin" else "base"]]
    fc_in_call(do.call(rnn_train, c(list(model$nets[[r]], tt$x, y), opts)), call)
  })
  model$fitted <- fc_network_back(model, pn_fitted(P, model$coef, model$nets))
  # what print() reports of the last update() that trained
  model$updated <- c(windows = length(S$R$s), epochs = epochs)
  model
}

# Forecasting layer, many series: the global fit (one ensemble for all
# series) as rnn_fit() builds it, and its zero-shot use on new series.

# The global model of the many-series input `inputs` (fc_many_series());
# `st` holds rnn_fit()'s settings (horizon, lookback, strategy, base,
# transform, validation, linear, repeats, cell, hidden, layers, opts,
# verbose).
fc_fit_global <- function(inputs, skipped, st, call, fit_call) {
  # how many recent seasonal cycles the seasonal figure takes (NULL: all);
  # an option only tools/pretrain.R sets (see fc_season_figure())
  st$season_cycles <- getOption("recurrent.season_cycles")
  # and how many whole cycles a series needs for one (NULL: 3); likewise
  st$season_min <- getOption("recurrent.season_min")
  prep <- fc_global_prepare(inputs, st, call)
  P <- prep$P
  S <- fc_global_samples(P, st$validation)
  if (sum(!S$va) < 1L)
    rec_abort(sprintf(paste0("no series is long enough for a training window of lookback %d ",
                             "and horizon %d (longest: %d observations); use a shorter `horizon`."),
                      P$L, P$Hs, max(P$N)), class = "recurrent_error_too_short", call = call)
  lin <- if (st$linear) fc_global_linear(P, S)
  kinds <- fc_member_kinds(st$linear, st$repeats)
  tt <- fc_global_targets(P, S, lin$train)
  nets <- fc_global_nets(tt$x, tt$targets, kinds, S$va, st$repeats, st$cell, st$hidden,
                         st$layers, st$opts, st$verbose, call)
  P$w <- if (st$linear && st$repeats > 0) mean(kinds) else 1
  prep$P <- P
  Yt <- fc_panel_series(P)
  parts <- fc_global_parts(P, S, lin, nets, prep$horizon, Yt)
  fit <- c(fc_global_object(inputs, prep, parts, parts$lin), list(
    nets = nets, lookback = P$L, horizon = prep$horizon, Hs = P$Hs, Lb = P$Lb,
    period = fc_period(prep$freq, stats::median(P$N)), strategy = st$strategy,
    linear = st$linear, repeats = st$repeats, cell = st$cell, hidden = st$hidden,
    layers = st$layers, options = st$opts, base_choice = st$base,
    season_cycles = st$season_cycles, season_min = st$season_min,
    transform_choice = st$transform, validation = st$validation,
    n_train = sum(!S$va), n_valid = sum(S$va), skipped = skipped,
    na_action = st$na_action, regularise = st$regularise,
    input = list(key = st$key, index = st$index, value = st$value), call = fit_call))
  structure(fit, class = c("rnn_global", "rnn_many"))
}

# Which members of a global ensemble of `repeats` learn what the linear path
# leaves (TRUE) and which (every second one, with the linear path) the change
# from the reference forecast itself; the forecast averages them, so it adds
# the linear path with weight w = mean(kinds).
fc_member_kinds <- function(linear, repeats) {
  if (linear) rep_len(c(TRUE, FALSE), repeats) else rep(FALSE, repeats)
}

# The networks' inputs x [n, L, 1] (normalised windows) and targets (list:
# `base`, the change from the reference forecast, and with a linear path
# `coef`, `lin`, what it leaves; each [n, Hs], units of the series scale) of
# the training windows of the samples S of panel P (no hybrid weight set yet).
fc_global_targets <- function(P, S, coef) {
  s <- S$R$s
  sc <- P$scale[s]
  targets <- list(base = (S$A - pn_core(P, S$B, s, NULL, NULL)) / sc)
  if (!is.null(coef)) targets$lin <- (S$A - pn_core(P, S$B, s, coef, NULL)) / sc
  list(x = array(pn_window(S$B, P$L, P$lag[s], P$center[s], sc), c(length(s), P$L, 1L)),
       targets = targets)
}

# The real (unpadded) series of a panel, transformed scale.
fc_panel_series <- function(P) {
  lapply(seq_along(P$N), function(j) P$V[P$off[j] + P$pad[j] + seq_len(P$N[j])])
}

# The per-series part of a global fit (or of its zero-shot use): series,
# panel, linear paths, calibration, fitted values and residuals.
fc_global_object <- function(inputs, prep, parts, lin) {
  P <- prep$P
  nm <- names(inputs)
  back <- function(v, j) {
    v <- v + fc_season_at(prep$season[[j]], seq_along(v))
    if (prep$transform[j] == "log") exp(v) else v
  }
  rebuild <- function(v, j) fc_rebuild(matrix(v), inputs[[j]]$ser)
  x <- lapply(seq_along(nm), function(j) rebuild(prep$Yraw[[j]], j))
  fitted <- lapply(seq_along(nm), function(j) rebuild(back(parts$fitted[[j]], j), j))
  resid <- lapply(seq_along(nm), function(j) rebuild(prep$Yraw[[j]] - back(parts$fitted[[j]], j), j))
  names(x) <- names(fitted) <- names(resid) <- nm
  list(x = x, fitted = fitted, residuals = resid, panel = P, transform = prep$transform,
       season = prep$season,
       base = c("none", "naive", "seasonal")[pmin(P$lag, 2L) + 1L],
       coef = parts$coef, own_linear = if (!is.null(lin)) lin$own,
       lambda = if (!is.null(lin)) lin$lambda,
       pooled = if (!is.null(lin)) list(pooled = parts$pooled, pooled_lambda = lin$pooled_lambda),
       calibration = parts$calibration,
       series = lapply(inputs, function(i) list(tsp = i$ser$tsp, kind = i$ser$kind)),
       calendars = lapply(inputs, `[[`, "calendar"))
}

# The global fit's networks applied to new series (zero-shot): each new
# series gets its own scaling, reference, linear path (its own or the fit's
# pooled one) and calibration (its own or the fit's pooled one); nothing is
# trained. Returns an rnn_global for the new series.
fc_global_zero_shot <- function(object, newdata, call) {
  key <- if (is.data.frame(newdata) && !inherits(newdata, "tbl_ts")) object$input$key
  parts <- fc_many_input(newdata, key, object$input$index, object$input$value,
                         name = "newdata", call = call)
  inputs <- fc_many_series(parts$series, object$input$index, object$regularise,
                           object$na_action, "newdata", call)
  fc_global_apply(object, inputs, parts$skipped, "newdata", call)
}

# The panel of the series `inputs` (fc_many_series()) prepared as the global
# model `model` (an rnn_global or a pretrained model) prepares its own: its
# strategy, transform, reference and seasonal choices, horizon and lookback.
fc_model_prepare <- function(model, inputs, call) {
  st <- list(strategy = model$strategy, transform = model$transform_choice,
             base = model$base_choice, season_cycles = model$season_cycles,
             season_min = model$season_min, verbose = FALSE)
  fc_global_prepare(inputs, st, call, fixed = model[c("horizon", "Hs", "lookback", "Lb")])
}

# A global model (an rnn_global, or a pretrained model from
# fc_pretrained_model()) applied to the series `inputs` (fc_many_series()).
fc_global_apply <- function(object, inputs, skipped, name, call) {
  freq <- inputs[[1]]$ser$tsp[3]
  mfreq <- object$frequency %||% stats::frequency(object$x[[1]])
  if (abs(freq - mfreq) > 1e-6)
    rec_abort(sprintf("`%s` must have the frequency of the model's series (%s), not %s.",
                      name, format(mfreq), format(freq)), call = call)
  prep <- fc_model_prepare(object, inputs, call)
  prep$P$w <- object$w %||% object$panel$w
  P <- prep$P
  S <- fc_global_samples(P, object$validation)
  prior <- c(object$pooled, list(calibration = object$calibration$pooled))
  lin <- if (object$linear) fc_global_linear(P, S, prior = prior)
  pr <- fc_global_parts(P, S, lin, object$nets, object$horizon, fc_panel_series(P), prior)
  out <- object[setdiff(names(object), c("w", "frequency"))]
  new <- fc_global_object(inputs, prep, pr, pr$lin)
  out[names(new)] <- new
  out$skipped <- skipped
  out$zero_shot <- TRUE
  class(out) <- c("rnn_global", "rnn_many")
  out
}

# rnn_fit() on many series: the global model, or (global = FALSE) one local
# model per series (fc_fit_local()).
fc_fit_many <- function(y, st, global, call, fit_call) {
  if (!is.null(st$xreg))
    rec_abort("`xreg` is not supported for many series yet; fit them without covariates.",
              call = call)
  if (isTRUE(st$fourier))
    rec_abort("`fourier = TRUE` is not supported for many series yet.", call = call)
  parts <- fc_many_input(y, st$key, st$index, st$value, "y", call)
  if (isFALSE(global)) return(fc_fit_local(parts, st, call, fit_call))
  inputs <- fc_many_series(parts$series, st$index, st$regularise, st$na_action, "y", call)
  fc_fit_global(inputs, parts$skipped, st, call, fit_call)
}

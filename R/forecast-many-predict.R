# Forecasting layer, many series: forecasts of a global or local many-series
# fit, one rnn_forecast per series in the forecast package's mforecast layout.

# predict() of an rnn_global: all series at once through the panel core.
fc_predict_global <- function(object, h, level, newdata, call) {
  if (!is.null(newdata)) object <- fc_global_zero_shot(object, newdata, call)
  h <- if (is.null(h)) object$horizon else fc_check_count(h, "h", call = call)
  P <- object$panel
  ns <- length(P$N)
  paths <- pn_paths(P, seq_len(ns), P$N + P$pad, h, object$coef, object$nets)
  cal <- object$calibration
  steps <- seq_len(h)
  sd <- fc_error_sd(object, steps)            # [h, ns]
  method <- fc_many_method(object)
  nm <- names(object$x)
  fcs <- lapply(seq_len(ns), function(j) {
    q <- fc_multiplier(cal$z[[j]] %||% cal$pooled$z, level, cal$n_eff[j])
    mean_t <- paths[j, ] + fc_season_at(object$season[[j]], P$N[j] + steps)
    half <- outer(sd[, j], q)
    lo <- mean_t - half
    up <- mean_t + half
    if (object$transform[j] == "log") {
      mean_t <- exp(mean_t); lo <- exp(lo); up <- exp(up)
    }
    calj <- object$calendars[[j]]
    fc_one_forecast(mean_t, lo, up, level, object$series[[j]]$tsp, calj, object$x[[j]],
                    object$fitted[[j]], object$residuals[[j]], nm[j], method, call)
  })
  names(fcs) <- nm
  # one series given as such (pretrained = "only"): its forecast as rnn_fit's
  if (isTRUE(object$single)) return(fcs[[1]])
  fc_many_forecast(fcs, object, level)
}

# One series' forecast: mean [h], lower/upper [h, levels] (original scale).
fc_one_forecast <- function(mean, lo, up, level, tsp, calendar, x, fitted, residuals, name,
                            method, call) {
  h <- length(mean)
  lev <- paste0(level, "%")
  lo <- matrix(lo, h, length(level), dimnames = list(NULL, lev))
  up <- matrix(up, h, length(level), dimnames = list(NULL, lev))
  times <- if (!is.null(calendar) && calendar$dated)
    cal_next(calendar$cal, calendar$times[length(calendar$times)], h, call = call)
  structure(list(
    method = method, model = list(calendar = calendar),
    mean = fc_future_ts(mean, tsp, h), lower = fc_future_ts(lo, tsp, h),
    upper = fc_future_ts(up, tsp, h), level = level, x = x, series = name,
    fitted = fitted, residuals = residuals, times = times
  ), class = c("rnn_forecast", "forecast"))
}

# The forecasts of many series in the layout of forecast::forecast() on an
# mts (class mforecast): `forecast` holds one rnn_forecast per series, and
# `mean`, `lower`, `upper`, `x` are lists by series.
fc_many_forecast <- function(fcs, object, level) {
  structure(list(
    forecast = fcs,
    method = vapply(fcs, `[[`, "", "method"),
    model = object,
    mean = lapply(fcs, `[[`, "mean"),
    lower = lapply(fcs, `[[`, "lower"),
    upper = lapply(fcs, `[[`, "upper"),
    level = level,
    x = lapply(fcs, `[[`, "x"),
    fitted = lapply(fcs, `[[`, "fitted"),
    residuals = lapply(fcs, `[[`, "residuals")
  ), class = c("rnn_many_forecast", "rnn_mforecast", "rnn_forecast", "mforecast"))
}

fc_many_method <- function(object) {
  sprintf("%s RNN %s [lookback %d, %s %d%s]",
          if (isTRUE(object$fine_tuned)) "Fine-tuned pretrained" else
            if (isTRUE(object$pretrained)) "Pretrained" else "Global", fc_model_parts(object),
          object$lookback, object$strategy, object$horizon,
          if (isTRUE(object$single)) "" else sprintf("; %d series", length(object$x)))
}

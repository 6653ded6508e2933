# Forecasting layer, many series fitted one by one (rnn_fit(..., global =
# FALSE)): one rnn_fit per series, through future.apply when it is installed
# (any future plan: sequential, multisession, multicore, cluster, batchtools),
# with progress through progressr when that is installed.

# Local fits of the series in `parts` (fc_many_input()) with rnn_fit()'s
# settings `st`. Every series gets a seed drawn up front from R's generator,
# so the fits are the same under every plan (and without future.apply); the
# generator's state afterwards is the one after drawing the seeds.
fc_fit_local <- function(parts, st, call, fit_call) {
  series <- parts$series
  rng <- fc_draw_seeds(length(series))
  on.exit(rng$restore())
  seeds <- rng$seeds
  args <- c(list(xreg = NULL, lookback = st$lookback, horizon = st$horizon, cell = st$cell,
                 hidden = st$hidden, layers = st$layers), st$opts$net, st$opts$train,
            list(repeats = st$repeats, strategy = st$strategy, linear = st$linear,
                 base = st$base, transform = st$transform, validation = st$validation,
                 na_action = st$na_action, verbose = FALSE, index = st$index,
                 regularise = st$regularise, fourier = st$fourier))
  tick <- rec_progressor(length(series))
  one <- function(i) {
    set.seed(seeds[i])
    f <- tryCatch(do.call(rnn_fit, c(list(y = series[[i]]), args)),
                  recurrent_error = function(e) e)
    tick(message = names(series)[i])
    f
  }
  idx <- seq_along(series)
  fits <- if (requireNamespace("future.apply", quietly = TRUE)) {
    future.apply::future_lapply(idx, one, future.seed = TRUE,
                                future.packages = "recurrent")
  } else lapply(idx, one)
  bad <- vapply(fits, inherits, NA, "recurrent_error")
  if (any(bad)) {
    e <- fits[[which(bad)[1]]]
    rec_abort(sprintf("fitting series \"%s\" failed: %s", names(series)[which(bad)[1]],
                      conditionMessage(e)),
              class = setdiff(class(e), c("recurrent_error", "error", "condition")), call = call)
  }
  names(fits) <- names(series)
  for (i in idx) fits[[i]]$series_name <- names(series)[i]
  structure(list(fits = fits, skipped = parts$skipped, call = fit_call),
            class = c("rnn_local", "rnn_many"))
}

# predict() of an rnn_local: each series' own fit.
fc_predict_local <- function(object, h, level, newdata, call) {
  if (!is.null(newdata))
    rec_abort(paste0("`newdata` (forecasts of new series) needs a global model, ",
                     "`rnn_fit(..., global = TRUE)`; this fit has one local model per series."),
              call = call)
  fcs <- lapply(object$fits, function(f) fc_predict(f, h, NULL, level, call = call))
  fc_many_forecast(fcs, object, level)
}

# Pretrained global forecasters shipped with the package (inst/pretrained/,
# made by tools/pretrain.R): what they hold, how they are loaded, and how a
# series is forecast with one without training (zero-shot).

# A global fit without its series: the networks, the pooled linear path and
# interval calibration and the settings a zero-shot forecast needs
# (fc_global_apply()).
fc_pretrained_model <- function(fit) {
  keep <- c("nets", "pooled", "horizon", "Hs", "lookback", "Lb", "strategy", "linear",
            "repeats", "cell", "hidden", "layers", "transform_choice", "base_choice",
            "validation", "na_action", "regularise", "input", "n_train", "n_valid", "period",
            "season_cycles", "season_min")
  m <- fit[keep]
  m$calibration <- list(pooled = fit$calibration$pooled)
  m$w <- fit$panel$w %||% 1
  m$frequency <- stats::frequency(fit$x[[1]])
  m$n_series <- length(fit$x)
  m$input <- list(key = NULL, index = NULL, value = NULL)
  m$call <- quote(rnn_fit(pretrained = "only"))
  structure(m, class = "rnn_pretrained_model")
}

# The shipped models, read on first use (rnn_fit() with pretrained "auto" or
# "only" needs them).
pretrained_cache <- new.env(parent = emptyenv())

#' Pretrained recurrent forecasters
#'
#' recurrent ships small global recurrent forecasters, one per frequency
#' (yearly, quarterly, monthly), pretrained by `tools/pretrain.R` (in the
#' package's repository) on about 2,400 public series: the M1 and tourism
#' competitions (80% of their series; the rest are held out), the yearly,
#' quarterly and monthly series of the fma, expsmooth and fpp2 packages, and
#' for the quarterly model those of tsibbledata, tsibble and fpp3 (none of R's
#' `datasets` or the forecast package's series). The yearly and monthly
#' models also learnt each series' mirror image (upside down on the log
#' scale), so that they treat falling series as they treat rising ones, and
#' the monthly model adjusts series of 2 years or more for seasonality.
#' Loading them needs no network and no download. `rnn_fit(y)` on one series of one of
#' these frequencies lets the pretrained model of its frequency, as it is and
#' fine-tuned on the series, compete with a local model on the series'
#' held-out windows (`pretrained = "auto"`, the default);
#' `rnn_fit(y, pretrained = "only")` forecasts with the pretrained model
#' without training (zero-shot, see [rnn_fit()]).
#'
#' @param frequency `NULL` for all models, or a frequency (1, 4 or 12).
#' @return `rnn_pretrained()`: an object of class `rnn_pretrained` (a list
#'   with `models`, one per frequency, and `info`, the manifest: date, script
#'   version, seed, package and data versions, held-out series); with
#'   `frequency`, that one model.
#' @examples
#' pre <- rnn_pretrained()
#' pre
#' fit <- rnn_fit(datasets::UKgas, pretrained = "only")
#' predict(fit, h = 8)
#' @export
rnn_pretrained <- function(frequency = NULL) {
  call <- sys.call()
  if (is.null(pretrained_cache$models)) {
    path <- system.file("pretrained", "pretrained.rds", package = "recurrent")
    if (!nzchar(path))
      rec_abort("the pretrained models are missing from this installation of recurrent.",
                call = call)
    pretrained_cache$models <- structure(readRDS(path), class = "rnn_pretrained")
  }
  pre <- pretrained_cache$models
  if (is.null(frequency)) return(pre)
  f <- check_num(frequency, "frequency", min = 0, min_open = TRUE, call = call)
  fc_pretrained_for(pre, f, "`frequency`", call)
}

# The pretrained model of frequency f, or an error naming the ones there are.
fc_pretrained_for <- function(pre, f, what, call) {
  freqs <- vapply(pre$models, `[[`, 1, "frequency")
  hit <- which(abs(freqs - f) < 1e-6)
  if (!length(hit))
    rec_abort(sprintf("no pretrained model for %s %s; there are models for frequencies %s.",
                      what, format(f), paste(format(freqs), collapse = ", ")),
              class = "recurrent_error_no_pretrained", call = call)
  pre$models[[hit[1]]]
}

#' @export
print.rnn_pretrained <- function(x, ...) {
  ok <- tryCatch(inherits(x, "rnn_pretrained") && is.list(x$models) && length(x$models) > 0 &&
                   all(vapply(x$models, inherits, NA, "rnn_pretrained_model")) &&
                   is.list(x$info) && is.character(x$info$date) && is.numeric(x$info$seed),
                 error = function(e) FALSE)
  if (!isTRUE(ok))
    rec_abort(sprintf("`x` must be the pretrained models from rnn_pretrained(), not %s.",
                      describe(x)), class = "recurrent_error_invalid_object", call = sys.call())
  cat(sprintf("Pretrained recurrent forecasters (tools/pretrain.R version %s, %s, seed %d)\n",
              x$info$script_version, x$info$date, x$info$seed))
  for (nm in names(x$models)) {
    m <- x$models[[nm]]
    mirrored <- isTRUE(m$mirrored)
    cat(sprintf("  %-9s frequency %-3s %d x %s(%d), lookback %d, horizon %d; trained on %d series%s\n",
                nm, format(m$frequency), m$repeats, toupper(m$cell), m$hidden, m$lookback,
                m$horizon, if (mirrored) m$n_series %/% 2L else m$n_series,
                if (mirrored) " and their mirror images" else ""))
  }
  cat(sprintf("  held out of pretraining: %d M1 and tourism series\n", length(x$info$held_out)))
  invisible(x)
}

# rnn_fit(y, pretrained = "only"): y (one series, or many) forecast by the
# pretrained model of its frequency. One series keeps the single-series
# forecast of predict() (an rnn_forecast).
fc_fit_pretrained <- function(y, st, series_name, many, call, fit_call) {
  parts <- if (many) fc_many_input(y, st$key, st$index, st$value, "y", call) else {
    if (NROW(y) < 10L)
      rec_abort(sprintf("`y` is too short for the pretrained model: %d observations, at least 10 are needed.",
                        NROW(y)), class = "recurrent_error_too_short", call = call)
    list(series = stats::setNames(list(y), series_name), skipped = character(0))
  }
  inputs <- fc_many_series(parts$series, st$index, st$regularise, st$na_action, "y", call)
  model <- fc_pretrained_for(rnn_pretrained(), inputs[[1]]$ser$tsp[3], "the frequency of `y`",
                             call)
  fit <- fc_global_apply(model, inputs, parts$skipped, "y", call)
  fit$call <- fit_call
  fit$pretrained <- TRUE
  fit$single <- !many
  fit
}

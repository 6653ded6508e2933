# Pretrained global forecasters shipped with the package (inst/pretrained/,
# made by tools/pretrain.R): the file format, how it is read, and the models
# in it.
#
# The file holds list(format, models, info). `format` is the version of the
# layout of a model (fc_pretrained_format); a reader refuses a file of any
# other version with an error naming both. Format 1: each model is a network
# model (forecast-network.R) of the global recipe without its series: the
# sizes, the networks, the pooled linear path and interval calibration
# (`pooled`, `calibration$pooled`), the hybrid weight, the settings, and
# `frequency`, `n_series`, `mirrored`.

fc_pretrained_format <- 1L

# A global fit (rnn_global) as a pretrained model: its networks, pooled
# linear path and calibration and settings, without its series.
fc_pretrained_model <- function(fit, mirrored = FALSE) {
  m <- fit$model
  keep <- c("lookback", "history", "steps", "horizon", "strategy", "w", "nets", "pooled",
            "settings", "windows")
  out <- m[keep]
  out$calibration <- list(pooled = m$calibration$pooled)
  out$frequency <- fc_series_frequency(fit$data)
  out$n_series <- length(fit$data$names)
  out$mirrored <- mirrored
  out$format <- fc_pretrained_format
  structure(out, class = "rnn_pretrained_model")
}

# NULL when `m` is a pretrained model of the current format, else what is wrong.
validate_rnn_pretrained_model <- function(m) {
  if (!inherits(m, "rnn_pretrained_model") || !is.list(m)) return("is not a pretrained model")
  if (!identical(as.integer(m$format), fc_pretrained_format)) return("has another format")
  ok <- is.numeric(m$frequency) && length(m$frequency) == 1L && m$frequency > 0 &&
    is.list(m$nets) && length(m$nets) >= 1L && all(vapply(m$nets, inherits, NA, "rnn_net")) &&
    is.list(m$settings) && identical(m$settings$recipe, "global") &&
    is.list(m$calibration$pooled) && is.list(m$calibration$pooled$z) &&
    (!isTRUE(m$settings$linear) || is.matrix(m$pooled$coef) &&
       nrow(m$pooled$coef) == m$lookback + 1L)
  if (!ok) return("lacks its networks, settings or pooled path and calibration")
  NULL
}

# Writes models (named list of pretrained models) and the manifest `info` to
# `path` in the current format.
fc_pretrained_write <- function(models, info, path) {
  saveRDS(list(format = fc_pretrained_format, models = models, info = info), path,
          version = 2)
}

# Reads a pretrained file; an unknown format is an error of class
# recurrent_error_pretrained_format.
fc_pretrained_read <- function(path, call = NULL) {
  x <- readRDS(path)
  f <- if (is.list(x)) x$format
  if (!identical(as.integer(f), fc_pretrained_format))
    rec_abort(sprintf(paste0("the pretrained models in %s are of format %s, but this version of ",
                             "recurrent reads format %d; reinstall recurrent or rerun tools/pretrain.R."),
                      basename(path), if (is.null(f)) "0 (unversioned)" else format(f),
                      fc_pretrained_format),
              class = "recurrent_error_pretrained_format", call = call)
  for (nm in names(x$models)) {
    p <- validate_rnn_pretrained_model(x$models[[nm]])
    if (!is.null(p))
      rec_abort(sprintf("the pretrained model \"%s\" in %s %s.", nm, basename(path), p),
                class = "recurrent_error_pretrained_format", call = call)
  }
  structure(x, class = "rnn_pretrained")
}

# The shipped models, read on first use (rnn_fit() with pretrained "auto" or
# "only" needs them).
pretrained_cache <- new.env(parent = emptyenv())

#' Pretrained recurrent forecasters
#'
#' recurrent ships small global recurrent forecasters, one per frequency
#' (yearly, quarterly, monthly, hourly, half-hourly, daily, business days),
#' pretrained by `tools/pretrain.R` (in the package's repository). The
#' hourly and daily models learnt from stretches of 60 and 180 days of
#' hourly and daily mean temperature at 17 of the 25 aimsir17 weather
#' stations, the half-hourly one from 5-week stretches of UK national demand
#' (2005-2017) and Victoria's (2012-2013), the business-day one from
#' two-year stretches of the closes of 20 qrmdata stocks (the other stations,
#' years and stocks are held out for evaluation). The others learnt from
#' about 2,400 public series: the M1 and tourism
#' competitions (80% of their series; the rest are held out), the yearly,
#' quarterly and monthly series of the fma, expsmooth and fpp2 packages, and
#' for the quarterly model those of tsibbledata, tsibble and fpp3 (none of R's
#' `datasets` or the forecast package's series). The yearly and monthly
#' models also learnt each series' mirror image (upside down on the log
#' scale), so that they treat falling series as they treat rising ones, and
#' the monthly model adjusts series of 2 years or more for seasonality.
#' Loading them needs no network and no download. The file is versioned
#' (`format`); a file of another format is refused with an error of class
#' `recurrent_error_pretrained_format`.
#'
#' `rnn_fit(y)` on one series of one of these frequencies lets the
#' pretrained model of its frequency, as it is and fine-tuned on the series,
#' compete with a local model on the series' held-out windows (`pretrained =
#' "auto"`, the default), and many series start from it too;
#' `rnn_fit(y, pretrained = "only")` forecasts with the pretrained model
#' without training (zero-shot, see [rnn_fit()]).
#'
#' @param frequency `NULL` for all models, or a frequency (1, 4, 12, 24 for
#'   hourly, 48 for half-hourly, 7 for daily or 5 for business days; below 1,
#'   the yearly model).
#' @return `rnn_pretrained()`: an object of class `rnn_pretrained` (a list
#'   with `format`, `models`, one per frequency, and `info`, the manifest:
#'   date, script version, seed, package and data versions, held-out
#'   series); with `frequency`, that one model.
#' @examples
#' pre <- rnn_pretrained()
#' pre
#' fit <- rnn_fit(JohnsonJohnson, pretrained = "only")
#' predict(fit, h = 8)
#' @export
rnn_pretrained <- function(frequency = NULL) {
  call <- sys.call()
  if (is.null(pretrained_cache$models)) {
    path <- system.file("pretrained", "pretrained.rds", package = "recurrent")
    if (!nzchar(path))
      rec_abort("the pretrained models are missing from this installation of recurrent.",
                call = call)
    pretrained_cache$models <- fc_pretrained_read(path, call)
  }
  pre <- pretrained_cache$models
  if (is.null(frequency)) return(pre)
  f <- check_num(frequency, "frequency", min = 0, min_open = TRUE, call = call)
  fc_pretrained_for(pre, f, "`frequency`", call)
}

# The pretrained model of frequency f in `pre` (rnn_pretrained()), or an
# error naming the ones there are.
fc_pretrained_for <- function(pre, f, what, call) {
  m <- fc_pretrained_find(f, pre)
  if (is.null(m))
    rec_abort(sprintf("no pretrained model for %s %s; there are models for frequencies %s.",
                      what, format(f),
                      paste(format(vapply(pre$models, `[[`, 1, "frequency")), collapse = ", ")),
              class = "recurrent_error_no_pretrained", call = call)
  m
}

# The pretrained model `model` with its networks in the precision of
# rnn_fit()'s networks (st$opts$net$precision, fc_default_precision()):
# they are shipped in double; fine-tuning and forecasting then run in it.
fc_pretrained_precision <- function(model, st) {
  model$nets <- lapply(model$nets, net_as_precision, st$opts$net$precision)
  model
}

# The pretrained model of frequency f, or NULL. A frequency below 1 (one
# value every 2, 4 or 10 years: decennial censuses) has no cycle within its
# years, and the networks see values only, so it gets the yearly model:
# its forecasts are those of the same values as a yearly series.
fc_pretrained_find <- function(f, pre = rnn_pretrained()) {
  if (f < 1) f <- 1
  freqs <- vapply(pre$models, `[[`, 1, "frequency")
  hit <- which(abs(freqs - f) < 1e-6)
  if (length(hit)) pre$models[[hit[1]]]
}

#' @export
print.rnn_pretrained <- function(x, ...) {
  ok <- tryCatch(inherits(x, "rnn_pretrained") && is.list(x$models) && length(x$models) > 0 &&
                   all(vapply(x$models, function(m) is.null(validate_rnn_pretrained_model(m)), NA)) &&
                   is.list(x$info) && is.character(x$info$date) && is.numeric(x$info$seed) &&
                   identical(x$format, fc_pretrained_format),
                 error = function(e) FALSE)
  if (!isTRUE(ok))
    rec_abort(sprintf("`x` must be the pretrained models from rnn_pretrained(), not %s.",
                      describe(x)), class = "recurrent_error_invalid_object", call = sys.call())
  cat(sprintf("Pretrained recurrent forecasters (format %d; tools/pretrain.R version %s, %s, seed %d)\n",
              x$format, x$info$script_version, x$info$date, x$info$seed))
  width <- max(nchar(names(x$models)))
  for (nm in names(x$models)) {
    m <- x$models[[nm]]
    mirrored <- isTRUE(m$mirrored)
    sp <- m$nets[[1]]$spec
    cat(sprintf("  %-*s frequency %-3s %d x %s(%d), lookback %d, horizon %d; trained on %d series%s\n",
                width, nm, format(m$frequency), length(m$nets), toupper(sp$cell), sp$hidden_size,
                m$lookback, m$horizon, if (mirrored) m$n_series %/% 2L else m$n_series,
                if (mirrored) " and their mirror images" else ""))
  }
  hf <- x$info$held_out_highfreq
  cat(sprintf("  held out of pretraining: %d M1 and tourism series%s%s\n", length(x$info$held_out),
              if (length(x$info$held_out_tsibble))
                sprintf(", %d yearly tsibbledata and fpp3 series", length(x$info$held_out_tsibble))
              else "",
              if (length(hf))
                sprintf(", %d aimsir17 stations, %d qrmdata stocks and %d years of load",
                        length(hf$stations), length(hf$stocks), length(hf$load_years))
              else ""))
  invisible(x)
}

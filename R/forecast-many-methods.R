# Forecasting layer, many series: predict/forecast, print, summary and the
# forecast methods of many-series fits (rnn_global, rnn_local).

#' Forecast many series
#'
#' `predict()` (and `forecast()`) of a many-series fit from [rnn_fit()]
#' forecasts every series `h` steps after its own end, with prediction
#' intervals, and returns them in the layout of the forecast package's
#' forecasts of several series (class `mforecast`).
#'
#' A global fit (`rnn_fit(list_of_series)`) forecasts all series at once with
#' its shared networks and each series' own linear path and interval
#' calibration. With `newdata` it forecasts series it has never seen
#' (zero-shot): each new series is scaled by its own statistics, gets its own
#' reference forecast, its own linear path when it has enough windows (the
#' fit's pooled path otherwise) and interval calibration from its own
#' errors, which the networks never saw, when it has at least
#' (`horizon` + 1) / 2 forecast origins (the fit's pooled calibration, from
#' its training windows, otherwise); the networks are used as trained.
#'
#' @param object A many-series fit: `rnn_fit()` of a list, a long data frame
#'   with `key`, a tsibble with keys, or a matrix with `global = TRUE`.
#' @param h Number of steps to forecast (default: the fit's `horizon`).
#' @param level Confidence levels of the prediction intervals, in percent.
#' @param newdata New series to forecast with the trained networks (global
#'   fits only), in any form `rnn_fit()` takes many series (a long data frame
#'   with the fit's key, index and value columns); `forecast()` calls it `y`.
#' @param y For `forecast()`: as `newdata`.
#' @param ... Not allowed (an error names the argument).
#' @return An object of class `c("rnn_many_forecast", "rnn_mforecast",
#'   "rnn_forecast", "mforecast")`: `forecast` holds one `rnn_forecast` per
#'   series (names kept; each with `mean`, `lower`, `upper`, `x`, `fitted`,
#'   `residuals` and, for dated series, `times`), and `mean`, `lower`, `upper`
#'   and `x` are lists by series. `as.data.frame()` gives one row per series
#'   and step: `key`, `time` (Date/POSIXct for dated series, otherwise the
#'   time of the `ts` axis), `Point Forecast`, then `Lo`/`Hi` per level.
#' @examples
#' set.seed(1)
#' sers <- list(a = ts(cumsum(rnorm(40)) + 50, start = 2001, frequency = 4),
#'              b = ts(10 + sin(1:30 / 2) + rnorm(30, sd = 0.2), start = 2004, frequency = 4),
#'              c = ts(100 + 1:25 + rnorm(25), start = 2005, frequency = 4))
#' fit <- rnn_fit(sers, repeats = 1, hidden = 8, epochs = 5)
#' fc <- predict(fit, h = 6)
#' fc$forecast$b$mean
#' head(as.data.frame(fc))
#' # a series the model never saw
#' predict(fit, h = 4, newdata = list(d = ts(5 + cumsum(rnorm(30)), frequency = 4)))
#' @export
predict.rnn_many <- function(object, h = NULL, level = c(80, 95), newdata = NULL, ...) {
  call <- sys.call()
  fc_check_dots(list(...), "predict", call)
  fc_predict_many(object, h, level, newdata, call)
}

#' @rdname predict.rnn_many
#' @export
forecast.rnn_many <- function(object, h = NULL, level = c(80, 95), y = NULL, ...) {
  call <- sys.call()
  fc_check_dots(list(...), "forecast", call)
  fc_predict_many(object, h, level, y, call)
}

fc_predict_many <- function(object, h, level, newdata, call) {
  fc_check_many(object, call = call)
  level <- fc_check_level(level, call)
  if (!is.null(h)) h <- fc_check_count(h, "h", call = call)
  if (inherits(object, "rnn_global")) fc_predict_global(object, h, level, newdata, call) else
    fc_predict_local(object, h, level, newdata, call)
}

# A many-series fit as rnn_fit() made it: the fields predict() and print()
# read have the types and lengths rnn_fit() gave them (an object edited by
# hand is refused with a clear error instead of failing somewhere inside).
fc_check_many <- function(object, name = "object", call) {
  ok <- tryCatch(if (inherits(object, "rnn_global")) fc_global_intact(object) else
    if (inherits(object, "rnn_local")) {
      is.list(object$fits) && length(object$fits) >= 1L && !is.null(names(object$fits)) &&
        all(vapply(object$fits, function(f) inherits(f, "rnn_fit") && isTRUE(fc_fit_intact(f)), NA))
    } else FALSE, error = function(e) FALSE)
  if (!isTRUE(ok))
    rec_abort(sprintf(paste0("`%s` must be a many-series fit made by rnn_fit() (its fields ",
                             "unaltered), not %s."), name, describe(object)),
              class = "recurrent_error_invalid_object", call = call)
  if (inherits(object, "rnn_global")) for (net in object$nets) check_net(net, "a network of the fit")
  if (inherits(object, "rnn_local"))
    for (f in object$fits) for (net in f$nets) check_net(net, "a network of the fit")
  invisible(object)
}

fc_global_intact <- function(f) {
  P <- f$panel
  ns <- length(P$N)
  int1 <- function(v, min = 1) is.numeric(v) && length(v) == 1L && is.finite(v) && v >= min &&
    v == round(v)
  ints <- function(v, min = 0) is.integer(v) && length(v) == ns && !anyNA(v) && all(v >= min)
  nums <- function(v) is.numeric(v) && length(v) == ns && all(is.finite(v))
  flag <- function(v) is.logical(v) && length(v) == 1L && !is.na(v)
  lst <- function(v) is.list(v) && length(v) == ns
  cal <- f$calibration
  panel_ok <- is.list(P) && ns >= 1L && is.numeric(P$V) && all(is.finite(P$V)) &&
    ints(P$N, 1L) && ints(P$pad) && ints(P$off) && ints(P$t0) && ints(P$lag) &&
    nums(P$scale) && all(P$scale > 0) && nums(P$center) && int1(P$L) && int1(P$Lb) &&
    int1(P$Hs) && P$Lb >= P$L && (is.null(P$w) || is.numeric(P$w) && length(P$w) == 1L &&
                                    P$w >= 0 && P$w <= 1) && all(P$lag <= P$Lb) &&
    length(P$V) == sum(P$N + P$pad) && identical(P$off, as.integer(c(0, cumsum(P$N + P$pad))[seq_len(ns)]))
  panel_ok && lst(f$x) && !is.null(names(f$x)) &&
    all(vapply(f$x, function(x) stats::is.ts(x) && is.numeric(x), NA)) &&
    identical(unname(lengths(f$x)), P$N) && lst(f$fitted) && lst(f$residuals) &&
    lst(f$series) && all(vapply(f$series, function(s) is.numeric(s$tsp) && length(s$tsp) == 3L, NA)) &&
    lst(f$calendars) && lst(f$season) &&
    all(vapply(f$season, function(v) is.null(v) || is.numeric(v) && all(is.finite(v)), NA)) &&
    (is.null(f$season_cycles) || int1(f$season_cycles)) &&
    (is.null(f$season_min) || int1(f$season_min, 2)) &&
    is.character(f$transform) && length(f$transform) == ns &&
    all(f$transform %in% c("none", "log")) &&
    (is.null(f$coef) || is.matrix(f$coef) && is.numeric(f$coef) && nrow(f$coef) == ns &&
       ncol(f$coef) == P$L + 1L && all(is.finite(f$coef))) &&
    flag(f$linear) && (f$linear == !is.null(f$coef)) &&
    is.list(cal) && nums(cal$a) && nums(cal$b) && nums(cal$n_eff) && nums(cal$sd_scale) &&
    lst(cal$z) && is.list(cal$pooled) && is.numeric(cal$pooled$z) &&
    all(vapply(cal$z, function(z) is.null(z) || is.numeric(z), NA)) &&
    is.list(f$nets) && length(f$nets) == f$repeats &&
    all(vapply(f$nets, inherits, NA, "rnn_net")) &&
    int1(f$horizon) && int1(f$lookback) && f$lookback == P$L && int1(f$Hs) && f$Hs == P$Hs &&
    int1(f$Lb) && f$Lb == P$Lb && int1(f$repeats, 0) && int1(f$hidden) && int1(f$layers) &&
    is.character(f$cell) && length(f$cell) == 1L && f$strategy %in% c("direct", "recursive") &&
    length(f$strategy) == 1L && is.character(f$na_action) && length(f$na_action) == 1L &&
    flag(f$regularise) && is.numeric(f$validation) && length(f$validation) == 1L &&
    is.numeric(f$n_train) && is.numeric(f$n_valid) && is.list(f$input) &&
    length(f$base_choice) == 1L && f$base_choice %in% c("auto", "seasonal", "naive", "none") &&
    length(f$transform_choice) == 1L && f$transform_choice %in% c("auto", "none", "log") &&
    (!f$linear || is.list(f$pooled) && is.numeric(f$pooled$pooled) &&
       length(f$pooled$pooled) == P$L + 1L && all(is.finite(f$pooled$pooled)) &&
       is.numeric(f$pooled$pooled_lambda) && length(f$pooled$pooled_lambda) == 1L &&
       is.finite(f$pooled$pooled_lambda) && f$pooled$pooled_lambda > 0 &&
       is.logical(f$own_linear) && length(f$own_linear) == ns && !anyNA(f$own_linear) &&
       is.numeric(f$lambda) && length(f$lambda) == ns) &&
    (is.null(f$skipped) || is.character(f$skipped))
}

#' @export
print.rnn_many <- function(x, ...) {
  fc_check_many(x, "x", call = sys.call())
  global <- inherits(x, "rnn_global")
  n <- if (global) length(x$x) else length(x$fits)
  first <- if (global) x$x[[1]] else x$fits[[1]]$x
  cat(sprintf("%s recurrent forecaster of %d series (%s)\n",
              if (global) "Global" else "Local", n, fc_freq_name(stats::frequency(first))))
  if (global) {
    cat(sprintf("  %s\n", fc_many_method(x)))
    len <- x$panel$N
    cat(sprintf("  series length %d to %d (median %s); %d training and %d validation windows\n",
                min(len), max(len), format(stats::median(len)), x$n_train, x$n_valid))
    if (x$linear)
      cat(sprintf("  linear path: own for %d series, pooled for %d\n", sum(x$own_linear),
                  sum(!x$own_linear)))
    cat(sprintf("  intervals: own calibration for %d series, pooled for %d\n",
                sum(x$calibration$own), sum(!x$calibration$own)))
    if (length(x$nets)) {
      kept <- vapply(x$nets, function(nt) nt$training$best_epoch %||% NA_integer_, 1L)
      cat(sprintf("  networks: %d trained, kept epochs %s\n", length(x$nets),
                  paste(kept, collapse = ", ")))
      if (all(kept == 0L, na.rm = TRUE))
        cat("  (no network improved on the linear path: they add nothing)\n")
    }
    if (isTRUE(x$pretrained)) {
      cat("  zero-shot: the pretrained networks shipped with recurrent (see rnn_pretrained())\n")
      if (is.character(x$local_error))
        cat(sprintf("  (`pretrained = \"auto\"`: no local model, %s)\n",
                    sub(";.*", "", sub("^`y` is ", "", x$local_error[1]))))
    } else if (isTRUE(x$zero_shot)) cat("  zero-shot: networks trained on other series\n")
  } else {
    cat(sprintf("  one rnn_fit per series, e.g. %s\n", fc_method_name(x$fits[[1]])))
  }
  if (length(x$skipped))
    cat(sprintf("  left out (fewer than 10 observations): %s\n",
                paste(utils::head(x$skipped, 10), collapse = ", ")))
  invisible(x)
}

#' @export
print.rnn_many_forecast <- function(x, n = 3L, ...) {
  call <- sys.call()
  fc_check_forecast(x, call = call)
  n <- check_int(n, "n", min = 0, call = call)
  k <- length(x$forecast)
  cat(sprintf("Forecasts of %d series from %s\n", k, x$method[1]))
  for (nm in utils::head(names(x$forecast), n)) {
    cat(sprintf("\n%s:\n", nm))
    print(as.data.frame(x$forecast[[nm]]))
  }
  if (k > n) cat(sprintf("\n... and %d more series: as.data.frame() gives them all.\n", k - n))
  invisible(x)
}

#' @export
as.data.frame.rnn_many_forecast <- function(x, row.names = NULL, optional = FALSE, ...) {
  fc_check_forecast(x, call = sys.call())
  rows <- lapply(names(x$forecast), function(nm) {
    f <- x$forecast[[nm]]
    d <- as.data.frame(f)
    tm <- if (!is.null(f$times)) f$times else as.numeric(stats::time(f$mean))
    out <- data.frame(key = rep(nm, nrow(d)), stringsAsFactors = FALSE)
    out$time <- tm
    cbind(out, d, row.names = NULL)
  })
  same <- length(unique(lapply(rows, function(r) class(r$time)))) == 1L
  if (!same) rows <- lapply(rows, function(r) { r$time <- format(r$time); r })
  do.call(rbind, rows)
}

#' @export
plot.rnn_many_forecast <- function(x, series = utils::head(names(x$forecast), 4), ...) {
  fc_check_forecast(x, call = sys.call())
  nm <- names(x$forecast)
  keep <- if (is.numeric(series) && !anyNA(series) && all(series >= 1 & series <= length(nm) &
                                                              series == round(series)))
    nm[series] else series
  if (!is.character(keep) || !length(keep) || anyNA(keep) || length(setdiff(keep, nm)) ||
      length(keep) > 16L)
    rec_abort(sprintf("`series` must name up to 16 series of the forecast (e.g. \"%s\"), not %s.",
                      names(x$forecast)[1], describe(series)), call = sys.call())
  y <- x
  y$forecast <- x$forecast[keep]
  class(y) <- setdiff(class(x), "rnn_many_forecast")
  graphics::plot(y, ...)
  invisible(x)
}

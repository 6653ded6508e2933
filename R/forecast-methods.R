# Forecasting layer: the methods every kind of fit answers (print, summary,
# fitted, residuals, accuracy, update) and those of its forecasts
# (as.data.frame, print). They are built on the internal generics of
# fit-kinds.R, so one method serves every kind.

fc_freq_name <- function(freq) {
  f <- round(freq, 3)
  nm <- switch(as.character(f), "1" = "no seasonality", "4" = "quarterly",
               "12" = "monthly", "52" = "weekly", "7" = "daily", "24" = "hourly",
               "2" = "half-yearly", "260" = "business days", "252" = "business days",
               "365" = "daily", NULL)
  if (is.null(nm)) sprintf("frequency %s", format(f)) else
    if (f == 1) nm else sprintf("%s (frequency %s)", nm, format(f))
}

# What the kind of a fit is called in print().
fc_kind_title <- function(x) {
  switch(class(x)[1], rnn_local = "local recurrent", rnn_global = "global recurrent",
         rnn_transfer = "pretrained recurrent", rnn_smooth = "exponential smoothing",
         rnn_seasonal = "seasonal",
         rnn_combination = "combined recurrent", rnn_collection = "per-series recurrent",
         "recurrent")
}

# Three significant digits; flag "#" keeps trailing zeros (1.50), "" drops
# them (1.5); large numbers without a trailing point.
fc_num <- function(v, flag = "#") {
  out <- formatC(v, digits = 3, format = "fg", flag = flag)
  sub("\\.$", "", trimws(out))
}

# Accuracy of the one-step in-sample fit: one row per series (and column) of
# the `measures` among ME, RMSE, MAE, MPE, MAPE, MASE (scaled by the
# in-sample mean absolute difference at the seasonal period, lag 1 without
# one, as forecast::accuracy() does), ACF1 (of the errors), MASE1 (scaled
# by the one-step, last value, difference) and `lag` (the MASE's period).
fc_fit_accuracy <- function(x, measures = c("ME", "RMSE", "MAE", "MASE", "MASE1", "lag")) {
  data <- fc_data(x)
  fits <- fc_fitted_list(x)
  rows <- list()
  for (j in seq_along(data$names)) for (c in seq_along(data$columns)) {
    y <- data$y[[j]][, c]
    f <- fits[[j]][, c]
    ok <- !is.na(f)
    e <- y[ok] - f[ok]
    pe <- 100 * e / y[ok]
    pe[!is.finite(pe)] <- NA
    m <- fc_period(data$tsp[[j]][3], length(y))
    sc <- if (length(y) > m) mean(abs(diff(y, lag = m))) else NA_real_
    sc1 <- if (length(y) > 1) mean(abs(diff(y))) else NA_real_
    acf1 <- if (length(e) > 2 && stats::sd(e) > 0) stats::cor(e[-1], e[-length(e)]) else NA_real_
    v <- c(ME = mean(e), RMSE = sqrt(mean(e^2)), MAE = mean(abs(e)),
           MPE = mean(pe, na.rm = TRUE), MAPE = mean(abs(pe), na.rm = TRUE),
           MASE = if (isTRUE(sc > 0)) mean(abs(e)) / sc else NA_real_, ACF1 = acf1,
           MASE1 = if (isTRUE(sc1 > 0)) mean(abs(e)) / sc1 else NA_real_, lag = m)
    rows[[length(rows) + 1L]] <- v[measures]
  }
  out <- do.call(rbind, rows)
  rownames(out) <- if (length(data$columns) > 1) data$columns else data$names
  out
}

# The line of print() about rnn_fit()'s choice, or why it made none.
fc_selection_lines <- function(x) {
  sel <- x$selection
  if (is.null(sel) || identical(sel$choice, "seasonal")) return(character(0))   # fc_lines says why
  if (!is.null(sel$reason)) {
    what <- switch(sel$choice,
                   local = "local model; the pretrained model not used",
                   global = "global model trained on these series; no pretrained model used",
                   pretrained = "pretrained model as shipped; the local model not used",
                   sel$choice)
    return(c(chosen = sprintf("%s: %s", what, sel$reason)))
  }
  if (length(sel$choice) > 1L) {
    tab <- table(factor(sel$choice, c("fine-tuned", "pretrained")))
    out <- c(chosen = sprintf("per series on %s: pretrained fine-tuned for %d, as shipped for %d",
                              fc_count(sel$n_valid, "held-out window"), tab[[1]], tab[[2]]))
    w <- sel$weight$weight
    if (any(w != 0.5)) {
      tw <- rev(table(w))
      out <- c(out, weights = sprintf(paste0(
        "network %s series, smoothing the rest (below 0.5 only where the series' held-out ",
        "windows favour the smoothing by two standard errors)"),
        paste(sprintf("%s for %d", names(tw), tw), collapse = ", ")))
    }
    nl <- sum(!is.na(sel$weight$last))
    if (nl)
      out <- c(out, "last value" = sprintf(paste0(
        "%s forecast by the last value alone (far better than network and smoothing on their ",
        "held-out windows: under a tenth of the error, window by window)"), fc_count(nl, "series")))
    return(out)
  }
  lab <- c(pretrained = "pretrained as shipped", "fine-tuned" = "pretrained fine-tuned",
           local = "local")
  sc <- sel$score[!is.na(sel$score)]
  others <- setdiff(names(sc), sel$choice)
  out <- c(chosen = sprintf("%s, held-out MAE %s (%s; %s of %d steps)",
                            lab[sel$choice], fc_num(sc[sel$choice], flag = ""),
                            paste(sprintf("%s %s", lab[others], fc_num(sc[others], flag = "")),
                                  collapse = ", "),
                            fc_count(sel$windows, "window"), sel$h))
  why <- if (isTRUE(sel$far))
    paste0("far better on the held-out windows: under a tenth of the error, window by window, ",
           "with two standard errors to spare") else
  if (isTRUE(sel$stationary) && is.finite(sel$margin %||% NA))
    sprintf("stationary around its mean: a pretrained model wins only below %s",
            fc_num(sel$score[["local"]] - sel$margin, flag = "")) else if (!isTRUE(sel$stationary))
      "the local model wins only when it is far better or the series is stationary around its mean" else
        if (sel$choice != "local")
          paste0("stationary around its mean, but with held-out windows worth fewer than 4 ",
                 "independent ones: too few for the local model to win")
  out <- c(out, " " = if (!is.null(why)) paste0("(", why, ")"))
  wt <- sel$weight
  if (!is.null(wt$score) && wt$weight != 0.5)
    out <- c(out, weights = sprintf(
      "network %s, smoothing %s: held-out MAE %s against %s at equal weights (better by two standard errors)",
      fc_num(wt$weight, ""), fc_num(1 - wt$weight, ""), fc_num(wt$score[[as.character(wt$weight)]], flag = ""),
      fc_num(wt$score[["0.5"]], flag = "")))
  if (!is.na(wt$last %||% NA))
    out <- c(out, "last value" = paste0(
      "forecast by the last value alone (far better than the average on the held-out windows: ",
      "under a tenth of the error, window by window)"))
  out
}

#' Print, summarise and inspect a fitted forecaster
#'
#' Every fit of [rnn_fit()] answers the same methods, whatever its kind
#' (`rnn_local`, `rnn_global`, `rnn_transfer`, `rnn_smooth`, `rnn_seasonal`,
#' `rnn_combination`, `rnn_collection`; see [rnn_fit()]): `print()` says what
#' forecasts and why, `summary()` gives a short report (the training of the
#' networks, the linear path, in-sample accuracy and the interval widths per
#' step), `fitted()` and `residuals()` the one-step in-sample values (a `ts`
#' for one series, an `mts` for several columns, a named list for many
#' series).
#'
#' @param x,object A fit from [rnn_fit()].
#' @param ... Not used.
#' @return `print()`: `x`, invisibly. `summary()`: an object of class
#'   `summary.rnn_fit` (the fit, `accuracy`: one row per series with ME, RMSE,
#'   MAE, MASE (seasonal scale), MASE1 (one-step scale), `nets`: one row per
#'   network, `error_sd`: the forecast error sd per step that sets the
#'   interval widths, for network fits).
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(nottem, repeats = 1, hidden = 8, epochs = 5)
#' fit
#' summary(fit)
#' head(fitted(fit), 30)
#' @name rnn_fit-methods
NULL

#' @rdname rnn_fit-methods
#' @export
print.rnn_fit <- function(x, ...) {
  fc_check_fit(x, "x", call = sys.call())
  data <- fc_data(x)
  ns <- length(data$names)
  N <- vapply(data$y, nrow, 1L)
  cal <- data$calendars[[1]]
  unit <- if (!is.null(cal) && cal$dated) cal_unit_label(cal$cal) else
    fc_freq_name(fc_series_frequency(data))
  if (ns == 1L) {
    cat(sprintf("<rnn_fit> %s forecaster for %s: %s%s, %s\n", fc_kind_title(x), data$names,
                fc_count(N, "observation"),
                if (length(data$columns) > 1) sprintf(" of %d series", length(data$columns)) else "",
                unit))
    cl <- fc_calendar_line(data, x)
    if (!is.null(cl)) cat(sprintf("  calendar:   %s\n", cl))
  } else {
    cat(sprintf("<rnn_fit> %s forecaster of %d series, %s; %s\n", fc_kind_title(x), ns, unit,
                if (min(N) == max(N)) sprintf("%s each", fc_count(N[1], "observation")) else
                  sprintf("%s to %s observations (median %s)", format(min(N), big.mark = ","),
                          format(max(N), big.mark = ","),
                          format(stats::median(N), big.mark = ","))))
    cl <- fc_calendars_line(data)
    if (!is.null(cl)) cat(sprintf("  calendar:   %s\n", cl))
  }
  hol <- fc_holidays_line(data)
  if (!is.null(hol)) cat(sprintf("  holidays:   %s\n", hol))
  lines <- c(fc_lines(x), fc_selection_lines(x))
  for (nm in names(lines)) cat(sprintf("  %-11s %s\n", if (nzchar(trimws(nm))) paste0(sub(":$", "", nm), ":") else "", lines[[nm]]))
  acc <- fc_fit_accuracy(x)
  if (nrow(acc) == 1L) {
    cat(sprintf("  in sample:  one-step RMSE %s, MAE %s, MASE %s (%s)\n",
                fc_num(acc[1, "RMSE"]), fc_num(acc[1, "MAE"]), fc_num(acc[1, "MASE"]),
                fc_mase_label(acc[1, "lag"], acc[1, "MASE1"])))
  } else if (nrow(acc) <= 6L) {
    cat(sprintf("  in sample:  one-step MASE %s\n",
                paste(sprintf("%s %s", rownames(acc), fc_num(acc[, "MASE"])), collapse = ", ")))
  } else {
    cat(sprintf("  in sample:  one-step MASE median %s (range %s to %s over %d series)\n",
                fc_num(stats::median(acc[, "MASE"], na.rm = TRUE)),
                fc_num(min(acc[, "MASE"], na.rm = TRUE)), fc_num(max(acc[, "MASE"], na.rm = TRUE)),
                nrow(acc)))
  }
  if (length(x$skipped))
    cat(sprintf("  left out:   %d series with fewer than 10 observations: %s\n", length(x$skipped),
                paste(utils::head(x$skipped, 10), collapse = ", ")))
  cat("Forecast with predict(fit, h) or forecast(fit, h); plot(fit) shows the fitted values.\n")
  invisible(x)
}

# The holidays line of print.rnn_fit(): the holidays learnt from the
# series' recurring gaps ("9 recurring in the data, skipped in forecasts: 1
# January, ..."), the same for every series of a market, or how many series
# learnt some when they differ; NULL when none did.
fc_holidays_line <- function(data) {
  hol <- lapply(data$calendars, function(cl) if (isTRUE(cl$dated)) cl$cal$holidays)
  some <- !vapply(hol, is.null, NA)
  if (!any(some)) return(NULL)
  if (all(some) && length(unique(hol)) == 1L) {
    lab <- cal_holiday_names(hol[[1]])
    return(sprintf("%d recurring in the data, skipped in forecasts: %s", length(lab),
                   cal_holiday_label(lab)))
  }
  sprintf("learnt per series from their recurring gaps (%d of %d series), skipped in forecasts",
          sum(some), length(hol))
}

# The scale of the printed MASE: "scale: seasonal naive, lag 12" (and the
# one-step ratio when the scale is seasonal).
fc_mase_label <- function(lag, mase1) {
  if (lag <= 1) return("against the last value")
  sprintf("against the value %d steps back; %s against the last value", lag, fc_num(mase1))
}

#' @rdname rnn_fit-methods
#' @export
summary.rnn_fit <- function(object, ...) {
  call <- sys.call()
  fc_check_fit(object, call = call)
  fc_check_dots(list(...), "summary", call)
  nets <- fc_training_table(fc_networks(object))
  structure(list(fit = object, accuracy = fc_fit_accuracy(object), nets = nets,
                 error_sd = fc_summary_sd(object)),
            class = "summary.rnn_fit")
}

# Forecast error sd per step (h = 1 .. horizon) at the end of the first
# series, from the network model that sets the intervals (NULL for a fit
# without one).
fc_summary_sd <- function(x) {
  net <- if (inherits(x, "rnn_network")) x else if (inherits(x, "rnn_combination"))
    fc_member(x, x$intervals[1])
  if (!inherits(net, "rnn_network")) return(NULL)
  m <- net$model
  sd <- fc_error_sd(m$calibration, 1L, seq_len(m$horizon))
  dimnames(sd) <- list(paste0("h=", seq_len(m$horizon)),
                       if (length(net$data$columns) > 1) net$data$columns else net$data$names[1])
  sd
}

#' @export
print.summary.rnn_fit <- function(x, ...) {
  call <- sys.call()
  fc_check_fit(x$fit, "x$fit", call = call)
  if (!is.matrix(x$accuracy) || !is.numeric(x$accuracy) || !(is.null(x$nets) || is.data.frame(x$nets)) ||
      !(is.null(x$error_sd) || is.matrix(x$error_sd) && is.numeric(x$error_sd) && nrow(x$error_sd) >= 1L))
    rec_abort("`x` is not a valid summary.rnn_fit (its fields have been altered); make one with summary().",
              class = "recurrent_error_invalid_object", call = call)
  print(x$fit)
  if (!is.null(x$nets)) {
    cat("\nNetworks (loss on the scaled change; best_epoch 0: the untrained start was kept):\n")
    print(utils::head(x$nets, 10), row.names = FALSE, digits = 4)
    if (nrow(x$nets) > 10) cat(sprintf("... and %d more networks\n", nrow(x$nets) - 10))
  }
  acc <- x$accuracy
  cat("\nIn-sample one-step accuracy:\n")
  print(signif(utils::head(acc[, c("ME", "RMSE", "MAE", "MASE", "MASE1"), drop = FALSE], 10), 4))
  if (nrow(acc) > 10) cat(sprintf("... and %d more series\n", nrow(acc) - 10))
  if (!is.null(x$error_sd)) {
    sd <- x$error_sd
    show <- unique(round(seq(1, nrow(sd), length.out = min(6, nrow(sd)))))
    cat(sprintf("\nForecast error sd per step at the end of %s (transformed scale), which sets the interval widths:\n",
                if (length(fc_data(x$fit)$names) > 1) "the first series" else "the series"))
    print(signif(sd[show, , drop = FALSE], 4))
  }
  invisible(x)
}

#' @rdname rnn_fit-methods
#' @export
fitted.rnn_fit <- function(object, ...) {
  fc_check_fit(object, call = sys.call())
  fc_by_series(object, fc_fitted_list(object))
}

#' @rdname rnn_fit-methods
#' @export
residuals.rnn_fit <- function(object, ...) {
  fc_check_fit(object, call = sys.call())
  data <- fc_data(object)
  f <- fc_fitted_list(object)
  fc_by_series(object, lapply(seq_along(f), function(j) data$y[[j]] - f[[j]]))
}

# Per-series matrices [N_j, k] on the series' time axes: one ts (mts) for one
# series, a named list of ts for many.
fc_by_series <- function(object, M) {
  data <- fc_data(object)
  out <- lapply(seq_along(M), function(j) fc_series_ts(data, j, M[[j]]))
  if (data$layout != "many") return(out[[1]])
  names(out) <- data$names
  out
}

#' @export
fitted.rnn_forecast <- function(object, ...) object$fitted

#' @export
residuals.rnn_forecast <- function(object, ...) object$residuals

# A ts vector/matrix as a plain numeric matrix.
fc_plain <- function(x) {
  x <- as.matrix(x)
  matrix(as.numeric(x), nrow(x), ncol(x), dimnames = list(NULL, colnames(x)))
}

# The calendar of the series behind a forecast (NULL when it has none).
fc_forecast_calendar <- function(x) {
  cl <- x$calendar
  if (!is.list(cl) || !is.list(cl$cal)) return(NULL)
  cl
}

#' Convert a forecast to a data frame
#'
#' @param x An `rnn_forecast` from [predict.rnn_fit()].
#' @param row.names,optional Not used.
#' @param ... Not used.
#' @return A data frame with one row per forecast step, the time as row names
#'   (as the input's index prints it: "2022 W17" for a tsibble's `yearweek`),
#'   and the columns `Point Forecast`, `Lo 80`, `Hi 80`, `Lo 95`, `Hi 95`
#'   (one pair per level).
#' @examples
#' fit <- rnn_fit(LakeHuron, repeats = 0)
#' as.data.frame(predict(fit, h = 3))
#' @export
as.data.frame.rnn_forecast <- function(x, row.names = NULL, optional = FALSE, ...) {
  fc_check_forecast(x, call = sys.call())
  out <- data.frame(`Point Forecast` = as.numeric(x$mean), check.names = FALSE)
  lo <- fc_plain(x$lower); up <- fc_plain(x$upper)
  for (l in seq_along(x$level)) {
    out[[paste("Lo", x$level[l])]] <- lo[, l]
    out[[paste("Hi", x$level[l])]] <- up[, l]
  }
  cl <- fc_forecast_calendar(x)
  rownames(out) <- if (!is.null(x$times)) cal_labels(x$times, cl$cal, cl$meta) else
    fc_time_labels(as.numeric(stats::time(x$mean)), stats::frequency(x$mean))
  out
}

#' @export
print.rnn_forecast <- function(x, ...) {
  fc_check_forecast(x, call = sys.call())
  cat(sprintf("Forecasts of %s from %s\n", x$series %||% "y", x$method))
  print(as.data.frame(x))
  invisible(x)
}

#' @export
print.rnn_mforecast <- function(x, ...) {
  fc_check_forecast(x, call = sys.call())
  cat(sprintf("Joint forecasts of %d series from %s\n", length(x$forecast), x$method[1]))
  for (nm in names(x$forecast)) {
    cat(sprintf("\n%s:\n", nm))
    print(as.data.frame(x$forecast[[nm]]))
  }
  invisible(x)
}

#' @export
as.data.frame.rnn_mforecast <- function(x, row.names = NULL, optional = FALSE, ...) {
  fc_check_forecast(x, call = sys.call())
  do.call(rbind, lapply(names(x$forecast), function(nm) {
    d <- as.data.frame(x$forecast[[nm]])
    cbind(series = nm, time = rownames(d), d, row.names = NULL)
  }))
}

#' Training-set accuracy of a fitted forecaster
#'
#' With the forecast package installed, `forecast::accuracy(fit)` gives the
#' accuracy of the one-step in-sample forecasts (`fitted(fit)`) in the layout
#' of that package: ME, RMSE, MAE, MPE, MAPE, MASE (scaled by the in-sample
#' mean absolute (seasonal) naive difference at the fit's period) and ACF1 of
#' the residuals, one row per series. The method is registered for the
#' forecast package's generic when either package is loaded. For test-set
#' accuracy pass a forecast: `accuracy(predict(fit, h), test)`.
#'
#' @param object An `rnn_fit`.
#' @param ... Not used.
#' @return A matrix with one row per series ("Training set" for one series).
#' @examples
#' if (requireNamespace("forecast", quietly = TRUE)) {
#'   fit <- rnn_fit(AirPassengers, repeats = 0)
#'   forecast::accuracy(fit)
#' }
#' @name accuracy.rnn_fit
NULL

accuracy.rnn_fit <- function(object, ...) {
  call <- sys.call()
  fc_check_fit(object, call = call)
  fc_check_dots(list(...), "accuracy", call)
  out <- fc_fit_accuracy(object, c("ME", "RMSE", "MAE", "MPE", "MAPE", "MASE", "ACF1"))
  rownames(out) <- if (nrow(out) == 1L) "Training set" else paste("Training set:", rownames(out))
  out
}

#' Test-set accuracy of a forecast of dated data
#'
#' `forecast::accuracy(fc, test)` for a forecast of dated input (see
#' [rnn_fit()]) also takes the test data as the user holds it: a data frame
#' or tsibble with a time column (`Date`, `POSIXct`, or a tsibble's
#' `yearmonth`, `yearquarter`, ...) and the forecast series' column (or one
#' numeric column), or a `zoo`/`xts` series. Its values are matched to the
#' forecast's timestamps (`fc$times`) and put on the forecast's time axis, so
#' that the MASE is scaled at the series' seasonal period as for a `ts` test
#' set. A numeric vector or a `ts` is passed to the forecast package as it
#' is (a plain vector means lag-1 scaling there).
#'
#' For forecasts of several series (many series, or several forecast
#' jointly) `x` holds the actual values of every series: a long data frame
#' with the fit's `key` column, a named list of series or data frames, or a
#' data frame or matrix with a column per series (beside a time column for
#' dated data). Each series is scored as alone, in rows "Training set:
#' name" and "Test set: name"; without `x`, the training rows only.
#'
#' @param object A forecast from [predict.rnn_fit()].
#' @param x The actual values over the forecast horizon.
#' @param ... Passed on to the forecast package's method (`test`, `d`, `D`).
#' @return The forecast package's accuracy matrix.
#' @examples
#' if (requireNamespace("forecast", quietly = TRUE)) {
#'   set.seed(1)
#'   d <- seq(as.Date("2024-01-01"), by = "day", length.out = 130)
#'   df <- data.frame(date = d, load = 50 + 5 * sin(2 * pi * (1:130) / 7) + rnorm(130))
#'   fc <- predict(rnn_fit(df[1:120, ]), h = 10)
#'   forecast::accuracy(fc, df[121:130, ])
#' }
#' @name accuracy.rnn_forecast
NULL

accuracy.rnn_forecast <- function(object, x, ...) {
  if (!missing(x) && !inherits(object, "mforecast") && !is.null(object$times) &&
      (is.data.frame(x) || inherits(x, "zoo")))
    x <- fc_test_on_axis(object, x, sys.call())
  NextMethod()
}

# accuracy() of forecasts of several series (documented with
# accuracy.rnn_forecast): each series scored as alone through the forecast
# package's generic, rows "Training set: <name>" and "Test set: <name>".
accuracy.rnn_mforecast <- function(object, x, ...) {
  call <- sys.call()
  fc_check_forecast(object, "object", call = call)
  nm <- names(object$forecast)
  parts <- if (missing(x)) NULL else fc_test_parts(object, x, nm, call)
  acc <- getExportedValue("forecast", "accuracy")
  out <- lapply(nm, function(k) {
    f <- object$forecast[[k]]
    f$series <- f$series %||% k
    a <- if (is.null(parts)) acc(f, ...) else acc(f, parts[[k]], ...)
    rownames(a) <- paste0(rownames(a), ": ", k)
    a
  })
  do.call(rbind, out)
}

# The test data `x` of each series `nm` of a forecast of several series: a
# named list, a long data frame split by the fit's key, or the columns of a
# wide data frame or matrix (with the time column, when there is one).
fc_test_parts <- function(object, x, nm, call) {
  key <- fc_data(object$model)$input$key
  if (is.list(x) && !is.data.frame(x)) {
    miss <- setdiff(nm, names(x))
  } else if (is.data.frame(x) && length(key) && all(key %in% names(x))) {
    kv <- do.call(paste, c(unname(as.list(x[key])), sep = "/"))
    rest <- x[setdiff(names(x), key)]
    x <- lapply(stats::setNames(nm, nm), function(k) rest[kv == k, , drop = FALSE])
    miss <- nm[vapply(x, nrow, 0L) == 0L]
  } else if (is.data.frame(x) || is.matrix(x)) {
    cols <- colnames(x)
    miss <- setdiff(nm, cols)
    timed <- if (is.data.frame(x)) names(x)[vapply(x, inherits, NA, what = cal_time_classes)]
    x <- lapply(stats::setNames(nm, nm), function(k)
      if (length(timed)) x[c(timed[1], k)] else x[, k])
  } else {
    rec_abort(sprintf(paste0("`x` must hold the actual values of the %d series: a long data frame ",
                             "with the key column, a named list or a column per series, not %s."),
                      length(nm), describe(x)), call = call)
  }
  if (length(miss))
    rec_abort(sprintf("`x` has no actual values for %s (of %d series).",
                      paste0("\"", utils::head(miss, 5), "\"", collapse = ", "), length(nm)),
              call = call)
  x[nm]
}

# Test data `x` (a data frame with a time column, or a zoo/xts) of a dated
# forecast `fc` as a ts on the forecast's axis (fc$mean's), NA at forecast
# times it lacks; times beyond the forecast are left out.
fc_test_on_axis <- function(fc, x, call) {
  if (inherits(x, "zoo")) {
    tm <- zoo::index(x)
    v <- zoo::coredata(x)
    if (NCOL(v) > 1L) v <- v[, if (!is.null(fc$series) && fc$series %in% colnames(v)) fc$series else 1L]
  } else {
    # the time kept as year, month, day, hour columns, as rnn_fit() reads it
    x <- fc_time_from_parts(x, NULL, NULL, fc$series, "x", call)
    # (a tsibble's yearmonth or yearquarter index too: cal_as_time())
    tcol <- names(x)[vapply(x, inherits, NA, what = cal_time_classes)]
    num <- names(x)[vapply(x, function(v) is.numeric(v) && !inherits(v, cal_time_classes), NA)]
    vcol <- if (!is.null(fc$series) && fc$series %in% num) fc$series else if (length(num) == 1L) num
    if (length(tcol) != 1L || is.null(vcol))
      rec_abort(sprintf(paste0("`x` must hold the actual values as a data frame with one date or time ",
                               "column (Date, POSIXct, yearmonth, ...) and the column `%s` (or one ",
                               "numeric column); it has %s."),
                        fc$series %||% "value", paste0("`", names(x), "`", collapse = ", ")), call = call)
    tm <- cal_as_time(x[[tcol]])
    v <- x[[vcol]]
  }
  key <- function(t) format(as.POSIXct(t), "%Y-%m-%d %H:%M:%S", tz = "UTC")
  at <- match(key(fc$times), key(tm))
  if (all(is.na(at)))
    rec_abort(sprintf("none of the times of `x` (%s to %s) is a forecast time (%s to %s).",
                      format(min(tm)), format(max(tm)), format(fc$times[1]),
                      format(fc$times[length(fc$times)])), call = call)
  stats::ts(as.numeric(v)[at], start = stats::tsp(fc$mean)[1], frequency = stats::frequency(fc$mean))
}

#' Fine-tune a fitted forecaster on newer data
#'
#' `update()` carries a fit over to newer observations of its series and
#' continues training its networks on them (a few epochs, from the fitted
#' weights), returning the fit with those observations as its data, ready to
#' forecast from their end. Every member of a combination is refreshed: the
#' networks' scaling and interval widths follow the new data, the exponential
#' smoothing is estimated on them. What the model learnt per series (its
#' reference forecast, linear path, interval calibration) stays. It is the
#' refresh that `predict(fit, newdata = newer)` does, plus the training, so
#' `update(fit, newer, epochs = 0)` forecasts exactly as `predict(fit,
#' newdata = newer)`. A fit of one series takes the name of `newdata` (its
#' value column, or the variable), and `print()` adds the windows and epochs
#' of the update to the training windows.
#'
#' @param object A fit from [rnn_fit()].
#' @param newdata The newer observations, in the form the model was fitted to
#'   (at least the model's history plus one observation; many series: by key).
#' @param epochs Training epochs (default 5; 0: no training).
#' @param lr Learning rate (default: a fifth of the fit's).
#' @param ... Not allowed: an unknown argument is an error of class
#'   `recurrent_error_unknown_argument` naming it.
#' @return The updated fit, of the same kind.
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(window(AirPassengers, end = c(1958, 12)), repeats = 1, hidden = 8,
#'                epochs = 5, pretrained = "none")
#' fit2 <- update(fit, AirPassengers, epochs = 2)
#' predict(fit2, h = 12)
#' @export
update.rnn_fit <- function(object, newdata, epochs = 5, lr = NULL, ...) {
  call <- sys.call()
  fc_check_fit(object, call = call)
  fc_check_dots(list(...), "update", call)
  if (missing(newdata))
    rec_abort("`newdata` is missing: give the newer observations to fine-tune on.", call = call)
  epochs <- check_int(epochs, "epochs", min = 0, max = 1e5, call = call)
  if (!is.null(lr)) lr <- check_num(lr, "lr", min = 0, min_open = TRUE, call = call)
  out <- fc_refresh(object, fc_read_newdata(object, newdata, call), epochs, lr, call)
  # one series is named after the newer data (many series keep their keys)
  if (is.list(out$data) && !identical(out$data$layout, "many"))
    out$data$names <- fc_series_label(substitute(newdata), newdata)
  out
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
    # dated input: the times in the class of the user's index (a tsibble's
    # yearmonth, zoo's yearmon, ...), so that they join with the user's data
    tm <- if (!is.null(f$times)) cal_index_back(f$times, f$calendar$meta) else
      fc_period_times(as.numeric(stats::time(f$mean)), stats::frequency(f$mean))
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
  keep <- fc_plot_series(names(x$forecast), series, sys.call(), "forecast")
  y <- x
  y$forecast <- x$forecast[keep]
  class(y) <- setdiff(class(x), "rnn_many_forecast")
  graphics::plot(y, ...)
  invisible(x)
}

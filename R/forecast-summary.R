# Forecasting layer: summary() of a forecast, a short report as the forecast
# package's summary.forecast gives one (that method reads fields an
# rnn_forecast does not have; without it summary() listed the fields).

#' Summarise forecasts
#'
#' A short report of forecasts from [predict.rnn_fit()]: the method, the
#' horizon and its first and last times, per series the first and last point
#' forecasts and the mean width of each interval, then the forecasts of a
#' single series. `summary(fc$model)` reports the fit itself.
#'
#' @param object Forecasts from [predict.rnn_fit()] (one series, several
#'   forecast jointly, or many series).
#' @param ... Not used.
#' @return An object of class `summary.rnn_forecast`: `table` (a data frame,
#'   one row per series) and `forecast` (the forecasts), printed as the report.
#' @examples
#' set.seed(1)
#' y <- ts(100 + 10 * sin(2 * pi * (1:96) / 12) + rnorm(96), frequency = 12)
#' summary(predict(rnn_fit(y, repeats = 1), h = 6))
#' @export
summary.rnn_forecast <- function(object, ...) {
  call <- sys.call()
  fc_check_forecast(object, "object", call = call)
  fc_check_dots(list(...), "summary", call)
  fcs <- if (inherits(object, "rnn_mforecast")) object$forecast else
    stats::setNames(list(object), object$series %||% "y")
  rows <- lapply(names(fcs), function(nm) {
    f <- fcs[[nm]]
    d <- as.data.frame(f)
    h <- nrow(d)
    out <- data.frame(series = nm, steps = h, from = rownames(d)[1], to = rownames(d)[h],
                      first = as.numeric(f$mean)[1], last = as.numeric(f$mean)[h],
                      stringsAsFactors = FALSE)
    # the mean width of each interval over the horizon: [h, levels] bounds
    for (l in seq_along(f$level))
      out[[sprintf("width %g%%", f$level[l])]] <- mean(f$upper[, l] - f$lower[, l])
    out
  })
  structure(list(forecast = object, table = do.call(rbind, rows)), class = "summary.rnn_forecast")
}

#' @export
print.summary.rnn_forecast <- function(x, ...) {
  call <- sys.call()
  if (!is.data.frame(x$table) || !inherits(x$forecast, "rnn_forecast"))
    rec_abort("`x` is not a valid summary.rnn_forecast (its fields have been altered); make one with summary().",
              class = "recurrent_error_invalid_object", call = call)
  tab <- x$table
  k <- nrow(tab)
  method <- x$forecast$method[1]
  cat(sprintf("Forecasts of %s from %s\n", if (k == 1L) tab$series else sprintf("%d series", k), method))
  lv <- sub("^width ", "", grep("^width ", names(tab), value = TRUE))
  cat(sprintf("  horizon:   %s, %s to %s\n",
              if (length(unique(tab$steps)) == 1L) sprintf("%d steps", tab$steps[1])
              else sprintf("%d to %d steps", min(tab$steps), max(tab$steps)),
              tab$from[1], tab$to[1]))
  cat(sprintf("  intervals: %s\n", paste(lv, collapse = " and ")))
  cat("\n")
  show <- utils::head(tab, 10)
  show[] <- lapply(show, function(v) if (is.double(v)) signif(v, 4) else v)
  print(show, row.names = FALSE)
  if (k > 10) cat(sprintf("... and %d more series: summary(fc)$table gives them all.\n", k - 10))
  if (k == 1L && !inherits(x$forecast, "rnn_mforecast")) {
    cat("\n")
    print(as.data.frame(x$forecast))
  }
  cat("\nsummary(fc$model) reports the fit.\n")
  invisible(x)
}

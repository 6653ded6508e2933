# Forecasting layer, fable interface: RNN() as a model for fabletools::model()
# on a tsibble (one rnn_fit per key). Everything here needs the suggested
# packages fabletools, tsibble and distributional; nothing loads them before
# RNN() is called. The methods are registered for fabletools' and generics'
# generics in NAMESPACE (delayed S3 registration).

#' Recurrent network forecaster for fable
#'
#' `RNN()` specifies an [rnn_fit()] model for [fabletools::model()], so that a
#' `tsibble` is fitted one model per key and forecast, reported, plotted and
#' evaluated with the tidyverts tools:
#' `tsb |> model(RNN(value)) |> forecast(h = 12)`, `accuracy()` and
#' `autoplot()`. The calendar of the tsibble's index sets the seasonality
#' (see "Dated input" in [rnn_fit()]). Forecast distributions are normal with
#' the standard deviation that makes their 80% interval the interval of
#' [predict.rnn_fit()] (on the log scale for `transform = "log"`, then
#' log-normal).
#'
#' @param formula The response variable (a column of the tsibble, or a
#'   transformation fabletools understands, e.g. `log(value)`).
#' @param ... Arguments of [rnn_fit()] (e.g. `repeats`, `hidden`, `epochs`,
#'   `lookback`, `horizon`).
#' @return A model definition for [fabletools::model()].
#' @examples
#' if (requireNamespace("fabletools", quietly = TRUE) &&
#'     requireNamespace("tsibble", quietly = TRUE)) {
#'   tsb <- tsibble::as_tsibble(AirPassengers)
#'   fc <- fabletools::forecast(fabletools::model(tsb, RNN(value, repeats = 0)), h = 12)
#'   fc
#' }
#' @export
RNN <- function(formula, ...) {
  call <- sys.call()
  for (p in c("fabletools", "tsibble", "distributional")) {
    if (!requireNamespace(p, quietly = TRUE))
      rec_abort(sprintf("RNN() needs the %s package; install it to use recurrent with fable.", p),
                class = "recurrent_error_needs_package", call = call)
  }
  rnn_model <- fabletools::new_model_class("RNN", train = fc_fable_train,
                                           specials = fabletools::new_specials(xreg = function(...) NULL))
  fabletools::new_model_definition(rnn_model, !!rlang::enquo(formula), ...)
}

# fabletools' training hook: one series (its response column) as a tsibble.
fc_fable_train <- function(.data, specials, ...) {
  mv <- tsibble::measured_vars(.data)
  if (length(mv) != 1L)
    rec_abort(sprintf("RNN() models one response variable, not %d (%s).", length(mv),
                      paste(mv, collapse = ", ")), call = NULL)
  idx <- tsibble::index_var(.data)
  df <- data.frame(.data[[idx]], as.numeric(.data[[mv]]))
  names(df) <- c(idx, mv)
  df <- tsibble::as_tsibble(df, index = idx)
  dots <- list(...)
  if (is.null(dots$verbose)) dots$verbose <- FALSE
  fit <- do.call(rnn_fit, c(list(y = df), dots))
  fit$data$names <- mv
  structure(list(fit = fit, response = mv), class = "RNN")
}

# An RNN model as fc_fable_train() made it.
fc_check_rnn_model <- function(object, name, call) {
  if (!inherits(object, "RNN") || !is.list(object))
    rec_abort(sprintf("`%s` must be an RNN model fitted by fabletools::model(), not %s.", name,
                      describe(object)), class = "recurrent_error_invalid_object", call = call)
  fc_check_fit(object$fit, sprintf("%s$fit", name), call = call)
}

#' @exportS3Method generics::forecast
#' @exportS3Method forecast RNN
forecast.RNN <- function(object, new_data, specials = NULL, ...) {
  call <- sys.call()
  fc_check_rnn_model(object, "object", call)
  if (missing(new_data) || !is.data.frame(new_data) || nrow(new_data) == 0L)
    rec_abort(sprintf("`new_data` must be the future rows (a tsibble) to forecast, not %s.",
                      if (missing(new_data)) "missing" else describe(new_data)), call = call)
  h <- nrow(new_data)
  fc <- predict(object$fit, h = h, level = 80)
  z <- stats::qnorm(0.9)
  m <- as.numeric(fc$mean)
  # the scale the intervals are symmetric on: that of the model whose widths
  # they are
  if (fc_interval_log(object$fit)) {
    sd <- (log(as.numeric(fc$upper[, 1])) - log(m)) / z
    distributional::dist_lognormal(log(m), sd)
  } else {
    sd <- (as.numeric(fc$upper[, 1]) - m) / z
    distributional::dist_normal(m, sd)
  }
}

#' @exportS3Method stats::fitted
fitted.RNN <- function(object, ...) {
  fc_check_rnn_model(object, "object", sys.call())
  as.numeric(stats::fitted(object$fit))
}

#' @exportS3Method stats::residuals
residuals.RNN <- function(object, ...) {
  fc_check_rnn_model(object, "object", sys.call())
  as.numeric(stats::residuals(object$fit))
}

#' @exportS3Method fabletools::model_sum
model_sum.RNN <- function(x) {
  fc_check_rnn_model(x, "x", sys.call())
  sprintf("RNN(%s)", fc_kind_label(x$fit))
}

#' @exportS3Method fabletools::report
report.RNN <- function(object, ...) {
  fc_check_rnn_model(object, "object", sys.call())
  print(object$fit)
  invisible(object)
}

#' @exportS3Method generics::glance
glance.RNN <- function(x, ...) {
  fc_check_rnn_model(x, "x", sys.call())
  f <- x$fit
  acc <- fc_fit_accuracy(f)
  res <- as.numeric(stats::residuals(f))
  data.frame(kind = fc_kind_label(f), sigma2 = stats::var(res, na.rm = TRUE),
             MAE = acc[1, "MAE"], MASE = acc[1, "MASE"], nobs = nrow(fc_data(f)$y[[1]]),
             networks = length(fc_networks(f)), horizon = fc_horizon(f))
}

#' @exportS3Method generics::tidy
tidy.RNN <- function(x, ...) {
  fc_check_rnn_model(x, "x", sys.call())
  t <- fc_terms(x$fit)
  data.frame(term = as.character(t$term), estimate = as.numeric(t$estimate))
}

# Whether the intervals of a one-series fit are symmetric on the log scale
# (those of the network model or smoothing that sets their widths).
fc_interval_log <- function(fit) {
  if (inherits(fit, "rnn_combination")) return(fc_interval_log(fc_member(fit, fit$intervals[1])))
  if (inherits(fit, "rnn_network")) return(fit$model$transform[1] == "log")
  if (inherits(fit, "rnn_smooth")) return(isTRUE(fit$models[[1]]$log))
  FALSE
}

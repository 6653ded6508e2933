# Forecasting layer: predict()/forecast() for rnn_fit objects.

#' Forecast from a fitted recurrent network forecaster
#'
#' `predict()` (and its alias `forecast()`) forecasts `h` steps after the end of
#' the series that [rnn_fit()] was fitted to, with prediction intervals.
#'
#' @section Prediction intervals:
#' The intervals are calibrated on forecast errors of data the model did not
#' fit, from every origin of the series (not only the held-out windows used for
#' early stopping and for choosing the ridge penalty, whose errors are
#' optimistic and too few). The origins are cut into 5 contiguous blocks; for
#' each block the linear path is refitted (with the chosen penalty) without the
#' one-step samples whose targets fall in the block's forecast span, and the
#' model (that path plus the networks) forecasts `horizon` steps from each
#' origin of the block (cross-fitting). The networks are not refitted: their
#' part of these errors is out of sample only on the held-out windows. With
#' `linear = FALSE` there is no path to refit and the errors from the held-out
#' windows are used instead.
#'
#' Each error is divided by the local scale at its origin: the mean absolute
#' (seasonal) difference over the last max(2 `lookback`, 10) differences
#' (near the start of the series, the differences not yet observed count at
#' the series' overall scale), so that the intervals widen when the series
#' has recently become more volatile. Sub-daily data (hourly, half-hourly
#' and finer) use the square root of the local scale's ratio to the overall
#' scale: their errors grow with the volatility far less than in proportion,
#' and a few calm weekdays before a weekend otherwise made intervals many
#' times too wide.
#' The root mean square of these standardised errors per step \eqn{i} is
#' smoothed as \eqn{\sigma_i = \exp(a + b \log i)}{sigma_i = exp(a + b log i)}
#' with \eqn{0 \le b \le 1} (the spread grows with the step at most like a
#' trend and at least stays flat). Steps beyond the fitted horizon \eqn{H}
#' iterate the model on its own forecasts, so their errors add up horizon by
#' horizon: step \eqn{mH + r} gets at least
#' \eqn{\sqrt{m \sigma_H^2 + \sigma_r^2}}{sqrt(m sigma_H^2 + sigma_r^2)}
#' (the fitted law where it is wider).
#' When the reference forecast is the series mean (`base = "none"`, which
#' `base = "auto"` chooses for a series that stays around its mean), the
#' model treats the series as stationary: far ahead its forecasts tend to
#' the mean, and their error to the spread of the series about it. So
#' \eqn{\sigma_i}{sigma_i} is capped at the root mean square deviation of the
#' series from its mean divided by the series scale (the mean absolute
#' one-step difference), and the width levels off instead of growing without
#' bound. With a naive or seasonal reference there is no cap: a random walk's
#' width keeps growing, about like \eqn{\sqrt{i}}{sqrt(i)}.
#' The half-width of the interval at level \eqn{p} and step \eqn{i} is
#' \eqn{q\, s_N \sigma_i}{q * s_N * sigma_i}, where \eqn{s_N} is the local
#' scale at the end of the series and \eqn{q} the split-conformal quantile of
#' the absolute standardised errors \eqn{|e| / \sigma_i}{|e| / sigma_i} (the
#' \eqn{\lceil (n + 1) p \rceil}{ceiling((n + 1) p)}-th smallest of \eqn{n}),
#' widened by the ratio of Student's \eqn{t} quantile to the normal one with
#' \eqn{n_e - 1} degrees of freedom: the errors of overlapping windows are not
#' independent, and \eqn{n_e = 2 n_o / (h + 1)} counts the \eqn{n_o} origins
#' as about that many independent windows of \eqn{h} = `horizon` steps. (With
#' fewer than 10 errors, \eqn{q} is that \eqn{t} quantile times their root
#' mean square.)
#' Intervals are symmetric on the transformed scale (`transform = "log"` makes
#' them asymmetric on the original scale). They account for the model's
#' forecast error, including the estimation error of the linear path, but not
#' for the uncertainty of the networks' weights, nor for breaks that the
#' series' past does not show.
#'
#' A series (or column) whose observed values are all zero or more (counts,
#' load, rainfall, sales) has its forecasts and interval bounds cut at zero:
#' the models are additive, so near zero they can go negative (pedestrian
#' counts at night), and a value moved up to zero is never further from an
#' actual value that is zero or more.
#'
#' @param object A fit from [rnn_fit()] (any kind: one series, several
#'   columns, many series).
#' @param h Number of steps to forecast, a positive integer; any value works,
#'   also beyond the horizon the model was trained for. Default: the fit's
#'   `horizon`, or the number of rows of `newxreg`.
#' @param newxreg Future values of the covariates, one row per forecast step
#'   (at least `h` rows), with the columns of `xreg`. Required when the fit used
#'   `xreg`.
#' @param level Confidence levels of the prediction intervals, in percent
#'   (fractions in (0, 1) are taken as such).
#' @param newdata Newer observations of the series (the same form, columns
#'   and frequency as the fitted ones, at least the model's history plus one
#'   observation): the forecast starts after their end, with the fitted model
#'   and no retraining. What the model learnt per series stays (its
#'   reference forecast, linear path, interval calibration); what the data
#'   give is taken from the new observations (the scale and level that
#'   normalise the windows, the seasonal figure, the recent volatility that
#'   sets the interval widths), and an exponential smoothing member is
#'   estimated on them (a fraction of a second). For many series: newer
#'   data of the fit's series (by key), and, for a global or pretrained
#'   model, series it has never seen (zero-shot: each new series gets its
#'   own scaling, reference, linear path and calibration from its own
#'   errors where it has enough windows; the hourly, half-hourly, daily and
#'   business-day models as shipped widen those intervals by factors fitted
#'   on their pool series, 1.19 / 1.11 at 80 / 95%, business days 1.08 /
#'   1.18). The same refresh is what
#'   [update.rnn_fit()] does before fine-tuning, so `update(fit, newer,
#'   epochs = 0)` forecasts as `predict(fit, newdata = newer)`. `forecast()`
#'   calls it `y`.
#' @param ... Not allowed: an unknown argument is an error of class
#'   `recurrent_error_unknown_argument` naming it (the forecast package's
#'   `bootstrap`, `npaths`, `lambda`, `biasadj`, `PI`, `fan` with what to use
#'   instead).
#' @return For one series, an object of class `c("rnn_forecast", "forecast")` (the structure of
#'   the forecast package's forecasts) with `mean` (a `ts` continuing the time
#'   axis of the series), `lower` and `upper` (matrices with one column per
#'   level), `level`, `x` (the series), `fitted` and `residuals` (one step
#'   ahead, in sample), `method`, `series` and `model` (the fit). For a series
#'   with several columns (forecast jointly), an object of class
#'   `c("rnn_mforecast", "rnn_forecast", "mforecast")`, the layout of the
#'   forecast package's multivariate forecasts: its `forecast` element holds one
#'   `rnn_forecast` per series, and `mean`, `lower` and `upper` are lists with
#'   one element per series (each `mean` a `ts` continuing the time axis).
#'   For many series, an object of class `c("rnn_many_forecast",
#'   "rnn_mforecast", "rnn_forecast", "mforecast")`: `forecast` holds one
#'   `rnn_forecast` per series (names kept), and `as.data.frame()` gives one
#'   row per series and step (`key`, `time`, `Point Forecast`, then `Lo`/`Hi`
#'   per level); `time` holds the timestamps of dated input (in the class of
#'   its index: a tsibble's `yearmonth`, zoo's `yearmon`, ...), the first day of
#'   the month or quarter (a `Date`) of a monthly or quarterly `ts`, the year of
#'   a yearly one, and the `ts` time otherwise.
#'   For dated input (see [rnn_fit()]) `times` holds the timestamps of the
#'   forecast steps.
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(WWWusage, repeats = 1, hidden = 8, epochs = 5)
#' fc <- predict(fit, h = 10, level = c(80, 95))
#' fc$mean
#' fc$lower
#'
#' # From newer observations, with the same model (no retraining)
#' set.seed(3)
#' weather <- data.frame(date = seq(as.Date("2023-05-01"), by = "day", length.out = 153),
#'                       wind = round(rgamma(153, 4, 0.4), 1), solar = round(runif(153, 50, 300)))
#' weather$temp <- round(75 + 8 * sin(pi * (1:153) / 153) - 0.8 * (weather$wind - 10) +
#'                       0.02 * (weather$solar - 175) + rnorm(153, 0, 3))
#' weather$solar[c(5, 6, 11)] <- NA   # days without a reading
#' fit2 <- rnn_fit(weather[1:100, c("date", "temp")], repeats = 0, horizon = 7)
#' predict(fit2, h = 7, newdata = weather[50:153, c("date", "temp")])
#' @export
predict.rnn_fit <- function(object, h = NULL, newxreg = NULL, level = c(80, 95),
                            newdata = NULL, ...) {
  call <- sys.call()
  fc_check_dots(list(...), "predict", call)
  fc_predict(object, h, newxreg, level, call = call, newdata = newdata)
}

# predict.rnn_fit() and forecast.rnn_fit(); errors name `call`, the user's call
# of either. `newdata`: newer observations to forecast from (no retraining).
fc_predict <- function(object, h, newxreg, level, call, newdata = NULL) {
  fc_check_fit(object, call = call)
  level <- fc_check_level(level, call)
  if (!is.null(newdata))
    object <- fc_refresh(object, fc_read_newdata(object, newdata, call), 0L, NULL, call)
  user <- fc_user_covariates(object)
  if (length(user) && is.null(newxreg)) {
    rec_abort(sprintf(paste0("`newxreg` is required: the model was fitted with `xreg` ",
                            "(%s), so the forecast needs their future values, one row per step."),
                     paste(user, collapse = ", ")), call = call)
  }
  if (!length(user)) fc_check_no_newxreg(newxreg, call)
  NX <- NULL
  if (length(user)) {
    NX <- fc_as_xreg(newxreg, NULL, "newxreg", cols = user,
                     na_action = fc_data(object)$input$na_action, call = call)
  }
  h <- if (is.null(h)) {
    if (length(user)) nrow(NX) else fc_default_h(object)
  } else fc_check_count(h, "h", call = call)
  if (length(user) && nrow(NX) < h) {
    rec_abort(sprintf("`newxreg` must have at least `h` = %d rows (one per forecast step), not %d.",
                     h, nrow(NX)), call = call)
  }
  if (length(user)) NX <- NX[seq_len(h), , drop = FALSE]
  fc_assemble(object, fc_bound_parts(fc_parts(object, h, level, NX), fc_data(object)), h, level, call)
}

# The user's covariates of a fit (names; empty without).
fc_user_covariates <- function(object) {
  if (inherits(object, "rnn_network")) return(object$model$covariates$user)
  if (inherits(object, "rnn_seasonal")) return(colnames(object$data$xreg[[1]]) %||% character(0))
  if (inherits(object, "rnn_combination"))
    return(unique(unlist(lapply(names(object$members), function(n)
      fc_user_covariates(fc_member(object, n))))))
  character(0)
}

# The forecasts of a fit in the forecast package's structures: `parts`
# (fc_parts()) as one rnn_forecast per series and column; one series: that
# forecast, several columns: an rnn_mforecast, many series: an
# rnn_many_forecast.
fc_assemble <- function(object, parts, h, level, call) {
  data <- fc_data(object)
  method <- fc_method(object)
  fitted <- fc_fitted_list(object)
  k <- length(data$columns)
  nl <- length(level)
  lev <- paste0(level, "%")
  one <- function(j, c) {
    p <- parts[[j]]
    tsp <- data$tsp[[j]]
    cal <- data$calendars[[j]]
    lo <- matrix(p$lower[, c, ], h, nl, dimnames = list(NULL, lev))
    up <- matrix(p$upper[, c, ], h, nl, dimnames = list(NULL, lev))
    x <- fc_series_ts(data, j, data$y[[j]][, c, drop = FALSE])
    fv <- fc_series_ts(data, j, fitted[[j]][, c, drop = FALSE])
    structure(list(
      method = method, model = object,
      mean = fc_future_ts(p$mean[, c], tsp, h), lower = fc_future_ts(lo, tsp, h),
      upper = fc_future_ts(up, tsp, h), level = level, x = x,
      series = if (k > 1L) data$columns[c] else data$names[j],
      fitted = fv, residuals = x - fv,
      times = if (!is.null(cal) && cal$dated)
        cal_next(cal$cal, cal$times[length(cal$times)], h, call = call),
      calendar = cal
    ), class = c("rnn_forecast", "forecast"))
  }
  if (data$layout == "one") return(one(1L, 1L))
  if (data$layout == "joint") {
    fcs <- lapply(seq_len(k), function(c) one(1L, c))
    names(fcs) <- data$columns
    return(structure(list(
      forecast = fcs, method = rep(method, k), model = object,
      mean = lapply(fcs, `[[`, "mean"), lower = lapply(fcs, `[[`, "lower"),
      upper = lapply(fcs, `[[`, "upper"), level = level,
      x = fc_series_ts(data, 1L), fitted = fc_series_ts(data, 1L, fitted[[1]]),
      residuals = fc_series_ts(data, 1L, data$y[[1]] - fitted[[1]]),
      times = fcs[[1]]$times
    ), class = c("rnn_mforecast", "rnn_forecast", "mforecast")))
  }
  fcs <- lapply(seq_along(data$names), function(j) one(j, 1L))
  names(fcs) <- data$names
  structure(list(
    forecast = fcs, method = vapply(fcs, `[[`, "", "method"), model = object,
    mean = lapply(fcs, `[[`, "mean"), lower = lapply(fcs, `[[`, "lower"),
    upper = lapply(fcs, `[[`, "upper"), level = level, x = lapply(fcs, `[[`, "x"),
    fitted = lapply(fcs, `[[`, "fitted"), residuals = lapply(fcs, `[[`, "residuals")
  ), class = c("rnn_many_forecast", "rnn_mforecast", "rnn_forecast", "mforecast"))
}

# Newer observations `newdata` of a fit's series read as its own were: a
# series store of the same layout, columns and frequency (many series: by
# key, with the fit's key, index and value columns). Errors are of class
# recurrent_error_newdata.
fc_read_newdata <- function(object, newdata, call) {
  data <- fc_data(object)
  inp0 <- data$input
  newdata <- fc_time_from_parts(newdata, inp0$index, inp0$key, inp0$value, "newdata", call)
  if (data$layout == "many") {
    key <- if (is.data.frame(newdata) && !inherits(newdata, "tbl_ts")) inp0$key
    parts <- fc_many_input(newdata, key, inp0$index, inp0$value, name = "newdata", call = call,
                           regularise = inp0$regularise)
    inputs <- fc_many_series(parts$series, inp0$index, inp0$regularise, inp0$na_action,
                             "newdata", call)
    nd <- fc_series_from_inputs(inputs, "many", inp0)
  } else {
    # newdata read as the fit read its data: its `value` column, a numeric
    # time column
    newdata <- fc_read_frame(newdata, inp0$value, inp0$numeric_index %||% inp0$index, FALSE,
                             FALSE, "newdata", call)$y
    cal0 <- data$calendars[[1]]
    # the fitted data frame's time column, when newdata has it too
    index <- cal0$meta$index
    if (!is.data.frame(newdata) || inherits(newdata, "tbl_ts") || !isTRUE(index %in% names(newdata)))
      index <- NULL
    inp <- fc_input_series(newdata, index, FALSE, "newdata", call, inp0$na_action)
    k <- length(data$columns)
    if (ncol(inp$ser$Y) != k)
      rec_abort(sprintf("`newdata` must have %d series column%s (%s) like the fitted series, not %d.",
                        k, if (k > 1) "s" else "", paste(data$columns, collapse = ", "),
                        ncol(inp$ser$Y)), class = "recurrent_error_newdata", call = call)
    inp <- fc_fill_input(inp, inp0$na_action, "newdata", call)
    if (is.null(inp$calendar) && is.null(cal0)) {
      # an undated newdata of a ts fit continues its own time axis
      N <- nrow(inp$ser$Y)
      f <- fc_series_frequency(data)
      inp$ser$tsp <- if (stats::is.ts(newdata)) inp$ser$tsp else c(1, 1 + (N - 1) / f, f)
    }
    inp$ser$names <- data$columns
    nd <- fc_series_from_inputs(stats::setNames(list(inp), data$names), data$layout, inp0)
    nd$columns <- data$columns
  }
  fc_check_newdata_calendar(data, nd, call)
  nd$calendars <- fc_keep_holidays(data, nd)
  nd
}

# The calendars of newer data `nd`, where a business-day or session series (by name)
# learnt no holidays of its own (under two years of rows) but the fit's did:
# with the fit's holiday rules (cal_learn_holidays()), so that the
# forecasts' dates still skip them.
fc_keep_holidays <- function(data, nd) {
  lapply(seq_along(nd$calendars), function(j) {
    cl <- nd$calendars[[j]]
    k <- match(nd$names[j], data$names)
    old <- if (!is.na(k) && !is.null(data$calendars[[k]])) data$calendars[[k]]$cal$holidays
    if (!is.null(old) && isTRUE(cl$dated) && cal_has_holidays(cl$cal) && is.null(cl$cal$holidays))
      cl$cal$holidays <- old
    cl
  })
}

# `newdata` (store nd) of the fit's frequency and, for dated series, its
# calendar unit.
fc_check_newdata_calendar <- function(data, nd, call) {
  f0 <- fc_series_frequency(data)
  f1 <- fc_series_frequency(nd)
  cal0 <- data$calendars[[1]]
  cal1 <- nd$calendars[[1]]
  if (!is.null(cal0) && cal0$dated) {
    if (is.null(cal1) || !cal1$dated || cal1$cal$unit != cal0$cal$unit)
      rec_abort(sprintf("`newdata` must be dated like the fitted series (%s), not %s.",
                        cal_unit_label(cal0$cal),
                        if (is.null(cal1) || !cal1$dated) "undated" else cal_unit_label(cal1$cal)),
                class = "recurrent_error_newdata", call = call)
  } else if (abs(f0 - f1) > 1e-6) {
    rec_abort(sprintf(paste0("`newdata` must have the frequency of the fitted series, %s ",
                             "(%s), not %s (%s): a model forecasts the calendar it learnt."),
                      format(f0), fc_freq_name(f0), format(f1), fc_freq_name(f1)),
              class = "recurrent_error_newdata", call = call)
  }
  invisible()
}

#' Forecast generic
#'
#' `forecast()` is the forecast package's generic, re-exported in spirit: when
#' the forecast package is installed, `forecast::forecast(fit)` dispatches to
#' the method for `rnn_fit` (registered when either package is loaded); without
#' it, `recurrent::forecast(fit, h)` works alone. For any other object this
#' generic hands over to `forecast::forecast()`, so attaching both packages in
#' either order changes nothing for other models.
#'
#' @param object A model; for `rnn_fit` see [predict.rnn_fit()].
#' @param ... Arguments for the method.
#' @return See [predict.rnn_fit()].
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(LakeHuron, repeats = 0)
#' forecast(fit, h = 5)
#' @export
forecast <- function(object, ...) UseMethod("forecast")

#' @rdname forecast
#' @export
forecast.default <- function(object, ...) {
  if (requireNamespace("forecast", quietly = TRUE)) {
    # Evaluate the call in the forecast namespace: dispatching from here would
    # find this very method again (infinite recursion) before forecast's own.
    ns <- asNamespace("forecast")
    return(do.call(get("forecast", envir = ns), list(object, ...), envir = ns))
  }
  call <- sys.call()
  rec_abort(sprintf(paste0("no `forecast()` method for %s; recurrent forecasts `rnn_fit` ",
                          "objects, and the forecast package (not installed) handles others."),
                   describe(object)), class = "recurrent_error_needs_package", call = call)
}

#' @describeIn predict.rnn_fit The same as `predict()`, with the argument order
#'   of the forecast package (`object, h, level`); `y` is `newdata`.
#' @param y For `forecast()`: newer observations, as `newdata`.
#' @export
forecast.rnn_fit <- function(object, h = NULL, level = c(80, 95), newxreg = NULL, y = NULL,
                             ...) {
  call <- sys.call()
  fc_check_dots(list(...), "forecast", call)
  fc_predict(object, h, newxreg, level, call = call, newdata = y)
}

# A fit as rnn_fit() made it: of a kind this version knows, with every field
# as its constructor left it (an object edited by hand is refused with an
# error naming the field instead of failing somewhere inside), and every
# network intact.
fc_check_fit <- function(object, name = "object", call) {
  if (!inherits(object, "rnn_fit"))
    rec_abort(paste0("`", name, "` must be a fit made by rnn_fit(), not ", describe(object), "."),
              class = "recurrent_error_invalid_object", call = call)
  kinds <- c("rnn_local", "rnn_global", "rnn_transfer", "rnn_smooth", "rnn_seasonal",
             "rnn_combination", "rnn_collection")
  # a validator that fails on a field altered beyond recognition says so
  # with its own message (so that a bug in a validator shows as such)
  problem <- if (!inherits(object, kinds))
    sprintf("its class (%s) names no kind of fit", paste(class(object), collapse = ", ")) else
      tryCatch(fc_validate(object), error = function(e)
        sprintf("its fields cannot be read (%s)", conditionMessage(e)))
  if (!is.null(problem))
    rec_abort(sprintf("`%s` is not a valid rnn_fit (%s): %s; it was altered by hand? Make one with rnn_fit().",
                      name, class(object)[1], problem),
              class = "recurrent_error_invalid_object", call = call)
  for (net in fc_networks(object)) check_net(net, "a network of the fit")
  invisible(object)
}

# An rnn_forecast (or rnn_mforecast) as predict.rnn_fit() made it: a mean
# `ts`, lower and upper bounds with one column per level, the series as a
# `ts` (each forecast of an rnn_mforecast checked alike).
fc_check_forecast <- function(x, name = "x", call) {
  ok <- tryCatch(fc_forecast_intact(x), error = function(e) FALSE)
  if (!isTRUE(ok)) {
    rec_abort(sprintf("`%s` is not a valid %s (its fields have been altered); make one with predict().",
                      name, class(x)[1]), class = "recurrent_error_invalid_object", call = call)
  }
  invisible(x)
}

fc_forecast_intact <- function(x) {
  if (inherits(x, "rnn_mforecast")) {
    return(is.list(x$forecast) && length(x$forecast) > 0L && !is.null(names(x$forecast)) &&
             is.character(x$method) && length(x$method) >= 1L &&
             all(vapply(x$forecast, function(f) inherits(f, "rnn_forecast") &&
                          !inherits(f, "rnn_mforecast") && fc_forecast_intact(f), logical(1))))
  }
  if (!inherits(x, "rnn_forecast")) return(FALSE)
  h <- length(x$mean)
  nl <- length(x$level)
  bound <- function(b) stats::is.ts(b) && is.numeric(b) && NROW(b) == h && NCOL(b) == nl
  tm <- x$times
  is.list(x) && (is.null(tm) || inherits(tm, c("Date", "POSIXct")) && length(tm) == h &&
                   !anyNA(tm)) && stats::is.ts(x$mean) && is.numeric(x$mean) && is.null(dim(x$mean)) && h > 0L &&
    is.numeric(x$level) && nl > 0L && all(is.finite(x$level)) && bound(x$lower) &&
    bound(x$upper) && stats::is.ts(x$x) && is.numeric(x$x) && is.null(dim(x$x)) &&
    is.character(x$method) && length(x$method) == 1L &&
    (is.null(x$series) || is.character(x$series) && length(x$series) == 1L)
}

fc_check_level <- function(level, call) {
  if (!is.numeric(level) || length(level) == 0L || anyNA(level) || any(!is.finite(level))) {
    rec_abort(paste0("`level` must be a numeric vector of percentages in (0, 100), not ",
             describe(level), "."), call = call)
  }
  if (min(level) > 0 && max(level) < 1) level <- 100 * level
  if (min(level) <= 0 || max(level) >= 100) {
    rec_abort(paste0("`level` must be percentages in (0, 100), not ",
             paste(format(level), collapse = ", "), "."), call = call)
  }
  sort(level)
}

# `newdata` (update(), predict(newdata =)) for a fit with the user's
# covariates: an error, whatever the kind (their values over the new
# observations are unknown).
fc_refuse_newdata_xreg <- function(call) {
  rec_abort(paste0("`newdata` cannot be used with a model fitted with `xreg`: its ",
                   "covariates over the new observations are unknown; refit with rnn_fit()."),
            class = "recurrent_error_newdata", call = call)
}

# `newxreg` given to a model fitted without `xreg`: an error.
fc_check_no_newxreg <- function(newxreg, call) {
  if (!is.null(newxreg))
    rec_abort(paste0("`newxreg` must be NULL: the model was fitted without `xreg`, not ",
                     describe(newxreg), "."), call = call)
}

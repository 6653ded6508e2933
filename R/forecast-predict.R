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
#' (seasonal) difference over the last max(2 `lookback`, 10) differences, so
#' that the intervals widen when the series has recently become more volatile.
#' The root mean square of these standardised errors per step \eqn{i} is
#' smoothed as \eqn{\sigma_i = \exp(a + b \log i)}{sigma_i = exp(a + b log i)}
#' with \eqn{0 \le b \le 1} (the spread grows with the step at most like a
#' trend and at least stays flat; steps beyond the horizon extrapolate it).
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
#' @param object An `rnn_fit` from [rnn_fit()].
#' @param h Number of steps to forecast, a positive integer; any value works,
#'   also beyond the horizon the model was trained for. Default: the fit's
#'   `horizon`, or the number of rows of `newxreg`.
#' @param newxreg Future values of the covariates, one row per forecast step
#'   (at least `h` rows), with the columns of `xreg`. Required when the fit used
#'   `xreg`.
#' @param level Confidence levels of the prediction intervals, in percent
#'   (fractions in (0, 1) are taken as such).
#' @param newdata Newer observations of the series (the same form and columns
#'   as the fitted one, at least the model's history plus one observation):
#'   the forecast starts after their end, with the fitted model and no
#'   retraining; the windows are normalised by the new series' own scale and
#'   the intervals by its recent volatility (a fit whose pretrained model
#'   won averages with exponential smoothing estimated on `newdata`, a
#'   fraction of a second). `forecast()` calls it `y`. To
#'   also fine-tune the networks on it, use [update.rnn_fit()].
#' @param ... Not allowed: an unknown argument is an error of class
#'   `recurrent_error_unknown_argument` naming it (the forecast package's
#'   `bootstrap`, `npaths`, `lambda`, `biasadj`, `PI`, `fan` with what to use
#'   instead).
#' @return An object of class `c("rnn_forecast", "forecast")` (the structure of
#'   the forecast package's forecasts) with `mean` (a `ts` continuing the time
#'   axis of the series), `lower` and `upper` (matrices with one column per
#'   level), `level`, `x` (the series), `fitted` and `residuals` (one step
#'   ahead, in sample), `method`, `series` and `model` (the fit). For a series
#'   with several columns (forecast jointly), an object of class
#'   `c("rnn_mforecast", "rnn_forecast", "mforecast")`, the layout of the
#'   forecast package's multivariate forecasts: its `forecast` element holds one
#'   `rnn_forecast` per series, and `mean`, `lower` and `upper` are lists with
#'   one element per series (each `mean` a `ts` continuing the time axis).
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
#' aq <- datasets::airquality
#' aq$date <- as.Date(paste(1973, aq$Month, aq$Day, sep = "-"))
#' fit2 <- rnn_fit(aq[1:100, c("date", "Temp")], repeats = 0, horizon = 7)
#' predict(fit2, h = 7, newdata = aq[50:153, c("date", "Temp")])
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
  if (!is.null(object$pretrained$global)) return(fc_predict_transfer(object, h, newxreg, level,
                                                                     newdata, call))
  if (!is.null(newdata))
    object <- fc_with_newdata(object, fc_newdata_series(object, newdata, call), call)
  has_x <- length(object$xreg_user) > 0L
  if (has_x && is.null(newxreg)) {
    rec_abort(sprintf(paste0("`newxreg` is required: the model was fitted with `xreg` ",
                            "(%s), so the forecast needs their future values, one row per step."),
                     paste(object$xreg_user, collapse = ", ")), call = call)
  }
  if (!has_x) fc_check_no_newxreg(newxreg, call)
  NX <- NULL
  if (has_x) {
    NX <- fc_as_xreg(newxreg, NULL, "newxreg", cols = object$xreg_user,
                     na_action = object$na_action, call = call)
  }
  if (is.null(h)) {
    h <- if (has_x) nrow(NX) else object$horizon
  } else {
    h <- fc_check_count(h, "h", call = call)
  }
  if (has_x && nrow(NX) < h) {
    rec_abort(sprintf("`newxreg` must have at least `h` = %d rows (one per forecast step), not %d.",
                     h, nrow(NX)), call = call)
  }
  ser <- object$series
  Y <- ser$Y
  N <- nrow(Y)
  k <- ncol(Y)
  calendar <- object$calendar
  future <- if (!is.null(calendar))
    cal_next(calendar$cal, calendar$times[length(calendar$times)], h, call = call)
  Xs <- NULL
  if (!is.null(object$xreg)) {
    FX <- if (has_x) NX[seq_len(h), , drop = FALSE]
    if (!is.null(object$fourier))
      FX <- cbind(FX, fc_fourier_terms(object$fourier, future, calendar$cal))
    Xs <- rbind(fc_apply_center(object$xreg, object$xreg_center),
                fc_apply_center(FX, object$xreg_center))
  }
  times <- if (!is.null(calendar) && calendar$dated) future
  P <- fc_paths(object, Y, Xs, N, h)
  mean_t <- matrix(P[1, , ], h, k)
  sd <- fc_error_sd(object, seq_len(h))
  nl <- length(level)
  lower <- upper <- array(NA_real_, c(h, k, nl))
  for (j in seq_len(k)) {
    q <- fc_cal_multiplier(object$calibration, j, level)
    for (l in seq_len(nl)) {
      lower[, j, l] <- mean_t[, j] - q[l] * sd[, j]
      upper[, j, l] <- mean_t[, j] + q[l] * sd[, j]
    }
  }
  if (object$transform == "log") {
    mean_t <- exp(mean_t); lower <- exp(lower); upper <- exp(upper)
  }
  method <- fc_method_name(object)
  lev_names <- paste0(level, "%")
  one <- function(j) {
    lo <- matrix(lower[, j, ], h, nl, dimnames = list(NULL, lev_names))
    up <- matrix(upper[, j, ], h, nl, dimnames = list(NULL, lev_names))
    x_j <- if (k == 1) object$x else object$x[, j]
    structure(list(
      method = method,
      model = object,
      mean = fc_future_ts(mean_t[, j], ser$tsp, h),
      lower = fc_future_ts(lo, ser$tsp, h),
      upper = fc_future_ts(up, ser$tsp, h),
      level = level,
      x = x_j,
      series = if (k == 1) object$series_name else ser$names[j],
      fitted = if (k == 1) object$fitted else object$fitted[, j],
      residuals = if (k == 1) object$residuals else object$residuals[, j],
      times = times
    ), class = c("rnn_forecast", "forecast"))
  }
  if (k == 1) return(one(1L))
  fcs <- lapply(seq_len(k), one)
  names(fcs) <- ser$names
  structure(list(
    forecast = fcs,
    method = rep(method, k),
    model = object,
    mean = lapply(fcs, `[[`, "mean"),
    lower = lapply(fcs, `[[`, "lower"),
    upper = lapply(fcs, `[[`, "upper"),
    level = level,
    x = object$x,
    fitted = object$fitted,
    residuals = object$residuals,
    times = times
  ), class = c("rnn_mforecast", "rnn_forecast", "mforecast"))
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

# An rnn_fit as rnn_fit() made it: the fields the methods read are there with
# the right types, and every network is intact (an object edited by hand is
# refused with a clear error instead of failing somewhere inside).
fc_check_fit <- function(object, name = "object", call) {
  if (!inherits(object, "rnn_fit")) {
    rec_abort(paste0("`", name, "` must be an rnn_fit made by rnn_fit(), not ", describe(object), "."),
              class = "recurrent_error_invalid_object", call = call)
  }
  ok <- tryCatch(fc_fit_intact(object), error = function(e) FALSE)
  if (!isTRUE(ok)) {
    rec_abort(paste0("`", name, "` is not a valid rnn_fit (its fields have been altered); make one with rnn_fit()."),
              class = "recurrent_error_invalid_object", call = call)
  }
  for (net in object$nets) check_net(net, "a network of the fit")
  invisible(object)
}

# Whether the fields of an rnn_fit have the types, lengths and dimensions
# rnn_fit() gave them and agree with each other (the series, the scaling, the
# linear path, the networks' sizes, the calibration, the settings).
fc_fit_intact <- function(f) {
  count <- function(v, min = 1) is.numeric(v) && length(v) == 1L && is.finite(v) &&
    v >= min && v == round(v)
  one_of <- function(v, choices) is.character(v) && length(v) == 1L && v %in% choices
  nums <- function(v, n) is.numeric(v) && length(v) == n && all(is.finite(v))
  s <- f$series; m <- f$model; cal <- f$calibration
  if (!(is.list(s) && is.list(m) && is.list(cal) && is.list(f$nets) && stats::is.ts(f$x)))
    return(FALSE)
  Y <- s$Y
  if (!(is.matrix(Y) && is.double(Y) && identical(dim(s$Yraw), dim(Y)) && is.double(s$Yraw)))
    return(FALSE)
  N <- nrow(Y); k <- ncol(Y)
  q <- if (is.null(f$xreg)) 0L else NCOL(f$xreg)
  settings <- nums(s$tsp, 3) && s$tsp[3] > 0 && is.character(s$names) &&
    length(s$names) == k && count(f$lookback) && count(f$horizon) && count(f$period) &&
    count(f$repeats, 0) && count(f$hidden) && count(f$layers) && count(f$n_train, 0) &&
    count(f$n_valid, 0) && (isTRUE(f$linear) || isFALSE(f$linear))
  settings <- settings && one_of(f$transform, c("none", "log")) &&
    one_of(f$strategy, c("direct", "recursive")) && one_of(f$cell, c("lstm", "gru", "rnn")) &&
    one_of(f$na_action, c("error", "interpolate")) && is.character(f$base) &&
    all(f$base %in% c("none", "naive", "seasonal")) &&
    (is.null(f$series_name) || is.character(f$series_name) && length(f$series_name) == 1L)
  if (!settings) return(FALSE)
  model <- count(m$Lb) && m$Lb >= f$lookback && m$Lb < N && count(m$Hs) &&
    isTRUE(m$k == k) && nums(m$lag, k) && all(m$lag >= 0 & m$lag <= m$Lb) &&
    nums(m$scale, k) && all(m$scale > 0) && nums(m$center, k) &&
    isTRUE(m$Hx %in% c(0, m$Hs)) && (m$Hx > 0) == (q > 0) &&
    length(f$nets) == f$repeats
  if (!model) return(FALSE)
  if (f$linear) {
    nf <- m$nf %||% 0L
    d <- 1 + f$lookback * k + (q - nf) * (f$lookback + 1) + 2 * nf
    if (!(is.matrix(m$lin) && is.double(m$lin) && all(dim(m$lin) == c(d, k)))) return(FALSE)
  } else if (!is.null(m$lin)) return(FALSE)
  for (net in f$nets) {
    sp <- net$spec
    if (!(is.list(sp) && isTRUE(sp$output_size == m$Hs * k) &&
          isTRUE(sp$input_size == k + q + (m$Hx > 0)))) return(FALSE)
  }
  if (q > 0 && !(is.matrix(f$xreg) && is.double(f$xreg) && nrow(f$xreg) == N &&
                 is.list(f$xreg_center) && nums(f$xreg_center$center, q) &&
                 nums(f$xreg_center$scale, q) && is.character(f$xreg_names) &&
                 length(f$xreg_names) == q)) return(FALSE)
  if (!fc_calendar_intact(f, N, q)) return(FALSE)
  if (!fc_transfer_intact(f$pretrained, k)) return(FALSE)
  fits <- list(f$fitted, f$residuals)
  if (!all(vapply(fits, function(v) stats::is.ts(v) && is.numeric(v) && NROW(v) == N &&
                    NCOL(v) == k, logical(1)))) return(FALSE)
  nums(cal$a, k) && nums(cal$b, k) && is.list(cal$z) && length(cal$z) == k &&
    all(vapply(cal$z, is.numeric, logical(1))) && count(cal$n_origins) &&
    (is.null(cal$n_eff) || nums(cal$n_eff, 1)) &&
    (is.null(cal$sd_scale) || nums(cal$sd_scale, k) && all(cal$sd_scale > 0)) &&
    (is.null(cal$cap) || is.numeric(cal$cap) && length(cal$cap) == k && !anyNA(cal$cap) &&
       all(cal$cap > 0))
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

# The calendar parts of an rnn_fit: `calendar` (NULL, or the cal_prepare()
# pieces with one time per observation), `fourier` (NULL, or periods and
# harmonics whose terms are the last `model$nf` covariate columns), and
# `xreg_user` (the user's covariates, the first columns of `xreg`).
fc_calendar_intact <- function(f, N, q) {
  cl <- f$calendar
  fo <- f$fourier
  nf <- f$model$nf %||% 0L
  xu <- f$xreg_user
  if (!is.null(xu) && !(is.character(xu) && length(xu) <= q)) return(FALSE)
  if (!(is.numeric(nf) && length(nf) == 1L && nf >= 0 && nf == q - length(xu))) return(FALSE)
  if (is.null(cl)) return(is.null(fo) && nf == 0)
  if (!(is.list(cl) && is.list(cl$cal) && is.list(cl$meta) && length(cl$times) == N &&
        (isTRUE(cl$dated) || isFALSE(cl$dated)) &&
        (!cl$dated || inherits(cl$times, c("Date", "POSIXct"))) &&
        is.numeric(cl$cal$frequency) && length(cl$cal$frequency) == 1L &&
        is.character(cl$cal$unit) && length(cl$cal$unit) == 1L)) return(FALSE)
  if (is.null(fo)) return(nf == 0)
  is.list(fo) && is.numeric(fo$periods) && length(fo$periods) > 0L &&
    is.numeric(fo$K) && length(fo$K) == length(fo$periods) && all(fo$K >= 1) && nf > 0
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

fc_method_name <- function(object) {
  sprintf("RNN %s [lookback %d, %s %d]", fc_model_parts(object),
          object$lookback, object$strategy, object$horizon)
}

# The model of a fit in a few words: "LSTM(32) x5 + linear AR".
fc_model_parts <- function(object) {
  net <- if (object$repeats > 0) {
    sprintf("%s(%d%s)%s", toupper(object$cell), object$hidden,
            if (object$layers > 1) sprintf("x%d", object$layers) else "",
            if (object$repeats > 1) sprintf(" x%d", object$repeats) else "")
  }
  paste(c(net, if (object$linear) "linear AR"), collapse = " + ")
}

# predict() of a fit whose pretrained model won (fc_transfer()): that model's
# forecast averaged with the exponential smoothing one (when the series had
# one; fitted again on `newdata`), on the fit's time axis.
fc_predict_transfer <- function(object, h, newxreg, level, newdata, call) {
  fc_check_no_newxreg(newxreg, call)
  g <- object$pretrained$global
  sm <- object$pretrained$smooth
  if (!is.null(newdata)) {
    inp <- fc_newdata_series(object, newdata, call)
    g <- fc_transfer_newdata(object, inp, call)
    if (!is.null(sm)) sm <- fc_smooth_fit(inp$Yraw, object$series$tsp[3])
  }
  fc <- fc_predict_global(g, h, level, NULL, call)
  if (!is.null(sm)) fc <- fc_smooth_average(fc, sm)
  fc$model <- object
  fc$series <- object$series_name
  fc
}

# `newxreg` given to a model fitted without `xreg`: an error.
fc_check_no_newxreg <- function(newxreg, call) {
  if (!is.null(newxreg))
    rec_abort(paste0("`newxreg` must be NULL: the model was fitted without `xreg`, not ",
                     describe(newxreg), "."), call = call)
}

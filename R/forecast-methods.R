# Forecasting layer: print/summary/fitted/residuals/as.data.frame methods for
# rnn_fit, rnn_forecast and rnn_mforecast.

fc_freq_name <- function(freq) {
  f <- round(freq, 3)
  nm <- switch(as.character(f), "1" = "no seasonality", "4" = "quarterly",
               "12" = "monthly", "52" = "weekly", "7" = "daily", "24" = "hourly",
               "2" = "half-yearly", "260" = "business days", "252" = "business days",
               "365" = "daily", NULL)
  if (is.null(nm)) sprintf("frequency %s", format(f)) else
    if (f == 1) nm else sprintf("%s (frequency %s)", nm, format(f))
}

# The model line of print.rnn_fit(): the architecture and what the networks
# contribute. A network whose early stopping kept its untrained start (epoch 0,
# a zero output layer) adds nothing to the forecast, so it is not "averaged".
fc_net_line <- function(x) {
  if (x$repeats == 0) return("no network (linear path only)")
  arch <- sprintf("%s, %d hidden unit%s%s%s", toupper(x$cell), x$hidden,
                  if (x$hidden > 1) "s" else "",
                  if (x$layers > 1) sprintf(" x %d layers", x$layers) else "",
                  if (x$linear) " + linear AR path" else "")
  n <- x$repeats
  idle <- sum(fc_training_table(x)$best_epoch == 0, na.rm = TRUE)
  ref <- if (x$linear) "the linear path" else "the reference forecast"
  what <- if (idle == 0) {
    sprintf("%d network%s averaged", n, if (n > 1) "s" else "")
  } else if (idle == n) {
    sprintf("%d network%s trained, none improved on %s (no contribution)",
            n, if (n > 1) "s" else "", ref)
  } else {
    sprintf("%d networks trained; %d kept %s untrained start (no contribution)",
            n, idle, if (idle > 1) "their" else "its")
  }
  paste0(arch, "; ", what)
}

# One row per network of a fit: epochs run, the epoch whose weights
# rnn_train() kept (0: its untrained start won on the validation windows) and
# the training and validation loss of that epoch.
fc_training_table <- function(fit) {
  nets <- fit$nets
  if (!length(nets)) return(NULL)
  do.call(rbind, lapply(seq_along(nets), function(r) {
    hst <- nets[[r]]$history
    tr <- nets[[r]]$training
    best <- tr$best_epoch
    if (!is.numeric(best) || length(best) != 1L) best <- NA_integer_
    row <- match(best, hst$epoch)
    data.frame(net = r, epochs = nrow(hst), best_epoch = as.integer(best),
               train_loss = hst$loss[row],
               val_loss = if (isTRUE(best == 0)) tr$initial_val_loss %||% NA_real_ else
                 hst$val_loss[row])
  }))
}

# The choice of rnn_fit(pretrained = "auto") (fc_transfer()), or why the
# pretrained model did not compete; nothing for other fits.
fc_transfer_line <- function(x) {
  pt <- x$pretrained
  if (is.null(pt)) return(invisible())
  if (!is.null(pt$reason)) {
    cat(sprintf("  pretrained: not used: %s\n", pt$reason))
    return(invisible())
  }
  lab <- c(pretrained = "pretrained as is", "fine-tuned" = "pretrained fine-tuned",
           local = "local")
  sc <- pt$score[!is.na(pt$score)]
  others <- setdiff(names(sc), pt$choice)
  cat(sprintf("  chosen:     %s, held-out MAE %s (%s; %d windows of %d steps)\n",
              lab[pt$choice], fc_num(sc[pt$choice], flag = ""),
              paste(sprintf("%s %s", lab[others], fc_num(sc[others], flag = "")), collapse = ", "),
              pt$windows, pt$h))
  if (isTRUE(pt$stationary) && is.finite(pt$margin %||% NA))
    cat(sprintf("              (stationary around its mean: a pretrained model wins only below %s)\n",
                fc_num(pt$score[["local"]] - pt$margin, flag = "")))
  else if (!isTRUE(pt$stationary))
    cat("              (the local model wins only for a series stationary around its mean)\n")
  else if (pt$choice != "local")
    cat(paste0("              (stationary around its mean, but autocorrelated and with held-out ",
               "windows worth fewer than 2 independent ones: too few for the local model to win)\n"))
  invisible()
}

fc_ref_name <- function(x) {
  b <- unique(x$base)
  lags <- unique(x$model$lag[x$base == "seasonal"])
  lab <- c(seasonal = sprintf("seasonal naive (lag %s)", paste(lags, collapse = ", ")),
           naive = "naive (last value)", none = "none (series mean)")
  paste(lab[b], collapse = " / ")
}

# MAE-type accuracy of the one-step in-sample fit, per series.
fc_fit_accuracy <- function(x) {
  Y <- x$series$Yraw
  R <- as.matrix(Y - as.matrix(x$fitted))
  k <- ncol(Y)
  lag <- if (x$period > 1) x$period else 1L
  out <- t(vapply(seq_len(k), function(j) {
    e <- R[, j]
    e <- e[!is.na(e)]
    sc <- mean(abs(diff(Y[, j], lag = lag)))
    c(ME = mean(e), RMSE = sqrt(mean(e^2)), MAE = mean(abs(e)),
      MASE = if (sc > 0) mean(abs(e)) / sc else NA_real_)
  }, numeric(4)))
  rownames(out) <- fc_series_labels(x)
  out
}

#' @export
print.rnn_fit <- function(x, ...) {
  fc_check_fit(x, "x", call = sys.call())
  ser <- x$series
  N <- nrow(ser$Y)
  cat(sprintf("<rnn_fit> forecaster for %s: %d observation%s%s, %s\n",
              x$series_name %||% "y", N, if (N > 1) "s" else "",
              if (ncol(ser$Y) > 1) sprintf(" of %d series", ncol(ser$Y)) else "",
              if (!is.null(x$calendar) && x$calendar$dated) cal_unit_label(x$calendar$cal) else
                fc_freq_name(ser$tsp[3])))
  cl <- fc_calendar_line(x)
  if (!is.null(cl)) cat(sprintf("  calendar:   %s\n", cl))
  g <- x$pretrained$global
  if (is.null(g)) {
    cat(sprintf("  model:      %s\n", fc_net_line(x)))
    fc_transfer_line(x)
    cat(sprintf("  inputs:     lookback %d%s; %s forecasts, horizon %d\n", x$lookback,
                if (is.null(x$xreg_user)) "" else
                  sprintf(", covariates %s", paste(x$xreg_user, collapse = ", ")),
                x$strategy, x$horizon))
    cat(sprintf("  learns:     change from %s%s\n", fc_ref_name(x),
                if (x$transform == "log") ", on the log scale" else ""))
  } else {
    cat(sprintf("  model:      pretrained %s%s\n", fc_model_parts(g),
                if (isTRUE(g$fine_tuned)) ", fine-tuned on this series" else
                  " as shipped (no training on this series)"))
    fc_transfer_line(x)
    cat(sprintf("  inputs:     lookback %d; %s forecasts, horizon %d\n", g$lookback, g$strategy,
                g$horizon))
    cat(sprintf("  learns:     change from %s%s%s\n", fc_ref_name(list(base = g$base, model = list(lag = g$panel$lag))),
                if (!is.null(g$season[[1]])) ", seasonally adjusted" else "",
                if (g$transform[1] == "log") ", on the log scale" else ""))
    sm <- x$pretrained$smooth
    if (!is.null(sm))
      cat(sprintf("  averaged:   with %s; intervals keep the network's widths\n",
                  fc_smooth_label(sm)))
    cat(sprintf("  local:      not used: %s\n", fc_net_line(x)))
  }
  cat(sprintf("  windows:    %d for training, %d held out (validation)\n",
              x$n_train, x$n_valid))
  acc <- fc_fit_accuracy(x)
  if (nrow(acc) == 1) {
    cat(sprintf("  in sample:  one-step RMSE %s, MAE %s, MASE %s\n",
                fc_num(acc[1, "RMSE"]), fc_num(acc[1, "MAE"]), fc_num(acc[1, "MASE"])))
  } else {
    cat(sprintf("  in sample:  one-step MASE %s\n",
                paste(sprintf("%s %s", rownames(acc), fc_num(acc[, "MASE"])), collapse = ", ")))
  }
  cat(sprintf("Forecast with predict(fit, h) or forecast(fit, h); plot(fit) shows %s.\n",
              if (is.null(g)) "the training loss" else "the one-step fitted values"))
  invisible(x)
}

fc_series_labels <- function(x) {
  if (length(x$series$names) == 1L) x$series_name %||% "y" else x$series$names
}

# Three significant digits; flag "#" keeps trailing zeros (1.50), "" drops
# them (1.5).
fc_num <- function(v, flag = "#") formatC(v, digits = 3, format = "fg", flag = flag)

#' Summary of a fitted recurrent network forecaster
#'
#' @param object An `rnn_fit` from [rnn_fit()].
#' @param ... Not used.
#' @return An object of class `summary.rnn_fit`: the settings, the training of
#'   each network (epochs run, `best_epoch`: the epoch whose weights were kept,
#'   0 when no epoch improved on the untrained start, and its training and
#'   validation loss), in-sample
#'   one-step accuracy, and the cross-fitted forecast error per horizon step
#'   that calibrates the prediction intervals.
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(nottem, repeats = 1, hidden = 8, epochs = 5)
#' summary(fit)
#' @export
summary.rnn_fit <- function(object, ...) {
  fc_check_fit(object, call = sys.call())
  nets <- fc_training_table(object)
  g <- object$pretrained$global
  if (is.null(g)) {
    cal <- object$calibration
    sdm <- fc_error_sd(object, seq_len(object$horizon))
    mult <- vapply(seq_along(cal$z), fc_cal_multiplier, numeric(2), cal = cal,
                   level = c(80, 95))
  } else {
    # the pretrained model forecasts: its fine-tuning and its intervals
    ft <- object$pretrained$finetune
    nets <- if (!is.null(ft) && isTRUE(g$fine_tuned))
      data.frame(net = seq_along(ft$start), best_epoch = as.integer(ft$best_epoch),
                 start_val_loss = ft$start, val_loss = ft$best)
    sdm <- fc_error_sd(g, seq_len(g$horizon))
    mult <- fc_multiplier(g$calibration$z[[1]] %||% g$calibration$pooled$z, c(80, 95),
                          g$calibration$n_eff[1])
  }
  dimnames(sdm) <- list(paste0("h=", seq_len(nrow(sdm))), fc_series_labels(object))
  structure(list(fit = object, nets = nets, accuracy = fc_fit_accuracy(object),
                 error_sd = sdm, multipliers = mult),
            class = "summary.rnn_fit")
}

#' @export
print.summary.rnn_fit <- function(x, ...) {
  call <- sys.call()
  fc_check_fit(x$fit, "x$fit", call = call)
  k <- ncol(x$fit$series$Y)
  ok <- is.numeric(x$accuracy) && is.matrix(x$accuracy) && nrow(x$accuracy) == k &&
    is.numeric(x$error_sd) && is.matrix(x$error_sd) && ncol(x$error_sd) == k &&
    nrow(x$error_sd) >= 1L && is.numeric(x$multipliers) && length(x$multipliers) == 2L * k &&
    (is.null(x$nets) || is.data.frame(x$nets))
  if (!ok) {
    rec_abort("`x` is not a valid summary.rnn_fit (its fields have been altered); make one with summary().",
              class = "recurrent_error_invalid_object", call = call)
  }
  print(x$fit)
  g <- x$fit$pretrained$global
  if (!is.null(x$nets)) {
    cat(if (is.null(g)) "\nTraining (loss on the scaled change, per network):\n" else
      "\nFine-tuning of the pretrained networks (validation loss at the start and kept; best_epoch 0: the start):\n")
    print(x$nets, row.names = FALSE, digits = 4)
  }
  if (!is.null(g)) {
    if (g$linear)
      cat(sprintf("\nLinear path: %s\n", if (isTRUE(g$own_linear[1]))
        sprintf("the series' own ridge regression, penalty %s", format(g$lambda[1])) else
          "the pretrained model's pooled path"))
  } else if (x$fit$linear) {
    cat(sprintf("\nLinear path: ridge regression, penalty %s (chosen on the held-out windows)\n",
                format(x$fit$lambda)))
  }
  cat("\nIn-sample one-step accuracy:\n")
  print(signif(x$accuracy, 4))
  tf <- if (is.null(g)) x$fit$transform else g$transform[1]
  cat(sprintf("\nCross-fitted forecast error sd per step at the end of the series (%s scale),\nwhich sets the interval widths:\n",
              if (tf == "log") "log" else "original"))
  show <- unique(round(seq(1, nrow(x$error_sd), length.out = min(6, nrow(x$error_sd)))))
  print(signif(x$error_sd[show, , drop = FALSE], 4))
  m <- matrix(x$multipliers, nrow = 2, dimnames = list(c("80%", "95%"), fc_series_labels(x$fit)))
  cat("Interval half-width = multiplier x sd; multipliers from the cross-fitted errors:\n")
  print(round(m, 3))
  invisible(x)
}

#' @export
fitted.rnn_fit <- function(object, ...) object$fitted

#' @export
residuals.rnn_fit <- function(object, ...) object$residuals

#' @export
fitted.rnn_forecast <- function(object, ...) object$fitted

#' @export
residuals.rnn_forecast <- function(object, ...) object$residuals

# A ts vector/matrix as a plain numeric matrix.
fc_plain <- function(x) {
  x <- as.matrix(x)
  matrix(as.numeric(x), nrow(x), ncol(x), dimnames = list(NULL, colnames(x)))
}

# The calendar of the fit behind a forecast (NULL when there is none or the
# forecast's `model` is not a fit).
fc_forecast_calendar <- function(x) {
  m <- x$model
  if (!is.list(m) || !is.list(m$calendar) || !is.list(m$calendar$cal)) return(NULL)
  m$calendar
}

#' Convert a forecast to a data frame
#'
#' @param x An `rnn_forecast` from [predict.rnn_fit()].
#' @param row.names,optional Not used.
#' @param ... Not used.
#' @return A data frame with one row per forecast step, the time as row names,
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
  rownames(out) <- if (!is.null(x$times)) cal_format(x$times, fc_forecast_calendar(x)$cal) else
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
  Y <- object$series$Yraw
  Fm <- fc_plain(object$fitted)
  lag <- if (object$period > 1) object$period else 1L
  out <- t(vapply(seq_len(ncol(Y)), function(j) {
    ok <- !is.na(Fm[, j])
    e <- Y[ok, j] - Fm[ok, j]
    pe <- 100 * e / Y[ok, j]
    pe[!is.finite(pe)] <- NA
    sc <- mean(abs(diff(Y[, j], lag = lag)))
    acf1 <- if (length(e) > 2 && stats::sd(e) > 0) stats::cor(e[-1], e[-length(e)]) else NA_real_
    c(ME = mean(e), RMSE = sqrt(mean(e^2)), MAE = mean(abs(e)), MPE = mean(pe, na.rm = TRUE),
      MAPE = mean(abs(pe), na.rm = TRUE), MASE = if (sc > 0) mean(abs(e)) / sc else NA_real_,
      ACF1 = acf1)
  }, numeric(7)))
  rownames(out) <- if (ncol(Y) == 1L) "Training set" else
    paste("Training set:", object$series$names)
  out
}

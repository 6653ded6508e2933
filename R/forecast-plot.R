# Forecasting layer: base-graphics and ggplot2 plots of forecasts and fits.

utils::globalVariables(".data")

#' Plot a forecast
#'
#' Draws the end of the series, the point forecast and the prediction intervals
#' as shaded bands (darker for the narrower level), on the series' time axis.
#'
#' @param x An `rnn_forecast` (or `rnn_mforecast`) from [predict.rnn_fit()].
#' @param include Number of past observations to show (default: all, at most
#'   five times the forecast length or 200).
#' @param main,xlab,ylab Title and axis labels.
#' @param col Colour of the point forecast.
#' @param fill Colour of the widest interval band; narrower bands are darker.
#' @param ... Passed to [graphics::plot()].
#' @return `x`, invisibly.
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(AirPassengers, repeats = 0)
#' plot(predict(fit, h = 24))
#' @export
plot.rnn_forecast <- function(x, include = NULL, main = NULL, xlab = "Time", ylab = NULL,
                              col = "#1f5fa8", fill = "#c6d6ea", ...) {
  call <- sys.call()
  fc_check_forecast(x, call = call)
  fc_check_colour(col, "col", call)
  fc_check_colour(fill, "fill", call)
  for (a in c("main", "xlab", "ylab")) fc_check_label(get(a), a, call)
  h <- length(x$mean)
  hist_y <- x$x
  if (is.null(include)) include <- min(length(hist_y), max(5 * h, 200))
  include <- fc_check_count(include, "include", min = 0, call = call)
  hist_y <- if (include > 0) stats::window(hist_y, start = stats::time(hist_y)[length(hist_y) - include + 1]) else NULL
  tf <- as.numeric(stats::time(x$mean))
  lo <- fc_plain(x$lower); up <- fc_plain(x$upper)
  yr <- range(c(hist_y, x$mean, lo, up), finite = TRUE)
  xr <- range(c(if (!is.null(hist_y)) stats::time(hist_y), tf))
  if (is.null(main)) main <- paste("Forecasts from", x$method)
  if (is.null(ylab)) ylab <- x$series %||% ""
  graphics::plot(NA, xlim = xr, ylim = yr, main = main, xlab = xlab, ylab = ylab, ...)
  nl <- length(x$level)
  shades <- grDevices::colorRampPalette(c(fill, grDevices::adjustcolor(col, 0.45)))(nl + 1)
  for (l in rev(seq_len(nl))) {
    # the widest level first, so narrower bands are drawn on top
    o <- order(x$level, decreasing = TRUE)[nl - l + 1]
    graphics::polygon(c(tf, rev(tf)), c(lo[, o], rev(up[, o])),
                      col = shades[nl - l + 1], border = NA)
  }
  if (!is.null(hist_y)) {
    graphics::lines(hist_y)
    # join the history to the forecast
    graphics::lines(c(utils::tail(as.numeric(stats::time(hist_y)), 1), tf[1]),
                    c(utils::tail(as.numeric(hist_y), 1), x$mean[1]), col = col, lty = 3)
  }
  graphics::lines(tf, as.numeric(x$mean), col = col, lwd = 2)
  graphics::legend("topleft", bty = "n", cex = 0.8,
                   legend = c("observed", "forecast", paste0(sort(x$level, decreasing = TRUE), "% interval")),
                   col = c("black", col, rep(NA, nl)), lwd = c(1, 2, rep(NA, nl)),
                   fill = c(NA, NA, shades[seq_len(nl)]), border = NA)
  invisible(x)
}

#' @export
plot.rnn_mforecast <- function(x, include = NULL, ...) {
  fc_check_forecast(x, call = sys.call())
  k <- length(x$forecast)
  old <- graphics::par(mfrow = grDevices::n2mfrow(k), mar = c(3, 4, 2.5, 1))
  on.exit(graphics::par(old))
  for (nm in names(x$forecast)) {
    plot(x$forecast[[nm]], include = include, main = nm, ylab = "", ...)
  }
  invisible(x)
}

#' Plot the training of a forecaster
#'
#' Shows the training loss (solid) and validation loss (dashed) per epoch of
#' each network of the ensemble, on the scale of the change the networks learn,
#' with a dot at the epoch whose weights were kept (epoch 0, the untrained
#' start, when no epoch improved on it).
#' A fit without networks (`repeats = 0`) shows the series and its one-step
#' fitted values instead.
#'
#' @param x An `rnn_fit` from [rnn_fit()].
#' @param log Axis to draw on the log scale, `"y"` (default) or `""`.
#' @param ... Passed to [graphics::plot()].
#' @return `x`, invisibly.
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(nottem, repeats = 2, hidden = 8, epochs = 10)
#' plot(fit)
#' @export
plot.rnn_fit <- function(x, log = "y", ...) {
  call <- sys.call()
  fc_check_fit(x, "x", call = call)
  check_log_axes(log, call = call)
  if (length(x$nets) == 0L) {
    y <- x$x
    if (NCOL(y) > 1) y <- y[, 1]
    f <- x$fitted
    if (NCOL(f) > 1) f <- f[, 1]
    graphics::plot(y, main = "Series and one-step fitted values (no network trained)",
                   ylab = x$series_name %||% "y", ...)
    graphics::lines(f, col = "#1f5fa8")
    return(invisible(x))
  }
  hs <- lapply(x$nets, `[[`, "history")
  kept <- fc_training_table(x)
  vals <- unlist(lapply(hs, function(d) c(d$loss, d$val_loss)))
  vals <- c(vals, kept$val_loss)
  vals <- vals[is.finite(vals) & (log != "y" | vals > 0)]
  ep <- range(c(unlist(lapply(hs, `[[`, "epoch")), kept$best_epoch), na.rm = TRUE)
  cols <- grDevices::hcl.colors(max(2, length(hs)), "Dark 3")
  graphics::plot(NA, xlim = ep, ylim = range(vals), log = log, xlab = "Epoch",
                 ylab = "Loss (scaled change)",
                 main = sprintf("Training of %d network%s", length(hs), if (length(hs) > 1) "s" else ""),
                 ...)
  has_val <- FALSE
  for (r in seq_along(hs)) {
    d <- hs[[r]]
    graphics::lines(d$epoch, d$loss, col = cols[r], lwd = 1.5)
    if (!is.null(d$val_loss) && any(is.finite(d$val_loss))) {
      has_val <- TRUE
      graphics::lines(d$epoch, d$val_loss, col = cols[r], lty = 2, lwd = 1.5)
      # the epoch rnn_train() kept (0: the untrained start)
      graphics::points(kept$best_epoch[r], kept$val_loss[r], col = cols[r], pch = 19)
    }
  }
  graphics::legend("topright", bty = "n", cex = 0.8,
                   legend = c("training", if (has_val) c("validation", "best (kept)")),
                   lty = c(1, if (has_val) c(2, NA)), pch = c(NA, if (has_val) c(NA, 19)))
  invisible(x)
}

# A colour argument of a plot: one colour R knows (a name, "#rrggbb" or a
# palette number).
fc_check_colour <- function(x, name, call) {
  ok <- is.atomic(x) && is.null(dim(x)) && length(x) == 1L && !is.na(x) &&
    (is.character(x) || is.numeric(x) && x >= 0 && x < .Machine$integer.max) &&
    !inherits(tryCatch(grDevices::col2rgb(x), error = identity), "error")
  if (!ok) rec_abort(sprintf("`%s` must be one colour (a name such as \"red\" or \"#rrggbb\"), not %s.",
                             name, describe(x)), call = call)
  x
}

# A title or axis label: NULL, text (a character or number) or a plotmath
# expression.
fc_check_label <- function(x, name, call) {
  ok <- is.null(x) || (is.character(x) || is.numeric(x) || is.logical(x)) && is.null(dim(x)) ||
    is.expression(x) || is.call(x) || is.name(x)
  if (!ok) rec_abort(sprintf("`%s` must be text (a character string) or an expression, not %s.",
                             name, describe(x)), call = call)
  x
}

# ggplot2 -------------------------------------------------------------------

fc_forecast_frames <- function(object, include, call) {
  h <- length(object$mean)
  hy <- object$x
  if (is.null(include)) include <- min(length(hy), max(5 * h, 200))
  include <- fc_check_count(include, "include", min = 0, call = call)
  hy <- utils::tail(data.frame(time = as.numeric(stats::time(hy)), value = as.numeric(hy)), include)
  tf <- as.numeric(stats::time(object$mean))
  lo <- fc_plain(object$lower); up <- fc_plain(object$upper)
  bands <- do.call(rbind, lapply(seq_along(object$level), function(l)
    data.frame(time = tf, lower = lo[, l], upper = up[, l],
               level = factor(paste0(object$level[l], "%"),
                              levels = paste0(sort(object$level, decreasing = TRUE), "%")))))
  list(history = hy, mean = data.frame(time = tf, value = as.numeric(object$mean)),
       bands = bands)
}

#' ggplot2 plots of forecasts and fits
#'
#' With ggplot2 installed, `autoplot()` draws a forecast (history, point
#' forecast and interval bands) or the training loss of a fit.
#'
#' @param object An `rnn_forecast`, `rnn_mforecast` or `rnn_fit`.
#' @param include Number of past observations to show.
#' @param ... Not used.
#' @return A ggplot object.
#' @examples
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   fit <- rnn_fit(AirPassengers, repeats = 0)
#'   ggplot2::autoplot(predict(fit, h = 24))
#' }
#' @name autoplot.rnn_forecast
#' @exportS3Method ggplot2::autoplot
autoplot.rnn_forecast <- function(object, include = NULL, ...) {
  call <- sys.call()
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    rec_abort("autoplot() needs the ggplot2 package; install it or use plot().",
              class = "recurrent_error_needs_package", call = call)
  }
  fc_check_forecast(object, "object", call)
  d <- fc_forecast_frames(object, include, call)
  fc_gg_layers(d, linewidth = 0.9) +
    ggplot2::labs(title = paste("Forecasts from", object$method), x = "Time",
                  y = object$series %||% NULL)
}

# The history line, the shaded interval bands (one shade per level) and the
# forecast mean, from fc_forecast_frames() tables.
fc_gg_layers <- function(d, linewidth = 0.5) {
  fills <- grDevices::colorRampPalette(c("#c6d6ea", "#6f93c2"))(length(levels(d$bands$level)))
  names(fills) <- levels(d$bands$level)
  ggplot2::ggplot() +
    ggplot2::geom_ribbon(data = d$bands,
                         ggplot2::aes(x = .data$time, ymin = .data$lower, ymax = .data$upper,
                                      fill = .data$level)) +
    ggplot2::geom_line(data = d$history, ggplot2::aes(x = .data$time, y = .data$value)) +
    ggplot2::geom_line(data = d$mean, ggplot2::aes(x = .data$time, y = .data$value),
                       colour = "#1f5fa8", linewidth = linewidth) +
    ggplot2::scale_fill_manual(values = fills, name = "Interval")
}

#' @rdname autoplot.rnn_forecast
#' @exportS3Method ggplot2::autoplot
autoplot.rnn_mforecast <- function(object, include = NULL, ...) {
  call <- sys.call()
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    rec_abort("autoplot() needs the ggplot2 package; install it or use plot().",
              class = "recurrent_error_needs_package", call = call)
  }
  fc_check_forecast(object, "object", call)
  parts <- lapply(names(object$forecast), function(nm) {
    d <- fc_forecast_frames(object$forecast[[nm]], include, call)
    lapply(d, function(df) { df$series <- rep(nm, nrow(df)); df })
  })
  d <- lapply(c("history", "mean", "bands"), function(w) do.call(rbind, lapply(parts, `[[`, w)))
  names(d) <- c("history", "mean", "bands")
  fc_gg_layers(d) +
    ggplot2::facet_wrap(ggplot2::vars(.data$series), scales = "free_y") +
    ggplot2::labs(title = paste("Forecasts from", object$method[1]), x = "Time", y = NULL)
}

#' @rdname autoplot.rnn_forecast
#' @exportS3Method ggplot2::autoplot
autoplot.rnn_fit <- function(object, ...) {
  call <- sys.call()
  fc_check_fit(object, call = call)
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    rec_abort("autoplot() needs the ggplot2 package; install it or use plot().",
              class = "recurrent_error_needs_package", call = call)
  }
  if (length(object$nets) == 0L) {
    rec_abort("this fit has no network to show the training of (`repeats = 0`); plot its forecast instead.", call = call)
  }
  d <- do.call(rbind, lapply(seq_along(object$nets), function(r) {
    hst <- object$nets[[r]]$history
    rbind(data.frame(epoch = hst$epoch, loss = hst$loss, set = "training", net = r),
          if (!is.null(hst$val_loss))
            data.frame(epoch = hst$epoch, loss = hst$val_loss, set = "validation", net = r))
  }))
  d$net <- factor(d$net)
  ggplot2::ggplot(d, ggplot2::aes(x = .data$epoch, y = .data$loss, colour = .data$net,
                                  linetype = .data$set)) +
    ggplot2::geom_line() +
    ggplot2::scale_y_log10() +
    ggplot2::labs(title = "Training loss per epoch", x = "Epoch", y = "Loss (scaled change)",
                  colour = "Network", linetype = NULL)
}

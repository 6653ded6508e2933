# Forecasting layer: base-graphics and ggplot2 plots of forecasts and fits.

utils::globalVariables(".data")

#' Plot a forecast
#'
#' Draws the end of the series, the point forecast and the prediction intervals
#' as shaded bands (darker for the narrower level), on the series' time axis:
#' for dated input (see [rnn_fit()]) an axis of dates or date-times; for bars
#' in trading or opening hours an axis of bars labelled by date, so that
#' nights and closed days take no room (`autoplot()` keeps clock time). The
#' legend goes into the corner with the fewest points of data.
#'
#' @param x An `rnn_forecast` (or `rnn_mforecast`) from [predict.rnn_fit()].
#' @param include Number of past observations to show (default: all, at most
#'   five times the forecast length or 200).
#' @param main,xlab,ylab Title and axis labels. For a joint forecast each
#'   panel is titled by its series and `main` goes above all panels.
#' @param col Colour of the point forecast.
#' @param fill Colour of the widest interval band; narrower bands are darker.
#' @param xlim,ylim Axis ranges (default: the data shown). For dated input
#'   `xlim` may be given as dates.
#' @param ... Graphical parameters passed to [graphics::plot()] (see
#'   [graphics::par()]: `lwd`, `las`, `cex.main`, ...); a name that is none
#'   is an error of class `recurrent_error_unknown_argument`. Default titles
#'   are shortened or wrapped to fit the device's width.
#' @return `x`, invisibly.
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(AirPassengers, repeats = 0)
#' plot(predict(fit, h = 24), xlim = c(1955, 1963), main = "Air passengers")
#' @export
plot.rnn_forecast <- function(x, include = NULL, main = NULL, xlab = "Time", ylab = NULL,
                              col = "#1f5fa8", fill = "#c6d6ea", xlim = NULL, ylim = NULL,
                              ...) {
  call <- sys.call()
  fc_check_forecast(x, call = call)
  fc_check_plot_dots(list(...), "plot", call)
  fc_check_colour(col, "col", call)
  fc_check_colour(fill, "fill", call)
  for (a in c("main", "xlab", "ylab")) fc_check_label(get(a), a, call)
  xlim <- fc_check_lim(xlim, "xlim", call)
  ylim <- fc_check_lim(ylim, "ylim", call)
  d <- fc_forecast_frames(x, include, call)
  ses <- fc_session_cal(fc_forecast_calendar(x)$cal)
  th <- fc_plot_x(d$history$time, ses)
  hv <- d$history$value
  tf <- fc_plot_x(d$mean$time, ses)
  lo <- fc_plain(x$lower); up <- fc_plain(x$upper)
  yr <- ylim %||% range(c(hv, x$mean, lo, up), finite = TRUE)
  xr <- fc_plot_x(xlim, ses) %||% range(c(th, tf))
  if (is.null(main)) main <- fc_title_fit(paste("Forecasts from", x$method))
  if (is.null(ylab)) ylab <- x$series %||% ""
  dated <- inherits(d$mean$time, c("Date", "POSIXct"))
  graphics::plot(NA, xlim = xr, ylim = yr, main = main, xlab = xlab, ylab = ylab,
                 xaxt = if (dated) "n" else "s", ...)
  if (dated) fc_time_axis(d$mean$time, ses)
  nl <- length(x$level)
  shades <- grDevices::colorRampPalette(c(fill, grDevices::adjustcolor(col, 0.45)))(nl + 1)
  for (l in rev(seq_len(nl))) {
    # the widest level first, so narrower bands are drawn on top
    o <- order(x$level, decreasing = TRUE)[nl - l + 1]
    graphics::polygon(c(tf, rev(tf)), c(lo[, o], rev(up[, o])),
                      col = shades[nl - l + 1], border = NA)
  }
  if (length(th)) {
    graphics::lines(th, hv)
    # join the history to the forecast
    graphics::lines(c(th[length(th)], tf[1]), c(hv[length(hv)], x$mean[1]), col = col, lty = 3)
  }
  graphics::lines(tf, as.numeric(x$mean), col = col, lwd = 2)
  wide <- which.max(x$level)
  labels <- c("observed", "forecast", paste0(sort(x$level, decreasing = TRUE), "% interval"))
  place <- fc_legend_place(c(th, tf), c(hv, pmin(lo[, wide], x$mean)),
                           c(hv, pmax(up[, wide], x$mean)), xr, yr, labels)
  fc_legend(place, legend = labels,
            col = c("black", col, rep(NA, nl)), lwd = c(1, 2, rep(NA, nl)),
            fill = c(NA, NA, shades[seq_len(nl)]), border = NA)
  invisible(x)
}

#' @rdname plot.rnn_forecast
#' @export
plot.rnn_mforecast <- function(x, include = NULL, main = NULL, xlab = "Time", ylab = "",
                               col = "#1f5fa8", fill = "#c6d6ea", xlim = NULL, ylim = NULL,
                               ...) {
  call <- sys.call()
  fc_check_forecast(x, call = call)
  fc_check_label(main, "main", call)
  k <- length(x$forecast)
  old <- graphics::par(mfrow = grDevices::n2mfrow(k), mar = c(3, 4, 3.6, 1),
                       oma = c(0, 0, if (is.null(main)) 0 else 2, 0))
  on.exit(graphics::par(old))
  for (nm in names(x$forecast)) {
    plot(x$forecast[[nm]], include = include, main = nm, xlab = xlab, ylab = ylab, col = col,
         fill = fill, xlim = xlim, ylim = ylim, ...)
  }
  if (length(main)) graphics::mtext(main, side = 3, outer = TRUE, font = 2, line = 0.5)
  invisible(x)
}

# Where the legend covers no data: the corner ("topleft", "topright",
# "bottomleft", "bottomright") whose box the data enter least, or "outside"
# (above the plot) when every corner holds data. The box is at least 40% of
# the width and 35% of the height of the plot, more where the legend's
# `labels` (drawn by fc_legend()) need it on this device: in the small panels
# of a many-series plot four rows of legend fill most of the height.
# `xs`, `ylo`, `yhi`: what is drawn at each x (a line: ylo = yhi; a band:
# its bounds), compared on 60 x positions per box.
fc_legend_place <- function(xs, ylo, yhi, xr, yr, labels = character()) {
  ok <- is.finite(xs) & is.finite(ylo) & is.finite(yhi)
  if (!any(ok) || diff(xr) <= 0 || diff(yr) <= 0) return("topleft")
  o <- order(xs[ok])
  x <- xs[ok][o]; lo <- ylo[ok][o]; hi <- yhi[ok][o]
  size <- pmin(pmax(fc_legend_size(labels), c(0.4, 0.35)), 1)
  w <- size[1]; h <- size[2]
  boxes <- list(topleft = c(0, w, 1 - h, 1), topright = c(1 - w, 1, 1 - h, 1),
                bottomleft = c(0, w, 0, h), bottomright = c(1 - w, 1, 0, h))
  hits <- vapply(boxes, function(b) {
    gx <- xr[1] + diff(xr) * seq(b[1], b[2], length.out = 60)
    inside <- gx >= min(x) & gx <= max(x)
    if (!any(inside)) return(0)
    # approx() of the lower and upper envelope at each grid point
    l <- stats::approx(x, lo, gx[inside], ties = min)$y
    h <- stats::approx(x, hi, gx[inside], ties = max)$y
    y0 <- yr[1] + diff(yr) * b[3]; y1 <- yr[1] + diff(yr) * b[4]
    sum(h >= y0 & l <= y1)
  }, numeric(1))
  if (min(hits) > 0) return("outside")
  names(boxes)[which.min(hits)]
}

# The width and height of a legend of `labels` at fc_legend()'s size, as
# fractions of the current plot region (a row per label, a key of about two
# characters before the text, R's legend() margins).
fc_legend_size <- function(labels) {
  if (!length(labels)) return(c(0, 0))
  pin <- graphics::par("pin")
  line <- 0.8 * graphics::par("csi")
  wd <- max(graphics::strwidth(labels, units = "inches", cex = 0.8)) + 3 * line
  c(wd / pin[1], (length(labels) + 1) * line / pin[2])
}

# Draw a legend where fc_legend_place() says, outside (a row above the plot
# box) when no corner is free.
fc_legend <- function(place, ...) {
  if (place == "outside") {
    graphics::legend("bottom", inset = c(0, 1), xpd = NA, horiz = TRUE, bty = "n", cex = 0.8, ...)
  } else {
    graphics::legend(place, bty = "n", cex = 0.8, ...)
  }
}

# An axis range: NULL or two finite increasing numbers (dates allowed).
fc_check_lim <- function(x, name, call) {
  if (is.null(x)) return(NULL)
  v <- if (inherits(x, c("Date", "POSIXct"))) as.numeric(x) else x
  if (!is.numeric(v) || length(v) != 2L || !all(is.finite(v)) || v[1] >= v[2])
    rec_abort(sprintf("`%s` must be two increasing finite numbers (or dates), not %s.",
                      name, describe(x)), call = call)
  as.numeric(v)
}

#' Plot a fitted forecaster
#'
#' `type = "fit"` (the default) draws each series and its one-step in-sample
#' fitted values (for many series, the first four or those named in
#' `series`); `type = "training"` the training loss (solid) and validation
#' loss (dashed) per epoch of each network the fit trained or fine-tuned, on
#' the scale of the change the networks learn, with a dot at the epoch whose
#' weights were kept (epoch 0, the untrained start, when no epoch improved on
#' it).
#'
#' @param x A fit from [rnn_fit()] (any kind).
#' @param type `"fit"` or `"training"`.
#' @param series For many series: names (or numbers) of up to 16 series to
#'   draw.
#' @param log Axis to draw on the log scale: `""` or `"y"` (the default of
#'   `type = "training"`).
#' @param main,xlab,ylab Title and axis labels (defaults describe the plot).
#' @param col Colours of the networks (recycled), or of the fitted values.
#' @param xlim,ylim Axis ranges.
#' @param ... Graphical parameters passed to [graphics::plot()] (see
#'   [graphics::par()]: `lwd`, `las`, `cex.main`, ...); a name that is none
#'   is an error of class `recurrent_error_unknown_argument`. Default titles
#'   are shortened or wrapped to fit the device's width.
#' @return `x`, invisibly.
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(nottem, repeats = 2, hidden = 8, epochs = 10, pretrained = "none")
#' plot(fit)
#' plot(fit, type = "training")
#' @export
plot.rnn_fit <- function(x, type = c("fit", "training"), series = NULL, log = NULL,
                         main = NULL, xlab = NULL, ylab = NULL, col = NULL,
                         xlim = NULL, ylim = NULL, ...) {
  call <- sys.call()
  fc_check_fit(x, "x", call = call)
  fc_check_plot_dots(list(...), "plot", call)
  type <- check_choice(type, c("fit", "training"), "type", call = call)
  log <- log %||% if (type == "training") "y" else ""
  check_log_axes(log, call = call)
  for (a in c("main", "xlab", "ylab")) fc_check_label(get(a), a, call)
  if (!is.null(col)) {
    if (!is.atomic(col) || !length(col))
      rec_abort(sprintf("`col` must be colours (names such as \"red\" or \"#rrggbb\"), not %s.",
                        describe(col)), call = call)
    for (cc in col) fc_check_colour(cc, "col", call)
  }
  xlim <- fc_check_lim(xlim, "xlim", call)
  ylim <- fc_check_lim(ylim, "ylim", call)
  if (type == "training") return(fc_plot_training(x, log, main, xlab, ylab, col, xlim, ylim, call, ...))
  data <- fc_data(x)
  keep <- fc_plot_series(data$names, series, call)
  fits <- fc_fitted_list(x)
  panels <- unlist(lapply(keep, function(j) lapply(seq_along(data$columns), function(c) c(j, c))),
                   recursive = FALSE)
  if (length(panels) > 1L) {
    old <- graphics::par(mfrow = grDevices::n2mfrow(length(panels)), mar = c(3, 4, 3, 1))
    on.exit(graphics::par(old))
  }
  for (pc in panels) {
    j <- pc[1]; c <- pc[2]
    lab <- if (length(data$columns) > 1) data$columns[c] else data$names[j]
    y <- data$y[[j]][, c]
    tt <- fc_series_times(data, j)
    dated <- inherits(tt, c("Date", "POSIXct"))
    ses <- fc_session_cal(data$calendars[[j]]$cal)
    tx <- fc_plot_x(tt, ses)
    graphics::plot(tx, y, type = "l", log = log, xaxt = if (dated) "n" else "s",
                   main = main %||% if (length(panels) > 1) lab else
                     fc_title_fit(fc_fit_title(x)), xlab = xlab %||% "Time",
                   ylab = ylab %||% if (length(panels) > 1) "" else lab,
                   xlim = fc_plot_x(xlim, ses), ylim = ylim, ...)
    if (dated) fc_time_axis(tt, ses)
    graphics::lines(tx, fits[[j]][, c], col = if (is.null(col)) "#1f5fa8" else col[1])
  }
  invisible(x)
}

# The default title of plot(fit): what forecasts, short enough for a plot.
fc_fit_title <- function(x) {
  t <- sprintf("One-step fitted values: %s", fc_method(x))
  if (nchar(t) > 70L) t <- sub(" \\[[^]]*\\]$", "", t)
  if (nchar(t) > 70L) t <- sprintf("One-step fitted values (%s fit)", fc_kind_label(x))
  t
}

# A default title `t` that fits the width of the current device's figure
# (measured at the title's size and font): as it is, else without its
# settings ("[lookback ...]"), else wrapped onto two lines, else cut with
# "...". Opens the device the plot would open anyway.
fc_title_fit <- function(t) {
  avail <- 0.95 * graphics::par("fin")[1]
  fits <- function(s) all(graphics::strwidth(strsplit(s, "\n", fixed = TRUE)[[1]], units = "inches",
                                            cex = graphics::par("cex.main"),
                                            font = graphics::par("font.main")) <= avail)
  fc_title_shorten(t, fits)
}

# The first of `t`, `t` without a trailing "[...]", `t` wrapped onto two
# lines, or `t` cut with "..." that `fits()` (a test of a title) accepts.
fc_title_shorten <- function(t, fits) {
  if (fits(t)) return(t)
  t <- sub(" \\[[^]]*\\]$", "", t)
  if (fits(t)) return(t)
  w <- strwrap(t, width = ceiling(nchar(t) / 2) + 1L)
  two <- paste(c(w[1], paste(w[-1], collapse = " ")), collapse = "\n")
  if (length(w) >= 2L && fits(two)) return(two)
  for (n in seq(nchar(t) - 1L, 8L, by = -1L)) {
    cut <- paste0(trimws(substr(t, 1L, n)), "...")
    if (fits(cut)) return(cut)
  }
  cut
}

# The x axis of a plot whose times are dates or date-times like `tt` (their
# class and time zone): ticks at round dates over the plot's range, labelled
# by pretty()'s date methods (months across a new year, where axis.Date()
# labels a single month).
fc_time_axis <- function(tt, ses = NULL) {
  if (!is.null(ses)) return(fc_session_axis(ses))
  usr <- graphics::par("usr")[1:2]
  r <- if (inherits(tt, "Date")) structure(usr, class = "Date") else
    .POSIXct(usr, tz = attr(tt, "tzone"))
  at <- pretty(r, n = 6L)
  lab <- attr(at, "labels") %||% format(at)
  keep <- at >= r[1] & at <= r[2]
  graphics::axis(1, at = as.numeric(at)[keep], labels = lab[keep])
}

# The calendar `cal` when it is one of trading or opening hours (its x axis
# counts bars, so that nights and closed days take no room), else NULL.
fc_session_cal <- function(cal) if (is.list(cal) && !is.null(cal$session)) cal

# Plot x positions of times (or of an axis range given as times or numbers):
# the bar numbers of a session calendar, else the times as numbers.
fc_plot_x <- function(times, ses = NULL) {
  if (is.null(times)) return(NULL)
  if (is.null(ses)) return(as.numeric(times))
  if (!inherits(times, "POSIXct")) times <- .POSIXct(as.numeric(times), tz = ses$tz)
  cal_pos(ses, times)
}

# The x axis of a session calendar's plot: a tick at the first bar of each
# day in range (at most about 8 labelled), labelled with its date.
fc_session_axis <- function(ses) {
  usr <- graphics::par("usr")[1:2]
  nb <- length(ses$session$tods)
  ob <- cal_session_bar(ses, ses$origin)   # plot x is the bar number minus this
  first <- nb * ceiling((usr[1] + ob) / nb) - ob
  if (first > usr[2]) {
    # less than a day in view: a few bars, labelled with their time
    at <- unique(round(pretty(usr, n = 5L)))
    at <- at[at >= usr[1] & at <= usr[2]]
    return(graphics::axis(1, at = at, labels = format(cal_at(ses, at), "%H:%M")))
  }
  at <- seq(first, usr[2], by = nb)
  at <- at[seq(1, length(at), by = max(1L, ceiling(length(at) / 8)))]
  graphics::axis(1, at = at, labels = format(cal_at(ses, at), "%b %d"))
}

# The graphical parameters in `...` of a plot method `fun`: names that are
# neither graphical parameters (par()) nor arguments of plot.default() are an
# error naming them (R would warn "... is not a graphical parameter" once per
# element drawn, or fail inside).
fc_check_plot_dots <- function(dots, fun, call) {
  if (!length(dots)) return(invisible())
  nm <- names(dots) %||% rep("", length(dots))
  known <- c(names(graphics::par(no.readonly = FALSE)), names(formals(graphics::plot.default)),
             "lend", "ljoin", "lmitre")
  bad <- nm[!nzchar(nm) | !nm %in% known]
  if (!length(bad)) return(invisible())
  bad[!nzchar(bad)] <- "(unnamed)"
  rec_abort(sprintf(paste0("unknown argument%s %s to %s(); besides its own arguments it takes ",
                           "graphical parameters (see ?par), such as lwd, lty, cex, las."),
                    if (length(bad) > 1) "s" else "", paste0("`", bad, "`", collapse = ", "), fun),
            class = "recurrent_error_unknown_argument", call = call)
}

# A ggplot2 title: wrapped onto lines of at most 60 characters (ggplot2 does
# not wrap; 60 fit a 480-pixel plot at its default size).
fc_title_wrap <- function(t) paste(strwrap(t, width = 60L), collapse = "\n")

# The series of a plot of a fit or forecast (`what`) whose series are `nm`:
# the indices of `series` (names or numbers, up to 16), or of the first 4.
fc_plot_series <- function(nm, series, call, what = "fit") {
  if (is.null(series)) return(seq_len(min(4L, length(nm))))
  idx <- if (is.numeric(series) && !anyNA(series) && all(series >= 1 & series <= length(nm) &
                                                          series == round(series)))
    as.integer(series) else if (is.character(series)) match(series, nm) else NA
  if (!length(idx) || anyNA(idx) || length(idx) > 16L)
    rec_abort(sprintf("`series` must name up to 16 series of the %s (e.g. \"%s\"), not %s.",
                      what, nm[1], describe(series)), call = call)
  idx
}

# plot(fit, type = "training").
fc_plot_training <- function(x, log, main, xlab, ylab, col, xlim, ylim, call, ...) {
  nets <- fc_networks(x)
  if (!length(nets))
    rec_abort(sprintf("this fit (%s) trained no network to show the training of; use plot(fit) or plot its forecast.",
                      fc_kind_label(x)), call = call)
  hs <- lapply(nets, `[[`, "history")
  kept <- fc_training_table(nets)
  vals <- unlist(lapply(hs, function(d) c(d$loss, d$val_loss)))
  vals <- c(vals, kept$val_loss)
  vals <- vals[is.finite(vals) & (log != "y" | vals > 0)]
  ep <- range(c(unlist(lapply(hs, `[[`, "epoch")), kept$best_epoch), na.rm = TRUE)
  cols <- if (is.null(col)) grDevices::hcl.colors(max(2, length(hs)), "Dark 3") else
    rep_len(col, length(hs))
  xr <- xlim %||% ep
  yr <- ylim %||% range(vals)
  if (log == "y" && yr[1] <= 0)
    rec_abort(sprintf("`ylim` must be positive on the log axis of the training plot, not %s; use `log = \"\"`.",
                      paste(format(yr), collapse = " to ")), call = call)
  graphics::plot(NA, xlim = xr, ylim = yr, log = log, xlab = xlab %||% "Epoch",
                 ylab = ylab %||% "Loss (scaled change)",
                 main = main %||% sprintf("Training of %d network%s", length(hs),
                                          if (length(hs) > 1) "s" else ""),
                 ...)
  has_val <- FALSE
  for (r in seq_along(hs)) {
    d <- hs[[r]]
    if (is.null(d)) next
    graphics::lines(d$epoch, d$loss, col = cols[r], lwd = 1.5)
    if (!is.null(d$val_loss) && any(is.finite(d$val_loss))) {
      has_val <- TRUE
      graphics::lines(d$epoch, d$val_loss, col = cols[r], lty = 2, lwd = 1.5)
      # the epoch rnn_train() kept (0: the untrained start)
      graphics::points(kept$best_epoch[r], kept$val_loss[r], col = cols[r], pch = 19)
    }
  }
  pts <- do.call(rbind, lapply(hs, function(d) cbind(d$epoch, c(d$loss), c(d$val_loss %||% NA))))
  py <- c(pts[, 2], pts[, 3])
  if (log == "y") py <- log(pmax(py, 1e-300))
  labels <- c("training", if (has_val) c("validation", "best (kept)"))
  place <- fc_legend_place(c(pts[, 1], pts[, 1]), py, py, xr, if (log == "y") log(yr) else yr, labels)
  fc_legend(place, legend = labels,
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
  cl <- fc_forecast_calendar(object)
  dated <- !is.null(object$times) && !is.null(cl) && length(cl$times) == length(hy)
  th <- if (dated) cl$times else as.numeric(stats::time(hy))
  tf <- if (dated) object$times else as.numeric(stats::time(object$mean))
  keep <- utils::tail(seq_along(hy), include)
  hist <- data.frame(time = th[keep], value = as.numeric(hy)[keep])
  lo <- fc_plain(object$lower); up <- fc_plain(object$upper)
  bands <- do.call(rbind, lapply(seq_along(object$level), function(l)
    data.frame(time = tf, lower = lo[, l], upper = up[, l],
               level = factor(paste0(object$level[l], "%"),
                              levels = paste0(sort(object$level, decreasing = TRUE), "%")))))
  list(history = hist, mean = data.frame(time = tf, value = as.numeric(object$mean)),
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
  fc_need_ggplot2(call)
  fc_check_forecast(object, "object", call)
  d <- fc_forecast_frames(object, include, call)
  fc_gg_layers(d, linewidth = 0.9) +
    ggplot2::labs(title = fc_title_wrap(paste("Forecasts from", object$method)), x = "Time",
                  y = object$series %||% NULL)
}

# The autoplot() methods need ggplot2 (a Suggests): a classed error without it.
fc_need_ggplot2 <- function(call) {
  if (!requireNamespace("ggplot2", quietly = TRUE))
    rec_abort("autoplot() needs the ggplot2 package; install it or use plot().",
              class = "recurrent_error_needs_package", call = call)
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
  fc_need_ggplot2(call)
  fc_check_forecast(object, "object", call)
  parts <- lapply(names(object$forecast), function(nm) {
    d <- fc_forecast_frames(object$forecast[[nm]], include, call)
    lapply(d, function(df) { df$series <- rep(nm, nrow(df)); df })
  })
  d <- lapply(c("history", "mean", "bands"), function(w) {
    df <- do.call(rbind, lapply(parts, `[[`, w))
    # panels in the order of the series' columns, not alphabetical
    df$series <- factor(df$series, levels = names(object$forecast))
    df
  })
  names(d) <- c("history", "mean", "bands")
  fc_gg_layers(d) +
    ggplot2::facet_wrap(ggplot2::vars(.data$series), scales = "free_y") +
    ggplot2::labs(title = fc_title_wrap(paste("Forecasts from", object$method[1])), x = "Time", y = NULL)
}

#' @rdname autoplot.rnn_forecast
#' @param type For a fit: `"fit"` (the series and the one-step fitted values,
#'   one panel per series, at most 16) or `"training"` (the networks' loss per
#'   epoch).
#' @exportS3Method ggplot2::autoplot
autoplot.rnn_fit <- function(object, type = c("fit", "training"), ...) {
  call <- sys.call()
  fc_check_fit(object, call = call)
  fc_need_ggplot2(call)
  type <- check_choice(type, c("fit", "training"), "type", call = call)
  if (type == "fit") {
    data <- fc_data(object)
    fits <- fc_fitted_list(object)
    keep <- seq_len(min(16L, length(data$names)))
    d <- do.call(rbind, lapply(keep, function(j) {
      # dates stay dates (the series of one fit share a calendar)
      tt <- fc_series_times(data, j)
      do.call(rbind, lapply(seq_along(data$columns), function(c) {
        lab <- if (length(data$columns) > 1) data$columns[c] else data$names[j]
        rbind(data.frame(time = tt, value = data$y[[j]][, c], what = "observed", series = lab),
              data.frame(time = tt, value = fits[[j]][, c], what = "fitted", series = lab))
      }))
    }))
    d$series <- factor(d$series, levels = unique(d$series))
    g <- ggplot2::ggplot(d, ggplot2::aes(x = .data$time, y = .data$value, colour = .data$what)) +
      ggplot2::geom_line(na.rm = TRUE) +
      ggplot2::scale_colour_manual(values = c(observed = "black", fitted = "#1f5fa8"), name = NULL) +
      ggplot2::labs(title = fc_title_wrap(fc_fit_title(object)), x = "Time", y = NULL)
    if (nlevels(d$series) > 1L) g <- g + ggplot2::facet_wrap(ggplot2::vars(.data$series), scales = "free_y")
    return(g)
  }
  nets <- fc_networks(object)
  if (!length(nets))
    rec_abort(sprintf("this fit (%s) trained no network to show the training of; use autoplot(fit).",
                      fc_kind_label(object)), call = call)
  d <- do.call(rbind, lapply(seq_along(nets), function(r) {
    hst <- nets[[r]]$history
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

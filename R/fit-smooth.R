# Forecasting layer, kind "smooth": exponential smoothing of each series
# (forecast-smooth.R: additive errors on the log scale or the original one,
# the weighted average of a model without a trend and one with a damped
# trend, seasonal states). It forecasts on its own with the intervals of its
# state space models (their bounds averaged likewise), and is the member that the default
# averages with a pretrained network (fit-combination.R). `models` holds one
# fc_smooth_fit() per series, NULL for a series too short (fewer than 5
# values) or whose estimation failed: it is forecast by its last value; in a
# default fit, fc_smooth_last() for a series whose last value forecast its
# held-out windows far better than its models.

new_rnn_smooth <- function(data, models, call, skipped = character(0), selection = NULL) {
  x <- c(fc_envelope(data, call, skipped, selection), list(models = models))
  structure(x, class = c("rnn_smooth", "rnn_fit"))
}

# The smoothing models of every series of a store.
fc_smooth_models <- function(data) {
  freq <- fc_series_frequency(data)
  lapply(data$y, function(y) fc_smooth_fit(y[, 1], freq))
}

#' @export
#' @noRd
fc_validate.rnn_smooth <- function(x, at = "") {
  p <- fc_validate_envelope(x, at)
  if (!is.null(p)) return(p)
  ns <- fc_n_series(x)
  if (!is.list(x$models) || length(x$models) != ns)
    return(sprintf("`%smodels` must hold a smoothing model (or NULL) for each of the %d series", at, ns))
  for (j in seq_len(ns)) {
    sm <- x$models[[j]]
    if (!fc_smooth_intact(sm) || !is.null(sm) && sm$n != nrow(x$data$y[[j]]))
      return(sprintf("`%smodels[[%d]]` must be the smoothing model of series \"%s\"", at, j,
                     x$data$names[j]))
  }
  if (length(x$data$columns) != 1L) return(sprintf("`%sdata` must be series of one column", at))
  NULL
}

# Variance factor of the h-step forecast error of one member `f` of a
# smoothing model with m seasons (in units of its one-step variance): 1 +
# sum_{j < h} c_j^2 with c_j = alpha + beta phi_j + gamma [j multiple of m],
# phi_j = phi + ... + phi^j (Hyndman et al., Forecasting with Exponential
# Smoothing, 2008, class 1).
fc_smooth_variance <- function(f, m, h) {
  a <- f$par[1]; b <- f$par[2]; g <- f$par[3]; phi <- f$par[4]
  j <- seq_len(max(0L, h - 1L))
  phij <- if (f$trend == "Ad") cumsum(phi^j) else numeric(length(j))
  cj <- a + b * phij + g * (j %% m == 0)
  1 + c(0, cumsum(cj^2))[seq_len(h)]
}

#' @export
#' @noRd
fc_parts.rnn_smooth <- function(x, h, level, newxreg = NULL) {
  z <- stats::qnorm((1 + level / 100) / 2)
  lapply(seq_along(x$models), function(j) {
    sm <- x$models[[j]]
    if (is.null(sm)) {
      # the last value, with a random walk's widths
      y <- x$data$y[[j]][, 1]
      mu <- rep(y[length(y)], h)
      s <- if (length(y) > 1) sqrt(mean(diff(y)^2)) else abs(y) + 1
      half <- outer(s * sqrt(seq_len(h)), z)
      lo <- mu - half
      up <- mu + half
    } else {
      # each member's bounds on its scale, mapped back and averaged with the
      # forecasts' weights
      mu <- fc_smooth_forecast(sm, h)
      back <- fc_smooth_back(sm)
      bound <- function(sign) fc_smooth_mix(sm, function(f)
        back(fc_smooth_path(f, sm$m, sm$n, h) +
               sign * outer(sqrt(f$sigma2 * fc_smooth_variance(f, sm$m, h)), z)))
      lo <- bound(-1)
      up <- bound(1)
    }
    list(mean = matrix(mu), lower = array(lo, c(h, 1, length(level))),
         upper = array(up, c(h, 1, length(level))))
  })
}

#' @export
#' @noRd
fc_fitted_list.rnn_smooth <- function(x) {
  lapply(seq_along(x$models), function(j) {
    sm <- x$models[[j]]
    y <- x$data$y[[j]][, 1]
    if (is.null(sm)) return(matrix(c(NA, y[-length(y)])))
    matrix(fc_smooth_fitted(sm))
  })
}

#' @export
#' @noRd
fc_refresh.rnn_smooth <- function(x, data, epochs, lr, call) {
  # a series forecast by its last value (fc_smooth_last()) stays so, by key
  span <- stats::setNames(lapply(x$models, function(sm) sm$last), x$data$names)
  models <- fc_smooth_models(data)
  for (j in seq_along(data$names)) {
    sp <- span[[data$names[j]]]
    if (!is.null(sp)) models[[j]] <- fc_smooth_last(data$y[[j]][, 1], sp)
  }
  x$models <- models
  x$data <- data
  x
}

#' @export
#' @noRd
fc_lines.rnn_smooth <- function(x) {
  ok <- !vapply(x$models, is.null, NA)
  if (fc_n_series(x) == 1L)
    return(c(model = if (ok) fc_smooth_label(x$models[[1]]) else
      "the last value (too few observations for exponential smoothing)"))
  last <- vapply(x$models, function(sm) !is.null(sm$last), NA)
  ok <- ok & !last
  if (all(ok)) return(c(model = "exponential smoothing of each series"))
  why <- c(if (any(last)) sprintf("%d far better so on their held-out windows", sum(last)),
           if (any(!ok & !last)) sprintf("%d too short for smoothing", sum(!ok & !last)))
  c(model = sprintf("exponential smoothing of %d of %d series; the others their last value (%s)",
                    sum(ok), length(ok), paste(why, collapse = ", ")))
}

#' @export
#' @noRd
fc_method.rnn_smooth <- function(x) {
  if (length(x$models) == 1L && !is.null(x$models[[1]]$last)) "Last value (random walk)" else
    "Exponential smoothing"
}

#' @export
#' @noRd
fc_horizon.rnn_smooth <- function(x) fc_default_horizon(fc_series_frequency(x$data))

#' @export
#' @noRd
fc_networks.rnn_smooth <- function(x) list()

#' @export
#' @noRd
fc_terms.rnn_smooth <- function(x) {
  out <- do.call(rbind, lapply(seq_along(x$models), function(j) {
    sm <- x$models[[j]]
    if (is.null(sm)) return(NULL)
    # per member: "N:weight", "N:alpha", ...; the parameters it has (beta
    # and phi for the damped trend, gamma for a season)
    do.call(rbind, lapply(seq_along(sm$members), function(i) {
      f <- sm$members[[i]]
      keep <- c(TRUE, f$trend == "Ad", sm$m > 1L, f$trend == "Ad")
      data.frame(series = x$data$names[j],
                 term = paste0(f$trend, ":", c("weight", c("alpha", "beta", "gamma", "phi")[keep])),
                 estimate = c(sm$weights[[i]], unname(f$par[keep])))
    }))
  }))
  if (!is.null(out)) rownames(out) <- NULL
  out
}

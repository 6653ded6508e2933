# Forecasting layer, kind "seasonal": the default for high-frequency series
# (hourly, half-hourly and other sub-daily, daily and business-day data) of
# one column, with covariates or not (with them, the model of what their
# regression leaves: forecast-covariates.R). Per series a statistical model
# (forecast-seasonal.R): a series that drifts like a price gets the random
# walk with intervals that follow recent volatility; any other gets the
# direct seasonal regression (persistence, the same hour yesterday and last
# week, the daily profile), the MSTL-like decomposition with an
# autoregression on its differences (weekly data: or its smoothed level),
# or their average, whichever forecasts its own rolling origins better, with
# intervals from those origins' errors.
# No network is trained: on the held-out series of bench/highfreq.R the
# networks of the local model did not beat these (bench/README.md,
# "High-frequency data"); rnn_fit(y, pretrained = "none") trains them.
#
#   models   list [ns] of fc_seasonal_fit() results
#   horizon  the steps the models were fitted for (predict() beyond it
#            refits the model for the longer horizon)

new_rnn_seasonal <- function(data, models, horizon, call, skipped = character(0),
                             selection = NULL) {
  x <- c(fc_envelope(data, call, skipped, selection),
         list(models = models, horizon = as.integer(horizon)))
  structure(x, class = c("rnn_seasonal", "rnn_fit"))
}

# The models of every series of a store for horizon h; with covariates
# (`data$xreg`), each the seasonal model of what their regression leaves
# (`covariates`: fc_covariate_fit(); forecast-covariates.R).
fc_seasonal_models <- function(data, h) {
  idx <- seq_along(data$y)
  # the fit's progress bar (progressr) advances series by series, wherever
  # they are fitted
  tick <- rec_fit_ticker(length(idx))
  one <- function(j) {
    cov <- if (!is.null(data$xreg))
      fc_covariate_fit(data$y[[j]][, 1], data$xreg[[j]], fc_seasonal_periods(data, j))
    m <- fc_seasonal_model(data, j, h, cov)
    tick(message = data$names[j])
    m
  }
  # many series under a parallel future plan: spread over its workers (the
  # model draws no random numbers, so the values are those of the loop)
  if (length(idx) > 1L && requireNamespace("future.apply", quietly = TRUE) &&
      !inherits(future::plan(), "sequential"))
    return(future.apply::future_lapply(idx, one, future.seed = NULL, future.packages = "recurrent"))
  lapply(idx, one)
}

# The seasonal model of series j of a store for horizon h, given its
# covariates' regression `cov` (NULL without): fitted to what `cov` leaves,
# and carrying `cov`. fc_parts() refits it so beyond the fitted horizon.
fc_seasonal_model <- function(data, j, h, cov) {
  y <- fc_seasonal_target(data$y[[j]][, 1], cov, data$xreg[[j]])
  m <- fc_seasonal_fit(y, fc_seasonal_periods(data, j), h, weekly = fc_weekly_steps(data, j),
                       daily = fc_daily_steps(data, j), subhourly = fc_subhourly_steps(data, j),
                       made = fc_made_up(data, j))
  m$covariates <- cov
  m
}

# What the seasonal model of series y [n] forecasts: y less the part of its
# covariates X [n, q] (y itself without covariates).
fc_seasonal_target <- function(y, cov, X) if (is.null(cov)) y else y - fc_covariate_part(cov, X)

# Which values of series j were made up (interpolated: fc_fill_input()), as a
# logical [N_j]; NULL when none (or the input had no timestamps).
fc_made_up <- function(data, j) {
  cal <- data$calendars[[j]]
  if (is.null(cal) || !isTRUE(cal$dated) || !length(cal$filled)) return(NULL)
  cal$times %in% cal$filled
}

# Whether series j is dated daily data (one step a day): its seasonal model
# has the harmonic regressions among its members (fc_seasonal_fit()).
fc_daily_steps <- function(data, j) {
  cal <- data$calendars[[j]]
  !is.null(cal) && isTRUE(cal$dated) && identical(cal$cal$unit, "day")
}

# Whether series j's steps are shorter than an hour (dated data in seconds or
# minutes, or a ts whose frequency is a whole number of 48: a day or a week
# of half-hourly or finer steps): its intervals have width factors of their
# own (fc_width_factor()).
fc_subhourly_steps <- function(data, j) fc_finer_steps(data, j, c("sec", "min"), 48)

# Whether series j's steps are shorter than a day (dated data in seconds,
# minutes or hours, or a ts whose frequency is a whole number of 24: a day or
# a week of hourly or finer steps): the intervals of its network model scale
# with the root of the recent volatility (fc_vol_power()).
fc_subdaily_steps <- function(data, j) fc_finer_steps(data, j, c("sec", "min", "hour"), 24)

# Whether series j's steps are finer than a calendar unit: dated data in one
# of `units`, or a ts whose frequency is a whole number (at least 1) of
# `per`, the steps of the unit in a day.
fc_finer_steps <- function(data, j, units, per) {
  cal <- data$calendars[[j]]
  if (!is.null(cal) && isTRUE(cal$dated)) return(cal$cal$unit %in% units)
  f <- round(fc_series_frequency(data))
  f >= per && f %% per == 0
}

# Whether series j's steps are weeks (dated weekly data, or a ts of frequency
# 52 or 53 without dates): the seasonal model of such a series may forecast
# its decomposition by the smoothed level, and its intervals have factors of
# their own (fc_seasonal_fit(), fc_width_factor()).
fc_weekly_steps <- function(data, j) {
  cal <- data$calendars[[j]]
  if (!is.null(cal) && isTRUE(cal$dated)) return(identical(cal$cal$unit, "week"))
  round(fc_series_frequency(data)) %in% c(52, 53)
}

# Whether rnn_fit()'s default for `data` is the seasonal kind: one column
# (covariates or not), and a calendar of sub-daily, daily, business-day or
# weekly steps (or, without timestamps, a ts of frequency 5, 7 or at least
# 24).
fc_is_high_frequency <- function(data) {
  if (length(data$columns) != 1L) return(FALSE)
  cal <- data$calendars[[1]]
  if (!is.null(cal) && isTRUE(cal$dated))
    return(cal$cal$unit %in% c("sec", "min", "hour", "day", "bday", "week"))
  fc_high_frequency(fc_series_frequency(data))
}

# Whether a ts frequency is that of high-frequency data: daily (7),
# business days (5), weekly (52) or sub-daily (24 and above).
fc_high_frequency <- function(freq) freq %in% c(5, 7) || freq >= 24

# The seasonal kind when rnn_fit()'s default applies to `data` (high-frequency
# series, `pretrained = "auto"`, no argument of the network model) and the
# series are long enough for it; else NULL (the network model's recipes).
fc_try_seasonal <- function(data, st, call) {
  if (st$pretrained != "auto" || length(st$local_args) || !fc_is_high_frequency(data)) return(NULL)
  if (!is.null(data$xreg) && fc_drifts_like_price(data)) return(NULL)
  tryCatch(fc_fit_seasonal(data, st, call), recurrent_error_too_short = function(e) NULL)
}

# Whether the one series of `data` shows no cycle and drifts like a random
# walk (a price), as fc_seasonal_fit() tests it: a regression of its level
# on covariates would be spurious (two random walks seem related), so with
# `xreg` such a series keeps the network model, which learns changes.
fc_drifts_like_price <- function(data) {
  periods <- fc_seasonal_periods(data, 1L)
  y <- data$y[[1]][, 1]
  y <- y[(length(y) - fc_seasonal_context(length(y), periods) + 1L):length(y)]
  fc_random_walk_like(y, fc_shown_periods(y, periods), periods)
}

# rnn_fit(y) for high-frequency data: the seasonal kind at the horizon asked
# for (else the frequency's default).
fc_fit_seasonal <- function(data, st, call) {
  h <- st$horizon %||% fc_default_horizon(fc_series_frequency(data))
  ns <- length(data$y)
  rec_fit_stage(sprintf("seasonal model (horizon %d)%s", h,
                        if (ns > 1L) paste(" of", fc_count(ns, "series")) else ""), 1)
  models <- fc_seasonal_models(data, h)
  new_rnn_seasonal(data, models, h, call,
                   selection = list(choice = "seasonal", reason = fc_seasonal_networks_line))
}

#' @export
#' @noRd
fc_validate.rnn_seasonal <- function(x, at = "") {
  p <- fc_validate_envelope(x, at)
  if (!is.null(p)) return(p)
  ns <- fc_n_series(x)
  H <- x$horizon
  if (!(is.integer(H) && length(H) == 1L && !is.na(H) && H >= 1L))
    return(sprintf("`%shorizon` must be a positive whole number", at))
  if (length(x$data$columns) != 1L) return(sprintf("`%sdata` must be series of one column", at))
  if (!is.list(x$models) || length(x$models) != ns)
    return(sprintf("`%smodels` must hold a model for each of the %d series", at, ns))
  for (j in seq_len(ns)) {
    m <- x$models[[j]]
    n <- nrow(x$data$y[[j]])
    ok <- is.list(m) && isTRUE(m$type %in% c("seasonal", "random walk")) && identical(m$h, H) &&
      is.numeric(m$context) && length(m$context) == 1L && m$context >= 2 && m$context <= n &&
      (is.null(m$weekly) || isTRUE(m$weekly) || isFALSE(m$weekly)) &&
      (is.null(m$daily) || isTRUE(m$daily) || isFALSE(m$daily)) &&
      (is.null(m$subhourly) || isTRUE(m$subhourly) || isFALSE(m$subhourly)) &&
      (is.null(m$harmonic) || (is.numeric(m$harmonic) && all(m$harmonic >= 2)))
    if (ok && m$type == "seasonal")
      ok <- is.numeric(m$mean) && length(m$mean) == H && all(is.finite(m$mean)) &&
        is.matrix(m$scaled) && ncol(m$scaled) == H && all(is.finite(m$scaled)) &&
        (is.null(m$origin_vol) || (is.numeric(m$origin_vol) && length(m$origin_vol) == nrow(m$scaled))) &&
        length(m$fitted) == n && is.numeric(m$vol) && length(m$vol) == 1L && is.finite(m$vol) &&
        m$vol >= 0 && is.numeric(m$widen) && length(m$widen) == H && all(is.finite(m$widen)) &&
        is.numeric(m$weights) && length(m$weights) %in% 1:6 && all(m$weights >= 0) &&
        isTRUE(all.equal(sum(m$weights), 1)) && identical(names(m$weights), names(m$mae))
    if (!ok) return(sprintf("`%smodels[[%d]]` must be the seasonal model of series \"%s\" at horizon %d",
                            at, j, x$data$names[j], H))
    cov <- m$covariates
    X <- x$data$xreg[[j]]
    q <- NCOL(X)
    if (!is.null(cov) || !is.null(X)) {
      ok <- is.list(cov) && !is.null(X) && identical(cov$names, colnames(X)) &&
        all(vapply(cov[c("lo", "hi", "center")], function(v) is.numeric(v) && length(v) == q &&
                     all(is.finite(v)), NA)) && all(cov$lo <= cov$hi) &&
        is.numeric(cov$coef) && length(cov$coef) == 2L * q && all(is.finite(cov$coef))
      if (!ok) return(sprintf(paste0("`%smodels[[%d]]$covariates` must be the regression of series ",
                                     "\"%s\" on its covariates (`xreg`)"), at, j, x$data$names[j]))
    }
  }
  NULL
}

#' @export
#' @noRd
fc_parts.rnn_seasonal <- function(x, h, level, newxreg = NULL) {
  lapply(seq_along(x$models), function(j) {
    m <- x$models[[j]]
    y <- fc_seasonal_target(x$data$y[[j]][, 1], m$covariates, x$data$xreg[[j]])
    # beyond the fitted horizon: the same model fitted for the longer one
    # (a series too short for it is told how to get a model of that horizon)
    if (h > x$horizon) m <- withCallingHandlers(fc_seasonal_model(x$data, j, h, m$covariates),
      recurrent_error_too_short = function(e)
        rec_abort(paste0(conditionMessage(e), sprintf(paste(
          " predict() beyond the fitted horizon (%d) fits the seasonal model again for h = %d;",
          "for a forecast that far, fit for it: rnn_fit(y, horizon = %d) (a network model when",
          "the series is too short for the seasonal one)."), x$horizon, h, h)),
          class = "recurrent_error_too_short", call = NULL))
    f <- fc_seasonal_forecast(m, y, h, level)
    # the covariates' part at the forecast steps, added to the point
    # forecast and its bounds alike (newxreg [h, q])
    add <- if (is.null(m$covariates)) 0 else fc_covariate_part(m$covariates, newxreg)
    list(mean = matrix(f$mean + add), lower = array(f$lower + add, c(h, 1, length(level))),
         upper = array(f$upper + add, c(h, 1, length(level))))
  })
}

#' @export
#' @noRd
fc_fitted_list.rnn_seasonal <- function(x) {
  lapply(seq_along(x$models), function(j) {
    m <- x$models[[j]]
    # the covariates' part [n] (0 without), and the series less it, which
    # the model fitted
    add <- if (is.null(m$covariates)) 0 else fc_covariate_part(m$covariates, x$data$xreg[[j]])
    y <- x$data$y[[j]][, 1] - add
    matrix(add + if (m$type == "seasonal") m$fitted else c(NA, y[-length(y)]))
  })
}

#' @export
#' @noRd
fc_refresh.rnn_seasonal <- function(x, data, epochs, lr, call) {
  if (!is.null(x$data$xreg)) fc_refuse_newdata_xreg(call)
  x$models <- fc_seasonal_models(data, x$horizon)
  x$data <- data
  x
}

# The members of a seasonal model m that forecast, in words: "direct
# seasonal regression", "average of MSTL + AR on differences and harmonic
# regression + AR on differences", "average of A, B and C" (commas: the
# members' own names hold "and")
fc_seasonal_members_text <- function(m) {
  what <- c(direct = "direct seasonal regression", mstl = "MSTL + AR on differences",
            mstl_es = "MSTL + smoothed level", fourier = "harmonic regression + AR on differences",
            fourier_level = "harmonic regression + AR about the level",
            snaive_week = "the value a week before (seasonal naive at a week)",
            mean = "the mean (noise about a level)")
  if (!length(m$shown)) what[["mstl"]] <- "AR on differences"
  parts <- names(m$weights)[m$weights > 0]
  n <- length(parts)
  if (n == 1L) return(what[[parts]])
  paste0("average of ", paste(what[parts[-n]], collapse = ", "), " and ", what[[parts[n]]])
}

# What the model of one series is, in words.
fc_seasonal_label <- function(m) {
  if (m$type == "random walk")
    return(paste("random walk (the last value): no cycle shown, values drift apart as a random walk's;",
                 "intervals follow recent volatility"))
  # the harmonic members may fit the year that the cycles do not show
  unshown_year <- 365.25 %in% m$harmonic && !365L %in% m$shown &&
    any(m$weights[c("fourier", "fourier_level")] > 0, na.rm = TRUE)
  # weekly data's harmonic members fit the year at its 52.18 weeks, not 52
  weekly_year <- isTRUE(m$weekly) && length(m$harmonic) &&
    any(m$weights[c("fourier", "fourier_level")] > 0, na.rm = TRUE)
  sprintf("%s; %s%s", fc_seasonal_members_text(m),
          if (length(m$shown)) sprintf("cycles of %s steps%s", paste(m$shown, collapse = " and "),
                                       if (weekly_year) sprintf(" (the harmonic terms at %.2f)", m$harmonic[1]) else "") else
            "no cycle shown",
          if (unshown_year)
            paste("; harmonic terms of the year (365.25 days) too,",
                  if (m$context < 2 * 365 + 1) "too few years to test that cycle" else
                    "though values a year apart do not show it") else "")
}

#' @export
#' @noRd
fc_lines.rnn_seasonal <- function(x) {
  ms <- x$models
  if (fc_n_series(x) == 1L) {
    m <- ms[[1]]
    out <- c(model = fc_seasonal_label(m))
    if (m$type == "seasonal")
      out <- c(out, inputs = paste0(
        if (m$context < nrow(x$data$y[[1]])) sprintf("the last %s", fc_count(m$context, "value")) else "all values",
        if (isTRUE(m$weights["direct"] > 0))
          "; the regression of each step on the last values, the same phase of each cycle, the profile"),
               chosen = sprintf("on %d rolling origins, MAE: %s", nrow(m$scaled),
                                paste(names(m$mae), vapply(m$mae, fc_num, "", flag = ""), collapse = ", ")))
    if (!is.null(m$covariates))
      out <- c(out, covariates = sprintf(paste0(
        "%s (and the square%s), a regression with the cycles as controls, added to the ",
        "seasonal model of what it leaves; forecasts need `newxreg`"),
        paste(m$covariates$names, collapse = ", "), if (length(m$covariates$names) > 1) "s" else ""))
    return(c(out, networks = fc_seasonal_networks_line))
  }
  rw <- vapply(ms, function(m) m$type == "random walk", NA)
  # the forecasting members of the seasonal ones, commonest first:
  # "3 seasonal (2 by direct seasonal regression; 1 by the average of ...)"
  used <- sort(table(vapply(ms[!rw], fc_seasonal_members_text, "")), decreasing = TRUE)
  kinds <- c(sprintf("%d seasonal (%s)", sum(!rw), paste(as.integer(used), "by",
                                                         sub("^average", "the average", names(used)),
                                                         collapse = "; ")),
             sprintf("%d random walk with volatility intervals", sum(rw)))[c(any(!rw), any(rw))]
  c(model = paste("per series:", paste(kinds, collapse = ", ")),
    networks = fc_seasonal_networks_line)
}

fc_seasonal_networks_line <- paste(
  "none trained: on held-out high-frequency series they did not beat this model;",
  "`pretrained = \"none\"` fits them")

#' @export
#' @noRd
fc_method.rnn_seasonal <- function(x) {
  if (fc_n_series(x) > 1L) return("Seasonal direct regression, MSTL or random walk per series")
  m <- x$models[[1]]
  if (m$type == "random walk") return("Random walk (volatility intervals)")
  # the members that forecast, as the print's model line names them
  out <- fc_seasonal_members_text(m)
  paste0(toupper(substring(out, 1, 1)), substring(out, 2))
}

#' @export
#' @noRd
fc_horizon.rnn_seasonal <- function(x) x$horizon

#' @export
#' @noRd
fc_networks.rnn_seasonal <- function(x) list()

#' @export
#' @noRd
fc_terms.rnn_seasonal <- function(x) {
  do.call(rbind, lapply(seq_along(x$models), function(j) {
    m <- x$models[[j]]
    if (m$type != "seasonal") return(NULL)
    cv <- m$covariates
    data.frame(series = x$data$names[j], term = c(paste0("weight_", names(m$weights)),
                                                  paste0("mae_", names(m$mae)),
                                                  if (!is.null(cv)) paste0("xreg_", c(cv$names, paste0(cv$names, "^2")))),
               estimate = unname(c(m$weights, m$mae, cv$coef)))
  }))
}

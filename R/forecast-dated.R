# Forecasting layer, dated input: the calendar module (forecast-calendar.R)
# wired into rnn_fit() and predict(). A series with timestamps (data frame with
# a Date/POSIXct column, zoo/xts, tsibble) or several seasonal periods (msts)
# goes through cal_prepare(); its calendar gives the ts frequency the model
# uses (daily 7, business days 5, hourly 24, ...), the seasonal periods that
# become Fourier covariates, and the timestamps the forecasts carry. Plain
# vectors, matrices, undated data frames and ts objects take the old path
# unchanged (their forecasts are the same as before calendars existed).

# Whether `y` goes through the calendar: it has timestamps or msts periods.
fc_is_calendar_input <- function(y, index = NULL) {
  if (inherits(y, c("tbl_ts", "zoo", "msts"))) return(TRUE)
  if (is.data.frame(y)) {
    return(!is.null(index) ||
             any(vapply(y, function(col) inherits(col, cal_time_classes), logical(1))))
  }
  FALSE
}

# A data frame as rnn_fit() reads one series of it (no `key`): its `value`
# column picked (fc_pick_value()), then a numeric time column made the axis
# of a ts (fc_numeric_index_series()), found without `index` when `detect`
# (at fit time; newer data follow the fit's `index`). Anything else is
# returned as it is. Returns list(y, label (the value column, or NULL),
# index (NULL once it became the ts axis), numeric_index, picked).
fc_read_frame <- function(y, value, index, regularise, detect, name, call) {
  out <- list(y = y, label = NULL, index = index, numeric_index = NULL, picked = FALSE)
  if (!is.null(value) && is.data.frame(y) && !fc_is_many_input(y)) {
    out$y <- fc_pick_value(y, value, index, name, call)
    out$label <- value
    out$picked <- TRUE
  }
  num <- if (detect || !is.null(index))
    fc_numeric_index_series(out$y, index, NULL, regularise, name, call)
  if (!is.null(num)) {
    out$y <- num$y
    out$index <- NULL
    out$numeric_index <- num$index
    out$label <- num$label %||% out$label
  }
  out
}

# One series of a data frame (or a tsibble without keys) with other columns
# beside it (a station's name, other variables): the column `value` with the
# time columns (Date/POSIXct and the like, `index`, or a numeric column in
# equal steps when there is no other time). A column of labels with several
# values beside times that repeat is several series stacked: an error that
# says to name it as `key`.
fc_pick_value <- function(y, value, index, name, call) {
  if (!(is.character(value) && length(value) == 1L && !is.na(value)))
    rec_abort(sprintf("`value` must name the value column of `%s`, not %s.", name, describe(value)),
              call = call)
  if (!value %in% names(y))
    rec_abort(sprintf("`value` is \"%s\", which is no column of `%s`; its columns are %s.", value,
                      name, paste0("`", names(y), "`", collapse = ", ")), call = call)
  timed <- vapply(y, inherits, NA, what = cal_time_classes)
  keep <- names(y) == value | names(y) %in% index | timed
  if (!any(timed) && is.null(index))
    keep <- keep | vapply(y, fc_is_progression, NA)
  labels <- names(y)[!keep & vapply(y, function(v) is.character(v) || is.factor(v), NA)]
  several <- labels[vapply(labels, function(l) length(unique(y[[l]])) > 1L, NA)]
  tcol <- names(y)[keep & names(y) != value]
  if (length(several) && length(tcol) && anyDuplicated(as.data.frame(y)[tcol]))
    rec_abort(sprintf(paste0("`%s` repeats its times, with several values of `%s`: several series ",
                             "stacked? Name their key with `key = \"%s\"`."), name, several[1],
                      several[1]), call = call)
  y[, keep, drop = FALSE]
}

# A data frame whose time is a number (a year column, a step count) as the
# ts of its other columns on that axis (starting at the first time, with
# frequency 1 / step): list(y, index (the time column), label (the value
# column, when one)), or NULL for any other input. The time column is
# `index` when it names a numeric column; without `index`, the one numeric
# column that increases in equal steps (1901, 1902, ...) beside other
# numeric columns and no Date or POSIXct one: left in, it would be
# forecast as one more series.
fc_numeric_index_series <- function(y, index, key, regularise, name, call) {
  if (!is.data.frame(y) || inherits(y, "tbl_ts") || !is.null(key) || ncol(y) < 2L) return(NULL)
  if (any(vapply(y, inherits, NA, what = cal_time_classes))) return(NULL)
  num <- names(y)[vapply(y, function(v) is.numeric(v) && !is.object(v), NA)]
  if (!is.null(index)) {
    if (!(is.character(index) && length(index) == 1L && index %in% num)) return(NULL)
    col <- index
  } else {
    prog <- num[vapply(num, function(cn) fc_is_progression(y[[cn]]), NA)]
    if (length(prog) != 1L || length(num) < 2L) return(NULL)
    col <- prog
  }
  rest <- setdiff(names(y), col)
  if (!all(rest %in% num)) return(NULL)   # other columns: the usual errors
  t <- as.double(y[[col]])
  if (anyNA(t))
    rec_abort(sprintf("the time column `%s` of `%s` has missing values (row%s %s).", col, name,
                      if (sum(is.na(t)) > 1) "s" else "", fc_positions(which(is.na(t)))), call = call)
  o <- order(t)
  if (anyDuplicated(t))
    rec_abort(sprintf("the time column `%s` of `%s` has duplicated times (first: %s); one row per time.",
                      col, name, format(t[anyDuplicated(t)])), call = call)
  d <- fc_index_step(t[o], sprintf("`%s` of `%s`", col, name), regularise, call)
  v <- as.matrix(y[o, rest, drop = FALSE])
  if (length(rest) == 1L) v <- v[, 1]
  list(y = stats::ts(v, start = t[o][1], frequency = 1 / d), index = col,
       label = if (length(rest) == 1L) rest)
}

# Whether x is a numeric column in equal, increasing steps (at least 3
# values): a time axis such as years.
fc_is_progression <- function(x) {
  if (!is.numeric(x) || length(x) < 3L || anyNA(x)) return(FALSE)
  s <- diff(as.double(x))
  s[1] > 0 && all(abs(s - s[1]) <= 1e-8 * max(1, abs(s[1])))
}

# The series for rnn_fit() or newdata: list(ser (as fc_as_series() gives it,
# with the tsp the model uses), calendar (NULL for the old path: cal, meta,
# times, dated), dropped (the leading rows left out: fc_leading_missing())).
fc_input_series <- function(y, index, regularise, name, call, na_action = "error") {
  dated_input <- fc_is_calendar_input(y, index)
  if (!dated_input && !is.null(index))
    rec_abort(sprintf("`index` names a time column of a data frame `%s`, but `%s` is %s.",
                      name, name, describe(y)), call = call)
  # regularising interpolates its empty steps, unless a missing time means 0
  prep <- if (dated_input) cal_prepare(y, index, regularise, call = call, name = name,
                                       fill = regularise && na_action != "zero")
  ser <- fc_as_series(if (dated_input) prep$values else y, name, call)
  # the rows before the first observation are left out (fc_leading_missing())
  k <- fc_leading_missing(ser$Y)
  ser$Y <- fc_drop_rows(ser$Y, k)
  if (!dated_input) {
    ser$tsp[1] <- ser$tsp[1] + k / ser$tsp[3]
    return(list(ser = ser, calendar = NULL, dropped = k))
  }
  times <- prep$times[seq_len(nrow(ser$Y)) + k]
  N <- nrow(ser$Y)
  cal <- prep$cal
  dated <- inherits(prep$times, c("Date", "POSIXct"))
  ser$tsp <- if (dated) c(1, 1 + (N - 1) / cal$frequency, cal$frequency) else
    prep$meta$tsp + c(k / prep$meta$tsp[3], 0, 0)
  ser$kind <- prep$meta$kind
  list(ser = ser, calendar = list(cal = cal, meta = prep$meta, times = times,
                                  dated = dated, filled = prep$filled), dropped = k)
}

# For the missing-value error of several columns forecast jointly: the
# columns whose only missing values open them (a stock listed after the
# others), which `global = FALSE` would forecast each from its own start.
fc_late_hint <- function(Y) {
  if (ncol(Y) < 2L || !anyNA(Y)) return("")
  late <- vapply(seq_len(ncol(Y)), function(j) {
    m <- is.na(Y[, j])
    k <- fc_leading_missing(Y[, j, drop = FALSE])
    k > 0L && !any(m[(k + 1L):length(m)])
  }, NA)
  if (!any(late)) return("")
  cn <- colnames(Y) %||% paste0("column ", seq_len(ncol(Y)))
  sprintf(" (%s start%s later than the others: `global = FALSE` forecasts each column from its own first value)",
          paste0("`", cn[late], "`", collapse = ", "), if (sum(late) == 1L) "s" else "")
}

# The number of leading rows of Y [N, k] that hold no value at all (every
# column NA): a series that starts later than its object (the NA that
# diff() of an xts leaves first, a stock listed after the others' start).
# They are left out whatever `na_action` says: nothing is made up by
# starting the series at its first observation. All of Y missing: 0 (the
# missing-value handling then says so).
fc_leading_missing <- function(Y) {
  obs <- which(rowSums(!is.na(Y)) > 0)
  if (!length(obs)) 0L else obs[1] - 1L
}

# Y [N, k] (or a covariate matrix) without its first k rows.
fc_drop_rows <- function(Y, k) if (k > 0L) Y[-seq_len(k), , drop = FALSE] else Y

# Input `inp` (fc_input_series()) with its missing values handled by
# `na_action` (fc_handle_na(): an error naming them, interpolation, or 0).
# Zeros are the data's own (a missing time means none), so nothing is
# recorded as filled for them and no warning is given.
# Every made-up value, whether its timestamp was inserted (a gap that
# `regularise = TRUE` filled) or its value was missing, is recorded in the
# calendar's `filled` (timestamps) of dated input; the seasonal model does
# not score its rolling origins on them (fc_seasonal_fit()). A run of made-up
# values longer than the calendar's first seasonal period (a day of hourly
# data; 10 steps without a period) is a warning: the model learns from that
# straight line as from data (a month of hourly counts across a sensor's
# outage, for one).
fc_fill_input <- function(inp, na_action, name, call) {
  Y <- inp$ser$Y
  cal <- inp$calendar
  # rows whose timestamp the data did not hold (inserted on the calendar)
  absent <- if (!is.null(cal) && cal$dated && length(cal$filled)) cal$times %in% cal$filled
  made <- rowSums(is.na(Y)) > 0
  if (length(absent)) made <- made | absent
  # the labels (every timestamp formatted) only where a message needs them
  inp$ser$Y <- fc_handle_na(Y, inp$ser$tsp, na_action, name, call, labels = fc_row_labels(cal),
                            absent = absent, hint = fc_late_hint(Y))
  if (!any(made)) return(inp)
  if (na_action == "zero") {
    # zeros are data (no sale in those hours), not values made up across a
    # gap: nothing counts as filled in
    if (!is.null(cal) && cal$dated) inp$calendar$filled <- cal$times[0]
    return(inp)
  }
  if (!is.null(cal) && cal$dated) inp$calendar$filled <- cal$times[made]
  per <- if (!is.null(cal)) cal$cal$periods else inp$ser$tsp[3]
  per <- if (length(per) && per[1] >= 2) floor(per[1]) else 10
  r <- rle(made)
  run <- max(r$lengths[r$values])
  if (run > per) {
    end <- cumsum(r$lengths)[r$values][which.max(r$lengths[r$values])]
    ends <- c(end - run + 1L, end)
    where <- if (is.null(cal) || !cal$dated) sprintf("positions %d to %d", ends[1], ends[2]) else
      paste(cal_format(cal$times[ends], cal$cal), collapse = " to ")
    rec_warn(sprintf(paste0("`%s`: %d values in a row (%s) were interpolated, more than a seasonal ",
                            "cycle (%d steps); the model learns from that straight line as from ",
                            "data. Forecasting from the data after the gap may do better."),
                     name, run, where, per), class = "recurrent_warning_interpolated", call = call)
  }
  inp
}

# Row labels of a series for messages: timestamps of dated input, else NULL.
fc_row_labels <- function(calendar) {
  if (is.null(calendar) || !calendar$dated) return(NULL)
  cal_labels(calendar$times, calendar$cal, calendar$meta)
}

# Harmonics per seasonal period: every one for short periods, at most 5.
fc_fourier_K <- function(periods) pmin(floor(periods / 2), 5)

# Fourier covariates [N, q] of a calendar at `times`.
fc_fourier_terms <- function(fourier, times, cal) {
  cal_fourier(times, fourier$periods, fourier$K, cal$frequency)
}

# Seasonal periods the calendar offers as Fourier candidates: the calendar's
# periods (the msts periods for msts), except a period equal to the main
# frequency of a non-dated msts (the seasonal naive reference covers it only
# in part, so it stays a candidate).
fc_fourier_candidates <- function(calendar, N) {
  if (is.null(calendar)) return(NULL)
  p <- calendar$cal$periods
  p <- p[p >= 2 & N >= 2 * p]
  if (!length(p)) return(NULL)
  if (is.null(names(p))) names(p) <- NULL
  p
}

# Seasonal lags the reference forecast may use besides the main period: for
# sub-daily data the weekly cycle (seasonal naive one week back), when the
# series holds at least three weeks.
fc_extra_lags <- function(calendar, N) {
  if (is.null(calendar) || !calendar$dated) return(integer(0))
  if (!calendar$cal$unit %in% c("sec", "min", "hour")) return(integer(0))
  p <- calendar$cal$periods
  w <- p[names(p) == "week"]
  w <- round(w[abs(w - round(w)) < 1e-8])
  as.integer(w[w > 0 & N >= 3 * w])
}

# Unknown arguments of predict()/forecast()/update() and of any function
# with a checked `...` (its formals are listed): a classed error naming
# them, with what to use instead of the forecast package's own options.
fc_check_dots <- function(dots, fun, call, args = NULL) {
  if (!length(dots)) return(invisible())
  nm <- names(dots)
  if (is.null(nm)) nm <- rep("", length(dots))
  nm[!nzchar(nm)] <- sprintf("(unnamed argument %d)", which(!nzchar(nm)))
  hints <- fc_argument_hints(fun)
  known <- intersect(nm, names(hints))
  # the methods' lists leave out `object`; other functions list their formals
  args <- args %||% switch(fun, predict = "h, newxreg, level, newdata",
                           forecast = "h, level, newxreg, y", update = "newdata, epochs, lr",
                           accuracy = "`object`", summary = "`object`") %||%
    paste(setdiff(names(formals(sys.function(-1))), "..."), collapse = ", ")
  msg <- sprintf("unknown argument%s %s to %s(); its arguments are %s.",
                 if (length(nm) > 1) "s" else "", paste0("`", nm, "`", collapse = ", "),
                 fun, args)
  if (length(known))
    msg <- paste0(msg, " ", paste(sprintf("For `%s`: %s.", known, hints[known]), collapse = " "))
  rec_abort(msg, class = "recurrent_error_unknown_argument", call = call)
}

# What to use instead of the forecast package's arguments, per function.
fc_argument_hints <- function(fun) {
  if (fun == "rnn_fit")
    return(c(h = "the horizon is `horizon` when fitting; `h` is predict()'s and forecast()'s",
             lambda = "use `transform = \"log\"` for a Box-Cox-like transformation",
             PI = "intervals are always computed", level = "give `level` to predict() or forecast()",
             biasadj = "forecasts are not bias-adjusted; with `transform = \"log\"` the point forecast is the median",
             seasonal = "the seasonal reference is `base = \"seasonal\"`",
             size = "the hidden units are `hidden`", maxit = "the training epochs are `epochs`",
             decay = "the L2 penalty is `weight_decay`"))
  c(
    n.ahead = "use `h`",
    bootstrap = "intervals come from cross-fitted forecast errors, not bootstrapped paths (see ?predict.rnn_fit)",
    npaths = "no sample paths are simulated; intervals come from cross-fitted errors",
    lambda = "use `transform = \"log\"` in rnn_fit() for a Box-Cox-like transformation",
    biasadj = "forecasts are not bias-adjusted; with `transform = \"log\"` the point forecast is the median",
    PI = "intervals are always computed; ignore `lower`/`upper` if not needed",
    fan = "use `level = seq(51, 99, by = 3)` for a fan of intervals",
    xreg = "use `newxreg` for the future covariates",
    newdata = "`newdata` is an argument of predict(); forecast() takes it as `y`",
    y = "`y` is an argument of forecast(); predict() takes it as `newdata`")
}

# The calendar line of print.rnn_fit(): "business days (Monday to Friday), 2
# holidays skipped; seasonal periods 5, 261" and the Fourier terms kept (a
# local network model's; `x` the fit).
fc_calendar_line <- function(data, x) {
  calendar <- data$calendars[[1]]
  if (is.null(calendar)) return(NULL)
  cal <- calendar$cal
  per <- cal$periods
  if (calendar$dated) {
    gaps <- if (cal$gaps > 0) paste0(", ", fc_gaps_label(cal, cal$gaps, data$input$na_action)) else ""
    what <- paste0(cal_unit_label(cal), gaps)
    times <- calendar$times
    span <- paste(cal_labels(times[c(1, length(times))], cal, calendar$meta), collapse = " to ")
  } else {
    what <- "multiple seasonality (msts)"
    span <- NULL
  }
  per_s <- if (length(per)) sprintf("; seasonal periods %s",
                                    paste(vapply(round(per, 2), format, ""), collapse = ", ")) else ""
  four <- ""
  if (inherits(x, "rnn_local")) {
    fo <- x$model$covariates$fourier
    four <- if (is.null(fo)) {
      if (is.null(x$fourier_report)) "" else "; no Fourier terms (they did not help on the held-out windows)"
    } else sprintf("; Fourier terms: %s", paste(sprintf("%s K = %d", fc_period_label(fo$periods),
                                                        fo$K), collapse = ", "))
  }
  paste0(what, if (!is.null(span)) paste0(", ", span), per_s, four)
}

# "2 holidays skipped", "11 missing steps inserted" (" as 0"): the `n` steps a
# calendar like `cal` left out or filled.
fc_gaps_label <- function(cal, n, na_action = NULL) {
  n <- format(n, big.mark = ",")
  one <- n == "1"
  if (cal$unit == "bday") return(paste(n, if (one) "holiday" else "holidays", "skipped"))
  if (!is.null(cal$session)) return(paste(n, if (one) "missing bar" else "missing bars", "skipped"))
  paste0(n, if (one) " missing step" else " missing steps", " inserted",
         if (identical(na_action, "zero")) " as 0" else "")
}

# The calendar line of print.rnn_fit() for many dated series: their span
# ("2022-01-01 to 2024-01-05, every series", or the range of their first
# and last times) and the steps left out or filled ("8 holidays skipped in
# each", or their total over the series that have some); NULL unless
# every series is dated.
fc_calendars_line <- function(data) {
  cls <- data$calendars
  if (!length(cls) || !all(vapply(cls, function(cl) isTRUE(cl$dated), NA))) return(NULL)
  ends <- function(k) {
    t <- lapply(cls, function(cl) cl$times[if (k == 1L) 1L else length(cl$times)])
    lab <- vapply(seq_along(cls), function(j) cal_labels(t[[j]], cls[[j]]$cal, cls[[j]]$meta), "")
    v <- vapply(t, as.double, 1)
    list(same = length(unique(lab)) == 1L, lab = lab[c(which.min(v), which.max(v))])
  }
  a <- ends(1L)
  b <- ends(2L)
  span <- if (a$same && b$same) sprintf("%s to %s, every series", a$lab[1], b$lab[1]) else
    if (b$same) sprintf("ends %s, every series; starts %s to %s", b$lab[1], a$lab[1], a$lab[2]) else
      sprintf("ends %s to %s; starts %s to %s", b$lab[1], b$lab[2], a$lab[1], a$lab[2])
  gaps <- vapply(cls, function(cl) cl$cal$gaps, 1)
  lab <- function(n) fc_gaps_label(cls[[which.max(gaps)]]$cal, n, data$input$na_action)
  if (all(gaps > 0) && length(unique(gaps)) == 1L)
    span <- sprintf("%s; %s in each", span, lab(gaps[1]))
  else if (sum(gaps) > 0)
    span <- sprintf("%s; %s in %d series", span, lab(sum(gaps)), sum(gaps > 0))
  span
}

#' Forecasts as an xts series
#'
#' For a forecast of dated input (see [rnn_fit()]), `as.xts()` gives the point
#' forecast and interval bounds as an `xts` indexed by the forecast's
#' timestamps (`fc$times`): columns `Point Forecast`, `Lo 80`, `Hi 80`, ...
#' (for a joint forecast, the point forecasts of every series). This is the
#' way back to xts for xts input; `fc$mean` stays a `ts` on the observation
#' index so that the forecast package's functions work.
#'
#' @param x An `rnn_forecast` of dated input.
#' @param ... Not used.
#' @return An `xts` object.
#' @examples
#' if (requireNamespace("xts", quietly = TRUE)) {
#'   d <- as.Date("2024-01-01") + 0:99
#'   y <- xts::xts(sin(2 * pi * (0:99) / 7) + rnorm(100, sd = 0.1), d)
#'   fc <- predict(rnn_fit(y, repeats = 0), h = 7)
#'   xts::as.xts(fc)
#' }
#' @usage \method{as.xts}{rnn_forecast}(x, ...)
#' @exportS3Method xts::as.xts
as.xts.rnn_forecast <- function(x, ...) {
  call <- sys.call()
  fc_check_forecast(x, call = call)
  if (is.null(x$times))
    rec_abort("as.xts() needs a forecast of dated input (a series with timestamps); this one has none.",
              call = call)
  if (inherits(x, "rnn_mforecast")) {
    m <- vapply(x$forecast, function(f) as.numeric(f$mean), numeric(length(x$times)))
    m <- matrix(m, length(x$times), dimnames = list(NULL, names(x$forecast)))
  } else {
    m <- as.matrix(as.data.frame(x))
    rownames(m) <- NULL
  }
  xts::xts(m, order.by = x$times)
}

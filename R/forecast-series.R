# Forecasting layer, the series a fit holds: its primary data, stored once per
# fit (the members of a combination share their combination's). Every model
# kind reads its series from here.
#
#   names     chr [ns]    series names (list names or keys; one series: its label)
#   columns   chr [k]     column names (k > 1: one series of several columns
#                         forecast jointly, a panel of one unit of k channels)
#   y         list [ns]   double matrices [N_j, k], the values (missing ones
#                         handled by `na_action`)
#   tsp       list [ns]   the time axis of each series (start, end, frequency)
#   calendars list [ns]   NULL or the calendar of dated input (cal_prepare())
#   xreg      NULL or list [ns] of the user's covariates [N_j, q]
#   layout    "one", "joint" or "many": how forecasts are returned (one
#             rnn_forecast, one per column, one per series by key)
#   input     how newer data is read: key, index, value, regularise, na_action,
#             numeric_index (a data frame's numeric time column, read as a ts)

new_fc_series <- function(names, columns, y, tsp, calendars, xreg = NULL, layout = "one",
                          input = list()) {
  structure(list(names = names, columns = columns, y = y, tsp = tsp, calendars = calendars,
                 xreg = xreg, layout = layout,
                 input = utils::modifyList(list(key = NULL, index = NULL, value = NULL,
                                                regularise = FALSE, na_action = "error",
                                                numeric_index = NULL),
                                           input)),
            class = "rnn_series")
}

# NULL when the series store is as new_fc_series() made it, otherwise the
# first field that is not (as "`<field>` <problem>").
validate_fc_series <- function(d) {
  if (!inherits(d, "rnn_series") || !is.list(d)) return("is not a series store")
  ns <- length(d$names)
  bad <- function(field, what) sprintf("`data$%s` %s", field, what)
  if (!is.character(d$names) || ns < 1L || anyNA(d$names) || anyDuplicated(d$names))
    return(bad("names", "must be unique series names"))
  k <- length(d$columns)
  if (!is.character(d$columns) || k < 1L) return(bad("columns", "must name the columns"))
  if (!is.list(d$y) || length(d$y) != ns) return(bad("y", sprintf("must hold %d series", ns)))
  for (j in seq_len(ns)) {
    v <- d$y[[j]]
    if (!is.matrix(v) || !is.double(v) || ncol(v) != k || nrow(v) < 1L || !all(is.finite(v)))
      return(bad(sprintf("y[[%d]]", j), sprintf("must be a finite double matrix of %d column%s", k,
                                                 if (k > 1) "s" else "")))
  }
  if (!is.list(d$tsp) || length(d$tsp) != ns ||
      !all(vapply(d$tsp, function(t) is.numeric(t) && length(t) == 3L && all(is.finite(t)) &&
                    t[3] > 0, NA)))
    return(bad("tsp", "must hold a time axis (start, end, frequency) per series"))
  if (!is.list(d$calendars) || length(d$calendars) != ns) return(bad("calendars", "must hold one entry per series"))
  for (j in seq_len(ns)) {
    cl <- d$calendars[[j]]
    if (!is.null(cl) && !(is.list(cl) && is.list(cl$cal) && length(cl$times) == nrow(d$y[[j]]) &&
                          (isTRUE(cl$dated) || isFALSE(cl$dated))))
      return(bad(sprintf("calendars[[%d]]", j), "must be a calendar with one time per observation"))
  }
  if (!is.null(d$xreg) && !(is.list(d$xreg) && length(d$xreg) == ns &&
                            all(vapply(seq_len(ns), function(j) is.matrix(d$xreg[[j]]) &&
                                         nrow(d$xreg[[j]]) == nrow(d$y[[j]]), NA))))
    return(bad("xreg", "must hold covariates with one row per observation"))
  if (!isTRUE(d$layout %in% c("one", "joint", "many")) || length(d$layout) != 1L)
    return(bad("layout", "must be \"one\", \"joint\" or \"many\""))
  if (d$layout != "joint" && k > 1L) return(bad("layout", "must be \"joint\" for several columns"))
  if (!is.list(d$input)) return(bad("input", "must be a list"))
  NULL
}

# Series j as the user's time axis: a ts (an mts for several columns) with
# the exact tsp of the input. `M` (default: the values) may be any matrix
# [N_j, k] on that axis (fitted values, residuals).
fc_series_ts <- function(data, j, M = data$y[[j]]) {
  if (ncol(M) == 1L) M <- M[, 1] else dimnames(M) <- list(NULL, data$columns)
  out <- stats::ts(M, start = data$tsp[[j]][1], frequency = data$tsp[[j]][3])
  attr(out, "tsp") <- data$tsp[[j]]
  out
}

# The time of each observation of series j: its dates (Date or POSIXct) for
# dated input, else its time on the ts axis.
fc_series_times <- function(data, j) {
  cal <- data$calendars[[j]]
  if (!is.null(cal) && cal$dated) cal$times else
    as.numeric(stats::time(fc_series_ts(data, j)))
}

# The frequency of the series (all share one).
fc_series_frequency <- function(data) data$tsp[[1]][3]

# The series `keep` (indices) of a store, returned as `layout` ("one": a
# single series of many, to fit or refresh on its own).
fc_series_subset <- function(data, keep, layout = data$layout) {
  for (f in c("names", "y", "tsp", "calendars", "xreg")) {
    if (!is.null(data[[f]])) data[[f]] <- data[[f]][keep]
  }
  data$layout <- layout
  data
}

# A store of the series read by fc_input_series() (one input, k columns) or
# fc_many_series() (list of inputs), with missing values already handled.
fc_series_from_inputs <- function(inputs, layout, input, xreg = NULL) {
  nm <- names(inputs)
  first <- inputs[[1]]$ser
  new_fc_series(
    names = nm, columns = if (layout == "joint") first$names else "y",
    y = lapply(inputs, function(i) {
      Y <- i$ser$Y
      dimnames(Y) <- NULL
      storage.mode(Y) <- "double"
      Y
    }),
    tsp = lapply(inputs, function(i) as.numeric(i$ser$tsp)),
    calendars = cal_pool_holidays(lapply(inputs, `[[`, "calendar")), xreg = xreg, layout = layout,
    input = input)
}

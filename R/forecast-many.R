# Forecasting layer, many series: turning a named list of series, a long data
# frame (key, index, value columns; one series per key, keys in sorted order), a tsibble with keys or the columns of an
# mts into one checked series per key, for the global model
# (fc_fit_many(), forecast-fit.R).

# Whether `y` holds many series to fit as such (global or local): a list that
# is not a data frame, a data frame with `key`, a tsibble with keys, or a
# matrix/mts with `global = TRUE`.
fc_is_many_input <- function(y, key = NULL, global = NULL) {
  if (is.list(y) && !is.data.frame(y)) return(TRUE)
  if (is.data.frame(y) && !is.null(key)) return(TRUE)
  if (inherits(y, "tbl_ts") && requireNamespace("tsibble", quietly = TRUE) &&
      length(tsibble::key_vars(y))) return(TRUE)
  # columns as separate series: one global model (TRUE) or a fit each (FALSE)
  if (is.null(global) || !(is.matrix(y) || is.data.frame(y))) return(FALSE)
  # a wide data frame's time column is not a series
  if (is.data.frame(y)) sum(!vapply(y, inherits, NA, cal_time_classes)) > 1L else NCOL(y) > 1L
}

# Many series -> list(series = named list of single-series inputs as
# rnn_fit() takes them (vector, ts, or a data frame of a time column and a
# value column), skipped = names of keys with fewer than `min_obs`
# observations, key = the key columns, NULL for a list or wide input).
# Errors name the offending key; `name` is how the user's argument is called
# in messages.
fc_many_input <- function(y, key = NULL, index = NULL, value = NULL, name = "y", call,
                          min_obs = 10L, regularise = FALSE) {
  if (!is.null(key) && !(is.character(key) && length(key) >= 1L && !anyNA(key)))
    rec_abort(sprintf("`key` must name the key column(s) of `%s`, not %s.", name,
                      describe(key)), call = call)
  if (!is.null(value) && !(is.character(value) && length(value) == 1L && !is.na(value)))
    rec_abort(sprintf("`value` must name the value column of `%s`, not %s.", name,
                      describe(value)), call = call)
  if (!(is.list(y) || is.numeric(y) && length(dim(y)) == 2L) || NCOL(y) == 0L || !length(y))
    rec_abort(sprintf(paste0("`%s` must be many series: a named list of series, a long data ",
                             "frame with `key`, a tsibble with keys or a matrix, not %s."),
                      name, describe(y)), call = call)
  if (inherits(y, "tbl_ts")) {
    # a tsibble without keys is wide: its measured columns are the series
    key <- key %||% if (length(tsibble::key_vars(y))) tsibble::key_vars(y)
    index <- index %||% tsibble::index_var(y)
    y <- as.data.frame(y)
  }
  parts <- if (is.data.frame(y) && !is.null(key)) {
    fc_split_long(y, key, index, value, name, call, regularise)
  } else if (is.matrix(y) || is.data.frame(y)) {
    fc_split_columns(y, index, name, call)
  } else {
    fc_list_frames(fc_check_list(y, name, call), index, value, name, call)
  }
  out <- fc_drop_short(parts, min_obs, name, call)
  # the key as resolved (a tsibble's own), so that newer and test data in a
  # plain data frame split the same way
  out$key <- key
  out
}

# dplyr's grouped data frame (group_by()): its grouping columns are the key
# that tells its series apart, but for a time column among them (grouped by
# store and date to sum, then kept so: the date is the index). NULL: not
# grouped, or a tsibble, whose own keys count.
fc_group_key <- function(y) {
  if (!inherits(y, "grouped_df") || inherits(y, "tbl_ts")) return(NULL)
  g <- setdiff(names(attr(y, "groups")), ".rows")
  g <- g[!vapply(g, function(v) inherits(y[[v]], cal_time_classes), NA)]
  if (length(g)) g
}

# A grouped data frame without its groups (as dplyr::ungroup() leaves it), so
# that rows and columns are taken as from any data frame; anything else as is.
fc_ungroup <- function(y) {
  if (!inherits(y, "grouped_df") || inherits(y, "tbl_ts")) return(y)
  attr(y, "groups") <- NULL
  class(y) <- setdiff(class(y), "grouped_df")
  y
}

# The data frames of a list of series read as rnn_fit() reads one: date
# parts made a time column, and `value` picking the column to forecast
# beside others (a station's name in every part, as split() leaves it).
fc_list_frames <- function(parts, index, value, name, call) {
  for (i in seq_along(parts)) {
    s <- parts[[i]]
    if (!is.data.frame(s) || inherits(s, "tbl_ts")) next
    lab <- sprintf("%s[[\"%s\"]]", name, names(parts)[i])
    s <- fc_time_from_parts(s, index, NULL, value, lab, call)
    if (!is.null(value)) s <- fc_pick_value(s, value, index, lab, call)
    parts[[i]] <- s
  }
  parts
}

# A named list of series: names kept (made unique), missing names filled.
fc_check_list <- function(y, name, call) {
  if (!length(y))
    rec_abort(sprintf("`%s` must hold at least one series, not an empty list.", name),
              call = call)
  nm <- names(y)
  if (is.null(nm)) nm <- rep("", length(y))
  nm[is.na(nm) | !nzchar(nm)] <- paste0("series", which(is.na(nm) | !nzchar(nm)))
  if (anyDuplicated(nm))
    rec_abort(sprintf("`%s` must have unique series names, but %s %s more than once.", name,
                      paste0("\"", unique(nm[duplicated(nm)]), "\"", collapse = ", "),
                      if (sum(duplicated(nm)) > 1) "appear" else "appears"), call = call)
  for (i in seq_along(y)) {
    s <- y[[i]]
    if (is.data.frame(s) || inherits(s, "zoo")) next
    if (!is.numeric(s) && !(is.logical(s) && length(s) && all(is.na(s))) ||
        (!is.null(dim(s)) && NCOL(s) != 1L))
      rec_abort(sprintf(paste0("every element of `%s` must be one numeric series (vector or ts), ",
                               "but `%s` (\"%s\") is %s."),
                        name, sprintf("%s[[%d]]", name, i), nm[i], describe(s)), call = call)
  }
  names(y) <- nm
  y
}

# Columns of a matrix / mts / data frame as separate series (global = TRUE).
# A wide data frame with a time column gives one dated frame (time, column) per
# value column, and an xts/zoo one xts/zoo per column, so each series keeps
# its calendar as it would alone.
fc_split_columns <- function(y, index, name, call) {
  if (inherits(y, "zoo")) {
    nm <- colnames(y) %||% paste0("y", seq_len(NCOL(y)))
    out <- lapply(seq_len(NCOL(y)), function(j) y[, j])
    return(fc_check_list(stats::setNames(out, nm), name, call))
  }
  tcol <- if (is.data.frame(y)) cal_index_column(y, index, name, call)
  vals <- if (is.null(tcol)) y else y[setdiff(names(y), tcol)]
  tsp <- if (stats::is.ts(y)) stats::tsp(y)
  nm <- colnames(vals)
  if (is.null(nm)) nm <- paste0("y", seq_len(NCOL(vals)))
  out <- lapply(seq_len(NCOL(vals)), function(j) {
    v <- if (is.data.frame(vals)) vals[[j]] else unclass(vals)[, j]
    if (!is.numeric(v))
      rec_abort(sprintf("column `%s` of `%s` must be numeric, not %s.%s", nm[j], name, describe(v),
                        if (is.data.frame(vals)) fc_text_time_hint(vals[j], name) else ""),
                call = call)
    if (!is.null(tcol)) return(stats::setNames(data.frame(y[[tcol]], v), c(tcol, nm[j])))
    if (is.null(tsp)) as.double(v) else stats::ts(as.double(v), start = tsp[1], frequency = tsp[3])
  })
  fc_check_list(stats::setNames(out, nm), name, call)
}

# A long data frame: one series per value of the key column(s) (several key
# columns are joined with "/"), its rows in time order.
fc_split_long <- function(y, key, index, value, name, call, regularise = FALSE) {
  miss <- setdiff(c(key, index, value), names(y))
  if (length(miss))
    rec_abort(sprintf("`%s` has no column%s %s; its columns are %s.", name,
                      if (length(miss) > 1) "s" else "", paste0("`", miss, "`", collapse = ", "),
                      paste0("`", names(y), "`", collapse = ", ")), call = call)
  if (is.null(index)) {
    is_time <- vapply(y, function(col) inherits(col, cal_time_classes), logical(1))
    is_time[key] <- FALSE
    if (sum(is_time) != 1L)
      rec_abort(sprintf(paste0("`%s` needs a time index column: name it with `index` ",
                               "(found %d date/time columns%s).%s"), name, sum(is_time),
                        if (any(is_time)) paste0(": ", paste0("`", names(y)[is_time], "`", collapse = ", ")) else "",
                        if (any(is_time)) "" else fc_text_time_hint(y[setdiff(names(y), key)], name)),
                call = call)
    index <- names(y)[is_time]
  }
  idx <- y[[index]]
  if (!inherits(idx, cal_time_classes) && !is.numeric(idx))
    rec_abort(sprintf("the index column `%s` must hold dates, times or numbers, not %s.",
                      index, describe(idx)), call = call)
  if (is.null(value)) {
    rest <- setdiff(names(y), c(key, index))
    num <- rest[vapply(y[rest], is.numeric, NA)]
    if (!length(num))
      rec_abort(sprintf(paste0("`%s` has no numeric column besides key and index: %s. ",
                               "Convert the one to forecast with as.numeric(), or name it with `value`."),
                        name, if (length(rest)) paste(sprintf("`%s` is %s", rest,
                                                              vapply(y[rest], describe, "")), collapse = ", ")
                              else "it has no other column"), call = call)
    if (length(num) != 1L)
      rec_abort(sprintf(paste0("`%s` has %d numeric columns besides key and index (%s); ",
                               "name the one to forecast with `value`."), name, length(num),
                        paste0("`", num, "`", collapse = ", ")), call = call)
    value <- num
  }
  v <- y[[value]]
  if (!is.numeric(v) && !(is.logical(v) && all(is.na(v))))
    rec_abort(sprintf("the value column `%s` of `%s` must be numeric, not %s.", value, name,
                      describe(v)), call = call)
  kv <- if (length(key) == 1L) as.character(y[[key]]) else
    do.call(paste, c(lapply(y[key], as.character), sep = "/"))
  if (anyNA(kv))
    rec_abort(sprintf("the key column%s %s of `%s` must not be missing (row%s %s).",
                      if (length(key) > 1) "s" else "", paste0("`", key, "`", collapse = ", "),
                      name, if (sum(is.na(kv)) > 1) "s" else "", fc_positions(which(is.na(kv)))),
              call = call)
  if (anyNA(idx))
    rec_abort(sprintf("the index column `%s` of `%s` has missing values (row%s %s).", index,
                      name, if (sum(is.na(idx)) > 1) "s" else "", fc_positions(which(is.na(idx)))),
              call = call)
  # with `regularise = TRUE` each key's duplicated times are averaged later, as
  # for one series (cal_extract()); a numeric index has no grid to average on
  dup <- duplicated(data.frame(kv, as.double(unclass(idx))))
  if (any(dup) && !(isTRUE(regularise) && inherits(idx, cal_time_classes))) {
    bad <- unique(kv[dup])
    rec_abort(sprintf(paste0("`%s` has %d duplicated (key, index) row%s, for key%s %s (first: %s); ",
                             "each key may have one row per time%s."), name, sum(dup),
                      if (sum(dup) > 1) "s" else "", if (length(bad) > 1) "s" else "",
                      paste0("\"", utils::head(bad, 5), "\"", collapse = ", "),
                      format(idx[which(dup)[1]]),
                      if (cal_exact_copies(y, dup))
                        sprintf(paste0(": they repeat other rows exactly (as when downloads overlap), ",
                                       "`%s <- unique(%s)` drops them"), name, name)
                      else if (inherits(idx, cal_time_classes))
                        ": aggregate them first, or use `regularise = TRUE` to average them" else ""),
              call = call)
  }
  keys <- sort(unique(kv))
  rows <- split(seq_along(kv), factor(kv, levels = keys))
  out <- lapply(rows, function(r) {
    r <- r[order(as.double(unclass(idx[r])))]
    if (is.numeric(idx) && !inherits(idx, cal_time_classes)) {
      d <- fc_index_step(as.double(idx[r]), sprintf("`%s` of key \"%s\"", index, kv[r[1]]),
                         regularise, call)
      return(stats::ts(as.double(v[r]), start = idx[r[1]], frequency = 1 / d))
    }
    d <- data.frame(idx[r], as.double(v[r]))
    names(d) <- c(index, value)
    d
  })
  names(out) <- keys
  out
}

# The step of a numeric time index t (sorted): an error naming it (`what`)
# and where the step changes when the steps are not all equal; 1 for a
# single time.
fc_index_step <- function(t, what, regularise, call) {
  steps <- round(diff(t), 8)
  d <- unique(steps)
  if (length(d) > 1L) {
    at <- which(steps != steps[1])[1]
    rec_abort(sprintf(paste0("the numeric index %s must increase in equal steps, ",
                             "but it goes from %s to %s and then from %s to %s%s."),
                      what, format(t[at - 1L]), format(t[at]), format(t[at]), format(t[at + 1L]),
                      if (isTRUE(regularise)) paste0("; `regularise = TRUE` puts Date or POSIXct ",
                                                     "times on a grid, not numbers") else ""),
              call = call)
  }
  if (length(d)) d else 1
}

# The observations of one series of many (a vector, ts or data frame of a
# time column and values): its rows from its first value on, as the fit will
# hold them (fc_leading_missing()); 0 when it has no value at all.
fc_observed_length <- function(p) {
  v <- if (is.data.frame(p))
    p[vapply(p, function(col) is.numeric(col) && !inherits(col, cal_time_classes), NA)] else p
  m <- as.matrix(v)
  if (!length(m) || all(is.na(m))) return(0L)
  as.integer(nrow(m) - fc_leading_missing(m))
}

# Keys with fewer than `min_obs` observations are left out, with a warning
# naming them; none left is an error.
fc_drop_short <- function(parts, min_obs, name, call) {
  n <- vapply(parts, fc_observed_length, 1L)
  short <- n < min_obs
  if (all(short))
    rec_abort(sprintf("every series in `%s` has fewer than %d observations (longest: %d); a series needs at least %d.",
                      name, min_obs, max(n), min_obs), class = "recurrent_error_too_short",
              call = call)
  if (any(short)) {
    rec_warn(sprintf("%d series with fewer than %d observations left out (no forecast): %s%s.",
                     sum(short), min_obs,
                     paste0("\"", utils::head(names(parts)[short], 10), "\" (", utils::head(n[short], 10), ")",
                            collapse = ", "),
                     if (sum(short) > 10) sprintf(" and %d more", sum(short) - 10) else ""),
             class = "recurrent_warning_short_series", call = call)
  }
  list(series = parts[!short], skipped = names(parts)[short])
}

# Each part as the model sees it: list(ser, calendar) from fc_input_series(),
# with missing values handled by `na_action` and errors naming the key; all
# parts must share one frequency.
fc_many_series <- function(parts, index, regularise, na_action, name, call) {
  nm <- names(parts)
  out <- lapply(seq_along(parts), function(i) {
    lab <- sprintf("%s[[\"%s\"]]", name, nm[i])
    inp <- fc_input_series(parts[[i]], if (is.data.frame(parts[[i]])) index, regularise, lab, call,
                           na_action)
    if (ncol(inp$ser$Y) != 1L)
      rec_abort(sprintf("`%s` must be one series, not %d columns.", lab, ncol(inp$ser$Y)),
                call = call)
    inp <- fc_fill_input(inp, na_action, lab, call)
    inp$ser$names <- nm[i]
    inp
  })
  names(out) <- nm
  freq <- vapply(out, function(s) s$ser$tsp[3], 1)
  if (any(abs(freq - freq[1]) > 1e-6)) {
    f <- unique(round(freq, 4))
    by <- vapply(f, function(ff) {
      keys <- nm[abs(freq - ff) < 1e-3]
      sprintf("%s (%s%s)", format(ff), paste0("\"", utils::head(keys, 3), "\"", collapse = ", "),
              if (length(keys) > 3) ", ..." else "")
    }, "")
    rec_abort(sprintf(paste0("all series in `%s` must have one frequency, but they have %d: %s; ",
                             "fit each frequency separately."), name, length(f),
                      paste(by, collapse = "; ")), call = call)
  }
  out
}

# Forecasting layer, dates kept as parts: data frames that carry their time as
# numeric columns `year`, `month`, `day`, `hour`, `minute` (as many exports
# and R's own data do), or as one number (20130105), not as one Date or
# POSIXct column. Left as they are, those columns would be forecast as series
# of their own (a joint model of year, month, day and the value) or make
# rnn_fit() ask which column is the value. Here they become the time (when
# the frame has no other) or are left out (when it has one, e.g. `time_hour`
# beside them), before any other reading of the frame: by rnn_fit(),
# predict(newdata =) / update(), and accuracy()'s test data.

# The names read as parts of a date, in order; a part is used only with all
# the coarser ones (a day needs a year and a month).
fc_part_names <- c("year", "month", "day", "hour", "minute")

# `y` with its date-part columns made one time column or dropped:
# - a plain data frame (not a tsibble) with numeric, whole-valued columns
#   named (in any case) year and month, maybe day, hour and minute, and no
#   time column: those columns replaced by a first column `time`, a Date
#   (years, months, days: the first of the month for monthly data) or a
#   POSIXct in UTC (with hours; UTC has no clock changes to skip or repeat);
# - such a frame that has a time column (Date/POSIXct or `index`): the part
#   columns left out when `value` is not given, so that the value column is
#   the one numeric column left.
# Columns named by `index`, `key` or `value` are never parts. Anything else
# is returned unchanged (a grouped data frame without its groups:
# fc_ungroup()). An impossible date (month 13, 30 February) is an
# error that names the row.
fc_time_from_parts <- function(y, index, key, value, name, call) {
  y <- fc_ungroup(y)
  if (!is.data.frame(y) || inherits(y, "tbl_ts")) return(y)
  low <- tolower(names(y))
  whole <- vapply(y, function(v) is.numeric(v) && !is.object(v) &&
                    all(is.na(v) | (is.finite(v) & v == round(v))), NA)
  mine <- low %in% fc_part_names & whole & !names(y) %in% c(index, key, value) &
    !duplicated(low)
  timed <- any(vapply(y, inherits, NA, what = cal_time_classes)) || !is.null(index)
  if (!any(mine)) return(fc_time_from_packed(y, index, key, value, whole))
  parts <- stats::setNames(names(y)[mine], low[mine])
  if (timed) {
    if (!is.null(value)) return(y)
    return(y[, !names(y) %in% parts, drop = FALSE])
  }
  # the parts in use: year, month and the finer ones that follow unbroken
  have <- fc_part_names %in% names(parts)
  use <- fc_part_names[cumsum(!have) == 0]
  if (length(use) < 2L) return(fc_time_from_packed(y, index, key, value, whole))
  val <- lapply(stats::setNames(use, use), function(p) as.double(y[[parts[[p]]]]))
  if (anyNA(unlist(val)))
    rec_abort(sprintf("the date columns %s of `%s` have missing values (first in row %d).",
                      paste0("`", parts[use], "`", collapse = ", "), name,
                      min(unlist(lapply(val, function(v) which(is.na(v)))))), call = call)
  time <- fc_parts_time(val)
  bad <- which(is.na(time))
  if (length(bad))
    rec_abort(sprintf(paste0("row %d of `%s` is no date: %s. The columns %s are read as the ",
                             "parts of its time."), bad[1], name,
                      paste(sprintf("%s %s", parts[use], vapply(val, `[`, 0, bad[1])), collapse = ", "),
                      paste0("`", parts[use], "`", collapse = ", ")), call = call)
  col <- "time"
  while (col %in% names(y)) col <- paste0(col, "_")
  rest <- y[, !names(y) %in% parts[use], drop = FALSE]
  cbind(stats::setNames(data.frame(time), col), rest)
}

# The Date or POSIXct (UTC) of parts `val` (a named list of doubles: year,
# month, then day, hour, minute as given); NA where they name no time.
fc_parts_time <- function(val) {
  ok <- val$month >= 1 & val$month <= 12
  day <- val$day %||% rep(1, length(val$year))
  hour <- val$hour %||% 0
  minute <- val$minute %||% 0
  ok <- ok & day >= 1 & day <= 31 & hour >= 0 & hour <= 23 & minute >= 0 & minute <= 59
  txt <- sprintf("%04d-%02d-%02d", as.integer(val$year), as.integer(val$month), as.integer(day))
  d <- as.Date(txt, format = "%Y-%m-%d")
  # as.Date() rolls "2013-02-30" over to March: refuse what does not round-trip
  ok <- ok & !is.na(d) & format(d, "%Y-%m-%d") == txt
  if (is.null(val$hour)) {
    d[!ok] <- NA
    return(d)
  }
  t <- as.POSIXct(d, tz = "UTC") + 3600 * hour + 60 * minute
  attr(t, "tzone") <- "UTC"
  t[!ok] <- NA
  t
}

# `y` with a date written as one number, 20130105 (yyyymmdd) or 201301
# (yyyymm, the first of the month), made a Date column of the same name: as
# numbers such dates jump at every month's end, so they are neither a time
# axis in equal steps nor a series to forecast. Only in a plain data frame
# with no time column and at least one other numeric column; the column is
# `index` when that names a numeric column, else the one column whose every
# value reads as such a date (years 1800 to 2200, at least 3 distinct
# dates). `whole`: which columns are numeric with whole values.
fc_time_from_packed <- function(y, index, key, value, whole) {
  num <- vapply(y, function(v) is.numeric(v) && !is.object(v), NA)
  if (any(vapply(y, inherits, NA, what = cal_time_classes)) || sum(num) < 2L) return(y)
  cand <- if (!is.null(index)) intersect(index, names(y)[whole]) else
    names(y)[whole & !names(y) %in% c(key, value)]
  dates <- Filter(Negate(is.null), lapply(stats::setNames(cand, cand), function(cn) fc_packed_date(y[[cn]])))
  if (length(dates) != 1L) return(y)
  y[[names(dates)]] <- dates[[1]]
  y
}

# The Date of whole numbers `v` written yyyymmdd or yyyymm, or NULL when
# some value is no such date (or there are fewer than 3 distinct ones).
fc_packed_date <- function(v) {
  if (anyNA(v) || length(unique(v)) < 3L) return(NULL)
  eight <- all(v >= 18000101 & v <= 22001231)
  six <- all(v >= 180001 & v <= 220012)
  if (!eight && !six) return(NULL)
  txt <- if (eight) sprintf("%08.0f", v) else sprintf("%06.0f01", v)
  d <- as.Date(txt, format = "%Y%m%d")
  if (anyNA(d) || any(format(d, "%Y%m%d") != txt)) return(NULL)
  d
}

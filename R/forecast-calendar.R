# Forecasting layer, calendar side: the time index of a dated series, kept end
# to end. Everything here is internal and deterministic; nothing trains.
#
# How rnn_fit() / predict() should use it (issue 12):
#
# * rnn_fit(y, ..., index = NULL, regularise = FALSE):
#     prep <- cal_prepare(y, index, regularise, call = call)
#   gives `prep$values` (numeric matrix [N, k], columns named; NA rows inserted
#   where a regular calendar misses a step, except business-day holidays, see
#   below), `prep$times` (Date/POSIXct for dated input; the numeric `ts` time of
#   each row otherwise), `prep$cal` (the calendar) and `prep$meta` (what
#   cal_restore() needs to give back the user's own class). `prep$filled` lists
#   the timestamps that were inserted, for the na_action message. Keep `cal`,
#   `meta` and the last timestamp in the fit.
#   - The ts semantics of the model (seasonal naive lag, default lookback and
#     horizon) come from `cal$frequency` (daily 7, business days 5, weekly 52,
#     monthly 12, quarterly 4, hourly 24, 15-min 96, ...): build the tsp as
#     c(1, N, cal$frequency) for dated input, or keep `meta$tsp` for ts input.
#   - `cal$periods` are the seasonal periods worth modelling for this length
#     (named by cycle "day"/"week"/"year" for dated input; the msts periods or
#     the frequency for ts input). Calendar covariates are
#     cal_fourier(prep$times, cal$periods, K, cal$frequency), appended to xreg
#     as known future covariates.
# * predict(fit, h): future <- cal_next(fit$cal, last_time, h); the Fourier
#   covariates of the forecast period are cal_fourier(future, ...) with the
#   same periods and K (the terms depend on the timestamp only, so they agree
#   with those of the fit). `mean`/`lower`/`upper` stay `ts` objects (for
#   dated input a ts with time 1..N continued); the forecast object keeps
#   `future` as its timestamps.
# * predict(fit, h, newdata = newer): cal_prepare(newer, ...) again, check
#   cal_same(fit$cal, new$cal) (optional), then cal_next() from its last time.
# * as.data.frame(), print(), plot(): label rows with cal_format(future, cal);
#   cal_restore(values, future, fit$meta) gives an xts for xts input, a zoo for
#   zoo, a data frame with the index column for data frames and tibbles, a
#   tsibble for tsibble input, a ts continuing the series for ts and an msts
#   for msts.
#
# Calendars (cal_infer()) are lists with
#   unit      "sec", "min", "hour", "day", "bday", "week", "month", "quarter",
#             "year", or "ts" (numeric time of a ts or plain vector);
#   step      how many units one observation covers (15 for 15-minute data);
#   frequency the main seasonal period in steps (see cal_seasonality());
#   periods   seasonal periods in steps worth modelling for this length;
#   gaps      how many steps of the grid between the first and the last
#             timestamp have no observation (holidays for business days);
#   regular   FALSE when the timestamps only fit the grid after regularising;
#   wdays     the days of the week business days count (0 Monday .. 6 Sunday),
#             NULL for Monday to Friday;
#   holidays  business days and sessions (cal_has_holidays()): the rules of
#             the holidays the series' recurring gaps show
#             (cal_learn_holidays()), NULL when none;
#   session   sub-daily bars in trading or opening hours: list(tods (seconds
#             after local midnight), wdays), NULL for data round the clock
#             (cal_session_of());
#   class, tz, tod, anchor, origin: what cal_pos()/cal_at() need to place a
#             timestamp on the grid (time of day of day-level POSIXct data;
#             day of month, or "end", of monthly data; the first grid point);
#   out_tz    the zone to give POSIXct back in when the calendar is counted in
#             another (days at one UTC time stored with a DST zone).
#
# Conventions, documented here once:
# * Business days are Monday to Friday, or the four to six days of the week
#   that daily data over at least four weeks always shows (`wdays`: Monday to
#   Saturday for a shop closed on Sundays, Sunday to Thursday for some
#   markets). Missing business days (holidays) are allowed up to 5% of those
#   spanned, or 4 in a shorter stretch; they are not part of the model's grid (the observations are
#   consecutive steps). cal_next() skips the other days of the week and the
#   holidays that recur in the series' last years (`holidays`, rules learnt
#   by cal_learn_holidays(): forecast-holidays.R); no holiday calendar is
#   shipped.
# * Sessions (trading or opening hours, `session`) count the bars of their
#   days the same way: nights and closed days are not on the grid, and
#   missing bars (a holiday's, up to 5%) are skipped, not inserted; the
#   days without a bar that recur learn holidays as business days do.
# * Other units allow up to 5% of the grid missing; cal_prepare() inserts NA
#   rows there, left to the caller's NA handling.
# * Whatever the unit, a single run of missing steps longer than two main
#   seasonal periods (at least 5 steps: 14 days of daily data, 10 weekdays,
#   48 hours, 24 months) makes the timestamps irregular: so long a hole is a
#   break in the series, not missing observations.
# * Unsorted input is sorted by time; duplicated or missing timestamps are an
#   error. With `regularise = TRUE` observations are averaged within each grid
#   cell (duplicates included) and empty cells are filled by linear
#   interpolation (business-day and session cells excepted: holidays and
#   missing bars stay out).
# * Sub-daily steps are exact seconds (UTC), so hourly data crosses a DST
#   change without a gap or a duplicate; day-level steps and longer are
#   calendar dates at the series' own time of day in its time zone.

# ---------------------------------------------------------------------------
# Extraction

# the index classes of periods (zoo's and tsibble's), stored as Dates and
# given back in their class (cal_index_back())
cal_period_classes <- c("yearmon", "yearqtr", "yearmonth", "yearquarter", "yearweek")
cal_time_classes <- c("Date", "POSIXt", cal_period_classes)

# Date or POSIXct from any supported index class; the original class is kept
# by the caller to restore it.
cal_as_time <- function(x) {
  if (inherits(x, "POSIXt")) return(as.POSIXct(x))
  if (inherits(x, "Date")) return(structure(floor(as.double(unclass(x))), class = "Date"))
  # zoo registers the as.Date methods of its index classes on its own generic
  d <- if (inherits(x, c("yearmon", "yearqtr"))) zoo::as.Date(x) else as.Date(x)
  structure(as.double(unclass(d)), class = "Date")
}

cal_tz <- function(times) {
  if (!inherits(times, "POSIXct")) return(NULL)
  tz <- attr(times, "tzone")
  if (is.null(tz) || !length(tz)) "" else tz[1]
}

cal_show <- function(x, max = 5L) {
  s <- paste(format(utils::head(x, max)), collapse = ", ")
  if (length(x) > max) s <- sprintf("%s and %d more", s, length(x) - max)
  s
}

cal_default_names <- function(k) if (k == 1L) "y" else paste0("y", seq_len(k))

cal_numeric_matrix <- function(x, name, call) {
  if (is.data.frame(x)) {
    ok <- vapply(x, function(col) is.numeric(col) || is.logical(col) && all(is.na(col)),
                 logical(1))
    if (any(!ok)) {
      hint <- fc_text_time_hint(x[!ok], name)
      if (!nzchar(hint)) hint <- fc_label_column_hint(x[!ok], names(x)[ok])
      rec_abort(sprintf("`%s` must have numeric value columns only, but %s %s not numeric.%s",
                        name, paste0("`", names(x)[!ok], "`", collapse = ", "),
                        if (sum(!ok) > 1) "are" else "is", hint),
                call = call)
    }
    if (ncol(x) == 0L)
      rec_abort(sprintf("`%s` has no numeric column besides its time index.", name),
                call = call)
    m <- matrix(as.double(unlist(x, use.names = FALSE)), nrow(x), ncol(x))
    colnames(m) <- names(x)
    return(m)
  }
  if (!is.numeric(x) && !(is.logical(x) && all(is.na(x))) || length(dim(x)) > 2L)
    rec_abort(sprintf("`%s` must be a numeric series, not %s.", name, describe(x)),
              call = call)
  m <- if (is.null(dim(x))) matrix(as.double(x), ncol = 1L) else
    matrix(as.double(x), nrow(x), ncol(x))
  cn <- if (length(dim(x)) == 2L) colnames(x)
  colnames(m) <- if (is.null(cn)) cal_default_names(ncol(m)) else cn
  m
}

# The time column of a data frame: the one named by `index`, or the single
# Date/POSIXct column.
cal_index_column <- function(y, index, name, call) {
  if (!is.null(index)) {
    if (!is.character(index) || length(index) != 1L || is.na(index))
      rec_abort(sprintf("`index` must be the name of a column of `%s`, not %s.", name,
                        describe(index)), call = call)
    if (!index %in% names(y))
      rec_abort(sprintf("`index` must name a column of `%s` (%s), not \"%s\".", name,
                        paste0("`", names(y), "`", collapse = ", "), index), call = call)
    if (!inherits(y[[index]], cal_time_classes))
      rec_abort(sprintf("Column `%s` named by `index` must hold Date or POSIXct values, not %s.%s",
                        index, describe(unclass(y[[index]])), fc_text_time_hint(y[index], name)),
                call = call)
    return(index)
  }
  is_time <- vapply(y, function(col) inherits(col, cal_time_classes), logical(1))
  cand <- names(y)[is_time]
  if (length(cand) > 1L)
    rec_abort(sprintf(paste0("`%s` has %d date/time columns (%s); name the time index ",
                             "with `index`, e.g. `index = \"%s\"`."),
                      name, length(cand), paste0("`", cand, "`", collapse = ", "), cand[1]),
              call = call)
  if (length(cand)) cand else NULL
}

#' Split a series into values and time index
#'
#' @param y data frame or tibble (time column found or named by `index`),
#'   tsibble (its index; no keys), zoo/xts (its index), ts/mts/msts, numeric
#'   vector or matrix.
#' @return list(values = numeric matrix [N, k] with column names, times =
#'   Date/POSIXct (sorted, unique) or NULL, tsp = c(start, end, frequency) when
#'   there are no times, kind, periods (msts), tz, index (column name),
#'   index_class, class (of `y`), vector (a zoo/xts/ts without dim), sorted
#'   (TRUE when rows were reordered)).
#' @noRd
cal_extract <- function(y, index = NULL, call = sys.call(-1), name = "y",
                        allow_duplicates = FALSE) {
  if (is.null(y) || NROW(y) == 0L)
    rec_abort(sprintf("`%s` must be a non-empty series, not %s.", name,
                      if (is.null(y)) "NULL" else describe(y)), call = call)
  out <- list(values = NULL, times = NULL, tsp = NULL, kind = NULL, periods = NULL,
              tz = NULL, index = NULL, index_class = NULL, class = class(y),
              vector = is.null(dim(y)), sorted = FALSE)
  idx <- NULL
  if (inherits(y, "tbl_ts")) {
    if (!requireNamespace("tsibble", quietly = TRUE))
      rec_abort("A tsibble `y` needs the tsibble package installed.", call = call)
    keys <- tsibble::key_vars(y)
    if (length(keys))
      rec_abort(sprintf(paste0("`%s` is a tsibble with key%s %s, which holds several ",
                               "series; give one series, or fit them as many series."),
                        name, if (length(keys) > 1) "s" else "",
                        paste0("`", keys, "`", collapse = ", ")), call = call)
    out$kind <- "tsibble"
    out$index <- tsibble::index_var(y)
    df <- as.data.frame(y)
    idx <- df[[out$index]]
    # other date/time columns (a Date beside a POSIXct index) are not values,
    # as for a data frame
    is_time <- vapply(df, function(col) inherits(col, cal_time_classes), logical(1))
    out$values <- cal_numeric_matrix(df[setdiff(names(df)[!is_time], out$index)], name, call)
  } else if (inherits(y, "zoo")) {
    if (!requireNamespace("zoo", quietly = TRUE))
      rec_abort("A zoo or xts `y` needs the zoo package installed.", call = call)
    out$kind <- if (inherits(y, "xts")) "xts" else "zoo"
    idx <- zoo::index(y)
    out$values <- cal_numeric_matrix(zoo::coredata(y), name, call)
  } else if (stats::is.ts(y)) {
    out$kind <- if (inherits(y, "msts")) "msts" else "ts"
    out$tsp <- stats::tsp(y)
    out$periods <- attr(y, "msts")
    v <- unclass(y)
    attr(v, "tsp") <- NULL
    attr(v, "msts") <- NULL
    out$values <- cal_numeric_matrix(v, name, call)
  } else if (is.data.frame(y)) {
    out$kind <- "df"
    out$index <- cal_index_column(y, index, name, call)
    if (!is.null(out$index)) idx <- y[[out$index]]
    # other date/time columns (when `index` names one) are not values
    is_time <- vapply(y, function(col) inherits(col, cal_time_classes), logical(1))
    out$values <- cal_numeric_matrix(as.data.frame(y)[names(y)[!is_time]], name, call)
  } else {
    out$kind <- if (is.null(dim(y))) "vector" else "matrix"
    out$values <- cal_numeric_matrix(y, name, call)
  }
  out$names <- colnames(out$values)
  if (is.null(idx)) {
    if (is.null(out$tsp)) out$tsp <- c(1, nrow(out$values), 1)
    return(out)
  }
  out$index_class <- class(idx)
  if (is.numeric(idx) && !inherits(idx, cal_time_classes)) {
    # a numeric index (zoo, tsibble of years): a ts time axis if evenly spaced
    d <- unique(round(diff(as.double(idx)), 8))
    if (anyNA(idx) || length(d) > 1L || any(d <= 0))
      rec_abort(sprintf("The numeric time index of `%s` must be increasing in equal steps.",
                        name), call = call)
    out$tsp <- c(idx[1], idx[length(idx)], if (length(d)) 1 / d else 1)
    return(out)
  }
  if (!inherits(idx, cal_time_classes))
    rec_abort(sprintf("The time index of `%s` must be Date or POSIXct, not %s.", name,
                      class(idx)[1]), call = call)
  times <- cal_as_time(idx)
  out$tz <- cal_tz(times)
  if (anyNA(times))
    rec_abort(sprintf("`%s` has %d missing timestamp%s, in row%s %s; every row needs a time.",
                      name, sum(is.na(times)), if (sum(is.na(times)) > 1) "s" else "",
                      if (sum(is.na(times)) > 1) "s" else "", cal_show(which(is.na(times)))),
              call = call)
  if (is.unsorted(times)) {
    o <- order(times)
    times <- times[o]
    out$values <- out$values[o, , drop = FALSE]
    out$sorted <- TRUE
  }
  dup <- duplicated(times)
  if (any(dup) && !allow_duplicates) {
    u <- unique(times[dup])
    key <- if (out$kind == "df") cal_stacked_by(out$values, times)
    rec_abort(sprintf(paste0("`%s` has %d duplicated timestamp%s (%s); each time may ",
                             "appear once: %s"),
                      name, length(u), if (length(u) > 1) "s" else "", cal_show(u),
                      if (!is.null(key))
                        sprintf(paste0("several series stacked by `%s`? Name it with ",
                                       "`key = \"%s\"` (and the column to forecast with `value`)."),
                                key, key)
                      else if (out$kind == "df" &&
                               cal_exact_copies(data.frame(as.double(times), out$values), dup))
                        sprintf(paste0("these rows repeat others exactly (the same time and values, as ",
                                       "when downloads overlap): `%s <- unique(%s)` drops them."), name, name)
                      else "aggregate them first, or use `regularise = TRUE` to average them."),
              call = call)
  }
  out$times <- times
  out
}

# Whether every row flagged `dup` (a duplicated time, or key and time) of the
# data frame `rows` (time and values, or the whole frame) repeats an earlier
# row exactly (NA as NA): copies, as overlapping downloads leave them.
cal_exact_copies <- function(rows, dup) all(duplicated(rows)[dup])

# ---------------------------------------------------------------------------
# Local calendar fields and grid positions

# Day numbers (days since 1970-01-01 of the local date), seconds since local
# midnight, weekday (Monday = 0), month number (year * 12 + month - 1), day of
# month and days in that month.
cal_local <- function(times, tz = cal_tz(times)) {
  if (inherits(times, "Date")) {
    lt <- as.POSIXlt(times)
    day <- floor(as.double(unclass(times)))
    sec <- numeric(length(times))
  } else {
    lt <- as.POSIXlt(times, tz = tz)
    day <- as.double(unclass(as.Date(lt)))
    sec <- lt$hour * 3600 + lt$min * 60 + lt$sec
  }
  month <- (lt$year + 1900) * 12 + lt$mon
  list(day = day, sec = sec, wday = (lt$wday + 6) %% 7, month = month, mday = lt$mday,
       dim = cal_month_days(month))
}

cal_month_first <- function(month) {
  as.double(unclass(as.Date(sprintf("%04d-%02d-01", month %/% 12, month %% 12 + 1))))
}

cal_month_days <- function(month) {
  u <- unique(month)
  (cal_month_first(u + 1) - cal_month_first(u))[match(month, u)]
}

# Business-day number of a day number: the days of the week in `wdays`
# (0 Monday .. 6 Sunday; Monday to Friday unless a calendar says otherwise)
# count 0, 1, 2, ... from the week of Monday 1970-01-05; another day sits half
# a step after the last counted day before it (a Saturday or Sunday after its
# Friday).
cal_bday <- function(day, wdays = 0:4) {
  d <- day - 4
  wd <- d %% 7
  before <- findInterval(wd, wdays)   # counted days up to and including wd
  (d %/% 7) * length(wdays) + before - 1 + (!wd %in% wdays) * 0.5
}

cal_bday_day <- function(bd, wdays = 0:4) {
  k <- length(wdays)
  4 + (bd %/% k) * 7 + wdays[bd %% k + 1]
}

# Whether the calendar's missing steps are left out rather than inserted
# (holidays of business days, closed days and missing bars of sessions).
cal_skips <- function(cal) cal$unit == "bday" || !is.null(cal$session)

# The days of the week a business-day calendar counts (0 Monday .. 6 Sunday).
cal_wdays <- function(cal) cal$wdays %||% 0:4

# The days of the week a calendar has steps on, for learning its holidays:
# a session's days with bars, else its business days (cal_wdays()).
cal_open_wdays <- function(cal) cal$session$wdays %||% cal_wdays(cal)

# The days of the week (0 Monday .. 6 Sunday) of day-level timestamps `lt`
# (cal_local()) when they skip the same days every week: Monday to Friday
# when no other day occurs (as business days always were); otherwise the
# four to six days that occur, over at least four weeks (shops closed on
# Sundays, markets open Sunday to Thursday). NULL for other timestamps.
cal_week_days <- function(lt) {
  w <- sort(unique(lt$wday))
  if (all(w < 5)) return(0:4)
  if (length(w) < 4L || length(w) > 6L || (max(lt$day) - min(lt$day) + 1) < 28) return(NULL)
  as.integer(w)
}

# "Monday to Saturday", "Sunday to Thursday" (a run of days, Sunday may come
# first) or the days listed.
cal_wdays_label <- function(w) {
  nm <- c("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
  for (start in w) {
    run <- (start + seq_along(w) - 1L) %% 7L
    if (setequal(run, w)) return(sprintf("%s to %s", nm[start + 1], nm[run[length(run)] + 1]))
  }
  paste(nm[w + 1], collapse = ", ")
}

# Trading sessions and opening hours: sub-daily data observed at the same
# times of day (`tods`, seconds after local midnight, on a grid of `st`
# seconds, a lunch break allowed, less than the whole day) on the same days of the week
# (`wdays`, as business days; all seven when every day has them), e.g. hourly
# bars from 09:30 to 15:30 on business days. Their grid is those bars only:
# nights, closed days and holidays are not missing values. NULL for other
# data (fewer than 5 days, or times of day off a grid of `st`).
cal_session_of <- function(lt, st) {
  days <- unique(lt$day)
  if (length(days) < 5L) return(NULL)
  tods <- sort(unique(lt$sec))
  steps <- diff(tods) / st
  if (length(tods) < 2L || any(abs(steps - round(steps)) > 1e-6) ||
      length(tods) * st > 86400 - st) return(NULL)
  w <- sort(unique(lt$wday))
  wdays <- if (length(w) == 7L) 0:6 else cal_week_days(lt)
  if (is.null(wdays)) return(NULL)
  list(tods = tods, wdays = as.integer(wdays))
}

# Bar number of each timestamp on a session calendar: the bars of counted
# days count 0, 1, 2, ...; a time between bars, or on a day without bars,
# sits half a bar after the last bar before it.
cal_session_bar <- function(cal, times) {
  ses <- cal$session
  nb <- length(ses$tods)
  lt <- cal_local(times, cal$tz)
  bd <- cal_bday(lt$day, ses$wdays)
  closed <- bd != floor(bd)
  k <- findInterval(lt$sec, ses$tods)
  on <- abs(lt$sec - ses$tods[pmax(k, 1L)]) < 1e-6 & k > 0
  ifelse(closed, floor(bd) * nb + nb - 0.5, floor(bd) * nb + k - 1 + (!on) * 0.5)
}

# Seasonal periods of a session calendar of n bars: the day (its bars), the
# week and the year.
cal_session_seasonality <- function(ses, n) {
  nb <- length(ses$tods)
  per <- c(day = nb, week = nb * length(ses$wdays), year = nb * 365.25 * length(ses$wdays) / 7)
  list(frequency = nb, periods = per[per >= 2 & n >= 2 * per])
}

cal_months_per <- c(month = 1, quarter = 3, year = 12)
cal_secs_per <- c(sec = 1, min = 60, hour = 3600)

cal_anchor_day <- function(anchor, dim) if (identical(anchor, "end")) dim else pmin(anchor, dim)

# Grid position of each timestamp (0 at the origin, 1 a step later); off-grid
# timestamps get fractional positions whose floor is the grid cell holding them.
cal_pos <- function(cal, times) {
  u <- cal$unit
  if (u == "ts") return((as.double(times) - cal$origin) * cal$frequency)
  if (!is.null(cal$session))
    return(cal_session_bar(cal, times) - cal_session_bar(cal, cal$origin))
  if (u %in% names(cal_secs_per))
    return((as.double(times) - as.double(cal$origin)) / (cal_secs_per[[u]] * cal$step))
  lt <- cal_local(times, cal$tz)
  o <- cal_local(cal$origin, cal$tz)
  frac <- (lt$sec - (cal$tod %||% 0)) / 86400
  switch(u,
    day = (lt$day + frac - o$day) / cal$step,
    week = (lt$day + frac - o$day) / (7 * cal$step),
    bday = (cal_bday(lt$day, cal_wdays(cal)) + frac - cal_bday(o$day, cal_wdays(cal))) / cal$step,
    {
      sm <- cal_months_per[[u]] * cal$step
      off <- lt$mday != cal_anchor_day(cal$anchor, lt$dim) | frac != 0
      (lt$month - o$month + 0.5 * off) / sm
    })
}

# Timestamps at integer grid positions.
cal_at <- function(cal, pos) {
  u <- cal$unit
  if (u == "ts") return(cal$origin + pos / cal$frequency)
  if (!is.null(cal$session)) {
    ses <- cal$session
    nb <- length(ses$tods)
    bar <- cal_session_bar(cal, cal$origin) + pos
    at <- cal
    at$tod <- ses$tods[bar %% nb + 1]
    return(cal_day_time(cal_bday_day(bar %/% nb, ses$wdays), at))
  }
  if (u %in% names(cal_secs_per))
    return(.POSIXct(as.double(cal$origin) + pos * cal_secs_per[[u]] * cal$step, tz = cal$tz))
  o <- cal_local(cal$origin, cal$tz)
  day <- switch(u,
    day = o$day + pos * cal$step,
    week = o$day + pos * 7 * cal$step,
    bday = cal_bday_day(cal_bday(o$day, cal_wdays(cal)) + pos * cal$step, cal_wdays(cal)),
    {
      m <- o$month + pos * cal_months_per[[u]] * cal$step
      cal_month_first(m) + cal_anchor_day(cal$anchor, cal_month_days(m)) - 1
    })
  cal_day_time(day, cal)
}

# Day numbers to the calendar's class: Dates, or POSIXct at the calendar's time
# of day on those local dates (the same clock time across DST changes).
cal_day_time <- function(day, cal) {
  d <- structure(as.double(day), class = "Date")
  if (cal$class == "Date") return(d)
  tod <- cal$tod %||% 0
  whole <- floor(tod)
  s <- sprintf("%s %02d:%02d:%02d", format(d), whole %/% 3600, (whole %% 3600) %/% 60,
               whole %% 60)
  out <- as.POSIXct(s, tz = cal$tz, format = "%Y-%m-%d %H:%M:%S") + (tod - whole)
  bad <- is.na(out)  # a clock time that does not exist that day (DST gap)
  if (any(bad)) out[bad] <- as.POSIXct(format(d[bad]), tz = cal$tz) + tod
  if (!is.null(cal$out_tz)) attr(out, "tzone") <- cal$out_tz
  out
}

# ---------------------------------------------------------------------------
# Inference

cal_mode <- function(x) {
  u <- sort(unique(x))
  u[which.max(tabulate(match(x, u)))]
}

cal_unit_label <- function(cal) {
  u <- cal$unit
  if (!is.null(cal$session)) {
    ses <- cal$session
    hm <- function(x) sprintf("%02d:%02d", x %/% 3600, (x %% 3600) %/% 60)
    bars <- cal
    bars$session <- NULL
    days <- if (length(ses$wdays) == 7L) "every day" else if (identical(ses$wdays, 0:4))
      "business days" else cal_wdays_label(ses$wdays)
    return(sprintf("%s, %s to %s, %s", cal_unit_label(bars), hm(ses$tods[1]),
                   hm(ses$tods[length(ses$tods)]), days))
  }
  if (u == "bday" && !is.null(cal$wdays)) {
    days <- sprintf("%d days a week (%s)", length(cal$wdays), cal_wdays_label(cal$wdays))
    return(if (cal$step == 1) days else sprintf("every %s of %s", format(cal$step), days))
  }
  if (cal$step == 1)
    return(c(sec = "every second", min = "every minute", hour = "hourly", day = "daily",
             bday = "business days (Monday to Friday)", week = "weekly",
             month = "monthly", quarter = "quarterly", year = "yearly")[[u]])
  plural <- c(sec = "seconds", min = "minutes", hour = "hours", day = "days",
              bday = "business days", week = "weeks", month = "months",
              quarter = "quarters", year = "years")[[u]]
  sprintf("every %s %s", format(cal$step), plural)
}

# Human units for a vector of gaps in seconds (or days).
cal_describe_gaps <- function(gap, in_days) {
  secs <- if (in_days) gap * 86400 else gap
  m <- stats::median(secs)
  div <- if (m >= 86400) c(day = 86400) else if (m >= 3600) c(hour = 3600) else
    if (m >= 60) c(minute = 60) else c(second = 1)
  f <- function(v) {
    v <- signif(v / div, 3)
    paste(format(v), if (v == 1) names(div) else paste0(names(div), "s"))
  }
  sprintf("gaps range from %s to %s, median %s", f(min(secs)), f(max(secs)), f(m))
}

# The best-fitting grid for sorted unique times; its `regular` says whether the
# times fit it (all on the grid, at most 5% of its steps missing).
cal_candidate <- function(times, regularise) {
  is_date <- inherits(times, "Date")
  tz <- cal_tz(times)
  lt <- cal_local(times, tz)
  out_tz <- NULL
  if (!is_date && any(lt$sec != lt$sec[1]) && length(unique(as.double(times) %% 86400)) == 1L &&
      min(diff(as.double(times))) >= 86400) {
    # days at one UTC time shown in a zone with DST (UTC midnights seen from
    # Berlin): count the calendar in UTC, give the times back in their zone
    out_tz <- tz
    tz <- "UTC"
    lt <- cal_local(times, tz)
  }
  cal <- list(unit = NA_character_, step = 1, class = if (is_date) "Date" else "POSIXct",
              tz = tz, tod = NULL, anchor = NULL, origin = times[1], out_tz = out_tz,
              wdays = NULL, session = NULL)
  secs <- as.double(times)
  dsec <- diff(secs)
  day_level <- is_date || (all(lt$sec == lt$sec[1]) && min(dsec) >= 82800)
  if (!day_level) {
    st <- cal_mode(round(dsec, 3))
    if (mean(dsec == st) < 0.5 && regularise) {
      nice <- c(1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600,
                7200, 10800, 14400, 21600, 43200, 86400)
      st <- nice[which.min(abs(log(nice / mean(dsec))))]
    }
    if (st >= 86400) {
      day_level <- TRUE  # regularising sub-daily times onto days
      cal$tod <- 0
      cal$origin <- cal_day_time(lt$day[1], cal)
    } else {
      cal$unit <- if (st %% 3600 == 0) "hour" else if (st %% 60 == 0) "min" else "sec"
      cal$step <- st / cal_secs_per[[cal$unit]]
      cal$session <- cal_session_of(lt, st)
      if (regularise && 86400 %% st == 0 && is.null(cal$session))
        cal$origin <- times[1] - lt$sec[1] %% st
    }
  } else if (!is_date) {
    cal$tod <- lt$sec[1]
  }
  if (day_level) {
    dd <- diff(lt$day)
    same <- lt$mday == lt$mday[1]
    ends <- lt$mday == lt$dim
    D <- max(lt$mday)
    month_ok <- all(same) || all(ends) || all(lt$mday == pmin(D, lt$dim))
    rough <- regularise && mean(dd == cal_mode(dd)) < 0.5
    if (min(dd) >= 28 && (month_ok || !all(dd %% 7 == 0)) ||
        rough && mean(dd) >= 21) {
      md <- diff(lt$month)
      st <- if (any(md > 0)) cal_mode(md[md > 0]) else 0
      if (!month_ok && rough || st == 0) {
        st <- if (mean(dd) >= 250) 12 else if (mean(dd) >= 75) 3 else 1
      }
      cal$unit <- if (st %% 12 == 0) "year" else if (st %% 3 == 0) "quarter" else "month"
      cal$step <- st / cal_months_per[[cal$unit]]
      cal$anchor <- if (!month_ok) 1 else if (all(same)) lt$mday[1] else
        if (all(ends)) "end" else D
      if (!month_ok) cal$origin <- cal_day_time(cal_month_first(lt$month[1]), cal)
    } else if (min(dd) >= 7 && all(dd %% 7 == 0)) {
      cal$unit <- "week"
      cal$step <- cal_mode(dd) / 7
    } else if (!is.null(wd <- cal_week_days(lt)) && any(diff(cal_bday(lt$day, wd)) < dd)) {
      cal$unit <- "bday"
      if (!identical(wd, 0:4)) cal$wdays <- wd
      cal$step <- cal_mode(diff(cal_bday(lt$day, wd)))
    } else {
      cal$unit <- if (rough && mean(dd) >= 5) "week" else "day"
      cal$step <- if (cal$unit == "week" || !any(dd > 0)) 1 else cal_mode(dd[dd > 0])
      if (regularise && mean(dd == cal$step) < 0.5) cal$step <- 1
    }
  }
  pos <- cal_pos(cal, times)
  on_grid <- abs(pos - round(pos)) < 1e-6
  cells <- sort(unique(cal_cell(cal, pos)))
  span <- cells[length(cells)] - cells[1] + 1
  cal$gaps <- span - length(cells)
  seas <- if (!is.null(cal$session)) cal_session_seasonality(cal$session, span) else
    cal_seasonality(cal$unit, cal$step, if (cal$unit == "bday") length(cells) else span,
                    length(cal_wdays(cal)))
  cal$frequency <- seas$frequency
  cal$periods <- seas$periods
  # the longest run of missing steps, and the last timestamp before it
  run <- diff(cells) - 1
  cal$longest <- if (length(run)) max(run) else 0
  cal$longest_after <- cal_at(cal, cells[which.max(c(run, -1))])
  cal$longest_max <- max(2 * seas$frequency, 5)
  # missing steps allowed: 5% of the grid; business days at least 4 (three
  # months of closes around the year's end hold 4 exchange holidays, 6%)
  cal$gaps_max <- if (cal$unit == "bday") max(0.05 * span, 4) else 0.05 * span
  cal$regular <- all(on_grid) && cal$gaps <= cal$gaps_max && cal$longest <= cal$longest_max
  cal$off_grid <- times[!on_grid]
  cal$span <- span
  cal
}

#' Infer a regular calendar from timestamps
#'
#' @param times sorted Date or POSIXct (duplicates are ignored here).
#' @param regularise if TRUE, irregular timestamps do not raise an error: the
#'   closest grid is returned with `regular = FALSE` (cal_regularise() maps the
#'   data onto it).
#' @return the calendar (see the top of this file).
#' @noRd
cal_infer <- function(times, call = sys.call(-1), regularise = FALSE, name = "y") {
  if (!inherits(times, c("Date", "POSIXct")))
    rec_abort(sprintf("The timestamps of `%s` must be Date or POSIXct, not %s.", name,
                      describe(times)), call = call)
  times <- unique(times)
  if (length(times) < 2L)
    rec_abort(sprintf("`%s` needs at least 2 distinct timestamps to infer its calendar, not %d.",
                      name, length(times)), call = call)
  if (is.unsorted(times)) times <- sort(times)
  cal <- cal_candidate(times, regularise)
  if (!cal$regular && !regularise) {
    # name the grid `regularise = TRUE` would use: where no step dominates
    # (jittered readings) the commonest gap is a chance value, e.g. 3590 s
    rc <- cal_candidate(times, TRUE)
    if (!rc$regular) cal <- rc
    in_days <- inherits(times, "Date")
    gaps <- diff(as.double(times))
    why <- if (length(cal$off_grid))
      sprintf("%d timestamp%s (%s) fall off that grid", length(cal$off_grid),
              if (length(cal$off_grid) > 1) "s" else "", cal_show(cal$off_grid, 3L))
    else if (cal$gaps > cal$gaps_max)
      sprintf("%d of its %d steps (%.0f%%) would be missing", cal$gaps, cal$span,
              100 * cal$gaps / cal$span)
    else sprintf("%d steps in a row would be missing after %s (at most %d allowed)",
                 cal$longest, cal_show(cal$longest_after), floor(cal$longest_max))
    rec_abort(sprintf(paste0("The timestamps of `%s` are irregular: %s. The closest ",
                             "regular calendar is %s, but %s. Use `regularise = TRUE` to ",
                             "average and interpolate the series onto that grid."),
                      name, cal_describe_gaps(gaps, in_days), cal_unit_label(cal), why),
              class = "recurrent_irregular_time", call = call)
  }
  # business days and sessions: the holidays their recurring gaps show
  # (forecast-holidays.R); a session's days are those with a bar
  if (cal_has_holidays(cal))
    cal$holidays <- cal_learn_holidays(unique(cal_local(times, cal$tz)$day), cal_open_wdays(cal))
  cal[c("unit", "step", "frequency", "periods", "gaps", "regular", "class", "tz", "tod",
        "anchor", "origin", "out_tz", "wdays", "session", "holidays")]
}

#' Seasonal periods of a calendar
#'
#' `frequency` is the main period (ts semantics: seasonal naive lag, lookback):
#' sub-daily: steps per day (hourly 24, 15-min 96); daily 7; business days 5;
#' weekly 52 (the integer part of 365.25 / 7, the Fourier "year" period keeps
#' 52.18); monthly 12; quarterly 4; yearly 1 (divided by `step` for multi-unit
#' steps). `periods` are the cycles (day, week, year) lasting at least 2 steps
#' that the series covers at least twice, in steps: daily 7 and 365.25; hourly 24,
#' 168 and 8766; business days 5 and 260.9 (365.25 * 5 / 7); weekly 52.18.
#' @noRd
cal_seasonality <- function(unit, step, n, week = 5) {
  per <- switch(unit,
    sec = , min = , hour = c(day = 86400, week = 604800, year = 365.25 * 86400) /
      (cal_secs_per[[unit]] * step),
    day = c(week = 7, year = 365.25) / step,
    bday = c(week = week, year = 365.25 * week / 7) / step,
    week = c(year = 365.25 / 7) / step,
    month = , quarter = c(year = 12 / cal_months_per[[unit]]) / step,
    year = numeric(0))
  freq <- switch(unit,
    sec = , min = , hour = per[["day"]],
    day = if (step == 1) 7 else per[["year"]],
    bday = per[["week"]],
    week = floor(52 / step),
    month = , quarter = per[["year"]],
    year = 1 / step)
  list(frequency = freq, periods = per[per >= 2 & n >= 2 * per])
}

# Calendar of a series without timestamps: its ts time axis.
cal_from_tsp <- function(tsp, periods = NULL, n = NULL) {
  f <- tsp[3]
  if (is.null(periods) && f > 1) periods <- f
  if (!is.null(n)) periods <- periods[periods >= 2 & n >= 2 * periods]
  list(unit = "ts", step = 1, frequency = f, periods = periods, gaps = 0, regular = TRUE,
       class = "numeric", tz = NULL, tod = NULL, anchor = NULL, origin = tsp[1])
}

# The numeric column of `values` [n, k] that looks like the key of series
# stacked in a data frame (a station number): few distinct values, each with
# at least 3 rows, and no time twice for one value; the one with the fewest
# values, or NULL. Only for the message on duplicated times: averaging them
# (`regularise`) would mix the series.
cal_stacked_by <- function(values, times) {
  n <- nrow(values)
  nk <- vapply(seq_len(ncol(values)), function(j) length(unique(values[, j])), 0)
  ok <- vapply(seq_len(ncol(values)), function(j) {
    v <- values[, j]
    nk[j] >= 2L && nk[j] <= n / 3 && !anyNA(v) && min(table(v)) >= 3L &&
      !anyDuplicated(data.frame(v, as.double(times)))
  }, NA)
  if (!any(ok)) return(NULL)
  colnames(values)[which(ok)[which.min(nk[ok])]]
}

# ---------------------------------------------------------------------------
# Future timestamps, covariates, regularising

# Whether a calendar learns holidays from its missing days: business days
# counted one at a time, and sessions (their days with bars).
cal_has_holidays <- function(cal) {
  !is.null(cal$session) || (cal$unit == "bday" && cal$step == 1)
}

#' The next h timestamps after last_time on the calendar
#'
#' Business days (and sessions' bars) skip weekends and the holidays learnt
#' from the series' own recurring gaps (cal_learn_holidays(); none from under two years of data);
#' months keep their day of month, or the month end; sub-daily steps are exact
#' seconds, day-level steps keep the clock time across DST changes. For a "ts"
#' calendar the times are numeric ts times.
#' @noRd
cal_next <- function(cal, last_time, h, call = sys.call(-1)) {
  h <- check_int(h, "h", min = 0, max = 1e6, call = call)
  if (length(last_time) != 1L || is.na(last_time))
    rec_abort(sprintf("`last_time` must be one timestamp, not %s.", describe(last_time)),
              call = call)
  if (h == 0L) return(cal_at(cal, numeric(0)))
  at <- cal_cell(cal, cal_pos(cal, last_time))
  if (!cal_has_holidays(cal) || is.null(cal$holidays)) return(cal_at(cal, at + seq_len(h)))
  # business days (or a session's bars, nb a day) with learnt holidays: the
  # next h counted steps not on holidays (at most about 10 days a year, so
  # h + h / 10 + 15 days' steps hold them)
  nb <- length(cal$session$tods %||% 1)
  n <- h + (h %/% (10L * nb) + 15L) * nb
  repeat {
    times <- cal_at(cal, at + seq_len(n))
    day <- cal_local(times, cal$tz)$day
    ok <- !day %in% cal_holidays_between(cal$holidays, min(day), max(day))
    if (sum(ok) >= h) return(times[ok][seq_len(h)])
    n <- 2L * n
  }
}

# Position of each timestamp within a named cycle, in [0, 1): the time of day,
# the day of week (Monday 0) plus time of day, or the month of year plus its
# elapsed fraction (so each month is exactly 1/12 of a year and monthly and
# quarterly data get exactly periodic terms).
cal_phase <- function(times, cycle) {
  lt <- cal_local(times)
  dayf <- lt$sec / 86400
  switch(cycle,
    day = dayf,
    week = (lt$wday + dayf) / 7,
    year = (lt$month %% 12 + (lt$mday - 1 + dayf) / lt$dim) / 12)
}

#' Fourier terms of seasonal periods at given times
#'
#' @param times Date/POSIXct (then `periods` must be named by cycle: "day",
#'   "week" or "year", and the terms are functions of the timestamp alone:
#'   hour of day, day of week, day of year), or numeric times (ts time, whose
#'   step number is `times * frequency`; the terms are functions of that step
#'   number).
#' @param periods seasonal periods in steps, e.g. cal$periods.
#' @param K harmonics per period (recycled), capped at period / 2; the sine at
#'   exactly period / 2 is dropped (it is zero on the grid).
#' @return numeric matrix [length(times), ...], columns "sin1_week",
#'   "cos1_week", ... (numeric periods unnamed: "sin1_p24").
#' @noRd
cal_fourier <- function(times, periods, K, frequency = 1, call = sys.call(-1)) {
  n <- length(times)
  if (!length(periods)) return(matrix(0, n, 0))
  if (!is.numeric(K) || !length(K) || anyNA(K) || any(K < 0) || any(K != round(K)))
    rec_abort(sprintf("`K` must hold non-negative whole numbers, not %s.", describe(K)),
              call = call)
  K <- pmin(rep_len(K, length(periods)), floor(periods / 2))
  dated <- inherits(times, c("Date", "POSIXct"))
  nm <- names(periods)
  if (dated) {
    bad <- is.null(nm) || !all(nm %in% c("day", "week", "year"))
    if (bad)
      rec_abort(sprintf(paste0("Fourier terms of dated times need periods named by cycle ",
                               "(\"day\", \"week\", \"year\"), not %s."),
                        if (is.null(nm)) "unnamed periods" else
                          paste0("\"", nm, "\"", collapse = ", ")), call = call)
  } else if (is.null(nm)) {
    nm <- paste0("p", format(periods, trim = TRUE))
  }
  cols <- list()
  for (i in seq_along(periods)) {
    if (K[i] == 0) next
    phase <- if (dated) cal_phase(times, nm[i]) else as.double(times) * frequency / periods[i]
    for (k in seq_len(K[i])) {
      if (2 * k != periods[i]) cols[[sprintf("sin%d_%s", k, nm[i])]] <- sin(2 * pi * k * phase)
      cols[[sprintf("cos%d_%s", k, nm[i])]] <- cos(2 * pi * k * phase)
    }
  }
  if (!length(cols)) return(matrix(0, n, 0))
  m <- matrix(unlist(cols, use.names = FALSE), n, length(cols))
  colnames(m) <- names(cols)
  m
}

# The grid cell of positions `pos` (cal_pos()): the step they fall in. A
# sub-daily reading up to 1% of a step before a grid time (a logger's clock
# a few seconds early: 00:59:57 on an hourly grid) belongs to that time, not
# to the step before it, where `regularise` would average it with the
# previous reading and interpolate the hour it was meant for.
cal_cell <- function(cal, pos) {
  floor(pos + if (isTRUE(cal$unit %in% c("sec", "min", "hour"))) 0.01 else 1e-6)
}

# Observations mapped onto the full grid: rows averaged within each cell,
# empty cells filled by linear interpolation (`fill = TRUE`) or left NA. A
# missing value counts as no observation: averaged away where its cell has
# others, and with `fill` interpolated where it has none (a cell holding only
# NA is as empty as a cell with no row).
# Business-day and session cells with no observation (holidays, missing
# bars) are left out (cal_skips()).
cal_regularise <- function(values, times, cal, fill = TRUE) {
  cell <- cal_cell(cal, cal_pos(cal, times))
  cells <- if (cal_skips(cal)) sort(unique(cell)) else seq(min(cell), max(cell))
  s <- rowsum(values, cell, na.rm = TRUE, reorder = TRUE)
  cnt <- rowsum((!is.na(values)) + 0, cell, reorder = TRUE)
  avg <- s / cnt
  avg[cnt == 0] <- NA
  rows <- match(cells, as.double(rownames(s)))
  out <- matrix(NA_real_, length(cells), ncol(values), dimnames = list(NULL, colnames(values)))
  out[!is.na(rows), ] <- avg[rows[!is.na(rows)], , drop = FALSE]
  empty <- if (fill) rowSums(is.na(out)) > 0 else is.na(rows)
  if (fill && any(empty)) {
    # steps before the first value stay missing: the series starts at its
    # first value (fc_leading_missing(), fc_input_series())
    after <- seq_len(nrow(out)) > fc_leading_missing(out)
    for (j in seq_len(ncol(out))) {
      ok <- !is.na(out[, j])
      todo <- !ok & after
      if (sum(ok) >= 2L)
        out[todo, j] <- stats::approx(cells[ok], out[ok, j], xout = cells[todo], rule = 2)$y
      else if (sum(ok) == 1L) out[todo, j] <- out[ok, j]
    }
  }
  list(values = out, times = cal_at(cal, cells), empty = cal_at(cal, cells[empty]),
       merged = length(cell) - length(unique(cell)))
}

#' Extract, infer and put a series on its calendar
#'
#' @return list(values, times (Date/POSIXct, or numeric ts times), cal, meta
#'   (cal_extract() result without values and times: for cal_restore()),
#'   filled (timestamps inserted: NA rows, or interpolated with regularise),
#'   merged (rows averaged into others by regularising)).
#' @noRd
cal_prepare <- function(y, index = NULL, regularise = FALSE, call = sys.call(-1),
                        name = "y", fill = regularise) {
  regularise <- check_flag(regularise, "regularise", call = call)
  ext <- cal_extract(y, index, call = call, name = name, allow_duplicates = regularise)
  meta <- ext[setdiff(names(ext), c("values", "times"))]
  if (is.null(ext$times)) {
    n <- nrow(ext$values)
    cal <- cal_from_tsp(ext$tsp, ext$periods, n)
    return(list(values = ext$values, times = cal_at(cal, seq_len(n) - 1), cal = cal,
                meta = meta, filled = numeric(0), merged = 0L))
  }
  cal <- cal_infer(ext$times, call = call, regularise = regularise, name = name)
  reg <- if (regularise || cal$gaps > 0 && !cal_skips(cal))
    cal_regularise(ext$values, ext$times, cal, fill = fill)
  if (is.null(reg))
    return(list(values = ext$values, times = ext$times, cal = cal, meta = meta,
                filled = ext$times[0], merged = 0L))
  list(values = reg$values, times = reg$times, cal = cal, meta = meta, filled = reg$empty,
       merged = reg$merged)
}

# ---------------------------------------------------------------------------
# Back to the user's classes, and labels

#' Forecast values and timestamps in the class the user gave
#'
#' @param values numeric vector or matrix [h, k] (columns named like the series).
#' @param times the forecast timestamps (cal_next()): Date/POSIXct, or numeric
#'   ts times for ts input (NULL: continue after the end of the series).
#' @param like cal_prepare()$meta or cal_extract() result (or the original
#'   series, which is then extracted).
#' @noRd
cal_restore <- function(values, times, like) {
  if (!is.list(like) || is.data.frame(like) || is.null(like$kind)) like <- cal_extract(like)
  m <- if (is.null(dim(values))) matrix(values, ncol = 1L) else as.matrix(values)
  if (is.null(colnames(m)) && length(like$names) == ncol(m)) colnames(m) <- like$names
  single <- ncol(m) == 1L && isTRUE(like$vector)
  switch(like$kind,
    vector = if (ncol(m) == 1L) as.double(m) else m,
    matrix = m,
    ts = , msts = {
      f <- like$tsp[3]
      start <- if (length(times)) as.double(times[1]) else like$tsp[2] + 1 / f
      out <- stats::ts(if (single) as.double(m) else m, start = start, frequency = f)
      if (like$kind == "msts") {
        attr(out, "msts") <- like$periods
        class(out) <- c("msts", "ts")
      }
      out
    },
    xts = xts::xts(m, order.by = cal_index_back(times, like)),
    zoo = zoo::zoo(if (single) as.double(m) else m, order.by = cal_index_back(times, like)),
    df = , tsibble = {
      df <- as.data.frame(m, stringsAsFactors = FALSE)
      if (!is.null(like$index)) {
        df[[like$index]] <- cal_index_back(times, like)
        df <- df[c(like$index, colnames(m))]
      }
      if (like$kind == "tsibble")
        tsibble::as_tsibble(df, index = like$index)
      else if ("tbl_df" %in% like$class && requireNamespace("tibble", quietly = TRUE))
        tibble::as_tibble(df)
      else df
    })
}

# Timestamps back in the class of the user's index (yearmon, yearmonth, ...).
cal_index_back <- function(times, like) {
  ic <- like$index_class
  if (is.null(ic) || is.null(times)) return(times)
  if (is.numeric(times) && !inherits(times, c("Date", "POSIXct"))) return(times)
  if ("yearmon" %in% ic) return(zoo::as.yearmon(times))
  if ("yearqtr" %in% ic) return(zoo::as.yearqtr(times))
  if ("yearmonth" %in% ic) return(tsibble::yearmonth(times))
  if ("yearquarter" %in% ic) return(tsibble::yearquarter(times))
  if ("yearweek" %in% ic) return(tsibble::yearweek(times))
  times
}

# Labels for the timestamps `times` of a calendar `cal` as the user's index
# `like` (cal_extract()) prints them: a tsibble's yearweek as "2022 W17",
# yearmonth as "2022 May", zoo's yearmon as "May 2022" (the weeks would
# otherwise read as the Monday's date); cal_format() for every other index.
cal_labels <- function(times, cal = NULL, like = NULL) {
  if (inherits(times, c("Date", "POSIXct")) && any(cal_period_classes %in% like$index_class))
    return(format(cal_index_back(times, like)))
  cal_format(times, cal)
}

#' Labels for timestamps of a calendar
#'
#' Dates as "2024-01-05", POSIXct with their clock time ("2024-01-05 13:00",
#' seconds when the unit is seconds), monthly as "Jan 2024", quarterly as
#' "2024 Q1", yearly as "2024"; numeric ts times by their frequency (12:
#' "Jan 2024", 4: "2024 Q1", 1: "2024", otherwise the time rounded).
#' @noRd
cal_format <- function(times, cal = NULL) {
  if (!length(times)) return(character(0))
  unit <- cal$unit %||% "day"
  if (!inherits(times, c("Date", "POSIXct"))) {
    f <- cal$frequency %||% 1
    t <- as.double(times)
    if (f %in% c(4, 12)) {
      yr <- floor(t + 1e-8)
      per <- round((t - yr) * f) + 1
      return(if (f == 12) paste(month.abb[per], yr) else paste0(yr, " Q", per))
    }
    return(if (f == 1) format(round(t, 6)) else format(round(t, 3)))
  }
  lt <- cal_local(times, cal$tz %||% cal_tz(times))
  yr <- lt$month %/% 12
  mo <- lt$month %% 12 + 1
  if (unit == "year") return(as.character(yr))
  if (unit == "quarter") return(paste0(yr, " Q", (mo - 1) %/% 3 + 1))
  if (unit == "month" && (identical(cal$anchor, "end") || isTRUE(cal$anchor == 1)))
    return(paste(month.abb[mo], yr))
  if (inherits(times, "Date")) return(format(times, "%Y-%m-%d"))
  fmt <- if (unit == "sec" || any(lt$sec %% 60 != 0)) "%Y-%m-%d %H:%M:%S" else
    if (all(lt$sec == 0) && !unit %in% c("min", "hour")) "%Y-%m-%d" else "%Y-%m-%d %H:%M"
  format(times, fmt, tz = cal$tz %||% cal_tz(times))
}

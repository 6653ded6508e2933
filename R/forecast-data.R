# Forecasting layer, data side: turning user input (vector, ts, matrix/mts,
# data.frame) into a numeric matrix with a time axis, NA handling, default
# lookback/horizon (the panel built from it: forecast-prepare.R, forecast-panel.R).
# Nothing here trains; everything here is deterministic.

# Steps (h, lookback, horizon) beyond `max` are absurd for a recurrent network
# and would only allocate gigabytes or run for hours. NULL means "choose".
fc_check_count <- function(x, name, min = 1L, allow_null = TRUE, max = 1e5, call) {
  if (is.null(x) && allow_null) return(NULL)
  check_int(x, name, min = min, max = max, call = call)
}

# read.csv() leaves a date column as text (or a factor): when a non-numeric
# column reads as dates or times, the error says how to convert it rather than
# only that it is not numeric. The text is not converted here: its format and
# time zone are the user's to state.
fc_text_time_hint <- function(cols, name = "y") {
  for (nm in names(cols)) {
    v <- cols[[nm]]
    if (!is.character(v) && !is.factor(v)) next
    v <- as.character(v)[!is.na(v)]
    if (!length(v)) next
    col <- sprintf("%s$%s", name, nm)
    # ISO weeks ("2016-W01", "2016 W01": tsibble's yearweek written out) and
    # months ("2016-01"), which as.Date() does not read by itself
    if (all(grepl("^[0-9]{4}[- ]?W[0-9]{1,2}$", v)))
      return(sprintf(paste(" Column `%s` holds ISO weeks as text: convert it first, e.g.",
                           "`%s <- as.Date(tsibble::yearweek(%s))` (the Monday of each week)."),
                     nm, col, col))
    if (all(grepl("^[0-9]{4}[-/][0-9]{1,2}$", v)))
      return(sprintf(" Column `%s` holds months as text: convert it first, e.g. `%s <- as.Date(paste0(%s, \"%s01\"))`.",
                     nm, col, col, if (grepl("/", v[1])) "/" else "-"))
    has_time <- any(grepl("[0-9]:[0-9]", v))
    # ISO 8601 with a "T" ("2024-01-01T13:00:00Z", as APIs and JSON write
    # them): as.POSIXct() without a format reads only the date and every
    # hour of a day would become its midnight; a "Z" or an offset after the
    # seconds is ignored by the format, so offsets are named
    if (has_time && all(grepl("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}T[0-9]", v))) {
      off <- any(grepl("[+-][0-9]{2}:?[0-9]{2}$", v))
      secs <- all(grepl("T[0-9]{1,2}:[0-9]{2}:[0-9]{2}", v))
      return(sprintf(paste0(" Column `%s` holds times as text: convert it first, e.g. ",
                            "`%s <- as.POSIXct(%s, format = \"%%Y-%%m-%%dT%%H:%%M%s\", tz = \"UTC\")`%s."),
                     nm, col, col, if (secs) ":%OS" else "",
                     if (off) " (the format ignores offsets such as \"+02:00\": it reads every time as UTC)" else ""))
    }
    # year first, four digits (as.Date() would read "01/02/2024" as the year
    # 1): no format needed ("")
    iso <- all(grepl("^[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}", v))
    d <- suppressWarnings(as.Date(v, optional = TRUE, tryFormats = c("%Y-%m-%d", "%Y/%m/%d")))
    fits <- if (iso && !anyNA(d)) "" else {
      # day and month first (downloads from US or European sites): the
      # formats every value reads in
      day <- sub(" .*", "", v)
      fmts <- c("%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y")
      fmts[vapply(fmts, function(f) !anyNA(as.Date(day, format = f)), NA)]
    }
    if (!length(fits)) next
    fmt <- if (nzchar(fits[1]))
      sprintf(", format = \"%s%s\"", fits[1], if (has_time) " %H:%M" else "") else ""
    return(sprintf(" Column `%s` holds %s as text: convert it first, e.g. `%s <- %s`%s.",
                   nm, if (has_time) "times" else "dates", col,
                   if (has_time) sprintf("as.POSIXct(%s%s, tz = \"UTC\")", col, fmt)
                   else sprintf("as.Date(%s%s)", col, fmt),
                   if (length(fits) > 1L) sprintf(" (or format \"%s%s\": the values read either way)",
                                                  fits[2], if (has_time) " %H:%M" else "") else ""))
  }
  ""
}

# For the error on a data frame's non-numeric columns `cols` beside the
# numeric ones `num` (their names), when they are not dates: a label column
# (text or factor) with one value (a station's name), or a flag (a logical
# holiday column), is left out by naming the column to forecast with
# `value`; a label column with several values tells stacked series apart,
# named by `key`.
fc_label_column_hint <- function(cols, num) {
  if (!length(num) || !length(cols)) return("")
  several <- vapply(cols, function(v) (is.character(v) || is.factor(v)) &&
                      length(unique(v[!is.na(v)])) > 1L, NA)
  if (any(several))
    return(sprintf(" Several series stacked by `%s`? Name it with `key = \"%s\"` (and the column to forecast with `value`).",
                   names(cols)[several][1], names(cols)[several][1]))
  sprintf(" Name the column to forecast with `value`, e.g. `value = \"%s\"`; the others are then left out.",
          num[1])
}

# Coerce `y` to list(Y = numeric matrix [N, k], tsp = c(start, end, freq),
# names = column names, kind = "vector"/"ts"/"matrix"/"data.frame"). Like
# every check of the forecasting layer, errors name `call`, the call of the
# exported function the user made.
fc_as_series <- function(y, name = "y", call) {
  if (is.null(y) || length(y) == 0L || (is.data.frame(y) && nrow(y) == 0L)) {
    rec_abort(sprintf("`%s` must be a non-empty numeric series, not %s.", name,
                     if (is.null(y)) "NULL" else "an empty object"), call = call)
  }
  kind <- "vector"
  tsp <- NULL
  if (stats::is.ts(y)) {
    tsp <- stats::tsp(y)
    kind <- "ts"
  }
  if (is.data.frame(y)) {
    kind <- "data.frame"
    is_time <- vapply(y, function(col) inherits(col, c("Date", "POSIXt")), logical(1))
    y <- y[!is_time]
    bad <- !vapply(y, function(col) is.numeric(col) || is.logical(col) && all(is.na(col)),
                   logical(1))
    if (any(bad)) {
      rec_abort(sprintf("`%s` must have numeric columns only, but column%s %s %s not numeric.%s",
                       name, if (sum(bad) > 1) "s" else "",
                       paste0("`", names(y)[bad], "`", collapse = ", "),
                       if (sum(bad) > 1) "are" else "is", fc_text_time_hint(y[bad], name)),
                call = call)
    }
    if (ncol(y) == 0L) rec_abort(sprintf("`%s` has no numeric column.", name), call = call)
    Y <- as.matrix(y)
    storage.mode(Y) <- "double"
  } else if (is.matrix(y)) {
    if (!is.numeric(y)) {
      rec_abort(sprintf("`%s` must be numeric, not %s.", name, describe(unclass(y))), call = call)
    }
    if (kind == "vector") kind <- "matrix"
    Y <- unclass(y)
    attr(Y, "tsp") <- NULL
    Y <- matrix(as.double(Y), nrow(y), ncol(y), dimnames = dimnames(y))
  } else {
    if (!is.numeric(y) || !is.null(dim(y)) && length(dim(y)) > 2L) {
      rec_abort(sprintf("`%s` must be a numeric vector, ts, matrix or data frame, not %s.",
                       name, describe(y)), call = call)
    }
    Y <- matrix(as.double(y), ncol = 1L)
    colnames(Y) <- NULL
  }
  if (is.null(tsp)) tsp <- c(1, nrow(Y), 1)
  cn <- colnames(Y)
  if (is.null(cn)) cn <- if (ncol(Y) == 1L) "y" else paste0("y", seq_len(ncol(Y)))
  colnames(Y) <- cn
  fc_check_values(Y, name, call)
  list(Y = Y, tsp = tsp, names = cn, kind = kind)
}

# Values of a series or covariate matrix Y that no model can take: infinite
# ones, and any beyond 1e150 in absolute value (the models square them: ridge
# and least-squares fits, variances; the squares would overflow and a fit
# fail deep inside).
fc_check_values <- function(Y, name, call) {
  if (any(is.infinite(Y))) {
    rec_abort(sprintf("`%s` must be finite, but has infinite values at position%s %s.",
                     name, if (sum(is.infinite(Y)) > 1) "s" else "",
                     fc_positions(which(rowSums(is.infinite(Y)) > 0))), call = call)
  }
  big <- suppressWarnings(max(abs(Y), na.rm = TRUE))
  if (is.finite(big) && big > 1e150) {
    back <- if (grepl("xreg", name)) "" else " and multiply the forecasts back"
    rec_abort(sprintf(paste("`%s` has values as large as %s in absolute value; the models square",
                            "them, which overflows beyond about 1e150. Rescale it first (e.g. divide",
                            "by %s)%s."),
                      name, format(big, digits = 3), format(10^floor(log10(big)), digits = 1), back),
              call = call)
  }
}

fc_positions <- function(i, max = 5L) {
  s <- paste(utils::head(i, max), collapse = ", ")
  if (length(i) > max) s <- paste0(s, ", ... (", length(i), " in all)")
  s
}

# Labels of times `tt` on an axis of frequency `freq` ("Jan 1961", "1961 Q1",
# "1961"), for forecast tables and messages.
fc_time_labels <- function(tt, freq) {
  if (freq %in% c(4, 12)) {
    yp <- fc_year_period(tt, freq)
    if (freq == 12) return(paste(month.abb[yp$period], yp$year))
    return(paste0(yp$year, " Q", yp$period))
  }
  if (freq == 1) return(format(round(tt, 6)))
  format(round(tt, 4), nsmall = 2)
}

# Times of a ts as a data frame column: the first day of each month or quarter
# as a Date (sortable and readable, where 2020.083 is neither), whole years as
# numbers, other frequencies as they are (the ts's own time).
fc_period_times <- function(tt, freq) {
  if (!freq %in% c(4, 12)) return(if (freq == 1) round(tt, 6) else tt)
  yp <- fc_year_period(tt, freq)
  as.Date(sprintf("%04d-%02d-01", as.integer(yp$year), as.integer((yp$period - 1) * 12 / freq + 1)))
}

# The year and the period within it (1..freq) of ts times `tt` (a period
# starting exactly on the year may be stored a hair below it).
fc_year_period <- function(tt, freq) {
  yr <- floor(tt + 1e-6)
  list(year = yr, period = round((tt - yr) * freq) + 1)
}

# NA handling: error naming the gaps (default), linear interpolation per
# column (ends carried flat), or 0 (a missing value means none: counts). The
# error counts the missing values and the runs of consecutive rows holding
# them, and lists the first runs by position (or by timestamp, `labels`: one
# label per row); `absent` [rows] marks the rows whose timestamp was not in
# the data at all (inserted on the calendar), so that a user whose data holds
# no NA is told that rows are missing; `hint` is added to the error (e.g.
# which columns start later).
fc_handle_na <- function(Y, tsp, na_action, name = "y", call, labels = NULL, absent = NULL,
                         hint = "") {
  if (!anyNA(Y)) return(Y)
  rows <- which(rowSums(is.na(Y)) > 0)
  if (na_action == "error") {
    # group consecutive rows into runs
    starts <- rows[c(TRUE, diff(rows) > 1)]
    ends <- rows[c(diff(rows) > 1, TRUE)]
    lab <- if (is.null(labels)) as.character(seq_len(nrow(Y))) else labels
    sep <- if (is.null(labels)) "-" else " to "
    runs <- ifelse(starts == ends, lab[starts], paste0(lab[starts], sep, lab[ends]))
    nv <- sum(is.na(Y))
    nr <- length(runs)
    shown <- utils::head(runs, 5L)
    more <- if (nr > 5L) sprintf(" and %d more run%s", nr - 5L, if (nr - 5L > 1) "s" else "") else ""
    when <- if (is.null(labels) && (tsp[3] != 1 || tsp[1] != 1)) {
      t1 <- tsp[1] + (starts[1] - 1) / tsp[3]
      # other whole frequencies (weekly 52, daily 7): also as R writes a
      # start, c(cycle, position)
      cyc <- if (!tsp[3] %in% c(1, 4, 12) && abs(tsp[3] - round(tsp[3])) < 1e-8) {
        yp <- fc_year_period(t1, tsp[3])
        sprintf(", c(%d, %d) in R's notation", as.integer(yp$year), as.integer(yp$period))
      } else ""
      paste0(" (time ", fc_time_labels(t1, tsp[3]), cyc, ")")
    } else ""
    na <- sum(absent[rows])
    what <- if (length(absent) && na > 0) {
      sprintf(" (%s at timestamps absent from the data, %s NA)",
              format(na, big.mark = ","), format(nv - na, big.mark = ","))
    } else ""
    zero <- if (length(absent) && na > 0)
      " (or `\"zero\"` where a missing time means none, as for counts)" else ""
    rec_abort(sprintf(paste0("`%s` has %d missing value%s%s in %d run%s of consecutive %s: %s%s%s; ",
                            "fill them first or use `na_action = \"interpolate\"`%s%s."),
                     name, nv, if (nv > 1) "s" else "", what, nr, if (nr > 1) "s" else "",
                     if (is.null(labels)) "positions" else "timestamps",
                     paste(shown, collapse = ", "), more, when, zero, hint),
              class = "recurrent_error_missing", call = call)
  }
  if (na_action == "zero") {
    Y[is.na(Y)] <- 0
    return(Y)
  }
  idx <- seq_len(nrow(Y))
  for (j in seq_len(ncol(Y))) {
    ok <- !is.na(Y[, j])
    if (sum(ok) == 0L) rec_abort(sprintf("column `%s` of `%s` is all missing.", colnames(Y)[j], name),
                                 class = "recurrent_error_missing", call = call)
    if (sum(ok) == 1L) { Y[, j] <- Y[ok, j]; next }
    Y[, j] <- stats::approx(idx[ok], Y[ok, j], xout = idx, rule = 2)$y
  }
  Y
}

# Seasonal period used by the model: the ts frequency when it is an integer > 1
# and the series holds at least two full periods plus a horizon.
fc_period <- function(freq, N) {
  m <- round(freq)
  if (m <= 1 || abs(freq - m) > 1e-6 && freq < 2) return(1L)
  if (N < 3 * m) return(1L)
  as.integer(m)
}

# Default horizon from the frequency (about what the M4 competition asks:
# yearly/none 10, quarterly 8, monthly 18, weekly 13, daily 14, hourly 48).
fc_default_horizon <- function(freq) {
  f <- round(freq)
  h <- switch(as.character(f),
              "1" = 10L, "2" = 4L, "4" = 8L, "12" = 18L, "13" = 13L, "52" = 13L,
              "7" = 14L, "5" = 10L, "24" = 48L, "48" = 96L, "168" = 48L,
              "365" = 14L, "260" = 20L, "252" = 20L, NULL)
  if (is.null(h)) h <- if (f <= 1) 10L else as.integer(min(2 * f, 48))
  h
}

# Default lookback: two seasonal periods when the series is long enough
# (frequency up to 24), one period up to 60 for higher frequencies, otherwise
# a short AR-like window; never so long that fewer than about 2 * lookback
# training windows remain. (Periods above 60 used to get a whole period,
# e.g. 260 or 365: measured on weekly, daily, 5-minute and simulated
# business-day series, 60 forecast as well or better with networks at a
# quarter of the cost; the seasonal reference still carries the season.)
fc_default_lookback <- function(m, N, horizon) {
  L <- fc_nominal_lookback(m)
  avail <- floor((N - horizon + 1) / 3)
  as.integer(max(2L, min(L, avail)))
}

# The default lookback before the length of the series shortens it.
fc_nominal_lookback <- function(m) {
  if (m > 1) {
    if (m <= 24) 2L * m else max(24L, min(m, 60L))
  } else 12L
}

# Fewest observations for which a fit chooses its own window sizes when the
# defaults do not fit (fc_fit_sizes()).
fc_min_obs <- 10L

# Window sizes of a fit of N observations with seasonal period m and frequency
# freq: `horizon` and `lookback` as given (checked counts) or, when NULL, the
# defaults (fc_default_horizon(), fc_default_lookback()). `recursive`: the
# windows hold one target step, not `horizon`. `lag(Hs, lookback, windows)`
# gives the reference lag(s) for those sizes, among the candidates leaving at
# least `windows` windows (lag 1, the naive reference, needs no more history
# than the lookback); Lb = max(lookback, lag) observations of history, then Hs
# targets, make one window, so a fit has N - Lb - Hs + 1 of them.
#
# When the sizes, with the reference chosen among all candidates, leave at
# least 4 windows (what fc_check_windows() needs) they are kept as they are:
# every series that fitted before this rule keeps its sizes and reference.
# Sizes the user gave both stay, with a reference that leaves 4 windows.
# Otherwise the sizes the user left unset shrink (a short series):
#   horizon  = min(default, a third of the series, at least 1), then smaller
#              one step at a time until the windows fit;
#   lookback = the default lookback for that horizon (fc_default_lookback():
#              about a third of what the horizon leaves, at least 2), shortened
#              further if need be, never below 2;
# taking the largest horizon that leaves 5 windows (4 for training and 1 held
# out; 4 when `validation` is 0), or failing that 4. With N >= fc_min_obs and
# neither size given this always succeeds (a third of 10 observations leaves
# horizon 3, lookback 2, 6 windows). Fewer than fc_min_obs observations, or
# sizes given that the series cannot hold, are an error of class
# `recurrent_error_too_short` that says what would fit. (With the recursive
# strategy the windows do not depend on the horizon, which is never shrunk.)
#
# Returns list(horizon, lookback, lag, windows, note): `note` is NULL when
# nothing changed, else "y has 14 observations; horizon 10 -> 4, lookback 12 -> 3"
# (the sizes as documented, before and after; or that the naive reference
# replaced a seasonal one that leaves too few windows), for a verbose message.
fc_fit_sizes <- function(N, m, freq, horizon = NULL, lookback = NULL, recursive = FALSE,
                         validation = 0.2, lag = function(Hs, lookback, windows) 1L,
                         name = "y", call = NULL) {
  hs <- function(H) if (recursive) 1L else as.integer(H)
  sizes <- function(H, L, windows = 4L) {
    lg <- lag(hs(H), L, windows)
    list(horizon = as.integer(H), lookback = as.integer(L), lag = lg,
         windows = as.integer(N - max(L, lg) - hs(H) + 1L), note = NULL)
  }
  H0 <- horizon %||% fc_default_horizon(freq)
  L0 <- lookback %||% fc_default_lookback(m, N, H0)
  out <- sizes(H0, L0, 0L)
  if (out$windows >= 4L) return(out)
  if (!is.null(horizon) && !is.null(lookback)) {
    # sizes given: they stay, with a reference whose history leaves room
    s <- sizes(H0, L0, 4L)
    if (s$windows >= 4L) {
      s$note <- sprintf("%s has %d observations; the seasonal reference leaves too few windows, %s instead",
                        name, N, if (all(s$lag == 0L)) "the mean" else "naive")
      return(s)
    }
  }
  if (!is.null(horizon) && !is.null(lookback) || N < fc_min_obs) {
    fc_sizes_too_short(N, out, horizon, lookback, recursive, m, freq, validation, lag, name, call)
  }
  Hseq <- if (!is.null(horizon) || recursive) H0 else seq.int(min(H0, max(1L, N %/% 3L)), 1L)
  for (need in unique(c(4L + (validation > 0), 4L))) {
    for (H in Hseq) {
      L <- lookback %||% min(fc_default_lookback(m, N, H), max(2L, N - hs(H) - need + 1L))
      s <- sizes(H, L, need)
      if (s$windows >= need) {
        what <- c(if (is.null(horizon) && s$horizon != H0) sprintf("horizon %d -> %d", H0, s$horizon),
                  if (is.null(lookback)) sprintf("lookback %d -> %d", fc_nominal_lookback(m), s$lookback))
        if (!length(what)) what <- paste("the seasonal reference leaves too few windows,",
                                         if (all(s$lag == 0L)) "the mean instead" else "naive instead")
        s$note <- sprintf("%s has %d observations; %s", name, N, paste(what, collapse = ", "))
        return(s)
      }
    }
  }
  fc_sizes_too_short(N, out, horizon, lookback, recursive, m, freq, validation, lag, name, call)
}

# The error of fc_fit_sizes() for sizes `s` that the series cannot hold: what
# they need and what would fit (by the hard minimum of 4 windows).
fc_sizes_too_short <- function(N, s, horizon, lookback, recursive, m, freq, validation, lag,
                               name, call) {
  Lb <- max(s$lookback, s$lag)
  Hs <- if (recursive) 1L else s$horizon
  hint <- character(0)
  if (!is.null(lookback)) {
    Hmax <- N - Lb - 3L
    hint <- c(hint, if (recursive) sprintf("the recursive strategy fits lookback %d at most", N - 4L) else
      if (Hmax >= 1L) sprintf("lookback %d fits with horizon %d at most", lookback, Hmax) else
        sprintf("lookback %d leaves no room for a horizon (lookback %d at most fits, with horizon 1)",
                lookback, N - 4L))
  }
  if (!is.null(horizon) && !recursive) {
    room <- N - horizon - 3L
    hint <- c(hint, if (max(s$lag) > room && room >= 2L)
      sprintf("horizon %d leaves %d observations of history, fewer than the seasonal reference needs (%d)",
              horizon, room, max(s$lag)) else if (room >= 2L)
      sprintf("horizon %d fits with lookback %d at most", horizon, room) else
        sprintf("horizon %d leaves no room for a lookback of 2 (horizon %d at most fits)",
                horizon, N - max(2L, s$lag) - 3L))
  }
  if (N >= fc_min_obs || !is.null(horizon) && !is.null(lookback)) {
    auto <- if (N >= fc_min_obs) {
      tryCatch(fc_fit_sizes(N, m, freq, NULL, NULL, recursive, validation, lag, name, call),
               error = function(e) NULL)
    }
    if (!is.null(auto)) {
      hint <- c(hint, sprintf("leaving `horizon` and `lookback` unset chooses horizon %d and lookback %d",
                              auto$horizon, auto$lookback))
    }
    msg <- sprintf("`%s` is too short: %d observations, but lookback %d%s and horizon %d need at least %d",
                   name, N, s$lookback,
                   if (Lb > s$lookback) sprintf(" (%d with the seasonal reference)", Lb) else "",
                   Hs, Lb + Hs + 3L)
  } else {
    if (is.null(horizon) && is.null(lookback) && !recursive && N >= 6L) {
      hint <- c(hint, sprintf("`horizon = %d, lookback = 2` fit", N - 5L))
    }
    msg <- sprintf(paste0("`%s` is too short: %d observations, but choosing `horizon` and `lookback` ",
                          "needs at least %d (lookback %d%s and horizon %d need %d)"),
                   name, N, fc_min_obs, s$lookback,
                   if (Lb > s$lookback) sprintf(" (%d with the seasonal reference)", Lb) else "",
                   Hs, Lb + Hs + 3L)
  }
  rec_abort(paste0(msg, if (length(hint)) "; ", paste(hint, collapse = "; "), "."),
            class = "recurrent_error_too_short", call = call)
}

# Scale per column: mean absolute difference at lag `lag` (the MASE scale), with
# fallbacks so it is never zero.
fc_scale <- function(Y, lag) {
  vapply(seq_len(ncol(Y)), function(j) {
    y <- Y[, j]
    l <- lag[j]
    s <- if (length(y) > l) mean(abs(diff(y, lag = l))) else NA_real_
    if (!is.finite(s) || s <= 1e-12 * max(1, abs(mean(y)))) s <- stats::sd(y)
    if (!is.finite(s) || s <= 0) s <- max(abs(mean(y)), 1)
    s
  }, numeric(1))
}

# Standardisation of covariates (stored in the fit).
fc_xreg_center <- function(X) {
  mu <- colMeans(X)
  sdv <- apply(X, 2, stats::sd)
  sdv[!is.finite(sdv) | sdv <= 0] <- 1
  list(center = mu, scale = sdv)
}

fc_apply_center <- function(X, cs) {
  sweep(sweep(X, 2, cs$center, "-"), 2, cs$scale, "/")
}

# Check and coerce xreg (past) or newxreg (future) against the fit's columns;
# missing values handled by `na_action` (fc_handle_na()), or kept with NULL.
fc_as_xreg <- function(xreg, N, name = "xreg", cols = NULL, na_action = "error", call) {
  if (is.null(xreg)) return(NULL)
  # column names instead of values (as formula interfaces take them)
  if (is.character(xreg) && is.null(dim(xreg)) && length(xreg) >= 1L && length(xreg) <= 20L &&
      !anyNA(xreg) && all(nzchar(xreg)))
    rec_abort(sprintf(paste("`%s` must hold the covariates' values (one row per observation), not",
                            "their names: e.g. `%s = data[%s]`, a data frame of those columns."),
                      name, name, paste(deparse(xreg), collapse = "")),
              call = call)
  if (is.data.frame(xreg)) {
    bad <- !vapply(xreg, is.numeric, logical(1))
    if (any(bad)) {
      rec_abort(sprintf("`%s` must have numeric columns only, but `%s` is %s.", name,
                       names(xreg)[bad][1], class(xreg[[which(bad)[1]]])[1]), call = call)
    }
    xreg <- as.matrix(xreg)
  }
  if (is.null(dim(xreg))) {
    if (!is.numeric(xreg)) rec_abort(sprintf("`%s` must be numeric, not %s.", name, describe(xreg)), call = call)
    xreg <- matrix(xreg, ncol = 1L)
  }
  if (!is.numeric(xreg)) rec_abort(sprintf("`%s` must be numeric, not %s.", name, describe(xreg)), call = call)
  if (length(dim(xreg)) != 2L) {
    rec_abort(sprintf("`%s` must be a vector, matrix or data frame (one row per observation), not %s.",
                      name, describe(xreg)), call = call)
  }
  if (ncol(xreg) == 0L || nrow(xreg) == 0L) {
    rec_abort(sprintf("`%s` must have at least one column and one row per observation, not %s.",
                     name, describe(xreg)), call = call)
  }
  X <- matrix(as.double(xreg), nrow(xreg), ncol(xreg),
              dimnames = list(NULL, colnames(xreg)))
  if (is.null(colnames(X))) colnames(X) <- paste0("xreg", seq_len(ncol(X)))
  if (!is.null(N) && nrow(X) != N) {
    rec_abort(sprintf("`%s` must have %d rows (one per observation of `y`), not %d.",
                     name, N, nrow(X)), call = call)
  }
  if (!is.null(cols)) {
    if (ncol(X) != length(cols)) {
      rec_abort(sprintf("`%s` must have %d column%s (%s) as the `xreg` used in the fit, not %d.",
                       name, length(cols), if (length(cols) > 1) "s" else "",
                       paste(cols, collapse = ", "), ncol(X)), call = call)
    }
    given <- colnames(xreg)
    if (!is.null(given) && !all(given == cols)) {
      if (setequal(given, cols)) {
        X <- X[, cols, drop = FALSE]
      } else if (!identical(cols, paste0("xreg", seq_along(cols)))) {
        # the fit's covariates had names: others are other covariates
        rec_abort(sprintf("`%s` must hold the covariates of the fit, %s, not %s.", name,
                          paste0("`", cols, "`", collapse = ", "), paste0("`", given, "`", collapse = ", ")),
                  class = "recurrent_error_newxreg", call = call)
      }
    }
    colnames(X) <- cols
  }
  fc_check_values(X, name, call)
  # (na_action NULL: left to the caller)
  if (anyNA(X) && !is.null(na_action)) {
    X <- fc_handle_na(X, c(1, nrow(X), 1), na_action, name, call)
  }
  X
}

# Continue a tsp time axis by h steps after the end.
fc_future_ts <- function(values, tsp, h) {
  freq <- tsp[3]
  stats::ts(values, start = tsp[2] + 1 / freq, frequency = freq)
}

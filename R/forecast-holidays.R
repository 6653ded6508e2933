# Forecasting layer, calendar side: the holidays of a business-day series
# (or of the days of a session's intraday bars), learnt from the days its own
# data leave out, so that forecast timestamps skip them. No holiday calendar
# is shipped (exchanges and countries differ); a closes series shows its
# own: the weekdays missing in every year of its recent past by one rule.
#
# A business-day series' observations are consecutive steps (the holidays
# are not on the model's grid), so the k-th forecast step is the k-th next
# trading day. Labelled by weekdays alone, every step after a holiday in
# the horizon carried the date one trading day too early (closes to
# 2019-01-02 forecast for "2019-01-01"), and test rows matched by date
# (accuracy(fc, test)) were compared with the step before.
#
# Rules (a data frame, one row per rule; day numbers are days since
# 1970-01-01, weekdays 0 Monday .. 6 Sunday):
#   type "date"    month `month`, day of month `mday` (25 December)
#        "sat"     the Friday before such a date on a Saturday (observed)
#        "sun"     the Monday after such a date on a Sunday (observed)
#        "nth"     the `n`-th weekday `wday` of month `month` (4th Thursday
#                  of November)
#        "last"    the last weekday `wday` of month `month` (last Monday of May)
#        "easter"  Easter Sunday + `offset` days (Good Friday -2, Easter
#                  Monday +1, Whit Monday +50)

# Weekday (0 Monday .. 6 Sunday) and year of day numbers.
cal_day_wday <- function(day) (day - 4) %% 7   # 1970-01-05 was a Monday
cal_day_year <- function(day) as.POSIXlt(structure(day, class = "Date"))$year + 1900

# Years the rules are tested on: the last 5 of the data (a holiday introduced
# or dropped before that does not hide the present ones), observed shifts on
# all of it (a date falls on a Saturday once in 5 to 11 years).
cal_holiday_years <- 5

# Easter Sunday (Gregorian; the anonymous algorithm of Meeus) of each year,
# as day numbers.
cal_easter <- function(year) {
  a <- year %% 19
  b <- year %/% 100
  c <- year %% 100
  d <- b %/% 4
  e <- b %% 4
  f <- (b + 8) %/% 25
  g <- (b - f + 1) %/% 3
  hh <- (19 * a + b - d - g + 15) %% 30
  i <- c %/% 4
  k <- c %% 4
  l <- (32 + 2 * e + 2 * i - hh - k) %% 7
  m <- (a + 11 * hh + 22 * l) %/% 451
  month <- (hh + l - 7 * m + 114) %/% 31
  mday <- (hh + l - 7 * m + 114) %% 31 + 1
  cal_ymd(year, month, mday)
}

# Day number of year/month/day, NA where the day does not exist (30 February).
# Arithmetic rather than as.Date() of strings: a business-day series tests
# some hundred rules over its years, and many series each do.
cal_ymd <- function(year, month, mday) {
  y <- year - (month <= 2)
  era <- y %/% 400
  yoe <- y - era * 400
  doy <- (153 * (month + ifelse(month > 2, -3, 9)) + 2) %/% 5 + mday - 1
  day <- era * 146097 + yoe * 365 + yoe %/% 4 - yoe %/% 100 + doy - 719468
  leap <- (year %% 4 == 0 & year %% 100 != 0) | year %% 400 == 0
  dim <- c(31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month] + (month == 2 & leap)
  ifelse(mday >= 1 & mday <= dim, day, NA_real_)
}

# The days the rules make holidays in `years`, vectorised over rules and
# years: list(rule = the row of `rules` (a data frame or a list of its
# columns), day = day numbers).
cal_rule_days <- function(rules, years) {
  i <- rep(seq_along(rules$type), each = length(years))
  y <- rep(years, times = length(rules$type))
  type <- rules$type[i]
  month <- rules$month[i]
  day <- rep(NA_real_, length(i))
  f <- type %in% c("date", "sat", "sun")
  if (any(f)) {
    d <- cal_ymd(y[f], month[f], rules$mday[i][f])
    w <- cal_day_wday(d)
    day[f] <- ifelse(type[f] == "date", d,
                     ifelse(type[f] == "sat", ifelse(w == 5, d - 1, NA), ifelse(w == 6, d + 1, NA)))
  }
  f <- type %in% c("nth", "last")
  if (any(f)) {
    first <- cal_ymd(y[f], month[f], 1)
    day1 <- first + (rules$wday[i][f] - cal_day_wday(first)) %% 7   # the first such weekday
    dim <- cal_ymd(y[f] + (month[f] == 12), month[f] %% 12 + 1, 1) - first
    nth <- day1 + 7 * (rules$n[i][f] - 1)
    day[f] <- ifelse(type[f] == "last", day1 + 7 * ((dim - 1 - (day1 - first)) %/% 7),
                     ifelse(nth - first < dim, nth, NA))   # a 5th one only in months that have it
  }
  f <- type == "easter"
  if (any(f)) day[f] <- cal_easter(y[f]) + rules$offset[i][f]
  keep <- !is.na(day)
  list(rule = i[keep], day = day[keep])
}

# Many series of one market: each learns holidays from its own days
# (cal_infer()), so a stock listed a year ago learns none while the older
# ones of its index show the market's, and its forecasts were dated on them.
# The days on which no series of the panel has an observation (among those
# of one time zone, unit and set of weekdays) give rules too, added to each
# series' own: a day none of them traded is a holiday of each. Series of
# another market trade on the first one's own holidays, so those stay per
# series. `calendars`: a series store's calendars (fc_series_from_inputs()).
cal_pool_holidays <- function(calendars) {
  on <- vapply(calendars, function(cl) isTRUE(cl$dated) && cal_has_holidays(cl$cal), NA)
  if (sum(on) < 2L) return(calendars)
  group <- vapply(calendars[on], function(cl)
    paste(cl$cal$unit, cl$cal$tz %||% "", paste(cal_open_wdays(cl$cal), collapse = "")), "")
  for (g in unique(group)) {
    idx <- which(on)[group == g]
    if (length(idx) < 2L) next
    days <- sort(unique(unlist(lapply(calendars[idx], function(cl)
      unique(cal_local(cl$times, cl$cal$tz)$day)))))
    rules <- cal_learn_holidays(days, cal_open_wdays(calendars[[idx[1]]]$cal))
    if (is.null(rules)) next
    for (j in idx) {
      both <- unique(rbind(calendars[[j]]$cal$holidays, rules))
      both <- both[do.call(order, unname(as.list(both))), , drop = FALSE]
      rownames(both) <- NULL
      calendars[[j]]$cal$holidays <- both
    }
  }
  calendars
}

# The rules that explain the weekdays (of `wdays`) missing from `days` (the
# sorted day numbers of the observations): each one's days in the tested
# years (cal_holiday_years) fall on counted weekdays at least twice (an
# observed shift: once, on all the data) and are all missing. NULL when
# none holds (under two years of data, or no recurring gap).
cal_learn_holidays <- function(days, wdays = 0:4) {
  first <- min(days)
  last <- max(days)
  if (last - first < 365) return(NULL)
  all_days <- seq(first, last)
  missing <- setdiff(all_days[cal_day_wday(all_days) %in% wdays], days)
  if (!length(missing)) return(NULL)
  # many series of one market miss the same days: learnt once per session
  key <- paste(first, last, paste(wdays, collapse = ""), paste(missing, collapse = ","))
  if (!is.null(hit <- cal_holiday_memo[[key]])) return(hit$rules)
  if (length(cal_holiday_memo) >= 1000L) rm(list = ls(cal_holiday_memo), envir = cal_holiday_memo)
  rules <- cal_learn_rules(first, last, missing, wdays)
  cal_holiday_memo[[key]] <- list(rules = rules)
  rules
}
cal_holiday_memo <- new.env(parent = emptyenv())

# cal_learn_holidays() for the weekdays `missing` between days `first` and
# `last`.
cal_learn_rules <- function(first, last, missing, wdays) {
  recent <- max(first, last - round(cal_holiday_years * 365.25))
  years <- seq(cal_day_year(first), cal_day_year(last))
  # which of the rules hold: their days from `from` on, on counted
  # weekdays, at least `at_least` and all missing
  holds <- function(rules, from, at_least) {
    rd <- cal_rule_days(rules, years)
    on <- rd$day >= from & rd$day <= last & cal_day_wday(rd$day) %in% wdays
    R <- length(rules$type)
    tabulate(rd$rule[on], R) >= at_least & tabulate(rd$rule[on & !rd$day %in% missing], R) == 0
  }
  m <- missing[missing >= recent]
  lt <- cal_local(structure(m, class = "Date"))
  mon <- lt$month %% 12 + 1
  mday <- lt$mday
  w <- lt$wday
  dim <- lt$dim
  off <- m - cal_easter(lt$month %/% 12)
  # the candidates, as columns (data frames are built for the few kept:
  # rbind() and unique() of data frames took most of the time)
  k <- length(m)
  is_last <- mday + 7 > dim
  near <- abs(off) <= 60
  na <- function(j) rep(NA_real_, j)
  cand <- list(type = c(rep("date", k), rep("nth", k), rep("last", sum(is_last)), rep("easter", sum(near))),
               month = c(mon, mon, mon[is_last], na(sum(near))),
               mday = c(mday, na(k), na(sum(is_last)), na(sum(near))),
               wday = c(na(k), w, w[is_last], na(sum(near))),
               n = c(na(k), (mday - 1) %/% 7 + 1, na(sum(is_last)), na(sum(near))),
               offset = c(na(2 * k + sum(is_last)), off[near]))
  first_seen <- !duplicated(do.call(paste, cand))
  cand <- lapply(cand, `[`, first_seen)
  rules <- as.data.frame(lapply(cand, `[`, holds(cand, recent, 2L)), stringsAsFactors = FALSE)
  # weekend dates observed on the Friday before or the Monday after, for
  # Monday-to-Friday calendars
  dates <- rules[rules$type == "date", , drop = FALSE]
  if (nrow(dates) && identical(as.integer(wdays), 0:4)) {
    shifts <- rbind(transform(dates, type = "sat"), transform(dates, type = "sun"))
    rules <- rbind(rules, shifts[holds(shifts, first, 1L), , drop = FALSE])
  }
  # a 5th weekday that holds where the last one does is the same holiday
  lasts <- rules[rules$type == "last", , drop = FALSE]
  fifth <- rules$type == "nth" & rules$n == 5 &
    paste(rules$month, rules$wday) %in% paste(lasts$month, lasts$wday)
  rules <- rules[!fifth, , drop = FALSE]
  if (!nrow(rules)) return(NULL)
  # in the order of the year (Easter's offsets about early April)
  at <- ifelse(rules$type == "easter", 95 + rules$offset,
               31 * (rules$month - 1) + ifelse(rules$type %in% c("date", "sat", "sun"), rules$mday,
                                               ifelse(rules$type == "last", 25, 7 * (rules$n - 1) + 1)))
  rules <- rules[order(at, rules$type), , drop = FALSE]
  rownames(rules) <- NULL
  rules
}

# The day numbers between `from` and `to` that the rules make holidays.
cal_holidays_between <- function(rules, from, to) {
  if (is.null(rules) || !nrow(rules)) return(numeric(0))
  years <- seq(cal_day_year(from) - 1, cal_day_year(to) + 1)
  d <- cal_rule_days(rules, years)$day
  sort(unique(d[d >= from & d <= to]))
}

# The names of the rules for print(): "1 January", "3rd Monday of
# January", "Easter -2" (the observed shifts of weekend dates not named). An
# n-th and the last weekday of one month are both learnt when every year of
# the data had them on the same day (Memorial Day in 2018-2020 was the 4th
# and the last Monday of May); both are kept, so that in a year where they
# differ the holiday is skipped (with the other day), and named as one:
# "4th or last Monday of May".
cal_holiday_names <- function(rules) {
  mon <- month.name
  wdn <- c("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
  ord <- c("1st", "2nd", "3rd", "4th", "5th")
  one <- rules[!rules$type %in% c("sat", "sun"), , drop = FALSE]
  # the rules of `type` on rule r's month and weekday
  same <- function(r, type) one$type == type & one$month %in% r$month & one$wday %in% r$wday
  lab <- vapply(seq_len(nrow(one)), function(i) {
    r <- one[i, ]
    switch(r$type,
      date = sprintf("%d %s", r$mday, mon[r$month]),
      nth = if (any(same(r, "last"))) NA_character_ else     # named with the last
        sprintf("%s %s of %s", ord[r$n], wdn[r$wday + 1], mon[r$month]),
      last = sprintf("%s %s of %s", paste(c(ord[one$n[same(r, "nth")]], "last"), collapse = " or "),
                     wdn[r$wday + 1], mon[r$month]),
      easter = if (r$offset == 0) "Easter" else sprintf("Easter %+d", r$offset))
  }, "")
  lab[!is.na(lab)]
}

# The names `lab` (cal_holiday_names()) for print(): "1 January, 3rd Monday
# of January, Easter -2, ..." (at most `max` of them).
cal_holiday_label <- function(lab, max = 4L) {
  paste0(paste(utils::head(lab, max), collapse = ", "), if (length(lab) > max) ", ..." else "")
}

# Forecasting layer, calendar side: the holidays of a business-day series,
# learnt from the days its own data leave out, so that forecast timestamps
# skip them. No holiday calendar is shipped (exchanges and countries differ);
# a closes series shows its own: the weekdays missing in every year of its
# recent past by one rule.
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
  as.double(unclass(as.Date(sprintf("%04d-%02d-%02d", year, month, mday))))
}

# Day number of year/month/day, NA where the day does not exist (30 February).
cal_ymd <- function(year, month, mday) {
  as.double(unclass(as.Date(sprintf("%04d-%02d-%02d", year, month, mday), optional = TRUE)))
}

# The days rule `r` (one row) makes holidays in `years`.
cal_rule_days <- function(r, years) {
  wd <- function(day) (day - 4) %% 7   # 1970-01-05 was a Monday
  out <- switch(r$type,
    date = cal_ymd(years, r$month, r$mday),
    sat = {
      d <- cal_ymd(years, r$month, r$mday)
      d[!is.na(d) & wd(d) == 5] - 1
    },
    sun = {
      d <- cal_ymd(years, r$month, r$mday)
      d[!is.na(d) & wd(d) == 6] + 1
    },
    nth = , last = {
      first <- cal_ymd(years, r$month, 1)
      day1 <- first + (r$wday - wd(first)) %% 7   # the first such weekday
      dim <- cal_ymd(years + (r$month == 12), r$month %% 12 + 1, 1) - first
      if (r$type == "last") day1 + 7 * ((dim - 1 - (day1 - first)) %/% 7) else {
        d <- day1 + 7 * (r$n - 1)
        d[d - first < dim]   # a 5th one only in months that have it
      }
    },
    easter = cal_easter(years) + r$offset)
  out[!is.na(out)]
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
  wd <- function(day) (day - 4) %% 7
  all_days <- seq(first, last)
  missing <- setdiff(all_days[wd(all_days) %in% wdays], days)
  if (!length(missing)) return(NULL)
  year_of <- function(day) as.POSIXlt(structure(day, class = "Date"))$year + 1900
  recent <- max(first, last - round(cal_holiday_years * 365.25))
  years <- seq(year_of(first), year_of(last))
  holds <- function(r, from, at_least) {
    d <- cal_rule_days(r, years)
    d <- d[d >= from & d <= last & wd(d) %in% wdays]
    length(d) >= at_least && all(d %in% missing)
  }
  m <- missing[missing >= recent]
  lt <- as.POSIXlt(structure(m, class = "Date"))
  mon <- lt$mon + 1
  mday <- lt$mday
  w <- wd(m)
  dim <- cal_ymd(lt$year + 1900 + (mon == 12), mon %% 12 + 1, 1) - cal_ymd(lt$year + 1900, mon, 1)
  off <- m - cal_easter(lt$year + 1900)
  cand <- unique(rbind(
    data.frame(type = "date", month = mon, mday = mday, wday = NA, n = NA, offset = NA),
    data.frame(type = "nth", month = mon, mday = NA, wday = w, n = (mday - 1) %/% 7 + 1, offset = NA),
    data.frame(type = "last", month = mon, mday = NA, wday = w, n = NA, offset = NA)[mday + 7 > dim, ],
    data.frame(type = "easter", month = NA, mday = NA, wday = NA, n = NA, offset = off)[abs(off) <= 60, ]))
  keep <- vapply(seq_len(nrow(cand)), function(i) holds(cand[i, ], recent, 2L), NA)
  rules <- cand[keep, , drop = FALSE]
  # weekend dates observed on the Friday before or the Monday after, for
  # Monday-to-Friday calendars
  dates <- rules[rules$type == "date", , drop = FALSE]
  if (nrow(dates) && identical(as.integer(wdays), 0:4)) {
    shifts <- rbind(transform(dates, type = "sat"), transform(dates, type = "sun"))
    ok <- vapply(seq_len(nrow(shifts)), function(i) holds(shifts[i, ], first, 1L), NA)
    rules <- rbind(rules, shifts[ok, , drop = FALSE])
  }
  # a 5th weekday that holds where the last one does is the same holiday
  last <- rules[rules$type == "last", , drop = FALSE]
  fifth <- rules$type == "nth" & rules$n == 5 &
    paste(rules$month, rules$wday) %in% paste(last$month, last$wday)
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
  y <- function(day) as.POSIXlt(structure(day, class = "Date"))$year + 1900
  years <- seq(y(from) - 1, y(to) + 1)
  d <- unlist(lapply(seq_len(nrow(rules)), function(i) cal_rule_days(rules[i, ], years)))
  sort(unique(d[d >= from & d <= to]))
}

# The rules for print(): "1 January, 3rd Monday of January, Easter -2, ..."
# (at most `max` of them; the observed shifts of weekend dates not named).
cal_holiday_label <- function(rules, max = 4L) {
  mon <- month.name
  wdn <- c("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
  ord <- c("1st", "2nd", "3rd", "4th", "5th")
  one <- rules[!rules$type %in% c("sat", "sun"), , drop = FALSE]
  lab <- vapply(seq_len(nrow(one)), function(i) {
    r <- one[i, ]
    switch(r$type,
      date = sprintf("%d %s", r$mday, mon[r$month]),
      nth = sprintf("%s %s of %s", ord[r$n], wdn[r$wday + 1], mon[r$month]),
      last = sprintf("last %s of %s", wdn[r$wday + 1], mon[r$month]),
      easter = if (r$offset == 0) "Easter" else sprintf("Easter %+d", r$offset))
  }, "")
  paste0(paste(utils::head(lab, max), collapse = ", "), if (length(lab) > max) ", ..." else "")
}

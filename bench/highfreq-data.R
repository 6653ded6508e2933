# Data for bench/highfreq.R (and the prototypes under bench/proto/): public
# high-frequency series from four CRAN data packages, the split of each
# collection into a held-out evaluation part and a pretraining pool, and the
# rolling forecast origins.
#
# The packages are not installed (their Imports: dplyr, tsibble, tibble,
# data.table, xts, ... are many and heavy, and only their data is needed):
# their source tarballs are fetched with utils::download.packages() from CRAN
# into <RECURRENT_BENCH_LIB>/highfreq-sources/ and the .rda files of data/ are
# loaded as they are (tibbles and xts objects read as plain data frames and
# matrices), as tools/pretrain.R does for fpp3.
#
#   aimsir17 0.0.2     `observations`: hourly weather at 25 Irish stations, 2017
#   UKgrid 0.1.3       `UKgrid`: half-hourly national demand of Great Britain (ND),
#                      2005-04-01 to 2019-10-08
#   tsibbledata 0.4.1  `vic_elec`: half-hourly demand of Victoria, 2012-2014
#   qrmdata            `DJ_const`: daily closes of the 30 Dow Jones constituents,
#                      1962-2015 (business days, market holidays missing)
#   fpp2 2.5.1         `gasoline`: weekly US gasoline product supplied, 1991-2017
#                      (weekly-load pool only)
#
# THE SPLIT (fixed; also in bench/README.md, "High-frequency data"):
#   weather  8 of the 25 aimsir17 stations are held out (HF_HELDOUT_STATIONS,
#            drawn once with set.seed(20261202); sample(25, 8) of the sorted
#            names); the other 17 stations are the pretraining / tuning pool.
#            The hourly and the daily tasks use the same held-out stations.
#   load     UKgrid ND: the years 2018 and 2019 are held out, 2005-2017 are the
#            pool; vic_elec: 2014 is held out, 2012-2013 are the pool. Origins
#            of a held-out year lie in that year with their whole 5-week
#            training window in it too (so nothing of the pool is used).
#   prices   10 of the 30 DJ_const stocks are held out (HF_HELDOUT_STOCKS, drawn
#            the same way: set.seed(20261202); sample(30, 10) of the sorted
#            tickers); the other 20 and every other qrmdata price series whose
#            ticker is not one of the 10 (e.g. the rest of SP500_const) are the pool.
#   weekly   weekly_prices: the last close of each week of the same stocks (the
#            same 10 held out). weekly_load: weekly means of UKgrid ND (all years
#            as one series) and vic_elec, split by time: held out are the origins
#            whose 13 test weeks start in 2018 (UKgrid) or 2014 (vic_elec), the
#            pool the UKgrid origins whose test weeks end by 2017-12-31 (vic_elec
#            has none), three other UKgrid columns up to 2017 and fpp2's weekly
#            `gasoline` (US, 1991-2017; added 2026-12-04). Held-out windows (5 years) reach back into the pool's
#            years: the test weeks are unseen, the series' past is not.
#   daily    daily_load: daily means of the same two demand series, split by
#            time as weekly load (test days from 2018 / 2014 held out; the pool
#            the earlier origins and three other UKgrid columns up to 2017).
# Nothing held out may be used for pretraining, tuning or choosing settings:
# hf_pool() returns the pool series for such uses; bench/proto/ tunes on the
# pool (see bench/proto/README.md).
#
# Reserved elsewhere and never used here: nycflights13, astsa, the forecast
# package's own series, R's datasets, Mcomp's M3.

HF_SEED <- 20261202L
HF_SOURCES <- c(aimsir17 = "aimsir17", UKgrid = "UKgrid", tsibbledata = "tsibbledata",
                qrmdata = "qrmdata", fpp2 = "fpp2")

hf_bench_lib <- function() {
  Sys.getenv("RECURRENT_BENCH_LIB",
             file.path(Sys.getenv("HOME", "/tmp"), ".cache", "recurrent-bench-lib"))
}

# The unpacked source of a CRAN package (fetched once), e.g. .../aimsir17.
hf_source <- function(pkg) {
  dir <- file.path(hf_bench_lib(), "highfreq-sources")
  path <- file.path(dir, pkg)
  if (!dir.exists(file.path(path, "data"))) {
    dir.create(dir, recursive = TRUE, showWarnings = FALSE)
    message("fetching the source of ", pkg, " from CRAN")
    repos <- getOption("repos")
    if (is.null(repos) || identical(unname(repos["CRAN"]), "@CRAN@"))
      repos <- c(CRAN = "https://cloud.r-project.org")
    tgz <- utils::download.packages(pkg, dir, repos = repos, type = "source", quiet = TRUE)[1, 2]
    utils::untar(tgz, exdir = dir)
  }
  path
}
hf_source_version <- function(pkg) {
  unname(read.dcf(file.path(hf_source(pkg), "DESCRIPTION"), "Version")[1, 1])
}
hf_load <- function(pkg, name) {
  e <- new.env()
  load(file.path(hf_source(pkg), "data", paste0(name, ".rda")), envir = e)
  get(name, envir = e)
}

# Linear interpolation of interior NAs (ends: nearest value); the count is kept.
hf_fill <- function(v) {
  bad <- is.na(v)
  if (!any(bad)) return(v)
  i <- seq_along(v)
  v[bad] <- stats::approx(i[!bad], v[!bad], xout = i[bad], rule = 2)$y
  v
}

.hf_memo <- new.env()
hf_memo <- function(key, expr) {
  if (is.null(.hf_memo[[key]])) .hf_memo[[key]] <- expr
  .hf_memo[[key]]
}

# aimsir17 hourly temperature: a list of station -> list(time, y, na).
hf_aimsir_hourly <- function() hf_memo("aimsir", {
  o <- as.data.frame(hf_load("aimsir17", "observations"))
  o <- o[order(o$station, o$date), ]
  out <- lapply(split(o, o$station), function(d) {
    t <- as.POSIXct(d$date, tz = "UTC")
    stopifnot(all(diff(as.numeric(t)) == 3600))
    list(time = t, y = hf_fill(as.numeric(d$temp)), na = sum(is.na(d$temp)))
  })
  out
})
hf_stations <- function() sort(names(hf_aimsir_hourly()))
# k of the sorted names, drawn with the split's seed.
hf_draw <- function(nms, k) {
  set.seed(HF_SEED)
  sort(nms[sample(length(nms), k)])
}
hf_heldout_stations <- function() hf_draw(hf_stations(), 8)

# Daily means (UTC days, 24 hourly values each) of the same stations.
hf_aimsir_daily <- function() hf_memo("aimsir_daily", {
  lapply(hf_aimsir_hourly(), function(s) {
    day <- as.Date(s$time, tz = "UTC")
    list(time = unique(day), y = as.numeric(tapply(s$y, day, mean)), na = s$na)
  })
})

# Half-hourly demand: UKgrid ND and vic_elec Demand, cut into calendar years.
hf_load_years <- function() hf_memo("load", {
  u <- hf_load("UKgrid", "UKgrid")
  ut <- as.POSIXct(u$TIMESTAMP, tz = "UTC")
  v <- as.data.frame(hf_load("tsibbledata", "vic_elec"))
  vt <- v$Time
  out <- list()
  for (yr in 2005:2019) {
    k <- format(ut, "%Y", tz = "UTC") == yr
    out[[paste0("UKgrid_ND_", yr)]] <- list(time = ut[k], y = hf_fill(as.numeric(u$ND[k])),
                                           na = sum(is.na(u$ND[k])))
  }
  for (yr in 2012:2014) {
    k <- format(vt, "%Y", tz = attr(vt, "tzone")) == yr
    out[[paste0("vic_elec_", yr)]] <- list(time = vt[k], y = as.numeric(v$Demand[k]), na = 0L)
  }
  out
})
hf_heldout_load <- function() c("UKgrid_ND_2018", "UKgrid_ND_2019", "vic_elec_2014")

# DJ_const closes from 2000 on (V, listed 2008, from its first price).
hf_stocks <- function() hf_memo("stocks", {
  x <- hf_load("qrmdata", "DJ_const")
  idx <- as.Date(attr(x, "index") / 86400, origin = "1970-01-01")
  m <- unclass(x)
  keep <- idx >= as.Date("2000-01-01")
  out <- list()
  for (tk in colnames(m)) {
    v <- as.numeric(m[keep, tk])
    t <- idx[keep]
    ok <- !is.na(v)
    first <- which(ok)[1]
    v <- v[first:length(v)]
    t <- t[first:length(t)]
    out[[tk]] <- list(time = t, y = hf_fill(v), na = sum(is.na(v)))
  }
  out
})
hf_tickers <- function() sort(names(hf_stocks()))
hf_heldout_stocks <- function() hf_draw(hf_tickers(), 10)

# Weekly series of the same collections. Weeks run Monday to Sunday; `fun`
# summarises the values of each week (dated by its Monday plus `label_day`
# days), weeks with fewer than `min_days` days of data are dropped at the ends
# (none is inside: checked).
hf_weekly <- function(day, y, fun, min_days, label_day = 0L) {
  monday <- day - (as.integer(format(day, "%u")) - 1L)
  w <- sort(unique(monday))
  days <- tapply(day, monday, function(d) length(unique(d)))
  v <- tapply(y, monday, fun)
  keep <- as.integer(days) >= min_days
  stopifnot(all(diff(which(keep)) == 1L), all(diff(w[keep]) == 7))
  list(time = w[keep] + label_day, y = as.numeric(v[keep]), na = 0L)
}
# Weekly closes (the last close of each week, dated by its Friday) of the
# DJ_const stocks, 2000-2015.
hf_stocks_weekly <- function() hf_memo("stocks_weekly", {
  lapply(hf_stocks(), function(s) {
    out <- hf_weekly(s$time, s$y, function(v) v[length(v)], 1L, label_day = 4L)
    out$na <- s$na
    out
  })
})
# Weekly mean demand (complete weeks, dated by their Monday) of UKgrid ND
# (2005-04-04 to 2019-10-06, 757 weeks) and vic_elec (2012-01-02 to
# 2014-12-28, local days, 156 weeks), each as one continuous series.
hf_load_weekly <- function() hf_memo("load_weekly", {
  yrs <- hf_load_years()
  uk <- yrs[grep("^UKgrid", names(yrs))]
  vic <- yrs[grep("^vic_elec", names(yrs))]
  tz <- attr(vic[[1]]$time, "tzone")
  list(UKgrid_ND = hf_weekly(as.Date(do.call(c, lapply(uk, `[[`, "time")), tz = "UTC"),
                             unlist(lapply(uk, `[[`, "y")), mean, 7L),
       vic_elec = hf_weekly(as.Date(do.call(c, lapply(vic, `[[`, "time")), tz = tz),
                            unlist(lapply(vic, `[[`, "y")), mean, 7L))
})
# More pool series for weekly load (added 2026-12-03: one series was too few
# to choose a member on), all cut at 2017-12-31 so that no held-out week is
# read: ND from 2012 on (the held-out vic_elec windows are 105-143 weeks: these
# origins have 105-260), and the weekly means of three other UKgrid columns
# (transmission system demand, England and Wales demand, embedded wind
# generation), 260-week windows. (Embedded solar generation is zero for the
# first years: a seasonal-naive scale of zero.)
hf_load_weekly_pool <- function() hf_memo("load_weekly_pool", {
  u <- hf_load("UKgrid", "UKgrid")
  day <- as.Date(as.POSIXct(u$TIMESTAMP, tz = "UTC"), tz = "UTC")
  keep <- day < as.Date("2018-01-01")
  week <- function(col, from = "2005-01-01") {
    k <- keep & day >= as.Date(from)
    hf_weekly(day[k], hf_fill(as.numeric(u[[col]][k])), mean, 7L)
  }
  nd <- week("ND", "2012-01-02")
  nd$origin_range <- c(105L, length(nd$y) - 13L)
  out <- list(UKgrid_ND_from2012 = nd)
  for (col in c("TSD", "ENGLAND_WALES_DEMAND", "EMBEDDED_WIND_GENERATION")) {
    s <- week(col)
    s$origin_range <- c(260L, length(s$y) - 13L)
    out[[paste0("UKgrid_", col)]] <- s
  }
  # weekly demand from outside the UK (added 2026-12-04, night: the UK columns
  # move together, so the pool was about one series): fpp2's `gasoline`, US
  # finished motor gasoline product supplied, weeks ending 1991-02-08 to
  # 2017-01-20 (1,355 weeks; a ts of frequency 365.25 / 7). Dated by week.
  g <- hf_load("fpp2", "gasoline")
  gas <- list(time = as.Date("1991-02-04") + 7L * (seq_along(g) - 1L), y = as.numeric(g), na = 0L)
  gas$origin_range <- c(260L, length(gas$y) - 13L)
  out$fpp2_gasoline <- gas
  out
})

# Daily mean demand of the same collections (added 2026-12-03: the daily task
# above is one year of weather, so windows of several years, where the
# annual cycle shows, were never measured): UKgrid ND, 2005-04-01 to
# 2019-10-08 as one series (UTC days with all 48 half-hours), and vic_elec
# (local days, 2012-2014). Split by time as weekly load: held out are the
# origins whose test days start in 2018 (UKgrid) or 2014 (vic_elec); the pool
# is the origins whose 28 test days end by 2017-12-31 (UKgrid) or 2013-12-31
# (vic_elec), and the daily means of three other UKgrid columns cut at
# 2017-12-31 (transmission system demand, England and Wales demand, embedded
# wind generation).
hf_daily_mean <- function(time, y, tz, per_day) {
  day <- as.Date(time, tz = tz)
  n <- tapply(y, day, length)
  v <- tapply(y, day, mean)
  d <- as.Date(names(v))
  # whole days only (a local day of a clock change has 46 or 50 half-hours):
  # a short day at either end is dropped; none inside (checked)
  keep <- abs(as.integer(n) - per_day) <= 2L
  keep[c(1, length(keep))] <- as.integer(n[c(1, length(n))]) == per_day
  stopifnot(all(diff(which(keep)) == 1L), all(diff(d[keep]) == 1))
  list(time = d[keep], y = as.numeric(v[keep]), na = 0L)
}
hf_load_daily <- function() hf_memo("load_daily", {
  yrs <- hf_load_years()
  uk <- yrs[grep("^UKgrid", names(yrs))]
  vic <- yrs[grep("^vic_elec", names(yrs))]
  tz <- attr(vic[[1]]$time, "tzone")
  list(UKgrid_ND = hf_daily_mean(do.call(c, lapply(uk, `[[`, "time")), unlist(lapply(uk, `[[`, "y")),
                                 "UTC", 48L),
       vic_elec = hf_daily_mean(do.call(c, lapply(vic, `[[`, "time")), unlist(lapply(vic, `[[`, "y")),
                                tz, 48L))
})
hf_load_daily_pool <- function() hf_memo("load_daily_pool", {
  u <- hf_load("UKgrid", "UKgrid")
  t <- as.POSIXct(u$TIMESTAMP, tz = "UTC")
  keep <- t < as.POSIXct("2018-01-01", tz = "UTC")
  out <- list()
  for (col in c("TSD", "ENGLAND_WALES_DEMAND", "EMBEDDED_WIND_GENERATION")) {
    s <- hf_daily_mean(t[keep], hf_fill(as.numeric(u[[col]][keep])), "UTC", 48L)
    s$origin_range <- c(HF_TASKS$daily_load$window, length(s$y) - 28L)
    out[[paste0("UKgrid_", col)]] <- s
  }
  out
})
# Series s of daily load with the origins whose 28 test days start on or
# after `from` (held out) or end before it (pool), from `min_train` days on.
hf_load_daily_split <- function(s, from, heldout, h = 28L) {
  start <- which(s$time >= as.Date(from))[1]
  s$origin_range <- if (heldout) c(start - 1L, length(s$y) - h) else
    c(HF_TASKS$daily_load$min_train, start - 1L - h)
  s
}

# The weekly load split by time: series s keeps the origins (`origin_range`,
# indices of the last training week) whose test weeks (h = 13 after the
# origin) start on or after `from` (held out) or end before it (pool; from
# the first origin with a full 260-week window).
hf_load_weekly_split <- function(s, from, heldout, h = 13L, window = 260L) {
  start <- which(s$time >= as.Date(from))[1]   # first week (Monday) of the held-out year
  s$origin_range <- if (heldout) c(start - 1L, length(s$y) - h) else c(window, start - 1L - h)
  s
}

# ---- tasks ------------------------------------------------------------------------

# A task: name, the data of each held-out series, the horizons, the training
# window (at most `window` values; from `min_train` values on where given, an
# expanding window up to `window`), the origins per series, the ts frequency
# (= the MASE lag), the seasonal periods the calendar implies (for msts-based
# baselines) and `fourier`, the periods of Fourier terms where they are not
# whole (weekly: snaive and stlf at 52, Fourier terms and tbats at 52.18).
HF_TASKS <- list(
  hourly_temp = list(label = "hourly temperature (aimsir17, 8 held-out stations)",
                     h = c(24L, 48L), window = 60L * 24L, freq = 24L, periods = c(24, 168),
                     origins = 8L, unit = "hour", value = "temp"),
  halfhourly_load = list(label = "half-hourly demand (UKgrid ND 2018, 2019; vic_elec 2014)",
                         h = c(48L, 336L), window = 35L * 48L, freq = 48L, periods = c(48, 336),
                         origins = 8L, unit = "30 min", value = "demand"),
  daily_temp = list(label = "daily mean temperature (aimsir17, 8 held-out stations)",
                    h = c(7L, 14L), window = NA_integer_, min_train = 120L, freq = 7L,
                    periods = 7, origins = 10L, unit = "day", value = "temp"),
  daily_prices = list(label = "daily close (qrmdata DJ_const, 10 held-out stocks)",
                      h = c(5L, 20L), window = 500L, freq = 5L, periods = 5,
                      origins = 10L, unit = "business day", value = "close"),
  weekly_prices = list(label = "weekly close (qrmdata DJ_const, 10 held-out stocks)",
                       h = c(4L, 13L), window = 260L, freq = 52L, periods = 52L,
                       fourier = 365.25 / 7, origins = 10L, unit = "week", value = "close"),
  weekly_load = list(label = "weekly mean demand (UKgrid ND 2018-2019, vic_elec 2014)",
                     h = c(4L, 13L), window = 260L, min_train = 105L, freq = 52L, periods = 52L,
                     fourier = 365.25 / 7, origins = 10L, unit = "week", value = "demand"),
  daily_load = list(label = "daily mean demand (UKgrid ND 2018-2019, vic_elec 2014)",
                    h = c(7L, 28L), window = 3L * 365L, min_train = 365L, freq = 7L,
                    periods = c(7, 365), fourier = c(7, 365.25), origins = 10L, unit = "day",
                    value = "demand")
)

hf_task_series <- function(task) {
  switch(task,
    hourly_temp = hf_aimsir_hourly()[hf_heldout_stations()],
    daily_temp = hf_aimsir_daily()[hf_heldout_stations()],
    halfhourly_load = hf_load_years()[hf_heldout_load()],
    daily_prices = {
      s <- hf_stocks()[hf_heldout_stocks()]
      # prices: the test windows lie in 2005-2015 (origins evenly spread there)
      s
    },
    weekly_prices = hf_stocks_weekly()[hf_heldout_stocks()],
    weekly_load = {
      w <- hf_load_weekly()
      list(UKgrid_ND = hf_load_weekly_split(w$UKgrid_ND, "2018-01-01", TRUE),
           vic_elec = hf_load_weekly_split(w$vic_elec, "2014-01-01", TRUE))
    },
    daily_load = {
      d <- hf_load_daily()
      list(UKgrid_ND = hf_load_daily_split(d$UKgrid_ND, "2018-01-01", TRUE),
           vic_elec = hf_load_daily_split(d$vic_elec, "2014-01-01", TRUE))
    },
    stop("unknown task ", task))
}

# The pool (never evaluated): the same structure, for pretraining and tuning.
hf_pool <- function(task) {
  switch(task,
    hourly_temp = hf_aimsir_hourly()[setdiff(hf_stations(), hf_heldout_stations())],
    daily_temp = hf_aimsir_daily()[setdiff(hf_stations(), hf_heldout_stations())],
    halfhourly_load = hf_load_years()[setdiff(names(hf_load_years()), hf_heldout_load())],
    daily_prices = hf_stocks()[setdiff(hf_tickers(), hf_heldout_stocks())],
    weekly_prices = hf_stocks_weekly()[setdiff(hf_tickers(), hf_heldout_stocks())],
    # vic_elec has no pool origin: 2012-2013 hold fewer than 105 + 13 weeks
    weekly_load = c(list(UKgrid_ND = hf_load_weekly_split(hf_load_weekly()$UKgrid_ND,
                                                          "2018-01-01", FALSE)),
                    hf_load_weekly_pool()),
    daily_load = c(list(UKgrid_ND = hf_load_daily_split(hf_load_daily()$UKgrid_ND, "2018-01-01", FALSE),
                        vic_elec = hf_load_daily_split(hf_load_daily()$vic_elec, "2014-01-01", FALSE)),
                   hf_load_daily_pool()),
    stop("unknown task ", task))
}

# Origins (the index of the last training point) of one series: K evenly
# spaced from the first point with a full training window (min_train where
# given) to the last one that leaves the largest horizon, within the series'
# `origin_range` where it has one (weekly load); for prices only origins
# from 2005 on (so that the 500-day window starts after 2003). `shift` (in
# [0, 1)) staggers them instead: K steps of a K-th of the range apart,
# starting `shift` of a step in, so that series given different shifts have
# their origins at different times (the same times for every station are the
# same weather: bench/README.md, "Intervals per step of the horizon").
hf_origins <- function(task, s, K = NULL, shift = NULL) {
  tk <- HF_TASKS[[task]]
  K <- K %||% tk$origins
  n <- length(s$y)
  first <- tk$min_train %||% tk$window
  if (task == "daily_prices") first <- max(first, which(s$time >= as.Date("2005-01-01"))[1])
  last <- n - max(tk$h)
  if (!is.null(s$origin_range)) {   # weekly load: the split by time
    first <- max(first, s$origin_range[1])
    last <- min(last, s$origin_range[2])
  }
  if (last < first) return(integer(0))
  if (!is.null(shift))   # staggered: K steps of (last - first) / K, from `shift` of one
    return(unique(round(first + (seq_len(K) - 1 + shift) * (last - first) / K)))
  unique(round(seq(first, last, length.out = K)))
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# The training data of one origin as the methods get it: the values, their
# timestamps, the frequency and periods, and the data frame a user would pass.
hf_train <- function(task, s, origin) {
  tk <- HF_TASKS[[task]]
  from <- if (is.na(tk$window)) 1L else max(1L, origin - tk$window + 1L)
  i <- from:origin
  df <- data.frame(time = s$time[i], value = s$y[i])
  names(df) <- c(if (inherits(s$time, "Date")) "date" else "time", tk$value)
  list(y = s$y[i], time = s$time[i], freq = tk$freq, periods = tk$periods,
       fourier = tk$fourier %||% tk$periods, df = df, task = task)
}
hf_test <- function(s, origin, h) s$y[origin + seq_len(h)]

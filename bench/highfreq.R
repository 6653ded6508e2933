# High-frequency forecast benchmark (issue 20): rolling origins on public
# hourly, half-hourly, daily and business-day series that no pretraining or
# tuning may use, every baseline of the issue in the same run, and
# rnn_fit() as a user calls it.
#
# Tasks (data and split: bench/highfreq-data.R, also bench/README.md,
# "High-frequency data"):
#   hourly_temp      aimsir17 hourly temperature, 8 held-out stations (of 25),
#                    60-day training window (1,440 points), h = 24, 48;
#                    ts frequency 24, calendar periods 24 and 168
#   halfhourly_load  UKgrid national demand 2018 and 2019, vic_elec 2014 (held-out
#                    years), 5-week window (1,680 points), h = 48, 336;
#                    frequency 48, periods 48 and 336
#   daily_temp       daily means of the same 8 stations, 2017, all days up to the
#                    origin (120 to 351), h = 7, 14; frequency 7 (the forecast
#                    package's convention for daily data)
#   daily_prices     qrmdata DJ_const closes, 10 held-out stocks (of 30), 500
#                    business-day window, origins in 2005-2015, h = 5, 20;
#                    frequency 5
#   weekly_prices    weekly closes of the same 10 stocks, 260-week window, h = 4,
#                    13; frequency 52 (Fourier terms and tbats: 52.18)
#   weekly_load      weekly mean demand, UKgrid ND (test weeks in 2018-2019) and
#                    vic_elec (test weeks in 2014), up to 260 weeks (vic_elec:
#                    105-143), h = 4, 13; frequency 52
#   daily_load       daily mean demand, UKgrid ND (test days in 2018-2019) and
#                    vic_elec (2014), up to 3 years (from 1 year on), h = 7, 28;
#                    frequency 7, periods 7 and 365 (Fourier terms, tbats: 365.25)
# Origins: 8 (hourly, half-hourly) or 10 (daily, weekly) per series, evenly spaced from the first with a full window to the
# last that leaves the largest h (hf_origins()), so they cover the seasons (the
# year of weather and load, ten years of prices); the same times for every
# series of a task, unless --stagger shifts each series' origins.
#
# Split (bench/highfreq-data.R): held out (evaluated here, never used for
# pretraining or tuning): aimsir17 stations BALLYHAISE, MACE HEAD, MALIN HEAD,
# MARKREE, MT DILLON, NEWPORT, OAK PARK, SHANNON AIRPORT; UKgrid ND years 2018,
# 2019; vic_elec 2014; DJ_const AXP, INTC, JNJ, JPM, MRK, MSFT, PFE, PG, UNH,
# UTX. Pool (for pretraining and tuning, hf_pool()): the other 17 stations,
# UKgrid 2005-2017, vic_elec 2012-2013, the other 20 DJ stocks (and other
# qrmdata prices of other tickers). Never used: nycflights13, astsa, the
# forecast package's series, R's datasets, Mcomp's M3.
#
# Methods (80% and 95% intervals; each a function(train, h) returning
# list(mean, lower [h x 2], upper [h x 2]); `train` is hf_train(): $y values,
# $time, $freq, $periods, $df the data frame a user has):
#   naive        forecast::naive (random walk)
#   snaive       forecast::snaive at the first period (24, 48, 7, 5, 52)
#   snaive_week  seasonal naive at the second period (168, 336), where there is one
#   stlf         forecast::stlf on msts(y, periods) (MSTL + ets on the adjusted series)
#   stlf_day     forecast::stlf on ts(y, first period) (tasks with two periods)
#   ets          forecast::ets on ts(y, frequency) (ets ignores periods above 24)
#   arima        forecast::auto.arima(seasonal = FALSE) with Fourier terms of
#                every period as xreg (K = 5, 3 for the first, second period; at most
#                p/2; weekly: period 52.18)
#   tbats        forecast::tbats on msts(y, periods), use.parallel = FALSE (weekly:
#                52.18)
#   nnetar       forecast::nnetar on ts(y, frequency), intervals from 200 paths
#   rnn_default  recurrent::rnn_fit(train$df) (a data frame with a POSIXct or Date
#                column, as a user has it), then predict(fit, h); if that fails
#                because h is beyond the fit's horizon, rnn_fit(df, horizon = h)
#   rnn_none     rnn_fit(df, pretrained = "none"); rnn_linear: the same with
#                repeats = 0 (the linear path alone)        [not in the default set]
#   rnn_only     rnn_fit(df, pretrained = "only"): the shipped hourly, business-day,
#                half-hourly or daily model, zero-shot (not weekly) [not in the default set]
#   plus every method of bench/proto/methods.R (the list `proto_methods`), when
#   that file exists                                       [not in the default set]
# A method is fitted once per series-origin for the largest h of its task and
# cut to the smaller h (all the methods above forecast the same way for any h),
# unless it carries attr(f, "per_h") = TRUE. A method that fails is scored with
# naive's forecast and counted in `fail`.
#
# Metrics per task, h and method, over all series-origins:
#   MASE    mean over forecasts of mean|y - f| / scale, scale = in-sample mean
#           absolute difference at lag = the task's frequency (24, 48, 7, 5, 52) of
#           the origin's training window (the seasonal-naive scale)
#   rel     MASE / the best baseline's MASE for that task and h
#   sMAPE   mean over forecasts of the horizon mean of 200|y - f| / (|y| + |f|)
#   cov80, cov95   share of test points inside the intervals
#   cov80 by range, cov95 by range   the same per quarter of the horizon (steps
#           ceiling(4 * step / h) = 1..4: 1-6, 7-12, 13-18, 19-24 for h = 24)
#   worst   the largest |coverage - nominal| over the four ranges and both levels
#   volcor  rank correlation, over the forecasts, of the 95% interval's width at
#           step h (relative to the last value for positive series) with the
#           volatility of the last 20 one-step changes (log changes for positive
#           series): do the intervals follow recent volatility (prices)?
#   s       mean seconds per fit (fit + forecast, one thread), median in brackets
#
# Cache: one RDS file per method in --cache (default
# <RECURRENT_BENCH_LIB>/highfreq-cache/), a list keyed "task|series|origin|h",
# each entry made with a version (forecast's version for its methods,
# recurrent's version and build stamp for rnn_*, a hash of the function, or its
# attr "version", for prototypes); a rerun computes only what is missing or
# stale. The tables show the methods of --methods plus every method the cache
# holds for all of the same forecasts.
#
#   R_LIBS=<lib> nice -n 19 Rscript bench/highfreq.R [options]   (markdown on
#                                              stdout, progress on stderr)
# Options:
#   --split=pool          score on the pretraining pool instead of the held-out
#                         series (for tuning prototypes; cache keys "pool:<series>")
#   --quick               smoke run: one series per task, 2 origins, the fast
#                         baselines and rnn_default (a few minutes from cold)
#   --tasks=a,b           tasks (default all six)
#   --methods=a,b         methods to compute (default: the baselines and rnn_default)
#   --series=N            at most N held-out series per task (the first N)
#   --origins=K           origins per series (default: 8 hourly and half-hourly,
#                         10 daily and weekly)
#   --stagger             origins at different times for each series: series j of
#                         S starts (j - 1) / S of the spacing later (hf_origins())
#   --thin=N              keep every N-th origin (1st, N+1-th, ...): a subset of
#                         the full run's origins, for slow methods (tbats)
#   --cache=DIR           cache directory
#   --refit               recompute the methods of --methods even when cached
#   --no-cache            neither read nor write the cache
#   --show=a,b            show only these methods (default all computed/cached)
# Environment: RECURRENT_BENCH_LIB (the data sources and the cache), R_LIBS (recurrent).
suppressPackageStartupMessages(library(recurrent))
options(recurrent.threads = 1, warn = 1)
LEVELS <- c(80, 95)

bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
bench_dir <- dirname(bench_file)
source(file.path(bench_dir, "text-common.R"))   # need_package(), arg_value(), md_table()
source(file.path(bench_dir, "highfreq-data.R"))
bench_lib <- hf_bench_lib()
.libPaths(c(.libPaths(), bench_lib))
if (!requireNamespace("forecast", quietly = TRUE)) {
  dir.create(bench_lib, recursive = TRUE, showWarnings = FALSE)
  need_package("forecast", deb = "r-cran-forecast", lib = bench_lib)
}

# ---- options -------------------------------------------------------------------

args <- commandArgs(trailingOnly = TRUE)   # arg_value(), arg_list(): bench/text-common.R
known <- c("quick", "stagger", "thin", "split", "tasks", "methods", "series", "origins", "cache", "refit", "no-cache", "show")
bad <- args[!sub("^--([^=]+).*", "\\1", args) %in% known]
if (length(bad)) stop("unknown option(s): ", paste(bad, collapse = " "),
                      " (see the comment at the top of bench/highfreq.R)")
quick <- "--quick" %in% args
stagger <- "--stagger" %in% args
split <- arg_value("split", "heldout")
if (!split %in% c("heldout", "pool")) stop("--split must be heldout or pool")
tasks_run <- arg_list("tasks", names(HF_TASKS))
if (!all(tasks_run %in% names(HF_TASKS)))
  stop("unknown task(s); known: ", paste(names(HF_TASKS), collapse = ", "))
max_series <- as.integer(arg_value("series", if (quick) "1" else "1000"))
n_origins <- as.integer(arg_value("origins", if (quick) "2" else NA))
thin <- as.integer(arg_value("thin", "1"))
use_cache <- !"--no-cache" %in% args
refit <- "--refit" %in% args
cache_dir <- arg_value("cache", file.path(bench_lib, "highfreq-cache"))

# ---- methods ---------------------------------------------------------------------

from_forecast <- function(f) list(mean = as.numeric(f$mean), lower = unclass(f$lower)[, 1:2, drop = FALSE],
                                  upper = unclass(f$upper)[, 1:2, drop = FALSE])
quiet <- function(expr) suppressWarnings(suppressMessages(expr))
ts_of <- function(train, p = train$freq) stats::ts(train$y, frequency = p)
# (`fourier`: the periods of Fourier terms, e.g. weekly data's 52.18 against
# its snaive / stlf period 52; the same as `periods` for the other tasks.)
msts_of <- function(train, periods = train$periods) {
  if (length(periods) > 1) forecast::msts(train$y, seasonal.periods = periods)
  else ts_of(train, periods)
}
fourier_k <- function(periods) pmin(floor(periods / 2), c(5, 3, 3)[seq_along(periods)])

baselines <- list(
  naive = function(train, h) from_forecast(forecast::naive(train$y, h = h, level = LEVELS)),
  snaive = function(train, h) from_forecast(forecast::snaive(ts_of(train, train$periods[1]), h = h,
                                                             level = LEVELS)),
  snaive_week = function(train, h) {
    if (length(train$periods) < 2) stop("no second period")
    from_forecast(forecast::snaive(ts_of(train, train$periods[2]), h = h, level = LEVELS))
  },
  stlf = function(train, h) from_forecast(quiet(forecast::stlf(msts_of(train), h = h, level = LEVELS))),
  stlf_day = function(train, h) {
    if (length(train$periods) < 2) stop("one period only: see stlf")
    from_forecast(quiet(forecast::stlf(ts_of(train, train$periods[1]), h = h, level = LEVELS)))
  },
  ets = function(train, h) from_forecast(quiet(forecast::forecast(forecast::ets(ts_of(train)),
                                                                   h = h, level = LEVELS))),
  arima = function(train, h) {
    y <- msts_of(train, train$fourier)
    K <- fourier_k(train$fourier)
    fit <- quiet(forecast::auto.arima(ts_of(train), xreg = forecast::fourier(y, K = K),
                                      seasonal = FALSE))
    from_forecast(quiet(forecast::forecast(fit, xreg = forecast::fourier(y, K = K, h = h),
                                           level = LEVELS)))
  },
  tbats = function(train, h) {
    fit <- quiet(forecast::tbats(msts_of(train, train$fourier), use.parallel = FALSE))
    from_forecast(quiet(forecast::forecast(fit, h = h, level = LEVELS)))
  },
  nnetar = function(train, h) {
    set.seed(42)
    fit <- quiet(forecast::nnetar(ts_of(train)))
    from_forecast(quiet(forecast::forecast(fit, h = h, PI = TRUE, npaths = 200, level = LEVELS)))
  }
)
two_periods <- function(task) length(HF_TASKS[[task]]$periods) > 1
attr(baselines$snaive_week, "applies") <- two_periods
attr(baselines$stlf_day, "applies") <- two_periods
baseline_names <- names(baselines)
# Whether method m is scored on a task (attr "applies": a function of the task name).
applies <- function(m, task) {
  a <- attr(all_methods[[m]], "applies")
  is.null(a) || isTRUE(a(task))
}

rnn_user <- function(...) {
  extra <- list(...)
  f <- function(train, h) {
    set.seed(42)
    fit <- do.call(recurrent::rnn_fit, c(list(train$df, verbose = FALSE), extra))
    fc <- tryCatch(predict(fit, h = h, level = LEVELS), error = function(e) e)
    if (inherits(fc, "error")) {   # h beyond the fit's horizon: as a user would, ask for it
      set.seed(42)
      fit <- do.call(recurrent::rnn_fit, c(list(train$df, horizon = h, verbose = FALSE), extra))
      fc <- predict(fit, h = h, level = LEVELS)
    }
    from_forecast(fc)
  }
  attr(f, "uses_recurrent") <- TRUE
  f
}
rnn_only <- rnn_user(pretrained = "only")
# the tasks whose frequency has a shipped model (rnn_pretrained())
attr(rnn_only, "applies") <- function(task)
  HF_TASKS[[task]]$freq %in% vapply(recurrent::rnn_pretrained()$models, `[[`, 1, "frequency")
rnn_methods <- list(
  rnn_default = rnn_user(),
  rnn_none = rnn_user(pretrained = "none"),
  rnn_linear = rnn_user(pretrained = "none", repeats = 0),
  rnn_only = rnn_only
)

proto_file <- file.path(bench_dir, "proto", "methods.R")
proto_methods <- list()
if (file.exists(proto_file)) source(proto_file)   # defines proto_methods
all_methods <- c(baselines, rnn_methods, proto_methods)

default_methods <- if (quick) c("naive", "snaive", "snaive_week", "stlf", "stlf_day", "ets",
                                "rnn_default") else c(baseline_names, "rnn_default")
methods <- arg_list("methods", default_methods)
if (!all(methods %in% names(all_methods)))
  stop("unknown method(s): ", paste(setdiff(methods, names(all_methods)), collapse = ", "),
       "; known: ", paste(names(all_methods), collapse = ", "))

recurrent_version <- paste(packageDescription("recurrent")$Version, "built",
                           sub("^[^;]*;[^;]*; ([^;]*);.*$", "\\1",
                               packageDescription("recurrent")$Built))
method_version <- function(m) {
  f <- all_methods[[m]]
  v <- if (m %in% baseline_names) paste("forecast", packageDescription("forecast")$Version)
       else if (!is.null(attr(f, "version"))) attr(f, "version")
       else if (m %in% names(rnn_methods)) "rnn"
       else {
         tmp <- tempfile()
         writeLines(deparse(f), tmp)
         unname(tools::md5sum(tmp))
       }
  if (isTRUE(attr(f, "uses_recurrent"))) v <- paste(v, "recurrent", recurrent_version)
  v
}

# ---- forecasts and the cache ---------------------------------------------------

cache_file <- function(m) file.path(cache_dir, paste0(m, ".rds"))
caches <- new.env()
get_cache <- function(m) {
  if (is.null(caches[[m]]))
    caches[[m]] <- if (use_cache && file.exists(cache_file(m))) readRDS(cache_file(m)) else list()
  caches[[m]]
}
# Written through a temporary file, merged with what is on disk then (another
# run may have added entries since this one read the file): the entries this
# run computed win.
made <- new.env()
save_cache <- function(m) {
  if (!use_cache) return(invisible())
  dir.create(cache_dir, recursive = TRUE, showWarnings = FALSE)
  out <- if (file.exists(cache_file(m))) readRDS(cache_file(m)) else list()
  mine <- made[[m]]
  out[mine] <- caches[[m]][mine]
  caches[[m]] <- out
  tmp <- paste0(cache_file(m), ".tmp.", Sys.getpid())
  saveRDS(out, tmp)
  file.rename(tmp, cache_file(m))
}
key_of <- function(task, series, origin, h) paste(task, series, origin, h, sep = "|")

run_one <- function(m, train, h) {
  t0 <- proc.time()[["elapsed"]]
  fc <- tryCatch(all_methods[[m]](train, h), error = function(e) conditionMessage(e))
  secs <- proc.time()[["elapsed"]] - t0
  err <- if (is.character(fc)) fc else NULL
  if (is.null(err) && (length(fc$mean) != h || any(!is.finite(fc$mean))))
    err <- "forecast of the wrong length or not finite"
  list(fc = if (is.null(err)) fc, seconds = secs, error = err)
}
cut_to <- function(fc, h) list(mean = fc$mean[seq_len(h)],
                               lower = fc$lower[seq_len(h), , drop = FALSE],
                               upper = fc$upper[seq_len(h), , drop = FALSE])

compute <- function(task, series_list, origins_of) {
  hs <- HF_TASKS[[task]]$h
  for (m in Filter(function(m) applies(m, task), methods)) {
    cache <- get_cache(m)
    ver <- method_version(m)
    per_h <- isTRUE(attr(all_methods[[m]], "per_h"))
    fitted <- 0L
    t_m <- proc.time()[["elapsed"]]
    for (sn in names(series_list)) {
      s <- series_list[[sn]]
      for (o in origins_of[[sn]]) {
        keys <- vapply(hs, function(h) key_of(task, sn, o, h), "")
        stale <- vapply(keys, function(k) refit || is.null(cache[[k]]) ||
                          !identical(cache[[k]]$version, ver), NA)
        if (!any(stale)) next
        train <- hf_train(task, s, o)
        runs <- if (per_h) lapply(hs, function(h) run_one(m, train, h))
                else rep(list(run_one(m, train, max(hs))), length(hs))
        for (j in seq_along(hs)) {
          r <- runs[[j]]
          if (!is.null(r$error)) message(sprintf("  %s on %s %s (origin %d) failed: %s", m, task,
                                                 sn, o, r$error))
          made[[m]] <- union(made[[m]], keys[j])
          cache[[keys[j]]] <- list(fc = if (!is.null(r$fc)) cut_to(r$fc, hs[j]),
                                   seconds = r$seconds, error = r$error, version = ver)
        }
        fitted <- fitted + 1L
      }
      caches[[m]] <- cache
      if (fitted) {
        save_cache(m)
        cache <- caches[[m]]
      }
    }
    if (fitted) message(sprintf("[%s] %s: %d fits, %.1f s", task, m, fitted,
                                proc.time()[["elapsed"]] - t_m))
  }
}

# ---- scores -------------------------------------------------------------------------

mase_scale_lag <- function(y, lag) mean(abs(diff(y, lag = lag)))
smape <- function(y, f) mean(ifelse(abs(y) + abs(f) == 0, 0, 200 * abs(y - f) / (abs(y) + abs(f))))

# Width of the 95% interval at the last step (relative to the last value for
# a positive series) and the volatility of the last 20 one-step changes (of
# the logarithm for a positive series): their rank correlation over the
# forecasts (volcor) says whether the intervals follow recent volatility.
rel_width <- function(fc, y, h) {
  w <- fc$upper[h, 2] - fc$lower[h, 2]
  if (all(y > 0)) w / y[length(y)] else w
}
recent_vol <- function(y) {
  z <- if (all(y > 0)) log(y) else y
  stats::sd(diff(utils::tail(z, 21)))
}

score_task <- function(task, series_list, origins_of, shown) {
  tk <- HF_TASKS[[task]]
  rows <- list()
  for (h in tk$h) for (m in shown) {
    cache <- get_cache(m)
    per <- list()
    for (sn in names(series_list)) {
      s <- series_list[[sn]]
      for (o in origins_of[[sn]]) {
        rec <- cache[[key_of(task, sn, o, h)]]
        train <- hf_train(task, s, o)
        fc <- rec$fc
        fail <- is.null(fc)
        if (fail) fc <- baselines$naive(train, h)
        y <- hf_test(s, o, h)
        rng <- ceiling(4 * seq_len(h) / h)
        per[[length(per) + 1]] <- list(
          mase = mean(abs(y - fc$mean)) / mase_scale_lag(train$y, tk$freq),
          smape = smape(y, fc$mean),
          in80 = y >= fc$lower[, 1] & y <= fc$upper[, 1],
          in95 = y >= fc$lower[, 2] & y <= fc$upper[, 2],
          rng = rng, seconds = rec$seconds, fail = fail,
          width = rel_width(fc, train$y, h), recent = recent_vol(train$y))
      }
    }
    in80 <- unlist(lapply(per, `[[`, "in80"))
    in95 <- unlist(lapply(per, `[[`, "in95"))
    rng <- unlist(lapply(per, `[[`, "rng"))
    c80 <- tapply(in80, rng, mean)
    c95 <- tapply(in95, rng, mean)
    secs <- vapply(per, function(p) p$seconds %||% NA_real_, 0)
    width <- vapply(per, `[[`, 0, "width")
    recent <- vapply(per, `[[`, 0, "recent")
    volcor <- if (stats::sd(width) > 0) stats::cor(width, recent, method = "spearman") else NA_real_
    rows[[length(rows) + 1]] <- data.frame(
      task = task, h = h, method = m, n = length(per),
      MASE = mean(vapply(per, `[[`, 0, "mase")), sMAPE = mean(vapply(per, `[[`, 0, "smape")),
      cov80 = mean(in80), cov95 = mean(in95),
      cov80_by_range = paste(sprintf("%.2f", c80), collapse = " "),
      cov95_by_range = paste(sprintf("%.2f", c95), collapse = " "),
      worst = max(abs(c80 - 0.80), abs(c95 - 0.95)), volcor = volcor,
      s = mean(secs), s_med = stats::median(secs),
      fail = sum(vapply(per, `[[`, NA, "fail")), stringsAsFactors = FALSE)
  }
  d <- do.call(rbind, rows)
  best <- tapply(ifelse(d$method %in% baseline_names, d$MASE, Inf), d$h, min)
  d$rel <- d$MASE / best[as.character(d$h)]
  d
}

# ---- run ------------------------------------------------------------------------------

started <- proc.time()[["elapsed"]]
results <- list()
notes <- character(0)
for (task in tasks_run) {
  ser <- if (split == "pool") hf_pool(task) else hf_task_series(task)
  if (split == "pool") names(ser) <- paste0("pool:", names(ser))
  ser <- ser[seq_len(min(length(ser), max_series))]
  origins_of <- lapply(seq_along(ser), function(j) {
    o <- hf_origins(task, ser[[j]], if (is.na(n_origins)) HF_TASKS[[task]]$origins else n_origins,
                    shift = if (stagger) (j - 1) / length(ser))
    o[seq_along(o) %% thin == 1 %% thin]
  })
  names(origins_of) <- names(ser)
  compute(task, ser, origins_of)
  keys <- unlist(lapply(names(ser), function(sn) unlist(lapply(origins_of[[sn]], function(o)
    vapply(HF_TASKS[[task]]$h, function(h) key_of(task, sn, o, h), "")))))
  cached <- sub("\\.rds$", "", list.files(cache_dir, pattern = "\\.rds$"))
  cached <- intersect(cached, names(all_methods))
  complete <- Filter(function(m) all(keys %in% names(get_cache(m))), cached)
  shown <- intersect(names(all_methods), union(methods, complete))
  shown <- Filter(function(m) applies(m, task), shown)
  show_only <- arg_list("show", "")
  if (length(show_only) && any(nzchar(show_only))) shown <- intersect(shown, show_only)
  results[[task]] <- score_task(task, ser, origins_of, shown)
  na <- vapply(ser, function(s) s$na, 0)
  notes <- c(notes, sprintf("%s: %d series (%s), %d origins, %d forecasts per method and h%s%s",
                            task, length(ser), paste(names(ser), collapse = ", "),
                            length(unlist(origins_of)), length(unlist(origins_of)),
                            if (stagger) " (staggered)" else "",
                            if (sum(na)) sprintf("; %d missing values interpolated", sum(na)) else ""))
}

cat(sprintf("## bench/highfreq.R, %s\n\n", format(Sys.time(), "%Y-%m-%d %H:%M")))
cat(sprintf("recurrent %s; forecast %s; data: aimsir17 %s, UKgrid %s, tsibbledata %s, qrmdata %s; %s.\n\n",
            recurrent_version, packageDescription("forecast")$Version,
            hf_source_version("aimsir17"), hf_source_version("UKgrid"),
            hf_source_version("tsibbledata"), hf_source_version("qrmdata"), R.version.string))
cat(paste0("- ", notes, collapse = "\n"), "\n")
cat(sprintf("\nCache: %s. Run time %.0f s.\n", if (use_cache) cache_dir else "not used",
            proc.time()[["elapsed"]] - started))

summary_rows <- list()
for (task in names(results)) {
  d <- results[[task]]
  tk <- HF_TASKS[[task]]
  for (h in tk$h) {
    dh <- d[d$h == h, ]
    cat(sprintf("\n### %s%s, h = %d (MASE scale: seasonal naive at lag %d; %d forecasts)\n\n",
                if (split == "pool") "POOL (not the held-out series): " else "", tk$label, h,
                tk$freq, dh$n[1]))
    md_table(dh[, c("method", "MASE", "rel", "sMAPE", "cov80", "cov95", "cov80_by_range",
                    "cov95_by_range", "worst", "volcor", "s", "s_med", "fail")],
             list(MASE = 3, rel = 3, sMAPE = 2, cov80 = 3, cov95 = 3, worst = 3, volcor = 2,
                  s = 2, s_med = 2))
    b <- dh[dh$method %in% baseline_names, ]
    b <- b[which.min(b$MASE), ]
    if (!nrow(b)) next
    for (m in setdiff(dh$method, baseline_names)) {
      r <- dh[dh$method == m, ]
      summary_rows[[length(summary_rows) + 1]] <- data.frame(
        task = task, h = h, method = m, MASE = r$MASE, best_baseline = b$method,
        best_MASE = b$MASE, ratio = r$MASE / b$MASE, worst_cov = r$worst, s = r$s)
    }
  }
}
if (length(summary_rows)) {
  cat("\n### Against the best baseline (ratio < 1: ahead; prices: target ratio <= 1.01 to naive)\n\n")
  md_table(do.call(rbind, summary_rows),
           list(MASE = 3, best_MASE = 3, ratio = 3, worst_cov = 3, s = 2))
}

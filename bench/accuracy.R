# Forecast accuracy of rnn_fit() beside the forecast package, over several
# forecast origins per series, on two collections:
#
#   panel    the 12 built-in series of bench/series.R; h = rnn_fit's default
#            horizon for the frequency (18 monthly, 8 quarterly, 10 otherwise);
#   heldout  the M1 and tourism series that tools/pretrain.R held out of
#            pretraining (rnn_pretrained()$info$held_out: series the shipped
#            models never saw), over their competition horizons (M1 6/8/18,
#            tourism 4/8/24 for yearly/quarterly/monthly); by default a seeded
#            sample of them, stratified by collection and frequency;
#   yearly-extra  the yearly series of the tsibbledata and fpp3 tsibbles whose
#            keys tools/pretrain.R held out of pretraining (20% of the keys of
#            each yearly tsibble, all variables of a key:
#            rnn_pretrained()$info$held_out_tsibble; global_economy's GDP,
#            growth, CPI, imports, exports and population of 53 countries,
#            fpp3's aus_fertility, tsibbledata's hh_budget), h = 6.
#
# Origins: a series of n points (a competition series: its training and test
# parts joined) is forecast from K origins o = n - h - (k - 1) * step,
# k = 1..K, step = max(1, h %/% 2): each fit sees y[1..o] and is scored on
# y[o+1..o+h], the last origin on exactly the last h points. Half a horizon
# keeps short series (tourism yearly: 11 points or more) in the benchmark with
# several origins, while the test windows still differ by half. Origins that
# leave fewer than 10 training points are skipped (rnn_fit and the pretrained
# models need 10); a series with none is left out, and the header says how many.
#
# Methods (levels 80 and 95; set.seed(42) before every rnn and nnetar fit):
#   ets, arima (auto.arima), theta (thetaf), damped (ets(damped = TRUE)),
#   nnetar, snaive (= naive for
#   non-seasonal data), rnn_local = rnn_fit(train, pretrained = "none"),
#   rnn_pretrained = rnn_fit(train, pretrained = "only") (zero-shot),
#   rnn_default = rnn_fit(train) with its defaults (the header prints the
#   default of `pretrained`). rnn fits get horizon = h. A method that fails on a
#   series-origin is scored with snaive's forecast and counted in `fail`.
#
# Metrics per method, per collection, per frequency and source within the
# held-out collection, and over all held-out forecasts: MASE (mean) and gMASE
# (geometric mean) over series-origins, scaled by the in-sample mean absolute
# seasonal difference of the origin's training part (mase_scale() of
# bench/series.R: as forecast::accuracy, but lag 1 for a training part of at
# most two seasons; a zero scale gives no MASE for that forecast, counted in
# the header); sMAPE
# (mean of the horizon means of 200|y - f| / (|y| + |f|), 0 when both are 0);
# 80%/95% coverage pooled over all test points; seconds of fit + forecast per
# series-origin (one thread: recurrent.threads = 1).
#
# Cache: every (method, series, origin, h) forecast is kept in an RDS file,
# with the version it was made with (recurrent's version and build stamp for
# rnn_* methods, forecast's version for the others); a rerun reuses results of
# the same version and computes the rest. The tables show the methods of
# --methods plus every other method the cache holds for all of the same
# forecasts, so `--methods=rnn_default` after reinstalling recurrent refits
# only that method and still shows the baselines.
#
#   R_LIBS=<lib> Rscript bench/accuracy.R [options]      (markdown on stdout,
#                                                          progress on stderr)
# Options:
#   --collections=panel,heldout   which collections (default both; also
#                                 yearly-extra)
#   --frequencies=1,...           only series of these frequencies
#   --origins=K                   origins per series (default 3)
#   --heldout=N                   held-out series to sample (default 180, about 35 min;
#                                 0 = all 457 that have an origin)
#   --seed=S                      seed of that sample (default 1)
#   --methods=a,b,...             methods to compute (default all, see above)
#   --series=a,b,...              only these series (panel names or e.g. M1/YAB12);
#                                 also BENCH_SERIES
#   --cache=FILE                  default $BENCH_CACHE, else
#                                 <temp dir>/recurrent-bench-accuracy.rds
#   --refit                       recompute the methods of --methods even if cached
#   --no-cache                    neither read nor write the cache
#   --levers                      also show variants of rnn_default's average,
#                                 made from its members' forecasts (see levers)
#   --precision=single            rnn_* methods with options(recurrent.precision =
#                                 "single"): their networks compute in float
#                                 (default double); kept apart in the cache
# Environment: BENCH_SERIES as --series; BENCH_BASELINES=0 leaves the forecast
# package's methods out of the default --methods; BENCH_VARIANTS=1 adds
# variants of rnn_default (ablation: rnn_linear_only, rnn_no_linear,
# rnn_base_none, rnn_single_net, rnn_recursive).
suppressPackageStartupMessages(library(recurrent))
options(recurrent.threads = 1)
LEVELS <- c(80, 95)
MIN_TRAIN <- 10L

bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
bench_dir <- dirname(bench_file)
source(file.path(bench_dir, "text-common.R"))   # need_package()
# Missing data packages go into RECURRENT_BENCH_LIB, as for bench/many.R; it
# comes last in the library path, so that it never hides the recurrent under test.
bench_lib <- Sys.getenv("RECURRENT_BENCH_LIB",
                        file.path(Sys.getenv("HOME", "/tmp"), ".cache", "recurrent-bench-lib"))
.libPaths(c(.libPaths(), bench_lib))
need_bench_package <- function(pkg) {
  if (requireNamespace(pkg, quietly = TRUE)) return(invisible(TRUE))
  dir.create(bench_lib, recursive = TRUE, showWarnings = FALSE)
  .libPaths(c(.libPaths(), bench_lib))   # only now it exists
  need_package(pkg, lib = bench_lib)
}
need_bench_package("forecast")
source(file.path(bench_dir, "series.R"))        # bench_series, horizon_for(), mase_scale()

# ---- options -------------------------------------------------------------

args <- commandArgs(trailingOnly = TRUE)   # arg_value(), arg_list(): bench/text-common.R
known <- c("collections", "origins", "heldout", "seed", "methods", "series", "cache",
           "refit", "no-cache", "frequencies", "levers", "precision")
bad <- args[!sub("^--([^=]+).*", "\\1", args) %in% known]
if (length(bad)) stop("unknown option(s): ", paste(bad, collapse = " "))

collections <- arg_list("collections", c("panel", "heldout"))
n_origins <- as.integer(arg_value("origins", "3"))
n_heldout <- as.integer(arg_value("heldout", "180"))
sample_seed <- as.integer(arg_value("seed", "1"))
only_series <- arg_list("series", Sys.getenv("BENCH_SERIES"))
use_cache <- !"--no-cache" %in% args
refit <- "--refit" %in% args
show_levers <- "--levers" %in% args
only_freq <- as.numeric(arg_list("frequencies", character(0)))
precision <- match.arg(arg_value("precision", "double"), c("double", "single"))
options(recurrent.precision = precision)
cache_path <- arg_value("cache", Sys.getenv("BENCH_CACHE",
  file.path(dirname(tempdir()), "recurrent-bench-accuracy.rds")))

# ---- methods --------------------------------------------------------------

# Every method: function(train, h) -> list(mean, lower [h x 2], upper [h x 2]).
from_forecast <- function(f) list(mean = as.numeric(f$mean),
                                  lower = unclass(f$lower), upper = unclass(f$upper))

rnn_method <- function(...) {
  args <- list(...)
  function(train, h) {
    set.seed(42)
    fit <- do.call(rnn_fit, c(list(train, horizon = h, verbose = FALSE), args))
    c(from_forecast(predict(fit, h = h, level = LEVELS)), list(members = members_of(fit, train, h)))
  }
}

# For the levers: the forecasts of the members of a combination (the network
# with its intervals; the smoothing, and the smoothing with only a damped
# trend or only none), NULL for any other fit.
members_of <- function(fit, train, h) {
  if (!inherits(fit, "rnn_combination") || !all(c("network", "smooth") %in% names(fit$members)))
    return(NULL)
  net <- recurrent:::fc_parts(recurrent:::fc_member(fit, "network"), h, LEVELS)[[1]]
  smooth <- function(trends) {
    sm <- recurrent:::fc_smooth_fit(train, frequency(train), trends)
    if (is.null(sm)) NULL else recurrent:::fc_smooth_forecast(sm, h)
  }
  list(network = list(mean = as.numeric(net$mean), lower = matrix(net$lower, h),
                      upper = matrix(net$upper, h)),
       weight = fit$weights[1, "network"], smooth = smooth(c("N", "Ad")),
       smooth_Ad = smooth("Ad"), smooth_N = smooth("N"))
}
snaive_method <- function(train, h) from_forecast(forecast::snaive(train, h = h, level = LEVELS))

baselines <- list(
  ets    = function(train, h) from_forecast(forecast::forecast(forecast::ets(train), h = h, level = LEVELS)),
  arima  = function(train, h) from_forecast(forecast::forecast(forecast::auto.arima(train), h = h, level = LEVELS)),
  theta  = function(train, h) from_forecast(forecast::thetaf(train, h = h, level = LEVELS)),
  damped = function(train, h) from_forecast(forecast::forecast(forecast::ets(train, damped = TRUE),
                                                               h = h, level = LEVELS)),
  nnetar = function(train, h) {
    set.seed(42)
    fit <- forecast::nnetar(train)
    from_forecast(forecast::forecast(fit, h = h, PI = TRUE, npaths = 200, level = LEVELS))
  },
  snaive = snaive_method
)
rnn_methods <- list(
  rnn_default    = rnn_method(),
  rnn_local      = rnn_method(pretrained = "none"),
  rnn_pretrained = rnn_method(pretrained = "only")
)
variants <- list(
  rnn_linear_only = rnn_method(repeats = 0),
  rnn_no_linear   = rnn_method(linear = FALSE),
  rnn_base_none   = rnn_method(base = "none"),
  rnn_single_net  = rnn_method(repeats = 1),
  rnn_recursive   = rnn_method(strategy = "recursive")
)
all_methods <- c(rnn_methods, baselines, variants)

# Levers (--levers): variants of rnn_default's average made from the members'
# forecasts it recorded (members_of()) without refitting: the network's
# weight w against the smoothing, and the smoothing's trend (AICc between
# none and damped as the package does: "smooth"; damped always: "smooth_Ad";
# none always: "smooth_N"). The network's interval widths are kept around each
# average, as in the package; where the default is not such an average (the
# local model won, or a series too short for the smoothing) the default's
# forecast stands.
levers <- list(
  lever_network = list(w = 1, smooth = "smooth"),
  lever_smooth = list(w = 0, smooth = "smooth"),
  lever_smooth_Ad = list(w = 0, smooth = "smooth_Ad"),
  lever_w0.3 = list(w = 0.3, smooth = "smooth"),
  lever_w0.7 = list(w = 0.7, smooth = "smooth"),
  lever_Ad = list(w = 0.5, smooth = "smooth_Ad"),
  lever_N = list(w = 0.5, smooth = "smooth_N"),
  lever_Ad_w0.3 = list(w = 0.3, smooth = "smooth_Ad"),
  lever_Ad_w0.7 = list(w = 0.7, smooth = "smooth_Ad")
)
lever_record <- function(rec, lv) {
  mb <- rec$members
  if (is.null(rec) || !is.null(rec$error) || is.null(mb) || is.null(mb$smooth) ||
      is.null(mb[[lv$smooth]]))
    return(rec)
  net <- mb$network
  mean <- lv$w * net$mean + (1 - lv$w) * mb[[lv$smooth]]
  shift <- mean - net$mean
  list(mean = mean, lower = net$lower + shift, upper = net$upper + shift,
       seconds = rec$seconds, version = rec$version)
}
default_methods <- c(names(rnn_methods),
                     if (Sys.getenv("BENCH_BASELINES", "1") != "0") names(baselines),
                     if (Sys.getenv("BENCH_VARIANTS") == "1") names(variants))
methods <- arg_list("methods", default_methods)
if (!all(methods %in% names(all_methods)))
  stop("unknown method(s): ", paste(setdiff(methods, names(all_methods)), collapse = ", "),
       "; known: ", paste(names(all_methods), collapse = ", "))

# A cached result is reused only when made by the same code: for rnn methods
# the installed recurrent (its build stamp changes with every install), for
# the others the forecast package.
recurrent_version <- paste(packageDescription("recurrent")$Version, "built",
                           sub("^[^;]*;[^;]*; ([^;]*);.*$", "\\1", packageDescription("recurrent")$Built),
                           if (precision == "single") "in single precision")
method_version <- function(m) {
  if (startsWith(m, "rnn_")) paste("recurrent", recurrent_version)
  else paste("forecast", packageDescription("forecast")$Version)
}
default_pretrained <- tryCatch(eval(formals(rnn_fit)$pretrained)[1], error = function(e) NULL)
if (is.null(default_pretrained)) default_pretrained <- "(no such argument)"

# ---- series and origins ------------------------------------------------------

# One task per series-origin: the full series y, the origin and h.
origins_of <- function(n, h) {
  o <- n - h - (seq_len(n_origins) - 1L) * max(1L, h %/% 2L)
  o[o >= MIN_TRAIN]
}
series_tasks <- function(name, collection, source, y, h) {
  lapply(origins_of(length(y), h), function(o)
    list(series = name, collection = collection, source = source, freq = frequency(y),
         y = y, origin = o, h = h))
}

panel_series <- function() {
  lapply(bench_series, function(y) {
    if (!is.ts(y)) y <- ts(y)
    list(y = y, h = horizon_for(frequency(y)), source = "panel")
  })
}

# The held-out competition series, their two parts joined into one ts.
heldout_series <- function() {
  need_bench_package("Mcomp")
  need_bench_package("Tcomp")
  comp <- c(Mcomp::M1, Tcomp::tourism)
  names(comp) <- c(paste0("M1/", names(Mcomp::M1)), paste0("tourism/", names(Tcomp::tourism)))
  comp <- comp[rnn_pretrained()$info$held_out]
  stats::setNames(lapply(names(comp), function(nm) {
    s <- comp[[nm]]
    y <- ts(c(as.numeric(s$x), as.numeric(s$xx)), start = start(s$x), frequency = frequency(s$x))
    list(y = y, h = as.integer(s$h), source = sub("/.*", "", nm))
  }), names(comp))
}

# The yearly tsibble series held out of pretraining (all of them), read as
# tools/pretrain.R reads them (tools/pretrain-data.R), in another R process
# with RECURRENT_BENCH_LIB first in its library path: tsibble needs newer
# versions of packages (Rcpp, vctrs) than the forecast package already loaded
# here.
yearly_extra_series <- function() {
  held <- rnn_pretrained()$info$held_out_tsibble
  if (!length(held))
    stop("the installed pretrained models name no held-out tsibble series ",
         "(info$held_out_tsibble; tools/pretrain.R version 4 on)")
  io <- tempfile(c("held", "series"), fileext = ".rds")
  saveRDS(held, io[1])
  code <- sprintf(paste0(
    ".libPaths(c('%s', .libPaths())); source('%s'); held <- readRDS('%s'); ",
    "for (p in c('tsibble', 'tsibbledata')) need_package(p, lib = .libPaths()[1]); ",
    "s <- tsibble_collections(fpp3_source(.libPaths()[1])); saveRDS(s[intersect(held, names(s))], '%s')"),
    bench_lib, file.path(bench_dir, "..", "tools", "pretrain-data.R"), io[1], io[2])
  code <- paste0("source('", file.path(bench_dir, "text-common.R"), "'); ", code)
  status <- system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(code)))
  if (status != 0 || !file.exists(io[2])) stop("reading the tsibble series failed")
  sers <- readRDS(io[2])
  if (!all(held %in% names(sers))) stop("held-out tsibble series not found: ",
                                        paste(setdiff(held, names(sers)), collapse = ", "))
  stats::setNames(lapply(held, function(nm)
    list(y = sers[[nm]], h = 6L, source = sub("^[^:]*::([^/]*)/.*", "\\1", nm))), held)
}

# A seeded sample of n names, allocated to the strata in proportion to their
# sizes (largest remainders), at least one per stratum, so that means over
# the sample estimate means over all held-out series.
stratified_sample <- function(nms, strata, n, seed) {
  if (n <= 0 || n >= length(nms)) return(nms)
  sizes <- table(strata)
  quota <- n * sizes / sum(sizes)
  take <- floor(quota)
  extra <- order(quota - take, decreasing = TRUE)[seq_len(n - sum(take))]
  take[extra] <- take[extra] + 1
  take <- pmax(take, 1)
  set.seed(seed)
  keep <- unlist(lapply(names(sizes), function(s) {
    pool <- nms[strata == s]
    pool[sample.int(length(pool), take[[s]])]
  }))
  nms[nms %in% keep]
}

# "M1 yearly 7, M1 quarterly 8, ..." for strata named "<source> <frequency>".
stratum_counts <- function(strata) {
  tab <- table(strata)
  parts <- strsplit(names(tab), " ", fixed = TRUE)
  paste(sprintf("%s %s %d", vapply(parts, `[`, "", 1),
                vapply(parts, function(p) freq_label(p[2]), ""), tab), collapse = ", ")
}

build_tasks <- function() {
  tasks <- list()
  notes <- character(0)
  for (cl in collections) {
    ser <- switch(cl, panel = panel_series(), heldout = heldout_series(),
                  "yearly-extra" = yearly_extra_series(), stop("unknown collection: ", cl))
    if (length(only_series) && any(nzchar(only_series))) ser <- ser[names(ser) %in% only_series]
    if (length(only_freq))
      ser <- ser[vapply(ser, function(s) any(abs(frequency(s$y) - only_freq) < 1e-6), NA)]
    has_origin <- vapply(ser, function(s) length(origins_of(length(s$y), s$h)) > 0, NA)
    if (any(!has_origin))
      notes <- c(notes, sprintf("%s: %d series too short for any origin (left out): %s", cl,
                                sum(!has_origin), paste(names(ser)[!has_origin], collapse = ", ")))
    ser <- ser[has_origin]
    if (cl == "heldout") {
      strata <- vapply(ser, function(s) paste(s$source, frequency(s$y)), "")
      picked <- stratified_sample(names(ser), strata, n_heldout, sample_seed)
      notes <- c(notes, sprintf("heldout: %d of %d series with an origin (seed %d; %s)",
                                length(picked), length(ser), sample_seed,
                                stratum_counts(strata[picked])))
      ser <- ser[picked]
    }
    for (nm in names(ser))
      tasks <- c(tasks, series_tasks(nm, cl, ser[[nm]]$source, ser[[nm]]$y, ser[[nm]]$h))
  }
  list(tasks = tasks, notes = notes)
}

train_of <- function(task) ts(task$y[seq_len(task$origin)], start = start(task$y),
                              frequency = frequency(task$y))
test_of <- function(task) as.numeric(task$y[task$origin + seq_len(task$h)])

# ---- cache ------------------------------------------------------------------

cache_key <- function(method, task) paste(method, task$series, task$origin, task$h, sep = "|")
# The record of a method on a task: from the cache, or for a lever from
# rnn_default's record.
record_of <- function(cache, m, task) {
  if (m %in% names(levers)) lever_record(cache[[cache_key("rnn_default", task)]], levers[[m]])
  else cache[[cache_key(m, task)]]
}
read_cache <- function() {
  if (use_cache && file.exists(cache_path)) readRDS(cache_path) else list()
}
# Written to a temporary file first, so that an interrupted run never leaves a
# truncated cache.
write_cache <- function(cache) {
  if (!use_cache) return(invisible())
  tmp <- paste0(cache_path, ".tmp")
  saveRDS(cache, tmp)
  file.rename(tmp, cache_path)
}

# One method on one series-origin: the forecast, the seconds and the error
# message (NULL when it worked).
run_method <- function(m, task) {
  train <- train_of(task)
  t0 <- proc.time()[["elapsed"]]
  fc <- tryCatch(all_methods[[m]](train, task$h), error = function(e) conditionMessage(e))
  secs <- proc.time()[["elapsed"]] - t0
  err <- if (is.character(fc)) fc else NULL
  if (is.null(err) && length(fc$mean) != task$h) err <- "forecast of the wrong length"
  if (!is.null(err)) {
    message(sprintf("  %s on %s (origin %d) failed, scored with snaive: %s", m, task$series,
                    task$origin, err))
    fc <- list()
  }
  c(fc, list(seconds = secs, error = err, version = method_version(m)))
}

compute_all <- function(tasks, cache) {
  todo <- function(m, task) {
    hit <- cache[[cache_key(m, task)]]
    refit || is.null(hit) || !identical(hit$version, method_version(m))
  }
  last_save <- proc.time()[["elapsed"]]
  series <- unique(vapply(tasks, `[[`, "", "series"))
  for (i in seq_along(series)) {
    t0 <- proc.time()[["elapsed"]]
    fitted <- 0L
    for (task in Filter(function(t) t$series == series[i], tasks)) {
      for (m in methods) if (todo(m, task)) {
        cache[[cache_key(m, task)]] <- run_method(m, task)
        fitted <- fitted + 1L
      }
    }
    if (fitted) message(sprintf("[%d/%d] %s: %d fits, %.1f s", i, length(series), series[i],
                                fitted, proc.time()[["elapsed"]] - t0))
    if (fitted && proc.time()[["elapsed"]] - last_save > 60) {
      write_cache(cache)
      last_save <- proc.time()[["elapsed"]]
    }
  }
  write_cache(cache)
  cache
}

# ---- scores --------------------------------------------------------------------

smape <- function(y, f) mean(ifelse(abs(y) + abs(f) == 0, 0, 200 * abs(y - f) / (abs(y) + abs(f))))

# Points of y inside the interval of column k (NA without intervals).
inside <- function(y, fc, k) {
  if (is.null(fc$lower) || NCOL(fc$lower) < k) return(NA_integer_)
  sum(y >= fc$lower[, k] & y <= fc$upper[, k])
}

score_one <- function(rec, task) {
  fc <- if (is.null(rec$error)) rec else snaive_method(train_of(task), task$h)
  y <- test_of(task)
  sc <- mase_scale(train_of(task))
  data.frame(series = task$series, collection = task$collection, source = task$source,
             freq = task$freq, origin = task$origin,
             mase = if (is.finite(sc) && sc > 0) mean(abs(y - fc$mean)) / sc else NA_real_,
             smape = smape(y, fc$mean), in80 = inside(y, fc, 1), in95 = inside(y, fc, 2),
             points = length(y), seconds = rec$seconds, fail = !is.null(rec$error))
}

# The methods to show: those computed now and every other method the cache
# holds for every task.
shown_methods <- function(tasks, cache) {
  cached <- unique(sub("\\|.*", "", names(cache)))
  complete <- Filter(function(m) all(vapply(tasks, function(t)
    !is.null(cache[[cache_key(m, t)]]), NA)), cached)
  order_all <- c(names(all_methods), sort(setdiff(complete, names(all_methods))))
  out <- intersect(order_all, union(methods, complete))
  if (show_levers && "rnn_default" %in% out) out <- c(out, names(levers))
  out
}

score_all <- function(tasks, cache, shown) {
  do.call(rbind, lapply(shown, function(m) {
    cbind(method = m, do.call(rbind, lapply(tasks, function(t) score_one(record_of(cache, m, t), t))))
  }))
}

summarise_method <- function(d) {
  with_pi <- !is.na(d$in80)
  data.frame(
    n = nrow(d), MASE = mean(d$mase, na.rm = TRUE),
    gMASE = exp(mean(log(pmax(d$mase, 1e-8)), na.rm = TRUE)),
    sMAPE = mean(d$smape),
    cov80 = sum(d$in80[with_pi]) / sum(d$points[with_pi]),
    cov95 = sum(d$in95[with_pi]) / sum(d$points[with_pi]),
    sec = mean(d$seconds), fail = sum(d$fail))
}

# ---- output ------------------------------------------------------------------------

# md_table(): bench/text-common.R

show_group <- function(scores, label, shown) {
  if (!nrow(scores)) return(invisible())
  n_series <- length(unique(scores$series))
  n_fc <- nrow(scores) / length(shown)
  cat(sprintf("\n### %s: %d series, %d forecasts\n\n", label, n_series, n_fc))
  rows <- do.call(rbind, lapply(shown, function(m)
    cbind(method = m, summarise_method(scores[scores$method == m, ]))))
  md_table(rows, list(MASE = 3, gMASE = 3, sMAPE = 2, cov80 = 3, cov95 = 3, sec = 2))
}

freq_label <- function(f) switch(as.character(f), "1" = "yearly", "4" = "quarterly",
                                 "12" = "monthly", paste("frequency", f))

panel_by_series <- function(scores, shown) {
  d <- scores[scores$collection == "panel", ]
  if (!nrow(d)) return(invisible())
  cat("\n### panel, MASE per series (mean over its origins)\n\n")
  tab <- tapply(d$mase, list(factor(d$series, unique(d$series)), factor(d$method, shown)), mean)
  md_table(data.frame(series = rownames(tab), as.data.frame(unclass(tab)), check.names = FALSE),
           stats::setNames(rep(list(3), length(shown)), shown))
}

# The issue's target, over all held-out forecasts: rnn_default better than ets
# and arima on gMASE and sMAPE, coverage within 5 points of nominal.
target_check <- function(scores) {
  d <- scores[scores$collection == "heldout", ]
  need <- c("rnn_default", "ets", "arima")
  if (!nrow(d) || !all(need %in% d$method)) return(invisible())
  s <- lapply(stats::setNames(need, need), function(m) summarise_method(d[d$method == m, ]))
  r <- s$rnn_default
  ok <- c(gMASE = r$gMASE < min(s$ets$gMASE, s$arima$gMASE),
          sMAPE = r$sMAPE < min(s$ets$sMAPE, s$arima$sMAPE),
          cov80 = abs(r$cov80 - 0.80) <= 0.05, cov95 = abs(r$cov95 - 0.95) <= 0.05)
  cat(sprintf(paste0("\nTarget over all held-out forecasts (rnn_default against ets and arima): ",
                     "gMASE %.3f vs %.3f / %.3f %s; sMAPE %.2f vs %.2f / %.2f %s; ",
                     "coverage %.3f / %.3f (nominal 0.80 / 0.95) %s. %s\n"),
              r$gMASE, s$ets$gMASE, s$arima$gMASE, if (ok["gMASE"]) "met" else "NOT met",
              r$sMAPE, s$ets$sMAPE, s$arima$sMAPE, if (ok["sMAPE"]) "met" else "NOT met",
              r$cov80, r$cov95, if (ok["cov80"] && ok["cov95"]) "met" else "NOT met",
              if (all(ok)) "Target met." else "Target not met."))
}

# rnn_default and rnn_local are the same model while the default is "none":
# say whether their forecasts agree, as a check of the benchmark itself.
same_as_local <- function(tasks, cache) {
  if (default_pretrained != "none") return("")
  same <- vapply(tasks, function(t) {
    a <- cache[[cache_key("rnn_default", t)]]
    b <- cache[[cache_key("rnn_local", t)]]
    !is.null(a) && !is.null(b) && identical(a$mean, b$mean) && identical(a$lower, b$lower)
  }, NA)
  sprintf(" Their forecasts are identical on %d of %d series-origins.", sum(same), length(same))
}

# ---- run -----------------------------------------------------------------------------

started <- proc.time()[["elapsed"]]
built <- build_tasks()
tasks <- built$tasks
cache <- compute_all(tasks, read_cache())
shown <- shown_methods(tasks, cache)
scores <- score_all(tasks, cache, shown)

cat(sprintf("## bench/accuracy.R, %s\n\n", format(Sys.time(), "%Y-%m-%d %H:%M")))
cat(sprintf("recurrent %s; forecast %s; %s.\n\n", recurrent_version,
            packageDescription("forecast")$Version, R.version.string))
cat(sprintf("rnn_fit()'s default is pretrained = \"%s\"%s\n\n", default_pretrained,
            if (default_pretrained == "none")
              paste0(": rnn_default is the same model as rnn_local.", same_as_local(tasks, cache))
            else "."))
cat(sprintf("Origins: up to %d per series, step max(1, h %%/%% 2), at least %d training points.\n",
            n_origins, MIN_TRAIN))
for (note in built$notes) cat("\n", note, "\n", sep = "")
versions <- vapply(shown, function(m) {
  v <- unique(vapply(tasks, function(t) record_of(cache, m, t)$version, ""))
  paste(v, collapse = " + ")
}, "")
made_with <- split(shown, factor(versions, unique(versions)))
cat("\nResults made with:", paste(sprintf("%s: %s", names(made_with),
                                           vapply(made_with, paste, "", collapse = ", ")),
                                   collapse = "; "), "\n")
zero <- sum(is.na(scores$mase)) / length(shown)
if (zero) cat(sprintf("\n%d forecasts have a zero MASE scale (no MASE).\n", zero))
cat(sprintf("\nCache: %s. Run time %.0f s.\n", if (use_cache) cache_path else "not used",
            proc.time()[["elapsed"]] - started))

show_group(scores[scores$collection == "panel", ], "panel", shown)
held <- scores[scores$collection == "heldout", ]
for (f in sort(unique(held$freq)))
  show_group(held[held$freq == f, ], paste("heldout,", freq_label(f)), shown)
for (src in unique(held$source))
  show_group(held[held$source == src, ], paste("heldout,", src), shown)
show_group(held, "heldout, all", shown)
extra <- scores[scores$collection == "yearly-extra", ]
for (src in unique(extra$source))
  show_group(extra[extra$source == src, ], paste("yearly-extra,", src), shown)
show_group(extra, "yearly-extra, all", shown)
target_check(scores)
panel_by_series(scores, shown)

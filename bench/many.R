# Many-series benchmark: rnn_fit() on the M1 (Mcomp, 1001 series) and tourism
# (Tcomp, 1311 series) competition data, against the forecast package's ets and
# thetaf and a naive reference (seasonal naive when the frequency is above 1),
# each series forecast over its competition horizon h from its training part $x
# and scored on its test part $xx.
#
# rnn is run two ways:
#   rnn_global  one rnn_fit(list_of_series, horizon = h) per (collection,
#               frequency) group: one set of networks for all the group's series.
#   rnn_local   one rnn_fit(series, horizon = h) per series, on a stratified
#               random subsample (--local=N per collection; it is the slow one).
# The global model skips series shorter than 10 observations with a warning;
# those get the naive reference forecast, counted in the `fallback` column.
# While rnn_fit() does not take a list (the global model is not merged yet) the
# global part is skipped with a message.
#
# Metrics per collection and frequency, per collection, and over both:
#   sMAPE  mean over series of mean_h 200 |y - f| / (|y| + |f|)   (0 when y = f = 0)
#   MASE   mean over series of mean_h |y - f| / scale, scale = in-sample mean
#          absolute difference at lag = frequency (lag 1 for yearly), as in M4;
#          series with a zero scale are left out of it (and counted).
#   gMASE  geometric mean of the per-series MASE (as bench/accuracy.R): the mean
#          is dominated by a few series with a tiny scale, the geometric mean less so.
#   cov80, cov95  share of all test points inside the 80% / 95% intervals.
#   seconds  wall time of the method for all the rows' series (fit + forecast).
# Rows with sample = "local" are the local subsample only: rnn_local beside the
# other methods on the same series, so the comparison is fair.
#
# The baseline forecasts (ets, theta, naive; they do not change) are cached per
# collection in <lib>/many-cache/, so reruns only fit rnn. Their seconds are
# the times measured when they were computed.
#
# Run after installing the package (see bench/README.md for measured figures):
#   R_LIBS=/tmp/lib Rscript bench/many.R [options]
# Options:
#   --local=N           local rnn subsample size per collection (default 60; 0: none)
#   --local-args=K=V,.. arguments for the local rnn_fit() calls
#   --global-args=K=V,.. arguments for the global fits, e.g. repeats=3,epochs=30
#   --no-global         do not fit the global model
#   --only=M1|tourism   one collection
#   --max-series=N      at most N series per (collection, frequency) group (seeded)
#   --seed=S            seed of the subsamples and of the rnn fits (default 1)
#   --scale=N1,N2,...   instead of the accuracy tables: time and peak memory of
#                       the default rnn_fit() and predict() of N1, N2, ... monthly
#                       series of about 100 observations, resampled from the
#                       training parts of the M1 and tourism monthly series
#                       (each one rescaled at random and cut to at most 100
#                       points), e.g. --scale=1000,10000,50000
#   --heldout           only the series tools/pretrain.R held out of pretraining
#                       (rnn_pretrained()$info$held_out, 20% of each collection
#                       and frequency): the shipped networks learnt the others,
#                       test parts included, so a default that starts from them
#                       is scored fairly on these alone
#   --no-cache          neither read nor write the baseline cache
#   --out=FILE.csv      also write the table as CSV
# Environment: RECURRENT_BENCH_LIB, the library for Mcomp, Tcomp and forecast
# (installed there from CRAN when missing; default ~/.cache/recurrent-bench-lib),
# also home of the cache. recurrent itself comes from the usual libraries (R_LIBS).

# ---- command line ---------------------------------------------------------------

# "repeats=3,epochs=30" -> list(repeats = 3, epochs = 30); values become
# numbers or logicals when they look like one, else strings.
parse_kv <- function(s) {
  if (!nzchar(s)) return(list())
  parts <- strsplit(strsplit(s, ",", fixed = TRUE)[[1]], "=", fixed = TRUE)
  bad <- vapply(parts, length, 1L) != 2L
  if (any(bad)) stop(sprintf("expected key=value pairs separated by commas, not '%s'", s))
  vals <- lapply(parts, function(p) utils::type.convert(gsub("^[\"']|[\"']$", "", trimws(p[2])), as.is = TRUE))
  stats::setNames(vals, vapply(parts, function(p) trimws(p[1]), ""))
}

parse_options <- function(args) {
  opt <- list(local = 60L, local_args = list(), global_args = list(), global = TRUE,
              only = c("M1", "tourism"), max_series = Inf, seed = 1L, cache = TRUE, out = NULL,
              heldout = FALSE, scale = integer(0))
  value <- function(a) sub("^--[^=]+=", "", a)
  for (a in args) {
    if (grepl("^--local=", a)) opt$local <- as.integer(value(a))
    else if (grepl("^--local-args=", a)) opt$local_args <- parse_kv(value(a))
    else if (grepl("^--global-args=", a)) opt$global_args <- parse_kv(value(a))
    else if (a == "--no-global") opt$global <- FALSE
    else if (grepl("^--only=", a)) opt$only <- strsplit(value(a), ",", fixed = TRUE)[[1]]
    else if (grepl("^--max-series=", a)) opt$max_series <- as.integer(value(a))
    else if (grepl("^--seed=", a)) opt$seed <- as.integer(value(a))
    else if (a == "--no-cache") opt$cache <- FALSE
    else if (a == "--heldout") opt$heldout <- TRUE
    else if (grepl("^--scale=", a)) opt$scale <- as.integer(strsplit(value(a), ",", fixed = TRUE)[[1]])
    else if (grepl("^--out=", a)) opt$out <- value(a)
    else stop(sprintf("unknown option '%s' (see the comment at the top of bench/many.R)", a))
  }
  if (!all(opt$only %in% c("M1", "tourism"))) stop("--only must be M1 or tourism")
  if (is.na(opt$local) || opt$local < 0) stop("--local must be a non-negative integer")
  if (is.na(opt$max_series) || opt$max_series < 1) stop("--max-series must be a positive integer")
  opt
}

opt <- parse_options(commandArgs(trailingOnly = TRUE))

# ---- packages ---------------------------------------------------------------------

# recurrent first, from the libraries R was started with (R_LIBS), before the
# bench library is put in front, so that no stray copy there could shadow it.
suppressPackageStartupMessages(library(recurrent))
cat(sprintf("recurrent %s from %s\n", utils::packageVersion("recurrent"),
            dirname(find.package("recurrent"))))

bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(bench_file), "text-common.R"))  # need_package(), seconds_since()

bench_lib <- path.expand(Sys.getenv("RECURRENT_BENCH_LIB", "~/.cache/recurrent-bench-lib"))
dir.create(bench_lib, recursive = TRUE, showWarnings = FALSE)
.libPaths(c(bench_lib, .libPaths()))
for (p in c("forecast", "Mcomp", "Tcomp")) need_package(p, lib = bench_lib)
cat(sprintf("forecast %s, Mcomp %s, Tcomp %s\n", utils::packageVersion("forecast"),
            utils::packageVersion("Mcomp"), utils::packageVersion("Tcomp")))

# ---- data -------------------------------------------------------------------------

# A collection as a list of series, each list(name, index, x, xx, h, freq);
# index: the position in the collection (it seeds the series' local rnn fit).
load_collection <- function(collection) {
  d <- switch(collection, M1 = Mcomp::M1, tourism = Tcomp::tourism)
  lapply(stats::setNames(seq_along(d), names(d)), function(i) {
    s <- d[[i]]
    list(name = names(d)[i], index = i, x = s$x, xx = s$xx, h = as.integer(s$h),
         freq = as.integer(frequency(s$x)))
  })
}

# At most `n` series of each frequency, drawn with the seed (for quick runs).
cap_groups <- function(series, n, seed) {
  if (!is.finite(n)) return(series)
  freq <- vapply(series, `[[`, 1L, "freq")
  keep <- unlist(lapply(split(names(series), freq), function(nm) {
    set.seed(seed)
    if (length(nm) > n) sample(nm, n) else nm
  }))
  series[names(series) %in% keep]
}

# A stratified random subsample of n series: each frequency gets its share of n
# (largest remainders), so the local subsample has the collection's mix.
stratified_sample <- function(series, n, seed) {
  if (n <= 0) return(character(0))
  by_freq <- split(names(series), vapply(series, `[[`, 1L, "freq"))
  sizes <- lengths(by_freq)
  n <- min(n, sum(sizes))
  quota <- n * sizes / sum(sizes)
  take <- floor(quota)
  extra <- n - sum(take)
  if (extra > 0) {
    order_rem <- order(quota - take, decreasing = TRUE)
    take[order_rem[seq_len(extra)]] <- take[order_rem[seq_len(extra)]] + 1
  }
  set.seed(seed)
  unlist(Map(function(nm, k) nm[sort(sample.int(length(nm), k))], by_freq, take), use.names = FALSE)
}

# MASE scale: in-sample mean absolute difference at the seasonal lag (lag 1 for
# yearly data, or when the series is not longer than one season).
mase_scale <- function(x) {
  m <- frequency(x)
  if (length(x) <= m) m <- 1L
  mean(abs(diff(as.numeric(x), lag = m)))
}

# What is odd about the data: lengths, too-short series, zeros, zero scales.
describe_data <- function(collection, series) {
  freq <- vapply(series, `[[`, 1L, "freq")
  for (f in sort(unique(freq))) {
    s <- series[freq == f]
    n <- vapply(s, function(z) length(z$x), 1L)
    cat(sprintf("  %-8s freq %2d: %4d series, h %2d, train length %d-%d (median %g), %d shorter than 10, %d with zeros, %d with zero MASE scale\n",
                collection, f, length(s), s[[1]]$h, min(n), max(n), stats::median(n), sum(n < 10),
                sum(vapply(s, function(z) any(z$x == 0), TRUE)),
                sum(vapply(s, function(z) mase_scale(z$x) == 0, TRUE))))
  }
}

# ---- methods ----------------------------------------------------------------------
# Each gives list(mean = numeric h, lower = h x 2, upper = h x 2) for levels 80, 95.

pi_levels <- c(80, 95)

# A forecast-package-like object -> the list above; interval columns by name
# ("80%", "95%") when named, else by position.
as_forecast <- function(f) {
  pick <- function(m) {
    m <- as.matrix(m)
    cols <- if (all(c("80%", "95%") %in% colnames(m))) c("80%", "95%") else 1:2
    unname(unclass(m[, cols, drop = FALSE]))
  }
  list(mean = as.numeric(f$mean),
       lower = if (is.null(f$lower)) NULL else pick(f$lower),
       upper = if (is.null(f$upper)) NULL else pick(f$upper))
}

# The reference: seasonal naive when the series has a season and one full season
# of data, else naive. Also the fallback for series another method cannot forecast.
reference_forecast <- function(x, h) {
  if (frequency(x) > 1 && length(x) >= frequency(x))
    as_forecast(forecast::snaive(x, h = h, level = pi_levels))
  else as_forecast(forecast::naive(x, h = h, level = pi_levels))
}

baselines <- list(
  ets   = function(x, h) as_forecast(forecast::forecast(forecast::ets(x), h = h, level = pi_levels)),
  theta = function(x, h) as_forecast(forecast::thetaf(x, h = h, level = pi_levels)),
  naive = reference_forecast
)

# Runs method(x, h) with a stopwatch; on an error the reference forecast stands
# in and the result says so.
timed <- function(method, s, label) {
  t0 <- proc.time()
  res <- tryCatch(method(s$x, s$h), error = function(e) {
    message(sprintf("  %s on %s failed (naive forecast instead): %s", label, s$name, conditionMessage(e)))
    r <- reference_forecast(s$x, s$h)
    r$fallback <- TRUE
    r
  })
  res$secs <- seconds_since(t0)
  if (is.null(res$fallback)) res$fallback <- FALSE
  res
}

# ---- baseline cache ---------------------------------------------------------------
# One RDS per collection: list(key, fc = list(series name -> list(method -> forecast))).
# The key holds the forecast package's version, whose ets/thetaf make the numbers.

cache_key <- function() list(format = 1L, forecast = as.character(utils::packageVersion("forecast")))
cache_path <- function(collection) file.path(bench_lib, "many-cache", paste0("baselines-", collection, ".rds"))

read_cache <- function(collection) {
  path <- cache_path(collection)
  if (!opt$cache || !file.exists(path)) return(list())
  cached <- readRDS(path)
  if (!identical(cached$key, cache_key())) {
    message(sprintf("  ignoring %s: made with other versions", path))
    return(list())
  }
  cached$fc
}

write_cache <- function(collection, fc) {
  if (!opt$cache) return(invisible())
  path <- cache_path(collection)
  dir.create(dirname(path), recursive = TRUE, showWarnings = FALSE)
  saveRDS(list(key = cache_key(), fc = fc), path)
}

# Baseline forecasts of all `series`: from the cache where there, else computed
# (and the cache rewritten after each frequency group, so an interrupted run
# keeps what it did).
run_baselines <- function(collection, series) {
  fc <- read_cache(collection)
  todo <- setdiff(names(series), names(fc))
  cat(sprintf("  baselines: %d series cached, %d to fit\n", length(series) - length(todo), length(todo)))
  if (length(todo)) {
    freq <- vapply(series[todo], `[[`, 1L, "freq")
    for (grp in split(todo, freq)) {
      t0 <- proc.time()
      for (nm in grp) fc[[nm]] <- lapply(stats::setNames(names(baselines), names(baselines)),
                                         function(m) timed(baselines[[m]], series[[nm]], m))
      write_cache(collection, fc)
      cat(sprintf("    freq %2d: %d series in %.0f s\n", series[[grp[1]]]$freq, length(grp), seconds_since(t0)))
    }
  }
  fc[names(series)]
}

# ---- rnn ----------------------------------------------------------------------------

# Does rnn_fit() take a list of series (the global model)? Tried on two short
# series with a tiny training; the answer is TRUE or the error message.
global_api <- function() {
  y <- list(a = ts(10 + sin(1:30), frequency = 4), b = ts(10 + cos(1:26), frequency = 4, start = 2))
  tryCatch({
    suppressWarnings(rnn_fit(y, horizon = 2, repeats = 1, epochs = 2, verbose = FALSE))
    TRUE
  }, error = function(e) conditionMessage(e))
}

# One local model per series of `names`, seeded by the series' position in its
# collection, so that its result does not depend on which others are drawn.
run_local <- function(series, names, seed) {
  out <- list()
  for (nm in names) {
    s <- series[[nm]]
    out[[nm]] <- timed(function(x, h) {
      set.seed(seed + s$index)
      fit <- do.call(rnn_fit, c(list(x, horizon = h, verbose = FALSE), opt$local_args))
      as_forecast(predict(fit, h = h, level = pi_levels))
    }, s, "rnn_local")
  }
  out
}

# One global model on the group's series (all of one frequency and horizon).
# Series it skips (too short; it warns naming them) get the reference forecast.
# Returns the per-series forecasts with the group's time spread evenly over them
# (so that sums over whole groups are the fit times), or NULL if the fit failed.
run_global <- function(group, seed) {
  h <- group[[1]]$h
  y <- lapply(group, `[[`, "x")
  warns <- character(0)
  t0 <- proc.time()
  fc <- tryCatch(withCallingHandlers({
    set.seed(seed)
    fit <- do.call(rnn_fit, c(list(y, horizon = h, verbose = FALSE), opt$global_args))
    predict(fit, h = h, level = pi_levels)
  }, warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  }), error = function(e) {
    message(sprintf("  rnn_global failed on frequency %d: %s", group[[1]]$freq, conditionMessage(e)))
    NULL
  })
  secs <- seconds_since(t0)
  if (length(warns)) message("  rnn_global warned: ", paste(unique(warns), collapse = " | "))
  if (is.null(fc)) return(NULL)
  lapply(group, function(s) {
    f <- fc$forecast[[s$name]]
    r <- if (is.null(f)) c(reference_forecast(s$x, h), fallback = TRUE)
         else c(as_forecast(f), fallback = FALSE)
    r$secs <- secs / length(group)
    r
  })
}

# ---- metrics ------------------------------------------------------------------------

# One series' scores for one forecast.
score <- function(f, s) {
  y <- as.numeric(s$xx)
  m <- f$mean
  denom <- abs(y) + abs(m)
  smape <- mean(ifelse(denom == 0, 0, 200 * abs(y - m) / denom))
  sc <- mase_scale(s$x)
  has_pi <- !is.null(f$lower) && ncol(f$lower) == 2
  data.frame(
    smape = smape,
    mase = if (sc > 0) mean(abs(y - m)) / sc else NA_real_,
    in80 = if (has_pi) sum(y >= f$lower[, 1] & y <= f$upper[, 1]) else NA_real_,
    in95 = if (has_pi) sum(y >= f$lower[, 2] & y <= f$upper[, 2]) else NA_real_,
    npts = length(y), secs = f$secs, fallback = f$fallback)
}

# Long per-series results of one method: collection, freq, series, method, scores.
score_all <- function(collection, series, fc, method) {
  rows <- lapply(names(fc), function(nm) {
    cbind(data.frame(collection = collection, freq = series[[nm]]$freq, series = nm,
                     method = method), score(fc[[nm]], series[[nm]]))
  })
  do.call(rbind, rows)
}

# One table row from the per-series results `r` of one method.
summarise <- function(r) {
  ok <- is.finite(r$mase)
  pos <- ok & r$mase > 0
  data.frame(n = nrow(r),
             sMAPE = mean(r$smape),
             MASE = mean(r$mase[ok]),
             gMASE = exp(mean(log(r$mase[pos]))),
             cov80 = sum(r$in80) / sum(r$npts),
             cov95 = sum(r$in95) / sum(r$npts),
             seconds = sum(r$secs),
             fallback = sum(r$fallback),
             zero_scale = sum(!ok))
}

# The table: for every collection (and both together) and every frequency (and
# all together), each method on all series, then the local subsample.
make_table <- function(res, local_names) {
  res$key <- paste(res$collection, res$series)
  res$freq_label <- as.character(res$freq)
  collections <- unique(res$collection)
  if (length(collections) > 1) collections <- c(collections, "all")
  out <- list()
  for (coll in collections) {
    rc <- if (coll == "all") res else res[res$collection == coll, ]
    for (fr in c(sort(unique(rc$freq)), "all")) {
      rf <- if (fr == "all") rc else rc[rc$freq_label == fr, ]
      for (smp in c("all", "local")) {
        rs <- if (smp == "all") rf[rf$method != "rnn_local", ] else rf[rf$key %in% local_names, ]
        if (smp == "local" && !any(rs$method == "rnn_local")) next
        for (m in intersect(c("rnn_local", "rnn_global", "ets", "theta", "naive"), unique(rs$method))) {
          row <- summarise(rs[rs$method == m, ])
          # The global fit's time belongs to its whole group, not to a subsample.
          if (smp == "local" && m == "rnn_global") row$seconds <- NA_real_
          out[[length(out) + 1]] <- cbind(data.frame(collection = coll, frequency = fr, sample = smp,
                                                     method = m), row)
        }
      }
    }
  }
  do.call(rbind, out)
}

print_table <- function(tab) {
  fmt <- "%-8s %-4s %-6s %5s  %-10s %7s %7s %7s %6s %6s %8s %5s\n"
  cat(sprintf(fmt, "coll", "freq", "sample", "n", "method", "sMAPE", "MASE", "gMASE",
              "cov80", "cov95", "seconds", "fallb"))
  prev <- ""
  for (i in seq_len(nrow(tab))) {
    r <- tab[i, ]
    block <- paste(r$collection, r$frequency, r$sample)
    if (nzchar(prev) && block != prev) cat("\n")
    prev <- block
    num <- function(v, d) if (is.na(v)) "-" else formatC(v, format = "f", digits = d)
    cat(sprintf(fmt, r$collection, r$frequency, r$sample, r$n, r$method, num(r$sMAPE, 2),
                num(r$MASE, 3), num(r$gMASE, 3), num(r$cov80, 3), num(r$cov95, 3),
                num(r$seconds, 1), r$fallback))
  }
}

# ---- main ---------------------------------------------------------------------------

run_collection <- function(collection, api_ok) {
  cat(sprintf("\n== %s\n", collection))
  series <- load_collection(collection)
  if (opt$heldout) {
    held <- rnn_pretrained()$info$held_out
    series <- series[paste0(collection, "/", names(series)) %in% held]
    cat(sprintf("  %d series held out of pretraining\n", length(series)))
  }
  series <- cap_groups(series, opt$max_series, opt$seed)
  describe_data(collection, series)
  base <- run_baselines(collection, series)
  res <- do.call(rbind, lapply(names(baselines), function(m)
    score_all(collection, series, lapply(base, `[[`, m), m)))

  local_names <- stratified_sample(series, opt$local, opt$seed)
  if (length(local_names)) {
    t0 <- proc.time()
    loc <- run_local(series, local_names, opt$seed)
    cat(sprintf("  rnn_local: %d series in %.0f s\n", length(loc), seconds_since(t0)))
    res <- rbind(res, score_all(collection, series, loc, "rnn_local"))
  }

  if (opt$global && isTRUE(api_ok)) {
    freq <- vapply(series, `[[`, 1L, "freq")
    for (grp in split(series, freq)) {
      glob <- run_global(grp, opt$seed)
      if (is.null(glob)) next
      cat(sprintf("  rnn_global freq %2d: %d series in %.0f s, %d naive fallbacks\n", grp[[1]]$freq,
                  length(glob), sum(vapply(glob, `[[`, 0, "secs")),
                  sum(vapply(glob, `[[`, TRUE, "fallback"))))
      res <- rbind(res, score_all(collection, grp, glob, "rnn_global"))
    }
  }
  list(res = res, local = paste(collection, local_names))
}

# ---- scale ----------------------------------------------------------------------------

# Peak memory of this R process so far (VmHWM, MB; NA where /proc is missing).
peak_mb <- function() {
  f <- "/proc/self/status"
  if (!file.exists(f)) return(NA_real_)
  l <- grep("^VmHWM:", readLines(f), value = TRUE)
  as.numeric(gsub("[^0-9]", "", l)) / 1024
}

# N monthly series resampled from the M1 and tourism monthly training parts.
resample_series <- function(n, seed) {
  pool <- c(Filter(function(s) frequency(s$x) == 12, Mcomp::M1),
            Filter(function(s) frequency(s$x) == 12, Tcomp::tourism))
  set.seed(seed)
  pick <- sample.int(length(pool), n, replace = TRUE)
  out <- lapply(seq_len(n), function(i) {
    x <- pool[[pick[i]]]$x
    x <- utils::tail(as.numeric(x), 100) * exp(stats::rnorm(1, 0, 0.5))
    ts(x, frequency = 12, start = c(2000, 1))
  })
  names(out) <- sprintf("s%06d", seq_len(n))
  out
}

run_scale <- function(sizes, seed) {
  cat(sprintf("\n%-8s %10s %12s %12s %10s\n", "series", "fit s", "predict s", "peak MB", "kind"))
  for (n in sizes) {
    y <- resample_series(n, seed)
    gc(reset = TRUE)
    set.seed(seed)
    t0 <- proc.time()
    fit <- rnn_fit(y, horizon = 18, verbose = FALSE)
    t_fit <- seconds_since(t0)
    t0 <- proc.time()
    fc <- predict(fit, h = 18)
    t_pred <- seconds_since(t0)
    cat(sprintf("%-8d %10.1f %12.1f %12.0f %10s\n", n, t_fit, t_pred, peak_mb(), class(fit)[1]))
    rm(fit, fc, y)
  }
}

if (length(opt$scale)) {
  run_scale(opt$scale, opt$seed)
  quit(save = "no")
}

t_start <- proc.time()
api_ok <- if (opt$global) global_api() else FALSE
if (opt$global && !isTRUE(api_ok))
  message("rnn_global skipped: rnn_fit() does not take a list of series here (", api_ok, ")")

runs <- lapply(opt$only, run_collection, api_ok = api_ok)
res <- do.call(rbind, lapply(runs, `[[`, "res"))
tab <- make_table(res, unlist(lapply(runs, `[[`, "local")))

cat(sprintf("\nForecast accuracy on the competition test sets (seed %d%s%s)\n", opt$seed,
            if (is.finite(opt$max_series)) sprintf(", at most %d series per group", opt$max_series) else "",
            if (opt$heldout) ", series held out of pretraining only" else ""))
cat("sMAPE, MASE (mean; M4 style), gMASE (geometric mean): lower is better; cov80/cov95: share of\n",
    "test points inside the intervals; seconds: fit + forecast of all the row's series (baselines: as\n",
    "measured when cached); fallb: series given the naive forecast instead. sample 'local': only the\n",
    "series of the local rnn subsample.\n\n", sep = "")
print_table(tab)
if (sum(tab$zero_scale) > 0)
  cat("\nSeries with a zero MASE scale are left out of MASE and gMASE.\n")
if (!is.null(opt$out)) {
  utils::write.csv(tab, opt$out, row.names = FALSE)
  cat(sprintf("\nwritten to %s\n", opt$out))
}
cat(sprintf("\ntotal %.0f s\n", seconds_since(t_start)))

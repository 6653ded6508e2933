# Pretraining: the global recurrent forecasters shipped in inst/pretrained/,
# one per frequency (yearly, quarterly, monthly; since version 5 hourly and
# business days, since version 6 half-hourly and daily too, from the
# collections of bench/highfreq.R: see `groups$hourly` below), trained with rnn_fit()'s many-series model on
# public series from CRAN data packages this script installs itself:
#   Mcomp::M1 (the M1 competition), Tcomp::tourism (the tourism competition),
#   every yearly, quarterly and monthly ts of fma, expsmooth and fpp2, and
#   (since version 2, for the quarterly model) the quarterly tsibbles of tsibbledata,
#   of tsibble (its `tourism`) and of fpp3 (read from its source tarball, whose
#   dependencies need not be installed): every key and numeric variable, the
#   longest stretch without NA (no more than 20% zeros: intermittent demand is
#   left out),
# except any series whose values equal a series of R's `datasets` package or of
# the forecast package (those, and Mcomp's M3, are reserved for independent
# evaluation and never used here). Since version 3 the yearly and monthly
# pools also hold each series' mirror image (see `mirror` below).
#
# Held out (never seen in pretraining), so that bench scripts can evaluate on
# series the networks never saw:
#   info$held_out          a seeded 20% of the M1 and tourism series of each
#                          frequency (462 series; competition series are used
#                          whole, training and test parts joined);
#   info$held_out_tsibble  since version 4: a seeded 20% of the keys of each
#                          yearly tsibble (hold_keys() in tools/pretrain-data.R),
#                          every variable of a held-out key (a country's GDP,
#                          growth, CPI, imports, exports and population go
#                          together): 347 series of 116 keys (global_economy
#                          278 series of 53 countries, aus_fertility 63,
#                          hh_budget 6); bench/accuracy.R's `yearly-extra`;
#   info$held_out_highfreq since version 5: the aimsir17 stations and qrmdata
#                          stocks that bench/highfreq.R holds out (its
#                          hf_heldout_stations(), hf_heldout_stocks()); since
#                          version 6 its held-out load years too.
# The M1/tourism list is drawn from all their series and is the one of versions
# 1 to 3; the tsibble list from the yearly tsibble series left once reserved
# and duplicated series are taken out. The yearly model (version 3's pool,
# which has no tsibble series) never saw any of them either.
#
# Run (from the repository root, recurrent installed):
#   R_LIBS=<lib> Rscript tools/pretrain.R [--out=inst/pretrained] [--groups=yearly]
# --groups: the models to train (default all seven: yearly, quarterly,
# monthly, hourly, business, halfhourly, daily); the others
# are copied with their MANIFEST lines from --keep-from (default the
# pretrained.rds in --out, read before it is overwritten), and the manifest
# says which script version trained each (info$kept). --train-seed: the seed
# of the training alone (default the script's seed; the held-out lists always
# use the script's seed). The shipped file of version 4 was made with
# --groups=yearly: its yearly model is retrained on version 3's pool, with
# weights identical to version 3's (each network's training time is now
# recorded as 0, so that a rerun gives the same file, md5 and all), and the
# quarterly and monthly models are version 3's; new in the manifest:
# held_out_tsibble and kept. The shipped file of version 5 was made with
# --groups=hourly,business: the yearly, quarterly and monthly models are
# copied from version 4's file unchanged; that of version 6 with
# --groups=halfhourly,daily, every other model copied from version 5's.
# Environment: RECURRENT_PRETRAIN_LIB, where the data packages are installed
# (default ~/.cache/recurrent-bench-lib).
#
# Reproducible: the seed is fixed, and the matrix products run on the package's
# own deterministic kernel (options(recurrent.blas = "builtin"); results do not
# depend on the number of threads), so running this again with the same R,
# package version and data packages reproduces the shipped weights bit for
# bit. A different CPU kernel (AVX2 against AVX-512 or the portable one) can
# change the last bits of the sums, and so the weights.

script_version <- "6"
seed <- 20261123L
args <- commandArgs(trailingOnly = TRUE)
opt <- function(name, default) {
  hit <- grep(paste0("^--", name, "="), args, value = TRUE)
  if (length(hit)) sub(paste0("^--", name, "="), "", hit[length(hit)]) else default
}
out_dir <- opt("out", file.path("inst", "pretrained"))
# which models to train; the others are copied, with their MANIFEST lines,
# from the file `--keep-from` (default: the one in --out, read before it is
# overwritten)
retrain <- strsplit(opt("groups", paste("yearly,quarterly,monthly,hourly,business,halfhourly",
                                         "daily", sep = ",")), ",", fixed = TRUE)[[1]]
retrain <- retrain[nzchar(retrain)]
keep_from <- opt("keep-from", file.path(out_dir, "pretrained.rds"))
# the seed of the training only (the held-out lists always use `seed`): to
# see how much a model owes to its draw
train_seed <- as.integer(opt("train-seed", seed))
source(file.path("bench", "text-common.R"))     # need_package()
source(file.path("tools", "pretrain-data.R"))   # the series and the held-out keys

lib <- Sys.getenv("RECURRENT_PRETRAIN_LIB", file.path(Sys.getenv("HOME", "/tmp"), ".cache",
                                                      "recurrent-bench-lib"))
dir.create(lib, recursive = TRUE, showWarnings = FALSE)
.libPaths(c(lib, .libPaths()))
data_packages <- c("Mcomp", "Tcomp", "fma", "expsmooth", "fpp2", "tsibble", "tsibbledata")
for (p in data_packages) need_package(p, lib = lib)
fpp3_dir <- fpp3_source(lib)
fpp3_version <- unname(read.dcf(file.path(fpp3_dir, "fpp3", "DESCRIPTION"), "Version")[1, 1])
suppressPackageStartupMessages(library(recurrent))
options(recurrent.blas = "builtin")

# ---- data -------------------------------------------------------------------

# Values of every ts in R's datasets and the forecast package: reserved.
reserved_values <- function() {
  sers <- c(package_series("datasets"), package_series("forecast"))
  lapply(sers, function(s) round(as.numeric(s), 6))
}
is_reserved <- function(s, reserved) {
  v <- round(as.numeric(s), 6)
  any(vapply(reserved, function(r) length(r) == length(v) && all(r == v), NA))
}

set.seed(seed)
m1 <- competition(Mcomp::M1)
tour <- competition(Tcomp::tourism)
names(m1) <- paste0("M1/", names(Mcomp::M1))
names(tour) <- paste0("tourism/", names(Tcomp::tourism))
# 20% of each competition and frequency held out, seeded
hold <- function(sers) {
  f <- vapply(sers, stats::frequency, 1)
  unlist(lapply(split(names(sers), f), function(nm) sort(sample(nm, round(0.2 * length(nm))))),
         use.names = FALSE)
}
held_out <- c(hold(m1), hold(tour))
reserved <- reserved_values()
tsib <- tsibble_collections(fpp3_dir)
extra <- c(package_series("fma"), package_series("expsmooth"), package_series("fpp2"), tsib)
extra <- extra[!vapply(extra, is_reserved, NA, reserved = reserved)]
# one copy of series that appear in several of these packages
dup <- duplicated(lapply(extra, function(s) round(as.numeric(s), 6)))
extra <- extra[!dup]
# 20% of the keys of each yearly tsibble held out, seeded (all variables of a
# held-out key: hold_keys())
yearly_tsib <- names(extra)[names(extra) %in% names(tsib) &
                              vapply(extra, stats::frequency, 1) == 1]
held_out_tsibble <- hold_keys(extra[yearly_tsib], seed)
extra <- extra[!names(extra) %in% held_out_tsibble]
pool <- c(m1[!names(m1) %in% held_out], tour[!names(tour) %in% held_out], extra)
# intermittent demand (expsmooth's car parts: mostly zeros) is another kind
# of forecasting: series with more than 20% zeros are left out
pool <- pool[vapply(pool, function(s) length(s) >= 10 && all(is.finite(s)) &&
                      mean(s == 0) <= 0.2, NA)]

# ---- training -----------------------------------------------------------------

# The mirror image of a series, upside down around its mean on the scale the
# models work on: the log scale for a positive series (rnn_fit()'s "auto"
# transform), G^2 / y with G its geometric mean, so it stays positive; 2 mean
# - y otherwise.
mirror_image <- function(y) {
  if (all(y > 0)) exp(2 * mean(log(y)) - log(y)) else 2 * mean(y) - y
}

# season: how many recent cycles the seasonal figure of each series takes
# (NULL: all; see fc_season_figure()); tsibble: whether the tsibbledata, tsibble
# and fpp3 series join the pool. Measured on the held-out series
# (bench/accuracy.R, 3 origins): for quarterly data both together took the
# zero-shot gMASE from 1.599 to 1.478; for yearly data the extra series made it
# worse (1.851 to 1.934), for monthly data no better (1.207 to 1.192, sMAPE
# 23.35 to 23.74), and 4 or 6 cycles did not beat all of them for monthly data.
#
# mirror (since version 3): the pool also holds every series' mirror image,
# upside down around its mean on the scale the model works on (mirror_image()),
# so that the model learns falling series as much as rising ones. The pools
# grow more often than they fall: trained on them alone, the monthly model's
# pooled linear path had an intercept of +0.14 local scales a month, and it
# forecast series in decline to turn up. Measured zero-shot on the held-out
# series (bench/accuracy.R's sample, 3 origins, gMASE / sMAPE): monthly 1.207
# / 23.35 without, 1.158 / 23.10 with (second seed 1.154 / 23.06); yearly
# 1.851 / 16.35 without, 1.822 / 16.44 with (second seed 1.800 / 16.39);
# quarterly 1.478 / 17.43 without, 1.486 / 17.95 with (so not for quarterly).
#
# season_min (since version 3): how many whole cycles a series needs for a
# seasonal figure (NULL: 3). With 2, monthly series of 24 to 35 months are
# seasonally adjusted too: zero-shot monthly gMASE / sMAPE 1.158 / 23.10 with
# the mirror images alone, 1.146 / 22.86 with both (the same when only the
# forecasts used 2); for quarterly series it changed nothing.
#
# tsibble may also be a regular expression: only the tsibble series whose
# names match it join; skip: name prefixes of series left out of the pool.
# Version 4 tried a broader yearly pool, measured with bench/accuracy.R
# --collections=heldout,yearly-extra --frequencies=1 --heldout=0 (the 135
# held-out M1/tourism yearly series and the 337 held-out yearly tsibble series
# of held_out_tsibble, 3 origins; rnn_fit()'s default, MASE / gMASE, M1/tourism
# then tsibble): the pool as in version 3: 2.569 / 1.891, 2.563 / 1.564 (a
# second training seed: 2.562 / 1.885, 2.560 / 1.563); tsibble = TRUE: 2.624 /
# 1.914, 2.591 / 1.477; the same with skip = "fpp3::aus_fertility/": 2.613 /
# 1.910, 2.599 / 1.482 (second seed 2.642 / 1.932, 2.630 / 1.489); only
# global_economy's populations ("/Population$"): 2.639 / 1.912, 2.686 / 1.472.
# The tsibble series fix the smooth population trends that the yearly model
# damped, but cost GDP, CPI and the M1/tourism series, and mean MASE got worse
# on both sets: version 4 keeps version 3's yearly pool (bench/README.md,
# "Yearly data").
groups <- list(yearly = list(freq = 1, horizon = 6L, season = NULL, tsibble = FALSE,
                             mirror = TRUE, season_min = NULL, skip = NULL),
               quarterly = list(freq = 4, horizon = 8L, season = 4L, tsibble = TRUE,
                                mirror = FALSE, season_min = NULL),
               monthly = list(freq = 12, horizon = 18L, season = NULL, tsibble = FALSE,
                              mirror = TRUE, season_min = 2L))
# High-frequency groups (since version 5): hourly temperature and
# business-day closes, trained on the pool of bench/highfreq.R's collections
# (hf_pool() in bench/highfreq-data.R: the 17 aimsir17 stations and 20 of
# qrmdata's Dow Jones stocks that the bench does not hold out; its 8 held-out
# stations and 10 held-out stocks are never read here). Each pool series (a
# year of hourly values; a stock's closes from 2000 on) is cut into `pieces` stretches
# of `len` values spread evenly over it (the seasons, calm and volatile
# markets), each a series of the pool as a data frame of time and value, so
# that the model learns from the windows users give (60 days of hourly data,
# two years of closes) and training stays within minutes. These models give
# `pretrained = "only"` (zero-shot) forecasts; rnn_fit()'s default for such
# data is the seasonal kind (fit-seasonal.R), which bench/highfreq.R measured
# ahead of them.
groups$hourly <- list(freq = 24, horizon = 48L, task = "hourly_temp", source = "aimsir17",
                      len = 1440L, pieces = 4L, mirror = FALSE)
groups$business <- list(freq = 5, horizon = 10L, task = "daily_prices", source = "qrmdata",
                        len = 500L, pieces = 8L, mirror = FALSE)
# since version 6: half-hourly demand (the pool's UKgrid years 2005-2017 and
# vic_elec 2012-2013, stretches of 5 weeks as in the bench) and daily mean
# temperature (the 17 pool stations, 3 stretches of 180 days each)
groups$halfhourly <- list(freq = 48, horizon = 96L, task = "halfhourly_load",
                          source = function(nm) ifelse(startsWith(nm, "vic_elec"), "tsibbledata", "UKgrid"),
                          len = 1680L, pieces = 4L, mirror = FALSE)
groups$daily <- list(freq = 7, horizon = 14L, task = "daily_temp", source = "aimsir17",
                     len = 180L, pieces = 3L, mirror = FALSE)
hf_groups <- names(groups)[vapply(groups, function(g) !is.null(g$task), NA)]
hf_needed <- any(hf_groups %in% retrain)
if (hf_needed) source(file.path("bench", "highfreq-data.R"))
# The pieces of group `grp`'s pool series, named "<source>::<series>/<piece>".
hf_pieces <- function(grp) {
  pool <- hf_pool(grp$task)
  out <- lapply(names(pool), function(nm) {
    s <- pool[[nm]]
    n <- length(s$y)
    starts <- unique(round(seq(1, n - grp$len + 1, length.out = grp$pieces)))
    p <- lapply(starts, function(a) {
      i <- a:(a + grp$len - 1L)
      data.frame(time = s$time[i], value = s$y[i])
    })
    src <- if (is.function(grp$source)) grp$source(nm) else grp$source
    stats::setNames(p, sprintf("%s::%s/%d", src, nm, seq_along(p)))
  })
  unlist(out, recursive = FALSE)
}
models <- list()
manifest <- list()
if (!all(retrain %in% names(groups)))
  stop("--groups: unknown group(s) ", paste(setdiff(retrain, names(groups)), collapse = ", "))
kept <- setdiff(names(groups), retrain)
if (length(kept)) {
  old <- recurrent:::fc_pretrained_read(keep_from)
  old_manifest <- readLines(file.path(dirname(keep_from), "MANIFEST"))
}
for (g in names(groups)) {
  if (g %in% kept) {
    models[[g]] <- old$models[[g]]
    manifest[[g]] <- sub(" \\(kept from .*\\)$", "",
                         grep(paste0("^Model-", g, ":"), old_manifest, value = TRUE))
    manifest[[g]] <- sprintf("%s (kept from script version %s)", manifest[[g]],
                             old$info$kept[[g]] %||% old$info$script_version)
    cat(sprintf("%-9s kept from %s\n", g, keep_from))
    next
  }
  f <- groups[[g]]$freq
  if (!is.null(groups[[g]]$task)) {
    sers <- hf_pieces(groups[[g]])
  } else {
    sers <- pool[vapply(pool, function(s) abs(stats::frequency(s) - f) < 1e-6, NA)]
    tsb <- groups[[g]]$tsibble
    if (!isTRUE(tsb))
      sers <- sers[!names(sers) %in% names(tsib) | (is.character(tsb) & grepl(tsb, names(sers)))]
    for (skip in groups[[g]]$skip) sers <- sers[!startsWith(names(sers), skip)]
  }
  src <- sub("/.*|::.*", "", names(sers))
  cat(sprintf("%-9s %4d series (%s)%s\n", g, length(sers),
              paste(sprintf("%s %d", names(table(src)), table(src)), collapse = ", "),
              if (groups[[g]]$mirror) " and their mirror images" else ""))
  n_series <- length(sers)
  if (groups[[g]]$mirror)
    sers <- c(sers, stats::setNames(lapply(sers, mirror_image), paste0(names(sers), " (mirrored)")))
  set.seed(train_seed)
  t0 <- proc.time()[["elapsed"]]
  options(recurrent.season_cycles = groups[[g]]$season,
          recurrent.season_min = groups[[g]]$season_min)
  # from scratch: a global model of the pool (pretrained = "none")
  # in double, as the shipped models were trained (rnn_fit()'s default is single)
  fit <- rnn_fit(sers, horizon = groups[[g]]$horizon, verbose = FALSE, pretrained = "none",
                 precision = "double")
  options(recurrent.season_cycles = NULL, recurrent.season_min = NULL)
  cat(sprintf("          trained in %.0f s: %s\n", proc.time()[["elapsed"]] - t0,
              paste(vapply(fit$model$nets, function(n) n$training$best_epoch, 1), collapse = " ")))
  # n_series counts the mirror images too
  models[[g]] <- recurrent:::fc_pretrained_model(fit, mirrored = groups[[g]]$mirror)
  # each network's training time is the one thing a rerun does not
  # reproduce: recorded as 0, so that the file's md5 does not change
  models[[g]]$nets <- lapply(models[[g]]$nets, function(n) {
    n$training$seconds <- 0
    n
  })
  manifest[[g]] <- sprintf(
    "Model-%s: frequency %s; %s (%s); %s", g, f,
    paste0(n_series, if (groups[[g]]$mirror) " series and their mirror images" else " series"),
    paste(sprintf("%s: %d", names(table(src)), table(src)), collapse = "; "),
    paste0(sprintf("%d x %s(%d), lookback %d, horizon %d", length(fit$model$nets),
                   toupper(fit$model$settings$cell), fit$model$settings$hidden,
                   fit$model$lookback, fit$model$horizon),
           if (!is.null(groups[[g]]$season))
             sprintf(", seasonal figure of the last %d cycles", groups[[g]]$season),
           if (!is.null(groups[[g]]$season_min))
             sprintf(", seasonal figure from %d cycles on", groups[[g]]$season_min),
           if (!is.null(groups[[g]]$task))
             sprintf(", %d pieces of %d values of each of %d %s series", groups[[g]]$pieces,
                     groups[[g]]$len, length(sers) / groups[[g]]$pieces, groups[[g]]$task)))
}

dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
# kept: the script version that trained each model copied from --keep-from
info <- list(date = format(Sys.Date()), script_version = script_version, seed = seed,
             recurrent = as.character(utils::packageVersion("recurrent")),
             R = R.version.string, held_out = held_out, held_out_tsibble = held_out_tsibble,
             kept = lapply(stats::setNames(kept, kept), function(g)
               old$info$kept[[g]] %||% old$info$script_version),
             data = c(vapply(data_packages, function(p) as.character(utils::packageVersion(p)), ""),
                      fpp3 = fpp3_version))
if (train_seed != seed) info$train_seed <- train_seed
# the high-frequency models' data and held-out series (bench/highfreq-data.R),
# from the file they are kept from when not retrained
if (hf_needed) {
  info$data <- c(info$data, vapply(c("aimsir17", "qrmdata", "UKgrid"), hf_source_version, ""))
  info$held_out_highfreq <- list(stations = hf_heldout_stations(), stocks = hf_heldout_stocks(),
                                 load_years = hf_heldout_load())
} else if (length(kept) && !is.null(old$info$held_out_highfreq)) {
  info$data <- c(info$data, old$info$data[intersect(c("aimsir17", "qrmdata", "UKgrid"),
                                                    names(old$info$data))])
  info$held_out_highfreq <- old$info$held_out_highfreq
}
recurrent:::fc_pretrained_write(models, info, file.path(out_dir, "pretrained.rds"))
lines <- c(sprintf("Date: %s", info$date), sprintf("Script: tools/pretrain.R version %s", script_version),
           sprintf("Format: %d", recurrent:::fc_pretrained_format),
           sprintf("Seed: %d", seed), sprintf("Recurrent: %s", info$recurrent), sprintf("R: %s", info$R),
           sprintf("Data: %s", paste(sprintf("%s %s", names(info$data), info$data), collapse = ", ")),
           sprintf("Held-out: %d M1 and tourism series (listed in pretrained.rds$info$held_out)",
                   length(held_out)),
           sprintf(paste("Held-out-tsibble: %d yearly series of %d keys of the tsibbledata and fpp3",
                         "yearly tsibbles (pretrained.rds$info$held_out_tsibble)"),
                   length(held_out_tsibble), length(unique(sub("/[^/]*$", "", held_out_tsibble)))),
           if (!is.null(info$held_out_highfreq))
             sprintf(paste("Held-out-highfreq: aimsir17 stations %s; qrmdata stocks %s;",
                           "load years %s (pretrained.rds$info$held_out_highfreq)"),
                     paste(info$held_out_highfreq$stations, collapse = ", "),
                     paste(info$held_out_highfreq$stocks, collapse = ", "),
                     paste(info$held_out_highfreq$load_years, collapse = ", ")),
           unlist(manifest[names(groups)], use.names = FALSE))
writeLines(lines, file.path(out_dir, "MANIFEST"))
cat(sprintf("written %s (%.0f kB) and MANIFEST\n", file.path(out_dir, "pretrained.rds"),
            file.size(file.path(out_dir, "pretrained.rds")) / 1024))

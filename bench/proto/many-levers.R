# Levers of the many-series default (rnn_fit(list)) measured on series that the
# shipped networks never saw and that bench/many.R does not score (for
# choosing; bench/many.R --heldout then confirms once):
#   yearly   the 337 yearly tsibble series held out of pretraining
#            (rnn_pretrained()$info$held_out_tsibble), h = 6
#   monthly  a seeded sample of the monthly series of the tsibbledata, tsibble
#            and fpp3 tsibbles (the monthly model's pool has no tsibble
#            series: tools/pretrain.R), at least 60 values, h = 18
#   quarterly the same monthly tsibble series as quarterly means (full
#            quarters; at least 40), h = 8: the quarterly model saw the
#            quarterly tsibbles, not these (any that equals a quarterly
#            series of the tsibbles is left out)
# Two origins per series (the last h values held out, and the h before them).
# One global fit per set and origin; the levers reweight its members'
# forecasts (no refit): as fitted (per series the shipped or fine-tuned
# network, by its held-out windows, averaged with the smoothing), both
# networks averaged, each network alone with the smoothing, the networks or
# the smoothing alone. ets and thetaf in the same run.
#
# With `loop` as the third argument, also a loop of one-series default fits
# over the same series (`loop`), and `hybrid`: the global fit with, where the
# loop chose the network fine-tuned on the series alone, that network in
# place of the global fit's (a stand-in for fine-tuning per series inside
# the many-series fit; about 10 more minutes).
#
#   R_LIBS=<lib>:<bench lib> Rscript bench/proto/many-levers.R [yearly,monthly] [n_monthly] [loop]
args <- commandArgs(TRUE)
sets <- if (length(args) >= 1) strsplit(args[1], ",")[[1]] else c("yearly", "monthly")
n_monthly <- if (length(args) >= 2) as.integer(args[2]) else 300L
with_loop <- identical(args[3], "loop")
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
bench_dir <- file.path(here, "..")
source(file.path(bench_dir, "text-common.R"))
suppressPackageStartupMessages({ library(recurrent); library(forecast) })
lib <- Sys.getenv("RECURRENT_BENCH_LIB", file.path(Sys.getenv("HOME"), ".cache", "recurrent-bench-lib"))

# every tsibble series, read once in another process, cached
source(file.path(here, "tsibble-series.R"))
all <- tsibble_series(lib, bench_dir)
freq_of <- vapply(all, stats::frequency, 1)

set_series <- function(set) {
  if (set == "yearly") {
    held <- rnn_pretrained()$info$held_out_tsibble
    return(list(y = all[held], h = 6L))
  }
  m <- all[freq_of == 12 & lengths(all) >= 60]
  if (set == "quarterly") {
    m <- lapply(m, to_quarters)
    m <- m[lengths(m) >= 40]
    seen <- lapply(all[freq_of == 4], function(s) round(as.numeric(s), 6))
    m <- m[!vapply(m, function(s) any(vapply(seen, identical, NA, round(as.numeric(s), 6))), NA)]
  }
  m <- m[vapply(m, function(y) stats::sd(y) > 0, NA)]
  src <- sub("/.*", "", names(m))
  set.seed(20261203)
  # proportional to each tsibble's count, at least 5 and at most 60 each (PBS
  # alone is half of them)
  k <- round(n_monthly * table(src) / length(src))
  k[] <- pmin(60, pmax(5, k))
  keep <- unlist(lapply(names(k), function(s) {
    nm <- names(m)[src == s]
    nm[sample.int(length(nm), min(length(nm), k[[s]]))]
  }))
  list(y = m[sort(keep)], h = if (set == "quarterly") 8L else 18L)
}

# A monthly ts as the means of its full quarters.
to_quarters <- function(y) {
  st <- stats::start(y)
  skip <- (3L - (st[2] - 1L) %% 3L) %% 3L          # months before the first quarter starts
  v <- as.numeric(y)[seq.int(skip + 1L, length.out = max(0L, length(y) - skip))]
  nq <- length(v) %/% 3L
  first <- st[2] + skip                                # month 1, 4, 7 or 10 (or 13)
  yr <- st[1] + (first - 1L) %/% 12L
  q <- ((first - 1L) %% 12L) %/% 3L + 1L
  stats::ts(colMeans(matrix(v[seq_len(3L * nq)], 3L)), start = c(yr, q), frequency = 4)
}

cut_ts <- function(y, n) stats::ts(as.numeric(y)[seq_len(n)], start = stats::start(y),
                                   frequency = stats::frequency(y))

# The levers: weights of the members (network = fine-tuned, pretrained = as
# shipped, smooth) per series, from the fitted ones w0 [ns, 3]; `net` is the
# networks' total weight where the series has a smoothing model.
levers <- function(w0) {
  has <- w0[, "smooth"] > 0
  pick <- w0[, "network"] / (w0[, "network"] + w0[, "pretrained"])   # 1: tuned chosen
  mk <- function(net, share_tuned = pick) {
    w <- w0
    tot <- ifelse(has, net, 1)
    w[, "network"] <- tot * share_tuned
    w[, "pretrained"] <- tot * (1 - share_tuned)
    w[, "smooth"] <- 1 - tot
    w
  }
  out <- list(fitted = w0, both_nets = mk(0.5, 0.5), tuned = mk(0.5, 1), shipped = mk(0.5, 0),
              smooth_only = mk(0))
  for (a in c(0.3, 0.4, 0.6, 0.7, 0.8, 1)) out[[sprintf("net_%02d", round(100 * a))]] <- mk(a)
  out
}

rows <- list()
for (set in sets) {
  S <- set_series(set)
  h <- S$h
  for (back in 0:1) {
    ys <- list(); test <- list(); scale <- numeric(0)
    for (nm in names(S$y)) {
      y <- S$y[[nm]]
      n <- length(y) - h * (back + 1)
      if (n < 10) next
      tr <- cut_ts(y, n)
      ys[[nm]] <- tr
      test[[nm]] <- as.numeric(y)[n + seq_len(h)]
      lag <- if (stats::frequency(y) == 1) 1 else stats::frequency(y)
      scale[nm] <- mean(abs(diff(as.numeric(tr), lag = lag)))
    }
    message(sprintf("%s, origin %d: %d series", set, back, length(ys)))
    t0 <- proc.time()[["elapsed"]]
    set.seed(1)
    fit <- rnn_fit(ys, horizon = h, verbose = FALSE)
    secs <- proc.time()[["elapsed"]] - t0
    message(sprintf("  global fit %.0f s; chosen shipped for %d of %d", secs,
                    sum(fit$weights[, "pretrained"] > 0), nrow(fit$weights)))
    # each member's forecasts alone, then every lever's average of them
    mem <- list()
    for (m in colnames(fit$weights)) {
      f <- fit
      f$weights[] <- 0
      f$weights[, m] <- 1
      f$intervals[] <- m
      p <- predict(f, h = h)
      mem[[m]] <- t(vapply(names(ys), function(nm) as.numeric(p$forecast[[nm]]$mean), numeric(h)))
    }
    fcs <- lapply(levers(fit$weights), function(w) {
      comb <- 0
      for (m in colnames(w)) {
        add <- w[, m] * mem[[m]]
        add[w[, m] == 0, ] <- 0   # a series without a smoothing model has no forecast of it
        comb <- comb + add
      }
      lapply(seq_along(ys), function(i) comb[i, ])
    })
    fcs$ets <- lapply(ys, function(y) as.numeric(forecast::forecast(forecast::ets(y), h = h)$mean))
    fcs$theta <- lapply(ys, function(y) as.numeric(forecast::thetaf(y, h = h)$mean))
    if (with_loop) {
      t1 <- proc.time()[["elapsed"]]
      lp <- lapply(names(ys), function(nm) {
        set.seed(1)
        lf <- rnn_fit(ys[[nm]], horizon = h, verbose = FALSE)
        list(mean = as.numeric(predict(lf, h = h)$mean),
             net = if (inherits(lf, "rnn_combination"))
               as.numeric(predict(recurrent:::fc_member(lf, "network"), h = h)$mean),
             choice = if (is.null(lf$selection$choice)) class(lf)[1] else lf$selection$choice)
      })
      tc <- table(vapply(lp, `[[`, "", "choice"))
      message(sprintf("  loop %.0f s; chosen %s", proc.time()[["elapsed"]] - t1,
                      paste(names(tc), tc, collapse = ", ")))
      fcs$loop <- lapply(lp, `[[`, "mean")
      w0 <- fit$weights
      fcs$hybrid <- lapply(seq_along(ys), function(i) {
        if (lp[[i]]$choice != "fine-tuned" || is.null(lp[[i]]$net)) return(fcs$fitted[[i]])
        if (w0[i, "smooth"] == 0) return(lp[[i]]$net)
        (w0[i, "network"] + w0[i, "pretrained"]) * lp[[i]]$net + w0[i, "smooth"] * mem$smooth[i, ]
      })
    }
    for (m in names(fcs)) for (i in seq_along(ys)) {
      nm <- names(ys)[i]
      f <- fcs[[m]][[i]]; a <- test[[nm]]
      d <- abs(a) + abs(f)
      rows[[length(rows) + 1]] <- data.frame(set = set, origin = back, series = nm, method = m,
        mase = if (scale[nm] > 0) mean(abs(a - f)) / scale[nm] else NA,
        smape = mean(ifelse(d == 0, 0, 200 * abs(a - f) / d)))
    }
  }
}
R <- do.call(rbind, rows)
saveRDS(R, file.path(lib, sprintf("many-levers-%s%s.rds", paste(sets, collapse = "-"), if (with_loop) "-loop" else "")))
for (set in c(unique(R$set))) {
  r <- R[R$set == set, ]
  ok <- tapply(is.finite(r$mase) & r$mase > 0, paste(r$series, r$origin), all)
  r <- r[paste(r$series, r$origin) %in% names(ok)[ok], ]
  base <- r[r$method == "fitted", ]
  cat(sprintf("\n%s: %d forecasts\n", set, nrow(base)))
  tab <- do.call(rbind, lapply(unique(r$method), function(m) {
    x <- r[r$method == m, ]
    d <- log(x$mase) - log(base$mase)
    data.frame(method = m, MASE = mean(x$mase), gMASE = exp(mean(log(x$mase))), sMAPE = mean(x$smape),
               dlog = mean(d), se = stats::sd(d) / sqrt(length(d)))
  }))
  print(format(tab, digits = 4), row.names = FALSE)
}

# Forecasting layer, the default's combination weight: how much of the
# average the pretrained network gets against the exponential smoothing of
# the series, for one series (fc_fit_default_one()) and per series of many
# (fc_fit_default_many()). Equal weights unless the series' own held-out
# windows show another weight clearly better.
#
# Why per series: on yearly series no network had seen (the yearly tsibble
# series of tools/pretrain.R's pool, 686 series, 4 origins), the smoothing
# alone forecast far better than the equal average (gMASE 1.234 against
# 1.364; the macro series of global_economy, whose smooth trends the
# smoothing follows and the network damps), while on the M1 and tourism
# series the network was trained on the average was better (2.521 against
# 2.556). One fixed weight loses one of them; the series' own windows tell
# them apart (bench/README.md, "The combination's weight per series").

# The network's weight, of `grid`, from the forecasts of the held-out
# windows: `net` and `smooth` [n windows, h] (the smoothing refitted at each
# window's origin; NA rows where it could not be), `actual` [n, h]. A weight
# other than 0.5 is taken when the mean log ratio of its windows' mean
# absolute errors to those of equal weights is below zero by two standard
# errors (fc_mean_upper(), as fc_far_better() has it); of several such, the
# lowest mean. Returns the weight, the number of windows used and the mean absolute
# error per weight (`score`, named by weight).
#
# The grid stops at equal weights: the network's errors on these windows are
# optimistic (its fine-tuning stopped on them, and it won its place against
# the model as shipped on them), so they can show the smoothing clearly
# better but not the network. With weights up to 1 the rule gave the network
# everything on 116 of 1,361 pool forecasts, where it forecast worse than
# the equal average (gMASE 2.51 against 2.16; bench/README.md).
fc_network_weight <- function(net, smooth, actual, h, grid = c(0, 0.25, 0.5)) {
  ok <- stats::complete.cases(net) & stats::complete.cases(smooth) & stats::complete.cases(actual)
  out <- list(weight = 0.5, windows = sum(ok), score = NULL)
  if (sum(ok) < 2L) return(out)
  net <- net[ok, , drop = FALSE]
  smooth <- smooth[ok, , drop = FALSE]
  actual <- actual[ok, , drop = FALSE]
  # E [n, grid]: each window's mean absolute error at each weight
  E <- vapply(grid, function(w) rowMeans(abs(fc_blend(net, smooth, w) - actual)), numeric(sum(ok)))
  out$score <- stats::setNames(colMeans(E), as.character(grid))
  mid <- which(grid == 0.5)
  # an exact forecast (error 0) counts as a millionth of the mean error
  floor <- 1e-6 * mean(E)
  if (!(floor > 0)) return(out)
  d <- log(pmax(E, floor)) - log(pmax(E[, mid], floor))
  m <- colMeans(d)
  better <- apply(d, 2L, fc_mean_upper, h = h) < 0
  better[mid] <- FALSE
  if (any(better)) out$weight <- grid[which.min(ifelse(better, m, Inf))]
  out
}

# The average w * net + (1 - w) * smooth of forecasts [n, h]; rows where the
# smoothing has none (NA) keep the network's.
fc_blend <- function(net, smooth, w) {
  ok <- stats::complete.cases(smooth)
  net[ok, ] <- w * net[ok, ] + (1 - w) * smooth[ok, ]
  net
}

# The smoothing of series y [n] refitted at each origin of `O` (the values
# up to it), forecast h steps: [length(O), h], NA rows where it is
# too short. A long series has hundreds of held-out origins (632 for 3,200
# monthly values), and refitting at each took 10 of a 24 s fit; so past
# `refits` origins it is refitted at that many, evenly spaced, and carried
# with those parameters through the values to the origins between
# (fc_smooth_carry(), as for many series in fc_many_weights()). Series of up
# to about 540 monthly values have at most 100 origins and are refitted at
# every one, as before.
fc_smooth_at_origins <- function(y, O, h, freq, refits = 100L) {
  out <- matrix(NA_real_, length(O), h)
  at_fit <- unique(round(seq(1, length(O), length.out = min(length(O), refits))))
  ord <- order(O)   # (carried forward only)
  sm <- NULL
  for (k in seq_along(O)) {
    i <- ord[k]
    sm <- if (k %in% at_fit) fc_smooth_fit(y[seq_len(O[i])], freq)
          else if (!is.null(sm)) fc_smooth_carry(sm, y, O[i])
    if (!is.null(sm)) out[i, ] <- fc_smooth_forecast(sm, h)
  }
  out
}

# The many-series default's weights, the one-series rule per series: `net`
# [n windows, h] the held-out windows' forecasts of each series' network (as
# shipped or fine-tuned, whichever it uses), `actual` [n, h], `s` [n] each
# window's series, `r` [n] its origin (values before it). The smoothing is
# estimated once per series, at its first held-out origin, and carried
# through the values to each later one with those parameters
# (fc_smooth_carry()): refitted at every origin, as for one series, it
# doubled the fit of 1,000 monthly series (31 -> 59 s). Parameters from the
# earlier values only make the smoothing's windows, if anything, worse, so
# the rule, which moves only toward the smoothing, stays conservative.
# Then, as the one-series default lets its local model win a series where
# it is far better (fc_far_better()), the series' last value wins where it
# is far better than that average on the same windows: a series that has
# stopped (years of zeros after years of seasonal counts, a discontinued
# product), whose network and smoothing both carry the old season on.
# Returns list(weight = [ns], windows = [ns] windows used, last = [ns] the
# number of values its windows span where the last value wins, NA elsewhere).
fc_many_weights <- function(data, s, r, net, actual, h) {
  ns <- length(data$y)
  freq <- fc_series_frequency(data)
  out <- list(weight = rep(0.5, ns), windows = integer(ns), last = rep(NA_integer_, ns))
  for (j in unique(s)) {
    rows <- which(s == j)
    rows <- rows[order(r[rows])]
    y <- data$y[[j]][, 1]
    # (a window of a short series may start in its front padding)
    sm0 <- fc_smooth_fit(y[seq_len(max(0L, r[rows[1]]))], freq)
    comb <- net[rows, , drop = FALSE]
    if (!is.null(sm0)) {
      sm <- t(vapply(r[rows], function(o) {
        at <- fc_smooth_carry(sm0, y, o)
        if (is.null(at)) rep(NA_real_, h) else fc_smooth_forecast(at, h)
      }, numeric(h)))
      w <- fc_network_weight(net[rows, , drop = FALSE], sm, actual[rows, , drop = FALSE], h)
      out$weight[j] <- w$weight
      out$windows[j] <- w$windows
      comb <- fc_blend(comb, sm, w$weight)
    }
    out$last[j] <- fc_last_value_span(y, r[rows], comb, actual[rows, , drop = FALSE], h)
  }
  out
}

# Whether the last value of series y [n] at each window's origin O (the
# number of values before it; none before the series starts) forecast the
# windows' values `actual` [length(O), h] far better than the forecasts
# `comb` (fc_far_better(): under a tenth of the error, window by window, with
# two standard errors to spare): then the number of values from the first
# origin on, the span fc_smooth_last() takes its widths from; else NA.
fc_last_value_span <- function(y, O, comb, actual, h) {
  at <- O >= 1L
  if (sum(at) < 2L) return(NA_integer_)
  err <- function(p) rowMeans(abs(p - actual[at, , drop = FALSE]))
  if (!fc_far_better(err(matrix(y[O[at]], sum(at), h)), err(comb[at, , drop = FALSE]), h))
    return(NA_integer_)
  as.integer(length(y) - min(O[at]) + 1L)
}

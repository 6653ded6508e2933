# Forecasting layer, the default's choice (rnn_fit(y, pretrained = "auto")):
# the pretrained model of the series' frequency as shipped, the same
# fine-tuned on the series, and the local model compete on the series' own
# held-out windows; the better pretrained one forecasts, averaged with the
# exponential smoothing of the series (a combination), the local one only for
# a series it treats as stationary (fc_transfer_pick()). Many series choose
# per series between the pretrained model as shipped and fine-tuned on all
# of them (fc_fit_default_many()).

# Why the pretrained model does not compete for a series (NULL when it does):
# k series columns, user covariates X, frequency freq, and `shaped`: the
# arguments of the local model the user gave with the default `pretrained`
# (a model asked for is the one fitted).
fc_transfer_skip <- function(k, X, freq, shaped = character(0)) {
  # what no argument can change comes first: `pretrained = "auto"` is not
  # offered where there is nothing for it to bring in
  if (is.null(fc_pretrained_find(freq)))
    return(sprintf("no pretrained model for frequency %s", format(freq)))
  if (k > 1L) return("several series are forecast jointly (`global = FALSE` fits each on its own)")
  if (!is.null(X)) return("the pretrained models take no covariates (`xreg`)")
  if (length(shaped))
    return(sprintf("the local model was specified (%s); `pretrained = \"auto\"` lets it compete",
                   paste(shaped, collapse = ", ")))
  NULL
}

# The arguments in rnn_fit()'s call `fit_call` that shape the local model
# (all but the data, horizon and hold-out ones, and the arithmetic's
# `precision`, which every candidate's networks follow), when `pretrained`
# is not given.
fc_transfer_shaped <- function(fit_call) {
  if ("pretrained" %in% names(fit_call)[-1]) return(character(0))
  fc_local_args(fit_call)
}

# The arguments in rnn_fit()'s call `fit_call` that shape the local model,
# whether or not `pretrained` is given too.
fc_local_args <- function(fit_call) {
  given <- names(fit_call)[-1]
  setdiff(given[nzchar(given)], c("y", "xreg", "horizon", "validation", "na_action", "verbose",
                                  "index", "regularise", "key", "value", "global", "precision",
                                  "pretrained"))
}

# rnn_fit(y) for one series whose pretrained model competes: the local fit,
# then the candidates on its held-out windows, then the winner (a local fit,
# or a combination of the winning pretrained network and the series'
# exponential smoothing), with the record of the choice in `selection`.
fc_fit_default_one <- function(data, st, call) {
  local <- fc_fit_local(data, st, call, held_out = TRUE, share = 0.7)
  held <- local$held
  fit <- local$fit
  if (is.null(held$origins)) {
    fit$selection <- list(choice = "local", reason = "no held-out windows to choose on (`validation = 0`)")
    return(fit)
  }
  if (!length(held$origins)) {
    fit$selection <- list(choice = "local", reason = "no held-out window spans the whole horizon")
    return(fit)
  }
  model <- fc_pretrained_precision(fc_pretrained_find(fc_series_frequency(data)), st)
  rec_fit_stage(sprintf("pretrained model (%s): as shipped and fine-tuned, on %s",
                        fc_pretrained_label(model$frequency),
                        fc_count(length(held$origins), "held-out window")), 0.9)
  h <- fit$model$horizon
  cand <- fc_transfer_candidates(model, data, held$cut, held$origins, h, call)
  O <- held$origins[cand$keep]
  if (!length(O)) {
    fit$selection <- list(choice = "local",
                          reason = "too short for the pretrained model's history at the held-out origins")
    return(fit)
  }
  y <- data$y[[1]][, 1]
  actual <- matrix(y[outer(O, seq_len(h), "+")], length(O), h)
  per <- function(p) if (is.null(p)) rep(NA_real_, length(O)) else rowMeans(abs(p - actual))
  E <- cbind(pretrained = per(cand$as_is), "fine-tuned" = per(cand$tuned),
             local = per(held$paths[cand$keep, , drop = FALSE]))
  score <- colMeans(E)
  score[!is.finite(score)] <- NA_real_
  stationary <- all(fit$model$lag == 0L)
  pick <- fc_transfer_pick(E, score, h, stationary)
  selection <- list(choice = pick$choice, score = score, margin = pick$margin,
                    stationary = stationary, windows = length(O), h = h, far = pick$far)
  if (pick$choice == "local") {
    fit$selection <- selection
    return(fit)
  }
  tuned <- pick$choice == "fine-tuned"
  if (tuned) model$nets <- cand$nets
  net <- fc_transfer_fit(model, data, call, if (tuned) cand$finetune)
  # the network's share of the average, on the same windows (the smoothing
  # refitted at each of their origins)
  sm_paths <- fc_smooth_at_origins(y, O, h, fc_series_frequency(data))
  net_paths <- if (tuned) cand$tuned else cand$as_is
  wt <- fc_network_weight(net_paths, sm_paths, actual, h)
  # the last value alone where it is far better than that average (a series
  # that has stopped), as for many series (fc_many_weights())
  wt$last <- fc_last_value_span(y, O, fc_blend(net_paths, sm_paths, wt$weight), actual, h)
  selection$weight <- wt
  out <- fc_with_smoothing(data, net, call, selection, weight = wt$weight, last = wt$last)
  # predict()'s default h stays the horizon chosen for the series
  out$h_default <- h
  out
}

# The combination of a pretrained network fit `net` (per series the member
# "network") with the exponential smoothing of each series: the network's
# weight `weight` (equal weights by default; fc_network_weight() chooses it
# for one series), the network's interval widths (all on the network for a
# series without a smoothing model). `last` [ns] (fc_last_value_span() per
# series): where not NA, the series is forecast by its last value alone, as
# the smoothing member's fc_smooth_last() with that span, and with its widths.
fc_with_smoothing <- function(data, net, call, selection = NULL, extra = NULL, weight = 0.5,
                              last = NULL) {
  rec_fit_stage(sprintf("exponential smoothing of %s", if (length(data$names) == 1L)
    "the series" else fc_count(length(data$names), "series")), 1)
  models <- fc_smooth_models(data)
  for (j in which(!is.na(last %||% NA))) models[[j]] <- fc_smooth_last(data$y[[j]][, 1], last[j])
  alone <- vapply(models, function(sm) !is.null(sm$last), NA, USE.NAMES = FALSE)
  sm <- new_rnn_smooth(data, models, call)
  has <- !vapply(sm$models, is.null, NA)
  members <- c(list(network = net), extra, list(smooth = sm))
  w <- matrix(0, length(has), length(members), dimnames = list(NULL, names(members)))
  w[, "network"] <- ifelse(has, weight, 1)
  w[, "smooth"] <- ifelse(has, 1 - weight, 0)
  w[alone, ] <- 0
  w[alone, "smooth"] <- 1
  # series the fit has not seen get equal weights
  new_rnn_combination(data, members, w, ifelse(alone, "smooth", "network"), call,
                      new = stats::setNames(c(0.5, rep(0, length(extra)), 0.5), names(members)),
                      selection = selection)
}

# The pretrained model `model` (its nets as shipped or tuned) applied to the
# series of `data` as a transfer fit; as shipped, a high-frequency model's
# intervals take their width factors (fc_zero_shot_factor()).
fc_transfer_fit <- function(model, data, call, finetune = NULL) {
  m <- fc_network_zero_shot(model, data, call)
  if (is.null(finetune)) m$calibration$factor <- fc_zero_shot_factor(model$frequency)
  src <- list(frequency = model$frequency, format = model$format, version = model$version,
              n_series = model$n_series, fine_tuned = !is.null(finetune), finetune = finetune)
  new_rnn_transfer(data, m, src, call)
}

# The pretrained model `model` on the one series of `data`, held out like the
# local fit: windows from real origin `cut` on choose its linear path and
# stop its fine-tuning. Returns which origins of `O` the comparison keeps
# (`keep`), the forecast paths [n, h] (original scale) from them of the model
# as shipped (`as_is`) and fine-tuned (`tuned`, NULL when the series has too
# few windows to fine-tune on), the fine-tuned networks (`nets`) and their
# fine-tuning (`finetune`: start, best, best_epoch).
fc_transfer_candidates <- function(model, data, cut, O, h, call) {
  prep <- fc_network_prepare(model, data, call)
  P <- prep$P
  S <- pn_holdout_from(P, pn_samples(P, 0), cut)
  coef <- fc_network_linear(model, P, S)$train
  Pw <- P
  Pw$w <- model$w
  # origins before the panel's first one (a very short series) have no
  # history buffer there: they are left out of the comparison
  keep <- O >= P$t0[1]
  if (!any(keep)) return(list(keep = keep))
  O <- O[keep]
  paths <- function(nets) {
    p <- matrix(pn_paths(Pw, rep(1L, length(O)), O + P$pad[1], h, coef, nets), length(O))
    fc_panel_back(prep, rep(1L, length(O)), outer(O, seq_len(h), "+"), p)
  }
  out <- list(keep = keep, as_is = paths(model$nets), tuned = NULL, nets = NULL)
  ft <- fc_pretrained_tune(model, P, S, coef, call)
  if (!is.null(ft)) {
    out$tuned <- paths(ft$nets)
    out$nets <- ft$nets
    out$finetune <- ft[c("start", "best", "best_epoch")]
  }
  out
}

# The pretrained networks of `model` fine-tuned on the training windows of
# samples S of panel P (linear path `coef`), stopping early on the held-out
# ones (fc_finetune_nets()); NULL when there are none held out or fewer than
# 10 to train on. `announce` is called before the work starts.
fc_pretrained_tune <- function(model, P, S, coef, call, announce = NULL) {
  if (sum(S$va) < 1L || sum(!S$va) < 10L) return(NULL)
  if (!is.null(announce)) announce()
  tt <- fc_net_targets(P, S, coef)
  kinds <- fc_member_kinds(model$settings$linear, length(model$nets))
  fc_finetune_nets(model$nets, kinds, tt$x, tt$targets, S$va, call)
}

# The choice among the candidates from their errors E [n origins, 3:
# pretrained, fine-tuned, local] and mean errors `score`: the better of the
# two pretrained ones. The local model's held-out errors cannot be trusted
# against them: its early stopping, ridge penalty, reference forecast and
# sizes were all chosen on those few, overlapping windows. It wins where it
# is far better on every window (fc_far_better()), or for a series it treats
# as stationary (`stationary`: its reference forecast is the series mean,
# which the pretrained model, learning the change from a naive or seasonal
# naive forecast, never uses; a cycle the pretrained model does not expect)
# when the windows are worth at least 4 independent ones (the overlapping
# windows counted as about n / ((h + 1) / 2)) and no pretrained one beats it
# there by more than two standard errors of the mean difference. With fewer
# windows it used to win too (at 2 or more, or at any number for a series
# that looked like white noise); on series no pretrained network had seen
# (bench/proto/local-pick.R: yearly and monthly tsibble series of the pool,
# 3 origins each; bench/README.md, "The local model's pick") those forecasts
# were worse than the pretrained network averaged with the smoothing, noise
# included (yearly log MASE ratio +0.11 to +0.32, monthly +0.00 to +0.56);
# the pool had no stationary pick with 4 windows or more. Returns the choice,
# the margin (NA when it was not needed) and whether the local model was far
# better (`far`).
fc_transfer_pick <- function(E, score, h, stationary = FALSE) {
  pre <- score[c("pretrained", "fine-tuned")]
  if (all(is.na(pre))) return(list(choice = "local", margin = NA_real_, far = FALSE))
  best <- names(pre)[which.min(pre)]
  if (fc_far_better(E[, "local"], E[, best], h))
    return(list(choice = "local", margin = NA_real_, far = TRUE))
  keep <- list(choice = best, margin = NA_real_, far = FALSE)
  if (!stationary || is.na(score["local"])) return(keep)
  d <- E[, "local"] - E[, best]
  n_eff <- fc_windows_worth(length(d), h)
  if (n_eff < 4) return(keep)
  margin <- 2 * stats::sd(d) / sqrt(n_eff)
  if (mean(d) <= margin) keep$choice <- "local"
  keep$margin <- margin
  keep
}

# The pretrained model of frequency `f`, as the stage lines name it.
fc_pretrained_label <- function(f) {
  switch(as.character(f), "1" = "yearly", "4" = "quarterly", "12" = "monthly",
         sprintf("frequency %s", format(f)))
}

# Whether the errors `a` (one per held-out window) are far below the errors
# `b` of the same windows, whatever the kind of series: in a paired
# comparison of their logarithms the mean log ratio log(a / b) lies below
# log(1/10) by more than two standard errors (the overlapping windows of `h`
# steps counted as n / ((h + 1) / 2) independent ones, at least 1), over at
# least 2 windows. That is, `a` is less than a tenth of `b`, window by
# window, with two standard errors to spare. A pure sine that the local
# model forecasts almost exactly passes (log ratio -10 in every window). The
# bar is a tenth, not a half: on the 462 M1 and tourism series held out of
# pretraining, "under half with two standard errors" let the local model win
# on 7 short series (2-3 nearly identical windows; ratios 0.19-0.38), and
# it forecast 5 of them worse (sMAPE +6.3 on average over the 7); at a
# tenth none of them switches.
fc_far_better <- function(a, b, h) {
  ok <- is.finite(a) & is.finite(b)
  a <- a[ok]
  b <- b[ok]
  if (length(a) < 2L || !any(b > 0)) return(FALSE)
  # an exact forecast (error 0) counts as a millionth of the other's error
  floor <- 1e-6 * mean(b)
  r <- log(pmax(a, floor) / pmax(b, floor))
  fc_mean_upper(r, h) < log(0.1)
}

# How many independent windows n overlapping held-out windows of h steps are
# worth: about n / ((h + 1) / 2) (windows one step apart share most steps).
fc_windows_worth <- function(n, h) n / ((h + 1) / 2)

# The mean of per-window differences r plus two standard errors, the
# overlapping windows of h steps counted as fc_windows_worth() independent
# ones (at least 1): below a bar, r is below it with two standard errors to
# spare.
fc_mean_upper <- function(r, h) mean(r) + 2 * stats::sd(r) / sqrt(max(1, fc_windows_worth(length(r), h)))

# rnn_fit() of many series whose frequency has a pretrained model (and
# pretrained = "auto"): the pretrained networks are fine-tuned on the
# training windows of all series (early stopping on the last fifth of each
# series' windows), the model as shipped and the fine-tuned one forecast
# each series' held-out windows, and per series the better one is averaged
# with the series' exponential smoothing, the network's weight chosen on the
# same windows (fc_many_weights()), as for one series. (The local
# model does not compete: a local fit per series is what `global = FALSE`
# gives.) Returns a combination with members "network" (fine-tuned),
# "pretrained" (as shipped) and "smooth".
fc_fit_default_many <- function(data, st, call) {
  model <- fc_pretrained_precision(fc_pretrained_find(fc_series_frequency(data)), st)
  tune <- fc_tune_many(model, data, call)
  tuned <- model
  if (!is.null(tune$nets)) tuned$nets <- tune$nets
  net_tuned <- fc_transfer_fit(tuned, data, call, tune$finetune)
  net_asis <- fc_transfer_fit(model, data, call)
  fit <- fc_with_smoothing(data, net_tuned, call,
                           selection = list(choice = tune$choice, n_valid = tune$n_valid,
                                            weight = tune$weight),
                           extra = list(pretrained = net_asis),
                           weight = tune$weight$weight %||% 0.5, last = tune$weight$last)
  # (a series forecast by its last value keeps the smoothing's widths)
  pre <- tune$choice == "pretrained" & fit$intervals == "network"
  fit$weights[pre, "pretrained"] <- fit$weights[pre, "network"]
  fit$weights[pre, "network"] <- 0
  fit$intervals[pre] <- "pretrained"
  fit$h_default <- st$horizon %||%
    fc_global_horizon(fc_series_frequency(data), stats::median(vapply(data$y, nrow, 1L)))
  fit
}

# The fine-tuning of fc_fit_default_many(): the pretrained model's networks
# tuned on the windows of all series of `data` (`nets`, NULL when there was
# nothing to tune on, and `finetune`: start, best, best_epoch), and per
# series which forecasts its held-out windows better (`choice`:
# "fine-tuned" or "pretrained"; `n_valid` windows) and the network's weight
# against the smoothing (`weight`: fc_many_weights(), NULL without held-out
# windows). A function of its own so that the windows of every series are
# freed before the transfer fits.
fc_tune_many <- function(model, data, call) {
  prep <- fc_network_prepare(model, data, call)
  P <- prep$P
  S <- pn_samples(P, model$settings$validation, model$settings$min_windows)
  lin <- fc_network_linear(model, P, S)
  ns <- length(P$N)
  out <- list(nets = NULL, finetune = NULL, choice = rep("fine-tuned", ns), n_valid = sum(S$va),
              weight = NULL)
  ft <- fc_pretrained_tune(model, P, S, lin$train, call,
                           announce = function() rec_fit_stage(
                             sprintf("fine-tuning the pretrained networks on %s", fc_count(ns, "series")),
                             0.8))
  va <- which(S$va)
  if (!length(va)) return(out)
  # the held-out windows' paths [n windows, Hs] and values, original scale;
  # r: each window's origin, the number of the series' values before it
  s <- S$R$s[va]; o <- S$R$o[va]
  r <- o - P$pad[s]
  Pw <- P
  Pw$w <- model$w
  back <- function(v) fc_panel_back(prep, s, outer(r, seq_len(P$Hs), "+"), v)
  paths <- function(nets) back(matrix(pn_paths(Pw, s, o, P$Hs, lin$train, nets), length(va)))
  actual <- back(matrix(pn_values(P, s, o, 1L, P$Hs), length(va)))
  net <- paths(model$nets)
  if (!is.null(ft)) {
    out$nets <- ft$nets
    out$finetune <- ft[c("start", "best", "best_epoch")]
    # per series the network with the lower mean absolute error there
    tuned <- paths(ft$nets)
    per <- function(p) {
      res <- rep(NA_real_, ns)
      res[sort(unique(s))] <- tapply(rowMeans(abs(p - actual)), s, mean)
      res
    }
    e0 <- per(net)
    e1 <- per(tuned)
    out$choice[!is.na(e0) & !is.na(e1) & e0 < e1] <- "pretrained"
    use <- out$choice[s] == "fine-tuned"
    net[use, ] <- tuned[use, ]
  }
  out$weight <- fc_many_weights(data, s, r, net, actual, P$Hs)
  out
}

# rnn_fit(y, pretrained = "only"): the pretrained model of the series'
# frequency applied to each series without training.
fc_fit_zero_shot <- function(data, st, call) {
  model <- fc_pretrained_for(rnn_pretrained(), fc_series_frequency(data), "the frequency of `y`", call)
  model <- fc_pretrained_precision(model, st)
  rec_fit_stage(sprintf("pretrained model (%s) as shipped", fc_pretrained_label(model$frequency)), 1)
  if (any(vapply(data$y, nrow, 1L) < 10L))
    rec_abort(sprintf("`y` is too short for the pretrained model: %d observations, at least 10 are needed.",
                      min(vapply(data$y, nrow, 1L))), class = "recurrent_error_too_short", call = call)
  fc_transfer_fit(model, data, call)
}

# Values v [n, H] of rows of units s at real positions t [n, H], on the
# panel's scale, back on the original one (seasonal figure added, log undone).
fc_panel_back <- function(prep, s, t, v) {
  for (j in unique(s)) {
    fig <- prep$season[[j]]
    r <- which(s == j)
    if (!is.null(fig)) v[r, ] <- v[r, ] + fc_season_at(fig, t[r, ])
    if (prep$transform[j] == "log") v[r, ] <- exp(v[r, ])
  }
  v
}

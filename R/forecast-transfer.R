# Forecasting layer, transfer to one series (rnn_fit(y, pretrained = "auto")):
# the pretrained model of the series' frequency as it is, the same fine-tuned
# on the series, and the local model rnn_fit() trains on it compete on the
# series' own held-out windows (the local model's validation windows); the
# better pretrained one forecasts, the local one only for a series it treats
# as stationary (fc_transfer_pick()).

# Why the pretrained model does not compete for a series (NULL when it does):
# k series columns, user covariates X, frequency freq, n_valid held-out
# windows of the local fit, and `shaped`: the arguments of the local model the
# user gave with the default `pretrained` (a model asked for is the one fitted).
fc_transfer_skip <- function(k, X, freq, n_valid, shaped = character(0)) {
  if (length(shaped))
    return(sprintf("the local model was specified (%s); `pretrained = \"auto\"` lets it compete",
                   paste(shaped, collapse = ", ")))
  if (k > 1L) return("several series are forecast jointly")
  if (!is.null(X)) return("the pretrained models take no covariates (`xreg`)")
  freqs <- vapply(rnn_pretrained()$models, `[[`, 1, "frequency")
  if (!any(abs(freqs - freq) < 1e-6))
    return(sprintf("no pretrained model for frequency %s", format(freq)))
  if (n_valid < 1L) return("no held-out windows to choose on (`validation = 0`)")
  NULL
}

# The local fit's forecast paths [n, h] on the original scale from the
# held-out origins `O`, while its linear path is still the one fitted on the
# training windows only (the networks saw the held-out windows only for early
# stopping).
fc_transfer_local_paths <- function(fit, Y, Xs, O, h, transform) {
  p <- matrix(fc_paths(fit, Y, Xs, O, h)[, , 1], length(O), h)
  if (transform == "log") exp(p) else p
}

# The pretrained model `model` on the one series of `inputs`
# (fc_many_series() layout), held out like the local fit: windows from origin
# `cut` on (real positions) choose its linear path and stop its fine-tuning.
# Returns which origins of `O` the comparison keeps (`keep`), the forecast
# paths [n, h] (original scale) from them of the model as it is (`as_is`)
# and fine-tuned (`tuned`, NULL when the series has too few windows to
# fine-tune on), the fine-tuned networks (`nets`) and their validation loss
# before and after (`start`, `best`).
fc_transfer_candidates <- function(model, inputs, cut, O, h, call) {
  prep <- fc_model_prepare(model, inputs, call)
  P <- prep$P
  S <- fc_transfer_samples(P, fc_global_samples(P, 0), cut)
  prior <- c(model$pooled, list(calibration = model$calibration$pooled))
  lin <- if (model$linear) fc_global_linear(P, S, prior = prior)
  coef <- lin$train
  Pw <- P
  Pw$w <- model$w
  # origins before the panel's first one (a very short series) have no
  # history buffer there: they are left out of the comparison
  keep <- O >= P$t0[1]
  if (!any(keep)) return(list(keep = keep))
  O <- O[keep]
  # forecast paths from O on the original scale: seasonal figure added back,
  # log undone
  season <- matrix(fc_season_at(prep$season[[1]], outer(O, seq_len(h), "+")), length(O), h)
  paths <- function(nets) {
    p <- pn_paths(Pw, rep(1L, length(O)), O + P$pad[1], h, coef, nets) + season
    if (prep$transform[1] == "log") exp(p) else p
  }
  out <- list(keep = keep, as_is = paths(model$nets), tuned = NULL, nets = NULL)
  if (sum(S$va) >= 1L && sum(!S$va) >= 10L) {
    ft <- fc_finetune_nets(model, P, S, coef, call)
    out$tuned <- paths(ft$nets)
    out[c("nets", "start", "best")] <- ft[c("nets", "start", "best")]
  }
  out
}

# Samples S of a one-series panel (fc_global_samples()) held out from real
# origin `cut` on: the windows from there are the validation windows, and the
# one-step samples before it train the linear path.
fc_transfer_samples <- function(P, S, cut) {
  S$va <- S$R$o - P$pad[S$R$s] >= cut
  S$nval <- tabulate(S$R$s[S$va], length(P$N))
  S$tr1 <- S$R1$o - P$pad[S$R1$s] < cut
  S
}

# Fine-tunes the pretrained networks on a one-series panel P: each member
# learns its pretraining target (what the linear path `coef` leaves, or the
# change from the reference forecast; see fc_fit_global()) on the training
# windows of S from its pretrained weights, with a small learning rate and
# early stopping on the held-out windows, where the pretrained weights
# compete as epoch 0 (so the validation loss never ends above theirs).
# Returns the networks and each one's validation loss at the start and kept.
fc_finetune_nets <- function(model, P, S, coef, call, epochs = 30L, lr = 0.001,
                             patience = 5L) {
  kinds <- fc_member_kinds(model$linear, length(model$nets))
  tt <- fc_global_targets(P, S, coef)
  x <- tt$x
  targets <- tt$targets
  tr <- which(!S$va)
  va <- which(S$va)
  rng <- fc_draw_seeds(length(model$nets))
  on.exit(rng$restore())
  nets <- lapply(seq_along(model$nets), function(r) {
    set.seed(rng$seeds[r])
    y <- targets[[if (kinds[r]) "lin" else "base"]]
    fc_in_call(rnn_train(model$nets[[r]], x[tr, , , drop = FALSE], y[tr, , drop = FALSE],
                         loss = "mae", lr = lr, epochs = epochs, patience = patience,
                         batch_size = 32L,
                         validation = list(x[va, , , drop = FALSE], y[va, , drop = FALSE]),
                         verbose = FALSE), call)
  })
  list(nets = nets,
       start = vapply(nets, function(n) n$training$initial_val_loss %||% NA_real_, 1),
       best = vapply(nets, function(n) n$training$best_score, 1))
}

# rnn_fit(y, pretrained = "auto") for the local fit `fit` of one series:
# scores the candidates on the held-out origins `O` (mean absolute error over
# all their steps, original scale), chooses (fc_transfer_pick()) and, when a
# pretrained one wins, keeps it as an rnn_global of the series
# (`fit$pretrained$global`) that predict() uses, and its fitted values and
# residuals as the fit's. `held` holds what
# rnn_fit() knows of the hold-out: the origins, the local paths, the first
# held-out origin `cut` and the series `inputs` (fc_many_series() layout).
fc_transfer <- function(fit, held, call) {
  model <- fc_pretrained_for(rnn_pretrained(), fit$series$tsp[3], "the frequency", call)
  h <- ncol(held$local)
  cand <- fc_transfer_candidates(model, held$inputs, held$cut, held$origins, h, call)
  O <- held$origins[cand$keep]
  if (!length(O)) {
    fit$pretrained <- list(choice = "local",
                           reason = "too short for the pretrained model's history at the held-out origins")
    return(fit)
  }
  Yraw <- fit$series$Yraw[, 1]
  actual <- matrix(Yraw[outer(O, seq_len(h), "+")], length(O), h)
  # mean absolute error per held-out origin [n] of each candidate
  per <- function(p) if (is.null(p)) rep(NA_real_, length(O)) else rowMeans(abs(p - actual))
  E <- cbind(pretrained = per(cand$as_is), "fine-tuned" = per(cand$tuned),
             local = per(held$local[cand$keep, , drop = FALSE]))
  score <- colMeans(E)
  score[!is.finite(score)] <- NA_real_
  stationary <- identical(fit$base, "none")
  # white noise: lag-1 autocorrelation inside +-1.96 / sqrt(n) (FALSE for a
  # constant series, whose autocorrelation is NaN)
  y <- fit$series$Y[, 1]
  white <- isTRUE(abs(stats::acf(y, lag.max = 1L, plot = FALSE)$acf[2]) <
                    stats::qnorm(0.975) / sqrt(length(y)))
  pick <- fc_transfer_pick(E, score, h, stationary, white)
  choice <- pick$choice
  fit$pretrained <- list(choice = choice, score = score, margin = pick$margin,
                         stationary = stationary, white = white,
                         windows = length(O), h = h,
                         finetune = if (!is.null(cand$nets))
                           list(start = cand$start, best = cand$best,
                                best_epoch = vapply(cand$nets, function(n) n$training$best_epoch, 1)))
  if (choice == "local") return(fit)
  # the forecast averages the pretrained path with exponential smoothing
  # (R/forecast-smooth.R)
  fit$pretrained$smooth <- fc_smooth_fit(Yraw, fit$series$tsp[3])
  if (choice == "fine-tuned") model$nets <- cand$nets
  g <- fc_global_apply(model, held$inputs, character(0), "y", call)
  g$pretrained <- TRUE
  g$fine_tuned <- choice == "fine-tuned"
  g$single <- TRUE
  fit$pretrained$global <- g
  fit$fitted <- g$fitted[[1]]
  fit$residuals <- g$residuals[[1]]
  fit
}

# The choice among the candidates from their errors E [n origins, 3:
# pretrained, fine-tuned, local] and mean errors `score`: the better of the
# two pretrained ones. The local model's held-out errors cannot be trusted
# against them: its early stopping, ridge penalty, reference forecast and
# sizes were all chosen on those few, overlapping windows. Measured on the
# 462 M1 and tourism series held out of pretraining (bench/pretrained.R),
# letting it win on a lower error there gave sMAPE 20.03, and on a lower error
# by two standard errors 19.13, against 18.37 for the pretrained model alone:
# where it won it forecast far worse. So it wins only for a series it treats
# as stationary (`stationary`: its reference forecast is the series mean,
# which the pretrained model, learning the change from a naive or seasonal
# naive forecast, never uses), unless a pretrained one beats it there by
# more than two standard errors of the mean difference (the overlapping
# windows counted as about n / ((h + 1) / 2) independent ones), and only
# when those come to at least 2 independent windows or the series looks like
# white noise (`white`: its lag-1 autocorrelation inside the 95% bounds
# +-1.96 / sqrt(n)). On the 517 held-out forecasts of bench/accuracy.R the
# local model won 27 times on fewer windows (series of 10 to 54 points, where
# a single window made the margin infinite) and forecast worse than the
# pretrained model there (sMAPE +6.0 on average, two of them by 75 and 115);
# where those series looked like white noise it was about level (+0.4), and
# a short noise series needs its mean. Returns the choice and that margin
# (NA when it was not needed).
fc_transfer_pick <- function(E, score, h, stationary = FALSE, white = FALSE) {
  pre <- score[c("pretrained", "fine-tuned")]
  if (all(is.na(pre))) return(list(choice = "local", margin = NA_real_))
  best <- names(pre)[which.min(pre)]
  if (!stationary || is.na(score["local"])) return(list(choice = best, margin = NA_real_))
  d <- E[, "local"] - E[, best]
  n_eff <- length(d) / ((h + 1) / 2)
  # fewer than 2 effective windows cannot show that a series with some
  # persistence is stationary (the local model chose its mean reference on
  # those same windows)
  if (n_eff < 2 && !white) return(list(choice = best, margin = NA_real_))
  margin <- if (length(d) > 1L) 2 * stats::sd(d) / sqrt(max(1, n_eff)) else Inf
  list(choice = if (mean(d) <= margin) "local" else best, margin = margin)
}

# The arguments in rnn_fit()'s call `fit_call` that shape the local model
# (all but the data, horizon and hold-out ones), when `pretrained` is not given.
fc_transfer_shaped <- function(fit_call) {
  given <- names(fit_call)[-1]
  if ("pretrained" %in% given) return(character(0))
  setdiff(given[nzchar(given)], c("y", "xreg", "horizon", "validation", "na_action", "verbose",
                                  "index", "regularise", "key", "value", "global"))
}

# Whether the `pretrained` field of an rnn_fit of k series is as
# fc_transfer() left it: absent, a reason the pretrained model did not
# compete, or the choice with the winning pretrained model (one series).
fc_transfer_intact <- function(pt, k) {
  if (is.null(pt)) return(TRUE)
  if (!is.list(pt) || !is.character(pt$choice) || length(pt$choice) != 1L ||
      !pt$choice %in% c("pretrained", "fine-tuned", "local")) return(FALSE)
  g <- pt$global
  if (!fc_smooth_intact(pt$smooth)) return(FALSE)
  if (is.null(g)) return(pt$choice == "local" && is.null(pt$smooth))
  k == 1L && pt$choice != "local" && inherits(g, "rnn_global") &&
    isTRUE(tryCatch(fc_global_intact(g), error = function(e) FALSE)) && length(g$x) == 1L
}

# The one series of a local fit's input `inp` (fc_input_series(), missing
# values handled: `Yraw`) in the layout of fc_many_series().
fc_transfer_inputs <- function(inp, Yraw, name) {
  inp$ser$Y <- Yraw
  inp$ser$names <- name
  stats::setNames(list(inp), name)
}

# A fit whose pretrained model forecasts, given newer observations `inp`
# (fc_newdata_series()): the model applied to them without training.
fc_transfer_newdata <- function(object, inp, call) {
  g <- object$pretrained$global
  inputs <- fc_transfer_inputs(inp, inp$Yraw, names(g$x))
  g2 <- fc_global_apply(g, inputs, character(0), "newdata", call)
  g2[c("pretrained", "fine_tuned", "single")] <- g[c("pretrained", "fine_tuned", "single")]
  g2
}

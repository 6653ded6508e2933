# Forecasting layer, stage 3 of the model: the ensemble of networks, trained
# on the windows of a panel (or fine-tuned from pretrained weights). Each
# member learns, in units of its unit's scale, what the linear path leaves or
# (the hybrid ensemble of a global model: every second member) the change
# from the reference forecast; the forecast averages them (pn_core()).

# Which members of an ensemble of `repeats` learn what the linear path
# leaves (TRUE) and which the change from the reference forecast itself:
# with `hybrid` (global models) every second one, so the forecast adds the
# linear path with weight w = mean(kinds); otherwise all of them (without a
# linear path: none).
fc_member_kinds <- function(linear, repeats, hybrid = TRUE) {
  if (!linear) return(rep(FALSE, repeats))
  if (hybrid) rep_len(c(TRUE, FALSE), repeats) else rep(TRUE, repeats)
}

# The networks' inputs x [n, T, p] and targets of the training windows of the
# samples S (list: `base`, the change from the reference forecast, and with
# a linear path `coef`, `lin`, what it leaves; each [n, Hs * k], units of the
# scale).
fc_net_targets <- function(P, S, coef) {
  s <- S$R$s; o <- S$R$o
  n <- length(s); k <- ncol(P$V)
  sc <- as.vector(P$scale[s, rep(seq_len(k), each = P$Hs), drop = FALSE])
  P0 <- P
  P0$w <- 1
  change <- function(C) matrix((S$A - pn_core(P0, S$B, s, o, C, NULL)) / sc, n, P$Hs * k)
  targets <- list(base = change(NULL))
  if (!is.null(coef)) targets$lin <- change(coef)
  list(x = pn_features(P, S$B, s, o, P$Hx)$seq, targets = targets)
}

# Trains the ensemble: inputs x [n, T, p], targets (fc_net_targets()),
# member r learning targets$lin when kinds[r] is TRUE; `va` the held-out
# rows (at most max_windows / 4 of them, evenly spread, measure the
# validation loss and stop training early). `defaults`: rnn_train() options
# of the recipe, which the user's `opts$train` override. Each network gets a
# seed drawn up front from R's generator, so the ensemble is the same
# whether its members train one after the other or side by side
# (fc_lapply_pair()); the generator's state afterwards is the one after
# drawing the seeds. Above max_windows training windows each member learns
# from its own random subset of them (as in bagging: the windows overlap so
# much that the rest adds little, and the members differ more).
fc_train_nets <- function(x, targets, kinds, va, cell, hidden, layers, opts, defaults,
                          verbose, call, max_windows = 20000L) {
  repeats <- length(kinds)
  if (repeats == 0L) return(list())
  rng <- fc_draw_seeds(repeats)
  on.exit(rng$restore())
  seeds <- rng$seeds
  tr <- which(!va)
  vi <- which(va)
  if (length(vi) > max_windows / 4) vi <- vi[fc_spread(length(vi), max_windows / 4)]
  ntr <- min(length(tr), max_windows)
  targs <- utils::modifyList(defaults, opts$train)
  if (is.function(targs$batch_size)) targs$batch_size <- targs$batch_size(ntr)
  bag <- length(tr) > max_windows
  xtr0 <- if (!bag) x[tr, , , drop = FALSE]
  ytr0 <- if (!bag) lapply(targets, function(t) t[tr, , drop = FALSE])
  xv <- x[vi, , , drop = FALSE]
  yv <- lapply(targets, function(t) t[vi, , drop = FALSE])
  one <- function(r) {
    set.seed(seeds[r])
    kind <- if (kinds[r]) "lin" else "base"
    sub <- if (bag) sort(sample(tr, max_windows)) else tr
    xtr <- if (bag) x[sub, , , drop = FALSE] else xtr0
    ytr <- if (bag) targets[[kind]][sub, , drop = FALSE] else ytr0[[kind]]
    vdata <- if (length(vi)) list(xv, yv[[kind]]) else 0
    net <- fc_in_call(do.call(rnn_net, c(list(input_size = dim(x)[3], hidden_size = hidden,
                                              output_size = ncol(ytr), cell = cell,
                                              layers = layers), opts$net)), call)
    net <- fc_zero_head(net)
    if (verbose >= 2) message(sprintf("rnn_fit: training network %d of %d on %d windows", r,
                                      repeats, length(sub)))
    rec_fit_progress_unit(r, repeats)
    fc_in_call(do.call(rnn_train, c(list(net = net, x = xtr, y = ytr,
                                         validation = vdata, verbose = verbose >= 2),
                                    targs)), call)
  }
  concurrent <- ntr * dim(x)[2] * hidden < 2e7
  fc_lapply_pair(seq_len(repeats), one, concurrent = concurrent)
}

# Fine-tunes the networks `nets` (a pretrained ensemble; `kinds` as
# fc_member_kinds()) on the training windows of inputs x and targets from
# their weights, with a small learning rate and early stopping on the
# held-out rows `va`, where the starting weights compete as epoch 0 (so the
# validation loss never ends above theirs). Returns the networks and each
# one's validation loss at the start and kept.
fc_finetune_nets <- function(nets, kinds, x, targets, va, call, epochs = 30L, lr = 0.001,
                             patience = 5L, max_windows = 20000L) {
  tr <- which(!va)
  vi <- which(va)
  if (length(tr) > max_windows) tr <- tr[fc_spread(length(tr), max_windows)]
  if (length(vi) > max_windows / 4) vi <- vi[fc_spread(length(vi), max_windows / 4)]
  rng <- fc_draw_seeds(length(nets))
  on.exit(rng$restore())
  out <- lapply(seq_along(nets), function(r) {
    set.seed(rng$seeds[r])
    rec_fit_progress_unit(r, length(nets))
    y <- targets[[if (kinds[r]) "lin" else "base"]]
    fc_in_call(rnn_train(nets[[r]], x[tr, , , drop = FALSE], y[tr, , drop = FALSE],
                         loss = "mae", lr = lr, epochs = epochs, patience = patience,
                         batch_size = fc_global_batch(length(tr)),
                         validation = list(x[vi, , , drop = FALSE], y[vi, , drop = FALSE]),
                         verbose = FALSE), call)
  })
  list(nets = out,
       start = vapply(out, function(n) n$training$initial_val_loss %||% NA_real_, 1),
       best = vapply(out, function(n) n$training$best_score, 1),
       best_epoch = vapply(out, function(n) as.numeric(n$training$best_epoch), 1))
}

# Start the network's output layer at zero, so that an untrained network adds
# nothing to the linear path and training only moves away from it as far as the
# validation loss allows.
fc_zero_head <- function(net) {
  w <- rnn_weights(net)
  w[["head.weight"]][] <- 0
  w[["head.bias"]][] <- 0
  rnn_set_weights(net, w)
}

# Evaluates `expr` (network construction or training with the options the user
# gave rnn_fit() in `...`) so that a recurrent_error it raises is reported
# against `call`, the user's rnn_fit() call, not the internal do.call() with
# all the data deparsed in it.
fc_in_call <- function(expr, call) {
  withCallingHandlers(expr, recurrent_error = function(e) {
    e$call <- call
    stop(e)
  })
}

# `n` seeds drawn from R's generator, and `restore()`, which puts the
# generator back in the state right after drawing them: work seeded from
# them (set.seed() per element) gives the same results in any order or
# process, and leaves the caller's stream as if only the seeds were drawn.
fc_draw_seeds <- function(n) {
  seeds <- sample.int(.Machine$integer.max, n)
  state <- get(".Random.seed", envir = globalenv())
  list(seeds = seeds, restore = function() assign(".Random.seed", state, envir = globalenv()))
}

# `k` indices spread evenly over 1..n.
fc_spread <- function(n, k) unique(round(seq(1, n, length.out = k)))

# Mini-batch size for n training windows: 32 up to 4,000 windows, then
# growing with n (at most 512), so that an epoch over a large panel takes
# about 125 to 250 optimizer steps instead of thousands.
fc_global_batch <- function(n) {
  as.integer(min(512L, max(32L, 2^ceiling(log2(n / 250)))))
}

# lapply(), or, where forking is safe and worth it, the two halves of X side by
# side in two forked processes (each one thread, see ?`recurrent-options`).
# Results do not depend on which (each element seeds its own generator).
# Forked children do not report progress (their conditions would reach the
# parent's handlers from two processes); the bar moves when the pair is done.
fc_lapply_pair <- function(X, FUN, concurrent) {
  cores <- fc_free_cores()
  if (!concurrent || length(X) < 2L || cores < 2L || .Platform$OS.type != "unix" ||
      !isTRUE(getOption("recurrent.concurrent", TRUE)))
    return(lapply(X, FUN))
  out <- parallel::mclapply(X, function(x) rec_fit_muted(FUN(x)), mc.cores = min(2L, cores),
                            mc.preschedule = TRUE, mc.set.seed = FALSE)
  bad <- vapply(out, inherits, NA, "try-error")
  if (any(bad)) stop(attr(out[[which(bad)[1]]], "condition"))
  out
}

# Cores free for work side by side: what options(recurrent.threads) allows
# when set, otherwise the cores minus those other processes keep busy; 1 in a
# forked child (a parallel worker already) and at most 2 under R CMD check.
fc_free_cores <- function() {
  th <- getOption("recurrent.threads")
  if (!is.null(th)) return(check_int(th, "getOption(\"recurrent.threads\")", max = 1024))
  info <- .Call(C_rec_cpu_info)    # isa, isa_detected, forked, cores, busy, ...
  if (info[3] == 1L) return(1L)
  free <- max(1L, info[4] - max(info[5], 0L))
  if (nzchar(Sys.getenv("_R_CHECK_LIMIT_CORES_"))) free <- min(free, 2L)
  as.integer(free)
}

# Forecasting layer, stage 4 of the model: forecasts from any origin. The
# linear path (or the reference forecast without one) plus the average
# output of the networks times the scale, iterated in blocks of the steps the
# model outputs at once (Hs).

# Forecast levels [n, Hs, k] (transformed scale) of rows (s, o) with history
# buffers B [n, Lb, k]: the iterated linear path with coefficients `coef`
# [ns, 1 + d, k] (NULL: the reference forecast), mixed with the reference
# forecast by the hybrid weight P$w (a share 1 - w of the ensemble learnt
# the change from the reference forecast instead of what the linear path
# leaves), plus the average network output times the scale.
pn_core <- function(P, B, s, o, coef, nets, net_out = NULL) {
  n <- dim(B)[1]; Lb <- dim(B)[2]; k <- dim(B)[3]; Hs <- P$Hs
  lag <- P$lag[s, , drop = FALSE]; cen <- P$center[s, , drop = FALSE]
  sc <- P$scale[s, , drop = FALSE]
  if (is.null(coef)) {
    lvl <- pn_base(B, lag, Hs, cen)
  } else {
    lvl <- if (k == 1L && P$q == 0L) pn_iterate_c(P, B, s, coef) else pn_iterate(P, B, s, o, coef)
    w <- P$w %||% 1
    if (w < 1) lvl <- w * lvl + (1 - w) * pn_base(B, lag, Hs, cen)
  }
  if (length(nets)) {
    g <- net_out %||% pn_net_output(P, B, s, o, nets)
    lvl <- lvl + as.vector(sc[, rep(seq_len(k), each = Hs), drop = FALSE]) * g
  }
  lvl
}

# The linear path with coefficients `coef` iterated over P$Hs steps from
# history buffers B [n, Lb, k] of rows (s, o): levels [n, Hs, k]. Each step's
# forecast joins the buffer; with covariates, their window moves with it.
pn_iterate <- function(P, B, s, o, coef) {
  n <- dim(B)[1]; Lb <- dim(B)[2]; k <- dim(B)[3]; Hs <- P$Hs
  lag <- P$lag[s, , drop = FALSE]; cen <- P$center[s, , drop = FALSE]
  sc <- P$scale[s, , drop = FALSE]
  lvl <- array(0, c(n, Hs, k))
  for (st in seq_len(Hs)) {
    Z <- pn_features(P, B, s, o + st - 1L, 1L)$lin
    nxt <- matrix(pn_base(B, lag, 1L, cen), n, k) + sc * pn_linear(Z, coef, s)
    lvl[, st, ] <- nxt
    if (st < Hs) {
      if (Lb > 1L) B[, seq_len(Lb - 1L), ] <- B[, 2:Lb, , drop = FALSE]
      B[, Lb, ] <- nxt
    }
  }
  lvl
}

# pn_iterate() for one channel without covariates, in C (src/linpath.c; the
# same values bit for bit): the path runs for every held-out window of every
# candidate penalty and every cross-fitting origin, and R's steps were 40%
# of a zero-shot hourly fit.
pn_iterate_c <- function(P, B, s, coef) {
  n <- dim(B)[1]
  out <- .Call(C_rec_linear_paths, matrix(B, n, dim(B)[2]), P$lag[s, 1L],
               as.double(P$center[s, 1L]), as.double(P$scale[s, 1L]),
               matrix(coef[, , 1L], dim(coef)[1]), as.integer(s), P$L, P$Hs)
  array(out, c(n, P$Hs, 1L))
}

# The average output of the networks [n, Hs, k] (units of the scale) for rows
# (s, o) with history buffers B. It depends on the observed window only, not
# on the linear path, so a caller that forecasts the same origins with
# several linear paths (the cross-fitting folds, the fitted values) computes
# it once and passes it to pn_core() / pn_paths() as `net_out`.
pn_net_output <- function(P, B, s, o, nets) {
  x <- pn_features(P, B, s, o, P$Hx)$seq
  acc <- 0
  for (net in nets) acc <- acc + stats::predict(net, x)
  array(acc / length(nets), c(dim(B)[1], P$Hs, dim(B)[3]))
}

# Forecast paths [n, h, k] (transformed scale) from origins o of units s,
# iterating in blocks of Hs: each block's forecasts join the history buffer.
# `net_out`: the networks' output at these origins (pn_net_output()), used
# for the first block.
pn_paths <- function(P, s, o, h, coef, nets, net_out = NULL) {
  n <- length(s); Lb <- P$Lb; Hs <- P$Hs; k <- ncol(P$V)
  B <- pn_values(P, s, o, 1L - Lb, 0L)
  out <- array(NA_real_, c(n, h, k))
  done <- 0L
  while (done < h) {
    pr <- pn_core(P, B, s, o + done, coef, nets, if (done == 0L) net_out)
    take <- min(Hs, h - done)
    out[, done + seq_len(take), ] <- pr[, seq_len(take), , drop = FALSE]
    B <- if (take >= Lb) pr[, (take - Lb + 1L):take, , drop = FALSE] else {
      B2 <- array(0, dim(B))
      B2[, seq_len(Lb - take), ] <- B[, (take + 1L):Lb, , drop = FALSE]
      B2[, (Lb - take + 1L):Lb, ] <- pr[, seq_len(take), , drop = FALSE]
      B2
    }
    done <- done + take
  }
  out
}

# One-step fitted values of every unit (transformed scale): a list of
# matrices [N_j, k], NA where there is no history. `net_out`: the networks'
# output at every one-step origin (pn_rows(P, 1)), when known.
pn_fitted <- function(P, coef, nets, net_out = NULL) {
  R1 <- pn_rows(P, 1L)
  f1 <- matrix(pn_paths(P, R1$s, R1$o, 1L, coef, nets, net_out), length(R1$s))
  by_s <- split(seq_along(R1$s), factor(R1$s, levels = seq_along(P$N)))
  lapply(seq_along(P$N), function(j) {
    v <- matrix(NA_real_, P$N[j], ncol(P$V))
    r <- by_s[[j]]
    v[R1$o[r] - P$pad[j] + 1L, ] <- f1[r, ]
    v
  })
}

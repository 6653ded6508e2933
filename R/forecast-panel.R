# Forecasting layer, stage 1 of the model: the panel. Every model of the
# package (local, global, transferred) computes on a panel of `ns` units, each
# a series of `k` channels (k > 1 only for a series of several columns
# forecast jointly) with optional covariates; a single series is a panel of
# one. One row of a panel computation is one (unit, origin) pair with the
# unit's own reference lags, levels and scales; the linear path is per unit
# and the networks are shared.
#
# A panel P (pn_panel()) stores every unit on the transformed (and seasonally
# adjusted) scale, padded at the front with copies of its first row (so that a
# series shorter than the history buffer still has one), stacked in one
# matrix V [sum(pad + N), k]: unit j occupies rows off[j] + 1 .. off[j] +
# pad[j] + N[j], and an origin o is a position in the padded unit (real
# position o - pad[j]); the origin is the last observation before the values
# it forecasts.
#
# Covariates (user `xreg` and calendar Fourier terms, standardised) are a
# list X of one matrix per unit, rows = real positions (forecasts append the
# future rows); positions past the last row repeat it. Their last `nf`
# columns are the Fourier terms. With covariates the networks also see their
# next Hx = Hs values (known future inputs), flagged by an extra input.

# Panel of units `Ys` (list of numeric matrices [N_j, k], transformed scale)
# with per-unit reference lags, scales and centres (matrices [ns, k]); L the
# lookback, Lb >= L the history buffer, Hs the steps the model outputs at
# once; t0 the first real origin of each unit (pad = Lb - t0); X NULL or the
# covariates per unit, nf of their columns Fourier terms; w the share of the
# ensemble that learnt what the linear path leaves (fc_member_kinds()).
pn_panel <- function(Ys, lag, scale, center, t0, L, Lb, Hs, X = NULL, nf = 0L, w = 1) {
  N <- vapply(Ys, nrow, 1L)
  pad <- pmax(0L, Lb - t0)
  V <- do.call(rbind, lapply(seq_along(Ys), function(j)
    rbind(Ys[[j]][rep(1L, pad[j]), , drop = FALSE], Ys[[j]])))
  dimnames(V) <- NULL
  q <- if (is.null(X)) 0L else ncol(X[[1]])
  list(V = V, off = as.integer(c(0L, cumsum(N + pad))[seq_along(Ys)]), pad = as.integer(pad),
       N = as.integer(N), t0 = as.integer(t0), lag = pn_mat(lag, length(Ys), TRUE),
       scale = pn_mat(scale, length(Ys)), center = pn_mat(center, length(Ys)),
       L = as.integer(L), Lb = as.integer(Lb), Hs = as.integer(Hs), X = X, q = as.integer(q),
       nf = as.integer(nf), Hx = if (q > 0L) as.integer(Hs) else 0L, w = w,
       names = names(Ys))
}

# A per-unit parameter as a matrix [ns, k] (a vector is one column).
pn_mat <- function(v, ns, int = FALSE) {
  m <- if (is.matrix(v)) v else matrix(v, ns)
  if (int) storage.mode(m) <- "integer"
  m
}

# Values at padded positions o + from .. o + to of units s (per row):
# array [n, to - from + 1, k], NA past the end of the unit.
pn_values <- function(P, s, o, from, to) {
  n <- length(s)
  w <- to - from + 1L
  k <- ncol(P$V)
  pos <- outer(o, from:to, "+")
  pos[pos > (P$N + P$pad)[s]] <- NA
  idx <- pos + P$off[s]
  if (k == 1L) return(array(P$V[c(idx)], c(n, w, 1L)))
  array(P$V[c(idx) + rep((seq_len(k) - 1L) * nrow(P$V), each = n * w)], c(n, w, k))
}

# Reference forecast [n, H, k] for steps 1..H from history buffers B [n, Lb,
# k] (Lb >= the largest lag) with per-row lags [n, k] (1 = naive, m =
# seasonal naive, 0 = the unit's centre `center` [n, k]).
pn_base <- function(B, lag, H, center) {
  d <- dim(B)
  n <- d[1]; Lb <- d[2]; k <- d[3]
  out <- array(0, c(n, H, k))
  for (j in seq_len(k)) for (l in unique(lag[, j])) {
    r <- which(lag[, j] == l)
    if (l == 0L) {
      out[r, , j] <- center[r, j]
      next
    }
    for (st in seq_len(H)) out[r, st, j] <- B[r, Lb + st - l * ceiling(st / l), j]
  }
  out
}

# Normalised windows [n, L, k]: the last L values of B minus the last value
# (or the centre, for lag 0), divided by the scale (per row and channel).
pn_window <- function(B, L, lag, center, scale) {
  Lb <- dim(B)[2]
  W <- B[, (Lb - L + 1L):Lb, , drop = FALSE]
  for (j in seq_len(dim(B)[3])) {
    ref <- ifelse(lag[, j] == 0L, center[, j], W[, L, j])
    W[, , j] <- (W[, , j] - ref) / scale[, j]
  }
  W
}

# Covariate windows [n, L + Hx, q] of rows (s, o): the unit's rows from L - 1
# before the origin to Hx after it (past the last row: the last row).
pn_xwindows <- function(P, s, o, Hx) {
  n <- length(s); L <- P$L; q <- P$q
  out <- array(0, c(n, L + Hx, q))
  for (j in unique(s)) {
    r <- which(s == j)
    Xj <- P$X[[j]]
    pos <- outer(o[r] - P$pad[j], (1L - L):Hx, "+")
    pos <- pmin(pmax(pos, 1L), nrow(Xj))
    for (c in seq_len(q)) out[r, , c] <- Xj[pos, c]
  }
  out
}

# Model inputs of rows (s, o) with history buffers B [n, Lb, k]: `seq` [n, T,
# p] for the networks (the normalised window; with covariates, their window
# reaching Hx steps past the origin and a flag that is 1 on those steps) and
# `lin` [n, d] for the linear path (the window, the covariates; Fourier terms
# only at the last observation and the future steps, their earlier values
# being rotations of these).
pn_features <- function(P, B, s, o, Hx) {
  n <- dim(B)[1]; k <- dim(B)[3]; L <- P$L
  W <- pn_window(B, L, P$lag[s, , drop = FALSE], P$center[s, , drop = FALSE],
                 P$scale[s, , drop = FALSE])
  lin <- matrix(W, n, L * k)
  if (P$q == 0L) return(list(seq = W, lin = lin))
  Xw <- pn_xwindows(P, s, o, Hx)
  q <- P$q; nf <- P$nf
  Tx <- L + Hx
  p <- k + q + (Hx > 0)
  S <- array(0, c(n, Tx, p))
  S[, 1:L, 1:k] <- W
  S[, , k + seq_len(q)] <- Xw
  if (Hx > 0) S[, L + seq_len(Hx), p] <- 1
  qu <- q - nf
  lin_x <- if (nf == 0L) matrix(Xw, n, Tx * q) else
    cbind(matrix(Xw[, , seq_len(qu), drop = FALSE], n, Tx * qu),
          matrix(Xw[, L:Tx, qu + seq_len(nf), drop = FALSE], n, (Tx - L + 1) * nf))
  list(seq = S, lin = cbind(lin, lin_x))
}

# Rows (unit, padded origin) of every unit's origins from its first real
# origin t0 up to N - last (last = Hs for training windows, 1 for one-step
# samples); `s` and `o` in unit order, then time order.
pn_rows <- function(P, last) {
  cnt <- pmax(0L, P$N - last - P$t0 + 1L)
  s <- rep(seq_along(P$N), cnt)
  first <- P$t0 + P$pad
  o <- first[s] + sequence(cnt) - 1L
  list(s = s, o = as.integer(o))
}

# The last origin of every unit (the end of its series): forecasts start here.
pn_ends <- function(P) list(s = seq_along(P$N), o = P$N + P$pad)

# The real (unpadded) units of a panel [N_j, k], transformed scale.
pn_units <- function(P) {
  lapply(seq_along(P$N), function(j)
    P$V[P$off[j] + P$pad[j] + seq_len(P$N[j]), , drop = FALSE])
}

# Which training windows are held out: the last `validation` fraction of
# each unit's nwin windows (at least 1, leaving at least 3 to train on),
# for units with at least `min_windows` windows.
pn_nval <- function(nwin, validation, min_windows) {
  as.integer(ifelse(nwin >= min_windows & validation > 0,
                    pmax(1, pmin(nwin - 3, round(validation * nwin))), 0))
}

# The samples of a panel: training windows (rows R: unit s, origin o;
# buffers B [n, Lb, k], next Hs values A [n, Hs, k]) with the last part of
# each unit's windows held out (`va`, pn_nval()), and the one-step samples
# (rows R1; linear-path inputs Z [n1, d]; targets T1 [n1, k], the change
# from the reference forecast in units of the scale) with `tr1` marking those
# before the unit's first held-out origin (the linear path trains on them).
pn_samples <- function(P, validation, min_windows = 4L) {
  R <- pn_rows(P, P$Hs)
  ns <- length(P$N)
  nwin <- tabulate(R$s, ns)
  nval <- pn_nval(nwin, validation, min_windows)
  va <- sequence(nwin) > (nwin - nval)[R$s]
  first_va <- rep(.Machine$integer.max, ns)
  if (any(va)) first_va[unique(R$s[va])] <- tapply(R$o[va], R$s[va], min)
  R1 <- pn_rows(P, 1L)
  s1 <- R1$s
  B1 <- pn_values(P, s1, R1$o, 1L - P$Lb, 0L)
  k <- ncol(P$V)
  T1 <- (matrix(pn_values(P, s1, R1$o, 1L, 1L), length(s1), k) -
           matrix(pn_base(B1, P$lag[s1, , drop = FALSE], 1L, P$center[s1, , drop = FALSE]),
                  length(s1), k)) / P$scale[s1, , drop = FALSE]
  list(R = R, B = pn_values(P, R$s, R$o, 1L - P$Lb, 0L), A = pn_values(P, R$s, R$o, 1L, P$Hs),
       va = va, nwin = nwin, nval = nval, R1 = R1,
       Z = pn_features(P, B1, s1, R1$o, 1L)$lin, T1 = T1, tr1 = R1$o < first_va[s1])
}

# Samples S held out from real origin `cut` on (one unit): the windows from
# there are the validation windows, and the one-step samples before it train
# the linear path.
pn_holdout_from <- function(P, S, cut) {
  S$va <- S$R$o - P$pad[S$R$s] >= cut
  S$nval <- tabulate(S$R$s[S$va], length(P$N))
  S$tr1 <- S$R1$o - P$pad[S$R1$s] < cut
  S
}

# Forecasting layer, panel core of the global model: the forecast of many
# series at many origins at once. Each row of a panel computation is one
# (series, origin) pair with the series' own reference lag, level and scale,
# and its own linear path; the networks are shared. This is the one-column
# (k = 1) model of forecast-paths.R with per-row parameters.
#
# A panel P (pn_panel()) stores every series on the transformed scale, each
# padded at the front with copies of its first value (so that a series
# shorter than the history buffer still has one), concatenated in one
# vector: series j occupies V[off[j] + 1 .. off[j] + pad[j] + N[j]], and an
# origin o is a position in the padded series (real position o - pad[j]).

# Panel of series `Ys` (list of numeric vectors, transformed scale) with
# per-series reference lags, scales and centres; Lb is the history buffer,
# L the lookback (<= Lb), Hs the steps the model outputs at once. t0: first
# real origin of each series (pad = Lb - t0).
pn_panel <- function(Ys, lag, scale, center, t0, L, Lb, Hs) {
  N <- lengths(Ys)
  pad <- pmax(0L, Lb - t0)
  V <- unlist(lapply(seq_along(Ys), function(j) c(rep(Ys[[j]][1], pad[j]), Ys[[j]])),
              use.names = FALSE)
  off <- c(0L, cumsum(N + pad))[seq_along(Ys)]
  list(V = V, off = as.integer(off), pad = as.integer(pad), N = as.integer(N),
       t0 = as.integer(t0), lag = as.integer(lag), scale = scale, center = center,
       L = as.integer(L), Lb = as.integer(Lb), Hs = as.integer(Hs), names = names(Ys))
}

# Values at padded positions o + from .. o + to of series s (per row):
# matrix [n, to - from + 1], NA past the end of the series.
pn_values <- function(P, s, o, from, to) {
  n <- length(s)
  w <- to - from + 1L
  pos <- outer(o, from:to, "+")
  pos[pos > P$N[s] + P$pad[s]] <- NA
  matrix(P$V[pos + P$off[s]], n, w)
}

# Reference forecast [n, H] from history buffers B [n, Lb] with per-row lag
# (0: the series centre `center`).
pn_base <- function(B, lag, H, center) {
  n <- nrow(B); Lb <- ncol(B)
  out <- matrix(0, n, H)
  for (l in unique(lag)) {
    r <- which(lag == l)
    if (l == 0L) {
      out[r, ] <- center[r]
      next
    }
    for (st in seq_len(H)) out[r, st] <- B[r, Lb + st - l * ceiling(st / l)]
  }
  out
}

# Normalised windows [n, L]: the last L values of B minus the last value (or
# the centre, for lag 0), divided by the scale.
pn_window <- function(B, L, lag, center, scale) {
  Lb <- ncol(B)
  W <- B[, (Lb - L + 1L):Lb, drop = FALSE]
  ref <- ifelse(lag == 0L, center, W[, L])
  (W - ref) / scale
}

# Linear one-step prediction (units of the scale) for windows W [n, L] with
# per-row coefficients: C [n, 1 + L] (intercept first).
pn_linear <- function(W, C) C[, 1] + rowSums(W * C[, -1, drop = FALSE])

# Forecast levels [n, Hs] from buffers B [n, Lb] of series s: the iterated
# linear path (coefficient matrix `coef` [nseries, 1 + L], or NULL: the
# reference forecast) plus the average output of the networks times the scale.
pn_core <- function(P, B, s, coef, nets) {
  n <- nrow(B); L <- P$L; Hs <- P$Hs
  lag <- P$lag[s]; cen <- P$center[s]; sc <- P$scale[s]
  if (is.null(coef)) {
    lvl <- pn_base(B, lag, Hs, cen)
  } else {
    C <- coef[s, , drop = FALSE]
    lvl <- matrix(0, n, Hs)
    Bi <- B
    for (st in seq_len(Hs)) {
      nxt <- pn_base(Bi, lag, 1L, cen)[, 1] + sc * pn_linear(pn_window(Bi, L, lag, cen, sc), C)
      lvl[, st] <- nxt
      if (st < Hs) Bi <- cbind(Bi[, -1, drop = FALSE], nxt)
    }
    # a share 1 - w of the ensemble learned from the reference forecast
    # instead of the linear path (fc_fit_global()): the level it adds to
    w <- P$w %||% 1
    if (w < 1) lvl <- w * lvl + (1 - w) * pn_base(B, lag, Hs, cen)
  }
  if (length(nets)) {
    x <- array(pn_window(B, L, lag, cen, sc), c(n, L, 1L))
    acc <- 0
    for (net in nets) acc <- acc + stats::predict(net, x)
    lvl <- lvl + sc * matrix(acc / length(nets), n, Hs)
  }
  lvl
}

# Forecast paths [n, h] from origins o of series s, iterating in blocks of Hs.
pn_paths <- function(P, s, o, h, coef, nets) {
  n <- length(s); Lb <- P$Lb; Hs <- P$Hs
  B <- pn_values(P, s, o, 1L - Lb, 0L)
  out <- matrix(NA_real_, n, h)
  done <- 0L
  while (done < h) {
    pr <- pn_core(P, B, s, coef, nets)
    take <- min(Hs, h - done)
    out[, done + seq_len(take)] <- pr[, seq_len(take)]
    B <- if (take >= Lb) pr[, (take - Lb + 1L):take, drop = FALSE] else
      cbind(B[, (take + 1L):Lb, drop = FALSE], pr[, seq_len(take), drop = FALSE])
    done <- done + take
  }
  out
}

# Rows (series, padded origin) of every series' origins from its first real
# origin t0 up to N - last (last = Hs for training windows, 1 for one-step
# samples); `s` and `o` in series order, then time order.
pn_rows <- function(P, last) {
  cnt <- pmax(0L, P$N - last - P$t0 + 1L)
  s <- rep(seq_along(P$N), cnt)
  first <- P$t0 + P$pad
  o <- first[s] + sequence(cnt) - 1L
  list(s = s, o = as.integer(o))
}

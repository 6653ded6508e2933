# Forecasting layer, windows: cutting a series (and its covariates) into the
# samples the model learns from and forecasts with. Every sample is indexed by
# its origin, the row of the last observation before the values it forecasts.

# Rows origin + from .. origin + to of every column of M for each origin:
# array [n, to - from + 1, ncol(M)], NA where a row lies past the end of M.
# History buffers are fc_windows(Y, origins, 1 - Lb, 0), targets
# fc_windows(Y, origins, 1, H), covariate windows (past `L` rows, then `Hx`
# known future rows) fc_windows(Xs, origins, 1 - L, Hx).
fc_windows <- function(M, origins, from, to) {
  n <- length(origins)
  width <- to - from + 1L
  idx <- outer(origins + from - 1L, seq_len(width), "+")
  idx[idx > nrow(M)] <- NA
  W <- array(NA_real_, c(n, width, ncol(M)))
  for (j in seq_len(ncol(M))) W[, , j] <- matrix(M[idx, j], n, width)
  W
}

# Model inputs (fc_features) for history buffers B [n, Lb, k] ending at
# `origins`, with the covariate windows reaching `Hx` steps past each origin.
fc_inputs <- function(fit, B, Xs, origins, Hx) {
  m <- fit$model
  L <- fit$lookback
  Xw <- if (is.null(Xs)) NULL else fc_windows(Xs, origins, 1L - L, Hx)
  fc_features(B, L, m$scale, Xw, m$lag, m$center, nf = m$nf %||% 0L)
}

# The samples at `origins`: history buffers `B` [n, Lb, k], the next `H`
# values `A` [n, H, k], the model `inputs` (covariates reaching `Hx` steps
# ahead) and the `target`: the change of those values from the reference
# forecast, in units of the series scale, as a matrix [n, H * k].
fc_samples <- function(fit, Y, Xs, origins, H, Hx) {
  m <- fit$model
  B <- fc_windows(Y, origins, 1L - m$Lb, 0L)
  A <- fc_windows(Y, origins, 1L, H)
  change <- sweep(A - fc_base(B, m$lag, H, m$center), 3, m$scale, "/")
  list(B = B, A = A, inputs = fc_inputs(fit, B, Xs, origins, Hx),
       target = matrix(change, length(origins), H * m$k))
}

# Reference forecast for steps 1..H from history buffers.
# B: array [n, Lb, k] (last Lb values, Lb >= max lag); lag: per-series lag
# (1 = naive, m = seasonal naive, 0 = none: the series mean `center`).
# Returns array [n, H, k].
fc_base <- function(B, lag, H, center) {
  n <- dim(B)[1]; Lb <- dim(B)[2]; k <- dim(B)[3]
  out <- array(0, c(n, H, k))
  for (j in seq_len(k)) {
    l <- lag[j]
    if (l == 0) {
      out[, , j] <- center[j]
      next
    }
    for (s in seq_len(H)) {
      back <- s - l * ceiling(s / l)       # in (-l, 0]
      out[, s, j] <- B[, Lb + back, j]
    }
  }
  out
}

# Model inputs from history buffers and covariates.
#   B: [n, Lb, k] history (transformed scale); L lookback (<= Lb);
#   scale, center: per series; lag: per-series reference lag (0 = the window
#   is standardised by the series mean instead of its last value);
#   Xw: NULL or [n, L + Hx, q] standardised covariates (past window, then Hx
#   known future steps, flagged by an extra input that is 1 there); its last
#   `nf` columns are calendar (Fourier) terms, which the linear path takes at
#   the last observation and the future steps only (their earlier values are
#   rotations of these, so they would only add columns).
# Returns list(seq = array [n, T, p] for the networks, lin = matrix for the
#   linear path).
fc_features <- function(B, L, scale, Xw = NULL, lag = rep(1L, dim(B)[3]), center = NULL,
                        nf = 0L) {
  n <- dim(B)[1]; Lb <- dim(B)[2]; k <- dim(B)[3]
  W <- B[, (Lb - L + 1):Lb, , drop = FALSE]
  for (j in seq_len(k)) {
    ref <- if (lag[j] == 0) center[j] else W[, L, j]
    W[, , j] <- (W[, , j] - ref) / scale[j]
  }
  lin <- matrix(W, n, L * k)
  if (is.null(Xw)) {
    return(list(seq = W, lin = lin))
  }
  Tx <- dim(Xw)[2]; q <- dim(Xw)[3]
  Hx <- Tx - L
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

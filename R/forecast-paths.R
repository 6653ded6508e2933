# Forecasting layer, the fitted model's forecasts from any origin: the linear
# path (or the reference forecast) plus the average network output, iterated
# in blocks of the trained horizon. `fit` is an rnn_fit (or the part of one
# rnn_fit() has built so far): its `model` (scaling, reference lags, linear
# path), `lookback` and `nets`.

# Model forecast levels [n, Hs, k] (transformed scale) for buffers B ending at
# `origins`: the linear path (or the reference forecast without it) plus the
# average network output times the scale.
fc_core <- function(fit, B, Xs, origins) {
  m <- fit$model
  n <- dim(B)[1]
  lvl <- if (!is.null(m$lin)) fc_linpath(fit, B, Xs, origins) else
    fc_base(B, m$lag, m$Hs, m$center)
  if (length(fit$nets)) {
    f <- fc_inputs(fit, B, Xs, origins, m$Hx)
    acc <- 0
    for (net in fit$nets) acc <- acc + stats::predict(net, f$seq)
    acc <- array(acc / length(fit$nets), c(n, m$Hs, m$k))
    lvl <- lvl + sweep(acc, 3, m$scale, "*")
  }
  lvl
}

# One-step fitted values [N, k] on the original scale (NA for the first Lb
# observations, which have no full history), columns named `names`.
fc_fitted_values <- function(fit, Y, Xs, transform, names) {
  N <- nrow(Y); k <- ncol(Y); Lb <- fit$model$Lb
  fit1 <- fc_paths(fit, Y, Xs, seq.int(Lb, N - 1L), 1L)[, 1, , drop = FALSE]
  fitted_t <- matrix(NA_real_, N, k)
  fitted_t[(Lb + 1):N, ] <- matrix(fit1, N - Lb, k)
  fitted_v <- if (transform == "log") exp(fitted_t) else fitted_t
  colnames(fitted_v) <- names
  fitted_v
}

# Forecast paths [n, h, k] (transformed scale) from each origin (row of Y that
# is the last observation), iterating in blocks of Hs steps. Xs: standardised
# covariates with at least max(origins) rows; rows past its end repeat the last.
fc_paths <- function(fit, Y, Xs, origins, h) {
  m <- fit$model
  n <- length(origins); k <- m$k; Lb <- m$Lb; Hs <- m$Hs
  B <- fc_windows(Y, origins, 1L - Lb, 0L)
  out <- array(NA_real_, c(n, h, k))
  if (!is.null(Xs)) {
    need <- max(origins) + h + Hs
    if (nrow(Xs) < need) {
      Xs <- rbind(Xs, Xs[rep(nrow(Xs), need - nrow(Xs)), , drop = FALSE])
    }
  }
  done <- 0L
  while (done < h) {
    pr <- fc_core(fit, B, Xs, origins + done)
    take <- min(Hs, h - done)
    out[, done + seq_len(take), ] <- pr[, seq_len(take), , drop = FALSE]
    if (take >= Lb) {
      B <- pr[, (take - Lb + 1):take, , drop = FALSE]
    } else {
      B2 <- array(0, dim(B))
      B2[, seq_len(Lb - take), ] <- B[, (take + 1):Lb, , drop = FALSE]
      B2[, (Lb - take + 1):Lb, ] <- pr[, seq_len(take), , drop = FALSE]
      B <- B2
    }
    done <- done + take
  }
  out
}

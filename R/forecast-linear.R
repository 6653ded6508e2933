# Forecasting layer, linear path: a one-step ridge autoregression on the
# normalised window (the "highway" of LSTNet), iterated over the horizon.

# Fits the linear path on the training part of the one-step samples, with the
# penalty that gives the smallest error of the iterated path on the validation
# windows `va` of the samples S (fc_samples() at `origins`); 1 without
# validation windows. Returns the coefficients (`train`), the penalty
# (`lambda`) and the one-step samples (`origins`, inputs `Z`, targets `T`) the
# calibration refits on and the final path is fitted to.
fc_fit_linear <- function(fit, Y, Xs, S, origins, va) {
  o1 <- seq.int(fit$model$Lb, nrow(Y) - 1L)
  one <- fc_samples(fit, Y, Xs, o1, 1L, 1L)
  Z <- one$inputs$lin
  T1 <- one$target
  tr1 <- if (length(va)) which(o1 < origins[va[1]]) else seq_along(o1)
  # the centred cross-products once for every penalty (fc_ridge() computes the same)
  Ztr <- Z[tr1, , drop = FALSE]
  Ttr <- T1[tr1, , drop = FALSE]
  zm <- colMeans(Ztr)
  tm <- colMeans(Ttr)
  Zc <- sweep(Ztr, 2, zm)
  G0 <- crossprod(Zc)
  ZT <- crossprod(Zc, sweep(Ttr, 2, tm))
  ridge_tr <- function(lam) {
    G <- G0
    diag(G) <- diag(G) + lam * nrow(Ztr)
    beta <- solve(G, ZT)
    rbind(tm - drop(zm %*% beta), beta)
  }
  lambda <- 1
  err <- NA_real_
  if (length(va)) {
    grid <- 10^seq(-3, 2, by = 0.5)
    Bva <- S$B[va, , , drop = FALSE]
    errs <- vapply(grid, function(lam) {
      f1 <- fit
      f1$model$lin <- ridge_tr(lam)
      P <- fc_linpath(f1, Bva, Xs, origins[va])
      mean(sweep(P - S$A[va, , , drop = FALSE], 3, fit$model$scale, "/")^2)
    }, numeric(1))
    lambda <- grid[which.min(errs)]
    err <- min(errs)
  }
  list(train = ridge_tr(lambda), lambda = lambda, origins = o1, Z = Z, T = T1, err = err)
}

# Ridge regression with an unpenalised intercept; returns [1 + d, o].
fc_ridge <- function(Z, Tm, lambda) {
  n <- nrow(Z)
  zm <- colMeans(Z)
  tm <- colMeans(Tm)
  Zc <- sweep(Z, 2, zm)
  Tc <- sweep(Tm, 2, tm)
  G <- crossprod(Zc)
  diag(G) <- diag(G) + lambda * n
  beta <- solve(G, crossprod(Zc, Tc))
  rbind(tm - drop(zm %*% beta), beta)
}

fc_ridge_predict <- function(beta, Z) {
  sweep(Z %*% beta[-1, , drop = FALSE], 2, beta[1, ], "+")
}

# Iterated one-step linear path: levels [n, Hs, k] (transformed scale) after
# each origin, from buffers B [n, Lb, k]; Xs the standardised covariates
# (enough rows), origins the rows of the last observations.
fc_linpath <- function(fit, B, Xs, origins) {
  m <- fit$model
  n <- dim(B)[1]; Lb <- dim(B)[2]; k <- m$k
  out <- array(0, c(n, m$Hs, k))
  for (s in seq_len(m$Hs)) {
    f <- fc_inputs(fit, B, Xs, origins + s - 1L, 1L)$lin
    d <- fc_ridge_predict(m$lin, f)
    nxt <- matrix(fc_base(B, m$lag, 1L, m$center), n, k) +
      sweep(d, 2, m$scale, "*")
    out[, s, ] <- nxt
    if (s < m$Hs) {
      B2 <- B
      if (Lb > 1) B2[, seq_len(Lb - 1L), ] <- B[, 2:Lb, , drop = FALSE]
      B2[, Lb, ] <- nxt
      B <- B2
    }
  }
  out
}

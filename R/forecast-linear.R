# Forecasting layer, stage 2 of the model: the linear path, a one-step ridge
# autoregression of each unit's normalised window (and covariates), iterated
# over the horizon (the "highway" of LSTNet). A unit's path is its own ridge
# regression or the one pooled over all units, whichever forecasts its
# held-out windows better; a panel of one unit has only its own (the pooled
# regression is the same one).
#
# Coefficients are an array C [ns, 1 + d, k]: per unit, intercept first, one
# column per channel (each channel's next value on all channels' windows).

# Ridge regression with an unpenalised intercept: Z [n, d], Tm [n, k];
# returns [1 + d, k].
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

# Linear one-step prediction [n, k] (units of the scale) of inputs Z [n, d]
# of rows of units s with coefficients C [ns, 1 + d, k].
pn_linear <- function(Z, C, s) {
  n <- nrow(Z); k <- dim(C)[3]
  out <- matrix(0, n, k)
  for (j in seq_len(k)) {
    Cj <- matrix(C[s, , j], n)
    out[, j] <- Cj[, 1] + rowSums(Z * Cj[, -1, drop = FALSE])
  }
  out
}

# Ridge fits of every unit's one-step samples (rows `keep` of S$Z, S$T1) for
# penalties `lambda` (one per unit; NA: no fit): coefficients [ns, 1 + d, k],
# NA for units with fewer than 2 samples or no penalty.
fc_ridge_units <- function(S, keep, lambda, ns) {
  s <- S$R1$s
  k <- ncol(S$T1)
  C <- array(NA_real_, c(ns, ncol(S$Z) + 1L, k))
  rows <- split(which(keep), factor(s[keep], levels = seq_len(ns)))
  for (j in seq_len(ns)) {
    r <- rows[[j]]
    if (length(r) < 2L || !is.finite(lambda[j])) next
    C[j, , ] <- fc_ridge(S$Z[r, , drop = FALSE], S$T1[r, , drop = FALSE], lambda[j])
  }
  C
}

# The pooled coefficients [1 + d, k] as an array for every unit.
fc_ridge_spread <- function(pooled, ns) {
  aperm(array(pooled, c(dim(pooled), ns)), c(3, 1, 2))
}

# The linear path of each unit, chosen on its held-out windows: the pooled
# ridge regression (penalty with the smallest error over all held-out
# windows) or, for a unit with at least 3 one-step samples per coefficient
# and a path stable when iterated (fc_ar_stable()), its own (penalty chosen
# on its own held-out windows) where that forecasts them better; a unit with
# no held-out windows but enough samples takes its own with penalty 1. With
# one unit the pooled regression is its own. `prior`: a pooled path to use
# instead of fitting one (new series under a trained model). Returns the
# coefficients for training (`train` [ns, 1 + d, k]), the choice per unit
# (`own`, `lambda`), the pooled path (`pooled` [1 + d, k], `pooled_lambda`)
# and the pooled path's mean squared error on the held-out windows (`err`).
fc_fit_linear <- function(P, S, prior = NULL) {
  ns <- length(P$N)
  # the paths compete as linear forecasts (hybrid weight 1), whatever the
  # weight of the panel at hand: the networks learn what the whole path
  # leaves (fc_net_targets()), and a choice that followed the caller's
  # weight would differ between the default's comparison of candidates
  # (weight 1) and the transfer fit that then forecasts (the model's weight)
  P$w <- 1
  grid <- 10^seq(-3, 2, by = 0.5)
  va <- which(S$va)
  sv <- S$R$s[va]
  score <- function(C) {
    pr <- pn_core(P, S$B[va, , , drop = FALSE], sv, S$R$o[va], C, NULL)
    d <- (pr - S$A[va, , , drop = FALSE]) / as.vector(P$scale[sv, rep(seq_len(ncol(P$V)), each = P$Hs), drop = FALSE])
    e <- rowMeans(matrix(d^2, length(va)))
    out <- rep(NA_real_, ns)
    out[sort(unique(sv))] <- tapply(e, sv, mean)
    out
  }
  err <- NA_real_
  if (is.null(prior)) {
    plam <- 1
    if (length(va)) {
      perr <- vapply(grid, function(lam)
        sum(score(fc_ridge_spread(fc_ridge_pooled(S, S$tr1, lam), ns)) * S$nval, na.rm = TRUE), 1)
      plam <- grid[which.min(perr)]
      err <- min(perr) / sum(S$nval)
    }
    pooled <- fc_ridge_pooled(S, S$tr1, plam)
  } else {
    plam <- prior$pooled_lambda
    pooled <- prior$pooled
  }
  Cp <- fc_ridge_spread(pooled, ns)
  # one unit fitted on its own: the pooled regression is its own
  if (ns == 1L && is.null(prior))
    return(list(train = Cp, own = TRUE, lambda = plam, pooled = pooled, pooled_lambda = plam,
                err = err))
  best <- if (length(va)) score(Cp) else rep(NA_real_, ns)
  lambda <- rep(NA_real_, ns)             # NA: pooled
  Ctr <- Cp
  enough <- tabulate(S$R1$s[S$tr1], ns) >= 3L * (ncol(S$Z) + 1L)
  if (length(va) && any(enough)) {
    for (lam in grid) {
      C <- fc_ridge_units(S, S$tr1, ifelse(enough, lam, NA_real_), ns)
      miss <- is.na(C[, 1, 1])
      C[miss, , ] <- Cp[miss, , ]
      e <- score(C)
      better <- enough & !is.na(e) & !is.na(best) & e < best
      better[better] <- fc_ar_stable(C[better, , , drop = FALSE], P, which(better))
      best[better] <- e[better]
      lambda[better] <- lam
      Ctr[better, , ] <- C[better, , ]
    }
  }
  nova <- S$nval == 0L & enough
  if (any(nova)) {
    C <- fc_ridge_units(S, S$tr1, ifelse(nova, 1, NA_real_), ns)
    nova[nova] <- fc_ar_stable(C[nova, , , drop = FALSE], P, which(nova))
    lambda[nova] <- 1
    Ctr[nova, , ] <- C[nova, , ]
  }
  list(train = Ctr, own = !is.na(lambda), lambda = lambda, pooled = pooled,
       pooled_lambda = plam, err = err)
}

# Pooled ridge on the one-step samples `keep` of all units: [1 + d, k].
fc_ridge_pooled <- function(S, keep, lambda) {
  fc_ridge(S$Z[keep, , drop = FALSE], S$T1[keep, , drop = FALSE], lambda)
}

# Final coefficients on all one-step samples: each unit's own penalty, or the
# pooled path refitted on all samples (`prior`: the given pooled path).
# Returns the coefficients [ns, 1 + d, k], the pooled path and `own`.
fc_linear_final <- function(P, S, lin, prior = NULL) {
  ns <- length(P$N)
  all1 <- rep(TRUE, nrow(S$T1))
  pooled <- if (is.null(prior)) fc_ridge_pooled(S, all1, lin$pooled_lambda) else prior$pooled
  if (ns == 1L && is.null(prior))
    return(list(coef = fc_ridge_spread(pooled, 1L), pooled = pooled, own = TRUE))
  C <- fc_ridge_units(S, all1, ifelse(lin$own, lin$lambda, NA_real_), ns)
  own <- lin$own
  own[own] <- fc_ar_stable(C[own, , , drop = FALSE], P, which(own))
  if (any(!own)) C[!own, , ] <- fc_ridge_spread(pooled, sum(!own))
  list(coef = C, pooled = pooled, own = own)
}

# Whether iterating the linear paths C [n, 1 + d, k] of units `j` keeps
# their forecasts from exploding: the largest root of the autoregression in
# levels that each path amounts to (with its reference forecast) is at most
# 1.02 in modulus (unit roots, as in a random walk or seasonal naive, are
# fine). Only one-channel paths without covariates are checked (a unit with
# covariates or channels is always its own path: a panel of one).
fc_ar_stable <- function(C, P, j, tol = 1.02) {
  L <- P$L; Lb <- P$Lb
  if (ncol(P$V) > 1L || P$q > 0L) return(rep(TRUE, length(j)))
  vapply(seq_along(j), function(i) {
    a <- numeric(Lb)                 # a[k]: coefficient of y[t + 1 - k] in y[t + 1]
    beta <- C[i, -1, 1]
    a[L:1] <- a[L:1] + beta          # window value i is y[t - L + i]: lag L - i + 1
    l <- P$lag[j[i], 1]
    if (l > 0L) {
      a[1] <- a[1] - sum(beta)       # the window is taken relative to its last value
      a[l] <- a[l] + 1               # the reference forecast y[t + 1 - l]
    }
    if (!all(is.finite(a))) return(FALSE)
    if (Lb == 1L) return(abs(a[1]) <= tol)
    comp <- rbind(a, cbind(diag(Lb - 1L), 0))
    max(Mod(eigen(comp, only.values = TRUE)$values)) <= tol
  }, NA)
}

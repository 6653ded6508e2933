# Forecasting layer: rnn_fit() turns a series into a trained forecaster.
#
# Model (all on the transformed scale, per series j with scale s_j):
#   yhat[t + i] = base_i(t) + s_j * (linear_i(window_t) + mean_r net_r(window_t)_i)
# where base is the naive (last value) or seasonal naive forecast, the window is
# the last `lookback` values minus the last value, divided by s_j, linear is a
# ridge regression of the scaled change on the window (the "highway" path of
# LSTNet) and the nets (an ensemble of `repeats`) learn what the linear path
# leaves.

#' Fit a recurrent network forecaster to a time series
#'
#' `rnn_fit()` cuts a series into training windows, learns a scaling and a
#' reference (naive or seasonal naive) forecast, fits a linear autoregressive
#' path and trains an ensemble of recurrent networks on what that path leaves,
#' and keeps everything needed to forecast: use [predict.rnn_fit()] or
#' [forecast.rnn_fit()] on the result.
#'
#' @section Model:
#' Each training sample is a window of the last `lookback` observations ending
#' at an origin \eqn{t}, and the target is the next `horizon` values.
#' Windows are normalised: the last value of the window is subtracted and the
#' result divided by a per-series scale \eqn{s} (the mean absolute one-step or
#' seasonal difference, the scale of MASE), so the networks see the same kind of
#' input whatever the level of the series. The target is the change from a
#' reference forecast (`base`): the last value (`"naive"`) or the value one
#' season earlier (`"seasonal"`); `"auto"` takes whichever of the two has the
#' smaller in-sample error. The forecast is
#' \deqn{\hat y_{t+i} = b_{t+i} + s\,(\ell_i(w_t) + \bar g_i(w_t)),}
#' where \eqn{b} is the reference, \eqn{\ell} a ridge regression on the window
#' (the linear autoregressive path, `linear = TRUE`; its penalty is chosen on
#' the validation windows) and \eqn{\bar g} the average of `repeats` recurrent
#' networks trained on the residuals of the linear path (as `forecast::nnetar`
#' averages its networks). With `strategy = "direct"` (the default) the networks
#' output all `horizon` steps at once; with `"recursive"` they output one step
#' and are iterated. Forecasts beyond the trained horizon are made by feeding
#' forecasts back as observations, in blocks of `horizon` steps.
#'
#' The last `validation` fraction of the windows (in time order) is held out:
#' the networks stop early on it and the ridge penalty is chosen on it. The
#' linear path is then refitted on all windows. The prediction intervals are
#' calibrated on cross-fitted forecast errors from every origin of the series,
#' not on these held-out windows (see [predict.rnn_fit()]).
#'
#' `xreg` holds covariates observed with the series; they enter the window and,
#' with the direct strategy, their values over the next `horizon` steps are
#' appended to the window as known future inputs, so [predict.rnn_fit()] needs
#' `newxreg` for the forecast period.
#'
#' @param y The series: a numeric vector, a `ts`, a numeric matrix or `mts`
#'   (several series forecast jointly, one per column) or a data frame of
#'   numeric columns (a `Date`/`POSIXct` column is dropped).
#' @param xreg Optional covariates: a numeric vector, matrix or data frame with
#'   one row per observation of `y`.
#' @param lookback Length of the input window. Default: two seasonal periods for
#'   a seasonal series (frequency 2 to 24), 12 otherwise, shortened so that at
#'   least about three windows fit in the series.
#' @param horizon Number of steps the network forecasts at once. Default from
#'   the frequency: 10 (yearly or none), 8 (quarterly), 18 (monthly), 13
#'   (weekly), 14 (daily), 48 (hourly), 20 (business days, 260 or 252).
#' @param cell Recurrent cell: `"lstm"`, `"gru"` or `"rnn"`.
#' @param hidden Hidden units per layer.
#' @param layers Number of stacked recurrent layers.
#' @param ... Training and network options passed on to [rnn_train()] and
#'   [rnn_net()]: `epochs` (default 100), `lr` (0.005), `batch_size` (32),
#'   `optimizer`, `loss`, `patience` (10), `clip`, `weight_decay`,
#'   `dropout`, `bidirectional`, `merge`, `activation`.
#' @param repeats Number of networks trained from different random starts and
#'   averaged. `0` fits the linear path alone (no network).
#' @param strategy `"direct"` (one network output per horizon step) or
#'   `"recursive"` (one-step network iterated).
#' @param linear Fit the linear autoregressive path beside the networks?
#' @param base Reference forecast the model learns the change from: `"auto"`,
#'   `"seasonal"`, `"naive"`, or `"none"` (learn the level itself from windows
#'   standardised by the series mean and scale).
#' @param transform `"none"`, `"log"` (all values must be positive) or `"auto"`
#'   (log when the series is positive and its seasonal swings grow with its
#'   level).
#' @param validation Fraction of the windows, taken from the end, held out for
#'   early stopping and choosing the ridge penalty (and, with `linear = FALSE`,
#'   calibrating the intervals).
#' @param na_action What to do with missing values in `y` or `xreg`:
#'   `"error"` (the default, the message says where they are) or
#'   `"interpolate"` (linear interpolation, ends carried flat).
#' @param verbose Print training progress?
#' @return An object of class `rnn_fit`: a list with the series (`x`), the
#'   one-step `fitted` values and `residuals`, the trained networks (`nets`),
#'   the linear path, the scaling and the settings.
#' @seealso [predict.rnn_fit()], [forecast.rnn_fit()], [plot.rnn_fit()]
#' @examples
#' set.seed(1)
#' fit <- rnn_fit(AirPassengers, hidden = 8, repeats = 1, epochs = 5)
#' fit
#' fc <- predict(fit, h = 12)
#' fc
#' plot(fc)
#'
#' # Several series jointly, with the linear path alone (fast)
#' fit2 <- rnn_fit(EuStockMarkets[1:300, ], repeats = 0, horizon = 5)
#' predict(fit2)
#'
#' # Weather: temperature with wind and solar radiation as covariates
#' aq <- datasets::airquality
#' fit3 <- rnn_fit(aq$Temp[1:140], xreg = aq[1:140, c("Wind", "Solar.R")],
#'                 horizon = 7, repeats = 1, hidden = 8, epochs = 5,
#'                 na_action = "interpolate")
#' predict(fit3, newxreg = aq[141:147, c("Wind", "Solar.R")])
#' @export
rnn_fit <- function(y, xreg = NULL, lookback = NULL, horizon = NULL, cell = "lstm",
                    hidden = 32, layers = 1, ..., repeats = 5,
                    strategy = c("direct", "recursive"), linear = TRUE,
                    base = c("auto", "seasonal", "naive", "none"),
                    transform = c("auto", "none", "log"), validation = 0.2,
                    na_action = c("error", "interpolate"),
                    verbose = interactive()) {
  call <- match.call()
  user_call <- sys.call()
  series_name <- paste(deparse(substitute(y), width.cutoff = 60L), collapse = " ")
  if (nchar(series_name) > 40) series_name <- paste0(substr(series_name, 1, 37), "...")
  strategy <- check_choice(strategy, c("direct", "recursive"), "strategy")
  base <- check_choice(base, c("auto", "seasonal", "naive", "none"), "base")
  transform <- check_choice(transform, c("auto", "none", "log"), "transform")
  na_action <- check_choice(na_action, c("error", "interpolate"), "na_action")
  cell <- check_choice(cell, c("lstm", "gru", "rnn"), "cell")
  hidden <- check_int(hidden, "hidden")
  layers <- check_int(layers, "layers")
  repeats <- check_int(repeats, "repeats", min = 0)
  linear <- check_flag(linear, "linear")
  verbose <- check_flag(verbose, "verbose")
  validation <- check_num(validation, "validation", min = 0, max = 1, max_open = TRUE)
  if (!linear && repeats == 0) {
    fc_abort("`repeats` must be at least 1 when `linear = FALSE`, not 0 (there would be no model)")
  }
  opts <- fc_split_dots(list(...))

  ser <- fc_as_series(y, "y")
  Yraw <- fc_handle_na(ser$Y, ser$tsp, na_action, "y")
  N <- nrow(Yraw)
  k <- ncol(Yraw)
  freq <- ser$tsp[3]
  X <- fc_as_xreg(xreg, N, "xreg", na_action = na_action)

  horizon <- if (is.null(horizon)) fc_default_horizon(freq) else fc_check_count(horizon, "horizon")
  m <- fc_period(freq, N)
  lookback <- if (is.null(lookback)) fc_default_lookback(m, N, horizon) else
    fc_check_count(lookback, "lookback")

  # transform
  if (transform == "auto") transform <- fc_auto_transform(Yraw, m)
  if (transform == "log") {
    if (any(Yraw <= 0)) {
      fc_abort(sprintf("`transform = \"log\"` needs a positive series, but `y` has %d value%s <= 0 (smallest %s)",
                       sum(Yraw <= 0), if (sum(Yraw <= 0) > 1) "s" else "", format(min(Yraw))))
    }
    Y <- log(Yraw)
  } else {
    Y <- Yraw
  }

  Hs <- if (strategy == "direct") horizon else 1L
  # reference forecast per series
  lag <- fc_choose_base(Y, base, m, Hs, lookback)
  Lb <- as.integer(max(lookback, lag))
  n <- N - Lb - Hs + 1L
  need <- Lb + Hs + 3L
  if (n < 4L) {
    fc_abort(sprintf(paste0("`y` is too short: %d observations, but lookback %d%s and horizon %d ",
                            "need at least %d; use a shorter `lookback` or `horizon`"),
                     N, lookback, if (Lb > lookback) sprintf(" (%d with the seasonal reference)", Lb) else "",
                     Hs, need))
  }
  scale <- fc_scale(Y, pmax(lag, 1L))
  center <- colMeans(Y)

  Xs <- NULL
  xcs <- NULL
  Hx <- 0L
  if (!is.null(X)) {
    xcs <- fc_xreg_center(X)
    Xs <- fc_apply_center(X, xcs)
    Hx <- Hs
  }

  model <- list(L = lookback, Lb = Lb, Hs = Hs, k = k, lag = lag, scale = scale,
                center = center, Hx = Hx, lin = NULL, nets = list())

  origins <- seq.int(Lb, N - Hs)
  B <- fc_buffers(Y, origins, Lb)
  Xw <- if (is.null(Xs)) NULL else fc_xwindows(Xs, origins, lookback, Hx)
  feats <- fc_features(B, lookback, scale, Xw, lag, center)
  A <- fc_targets(Y, origins, Hs)
  base_arr <- fc_base(B, lag, Hs, center)
  Tg <- sweep(A - base_arr, 3, scale, "/")
  Tm <- matrix(Tg, n, Hs * k)

  nval <- if (validation > 0) max(1L, min(n - 3L, round(validation * n))) else 0L
  tr <- seq_len(n - nval)
  va <- if (nval > 0) seq.int(n - nval + 1L, n) else integer(0)

  # linear path: a one-step ridge autoregression on the normalised window,
  # iterated over the horizon; its penalty is chosen by the error of the
  # iterated path on the validation windows
  lin_tr <- NULL
  lambda <- NA_real_
  if (linear) {
    o1 <- seq.int(Lb, N - 1L)
    B1 <- fc_buffers(Y, o1, Lb)
    Xw1 <- if (is.null(Xs)) NULL else fc_xwindows(Xs, o1, lookback, 1L)
    Z1 <- fc_features(B1, lookback, scale, Xw1, lag, center)$lin
    T1 <- sweep(matrix(Y[o1 + 1L, ], length(o1), k) -
                  matrix(fc_base(B1, lag, 1L, center), length(o1), k), 2, scale, "/")
    tr1 <- if (nval > 0) which(o1 < origins[va[1]]) else seq_along(o1)
    grid <- 10^seq(-3, 2, by = 0.5)
    if (nval > 0) {
      Bva <- B[va, , , drop = FALSE]
      errs <- vapply(grid, function(lam) {
        m1 <- model
        m1$lin <- fc_ridge(Z1[tr1, , drop = FALSE], T1[tr1, , drop = FALSE], lam)
        P <- fc_linpath(m1, Bva, Xs, origins[va])
        mean(sweep(P - A[va, , , drop = FALSE], 3, scale, "/")^2)
      }, numeric(1))
      lambda <- grid[which.min(errs)]
    } else {
      lambda <- 1
    }
    lin_tr <- fc_ridge(Z1[tr1, , drop = FALSE], T1[tr1, , drop = FALSE], lambda)
  }
  model$lin <- lin_tr
  R <- Tm
  if (linear) {
    R <- matrix(sweep(A - fc_linpath(model, B, Xs, origins), 3, scale, "/"), n, Hs * k)
  }

  # networks on what the linear path leaves
  p <- dim(feats$seq)[3]
  histories <- list()
  for (r in seq_len(repeats)) {
    net <- fc_in_call(do.call(rnn_net, c(list(input_size = p, hidden_size = hidden,
                                              output_size = Hs * k, cell = cell, layers = layers),
                                         opts$net)), user_call)
    net <- fc_zero_head(net)
    vdata <- if (nval > 0) {
      list(feats$seq[va, , , drop = FALSE], R[va, , drop = FALSE])
    } else 0
    targs <- utils::modifyList(list(epochs = 100, lr = 0.005, batch_size = 32,
                                    patience = 10), opts$train)
    if (verbose) message(sprintf("rnn_fit: training network %d of %d", r, repeats))
    net <- fc_in_call(do.call(rnn_train, c(list(net = net, x = feats$seq[tr, , , drop = FALSE],
                                                y = R[tr, , drop = FALSE], validation = vdata,
                                                verbose = verbose), targs)), user_call)
    histories[[r]] <- net$history
    model$nets[[r]] <- net
  }

  # calibration of the intervals: cross-fitted forecast errors from every
  # origin (held-out errors when there is no linear path to refit), in units
  # of the local scale at each origin
  if (linear) {
    cal_orig <- o1
    E <- fc_crossfit_errors(model, Y, Xs, Z1, T1, o1, lambda, horizon)
  } else {
    cal_orig <- if (nval > 0) origins[va] else origins
    E <- fc_forecast_errors(model, Y, Xs, cal_orig, horizon)
  }
  S <- fc_local_scale(Y, pmax(lag, 1L), max(2L * lookback, 10L))
  for (j in seq_len(k)) E[, , j] <- E[, , j] * scale[j] / S[cal_orig, j]
  cal <- fc_calibrate(E)
  cal$sd_scale <- S[N, ]

  # final linear path on all windows
  if (linear) model$lin <- fc_ridge(Z1, T1, lambda)

  # one-step fitted values and residuals on the original scale
  fit1 <- fc_paths(model, Y, Xs, seq.int(Lb, N - 1L), 1L)[, 1, , drop = FALSE]
  fitted_t <- matrix(NA_real_, N, k)
  fitted_t[(Lb + 1):N, ] <- matrix(fit1, N - Lb, k)
  fitted_v <- if (transform == "log") exp(fitted_t) else fitted_t
  colnames(fitted_v) <- ser$names

  structure(list(
    x = fc_rebuild(Yraw, ser),
    series = list(Y = Y, Yraw = Yraw, tsp = ser$tsp, names = ser$names, kind = ser$kind),
    fitted = fc_rebuild(fitted_v, ser),
    residuals = fc_rebuild(Yraw - fitted_v, ser),
    xreg = X, xreg_center = xcs, xreg_names = if (is.null(X)) NULL else colnames(X),
    model = model, nets = model$nets, calibration = cal,
    lookback = lookback, horizon = horizon, period = m, strategy = strategy,
    base = c("none", "naive", "seasonal")[pmin(lag, 2L) + 1L],
    transform = transform, lambda = lambda, linear = linear, repeats = repeats,
    cell = cell, hidden = hidden, layers = layers, options = opts,
    n_train = length(tr), n_valid = nval, history = histories,
    na_action = na_action, series_name = series_name, call = call
  ), class = "rnn_fit")
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

# Split `...` of rnn_fit() into rnn_net() and rnn_train() arguments.
fc_split_dots <- function(dots) {
  if (length(dots) == 0L) return(list(net = list(), train = list()))
  nm <- names(dots)
  if (is.null(nm) || any(!nzchar(nm))) {
    fc_abort("arguments in `...` must be named (e.g. `epochs = 50`), but ",
             sum(if (is.null(nm)) rep(TRUE, length(dots)) else !nzchar(nm)),
             " of them are not")
  }
  net_args <- c("bidirectional", "merge", "dropout", "activation")
  train_args <- c("loss", "optimizer", "lr", "epochs", "batch_size", "clip",
                  "weight_decay", "momentum", "patience", "shuffle")
  bad <- setdiff(nm, c(net_args, train_args))
  if (length(bad)) {
    fc_abort(sprintf("unknown argument%s %s in `...`; expected training or network options: %s",
                     if (length(bad) > 1) "s" else "", paste0("`", bad, "`", collapse = ", "),
                     paste(c(train_args, net_args), collapse = ", ")))
  }
  list(net = dots[nm %in% net_args], train = dots[nm %in% train_args])
}

# Log when the series is positive and the seasonal (or local) swings grow with
# the level: the correlation between local level and local spread is clearly
# positive.
fc_auto_transform <- function(Y, m) {
  if (any(Y <= 0)) return("none")
  w <- max(m, 4L)
  nb <- floor(nrow(Y) / w)
  if (nb < 4) return("none")
  for (j in seq_len(ncol(Y))) {
    blocks <- matrix(Y[seq_len(nb * w), j], w)
    lev <- colMeans(blocks)
    spr <- apply(blocks, 2, function(b) stats::sd(b - mean(b)))
    if (max(lev) / min(lev) < 1.5) return("none")
    if (!is.finite(stats::cor(lev, spr)) || stats::cor(lev, spr) < 0.5) return("none")
  }
  "log"
}

# Per-series lag of the reference forecast: 1 = naive, m = seasonal naive,
# 0 = none (standardised level).
fc_choose_base <- function(Y, base, m, Hs, L) {
  k <- ncol(Y)
  if (base == "none") return(rep(0L, k))
  if (base == "naive" || m <= 1) return(rep(1L, k))
  if (base == "seasonal") return(rep(as.integer(m), k))
  # auto: in-sample mean absolute error of both references over steps 1..Hs
  N <- nrow(Y)
  if (N - Hs - max(L, m) < 2) return(rep(1L, k))
  origins <- seq.int(max(L, m), N - Hs)
  vapply(seq_len(k), function(j) {
    y <- Y[, j]
    e_naive <- 0; e_seas <- 0
    for (s in seq_len(Hs)) {
      back <- s - m * ceiling(s / m)
      e_naive <- e_naive + sum(abs(y[origins + s] - y[origins]))
      e_seas <- e_seas + sum(abs(y[origins + s] - y[origins + back]))
    }
    if (e_seas < e_naive) as.integer(m) else 1L
  }, integer(1))
}

# History buffers [n, Lb, k] ending at each origin.
fc_buffers <- function(Y, origins, Lb) {
  n <- length(origins); k <- ncol(Y)
  idx <- outer(origins - Lb, seq_len(Lb), "+")
  B <- array(0, c(n, Lb, k))
  for (j in seq_len(k)) B[, , j] <- matrix(Y[idx, j], n, Lb)
  B
}

# Targets [n, H, k]: the next H values after each origin (NA past the end).
fc_targets <- function(Y, origins, H) {
  n <- length(origins); k <- ncol(Y); N <- nrow(Y)
  idx <- outer(origins, seq_len(H), "+")
  idx[idx > N] <- NA
  A <- array(NA_real_, c(n, H, k))
  for (j in seq_len(k)) A[, , j] <- matrix(Y[idx, j], n, H)
  A
}

# Covariate windows [n, L + Hx, q] (rows origin - L + 1 .. origin + Hx); Xs
# must have enough rows.
fc_xwindows <- function(Xs, origins, L, Hx) {
  n <- length(origins); q <- ncol(Xs)
  Tx <- L + Hx
  idx <- outer(origins - L, seq_len(Tx), "+")
  W <- array(0, c(n, Tx, q))
  for (j in seq_len(q)) W[, , j] <- matrix(Xs[idx, j], n, Tx)
  W
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
fc_linpath <- function(model, B, Xs, origins) {
  n <- dim(B)[1]; Lb <- dim(B)[2]; k <- model$k
  out <- array(0, c(n, model$Hs, k))
  for (s in seq_len(model$Hs)) {
    Xw <- if (is.null(Xs)) NULL else fc_xwindows(Xs, origins + s - 1L, model$L, 1L)
    f <- fc_features(B, model$L, model$scale, Xw, model$lag, model$center)$lin
    d <- fc_ridge_predict(model$lin, f)
    nxt <- matrix(fc_base(B, model$lag, 1L, model$center), n, k) +
      sweep(d, 2, model$scale, "*")
    out[, s, ] <- nxt
    if (s < model$Hs) {
      B2 <- B
      if (Lb > 1) B2[, seq_len(Lb - 1L), ] <- B[, 2:Lb, , drop = FALSE]
      B2[, Lb, ] <- nxt
      B <- B2
    }
  }
  out
}

# Model forecast levels [n, Hs, k] (transformed scale) for buffers B ending at
# `origins`: the linear path (or the reference forecast without it) plus the
# average network output times the scale.
fc_core <- function(model, B, Xs, origins) {
  n <- dim(B)[1]
  lvl <- if (!is.null(model$lin)) fc_linpath(model, B, Xs, origins) else
    fc_base(B, model$lag, model$Hs, model$center)
  if (length(model$nets)) {
    Xw <- if (is.null(Xs)) NULL else fc_xwindows(Xs, origins, model$L, model$Hx)
    f <- fc_features(B, model$L, model$scale, Xw, model$lag, model$center)
    acc <- 0
    for (net in model$nets) acc <- acc + stats::predict(net, f$seq)
    acc <- array(acc / length(model$nets), c(n, model$Hs, model$k))
    lvl <- lvl + sweep(acc, 3, model$scale, "*")
  }
  lvl
}

# Forecast paths [n, h, k] (transformed scale) from each origin (row of Y that
# is the last observation), iterating in blocks of Hs steps. Xs: standardised
# covariates with at least max(origins) rows; rows past its end repeat the last.
fc_paths <- function(model, Y, Xs, origins, h) {
  n <- length(origins); k <- model$k; Lb <- model$Lb; Hs <- model$Hs
  B <- fc_buffers(Y, origins, Lb)
  out <- array(NA_real_, c(n, h, k))
  if (!is.null(Xs)) {
    need <- max(origins) + h + Hs
    if (nrow(Xs) < need) {
      Xs <- rbind(Xs, Xs[rep(nrow(Xs), need - nrow(Xs)), , drop = FALSE])
    }
  }
  done <- 0L
  while (done < h) {
    pr <- fc_core(model, B, Xs, origins + done)
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

# Local scale [N, k]: mean absolute difference at `lag` over the last W
# differences up to each row (fewer at the start; the global scale where there
# are none), so that the intervals follow changes in volatility.
fc_local_scale <- function(Y, lag, W) {
  N <- nrow(Y)
  S <- matrix(NA_real_, N, ncol(Y))
  for (j in seq_len(ncol(Y))) {
    l <- lag[j]
    d <- c(rep(0, l), abs(diff(Y[, j], lag = l)))
    cs <- cumsum(d)
    t <- seq_len(N)
    lo <- pmax(l, t - W)
    cnt <- t - lo
    S[, j] <- ifelse(cnt > 0, (cs - c(0, cs)[lo + 1L]) / pmax(cnt, 1), NA)
    g <- fc_scale(Y[, j, drop = FALSE], l)
    S[is.na(S[, j]) | S[, j] <= 1e-12 * g, j] <- g
  }
  S
}

# Forecast errors [n, h, k] over `h` steps from `origins`, in units of the
# series scale (NA where the series ends).
fc_forecast_errors <- function(model, Y, Xs, origins, h) {
  P <- fc_paths(model, Y, Xs, origins, h)
  A <- fc_targets(Y, origins, h)
  sweep(A - P, 3, model$scale, "/")
}

# Cross-fitted forecast errors [n, h, k] from every origin of the series: the
# origins are cut into `folds` contiguous blocks; for each block the ridge path
# is refitted (same penalty) without the one-step samples whose target lies in
# the block's forecast span, and the model (that path plus the networks)
# forecasts `h` steps from each origin of the block.
fc_crossfit_errors <- function(model, Y, Xs, Z1, T1, o1, lambda, h, folds = 5L) {
  orig <- o1                         # every origin with at least one target
  folds <- min(folds, length(orig))
  blk <- cut(seq_along(orig), folds, labels = FALSE)
  E <- array(NA_real_, c(length(orig), h, model$k))
  for (f in seq_len(folds)) {
    idx <- which(blk == f)
    a <- orig[idx[1]]; b <- orig[idx[length(idx)]]
    keep <- o1 < a | o1 > b + h - 1L
    if (sum(keep) < 3L) keep <- o1 < a | o1 > b
    if (sum(keep) < 3L) keep <- rep(TRUE, length(o1))
    mf <- model
    mf$lin <- fc_ridge(Z1[keep, , drop = FALSE], T1[keep, , drop = FALSE], lambda)
    E[idx, , ] <- fc_forecast_errors(mf, Y, Xs, orig[idx], h)
  }
  E
}

# Interval calibration from standardised forecast errors E [n, h, k] (units of
# the local scale at each origin): per series j and step i the root mean square
# error is smoothed as sd_i = exp(a + b log i), and the absolute errors divided
# by it are kept to take quantiles from, with the effective number of
# independent forecast windows (overlapping origins: about n / ((h + 1) / 2)).
fc_calibrate <- function(E) {
  k <- dim(E)[3]; h <- dim(E)[2]; n <- dim(E)[1]
  a <- b <- numeric(k)
  z <- vector("list", k)
  for (j in seq_len(k)) {
    Ej <- matrix(E[, , j], n, h)
    cnt <- colSums(!is.na(Ej))
    msd <- sqrt(colMeans(Ej^2, na.rm = TRUE))
    ok <- cnt > 0 & is.finite(msd) & msd > 0
    steps <- seq_len(h)
    if (sum(ok) >= 2) {
      co <- stats::lm.wfit(cbind(1, log(steps[ok])), log(msd[ok]), w = cnt[ok])$coefficients
      bj <- min(max(co[2], 0), 1)
      # refit the level with the clamped slope
      aj <- sum(cnt[ok] * (log(msd[ok]) - bj * log(steps[ok]))) / sum(cnt[ok])
    } else if (sum(ok) == 1) {
      bj <- 0.5
      aj <- log(msd[ok]) - bj * log(steps[ok])
    } else {
      bj <- 0.5; aj <- 0
    }
    a[j] <- aj; b[j] <- bj
    sdj <- exp(aj + bj * log(steps))
    zj <- abs(sweep(Ej, 2, sdj, "/"))
    z[[j]] <- sort(zj[!is.na(zj)])
  }
  n_eff <- max(1, n / ((h + 1) / 2))
  list(a = a, b = b, z = z, n_origins = n, n_eff = n_eff, h = h)
}

# Multiplier of the per-step sd for a central interval at `level` percent: the
# split-conformal quantile of the standardised absolute errors, widened by the
# ratio of Student's t quantile (df = effective windows - 1) to the normal one
# for the uncertainty of the estimated spread; with fewer than 10 errors, that
# t quantile times their root mean square.
fc_multiplier <- function(z, level, n_eff = length(z)) {
  p <- level / 100
  nz <- length(z)
  rms <- if (nz > 0) sqrt(mean(z^2)) else 1
  vapply(p, function(pp) {
    r <- ceiling((nz + 1) * pp)
    emp <- if (nz >= 10 && r <= nz) z[r] else NA_real_
    tq <- stats::qt((1 + pp) / 2, df = max(2, n_eff - 1))
    if (is.na(emp)) tq * rms else emp * tq / stats::qnorm((1 + pp) / 2)
  }, numeric(1))
}

# Multipliers for series j of a fit's calibration.
fc_cal_multiplier <- function(cal, j, level) {
  fc_multiplier(cal$z[[j]], level, cal$n_eff %||% cal$n_origins)
}

# Put a matrix [N, k] back into the user's form (ts/mts when the input had a
# time axis, otherwise a ts on 1..N too so that forecasts can continue it).
fc_rebuild <- function(M, ser) {
  if (ncol(M) == 1L) M <- M[, 1] else dimnames(M) <- list(NULL, ser$names)
  # keep the exact tsp of the input
  out <- stats::ts(M, start = ser$tsp[1], frequency = ser$tsp[3])
  attr(out, "tsp") <- ser$tsp
  out
}

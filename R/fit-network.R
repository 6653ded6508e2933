# Forecasting layer, what the three network kinds (local, global, transfer)
# share: they forecast with a network model (forecast-network.R) in `model`
# and answer the internal generics of fit-kinds.R alike; only their labels
# and the way they were trained differ.

#' @export
#' @noRd
fc_validate.rnn_network <- function(x, at = "") {
  fc_first_problem(fc_validate_envelope(x, at),
                   validate_fc_network(x$model, x$data, paste0(at, "model")))
}

#' @export
#' @noRd
fc_parts.rnn_network <- function(x, h, level, newxreg = NULL) {
  future <- NULL
  cv <- x$model$covariates
  if (!is.null(cv)) {
    cal <- x$data$calendars[[1]]
    future <- list(newxreg = newxreg,
                   times = if (!is.null(cal)) cal_next(cal$cal, cal$times[length(cal$times)], h))
  }
  fc_network_forecast(x$model, x$data, h, level, future)
}

#' @export
#' @noRd
fc_fitted_list.rnn_network <- function(x) x$model$fitted

#' @export
#' @noRd
fc_refresh.rnn_network <- function(x, data, epochs, lr, call) {
  cv <- x$model$covariates
  if (length(cv$user)) fc_refuse_newdata_xreg(call)
  if (!is.null(cv$fourier) && any(vapply(data$calendars, is.null, NA)))
    rec_abort(paste0("`newdata` must carry its timestamps (or msts periods): the model uses ",
                     "calendar (Fourier) covariates computed from them."),
              class = "recurrent_error_newdata", call = call)
  x$model <- fc_network_refresh(x$model, x$data$names, data, call)
  if (epochs > 0L) {
    lr <- lr %||% ((x$model$settings$options$train$lr %||% 0.005) / 5)
    x$model <- fc_network_tune(x$model, data, epochs, lr, call)
  }
  x$data <- data
  x
}

#' @export
#' @noRd
fc_horizon.rnn_network <- function(x) x$model$horizon

#' @export
#' @noRd
fc_networks.rnn_network <- function(x) x$model$nets

#' @export
#' @noRd
fc_terms.rnn_network <- function(x) {
  m <- x$model
  if (is.null(m$coef)) return(data.frame(series = character(0), term = character(0),
                                         estimate = numeric(0)))
  d <- dim(m$coef)
  terms <- c("intercept", fc_linear_terms(m, length(x$data$columns)))
  rows <- expand.grid(term = seq_len(d[2]), series = seq_len(d[1]), col = seq_len(d[3]))
  data.frame(series = x$data$names[rows$series],
             term = paste0(if (d[3] > 1) paste0(x$data$columns[rows$col], ":"), terms[rows$term]),
             estimate = m$coef[cbind(rows$series, rows$term, rows$col)])
}

# Names of the linear path's inputs: window lags of each column
# ("lag1" is the last value's difference from the reference), covariates.
fc_linear_terms <- function(m, k) {
  L <- m$lookback
  w <- unlist(lapply(seq_len(k), function(c)
    paste0(if (k > 1) paste0("y", c, "_"), "w", seq_len(L) - L)))
  cv <- m$covariates
  if (is.null(cv)) return(w)
  q <- length(cv$names); nf <- cv$nf
  user <- cv$names[seq_len(q - nf)]
  four <- cv$names[q - nf + seq_len(nf)]
  # covariates over the window and the next step; Fourier terms at the last
  # observation and the next step
  c(w, unlist(lapply(user, function(u) paste0(u, "[", seq_len(L + 1L) - L, "]"))),
    unlist(lapply(four, function(u) paste0(u, "[", 0:1, "]"))))
}

# The model of a network fit in a few words: "LSTM(32) x5 + linear AR".
fc_model_parts <- function(m) {
  nets <- m$nets
  net <- if (length(nets)) {
    sp <- nets[[1]]$spec
    sprintf("%s(%d%s)%s", toupper(sp$cell), sp$hidden_size,
            if (sp$layers > 1) sprintf("x%d", sp$layers) else "",
            if (length(nets) > 1) sprintf(" x%d", length(nets)) else "")
  }
  paste(c(net, if (!is.null(m$coef)) "linear AR"), collapse = " + ")
}

# "[lookback 24, direct 18]"
fc_model_sizes <- function(m) sprintf("[lookback %d, %s %d]", m$lookback, m$strategy, m$horizon)

# The reference forecasts of a network model in words.
fc_ref_name <- function(m) {
  lag <- m$lag
  b <- ifelse(lag == 0L, "none", ifelse(lag == 1L, "naive", "seasonal"))
  lab <- c(seasonal = sprintf("seasonal naive (lag %s)", paste(sort(unique(lag[lag > 1L])), collapse = ", ")),
           naive = "naive (last value)", none = "none (series mean)")
  paste(lab[unique(c(b))], collapse = " / ")
}

# The network line of print(): the architecture and what the networks
# contribute. A network whose early stopping kept its untrained start (epoch
# 0, a zero output layer) adds nothing to the forecast.
fc_net_line <- function(m) {
  nets <- m$nets
  lin <- !is.null(m$coef)
  if (!length(nets)) return("no network (linear path only)")
  sp <- nets[[1]]$spec
  arch <- sprintf("%s, %d hidden unit%s%s%s", toupper(sp$cell), sp$hidden_size,
                  if (sp$hidden_size > 1) "s" else "",
                  if (sp$layers > 1) sprintf(" x %d layers", sp$layers) else "",
                  if (lin) " + linear AR path" else "")
  n <- length(nets)
  idle <- sum(fc_training_table(nets)$best_epoch == 0, na.rm = TRUE)
  ref <- if (lin) "the linear path" else "the reference forecast"
  what <- if (idle == 0) {
    sprintf("%d network%s averaged", n, if (n > 1) "s" else "")
  } else if (idle == n) {
    sprintf("%d network%s trained, none improved on %s (no contribution)",
            n, if (n > 1) "s" else "", ref)
  } else {
    sprintf("%d networks trained; %d kept %s untrained start (no contribution)",
            n, idle, if (idle > 1) "their" else "its")
  }
  paste0(arch, "; ", what)
}

# One row per network: epochs run, the epoch whose weights rnn_train() kept
# (0: its untrained start won on the validation windows) and the training
# and validation loss of that epoch.
fc_training_table <- function(nets) {
  if (!length(nets)) return(NULL)
  do.call(rbind, lapply(seq_along(nets), function(r) {
    hst <- nets[[r]]$history
    tr <- nets[[r]]$training
    best <- tr$best_epoch
    if (!is.numeric(best) || length(best) != 1L) best <- NA_integer_
    row <- match(best, hst$epoch)
    data.frame(net = r, epochs = nrow(hst), best_epoch = as.integer(best),
               train_loss = hst$loss[row],
               val_loss = if (isTRUE(best == 0)) tr$initial_val_loss %||% NA_real_ else
                 hst$val_loss[row])
  }))
}

# Lines shared by the network kinds' print().
fc_network_lines <- function(x) {
  m <- x$model
  ns <- fc_n_series(x)
  out <- c(
    inputs = sprintf("lookback %d%s; %s forecasts, horizon %d", m$lookback,
                     if (length(m$covariates$user)) sprintf(", covariates %s",
                                                            paste(m$covariates$user, collapse = ", ")) else "",
                     m$strategy, m$horizon),
    learns = sprintf("change from %s%s%s", fc_ref_name(m),
                     if (any(!vapply(m$season, is.null, NA)))
                       if (ns > 1) sprintf(", %d of %d series seasonally adjusted",
                                           sum(!vapply(m$season, is.null, NA)), ns) else
                         ", seasonally adjusted" else "",
                     if (all(m$transform == "log")) ", on the log scale" else
                       if (any(m$transform == "log")) sprintf(", %d series on the log scale",
                                                              sum(m$transform == "log")) else ""))
  if (ns > 1 && !is.null(m$coef))
    out["linear"] <- sprintf("own path for %d series, pooled for %d", sum(m$own), sum(!m$own))
  if (ns > 1)
    out["intervals"] <- sprintf("own calibration for %d series, pooled for %d",
                                sum(m$calibration$own), sum(!m$calibration$own))
  upd <- fc_updated_text(m)
  out["windows"] <- sprintf("%s for training, %s held out (validation)%s",
                            fc_count(m$windows[["train"]], "window"), format(m$windows[["valid"]]),
                            if (!is.null(upd)) paste("; update() trained on", upd) else "")
  out
}

# What the last update() that trained a network model `m` trained on ("81
# windows of the newer data (5 epochs)"), or NULL.
fc_updated_text <- function(m) {
  u <- m$updated
  if (is.null(u)) return(NULL)
  sprintf("%s of the newer data (%s)", fc_count(u[["windows"]], "window"),
          fc_count(u[["epochs"]], "epoch"))
}

# "1 window", "3 windows"
fc_count <- function(n, what) {
  # "series" is its own plural
  sprintf("%s %s%s", format(n, big.mark = ","), what, if (n == 1 || grepl("s$", what)) "" else "s")
}

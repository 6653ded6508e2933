#' Train a network by backpropagation through time
#'
#' Mini-batch training in C: each epoch shuffles the sequences with R's random
#' number generator, and for each batch runs the network forward, the loss,
#' BPTT, global-norm gradient clipping and an optimizer step, with no R code per
#' batch or per time step. After every epoch the loss on the validation data is
#' computed; training stops early when it has not improved for `patience`
#' epochs, and the weights of the best validation epoch are restored. The
#' initial weights count as epoch 0: if no epoch improves on their validation
#' loss, the network is returned with its initial weights.
#'
#' Optimizers follow PyTorch's update rules and defaults: `"adam"` (betas 0.9,
#' 0.999, eps 1e-8, `weight_decay` as an L2 term), `"adamw"` (decoupled weight
#' decay), `"rmsprop"` (alpha 0.99, eps 1e-8) and `"sgd"` (with heavy-ball
#' `momentum`; momentum is used by sgd only).
#'
#' If the loss or the gradient becomes NaN or infinite, training stops with a
#' warning naming the epoch and the network keeps the best weights seen before.
#'
#' @param net An `rnn_net` (from [rnn_net()], possibly already trained: training
#'   continues from its weights with a fresh optimizer state).
#' @param x,y Sequences and targets as for [rnn_gradients()]. When `y` is a
#'   factor (class labels) its levels are kept in the network, and
#'   `predict(net, x, type = "class")` returns that factor.
#' @param loss `"mse"`, `"mae"`, `"huber"` or `"crossentropy"`; see
#'   [rnn_gradients()].
#' @param optimizer `"adam"`, `"adamw"`, `"rmsprop"` or `"sgd"`.
#' @param lr Learning rate, > 0.
#' @param epochs Maximum number of passes over the training data.
#' @param batch_size Sequences per mini-batch.
#' @param clip Maximum global norm of the gradient (0 to disable).
#' @param weight_decay L2 penalty (`"adamw"`: decoupled decay rate), >= 0.
#' @param momentum Momentum of `"sgd"`, in `[0, 1)`.
#' @param validation The fraction of sequences, taken from the end of `x`,
#'   held out to measure the validation loss (0 for none); or a list
#'   `list(x, y)` of separate validation data.
#' @param patience Epochs without improvement of the validation loss (the
#'   training loss when there is no validation data) before stopping; `Inf`
#'   never stops early.
#' @param shuffle Whether to shuffle the training sequences every epoch.
#' @param ... Not used: an unknown argument is an error of class
#'   `recurrent_error_unknown_argument` naming it.
#' @param verbose Print a progress line per epoch. (With progressr installed,
#'   `progressr::with_progress(rnn_train(...))` shows a progress bar over the
#'   epochs instead.)
#' @return The trained `rnn_net`, with `$history`, a data frame with columns
#'   `epoch`, `loss` and `val_loss` (NA without validation data), and
#'   `$training`, a list describing the run.
#' @examples
#' set.seed(1)
#' # learn the next value of a noisy sine from the previous 10
#' s <- sin(seq(0, 60, by = 0.2)) + rnorm(301, sd = 0.05)
#' idx <- 1:280
#' x <- t(sapply(idx, function(i) s[i:(i + 9)]))     # [280, 10]
#' x <- array(x, c(280, 10, 1))
#' y <- s[idx + 10]
#' net <- rnn_net(1, 16, cell = "gru")
#' net <- rnn_train(net, x, y, epochs = 20, lr = 0.01)
#' net
#' tail(net$history)
#' @export
rnn_train <- function(net, x, y, loss = c("mse", "mae", "huber", "crossentropy"),
                      optimizer = c("adam", "adamw", "rmsprop", "sgd"), lr = 1e-3,
                      epochs = 100, batch_size = 32, clip = 1, weight_decay = 0,
                      momentum = 0.9, validation = 0.1, patience = 10,
                      shuffle = TRUE, verbose = interactive(), ...) {
  fc_check_dots(list(...), "rnn_train", sys.call())
  check_net(net)
  # the validated options replace the arguments of the same names
  list2env(check_train_options(loss, optimizer, lr, epochs, batch_size, clip, weight_decay,
                               momentum, patience, shuffle, call = sys.call()),
           environment())
  check_loss_fits(net, loss)
  verbose <- check_flag(verbose, "verbose")

  x <- as_input(x, net)
  levels <- if (is.factor(y)) levels(y) else net$levels
  y <- as_target(y, net, dim(x)[1], dim(x)[2], loss, pad = padding_of(x, net))
  split <- validation_split(validation, net, x, y, loss)
  x <- split$x
  y <- split$y
  has_val <- !is.null(split$val_x)

  optim <- optim_codes(optimizer, lr, weight_decay, momentum, clip)
  params <- net$params
  # The optimizer state and the workspace are this function's own and only C
  # writes them, in place: one workspace (arena) serves every epoch and every
  # validation pass, so steady-state training allocates nothing but the
  # weights each epoch returns. R frees both, also on error or interrupt. Both
  # come from C (rec_alloc) on huge pages where Linux offers them: a workspace
  # of 100 MB then costs a fraction of the page faults.
  state <- .Call(C_rec_alloc, 2 * length(params) + 1, TRUE)             # zeros
  arena <- .Call(C_rec_alloc, max(
    engine_call("workspace_size", net, params, x, batch_size),
    if (has_val) engine_call("workspace_size", net, params, split$val_x, 0L) else 0),
    FALSE)                                              # contents do not matter
  validate <- function(params)
    engine_call("evaluate", net, params, split$val_x, split$val_y, loss_code(loss),
                arena)
  # with validation data the initial weights compete too (epoch 0): a network
  # that training never improves on held-out data is returned unchanged
  val0 <- if (has_val) validate(params)
  best <- list(params = params, score = if (has_val && is.finite(val0)) val0 else Inf,
               epoch = 0L)
  hist_loss <- hist_val <- rep(NA_real_, epochs)
  stop_reason <- "completed all epochs"
  start <- proc.time()[["elapsed"]]
  tick <- rec_progressor(epochs)

  for (epoch in seq_len(epochs)) {
    tick()
    res <- engine_call("train_epoch", net, params, state, optim, x, y, loss_code(loss),
                       batch_size, shuffle, arena, NULL)
    val <- if (has_val) validate(res$params) else NA_real_
    if (res$diverged || !is.finite(res$loss) || (has_val && !is.finite(val))) {
      rec_warn(sprintf(paste0("Training diverged at epoch %d: the loss became NaN or ",
                              "infinite. Keeping the weights of epoch %d. Try a ",
                              "smaller `lr` or a smaller `clip`."),
                       epoch, best$epoch))
      stop_reason <- sprintf("diverged at epoch %d", epoch)
      epoch <- epoch - 1L
      break
    }
    params <- res$params
    hist_loss[epoch] <- res$loss
    hist_val[epoch] <- val
    score <- if (has_val) val else res$loss
    if (score < best$score) best <- list(params = params, score = score, epoch = epoch)
    if (verbose)
      message(sprintf("epoch %*d/%d  loss %.5g%s%s", nchar(epochs), epoch, epochs,
                      res$loss, if (has_val) sprintf("  val_loss %.5g", val) else "",
                      if (best$epoch == epoch) "  *" else ""))
    if (epoch - best$epoch >= patience) {
      stop_reason <- sprintf("stopped early at epoch %d (no improvement for %s epochs)",
                             epoch, format(patience))
      break
    }
  }
  done <- seq_len(epoch)
  history <- data.frame(epoch = done, loss = hist_loss[done], val_loss = hist_val[done])
  net$params <- best$params
  net$levels <- levels
  net$history <- if (is.null(net$history)) history else {
    history$epoch <- history$epoch + max(net$history$epoch)
    rbind(net$history, history)
  }
  net$training <- list(loss = loss, optimizer = optimizer, lr = lr,
                       batch_size = batch_size, clip = clip, epochs = epoch,
                       best_epoch = best$epoch, best_score = best$score,
                       validation = has_val, initial_val_loss = val0 %||% NA_real_,
                       n_train = dim(x)[1],
                       n_val = if (has_val) dim(split$val_x)[1] else 0L,
                       stop_reason = stop_reason,
                       seconds = proc.time()[["elapsed"]] - start)
  if (verbose)
    message(sprintf("%s; best epoch %d, %s %.5g", stop_reason, best$epoch,
                    if (has_val) "val_loss" else "loss", best$score))
  net
}

# The optimizer settings as rec_train_epoch() reads them (optim_config in
# src/recurrent.h): kind, lr, weight_decay, momentum, Adam's betas and eps,
# RMSprop's alpha (PyTorch's defaults), clip.
#' @noRd
optim_codes <- function(optimizer, lr, weight_decay, momentum, clip) {
  c(match(optimizer, c("adam", "adamw", "rmsprop", "sgd")) - 1,
    lr, weight_decay, momentum, 0.9, 0.999, 1e-8, 0.99, clip)
}

# Checks rnn_train()'s options and returns them validated, as a named list.
# rnn_fit() runs it on the training options in its `...` before any work, so a
# bad one is reported at once against the user's rnn_fit() call.
#' @noRd
check_train_options <- function(loss = "mse", optimizer = "adam", lr = 1e-3, epochs = 100,
                                batch_size = 32, clip = 1, weight_decay = 0, momentum = 0.9,
                                patience = 10, shuffle = TRUE, call = sys.call(-1)) {
  list(
    loss = check_choice(loss, c("mse", "mae", "huber", "crossentropy"), "loss", call = call),
    optimizer = check_choice(optimizer, c("adam", "adamw", "rmsprop", "sgd"), "optimizer",
                             call = call),
    lr = check_num(lr, "lr", min = 0, max = 1e3, min_open = TRUE, call = call),
    epochs = check_int(epochs, "epochs", max = 1e7, call = call),
    batch_size = check_int(batch_size, "batch_size", max = 2^31 - 1, call = call),
    clip = check_num(clip, "clip", min = 0, call = call),
    weight_decay = check_num(weight_decay, "weight_decay", min = 0, call = call),
    momentum = check_num(momentum, "momentum", min = 0, max = 1, max_open = TRUE, call = call),
    patience = check_int(patience, "patience", allow_inf = TRUE, call = call),
    shuffle = check_flag(shuffle, "shuffle", call = call)
  )
}

# Splits off validation data: a fraction of the sequences from the end, or a
# separate list(x, y).
#' @noRd
validation_split <- function(validation, net, x, y, loss, call = sys.call(-1)) {
  n <- dim(x)[1]
  if (is.list(validation) && !is.data.frame(validation)) {
    if (length(validation) != 2)
      rec_abort(sprintf("`validation` must be a fraction in [0, 1) or list(x, y), not %s.",
                        describe(validation)), call = call)
    vx <- as_input(validation[[1]], net, "validation[[1]]", call = call)
    if (dim(vx)[2] != dim(x)[2] && net$spec$return_sequences)
      rec_abort("The validation sequences must have as many steps as `x`.", call = call)
    vy <- as_target(validation[[2]], net, dim(vx)[1], dim(vx)[2], loss,
                    "validation[[2]]", call = call, pad = padding_of(vx, net))
    return(list(x = x, y = y, val_x = vx, val_y = vy))
  }
  frac <- check_num(validation, "validation", min = 0, max = 1, max_open = TRUE)
  n_val <- floor(n * frac)
  if (n_val < 1 || n - n_val < 1) return(list(x = x, y = y))
  tr <- seq_len(n - n_val)
  va <- (n - n_val + 1):n
  list(x = x[tr, , , drop = FALSE], y = y[tr, , , drop = FALSE],
       val_x = x[va, , , drop = FALSE], val_y = y[va, , , drop = FALSE])
}

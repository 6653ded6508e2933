# The training loop of the text API: epochs of the C engine (stateful for
# language models), a validation score after each, the learning rate halved
# when the score stops improving, early stopping, the best weights kept, and
# an interrupt (Ctrl-C) that ends training with the best model so far.

# net: an rnn_net. epoch_data(epoch): list(x, y, reset, B) for that epoch
# (reset NULL: independent rows, shuffled). score(net): the validation score,
# lower is better (bits per token, log-loss). o: the settings (epochs, lr,
# weight_decay, clip, patience, verbose, batch_size, n_train, n_val).
# loss_scale turns the engine's loss (nats) into the
# score's unit. Returns list(net = the net with the best score's weights and
# rnn_train()'s record, history = per epoch loss, val, lr, seconds in the
# score's unit, training = best epoch, why it stopped, time).
#' @noRd
txt_train <- function(net, epoch_data, score, o, loss_scale = 1, val_name = "val") {
  P <- length(net$params)
  optimizer <- if (o$weight_decay > 0) "adamw" else "adam"   # decoupled decay
  opt_state <- .Call(C_rec_alloc, 2 * P + 1, TRUE)
  lr <- o$lr
  hist0 <- score(net)
  best <- list(params = net$params, score = hist0, epoch = 0L)
  hist <- data.frame(epoch = integer(), loss = numeric(), val = numeric(), lr = numeric(),
                     seconds = numeric())
  stop_reason <- "completed all epochs"
  start <- proc.time()[["elapsed"]]
  tick <- rec_progressor(o$epochs)
  arena <- NULL
  since <- 0L
  run_epochs <- function() {
    for (epoch in seq_len(o$epochs)) {
      d <- epoch_data(epoch)
      if (is.null(arena)) {
        arena <<- .Call(C_rec_alloc, engine_call("workspace_size", net, net$params,
                                                 d$x, d$B), FALSE)
      }
      # "cosine": from lr down to a quarter-wave's end over the epoch budget
      # (a fixed budget learns more from its last epochs at a small rate);
      # "plateau": lr, halved after every epoch without improvement
      lr_used <- if (identical(o$schedule, "cosine"))
        o$lr * 0.5 * (1 + cos(pi * (epoch - 1) / o$epochs)) else lr
      optim <- optim_codes(optimizer, lr_used, o$weight_decay, 0.9, o$clip)
      res <- engine_call("train_epoch", net, net$params, opt_state, optim, d$x, d$y,
                         loss_code("crossentropy"), d$B, is.null(d$reset), arena, d$reset)
      if (res$diverged || !is.finite(res$loss)) {
        rec_warn(sprintf("Training diverged at epoch %d: the loss became NaN or infinite. Keeping the weights of epoch %d. Try a smaller `lr`.",
                         epoch, best$epoch))
        stop_reason <<- sprintf("diverged at epoch %d", epoch)
        return(invisible())
      }
      net$params <<- res$params
      val <- score(net)
      hist[nrow(hist) + 1L, ] <<- list(epoch, res$loss * loss_scale, val, lr_used,
                                       proc.time()[["elapsed"]] - start)
      improved <- is.finite(val) && val < best$score - 1e-4
      if (improved) {
        best <<- list(params = net$params, score = val, epoch = epoch)
        since <<- 0L
      } else {
        since <<- since + 1L
        lr <<- lr / 2                      # a plateau: smaller steps (schedule "plateau")
      }
      tick()
      if (o$verbose)
        message(sprintf("epoch %*d/%d  train %.4f  %s %.4f  lr %.2g  %.0f s%s",
                        nchar(o$epochs), epoch, o$epochs, res$loss * loss_scale, val_name,
                        val, lr_used,
                        proc.time()[["elapsed"]] - start, if (improved) "  *" else ""))
      if (since >= o$patience) {
        stop_reason <<- sprintf("stopped early at epoch %d (no improvement for %d epochs)",
                                epoch, since)
        return(invisible())
      }
    }
  }
  tryCatch(run_epochs(), interrupt = function(e) {
    stop_reason <<- sprintf("interrupted after %d epoch%s", nrow(hist),
                            if (nrow(hist) == 1) "" else "s")
    if (o$verbose) message("Interrupted: keeping the best epoch so far.")
  })
  seconds <- proc.time()[["elapsed"]] - start
  net$params <- best$params
  # the network's own record, as rnn_train() leaves it (losses in nats), so it
  # prints and trains on as any rnn_net
  net$history <- data.frame(epoch = hist$epoch, loss = hist$loss / loss_scale,
                            val_loss = hist$val / loss_scale)
  net$training <- list(loss = "crossentropy",
                       optimizer = optimizer,
                       lr = o$lr, batch_size = o$batch_size, clip = o$clip,
                       epochs = nrow(hist), best_epoch = best$epoch,
                       best_score = best$score / loss_scale, validation = TRUE,
                       initial_val_loss = hist0 / loss_scale, n_train = o$n_train,
                       n_val = o$n_val, stop_reason = stop_reason, seconds = seconds)
  list(net = net, history = hist,
       training = list(epochs = nrow(hist), best_epoch = best$epoch,
                       best_score = best$score, initial_score = hist0,
                       stop_reason = stop_reason, seconds = seconds))
}

# Checks the training settings shared by the text API.
#' @noRd
txt_check_settings <- function(epochs, lr, weight_decay, clip, patience, verbose, call) {
  list(epochs = check_int(epochs, "epochs", max = 1e5, call = call),
       lr = check_num(lr, "lr", min = 0, max = 10, min_open = TRUE, call = call),
       weight_decay = check_num(weight_decay, "weight_decay", min = 0, max = 1, call = call),
       clip = check_num(clip, "clip", min = 0, call = call),
       patience = check_int(patience, "patience", call = call),
       verbose = check_flag(verbose, "verbose", call = call))
}

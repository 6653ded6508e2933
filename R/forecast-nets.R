# Forecasting layer, networks: the ensemble trained on what the linear path
# leaves.

# Trains `repeats` networks from different random starts on inputs x [n, T, p]
# and targets [n, o], the rows `tr` for training and `va` for early stopping.
# Each starts with a zero output layer (fc_zero_head). `opts` holds the
# rnn_net() and rnn_train() options from rnn_fit()'s `...`; errors about them
# are reported against `call`, the user's rnn_fit() call.
fc_train_nets <- function(x, target, tr, va, repeats, cell, hidden, layers, opts,
                          verbose, call) {
  nets <- list()
  for (r in seq_len(repeats)) {
    net <- fc_in_call(do.call(rnn_net, c(list(input_size = dim(x)[3], hidden_size = hidden,
                                              output_size = ncol(target), cell = cell,
                                              layers = layers), opts$net)), call)
    net <- fc_zero_head(net)
    vdata <- if (length(va)) list(x[va, , , drop = FALSE], target[va, , drop = FALSE]) else 0
    targs <- utils::modifyList(list(epochs = 100, lr = 0.005, batch_size = 32,
                                    patience = 10), opts$train)
    if (verbose) message(sprintf("rnn_fit: training network %d of %d", r, repeats))
    nets[[r]] <- fc_in_call(do.call(rnn_train, c(list(net = net, x = x[tr, , , drop = FALSE],
                                                      y = target[tr, , drop = FALSE],
                                                      validation = vdata, verbose = verbose),
                                                 targs)), call)
  }
  nets
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

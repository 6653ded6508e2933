#' recurrent: recurrent neural networks in C for sequence learning and forecasting
#'
#' Elman RNN, LSTM and GRU networks (stacked, bidirectional) trained by
#' backpropagation through time in a plain C core on R's own BLAS.
#'
#' The network layer: [rnn_net()] builds a network, [rnn_train()] trains it,
#' [predict.rnn_net()] applies it, [rnn_weights()] / [rnn_set_weights()] read
#' and write its weights in PyTorch's `state_dict` layout, and
#' [rnn_gradients()] returns the loss and its exact gradient.
#'
#' @keywords internal
#' @useDynLib recurrent, .registration = TRUE, .fixes = "C_"
#' @importFrom stats predict runif
"_PACKAGE"

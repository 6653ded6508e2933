#' recurrent: recurrent neural networks in C for sequence learning and forecasting
#'
#' Elman RNN, LSTM and GRU networks (stacked, bidirectional) trained by
#' backpropagation through time in a plain C core. Matrix products run on the
#' package's own blocked GEMM or on R's BLAS, chosen by measurement (see
#' [recurrent-options]).
#'
#' The network layer: [rnn_net()] builds a network, [rnn_train()] trains it,
#' [predict.rnn_net()] applies it, [rnn_weights()] / [rnn_set_weights()] read
#' and write its weights in PyTorch's `state_dict` layout, and
#' [rnn_gradients()] returns the loss and its exact gradient.
#'
#' The forecasting layer: [rnn_fit()] turns a series (with optional
#' covariates) into a forecaster, and [predict.rnn_fit()] / [forecast()] give
#' forecasts with prediction intervals on the series' own time axis.
#'
#' Errors raised by the package's own checks have class `recurrent_error`
#' (with a subclass such as `recurrent_error_missing` where one kind may be
#' worth catching) and name the call the user made; warnings have class
#' `recurrent_warning`.
#'
#' @keywords internal
#' @useDynLib recurrent, .registration = TRUE, .fixes = "C_"
#' @importFrom stats predict rnorm runif
"_PACKAGE"

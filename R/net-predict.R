#' Apply a network to sequences
#'
#' @param object An `rnn_net`.
#' @param x Sequences: an array `[n, T, input_size]`; a matrix `[T, input_size]`
#'   or a vector (one feature) is taken as one sequence.
#' @param ... Unused.
#' @return A matrix `[n, output_size]`, or with `return_sequences = TRUE` an
#'   array `[n, T, output_size]`; after a sigmoid or softmax output activation
#'   the values are probabilities.
#' @examples
#' set.seed(1)
#' net <- rnn_net(1, 4, output_size = 2, output_activation = "softmax")
#' predict(net, sin(1:20))        # one sequence of 20 steps
#' @export
predict.rnn_net <- function(object, x, ...) {
  check_net(object, "object")
  x <- as_input(x, object)
  out <- engine_call(C_rec_predict, object, object$params, x)
  if (object$spec$return_sequences) out
  else matrix(out, dim(out)[1], dim(out)[3])
}

#' Loss and exact gradient of a network on data
#'
#' Runs the network forward on all of `x`, evaluates the loss against `y` and
#' backpropagates through time. Useful to check the engine (finite differences,
#' comparison with PyTorch) and to write custom training loops.
#'
#' Losses, with N the number of output rows (sequences, or sequences times
#' steps with `return_sequences = TRUE`): `"mse"` the mean over all output
#' elements of the squared error (as torch's `MSELoss`); `"mae"` the mean
#' absolute error (`L1Loss`); `"huber"` the mean Huber loss with delta 1
#' (`HuberLoss`); `"crossentropy"`: with a softmax output the mean over rows of
#' \eqn{-\sum_k y_k \log p_k}, computed stably from the logits (torch's
#' `CrossEntropyLoss`); with a linear output the outputs are taken as logits
#' (the same loss); with a sigmoid output the mean binary cross-entropy over
#' all elements (`BCEWithLogitsLoss`). Crossentropy targets are class indices
#' `1..output_size` (a vector, a factor, or `[n, T]` with sequences) or rows of
#' probabilities shaped like the output.
#'
#' @param net An `rnn_net`.
#' @param x Sequences, as for [predict.rnn_net()].
#' @param y Targets: a matrix `[n, output_size]` (a vector when
#'   `output_size = 1`), or `[n, T, output_size]` with `return_sequences`.
#' @param loss `"mse"`, `"mae"`, `"huber"` or `"crossentropy"`.
#' @param training If `TRUE` apply dropout as in training, with masks from
#'   R's random number generator (call `set.seed()` first to repeat them).
#' @return A list with `loss` (a number) and `gradients`, named and shaped as
#'   [rnn_weights()].
#' @examples
#' set.seed(1)
#' net <- rnn_net(2, 3, cell = "lstm")
#' x <- array(rnorm(4 * 5 * 2), c(4, 5, 2))
#' g <- rnn_gradients(net, x, y = rnorm(4))
#' g$loss
#' g$gradients$head.bias
#' @export
rnn_gradients <- function(net, x, y, loss = "mse", training = FALSE) {
  check_net(net)
  loss <- check_choice(loss, c("mse", "mae", "huber", "crossentropy"), "loss")
  check_loss_fits(net, loss)
  training <- check_flag(training, "training")
  x <- as_input(x, net)
  y <- as_target(y, net, dim(x)[1], dim(x)[2], loss)
  res <- engine_call(C_rec_gradients, net, net$params, x, y, loss_code(loss), training)
  g <- net
  g$params <- res$gradients
  list(loss = res$loss, gradients = rnn_weights(g))
}

# Crossentropy over a softmax (or logits) needs at least two classes.
#' @noRd
check_loss_fits <- function(net, loss, call = sys.call(-1)) {
  if (loss == "crossentropy" && net$spec$output_activation != "sigmoid" &&
      net$spec$output_size < 2)
    rec_abort(paste0("loss = \"crossentropy\" with a ", net$spec$output_activation,
                     " output needs output_size >= 2 (one output per class), not 1; ",
                     "use output_activation = \"sigmoid\" for a binary target."),
              call = call)
  invisible(TRUE)
}

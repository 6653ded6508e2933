#' Apply a network to sequences
#'
#' @param object An `rnn_net`.
#' @param x Sequences: an array `[n, T, input_size]`; a matrix `[T, input_size]`
#'   or a vector (one feature) is taken as one sequence.
#'   For a network with `vocab_size`, token ids: an integer matrix `[n, T]`
#'   (a vector is one sequence), `0` as right padding.
#' @param type `"response"`: the network's output. For classifiers (a softmax
#'   or sigmoid output): `"prob"` the class probabilities, with the class
#'   levels as names of the last dimension; `"class"` the predicted class: a
#'   factor with the levels of the factor `y` the network was trained on by
#'   [rnn_train()], else class ids `1..output_size` (softmax) or `0`/`1` (a
#'   sigmoid output, per output).
#' @param ... Unused.
#' @return `"response"` and `"prob"`: a matrix `[n, output_size]`, or with
#'   `return_sequences = TRUE` an array `[n, T, output_size]`; after a sigmoid
#'   or softmax output activation the values are probabilities. With token
#'   input and `return_sequences = TRUE`, padded steps are `NA`. `"class"`: a
#'   vector (factor) of `n` classes, or a matrix `[n, T]` with sequences
#'   (a factor with a `dim` is not possible: then the level names, as a
#'   character matrix); with several sigmoid outputs one column per output.
#' @examples
#' set.seed(1)
#' net <- rnn_net(1, 4, output_size = 2, output_activation = "softmax")
#' predict(net, sin(1:20))        # one sequence of 20 steps
#' predict(net, sin(1:20), type = "class")
#' @export
predict.rnn_net <- function(object, x, type = c("response", "class", "prob"), ...) {
  check_net(object, "object")
  type <- check_choice(type, c("response", "class", "prob"), "type")
  s <- object$spec
  if (type != "response" && !s$output_activation %in% c("softmax", "sigmoid"))
    rec_abort(sprintf("type = \"%s\" needs a classifier (output_activation \"softmax\" or \"sigmoid\"), but this network's output is %s.",
                      type, s$output_activation))
  x <- as_input(x, object)
  out <- engine_call("predict", object, object$params, x)
  if (s$return_sequences) {
    pad <- padding_of(x, object)
    if (!is.null(pad)) out[rep(as.vector(pad), dim(out)[3])] <- NA
  } else {
    out <- matrix(out, dim(out)[1], dim(out)[3])
  }
  switch(type, response = out, prob = label_probs(out, object$levels),
         class = classes_of(out, s, object$levels))
}

# Probabilities with the class levels naming the last dimension.
#' @noRd
label_probs <- function(p, levels) {
  if (is.null(levels) || length(levels) != dim(p)[length(dim(p))]) return(p)
  dn <- vector("list", length(dim(p)))
  dn[[length(dn)]] <- levels
  dimnames(p) <- dn
  p
}

# The predicted class of every row (and step) of the output p.
#' @noRd
classes_of <- function(p, s, levels) {
  d <- dim(p)
  k <- d[length(d)]
  rows <- matrix(p, ncol = k)                      # rows (i[, t]), i fastest
  shape <- d[-length(d)]
  if (s$output_activation == "sigmoid") {
    cls <- ifelse(rows > 0.5, 1L, 0L)              # NA stays NA (padding)
    if (k == 1 && !is.null(levels)) return(factor_or_matrix(levels[cls + 1L], levels, shape))
    return(if (k == 1 && length(shape) == 1) as.vector(cls) else array(cls, c(shape, k)))
  }
  cls <- max.col(rows, ties.method = "first")
  cls[is.na(rows[, 1])] <- NA_integer_
  if (!is.null(levels)) return(factor_or_matrix(levels[cls], levels, shape))
  if (length(shape) == 1) cls else matrix(cls, shape[1], shape[2])
}

#' @noRd
factor_or_matrix <- function(labels, levels, shape) {
  if (length(shape) == 1) factor(labels, levels) else matrix(labels, shape[1], shape[2])
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
#' @param state `NULL` (each sequence starts from the zero state), or the
#'   `state` of [rnn_step_state()] on as many sequences (a unidirectional
#'   network): the sequences start from it and it is held constant, as
#'   truncated backpropagation through time treats the state carried in from
#'   the previous chunk (no gradient flows into it).
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
rnn_gradients <- function(net, x, y, loss = "mse", training = FALSE, state = NULL) {
  call <- sys.call()
  check_net(net)
  loss <- check_choice(loss, c("mse", "mae", "huber", "crossentropy"), "loss")
  check_loss_fits(net, loss)
  training <- check_flag(training, "training")
  x <- as_input(x, net)
  y <- as_target(y, net, dim(x)[1], dim(x)[2], loss, pad = padding_of(x, net))
  check_state(net, state, dim(x)[1], call)
  res <- engine_call("gradients", net, net$params, x, y, loss_code(loss), training,
                     state)
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

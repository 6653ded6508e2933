# print(), summary() and plot() for rnn_net.

#' @noRd
describe_arch <- function(spec) {
  cell <- switch(spec$cell, lstm = "LSTM", gru = "GRU",
                 rnn = sprintf("Elman RNN (%s)", spec$activation))
  paste0(cell, ", ", spec$layers, if (spec$layers == 1) " layer" else " layers",
         " of ", spec$hidden_size, " units",
         if (spec$bidirectional) sprintf(", bidirectional (%s)", spec$merge) else "",
         if (spec$dropout > 0) sprintf(", dropout %g", spec$dropout) else "",
         if (net_precision(spec) == "single") ", single precision" else "")
}

#' Print, summarise and plot a network
#'
#' `print()` shows the architecture, the number of parameters and the state of
#' training; `summary()` adds a table of the weight tensors and the training
#' settings; `plot()` draws the training and validation loss per epoch.
#'
#' @param x,object An `rnn_net`.
#' @param log Passed to [graphics::plot()]; the losses are drawn on a log scale
#'   by default.
#' @param ... Unused (`print`, `summary`) or passed to [graphics::plot()].
#' @return `print()` and `plot()` return their input invisibly; `summary()`
#'   returns an object of class `summary.rnn_net`.
#' @examples
#' set.seed(1)
#' net <- rnn_net(1, 8, cell = "rnn", bidirectional = TRUE, merge = "sum")
#' x <- array(rnorm(64 * 12), c(64, 12, 1))
#' y <- apply(x, 1, sum)
#' net <- rnn_train(net, x, y, epochs = 15, lr = 0.01, verbose = FALSE)
#' print(net)
#' summary(net)
#' plot(net)
#' @name rnn_net-methods
NULL

#' @rdname rnn_net-methods
#' @export
print.rnn_net <- function(x, ...) {
  check_net(x, "x")
  s <- x$spec
  cat("<rnn_net> ", describe_arch(s), "\n", sep = "")
  cat(sprintf("  input %d -> output %d (%s), %s\n", s$input_size, s$output_size,
              s$output_activation,
              if (s$return_sequences) "at every step" else "from the final state"))
  cat(sprintf("  %s parameters; %s\n", format(length(x$params), big.mark = ","),
              training_line(x)))
  invisible(x)
}

#' @noRd
training_line <- function(net) {
  tr <- net$training
  if (is.null(tr)) return("untrained")
  h <- net$history
  if (tr$best_epoch == 0)
    return(sprintf("trained %d epochs with %s on %s; none improved on the initial weights (val_loss %.4g), which are kept",
                   nrow(h), tr$optimizer, tr$loss, tr$best_score))
  best <- h[h$epoch == max(h$epoch) - tr$epochs + tr$best_epoch, ]
  sprintf("trained %d epochs with %s on %s (best epoch %d: loss %.4g%s)",
          nrow(h), tr$optimizer, tr$loss, tr$best_epoch, best$loss,
          if (tr$validation) sprintf(", val_loss %.4g", best$val_loss) else "")
}

#' @rdname rnn_net-methods
#' @export
summary.rnn_net <- function(object, ...) {
  check_net(object, "object")
  w <- rnn_weights(object)
  tensors <- data.frame(
    tensor = names(w),
    shape = vapply(w, function(v) if (is.matrix(v)) sprintf("%d x %d", nrow(v), ncol(v))
                   else as.character(length(v)), ""),
    parameters = vapply(w, length, 0L),
    row.names = NULL, stringsAsFactors = FALSE)
  structure(list(spec = object$spec, tensors = tensors,
                 n_params = length(object$params), training = object$training,
                 history = object$history, line = training_line(object)),
            class = "summary.rnn_net")
}

#' @export
print.summary.rnn_net <- function(x, ...) {
  ok <- is.list(x) && spec_intact(x$spec) && training_intact(x$training) &&
    is.data.frame(x$tensors) && is.numeric(x$n_params) && length(x$n_params) == 1L
  if (!ok)
    rec_abort("`x` is not a valid summary.rnn_net (its fields have been altered); make one with summary().",
              class = "recurrent_error_invalid_object", call = sys.call())
  s <- x$spec
  cat("Recurrent network: ", describe_arch(s), "\n", sep = "")
  cat(sprintf("Input: %d feature%s per step. Output: %d, %s activation, %s.\n",
              s$input_size, if (s$input_size == 1) "" else "s", s$output_size,
              s$output_activation,
              if (s$return_sequences) "at every step" else "from the final state"))
  cat("\nWeights (PyTorch state_dict names):\n")
  print(x$tensors, row.names = FALSE)
  cat(sprintf("Total: %s parameters\n", format(x$n_params, big.mark = ",")))
  tr <- x$training
  cat("\nTraining: ")
  if (is.null(tr)) {
    cat("none yet\n")
  } else {
    cat(sprintf("%s loss, %s (lr %g, batch %d, clip %g)\n", tr$loss, tr$optimizer,
                tr$lr, tr$batch_size, tr$clip))
    cat(sprintf("  %d training and %d validation sequences; %s in %.1f s\n",
                tr$n_train, tr$n_val, tr$stop_reason, tr$seconds))
    cat(sprintf("  best epoch %d: %s = %.5g (its weights are kept)\n", tr$best_epoch,
                if (tr$validation) "val_loss" else "loss", tr$best_score))
  }
  invisible(x)
}

#' @rdname rnn_net-methods
#' @export
plot.rnn_net <- function(x, log = "y", ...) {
  check_net(x, "x")
  check_log_axes(log)
  h <- x$history
  if (is.null(h) || nrow(h) == 0)
    rec_abort("This network has not been trained yet: there is no loss history to plot.")
  vals <- c(h$loss, h$val_loss)
  vals <- vals[is.finite(vals) & (log != "y" | vals > 0)]
  graphics::plot(h$epoch, h$loss, type = "l", col = "steelblue", lwd = 2,
                 ylim = range(vals), log = log, xlab = "epoch",
                 ylab = paste(x$training$loss, "loss"), main = "Training history", ...)
  if (any(!is.na(h$val_loss))) {
    graphics::lines(h$epoch, h$val_loss, col = "darkorange", lwd = 2)
    graphics::legend("topright", c("training", "validation"),
                     col = c("steelblue", "darkorange"), lwd = 2, bty = "n")
  }
  best <- x$training$best_epoch + max(h$epoch) - x$training$epochs
  graphics::abline(v = best, lty = 3, col = "grey40")
  invisible(x)
}

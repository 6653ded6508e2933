# print, summary and plot of the text API's models (rnn_text_lm(),
# rnn_text_classifier()).

#' Methods for text models
#'
#' `print` gives the model in a few lines: the data, the network, the training
#' and its held-out result; `summary` adds the epochs; `plot` draws the
#' training and validation curves (bits per token of a language model,
#' log-loss of a classifier, with the validation accuracy) and marks the best
#' epoch.
#'
#' @param x,object An [rnn_text_lm()] or [rnn_text_classifier()].
#' @param ... Passed to [graphics::plot()] (`plot`); not used otherwise.
#' @return `print` and `plot` return `x` invisibly; `summary` an object that
#'   prints.
#' @name rnn_text-methods
#' @examples
#' set.seed(1)
#' lm <- rnn_text_lm(strrep("to be or not to be. ", 40), hidden = 16, unroll = 20,
#'                   batch_size = 4, epochs = 4)
#' print(lm)
#' summary(lm)
#' plot(lm)
NULL

#' @rdname rnn_text-methods
#' @export
print.rnn_text_lm <- function(x, ...) {
  txt_check_model(x, "rnn_text_lm", sys.call())
  tr <- x$training
  cat(sprintf("<rnn_text_lm> %s-level language model: %s\n",
              x$level, describe_arch(x$net$spec)))
  cat(sprintf("  vocabulary %d tokens; trained on %s tokens, %s held out (the end of the text)\n",
              length(x$vocab$tokens), format(x$data$train_tokens, big.mark = ","),
              format(x$data$val_tokens, big.mark = ",")))
  cat(sprintf("  stateful truncated BPTT: %d parts side by side, unroll %d; %s\n",
              tr$batch_size, tr$unroll, txt_training_line(tr, nrow(x$history))))
  cat(sprintf("  held-out bits per %s: %.3f (best epoch %d; %.3f before training)\n",
              if (x$level == "char") "character" else "token", tr$best_score,
              tr$best_epoch, tr$initial_score))
  invisible(x)
}

#' @rdname rnn_text-methods
#' @export
print.rnn_text_classifier <- function(x, ...) {
  txt_check_model(x, "rnn_text_classifier", sys.call())
  tr <- x$training
  cat(sprintf("<rnn_text_classifier> %d classes (%s): %s\n", length(x$levels),
              paste(utils::head(x$levels, 6), collapse = ", "), describe_arch(x$net$spec)))
  cat(sprintf("  %s-level vocabulary of %d tokens, %d tokens per text at most; %s\n",
              x$level, length(x$vocab$tokens), x$max_len,
              if (x$pool == "mean") "predicts the mean of every step's class probabilities"
              else "predicts from the final states"))
  cat(sprintf("  trained on %d texts, %d held out\n", x$data$n_train, x$data$n_val))
  cat(sprintf("  %s\n", txt_training_line(tr, nrow(x$history))))
  cat(sprintf("  held-out accuracy %.3f, log-loss %.3f (best epoch %d; majority class %.3f)\n",
              tr$best_accuracy, tr$best_score, tr$best_epoch,
              max(x$data$class_counts) / sum(x$data$class_counts)))
  invisible(x)
}

# "8 epochs in 63 s, stopped early at epoch 8 (...)"
#' @noRd
txt_training_line <- function(tr, epochs) {
  sprintf("%d epoch%s in %s, %s", epochs, if (epochs == 1) "" else "s",
          fc_seconds(tr$seconds), tr$stop_reason)
}

#' @noRd
fc_seconds <- function(s) {
  if (s < 90) sprintf("%.1f s", s) else sprintf("%.1f min", s / 60)
}

#' @rdname rnn_text-methods
#' @export
summary.rnn_text_lm <- function(object, ...) {
  txt_check_model(object, "rnn_text_lm", sys.call(), "object")
  structure(list(model = object), class = "summary.rnn_text")
}

#' @rdname rnn_text-methods
#' @export
summary.rnn_text_classifier <- function(object, ...) {
  txt_check_model(object, "rnn_text_classifier", sys.call(), "object")
  structure(list(model = object), class = "summary.rnn_text")
}

#' @export
print.summary.rnn_text <- function(x, ...) {
  if (!inherits(x, "summary.rnn_text") || !is.list(x) ||
      !(inherits(x$model, "rnn_text_lm") || inherits(x$model, "rnn_text_classifier")))
    rec_abort(sprintf("`x` must be the summary() of a text model, not %s.", describe(x)),
              class = "recurrent_error_model", call = sys.call())
  txt_check_model(x$model, class(x$model)[1], sys.call(), "x$model")
  print(x$model)
  h <- x$model$history
  if (nrow(h)) {
    cat("\nEpochs:\n")
    show <- data.frame(epoch = h$epoch, train = round(h$loss, 4), validation = round(h$val, 4))
    if (!is.null(h$val_accuracy)) show$val_accuracy <- round(h$val_accuracy, 3)
    show$lr <- signif(h$lr, 3)
    show$seconds <- round(h$seconds, 1)
    best <- x$model$training$best_epoch
    show$best <- ifelse(show$epoch == best, "*", "")
    print(show, row.names = FALSE)
    cat(sprintf("(train and validation: %s)\n",
                if (inherits(x$model, "rnn_text_lm")) "bits per token" else "log-loss"))
  }
  invisible(x)
}

#' @rdname rnn_text-methods
#' @export
plot.rnn_text_lm <- function(x, ...) {
  txt_check_model(x, "rnn_text_lm", sys.call())
  txt_plot_curves(x, "bits per token", ...)
}

#' @rdname rnn_text-methods
#' @export
plot.rnn_text_classifier <- function(x, ...) {
  txt_check_model(x, "rnn_text_classifier", sys.call())
  txt_plot_curves(x, "log-loss", ...)
}

#' @noRd
txt_plot_curves <- function(x, unit, ...) {
  h <- x$history
  if (!nrow(h)) {
    graphics::plot.new()
    graphics::title(main = "no epoch trained")
    return(invisible(x))
  }
  args <- list(...)
  ylim <- args$ylim %||% range(c(h$loss, h$val), finite = TRUE)
  args$ylim <- NULL
  do.call(graphics::plot, c(list(h$epoch, h$loss, type = "b", pch = 16, col = "grey40",
                                 xlab = "epoch", ylab = unit, ylim = ylim,
                                 main = args$main %||% "Training curves"),
                            args[setdiff(names(args), "main")]))
  graphics::lines(h$epoch, h$val, type = "b", pch = 17, col = "firebrick")
  best <- x$training$best_epoch
  if (best > 0) graphics::abline(v = best, lty = 3, col = "firebrick")
  graphics::legend("topright", c("training", "validation", "best epoch"),
                   col = c("grey40", "firebrick", "firebrick"), pch = c(16, 17, NA),
                   lty = c(1, 1, 3), bty = "n", cex = 0.85)
  invisible(x)
}

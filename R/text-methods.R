# print, summary and plot of the text API's models (rnn_text_lm(),
# rnn_text_classifier()).

#' Methods for text models
#'
#' `print` gives the model in a few lines: the data, the network, the training
#' and its held-out result; `summary` adds the epochs; `plot` draws the
#' training and held-out curves (bits per token of a language model,
#' log-loss of a classifier; one pair per network of an ensemble) and marks
#' the best epoch.
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
  m <- tr$members
  cat(sprintf("<rnn_text_classifier> %d classes (%s): %s\n", length(x$levels),
              paste(utils::head(x$levels, 6), collapse = ", "),
              describe_arch(x$members[[1]]$net$spec)))
  cat(sprintf("  %s tokens, at most %d per text; %s\n", x$level, x$max_len,
              if (x$pool == "mean") "each network predicts the mean of its steps' class probabilities"
              else "each network predicts from its final states"))
  cat(sprintf("  an ensemble of %d network%s (the mean of their probabilities), each trained on %d of the %d texts and validated on the other %d\n",
              nrow(m), if (nrow(m) == 1) "" else "s", x$data$n_texts - x$data$n_val,
              x$data$n_texts, x$data$n_val))
  cat(sprintf("  %d epochs in all, %s\n", sum(m$epochs), txt_seconds(tr$seconds)))
  cat(sprintf("  held-out accuracy per network %s (log-loss %s); majority class %.3f\n",
              paste(sprintf("%.3f", m$val_accuracy), collapse = ", "),
              paste(sprintf("%.3f", m$val_logloss), collapse = ", "),
              max(x$data$class_counts) / sum(x$data$class_counts)))
  invisible(x)
}

# "8 epochs in 63 s, stopped early at epoch 8 (...)"
#' @noRd
txt_training_line <- function(tr, epochs) {
  sprintf("%d epoch%s in %s, %s", epochs, if (epochs == 1) "" else "s",
          txt_seconds(tr$seconds), tr$stop_reason)
}

#' @noRd
txt_seconds <- function(s) {
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
    if (!is.null(h$member)) show <- cbind(network = h$member, show)
    if (!is.null(h$val_accuracy)) show$val_accuracy <- round(h$val_accuracy, 3)
    show$lr <- signif(h$lr, 3)
    show$seconds <- round(h$seconds, 1)
    best <- if (is.null(h$member)) x$model$training$best_epoch
            else x$model$training$members$best_epoch[h$member]
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
  # one pair of curves per network (an ensemble), the best epoch of each marked
  member <- h$member %||% rep(1L, nrow(h))
  best <- x$training$members$best_epoch %||% x$training$best_epoch
  do.call(graphics::plot, c(list(range(h$epoch), ylim, type = "n", xlab = "epoch",
                                 ylab = unit, main = args$main %||% "Training curves"),
                            args[setdiff(names(args), "main")]))
  for (m in unique(member)) {
    k <- member == m
    graphics::lines(h$epoch[k], h$loss[k], type = "b", pch = 16, col = "grey40")
    graphics::lines(h$epoch[k], h$val[k], type = "b", pch = 17, col = "firebrick")
    if (best[m] > 0)
      graphics::points(best[m], h$val[k][h$epoch[k] == best[m]], pch = 1, cex = 2.2,
                       col = "firebrick")
  }
  graphics::legend("topright", c("training", "held out", "best epoch"),
                   col = c("grey40", "firebrick", "firebrick"), pch = c(16, 17, 1),
                   lty = c(1, 1, NA), bty = "n", cex = 0.85)
  invisible(x)
}

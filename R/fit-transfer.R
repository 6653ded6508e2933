# Forecasting layer, kind "transfer": a pretrained network model (one of
# rnn_pretrained()'s) applied to the fit's series, as shipped (zero-shot:
# each series gets its own scaling, reference, linear path and calibration,
# nothing is trained) or with its networks fine-tuned on them. `source` says
# which: the model's frequency, the pretrained file's format and script
# version, whether it was fine-tuned, and the fine-tuning's validation
# losses (start, best, best_epoch per network).

new_rnn_transfer <- function(data, model, source, call, skipped = character(0),
                             selection = NULL) {
  x <- c(fc_envelope(data, call, skipped, selection), list(model = model, source = source))
  structure(x, class = c("rnn_transfer", "rnn_network", "rnn_fit"))
}

#' @export
#' @noRd
fc_validate.rnn_transfer <- function(x, at = "") {
  s <- x$source
  fc_first_problem(
    NextMethod(),
    if (!is.list(s) || !is.numeric(s$frequency) || length(s$frequency) != 1L ||
        !(isTRUE(s$fine_tuned) || isFALSE(s$fine_tuned)))
      sprintf("`%ssource` must say which pretrained model it is and whether it was fine-tuned", at),
    if (isTRUE(s$fine_tuned) && !(is.list(s$finetune) && length(s$finetune$best) == length(x$model$nets)))
      sprintf("`%ssource$finetune` must hold the fine-tuning of every network", at))
}

#' @export
#' @noRd
fc_lines.rnn_transfer <- function(x) {
  s <- x$source
  these <- if (fc_n_series(x) > 1) "these series" else "this series"
  upd <- fc_updated_text(x$model)
  if (!is.null(upd)) upd <- paste("update() trained it on", upd)
  c(model = sprintf("pretrained %s%s", fc_model_parts(x$model),
                    if (s$fine_tuned) sprintf(", fine-tuned on %s%s", these,
                                              if (!is.null(upd)) paste0("; ", upd) else "") else
                      if (!is.null(upd)) sprintf(" as shipped, then %s", upd) else
                        sprintf(" as shipped (no training on %s)", these)),
    fc_network_lines(x)[c("inputs", "learns", if (fc_n_series(x) > 1) c("linear", "intervals"))])
}

#' @export
#' @noRd
fc_method.rnn_transfer <- function(x) {
  sprintf("%s RNN %s %s", if (x$source$fine_tuned) "Fine-tuned pretrained" else "Pretrained",
          fc_model_parts(x$model), fc_model_sizes(x$model))
}

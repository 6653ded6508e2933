# Forecasting layer, kind "global": one network model (forecast-network.R)
# trained on the windows of many series pooled, each series with its own
# transform, seasonal adjustment, reference, scale, linear path and interval
# calibration (the global recipe, fc_prepare_global()). rnn_fit() on many
# series of a frequency without a pretrained model gives one; so does
# tools/pretrain.R, whose models are kept without their series
# (rnn_pretrained()).

new_rnn_global <- function(data, model, call, skipped = character(0), selection = NULL) {
  x <- c(fc_envelope(data, call, skipped, selection), list(model = model))
  structure(x, class = c("rnn_global", "rnn_network", "rnn_fit"))
}

#' @export
#' @noRd
fc_validate.rnn_global <- function(x, at = "") {
  fc_first_problem(NextMethod(),
                   if (!identical(x$model$settings$recipe, "global"))
                     sprintf("`%smodel$settings$recipe` must be \"global\"", at),
                   if (length(x$data$columns) != 1L)
                     sprintf("`%sdata$columns` must be one column per series", at))
}

#' @export
#' @noRd
fc_lines.rnn_global <- function(x) {
  c(model = paste0("global ", fc_net_line(x$model)), fc_network_lines(x))
}

#' @export
#' @noRd
fc_method.rnn_global <- function(x) {
  sprintf("Global RNN %s %s", fc_model_parts(x$model), fc_model_sizes(x$model))
}

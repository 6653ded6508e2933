# Forecasting layer, kind "local": a network model (forecast-network.R)
# trained on its own series, by the local recipe (fc_prepare_local(): one
# series of one or more columns, covariates and calendar Fourier terms, sizes
# shrunk for a short series). rnn_fit(y, pretrained = "none") gives one, and
# the default gives one where it wins the choice (forecast-choice.R).

new_rnn_local <- function(data, model, call, fourier_report = NULL, selection = NULL) {
  x <- c(fc_envelope(data, call, selection = selection),
         list(model = model, fourier_report = fourier_report))
  structure(x, class = c("rnn_local", "rnn_network", "rnn_fit"))
}

#' @export
#' @noRd
fc_validate.rnn_local <- function(x, at = "") {
  fc_first_problem(NextMethod(),
                   if (!identical(x$model$settings$recipe, "local"))
                     sprintf("`%smodel$settings$recipe` must be \"local\"", at),
                   if (!is.null(x$fourier_report) && !is.data.frame(x$fourier_report))
                     sprintf("`%sfourier_report` must be a data frame", at))
}

#' @export
#' @noRd
fc_lines.rnn_local <- function(x) {
  c(model = fc_net_line(x$model), fc_network_lines(x))
}

#' @export
#' @noRd
fc_method.rnn_local <- function(x) {
  sprintf("RNN %s %s", fc_model_parts(x$model), fc_model_sizes(x$model))
}

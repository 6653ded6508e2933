# Forecasting layer, the kinds of fit. rnn_fit() returns one of them, each a
# list with class c(<kind>, ["rnn_network",] "rnn_fit"):
#
#   rnn_local        a network model trained on its own series (fit-local.R)
#   rnn_global       a network model trained on many series (fit-global.R)
#   rnn_transfer     a pretrained network model applied to the series, as
#                    shipped or fine-tuned on them (fit-transfer.R)
#   rnn_smooth       exponential smoothing of each series (fit-smooth.R)
#   rnn_combination  a weighted average of member fits, per series
#                    (fit-combination.R)
#   rnn_collection   one fit per series (fit-collection.R)
#
# Every kind holds its series once (`data`, forecast-series.R; a
# combination's members share its own), the call, the keys left out
# (`skipped`) and, when rnn_fit() chose among candidates, the record of the
# choice (`selection`). Each has a constructor new_*() and a validator
# validate_*() side by side, and answers the internal generics below, on
# which every user-facing method (print, summary, plot, predict, update,
# fitted, residuals, accuracy, fable's report/glance/tidy) is built.

# NULL when `x` is a valid fit of its kind, else the first field that is not
# ("`model$scale` must be positive numbers ..."); `at` prefixes field names
# (a member of a combination: "members$network$").
fc_validate <- function(x, at = "") UseMethod("fc_validate")

# Forecasts of every series h steps ahead: a list per series of mean [h, k]
# and lower, upper [h, k, levels] on the original scale. `newxreg`: future
# covariates (kinds that take them).
fc_parts <- function(x, h, level, newxreg = NULL) UseMethod("fc_parts")

# One-step in-sample fitted values: a list per series of [N_j, k] (original
# scale, NA where there are none).
fc_fitted_list <- function(x) UseMethod("fc_fitted_list")

# The fit carried over to newer observations `data` (a series store read
# like its own): what it learnt stays, what the data give is recomputed;
# networks trained on for `epochs` epochs at learning rate `lr` (NULL: the
# fit's own divided by 5).
fc_refresh <- function(x, data, epochs, lr, call) UseMethod("fc_refresh")

# What print() shows of the model: a named character vector of lines
# ("model", "learns", ...).
fc_lines <- function(x) UseMethod("fc_lines")

# The method name of its forecasts ("RNN LSTM(32) x5 + linear AR [lookback
# 24, direct 18]").
fc_method <- function(x) UseMethod("fc_method")

# The horizon it was trained for.
fc_horizon <- function(x) UseMethod("fc_horizon")

# predict()'s default h: the horizon rnn_fit() was asked for or chose from
# the series (`h_default`; the local model's, when a pretrained model with
# another horizon won), else the horizon the fit was trained for.
fc_default_h <- function(x) x$h_default %||% fc_horizon(x)

# The networks it trained or tuned (list of rnn_net, possibly empty).
fc_networks <- function(x) UseMethod("fc_networks")

# The parameters as a data frame (series, term, estimate) for tidy().
fc_terms <- function(x) UseMethod("fc_terms")

# The common fields of every kind, for the constructors.
fc_envelope <- function(data, call, skipped = character(0), selection = NULL) {
  list(data = data, call = call, skipped = skipped, selection = selection)
}

# Validation of the common fields (NULL or the problem).
fc_validate_envelope <- function(x, at = "") {
  if (!is.list(x)) return("is not a list")
  if (nzchar(at)) return(NULL)     # a member: its data are its combination's
  p <- validate_fc_series(x$data)
  if (!is.null(p)) return(p)
  if (!is.null(x$skipped) && !is.character(x$skipped)) return("`skipped` must name the series left out")
  hd <- x$h_default
  if (!is.null(hd) && !(is.numeric(hd) && length(hd) == 1L && is.finite(hd) && hd >= 1 && hd == round(hd)))
    return("`h_default` must be the forecast horizon asked for (a positive whole number)")
  sel <- x$selection
  if (!is.null(sel) && !(is.list(sel) && is.character(sel$choice) && length(sel$choice) >= 1L &&
                         all(sel$choice %in% c("pretrained", "fine-tuned", "local", "global", "seasonal"))))
    return("`selection` must be the record of rnn_fit()'s choice (pretrained, fine-tuned, local or global)")
  NULL
}

# Runs validators in order (each argument is evaluated only when those
# before it found nothing) and returns the first problem (NULL: none).
fc_first_problem <- function(...) {
  for (i in seq_len(...length())) {
    p <- ...elt(i)
    if (!is.null(p)) return(p)
  }
  NULL
}

# The number of series of a fit.
fc_n_series <- function(x) length(x$data$names)

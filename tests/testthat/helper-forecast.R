# Helpers of the forecasting tests: what a fit's network model says, whatever
# the kind of the fit (a combination: the member whose intervals it keeps).
net_model <- function(fit) {
  if (inherits(fit, "rnn_combination")) return(fit$members[[fit$intervals[1]]]$model)
  fit$model
}
# The reference forecast per series (and column): "none", "naive" or "seasonal".
fit_base <- function(fit) {
  lag <- c(net_model(fit)$lag)
  ifelse(lag == 0L, "none", ifelse(lag == 1L, "naive", "seasonal"))
}
# The one series of a fit on its time axis (a ts; an mts for several columns).
fit_x <- function(fit) recurrent:::fc_series_ts(recurrent:::fc_data(fit), 1L)
# The horizon a fit was trained for, its lookback, its seasonal period.
fit_horizon <- function(fit) recurrent:::fc_horizon(fit)
fit_lookback <- function(fit) net_model(fit)$lookback
fit_period <- function(fit) {
  d <- recurrent:::fc_data(fit)
  recurrent:::fc_period(d$tsp[[1]][3], nrow(d$y[[1]]))
}
# The calendar Fourier terms a fit kept (NULL: none).
fit_fourier <- function(fit) net_model(fit)$covariates$fourier
# The networks a fit trained or tuned.
fit_nets <- function(fit) recurrent:::fc_networks(fit)

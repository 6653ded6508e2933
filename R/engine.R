# The one door from R into the C core's network entry points (src/glue.c).
# Every one of them starts with the same four arguments: the network's integer
# description (spec_codes()), its dropout rate, how to run (exec_codes():
# threads, BLAS) and the weights; they are assembled here and nowhere else.

# .Call(fun, <spec>, <dropout>, <exec>, params, ...): `params` defaults to the
# network's own weights (rnn_train() passes the weights it is training).
#' @noRd
engine_call <- function(fun, net, params = net$params, ...) {
  .Call(fun, spec_codes(net$spec), net$spec$dropout, exec_codes(), params, ...)
}

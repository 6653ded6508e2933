# The one door from R into the C core's network entry points (src/glue.c).
# Every one of them starts with the same four arguments: the network's integer
# description (spec_codes()), its dropout rate, how to run (exec_codes():
# threads, BLAS) and the weights; they are assembled here and nowhere else.

# .Call(<entry>, <spec>, <dropout>, <exec>, params, ...) for the entry point
# named by `fun`: `params` defaults to the network's own weights (rnn_train()
# passes the weights it is training). Each entry is written out so that R CMD
# check can match every .Call() to a registered routine.
#' @noRd
engine_call <- function(fun, net, params = net$params, ...) {
  spec <- spec_codes(net$spec)
  dropout <- net$spec$dropout
  exec <- exec_codes()
  switch(fun,
    predict = .Call(C_rec_predict, spec, dropout, exec, params, ...),
    step = .Call(C_rec_step, spec, dropout, exec, params, ...),
    gradients = .Call(C_rec_gradients, spec, dropout, exec, params, ...),
    workspace_size = .Call(C_rec_workspace_size, spec, dropout, exec, params, ...),
    evaluate = .Call(C_rec_evaluate, spec, dropout, exec, params, ...),
    train_epoch = .Call(C_rec_train_epoch, spec, dropout, exec, params, ...),
    stop("internal error: unknown engine entry point ", fun))
}

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
  # the arguments after `params`, one by one (..1, ..2, ...), as src/entry.h
  # lists them, so that each call has its routine's registered arity
  n_extra <- c(predict = 1L, step = 2L, gradients = 5L, workspace_size = 2L, evaluate = 4L,
               train_epoch = 9L)
  if (!isTRUE(n_extra[fun] == ...length()))
    stop(sprintf("internal error: engine entry point %s takes %s arguments after `params`, not %d",
                 fun, n_extra[fun], ...length()))
  switch(fun,
    predict = .Call(C_rec_predict, spec, dropout, exec, params, ..1),
    step = .Call(C_rec_step, spec, dropout, exec, params, ..1, ..2),
    gradients = .Call(C_rec_gradients, spec, dropout, exec, params, ..1, ..2, ..3, ..4, ..5),
    workspace_size = .Call(C_rec_workspace_size, spec, dropout, exec, params, ..1, ..2),
    evaluate = .Call(C_rec_evaluate, spec, dropout, exec, params, ..1, ..2, ..3, ..4),
    train_epoch = .Call(C_rec_train_epoch, spec, dropout, exec, params, ..1, ..2, ..3, ..4,
                        ..5, ..6, ..7, ..8, ..9))
}

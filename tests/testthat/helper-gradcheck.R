# Finite-difference gradient check used by test-gradients.R.
#
# Compares rnn_gradients() with central differences of the loss for one random
# entry of every weight tensor (plus `extra` more random entries). The loss is
# evaluated by the same C entry point in the same mode; with training = TRUE the
# RNG is reset before every evaluation so the dropout masks are identical. With
# `state` the sequences start from that carried state, held constant.
gradcheck <- function(net, x, y, loss, training = FALSE, extra = 4, eps = 1e-6,
                      seed = 1, state = NULL) {
  loss_at <- function(params) {
    n2 <- net
    n2$params <- params
    if (training) set.seed(seed)
    rnn_gradients(n2, x, y, loss, training = training, state = state)$loss
  }
  if (training) set.seed(seed)
  g <- rnn_gradients(net, x, y, loss, training = training, state = state)
  gv <- unlist(g$gradients, use.names = FALSE)
  sizes <- lengths(g$gradients)
  ends <- cumsum(sizes)
  pick <- ends - sizes + vapply(sizes, function(s) sample.int(s, 1), 1L)
  pick <- unique(c(pick, sample.int(length(gv), extra)))
  fd <- vapply(pick, function(i) {
    up <- dn <- net$params
    up[i] <- up[i] + eps
    dn[i] <- dn[i] - eps
    (loss_at(up) - loss_at(dn)) / (2 * eps)
  }, 0)
  list(analytic = gv[pick], numeric = fd, loss = g$loss,
       tensor = rep(names(sizes), sizes)[pick])
}

# Targets suited to a loss and an output activation; `shape` is c(n, out) or
# c(n, T, out).
make_target <- function(loss, out_act, shape) {
  n_rows <- prod(shape[-length(shape)])
  k <- shape[length(shape)]
  if (loss == "crossentropy" && out_act != "sigmoid") {
    idx <- sample.int(k, n_rows, replace = TRUE)
    return(if (length(shape) == 3) matrix(idx, shape[1], shape[2]) else idx)
  }
  if (loss == "crossentropy" || out_act != "linear")
    return(array(runif(prod(shape)), shape))
  array(rnorm(prod(shape)), shape)
}

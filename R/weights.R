#' Read or replace the weights of a network
#'
#' `rnn_weights()` returns every weight tensor under PyTorch's `state_dict`
#' names and shapes: for layer `k` (from 0) `weight_ih_l{k}` \[G*H x in\],
#' `weight_hh_l{k}` \[G*H x H\], `bias_ih_l{k}` and `bias_hh_l{k}` \[G*H\], the
#' same with suffix `_reverse` for the backward direction of a bidirectional
#' layer, then `head.weight` \[out x D\] and `head.bias` \[out\]. G is 1, 3, 4 for
#' rnn, gru, lstm; gate blocks are stacked in PyTorch's order (LSTM i, f, g, o;
#' GRU r, z, n). A tensor copied from `model.state_dict()` in PyTorch (as a
#' matrix of the same shape) can be set here unchanged.
#'
#' `rnn_set_weights()` checks that `weights` has exactly these names, each a
#' finite numeric matrix or vector of the right shape, and returns the network
#' with them.
#'
#' @param net An `rnn_net`.
#' @param weights A named list shaped like the result of `rnn_weights(net)`.
#' @return `rnn_weights()`: a named list of matrices and vectors.
#'   `rnn_set_weights()`: the updated `rnn_net`.
#' @examples
#' set.seed(1)
#' net <- rnn_net(2, 4, cell = "gru")
#' w <- rnn_weights(net)
#' str(w)
#' w$head.bias <- 10
#' net <- rnn_set_weights(net, w)
#' rnn_weights(net)$head.bias
#' @export
rnn_weights <- function(net) {
  check_net(net)
  shapes <- net_shapes(net$spec)
  ends <- cumsum(vapply(shapes, prod, numeric(1)))
  starts <- ends - vapply(shapes, prod, numeric(1)) + 1
  out <- vector("list", length(shapes))
  names(out) <- names(shapes)
  for (i in seq_along(shapes)) {
    v <- net$params[starts[i]:ends[i]]
    d <- shapes[[i]]
    out[[i]] <- if (length(d) == 2) matrix(v, d[1], d[2]) else v
  }
  out
}

#' @rdname rnn_weights
#' @export
rnn_set_weights <- function(net, weights) {
  call <- sys.call()
  check_net(net)
  shapes <- net_shapes(net$spec)
  if (!is.list(weights) || is.null(names(weights)))
    rec_abort(sprintf("`weights` must be a named list like rnn_weights(net), not %s.",
                      describe(weights)))
  missing <- setdiff(names(shapes), names(weights))
  extra <- setdiff(names(weights), names(shapes))
  if (length(missing) || length(extra) || anyDuplicated(names(weights)))
    rec_abort(paste0("`weights` must have exactly the names of rnn_weights(net).",
                     if (length(missing)) paste0(" Missing: ", paste(missing, collapse = ", "), "."),
                     if (length(extra)) paste0(" Unknown: ", paste(extra, collapse = ", "), "."),
                     if (anyDuplicated(names(weights))) " Some names are repeated."))
  params <- unlist(lapply(names(shapes), function(nm) {
    w <- weights[[nm]]
    want <- shapes[[nm]]
    got <- if (is.null(dim(w))) length(w) else dim(w)
    shape_ok <- if (length(want) == 2) length(got) == 2 && all(got == want)
                else length(got) == 1 && got == want
    if (!is.numeric(w) || !shape_ok)
      rec_abort(sprintf("`weights$%s` must be a numeric %s, not %s.", nm,
                        if (length(want) == 2) sprintf("matrix [%d x %d]", want[1], want[2])
                        else sprintf("vector of length %d", want), describe(w)),
                call = call)
    if (!all(is.finite(w)))
      rec_abort(sprintf("`weights$%s` contains NA, NaN or infinite values.", nm),
                call = call)
    as.double(w)
  }), use.names = FALSE)
  net$params <- params
  net
}

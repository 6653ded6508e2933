# Coercion and checking of the network layer's inputs: sequences x to a double
# array [n, T, p] and targets y to a double array [n, Ty, out] (Ty = T with
# return_sequences, else 1), class indices expanded to one-hot rows.

#' @noRd
as_input <- function(x, net, name = "x", call = sys.call(-1)) {
  if (!is.null(net$spec$vocab_size)) return(as_token_input(x, net, name, call))
  p <- net$spec$input_size
  if (is.data.frame(x) || is.list(x) || !(is.numeric(x) || is.logical(x)) || is.factor(x))
    rec_abort(sprintf("`%s` must be a numeric array [n, T, %d], a matrix [T, %d] or a vector, not %s.",
                      name, p, p, describe(x)), call = call)
  d <- dim(x)
  if (is.null(d) || length(d) == 1) {
    if (p != 1)
      rec_abort(sprintf("`%s` is a vector, which is one sequence with one feature, but the network expects %d features per step: pass a matrix [T, %d] or an array [n, T, %d].",
                        name, p, p, p), call = call)
    d <- c(1L, length(x), 1L)
  } else if (length(d) == 2) {
    d <- c(1L, d)
  } else if (length(d) != 3) {
    rec_abort(sprintf("`%s` must have 1, 2 or 3 dimensions, not %d.", name, length(d)),
              call = call)
  }
  if (any(d == 0))
    rec_abort(sprintf("`%s` is empty: dimensions [%s].", name, paste(d, collapse = ", ")),
              call = call)
  if (d[3] != p) {
    # a matrix [n, T] meant as n sequences of one feature
    hint <- if (p == 1 && length(dim(x)) == 2)
      sprintf(" A matrix is one sequence [T, p]; to pass %d sequences of %d steps use array(%s, c(%d, %d, 1)).",
              d[2], d[3], name, d[2], d[3]) else ""
    rec_abort(sprintf("`%s` must have %d feature%s per step (its last dimension), not %d.%s",
                      name, p, if (p == 1) "" else "s", d[3], hint), call = call)
  }
  if (anyNA(x) || any(!is.finite(x)))
    rec_abort(sprintf("`%s` contains NA, NaN or infinite values (%d of them).", name,
                      sum(!is.finite(x))), call = call)
  array(as.double(x), d)
}

# Token ids for a network with an embedding: an integer matrix [n, T] (a
# vector is one sequence) of ids 1..V, each row its tokens then 0s, at least
# one token per row; returned as a double array [n, T, 1] (the C layout).
#' @noRd
as_token_input <- function(x, net, name = "x", call = sys.call(-1)) {
  V <- net$spec$vocab_size
  want <- sprintf("an integer matrix [n, T] of token ids 1..%d with 0 as right padding", V)
  if (is.data.frame(x) || is.list(x) || is.factor(x) || !(is.numeric(x) || is.logical(x)))
    rec_abort(sprintf("`%s` must be %s, not %s.", name, want, describe(x)),
              class = "recurrent_error_tokens", call = call)
  d <- dim(x)
  if (is.null(d) || length(d) == 1) d <- c(1L, length(x))
  if (length(d) == 3 && d[3] == 1) d <- d[1:2]
  if (length(d) != 2)
    rec_abort(sprintf("`%s` must be %s, not an array with %d dimensions.", name, want,
                      length(d)), class = "recurrent_error_tokens", call = call)
  if (any(d == 0))
    rec_abort(sprintf("`%s` is empty: dimensions [%s].", name, paste(d, collapse = ", ")),
              class = "recurrent_error_tokens", call = call)
  x <- matrix(as.double(x), d[1], d[2])
  bad <- function(what, i)
    rec_abort(sprintf("`%s` must be %s; %s (first at row %d, step %d: %s).", name, want,
                      what, (i - 1) %% d[1] + 1, (i - 1) %/% d[1] + 1,
                      format(x[i])), class = "recurrent_error_tokens", call = call)
  if (anyNA(x)) bad("it has NA values", which(is.na(x))[1])
  if (any(x != round(x))) bad("it has values that are not whole numbers",
                              which(x != round(x))[1])
  if (any(x < 0 | x > V)) bad(sprintf("it has ids outside 0..%d", V),
                              which(x < 0 | x > V)[1])
  if (d[2] > 1) {
    gap <- x[, -1, drop = FALSE] != 0 & x[, -d[2], drop = FALSE] == 0
    if (any(gap))
      bad("padding (0) must only follow a row's tokens, but a token comes after a 0",
          which(cbind(FALSE, gap))[1])
  }
  empty <- which(x[, 1] == 0)
  if (length(empty))
    rec_abort(sprintf("`%s` must be %s; every row needs at least one token, but %d row%s (row %s) ha%s none.",
                      name, want, length(empty), if (length(empty) == 1) "" else "s",
                      paste(utils::head(empty, 5), collapse = ", "),
                      if (length(empty) == 1) "s" else "ve"),
              class = "recurrent_error_tokens", call = call)
  array(x, c(d, 1L))
}

# Padded steps of token input x ([n, T, 1] from as_token_input()): a logical
# matrix [n, T], TRUE at padding; NULL for numeric input.
#' @noRd
padding_of <- function(x, net) {
  if (is.null(net$spec$vocab_size)) return(NULL)
  matrix(x == 0, dim(x)[1], dim(x)[2])
}

#' @noRd
as_target <- function(y, net, n, T, loss, name = "y", call = sys.call(-1), pad = NULL) {
  s <- net$spec
  k <- s$output_size
  Ty <- if (s$return_sequences) T else 1L
  want <- if (s$return_sequences) sprintf("an array [%d, %d, %d]", n, T, k)
          else sprintf("a matrix [%d, %d]", n, k)
  # class indices (or a factor) are accepted for crossentropy with >= 2 outputs,
  # and expanded to one-hot rows (for a sigmoid output: multi-label BCE targets)
  classes <- loss == "crossentropy" && k >= 2
  if (is.factor(y) && loss == "crossentropy" && k == 1 && s$output_activation == "sigmoid") {
    if (nlevels(y) != 2)
      rec_abort(sprintf("`%s` is a factor with %d levels, but a single sigmoid output predicts one of 2 classes.",
                        name, nlevels(y)), call = call)
    y <- as.integer(y) - 1L                 # the second level is the positive class
  }
  if (is.factor(y)) {
    if (!classes)
      rec_abort(sprintf("`%s` is a factor, which is only meaningful for loss = \"crossentropy\" with 2 or more outputs.", name), call = call)
    if (nlevels(y) != k)
      rec_abort(sprintf("`%s` is a factor with %d levels but the network has %d outputs.",
                        name, nlevels(y), k), call = call)
    y <- as.integer(y)
  }
  if (is.data.frame(y) || is.list(y) || !(is.numeric(y) || is.logical(y)))
    rec_abort(sprintf("`%s` must be numeric (%s), not %s.", name, want, describe(y)),
              call = call)
  if (s$return_sequences && !is.null(pad) && any(pad) && length(y) %% (n * T) == 0) {
    # targets at padded steps are ignored: any value (0, NA) is accepted there
    y[rep(as.vector(pad), length.out = length(y))] <- 0
    if (classes) y[rep(as.vector(pad), length.out = length(y))] <- 1
  }
  if (anyNA(y) || any(!is.finite(y)))
    rec_abort(sprintf("`%s` contains NA, NaN or infinite values.", name), call = call)
  d <- dim(y)
  # Class indices: one per row (and step): a vector of n, or [n, T] with sequences.
  index_shape <- if (s$return_sequences) (length(d) == 2 && all(d == c(n, T))) ||
                   (is.null(d) && n == 1 && length(y) == T)
                 else (is.null(d) || length(d) == 1) && length(y) == n
  if (classes && index_shape) {
    if (any(y != round(y)) || any(y < 1) || any(y > k))
      rec_abort(sprintf("`%s` holds class indices, which must be whole numbers from 1 to %d.",
                        name, k), call = call)
    # a softmax reads the indices themselves ([n, Ty, 1]; C's loss picks the
    # class), not one-hot rows k times longer
    if (s$output_activation == "softmax") return(array(as.double(y), c(n, Ty, 1L)))
    onehot <- array(0, c(n, Ty, k))
    idx <- cbind(rep(seq_len(n), Ty), rep(seq_len(Ty), each = n), as.vector(y))
    onehot[idx] <- 1
    return(onehot)
  }
  shape_ok <- if (s$return_sequences) {
    (length(d) == 3 && all(d == c(n, T, k))) ||
      (k == 1 && length(d) == 2 && all(d == c(n, T))) ||
      (n == 1 && length(d) == 2 && all(d == c(T, k))) ||
      (n == 1 && k == 1 && is.null(d) && length(y) == T)
  } else {
    (length(d) == 2 && all(d == c(n, k))) ||
      (is.null(d) && (k == 1 && length(y) == n || n == 1 && length(y) == k)) ||
      (length(d) == 1 && (k == 1 && d == n || n == 1 && d == k))
  }
  if (!shape_ok) {
    # class labels given to a classifier trained with a regression loss
    hint <- if (!classes && k >= 2 && s$output_activation == "softmax" && index_shape &&
                all(y == round(y)) && all(y >= 1 & y <= k))
      sprintf(" For class labels (1..%d, or a factor) use loss = \"crossentropy\".", k)
      else ""
    rec_abort(sprintf("`%s` must be %s to match `x`%s, not %s.%s", name, want,
                      if (classes) " (or class indices, one per sequence)" else "",
                      describe(y), hint), call = call)
  }
  if (loss == "crossentropy" && (any(y < 0) || any(y > 1)))
    rec_abort(sprintf("`%s` must hold probabilities in [0, 1] (or class indices) for loss = \"crossentropy\".",
                      name), call = call)
  array(as.double(y), c(n, Ty, k))
}

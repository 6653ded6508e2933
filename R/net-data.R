# Coercion and checking of the network layer's inputs: sequences x to a double
# array [n, T, p] and targets y to a double array [n, Ty, out] (Ty = T with
# return_sequences, else 1), class indices expanded to one-hot rows.

#' @noRd
as_input <- function(x, net, name = "x", call = sys.call(-1)) {
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
  if (d[3] != p)
    rec_abort(sprintf("`%s` must have %d feature%s per step (its last dimension), not %d.",
                      name, p, if (p == 1) "" else "s", d[3]), call = call)
  if (anyNA(x) || any(!is.finite(x)))
    rec_abort(sprintf("`%s` contains NA, NaN or infinite values (%d of them).", name,
                      sum(!is.finite(x))), call = call)
  array(as.double(x), d)
}

#' @noRd
as_target <- function(y, net, n, T, loss, name = "y", call = sys.call(-1)) {
  s <- net$spec
  k <- s$output_size
  Ty <- if (s$return_sequences) T else 1L
  want <- if (s$return_sequences) sprintf("an array [%d, %d, %d]", n, T, k)
          else sprintf("a matrix [%d, %d]", n, k)
  # class indices (or a factor) are accepted for crossentropy with >= 2 outputs,
  # and expanded to one-hot rows (for a sigmoid output: multi-label BCE targets)
  classes <- loss == "crossentropy" && k >= 2
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
  if (!shape_ok)
    rec_abort(sprintf("`%s` must be %s to match `x`%s, not %s.", name, want,
                      if (classes) " (or class indices, one per sequence)" else "",
                      describe(y)), call = call)
  if (loss == "crossentropy" && (any(y < 0) || any(y > 1)))
    rec_abort(sprintf("`%s` must hold probabilities in [0, 1] (or class indices) for loss = \"crossentropy\".",
                      name), call = call)
  array(as.double(y), c(n, Ty, k))
}

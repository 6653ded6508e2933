# The data side of the text API (rnn_text_lm(), rnn_text_classifier()):
# checking text and labels, one token stream from many documents, and the
# batches of stateful truncated BPTT.

# Checks `text` for the text API: what rnn_tokenize() accepts (a character
# vector without NA, valid UTF-8; a factor is taken as its labels), with the
# errors classed recurrent_error_text, and no empty element.
#' @noRd
txt_check_text <- function(text, call, name = "text") {
  if (is.factor(text)) text <- as.character(text)
  text <- tok_check_text(text, call, name, class = "recurrent_error_text")
  empty <- which(!nzchar(trimws(text)))
  if (length(empty))
    rec_abort(sprintf("`%s` has empty (or blank) element%s at position%s %s; every text needs at least one token.",
                      name, if (length(empty) > 1) "s" else "",
                      if (length(empty) > 1) "s" else "", fc_positions(empty)),
              class = "recurrent_error_text", call = call)
  text
}

# One stream of token ids from the documents of `text`, joined by the vocabulary's
# separator: a newline for characters (so the model sees where a document ends),
# nothing extra for words (a word vocabulary has no newline token).
#' @noRd
txt_stream <- function(text, vocab) {
  if (vocab$level == "char" && length(text) > 1)
    text <- paste(text, collapse = "\n")
  as.integer(unlist(rnn_tokenize(text, vocab, pad = FALSE), use.names = FALSE))
}

# The batches of one stateful epoch over the stream `ids` (a language model:
# inputs ids[t], targets ids[t + 1]). The stream, from a start `offset` (so
# chunk boundaries move from epoch to epoch), is cut into B equal parts, one
# per batch row, each read in consecutive chunks of T tokens: row b of batch j
# is chunk j of part b, so a batch continues the previous one row by row and
# the state is carried (truncated BPTT). Returns x and y [J * B, T] (batch-
# major rows), reset (the first batch's rows start from zeros) and B.
#' @noRd
txt_lm_batches <- function(ids, B, T, offset = 0L) {
  n <- length(ids) - 1L - offset              # predictions available
  J <- n %/% (B * T)                           # chunks per row
  if (J < 1) rec_abort("internal: stream too short for its batches")
  part <- J * T
  # token at (row b, chunk j, step t): offset + b * part + j * T + t (1-based t)
  base <- offset + outer(seq_len(T), (seq_len(B) - 1L) * part, "+")   # [T, B]
  rows <- lapply(seq_len(J) - 1L, function(j) base + j * T)
  pos <- do.call(cbind, rows)                                         # [T, J*B]
  # the engine's arrays: ids as doubles [J * B, T, 1]; targets as class indices
  x <- array(as.double(t(matrix(ids[pos], T))), c(J * B, T, 1L))
  y <- array(as.double(t(matrix(ids[pos + 1L], T))), c(J * B, T, 1L))
  list(x = x, y = y, reset = c(rep(1L, B), rep(0L, (J - 1L) * B)), B = B)
}

# Rows B and unroll T for a stream of n tokens: as asked, fewer rows when the
# stream is too short to give every row 8 chunks (an epoch of at least 8
# updates), and a shorter unroll when it is shorter than one.
#' @noRd
txt_lm_shape <- function(n, batch_size, unroll) {
  T <- min(unroll, n - 1L)
  B <- max(1L, min(batch_size, (n - 1L) %/% (8L * T)))
  c(B = B, T = T)
}

# Bits per token of a language model net over the stream ids, from the zero
# state, the state carried over the whole stream: every token after the first
# is predicted from all the tokens before it. With `streams` > 1 the stream is
# cut into that many parts run side by side (much faster: one matrix product
# serves them all), each part from the zero state. Returns c(bits = total
# bits, tokens = predictions counted).
#' @noRd
txt_stream_bits <- function(net, ids, streams = 1L, chunk = 256L) {
  n <- length(ids) - 1L
  S <- max(1L, min(as.integer(streams), n))
  len <- n %/% S                             # predictions per part (the last takes the rest)
  starts <- (seq_len(S) - 1L) * len
  ends <- c(starts[-1], n)
  total <- 0
  state <- NULL
  steps <- max(ends - starts)
  for (t0 in seq(0L, steps - 1L, by = chunk)) {
    Tc <- min(chunk, steps - t0)
    # inputs at positions start + t0 + (1..Tc); parts shorter than steps are
    # right-padded (padded steps keep the state and predict nothing)
    pos <- outer(starts + t0, seq_len(Tc), "+")                  # [S, Tc]
    live <- pos <= matrix(ends, S, Tc)
    x <- matrix(0L, S, Tc)
    x[live] <- ids[pos[live]]
    if (!any(live[, 1])) break
    # a part that has ended keeps its state; give it one token to stay valid
    x[!live[, 1], 1] <- 1L
    run <- engine_call("step", net, net$params, array(as.double(x), c(S, Tc, 1L)),
                       state)
    state <- run$state
    out <- run$output
    i <- which(live, arr.ind = TRUE)
    p <- out[cbind(i[, 1], i[, 2], ids[pos[live] + 1L])]
    total <- total - sum(log2(pmax(p, .Machine$double.xmin)))
  }
  c(bits = total, tokens = n)
}

# Checks that x is an intact model of the text API of class `cls`
# (rnn_text_lm or rnn_text_classifier) before a method reads its fields.
#' @noRd
txt_check_model <- function(x, cls, call, name = "x") {
  what <- if (cls == "rnn_text_lm") "rnn_text_lm()" else "rnn_text_classifier()"
  if (!inherits(x, cls) || !is.list(x))
    rec_abort(sprintf("`%s` must be a model from %s, not %s.", name, what, describe(x)),
              class = "recurrent_error_model", call = call)
  bad <- function(why)
    rec_abort(sprintf("`%s` is not a valid %s model (%s); fit one with %s.", name, cls, why,
                      what), class = "recurrent_error_model", call = call)
  num1 <- function(v) is.numeric(v) && length(v) == 1L && !is.na(v)
  net_ok <- function(net, vocab) {
    if (!inherits(net, "rnn_net")) bad("a network is missing or altered")
    tryCatch(check_net(net), recurrent_error = function(e) bad("a network has been altered"))
    tryCatch(tok_check_vocab(vocab, call), recurrent_error = function(e)
      bad("a vocabulary has been altered"))
    if (length(vocab$tokens) != net$spec$vocab_size %||% -1L)
      bad("a vocabulary does not match its network")
  }
  h <- x$history
  if (!is.data.frame(h) || !all(c("epoch", "loss", "val", "lr", "seconds") %in% names(h)))
    bad("its `history` has been altered")
  tr <- x$training
  if (!is.list(tr) || !all(vapply(tr[c("best_score", "seconds", "batch_size")], num1,
                                  logical(1))))
    bad("its `training` record has been altered")
  if (!(identical(x$level, "char") || identical(x$level, "word")))
    bad("its `level` has been altered")
  if (cls == "rnn_text_lm") {
    net_ok(x$net, x$vocab)
    if (!num1(tr$unroll) || !num1(tr$best_epoch) || !num1(tr$initial_score) ||
        !is.character(tr$stop_reason) || length(tr$stop_reason) != 1 ||
        !is.list(x$data) || !num1(x$data$train_tokens) || !num1(x$data$val_tokens))
      bad("its fields have been altered")
  } else {
    K <- length(x$levels)
    if (!is.list(x$members) || !length(x$members) || !is.character(x$levels) || K < 2 ||
        !num1(x$max_len) || x$max_len < 1 || !num1(tr$best_accuracy) ||
        !is.data.frame(tr$members) || nrow(tr$members) != length(x$members) ||
        !(identical(x$pool, "mean") || identical(x$pool, "last")) ||
        !is.list(x$data) || !num1(x$data$n_texts) || !num1(x$data$n_val) ||
        !is.numeric(x$data$class_counts) || !("member" %in% names(h)))
      bad("its fields have been altered")
    for (mb in x$members) {
      if (!is.list(mb)) bad("a network is missing or altered")
      net_ok(mb$net, mb$vocab)
      if (mb$net$spec$output_size != K || mb$net$spec$return_sequences != (x$pool == "mean"))
        bad("a network does not match its classes or pooling")
    }
  }
  invisible(x)
}

# rnn_text_lm(): a language model from text in one call, and rnn_text_bits(),
# its held-out bits per token.

#' Train a language model on text
#'
#' Builds the vocabulary, turns the documents into one token stream and trains
#' an embedding + recurrent network to predict the next token, by stateful
#' truncated backpropagation through time: the stream is cut into
#' `batch_size` parts read side by side in consecutive chunks of `unroll`
#' tokens, and each chunk starts from the state the previous chunk of its part
#' ended in (gradients stop at the chunk boundary). So the model learns to use
#' context longer than `unroll`, and is scored (validation, [rnn_text_bits()])
#' with the state carried over the whole text. Chunk boundaries move by a
#' random offset every epoch.
#'
#' The last `validation` share of the stream is held out: after each epoch its
#' bits per token are measured; after `patience` epochs without improvement
#' training stops, and the model keeps the weights of its best epoch. The
#' learning rate follows `schedule`. An interrupt (Ctrl-C, Esc) also ends training
#' with the best epoch so far.
#'
#' @param text A character vector of documents (a book, paragraphs, ...).
#'   Characters are joined with a newline between documents.
#' @param level `"char"` (every character, case kept) or `"word"` (lower-cased
#'   words and punctuation, see [rnn_vocab()]).
#' @param hidden Hidden units per layer.
#' @param layers Stacked recurrent layers.
#' @param cell `"lstm"`, `"gru"` or `"rnn"`.
#' @param embedding Width of the token embedding; `NULL` picks
#'   `min(64, vocabulary size)`.
#' @param dropout Dropout between stacked layers (training only).
#' @param unroll Tokens per chunk: how far back gradients flow.
#' @param batch_size Parts of the stream trained side by side.
#' @param stateful `TRUE` carries the state from chunk to chunk in training;
#'   `FALSE` starts every chunk from zeros (to measure what the carried state
#'   buys; scoring carries it either way).
#' @param epochs Passes over the training stream at most; `NULL` picks a
#'   budget of about 14 million training tokens (at least 2, at most 30
#'   epochs): 5 epochs of 2.8 million characters take 9 minutes on a 2-core
#'   machine with the default network (`bench/README.md`).
#' @param lr Adam's initial learning rate.
#' @param schedule The learning rate over the epochs: `"cosine"` falls from
#'   `lr` along a cosine to a quarter of it in the last of `epochs` epochs;
#'   `"plateau"` keeps `lr` and halves it after each epoch whose validation
#'   bits did not improve.
#' @param weight_decay Decoupled weight decay (AdamW) when > 0.
#' @param clip Maximum gradient norm.
#' @param patience Epochs without improvement of the validation bits before
#'   training stops.
#' @param validation Share of the stream (its end) held out, in `[0.01, 0.5]`.
#' @param min_count For `level = "word"`: words seen fewer times are the
#'   unknown token.
#' @param precision `"single"` (the default: about twice as fast, the same
#'   accuracy) or `"double"`.
#' @param verbose Print one line per epoch (train and validation bits, learning
#'   rate, time). With progressr, `progressr::with_progress()` shows a bar.
#' @param ... Not used: an unknown argument is an error.
#' @return An object of class `rnn_text_lm`: `net` (the [rnn_net()]), `vocab`
#'   ([rnn_vocab()]), `history` (per epoch: training and validation bits per
#'   token, learning rate, seconds), `training` (best epoch, why it stopped,
#'   time) and `data` (tokens of training and validation). It has `print`,
#'   `summary` and `plot` methods; [rnn_generate()] samples from it and
#'   [rnn_text_bits()] scores new text.
#' @seealso [rnn_text_bits()], [rnn_generate()], [rnn_text_classifier()]
#' @examples
#' set.seed(1)
#' text <- strrep("the cat sat on the mat. ", 60)
#' lm <- rnn_text_lm(text, hidden = 32, unroll = 20, batch_size = 4, epochs = 5)
#' lm
#' rnn_generate(lm, "the c", 20, greedy = TRUE)
#' rnn_text_bits(lm, "the cat sat on the mat.")
#' @export
rnn_text_lm <- function(text, level = c("char", "word"), hidden = 512, layers = 1,
                        cell = c("lstm", "gru", "rnn"), embedding = NULL, dropout = 0,
                        unroll = 100, batch_size = 32, stateful = TRUE, epochs = NULL,
                        lr = 0.002,
                        weight_decay = 0, clip = 1, patience = 2, validation = 0.1,
                        min_count = 2, schedule = c("cosine", "plateau"),
                        precision = c("single", "double"),
                        verbose = interactive(), ...) {
  call <- sys.call()
  fc_check_dots(list(...), "rnn_text_lm", call)
  text <- txt_check_text(text, call)
  level <- check_choice(level, c("char", "word"), "level", call = call)
  cell <- check_choice(cell, c("lstm", "gru", "rnn"), "cell", call = call)
  precision <- check_choice(precision, c("single", "double"), "precision", call = call)
  hidden <- check_int(hidden, "hidden", max = 4096, call = call)
  layers <- check_int(layers, "layers", max = 8, call = call)
  unroll <- check_int(unroll, "unroll", min = 2, max = 10000, call = call)
  batch_size <- check_int(batch_size, "batch_size", max = 4096, call = call)
  validation <- check_num(validation, "validation", min = 0.01, max = 0.5, call = call)
  min_count <- check_int(min_count, "min_count", call = call)
  dropout <- check_num(dropout, "dropout", min = 0, max = 1, max_open = TRUE, call = call)
  stateful <- check_flag(stateful, "stateful", call = call)
  if (!is.null(epochs)) epochs <- check_int(epochs, "epochs", max = 1e5, call = call)
  o <- txt_check_settings(epochs %||% 1L, lr, weight_decay, clip, patience, verbose, call)
  o$schedule <- check_choice(schedule, c("cosine", "plateau"), "schedule", call = call)

  vocab <- rnn_vocab(text, level = level, lower = level == "word",
                     min_count = if (level == "word") min_count else 1)
  V <- length(vocab$tokens)
  ids <- txt_stream(text, vocab)
  n_val <- floor(length(ids) * validation)
  if (length(ids) - n_val < 20 || n_val < 5)
    rec_abort(sprintf("`text` has %d %s: too few to train and validate a language model (at least 40 needed).",
                      length(ids), if (level == "char") "characters" else "tokens"),
              class = "recurrent_error_text", call = call)
  train_ids <- ids[seq_len(length(ids) - n_val)]
  val_ids <- ids[(length(ids) - n_val):length(ids)]     # overlaps by one: the first target
  shape <- txt_lm_shape(length(train_ids), batch_size, unroll)
  if (is.null(epochs))
    o$epochs <- as.integer(min(30, max(2, round(1.4e7 / length(train_ids)))))

  emb <- if (is.null(embedding)) min(64L, V)
         else check_int(embedding, "embedding", max = 4096, call = call)
  net <- rnn_net(emb, hidden, V, cell = cell, layers = layers, dropout = dropout,
                 vocab_size = V, output_activation = "softmax", return_sequences = TRUE,
                 precision = precision)
  if (o$verbose)
    message(sprintf("Language model: %s tokens (%s vocabulary of %d), %s held out; %s %d x %d, unroll %d, %d parts side by side",
                    format(length(train_ids), big.mark = ","), level, V,
                    format(n_val, big.mark = ","), toupper(cell), layers, hidden,
                    shape[["T"]], shape[["B"]]))
  epoch_data <- function(epoch) {
    offset <- if (epoch == 1) 0L else sample.int(shape[["T"]], 1L) - 1L
    if (length(train_ids) - 1L - offset < shape[["B"]] * shape[["T"]]) offset <- 0L
    b <- txt_lm_batches(train_ids, shape[["B"]], shape[["T"]], offset)
    if (!stateful) b$reset[] <- 1L                  # every chunk from zeros
    b
  }
  score <- function(net) {
    b <- txt_stream_bits(net, val_ids, streams = min(32L, length(val_ids) %/% 50L + 1L))
    b[["bits"]] / b[["tokens"]]
  }
  o$batch_size <- shape[["B"]]
  o$n_train <- length(train_ids)
  o$n_val <- n_val
  fit <- txt_train(net, epoch_data, score, o, loss_scale = 1 / log(2),
                   val_name = "val bits")
  structure(list(net = fit$net, vocab = vocab, level = level, history = fit$history,
                 training = c(fit$training, unroll = shape[["T"]],
                              batch_size = shape[["B"]], lr = o$lr),
                 data = list(train_tokens = length(train_ids), val_tokens = n_val)),
            class = "rnn_text_lm")
}

#' Bits per token of a language model on new text
#'
#' Runs the model over `text` as one stream from the zero state and sums
#' \eqn{-\log_2 p} of every token given all the tokens before it (the state
#' carried over the whole text; documents joined as in training). The first
#' token has no prediction; unknown tokens are scored as the unknown token.
#'
#' @param lm An [rnn_text_lm()] (or an `rnn_net` language model with `vocab`).
#' @param text A character vector (documents).
#' @param streams `1` for the exact figure; more cuts the text into that many
#'   parts scored side by side, each from the zero state (faster on long text;
#'   the parts lose their context at the cut).
#' @param vocab The vocabulary, when `lm` is an `rnn_net`.
#' @return The bits per token (per character for a character model), a
#'   number of class `rnn_bits` (printed with its totals; `as.numeric()` drops
#'   them) with attributes `bits` (the total), `tokens` (the predictions
#'   counted) and `unit` (`"character"`, `"word"` or `"token"`).
#' @examples
#' set.seed(1)
#' lm <- rnn_text_lm(strrep("abcd", 200), hidden = 16, unroll = 10, batch_size = 4,
#'                   epochs = 5)
#' rnn_text_bits(lm, "abcdabcdabcd")
#' @export
rnn_text_bits <- function(lm, text, streams = 1, vocab = NULL) {
  call <- sys.call()
  m <- txt_as_lm(lm, vocab, call)
  text <- txt_check_text(text, call)
  streams <- check_int(streams, "streams", max = 1e6, call = call)
  ids <- txt_stream(text, m$vocab)
  if (length(ids) < 2)
    rec_abort("`text` has a single token: there is nothing to predict.",
              class = "recurrent_error_text", call = call)
  b <- txt_stream_bits(m$net, ids, streams)
  unit <- if (identical(lm$level, "char")) "character" else if (identical(lm$level, "word")) "word" else "token"
  structure(b[["bits"]] / b[["tokens"]], bits = b[["bits"]], tokens = b[["tokens"]],
            unit = unit, class = "rnn_bits")
}

#' @export
print.rnn_bits <- function(x, digits = 3, ...) {
  call <- sys.call()
  num <- function(a) is.numeric(a) && length(a) == 1L && !is.na(a)
  if (!num(unclass(x)) || !num(attr(x, "bits")) || !num(attr(x, "tokens")) ||
      !is.character(attr(x, "unit")) || length(attr(x, "unit")) != 1L)
    rec_abort(sprintf("`x` must be bits per token from rnn_text_bits(), with its `bits`, `tokens` and `unit`, not %s.",
                      describe(x)), call = call)
  digits <- check_int(digits, "digits", min = 1, max = 22, call = call)
  cat(sprintf("%s bits per %s (%s bits over %s predicted %ss)\n",
              format(as.numeric(x), digits = digits), attr(x, "unit"),
              format(round(attr(x, "bits")), big.mark = ","),
              format(attr(x, "tokens"), big.mark = ","), attr(x, "unit")))
  invisible(x)
}

# The network and vocabulary of a language model given as an rnn_text_lm or as
# an rnn_net with its vocabulary.
#' @noRd
txt_as_lm <- function(lm, vocab, call) {
  if (inherits(lm, "rnn_text_lm")) {
    txt_check_model(lm, "rnn_text_lm", call, "lm")
    return(list(net = lm$net, vocab = lm$vocab))
  }
  if (inherits(lm, "rnn_net")) {
    check_language_model(lm, call)
    if (is.null(vocab))
      rec_abort("`lm` is an rnn_net: give its vocabulary as `vocab`.", call = call)
    tok_check_vocab(vocab, call)
    if (length(vocab$tokens) != lm$spec$vocab_size)
      rec_abort(sprintf("`vocab` has %d tokens but the network reads %d.",
                        length(vocab$tokens), lm$spec$vocab_size), call = call)
    return(list(net = lm, vocab = vocab))
  }
  rec_abort(sprintf("`lm` must be a language model from rnn_text_lm(), not %s.",
                    describe(lm)), class = "recurrent_error_not_lm", call = call)
}

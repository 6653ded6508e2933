# Stateful stepping and text generation for token language models.

#' Generate tokens from a language model
#'
#' Runs `prime` through a token language model, then draws `n` tokens one at a
#' time, each fed back as the next input. The recurrent state (hidden and,
#' for LSTM, cell state) is carried from step to step in C
#' (`rnn_step_state()`), so each new token costs one step, not a pass over
#' the whole text. Draws use R's random number generator: `set.seed()` first
#' reproduces a sample.
#'
#' The network must read tokens (`vocab_size = V`), be unidirectional, and
#' predict the next token at every step: `return_sequences = TRUE`,
#' `output_activation = "softmax"` and `output_size = V`, as trained with
#' `rnn_train(net, x, y, loss = "crossentropy")` where `y[i, t] = x[i, t + 1]`.
#'
#' @param net A token language model (see Details), or an [rnn_text_lm()]
#'   (then `prime` is text and so is the result).
#' @param prime The start: token ids (integers `1..V`, at least one), or with
#'   `vocab` a string.
#' @param n Number of tokens to generate.
#' @param temperature Divides the logits before sampling: below 1 sharper,
#'   above 1 flatter; > 0.
#' @param top_k `NULL`, or sample only among the `top_k` most probable tokens.
#' @param greedy If `TRUE` always take the most probable token (no sampling;
#'   `temperature` and `top_k` are then irrelevant).
#' @param vocab `NULL`, or the [rnn_vocab()] the model was trained with: then
#'   `prime` may be text and the result is text, and the vocabulary's unknown
#'   token (`vocab$unknown`, `"<unk>"`) is never generated: it stands for
#'   tokens the vocabulary left out and would write `"<unk>"` into the text,
#'   so its probability goes to the other tokens.
#' @return The `n` generated tokens (without the prime): an integer vector of
#'   ids, or with `vocab` one string ([rnn_detokenize()] of the ids).
#' @seealso [rnn_vocab()], [rnn_net()]
#' @examples
#' set.seed(1)
#' text <- strrep("abc", 40)
#' v <- rnn_vocab(text, unknown = NULL)
#' ids <- rnn_tokenize(substring(text, seq(1, 100, 10), seq(10, 109, 10)), v)
#' x <- ids[, -10]; y <- ids[, -1]
#' V <- length(v$tokens)
#' net <- rnn_net(4, 8, V, cell = "gru", output_activation = "softmax",
#'                return_sequences = TRUE, vocab_size = V)
#' net <- rnn_train(net, x, y, loss = "crossentropy", lr = 0.05, epochs = 30,
#'                  validation = 0, verbose = FALSE)
#' rnn_generate(net, "ab", 9, greedy = TRUE, vocab = v)
#' @export
rnn_generate <- function(net, prime, n, temperature = 1, top_k = NULL, greedy = FALSE,
                         vocab = NULL) {
  call <- sys.call()
  if (missing(prime))
    rec_abort("`prime` is missing: give the text (or token ids) to start from, e.g. `rnn_generate(lm, \"The \", 200)`.",
              call = call)
  if (missing(n))
    rec_abort("`n` is missing: give how many tokens to generate, e.g. `rnn_generate(lm, \"The \", 200)`.",
              call = call)
  if (inherits(net, "rnn_text_lm")) {        # rnn_text_lm(): its own vocabulary
    txt_check_model(net, "rnn_text_lm", call, "net")
    if (is.null(vocab)) vocab <- net$vocab
    net <- net$net
  }
  check_net(net)
  check_language_model(net, call)
  V <- net$spec$vocab_size
  if (!is.null(vocab)) {
    tok_check_vocab(vocab, call)
    if (length(vocab$tokens) != V)
      rec_abort(sprintf("`vocab` has %d tokens but the network reads %d (vocab_size).",
                        length(vocab$tokens), V), call = call)
    if (is.character(prime)) {
      if (length(prime) != 1 || is.na(prime) || !nzchar(prime))
        rec_abort(sprintf("`prime` must be one non-empty string (or token ids), not %s.",
                          describe(prime)), call = call)
      prime <- rnn_tokenize(prime, vocab)[1, ]
    }
  }
  prime <- as_token_input(prime, net, "prime", call = call)
  if (dim(prime)[1] != 1)
    rec_abort(sprintf("`prime` must be one sequence of token ids, not %d rows.",
                      dim(prime)[1]), call = call)
  n <- check_int(n, "n", min = 0, max = 1e7, call = call)
  temperature <- check_num(temperature, "temperature", min = 0, min_open = TRUE, call = call)
  if (!is.null(top_k)) top_k <- check_int(top_k, "top_k", call = call)
  greedy <- check_flag(greedy, "greedy", call = call)

  # the unknown token is a placeholder, never text to write (NULL: none)
  ban <- if (!is.null(vocab) && length(vocab$unknown) == 1L && !is.na(vocab$unknown) && V > 1L)
    vocab$unknown
  run <- rnn_step_state(net, prime)
  out <- integer(n)
  for (i in seq_len(n)) {
    p <- run$output[1, dim(run$output)[2], ]
    p[ban] <- 0
    out[i] <- next_token(p, temperature, top_k, greedy)
    run <- rnn_step_state(net, out[i], run$state)
  }
  if (is.null(vocab)) out else rnn_detokenize(out, vocab)
}

# The token to emit from the next-token probabilities p.
#' @noRd
next_token <- function(p, temperature, top_k, greedy) {
  if (greedy) return(which.max(p))
  logp <- log(p) / temperature
  if (!is.null(top_k) && top_k < length(p))
    logp[rank(-logp, ties.method = "first") > top_k] <- -Inf
  w <- exp(logp - max(logp))
  sample.int(length(p), 1L, prob = w)
}

#' @noRd
check_language_model <- function(net, call) {
  s <- net$spec
  why <- if (is.null(s$vocab_size)) "it reads numbers, not tokens (no vocab_size)"
    else if (s$bidirectional) "it is bidirectional, so it looks at future tokens"
    else if (!s$return_sequences) "it has return_sequences = FALSE"
    else if (s$output_activation != "softmax") "its output activation is not softmax"
    else if (s$output_size != s$vocab_size)
      sprintf("its output_size (%d) is not its vocab_size (%d)", s$output_size, s$vocab_size)
  if (!is.null(why))
    rec_abort(paste0("`net` must be a next-token language model (token input, ",
                     "unidirectional, return_sequences = TRUE, softmax over vocab_size ",
                     "outputs), but ", why, "."),
              class = "recurrent_error_not_lm", call = call)
  invisible(TRUE)
}

#' Run a network from a given recurrent state
#'
#' Applies a unidirectional network to `x` starting from `state` (the zero
#' state when `NULL`) and returns the outputs together with the state after
#' the last step, so that a long sequence can be fed in pieces (or one token
#' at a time, as [rnn_generate()] does) with the same results as in one piece.
#'
#' @param net A unidirectional `rnn_net`.
#' @param x Sequences, as for [predict.rnn_net()].
#' @param state `NULL`, or the `state` of a previous call on as many sequences.
#' @return A list with `output` (an array `[n, T, output_size]`, or
#'   `[n, 1, output_size]` with `return_sequences = FALSE`) and `state` (an
#'   opaque numeric vector: per layer the hidden state and, for LSTM, the cell
#'   state, of every sequence).
#' @examples
#' set.seed(1)
#' net <- rnn_net(1, 4, cell = "lstm", return_sequences = TRUE)
#' x <- array(rnorm(10), c(1, 10, 1))
#' a <- rnn_step_state(net, x[, 1:6, , drop = FALSE])
#' b <- rnn_step_state(net, x[, 7:10, , drop = FALSE], a$state)
#' all.equal(b$output[1, , 1], predict(net, x)[1, 7:10, 1])
#' @export
rnn_step_state <- function(net, x, state = NULL) {
  call <- sys.call()
  check_net(net)
  if (net$spec$bidirectional)
    rec_abort("`net` is bidirectional: its backward direction needs the whole sequence, so it cannot be run step by step.",
              call = call)
  x <- as_input(x, net, call = call)
  check_state(net, state, dim(x)[1], call)
  engine_call("step", net, net$params, x, state)
}

# Checks a carried state: NULL, or what rnn_step_state() returns for n
# sequences of this unidirectional net (per layer [n][H] hidden states, then
# for LSTM [n][2H] cell caches).
#' @noRd
check_state <- function(net, state, n, call) {
  if (is.null(state)) return(invisible(NULL))
  if (net$spec$bidirectional)
    rec_abort("`state` cannot be given to a bidirectional network: its backward direction starts from the end of each sequence.",
              call = call)
  per <- net$spec$layers * n * net$spec$hidden_size *
    (1 + c(rnn = 0, gru = 1, lstm = 2)[[net$spec$cell]])
  if (!is.double(state) || length(state) != per || anyNA(state) || any(is.infinite(state)))
    rec_abort(sprintf("`state` must be NULL or the state returned by rnn_step_state() for %d sequence%s (%d numbers), not %s.",
                      n, if (n == 1) "" else "s", per, describe(state)),
              call = call)
  invisible(NULL)
}

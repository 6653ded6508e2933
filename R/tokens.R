# Text to token ids and back: a vocabulary kept with the model (rnn_vocab), the
# padded id matrix that token-input networks read (rnn_tokenize), and its
# inverse (rnn_detokenize). Base R only.

#' Token vocabularies and token ids for text
#'
#' Turn text into the integer token ids that a network with `vocab_size` reads
#' (an integer matrix `[n, T]` of ids `1..V`, right-padded with `0`), and back.
#'
#' `rnn_vocab()` builds the vocabulary from training text. Tokens are
#' characters (`level = "char"`: every character, spaces and newlines included)
#' or words (`level = "word"`, see below). Ids are given by decreasing count in
#' `text`, ties broken by first appearance, so the same text always gives the
#' same ids. When `unknown` is a string it is the token with id 1, the
#' remaining ids follow; it stands for every token outside the vocabulary, and
#' its count is the number of tokens of `text` that `max_size` and `min_count`
#' left out. `max_size` bounds the number of tokens V, the unknown token
#' included: the `max_size` (or `max_size - 1`) most frequent tokens are kept,
#' ties again by first appearance. With `lower = TRUE` text is lower-cased
#' (`tolower()`) before counting, and by `rnn_tokenize()` before looking up.
#'
#' Words: a word is a run of letters, digits and combining marks, possibly with
#' apostrophes inside it (`"don't"`, `"Austen's"`); every other character that
#' is not white space (punctuation, symbols) is a token of its own; white space
#' only separates. So `"Hello, world!"` has the four tokens `"Hello"`, `","`,
#' `"world"`, `"!"`. In Perl regular expression terms a token is
#' \verb{[\\p{L}\\p{M}\\p{N}]+(?:['\\x{2019}][\\p{L}\\p{M}\\p{N}]+)*|[^\\p{L}\\p{M}\\p{N}\\s]}
#' (U+2019 is the typographic apostrophe).
#'
#' `rnn_tokenize()` gives one row per element of `text`: its tokens' ids, then
#' zeros. Tokens that are not in the vocabulary get the unknown token's id; if
#' the vocabulary has none this is an error that names them. `max_len`
#' truncates each text to its first `max_len` tokens, and the matrix then has
#' exactly `max_len` columns; without it, as many as the longest text. An
#' element with no token (`""`, or only white space at word level) is an error
#' when `pad = TRUE`, since every row of a network's input needs at least one
#' token; drop such elements first. With `pad = FALSE` the result is a list of
#' integer vectors (one per element, possibly empty), without padding.
#'
#' `rnn_detokenize()` is the inverse: zeros are dropped and the tokens of each
#' row are joined with `""` (characters) or `" "` (words). For text whose
#' tokens are all in the vocabulary and `lower = FALSE`, characters round-trip
#' exactly; words come back separated by single spaces (`"Hello , world !"`),
#' which tokenizes to the same ids again.
#'
#' @param text A character vector (no `NA`); each element is one text.
#' @param level `"char"` or `"word"`.
#' @param max_size Largest number of tokens V in the vocabulary (the unknown
#'   token included); `Inf` for all.
#' @param min_count Tokens seen fewer than `min_count` times in `text` are left
#'   out.
#' @param lower Whether to lower-case text first.
#' @param unknown The string that stands for tokens outside the vocabulary, or
#'   `NULL` for none (then such tokens are an error in `rnn_tokenize()`).
#' @param vocab An `rnn_vocab`.
#' @param max_len `NULL`, or keep only the first `max_len` tokens of each text
#'   (at most 10,000,000).
#' @param pad If `TRUE` a zero-padded integer matrix, else a list of integer
#'   vectors.
#' @param ids Token ids: an integer matrix `[n, T]` (one text per row, `0` for
#'   padding), a vector (one text) or a list of vectors.
#' @param x An `rnn_vocab` to print.
#' @param n How many of the most frequent tokens to show.
#' @param ... Unused.
#' @return `rnn_vocab()`: an object of class `rnn_vocab`, a list with
#'   `tokens` (the tokens, token `k` has id `k`), `counts` (their counts in
#'   `text`), `unknown` (the unknown token's id, or `NA`), `level` and `lower`.
#'   V is `length(vocab$tokens)`.
#'
#'   `rnn_tokenize()`: an integer matrix `[length(text), T]` of ids `1..V`
#'   right-padded with `0` (row names from `names(text)`), or with
#'   `pad = FALSE` a list of integer vectors.
#'
#'   `rnn_detokenize()`: a character vector, one element per text.
#' @seealso [rnn_net()]
#' @examples
#' text <- c("It is a truth universally acknowledged,",
#'           "that a single man in possession of a good fortune,",
#'           "must be in want of a wife.")
#' v <- rnn_vocab(text)                       # characters
#' v
#' ids <- rnn_tokenize(text, v)
#' dim(ids)
#' ids[3, 1:10]
#' rnn_detokenize(ids, v)
#'
#' w <- rnn_vocab(text, level = "word", lower = TRUE, min_count = 2)
#' w$tokens
#' rnn_tokenize("A man of good fortune.", w)
#' rnn_detokenize(rnn_tokenize("A man of good fortune.", w), w)
#' @name rnn_vocab
NULL

#' @rdname rnn_vocab
#' @export
rnn_vocab <- function(text, level = c("char", "word"), max_size = Inf, min_count = 1,
                      lower = FALSE, unknown = "<unk>") {
  call <- sys.call()
  text <- tok_check_text(text, call)
  level <- check_choice(level, c("char", "word"), "level", call = call)
  max_size <- check_int(max_size, "max_size", allow_inf = TRUE, call = call)
  min_count <- check_int(min_count, "min_count", call = call)
  lower <- check_flag(lower, "lower", call = call)
  if (!is.null(unknown) &&
      (!is.character(unknown) || length(unknown) != 1 || is.na(unknown) ||
       !nzchar(unknown) || !validUTF8(unknown)))
    rec_abort(sprintf("`unknown` must be a non-empty string or NULL, not %s.",
                      describe(unknown)), call = call)

  flat <- unlist(tok_split(text, level, lower), use.names = FALSE)
  if (length(flat) == 0)
    rec_abort(sprintf("`text` must contain at least one %s, but it has none.",
                      if (level == "char") "character" else "word or symbol"),
              call = call)
  if (!is.null(unknown)) unknown <- enc2utf8(unknown)
  seen <- unique(flat)                                   # in order of first appearance
  counts <- tabulate(match(flat, seen), length(seen))
  if (!is.null(unknown) && unknown %in% seen)
    rec_abort(sprintf(paste0("`unknown` must not be a token of `text`, but \"%s\" occurs ",
                             "in it %s; choose another string."), unknown,
                      tok_times(counts[match(unknown, seen)])), call = call)
  ord <- order(-counts, seq_along(counts))               # frequent first, ties by appearance
  ord <- ord[counts[ord] >= min_count]
  room <- if (is.null(unknown)) max_size else max_size - 1
  if (length(ord) > room) ord <- ord[seq_len(room)]
  tokens <- seen[ord]
  kept <- counts[ord]
  unk_id <- NA_integer_
  if (!is.null(unknown)) {
    tokens <- c(unknown, tokens)
    kept <- c(length(flat) - sum(kept), kept)
    unk_id <- 1L
  }
  structure(list(tokens = tokens, counts = as.integer(kept), unknown = unk_id,
                 level = level, lower = lower),
            class = "rnn_vocab")
}

#' @rdname rnn_vocab
#' @export
print.rnn_vocab <- function(x, n = 10, ...) {
  call <- sys.call()
  tok_check_vocab(x, call, name = "x")
  n <- check_int(n, "n", min = 0, call = call)
  V <- length(x$tokens)
  show <- function(tok) encodeString(tok, quote = "\"")
  cat(sprintf("<rnn_vocab> V = %s %s tokens\n", format(V, big.mark = ","),
              if (x$level == "char") "character" else "word"))
  if (x$lower) cat("  text lower-cased\n")
  if (is.na(x$unknown)) {
    cat("  no unknown token: tokens outside the vocabulary are an error\n")
  } else {
    k <- x$counts[x$unknown]
    cat(sprintf("  unknown token %s = id %d (stood for %s token%s of the text)\n",
                show(x$tokens[x$unknown]), x$unknown, format(k, big.mark = ","),
                if (k == 1) "" else "s"))
  }
  real <- setdiff(seq_len(V), x$unknown)
  top <- real[seq_len(min(n, length(real)))]
  if (length(top)) {
    cat("  most frequent (id token count):\n")
    cat(sprintf("  %5d %s %s\n", top, format(show(x$tokens[top]), width = 12),
                format(x$counts[top], big.mark = ",")), sep = "")
  }
  if (length(real) > length(top)) cat(sprintf("  ... and %d more\n", length(real) - length(top)))
  invisible(x)
}

#' @rdname rnn_vocab
#' @export
rnn_tokenize <- function(text, vocab, max_len = NULL, pad = TRUE) {
  call <- sys.call()
  tok_check_vocab(vocab, call)
  text <- tok_check_text(text, call)
  if (!is.null(max_len)) max_len <- check_int(max_len, "max_len", max = 1e7, call = call)
  pad <- check_flag(pad, "pad", call = call)

  toks <- tok_split(text, vocab$level, vocab$lower)
  flat <- unlist(toks, use.names = FALSE)
  lens <- lengths(toks)
  if (!is.null(max_len)) {                 # keep each text's first max_len tokens
    flat <- flat[sequence(lens) <= max_len]
    lens <- pmin(lens, max_len)
  }
  row <- rep.int(seq_along(toks), lens)
  col <- sequence(lens)
  ids <- match(flat, vocab$tokens)
  if (anyNA(ids)) {
    if (is.na(vocab$unknown)) {
      oov <- unique(flat[is.na(ids)])
      rec_abort(sprintf(paste0("`text` has %d token%s that %s not in `vocab`, which has no ",
                               "unknown token: %s%s. Build the vocabulary with ",
                               "`unknown = \"<unk>\"` to map them to it."),
                        sum(is.na(ids)), if (sum(is.na(ids)) == 1) "" else "s",
                        if (sum(is.na(ids)) == 1) "is" else "are",
                        paste(encodeString(utils::head(oov, 5), quote = "\""), collapse = ", "),
                        if (length(oov) > 5) sprintf(" and %d more", length(oov) - 5) else ""),
                call = call)
    }
    ids[is.na(ids)] <- vocab$unknown
  }
  if (!pad) {
    out <- split(ids, factor(row, levels = seq_along(toks)))
    names(out) <- names(text)
    return(out)
  }
  empty <- which(lens == 0)
  if (length(empty))
    rec_abort(sprintf(paste0("Every element of `text` needs at least one token, but %s ",
                             "%s %s none (an empty%s string). Drop %s first, or use ",
                             "`pad = FALSE`."),
                      if (length(empty) == 1) "element" else "elements",
                      paste(utils::head(empty, 5), collapse = ", "),
                      if (length(empty) > 5) sprintf("and %d more have", length(empty) - 5)
                      else if (length(empty) == 1) "has" else "have",
                      if (vocab$level == "word") " or blank" else "",
                      if (length(empty) == 1) "it" else "them"),
              call = call)
  width <- if (is.null(max_len)) max(lens) else max_len
  if (as.double(length(text)) * width > .Machine$integer.max)
    rec_abort(sprintf(paste0("The padded matrix would have %d rows and %s columns, more ",
                             "cells than a matrix can hold; use a smaller `max_len` ",
                             "(the longest text has %d tokens)."),
                      length(text), format(width, big.mark = ","), max(lens)), call = call)
  out <- matrix(0L, length(text), width, dimnames = list(names(text), NULL))
  out[cbind(row, col)] <- ids
  out
}

#' @rdname rnn_vocab
#' @export
rnn_detokenize <- function(ids, vocab) {
  call <- sys.call()
  tok_check_vocab(vocab, call)
  V <- length(vocab$tokens)
  rows <- if (is.list(ids) && !is.data.frame(ids)) ids
          else if (is.matrix(ids)) lapply(seq_len(nrow(ids)), function(i) ids[i, ])
          else if (is.null(dim(ids))) list(ids)
          else NULL
  ok <- !is.null(rows) && all(vapply(rows, function(r) {
    is.numeric(r) && is.null(dim(r)) && !anyNA(r) && all(r == round(r)) &&
      all(r >= 0 & r <= V)
  }, NA))
  if (!ok)
    rec_abort(sprintf(paste0("`ids` must be token ids: whole numbers in 0..%d (0 for ",
                             "padding) as a matrix [n, T], a vector or a list of ",
                             "vectors, not %s."), V, tok_describe_ids(ids, V)),
              call = call)
  sep <- if (vocab$level == "char") "" else " "
  out <- vapply(rows, function(r) paste(vocab$tokens[r[r != 0]], collapse = sep), "")
  names(out) <- if (is.matrix(ids)) rownames(ids) else if (is.list(ids)) names(ids)
  out
}

# ---------------------------------------------------------------------------

# Tokens of each element of `text` (a list of character vectors, UTF-8).
#' @noRd
tok_split <- function(text, level, lower) {
  if (lower) text <- tolower(text)
  if (level == "char") return(strsplit(text, ""))
  word <- "[\\p{L}\\p{M}\\p{N}]"
  pattern <- sprintf("%s+(?:['\u2019]%s+)*|[^\\p{L}\\p{M}\\p{N}\\s]", word, word)
  regmatches(text, gregexpr(pattern, text, perl = TRUE))
}

#' @noRd
tok_times <- function(k) if (k == 1) "once" else sprintf("%d times", k)

#' @noRd
tok_check_text <- function(text, call, name = "text", class = NULL) {
  if (!is.character(text) || !is.null(dim(text)) || length(text) == 0)
    rec_abort(sprintf("`%s` must be a character vector with at least one element, not %s.",
                      name, describe(text)), class = class, call = call)
  if (anyNA(text)) {
    bad <- which(is.na(text))
    rec_abort(sprintf("`%s` must not contain NA, but element%s %s %s NA.", name,
                      if (length(bad) == 1) "" else "s",
                      paste(utils::head(bad, 5), collapse = ", "),
                      if (length(bad) == 1) "is" else if (length(bad) > 5)
                        sprintf("and %d more are", length(bad) - 5) else "are"),
              class = class, call = call)
  }
  text <- enc2utf8(text)
  if (!all(validUTF8(text))) {
    bad <- which(!validUTF8(text))
    rec_abort(sprintf("`%s` must be valid UTF-8 (see iconv()), but element %d is not.",
                      name, bad[1]), class = class, call = call)
  }
  text
}

#' @noRd
tok_check_vocab <- function(vocab, call, name = "vocab") {
  ok <- inherits(vocab, "rnn_vocab") && is.list(vocab) && is.character(vocab$tokens) &&
    length(vocab$tokens) >= 1 && !anyNA(vocab$tokens) && !anyDuplicated(vocab$tokens) &&
    identical(length(vocab$counts), length(vocab$tokens)) &&
    is.numeric(vocab$counts) && !anyNA(vocab$counts) &&
    is.integer(vocab$unknown) && length(vocab$unknown) == 1 &&
    (is.na(vocab$unknown) || vocab$unknown %in% seq_along(vocab$tokens)) &&
    (identical(vocab$level, "char") || identical(vocab$level, "word")) &&
    is.logical(vocab$lower) && length(vocab$lower) == 1 && !is.na(vocab$lower)
  if (!ok)
    rec_abort(sprintf("`%s` must be a vocabulary made by rnn_vocab(), not %s.", name,
                      if (inherits(vocab, "rnn_vocab")) "an altered rnn_vocab"
                      else describe(vocab)),
              call = call)
  invisible(vocab)
}

# What was received instead of valid ids, for the error message.
#' @noRd
tok_describe_ids <- function(ids, V) {
  v <- if (is.list(ids)) unlist(ids, use.names = FALSE) else ids
  if (!is.numeric(v)) return(describe(ids))
  if (anyNA(v)) return(paste(describe(ids), "containing NA"))
  bad <- v[v != round(v) | v < 0 | v > V]
  if (length(bad)) return(sprintf("%s containing %s", describe(ids), format(bad[1])))
  describe(ids)
}

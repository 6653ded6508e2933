# Character language models with rnn_text_lm()'s defaults, scored in held-out
# bits per character (bpc) with the state carried over the whole test text
# (rnn_text_bits()), against an interpolated Kneser-Ney character n-gram model
# fitted in the same run on the same training text.
#
# Corpora (--corpus=austen,reviews; both by default):
#   austen   janeaustenr::austen_books(), six novels. Lines joined into
#            paragraphs (white space runs collapsed to one space), paragraphs
#            into one text per book separated by "\n".
#              train:      Sense & Sensibility, Pride & Prejudice, Mansfield Park, Emma
#              validation: Northanger Abbey   (chooses the n-gram order and discount)
#              test:       Persuasion         (a whole book never seen in training)
#   reviews  text2vec::movie_review, 5,000 IMDB reviews (HTML breaks removed),
#            in their stored order: train the first 2,500, validation the next
#            500, test the last 1,000 (reviews never seen in training); each
#            part one text, reviews separated by "\n".
# Tokens: characters, case kept, vocabulary from the training text; characters
# never seen in training are the unknown token <unk>, scored like any other.
#
# Baseline: interpolated Kneser-Ney (one absolute discount D for every order,
# continuation counts below the top order, the unigram level interpolated with
# the uniform distribution over the V tokens), n = 1..12 and D chosen on
# validation bpc; test bpc with the running context (each character predicted
# from all the text before it) and with the context reset every 100 characters.
#
# Network: rnn_text_lm(train) with its defaults (it holds out the last 10% of
# the training text itself for early stopping: the network trains on 90% of
# what the n-grams count, and never sees the validation text), then
# rnn_text_bits(lm, test) with one stream, the state carried over the whole
# test text: the same measure as the n-grams' running context.
#
# Run after installing the package:   Rscript bench/text-charlm.R [--corpus=austen]
# Options: --corpus=austen,reviews; --max-order=12 (largest n-gram order);
#          --epochs=, --hidden= (override rnn_text_lm()'s defaults).
suppressPackageStartupMessages(library(recurrent))
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
if (is.na(bench_file)) bench_file <- "bench/text-charlm.R"     # source()d from the root
source(file.path(dirname(bench_file), "text-common.R"))
corpora <- arg_list("corpus", "austen,reviews")
max_order <- as.integer(arg_value("max-order", "12"))
chunk <- 100L

# The corpus as list(train = documents, valid = one text, test = one text).
load_corpus <- function(name) {
  if (name == "austen") {
    need_package("janeaustenr", deb = "r-cran-janeaustenr")
    books <- janeaustenr::austen_books()
    book_text <- function(title) {
      lines <- trimws(books$text[books$book == title])
      para <- cumsum(!nzchar(lines))                  # a blank line ends a paragraph
      keep <- nzchar(lines)
      paragraphs <- vapply(split(lines[keep], para[keep]), paste, "", collapse = " ")
      paste(gsub("[[:space:]]+", " ", paragraphs), collapse = "\n")
    }
    train_books <- c("Sense & Sensibility", "Pride & Prejudice", "Mansfield Park", "Emma")
    return(list(train = unname(vapply(train_books, book_text, "")),
                valid = book_text("Northanger Abbey"), test = book_text("Persuasion"),
                what = c("4 books", "Northanger Abbey", "Persuasion")))
  }
  if (name == "reviews") {
    need_package("text2vec")
    r <- gsub("[[:space:]]+", " ", gsub("<br ?/?>", " ", text2vec::movie_review$review))
    r <- trimws(r)
    return(list(train = r[1:2500], valid = paste(r[2501:3000], collapse = "\n"),
                test = paste(r[4001:5000], collapse = "\n"),
                what = c("2,500 reviews", "500 reviews", "1,000 reviews")))
  }
  stop("unknown corpus ", name, " (austen or reviews)")
}

results <- list()
for (corpus in corpora) {
t0 <- proc.time()
text <- load_corpus(corpus)
vocab <- rnn_vocab(text$train, level = "char")
V <- length(vocab$tokens)
stream <- function(x) as.integer(unlist(rnn_tokenize(x, vocab, pad = FALSE), use.names = FALSE))
# the training documents as one stream, separated by a newline (as rnn_text_lm joins them)
ids <- list(train = stream(paste(text$train, collapse = "\n")),
            valid = stream(text$valid), test = stream(text$test))
t_data <- seconds_since(t0)
cat(sprintf("\n== %s, characters: V = %d tokens (with <unk>); train %s chars (%s), ",
            corpus, V, format(length(ids$train), big.mark = ","), text$what[1]),
    sprintf("validation %s (%s), test %s (%s)\n",
            format(length(ids$valid), big.mark = ","), text$what[2],
            format(length(ids$test), big.mark = ","), text$what[3]),
    sprintf("unknown characters: validation %d, test %d\n",
            sum(ids$valid == vocab$unknown), sum(ids$test == vocab$unknown)), sep = "")

# ---- baseline: interpolated Kneser-Ney character n-grams ---------------------
# k-grams are numbered order by order: the k-gram ending at position t is the
# pair (number of the (k-1)-gram ending at t - 1, character t), coded as
# prefix * B + character with B = V + 1, and numbered by first appearance in
# the training text. Prefix 0 stands for "nothing before": the empty context
# at order 1, the start of the text (or of a reset context) above it.
B <- V + 1

# Position of each character within its context: the context starts anew every
# `reset` characters (NULL: one running context).
context_pos <- function(x, reset) {
  if (is.null(reset)) seq_along(x) else (seq_along(x) - 1L) %% reset + 1L
}

# The prefixes of order k from the k-1 codes of the positions before
prefix_of <- function(prev, k, pos) {
  if (k == 1L) return(numeric(length(pos)))
  out <- c(0, prev)[seq_along(pos)]
  out[pos == 1L] <- 0
  out
}

# Per order k: the k-gram pairs (key) numbered 1..U_k, their counts ("raw",
# used at the top order) and continuation counts (the number of distinct
# characters seen just before them, used at lower orders), and per context
# (the prefix) the total S of those counts and the number T of distinct
# characters that followed it with a count above zero.
context_stats <- function(key, count) {
  ctx <- floor(key / B)
  cu <- unique(ctx)
  m <- match(ctx, cu)
  list(key = cu, S = as.vector(rowsum(as.double(count), m, reorder = FALSE)),
       T = tabulate(m[count > 0], length(cu)))
}
fit_kn <- function(x, n) {
  pos <- seq_along(x)
  grams <- vector("list", n)
  codes <- NULL
  for (k in seq_len(n)) {
    key <- prefix_of(codes, k, pos) * B + x
    u <- unique(key)
    prev <- codes
    codes <- match(key, u)
    grams[[k]] <- list(key = u, raw = tabulate(codes, length(u)))
    if (k > 1L) {                # the k-grams extend the (k-1)-grams ending where they end
      first <- match(seq_along(u), codes)
      grams[[k - 1L]]$cont <- tabulate(prev[first], length(grams[[k - 1L]]$key))
    }
  }
  grams[[n]]$cont <- grams[[n]]$raw
  lapply(grams, function(g) c(g, list(ctx_raw = context_stats(g$key, g$raw),
                                      ctx_cont = context_stats(g$key, g$cont))))
}

# Lookups for every position of a text, for every order: count of the k-gram
# and S, T of its context, both raw and continuation (0 when unseen).
kn_lookups <- function(model, x, reset = NULL) {
  pos <- context_pos(x, reset)
  codes <- NULL
  z <- function(v) { v[is.na(v)] <- 0; v }
  out <- vector("list", length(model))
  for (k in seq_along(model)) {
    g <- model[[k]]
    prefix <- prefix_of(codes, k, pos)     # NA: an unseen (k-1)-gram, so unseen here too
    codes <- match(prefix * B + x, g$key)
    j <- match(prefix, g$ctx_raw$key)      # contexts are the same in both tables
    out[[k]] <- list(raw = z(g$raw[codes]), cont = z(g$cont[codes]),
                     S_raw = z(g$ctx_raw$S[j]), T_raw = z(g$ctx_raw$T[j]),
                     S_cont = z(g$ctx_cont$S[j]), T_cont = z(g$ctx_cont$T[j]))
  }
  out
}

# bpc of the order-n model with discount D, from the lookups
kn_bpc <- function(look, n, D) {
  p <- rep(1 / V, length(look[[1]]$raw))
  for (k in seq_len(n)) {
    l <- look[[k]]
    top <- k == n
    c <- if (top) l$raw else l$cont
    S <- if (top) l$S_raw else l$S_cont
    Tn <- if (top) l$T_raw else l$T_cont
    seen <- S > 0
    p[seen] <- (pmax(c[seen] - D, 0) + D * Tn[seen] * p[seen]) / S[seen]
  }
  -mean(log2(p))
}

t0 <- proc.time()
model <- fit_kn(ids$train, max_order)
t_fit <- seconds_since(t0)
t0 <- proc.time()
look_valid <- kn_lookups(model, ids$valid)
grid <- expand.grid(D = c(0.5, 0.6, 0.7, 0.8, 0.9, 1), n = seq_len(max_order))
grid$valid_bpc <- mapply(function(n, D) kn_bpc(look_valid, n, D), grid$n, grid$D)
best <- grid[which.min(grid$valid_bpc), ]
t_tune <- seconds_since(t0)
t0 <- proc.time()
test_running <- kn_bpc(kn_lookups(model, ids$test), best$n, best$D)
test_chunked <- kn_bpc(kn_lookups(model, ids$test, reset = chunk), best$n, best$D)
test_unigram <- kn_bpc(kn_lookups(model[1], ids$test), 1, best$D)
t_test <- seconds_since(t0)

cat("\nKneser-Ney n-gram baseline: validation bpc by order n (best D per n)\n")
by_n <- do.call(rbind, lapply(split(grid, grid$n), function(g) g[which.min(g$valid_bpc), ]))
print(format(data.frame(n = by_n$n, D = by_n$D, valid_bpc = round(by_n$valid_bpc, 4)),
             nsmall = 1), row.names = FALSE)
cat(sprintf("\nchosen on validation: n = %d, D = %.1f\n", best$n, best$D))
cat(sprintf("held-out bpc (Persuasion): %.4f running context, %.4f with the context reset every %d characters\n",
            test_running, test_chunked, chunk))
cat(sprintf("  (unigram: %.4f; uniform over V: %.4f)\n", test_unigram, log2(V)))
cat(sprintf("time: data %.1f s, n-gram counts %.1f s, tuning %.1f s (%d settings), test %.1f s\n",
            t_data, t_fit, t_tune, nrow(grid), t_test))

## Network: rnn_text_lm() with its defaults ----------------------------------
lm_args <- list(text$train, verbose = TRUE)
if (!is.na(arg_value("epochs", NA))) lm_args$epochs <- as.integer(arg_value("epochs", NA))
if (!is.na(arg_value("hidden", NA))) lm_args$hidden <- as.integer(arg_value("hidden", NA))
set.seed(1)
t0 <- proc.time()
lm <- do.call(rnn_text_lm, lm_args)
t_net <- seconds_since(t0)
print(lm)
t0 <- proc.time()
bpc <- rnn_text_bits(lm, text$test)               # one stream, the state carried throughout
t_eval <- seconds_since(t0)
cat(sprintf("\n%s: rnn_text_lm() held-out bpc %.4f (state carried over the whole test text; KN running context %.4f); training %.0f s (%s characters x %d epochs, %.0f characters/s), scoring %.0f s\n",
            corpus, bpc, test_running, t_net, format(lm$data$train_tokens, big.mark = ","),
            lm$training$epochs, lm$data$train_tokens * lm$training$epochs / lm$training$seconds,
            t_eval))
set.seed(2)
cat("\nsample (temperature 0.7):\n", rnn_generate(lm, "It was", 300, temperature = 0.7),
    "\n", sep = "")
results[[corpus]] <- data.frame(
  corpus = corpus, train_chars = length(ids$train),
  kn_running = test_running, kn_reset100 = test_chunked, kn_n = best$n,
  rnn_text_lm = bpc, epochs = lm$training$epochs, train_s = t_net, score_s = t_eval)
}

cat("\nSummary (held-out bits per character; lower is better)\n")
md_table(do.call(rbind, results),
         list(kn_running = 4, kn_reset100 = 4, rnn_text_lm = 4, train_s = 0, score_s = 0))

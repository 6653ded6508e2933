# Sentiment of real movie reviews: 5,000 IMDB reviews labelled positive or
# negative (text2vec::movie_review, a sample of the Stanford Large Movie Review
# Dataset), with an L2-penalised bag-of-words logistic regression as the
# baseline, both in this script, scored in held-out accuracy.
#
# Data: reviews cleaned of their HTML line breaks (<br />) and backslashes,
# split by a fixed seed into train 60% / validation 20% / test 20%.
# Tokens: words (rnn_vocab(level = "word"): runs of letters and digits with
# inner apostrophes, each punctuation mark a token), lower-cased, vocabulary
# from the training reviews: words seen at least twice in them; the others are
# the unknown token.
#
# Baseline: logistic regression on binary word presence (a word in the
# vocabulary occurs in the review or not; the unknown token is not a feature),
# with an L2 penalty lambda/2 * ||w||^2 (intercept free), fitted by L-BFGS-B
# (stats::optim) with the analytic gradient on a sparse document-term matrix
# held as (review, word) pairs; lambda chosen on validation accuracy (ties:
# validation log-loss).
#
# Run after installing the package:   Rscript bench/text-sentiment.R
# Environment: BENCH_MAX_LEN=600 (tokens per review fed to the network),
#              BENCH_EPOCHS=10, BENCH_HIDDEN=32, BENCH_EMBED=32 (embedding size),
#              BENCH_NET_VOCAB=5000 (the network's vocabulary: the most frequent
#              that many training words, the rest <unk>; 0: the baseline's).
suppressPackageStartupMessages(library(recurrent))
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
if (is.na(bench_file)) bench_file <- "bench/text-sentiment.R"  # source()d from the root
source(file.path(dirname(bench_file), "text-common.R"))
need_package("text2vec")

max_len <- as.integer(Sys.getenv("BENCH_MAX_LEN", "600"))

# ---- data -------------------------------------------------------------------
t0 <- proc.time()
reviews <- text2vec::movie_review
text <- gsub("<br\\s*/?>", " ", reviews$review, perl = TRUE)
text <- gsub("\\", "", text, fixed = TRUE)
label <- as.integer(reviews$sentiment)                  # 1 positive, 0 negative
set.seed(20240610)
part <- sample(rep(c("train", "valid", "test"), c(3000, 1000, 1000)))
vocab <- rnn_vocab(text[part == "train"], level = "word", lower = TRUE, min_count = 2)
V <- length(vocab$tokens)
ids <- rnn_tokenize(text, vocab, pad = FALSE)
lens <- lengths(ids)
t_data <- seconds_since(t0)
cat(sprintf("IMDB movie reviews (text2vec::movie_review): %d reviews, %.1f%% positive; ",
            length(text), 100 * mean(label)),
    sprintf("train %d / validation %d / test %d\n", sum(part == "train"),
            sum(part == "valid"), sum(part == "test")),
    sprintf("words: V = %s (min_count 2, with <unk>); tokens per review: median %d, 90%% %d, max %d; ",
            format(V, big.mark = ","), as.integer(median(lens)),
            as.integer(quantile(lens, 0.9)), max(lens)),
    sprintf("unknown tokens in test reviews: %.1f%%\n",
            100 * mean(unlist(ids[part == "test"]) == vocab$unknown)), sep = "")

# ---- baseline: L2-penalised bag-of-words logistic regression -----------------
# The document-term matrix as pairs (doc, term): term t is word id t + 1 (the
# unknown token, id 1, is not a feature), value 1 when the word occurs.
features <- function(docs) {
  pairs <- lapply(docs, function(d) sort(unique(d[d != vocab$unknown])) - 1L)
  list(doc = rep.int(seq_along(docs), lengths(pairs)), term = unlist(pairs),
       n = length(docs))
}
n_terms <- V - 1L
# sums of `v` by `group` (1..size), zero for groups with nothing
group_sum <- function(v, group, size) {
  s <- rowsum(v, group)
  out <- numeric(size)
  out[as.integer(rownames(s))] <- s
  out
}
linear <- function(X, beta) beta[1] + group_sum(beta[-1][X$term], X$doc, X$n)

fit_logistic <- function(X, y, lambda, start = rep(0, n_terms + 1)) {
  f <- function(beta) {
    eta <- linear(X, beta)
    sum(pmax(eta, 0) - y * eta + log1p(exp(-abs(eta)))) + lambda / 2 * sum(beta[-1]^2)
  }
  g <- function(beta) {
    r <- stats::plogis(linear(X, beta)) - y
    c(sum(r), group_sum(r[X$doc], X$term, n_terms) + lambda * beta[-1])
  }
  opt <- stats::optim(start, f, g, method = "L-BFGS-B",
                      control = list(maxit = 2000))
  if (opt$convergence != 0) warning("optim did not converge: ", opt$message)
  opt$par
}
score <- function(X, y, beta) {
  p <- stats::plogis(linear(X, beta))
  c(accuracy = mean((p > 0.5) == (y == 1)),
    logloss = -mean(y * log(p) + (1 - y) * log1p(-p)))
}

X <- lapply(c(train = "train", valid = "valid", test = "test"),
            function(s) features(ids[part == s]))
y <- lapply(c(train = "train", valid = "valid", test = "test"), function(s) label[part == s])
t0 <- proc.time()
lambdas <- 10^seq(2.5, -1, by = -0.5)                    # strong to weak, warm starts
path <- vector("list", length(lambdas))
beta <- rep(0, n_terms + 1)
for (k in seq_along(lambdas)) {
  beta <- fit_logistic(X$train, y$train, lambdas[k], start = beta)
  path[[k]] <- list(beta = beta, valid = score(X$valid, y$valid, beta))
}
tab <- data.frame(lambda = lambdas,
                  valid_accuracy = vapply(path, function(p) p$valid[["accuracy"]], 0),
                  valid_logloss = vapply(path, function(p) p$valid[["logloss"]], 0))
best <- order(-tab$valid_accuracy, tab$valid_logloss)[1]
t_tune <- seconds_since(t0)
test <- score(X$test, y$test, path[[best]]$beta)
majority <- max(mean(y$test), 1 - mean(y$test))

cat("\nbag-of-words logistic regression (binary presence, L2): validation by lambda\n")
print(format(transform(tab, lambda = signif(lambda, 3),
                       valid_accuracy = round(valid_accuracy, 4),
                       valid_logloss = round(valid_logloss, 4))), row.names = FALSE)
cat(sprintf("\nchosen on validation: lambda = %g\n", tab$lambda[best]))
cat(sprintf("held-out accuracy: %.4f (log-loss %.4f) on %d test reviews; majority class %.4f\n",
            test[["accuracy"]], test[["logloss"]], length(y$test), majority))
top <- order(path[[best]]$beta[-1])
cat("most negative words:", paste(vocab$tokens[head(top, 12) + 1L], collapse = ", "), "\n")
cat("most positive words:", paste(vocab$tokens[rev(tail(top, 12)) + 1L], collapse = ", "), "\n")
cat(sprintf("time: data %.1f s, fitting %d penalties %.1f s\n", t_data, length(lambdas), t_tune))

## Network: embedding + bidirectional GRU -------------------------------------
epochs <- as.integer(Sys.getenv("BENCH_EPOCHS", "10"))
hidden <- as.integer(Sys.getenv("BENCH_HIDDEN", "32"))
embed <- as.integer(Sys.getenv("BENCH_EMBED", "32"))
net_vocab <- as.integer(Sys.getenv("BENCH_NET_VOCAB", "5000"))
if (net_vocab > 0) {
  vocab <- rnn_vocab(text[part == "train"], level = "word", lower = TRUE, min_count = 2,
                     max_size = net_vocab)
  V <- length(vocab$tokens)
}
# the first max_len tokens of each review, right-padded with 0
x <- rnn_tokenize(text, vocab, max_len = max_len)
cls <- factor(ifelse(label == 1, "positive", "negative"), c("negative", "positive"))
set.seed(1)
t0 <- proc.time()
net <- rnn_net(input_size = embed, hidden_size = hidden, output_size = 2, cell = "gru",
               bidirectional = TRUE, output_activation = "softmax", vocab_size = V)
# early stopping on the validation reviews (the baseline's lambda is chosen there too)
net <- rnn_train(net, x[part == "train", ], cls[part == "train"], loss = "crossentropy",
                 lr = 2e-3, epochs = epochs, batch_size = 32, patience = 3,
                 validation = list(x[part == "valid", ], cls[part == "valid"]),
                 verbose = TRUE)
t_net <- seconds_since(t0)
pred <- predict(net, x[part == "test", ], type = "class")
real_tokens <- sum(x[part == "train", ] != 0)
cat(sprintf("\nembedding %d (V = %d) + bidirectional GRU (H = %d): held-out accuracy %.4f (first %d tokens; logistic regression %.4f); training %.0f s over %d epochs, %.0f tokens/s\n",
            embed, V, hidden, mean(pred == cls[part == "test"]), max_len, test[["accuracy"]], t_net,
            net$training$epochs, net$training$epochs * real_tokens / net$training$seconds))

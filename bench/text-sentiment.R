# Text classification with rnn_text_classifier()'s defaults against an
# L2-penalised bag-of-words logistic regression fitted in the same run, scored
# in held-out accuracy.
#
# Corpora (--corpus=imdb,austen; both by default):
#   imdb    5,000 IMDB reviews labelled positive or negative (text2vec::
#           movie_review, a sample of the Stanford Large Movie Review
#           Dataset), cleaned of HTML line breaks and backslashes.
#   austen  which of Jane Austen's six novels a paragraph comes from
#           (janeaustenr::austen_books(); paragraphs of at least 20 words,
#           lines joined; 6 classes).
# Each split by a fixed seed into train 60% / validation 20% / test 20%.
# Tokens: words (rnn_vocab(level = "word"): runs of letters and digits with
# inner apostrophes, each punctuation mark a token), lower-cased.
#
# Baseline: multinomial logistic regression (softmax; two classes: ordinary
# logistic regression) on binary word presence of the words seen at least
# twice in the training texts, with an L2 penalty lambda/2 * ||W||^2
# (intercepts free), fitted by L-BFGS-B (stats::optim) with the analytic
# gradient on a sparse document-term matrix held as (text, word) pairs; lambda
# chosen on validation accuracy (ties: validation log-loss).
#
# Network: rnn_text_classifier(train + validation texts, validation = 0.25)
# with its defaults: it holds out a quarter of what it is given (as many
# texts as the baseline's validation set, drawn by class) for early stopping,
# and never sees the test texts.
#
# Run after installing the package:   Rscript bench/text-sentiment.R [--corpus=imdb]
# Options: --corpus=imdb,austen; --epochs=, --hidden=, --embedding= override
#          rnn_text_classifier()'s defaults.
suppressPackageStartupMessages(library(recurrent))
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
if (is.na(bench_file)) bench_file <- "bench/text-sentiment.R"  # source()d from the root
source(file.path(dirname(bench_file), "text-common.R"))

corpora <- arg_list("corpus", "imdb,austen")

# list(text, label = factor, what)
load_corpus <- function(name) {
  if (name == "imdb") {
    need_package("text2vec")
    r <- text2vec::movie_review
    text <- gsub("<br\\s*/?>", " ", r$review, perl = TRUE)
    text <- gsub("\\", "", text, fixed = TRUE)
    return(list(text = text, label = factor(ifelse(r$sentiment == 1, "positive", "negative"),
                                            c("negative", "positive")),
                what = "IMDB movie reviews (text2vec::movie_review)"))
  }
  if (name == "austen") {
    need_package("janeaustenr", deb = "r-cran-janeaustenr")
    b <- janeaustenr::austen_books()
    lines <- trimws(b$text)
    para <- cumsum(!nzchar(lines) | c(TRUE, b$book[-1] != b$book[-length(b$book)]))
    keep <- nzchar(lines)
    text <- vapply(split(lines[keep], para[keep]), paste, "", collapse = " ")
    book <- vapply(split(as.character(b$book[keep]), para[keep]), `[`, "", 1)
    words <- lengths(strsplit(text, "[[:space:]]+"))
    ok <- words >= 20
    return(list(text = unname(text[ok]), label = factor(book[ok], levels(b$book)),
                what = "Jane Austen paragraphs by novel (janeaustenr::austen_books())"))
  }
  stop("unknown corpus ", name, " (imdb or austen)")
}

results <- list()
for (corpus in corpora) {
t0 <- proc.time()
d <- load_corpus(corpus)
text <- d$text
K <- nlevels(d$label)
label <- as.integer(d$label)
set.seed(20240610)
n <- length(text)
part <- sample(rep(c("train", "valid", "test"), c(n - 2 * round(0.2 * n), round(0.2 * n),
                                                  round(0.2 * n))))
vocab <- rnn_vocab(text[part == "train"], level = "word", lower = TRUE, min_count = 2)
V <- length(vocab$tokens)
ids <- rnn_tokenize(text, vocab, pad = FALSE)
lens <- lengths(ids)
t_data <- seconds_since(t0)
cat(sprintf("\n== %s: %d texts, %d classes (largest %.1f%%); ", d$what, n, K,
            100 * max(table(label)) / n),
    sprintf("train %d / validation %d / test %d\n", sum(part == "train"),
            sum(part == "valid"), sum(part == "test")),
    sprintf("words: V = %s (min_count 2, with <unk>); tokens per text: median %d, 90%% %d, max %d\n",
            format(V, big.mark = ","), as.integer(median(lens)),
            as.integer(quantile(lens, 0.9)), max(lens)), sep = "")

# ---- baseline: L2-penalised bag-of-words (multinomial) logistic regression --
# The document-term matrix as pairs (doc, term): term t is word id t + 1 (the
# unknown token, id 1, is not a feature), value 1 when the word occurs.
features <- function(docs) {
  pairs <- lapply(docs, function(v) sort(unique(v[v != vocab$unknown])) - 1L)
  list(doc = rep.int(seq_along(docs), lengths(pairs)), term = unlist(pairs),
       n = length(docs))
}
n_terms <- V - 1L
# row sums of the matrix m by group (1..size), zero rows for empty groups
group_sum <- function(m, group, size) {
  s <- rowsum(m, group)
  out <- matrix(0, size, ncol(m))
  out[as.integer(rownames(s)), ] <- s
  out
}
# W: [1 + n_terms, K] (first row the intercepts); scores [n, K]
scores_of <- function(X, W) {
  sweep(group_sum(W[-1, , drop = FALSE][X$term, , drop = FALSE], X$doc, X$n), 2, W[1, ], "+")
}
softmax_rows <- function(eta) { e <- exp(eta - apply(eta, 1, max)); e / rowSums(e) }
fit_logistic <- function(X, y, lambda, start) {
  Y <- diag(K)[y, , drop = FALSE]
  f <- function(w) {
    W <- matrix(w, ncol = K)
    eta <- scores_of(X, W)
    m <- apply(eta, 1, max)
    sum(m + log(rowSums(exp(eta - m))) - eta[cbind(seq_along(y), y)]) +
      lambda / 2 * sum(W[-1, ]^2)
  }
  g <- function(w) {
    W <- matrix(w, ncol = K)
    R <- softmax_rows(scores_of(X, W)) - Y
    as.vector(rbind(colSums(R), group_sum(R[X$doc, , drop = FALSE], X$term, n_terms) +
                      lambda * W[-1, , drop = FALSE]))
  }
  opt <- stats::optim(start, f, g, method = "L-BFGS-B", control = list(maxit = 2000))
  if (opt$convergence != 0) warning("optim did not converge: ", opt$message)
  opt$par
}
score <- function(X, y, w) {
  p <- softmax_rows(scores_of(X, matrix(w, ncol = K)))
  c(accuracy = mean(max.col(p, ties.method = "first") == y),
    logloss = -mean(log(p[cbind(seq_along(y), y)])))
}

X <- lapply(c(train = "train", valid = "valid", test = "test"),
            function(s) features(ids[part == s]))
y <- lapply(c(train = "train", valid = "valid", test = "test"), function(s) label[part == s])
t0 <- proc.time()
lambdas <- 10^seq(2.5, -1, by = -0.5)                    # strong to weak, warm starts
path <- vector("list", length(lambdas))
w <- rep(0, (n_terms + 1) * K)
for (k in seq_along(lambdas)) {
  w <- fit_logistic(X$train, y$train, lambdas[k], start = w)
  path[[k]] <- list(w = w, valid = score(X$valid, y$valid, w))
}
tab <- data.frame(lambda = lambdas,
                  valid_accuracy = vapply(path, function(p) p$valid[["accuracy"]], 0),
                  valid_logloss = vapply(path, function(p) p$valid[["logloss"]], 0))
best <- order(-tab$valid_accuracy, tab$valid_logloss)[1]
t_base <- seconds_since(t0)
test <- score(X$test, y$test, path[[best]]$w)
majority <- max(table(y$test)) / length(y$test)
cat("\nbag-of-words logistic regression (binary presence, L2): validation by lambda\n")
print(format(transform(tab, lambda = signif(lambda, 3),
                       valid_accuracy = round(valid_accuracy, 4),
                       valid_logloss = round(valid_logloss, 4))), row.names = FALSE)
cat(sprintf("chosen on validation: lambda = %g; held-out accuracy %.4f (log-loss %.4f) on %d test texts; majority class %.4f; %.0f s\n",
            tab$lambda[best], test[["accuracy"]], test[["logloss"]], length(y$test), majority,
            t_base))

## Network: rnn_text_classifier() with its defaults ---------------------------
fit_rows <- part != "test"
args <- list(text[fit_rows], d$label[fit_rows], validation = 0.25, verbose = TRUE)
for (a in c("epochs", "hidden", "embedding"))
  if (!is.na(arg_value(a, NA))) args[[a]] <- as.integer(arg_value(a, NA))
set.seed(1)
t0 <- proc.time()
clf <- do.call(rnn_text_classifier, args)
t_net <- seconds_since(t0)
print(clf)
pred <- predict(clf, text[part == "test"])
acc <- mean(pred == d$label[part == "test"])
p <- predict(clf, text[part == "test"], type = "prob")
ll <- -mean(log(pmax(p[cbind(seq_along(pred), label[part == "test"])], 1e-12)))
cat(sprintf("\n%s: rnn_text_classifier() held-out accuracy %.4f (log-loss %.4f; bag-of-words %.4f); training %.0f s\n",
            corpus, acc, ll, test[["accuracy"]], t_net))
results[[corpus]] <- data.frame(corpus = corpus, texts = n, classes = K,
                                bow_accuracy = test[["accuracy"]], bow_s = t_base,
                                rnn_accuracy = acc, rnn_logloss = ll,
                                epochs = sum(clf$training$members$epochs), rnn_s = t_net)
}

cat("\nSummary (held-out accuracy; higher is better)\n")
md_table(do.call(rbind, results), list(bow_accuracy = 4, bow_s = 0, rnn_accuracy = 4,
                                       rnn_logloss = 4, rnn_s = 0))

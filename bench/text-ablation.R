# What parts of the text API's defaults buy, each measured against the
# alternative in the same run (the figures in bench/README.md, "Text"):
#   1. classifier head: every step predicts the class and the text gets the
#      mean (pool = "mean") against the final states (pool = "last"); one
#      network each (ensemble = 1), IMDB 3,000 / 1,000 / 1,000 as in
#      text-sentiment.R (the split's 4,000 given, a quarter held out), test accuracy;
#   2. language model: the state carried from chunk to chunk in training
#      (stateful = TRUE) against every chunk from zeros, LSTM 256, 2 epochs on
#      the first 1 M characters of the Austen training books, test bits per
#      character on Persuasion (state carried in scoring either way);
#   3. single against double precision: training characters per second of the
#      default language model (LSTM 512) on 300 k characters, one epoch each.
# Run after installing the package:   Rscript bench/text-ablation.R   (~12 min)
suppressPackageStartupMessages(library(recurrent))
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
if (is.na(bench_file)) bench_file <- "bench/text-ablation.R"
source(file.path(dirname(bench_file), "text-common.R"))
need_package("text2vec")
need_package("janeaustenr", deb = "r-cran-janeaustenr")
rows <- list()
add <- function(part, setting, value, unit, seconds)
  rows[[length(rows) + 1L]] <<- data.frame(part = part, setting = setting, value = value,
                                           unit = unit, seconds = seconds)

# 1. classifier head
r <- text2vec::movie_review
text <- gsub("<br\\s*/?>", " ", r$review, perl = TRUE)
text <- gsub("\\", "", text, fixed = TRUE)
lab <- factor(ifelse(r$sentiment == 1, "positive", "negative"), c("negative", "positive"))
set.seed(20240610)
part <- sample(rep(c("train", "valid", "test"), c(3000, 1000, 1000)))
for (pool in c("mean", "last")) {
  set.seed(1)
  t0 <- proc.time()
  clf <- rnn_text_classifier(text[part != "test"], lab[part != "test"], pool = pool,
                             ensemble = 1, verbose = FALSE)
  acc <- mean(predict(clf, text[part == "test"]) == lab[part == "test"])
  add("classifier head (IMDB)", sprintf("pool = \"%s\"", pool), acc, "test accuracy",
      seconds_since(t0))
}

# 2. carried state in training
books <- janeaustenr::austen_books()
book_text <- function(title) {
  lines <- trimws(books$text[books$book == title])
  para <- cumsum(!nzchar(lines))
  keep <- nzchar(lines)
  paragraphs <- vapply(split(lines[keep], para[keep]), paste, "", collapse = " ")
  paste(gsub("[[:space:]]+", " ", paragraphs), collapse = "\n")
}
train <- substr(paste(vapply(c("Sense & Sensibility", "Pride & Prejudice", "Mansfield Park",
                                "Emma"), book_text, ""), collapse = "\n"), 1, 1e6)
test <- book_text("Persuasion")
for (stateful in c(TRUE, FALSE)) {
  set.seed(1)
  t0 <- proc.time()
  lm <- rnn_text_lm(train, hidden = 256, epochs = 2, stateful = stateful, verbose = FALSE)
  add("language model (Austen, 1 M chars)", sprintf("stateful = %s", stateful),
      rnn_text_bits(lm, test, streams = 16), "test bits per character", seconds_since(t0))
}

# 3. precision
small <- substr(train, 1, 3e5)
for (precision in c("single", "double")) {
  set.seed(1)
  lm <- rnn_text_lm(small, epochs = 1, precision = precision, verbose = FALSE)
  add("training speed (LSTM 512)", sprintf("precision = \"%s\"", precision),
      lm$data$train_tokens / lm$history$seconds[1], "characters per second",
      lm$history$seconds[1])
}
md_table(do.call(rbind, rows), list(value = 4, seconds = 0))

# Training throughput (tokens per second) of a character language model,
# recurrent against PyTorch on the same model in the same run: an embedding
# (V = 80, E = 32), one LSTM layer (H = 128) and a softmax head over V, with
# cross-entropy at every step of T = 100, batches of 64, Adam, gradient norm
# clipped to 1, float64, 2 threads each (recurrent: options(recurrent.threads =
# 2); PyTorch: torch.set_num_threads(2)).
#
# Run after installing the package:   Rscript bench/text-speed.R
# Environment: BENCH_CELL=lstm, BENCH_HIDDEN=128, BENCH_BATCHES=40,
#              RECURRENT_BENCH_PYTHON=/usr/bin/python3 (an interpreter with torch).
suppressPackageStartupMessages(library(recurrent))
bench_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
if (is.na(bench_file)) bench_file <- "bench/text-speed.R"
V <- 80L; E <- 32L; T <- 100L; B <- 64L
H <- as.integer(Sys.getenv("BENCH_HIDDEN", "128"))
cell <- Sys.getenv("BENCH_CELL", "lstm")
batches <- as.integer(Sys.getenv("BENCH_BATCHES", "40"))
python <- Sys.getenv("RECURRENT_BENCH_PYTHON", "/usr/bin/python3")
options(recurrent.threads = 2)

set.seed(1)
n <- B * batches
x <- matrix(sample.int(V, n * T, replace = TRUE), n, T)
y <- matrix(sample.int(V, n * T, replace = TRUE), n, T)
net <- rnn_net(E, H, V, cell = cell, output_activation = "softmax",
               return_sequences = TRUE, vocab_size = V)
# warm-up: one epoch on two batches
invisible(rnn_train(net, x[1:(2 * B), ], y[1:(2 * B), ], loss = "crossentropy",
                    epochs = 1, batch_size = B, validation = 0, verbose = FALSE))
t0 <- proc.time()[["elapsed"]]
fit <- rnn_train(net, x, y, loss = "crossentropy", epochs = 1, batch_size = B,
                 validation = 0, shuffle = FALSE, verbose = FALSE)
r_sec <- proc.time()[["elapsed"]] - t0
r_tps <- n * T / r_sec

torch_line <- tryCatch(
  system2(python, c(file.path(dirname(bench_file), "torch_text_speed.py"),
                    V, E, H, T, B, batches, cell, 2), stdout = TRUE, stderr = FALSE),
  error = function(e) NA_character_, warning = function(w) NA_character_)
torch_tps <- suppressWarnings(as.numeric(strsplit(torch_line[1], " ")[[1]][1]))

cat(sprintf("char LM training, %s H = %d, V = %d, E = %d, T = %d, batch %d, %d batches, float64, 2 threads\n",
            cell, H, V, E, T, B, batches))
cat(sprintf("  recurrent: %8.0f tokens/s (%.1f s)\n", r_tps, r_sec))
if (is.na(torch_tps)) {
  cat("  PyTorch:   not run (no interpreter with torch at ", python, ")\n", sep = "")
} else {
  cat(sprintf("  PyTorch:   %8.0f tokens/s; recurrent / PyTorch = %.2f\n", torch_tps,
              r_tps / torch_tps))
}

# make demo: train a small LSTM on a built-in series and show what it learned.
library(recurrent)
set.seed(42)
y <- as.numeric(datasets::nottem)            # monthly temperatures at Nottingham
z <- (y - mean(y)) / sd(y)
lookback <- 24
idx <- seq_len(length(z) - lookback)
x <- array(t(sapply(idx, function(i) z[i:(i + lookback - 1)])), c(length(idx), lookback, 1))
target <- z[idx + lookback]
net <- rnn_net(input_size = 1, hidden_size = 16, cell = "lstm")
net <- rnn_train(net, x, target, epochs = 60, lr = 0.01, verbose = TRUE)
print(net)
pred <- predict(net, x) * sd(y) + mean(y)
cat(sprintf("\nOne-step-ahead RMSE on nottem: %.2f degrees F (series sd %.2f)\n",
            sqrt(mean((pred - y[idx + lookback])^2)), sd(y)))

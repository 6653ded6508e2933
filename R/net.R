# rnn_net(): the network object and its description (spec), the layout of its
# weights, and the integer codes the C core understands.

#' Create a recurrent neural network
#'
#' Builds an Elman RNN, LSTM or GRU network, optionally stacked and
#' bidirectional, followed by a dense output layer (the "head"). Weights are
#' drawn with R's random number generator from U(-1/sqrt(H), 1/sqrt(H)) as
#' PyTorch does (the head from U(-1/sqrt(D), 1/sqrt(D)), D its input width), so
#' `set.seed()` before `rnn_net()` gives the same network every time.
#'
#' The network reads sequences `x` of shape `[n, T, input_size]`. Each layer
#' runs forward in time and, when `bidirectional = TRUE`, also backward; the two
#' directions' states at each step are merged by `merge` (`"concat"` doubles the
#' width, as PyTorch's bidirectional layers do; `"sum"`, `"ave"` and `"mul"` keep
#' it at `hidden_size`) and feed the next layer. With `return_sequences = FALSE`
#' the head sees the last layer's final state (for a bidirectional layer, the
#' merge of the forward state after the last step and the backward state after
#' the first step, i.e. PyTorch's `h_n`); with `return_sequences = TRUE` it is
#' applied at every step.
#'
#' Cells follow PyTorch exactly: LSTM gates in the order (i, f, g, o); GRU gates
#' (r, z, n) with \eqn{n = \tanh(W_{in} x + b_{in} + r (W_{hn} h + b_{hn}))};
#' two bias vectors per layer. See [rnn_weights()] for the weight layout.
#'
#' @param input_size Number of features per time step (p).
#' @param hidden_size Number of hidden units per layer and direction (H).
#' @param output_size Number of outputs of the head.
#' @param cell `"lstm"`, `"gru"` or `"rnn"` (Elman).
#' @param layers Number of stacked recurrent layers (at most 32).
#' @param bidirectional Whether each layer also runs backward in time.
#' @param merge How the two directions are combined: `"concat"`, `"sum"`,
#'   `"ave"` or `"mul"`.
#' @param activation Activation of the Elman cell, `"tanh"` or `"relu"`
#'   (ignored by LSTM and GRU).
#' @param output_activation `"linear"`, `"sigmoid"` or `"softmax"`.
#' @param return_sequences If `TRUE` the network outputs every step.
#' @param dropout Inverted dropout rate applied, in training only, to the output
#'   of every recurrent layer except the last; in `[0, 1)`.
#' @param vocab_size `NULL` for numeric input, or the number of token ids V:
#'   the network then starts with an embedding `embedding.weight`
#'   \[V x input_size\] (PyTorch's `nn.Embedding`, initialised N(0, 1) with
#'   [rnorm()]) and reads token ids, see "Token input" below.
#' @param ... Not used: an unknown argument is an error of class
#'   `recurrent_error_unknown_argument` naming it.
#' @param precision `"double"` or `"single"`: the floating-point precision the
#'   network computes in, see "Precision" below. The default is
#'   `getOption("recurrent.precision", "double")`.
#' @section Token input:
#' With `vocab_size = V`, `x` is an integer matrix `[n, T]` of token ids
#' `1..V` (see [rnn_tokenize()]), each row its tokens then `0`s (right
#' padding), with at least one token per row. Padded batches follow PyTorch's
#' `pack_padded_sequence()`: padded steps change no state, the summary state
#' is each row's state after its own last token, a backward direction starts
#' at that token, and with `return_sequences = TRUE` outputs at padded steps
#' are `NA` and losses average over the real steps only.
#' @section Precision:
#' R keeps the weights and returns every result as doubles either way. A
#' `"single"` network is computed in float (32-bit) arithmetic, as PyTorch
#' computes by default: each call ([predict()][predict.rnn_net],
#' [rnn_gradients()], [rnn_train()], [rnn_step_state()], [rnn_generate()])
#' rounds the weights to float once, rounds each batch of data as it reads
#' it, and runs the matrix products, cells, losses and optimizer in float
#' (losses and gradient norms are summed in double). That takes about half
#' the memory traffic and, with 16 floats per AVX-512 register instead of 8
#' doubles, up to twice the arithmetic per cycle: training is 1.6 to 2.1 times
#' faster (`bench/README.md`). Results agree with double to about 1e-6
#' relative (float's rounding, 6e-8, grown over the steps), are
#' `set.seed()` reproducible and do not depend on the number of threads.
#' [rnn_train()] then leaves weights that are exactly representable in float.
#' Matrix products always use recurrent's own GEMM in single precision
#' (`options(recurrent.blas)` applies to double only). Finite-difference
#' checks need double. The precision is stored as `net$spec$precision`
#' (`"single"`; absent for double, as in networks saved before it existed).
#' @return An object of class `rnn_net`.
#' @seealso [rnn_train()], [predict.rnn_net()], [rnn_weights()], [rnn_vocab()],
#'   [rnn_generate()]
#' @examples
#' set.seed(1)
#' net <- rnn_net(input_size = 3, hidden_size = 8, cell = "gru", layers = 2)
#' net
#' x <- array(rnorm(5 * 10 * 3), c(5, 10, 3))   # 5 sequences, 10 steps, 3 features
#' predict(net, x)
#'
#' # token input: 2 sequences of ids from a vocabulary of 5, right-padded
#' tok <- rnn_net(4, 8, cell = "gru", vocab_size = 5)
#' predict(tok, rbind(c(1, 2, 3, 0), c(5, 4, 0, 0)))
#'
#' # the first network (the same seed, the same weights) in single precision
#' set.seed(1)
#' net32 <- rnn_net(input_size = 3, hidden_size = 8, cell = "gru", layers = 2,
#'                  precision = "single")
#' net32
#' max(abs(predict(net32, x) - predict(net, x)))   # float rounding, ~1e-7
#' @export
rnn_net <- function(input_size, hidden_size, output_size = 1,
                    cell = c("lstm", "gru", "rnn"), layers = 1,
                    bidirectional = FALSE, merge = c("concat", "sum", "ave", "mul"),
                    activation = c("tanh", "relu"),
                    output_activation = c("linear", "sigmoid", "softmax"),
                    return_sequences = FALSE, dropout = 0, vocab_size = NULL,
                    precision = c("double", "single"), ...) {
  fc_check_dots(list(...), "rnn_net", sys.call())
  if (missing(precision)) precision <- default_precision()
  spec <- validate_spec(input_size, hidden_size, output_size, cell, layers,
                        bidirectional, merge, activation, output_activation,
                        return_sequences, dropout, vocab_size, precision)
  shapes <- net_shapes(spec)
  n_params <- sum(vapply(shapes, prod, numeric(1)))
  if (n_params > 1e8)
    rec_abort(sprintf("This network would have %s parameters (%.1f GB); at most 100,000,000 are supported.",
                      format(n_params, big.mark = ",", scientific = FALSE), n_params * 8 / 1e9))
  params <- unlist(lapply(names(shapes), function(nm) {
    if (nm == "embedding.weight") return(rnorm(prod(shapes[[nm]])))
    bound <- if (startsWith(nm, "head.")) 1 / sqrt(head_width(spec))
             else 1 / sqrt(spec$hidden_size)
    runif(prod(shapes[[nm]]), -bound, bound)
  }), use.names = FALSE)
  structure(list(spec = spec, params = params, history = NULL, training = NULL),
            class = "rnn_net")
}

# Checks the arguments of rnn_net() and returns them as the network's spec.
#' @noRd
validate_spec <- function(input_size, hidden_size, output_size, cell, layers,
                          bidirectional, merge, activation, output_activation,
                          return_sequences, dropout, vocab_size = NULL,
                          precision = "double") {
  call <- sys.call(-1)         # errors name the user's call, rnn_net(...)
  spec <- list(
    cell = check_choice(cell, c("lstm", "gru", "rnn"), "cell", call = call),
    input_size = check_int(input_size, "input_size", max = 1e6, call = call),
    hidden_size = check_int(hidden_size, "hidden_size", max = 1e5, call = call),
    output_size = check_int(output_size, "output_size", max = 1e6, call = call),
    layers = check_int(layers, "layers", max = 32, call = call),
    bidirectional = check_flag(bidirectional, "bidirectional", call = call),
    merge = check_choice(merge, c("concat", "sum", "ave", "mul"), "merge", call = call),
    activation = check_choice(activation, c("tanh", "relu"), "activation", call = call),
    output_activation = check_choice(output_activation,
                                     c("linear", "sigmoid", "softmax"),
                                     "output_activation", call = call),
    return_sequences = check_flag(return_sequences, "return_sequences", call = call),
    dropout = check_num(dropout, "dropout", min = 0, max = 1, max_open = TRUE, call = call)
  )
  # numeric-input specs have no vocab_size entry (as before token input existed)
  if (!is.null(vocab_size))
    spec$vocab_size <- check_int(vocab_size, "vocab_size", max = 1e7, call = call)
  # double-precision specs have no precision entry (as before single existed),
  # so networks saved earlier and new double ones are the same object
  if (check_choice(precision, c("double", "single"), "precision", call = call) == "single")
    spec$precision <- "single"
  spec
}

# The precision of a new network when rnn_net() is not told: the option
# recurrent.precision, else double.
#' @noRd
default_precision <- function(call = sys.call(-1)) {
  check_choice(getOption("recurrent.precision", "double"), c("double", "single"),
               "getOption(\"recurrent.precision\")", call = call)
}

# "double" or "single": the precision a network computes in.
#' @noRd
net_precision <- function(spec) spec$precision %||% "double"

# The same network (architecture, weights, levels, training record) computing
# in `precision`: only the spec's entry changes, as rnn_net() writes it.
#' @noRd
net_as_precision <- function(net, precision) {
  net$spec$precision <- if (precision == "single") "single"
  net
}

# Gates per cell: G = 1, 3, 4 for rnn, gru, lstm.
#' @noRd
n_gates <- function(cell) c(rnn = 1L, gru = 3L, lstm = 4L)[[cell]]

# Width of a layer's merged output (and so of the head's input).
#' @noRd
head_width <- function(spec) {
  if (spec$bidirectional && spec$merge == "concat") 2L * spec$hidden_size
  else spec$hidden_size
}

# Names and shapes of every weight tensor, in the order of the flat parameter
# vector (PyTorch's state_dict order, then the head).
#' @noRd
net_shapes <- function(spec) {
  G <- n_gates(spec$cell)
  H <- spec$hidden_size
  D <- head_width(spec)
  shapes <- list()
  if (!is.null(spec$vocab_size))
    shapes[["embedding.weight"]] <- c(spec$vocab_size, spec$input_size)
  for (k in seq_len(spec$layers) - 1L) {
    inp <- if (k == 0) spec$input_size else D
    for (sfx in if (spec$bidirectional) c("", "_reverse") else "") {
      shapes[[sprintf("weight_ih_l%d%s", k, sfx)]] <- c(G * H, inp)
      shapes[[sprintf("weight_hh_l%d%s", k, sfx)]] <- c(G * H, H)
      shapes[[sprintf("bias_ih_l%d%s", k, sfx)]] <- G * H
      shapes[[sprintf("bias_hh_l%d%s", k, sfx)]] <- G * H
    }
  }
  shapes[["head.weight"]] <- c(spec$output_size, D)
  shapes[["head.bias"]] <- spec$output_size
  shapes
}

# The integer description the C core reads (order fixed by NET_SPEC_LEN in
# src/recurrent.h: cell, act, input, hidden, output, layers, dirs, merge,
# output activation, return_sequences, vocabulary size or 0, precision 0
# double or 1 single).
#' @noRd
spec_codes <- function(spec) {
  c(match(spec$cell, c("rnn", "lstm", "gru")) - 1L,
    match(spec$activation, c("tanh", "relu")) - 1L,
    spec$input_size, spec$hidden_size, spec$output_size, spec$layers,
    if (spec$bidirectional) 2L else 1L,
    match(spec$merge, c("concat", "sum", "ave", "mul")) - 1L,
    match(spec$output_activation, c("linear", "sigmoid", "softmax")) - 1L,
    as.integer(spec$return_sequences), spec$vocab_size %||% 0L,
    as.integer(net_precision(spec) == "single"))
}

#' @noRd
loss_code <- function(loss) match(loss, c("mse", "mae", "huber", "crossentropy")) - 1L

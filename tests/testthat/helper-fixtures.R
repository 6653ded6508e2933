# Reader for the PyTorch parity fixtures written by tools/make-fixtures.py
# (base R only).
#
# A fixture file is plain text:
#   * lines starting with "#" are comments;
#   * "key=value" lines give the configuration (until the first tensor);
#   * each tensor is a header line "name d1 d2 ..." (its PyTorch shape) followed by
#     prod(d) lines holding one value each (printed with %.17g).
#
# Values are in C / row-major order (PyTorch's tensor.flatten(): the LAST index
# varies fastest), while R fills arrays column-major (the FIRST index varies
# fastest). So a tensor with dims d is read as array(v, dim = rev(d)) -- whose
# element [i_k, ..., i_1] is the torch element [i_1, ..., i_k] -- and then
# transposed back with aperm(, rev(seq_along(d))). For a matrix this is
# matrix(v, nrow = d1, ncol = d2, byrow = TRUE). The result has the same shape
# and indexing as in PyTorch: x[i, t, j] in R is x[i-1, t-1, j-1] in torch.
# One-dimensional tensors (biases, class-index targets, the loss) come back as
# plain numeric vectors, matrices as matrices, higher ranks as arrays.
#
# read_parity_fixture(path) returns
#   list(config  = named list (integers, logicals and strings converted),
#        x, y, output, loss,
#        weights = named list in file order (state_dict names),
#        grads   = named list in file order)

parity_fixture_dir <- function() {
  testthat::test_path("fixtures", "parity")
}

parity_fixture_files <- function() {
  sort(list.files(parity_fixture_dir(), pattern = "\\.txt$", full.names = TRUE))
}

# C-order values with PyTorch dims -> R object with the same dims and indexing.
parity_from_c_order <- function(values, dims) {
  if (length(dims) == 1L) {
    return(values)
  }
  if (length(dims) == 2L) {
    return(matrix(values, nrow = dims[1L], ncol = dims[2L], byrow = TRUE))
  }
  aperm(array(values, dim = rev(dims)), rev(seq_along(dims)))
}

parity_parse_config_value <- function(v) {
  if (v %in% c("TRUE", "FALSE")) return(v == "TRUE")
  if (grepl("^-?[0-9]+$", v)) return(as.integer(v))
  v
}

read_parity_fixture <- function(path) {
  lines <- readLines(path, warn = FALSE)
  lines <- lines[!grepl("^#", lines) & nzchar(lines)]
  config <- list()
  tensors <- list()
  i <- 1L
  nl <- length(lines)
  while (i <= nl) {
    line <- lines[[i]]
    if (length(tensors) == 0L && grepl("=", line, fixed = TRUE)) {
      key <- sub("=.*$", "", line)
      config[[key]] <- parity_parse_config_value(sub("^[^=]*=", "", line))
      i <- i + 1L
      next
    }
    parts <- strsplit(line, " ", fixed = TRUE)[[1L]]
    name <- parts[[1L]]
    dims <- as.integer(parts[-1L])
    if (length(dims) == 0L || anyNA(dims)) {
      stop(sprintf("%s: bad tensor header '%s'", basename(path), line))
    }
    len <- prod(dims)
    if (i + len > nl) {
      stop(sprintf("%s: tensor '%s' is truncated", basename(path), name))
    }
    values <- as.numeric(lines[seq.int(i + 1L, length.out = len)])
    if (anyNA(values)) {
      stop(sprintf("%s: tensor '%s' has non-numeric values", basename(path), name))
    }
    tensors[[name]] <- parity_from_c_order(values, dims)
    i <- i + 1L + len
  }
  nms <- names(tensors)
  pick <- function(prefix) {
    sel <- startsWith(nms, prefix)
    out <- tensors[sel]
    names(out) <- substring(nms[sel], nchar(prefix) + 1L)
    out
  }
  list(config = config,
       x = tensors[["x"]],
       y = tensors[["y"]],
       output = tensors[["output"]],
       loss = tensors[["loss"]],
       weights = pick("w/"),
       grads = pick("g/"),
       h0 = tensors[["h0"]],
       c0 = tensors[["c0"]])
}

# The carried state of a fixture with h0 (and c0) [layers, n, H] in the
# layout of rnn_step_state(): per layer the hidden states [n][H], then the
# cell's cache [n][EH] (LSTM: c then tanh(c); GRU: H values it does not
# read; Elman: none). NULL for a fixture without a state.
parity_state <- function(fx) {
  if (is.null(fx$h0)) return(NULL)
  d <- dim(fx$h0)
  L <- d[1]; n <- d[2]; H <- d[3]
  unlist(lapply(seq_len(L), function(k) {
    h <- t(matrix(fx$h0[k, , ], n, H))                 # [H, n]: H fastest per sample
    ex <- switch(fx$config$cell,
                 lstm = { c0 <- t(matrix(fx$c0[k, , ], n, H)); rbind(c0, tanh(c0)) },
                 gru = matrix(0, H, n),
                 rnn = numeric())
    c(as.vector(h), as.vector(ex))
  }))
}

# predict(net, x), or from the fixture's carried state through
# rnn_step_state() (same shape; NA where predict() has NA: padded steps).
parity_predict <- function(net, x, state) {
  p <- predict(net, x)
  if (is.null(state)) return(p)
  out <- array(rnn_step_state(net, x, state)$output, dim(p))
  out[is.na(p)] <- NA
  out
}

# Build the rnn_net a fixture describes (no dropout; token input when the
# fixture has a vocab_size), in the given precision.
parity_build_net <- function(cfg, precision = "double") {
  rnn_net(input_size = cfg$input_size, hidden_size = cfg$hidden_size,
          output_size = cfg$output_size, cell = cfg$cell, layers = cfg$layers,
          bidirectional = cfg$bidirectional, merge = cfg$merge,
          activation = cfg$activation, output_activation = cfg$output_activation,
          return_sequences = cfg$return_sequences, dropout = 0,
          vocab_size = cfg$vocab_size, precision = precision)
}

# Expect `actual` to agree with the PyTorch value `expected` to 1e-10 relative:
# same dims (NULL for vectors) and max |actual - expected| <= tol * max(1, max |expected|).
expect_parity <- function(actual, expected, label, tol = 1e-10) {
  a <- actual
  if (!is.numeric(a)) {
    testthat::fail(sprintf("%s: expected a numeric result, got %s", label, class(a)[1L]))
    return(invisible(a))
  }
  if (!identical(dim(a), dim(expected)) ||
      (is.null(dim(expected)) && length(a) != length(expected))) {
    shape <- function(v) if (is.null(dim(v))) sprintf("vector[%d]", length(v))
                         else sprintf("[%s]", paste(dim(v), collapse = ", "))
    testthat::fail(sprintf("%s: shape %s, PyTorch has %s", label, shape(a), shape(expected)))
    return(invisible(a))
  }
  if (anyNA(a)) {
    testthat::fail(sprintf("%s: contains NA/NaN", label))
    return(invisible(a))
  }
  diff <- abs(as.vector(a) - as.vector(expected))
  scale <- max(1, abs(expected))
  worst <- which.max(diff)
  where <- if (is.null(dim(expected))) sprintf("[%d]", worst)
           else sprintf("[%s]", paste(arrayInd(worst, dim(expected)), collapse = ", "))
  testthat::expect(
    max(diff) <= tol * scale,
    sprintf(paste0("%s: max abs diff %.3g > %.0e * %.3g (worst at R index %s: ",
                   "R %.17g, PyTorch %.17g)"),
            label, max(diff), tol, scale, where,
            as.vector(a)[worst], as.vector(expected)[worst]))
  invisible(a)
}

# ---------------------------------------------------------------------------
# A plain-R implementation of the contract's forward pass and losses, used to
# check that the fixture files (and this reader's handling of C order) say
# what the contract says, independently of both PyTorch and the C engine.

parity_ref_direction <- function(cell, activation, X, w_ih, w_hh, b_ih, b_hh, reverse) {
  n <- dim(X)[1L]; Tn <- dim(X)[2L]; H <- ncol(w_hh)
  sig <- function(v) 1 / (1 + exp(-v))
  act <- if (identical(activation, "relu")) function(v) pmax(v, 0) else tanh
  addb <- function(m, b) sweep(m, 2L, b, "+")
  h <- matrix(0, n, H); cst <- matrix(0, n, H)
  out <- array(0, c(n, Tn, H))
  g <- function(m, k) m[, (k - 1L) * H + seq_len(H), drop = FALSE]
  for (t in if (reverse) rev(seq_len(Tn)) else seq_len(Tn)) {
    px <- addb(matrix(X[, t, ], n) %*% t(w_ih), b_ih)
    ph <- addb(h %*% t(w_hh), b_hh)
    if (cell == "rnn") {
      h <- act(px + ph)
    } else if (cell == "gru") {
      r <- sig(g(px, 1L) + g(ph, 1L))
      z <- sig(g(px, 2L) + g(ph, 2L))
      nn <- tanh(g(px, 3L) + r * g(ph, 3L))
      h <- (1 - z) * nn + z * h
    } else {
      a <- px + ph
      cst <- sig(g(a, 2L)) * cst + sig(g(a, 1L)) * tanh(g(a, 3L))
      h <- sig(g(a, 4L)) * tanh(cst)
    }
    out[, t, ] <- h
  }
  out
}

parity_ref_forward <- function(cfg, w, x) {
  merge <- function(a, b) {
    switch(cfg$merge,
           concat = if (length(dim(a)) == 3L) {
             r <- array(0, c(dim(a)[1:2], 2L * dim(a)[3L]))
             r[, , seq_len(dim(a)[3L])] <- a
             r[, , dim(a)[3L] + seq_len(dim(a)[3L])] <- b
             r
           } else cbind(a, b),
           sum = a + b, ave = (a + b) / 2, mul = a * b)
  }
  inp <- x
  for (k in seq_len(cfg$layers) - 1L) {
    run <- function(sfx, reverse) {
      nm <- function(s) sprintf("%s_l%d%s", s, k, sfx)
      parity_ref_direction(cfg$cell, cfg$activation, inp, w[[nm("weight_ih")]],
                           w[[nm("weight_hh")]], w[[nm("bias_ih")]], w[[nm("bias_hh")]],
                           reverse)
    }
    fwd <- run("", FALSE)
    Tn <- dim(fwd)[2L]
    if (cfg$bidirectional) {
      bwd <- run("_reverse", TRUE)
      seq_out <- merge(fwd, bwd)
      summ <- merge(matrix(fwd[, Tn, ], dim(fwd)[1L]), matrix(bwd[, 1L, ], dim(bwd)[1L]))
    } else {
      seq_out <- fwd
      summ <- matrix(fwd[, Tn, ], dim(fwd)[1L])
    }
    inp <- seq_out
  }
  head <- function(s) sweep(s %*% t(w[["head.weight"]]), 2L, w[["head.bias"]], "+")
  if (cfg$return_sequences) {
    d <- dim(inp)
    z2 <- head(matrix(inp, d[1L] * d[2L], d[3L]))        # rows: (i, t), i fastest
    z <- array(z2, c(d[1L], d[2L], ncol(z2)))
  } else {
    z <- head(summ)
  }
  out_act <- function(z2) {
    switch(cfg$output_activation, linear = z2, sigmoid = 1 / (1 + exp(-z2)),
           softmax = { e <- exp(z2 - apply(z2, 1L, max)); e / rowSums(e) })
  }
  out <- if (length(dim(z)) == 3L) {
    d <- dim(z)
    array(out_act(matrix(z, d[1L] * d[2L], d[3L])), d)
  } else out_act(z)
  list(z = z, output = out)
}

parity_ref_loss <- function(cfg, z, yhat, y) {
  out <- cfg$output_size
  if (cfg$loss != "crossentropy") {
    d <- as.vector(yhat) - as.vector(y)
    return(switch(cfg$loss, mse = mean(d^2), mae = mean(abs(d)),
                  huber = mean(ifelse(abs(d) < 1, 0.5 * d^2, abs(d) - 0.5))))
  }
  zz <- matrix(z, length(z) / out, out)                  # rows (i[, t]), i fastest
  if (identical(cfg$target, "index")) {
    yy <- matrix(0, nrow(zz), out)
    yy[cbind(seq_len(nrow(zz)), as.vector(y))] <- 1
  } else {
    yy <- matrix(y, nrow(zz), out)
  }
  if (cfg$output_activation == "sigmoid") {
    return(mean(pmax(zz, 0) - zz * yy + log1p(exp(-abs(zz)))))
  }
  m <- apply(zz, 1L, max)
  logp <- zz - m - log(rowSums(exp(zz - m)))
  mean(-rowSums(yy * logp))
}

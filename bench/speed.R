#!/usr/bin/env Rscript
# Speed benchmark: recurrent versus PyTorch on the same shapes, in the same run.
#
#   Rscript bench/speed.R            full run (a few minutes)
#   Rscript bench/speed.R --quick    tiny configurations only (smoke test)
#   make bench                       installs the package, then the full run
#
# Options (command line, or the environment variable in brackets):
#   --quick              [RECURRENT_BENCH_QUICK=1]   tiny configurations only
#   --precisions=LIST    [RECURRENT_BENCH_PRECISIONS] recurrent precisions to time, comma-separated
#                                                     (default double,single); PyTorch is timed in
#                                                     the matching dtypes (float64, float32)
#   --seconds=S          [RECURRENT_BENCH_SECONDS]   time budget per measurement (default 2, quick 0.25)
#   --no-torch           [RECURRENT_BENCH_TORCH=0]   skip PyTorch
#   --python=PATH        [RECURRENT_BENCH_PYTHON]    interpreter with torch (default /usr/bin/python3)
#   --only=REGEX                                      run the configurations whose name matches
#   --threads=N|auto     [RECURRENT_BENCH_THREADS]   threads (default 2; auto: recurrent.threads unset,
#                                                     recurrent chooses; torch and BLAS get the core count)
#   --blas=LIST          [RECURRENT_BENCH_BLAS]      recurrent.blas back ends to time in double,
#                                                     comma-separated (default auto; single
#                                                     precision always uses the built-in GEMM)
#   --gemm-n=N                                        size of the square products that measure the
#                                                     GEMM peak (default 2000; quick 500; 0: none)
#
# What is timed (see bench/README.md): one training step = forward, BPTT and an
# Adam update on one batch, MSE loss on the last state; 2 threads; recurrent in
# double and in single precision, PyTorch in float64 and float32.
# recurrent: rnn_train() over an x that holds k batches for E epochs, elapsed
# time divided by the k * E steps (nothing subtracted: per-epoch overhead of
# rnn_train is included). Each precision (and, in double, each back end of
# options(recurrent.blas)) is timed in the same run, interleaved (rep 1 of
# every variant, then rep 2, ...), on the same data, from the same initial
# weights. PyTorch: bench/torch_speed.py, the median of single steps, float64
# and float32 in turn. Predict: one batch of `batch` sequences, forward only.
# GEMM peak: the best of recurrent's own GEMM and torch.mm on square products
# (--gemm-n), per precision, with the same threads; the LSTM H512 step's
# GFLOP/s are given as a fraction of it.
#
# This is a benchmark, not a test: it prints, and always exits with status 0.

bench_started <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
threads_arg <- sub("^--threads=", "", grep("^--threads=", args, value = TRUE))
threads_arg <- if (length(threads_arg)) threads_arg[length(threads_arg)] else
  Sys.getenv("RECURRENT_BENCH_THREADS", "2")
auto_threads <- identical(threads_arg, "auto")
threads <- if (auto_threads) parallel::detectCores() else as.integer(threads_arg)
if (is.na(threads) || threads < 1) threads <- 2L

# Thread count for everything loaded from here on (OpenMP reads it on load),
# and recurrent's own option (read at every training or prediction call).
Sys.setenv(OMP_NUM_THREADS = threads, OPENBLAS_NUM_THREADS = threads,
           MKL_NUM_THREADS = threads, OMP_THREAD_LIMIT = threads)
options(recurrent.threads = if (auto_threads) NULL else threads)

# ---------------------------------------------------------------- options ----
arg_value <- function(name) {
  hit <- grep(paste0("^--", name, "="), args, value = TRUE)
  if (length(hit)) sub(paste0("^--", name, "="), "", hit[length(hit)]) else NA_character_
}
env_true <- function(var) {
  v <- tolower(Sys.getenv(var, ""))
  nzchar(v) && !(v %in% c("0", "false", "no", "off"))
}
env_false <- function(var) tolower(Sys.getenv(var, "")) %in% c("0", "false", "no", "off")

quick <- "--quick" %in% args || env_true("RECURRENT_BENCH_QUICK")
use_torch <- !("--no-torch" %in% args) && !env_false("RECURRENT_BENCH_TORCH")
target_seconds <- suppressWarnings(as.numeric(arg_value("seconds")))
if (is.na(target_seconds))
  target_seconds <- suppressWarnings(as.numeric(Sys.getenv("RECURRENT_BENCH_SECONDS", "")))
if (is.na(target_seconds) || target_seconds <= 0) target_seconds <- if (quick) 0.25 else 2
min_steps <- 3L
python <- arg_value("python")
if (is.na(python)) python <- Sys.getenv("RECURRENT_BENCH_PYTHON", "/usr/bin/python3")
only <- arg_value("only")
backends <- arg_value("blas")
if (is.na(backends)) backends <- Sys.getenv("RECURRENT_BENCH_BLAS", "auto")
backends <- strsplit(backends, ",", fixed = TRUE)[[1]]
precisions <- arg_value("precisions")
if (is.na(precisions)) precisions <- Sys.getenv("RECURRENT_BENCH_PRECISIONS", "double,single")
precisions <- intersect(c("double", "single"), strsplit(precisions, ",", fixed = TRUE)[[1]])
if (!length(precisions)) precisions <- "double"
gemm_n <- suppressWarnings(as.integer(arg_value("gemm-n")))
if (is.na(gemm_n) || (gemm_n < 100 && gemm_n != 0)) gemm_n <- if (quick) 500L else 2000L
torch_dtype <- c(double = "float64", single = "float32")

# Where this script lives, to find torch_speed.py beside it.
script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f)) dirname(normalizePath(f[1], mustWork = FALSE)) else "bench"
})
torch_script <- file.path(script_dir, "torch_speed.py")

# ---------------------------------------------------------- configurations ---
# ref_ms: PyTorch ms/step measured earlier on this kind of machine (issue text).
cfg_row <- function(cell, hidden, batch, steps, features, layers = 1L,
                    bidirectional = FALSE, ref_ms = NA_real_) {
  data.frame(cell = cell, hidden = as.integer(hidden), batch = as.integer(batch),
             steps = as.integer(steps), features = as.integer(features),
             layers = as.integer(layers), bidirectional = bidirectional,
             ref_ms = ref_ms, stringsAsFactors = FALSE)
}
configs <- if (quick) {
  rbind(cfg_row("lstm", 8, 4, 5, 2),
        cfg_row("gru", 8, 4, 5, 2, layers = 2),
        cfg_row("rnn", 8, 4, 5, 2, bidirectional = TRUE),
        cfg_row("lstm", 8, 4, 5, 2, layers = 2, bidirectional = TRUE))
} else {
  rbind(cfg_row("lstm", 32, 32, 24, 1, ref_ms = 9.3),
        cfg_row("lstm", 128, 128, 50, 8, ref_ms = 282),
        cfg_row("lstm", 512, 64, 50, 16, ref_ms = 792),
        cfg_row("gru", 64, 64, 50, 4),
        cfg_row("gru", 256, 128, 100, 8, ref_ms = 938),
        cfg_row("rnn", 128, 128, 50, 8, ref_ms = 129),
        cfg_row("lstm", 128, 128, 50, 8, layers = 2),
        cfg_row("lstm", 128, 128, 50, 8, bidirectional = TRUE),
        cfg_row("gru", 64, 128, 50, 8, layers = 2, bidirectional = TRUE),
        cfg_row("rnn", 128, 128, 50, 8, layers = 2, bidirectional = TRUE))
}
configs$name <- with(configs, sprintf("%s H%d B%d T%d p%d%s%s", cell, hidden, batch,
                                      steps, features, ifelse(layers > 1, paste0(" L", layers), ""),
                                      ifelse(bidirectional, " bi", "")))
if (!is.na(only)) configs <- configs[grepl(only, configs$name), , drop = FALSE]

# ------------------------------------------------------------------ FLOPs ----
# One training step of a (stacked, possibly bidirectional) recurrent layer:
#   forward, per time step, per layer, per direction: 2 * B * G * H * (in + H)
#   (the input and the recurrent matrix products; gate nonlinearities ignored),
#   in = features for the first layer, D * H above it (D = 2 if bidirectional);
#   backward ~ 2 x forward (gradients with respect to inputs and to weights);
#   the head (H*D -> 1) is negligible.
#   train = 3 * forward;  predict = forward.
gate_count <- c(rnn = 1, gru = 3, lstm = 4)
forward_flops <- function(cfg) {
  G <- gate_count[[cfg$cell]]
  D <- if (cfg$bidirectional) 2 else 1
  total <- 0
  for (l in seq_len(cfg$layers)) {
    input <- if (l == 1) cfg$features else D * cfg$hidden
    total <- total + D * 2 * cfg$batch * G * cfg$hidden * (input + cfg$hidden) * cfg$steps
  }
  total
}
train_flops <- function(cfg) 3 * forward_flops(cfg)

# ----------------------------------------------------------------- memory ----
# Peak resident set size of this process (VmHWM). On Linux, writing 5 to
# /proc/self/clear_refs resets the high-water mark to the current RSS, so the
# peak can be taken per measurement; when that fails the peak is process-wide.
proc_status_mb <- function(field) {
  lines <- tryCatch(readLines("/proc/self/status", warn = FALSE), error = function(e) character())
  hit <- grep(paste0("^", field, ":"), lines, value = TRUE)
  if (!length(hit)) return(NA_real_)
  as.numeric(gsub("[^0-9]", "", hit[1])) / 1024
}
reset_hwm <- function() {
  isTRUE(tryCatch({ cat("5\n", file = "/proc/self/clear_refs"); TRUE },
                  error = function(e) FALSE, warning = function(w) FALSE))
}

# ----------------------------------------------------------------- timing ----
elapsed <- function(expr) {
  t0 <- proc.time()[["elapsed"]]
  force(expr)
  proc.time()[["elapsed"]] - t0
}
# About `target` seconds of work in total, at least `min_steps` steps, split in
# up to 3 repetitions (the median is reported) when there is room for them.
plan_steps <- function(t_est, target, min_steps) {
  n_total <- max(min_steps, ceiling(target / max(t_est, 1e-6)))
  n_total <- min(n_total, 100000)
  reps <- if (n_total >= 3 * min_steps) 3L else 1L
  list(reps = reps, per = max(min_steps, ceiling(n_total / reps)))
}

recurrent_ok <- FALSE
recurrent_msg <- ""
recurrent_version <- NA_character_
load_error <- tryCatch({
  suppressPackageStartupMessages(library(recurrent))
  NULL
}, error = function(e) conditionMessage(e))
if (is.null(load_error)) {
  missing <- setdiff(c("rnn_net", "rnn_train"), getNamespaceExports("recurrent"))
  if (length(missing)) {
    recurrent_msg <- paste("package recurrent lacks", paste(missing, collapse = ", "))
  } else {
    recurrent_ok <- TRUE
    recurrent_version <- paste0(as.character(utils::packageVersion("recurrent")), " at ",
                                dirname(find.package("recurrent")))
  }
} else {
  recurrent_msg <- paste("cannot load package recurrent:", load_error)
}

# Extra arguments rnn_train may understand (only passed when it has them).
train_extra <- list()
if (recurrent_ok) {
  fa <- names(formals(recurrent::rnn_train))
  if ("threads" %in% fa) train_extra$threads <- threads
}

train_call <- function(net, x, y, epochs, batch) {
  # clip = 0: no gradient clipping, as in the PyTorch loop (zero_grad, backward, step).
  args <- c(list(net, x, y, loss = "mse", optimizer = "adam", lr = 1e-3, clip = 0,
                 epochs = epochs, batch_size = batch, validation = 0,
                 patience = patience_value, shuffle = FALSE, verbose = FALSE),
            train_extra)
  do.call(recurrent::rnn_train, args)
}
# patience = Inf if rnn_train takes it, else a number larger than any epoch count.
patience_value <- Inf

random_xy <- function(cfg, nbatch) {
  n <- cfg$batch * nbatch
  list(x = array(stats::rnorm(n * cfg$steps * cfg$features), c(n, cfg$steps, cfg$features)),
       y = matrix(stats::rnorm(n), n, 1))
}

# The network of a configuration in a precision (double only when the
# installed recurrent predates rnn_net(precision =)).
make_net <- function(cfg, precision) {
  args <- list(input_size = cfg$features, hidden_size = cfg$hidden, output_size = 1,
               cell = cfg$cell, layers = cfg$layers, bidirectional = cfg$bidirectional)
  if (precision != "double") args$precision <- precision
  set.seed(1)                     # the same initial weights in every precision
  do.call(recurrent::rnn_net, args)
}

# The variants timed: every back end in double, one run in single (which always
# uses the built-in GEMM); names "double/auto", "single".
variants_of <- function(precisions) {
  v <- character()
  if ("double" %in% precisions) v <- c(v, paste0("double/", backends))
  if ("single" %in% precisions) v <- c(v, "single")
  v
}
variant_precision <- function(v) sub("/.*$", "", v)
variant_blas <- function(v) if (grepl("/", v)) sub("^.*/", "", v) else "builtin"

time_recurrent <- function(cfg, target, variants) {
  precs <- unique(variant_precision(variants))
  nets <- setNames(lapply(precs, function(p) make_net(cfg, p)), precs)
  net <- nets[[1]]
  one <- random_xy(cfg, 1)
  # Warm-up: one call of one step per precision (the first call pays one-off costs).
  for (p in precs) t1 <- tryCatch(elapsed(train_call(nets[[p]], one$x, one$y, 1, cfg$batch)),
                 error = function(e) {
                   if (!is.finite(patience_value)) {  # in case Inf is refused
                     patience_value <<- 1e9
                     elapsed(train_call(nets[[p]], one$x, one$y, 1, cfg$batch))
                   } else stop(e)
                 })
  t1 <- elapsed(train_call(net, one$x, one$y, 1, cfg$batch))   # the slowest (first) one
  # Batches held in x: enough that a call is mostly steps, at most 16.
  k <- as.integer(min(16, max(min_steps, ceiling(target / 3 / max(t1, 1e-6)))))
  data <- random_xy(cfg, k)
  t_est <- t1
  if (t1 < target / 10) {
    # Quick configuration: a one-step call is dominated by per-call overhead,
    # so estimate the step time from calls that run long enough.
    epochs <- 1L
    repeat {
      t <- elapsed(train_call(net, data$x, data$y, epochs, cfg$batch))
      if (t >= target / 10 || epochs >= 1e5) break
      epochs <- as.integer(epochs * min(10, max(2, ceiling(target / 10 / max(t, 1e-6)))))
    }
    t_est <- t / (k * epochs)
  }
  plan <- plan_steps(t_est, target, min_steps)
  epochs <- as.integer(max(1, ceiling(plan$per / k)))  # epochs per rnn_train call
  nstep <- k * epochs

  per_step <- matrix(NA_real_, plan$reps, length(variants), dimnames = list(NULL, variants))
  rss_peak <- rss_base <- setNames(rep(NA_real_, length(precs)), precs)
  hwm_reset <- TRUE
  for (r in seq_len(plan$reps)) for (v in variants) {
    p <- variant_precision(v)
    old <- options(recurrent.blas = variant_blas(v))
    if (r == 1) {
      invisible(gc())
      rss_base[p] <- proc_status_mb("VmRSS")
      hwm_reset <- reset_hwm() && hwm_reset
    }
    per_step[r, v] <- elapsed(train_call(nets[[p]], data$x, data$y, epochs, cfg$batch)) / nstep
    if (r == 1) rss_peak[p] <- proc_status_mb("VmHWM")
    options(old)
  }

  # Predict: one batch of the same shape as a training batch, per precision.
  predict_error <- NULL
  per_pred <- vapply(precs, function(p) {
    old <- options(recurrent.blas = variant_blas(variants[variant_precision(variants) == p][1]))
    on.exit(options(old))
    tryCatch({
      t_p <- elapsed(predict(nets[[p]], one$x))
      p_plan <- plan_steps(max(t_p, 1e-4), target / 2, min_steps)
      stats::median(vapply(seq_len(p_plan$reps), function(r)
        elapsed(for (i in seq_len(p_plan$per)) predict(nets[[p]], one$x)) / p_plan$per,
        numeric(1)))
    }, error = function(e) {
      predict_error <<- conditionMessage(e)
      NA_real_
    })
  }, numeric(1))

  list(train_ms = 1e3 * apply(per_step, 2, stats::median), train_n = nstep * plan$reps,
       batches = k, epochs = epochs, reps = plan$reps,
       predict_ms = 1e3 * per_pred, predict_error = predict_error,
       rss_peak = rss_peak, rss_base = rss_base, hwm_reset = hwm_reset)
}

# GFLOP/s of recurrent's own GEMM on an n x n x n product C += A B with the
# bench's threads, best of 3 timings of about 1 s (rec_mm_time: no R overhead).
gemm_rec_gflops <- function(n, precision) {
  entry <- recurrent:::C_rec_mm_time
  ex <- c(threads, 0, 0, 0)                    # builtin GEMM, threads as set
  d <- as.integer(c(n, n, n, precision == "single", 0, 0, 0))
  r <- 1L
  repeat {
    sec <- .Call(entry, ex, d, r)
    if (is.na(sec) || sec > 0.2 || r > 1e4) break
    r <- r * 4L
  }
  if (is.na(sec)) return(NA_real_)
  r <- max(1L, as.integer(r * 1 / sec))
  2 * n^3 / min(replicate(3, .Call(entry, ex, d, r) / r)) / 1e9
}

# ---------------------------------------------------------------- PyTorch ----
torch_status <- "not requested (--no-torch or RECURRENT_BENCH_TORCH=0)"
torch_ok <- FALSE
run_python <- function(py_args, stdin_text = NULL) {
  err <- tempfile("torch_speed_err")
  input <- ""
  if (!is.null(stdin_text)) {
    input <- tempfile("torch_speed_in")
    writeLines(stdin_text, input)
  }
  out <- suppressWarnings(tryCatch(
    system2(python, py_args, stdout = TRUE, stderr = err, stdin = input),
    error = function(e) structure(character(), status = 127L, msg = conditionMessage(e))))
  status <- attr(out, "status")
  msg <- if (file.exists(err)) readLines(err, warn = FALSE) else character()
  unlink(c(err, if (nzchar(input)) input))
  list(out = as.character(out), status = if (is.null(status)) 0L else status, err = msg)
}
if (use_torch) {
  if (!file.exists(python)) {
    torch_status <- paste0("not available (", python, " not found)")
  } else if (!file.exists(torch_script)) {
    torch_status <- paste0("not available (", torch_script, " not found)")
  } else {
    probe <- run_python(c("-c", shQuote("import torch; print(torch.__version__)")))
    if (probe$status == 0 && length(probe$out)) {
      torch_ok <- TRUE
      torch_status <- paste("torch", probe$out[length(probe$out)], "via", python)
    } else {
      torch_status <- paste0("not available (", python, ": ",
                             paste(utils::tail(probe$err, 1), collapse = ""), ")")
    }
  }
}

config_json <- function(cfg, target, dtype = "float64") {
  sprintf(paste0('{"name": "%s", "cell": "%s", "hidden": %d, "batch": %d, "steps": %d, ',
                 '"features": %d, "layers": %d, "bidirectional": %s, ',
                 '"target_seconds": %.3f, "min_steps": %d, "dtype": "%s"}'),
          cfg$name, cfg$cell, cfg$hidden, cfg$batch, cfg$steps, cfg$features, cfg$layers,
          if (cfg$bidirectional) "true" else "false", target, min_steps, dtype)
}
read_tsv_lines <- function(lines) {
  lines <- lines[!grepl("^#", lines) & nzchar(lines)]
  if (length(lines) < 2) return(NULL)
  utils::read.delim(text = paste(lines, collapse = "\n"), stringsAsFactors = FALSE,
                    na.strings = "NA", quote = "")
}
time_torch <- function(cfg, target, dtype = "float64") {
  res <- run_python(c(shQuote(torch_script), "--threads", threads, "-"),
                    stdin_text = config_json(cfg, target, dtype))
  tab <- read_tsv_lines(res$out)
  if (is.null(tab) || !nrow(tab))
    return(list(status = paste("no output;", paste(utils::tail(res$err, 1), collapse = ""))))
  as.list(tab[1, ])
}

# ------------------------------------------------------------ machine ref ----
dgemm_reference <- function() {
  n <- 1000
  a <- matrix(stats::rnorm(n * n), n)
  t <- elapsed(a %*% a)
  if (!quick && t < 0.6) {  # 2000 x 2000 takes about 8 t
    n <- 2000
    a <- matrix(stats::rnorm(n * n), n)
    t <- elapsed(a %*% a)
  }
  list(n = n, seconds = t, gflops = 2 * n^3 / t / 1e9)
}

# ------------------------------------------------------------------ print ----
fmt_fix <- function(x, d = 1) ifelse(is.na(x), "-", formatC(x, digits = d, format = "f"))
# About 3 significant digits, never scientific: 1234, 123.4, 12.34, 1.234, 0.123.
fmt_sig <- function(x) {
  out <- rep("-", length(x))
  ok <- !is.na(x)
  d <- ifelse(abs(x[ok]) >= 100, 0, ifelse(abs(x[ok]) >= 10, 1, ifelse(abs(x[ok]) >= 1, 2, 3)))
  out[ok] <- vapply(seq_along(d), function(i) formatC(x[ok][i], digits = d[i], format = "f"), "")
  out
}
print_table <- function(df) {
  cols <- names(df)
  cells <- lapply(cols, function(c) as.character(df[[c]]))
  width <- mapply(function(h, v) max(nchar(h), nchar(v)), cols, cells)
  line <- function(v, first_left = TRUE)
    paste(vapply(seq_along(v), function(i)
      if (i == 1 && first_left) formatC(v[i], width = width[i], flag = "-")
      else formatC(v[i], width = width[i]),
      character(1)), collapse = "  ")
  cat(line(cols), "\n", sep = "")
  cat(paste(vapply(width, function(w) strrep("-", w), character(1)), collapse = "  "), "\n", sep = "")
  for (r in seq_len(nrow(df))) cat(line(vapply(cells, `[`, character(1), r)), "\n", sep = "")
}

# -------------------------------------------------------------------- run ----
main <- function() {
  cat("recurrent speed benchmark", if (quick) "(--quick: tiny configurations)", "\n")
  cat(sprintf("date: %s   R: %s   cores: %s   threads: %d   budget: %.2f s per measurement   load: %s\n",
              format(Sys.time(), "%Y-%m-%d %H:%M"), getRversion(),
              parallel::detectCores(), threads, target_seconds,
              tryCatch(paste(scan("/proc/loadavg", what = "", n = 3, quiet = TRUE),
                             collapse = " "), error = function(e) "?")))
  blas <- tryCatch(extSoftVersion()[["BLAS"]], error = function(e) "")
  if (!nzchar(blas)) blas <- tryCatch(La_library(), error = function(e) "?")
  cat("R BLAS:", blas, "\n")
  cat("recurrent:", if (recurrent_ok) recurrent_version else paste("not available -", recurrent_msg), "\n")
  if (recurrent_ok && !"precision" %in% names(formals(recurrent::rnn_net)))
    precisions <<- "double"                    # a recurrent from before single precision
  variants <- variants_of(precisions)
  if (recurrent_ok)
    cat(sprintf("recurrent options: recurrent.threads = %s; precisions %s; double back ends (recurrent.blas): %s%s\n",
                if (auto_threads) "unset (automatic)" else format(getOption("recurrent.threads")),
                paste(precisions, collapse = ", "), paste(backends, collapse = ", "),
                if ("auto" %in% backends) sprintf(" (auto: products under %s multiply-adds to R's BLAS)",
                  format(recurrent:::blas_crossover(threads, auto_threads), big.mark = ",")) else ""))
  cat("PyTorch:", torch_status, if (torch_ok) paste("in", paste(torch_dtype[precisions], collapse = " and ")), "\n")

  ref <- dgemm_reference()
  cat(sprintf("machine reference: R dgemm %d x %d: %.2f s, %.2f GFLOP/s\n",
              ref$n, ref$n, ref$seconds, ref$gflops))
  # GEMM peak per precision: the best of recurrent's GEMM and torch.mm
  peak <- setNames(rep(NA_real_, length(precisions)), precisions)
  for (p in if (gemm_n > 0) precisions) {
    g_rec <- if (recurrent_ok && exists("C_rec_mm_time", asNamespace("recurrent")))
      tryCatch(gemm_rec_gflops(gemm_n, p), error = function(e) NA_real_) else NA_real_
    g_torch <- NA_real_
    if (torch_ok) {
      g <- read_tsv_lines(run_python(c(shQuote(torch_script), "--gemm", gemm_n, "--threads",
                                       threads, "--dtype", torch_dtype[[p]]))$out)
      if (!is.null(g) && identical(g$status[1], "ok")) g_torch <- g$gflops[1]
    }
    peak[p] <- if (all(is.na(c(g_rec, g_torch)))) NA_real_ else max(c(g_rec, g_torch), na.rm = TRUE)
    cat(sprintf("GEMM peak, %s (%d x %d x %d, %d threads): recurrent %s, torch.mm %s %s GFLOP/s -> peak %s\n",
                p, gemm_n, gemm_n, gemm_n, threads, fmt_sig(g_rec), torch_dtype[[p]],
                fmt_sig(g_torch), fmt_sig(peak[p])))
  }
  cat("\n")

  n <- nrow(configs)
  rec_ms <- matrix(NA_real_, n, length(variants), dimnames = list(NULL, variants))
  rec_pred <- rec_rss <- matrix(NA_real_, n, length(precisions), dimnames = list(NULL, precisions))
  torch_ms <- torch_pred <- torch_rss <- torch_n <- rec_pred
  rec_steps <- rep(NA_character_, n)
  hwm_reset_all <- TRUE
  notes <- character()
  for (i in seq_len(n)) {
    cfg <- configs[i, ]
    cat(sprintf("[%d/%d] %-28s", i, n, cfg$name))
    if (recurrent_ok) {
      r <- tryCatch(time_recurrent(cfg, target_seconds, variants),
                    error = function(e) conditionMessage(e))
      if (is.list(r)) {
        rec_ms[i, ] <- r$train_ms
        rec_pred[i, ] <- r$predict_ms[precisions]
        rec_rss[i, ] <- r$rss_peak[precisions]
        rec_steps[i] <- sprintf("%dx%dx%d", r$reps, r$epochs, r$batches)
        hwm_reset_all <- hwm_reset_all && r$hwm_reset
        if (!is.null(r$predict_error))
          notes <- c(notes, sprintf("%s: recurrent predict failed: %s", cfg$name, r$predict_error))
        cat(sprintf(" recurrent %s ms/step", paste(sprintf("%s %s", variants,
                                                            fmt_sig(r$train_ms)), collapse = ", ")))
      } else {
        notes <- c(notes, sprintf("%s: recurrent failed: %s", cfg$name, r))
        cat(" recurrent FAILED          ")
      }
    }
    if (torch_ok) for (p in precisions) {
      t <- tryCatch(time_torch(cfg, target_seconds, torch_dtype[[p]]),
                    error = function(e) list(status = conditionMessage(e)))
      if (identical(t$status, "ok")) {
        torch_ms[i, p] <- t$train_ms
        torch_pred[i, p] <- t$predict_ms
        torch_n[i, p] <- t$train_n
        torch_rss[i, p] <- t$peak_rss_mb
        cat(sprintf("   torch %s %s", torch_dtype[[p]], fmt_sig(t$train_ms)))
      } else {
        notes <- c(notes, sprintf("%s: torch %s failed: %s", cfg$name, torch_dtype[[p]], t$status))
        cat(sprintf("   torch %s FAILED", torch_dtype[[p]]))
      }
    }
    cat("\n")
  }

  flops <- vapply(seq_len(n), function(i) train_flops(configs[i, ]), numeric(1))
  gfs <- function(ms) flops / (ms / 1e3) / 1e9
  # each precision's recurrent time: its last variant (double: the last back end)
  rec_main <- vapply(precisions, function(p) rec_ms[, max(which(variant_precision(variants) == p))],
                     numeric(n))
  rec_main <- matrix(rec_main, n, dimnames = list(NULL, precisions))
  short <- c(double = "f64", single = "f32")
  speed <- data.frame(config = configs$name,
                      "GFLOP/step" = formatC(flops / 1e9, digits = 3, format = "g"),
                      check.names = FALSE, stringsAsFactors = FALSE)
  for (v in variants) speed[[paste(v, "ms")]] <- fmt_sig(rec_ms[, v])
  for (p in precisions) speed[[paste("torch", torch_dtype[[p]], "ms")]] <- fmt_sig(torch_ms[, p])
  for (p in precisions) speed[[paste("rec", short[[p]], "GF/s")]] <- fmt_sig(gfs(rec_main[, p]))
  for (p in precisions) speed[[paste("torch", short[[p]], "GF/s")]] <- fmt_sig(gfs(torch_ms[, p]))
  ratio <- torch_ms / rec_main
  for (p in precisions) speed[[paste0("x vs torch ", short[[p]])]] <- fmt_fix(ratio[, p], 2)
  if (all(c("double", "single") %in% precisions)) {
    speed[["single x vs torch f64"]] <- fmt_fix(torch_ms[, "double"] / rec_main[, "single"], 2)
    speed[["single / double"]] <- fmt_fix(rec_main[, "double"] / rec_main[, "single"], 2)
  }
  speed[["torch f64 ref ms"]] <- fmt_fix(configs$ref_ms, 1)
  cat("\nSpeed: one training step (forward + BPTT + Adam update) on one batch, ms; recurrent in each precision\n")
  cat("(double with each recurrent.blas back end; GF/s and ratios use the last one), PyTorch in float64 and float32;\n")
  cat("x vs torch = torch ms / recurrent ms in the same precision (> 1: recurrent faster)\n\n")
  print_table(speed)
  cat("\n")
  for (p in precisions) {
    ok <- is.finite(ratio[, p]) & ratio[, p] > 0
    if (any(ok))
      cat(sprintf("%s vs torch %s: geometric mean %.3f, smallest %.2f (%s) over %d configurations\n",
                  p, torch_dtype[[p]], exp(mean(log(ratio[ok, p]))), min(ratio[ok, p]),
                  configs$name[ok][which.min(ratio[ok, p])], sum(ok)))
    else cat(sprintf("%s vs torch %s: - (needs both numbers)\n", p, torch_dtype[[p]]))
  }
  if (all(c("double", "single") %in% precisions)) {
    sp <- rec_main[, "double"] / rec_main[, "single"]
    if (any(is.finite(sp)))
      cat(sprintf("single / double (recurrent): geometric mean %.3f\n", exp(mean(log(sp[is.finite(sp)])))))
  }
  big <- grep("^lstm H512 ", configs$name)
  for (p in precisions) if (length(big) && is.finite(peak[p])) {
    g <- gfs(rec_main[, p])[big[1]]
    cat(sprintf("LSTM H512 step, %s: %s GFLOP/s = %.0f%% of the measured %s GEMM peak (%s GFLOP/s)\n",
                p, fmt_sig(g), 100 * g / peak[p], p, fmt_sig(peak[p])))
  }

  pred <- data.frame(config = configs$name, check.names = FALSE, stringsAsFactors = FALSE)
  for (p in precisions) pred[[paste("rec", short[[p]], "ms")]] <- fmt_sig(rec_pred[, p])
  for (p in precisions) pred[[paste("torch", torch_dtype[[p]], "ms")]] <- fmt_sig(torch_pred[, p])
  for (p in precisions) pred[[paste("x", short[[p]])]] <- fmt_fix(torch_pred[, p] / rec_pred[, p], 2)
  cat("\nPredict: forward over one batch, ms\n\n")
  print_table(pred)

  mem <- data.frame(config = configs$name, check.names = FALSE, stringsAsFactors = FALSE)
  for (p in precisions) mem[[paste("rec", short[[p]], "RSS peak")]] <- fmt_fix(rec_rss[, p], 1)
  for (p in precisions) mem[[paste("torch", short[[p]], "RSS peak")]] <- fmt_fix(torch_rss[, p], 1)
  mem[["rec steps"]] <- ifelse(is.na(rec_steps), "-", rec_steps)
  for (p in precisions) mem[[paste("torch", short[[p]], "steps")]] <- ifelse(is.na(torch_n[, p]), "-", torch_n[, p])
  cat("\nMemory (MB) and sample sizes\n\n")
  print_table(mem)
  cat("\n",
      "rec RSS peak: this R process's VmHWM during the first timed rnn_train call of that precision ",
      if (hwm_reset_all) "(high-water mark reset via /proc/self/clear_refs just before)"
      else "(WARNING: could not reset the high-water mark: process-wide peak so far)", ";\n",
      "torch RSS peak: ru_maxrss of a fresh python process that ran only this configuration\n",
      "  (includes the torch library, ~230 MB).\n",
      "rec steps: repetitions x epochs x batches per rnn_train call (per-step time = median over\n",
      "  repetitions of elapsed / (epochs x batches)); torch steps: single steps timed (median).\n",
      sep = "")
  if (length(notes)) cat("\nNotes:\n", paste0("  ", notes, "\n"), sep = "")
  cat(sprintf("\nFLOPs per training step = 3 x forward; forward = sum over layers and directions of\n  2 * batch * G * H * (in + H) * T  (G = 4 lstm, 3 gru, 1 rnn; in = features, or D*H above layer 1).\n"))
  cat(sprintf("total time %.0f s\n", proc.time()[["elapsed"]] - bench_started))
}

tryCatch(main(), error = function(e) {
  cat("\nbenchmark stopped early:", conditionMessage(e), "\n")
})
invisible(quit(status = 0, save = "no"))

#!/usr/bin/env Rscript
# Speed benchmark: recurrent versus PyTorch on the same shapes, in the same run.
#
#   Rscript bench/speed.R            full run (a few minutes)
#   Rscript bench/speed.R --quick    tiny configurations only (smoke test)
#   make bench                       installs the package, then the full run
#
# Options (command line, or the environment variable in brackets):
#   --quick              [RECURRENT_BENCH_QUICK=1]   tiny configurations only
#   --seconds=S          [RECURRENT_BENCH_SECONDS]   time budget per measurement (default 2, quick 0.25)
#   --no-torch           [RECURRENT_BENCH_TORCH=0]   skip PyTorch
#   --python=PATH        [RECURRENT_BENCH_PYTHON]    interpreter with torch (default /usr/bin/python3)
#   --only=REGEX                                      run the configurations whose name matches
#   --threads=N|auto     [RECURRENT_BENCH_THREADS]   threads (default 2; auto: recurrent.threads unset,
#                                                     recurrent chooses; torch and BLAS get the core count)
#   --blas=LIST          [RECURRENT_BENCH_BLAS]      recurrent.blas back ends to time, comma-separated
#                                                     (default builtin,R,auto)
#
# What is timed (see bench/README.md): one training step = forward, BPTT and an
# Adam update on one batch, MSE loss on the last state; float64; 2 threads.
# recurrent: rnn_train() over an x that holds k batches for E epochs, elapsed
# time divided by the k * E steps (nothing subtracted: per-epoch overhead of
# rnn_train is included). Each back end (options(recurrent.blas)) is timed in
# the same run, interleaved (rep 1 of every back end, then rep 2, ...), on the
# same data. PyTorch: bench/torch_speed.py, the median of single steps.
# Predict: one batch of `batch` sequences, forward only, with the last back end.
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
if (is.na(backends)) backends <- Sys.getenv("RECURRENT_BENCH_BLAS", "builtin,R,auto")
backends <- strsplit(backends, ",", fixed = TRUE)[[1]]

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
gc_max_used_mb <- function(g) sum(g[, 6])  # the "max used (Mb)" column
gc_used_mb <- function(g) sum(g[, 2])

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

time_recurrent <- function(cfg, target) {
  set.seed(1)
  net <- recurrent::rnn_net(input_size = cfg$features, hidden_size = cfg$hidden,
                            output_size = 1, cell = cfg$cell, layers = cfg$layers,
                            bidirectional = cfg$bidirectional)
  one <- random_xy(cfg, 1)
  # Warm-up: one call of one step (the first call pays one-off costs).
  t1 <- tryCatch(elapsed(train_call(net, one$x, one$y, 1, cfg$batch)),
                 error = function(e) {
                   if (!is.finite(patience_value)) {  # in case Inf is refused
                     patience_value <<- 1e9
                     elapsed(train_call(net, one$x, one$y, 1, cfg$batch))
                   } else stop(e)
                 })
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

  invisible(gc())
  g0 <- gc(reset = TRUE)
  rss_base <- proc_status_mb("VmRSS")
  hwm_reset <- reset_hwm()
  per_step <- matrix(NA_real_, plan$reps, length(backends), dimnames = list(NULL, backends))
  for (r in seq_len(plan$reps)) for (b in backends) {
    old <- options(recurrent.blas = b)
    per_step[r, b] <- elapsed(train_call(net, data$x, data$y, epochs, cfg$batch)) / nstep
    options(old)
  }
  g1 <- gc()
  rss_peak <- proc_status_mb("VmHWM")

  # Predict: one batch of the same shape as a training batch.
  predict_error <- NULL
  old <- options(recurrent.blas = backends[length(backends)])
  on.exit(options(old))
  per_pred <- tryCatch({
    t_p <- elapsed(predict(net, one$x))
    p_plan <- plan_steps(max(t_p, 1e-4), target / 2, min_steps)
    vapply(seq_len(p_plan$reps), function(r)
      elapsed(for (i in seq_len(p_plan$per)) predict(net, one$x)) / p_plan$per, numeric(1))
  }, error = function(e) {
    predict_error <<- conditionMessage(e)
    NA_real_
  })

  list(train_ms = 1e3 * apply(per_step, 2, stats::median), train_n = nstep * plan$reps,
       batches = k, epochs = epochs, reps = plan$reps,
       predict_ms = 1e3 * stats::median(per_pred), predict_error = predict_error,
       rss_peak = rss_peak, rss_base = rss_base, hwm_reset = hwm_reset,
       heap_peak = gc_max_used_mb(g1), heap_growth = gc_max_used_mb(g1) - gc_used_mb(g0))
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

config_json <- function(cfg, target) {
  sprintf(paste0('{"name": "%s", "cell": "%s", "hidden": %d, "batch": %d, "steps": %d, ',
                 '"features": %d, "layers": %d, "bidirectional": %s, ',
                 '"target_seconds": %.3f, "min_steps": %d}'),
          cfg$name, cfg$cell, cfg$hidden, cfg$batch, cfg$steps, cfg$features, cfg$layers,
          if (cfg$bidirectional) "true" else "false", target, min_steps)
}
read_tsv_lines <- function(lines) {
  lines <- lines[!grepl("^#", lines) & nzchar(lines)]
  if (length(lines) < 2) return(NULL)
  utils::read.delim(text = paste(lines, collapse = "\n"), stringsAsFactors = FALSE,
                    na.strings = "NA", quote = "")
}
time_torch <- function(cfg, target) {
  res <- run_python(c(shQuote(torch_script), "--threads", threads, "-"),
                    stdin_text = config_json(cfg, target))
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
  cat(sprintf("date: %s   R: %s   cores: %s   threads: %d   budget: %.2f s per measurement\n",
              format(Sys.time(), "%Y-%m-%d %H:%M"), getRversion(),
              parallel::detectCores(), threads, target_seconds))
  blas <- tryCatch(extSoftVersion()[["BLAS"]], error = function(e) "")
  if (!nzchar(blas)) blas <- tryCatch(La_library(), error = function(e) "?")
  cat("R BLAS:", blas, "\n")
  cat("recurrent:", if (recurrent_ok) recurrent_version else paste("not available -", recurrent_msg), "\n")
  if (recurrent_ok)
    cat(sprintf("recurrent options: recurrent.threads = %s; back ends timed (recurrent.blas): %s%s\n",
                if (auto_threads) "unset (automatic)" else format(getOption("recurrent.threads")),
                paste(backends, collapse = ", "),
                if ("auto" %in% backends) sprintf(" (auto: products under %s multiply-adds to R's BLAS)",
                  format(recurrent:::blas_crossover(threads, auto_threads), big.mark = ",")) else ""))
  cat("PyTorch:", torch_status, "\n")

  ref <- dgemm_reference()
  cat(sprintf("machine reference: R dgemm %d x %d: %.2f s, %.2f GFLOP/s\n",
              ref$n, ref$n, ref$seconds, ref$gflops))
  if (torch_ok) {
    g <- read_tsv_lines(run_python(c(shQuote(torch_script), "--gemm", ref$n, "--threads", threads))$out)
    if (!is.null(g) && identical(g$status[1], "ok"))
      cat(sprintf("machine reference: torch.mm float64 %d x %d (%d threads): %.2f GFLOP/s\n",
                  ref$n, ref$n, g$threads[1], g$gflops[1]))
  }
  cat("\n")

  n <- nrow(configs)
  rec_ms <- matrix(NA_real_, n, length(backends), dimnames = list(NULL, backends))
  res <- data.frame(config = configs$name, rec_ms = NA_real_, torch_ms = NA_real_,
                    rec_pred = NA_real_, torch_pred = NA_real_, rec_steps = NA_character_,
                    torch_steps = NA_integer_, rec_rss = NA_real_, rec_rss_base = NA_real_,
                    rec_heap = NA_real_, rec_heap_growth = NA_real_, torch_rss = NA_real_,
                    torch_rss_base = NA_real_, stringsAsFactors = FALSE)
  hwm_reset_all <- TRUE
  notes <- character()
  for (i in seq_len(n)) {
    cfg <- configs[i, ]
    cat(sprintf("[%d/%d] %-28s", i, n, cfg$name))
    if (recurrent_ok) {
      r <- tryCatch(time_recurrent(cfg, target_seconds), error = function(e) conditionMessage(e))
      if (is.list(r)) {
        rec_ms[i, ] <- r$train_ms
        res$rec_ms[i] <- r$train_ms[length(backends)]
        res$rec_pred[i] <- r$predict_ms
        res$rec_steps[i] <- sprintf("%dx%dx%d", r$reps, r$epochs, r$batches)
        res$rec_rss[i] <- r$rss_peak
        res$rec_rss_base[i] <- r$rss_base
        res$rec_heap[i] <- r$heap_peak
        res$rec_heap_growth[i] <- r$heap_growth
        hwm_reset_all <- hwm_reset_all && r$hwm_reset
        if (!is.null(r$predict_error))
          notes <- c(notes, sprintf("%s: recurrent predict failed: %s", cfg$name, r$predict_error))
        cat(sprintf(" recurrent %s ms/step", paste(sprintf("%s %s", backends,
                                                            fmt_sig(r$train_ms)), collapse = ", ")))
      } else {
        notes <- c(notes, sprintf("%s: recurrent failed: %s", cfg$name, r))
        cat(" recurrent FAILED          ")
      }
    }
    if (torch_ok) {
      t <- tryCatch(time_torch(cfg, target_seconds),
                    error = function(e) list(status = conditionMessage(e)))
      if (identical(t$status, "ok")) {
        res$torch_ms[i] <- t$train_ms
        res$torch_pred[i] <- t$predict_ms
        res$torch_steps[i] <- t$train_n
        res$torch_rss[i] <- t$peak_rss_mb
        res$torch_rss_base[i] <- t$base_rss_mb
        cat(sprintf("   torch %9s ms/step", fmt_sig(t$train_ms)))
      } else {
        notes <- c(notes, sprintf("%s: torch failed: %s", cfg$name, t$status))
        cat("   torch FAILED")
      }
    }
    cat("\n")
  }

  flops <- vapply(seq_len(n), function(i) train_flops(configs[i, ]), numeric(1))
  ratio <- res$torch_ms / res$rec_ms
  speed <- data.frame(config = res$config,
    "GFLOP/step" = formatC(flops / 1e9, digits = 3, format = "g"),
    check.names = FALSE, stringsAsFactors = FALSE)
  for (b in backends) speed[[paste(b, "ms/step")]] <- fmt_sig(rec_ms[, b])
  speed <- data.frame(speed,
    "torch ms/step" = fmt_sig(res$torch_ms),
    "ratio" = fmt_fix(ratio, 2),
    "rec GFLOP/s" = fmt_sig(flops / (res$rec_ms / 1e3) / 1e9),
    "torch GFLOP/s" = fmt_sig(flops / (res$torch_ms / 1e3) / 1e9),
    "rec pred ms" = fmt_sig(res$rec_pred),
    "torch pred ms" = fmt_sig(res$torch_pred),
    "torch ref ms" = fmt_fix(configs$ref_ms, 1),
    check.names = FALSE, stringsAsFactors = FALSE)
  cat("\nSpeed: one training step (forward + BPTT + Adam update) on one batch; predict = forward on one batch\n")
  cat(sprintf("(<back end> ms/step: recurrent with options(recurrent.blas = <back end>); ratio, rec GFLOP/s, rec pred: %s)\n\n",
              backends[length(backends)]))
  print_table(speed)
  ok <- is.finite(ratio) & ratio > 0
  if (any(ok)) {
    cat(sprintf("\ngeometric mean of ratios (torch/recurrent, > 1 means recurrent faster): %.3f over %d configurations\n",
                exp(mean(log(ratio[ok]))), sum(ok)))
  } else {
    cat("\ngeometric mean of ratios: - (needs both recurrent and PyTorch numbers)\n")
  }

  mem <- data.frame(
    config = res$config,
    "rec RSS peak" = fmt_fix(res$rec_rss, 1),
    "rec RSS before" = fmt_fix(res$rec_rss_base, 1),
    "rec R heap peak" = fmt_fix(res$rec_heap, 1),
    "rec R heap +" = fmt_fix(res$rec_heap_growth, 1),
    "torch RSS peak" = fmt_fix(res$torch_rss, 1),
    "torch RSS after import" = fmt_fix(res$torch_rss_base, 1),
    "rec steps" = ifelse(is.na(res$rec_steps), "-", res$rec_steps),
    "torch steps" = ifelse(is.na(res$torch_steps), "-", res$torch_steps),
    check.names = FALSE, stringsAsFactors = FALSE)
  cat("\nMemory (MB) and sample sizes\n\n")
  print_table(mem)
  cat("\n",
      "rec RSS peak: this R process's VmHWM during the timed rnn_train calls ",
      if (hwm_reset_all) "(high-water mark reset via /proc/self/clear_refs just before)"
      else "(WARNING: could not reset the high-water mark: process-wide peak so far)", ";\n",
      "  rec RSS before: VmRSS just before them (R + package + data).\n",
      "rec R heap peak: gc() 'max used' Mb (Ncells + Vcells) since gc(reset = TRUE), R vectors only\n",
      "  (includes R_alloc scratch and garbage not yet collected; not malloc);\n",
      "  rec R heap +: that peak minus the heap in use at the reset.\n",
      "torch RSS peak: ru_maxrss of a fresh python process that ran only this configuration\n",
      "  (includes the torch library); torch RSS after import: its VmRSS before the model was built.\n",
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

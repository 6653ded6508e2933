# Fuzzing of the whole public surface: every exported function and every S3
# method the package registers gets odd values (NULL, NA, NaN, Inf, negative,
# huge, strings, factors, empty and wrongly shaped arrays, data frames, lists,
# functions, environments, corrupted rnn_net / rnn_fit objects) in each
# argument, one at a time, and then in random combinations (fixed seed). Each
# call must return or signal an R error; a crash kills the test process, which
# is the failure signal. Functions are taken from the namespace, so functions
# added later are covered automatically (add a row to `fuzz_baseline()` to give
# them valid baseline arguments).
#
# The counts of errors of class `recurrent_error` and of other errors (places
# that could use a classed argument check) are printed. Set
# RECURRENT_FUZZ_REPORT=<file> to get every call (function, arguments, outcome,
# error message, seconds) as a tab-separated table.
#
# RECURRENT_TEST_QUICK=1 (`make valgrind`) runs a fixed 40% of the values per
# argument, fewer random combinations and a longer per-call time limit.

fuzz_quick <- function() Sys.getenv("RECURRENT_TEST_QUICK") %in% c("1", "true", "TRUE")

# Valid objects the baselines are built from (small, so that every call is fast).
fuzz_objects <- function() {
  set.seed(20240601)
  x <- array(rnorm(6 * 4 * 2), c(6, 4, 2))
  y <- rnorm(6)
  net <- rnn_net(2, 3, cell = "gru")
  tnet <- rnn_train(net, x, y, epochs = 2, validation = 0.3, verbose = FALSE)
  series <- ts(sin(seq_len(40) / 2) + rnorm(40, sd = 0.1), frequency = 4)
  fit <- suppressWarnings(rnn_fit(series, lookback = 4, horizon = 2, hidden = 2,
                                  repeats = 1, epochs = 1, verbose = FALSE))
  series2 <- cbind(a = series, b = rev(series))
  fit2 <- suppressWarnings(rnn_fit(series2, lookback = 4, horizon = 2, repeats = 0,
                                   verbose = FALSE))
  vocab <- rnn_vocab(c("a cab", "abc ba"))
  ids <- rnn_tokenize(c("ab c", "cab"), vocab)
  V <- length(vocab$tokens)
  lm <- rnn_net(2, 3, V, cell = "gru", output_activation = "softmax",
                return_sequences = TRUE, vocab_size = V)
  many <- list(p = series, q = ts(cos(seq_len(30) / 3) + rnorm(30, sd = 0.1), frequency = 4))
  gfit <- rnn_fit(many, lookback = 4, horizon = 2, hidden = 2, repeats = 1, epochs = 1,
                  verbose = FALSE)
  ttext <- strrep("abcab ", 12)
  tlm <- rnn_text_lm(ttext, hidden = 3, unroll = 5, batch_size = 2, epochs = 1,
                     verbose = FALSE)
  ctext <- rep(c("a good one", "a bad one", "good", "bad"), 3)
  clab <- rep(c("p", "n", "p", "n"), 3)
  tclf <- rnn_text_classifier(ctext, clab, embedding = 2, hidden = 2, epochs = 1,
                              verbose = FALSE)
  list(x = x, y = y, net = net, tnet = tnet, series = series, fit = fit,
       summary = summary(tnet), fc = predict(fit, h = 3), mfc = predict(fit2, h = 3),
       vocab = vocab, ids = ids, lm = lm, many = many, gfit = gfit,
       gfc = predict(gfit, h = 3), ttext = ttext, tlm = tlm, ctext = ctext, clab = clab,
       tclf = tclf)
}

# A valid object of class `cls` (for the first argument of S3 methods that have
# no row in fuzz_baseline()), or NULL.
fuzz_object_of_class <- function(o, cls) {
  for (obj in list(o$tnet, o$fit, o$fc, o$mfc, o$gfc, o$summary, o$vocab, o$gfit, o$tlm,
                   o$tclf)) if (inherits(obj, cls)) return(obj)
  if (startsWith(cls, "summary.")) {
    obj <- fuzz_object_of_class(o, sub("^summary[.]", "", cls))
    if (!is.null(obj)) return(tryCatch(summary(obj), error = function(e) NULL))
  }
  NULL
}

# Valid baseline arguments per function; each argument is then replaced in turn.
fuzz_baseline <- function(o) {
  list(
    rnn_net = list(input_size = 2, hidden_size = 3),
    rnn_train = list(net = o$net, x = o$x, y = o$y, epochs = 2, verbose = FALSE),
    rnn_gradients = list(net = o$net, x = o$x, y = o$y),
    rnn_weights = list(net = o$net),
    rnn_set_weights = list(net = o$net, weights = rnn_weights(o$net)),
    predict.rnn_net = list(object = o$net, x = o$x),
    print.rnn_net = list(x = o$tnet),
    summary.rnn_net = list(object = o$tnet),
    print.summary.rnn_net = list(x = o$summary),
    plot.rnn_net = list(x = o$tnet),
    rnn_fit = list(y = o$series, lookback = 4, horizon = 2, hidden = 2, repeats = 1,
                   epochs = 1, verbose = FALSE),
    predict.rnn_fit = list(object = o$fit, h = 3),
    forecast.rnn_fit = list(object = o$fit, h = 3),
    forecast = list(object = o$fit, h = 3),
    forecast.default = list(object = o$fit),
    rnn_vocab = list(text = c("a cab", "abc ba")),
    rnn_tokenize = list(text = c("ab c", "cab"), vocab = o$vocab),
    rnn_detokenize = list(ids = o$ids, vocab = o$vocab),
    print.rnn_vocab = list(x = o$vocab),
    rnn_generate = list(net = o$lm, prime = o$ids[1, 1:2], n = 3),
    rnn_step_state = list(net = o$lm, x = o$ids),
    update.rnn_fit = list(object = o$fit, newdata = o$series, epochs = 1),
    predict.rnn_many = list(object = o$gfit, h = 3, newdata = o$many),
    forecast.rnn_many = list(object = o$gfit, h = 3),
    print.rnn_many = list(x = o$gfit),
    print.rnn_many_forecast = list(x = o$gfc),
    as.data.frame.rnn_many_forecast = list(x = o$gfc),
    plot.rnn_many_forecast = list(x = o$gfc, series = "q"),
    rnn_pretrained = list(frequency = 4),
    print.rnn_pretrained = list(x = rnn_pretrained()),
    rnn_text_lm = list(text = o$ttext, hidden = 3, unroll = 5, batch_size = 2, epochs = 1,
                       verbose = FALSE),
    rnn_text_bits = list(lm = o$tlm, text = "abcabc"),
    print.rnn_bits = list(x = rnn_text_bits(o$tlm, "abcabc")),
    rnn_text_classifier = list(text = o$ctext, labels = o$clab, embedding = 2, hidden = 2,
                               epochs = 1, verbose = FALSE),
    predict.rnn_text_classifier = list(object = o$tclf, newtext = c("good", "so bad")),
    print.rnn_text_lm = list(x = o$tlm),
    print.rnn_text_classifier = list(x = o$tclf),
    summary.rnn_text_lm = list(object = o$tlm),
    summary.rnn_text_classifier = list(object = o$tclf),
    print.summary.rnn_text = list(x = summary(o$tclf)),
    plot.rnn_text_lm = list(x = o$tlm),
    plot.rnn_text_classifier = list(x = o$tclf)
  )
}

# Upper bound of the unclassed errors (status "error", not "recurrent_error")
# from recurrent's own code in the full run: a ratchet that only goes down.
fuzz_max_unclassed <- function() 0L

# A call handed to the forecast package (forecast() or forecast.default() on
# anything but an rnn_fit): its errors are that package's, not recurrent's.
fuzz_foreign <- function(fn, args) {
  fn %in% c("forecast", "forecast.default") && !inherits(args$object, "rnn_fit")
}

# What each baseline call must give: "ok", except forecast.default(), which
# hands the object to the forecast package and, without it, can only say so.
fuzz_baseline_status <- function(fn) {
  no_forecast <- !requireNamespace("forecast", quietly = TRUE)
  ifelse(fn == "forecast.default" & no_forecast, "recurrent_error", "ok")
}

# For functions without a row above: arguments guessed by name.
fuzz_guess <- function(o, arg) {
  switch(arg, net = , object = o$net, x = o$x, y = o$y,
         weights = rnn_weights(o$net), fit = o$fit, h = 3, NULL)
}

fuzz_odd_values <- function() {
  set.seed(1)
  ok3 <- array(rnorm(6 * 4 * 2), c(6, 4, 2))
  with_nan <- ok3; with_nan[2] <- NaN
  with_inf <- ok3; with_inf[3] <- Inf
  list(
    "NULL" = NULL, "NA" = NA, "NA_real_" = NA_real_, "NA_integer_" = NA_integer_,
    "NA_character_" = NA_character_, "NaN" = NaN, "Inf" = Inf, "-Inf" = -Inf,
    "-1" = -1, "-1L" = -1L, "0" = 0, "0L" = 0L, "1" = 1, "0.5" = 0.5, "2.5" = 2.5,
    "1e10" = 1e10, "-1e10" = -1e10, "1e308" = 1e308, "2^31" = 2^31,
    ".Machine$integer.max" = .Machine$integer.max, "TRUE" = TRUE, "FALSE" = FALSE,
    "c(TRUE, FALSE)" = c(TRUE, FALSE), "\"a\"" = "a", "\"\"" = "",
    "c(\"a\", \"b\")" = c("a", "b"), "factor" = factor(c("a", "b", "a")),
    "numeric(0)" = numeric(0), "integer(0)" = integer(0),
    "character(0)" = character(0), "logical(0)" = logical(0),
    "c(1, NA, 3)" = c(1, NA, 3), "1:100" = 1:100, "rnorm(7)" = rnorm(7),
    "1i" = 1i, "as.raw(1)" = as.raw(1),
    "array [0, 4, 2]" = array(0, c(0, 4, 2)), "array [6, 0, 2]" = array(0, c(6, 0, 2)),
    "array [6, 4, 0]" = array(0, c(6, 4, 0)), "matrix [0, 0]" = matrix(0, 0, 0),
    "array [6, 4, 2, 2]" = array(1, c(6, 4, 2, 2)), "array [6, 4, 3]" = array(1, c(6, 4, 3)),
    "array [5, 4, 2]" = array(1, c(5, 4, 2)), "array [6, 4, 1]" = array(1, c(6, 4, 1)),
    "matrix [4, 2]" = matrix(1, 4, 2), "matrix [6, 1]" = matrix(1, 6, 1),
    "matrix [2, 6]" = matrix(1, 2, 6), "array with NaN" = with_nan,
    "array with Inf" = with_inf, "array of 1e300" = array(1e300, c(6, 4, 2)),
    "integer array" = array(1L, c(6, 4, 2)), "logical array" = array(TRUE, c(6, 4, 2)),
    "character array" = array("a", c(6, 4, 2)),
    "long sequence [1, 20000, 2]" = array(0.1, c(1, 20000, 2)),
    "many sequences [5000, 1, 2]" = array(0.1, c(5000, 1, 2)),
    "data.frame" = data.frame(a = 1:3, b = c("x", "y", "z")),
    "data.frame()" = data.frame(), "numeric data.frame" = data.frame(a = rnorm(30)),
    "list()" = list(), "list(1, \"a\")" = list(1, "a"), "list(NULL)" = list(NULL),
    "named list" = list(a = 1, b = 2), "function" = function(x) x, "sum" = sum,
    "environment" = new.env(), "quote(x)" = quote(x), "formula" = y ~ x,
    "expression" = expression(1 + 1), "Date" = as.Date("2024-01-01"),
    "ts" = ts(rnorm(24), frequency = 12)
  )
}

# Corrupted versions of a valid object: every top-level field (and every field
# of $spec, $model and $series) dropped or set to an odd value, wrong-length,
# non-numeric or non-finite parameters, the bare class.
fuzz_corrupt <- function(obj) {
  out <- list()
  cls <- class(obj)[1]
  out[[sprintf("structure(list(), class = \"%s\")", cls)]] <- structure(list(), class = class(obj))
  out[["unclass()"]] <- unclass(obj)
  for (nm in names(obj)) {
    o <- obj; o[nm] <- list(NULL); out[[sprintf("$%s <- NULL", nm)]] <- o
    for (v in list(-1L, "a", NA)) {
      o <- obj; o[[nm]] <- v
      out[[sprintf("$%s <- %s", nm, deparse(v))]] <- o
    }
    if (is.list(obj[[nm]]) && !is.data.frame(obj[[nm]]) && nm %in% c("spec", "model", "series")) {
      for (sub in names(obj[[nm]])) {
        for (v in list(NULL, -1L, 0L, 1000L, "a", NA, c(1L, 2L))) {
          o <- obj; o[[nm]][sub] <- list(v)
          out[[sprintf("$%s$%s <- %s", nm, sub, deparse(v))]] <- o
        }
      }
    }
  }
  if (!is.null(obj$params)) {
    p <- obj$params
    for (pv in list(p[-1], c(p, 1), p[0], as.integer(round(p)), as.character(p),
                    replace(p, 1, NaN), replace(p, 1, Inf), rep(1e300, length(p)))) {
      o <- obj; o$params <- pv
      out[[sprintf("$params <- %s", describe_fuzz(pv))]] <- o
    }
  }
  out
}

describe_fuzz <- function(v) {
  if (is.null(v)) return("NULL")
  sprintf("%s[%d]%s", typeof(v), length(v),
          if (is.numeric(v) && length(v)) sprintf(" first %s", format(v[1])) else "")
}

# Calls left out because they legitimately run (nearly) forever or allocate
# gigabytes; each is a place where an upper bound on the argument would help:
# rnn_fit(repeats = 2^31 - 1) trains that many networks; `h`, `lookback` or
# `horizon` of 2^31 - 1 (or 1e10 given to the forecast package) allocate 8 to 75 GB.
fuzz_skip <- function(fn, args) {
  big <- function(v) is.numeric(v) && length(v) == 1 && !is.na(v) && v >= 1e6
  (fn == "rnn_fit" && big(args$repeats)) ||
    any(vapply(c("h", "lookback", "horizon"), function(a) big(args[[a]]), logical(1)))
}

# Runs one call; returns "ok", "recurrent_error", "error" or "timeout" with the
# message.
fuzz_call <- function(f, args, limit) {
  msg <- NA_character_
  t0 <- proc.time()[["elapsed"]]
  status <- tryCatch({
    setTimeLimit(elapsed = limit, transient = TRUE)
    withCallingHandlers(
      utils::capture.output(value <- do.call(f, args, quote = TRUE)),
      warning = function(w) invokeRestart("muffleWarning"),
      message = function(m) invokeRestart("muffleMessage"))
    "ok"
  }, error = function(e) {
    setTimeLimit(elapsed = Inf)
    msg <<- paste(conditionMessage(e), collapse = " ")  # some have none
    if (inherits(e, "recurrent_error")) "recurrent_error"
    else if (grepl("time limit", msg)) "timeout"
    else "error"
  })
  setTimeLimit(elapsed = Inf)
  list(status = status, message = msg, seconds = proc.time()[["elapsed"]] - t0)
}

test_that("odd values in every argument of every function give a result or an R error", {
  ns <- asNamespace("recurrent")
  exports <- getNamespaceExports("recurrent")
  s3 <- getNamespaceInfo(ns, "S3methods")
  # the methods of exported generics (not the package's internal ones, such as
  # fc_parts(): they are reached only through the exported methods)
  s3 <- s3[!startsWith(s3[, 1], "fc_"), , drop = FALSE]
  methods <- ifelse(is.na(s3[, 3]), paste(s3[, 1], s3[, 2], sep = "."), s3[, 3])
  fns <- sort(unique(c(exports, methods)))
  fns <- fns[vapply(fns, function(nm) exists(nm, envir = ns, inherits = FALSE) &&
                      is.function(get(nm, envir = ns)), logical(1))]

  o <- fuzz_objects()
  pristine <- unserialize(serialize(o, NULL))   # a deep copy
  base <- fuzz_baseline(o)
  odd <- fuzz_odd_values()
  # corrupted versions of each of the package's objects, made when first needed
  corrupt <- new.env()
  corrupted <- function(value) {
    key <- paste(c(class(value), if (inherits(value, "rnn_net") && !is.null(value$history))
      "trained"), collapse = "/")
    if (is.null(corrupt[[key]])) corrupt[[key]] <- fuzz_corrupt(value)
    corrupt[[key]]
  }
  pkg_classes <- unique(s3[s3[, 1] != "forecast" | s3[, 2] != "default", 2])
  quick <- fuzz_quick()
  limit <- if (quick) 120 else 3
  n_random <- if (quick) 100 else 800

  grDevices::pdf(NULL)
  dev <- grDevices::dev.cur()
  on.exit(if (dev %in% grDevices::dev.list()) grDevices::dev.off(dev), add = TRUE)

  # the candidates for one argument: the odd values, plus corrupted objects when
  # the baseline value is one of the package's objects
  candidates <- function(value, dispatch = FALSE) {
    extra <- if (is.list(value) && inherits(value, pkg_classes)) corrupted(value)
    # a method's first argument only ever holds objects of its class
    if (dispatch && length(extra)) extra else c(odd, extra)
  }
  # S3 methods for the package's own classes (not forecast.default)
  is_method <- function(fn) fn %in% methods && !endsWith(fn, ".default")
  log <- list()
  record <- function(fn, what, res, args) {
    log[[length(log) + 1L]] <<- data.frame(fn = fn, args = what, status = res$status,
                                           message = res$message, seconds = res$seconds,
                                           foreign = fuzz_foreign(fn, args),
                                           stringsAsFactors = FALSE)
  }
  known <- names(base)
  no_baseline <- setdiff(fns, known)
  started <- proc.time()[["elapsed"]]

  # 1. one argument at a time
  for (fn in fns) {
    f <- get(fn, envir = ns)
    b <- base[[fn]]
    if (is.null(b)) {
      b <- list()
      # a method gets an object of its class, other arguments are guessed by name
      if (fn %in% methods) {
        obj <- fuzz_object_of_class(o, s3[match(fn, methods), 2])
        if (!is.null(obj)) b[[names(formals(f))[1]]] <- obj
      }
      for (a in setdiff(names(formals(f)), c("...", names(b)))) {
        if (identical(formals(f)[[a]], quote(expr = ))) {
          g <- fuzz_guess(o, a)
          if (!is.null(g)) b[[a]] <- g
        }
      }
    }
    base[fn] <- list(b)
    record(fn, "(baseline)", fuzz_call(f, b, limit), b)
    arg_names <- union(setdiff(names(formals(f)), "..."), names(b))
    for (a in arg_names) {
      cand <- candidates(b[[a]], is_method(fn) && a == names(formals(f))[1])
      # quick mode: a fixed ~40% of the values for each argument
      if (quick) cand <- cand[seq_along(cand) %% 5 %in% (match(a, arg_names) + 0:1) %% 5]
      for (vn in names(cand)) {
        args <- b
        args[a] <- list(cand[[vn]])
        if (fuzz_skip(fn, args)) next
        record(fn, sprintf("%s = %s", a, vn), fuzz_call(f, args, limit), args)
      }
    }
  }

  # 2. random combinations of two or three odd arguments (fixed seed)
  set.seed(4242)
  for (i in seq_len(n_random)) {
    fn <- sample(fns, 1)
    f <- get(fn, envir = ns)
    b <- base[[fn]]
    if (is.null(b)) b <- list()
    arg_names <- union(setdiff(names(formals(f)), "..."), names(b))
    if (!length(arg_names)) next
    pick <- sample(arg_names, min(length(arg_names), sample(2:3, 1)))
    args <- b
    what <- character(0)
    for (a in pick) {
      cand <- candidates(b[[a]], is_method(fn) && a == names(formals(f))[1])
      vn <- sample(names(cand), 1)
      args[a] <- list(cand[[vn]])
      what <- c(what, sprintf("%s = %s", a, vn))
    }
    if (fuzz_skip(fn, args)) next
    record(fn, paste(what, collapse = ", "), fuzz_call(f, args, limit), args)
  }

  log <- do.call(rbind, log)
  seconds <- proc.time()[["elapsed"]] - started
  n_calls <- nrow(log)
  counts <- table(factor(log$status, c("ok", "recurrent_error", "error", "timeout")))
  unclassed <- sum(log$status == "error" & !log$foreign)
  message(sprintf(paste0("\nfuzz: %d calls in %.1f s over %d functions: %d returned, ",
                         "%d recurrent_error, %d other errors (%d of them recurrent's own), ",
                         "%d timeouts"),
                  n_calls, seconds, length(fns), counts[["ok"]],
                  counts[["recurrent_error"]], counts[["error"]], unclassed,
                  counts[["timeout"]]))
  if (length(no_baseline))
    message("fuzz: baseline arguments guessed (an object of the method's class, ",
            "others by name) for ", paste(no_baseline, collapse = ", "),
            "; fuzz_baseline() in test-fuzz.R can give them better ones")
  bad <- log[log$status %in% c("error", "timeout"), ]
  if (nrow(bad)) {
    per_fn <- sort(table(bad$fn), decreasing = TRUE)
    message("fuzz: unclassed errors or timeouts per function: ",
            paste(sprintf("%s %d", names(per_fn), per_fn), collapse = ", "))
  }
  slow <- log[log$seconds > 1, ]
  if (nrow(slow))
    message("fuzz: slow calls (> 1 s): ", paste(sprintf("%s(%s) %.1f s", slow$fn, slow$args,
                                                        slow$seconds), collapse = "; "))
  report <- Sys.getenv("RECURRENT_FUZZ_REPORT")
  if (nzchar(report)) {
    out <- log
    out$message <- gsub("[\t\n]+", " ", out$message)
    utils::write.table(out, report, sep = "\t", quote = FALSE, row.names = FALSE)
  }

  expect_gt(n_calls, if (quick) 1000 else 5000)
  # a ratchet: recurrent's own unclassed errors may only become fewer (lower
  # fuzz_max_unclassed() when they do)
  if (!quick) {
    own <- log[log$status == "error" & !log$foreign, ]
    expect_lte(unclassed, fuzz_max_unclassed(),
               label = paste0("unclassed errors of recurrent's own functions (",
                              paste(utils::head(sprintf("%s(%s): %s", own$fn, own$args,
                                                        own$message), 10),
                                    collapse = "; "), ")"))
  }
  # every baseline call works (otherwise the mutations test nothing), except
  # forecast.default(fit) without the forecast package: a classed error saying so
  baseline <- log[log$args == "(baseline)" & log$fn %in% known, ]
  expect_true(all(baseline$status == fuzz_baseline_status(baseline$fn)),
              label = paste("baseline calls:", paste(baseline$fn, baseline$status,
                                                     baseline$message, collapse = "; ")))
  # the objects the calls were given were not modified in place
  changed <- names(o)[!vapply(names(o), function(nm) identical(o[[nm]], pristine[[nm]]),
                              logical(1))]
  expect_identical(changed, character(0), label = "objects modified by the calls")
  # and the engine still computes the same thing
  expect_identical(predict(o$tnet, o$x), predict(pristine$tnet, o$x))
})

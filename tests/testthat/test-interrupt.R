# An interrupt (Ctrl-C, SIGINT) during training must come back to R as an
# `interrupt` condition (rnn_train()) or end training with the best model so
# far (the text API), leave the process usable and never crash. A child R
# process starts a training run that would last for minutes; once it reports
# that the first epoch is done, it gets SIGINT and must handle it, predict and
# exit 0 (if the interrupt is lost, the child is killed after 30 s and the test
# fails).

# Runs the R lines `body` in a child process after loading this installed copy
# of recurrent (with `ready` the path of a marker file the child writes with
# its pid when training is under way), sends it SIGINT a second after the
# marker appears, and returns its exit status and output.
interrupt_child <- function(body) {
  skip_on_os("windows")
  skip_if_not(nzchar(Sys.which("sh")), "no sh to start the child process")
  rscript <- file.path(R.home("bin"), "Rscript")
  skip_if_not(file.exists(rscript), "no Rscript")
  pkg_dir <- find.package("recurrent")
  skip_if_not(file.exists(file.path(pkg_dir, "Meta", "package.rds")),
              "recurrent is not loaded from an installed library")
  libs <- unique(c(dirname(pkg_dir), .libPaths()))

  dir <- tempfile("rec-interrupt-")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE), add = TRUE)
  f <- function(name) file.path(dir, name)
  child <- c(sprintf(".libPaths(%s)", paste(deparse(libs), collapse = "")),
             "library(recurrent)",
             sprintf("ready <- %s", deparse(f("ready"))),
             "options(recurrent.threads = 1)",
             "set.seed(1)",
             # the first progress message writes the ready marker (with the pid)
             "mark_ready <- function(m) {",
             "  if (!file.exists(ready)) writeLines(as.character(Sys.getpid()), ready)",
             "  invokeRestart('muffleMessage')",
             "}",
             body, "quit(status = 0)")
  writeLines(child, f("child.R"))
  # sh records the child's exit status (a crash gives 128 + the signal number)
  cmd <- sprintf("%s --vanilla %s > %s 2>&1; echo $? > %s; mv %s %s",
                 shQuote(rscript), shQuote(f("child.R")), shQuote(f("out")),
                 shQuote(f("status.tmp")), shQuote(f("status.tmp")), shQuote(f("status")))
  system(sprintf("sh -c %s", shQuote(cmd)), wait = FALSE)

  wait_for <- function(file, seconds) {
    end <- Sys.time() + seconds
    while (!file.exists(file) && Sys.time() < end) Sys.sleep(0.05)
    file.exists(file)
  }
  child_output <- function() {
    if (file.exists(f("out"))) paste(readLines(f("out"), warn = FALSE), collapse = "\n")
    else "(no output)"
  }
  started <- wait_for(f("ready"), 30)
  expect_true(started, label = paste("the child started training; its output:\n",
                                     child_output()))
  if (!started) return(list(status = NA, out = child_output()))
  Sys.sleep(0.1)   # let the marker be written completely
  pid <- as.integer(readLines(f("ready"), warn = FALSE)[1])
  expect_false(is.na(pid))
  Sys.sleep(1)     # into the middle of an epoch
  expect_true(tools::pskill(pid, tools::SIGINT))
  finished <- wait_for(f("status"), 30)
  if (!finished) tools::pskill(pid, tools::SIGKILL)
  expect_true(finished, label = "the child exits after the interrupt")
  list(status = if (finished) as.integer(readLines(f("status"), warn = FALSE)[1]) else NA,
       out = child_output())
}

# The child exited 0 and printed each of `lines`.
expect_child_output <- function(res, lines) {
  expect_identical(res$status, 0L, label = paste("the child's exit status; its output:\n",
                                                  res$out))
  for (l in lines) expect_match(res$out, l, fixed = TRUE)
}

test_that("SIGINT during rnn_train() returns to R's interrupt handler", {
  res <- interrupt_child(c(
    "n <- 400; T <- 30",
    "x <- array(rnorm(n * T * 2), c(n, T, 2)); y <- rnorm(n)",
    "net <- rnn_net(2, 32, cell = 'lstm')",
    # 1e5 epochs run for many minutes however fast the machine (an epoch is a
    # few ms to 0.3 s, nearly all in C)
    "res <- tryCatch(",
    "  withCallingHandlers(",
    "    rnn_train(net, x, y, epochs = 1e5, batch_size = 16, validation = 0,",
    "              patience = Inf, verbose = TRUE),",
    "    message = mark_ready),",
    "  interrupt = function(e) { cat('INTERRUPTED\\n'); NULL })",
    "if (!is.null(res)) cat('TRAINING FINISHED\\n')",
    "p <- predict(net, x[1:5, , , drop = FALSE])",
    "stopifnot(identical(dim(p), c(5L, 1L)), all(is.finite(p)))",
    "net2 <- rnn_train(net, x[1:40, , , drop = FALSE], y[1:40], epochs = 2,",
    "                  verbose = FALSE)",
    "stopifnot(all(is.finite(predict(net2, x[1:5, , , drop = FALSE]))))",
    "cat('PREDICT OK\\n')"))
  expect_child_output(res, c("INTERRUPTED", "PREDICT OK"))
  expect_false(grepl("TRAINING FINISHED", res$out, fixed = TRUE))
})

test_that("SIGINT during rnn_text_lm() ends training with the best epoch so far", {
  res <- interrupt_child(c(
    "text <- strrep('the cat sat on the mat. the dog ran. ', 400)",
    "lm <- withCallingHandlers(",
    "  rnn_text_lm(text, hidden = 64, unroll = 20, batch_size = 8, epochs = 1e5,",
    "              patience = 1e5, schedule = 'plateau', verbose = TRUE),",
    "  message = mark_ready)",
    "cat('STOP:', lm$training$stop_reason, '\\n')",
    "stopifnot(nrow(lm$history) >= 1, is.finite(rnn_text_bits(lm, 'the cat ran.')))",
    "cat('SCORE OK\\n')"))
  expect_child_output(res, c("STOP: interrupted after", "SCORE OK"))
})

# Runs the testthat suite against the installed package and ends with one plain
# summary line "N passed, N failed, N skipped" that CI reads; exits non-zero on
# any failure or error.
library(testthat)
res <- as.data.frame(test_dir("tests/testthat", package = "recurrent",
                              load_package = "installed",
                              reporter = ProgressReporter$new(show_praise = FALSE),
                              stop_on_failure = FALSE))
passed  <- sum(res$passed)
failed  <- sum(res$failed) + sum(res$error)
skipped <- sum(res$skipped)
cat(sprintf("\n%d passed, %d failed, %d skipped\n", passed, failed, skipped))
quit(status = if (failed > 0) 1 else 0)

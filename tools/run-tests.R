# Runs the testthat suite against the installed package and ends with one plain
# summary line "N passed, N failed, N skipped" that CI reads; exits non-zero on
# any failure or error.
#
# Optional: RECURRENT_TEST_LIB=<dir> (or the argument --lib=<dir>) tests the copy
# of the package installed in that library instead of the one on the default
# library path (`make sanitize` and `make valgrind` use it); child R processes
# started by the tests see it too, through R_LIBS.
lib <- Sys.getenv("RECURRENT_TEST_LIB")
arg <- grep("^--lib=", commandArgs(trailingOnly = TRUE), value = TRUE)
if (length(arg)) lib <- sub("^--lib=", "", arg[length(arg)])
if (nzchar(lib)) {
  lib <- normalizePath(lib, mustWork = TRUE)
  .libPaths(c(lib, .libPaths()))
  Sys.setenv(R_LIBS = paste(c(lib, Sys.getenv("R_LIBS")[nzchar(Sys.getenv("R_LIBS"))]),
                            collapse = .Platform$path.sep))
  cat("Testing recurrent from", dirname(find.package("recurrent", lib.loc = lib)), "\n")
}
# `&&`/`||` on a vector of length > 1 is an error, as in R >= 4.3 and under
# R CMD check --as-cran, also when the tests run on an older R
# (`make test` also starts R with _R_CHECK_MATRIX_DATA_=TRUE, which R reads only
# at start-up: matrix() with data of the wrong length is then an error, as under
# R CMD check)
Sys.setenv("_R_CHECK_LENGTH_1_LOGIC2_" = "true", "_R_CHECK_LENGTH_1_CONDITION_" = "true")
library(testthat)
# a developer or CI run, not CRAN: run the tests marked skip_on_cran() too
Sys.setenv(NOT_CRAN = "true")
res <- as.data.frame(test_dir("tests/testthat", package = "recurrent",
                              load_package = "installed",
                              reporter = ProgressReporter$new(show_praise = FALSE),
                              stop_on_failure = FALSE))
passed  <- sum(res$passed)
failed  <- sum(res$failed) + sum(res$error)
skipped <- sum(res$skipped)
cat(sprintf("\n%d passed, %d failed, %d skipped\n", passed, failed, skipped))
quit(status = if (failed > 0) 1 else 0)

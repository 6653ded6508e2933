# Summarises a `make sanitize` or `make valgrind` run and decides whether it
# passed. Usage: Rscript tools/memcheck-summary.R sanitize|valgrind <dir> <status>
# where <dir> holds tests.log (the test run's output, which also receives UBSan's
# reports) and the sanitizer logs (asan.<pid>) or valgrind logs (vg.<pid>.log), and <status> is the
# test run's exit status. Writes <dir>/summary.txt, prints it, and exits 1 when
# the tests failed or any report concerns the package.
#
# sanitize: any AddressSanitizer or UndefinedBehaviorSanitizer report fails.
# valgrind: any memory error (invalid read/write/free, use of uninitialised
# values, overlapping copies, fishy sizes) fails wherever it is; leaks fail only
# when an allocation stack goes through the package's own code (recurrent.so):
# R and the system libraries it loads keep memory until exit by design.
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 3, args[1] %in% c("sanitize", "valgrind"))
mode <- args[1]
dir <- args[2]
status <- as.integer(args[3])
out <- character(0)
say <- function(...) out <<- c(out, sprintf(...))
excerpt <- function(lines, n = 40) {
  if (length(lines) > n) c(lines[seq_len(n)], sprintf("  ... (%d more lines)", length(lines) - n))
  else lines
}

say("make %s: %s", mode, format(Sys.time(), "%Y-%m-%d %H:%M:%S"))
log <- file.path(dir, "tests.log")
tests <- if (file.exists(log)) readLines(log, warn = FALSE) else character(0)
line <- grep("^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$", tests, value = TRUE)
say("test run: exit status %d; %s", status,
    if (length(line)) line[length(line)] else "no summary line (the run did not finish)")
fuzz <- grep("^fuzz: ", tests, value = TRUE)
if (length(fuzz)) say("%s", substr(fuzz, 1, 400))
failed <- status != 0 || !length(line)

if (mode == "sanitize") {
  files <- list.files(dir, pattern = "^(asan|ubsan)\\.[0-9]+$", full.names = TRUE)
  n_asan <- n_ubsan <- 0L
  for (f in files) {
    l <- readLines(f, warn = FALSE)
    n_asan <- n_asan + sum(grepl("ERROR: AddressSanitizer", l))
    n_ubsan <- n_ubsan + sum(grepl("runtime error:", l))
  }
  say("AddressSanitizer reports: %d; UndefinedBehaviorSanitizer reports: %d (%d log file%s)",
      n_asan, n_ubsan, length(files), if (length(files) == 1) "" else "s")
  # a report in the test process also shows in its output
  inline <- grep("ERROR: AddressSanitizer|runtime error:", tests, value = TRUE)
  if (length(inline)) say("reports in tests.log: %d", length(inline))
  for (f in files) {
    say("")
    say("---- %s", f)
    out <- c(out, excerpt(readLines(f, warn = FALSE), 60))
  }
  failed <- failed || length(files) > 0 || length(inline) > 0
} else {
  files <- list.files(dir, pattern = "^vg\\.[0-9]+\\.log$", full.names = TRUE)
  err_pat <- paste0("^(Invalid (read|write|free)|Conditional jump|Use of uninitialised|",
                    "Syscall param|Mismatched free|Source and destination overlap|",
                    "Argument '.*' of function .* has a fishy|Process terminating)")
  leak_pat <- "are (definitely|possibly|indirectly) lost"
  errors <- leaks_pkg <- list()
  n_leaks_other <- 0L
  for (f in files) {
    l <- sub("^==[0-9]+== ?", "", readLines(f, warn = FALSE))
    # records are separated by empty lines
    grp <- cumsum(l == "")
    recs <- split(l, grp)
    for (r in recs) {
      r <- r[r != ""]
      if (!length(r)) next
      if (grepl(err_pat, r[1])) {
        errors[[length(errors) + 1]] <- c(sprintf("[%s]", basename(f)), r)
      } else if (grepl(leak_pat, r[1])) {
        if (any(grepl("recurrent\\.so", r))) leaks_pkg[[length(leaks_pkg) + 1]] <- c(sprintf("[%s]", basename(f)), r)
        else n_leaks_other <- n_leaks_other + 1L
      }
    }
  }
  summaries <- unlist(lapply(files, function(f) {
    l <- readLines(f, warn = FALSE)
    grep("ERROR SUMMARY|definitely lost:", l, value = TRUE)
  }))
  pkg_errors <- sum(vapply(errors, function(r) any(grepl("recurrent\\.so", r)), logical(1)))
  say("valgrind: %d log files; %d memory errors (%d with the package on the stack); %d leak records from the package; %d leak records elsewhere (R, system libraries: ignored)",
      length(files), length(errors), pkg_errors, length(leaks_pkg), n_leaks_other)
  say("%s", summaries[grepl("ERROR SUMMARY", summaries) & !grepl(" 0 errors", summaries)])
  for (r in c(errors, leaks_pkg)) {
    say("")
    out <- c(out, excerpt(r, 40))
  }
  failed <- failed || length(errors) > 0 || length(leaks_pkg) > 0
}

say("")
say("RESULT: %s", if (failed) "FAIL" else "PASS")
writeLines(out, file.path(dir, "summary.txt"))
writeLines(out)
quit(status = if (failed) 1 else 0)

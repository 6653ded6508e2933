# Shared by bench/text-charlm.R, bench/text-sentiment.R, bench/many.R,
# bench/accuracy.R, bench/highfreq.R, bench/pretrained.R, bench/strategy.R and
# bench/beyond-horizon.R: installing a data package when it is missing, the
# benches' data library, the M1 and tourism collections, a stopwatch,
# --name=value options and a markdown table.

# Load a CRAN data package, installing it first when missing: from Debian's
# r-cran-* package when `deb` is given and apt-get can be used (root on a Debian
# machine), else from CRAN into `lib` (default: the first library of .libPaths()).
need_package <- function(pkg, deb = NULL, lib = .libPaths()[1]) {
  if (requireNamespace(pkg, quietly = TRUE)) return(invisible(TRUE))
  if (!is.null(deb) && nzchar(Sys.which("apt-get")) &&
      identical(unname(Sys.info()[["effective_user"]]), "root")) {
    message("installing ", deb, " with apt-get")
    system2("apt-get", c("install", "-y", "-q", deb), stdout = FALSE)
  }
  if (!requireNamespace(pkg, quietly = TRUE)) {
    message("installing ", pkg, " from CRAN")
    repos <- getOption("repos")
    if (is.null(repos) || identical(unname(repos["CRAN"]), "@CRAN@"))
      repos <- c(CRAN = "https://cloud.r-project.org")
    utils::install.packages(pkg, lib = lib, repos = repos, quiet = TRUE)
  }
  if (!requireNamespace(pkg, quietly = TRUE))
    stop(sprintf("this script needs the %s package, which could not be installed", pkg))
  invisible(TRUE)
}

# The library of the benches' data packages (RECURRENT_BENCH_LIB, default
# ~/.cache/recurrent-bench-lib), put first in the library path, with `pkgs`
# installed into it when missing. Returns its path.
bench_data_library <- function(pkgs) {
  lib <- Sys.getenv("RECURRENT_BENCH_LIB", file.path(Sys.getenv("HOME", "/tmp"), ".cache",
                                                     "recurrent-bench-lib"))
  dir.create(lib, recursive = TRUE, showWarnings = FALSE)
  .libPaths(c(lib, .libPaths()))
  for (p in pkgs) need_package(p, lib = lib)
  invisible(lib)
}

# Every series of Mcomp's M1 and Tcomp's tourism, named as
# rnn_pretrained()$info$held_out names them ("M1/<name>", "tourism/<name>"):
# subset with that list for the held-out series, without it for the pool.
m1_tourism <- function() {
  coll <- c(Mcomp::M1, Tcomp::tourism)
  names(coll) <- c(paste0("M1/", names(Mcomp::M1)), paste0("tourism/", names(Tcomp::tourism)))
  coll
}

# Seconds since `start` (a value of proc.time()), elapsed wall time.
seconds_since <- function(start) unname((proc.time() - start)[["elapsed"]])

# The value of --name=value on the command line, or `default` when not given.
arg_value <- function(name, default, args = commandArgs(trailingOnly = TRUE)) {
  hit <- grep(sprintf("^--%s=", name), args, value = TRUE)
  if (length(hit)) sub(sprintf("^--%s=", name), "", hit[length(hit)]) else default
}
# The same, split at commas.
arg_list <- function(name, default, args = commandArgs(trailingOnly = TRUE)) {
  v <- arg_value(name, default, args)
  if (length(v) == 1 && nzchar(v)) strsplit(v, ",", fixed = TRUE)[[1]] else v
}

# A data frame as a markdown table on stdout; `digits`: decimals per numeric column.
md_table <- function(df, digits) {
  cells <- vapply(names(df), function(col) {
    v <- df[[col]]
    if (is.numeric(v) && !is.null(digits[[col]])) formatC(v, format = "f", digits = digits[[col]])
    else as.character(v)
  }, character(nrow(df)))
  cells <- matrix(cells, nrow = nrow(df))
  lines <- c(paste("|", paste(names(df), collapse = " | "), "|"),
             paste0("|", strrep("---|", ncol(df))),
             apply(cells, 1, function(r) paste("|", paste(r, collapse = " | "), "|")))
  cat(lines, sep = "\n")
}

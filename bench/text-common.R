# Shared by bench/text-charlm.R, bench/text-sentiment.R and bench/many.R:
# installing a data package when it is missing, and a stopwatch.

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

# Seconds since `start` (a value of proc.time()), elapsed wall time.
seconds_since <- function(start) unname((proc.time() - start)[["elapsed"]])

# Shared by tools/pretrain.R and bench/accuracy.R (its `yearly-extra`
# collection): the public series of the pretraining pools, read from CRAN data
# packages, and the seeded choice of the keys held out of pretraining. Only
# definitions: sourcing this file reads no data.

`%||%` <- function(a, b) if (is.null(a)) b else a

# fpp3's data without its dependencies (fable, feasts, ...): the source
# tarball, unpacked once under `lib`; returns the folder that holds fpp3/.
fpp3_source <- function(lib) {
  dir <- file.path(lib, "fpp3-source")
  if (!dir.exists(file.path(dir, "fpp3", "data"))) {
    dir.create(dir, recursive = TRUE, showWarnings = FALSE)
    tgz <- utils::download.packages("fpp3", dir, repos = "https://cloud.r-project.org",
                                    type = "source")[1, 2]
    utils::untar(tgz, exdir = normalizePath(dir))
  }
  dir
}

# All ts objects of a data package (a matrix/mts gives its columns).
package_series <- function(pkg) {
  env <- new.env()
  nms <- utils::data(package = pkg)$results[, "Item"]
  nms <- sub(" .*", "", nms)
  out <- list()
  for (nm in nms) {
    obj <- tryCatch({ utils::data(list = nm, package = pkg, envir = env); get(nm, envir = env) },
                    error = function(e) NULL, warning = function(w) NULL)
    if (!stats::is.ts(obj)) next
    if (is.matrix(obj)) {
      for (j in seq_len(ncol(obj)))
        out[[paste0(pkg, "::", nm, "/", colnames(obj)[j] %||% j)]] <- obj[, j]
    } else out[[paste0(pkg, "::", nm)]] <- obj
  }
  out
}

# The yearly, quarterly and monthly series of a tsibble: one ts per key and
# numeric variable, its longest stretch without NA (10 values at least);
# keys with gaps in time are left out.
tsibble_series <- function(x, name) {
  idx <- tsibble::index_var(x)
  keys <- tsibble::key_vars(x)
  iv <- x[[idx]]
  freq <- if (inherits(iv, "yearmonth")) 12 else if (inherits(iv, "yearquarter")) 4 else
    if (is.numeric(iv) && !inherits(iv, c("Date", "POSIXt", "yearweek"))) 1 else return(list())
  vars <- setdiff(names(x)[vapply(x, is.numeric, NA)], c(idx, keys))
  d <- as.data.frame(x)
  grp <- if (length(keys)) interaction(d[keys], drop = TRUE, sep = "/") else
    factor(rep("all", nrow(d)))
  out <- list()
  for (g in levels(grp)) {
    dg <- d[grp == g, , drop = FALSE]
    dg <- dg[order(dg[[idx]]), , drop = FALSE]
    t <- dg[[idx]]
    tn <- if (freq == 1) as.numeric(t) else {
      lt <- as.POSIXlt(as.Date(t))
      lt$year + 1900 + (if (freq == 12) lt$mon else lt$mon %/% 3) / freq
    }
    if (any(abs(diff(tn) - 1 / freq) > 1e-6)) next
    for (v in vars) {
      ok <- rle(is.finite(dg[[v]]))
      if (!any(ok$values)) next
      ends <- cumsum(ok$lengths)
      k <- which(ok$values)[which.max(ok$lengths[ok$values])]
      rng <- (ends[k] - ok$lengths[k] + 1):ends[k]
      if (length(rng) < 10) next
      out[[paste0(name, "/", g, "/", v)]] <- stats::ts(dg[[v]][rng], start = tn[rng[1]],
                                                       frequency = freq)
    }
  }
  out
}
tsibble_collections <- function(fpp3_dir) {
  out <- list()
  for (nm in c("aus_livestock", "aus_production", "aus_retail", "PBS", "global_economy",
               "hh_budget", "pelt")) {
    e <- new.env()
    utils::data(list = nm, package = "tsibbledata", envir = e)
    out <- c(out, tsibble_series(get(nm, e), paste0("tsibbledata::", nm)))
  }
  out <- c(out, tsibble_series(tsibble::tourism, "tsibble::tourism"))
  for (f in sort(list.files(file.path(fpp3_dir, "fpp3", "data"), full.names = TRUE))) {
    e <- new.env()
    load(f, envir = e)
    for (nm in ls(e)) if (inherits(get(nm, e), "tbl_ts"))
      out <- c(out, tsibble_series(get(nm, e), paste0("fpp3::", nm)))
  }
  out
}

competition <- function(coll) {
  lapply(coll, function(s) stats::ts(c(s$x, s$xx), start = stats::start(s$x),
                                     frequency = stats::frequency(s$x)))
}

# The series of whole keys of the tsibbles held out of pretraining: of the
# series `sers` (named "<tsibble>/<key>/<variable>", as tsibble_series()
# names them), a seeded round(20%) of the keys of each tsibble, every
# variable of a held-out key with it (a country's GDP, growth, CPI, imports,
# exports and population go together). Returns their names, sorted.
hold_keys <- function(sers, seed, share = 0.2) {
  key <- sub("/[^/]*$", "", names(sers))
  set.seed(seed)
  keys <- unlist(lapply(split(unique(key), sub("/.*", "", unique(key))), function(k)
    sort(k[sample.int(length(k), round(share * length(k)))])), use.names = FALSE)
  sort(names(sers)[key %in% keys])
}

# Every series of the tsibble collections that tools/pretrain.R reads
# (tools/pretrain-data.R's tsibble_collections()), as a named list of ts,
# cached in <lib>/tsibble-series.rds. Read in another R process with `lib`
# first in its library path: tsibble needs newer versions of packages (Rcpp,
# vctrs) than the forecast package already loaded by the calling script.
# `bench_dir`: the bench/ directory (text-common.R, ../tools).
tsibble_series <- function(lib, bench_dir) {
  all_file <- file.path(lib, "tsibble-series.rds")
  if (!file.exists(all_file)) {
    code <- sprintf(paste0(
      "source('%s'); .libPaths(c('%s', .libPaths())); source('%s'); ",
      "for (p in c('tsibble', 'tsibbledata')) need_package(p, lib = .libPaths()[1]); ",
      "saveRDS(tsibble_collections(fpp3_source(.libPaths()[1])), '%s')"),
      file.path(bench_dir, "text-common.R"), lib,
      file.path(bench_dir, "..", "tools", "pretrain-data.R"), all_file)
    stopifnot(system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(code))) == 0)
  }
  readRDS(all_file)
}

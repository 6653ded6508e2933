# Forecasting layer, kind "collection": one fit per series, each of any
# kind, as rnn_fit(many_series, global = FALSE) makes them (the default
# rnn_fit() per series, through future.apply when installed). It holds no
# series of its own: each fit holds its one series, named by its key.

new_rnn_collection <- function(fits, call, skipped = character(0)) {
  structure(list(fits = fits, call = call, skipped = skipped),
            class = c("rnn_collection", "rnn_fit"))
}

# The series of any fit: a collection's gathered from its fits (names =
# keys), every other kind's own.
fc_data <- function(x) {
  if (!inherits(x, "rnn_collection")) return(x$data)
  ds <- lapply(x$fits, fc_data)
  d <- ds[[1]]
  d$names <- names(x$fits)
  for (f in c("y", "tsp", "calendars")) d[[f]] <- lapply(ds, function(e) e[[f]][[1]])
  d$layout <- "many"
  d
}

#' @export
#' @noRd
fc_validate.rnn_collection <- function(x, at = "") {
  if (!is.list(x$fits) || !length(x$fits) || is.null(names(x$fits)) || anyDuplicated(names(x$fits)))
    return(sprintf("`%sfits` must be fits named by their series", at))
  for (n in names(x$fits)) {
    f <- x$fits[[n]]
    if (!inherits(f, "rnn_fit") || inherits(f, "rnn_collection"))
      return(sprintf("`%sfits$%s` must be the fit of one series", at, n))
    p <- fc_validate(f)
    if (!is.null(p)) return(sprintf("`%sfits$%s`: %s", at, n, p))
    if (length(f$data$names) != 1L || length(f$data$columns) != 1L)
      return(sprintf("`%sfits$%s` must be the fit of one series", at, n))
  }
  if (!is.null(x$skipped) && !is.character(x$skipped)) return("`skipped` must name the series left out")
  NULL
}

#' @export
#' @noRd
fc_parts.rnn_collection <- function(x, h, level, newxreg = NULL) {
  lapply(x$fits, function(f) fc_parts(f, h, level)[[1]])
}

#' @export
#' @noRd
fc_fitted_list.rnn_collection <- function(x) lapply(x$fits, function(f) fc_fitted_list(f)[[1]])

#' @export
#' @noRd
fc_refresh.rnn_collection <- function(x, data, epochs, lr, call) {
  miss <- setdiff(data$names, names(x$fits))
  if (length(miss))
    rec_abort(sprintf(paste0("`newdata` holds series this fit has no model for (%s): a fit of one ",
                             "model per series (`global = FALSE`) forecasts only its own series; ",
                             "fit them, or use a global fit (`global = TRUE`) to forecast new series."),
                      paste0("\"", utils::head(miss, 5), "\"", collapse = ", ")),
              class = "recurrent_error_newdata", call = call)
  fits <- lapply(seq_along(data$names), function(i) {
    f <- x$fits[[data$names[i]]]
    fc_refresh(f, fc_series_subset(data, i, "one"), epochs, lr, call)
  })
  names(fits) <- data$names
  x$fits <- fits
  x
}

#' @export
#' @noRd
fc_lines.rnn_collection <- function(x) {
  kinds <- table(vapply(x$fits, fc_kind_title, ""))
  c(model = sprintf("one fit per series: %s",
                    paste(sprintf("%d %s", as.integer(kinds), names(kinds)), collapse = ", ")),
    example = sprintf("e.g. %s: %s", names(x$fits)[1], fc_method(x$fits[[1]])))
}

#' @export
#' @noRd
fc_method.rnn_collection <- function(x) {
  m <- unique(vapply(x$fits, fc_method, ""))
  if (length(m) == 1L) m else "RNN fits per series"
}

#' @export
#' @noRd
fc_horizon.rnn_collection <- function(x) max(vapply(x$fits, fc_horizon, 1))

#' @export
#' @noRd
fc_networks.rnn_collection <- function(x) do.call(c, lapply(x$fits, fc_networks))

#' @export
#' @noRd
fc_terms.rnn_collection <- function(x) {
  do.call(rbind, lapply(names(x$fits), function(n) {
    t <- fc_terms(x$fits[[n]])
    if (NROW(t)) t$series <- n
    t
  }))
}

# The kind of a fit in words ("local", "combination", ...).
fc_kind_label <- function(x) sub("^rnn_", "", class(x)[1])

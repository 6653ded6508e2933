# Forecasting layer, kind "combination": a weighted average of member fits,
# per series. The default of rnn_fit() is one when a pretrained network wins
# (forecast-choice.R): the network and the exponential smoothing of the
# series, averaged (the ES-RNN idea as a forecast combination; equal
# weights unless the series' held-out windows favour the smoothing,
# forecast-weighting.R), the intervals keeping the network's widths around the
# average. Members are fits of any kind, stored without their series (the
# combination's `data` is theirs).
#
#   members    named list of fits (their `data` NULL)
#   weights    [ns, members]: the weight of each member's forecast per
#              series (rows sum to 1)
#   intervals  chr [ns]: the member whose interval widths each series keeps
#   new        the weights [members] for series the fit has not seen
#              (predict(newdata =) with new keys)

new_rnn_combination <- function(data, members, weights, intervals, call, new = NULL,
                                skipped = character(0), selection = NULL) {
  members <- lapply(members, function(m) { m["data"] <- list(NULL); m })
  x <- c(fc_envelope(data, call, skipped, selection),
         list(members = members, weights = weights, intervals = intervals,
              new = new %||% weights[1, ]))
  structure(x, class = c("rnn_combination", "rnn_fit"))
}

# Member `name` of a combination with the combination's series.
fc_member <- function(x, name) {
  m <- x$members[[name]]
  m$data <- x$data
  m
}

#' @export
#' @noRd
fc_validate.rnn_combination <- function(x, at = "") {
  p <- fc_validate_envelope(x, at)
  if (!is.null(p)) return(p)
  nm <- names(x$members)
  ns <- fc_n_series(x)
  if (!is.list(x$members) || length(nm) < 2L || anyDuplicated(nm) || !all(nzchar(nm)))
    return(sprintf("`%smembers` must be two or more named fits", at))
  for (n in nm) {
    m <- x$members[[n]]
    if (!inherits(m, "rnn_fit") || inherits(m, c("rnn_combination", "rnn_collection")))
      return(sprintf("`%smembers$%s` must be a fit of a model kind", at, n))
    p <- fc_validate(fc_member(x, n), paste0(at, "members$", n, "$"))
    if (!is.null(p)) return(p)
  }
  w <- x$weights
  if (!is.matrix(w) || !is.numeric(w) || !identical(dim(w), c(ns, length(nm))) ||
      !identical(colnames(w), nm) || any(!is.finite(w)) || any(w < 0) ||
      any(abs(rowSums(w) - 1) > 1e-8))
    return(sprintf("`%sweights` must be non-negative weights [%d x %d] of the members, rows summing to 1",
                   at, ns, length(nm)))
  if (!is.character(x$intervals) || length(x$intervals) != ns || !all(x$intervals %in% nm))
    return(sprintf("`%sintervals` must name, per series, the member whose interval widths are kept", at))
  if (!is.numeric(x$new) || length(x$new) != length(nm) || abs(sum(x$new) - 1) > 1e-8 ||
      any(x$new < 0))
    return(sprintf("`%snew` must be the members' weights for new series", at))
  NULL
}

#' @export
#' @noRd
fc_parts.rnn_combination <- function(x, h, level, newxreg = NULL) {
  nm <- names(x$members)
  used <- nm[colSums(x$weights) > 0 | nm %in% x$intervals]
  parts <- lapply(stats::setNames(used, used), function(n) fc_parts(fc_member(x, n), h, level, newxreg))
  lapply(seq_len(fc_n_series(x)), function(j) {
    mean <- 0
    for (n in used) if (x$weights[j, n] > 0) mean <- mean + x$weights[j, n] * parts[[n]][[j]]$mean
    base <- parts[[x$intervals[j]]][[j]]
    shift <- as.vector(mean - base$mean)
    list(mean = mean, lower = base$lower + shift, upper = base$upper + shift)
  })
}

#' @export
#' @noRd
fc_fitted_list.rnn_combination <- function(x) {
  nm <- names(x$members)
  fits <- lapply(stats::setNames(nm, nm), function(n) fc_fitted_list(fc_member(x, n)))
  lapply(seq_len(fc_n_series(x)), function(j) {
    out <- 0
    for (n in nm) if (x$weights[j, n] > 0) out <- out + x$weights[j, n] * fits[[n]][[j]]
    out
  })
}

#' @export
#' @noRd
fc_refresh.rnn_combination <- function(x, data, epochs, lr, call) {
  x$members <- lapply(names(x$members), function(n) {
    m <- fc_refresh(fc_member(x, n), data, epochs, lr, call)
    m["data"] <- list(NULL)
    m
  })
  names(x$members) <- colnames(x$weights)
  rows <- match(data$names, x$data$names)
  if (x$data$layout != "many") rows[] <- 1L
  w <- x$weights[rows, , drop = FALSE]
  w[is.na(rows), ] <- rep(x$new, each = sum(is.na(rows)))
  iv <- x$intervals[rows]
  iv[is.na(rows)] <- names(x$new)[which.max(x$new)]
  rownames(w) <- NULL
  x$weights <- w
  x$intervals <- iv
  x$data <- data
  x
}

#' @export
#' @noRd
fc_lines.rnn_combination <- function(x) {
  nm <- names(x$members)
  ns <- fc_n_series(x)
  out <- character(0)
  for (n in nm) {
    l <- fc_lines(fc_member(x, n))
    lab <- if (ns == 1L) sprintf("weight %s", fc_num(x$weights[1, n], "")) else
      sprintf("used for %d of %d series", sum(x$weights[, n] > 0), ns)
    out[paste0(n, ":")] <- sprintf("%s (%s)", l[["model"]], lab)
  }
  others <- fc_lines(fc_member(x, x$intervals[1]))
  others <- others[setdiff(names(others), "model")]
  used <- nm[colSums(x$weights) > 0]
  # many series choosing per series between the network fine-tuned and as shipped
  either <- all(c("network", "pretrained") %in% used)
  model <- if (either)
    sprintf("per series, average of network or pretrained (the better on its held-out windows) and %s; intervals keep the widths of the one used",
            paste(setdiff(used, c("network", "pretrained")), collapse = " and ")) else
      if (length(used) == 1L) sprintf("%s alone (the other members' weights are 0)", used) else
        sprintf("average of %s; intervals keep the %s's widths", paste(used, collapse = " and "),
                x$intervals[1])
  c(model = model, out, others)
}

#' @export
#' @noRd
fc_method.rnn_combination <- function(x) {
  main <- fc_method(fc_member(x, x$intervals[1]))
  others <- setdiff(names(x$members)[colSums(x$weights) > 0], x$intervals[1])
  if (x$intervals[1] == "network" && "pretrained" %in% others) {
    # the same network as shipped for some of many series
    main <- sub("^Fine-tuned", "Fine-tuned (or as shipped)", main)
    others <- setdiff(others, "pretrained")
  }
  if (!length(others)) return(main)
  # each member's method without its settings, lower case first letter
  add <- vapply(others, function(n) {
    m <- sub(" \\[[^]]*\\]$", "", fc_method(fc_member(x, n)))
    paste0(tolower(substr(m, 1L, 1L)), substring(m, 2L))
  }, "")
  sub("( \\[|$)", paste0(paste0(" + ", add, collapse = ""), "\\1"), main)
}

#' @export
#' @noRd
fc_horizon.rnn_combination <- function(x) fc_horizon(fc_member(x, x$intervals[1]))

#' @export
#' @noRd
fc_networks.rnn_combination <- function(x) {
  do.call(c, lapply(names(x$members), function(n) fc_networks(fc_member(x, n))))
}

#' @export
#' @noRd
fc_terms.rnn_combination <- function(x) {
  nm <- names(x$members)
  w <- data.frame(series = rep(x$data$names, length(nm)),
                  term = paste0("weight:", rep(nm, each = fc_n_series(x))),
                  estimate = as.vector(x$weights))
  out <- rbind(w, do.call(rbind, lapply(nm, function(n) {
    t <- fc_terms(fc_member(x, n))
    if (!NROW(t)) return(NULL)
    t$term <- paste0(n, ":", t$term)
    t
  })))
  rownames(out) <- NULL
  out
}

# Classed errors and warnings and argument checks shared by every public
# function. Messages say what was expected and what was received, e.g.
#   `hidden_size` must be a positive integer, not -3.
# The convention (rlang's check_*() helpers): every condition has class
# "recurrent_error" (or "recurrent_warning"), with a subclass in front where a
# caller may want to catch one kind (e.g. "recurrent_error_missing"), and names
# the call the user made: an exported function captures `call <- sys.call()`
# and passes it down to the helpers that check its arguments; a check_*()
# called directly from the exported function defaults to that function's call.

#' @noRd
rec_abort <- function(message, class = NULL, call = sys.call(-1)) {
  stop(structure(
    class = c(class, "recurrent_error", "error", "condition"),
    list(message = message, call = call)
  ))
}

#' @noRd
rec_warn <- function(message, class = NULL, call = NULL) {
  warning(structure(
    class = c(class, "recurrent_warning", "warning", "condition"),
    list(message = message, call = call)
  ))
}

# A short description of what was received, for error messages.
#' @noRd
describe <- function(x) {
  # "an integer vector", "a double vector"
  a <- function(word) if (grepl("^[aeiou]", word)) "an" else "a"
  if (is.null(x)) return("NULL")
  if (is.function(x)) return("a function")
  if (is.language(x))
    return(sprintf("the %s `%s`", if (is.symbol(x)) "symbol" else "expression",
                   paste(deparse(x, width.cutoff = 40L)[1], collapse = "")))
  if (is.data.frame(x)) return(sprintf("a data frame with %d rows", nrow(x)))
  if (is.factor(x)) return(sprintf("a factor of length %d", length(x)))
  if (is.list(x)) return(sprintf("a list of length %d", length(x)))
  # a series says what kind it is
  if (stats::is.ts(x)) {
    type <- if (is.double(x)) "" else paste0(typeof(x), " ")
    return(sprintf("%s %s%s of length %d (frequency %s)", a(type), type,
                   if (is.matrix(x)) "multiple ts" else "ts", NROW(x), format(stats::frequency(x))))
  }
  if (inherits(x, "zoo")) return(sprintf("a %s series of length %d", class(x)[1], NROW(x)))
  if (length(x) == 0) return(sprintf("an empty %s vector", typeof(x)))
  if (length(x) == 1 && is.atomic(x) && is.null(dim(x))) {
    if (is.character(x)) return(sprintf("the string \"%s\"", x))
    return(format(x))
  }
  d <- dim(x)
  if (!is.null(d)) return(sprintf("%s %s array of dimensions [%s]", a(typeof(x)), typeof(x),
                                  paste(d, collapse = ", ")))
  sprintf("%s %s vector of length %d", a(typeof(x)), typeof(x), length(x))
}

#' @noRd
check_int <- function(x, name, min = 1, max = .Machine$integer.max, allow_inf = FALSE,
                      call = sys.call(-1)) {
  is_int <- is.numeric(x) && length(x) == 1 && is.null(dim(x)) && !is.na(x) &&
    (is.finite(x) && x == round(x) && x >= min || allow_inf && identical(as.double(x), Inf))
  if (!is_int) {
    what <- if (min == 1) "a positive integer" else if (min == 0)
      "a non-negative integer" else sprintf("an integer >= %s", min)
    if (allow_inf) what <- paste(what, "or Inf")
    rec_abort(sprintf("`%s` must be %s, not %s.", name, what, describe(x)), call = call)
  }
  if (is.finite(x) && x > max)
    rec_abort(sprintf("`%s` must be at most %s, not %s.", name,
                      format(max, big.mark = ",", scientific = FALSE), describe(x)),
              call = call)
  if (is.finite(x)) as.integer(x) else x
}

#' @noRd
check_num <- function(x, name, min = -Inf, max = Inf, min_open = FALSE,
                      max_open = FALSE, call = sys.call(-1)) {
  ok <- is.numeric(x) && length(x) == 1 && is.null(dim(x)) && is.finite(x) &&
    (if (min_open) x > min else x >= min) && (if (max_open) x < max else x <= max)
  if (!ok) {
    lo <- if (is.finite(min)) sprintf("%s %s", if (min_open) ">" else ">=", format(min))
    hi <- if (is.finite(max)) sprintf("%s %s", if (max_open) "<" else "<=", format(max))
    range <- paste(c(lo, hi), collapse = " and ")
    rec_abort(sprintf("`%s` must be a finite number%s, not %s.", name,
                      if (nzchar(range)) paste0(" ", range) else "", describe(x)),
              call = call)
  }
  as.double(x)
}

#' @noRd
check_flag <- function(x, name, call = sys.call(-1)) {
  if (!is.logical(x) || length(x) != 1 || is.na(x))
    rec_abort(sprintf("`%s` must be TRUE or FALSE, not %s.", name, describe(x)),
              call = call)
  x
}

# match.arg() with a recurrent_error that lists the choices.
#' @noRd
check_choice <- function(x, choices, name, call = sys.call(-1)) {
  if (identical(x, choices)) return(choices[1])
  if (!is.character(x) || length(x) != 1 || is.na(x) || !(x %in% choices))
    rec_abort(sprintf("`%s` must be one of %s, not %s.", name,
                      paste0("\"", choices, "\"", collapse = ", "), describe(x)),
              call = call)
  x
}

# An rnn_net whose description and weights are intact: the fields rnn_net()
# made, each still valid, and as many weights as the description implies (an
# object edited by hand is refused before it reaches C).
#' @noRd
check_net <- function(net, name = "net") {
  call <- sys.call(-1)
  bad <- function(why)
    rec_abort(sprintf("`%s` is not a valid rnn_net (%s); make one with rnn_net().", name, why),
              call = call)
  if (!inherits(net, "rnn_net"))
    rec_abort(sprintf("`%s` must be an rnn_net made by rnn_net(), not %s.", name,
                      describe(net)), call = call)
  s <- net$spec
  if (!is.list(s)) bad("its `spec` is missing")
  if (!spec_intact(s)) bad("its `spec` has been altered")
  want <- sum(vapply(net_shapes(s), prod, numeric(1)))
  if (!is.double(net$params) || length(net$params) != want || anyNA(net$params))
    bad(sprintf("it should hold %.0f finite weights", want))
  if (!is.null(net$history) && !is.data.frame(net$history))
    bad("its `history` has been altered")
  if (!training_intact(net$training)) bad("its `training` record has been altered")
  lv <- net$levels
  if (!is.null(lv) && (!is.character(lv) || length(lv) != max(2L, s$output_size) ||
                       anyNA(lv) || anyDuplicated(lv)))
    bad("its class `levels` have been altered")
  invisible(net)
}

# Whether `s` is a spec as rnn_net() makes it (validate_spec() returns it unchanged).
#' @noRd
spec_intact <- function(s) {
  is.list(s) && isTRUE(tryCatch({
    s2 <- do.call(validate_spec, s[intersect(names(formals(validate_spec)), names(s))])
    identical(s2, s[names(s2)])
  }, error = function(e) FALSE))
}

# Whether `tr` is the `training` record rnn_train() leaves (NULL: untrained).
#' @noRd
training_intact <- function(tr) {
  if (is.null(tr)) return(TRUE)
  num1 <- function(v) is.numeric(v) && length(v) == 1L && !is.na(v)
  chr1 <- function(v) is.character(v) && length(v) == 1L && !is.na(v)
  nums <- c("lr", "batch_size", "clip", "epochs", "best_epoch", "best_score", "n_train",
            "n_val", "seconds")
  is.list(tr) && chr1(tr$loss) && chr1(tr$optimizer) && chr1(tr$stop_reason) &&
    all(vapply(tr[nums], num1, logical(1))) && (isTRUE(tr$validation) || isFALSE(tr$validation))
}

#' @noRd
`%||%` <- function(a, b) if (is.null(a)) b else a

# The `log` argument of a base-graphics plot: "", "x", "y" or "xy".
#' @noRd
check_log_axes <- function(log, call = sys.call(-1)) {
  if (!is.character(log) || length(log) != 1 || is.na(log) ||
      !(log %in% c("", "x", "y", "xy", "yx")))
    rec_abort(sprintf("`log` must be \"\", \"x\", \"y\" or \"xy\", not %s.", describe(log)),
              call = call)
  log
}

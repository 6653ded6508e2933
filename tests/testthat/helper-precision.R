# Single precision (issue 24): helpers shared by the precision tests.

# x rounded to the nearest float (IEEE single), attributes kept: writeBin()
# with size = 4 stores floats, readBin() widens them back.
as_float <- function(x) {
  y <- readBin(writeBin(as.double(x), raw(), size = 4), "double", size = 4,
               n = length(x))
  attributes(y) <- attributes(x)
  y
}

# Whether every value of x is a float widened to double (what a
# single-precision computation returns); NA counts as one.
is_float_valued <- function(x) {
  v <- unlist(x, use.names = FALSE)
  v <- v[!is.na(v)]
  identical(v, as_float(v))
}

# The same network (architecture and weights) in the other precision, as
# rnn_fit() turns the shipped pretrained networks to its own.
with_precision <- function(net, precision) recurrent:::net_as_precision(net, precision)

# max |a - b| over everything, relative to max |b| (NA positions must agree).
max_rel_diff <- function(a, b) {
  a <- unlist(a, use.names = FALSE); b <- unlist(b, use.names = FALSE)
  stopifnot(identical(is.na(a), is.na(b)))
  ok <- !is.na(b)
  max(abs(a[ok] - b[ok])) / max(abs(b[ok]))
}

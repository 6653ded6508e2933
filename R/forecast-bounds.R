# Forecasting layer, the last step of predict(): forecasts of a series that
# never went below zero (counts, load, rainfall, sales) are cut at zero.
# The models are additive on the series' own scale (or a log scale that is
# not taken for series with zeros), so near zero their point forecasts and
# lower bounds can go negative: pedestrian counts at night, or a 95% lower
# bound at -1,800 for a count whose forecast is 2,900 with wide errors.
# With an actual value of zero or more, a forecast or bound moved up to
# zero is never further from it (errors only shrink, coverage only grows).

# parts (fc_parts(): per series mean [h, k], lower/upper [h, k, levels])
# with every column whose observed values (data$y[[j]] [N_j, k]) are all
# zero or more taken to max(value, 0).
fc_bound_parts <- function(parts, data) {
  for (j in seq_along(parts)) {
    y <- data$y[[j]]
    for (c in seq_len(ncol(y))) {
      if (any(y[, c] < 0, na.rm = TRUE)) next
      p <- parts[[j]]
      p$mean[, c] <- pmax(p$mean[, c], 0)
      p$lower[, c, ] <- pmax(p$lower[, c, ], 0)
      p$upper[, c, ] <- pmax(p$upper[, c, ], 0)
      parts[[j]] <- p
    }
  }
  parts
}

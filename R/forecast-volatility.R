# Forecasting layer, the random-walk member of the seasonal kind
# (fit-seasonal.R), for series that drift like prices: the last value as the
# forecast, intervals that follow recent volatility. The volatility is an
# exponentially weighted mean of squared one-step changes (lambda 0.94, as
# RiskMetrics), on the log scale for a positive series; the interval at step
# k is the volatility now times sqrt(k) times the quantiles of the window's
# k-step changes, each divided by the volatility at its origin and sqrt(k)
# (so fat tails and any mean reversion of the series show in them).

# The EWMA variance before each one-step change of z: v [length(z) - 1]
# (v[i] goes with z[i + 1] - z[i] and uses changes up to i - 1), and `now`
# for the next change.
fc_ewma_variance <- function(z, lambda = 0.94, burn = 20L) {
  r <- diff(z)
  m <- length(r)
  v <- numeric(m)
  v[1] <- mean(r[seq_len(min(burn, m))]^2)
  if (m > 1) v[-1] <- as.numeric(stats::filter((1 - lambda) * r[-m]^2, lambda, method = "recursive",
                                               init = v[1]))
  list(v = v, now = lambda * v[m] + (1 - lambda) * r[m]^2)
}

# Forecast of h steps: mean [h], lower/upper [h, length(level)]; `type`
# names the width factors (fc_width_factor(): weekly steps take their own).
fc_rw_vol <- function(y, h, level, lambda = 0.94, burn = 20L, type = "random walk") {
  n <- length(y)
  pos <- all(y > 0)
  z <- if (pos) log(y) else y
  ew <- fc_ewma_variance(z, lambda, burn)
  sig <- sqrt(ew$v)
  floor <- max(sig) * 1e-6
  sig <- pmax(sig, floor)
  probs <- c((1 - level / 100) / 2, (1 + level / 100) / 2)
  L <- length(level)
  fac <- rep(fc_width_factor(type, level), 2)
  lo <- hi <- matrix(0, h, L)
  if (floor > 0) for (k in seq_len(h)) {
    o <- seq_len(max(0L, n - k))
    if (sum(o > burn) >= 10L) o <- o[o > burn]
    s <- if (length(o) >= 2L) (z[o + k] - z[o]) / (sig[o] * sqrt(k)) else stats::qnorm(probs)
    q <- stats::quantile(s, probs, names = FALSE, type = 8) * sqrt(ew$now * k) * fac
    lo[k, ] <- q[seq_len(L)]
    hi[k, ] <- q[L + seq_len(L)]
  }
  last <- z[n]
  back <- if (pos) exp else identity
  list(mean = rep(y[n], h), lower = back(last + lo), upper = back(last + hi))
}

# The exponential smoothing path beside the pretrained networks
# (R/forecast-smooth.R, src/smooth.c): rnn_fit(y) averages a winning
# pretrained model's forecast with it.

# The filter written out in R, as src/smooth.c documents it.
es_filter_r <- function(z, m, par, state) {
  l <- state[1]; b <- state[2]; s <- state[-(1:2)]
  res <- numeric(length(z))
  for (t in seq_along(z)) {
    j <- (t - 1L) %% m + 1L
    e <- z[t] - (l + par[4] * b + s[j])
    res[t] <- e
    l <- l + par[4] * b + par[1] * e
    b <- par[4] * b + par[2] * e
    s[j] <- s[j] + par[3] * e
  }
  list(sse = sum(res^2), state = c(l, b, s), res = res)
}

test_that("the C filter follows the smoothing recursions", {
  set.seed(3)
  z <- cumsum(rnorm(37)) + rep(c(1, -0.5, 0.2, -0.7), length.out = 37)
  par <- c(0.4, 0.05, 0.2, 0.9)
  state <- c(0.3, 0.1, 1, -0.5, 0.2, -0.7)
  ref <- es_filter_r(z, 4L, par, state)
  out <- .Call(recurrent:::C_rec_es_filter, z, 4L, par, state, TRUE)
  expect_equal(out[[1]], ref$sse, tolerance = 1e-12)
  expect_equal(out[[2]], ref$state, tolerance = 1e-12)
  expect_equal(out[[3]], ref$res, tolerance = 1e-12)
  # the sum alone, and the start state left as it was
  expect_equal(.Call(recurrent:::C_rec_es_filter, z, 4L, par, state, FALSE), ref$sse,
               tolerance = 1e-12)
  expect_identical(state, c(0.3, 0.1, 1, -0.5, 0.2, -0.7))
  # a diverging filter reports an infinite sum, which optim() never sees
  expect_identical(.Call(recurrent:::C_rec_es_filter, c(1e300, -1e300, 1e300), 1L,
                         c(0.5, 0, 0, 0), c(0, 0, 0), FALSE), Inf)
  expect_error(.Call(recurrent:::C_rec_es_filter, z, 4L, par, state[1:3], FALSE), "internal")
})

test_that("the smoothing model forecasts a seasonal series with a trend and a noise series", {
  # monthly, log-linear growth with a fixed season and small noise
  set.seed(5)
  n <- 120
  t <- seq_len(n + 12)
  truth <- exp(4 + 0.01 * t + 0.2 * sin(2 * pi * t / 12))
  y <- truth[1:n] * exp(rnorm(n, sd = 0.01))
  sm <- recurrent:::fc_smooth_fit(y, 12)
  expect_true(sm$log)
  expect_identical(sm$m, 12L)
  expect_identical(names(sm$members), c("N", "Ad"))
  # the weights: exp(-AICc / 16), normalised
  a <- c(sm$members$N$aicc, sm$members$Ad$aicc)
  expect_equal(unname(sm$weights), exp(-(a - min(a)) / 16) / sum(exp(-(a - min(a)) / 16)))
  f <- recurrent:::fc_smooth_forecast(sm, 12)
  # the damped trend follows the growth; the average lies between it and
  # the model without a trend, which stays at the last level
  pd <- exp(recurrent:::fc_smooth_path(sm$members$Ad, 12L, n, 12L))
  pn <- exp(recurrent:::fc_smooth_path(sm$members$N, 12L, n, 12L))
  expect_lt(max(abs(pd / truth[n + 1:12] - 1)), 0.05)
  expect_true(all(pn < f & f < pd))
  # the forecast and the fitted values are the members' averages on the
  # original scale
  expect_equal(f, sm$weights[["N"]] * pn + sm$weights[["Ad"]] * pd)
  expect_equal(recurrent:::fc_smooth_fitted(sm),
               sm$weights[["N"]] * exp(sm$members$N$fitted) +
                 sm$weights[["Ad"]] * exp(sm$members$Ad$fitted))
  # the member without a trend forecasts no growth beyond the season
  pn <- recurrent:::fc_smooth_path(sm$members$N, 12L, n, 24L)
  expect_equal(pn[13:24], pn[1:12])
  # noise around 50: a near-flat forecast near the mean, no season
  set.seed(6)
  w <- 50 + rnorm(100)
  sw <- recurrent:::fc_smooth_fit(w, 1)
  expect_identical(sw$m, 1L)
  fw <- recurrent:::fc_smooth_forecast(sw, 10)
  expect_lt(max(abs(fw - 50)), 1)
  # a season is kept from two whole cycles on, with or without an
  # autocorrelation that shows it; shorter: none
  expect_identical(recurrent:::fc_smooth_fit(w[1:24], 12)$m, 12L)
  expect_identical(recurrent:::fc_smooth_fit(w[1:23], 12)$m, 1L)
  # a value at or below 0: the original scale; too short or not finite: none
  expect_false(recurrent:::fc_smooth_fit(c(0, w), 1)$log)
  expect_null(recurrent:::fc_smooth_fit(1:4, 1))
  expect_null(recurrent:::fc_smooth_fit(c(w, NA), 1))
  # a constant series gives its value
  expect_equal(recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_fit(rep(3, 20), 4), 5),
               rep(3, 5))
  # one trend only: that model alone
  s1 <- recurrent:::fc_smooth_fit(y, 12, trends = "Ad")
  expect_identical(names(s1$members), "Ad")
  expect_equal(recurrent:::fc_smooth_forecast(s1, 5),
               exp(recurrent:::fc_smooth_path(s1$members$Ad, 12L, n, 5L)))
  expect_match(recurrent:::fc_smooth_label(sm),
               sprintf("(no trend %.2f + damped trend %.2f, seasonal (12), log scale)",
                       sm$weights[["N"]], sm$weights[["Ad"]]), fixed = TRUE)
  # a smooth trend (a population's): the damped trend fits far better and
  # takes nearly all the weight
  pop <- 1e6 * exp(0.02 * (1:50) + cumsum(rnorm(50, sd = 0.001)))
  sp <- recurrent:::fc_smooth_fit(pop, 1)
  expect_gt(sp$weights[["Ad"]], 0.99)
  expect_lt(abs(recurrent:::fc_smooth_forecast(sp, 1) / (pop[50] * exp(0.02)) - 1), 0.005)
})

test_that("a pretrained winner's forecast is the average with the smoothing path", {
  set.seed(2)
  y <- ts(50 + cumsum(rnorm(120, 0.2)) + 8 * sin(2 * pi * seq_len(120) / 12) + rnorm(120),
          frequency = 12, start = c(2010, 1))
  set.seed(1)
  fit <- rnn_fit(y, verbose = FALSE)
  expect_s3_class(fit, "rnn_combination")
  expect_true(fit$selection$choice %in% c("pretrained", "fine-tuned"))
  expect_identical(names(fit$members), c("network", "smooth"))
  sm <- fit$members$smooth$models[[1]]
  expect_false(is.null(sm))
  expect_identical(sm$n, 120L)
  expect_equal(unname(fit$weights[1, ]), c(0.5, 0.5))
  fc <- predict(fit, h = 24)
  net <- predict(recurrent:::fc_member(fit, "network"), h = 24)
  es <- recurrent:::fc_smooth_forecast(sm, 24)
  expect_equal(as.numeric(fc$mean), (as.numeric(net$mean) + es) / 2)
  expect_equal(as.numeric(predict(recurrent:::fc_member(fit, "smooth"), h = 24)$mean), es)
  # the intervals keep the network's widths around the average
  expect_equal(unname(unclass(fc$upper) - unclass(fc$lower)),
               unname(unclass(net$upper) - unclass(net$lower)))
  expect_identical(tsp(fc$mean), tsp(net$mean))
  expect_match(fc$method, "linear AR \\+ exponential smoothing \\[lookback")
  expect_true(any(grepl("average of network and smooth", capture.output(print(fit)))))
  # newer observations: the smoothing model is estimated on them, the network
  # member is carried over to them
  new <- window(y, end = c(2018, 12))
  fcn <- predict(fit, h = 3, newdata = new)
  netn <- predict(recurrent:::fc_member(fit, "network"), h = 3, newdata = new)
  esn <- recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_fit(new, 12), 3)
  expect_equal(as.numeric(fcn$mean), (as.numeric(netn$mean) + esn) / 2)
  # an altered smoothing model is refused, naming the field
  bad <- fit
  bad$members$smooth$models[[1]]$members$Ad$state <- sm$members$Ad$state[-1]
  expect_error(predict(bad), class = "recurrent_error_invalid_object",
               regexp = "members$smooth$models[[1]]", fixed = TRUE)
  bad <- fit
  bad$members$smooth$models[[1]]$members$N$trend <- "A"
  expect_error(print(bad), class = "recurrent_error_invalid_object")
})

test_that("the smoothing kind forecasts alone with the intervals of its model", {
  set.seed(3)
  y <- ts(100 + cumsum(rnorm(80)), frequency = 4)
  data <- recurrent:::fc_read_series(y, NULL, list(key = NULL, index = NULL, value = NULL,
                                                   regularise = FALSE, na_action = "error",
                                                   xreg = FALSE, global = NULL), NULL, "y")$data
  sm <- recurrent:::new_rnn_smooth(data, recurrent:::fc_smooth_models(data), quote(rnn_fit(y)))
  fc <- predict(sm, h = 8, level = 95)
  m <- sm$models[[1]]
  expect_equal(as.numeric(fc$mean), recurrent:::fc_smooth_forecast(m, 8))
  # ANN (no trend): the h-step variance grows as 1 + (h - 1) alpha^2 (plus
  # gamma^2 from step m + 1 on with a season)
  mn <- m$members$N
  v <- recurrent:::fc_smooth_variance(mn, m$m, 8)
  expect_equal(v, 1 + cumsum(c(0, (mn$par[1] + mn$par[3] * ((1:7) %% m$m == 0))^2)))
  # the bounds are the members' bounds (on the log scale) mapped back, averaged
  z <- qnorm(0.975)
  bound <- function(f, s) exp(recurrent:::fc_smooth_path(f, m$m, m$n, 8L) +
                                s * z * sqrt(f$sigma2 * recurrent:::fc_smooth_variance(f, m$m, 8)))
  expect_true(m$log)
  wt <- m$weights
  expect_equal(as.numeric(fc$upper), wt[["N"]] * bound(m$members$N, 1) + wt[["Ad"]] * bound(m$members$Ad, 1))
  expect_equal(as.numeric(fc$lower), wt[["N"]] * bound(m$members$N, -1) + wt[["Ad"]] * bound(m$members$Ad, -1))
  # a damped seasonal model: the textbook coefficients c_j
  m2 <- list(trend = "Ad", par = c(0.3, 0.1, 0.2, 0.9))
  cj <- 0.3 + 0.1 * cumsum(0.9^(1:5)) + 0.2 * ((1:5) %% 4 == 0)
  expect_equal(recurrent:::fc_smooth_variance(m2, 4L, 6), 1 + cumsum(c(0, cj^2)))
  # tidy()'s terms: each member's own parameters
  tm <- recurrent:::fc_terms(sm)
  expect_identical(tm$term, c("N:weight", "N:alpha", if (m$m > 1L) "N:gamma", "Ad:weight",
                              "Ad:alpha", "Ad:beta", if (m$m > 1L) "Ad:gamma", "Ad:phi"))
  expect_equal(sum(tm$estimate[grepl("weight", tm$term)]), 1)
  # weights altered by hand are refused
  bad <- sm
  bad$models[[1]]$weights <- c(N = 0.7, Ad = 0.7)
  expect_error(predict(bad), class = "recurrent_error_invalid_object", regexp = "models[[1]]",
               fixed = TRUE)
  w <- as.numeric(fc$upper - fc$lower)
  expect_true(all(diff(w) > 0))
  expect_true(all(fc$lower < fc$mean & fc$mean < fc$upper))
})

test_that("the seasonal figure equals stats::decompose()'s bit for bit", {
  set.seed(9)
  for (trial in 1:200) {
    m <- sample(c(2:13, 24, 52), 1)
    n <- sample((2 * m):(6 * m + 5), 1)
    x <- cumsum(rnorm(n)) * runif(1, 0.01, 1000) + 3 * sin(seq_len(n) * 2 * pi / m)
    expect_identical(recurrent:::fc_decompose_figure(x, m),
                     stats::decompose(stats::ts(x, frequency = m))$figure)
  }
})

test_that("the smoothing's monthly figure is shrunk by its noise: white noise keeps little season, a clear one all", {
  shrink <- recurrent:::fc_season_shrink
  # the factor, written out from stats::decompose(): 1 - (m - 3) v / sum(fig^2),
  # v the remainder's variance over the cycles each figure value averages
  js_factor <- function(x, m) {
    d <- stats::decompose(stats::ts(x, frequency = m))
    k <- (seq_along(x) - 1L) %% m + 1L
    ok <- !is.na(d$random)
    v <- stats::var(d$random[ok]) * mean(1 / tabulate(k[ok], m))
    max(0, 1 - (m - 3) * v / sum(d$figure^2))
  }
  set.seed(12)
  kept <- vapply(1:40, function(i) {
    x <- rnorm(60, 100, 10)
    fig <- recurrent:::fc_season_figure(x, 12L, min_cycles = 2L, test = FALSE)
    s <- shrink(x, 12L, fig)
    expect_equal(s, fig * js_factor(x, 12L))
    sqrt(sum(s^2) / sum(fig^2))
  }, 0)
  expect_lt(mean(kept), 0.5)   # (1 unshrunk)
  # a season 5 times the noise over 8 years: kept within 1%
  x <- 100 + 5 * sin(2 * pi * (1:96) / 12) + rnorm(96)
  fig <- recurrent:::fc_season_figure(x, 12L, min_cycles = 2L, test = FALSE)
  expect_gt(js_factor(x, 12L), 0.99)
  expect_equal(shrink(x, 12L, fig), fig * js_factor(x, 12L))
  # in the model: the smoothing of white noise forecasts a flatter year than
  # its unshrunk figure would
  w <- ts(rnorm(60, 100, 10), frequency = 12)
  f <- recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_fit(w, 12), 12)
  fig <- recurrent:::fc_season_figure(log(w), 12L, min_cycles = 2L, test = FALSE)
  expect_lt(stats::sd(log(f)), stats::sd(fig))
})

test_that("a smoothing model carried to a later origin is its filter run on, seasons in phase", {
  set.seed(5)
  y <- 50 + 5 * sin(2 * pi * (1:61) / 4) + cumsum(rnorm(61, 0, 0.5))
  sm <- recurrent:::fc_smooth_fit(y[1:37], 4)
  expect_identical(sm$m, 4L)
  at <- recurrent:::fc_smooth_carry(sm, y, 50)
  expect_identical(at$n, 50)
  # the recursions written out: the season of position p is state
  # (p - 1) mod m, the states after 37 values carried through 38..50
  for (tr in names(sm$members)) {
    f <- sm$members[[tr]]
    a <- f$par[1]; b <- f$par[2]; g <- f$par[3]; phi <- f$par[4]
    l <- f$state[1]; bb <- f$state[2]; ss <- f$state[-(1:2)]
    z <- if (sm$log) log(y) else y
    for (p in 38:50) {
      j <- (p - 1) %% 4 + 1
      e <- z[p] - (l + phi * bb + ss[j])
      l <- l + phi * bb + a * e
      bb <- phi * bb + b * e
      ss[j] <- ss[j] + g * e
    }
    expect_equal(at$members[[tr]]$state, c(l, bb, ss))
  }
  # in two steps as in one; no values to carry through: unchanged
  expect_equal(recurrent:::fc_smooth_carry(recurrent:::fc_smooth_carry(sm, y, 43), y, 50), at)
  expect_identical(recurrent:::fc_smooth_carry(sm, y, 37), sm)
  # on the log scale, a value of 0 or below after the fit: no carried model
  yp <- exp(y / 10)
  smp <- recurrent:::fc_smooth_fit(yp[1:37], 4)
  expect_true(smp$log)
  yp[45] <- 0
  expect_null(recurrent:::fc_smooth_carry(smp, yp, 50))
})

test_that("the smoothing at many held-out origins is refitted at some and carried to the others", {
  set.seed(6)
  y <- 50 + 5 * sin(2 * pi * (1:90) / 4) + cumsum(rnorm(90, 0, 0.5))
  O <- 40:60
  refit <- function(o) recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_fit(y[seq_len(o)], 4), 3)
  # no more origins than refits: refitted at every one
  all <- recurrent:::fc_smooth_at_origins(y, O, 3, 4)
  expect_equal(all, t(vapply(O, refit, numeric(3))))
  # 3 refits over 21 origins: at the first, middle and last; the origins
  # between carry the latest refit on; the order of O does not matter
  few <- recurrent:::fc_smooth_at_origins(y, O, 3, 4, refits = 3)
  expect_equal(few[c(1, 11, 21), ], all[c(1, 11, 21), ])
  sm40 <- recurrent:::fc_smooth_fit(y[1:40], 4)
  sm50 <- recurrent:::fc_smooth_fit(y[1:50], 4)
  expect_equal(few[5, ], recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_carry(sm40, y, 44), 3))
  expect_equal(few[15, ], recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_carry(sm50, y, 54), 3))
  expect_false(isTRUE(all.equal(few[5, ], all[5, ])))
  expect_equal(recurrent:::fc_smooth_at_origins(y, rev(O), 3, 4, refits = 3), few[21:1, ])
})

test_that("the last value as a smoothing model is a random walk over its span's changes", {
  y <- c(10, 14, 9, 20, 5, 5, 6, 5, 5, 4)
  sm <- recurrent:::fc_smooth_last(y, 5)
  expect_true(recurrent:::fc_smooth_intact(sm))
  expect_identical(sm$last, 5L)
  expect_equal(recurrent:::fc_smooth_forecast(sm, 3), rep(4, 3))
  # variance: the mean square of the last 5 values' 4 changes, growing with h
  s2 <- mean(diff(y[6:10])^2)
  expect_equal(sm$members$N$sigma2, s2)
  fit <- recurrent:::new_rnn_smooth(list(y = list(matrix(y)), tsp = list(c(1, 10, 1)), names = "a",
                                         columns = "a", layout = "one"), list(sm), quote(f()))
  p <- recurrent:::fc_parts(fit, 3, 80)[[1]]
  expect_equal(as.numeric(p$upper) - 4, sqrt(s2 * 1:3) * qnorm(0.9))
  # carried on, it follows the values; a span longer than the series is cut
  expect_equal(recurrent:::fc_smooth_forecast(recurrent:::fc_smooth_carry(
    recurrent:::fc_smooth_last(y[1:7], 3), y, 9), 2), c(5, 5))
  expect_identical(recurrent:::fc_smooth_last(y, 50)$last, 10L)
  expect_match(recurrent:::fc_smooth_label(sm), "the last value")
  sm$last <- -1
  expect_false(recurrent:::fc_smooth_intact(sm))
})

# What a user gets who gives half-hourly demand its temperature as `xreg`, on
# the pool years of vic_elec (2012-2013; 2014 is held out in bench/highfreq.R)
# or, with `heldout`, on 2014 (for confirming once): K origins spread over the
# years, a 5-week window, h = 48 / 336 (the future temperatures given as
# newxreg: an oracle, as a forecast of them would be at best). Methods:
#   default       rnn_fit(demand), no covariate (the seasonal kind)
#   xreg          rnn_fit(demand, xreg = temperature) as the package does it
#                 now: a regression on temperature and its square with the
#                 cycles as controls, the seasonal kind on what it leaves
#   xreg_network  rnn_fit(demand, xreg = temperature, pretrained = "none"):
#                 the network model, which `xreg` gave before (slow; only
#                 with network = 1)
#   adjusted      as `xreg` but with hinge functions of temperature at 18 and
#                 24 degrees (heating, cooling), which only suit load
#   adj_linear    as `xreg` with temperature alone (no square, no range)
#   stlf          forecast::stlf on msts(48, 336), for reference
#   R_LIBS=<lib>:<bench lib> Rscript bench/proto/load-covariates.R [K] [network: 0/1] [pool|heldout]
args <- commandArgs(TRUE)
K <- if (length(args) >= 1) as.integer(args[1]) else 16L
with_net <- if (length(args) >= 2) as.logical(as.integer(args[2])) else TRUE
years <- if (length(args) >= 3 && args[3] == "heldout") "2014" else c("2012", "2013")
bench_dir <- file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "..")
source(file.path(bench_dir, "text-common.R"))
source(file.path(bench_dir, "highfreq-data.R"))
suppressMessages({ library(recurrent); library(forecast) })
v <- as.data.frame(hf_load("tsibbledata", "vic_elec"))
v <- v[format(v$Time, "%Y", tz = attr(v$Time, "tzone")) %in% years, ]
n <- nrow(v)
W <- 35L * 48L
H <- 336L
origins <- unique(round(seq(W, n - H, length.out = K)))

# hinge functions of temperature at 18 and 24 degrees (heating, cooling)
temp_x <- function(tc) cbind(heat = pmax(18 - tc, 0), cool = pmax(tc - 24, 0),
                             cool2 = pmax(tc - 24, 0)^2)
fourier_x <- function(t, p, K) do.call(cbind, lapply(seq_len(K), function(k)
  cbind(sin(2 * pi * k * t / p), cos(2 * pi * k * t / p))))

rows <- list()
for (o in origins) {
  i <- (o - W + 1L):o
  fut <- o + seq_len(H)
  y <- v$Demand[i]; tc <- v$Temperature[i]
  act <- v$Demand[fut]
  scale <- mean(abs(diff(y, lag = 48)))
  df <- data.frame(time = v$Time[i], demand = y)
  fc <- list()
  set.seed(1)
  t0 <- proc.time()[[3]]
  fc$default <- as.numeric(predict(rnn_fit(df), h = H)$mean)
  secs <- c(default = proc.time()[[3]] - t0)
  set.seed(1)
  t0 <- proc.time()[[3]]
  f <- rnn_fit(df, xreg = data.frame(temperature = tc))
  fc$xreg <- as.numeric(predict(f, h = H, newxreg = data.frame(temperature = v$Temperature[fut]))$mean)
  secs["xreg"] <- proc.time()[[3]] - t0
  if (with_net) {
    set.seed(1)
    t0 <- proc.time()[[3]]
    f <- rnn_fit(df, xreg = tc, pretrained = "none", verbose = FALSE)
    fc$xreg_network <- as.numeric(predict(f, h = H, newxreg = v$Temperature[fut])$mean)
    secs["xreg_network"] <- proc.time()[[3]] - t0
  }
  tt <- c(i, fut)
  tv <- v$Temperature[tt]
  covs <- list(adjusted = temp_x(tv), adj_linear = cbind(temp = tv))
  for (a in names(covs)) {
    t0 <- proc.time()[[3]]
    C <- covs[[a]]
    X <- cbind(C, fourier_x(tt, 48, 6), fourier_x(tt, 336, 4))
    Xi <- X[seq_along(i), ]
    b <- stats::coef(stats::lm(y ~ Xi))
    b[is.na(b)] <- 0   # a hinge never active in the window (no heat in winter)
    tpart <- C %*% b[1 + seq_len(ncol(C))]
    adj <- data.frame(time = df$time, demand = y - tpart[seq_along(i)])
    set.seed(1)
    fc[[a]] <- as.numeric(predict(rnn_fit(adj), h = H)$mean) + tpart[-seq_along(i)]
    secs[a] <- proc.time()[[3]] - t0
  }
  fc$stlf <- as.numeric(stlf(msts(y, seasonal.periods = c(48, 336)), h = H)$mean)
  for (m in names(fc)) for (h in c(48L, 336L))
    rows[[length(rows) + 1]] <- data.frame(origin = o, date = as.Date(v$Time[o]), method = m, h = h,
      mase = mean(abs(act[seq_len(h)] - fc[[m]][seq_len(h)])) / scale,
      secs = if (m %in% names(secs)) secs[[m]] else NA)
  message(sprintf("origin %s: %s", format(as.Date(v$Time[o])), paste(sprintf("%s %.3f", names(fc),
    vapply(fc, function(f) mean(abs(act[1:48] - f[1:48])) / scale, 1)), collapse = ", ")))
}
R <- do.call(rbind, rows)
out <- Sys.getenv("OUT", "")
if (nzchar(out)) saveRDS(R, out)
for (h in c(48L, 336L)) {
  r <- R[R$h == h, ]
  base <- r[r$method == "default", ]
  cat(sprintf("\nh = %d, %d origins (MASE, seasonal-naive scale; mean log ratio to the default, se)\n", h, nrow(base)))
  for (m in unique(r$method)) {
    x <- r[r$method == m, ]
    d <- log(x$mase) - log(base$mase)
    cat(sprintf("  %-13s %.3f  %+.3f (%.3f)  %s\n", m, mean(x$mase), mean(d), stats::sd(d) / sqrt(length(d)),
                if (all(is.na(x$secs))) "" else sprintf("%.1f s per fit", mean(x$secs))))
  }
}

# The many-series default (rnn_fit(list)) against a loop of one-series default
# fits, member by member, on the M1 and tourism series tools/pretrain.R held
# out (as bench/many.R --heldout): per series the forecasts of the global
# fit, its members (the network fine-tuned on the panel, the network as
# shipped, the smoothing), the loop's fit and its network member, and which
# network each chose. Then MASE / sMAPE / gMASE of those and of reweightings
# of the global fit's members (no refit): each network alone with the
# smoothing at equal weights, both networks with it. For finding where the
# loop's edge on M1 comes from.
#   R_LIBS=<lib> Rscript bench/proto/many-vs-loop.R [seed]     # about 5 min
# (`seed`, default 1: the seed before every fit, global and loop alike, to
# see how much of the difference is the networks' random start)
#   Rscript bench/proto/many-vs-loop.R pool seed1.rds seed2.rds ...
# pools the saved rows of several seeds: per series the mean MASE over the
# seeds of the global fit and of the loop, then the paired comparison.
args <- commandArgs(TRUE)
if (length(args) && args[1] == "pool") {
  rows <- do.call(rbind, lapply(args[-1], function(f) {
    r <- readRDS(f)
    r$series <- sub("\\.[0-9]+$", "", rownames(r))   # "M1 YAF7.1" -> "M1 YAF7"
    r
  }))
  m <- aggregate(mase ~ coll + freq + method + series, rows[rows$method %in% c("global", "loop"), ], mean)
  g <- m[m$method == "global", ]
  l <- m[m$method == "loop", ]
  l <- l[match(g$series, l$series), ]
  stopifnot(identical(g$series, l$series))
  cat(sprintf("%d seeds pooled; global against the loop, per series (negative: the global fit is better)\n",
              length(args) - 1L))
  for (grp in list(list("M1", NULL), list("tourism", NULL), list(c("M1", "tourism"), NULL),
                   list("M1", 4), list("M1", 12))) {
    k <- g$coll %in% grp[[1]] & (is.null(grp[[2]]) | g$freq %in% grp[[2]])
    r <- log(pmax(g$mase[k], 1e-3) / pmax(l$mase[k], 1e-3))
    cat(sprintf("%-14s %-5s n %3d  MASE %.3f against %.3f  log ratio %+.4f (se %.4f)\n",
                paste(grp[[1]], collapse = " + "), if (is.null(grp[[2]])) "" else paste0("f", grp[[2]]),
                sum(k), mean(g$mase[k]), mean(l$mase[k]), mean(r), sd(r) / sqrt(length(r))))
  }
  quit(save = "no")
}
seed <- if (length(args)) as.integer(args[1]) else 1L
suppressMessages(library(recurrent))
.libPaths(c(.libPaths(), path.expand(Sys.getenv("RECURRENT_BENCH_LIB", "~/.cache/recurrent-bench-lib"))))
held <- rnn_pretrained()$info$held_out
member <- function(fit, m, h) predict(recurrent:::fc_member(fit, m), h = h)
res <- list()
for (coll in c("M1", "tourism")) {
  C <- if (coll == "M1") Mcomp::M1 else Tcomp::tourism
  ser <- C[paste0(coll, "/", names(C)) %in% held]
  for (fq in c(1, 4, 12)) {
    g <- Filter(function(s) frequency(s$x) == fq && length(s$x) >= 10, ser)
    h <- length(g[[1]]$xx)
    set.seed(seed)
    fit <- rnn_fit(lapply(g, `[[`, "x"), horizon = h, verbose = FALSE)
    fc <- predict(fit, h = h)
    P <- lapply(c(tuned = "network", asis = "pretrained", smooth = "smooth"), function(m) member(fit, m, h))
    for (nm in names(g)) {
      s <- g[[nm]]
      set.seed(seed)
      lf <- rnn_fit(s$x, horizon = h, verbose = FALSE)
      one <- function(p) as.numeric(p$forecast[[nm]]$mean)
      res[[paste(coll, nm)]] <- list(
        coll = coll, freq = fq, x = as.numeric(s$x), xx = as.numeric(s$xx),
        global = one(fc), tuned = one(P$tuned), asis = one(P$asis), smooth = one(P$smooth),
        loop = as.numeric(predict(lf, h = h)$mean),
        l_net = if (inherits(lf, "rnn_combination")) as.numeric(member(lf, "network", h)$mean) else rep(NA, h),
        g_choice = if (fit$weights[match(nm, fit$data$names), "network"] > 0) "fine-tuned" else "pretrained",
        l_choice = if (is.null(lf$selection$choice)) class(lf)[1] else lf$selection$choice)
    }
    cat(coll, fq, "done\n")
  }
}
score <- function(s, f) {
  sc <- mean(abs(diff(s$x, lag = max(1, s$freq))))
  d <- abs(s$xx) + abs(f)
  c(mase = mean(abs(s$xx - f)) / sc, smape = mean(ifelse(d == 0, 0, 200 * abs(s$xx - f) / d)))
}
rows <- do.call(rbind, lapply(res, function(s) {
  hs <- !anyNA(s$smooth)
  mix <- function(wa, wt) if (hs) wa * s$asis + wt * s$tuned + (1 - wa - wt) * s$smooth else
    (wa * s$asis + wt * s$tuned) / (wa + wt)
  v <- list(global = s$global, loop = s$loop, asis_smooth = mix(0.5, 0), tuned_smooth = mix(0, 0.5),
            both_smooth = mix(0.25, 0.25), asis = s$asis, tuned = s$tuned, loop_net = s$l_net,
            smooth = if (hs) s$smooth else s$asis)
  do.call(rbind, lapply(names(v), function(m) data.frame(coll = s$coll, freq = s$freq, method = m,
    l_choice = s$l_choice, t(score(s, v[[m]])))))
}))
rows <- rows[is.finite(rows$mase), ]
tab <- function(x) {
  a <- aggregate(cbind(mase, smape) ~ method, x, mean)
  a$gmase <- aggregate(mase ~ method, x, function(v) exp(mean(log(v))))$mase
  a
}
for (cl in list("M1", "tourism", c("M1", "tourism"))) {
  cat(sprintf("\n== %s\n", paste(cl, collapse = " + ")))
  print(tab(rows[rows$coll %in% cl, ]), digits = 4, row.names = FALSE)
}
cat("\n== M1, by the loop's choice\n")
print(do.call(rbind, lapply(split(rows[rows$coll == "M1", ], rows$l_choice[rows$coll == "M1"]), function(x)
  cbind(choice = x$l_choice[1], n = sum(x$method == "global"), tab(x)))), digits = 4, row.names = FALSE)

# How sure the difference between the global fit and the loop is: per series,
# paired (MASE difference and log of the MASE ratio), mean and standard error.
cat("\n== global against the loop, paired per series (negative: the global fit is better)\n")
groups <- c(list("M1", "tourism", c("M1", "tourism")),
            lapply(sort(unique(rows$freq)), function(f) list(coll = c("M1", "tourism"), freq = f)))
for (cl in groups) {
  coll <- if (is.list(cl)) cl$coll else cl
  keep <- rows$coll %in% coll & (if (is.list(cl)) rows$freq == cl$freq else TRUE)
  g <- rows[keep & rows$method == "global", ]
  l <- rows[keep & rows$method == "loop", ]
  d <- g$mase - l$mase
  r <- log(pmax(g$mase, 1e-3) / pmax(l$mase, 1e-3))
  label <- if (is.list(cl)) sprintf("frequency %d", cl$freq) else paste(cl, collapse = " + ")
  cat(sprintf("%-14s n %3d  MASE diff %+.4f (se %.4f)  log ratio %+.4f (se %.4f)  global better in %d\n",
              label, length(d), mean(d), sd(d) / sqrt(length(d)),
              mean(r), sd(r) / sqrt(length(r)), sum(d < 0)))
}
for (f in sort(unique(rows$freq))) {
  g <- rows[rows$coll == "M1" & rows$freq == f & rows$method == "global", ]
  l <- rows[rows$coll == "M1" & rows$freq == f & rows$method == "loop", ]
  r <- log(pmax(g$mase, 1e-3) / pmax(l$mase, 1e-3))
  cat(sprintf("M1, frequency %-2d n %3d  log ratio %+.4f (se %.4f)\n", f, length(r), mean(r),
              sd(r) / sqrt(length(r))))
}
# the scored rows, for pooling seeds: MANY_VS_LOOP_OUT=<file.rds>
out <- Sys.getenv("MANY_VS_LOOP_OUT")
if (nzchar(out)) saveRDS(rows, out)

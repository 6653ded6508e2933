/* The direct seasonal regression of the forecasting layer's seasonal kind
 * (R/forecast-direct.R, fc_direct_fit()): for each step k = 1..h one ridge
 * regression, over the origins t of the window, of y[t + k] on what is known
 * at t (features listed below).
 *
 * Why in C: a fit scores the regression on 24 rolling origins, each with h
 * regressions; in R (features by indexing, standardising by sweep(), solve())
 * a half-hourly fit at h = 336 spent 6 of its 7 s here, and predict() beyond
 * the fitted horizon refits it.
 *
 * Features of origin t (1-based, as in R) at step k, d of them, in order:
 *   y[t], y[t - 1], ..., y[t - lags]          the last values
 *   per period p: y[t - p], y[t + k - p * ceil(k / p)]
 *   (np > 0)  the mean of y[b - p1 * j], j = 0..D-1, b = t + k - p1 * ceil(k / p1)
 *   (W > 1)   the same over p2 and W cycles
 *   the mean of y[t - lev + 1 .. t]            (the level)
 * so d = 1 + lags + 2 np + (np > 0) + (W > 1) + 1.
 *
 * Per step k, rows t = max(first, n - k - max_rows + 1) .. n - k. The ridge
 * regression is that of fc_ridge() on columns divided by their (population)
 * standard deviation (a column constant to 1e-12 of its mean keeps 1), with
 * the penalty lambda * rows on the standardised coefficients:
 *   G = Xs'Xs + lambda nr I,  Xs = (X - mu) / sd,  beta_s = G^-1 Xs'(y - ybar)
 *   beta = beta_s / sd,  intercept = ybar - mu . beta
 * mean[k - 1] is the forecast from the last origin t = n; fitted[t] (0-based:
 * the value at t + 1) the one-step fit at each row of k = 1.
 *
 * The caller checks first > max(lags, lev, periods, p1 * D, p2 * W) and
 * n - h >= first, so every index above is in 1..n; work holds
 * direct_work_size(n, d, max_rows) doubles. Returns 0, or k when step k's
 * system is not positive definite (non-finite data). */
#include <math.h>
#include <string.h>
#include "recurrent.h"

size_t direct_work_size(int n, int d, int max_rows)
{
    return (size_t) n + 1 + (size_t) max_rows * (d + 1) + (size_t) d * (d + 5);
}

static int ceil_div(int a, int b) { return (a + b - 1) / b; }

/* mean of y[b - p j] (1-based), j = 0..cnt-1 */
static double phase_mean(const double *y, int b, int p, int cnt)
{
    double s = 0;
    for (int j = 0; j < cnt; j++) s += y[b - 1 - p * j];
    return s / cnt;
}

/* the d features of origin t at step k into x (stride apart) */
static void direct_features(const double *y, const double *cs, const direct_config *c, int t,
                            int k, double *x, size_t stride)
{
    int j = 0;
    for (int l = 0; l <= c->lags; l++) x[stride * j++] = y[t - 1 - l];
    for (int i = 0; i < c->np; i++) {
        int p = c->periods[i];
        x[stride * j++] = y[t - 1 - p];
        x[stride * j++] = y[t + k - p * ceil_div(k, p) - 1];
    }
    if (c->np > 0) {
        int p = c->periods[0];
        x[stride * j++] = phase_mean(y, t + k - p * ceil_div(k, p), p, c->D);
    }
    if (c->W > 1) {
        int p = c->periods[1];
        x[stride * j++] = phase_mean(y, t + k - p * ceil_div(k, p), p, c->W);
    }
    x[stride * j] = (cs[t] - cs[t - c->lev]) / c->lev;
}

int direct_features_count(const direct_config *c)
{
    return 1 + c->lags + 2 * c->np + (c->np > 0) + (c->W > 1) + 1;
}

int direct_fit(const double *y, int n, const direct_config *c, int h, double lambda,
               int max_rows, double *work, double *mean, double *fitted)
{
    const int d = direct_features_count(c);
    double *cs = work;                        /* [n + 1] prefix sums */
    double *X = cs + n + 1;                   /* [max_rows, d], centred in place */
    double *T = X + (size_t) max_rows * d;    /* [max_rows] targets */
    double *G = T + max_rows;                 /* [d, d] */
    double *b = G + (size_t) d * d;           /* [d] */
    double *mu = b + d, *sd = mu + d, *xo = sd + d, *beta = xo + d;
    cs[0] = 0;
    for (int i = 0; i < n; i++) cs[i + 1] = cs[i] + y[i];
    for (int k = 1; k <= h; k++) {
        int t0 = c->first, t1 = n - k;
        if (t1 - t0 + 1 > max_rows) t0 = t1 - max_rows + 1;
        const int nr = t1 - t0 + 1;
        const size_t st = (size_t) nr;
        double ybar = 0;
        for (int r = 0; r < nr; r++) {
            direct_features(y, cs, c, t0 + r, k, X + r, st);
            T[r] = y[t0 + r + k - 1];
            ybar += T[r];
        }
        ybar /= nr;
        for (int j = 0; j < d; j++) {
            double *xj = X + st * j, m = 0, v = 0;
            for (int r = 0; r < nr; r++) m += xj[r];
            m /= nr;
            for (int r = 0; r < nr; r++) { xj[r] -= m; v += xj[r] * xj[r]; }
            double s = sqrt(v / nr);
            mu[j] = m;
            sd[j] = s < 1e-12 * fmax(1.0, fabs(m)) ? 1.0 : s;
        }
        for (int j = 0; j < d; j++) {
            const double *xj = X + st * j;
            for (int i = j; i < d; i++) {
                const double *xi = X + st * i;
                double s = 0;
                for (int r = 0; r < nr; r++) s += xi[r] * xj[r];
                G[i + d * j] = s / (sd[i] * sd[j]);
            }
            G[j + d * j] += lambda * nr;
            double s = 0;
            for (int r = 0; r < nr; r++) s += xj[r] * (T[r] - ybar);
            b[j] = s / sd[j];
        }
        if (chol_solve(G, b, d, 0)) return k;
        double icpt = ybar;
        for (int j = 0; j < d; j++) {
            beta[j] = b[j] / sd[j];
            icpt -= mu[j] * beta[j];
        }
        direct_features(y, cs, c, n, k, xo, 1);
        double f = icpt;
        for (int j = 0; j < d; j++) f += xo[j] * beta[j];
        mean[k - 1] = f;
        if (k == 1) {
            /* X holds the centred columns: x . beta = (x - mu) . beta + mu . beta */
            for (int r = 0; r < nr; r++) {
                double v = ybar;
                for (int j = 0; j < d; j++) v += X[r + st * j] * beta[j];
                fitted[t0 + r] = v;
            }
        }
    }
    return 0;
}

/* The autoregression of the seasonal kind's decomposition and harmonic
 * members (R/forecast-mstl.R, fc_ar_ahead()): least squares without mean or
 * intercept, the order chosen by AIC among 0..M, as stats::ar.ols(aic = TRUE,
 * demean = FALSE, intercept = FALSE) defines it; then its forecast of steps
 * 1..h from the end of the series.
 *
 * Why in C: ar.ols() builds embed() copies and an [N, m] product for every
 * order m; with M = 30 on a year of half-hourly differences that was 60% of
 * predict() beyond the fitted horizon, and it runs at every rolling origin.
 *
 * The model (u [n], x = u / sd(u), sd with n - 1; a constant u keeps 1):
 *   order m fits x[i] ~ sum_{j=1..m} a_j x[i - j] over i = m..n-1 (0-based;
 *   N = n - m rows), var_m = sum of squared residuals / N,
 *   AIC_m = n log(var_m) + 2 m; the first minimum wins.
 * Orders stop at the first whose Gram matrix is (numerically) singular, as
 * ar.ols() stops at its rank deficiency. The Gram and cross products come
 * from prefix sums of the lagged products x[r] x[r - d], d = 0..M (each
 * entry in O(1)); the residual variance is summed from the residuals
 * themselves, not from the normal equations.
 *
 * Outputs: coef [M] (the chosen order's a_1..a_p, the rest 0), resid [n] (the
 * chosen order's one-step residuals in u's units; the first p untouched),
 * ahead [h] (x[n + k] = sum_j a_j x[n + k - j] on u). Returns p.
 * work: ar_work_size(n, M) doubles. The caller checks 0 <= M < n. */
#include <math.h>
#include "recurrent.h"

size_t ar_work_size(int n, int M)
{
    return (size_t) (M + 1) * ((size_t) n + 1) + (size_t) n + (size_t) M * (M + 2);
}

/* prefix sums Q[d][s] = sum_{r = d}^{s - 1} x[r] x[r - d], s = 0..n */
static double lagsum(const double *Q, int n, int d, int from, int to)
{
    const double *q = Q + (size_t) d * (n + 1);
    return q[to] - q[from];
}

/* Gram G [m, m] and right side b [m] of order m; returns 0, or 1 when G is
   singular (Cholesky pivot below 1e-7 of its diagonal, in the squared sense
   of the rank tolerance ar.ols() gives qr()). Solves in place: b = a. */
static int ar_solve(const double *Q, int n, int m, double *G, double *b)
{
    for (int j = 0; j < m; j++) {
        for (int l = j; l < m; l++)   /* sum_{i=m}^{n-1} x[i-1-j] x[i-1-l] */
            G[l + m * j] = lagsum(Q, n, l - j, m - 1 - j, n - 1 - j);
        b[j] = lagsum(Q, n, j + 1, m, n);   /* sum_{i=m}^{n-1} x[i] x[i-1-j] */
    }
    return chol_solve(G, b, m, 1e-7);
}

/* residuals of order m (coefficients a) at i = m..n-1 into e (NULL: none);
   returns their sum of squares */
static double ar_residuals(const double *x, int n, int m, const double *a, double *e)
{
    double ss = 0;
    for (int i = m; i < n; i++) {
        double v = x[i];
        for (int j = 0; j < m; j++) v -= a[j] * x[i - 1 - j];
        if (e) e[i] = v;
        ss += v * v;
    }
    return ss;
}

int ar_ols(const double *u, int n, int M, int h, double *work, double *coef, double *resid,
           double *ahead)
{
    double *Q = work;                               /* [M + 1, n + 1] */
    double *x = Q + (size_t) (M + 1) * (n + 1);     /* [n] */
    double *G = x + n, *a = G + (size_t) M * M;     /* [M, M], [M] */
    double *xs = a + M;                             /* [M] forecast history */
    double mean = 0, var = 0;
    for (int i = 0; i < n; i++) mean += u[i];
    mean /= n;
    for (int i = 0; i < n; i++) var += (u[i] - mean) * (u[i] - mean);
    double sc = n > 1 ? sqrt(var / (n - 1)) : 0;
    if (!(sc > 0)) sc = 1;
    for (int i = 0; i < n; i++) x[i] = u[i] / sc;
    for (int d = 0; d <= M; d++) {
        double *q = Q + (size_t) d * (n + 1);
        for (int s = 0; s <= d && s <= n; s++) q[s] = 0;
        for (int s = d; s < n; s++) q[s + 1] = q[s] + x[s] * x[s - d];
    }
    /* AIC of each order; the first minimum (ties: the lowest order) */
    int best = 0;
    double best_aic = n * log(ar_residuals(x, n, 0, a, NULL) / n);
    for (int m = 1; m <= M; m++) {
        if (ar_solve(Q, n, m, G, a)) break;
        double aic = n * log(ar_residuals(x, n, m, a, NULL) / (n - m)) + 2.0 * m;
        if (aic < best_aic) { best_aic = aic; best = m; }
    }
    for (int j = 0; j < M; j++) coef[j] = 0;
    if (best > 0) {
        ar_solve(Q, n, best, G, a);
        for (int j = 0; j < best; j++) coef[j] = a[j];
    }
    ar_residuals(x, n, best, coef, resid);
    for (int i = best; i < n; i++) resid[i] *= sc;
    /* forecasts on u itself (the coefficients are free of the scale) */
    for (int j = 0; j < best; j++) xs[j] = u[n - 1 - j];   /* xs[0] newest */
    for (int k = 0; k < h; k++) {
        double f = 0;
        for (int j = 0; j < best; j++) f += coef[j] * xs[j];
        ahead[k] = f;
        for (int j = best - 1; j > 0; j--) xs[j] = xs[j - 1];
        if (best > 0) xs[0] = f;
    }
    return best;
}

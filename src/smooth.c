/* Exponential smoothing filter for the smoothing path beside the pretrained
 * forecasters (R/forecast-smooth.R): additive errors, a level, a damped trend
 * (phi = 0 and b = 0: none) and m additive seasonal states, over one series.
 *
 * Why in C: the smoothing parameters are estimated by optim(), which runs the
 * filter a few hundred times per fit; in R that loop took ~0.2 s for a
 * 150-point monthly series.
 *
 * Recursions, t = 1..n, j = (t - 1) mod m (state s[j] is the season of t):
 *   f_t = l + phi * b + s[j]            one-step forecast
 *   e_t = z_t - f_t
 *   l  <- l + phi * b + alpha * e_t
 *   b  <- phi * b + beta * e_t
 *   s[j] <- s[j] + gamma * e_t
 * par = (alpha, beta, gamma, phi); state = (l, b, s[0..m-1]) [m + 2], updated
 * in place to the states after z_n; res [n] (may be NULL) gets e_t. Returns the
 * sum of squared errors (+Inf when it is not finite). */
#include <math.h>
#include "recurrent.h"

double es_filter(const double *z, int n, int m, const double *par, double *state,
                 double *res)
{
    const double alpha = par[0], beta = par[1], gamma = par[2], phi = par[3];
    double l = state[0], b = state[1], sse = 0;
    double *s = state + 2;
    for (int t = 0, j = 0; t < n; t++) {
        double e = z[t] - (l + phi * b + s[j]);
        if (res) res[t] = e;
        sse += e * e;
        l = l + phi * b + alpha * e;
        b = phi * b + beta * e;
        s[j] += gamma * e;
        if (++j == m) j = 0;
    }
    state[0] = l;
    state[1] = b;
    return isfinite(sse) ? sse : INFINITY;
}

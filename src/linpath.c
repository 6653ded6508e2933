/* The iterated linear path of the forecasting layer (R/forecast-paths.R,
 * pn_core()) for panels of one channel without covariates: the ridge
 * autoregression of each row's normalised window, applied one step at a time
 * with each forecast joining the window.
 *
 * Why in C: pn_core() runs it for every held-out window of every candidate
 * ridge penalty and for every one-step origin of the cross-fitting; in R each
 * step built [n, L] windows and an [n, 1 + L] copy of the coefficients, which
 * made it 40% of a zero-shot hourly fit and half of a 10,000-series fit.
 *
 * Per row i (unit u = unit[i], 0-based), history buffer b [Lb] (the last Lb
 * values, oldest first), for steps t = 0..Hs-1:
 *   ref  = lag == 0 ? center : b[Lb - 1]           (the window's reference)
 *   z_j  = (b[Lb - L + j] - ref) / scale,  j = 0..L-1
 *   base = lag == 0 ? center : b[Lb - lag]         (the reference forecast)
 *   next = base + scale * (c[u, 0] + sum_j c[u, 1 + j] * z_j)
 *   out[i, t] = next; b shifts one to the left and ends with next.
 * The sum is accumulated in long double in the order of j, as R's rowSums()
 * does, so the results equal the R code this replaces bit for bit (on a
 * build without fused multiply-add, R's default).
 *
 * Layouts are R's (column-major): B [n, Lb], coef [ns, 1 + L], out [n, Hs];
 * lag, center, scale per row [n]; buf is scratch of Lb doubles. The caller
 * checks 1 <= L <= Lb, 0 <= lag <= Lb and 0 <= unit < ns. */
#include "recurrent.h"

void linear_paths(int n, int Lb, int L, int Hs, const double *B, const int *lag,
                  const double *center, const double *scale, const double *coef, int ns,
                  const int *unit, double *buf, double *out)
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < Lb; j++) buf[j] = B[i + (size_t) n * j];
        const int l = lag[i], u = unit[i];
        const double sc = scale[i];
        for (int t = 0; t < Hs; t++) {
            const double ref = l == 0 ? center[i] : buf[Lb - 1];
            long double acc = 0;
            for (int j = 0; j < L; j++) {
                double z = (buf[Lb - L + j] - ref) / sc;
                acc += z * coef[u + (size_t) ns * (1 + j)];
            }
            double lin = coef[u] + (double) acc;
            double base = l == 0 ? center[i] : buf[Lb - l];
            double next = base + sc * lin;
            out[i + (size_t) n * t] = next;
            for (int j = 0; j + 1 < Lb; j++) buf[j] = buf[j + 1];
            buf[Lb - 1] = next;
        }
    }
}

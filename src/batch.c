/* Data movement between R's column-major arrays [n, T, k] and the kernels'
 * batch-major [T][B][k] layout. No arithmetic beyond indexing. */
#include "recurrent.h"

void gather_rows(const double *x, int n, int T, int p, const int *idx, int B,
                 double *out)
{
    const size_t nT = (size_t) n * T;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const double *src = x + idx[b] + (size_t) n * t;
            double *dst = out + (size_t) p * (b + (size_t) B * t);
            for (int j = 0; j < p; j++) dst[j] = src[nT * j];
        }
}

void scatter_rows(const double *src, int B, int T, int k, double *out, int n,
                  int row0)
{
    const size_t nT = (size_t) n * T;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const double *s = src + (size_t) k * (b + (size_t) B * t);
            double *dst = out + row0 + b + (size_t) n * t;
            for (int j = 0; j < k; j++) dst[nT * j] = s[j];
        }
}

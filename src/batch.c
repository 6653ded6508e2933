/* Data movement between R's column-major arrays [n, T, k] and the kernels'
 * batch-major [T][B][k] layout, and the embedding lookup of token ids (whose
 * backward is the only arithmetic here: a scatter-add of gradient rows), in
 * both precisions (one body, real.h): R's data are doubles, rounded to real_t
 * as a batch is gathered and widened back as results are scattered. */
#ifndef REAL_BODY
#include <string.h>
#include "recurrent.h"
#define REAL_SELF "batch.c"
#include "real.h"
#else /* REAL_BODY */

void RT(gather_rows)(const double *x, int n, int T, int p, const int *idx, int B,
                     real_t *out)
{
    const size_t nT = (size_t) n * T;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const double *src = x + idx[b] + (size_t) n * t;
            real_t *dst = out + (size_t) p * (b + (size_t) B * t);
            for (int j = 0; j < p; j++) dst[j] = (real_t) src[nT * j];
        }
}

void RT(scatter_rows)(const real_t *src, int B, int T, int k, double *out, int n,
                      int row0)
{
    const size_t nT = (size_t) n * T;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const real_t *s = src + (size_t) k * (b + (size_t) B * t);
            double *dst = out + row0 + b + (size_t) n * t;
            for (int j = 0; j < k; j++) dst[nT * j] = s[j];
        }
}

void RT(embed_forward)(const real_t *ids, int T, int B, const real_t *table, int V,
                       int E, real_t *e, int *len, real_t *keep)
{
    for (int b = 0; b < B; b++) len[b] = 0;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            size_t m = b + (size_t) B * t;
            int id = (int) ids[m];
            real_t *dst = e + (size_t) E * m;
            if (id > 0) len[b]++;
            if (keep) keep[m] = id > 0;
            for (int j = 0; j < E; j++) dst[j] = id > 0 ? table[id - 1 + (size_t) V * j] : 0;
        }
}

void RT(embed_backward)(const real_t *ids, int T, int B, const real_t *de, int V,
                        int E, real_t *dtable)
{
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            size_t m = b + (size_t) B * t;
            int id = (int) ids[m];
            if (id <= 0) continue;
            const real_t *src = de + (size_t) E * m;
            for (int j = 0; j < E; j++) dtable[id - 1 + (size_t) V * j] += src[j];
        }
}

void RT(zero_fill)(const exec_config *e, real_t *x, size_t n)
{
    PARALLEL_RANGES(e, n, (double) n / 16, { memset(x + lo, 0, sizeof(real_t) * len); });
}

void RT(from_double)(real_t *dst, const double *src, size_t n)
{
#if REAL_FLOAT
    for (size_t i = 0; i < n; i++) dst[i] = (real_t) src[i];
#else
    if (dst != src) memcpy(dst, src, sizeof(double) * n);
#endif
}

void RT(to_double)(double *dst, const real_t *src, size_t n)
{
#if REAL_FLOAT
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
#else
    if (dst != src) memcpy(dst, src, sizeof(double) * n);
#endif
}

#endif /* REAL_BODY */

/* Data movement between R's column-major arrays [n, T, k] and the kernels'
 * batch-major [T][B][k] layout, and the embedding lookup of token ids (whose
 * backward is the only arithmetic here: a scatter-add of gradient rows). */
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

void embed_forward(const double *ids, int T, int B, const double *table, int V, int E,
                   double *e, int *len, double *keep)
{
    for (int b = 0; b < B; b++) len[b] = 0;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            size_t m = b + (size_t) B * t;
            int id = (int) ids[m];
            double *dst = e + (size_t) E * m;
            if (id > 0) len[b]++;
            if (keep) keep[m] = id > 0;
            for (int j = 0; j < E; j++) dst[j] = id > 0 ? table[id - 1 + (size_t) V * j] : 0;
        }
}

void embed_backward(const double *ids, int T, int B, const double *de, int V, int E,
                    double *dtable)
{
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            size_t m = b + (size_t) B * t;
            int id = (int) ids[m];
            if (id <= 0) continue;
            const double *src = de + (size_t) E * m;
            for (int j = 0; j < E; j++) dtable[id - 1 + (size_t) V * j] += src[j];
        }
}

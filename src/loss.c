/* Output activations and losses. All arrays are [N][out] (row m of the head
 * output is out contiguous values). Each loss returns its value and, when dz is
 * not NULL, dL/dlogits, the gradient the head's backward starts from. One body
 * for both precisions (real.h); the loss itself is summed in double. */
#ifndef REAL_BODY
#include <math.h>
#include "recurrent.h"
#define REAL_SELF "loss.c"
#include "real.h"
#else /* REAL_BODY */

static void RT(softmax_row)(int out, const real_t *z, real_t *p)
{
    real_t mx = z[0], s = 0;
    for (int k = 1; k < out; k++) if (z[k] > mx) mx = z[k];
    for (int k = 0; k < out; k++) { p[k] = rt_exp(z[k] - mx); s += p[k]; }
    for (int k = 0; k < out; k++) p[k] /= s;
}

void RT(output_activate)(int out_act, int N, int out, real_t *z)
{
    size_t n = (size_t) N * out;
    if (out_act == OUT_SIGMOID) {
        for (size_t i = 0; i < n; i++) z[i] = 1 / (1 + rt_exp(-z[i]));
    } else if (out_act == OUT_SOFTMAX) {
        for (int m = 0; m < N; m++)
            RT(softmax_row)(out, z + (size_t) out * m, z + (size_t) out * m);
    }
}

/* Crossentropy on logits, numerically stable (log-sum-exp / softplus). */
/* Rows that count: N, or those with keep[m] != 0. */
static int RT(kept_rows)(int N, const real_t *keep)
{
    if (!keep) return N;
    int k = 0;
    for (int m = 0; m < N; m++) k += keep[m] != 0;
    return k;
}

/* Zeroes dz [N][out] at the rows keep leaves out (the loops below skip them). */
static void RT(zero_dropped)(int N, int out, const real_t *keep, real_t *dz)
{
    if (!keep || !dz) return;
    for (int m = 0; m < N; m++)
        if (!keep[m])
            for (int k = 0; k < out; k++) dz[(size_t) out * m + k] = 0;
}

static double RT(xent)(int out_act, int N, int out, const real_t *logits,
                       const real_t *y, const real_t *keep, real_t *dz)
{
    double total = 0;
    const int Nk = RT(kept_rows)(N, keep);
    RT(zero_dropped)(N, out, keep, dz);
    if (out_act == OUT_SIGMOID) {
        /* binary crossentropy per element, mean over N*out:
           l = softplus(z) - y z = max(z,0) - y z + log1p(exp(-|z|)) */
        size_t n = (size_t) Nk * out, all = (size_t) N * out;
        for (size_t i = 0; i < all; i++) {
            if (keep && !keep[i / out]) continue;
            real_t z = logits[i];
            total += (z > 0 ? z : 0) - y[i] * z + rt_log1p(rt_exp(-rt_fabs(z)));
            if (dz) dz[i] = (1 / (1 + rt_exp(-z)) - y[i]) / (real_t) n;
        }
        return total / (real_t) n;
    }
    /* softmax crossentropy per row, mean over N rows:
       l = sum_k y_k (lse(z) - z_k);  dl/dz = softmax(z) * sum(y) - y */
    for (int m = 0; m < N; m++) {
        if (keep && !keep[m]) continue;
        const real_t *z = logits + (size_t) out * m, *ym = y + (size_t) out * m;
        real_t mx = z[0], s = 0, sy = 0, syz = 0;
        for (int k = 1; k < out; k++) if (z[k] > mx) mx = z[k];
        for (int k = 0; k < out; k++) {
            s += rt_exp(z[k] - mx); sy += ym[k]; syz += ym[k] * z[k];
        }
        real_t lse = mx + rt_log(s);
        total += lse * sy - syz;
        if (dz) {
            real_t *d = dz + (size_t) out * m;
            for (int k = 0; k < out; k++) d[k] = (rt_exp(z[k] - lse) * sy - ym[k]) / Nk;
        }
    }
    return total / Nk;
}

/* dz = dL/dlogits from dp = dL/dp through the output activation. */
static void RT(activation_backward)(int out_act, int N, int out, const real_t *p,
                                    real_t *d)
{
    size_t n = (size_t) N * out;
    if (out_act == OUT_SIGMOID) {
        for (size_t i = 0; i < n; i++) d[i] *= p[i] * (1 - p[i]);
    } else if (out_act == OUT_SOFTMAX) {
        for (int m = 0; m < N; m++) {
            const real_t *pm = p + (size_t) out * m;
            real_t *dm = d + (size_t) out * m, s = 0;
            for (int k = 0; k < out; k++) s += dm[k] * pm[k];
            for (int k = 0; k < out; k++) dm[k] = pm[k] * (dm[k] - s);
        }
    }
}

/* Softmax crossentropy against class indices y [N] (1..out; 0: row left out),
   mean over the rows that count: l = lse(z) - z_y; dl/dz = softmax(z) - e_y.
   The same figures as xent() with one-hot rows, without their N * out
   doubles (a language model's targets would be its vocabulary times longer). */
static double RT(xent_index)(int N, int out, const real_t *logits, const real_t *y,
                             const real_t *keep, real_t *dz)
{
    int Nk = 0;
    for (int m = 0; m < N; m++) Nk += (!keep || keep[m]) && y[m] >= 1;
    double total = 0;
    for (int m = 0; m < N; m++) {
        real_t *d = dz ? dz + (size_t) out * m : NULL;
        if ((keep && !keep[m]) || y[m] < 1) {
            if (d) for (int k = 0; k < out; k++) d[k] = 0;
            continue;
        }
        const real_t *z = logits + (size_t) out * m;
        const int c = (int) y[m] - 1;
        real_t mx = z[0], s = 0;
        for (int k = 1; k < out; k++) if (z[k] > mx) mx = z[k];
        for (int k = 0; k < out; k++) s += rt_exp(z[k] - mx);
        real_t lse = mx + rt_log(s);
        total += lse - z[c];
        if (d) {
            for (int k = 0; k < out; k++) d[k] = rt_exp(z[k] - lse) / Nk;
            d[c] -= (real_t) 1 / Nk;
        }
    }
    return Nk ? total / Nk : 0;
}

double RT(loss_eval)(int loss, int out_act, int N, int out, int y_width,
                     const real_t *logits, const real_t *p, const real_t *y,
                     const real_t *keep, real_t *dz)
{
    if (loss == LOSS_XENT && y_width == 1 && out > 1)
        return RT(xent_index)(N, out, logits, y, keep, dz);
    if (loss == LOSS_XENT) return RT(xent)(out_act, N, out, logits, y, keep, dz);
    size_t n = (size_t) RT(kept_rows)(N, keep) * out, all = (size_t) N * out;
    double total = 0;
    real_t scale = 1 / (real_t) n;
    RT(zero_dropped)(N, out, keep, dz);
    for (size_t i = 0; i < all; i++) {
        if (keep && !keep[i / out]) continue;
        real_t e = p[i] - y[i], a = rt_fabs(e), g;
        if (loss == LOSS_MSE) {
            total += e * e; g = 2 * e;
        } else if (loss == LOSS_MAE) {
            total += a; g = (e > 0) - (e < 0);
        } else {                       /* huber, delta = 1 */
            if (a < 1) { total += 0.5 * e * e; g = e; }
            else { total += a - 0.5; g = (e > 0) - (e < 0); }
        }
        if (dz) dz[i] = g * scale;
    }
    if (dz) RT(activation_backward)(out_act, N, out, p, dz);   /* 0 stays 0 */
    return total * scale;
}

#endif /* REAL_BODY */

/* GRU cell in PyTorch's form (gates r, z, n):
 *   r = sig(ax_r + ah_r), z = sig(ax_z + ah_z),
 *   n = tanh(ax_n + r * ah_n)          with ah_n = W_hn h_{t-1} + b_hn
 *   h_t = (1 - z) * n + z * h_{t-1}
 * Caches per step: ax [B][3H] becomes (r, z, n); ex [B][H] holds ah_n, which the
 * gradient of r needs. The W_hh gradient differs from W_ih's in the n block
 * (r * dn instead of dn), hence split_hh. */
#ifdef REAL_BODY             /* compiled once per precision: see the end */

static void RT(gru_forward)(int B, int H, int act, real_t *ax, const real_t *ah,
                            real_t *ex, const real_t *ex_prev, const real_t *h_prev,
                            real_t *h)
{
    (void) act; (void) ex_prev;
    for (int b = 0; b < B; b++) {
        real_t *a = ax + (size_t) 3 * H * b;
        const real_t *r = ah + (size_t) 3 * H * b;
        real_t *hn = ex + (size_t) H * b;
        const real_t *hp = h_prev + (size_t) H * b;
        real_t *hb = h + (size_t) H * b;
        SIMD_LOOP
        for (int j = 0; j < 2 * H; j++) a[j] += r[j];
        RT(vec_sigmoid)(a, (size_t) 2 * H);        /* r, z */
        SIMD_LOOP
        for (int j = 0; j < H; j++) {
            hn[j] = r[2 * H + j];
            a[2 * H + j] += a[j] * hn[j];
        }
        RT(vec_tanh)(a + 2 * H, H);                /* n */
        SIMD_LOOP
        for (int j = 0; j < H; j++)
            hb[j] = (1 - a[H + j]) * a[2 * H + j] + a[H + j] * hp[j];
    }
}

static void RT(gru_backward)(int B, int H, int act, const real_t *dh,
                             const real_t *ax, const real_t *ex, const real_t *ex_prev,
                             const real_t *h, const real_t *h_prev, real_t *carry,
                             real_t *dax, real_t *dah, real_t *dh_direct)
{
    (void) act; (void) ex_prev; (void) h; (void) carry;
    for (int b = 0; b < B; b++) {
        const real_t *a = ax + (size_t) 3 * H * b;
        const real_t *hn = ex + (size_t) H * b;
        const real_t *hp = h_prev + (size_t) H * b;
        const real_t *dhb = dh + (size_t) H * b;
        real_t *dx = dax + (size_t) 3 * H * b, *dr = dah + (size_t) 3 * H * b;
        real_t *dd = dh_direct + (size_t) H * b;
        SIMD_LOOP
        for (int j = 0; j < H; j++) {
            real_t rg = a[j], zg = a[H + j], ng = a[2 * H + j];
            real_t dan = dhb[j] * (1 - zg) * (1 - ng * ng);
            real_t dar = dan * hn[j] * rg * (1 - rg);
            real_t daz = dhb[j] * (hp[j] - ng) * zg * (1 - zg);
            dx[j] = dar; dx[H + j] = daz; dx[2 * H + j] = dan;
            dr[j] = dar; dr[H + j] = daz; dr[2 * H + j] = dan * rg;
            dd[j] = dhb[j] * zg;
        }
    }
}

const RT(cell_ops) RT(gru_cell_ops) = { 3, 1, 1, RT(gru_forward), RT(gru_backward) };

#else
#include "recurrent.h"
#define REAL_SELF "cell_gru.c"
#include "real.h"
#endif

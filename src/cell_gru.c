/* GRU cell in PyTorch's form (gates r, z, n):
 *   r = sig(ax_r + ah_r), z = sig(ax_z + ah_z),
 *   n = tanh(ax_n + r * ah_n)          with ah_n = W_hn h_{t-1} + b_hn
 *   h_t = (1 - z) * n + z * h_{t-1}
 * Caches per step: ax [B][3H] becomes (r, z, n); ex [B][H] holds ah_n, which the
 * gradient of r needs. The W_hh gradient differs from W_ih's in the n block
 * (r * dn instead of dn), hence split_hh. */
#include "recurrent.h"

static void gru_forward(int B, int H, int act, double *ax, const double *ah,
                        double *ex, const double *ex_prev, const double *h_prev,
                        double *h)
{
    (void) act; (void) ex_prev;
    for (int b = 0; b < B; b++) {
        double *a = ax + (size_t) 3 * H * b;
        const double *r = ah + (size_t) 3 * H * b;
        double *hn = ex + (size_t) H * b;
        const double *hp = h_prev + (size_t) H * b;
        double *hb = h + (size_t) H * b;
        for (int j = 0; j < 2 * H; j++) a[j] += r[j];
        vec_sigmoid(a, (size_t) 2 * H);        /* r, z */
        for (int j = 0; j < H; j++) {
            hn[j] = r[2 * H + j];
            a[2 * H + j] += a[j] * hn[j];
        }
        vec_tanh(a + 2 * H, H);                /* n */
        for (int j = 0; j < H; j++)
            hb[j] = (1 - a[H + j]) * a[2 * H + j] + a[H + j] * hp[j];
    }
}

static void gru_backward(int B, int H, int act, const double *dh,
                         const double *ax, const double *ex, const double *ex_prev,
                         const double *h, const double *h_prev, double *carry,
                         double *dax, double *dah, double *dh_direct)
{
    (void) act; (void) ex_prev; (void) h; (void) carry;
    for (int b = 0; b < B; b++) {
        const double *a = ax + (size_t) 3 * H * b;
        const double *hn = ex + (size_t) H * b;
        const double *hp = h_prev + (size_t) H * b;
        const double *dhb = dh + (size_t) H * b;
        double *dx = dax + (size_t) 3 * H * b, *dr = dah + (size_t) 3 * H * b;
        double *dd = dh_direct + (size_t) H * b;
        for (int j = 0; j < H; j++) {
            double rg = a[j], zg = a[H + j], ng = a[2 * H + j];
            double dan = dhb[j] * (1 - zg) * (1 - ng * ng);
            double dar = dan * hn[j] * rg * (1 - rg);
            double daz = dhb[j] * (hp[j] - ng) * zg * (1 - zg);
            dx[j] = dar; dx[H + j] = daz; dx[2 * H + j] = dan;
            dr[j] = dar; dr[H + j] = daz; dr[2 * H + j] = dan * rg;
            dd[j] = dhb[j] * zg;
        }
    }
}

const cell_ops gru_cell_ops = { 3, 1, 1, gru_forward, gru_backward };

/* One direction of one recurrent layer over a whole sequence: the GEMMs around the
 * cell's pointwise step. Shapes (see recurrent.h for the [T][B][K] layout):
 *   x  [T][B][in]   layer input          ax [T][B][GH]  gate cache
 *   ex [T][B][EH]   extra cell cache      hs [T][B][H]   hidden states
 * A reverse layer walks t = T-1 .. 0 but stores everything at the true t, so the
 * merge with the forward direction is a plain elementwise operation. */
#include <string.h>
#include "recurrent.h"

/* C[:, j] = b for each of the n columns of an m x n matrix. */
static void fill_columns(int m, int n, const double *b, double *C)
{
    for (int j = 0; j < n; j++) memcpy(C + (size_t) m * j, b, sizeof(double) * m);
}

void layer_forward(const cell_ops *ops, int act, int reverse, int B, int T, int in,
                   int H, const double *x, const double *w_ih, const double *w_hh,
                   const double *b_ih, const double *b_hh, double *ax, double *ex,
                   double *hs, double *ah, const double *zeros)
{
    const int GH = ops->gates * H, EH = ops->extra * H;
    const size_t sa = (size_t) B * GH, se = (size_t) B * EH, sh = (size_t) B * H;

    /* input projection of all steps at once: ax = W_ih [GH x in] * X [in x T*B] + b_ih */
    fill_columns(GH, T * B, b_ih, ax);
    mm('N', 'N', GH, T * B, in, 1.0, w_ih, GH, x, in, 1.0, ax, GH);

    for (int s = 0; s < T; s++) {
        int t = reverse ? T - 1 - s : s, tp = reverse ? t + 1 : t - 1;
        const double *h_prev = s ? hs + sh * tp : zeros;
        const double *ex_prev = s ? ex + se * tp : zeros;
        /* recurrence: ah = W_hh [GH x H] * h_prev [H x B] + b_hh */
        fill_columns(GH, B, b_hh, ah);
        if (s) mm('N', 'N', GH, B, H, 1.0, w_hh, GH, h_prev, H, 1.0, ah, GH);
        ops->forward(B, H, act, ax + sa * t, ah, ex + se * t, ex_prev, h_prev,
                     hs + sh * t);
    }
}

/* dhs [T][B][H] holds dL/dh_t from above (merge/head); it is used as the running
 * total dL/dh_t and is overwritten. dx [T][B][in] (may be NULL) receives
 * (dx_accumulate: += ) dL/dx. Weight gradients are accumulated. */
void layer_backward(const cell_ops *ops, int act, int reverse, int B, int T, int in,
                    int H, const double *x, const double *w_ih, const double *w_hh,
                    const double *ax, const double *ex, const double *hs,
                    double *dhs, double *dx, int dx_accumulate,
                    double *g_w_ih, double *g_w_hh, double *g_b_ih, double *g_b_hh,
                    workspace *w)
{
    const int GH = ops->gates * H, EH = ops->extra * H;
    const size_t sa = (size_t) B * GH, se = (size_t) B * EH, sh = (size_t) B * H;
    double *dax = w->dax, *dah = ops->split_hh ? w->dah : w->dax;

    memset(w->carry, 0, sizeof(double) * sh);
    for (int s = T - 1; s >= 0; s--) {
        int t = reverse ? T - 1 - s : s, tp = reverse ? t + 1 : t - 1;
        const double *h_prev = s ? hs + sh * tp : w->zeros;
        const double *ex_prev = s ? ex + se * tp : w->zeros;
        ops->backward(B, H, act, dhs + sh * t, ax + sa * t, ex + se * t, ex_prev,
                      hs + sh * t, h_prev, w->carry, dax + sa * t, dah + sa * t,
                      w->dh_direct);
        if (s) {
            /* dL/dh_{t-1} += W_hh^T [H x GH] * dah_t [GH x B] (+ the direct path) */
            double *dprev = dhs + sh * tp;
            mm('T', 'N', H, B, GH, 1.0, w_hh, GH, dah + sa * t, GH, 1.0, dprev, H);
            if (ops->split_hh)
                for (size_t i = 0; i < sh; i++) dprev[i] += w->dh_direct[i];
        }
    }

    /* weight gradients of all steps in one GEMM each */
    mm('N', 'T', GH, in, T * B, 1.0, dax, GH, x, in, 1.0, g_w_ih, GH);
    add_row_sums(GH, T * B, dax, g_b_ih);
    add_row_sums(GH, T * B, dah, g_b_hh);
    /* step t pairs dah_t with h_{t-1} (forward) or h_{t+1} (reverse); the first
       processed step has h_prev = 0 and adds nothing */
    if (T > 1) {
        const double *d0 = reverse ? dah : dah + sa;
        const double *h0 = reverse ? hs + sh : hs;
        mm('N', 'T', GH, H, (T - 1) * B, 1.0, d0, GH, h0, H, 1.0, g_w_hh, GH);
    }
    if (dx)
        mm('T', 'N', in, T * B, GH, 1.0, w_ih, GH, dax, GH, dx_accumulate ? 1.0 : 0.0,
           dx, in);
}

/* Elman RNN cell: h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), act tanh or relu;
 * the driver hands over the complete pre-activation in ax.
 * Cache: nothing beyond h_t, which gives the derivative, E = 0. */
#ifdef REAL_BODY             /* compiled once per precision: see the end */

/* out[i] = val[i] where sel[i] > 0, else 0: relu forward (sel = val = the
   pre-activation) and its backward (sel = h, val = dh), all [B x H]. */
static void RT(where_positive)(size_t n, const real_t *sel, const real_t *val, real_t *out)
{
    SIMD_LOOP
    for (size_t i = 0; i < n; i++) out[i] = sel[i] > 0 ? val[i] : 0;
}

static void RT(rnn_forward)(int B, int H, int act, real_t *ax, const real_t *ah,
                            real_t *ex, const real_t *ex_prev, const real_t *h_prev,
                            real_t *h)
{
    (void) ah; (void) ex; (void) ex_prev; (void) h_prev;
    size_t n = (size_t) B * H;
    if (act == ACT_RELU) {
        RT(where_positive)(n, ax, ax, h);
        return;
    }
    memcpy(h, ax, n * sizeof(real_t));
    RT(vec_tanh)(h, n);
}

/* d(pre-activation) = dh * act'(.), expressed through the output h:
   tanh' = 1 - h^2, relu' = [h > 0]. */
static void RT(rnn_backward)(int B, int H, int act, const real_t *dh,
                             const real_t *ax, const real_t *ex, const real_t *ex_prev,
                             const real_t *h, const real_t *h_prev, real_t *carry,
                             real_t *dax, real_t *dah, real_t *dh_direct)
{
    (void) ax; (void) ex; (void) ex_prev; (void) h_prev; (void) carry; (void) dah; (void) dh_direct;
    size_t n = (size_t) B * H;
    if (act == ACT_RELU) {
        RT(where_positive)(n, h, dh, dax);
        return;
    }
    SIMD_LOOP
    for (size_t i = 0; i < n; i++) dax[i] = dh[i] * (1 - h[i] * h[i]);
}

const RT(cell_ops) RT(rnn_cell_ops) = { 1, 0, 0, RT(rnn_forward), RT(rnn_backward) };

#else
#include <string.h>
#include "recurrent.h"
#define REAL_SELF "cell_rnn.c"
#include "real.h"
#endif

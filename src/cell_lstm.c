/* LSTM cell, PyTorch's gate order (i, f, g, o):
 *   i = sig(a_i), f = sig(a_f), g = tanh(a_g), o = sig(a_o),  a = W_ih x + b_ih + W_hh h + b_hh
 *   (the driver hands over a complete in ax)
 *   c_t = f * c_{t-1} + i * g,   h_t = o * tanh(c_t)
 * Caches per step: ax [B][4H] becomes (i, f, g, o); ex [B][2H] holds (c_t, tanh c_t)
 * per sample, so c_{t-1} is ex_prev[0..H). */
#ifdef REAL_BODY             /* compiled once per precision: see the end */

static void RT(lstm_forward)(int B, int H, int act, real_t *ax, const real_t *ah,
                             real_t *ex, const real_t *ex_prev, const real_t *h_prev,
                             real_t *h)
{
    (void) act; (void) h_prev; (void) ah;
    for (int b = 0; b < B; b++) {
        real_t *a = ax + (size_t) 4 * H * b;
        real_t *c = ex + (size_t) 2 * H * b, *tc = c + H;
        const real_t *cp = ex_prev + (size_t) 2 * H * b;
        real_t *hb = h + (size_t) H * b;
        RT(vec_sigmoid)(a, (size_t) 2 * H);        /* i, f */
        RT(vec_tanh)(a + 2 * H, H);                /* g */
        RT(vec_sigmoid)(a + 3 * H, H);             /* o */
        SIMD_LOOP
        for (int j = 0; j < H; j++) tc[j] = c[j] = a[H + j] * cp[j] + a[j] * a[2 * H + j];
        RT(vec_tanh)(tc, H);
        SIMD_LOOP
        for (int j = 0; j < H; j++) hb[j] = a[3 * H + j] * tc[j];
    }
}

/* carry holds dL/dc_t arriving from step t+1 (through f_{t+1}); on return it
   holds dL/dc_{t-1} = dc_t * f_t for the next (earlier) step. */
static void RT(lstm_backward)(int B, int H, int act, const real_t *dh,
                              const real_t *ax, const real_t *ex, const real_t *ex_prev,
                              const real_t *h, const real_t *h_prev, real_t *carry,
                              real_t *dax, real_t *dah, real_t *dh_direct)
{
    (void) act; (void) h; (void) h_prev; (void) dah; (void) dh_direct;
    for (int b = 0; b < B; b++) {
        const real_t *a = ax + (size_t) 4 * H * b;
        const real_t *tc = ex + (size_t) 2 * H * b + H;
        const real_t *cp = ex_prev + (size_t) 2 * H * b;
        const real_t *dhb = dh + (size_t) H * b;
        real_t *cr = carry + (size_t) H * b;
        real_t *d = dax + (size_t) 4 * H * b;
        SIMD_LOOP
        for (int j = 0; j < H; j++) {
            real_t ig = a[j], fg = a[H + j], gg = a[2 * H + j], og = a[3 * H + j];
            real_t dc = cr[j] + dhb[j] * og * (1 - tc[j] * tc[j]);
            d[j]         = dc * gg * ig * (1 - ig);
            d[H + j]     = dc * cp[j] * fg * (1 - fg);
            d[2 * H + j] = dc * ig * (1 - gg * gg);
            d[3 * H + j] = dhb[j] * tc[j] * og * (1 - og);
            cr[j] = dc * fg;
        }
    }
}

const RT(cell_ops) RT(lstm_cell_ops) = { 4, 2, 0, RT(lstm_forward), RT(lstm_backward) };

#else
#include "recurrent.h"
#define REAL_SELF "cell_lstm.c"
#include "real.h"
#endif

/* Elman RNN cell: h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), act tanh or relu;
 * the driver hands over the complete pre-activation in ax.
 * Cache: nothing beyond h_t, which gives the derivative, E = 0. */
#include "recurrent.h"

static void rnn_forward(int B, int H, int act, double *ax, const double *ah,
                        double *ex, const double *ex_prev, const double *h_prev,
                        double *h)
{
    (void) ah; (void) ex; (void) ex_prev; (void) h_prev;
    size_t n = (size_t) B * H;
    if (act == ACT_RELU) {
        for (size_t i = 0; i < n; i++) h[i] = ax[i] > 0 ? ax[i] : 0;
    } else {
        for (size_t i = 0; i < n; i++) h[i] = ax[i];
        vec_tanh(h, n);
    }
}

/* d(pre-activation) = dh * act'(.), expressed through the output h:
   tanh' = 1 - h^2, relu' = [h > 0]. */
static void rnn_backward(int B, int H, int act, const double *dh,
                         const double *ax, const double *ex, const double *ex_prev,
                         const double *h, const double *h_prev, double *carry,
                         double *dax, double *dah, double *dh_direct)
{
    (void) ax; (void) ex; (void) ex_prev; (void) h_prev; (void) carry; (void) dah; (void) dh_direct;
    size_t n = (size_t) B * H;
    if (act == ACT_RELU) {
        for (size_t i = 0; i < n; i++) dax[i] = h[i] > 0 ? dh[i] : 0;
    } else {
        for (size_t i = 0; i < n; i++) dax[i] = dh[i] * (1 - h[i] * h[i]);
    }
}

const cell_ops rnn_cell_ops = { 1, 0, 0, rnn_forward, rnn_backward };

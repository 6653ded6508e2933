/* Gradient clipping and optimizers over the flat parameter vector, with
 * PyTorch's update rules (Adam/AdamW betas 0.9/0.999, eps 1e-8; RMSprop
 * alpha 0.99, eps 1e-8; SGD with heavy-ball momentum, no dampening).
 * state: [0, n) first moment or momentum buffer, [n, 2n) second moment,
 * [2n] the number of steps taken. */
#include <math.h>
#include "recurrent.h"

/* Global-norm clipping as torch.nn.utils.clip_grad_norm_; returns the norm
   before clipping (non-finite when the gradient is). clip <= 0 disables. */
double grad_clip(double *grad, size_t n, double clip)
{
    double ss = 0;
    for (size_t i = 0; i < n; i++) ss += grad[i] * grad[i];
    double norm = sqrt(ss);
    if (clip > 0 && isfinite(norm) && norm > clip) {
        double f = clip / (norm + 1e-6);
        for (size_t i = 0; i < n; i++) grad[i] *= f;
    }
    return norm;
}

void optim_step(const optim_config *o, double *params, const double *grad,
                double *state, size_t n)
{
    double *m = state, *v = state + n;
    double t = state[2 * n] += 1;
    const double lr = o->lr, wd = o->weight_decay;
    switch (o->kind) {
    case OPT_ADAM:
    case OPT_ADAMW: {
        const double b1 = o->beta1, b2 = o->beta2;
        const double bc1 = 1 - pow(b1, t), bc2 = sqrt(1 - pow(b2, t));
        const double decay = o->kind == OPT_ADAMW ? 1 - lr * wd : 1;
        const double l2 = o->kind == OPT_ADAM ? wd : 0;
        for (size_t i = 0; i < n; i++) {
            double g = grad[i] + l2 * params[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            params[i] = params[i] * decay - (lr / bc1) * m[i] / (sqrt(v[i]) / bc2 + o->eps);
        }
        break;
    }
    case OPT_RMSPROP:
        for (size_t i = 0; i < n; i++) {
            double g = grad[i] + wd * params[i];
            v[i] = o->alpha * v[i] + (1 - o->alpha) * g * g;
            params[i] -= lr * g / (sqrt(v[i]) + o->eps);
        }
        break;
    default:                           /* SGD */
        for (size_t i = 0; i < n; i++) {
            double g = grad[i] + wd * params[i];
            m[i] = o->momentum * m[i] + g;
            params[i] -= lr * m[i];
        }
        break;
    }
}

/* Gradient clipping and optimizers over the flat parameter vector, with
 * PyTorch's update rules (Adam/AdamW betas 0.9/0.999, eps 1e-8; RMSprop
 * alpha 0.99, eps 1e-8; SGD with heavy-ball momentum, no dampening), in the
 * network's precision (one body, real.h): the moments and the update are
 * real_t; the step count, the bias corrections and the norm are double.
 * m [n] is the first moment or momentum buffer, v [n] the second moment. */
#ifndef REAL_BODY
#include <math.h>
#include "recurrent.h"
#define REAL_SELF "optim.c"
#include "real.h"
#else /* REAL_BODY */

/* Global-norm clipping as torch.nn.utils.clip_grad_norm_; returns the norm
   before clipping (non-finite when the gradient is). clip <= 0 disables. */
double RT(grad_clip)(const exec_config *e, real_t *grad, size_t n, double clip)
{
    double ss = 0;                     /* in order, on one thread: a fixed sum */
    for (size_t i = 0; i < n; i++) ss += (double) grad[i] * grad[i];
    double norm = sqrt(ss);
    if (clip > 0 && isfinite(norm) && norm > clip) {
        real_t f = (real_t) (clip / (norm + 1e-6));
        PARALLEL_RANGES(e, n, (double) n, {
            for (size_t i = lo; i < lo + len; i++) grad[i] *= f;
        });
    }
    return norm;
}

/* The updates are elementwise: the parameters are split among threads. */
void RT(optim_step)(const exec_config *e, const optim_config *o, real_t *params,
                    const real_t *grad, real_t *m, real_t *v, double *steps, size_t n)
{
    double t = *steps += 1;
    const real_t lr = (real_t) o->lr, wd = (real_t) o->weight_decay;
    switch (o->kind) {
    case OPT_ADAM:
    case OPT_ADAMW: {
        const real_t b1 = (real_t) o->beta1, b2 = (real_t) o->beta2, eps = (real_t) o->eps;
        const real_t bc1 = (real_t) (1 - pow(o->beta1, t)),
                     bc2 = (real_t) sqrt(1 - pow(o->beta2, t));
        const real_t decay = o->kind == OPT_ADAMW ? 1 - lr * wd : 1;
        const real_t l2 = o->kind == OPT_ADAM ? wd : 0;
        PARALLEL_RANGES(e, n, 8.0 * n, {
            for (size_t i = lo; i < lo + len; i++) {
                real_t g = grad[i] + l2 * params[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                params[i] = params[i] * decay - (lr / bc1) * m[i] / (rt_sqrt(v[i]) / bc2 + eps);
            }
        });
        break;
    }
    case OPT_RMSPROP: {
        const real_t alpha = (real_t) o->alpha, eps = (real_t) o->eps;
        PARALLEL_RANGES(e, n, 8.0 * n, {
            for (size_t i = lo; i < lo + len; i++) {
                real_t g = grad[i] + wd * params[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                params[i] -= lr * g / (rt_sqrt(v[i]) + eps);
            }
        });
        break;
    }
    default: {                         /* SGD */
        const real_t mom = (real_t) o->momentum;
        PARALLEL_RANGES(e, n, 4.0 * n, {
            for (size_t i = lo; i < lo + len; i++) {
                real_t g = grad[i] + wd * params[i];
                m[i] = mom * m[i] + g;
                params[i] -= lr * m[i];
            }
        });
        break;
    }
    }
}

#endif /* REAL_BODY */

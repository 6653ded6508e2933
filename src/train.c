/* Drivers over a whole data set: prediction and evaluation in chunks, the
 * gradient of the full-batch loss, and one training epoch of mini-batches.
 * x is an R array [n, T, p], targets y an R array [n, Ty, out] with Ty = T when
 * the net returns sequences, else 1 (both column-major, as R stores them). */
#include <math.h>
#include <string.h>
#include <R_ext/Random.h>
#include <R_ext/Utils.h>
#include <R_ext/Memory.h>
#include "recurrent.h"

/* Rows per chunk for forward-only passes: the activation caches of a chunk
   stay near 128 MiB whatever T and H are, but a chunk never has fewer than 64
   rows, since each step's recurrence product is repeated once per chunk and
   small chunks waste the GEMM. */
static int chunk_rows(const net_layout *L, int n, int T)
{
    const net_spec *s = &L->s;
    double per_row = (double) T * (s->layers * s->dirs *
                     (L->gh + (L->ops->extra + 1) * s->hidden) +
                     s->layers * L->d_layer + s->output_size) + L->gh;
    double rows = (128.0 * 1024 * 1024 / sizeof(double)) / per_row;
    if (rows < 64) rows = 64;
    return rows < n ? (int) rows : n;
}

static int *seq_index(int n)
{
    int *idx = (int *) R_alloc(n, sizeof(int));
    for (int i = 0; i < n; i++) idx[i] = i;
    return idx;
}

static int target_steps(const net_layout *L, int T) { return L->s.return_seq ? T : 1; }

void net_predict(const net_layout *L, const double *params, const double *x,
                 int n, int T, double *out)
{
    const int p = L->s.input_size, k = L->s.output_size, Ty = target_steps(L, T);
    const int C = chunk_rows(L, n, T);
    workspace w;
    workspace_alloc(&w, L, C, T, 0, 0);
    double *xb = (double *) R_alloc((size_t) C * T * p, sizeof(double));
    int *idx = seq_index(n);
    for (int r0 = 0; r0 < n; r0 += C) {
        int B = n - r0 < C ? n - r0 : C;
        gather_rows(x, n, T, p, idx + r0, B, xb);
        net_forward(L, &w, params, xb, B, T);
        scatter_rows(w.out, B, Ty, k, out, n, r0);
        R_CheckUserInterrupt();
    }
}

double net_evaluate(const net_layout *L, const double *params, const double *x,
                    const double *y, int n, int T, int loss)
{
    const int p = L->s.input_size, k = L->s.output_size, Ty = target_steps(L, T);
    const int C = chunk_rows(L, n, T);
    workspace w;
    workspace_alloc(&w, L, C, T, 0, 0);
    double *xb = (double *) R_alloc((size_t) C * T * p, sizeof(double));
    double *yb = (double *) R_alloc((size_t) C * Ty * k, sizeof(double));
    int *idx = seq_index(n);
    double total = 0;
    for (int r0 = 0; r0 < n; r0 += C) {
        int B = n - r0 < C ? n - r0 : C;
        gather_rows(x, n, T, p, idx + r0, B, xb);
        gather_rows(y, n, Ty, k, idx + r0, B, yb);
        net_forward(L, &w, params, xb, B, T);
        /* every loss is a mean over rows (times out): weight chunks by rows */
        total += B * loss_eval(loss, L->s.out_act, B * Ty, k, w.logits, w.out, yb, NULL);
        R_CheckUserInterrupt();
    }
    return total / n;
}

double net_gradients(const net_layout *L, const double *params, const double *x,
                     const double *y, int n, int T, int loss, int training,
                     double *grad)
{
    const int p = L->s.input_size, k = L->s.output_size, Ty = target_steps(L, T);
    workspace w;
    workspace_alloc(&w, L, n, T, training, 1);
    double *xb = (double *) R_alloc((size_t) n * T * p, sizeof(double));
    double *yb = (double *) R_alloc((size_t) n * Ty * k, sizeof(double));
    int *idx = seq_index(n);
    gather_rows(x, n, T, p, idx, n, xb);
    gather_rows(y, n, Ty, k, idx, n, yb);
    memset(grad, 0, sizeof(double) * L->n_params);
    net_forward(L, &w, params, xb, n, T);
    double value = loss_eval(loss, L->s.out_act, n * Ty, k, w.logits, w.out, yb, w.dz);
    net_backward(L, &w, params, xb, n, T, grad);
    return value;
}

epoch_result net_train_epoch(const net_layout *L, double *params, double *state,
                             const optim_config *o, const double *x,
                             const double *y, int n, int T, int loss,
                             int batch_size, int shuffle)
{
    const int p = L->s.input_size, k = L->s.output_size, Ty = target_steps(L, T);
    const int C = batch_size < n ? batch_size : n;
    const size_t P = L->n_params;
    epoch_result res = { 0, 0, 0 };
    workspace w;
    workspace_alloc(&w, L, C, T, 1, 1);
    double *xb = (double *) R_alloc((size_t) C * T * p, sizeof(double));
    double *yb = (double *) R_alloc((size_t) C * Ty * k, sizeof(double));
    double *grad = (double *) R_alloc(P, sizeof(double));
    int *idx = seq_index(n);
    if (shuffle)                       /* Fisher-Yates with R's RNG */
        for (int i = n - 1; i > 0; i--) {
            int j = (int) R_unif_index(i + 1.0), tmp = idx[i];
            idx[i] = idx[j]; idx[j] = tmp;
        }
    double total = 0;
    for (int r0 = 0; r0 < n; r0 += C) {
        int B = n - r0 < C ? n - r0 : C;
        gather_rows(x, n, T, p, idx + r0, B, xb);
        gather_rows(y, n, Ty, k, idx + r0, B, yb);
        memset(grad, 0, sizeof(double) * P);
        net_forward(L, &w, params, xb, B, T);
        double value = loss_eval(loss, L->s.out_act, B * Ty, k, w.logits, w.out, yb, w.dz);
        net_backward(L, &w, params, xb, B, T, grad);
        double norm = grad_clip(grad, P, o->clip);
        if (!isfinite(value) || !isfinite(norm)) {
            res.diverged = 1;
            break;
        }
        optim_step(o, params, grad, state, P);
        total += value * B;
        res.batches++;
        R_CheckUserInterrupt();
    }
    res.loss = res.diverged ? NAN : total / n;
    return res;
}

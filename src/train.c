/* Drivers over a whole data set: prediction and evaluation in chunks, the
 * gradient of the full-batch loss, and one training epoch of mini-batches.
 * x is an R array [n, T, p], targets y an R array [n, Ty, out] with Ty = T when
 * the net returns sequences, else 1 (both column-major, as R stores them). */
#include <math.h>
#include <string.h>
#include <R_ext/Random.h>
#include <R_ext/Utils.h>
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

static int target_steps(const net_layout *L, int T) { return L->s.return_seq ? T : 1; }

/* The weight of a batch of B rows in a mean over batches: B, or with padded
   sequences the real steps (the rows its loss averages over), after the
   forward has filled w->keep. */
static double batch_rows(const workspace *w, int B, int Ty)
{
    if (!w->keep) return B;
    double r = 0;
    for (size_t m = 0; m < (size_t) B * Ty; m++) r += w->keep[m];
    return r;
}

/* What a driver carves from its scratch: the network workspace for batches of
   up to C rows, the batch copies xb [T][C][p] and yb [Ty][C][out], the
   gradient grad [P] (training) and the row order idx [n]. */
typedef struct {
    scratch sc;
    workspace w;
    int C;
    double *xb, *yb, *grad;
    int *idx;
} driver_mem;

/* Carves m for a run out of mem (or only counts, when mem is NULL); returns
   the doubles the run needs. The row order starts as 0..n-1. */
static size_t driver_setup(driver_mem *m, const net_layout *L, int run, int n, int T,
                           int batch, int training, double *mem)
{
    const int train = run == RUN_TRAIN, backward = train || run == RUN_GRADIENTS;
    scratch *sc = &m->sc;
    scratch_init(sc, mem);
    m->C = train ? (batch < n ? batch : n)
         : run == RUN_GRADIENTS || run == RUN_STEP ? n : chunk_rows(L, n, T);
    workspace_carve(&m->w, L, m->C, T, train || (run == RUN_GRADIENTS && training),
                    backward, sc);
    m->xb = scratch_take(sc, (size_t) m->C * T * L->x_width);
    m->yb = run == RUN_PREDICT || run == RUN_STEP ? NULL :
        scratch_take(sc, (size_t) m->C * target_steps(L, T) * L->s.output_size);
    m->grad = train ? scratch_take(sc, L->n_params) : NULL;
    /* n ints in the room of as many doubles as they fill */
    m->idx = (int *) scratch_take(sc, ((size_t) n * sizeof(int) + sizeof(double) - 1) /
                                       sizeof(double));
    if (m->idx)
        for (int i = 0; i < n; i++) m->idx[i] = i;
    return scratch_size(sc);
}

size_t net_scratch_size(const net_layout *L, int run, int n, int T, int batch,
                        int training)
{
    driver_mem m;
    return driver_setup(&m, L, run, n, T, batch, training, NULL);
}

void net_predict(const net_layout *L, const double *params, const double *x,
                 int n, int T, double *out, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T);
    driver_mem m;
    driver_setup(&m, L, RUN_PREDICT, n, T, 0, 0, scratch);
    for (int r0 = 0; r0 < n; r0 += m.C) {
        int B = n - r0 < m.C ? n - r0 : m.C;
        gather_rows(x, n, T, p, m.idx + r0, B, m.xb);
        net_forward(L, &m.w, params, m.xb, B, T);
        scatter_rows(m.w.out, B, Ty, k, out, n, r0);
        R_CheckUserInterrupt();
    }
    scratch_release(&m.sc);
}

size_t net_state_size(const net_layout *L, int n)
{
    const int H = L->s.hidden;
    return (size_t) L->s.layers * n * (H + L->ops->extra * H);
}

void net_step(const net_layout *L, const double *params, const double *x, int n, int T,
              const double *state_in, double *state_out, double *out, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T);
    const int H = L->s.hidden, EH = L->ops->extra * H;
    const size_t sh = (size_t) n * H, se = (size_t) n * EH;
    driver_mem m;
    driver_setup(&m, L, RUN_STEP, n, T, 0, 0, scratch);
    m.w.state_in = state_in;
    gather_rows(x, n, T, p, m.idx, n, m.xb);
    net_forward(L, &m.w, params, m.xb, n, T);
    scatter_rows(m.w.out, n, Ty, k, out, n, 0);
    for (int l = 0; l < L->s.layers; l++) {
        /* the state after the last step (with padding: a forward direction
           holds each sample's state after its own last token at T-1) */
        double *dst = state_out + (size_t) l * (sh + se);
        memcpy(dst, m.w.hs[l] + sh * (T - 1), sizeof(double) * sh);
        memcpy(dst + sh, m.w.ex[l] + se * (T - 1), sizeof(double) * se);
    }
    scratch_release(&m.sc);
}

double net_evaluate(const net_layout *L, const double *params, const double *x,
                    const double *y, int n, int T, int loss, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T);
    driver_mem m;
    driver_setup(&m, L, RUN_EVALUATE, n, T, 0, 0, scratch);
    double total = 0, rows = 0;
    for (int r0 = 0; r0 < n; r0 += m.C) {
        int B = n - r0 < m.C ? n - r0 : m.C;
        gather_rows(x, n, T, p, m.idx + r0, B, m.xb);
        gather_rows(y, n, Ty, k, m.idx + r0, B, m.yb);
        net_forward(L, &m.w, params, m.xb, B, T);
        /* every loss is a mean over rows (times out): weight chunks by rows */
        double w = batch_rows(&m.w, B, Ty);
        total += w * loss_eval(loss, L->s.out_act, B * Ty, k, m.w.logits, m.w.out, m.yb,
                               m.w.keep, NULL);
        rows += w;
        R_CheckUserInterrupt();
    }
    scratch_release(&m.sc);
    return total / rows;
}

double net_gradients(const net_layout *L, const double *params, const double *x,
                     const double *y, int n, int T, int loss, int training,
                     double *grad, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T);
    driver_mem m;
    driver_setup(&m, L, RUN_GRADIENTS, n, T, 0, training, scratch);
    gather_rows(x, n, T, p, m.idx, n, m.xb);
    gather_rows(y, n, Ty, k, m.idx, n, m.yb);
    memset(grad, 0, sizeof(double) * L->n_params);
    net_forward(L, &m.w, params, m.xb, n, T);
    double value = loss_eval(loss, L->s.out_act, n * Ty, k, m.w.logits, m.w.out, m.yb,
                             m.w.keep, m.w.dz);
    net_backward(L, &m.w, params, m.xb, n, T, grad);
    scratch_release(&m.sc);
    return value;
}

epoch_result net_train_epoch(const net_layout *L, double *params, double *state,
                             const optim_config *o, const double *x,
                             const double *y, int n, int T, int loss,
                             int batch_size, int shuffle, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T);
    const size_t P = L->n_params;
    epoch_result res = { 0, 0, 0 };
    driver_mem m;
    driver_setup(&m, L, RUN_TRAIN, n, T, batch_size, 1, scratch);
    int *idx = m.idx;
    if (shuffle)                       /* Fisher-Yates with R's RNG */
        for (int i = n - 1; i > 0; i--) {
            int j = (int) R_unif_index(i + 1.0), tmp = idx[i];
            idx[i] = idx[j]; idx[j] = tmp;
        }
    double total = 0, rows = 0;
    for (int r0 = 0; r0 < n; r0 += m.C) {
        int B = n - r0 < m.C ? n - r0 : m.C;
        gather_rows(x, n, T, p, idx + r0, B, m.xb);
        gather_rows(y, n, Ty, k, idx + r0, B, m.yb);
        memset(m.grad, 0, sizeof(double) * P);
        net_forward(L, &m.w, params, m.xb, B, T);
        double value = loss_eval(loss, L->s.out_act, B * Ty, k, m.w.logits, m.w.out, m.yb,
                                 m.w.keep, m.w.dz);
        net_backward(L, &m.w, params, m.xb, B, T, m.grad);
        double norm = grad_clip(m.grad, P, o->clip);
        if (!isfinite(value) || !isfinite(norm)) {
            res.diverged = 1;
            break;
        }
        optim_step(o, params, m.grad, state, P);
        double w = batch_rows(&m.w, B, Ty);
        total += value * w;
        rows += w;
        res.batches++;
        R_CheckUserInterrupt();
    }
    res.loss = res.diverged ? NAN : total / rows;
    scratch_release(&m.sc);
    return res;
}

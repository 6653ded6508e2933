/* Drivers over a whole data set: prediction and evaluation in chunks, the
 * gradient of the full-batch loss, stateful stepping and one training epoch of
 * mini-batches. x is an R array [n, T, p], targets y an R array [n, Ty, out]
 * with Ty = T when the net returns sequences, else 1 (both column-major, as R
 * stores them).
 *
 * One body for both precisions (real.h), reached through the net_driver
 * tables. R's side is double either way. In double the kernels read R's
 * weights and write R's gradient in place. In float a driver rounds the
 * weights once into its scratch, each batch as it gathers it, and widens what
 * it returns; an epoch trains a float copy of the weights with float moments
 * and writes both back to R's vectors at its end (pure float: measured against
 * double master weights in bench/README.md, "Single precision"). */
#ifndef REAL_BODY
#include <math.h>
#include <string.h>
#include <R_ext/Random.h>
#include <R_ext/Utils.h>
#include "recurrent.h"

static int target_steps(const net_layout *L, int T) { return L->s.return_seq ? T : 1; }

size_t net_state_size(const net_layout *L, int n)
{
    return (size_t) L->s.layers * n * (L->s.hidden + L->eh);
}

const net_driver *net_driver_for(const net_layout *L)
{
    return L->s.precision == PREC_SINGLE ? &net_driver_f : &net_driver_d;
}

#define REAL_SELF "train.c"
#include "real.h"

#else /* REAL_BODY */

/* Rows per chunk for forward-only passes: the activation caches of a chunk
   stay near 128 MiB whatever T and H are, but a chunk never has fewer than 64
   rows, since each step's recurrence product is repeated once per chunk and
   small chunks waste the GEMM. */
static int RT(chunk_rows)(const net_layout *L, int n, int T)
{
    const net_spec *s = &L->s;
    double per_row = (double) T * (s->layers * s->dirs *
                     (L->gh + L->eh + s->hidden) +
                     s->layers * L->d_layer + s->output_size) + L->gh;
    double rows = (128.0 * 1024 * 1024 / sizeof(real_t)) / per_row;
    if (rows < 64) rows = 64;
    return rows < n ? (int) rows : n;
}

/* The weight of a batch of B rows in a mean over batches: B, or with padded
   sequences the real steps (the rows its loss averages over), after the
   forward has filled w->keep. */
static double RT(batch_rows)(const RT(workspace) *w, int B, int Ty)
{
    if (!w->keep) return B;
    double r = 0;
    for (size_t m = 0; m < (size_t) B * Ty; m++) r += w->keep[m];
    return r;
}

/* What a driver carves from its scratch: the network workspace for batches of
   up to C rows, the batch copies xb [T][C][p] and yb [Ty][C][out], the
   gradient grad [P] (training; float: also the full-batch gradient), the
   float weights par [P] and, training, moments mom [2P], the state st
   (stepping and gradients: the float copy of the caller's state, empty in
   double; training: the state a stateful epoch carries from batch to batch,
   [layers][C][H + EH]), and the row order idx [n]. Float-only pieces are
   empty in double. */
typedef struct {
    scratch sc;
    RT(workspace) w;
    int C;
    real_t *xb, *yb, *grad, *par, *mom, *st;
    int *idx;
} RT(driver_mem);

/* Carves m for a run out of mem (or only counts, when mem is NULL); returns
   the doubles the run needs. The row order starts as 0..n-1. */
static size_t RT(driver_setup)(RT(driver_mem) *m, const net_layout *L, int run, int n,
                               int T, int batch, int training, double *mem)
{
    const int train = run == RUN_TRAIN, backward = train || run == RUN_GRADIENTS;
    const size_t P = L->n_params, conv = REAL_FLOAT ? P : 0;
    scratch *sc = &m->sc;
    scratch_init(sc, mem);
    m->C = train ? (batch < n ? batch : n)
         : run == RUN_GRADIENTS || run == RUN_STEP ? n : RT(chunk_rows)(L, n, T);
    RT(workspace_carve)(&m->w, L, m->C, T, train || (run == RUN_GRADIENTS && training),
                        backward, sc);
    if (mem) exec_state_attach(L->exec.state, m->w.gemm, sizeof(real_t) * m->w.gemm_len);
    m->xb = SCRATCH_TAKE(sc, (size_t) m->C * T * L->x_width, real_t);
    m->yb = run == RUN_PREDICT || run == RUN_STEP ? NULL :
        SCRATCH_TAKE(sc, (size_t) m->C * target_steps(L, T) * L->s.output_size, real_t);
    m->grad = train || run == RUN_GRADIENTS ? SCRATCH_TAKE(sc, train ? P : conv, real_t)
                                            : NULL;
    m->par = SCRATCH_TAKE(sc, conv, real_t);
    m->mom = train ? SCRATCH_TAKE(sc, 2 * conv, real_t) : NULL;
    m->st = train ? SCRATCH_TAKE(sc, net_state_size(L, m->C), real_t)
          : run == RUN_STEP || run == RUN_GRADIENTS
          ? SCRATCH_TAKE(sc, REAL_FLOAT && L->s.dirs == 1 ? net_state_size(L, n) : 0, real_t)
          : NULL;
    m->idx = SCRATCH_TAKE(sc, n, int);
    if (m->idx)
        for (int i = 0; i < n; i++) m->idx[i] = i;
    return scratch_size(sc);
}

/* src [len] as the kernels read it: R's doubles themselves, or (float)
   rounded into buf. */
static const real_t *RT(as_real)(real_t *buf, const double *src, size_t len)
{
#if REAL_FLOAT
    RT(from_double)(buf, src, len);
    return buf;
#else
    (void) buf; (void) len;
    return src;
#endif
}

static size_t RT(net_scratch_size)(const net_layout *L, int run, int n, int T, int batch,
                                   int training)
{
    RT(driver_mem) m;
    return RT(driver_setup)(&m, L, run, n, T, batch, training, NULL);
}

static void RT(net_predict)(const net_layout *L, const double *params, const double *x,
                            int n, int T, double *out, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T);
    RT(driver_mem) m;
    RT(driver_setup)(&m, L, RUN_PREDICT, n, T, 0, 0, scratch);
    const real_t *par = RT(as_real)(m.par, params, L->n_params);
    for (int r0 = 0; r0 < n; r0 += m.C) {
        int B = n - r0 < m.C ? n - r0 : m.C;
        RT(gather_rows)(x, n, T, p, m.idx + r0, B, m.xb);
        RT(net_forward)(L, &m.w, par, m.xb, B, T);
        RT(scatter_rows)(m.w.out, B, Ty, k, out, n, r0);
        R_CheckUserInterrupt();
    }
    scratch_release(&m.sc);
}

static void RT(net_step)(const net_layout *L, const double *params, const double *x, int n,
                         int T, const double *state_in, double *state_out, double *out,
                         double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T);
    const int H = L->s.hidden, EH = L->eh;
    const size_t sh = (size_t) n * H, se = (size_t) n * EH;
    RT(driver_mem) m;
    RT(driver_setup)(&m, L, RUN_STEP, n, T, 0, 0, scratch);
    const real_t *par = RT(as_real)(m.par, params, L->n_params);
    m.w.state_in = state_in ? RT(as_real)(m.st, state_in, net_state_size(L, n)) : NULL;
    RT(gather_rows)(x, n, T, p, m.idx, n, m.xb);
    RT(net_forward)(L, &m.w, par, m.xb, n, T);
    RT(scatter_rows)(m.w.out, n, Ty, k, out, n, 0);
    for (int l = 0; l < L->s.layers; l++) {
        /* the state after the last step (with padding: a forward direction
           holds each sample's state after its own last token at T-1) */
        double *dst = state_out + (size_t) l * (sh + se);
        RT(to_double)(dst, m.w.hs[l] + sh * (T - 1), sh);
        RT(to_double)(dst + sh, m.w.ex[l] + se * (T - 1), se);
    }
    scratch_release(&m.sc);
}

static double RT(net_evaluate)(const net_layout *L, const double *params, const double *x,
                               const double *y, int n, int T, int loss, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T),
              ky = L->y_width;
    RT(driver_mem) m;
    RT(driver_setup)(&m, L, RUN_EVALUATE, n, T, 0, 0, scratch);
    const real_t *par = RT(as_real)(m.par, params, L->n_params);
    double total = 0, rows = 0;
    for (int r0 = 0; r0 < n; r0 += m.C) {
        int B = n - r0 < m.C ? n - r0 : m.C;
        RT(gather_rows)(x, n, T, p, m.idx + r0, B, m.xb);
        RT(gather_rows)(y, n, Ty, ky, m.idx + r0, B, m.yb);
        RT(net_forward)(L, &m.w, par, m.xb, B, T);
        /* every loss is a mean over rows (times out): weight chunks by rows */
        double w = RT(batch_rows)(&m.w, B, Ty);
        total += w * RT(loss_eval)(loss, L->s.out_act, B * Ty, k, ky, m.w.logits, m.w.out,
                                   m.yb, m.w.keep, NULL);
        rows += w;
        R_CheckUserInterrupt();
    }
    scratch_release(&m.sc);
    return total / rows;
}

static double RT(net_gradients)(const net_layout *L, const double *params, const double *x,
                                const double *y, int n, int T, int loss, int training,
                                const double *state_in, double *grad, double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T),
              ky = L->y_width;
    RT(driver_mem) m;
    RT(driver_setup)(&m, L, RUN_GRADIENTS, n, T, 0, training, scratch);
    const real_t *par = RT(as_real)(m.par, params, L->n_params);
#if REAL_FLOAT
    real_t *g = m.grad;                /* widened into R's grad at the end */
#else
    real_t *g = grad;
#endif
    m.w.state_in = state_in ? RT(as_real)(m.st, state_in, net_state_size(L, n)) : NULL;
    RT(gather_rows)(x, n, T, p, m.idx, n, m.xb);
    RT(gather_rows)(y, n, Ty, ky, m.idx, n, m.yb);
    memset(g, 0, sizeof(real_t) * L->n_params);
    RT(net_forward)(L, &m.w, par, m.xb, n, T);
    double value = RT(loss_eval)(loss, L->s.out_act, n * Ty, k, ky, m.w.logits, m.w.out, m.yb,
                                 m.w.keep, m.w.dz);
    RT(net_backward)(L, &m.w, par, m.xb, n, T, g);
    RT(to_double)(grad, g, L->n_params);
    scratch_release(&m.sc);
    return value;
}

/* The state after the last step of a batch of B rows (with padding: each
   row's state after its own last token) into st [layers][B][H + EH], the
   layout of workspace.state_in. */
static void RT(keep_state)(const net_layout *L, const RT(workspace) *w, int B, int T,
                           real_t *st)
{
    const size_t sh = (size_t) B * L->s.hidden, se = (size_t) B * L->eh;
    for (int l = 0; l < L->s.layers; l++) {
        real_t *dst = st + (size_t) l * (sh + se);
        memcpy(dst, w->hs[l] + sh * (T - 1), sizeof(real_t) * sh);
        memcpy(dst + sh, w->ex[l] + se * (T - 1), sizeof(real_t) * se);
    }
}

/* Zeroes the carried state of the rows b of a batch of B with reset[b] != 0. */
static void RT(reset_state)(const net_layout *L, const int *reset, int B, real_t *st)
{
    const int H = L->s.hidden, EH = L->eh;
    const size_t sh = (size_t) B * H, se = (size_t) B * EH;
    for (int l = 0; l < L->s.layers; l++)
        for (int b = 0; b < B; b++)
            if (reset[b]) {
                real_t *h = st + (size_t) l * (sh + se);
                memset(h + (size_t) H * b, 0, sizeof(real_t) * H);
                memset(h + sh + (size_t) EH * b, 0, sizeof(real_t) * EH);
            }
}

/* reset NULL: independent sequences. Else a stateful epoch (truncated BPTT;
   unidirectional nets, no shuffling, n a multiple of batch_size): the rows of
   batch j + 1 continue those of batch j (row r0 + b follows row r0 - C + b),
   so each batch starts from the state the previous one ended in, except the
   rows with reset[i] != 0, which start from zeros. The first batch starts from
   zeros. */
static epoch_result RT(net_train_epoch)(const net_layout *L, double *params, double *state,
                                        const optim_config *o, const double *x,
                                        const double *y, int n, int T, int loss,
                                        int batch_size, int shuffle, const int *reset,
                                        double *scratch)
{
    const int p = L->x_width, k = L->s.output_size, Ty = target_steps(L, T),
              ky = L->y_width;
    const size_t P = L->n_params;
    epoch_result res = { 0, 0, 0 };
    RT(driver_mem) m;
    RT(driver_setup)(&m, L, RUN_TRAIN, n, T, batch_size, 1, scratch);
#if REAL_FLOAT
    /* the epoch trains float weights and moments, R's doubles at its ends */
    real_t *par = m.par, *mo = m.mom, *vo = m.mom + P;
    RT(from_double)(par, params, P);
    RT(from_double)(m.mom, state, 2 * P);
#else
    real_t *par = params, *mo = state, *vo = state + P;
#endif
    int *idx = m.idx;
    if (shuffle)                       /* Fisher-Yates with R's RNG */
        for (int i = n - 1; i > 0; i--) {
            int j = (int) R_unif_index(i + 1.0), tmp = idx[i];
            idx[i] = idx[j]; idx[j] = tmp;
        }
    if (reset) memset(m.st, 0, sizeof(real_t) * net_state_size(L, m.C));
    m.w.state_in = reset ? m.st : NULL;
    double total = 0, rows = 0;
    for (int r0 = 0; r0 < n; r0 += m.C) {
        int B = n - r0 < m.C ? n - r0 : m.C;
        RT(gather_rows)(x, n, T, p, idx + r0, B, m.xb);
        RT(gather_rows)(y, n, Ty, ky, idx + r0, B, m.yb);
        RT(zero_fill)(&L->exec, m.grad, P);
        if (reset) RT(reset_state)(L, reset + r0, B, m.st);
        RT(net_forward)(L, &m.w, par, m.xb, B, T);
        double value = RT(loss_eval)(loss, L->s.out_act, B * Ty, k, ky, m.w.logits, m.w.out,
                                     m.yb, m.w.keep, m.w.dz);
        RT(net_backward)(L, &m.w, par, m.xb, B, T, m.grad);
        if (reset) RT(keep_state)(L, &m.w, B, T, m.st);
        double norm = RT(grad_clip)(&L->exec, m.grad, P, o->clip);
        if (!isfinite(value) || !isfinite(norm)) {
            res.diverged = 1;
            break;
        }
        RT(optim_step)(&L->exec, o, par, m.grad, mo, vo, state + 2 * P, P);
        double w = RT(batch_rows)(&m.w, B, Ty);
        total += value * w;
        rows += w;
        res.batches++;
        R_CheckUserInterrupt();
    }
#if REAL_FLOAT
    RT(to_double)(params, par, P);
    RT(to_double)(state, m.mom, 2 * P);
#endif
    res.loss = res.diverged ? NAN : total / rows;
    scratch_release(&m.sc);
    return res;
}

const net_driver RT(net_driver) = {
    RT(net_scratch_size), RT(net_predict), RT(net_gradients), RT(net_evaluate),
    RT(net_step), RT(net_train_epoch)
};

#endif /* REAL_BODY */

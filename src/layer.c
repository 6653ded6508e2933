/* One direction of one recurrent layer over a whole sequence: the GEMMs around the
 * cell's pointwise step. The block (layer_block in recurrent.h, shapes per field)
 * holds the input x [T][B][in], the weights and the caches ax [T][B][GH],
 * ex [T][B][EH], hs [T][B][H] (see recurrent.h for the [T][B][K] layout).
 * A reverse block walks t = T-1 .. 0 but stores everything at the true t, so
 * the merge with the forward direction is a plain elementwise operation. */
#ifndef REAL_BODY
#include <string.h>
#include "recurrent.h"

/* Runs BODY over the batch split into contiguous sample ranges [b0, b0 + nb),
 * one per thread, when the step is large enough to repay waking the threads.
 * Cells are pointwise per sample, so every element is computed exactly as in
 * the serial loop: results do not depend on the thread count. */
#define CELL_CHUNKS(e, B, GH, BODY) \
    PARALLEL_RANGES(e, B, (double) (B) * (GH), { int b0 = (int) lo; int nb = (int) len; BODY })

/* Within a layer the samples are independent: sample b's step t reads only
 * its own h_{t-1}, cell state, caches and gradients. So with more than one
 * thread each takes a contiguous range of samples [b0, b0 + nb) through the
 * whole time loop (CALL, which sees b0, nb and its thread's packing buffer
 * `scratch`): its products run on gemm.c on one thread, its cells on its own
 * samples, and the threads meet once, at the end, instead of twice per step.
 * Every value is computed as in the serial loop (a column of a product does
 * not depend on the others, a cell on other samples), so results do not
 * depend on the number of threads. Otherwise (one thread, a loop too small,
 * or products R's BLAS computes for the whole batch) CALL runs once with the
 * whole batch and scratch NULL: each product on the call's threads. */
#define SAMPLE_MIN_WORK 1048576.0     /* multiply-adds of the loop's products */
#ifdef _OPENMP
#define SAMPLE_RANGES(e, pm, B, work, w, CALL) do {                               \
    int nt_ = RT(sample_threads)(e, pm, B, work, w);                              \
    if (nt_ < 2) {                                                                \
        int b0 = 0, nb = (B);                                                     \
        real_t *scratch = NULL;                                                   \
        CALL;                                                                     \
    } else {                                                                      \
        _Pragma("omp parallel for num_threads(nt_) schedule(static)")             \
        for (int c_ = 0; c_ < nt_; c_++) {                                        \
            int b0 = (int) ((long) (B) * c_ / nt_);                               \
            int nb = (int) ((long) (B) * (c_ + 1) / nt_) - b0;                    \
            real_t *scratch = (w)->tscratch + (w)->tscratch_len * c_;             \
            CALL;                                                                 \
        }                                                                         \
    }                                                                             \
} while (0)
#else
#define SAMPLE_RANGES(e, pm, B, work, w, CALL) do {                               \
    int b0 = 0, nb = (B);                                                         \
    real_t *scratch = NULL;                                                       \
    (void) (work);                                                                \
    CALL;                                                                         \
} while (0)
#endif

#define REAL_SELF "layer.c"
#include "real.h"

#else /* REAL_BODY */

/* C[:, j] = b for each of the n columns of an m x n matrix (a copy is cheap:
   a few columns per thread do not repay the threads). */
static void RT(fill_columns)(const exec_config *e, int m, int n, const real_t *b, real_t *C)
{
    PARALLEL_RANGES(e, n, (double) m * n / 16, {
        for (size_t j = lo; j < lo + len; j++) memcpy(C + (size_t) m * j, b, sizeof(real_t) * m);
    });
}

/* One step's pointers for a range of samples: the cell arrays at step t, the
   previous state, and (backward) the gradients. Offsets are per sample. */
typedef struct {
    const RT(cell_ops) *ops;
    int H, GH, EH, act, reverse, t;
    int first;                                /* backward: step t has no previous step */
    const int *len;
    real_t *ax, *ex, *h;                      /* forward: written */
    const real_t *ax_c, *ex_c, *h_c;          /* backward: the forward's caches */
    real_t *dax, *dah, *dh_direct, *carry, *dprev;
    const real_t *ah, *ex_prev, *h_prev, *dh;
} RT(step_ctx);

static int RT(is_real)(const RT(step_ctx) *c, int b) { return !c->len || c->t < c->len[b]; }

/* Forward of samples [b0, b0 + nb) at one step. Padded samples skip the cell:
   a forward direction copies its previous state, a reverse one stays at zero. */
static void RT(step_forward)(const RT(step_ctx) *c, int b0, int nb)
{
    const int H = c->H, GH = c->GH, EH = c->EH;
    for (int b = b0; b < b0 + nb;) {
        int r = b;
        while (r < b0 + nb && RT(is_real)(c, r) == RT(is_real)(c, b)) r++;
        if (RT(is_real)(c, b)) {
            c->ops->forward(r - b, H, c->act, c->ax + (size_t) GH * b, c->ah + (size_t) GH * b,
                            c->ex + (size_t) EH * b, c->ex_prev + (size_t) EH * b,
                            c->h_prev + (size_t) H * b, c->h + (size_t) H * b);
        } else if (c->reverse) {
            memset(c->h + (size_t) H * b, 0, sizeof(real_t) * H * (r - b));
            memset(c->ex + (size_t) EH * b, 0, sizeof(real_t) * EH * (r - b));
        } else {
            memcpy(c->h + (size_t) H * b, c->h_prev + (size_t) H * b,
                   sizeof(real_t) * H * (r - b));
            memcpy(c->ex + (size_t) EH * b, c->ex_prev + (size_t) EH * b,
                   sizeof(real_t) * EH * (r - b));
        }
        b = r;
    }
}

/* Backward of samples [b0, b0 + nb) at one step. Padded samples get no gate
   gradient; a forward direction passes dL/dh_t on to h_{t-1} (h_t = h_{t-1})
   and keeps its cell-state carry, a reverse one (constant zero state) passes
   nothing. */
static void RT(step_backward)(const RT(step_ctx) *c, int b0, int nb)
{
    const int H = c->H, GH = c->GH, EH = c->EH, split = c->ops->split_hh;
    for (int b = b0; b < b0 + nb;) {
        int r = b;
        while (r < b0 + nb && RT(is_real)(c, r) == RT(is_real)(c, b)) r++;
        size_t k = (size_t) (r - b);
        if (RT(is_real)(c, b)) {
            c->ops->backward(r - b, H, c->act, c->dh + (size_t) H * b, c->ax_c + (size_t) GH * b,
                             c->ex_c + (size_t) EH * b, c->ex_prev + (size_t) EH * b,
                             c->h_c + (size_t) H * b, c->h_prev + (size_t) H * b,
                             c->carry + (size_t) H * b, c->dax + (size_t) GH * b,
                             c->dah + (size_t) GH * b, c->dh_direct + (size_t) H * b);
        } else {
            memset(c->dax + (size_t) GH * b, 0, sizeof(real_t) * GH * k);
            if (split) {
                memset(c->dah + (size_t) GH * b, 0, sizeof(real_t) * GH * k);
                memset(c->dh_direct + (size_t) H * b, 0, sizeof(real_t) * H * k);
            }
            if (!c->reverse && !c->first)
                for (size_t i = (size_t) H * b; i < (size_t) H * r; i++)
                    c->dprev[i] += c->dh[i];
        }
        b = r;
    }
}

/* Threads for SAMPLE_RANGES: the call's threads, at most one per sample and
   per packing buffer the workspace holds, when the loop has SAMPLE_MIN_WORK
   multiply-adds and its products go to gemm.c (as they would for the whole
   batch: R's BLAS keeps the whole batch on this thread); else 1. */
static int RT(sample_threads)(const exec_config *e, const RT(packed_mat) *pm, int B,
                              double work, const RT(workspace) *w)
{
    int nt = exec_threads(e);
    if (nt > B) nt = B;
    if (nt > w->tscratch_threads) nt = w->tscratch_threads;
    if (nt < 2 || work < SAMPLE_MIN_WORK || !pm->pa ||
        !RT(mm_uses_gemm)(e, pm->m, B, pm->k))
        return 1;
    return nt;
}

/* The product of a step for samples [b0, b0 + nb): C [m x nb] += op(W) [m x k]
   * X [k x nb], with the packed W. scratch: this thread's packing buffer (a
   range of samples on a thread of its own: gemm.c on one thread); NULL: the
   whole batch on the calling thread, through mm_packed (threads, R's BLAS). */
static void RT(step_product)(const exec_config *e, const RT(packed_mat) *pm, int nb,
                             const real_t *X, int ldx, real_t *C, int ldc, real_t *scratch)
{
    if (scratch)
        RT(mm_packed_on)(pm, nb, 1, X, ldx, 1, C, ldc, scratch);
    else
        RT(mm_packed)(e, pm, nb, 1, X, ldx, 1, C, ldc);
}

/* Steps 0..T-1 of the forward for samples [b0, b0 + nb) (see SAMPLE_RANGES). */
static void RT(forward_steps)(const exec_config *e, const RT(layer_block) *blk,
                              RT(workspace) *w, const RT(packed_mat) *whh, int b0, int nb,
                              real_t *scratch)
{
    const RT(cell_ops) *ops = blk->ops;
    const int B = blk->B, T = blk->T, H = blk->H, reverse = blk->reverse;
    const int GH = ops->gates * H, EH = ops->extra * H;
    const size_t sa = (size_t) B * GH, se = (size_t) B * EH, sh = (size_t) B * H;
    real_t *ax = blk->ax, *ex = blk->ex, *hs = blk->hs, *ah = w->ah;
    for (int s = 0; s < T; s++) {
        int t = reverse ? T - 1 - s : s, tp = reverse ? t + 1 : t - 1;
        const real_t *h_prev = s ? hs + sh * tp : blk->h0 ? blk->h0 : w->zeros;
        const real_t *ex_prev = s ? ex + se * tp : blk->ex0 ? blk->ex0 : w->zeros;
        real_t *axt = ax + sa * t;
        /* recurrence: W_hh [GH x H] * h_prev [H x B], into ax_t or into ah */
        const int recur = s || blk->h0;   /* a non-zero previous state */
        const real_t *hp = h_prev + (size_t) H * b0;
        if (ops->split_hh) {
            for (int b = b0; b < b0 + nb; b++)
                memcpy(ah + (size_t) GH * b, blk->b_hh, sizeof(real_t) * GH);
            if (recur) RT(step_product)(e, whh, nb, hp, H, ah + (size_t) GH * b0, GH, scratch);
        } else if (recur) {
            RT(step_product)(e, whh, nb, hp, H, axt + (size_t) GH * b0, GH, scratch);
        }
        RT(step_ctx) c = { .ops = ops, .H = H, .GH = GH, .EH = EH, .act = blk->act,
                           .reverse = reverse, .t = t, .first = !s, .len = blk->len,
                           .ax = axt, .ex = ex + se * t, .h = hs + sh * t, .ah = ah,
                           .ex_prev = ex_prev, .h_prev = h_prev };
        if (scratch) RT(step_forward)(&c, b0, nb);
        else CELL_CHUNKS(e, B, GH, { RT(step_forward)(&c, b0, nb); });
    }
}

/* Steps T-1..0 of the backward for samples [b0, b0 + nb) (see SAMPLE_RANGES). */
static void RT(backward_steps)(const exec_config *e, const RT(layer_block) *blk,
                               const RT(layer_grad) *g, RT(workspace) *w,
                               const RT(packed_mat) *whht, int b0, int nb, real_t *scratch)
{
    const RT(cell_ops) *ops = blk->ops;
    const int B = blk->B, T = blk->T, H = blk->H, reverse = blk->reverse;
    const int GH = ops->gates * H, EH = ops->extra * H;
    const size_t sa = (size_t) B * GH, se = (size_t) B * EH, sh = (size_t) B * H;
    const real_t *ax = blk->ax, *ex = blk->ex, *hs = blk->hs;
    real_t *dhs = g->dhs, *dax = blk->ax, *dah = ops->split_hh ? w->dah : dax;
    for (int s = T - 1; s >= 0; s--) {
        int t = reverse ? T - 1 - s : s, tp = reverse ? t + 1 : t - 1;
        /* the first step reads the state it started from (truncated BPTT:
           no gradient flows into that state) */
        const real_t *h_prev = s ? hs + sh * tp : blk->h0 ? blk->h0 : w->zeros;
        const real_t *ex_prev = s ? ex + se * tp : blk->ex0 ? blk->ex0 : w->zeros;
        RT(step_ctx) c = { .ops = ops, .H = H, .GH = GH, .EH = EH, .act = blk->act,
                           .reverse = reverse, .t = t, .first = !s, .len = blk->len,
                           .ax_c = ax + sa * t, .ex_c = ex + se * t, .h_c = hs + sh * t,
                           .dax = dax + sa * t, .dah = dah + sa * t,
                           .dh_direct = w->dh_direct, .carry = w->carry,
                           .dprev = s ? dhs + sh * tp : NULL, .ex_prev = ex_prev,
                           .h_prev = h_prev, .dh = dhs + sh * t };
        if (scratch) RT(step_backward)(&c, b0, nb);
        else CELL_CHUNKS(e, B, GH, { RT(step_backward)(&c, b0, nb); });
        if (s) {
            /* dL/dh_{t-1} += W_hh^T [H x GH] * dah_t [GH x B] (+ the direct path) */
            real_t *dprev = dhs + sh * tp + (size_t) H * b0;
            RT(step_product)(e, whht, nb, dah + sa * t + (size_t) GH * b0, GH, dprev, H,
                             scratch);
            if (ops->split_hh) {
                const real_t *dd = w->dh_direct + (size_t) H * b0;
                for (size_t i = 0; i < (size_t) H * nb; i++) dprev[i] += dd[i];
            }
        }
    }
}

void RT(layer_forward)(const exec_config *e, const RT(layer_block) *blk,
                       RT(workspace) *w)
{
    const RT(cell_ops) *ops = blk->ops;
    const int B = blk->B, T = blk->T, in = blk->in, H = blk->H;
    const real_t *x = blk->x, *w_ih = blk->w_ih, *w_hh = blk->w_hh, *b_ih = blk->b_ih,
                 *b_hh = blk->b_hh;
    real_t *ax = blk->ax, *ah = w->ah;
    const int GH = ops->gates * H;

    /* input projection of all steps at once: ax = W_ih [GH x in] * X [in x T*B]
       + b_ih, and + b_hh too when the cell adds the recurrent term to the same
       pre-activation (LSTM, RNN); GRU keeps W_hh h + b_hh apart (reset gate). */
    if (ops->split_hh) {
        RT(fill_columns)(e, GH, T * B, b_ih, ax);
    } else {
        for (int g = 0; g < GH; g++) ah[g] = b_ih[g] + b_hh[g];
        RT(fill_columns)(e, GH, T * B, ah, ax);
    }
    RT(mm)(e, 'N', 'N', GH, T * B, in, 1.0, w_ih, GH, x, in, 1.0, ax, GH);

    RT(packed_mat) whh;                /* W_hh [GH x H], reused at every step */
    RT(pack_mat)(e, &whh, 'N', GH, H, w_hh, GH, w->pack);
    SAMPLE_RANGES(e, &whh, B, (double) T * B * GH * H, w,
                  RT(forward_steps)(e, blk, w, &whh, b0, nb, scratch));
}

/* g->dhs [T][B][H] holds dL/dh_t from above (merge/head); it is used as the
 * running total dL/dh_t and is overwritten. g->dx [T][B][in] (may be NULL)
 * receives (g->dx_accumulate: += ) dL/dx. Weight gradients are accumulated. */
void RT(layer_backward)(const exec_config *e, const RT(layer_block) *blk,
                        const RT(layer_grad) *g, RT(workspace) *w)
{
    const RT(cell_ops) *ops = blk->ops;
    const int B = blk->B, T = blk->T, in = blk->in, H = blk->H, reverse = blk->reverse;
    const real_t *x = blk->x, *w_ih = blk->w_ih, *w_hh = blk->w_hh, *hs = blk->hs;
    real_t *dx = g->dx;
    const int GH = ops->gates * H;
    const size_t sa = (size_t) B * GH, sh = (size_t) B * H;
    /* the gradient of step t replaces its gate cache, which only step t reads */
    real_t *dax = blk->ax, *dah = ops->split_hh ? w->dah : dax;

    memset(w->carry, 0, sizeof(real_t) * sh);
    RT(packed_mat) whht;               /* W_hh^T [H x GH], reused at every step */
    RT(pack_mat)(e, &whht, 'T', H, GH, w_hh, GH, w->pack);
    SAMPLE_RANGES(e, &whht, B, (double) T * B * GH * H, w,
                  RT(backward_steps)(e, blk, g, w, &whht, b0, nb, scratch));

    /* weight gradients of all steps in one GEMM each */
    RT(mm)(e, 'N', 'T', GH, in, T * B, 1.0, dax, GH, x, in, 1.0, g->w_ih, GH);
    /* one pass when the two biases have the same gradient (dah is dax) */
    RT(add_row_sums)(e, GH, T * B, dax, g->b_ih, dah == dax ? g->b_hh : NULL);
    if (dah != dax) RT(add_row_sums)(e, GH, T * B, dah, g->b_hh, NULL);
    /* step t pairs dah_t with h_{t-1} (forward) or h_{t+1} (reverse); the first
       processed step pairs with the state it started from: nothing for the
       zero state, dah_0 [GH x B] * h0^T [B x H] for a carried one (forward
       directions only carry one) */
    if (T > 1) {
        const real_t *d0 = reverse ? dah : dah + sa;
        const real_t *h0 = reverse ? hs + sh : hs;
        RT(mm)(e, 'N', 'T', GH, H, (T - 1) * B, 1.0, d0, GH, h0, H, 1.0, g->w_hh, GH);
    }
    if (blk->h0 && !reverse)
        RT(mm)(e, 'N', 'T', GH, H, B, 1.0, dah, GH, blk->h0, H, 1.0, g->w_hh, GH);
    if (dx)
        RT(mm)(e, 'T', 'N', in, T * B, GH, 1.0, w_ih, GH, dax, GH,
               g->dx_accumulate ? 1.0 : 0.0, dx, in);
}

#endif /* REAL_BODY */

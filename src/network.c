/* The whole network on one batch: stacked (and bidirectional) layers, the merge
 * of the two directions, inverted dropout between layers, the dense head.
 * Shapes: T steps, B samples, H hidden units, D = width of a layer's merged
 * output (2H for a concat-merged bidirectional layer, else H), N = B head rows,
 * or T*B with return_seq. The layout and the scratch carving do not depend on
 * the precision; the rest is one body for both (real.h). */
#ifndef REAL_BODY
#include <stdint.h>
#include <string.h>
#include <R_ext/Random.h>
#include "recurrent.h"
#include "gemm.h"

int net_layout_init(net_layout *L, const net_spec *s)
{
    memset(L, 0, sizeof *L);
    L->s = *s;
    L->ops_d = cell_ops_for_d(s->cell);
    L->ops_f = cell_ops_for_f(s->cell);
    if (!L->ops_d || s->input_size < 1 || s->hidden < 1 || s->output_size < 1 ||
        s->layers < 1 || s->dirs < 1 || s->dirs > 2 ||
        s->layers * s->dirs > MAX_BLOCKS || s->merge < 0 || s->merge > MERGE_MUL ||
        s->out_act < 0 || s->out_act > OUT_SOFTMAX || s->vocab < 0 ||
        (s->precision != PREC_DOUBLE && s->precision != PREC_SINGLE))
        return -1;
    int H = s->hidden;
    L->gh = L->ops_d->gates * H;
    L->eh = L->ops_d->extra * H;
    L->d_layer = (s->dirs == 2 && s->merge == MERGE_CONCAT) ? 2 * H : H;
    L->x_width = s->vocab ? 1 : s->input_size;
    L->y_width = s->output_size;
    size_t o = 0;
    L->emb = o; o += (size_t) s->vocab * s->input_size;
    for (int l = 0; l < s->layers; l++) {
        int in = l ? L->d_layer : s->input_size;
        for (int d = 0; d < s->dirs; d++) {
            layer_offsets *f = &L->off[l * s->dirs + d];
            f->in = in;
            f->w_ih = o; o += (size_t) L->gh * in;
            f->w_hh = o; o += (size_t) L->gh * H;
            f->b_ih = o; o += L->gh;
            f->b_hh = o; o += L->gh;
        }
    }
    L->head_w = o; o += (size_t) s->output_size * L->d_layer;
    L->head_b = o; o += s->output_size;
    L->n_params = o;
    return 0;
}

/* Pieces start on 64-byte boundaries: the arena is over-allocated by
   SCRATCH_ALIGN bytes so its first aligned address can be the start. */
#define SCRATCH_ALIGN 64

/* Under AddressSanitizer (`make sanitize`) every piece is followed by a
   poisoned guard, so a kernel that overruns its buffer into the next one is
   reported as it would be with separate allocations; scratch_release()
   unpoisons the block before R gets it back. */
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#define SCRATCH_GUARD SCRATCH_ALIGN
#else
#define SCRATCH_GUARD 0
#define ASAN_POISON_MEMORY_REGION(p, n) ((void) (p), (void) (n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void) (p), (void) (n))
#endif

void scratch_init(scratch *s, double *mem)
{
    s->base = (char *) mem;
    s->used = mem ? (SCRATCH_ALIGN - (uintptr_t) mem % SCRATCH_ALIGN) % SCRATCH_ALIGN : 0;
}

void *scratch_bytes(scratch *s, size_t bytes)
{
    char *p = s->base ? s->base + s->used : NULL;
    /* at least one line, so no piece is empty */
    size_t len = (bytes ? bytes + SCRATCH_ALIGN - 1 : SCRATCH_ALIGN) / SCRATCH_ALIGN *
                 SCRATCH_ALIGN;
    if (p) ASAN_POISON_MEMORY_REGION(p + len, SCRATCH_GUARD);
    s->used += len + SCRATCH_GUARD;
    return p;
}

size_t scratch_size(const scratch *s)
{
    return (s->used + SCRATCH_ALIGN + sizeof(double) - 1) / sizeof(double);
}

void scratch_release(const scratch *s)
{
    if (s->base) ASAN_UNPOISON_MEMORY_REGION(s->base, s->used);
}

/* Time index whose state is the direction's final one: T-1 forward, 0 reverse.
   With padding too: a forward direction keeps its state over a sample's padded
   steps, so step T-1 holds the state after the sample's last token. */
static int final_step(int dir, int T) { return dir ? 0 : T - 1; }

#define REAL_SELF "network.c"
#include "real.h"

#else /* REAL_BODY */

const RT(cell_ops) *RT(cell_ops_for)(int cell)
{
    switch (cell) {
    case CELL_RNN: return &RT(rnn_cell_ops);
    case CELL_LSTM: return &RT(lstm_cell_ops);
    case CELL_GRU: return &RT(gru_cell_ops);
    default: return NULL;
    }
}

static int RT(has_dropout)(const net_layout *L, const RT(workspace) *w, int l)
{
    return w->training && L->s.dropout > 0 && l < L->s.layers - 1;
}

void RT(workspace_carve)(RT(workspace) *w, const net_layout *L, int B, int T,
                         int training, int backward, scratch *sc)
{
    const net_spec *s = &L->s;
    const int H = s->hidden, GH = L->gh, EH = L->eh, D = L->d_layer;
    const size_t tb = (size_t) T * B;
    const size_t N = s->return_seq ? tb : (size_t) B;
    const size_t nz = (size_t) B * (EH > H ? EH : H);
    memset(w, 0, sizeof *w);
    w->B = B; w->T = T; w->training = training; w->backward = backward;
    for (int l = 0; l < s->layers; l++) {
        for (int d = 0; d < s->dirs; d++) {
            int k = l * s->dirs + d;
            w->ax[k] = SCRATCH_TAKE(sc, tb * GH, real_t);
            w->ex[k] = SCRATCH_TAKE(sc, tb * EH, real_t);
            w->hs[k] = SCRATCH_TAKE(sc, tb * H, real_t);
        }
        int drop = RT(has_dropout)(L, w, l);
        w->y[l] = (s->dirs == 1 && !drop) ? w->hs[l] : SCRATCH_TAKE(sc, tb * D, real_t);
        w->mask[l] = drop ? SCRATCH_TAKE(sc, tb * D, real_t) : NULL;
    }
    w->summary_buf = SCRATCH_TAKE(sc, (size_t) B * D, real_t);
    w->logits = SCRATCH_TAKE(sc, N * s->output_size, real_t);
    w->out = SCRATCH_TAKE(sc, N * s->output_size, real_t);
    w->ah = SCRATCH_TAKE(sc, (size_t) B * GH, real_t);
    size_t pf = RT(pack_size)(GH, H), pb = backward ? RT(pack_size)(H, GH) : 0;
    w->pack = SCRATCH_TAKE(sc, pf > pb ? pf : pb, real_t);
    /* gemm.c's packing buffers for the largest product of the run (linalg.c
       grows them by R_alloc if one ever needs more): in the arena, so epochs
       after the first touch no fresh memory */
    const int out = s->output_size, th = L->exec.threads_max;
    const int TB = T * B, N1 = (int) N, D1 = D;
    size_t g = 0, z;
#define GEMM_NEED(m, n, k) if ((z = RT(gemm_scratch_size)(m, n, k, th)) > g) g = z
    for (int l = 0; l < s->layers; l++) {
        int in = L->off[l * s->dirs].in;
        GEMM_NEED(GH, TB, in);
        GEMM_NEED(GH, B, H);
        if (backward) {
            GEMM_NEED(H, B, GH);
            GEMM_NEED(GH, in, TB);
            GEMM_NEED(GH, H, TB - B);
            GEMM_NEED(in, TB, GH);
        }
    }
    GEMM_NEED(out, N1, D1);
    if (backward) {
        GEMM_NEED(out, D1, N1);
        GEMM_NEED(D1, N1, out);
    }
#undef GEMM_NEED
    w->gemm = SCRATCH_TAKE(sc, g, real_t);
    w->gemm_len = g;
    /* a packing buffer per thread for the time loops split by samples: the
       step products of the whole batch bound those of a range of it */
    size_t ts = RT(gemm_scratch_size)(GH, B, H, 1), tsb;
    if (backward && (tsb = RT(gemm_scratch_size)(H, B, GH, 1)) > ts) ts = tsb;
    w->tscratch_threads = th > 1 ? th : 0;
    w->tscratch_len = ts;
    w->tscratch = SCRATCH_TAKE(sc, ts * w->tscratch_threads, real_t);
    w->zeros = SCRATCH_TAKE(sc, nz, real_t);
    if (w->zeros) memset(w->zeros, 0, sizeof(real_t) * nz);
    if (s->vocab) {
        w->emb_x = SCRATCH_TAKE(sc, tb * s->input_size, real_t);
        w->demb = backward ? SCRATCH_TAKE(sc, tb * s->input_size, real_t) : NULL;
        w->len = SCRATCH_TAKE(sc, B, int);
        w->keep = s->return_seq ? SCRATCH_TAKE(sc, tb, real_t) : NULL;
    }
    if (backward) {
        w->dz = SCRATCH_TAKE(sc, N * s->output_size, real_t);
        /* dL/d(layer output) of every step: the head's (return_seq) and those
           between layers */
        w->dbuf[0] = s->return_seq || s->layers > 1 ? SCRATCH_TAKE(sc, tb * D, real_t) : NULL;
        w->dbuf[1] = s->layers > 1 ? SCRATCH_TAKE(sc, tb * D, real_t) : NULL;
        w->dsummary = SCRATCH_TAKE(sc, (size_t) B * D, real_t);
        w->dhs = SCRATCH_TAKE(sc, tb * H, real_t);
        /* dL/d(gate pre-activation) goes into each block's ax (layer.c); a
           split_hh cell's second one needs room of its own */
        w->dah = L->RT(ops)->split_hh ? SCRATCH_TAKE(sc, tb * GH, real_t) : NULL;
        w->dh_direct = SCRATCH_TAKE(sc, (size_t) B * H, real_t);
        w->carry = SCRATCH_TAKE(sc, (size_t) B * H, real_t);
    }
}

/* y [M][D] = merge(f, b), f and b [M][H]. */
static void RT(merge_forward)(int merge, size_t M, int H, const real_t *f,
                              const real_t *b, real_t *y)
{
    if (merge == MERGE_CONCAT) {
        for (size_t m = 0; m < M; m++) {
            memcpy(y + 2 * H * m, f + H * m, sizeof(real_t) * H);
            memcpy(y + 2 * H * m + H, b + H * m, sizeof(real_t) * H);
        }
        return;
    }
    size_t n = M * H;
    for (size_t i = 0; i < n; i++) {
        switch (merge) {
        case MERGE_SUM: y[i] = f[i] + b[i]; break;
        case MERGE_AVE: y[i] = (real_t) 0.5 * (f[i] + b[i]); break;
        default: y[i] = f[i] * b[i]; break;
        }
    }
}

/* dh [M][H] = dL/d(direction dir's h) given dy [M][D] = dL/dy and the other
   direction's states other [M][H] (needed by mul). */
static void RT(merge_backward)(int merge, int dir, size_t M, int H, const real_t *dy,
                               const real_t *other, real_t *dh)
{
    if (merge == MERGE_CONCAT) {
        for (size_t m = 0; m < M; m++)
            memcpy(dh + H * m, dy + 2 * H * m + (size_t) H * dir, sizeof(real_t) * H);
        return;
    }
    size_t n = M * H;
    for (size_t i = 0; i < n; i++) {
        switch (merge) {
        case MERGE_SUM: dh[i] = dy[i]; break;
        case MERGE_AVE: dh[i] = (real_t) 0.5 * dy[i]; break;
        default: dh[i] = dy[i] * other[i]; break;
        }
    }
}

/* Block k = l * dirs + d of the network on the layer input x [T][B][in]: its
   weights in params, its caches in w. */
static RT(layer_block) RT(block_at)(const net_layout *L, RT(workspace) *w,
                                    const real_t *params, int k, const real_t *x, int B,
                                    int T)
{
    const layer_offsets *o = &L->off[k];
    RT(layer_block) b = {
        .ops = L->RT(ops), .act = L->s.act, .reverse = k % L->s.dirs,
        .B = B, .T = T, .in = o->in, .H = L->s.hidden, .x = x,
        .w_ih = params + o->w_ih, .w_hh = params + o->w_hh,
        .b_ih = params + o->b_ih, .b_hh = params + o->b_hh,
        .ax = w->ax[k], .ex = w->ex[k], .hs = w->hs[k], .len = w->len
    };
    if (w->state_in) {                 /* unidirectional: k is the layer */
        const int H = L->s.hidden, EH = L->eh;
        b.h0 = w->state_in + (size_t) k * B * (H + EH);
        b.ex0 = b.h0 + (size_t) B * H;
    }
    return b;
}

void RT(net_forward)(const net_layout *L, RT(workspace) *w, const real_t *params,
                     const real_t *x, int B, int T)
{
    const net_spec *s = &L->s;
    const int H = s->hidden, D = L->d_layer, out = s->output_size;
    const size_t tb = (size_t) T * B, sh = (size_t) B * H;
    const real_t *in = x;

    if (s->vocab) {
        RT(embed_forward)(x, T, B, params + L->emb, s->vocab, s->input_size, w->emb_x,
                          w->len, w->keep);
        in = w->emb_x;
    }
    for (int l = 0; l < s->layers; l++) {
        for (int d = 0; d < s->dirs; d++) {
            RT(layer_block) b = RT(block_at)(L, w, params, l * s->dirs + d, in, B, T);
            RT(layer_forward)(&L->exec, &b, w);
        }
        real_t *y = w->y[l];
        if (s->dirs == 2)
            RT(merge_forward)(s->merge, tb, H, w->hs[2 * l], w->hs[2 * l + 1], y);
        else if (y != w->hs[l])
            memcpy(y, w->hs[l], sizeof(real_t) * tb * H);
        if (w->mask[l]) {
            /* inverted dropout: keep with probability 1-p and scale by 1/(1-p) */
            real_t keep = 1 / (1 - s->dropout);
            size_t n = tb * D;
            for (size_t i = 0; i < n; i++) {
                w->mask[l][i] = unif_rand() < s->dropout ? 0 : keep;
                y[i] *= w->mask[l][i];
            }
        }
        in = y;
    }

    /* head input: every step's output, or the final states */
    const int last = s->layers - 1;
    size_t N;
    if (s->return_seq) {
        w->summary = w->y[last];
        N = tb;
    } else if (s->dirs == 1) {
        w->summary = w->hs[last] + sh * final_step(0, T);
        N = B;
    } else {
        RT(merge_forward)(s->merge, B, H, w->hs[2 * last] + sh * final_step(0, T),
                      w->hs[2 * last + 1] + sh * final_step(1, T), w->summary_buf);
        w->summary = w->summary_buf;
        N = B;
    }
    /* logits [out x N] = head.weight [out x D] * summary [D x N] + head.bias */
    const real_t *hb = params + L->head_b;
    for (size_t m = 0; m < N; m++) memcpy(w->logits + out * m, hb, sizeof(real_t) * out);
    RT(mm)(&L->exec, 'N', 'N', out, (int) N, D, 1.0, params + L->head_w, out, w->summary,
           D, 1.0, w->logits, out);
    memcpy(w->out, w->logits, sizeof(real_t) * N * out);
    RT(output_activate)(s->out_act, (int) N, out, w->out);
}

void RT(net_backward)(const net_layout *L, RT(workspace) *w, const real_t *params,
                      const real_t *x, int B, int T, real_t *grad)
{
    const net_spec *s = &L->s;
    const int H = s->hidden, D = L->d_layer, out = s->output_size, dirs = s->dirs;
    const size_t tb = (size_t) T * B, sh = (size_t) B * H;
    const int N = s->return_seq ? (int) tb : B;

    /* head: dW = dz [out x N] summary^T; db = row sums; dsummary = W^T dz */
    RT(mm)(&L->exec, 'N', 'T', out, D, N, 1.0, w->dz, out, w->summary, D, 1.0,
           grad + L->head_w, out);
    RT(add_row_sums)(&L->exec, out, N, w->dz, grad + L->head_b, NULL);
    int cur = 0;                   /* w->dbuf[cur] holds dL/d(this layer's output) */
    real_t *dtop = s->return_seq ? w->dbuf[0] : w->dsummary;
    RT(mm)(&L->exec, 'T', 'N', D, N, out, 1.0, params + L->head_w, out, w->dz, out, 0.0,
           dtop, D);

    for (int l = s->layers - 1; l >= 0; l--) {
        const int summary_only = (l == s->layers - 1) && !s->return_seq;
        const real_t *xin = l ? w->y[l - 1] : s->vocab ? w->emb_x : x;
        real_t *dx = l ? w->dbuf[1 - cur] : w->demb;
        for (int d = 0; d < dirs; d++) {
            int k = l * dirs + d;
            const real_t *other = dirs == 2 ? w->hs[l * dirs + 1 - d] : NULL;
            real_t *dhs;
            if (summary_only) {
                /* only the final state of each direction reaches the head */
                dhs = w->dhs;
                RT(zero_fill)(&L->exec, dhs, tb * H);
                real_t *dfin = dhs + sh * final_step(d, T);
                if (dirs == 1)
                    memcpy(dfin, w->dsummary, sizeof(real_t) * sh);
                else
                    RT(merge_backward)(s->merge, d, B, H, w->dsummary,
                                       other + sh * final_step(1 - d, T), dfin);
            } else if (dirs == 1) {
                dhs = w->dbuf[cur];    /* D == H: used in place */
            } else {
                dhs = w->dhs;
                RT(merge_backward)(s->merge, d, tb, H, w->dbuf[cur], other, dhs);
            }
            const layer_offsets *o = &L->off[k];
            RT(layer_block) b = RT(block_at)(L, w, params, k, xin, B, T);
            RT(layer_grad) g = {
                .dhs = dhs, .dx = dx, .dx_accumulate = d > 0,
                .w_ih = grad + o->w_ih, .w_hh = grad + o->w_hh,
                .b_ih = grad + o->b_ih, .b_hh = grad + o->b_hh
            };
            RT(layer_backward)(&L->exec, &b, &g, w);
        }
        if (l && w->mask[l - 1]) {
            const real_t *mk = w->mask[l - 1];
            size_t n = tb * D;
            for (size_t i = 0; i < n; i++) dx[i] *= mk[i];
        }
        cur = 1 - cur;
    }
    if (s->vocab)
        RT(embed_backward)(x, T, B, w->demb, s->vocab, s->input_size, grad + L->emb);
}

#endif /* REAL_BODY */

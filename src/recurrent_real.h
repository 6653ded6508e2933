/* The typed part of recurrent.h: kernels and their structs over real_t.
 * recurrent.h includes this file once per precision through real.h, so every
 * name here exists as name_d (double) and name_f (float); a kernel body (see
 * real.h) refers to its own precision's as RT(name). No include guard: it is
 * meant to be read twice. */

/* ---- cells ---------------------------------------------------------------
 * A cell is the pointwise part of one time step; the layer driver (layer.c) does
 * the GEMMs. Per step and sample the cell sees:
 *   ax [G*H]   the gate pre-activation W_ih x_t + b_ih, plus W_hh h_{t-1} + b_hh
 *              unless split_hh; overwritten with the cache the backward needs
 *              (activated gates),
 *   ah [G*H]   W_hh h_{t-1} + b_hh, given separately to split_hh cells only,
 *   ex [E*H]   extra per-step cache (LSTM: c_t, tanh c_t; GRU: W_hn h + b_hn),
 * and writes h_t [H].
 */
typedef struct RT(cell_ops) {
    int gates;      /* G: 1 rnn, 3 gru, 4 lstm */
    int extra;      /* E: extra cache per step, in units of H */
    int split_hh;   /* GRU: the W_hh gradient differs from W_ih's, and h_{t-1}
                       reaches h_t directly (not only through W_hh) */
    /* forward of one step for B samples: ax,ah [B][GH], ex,ex_prev [B][EH],
       h_prev, h [B][H] */
    void (*forward)(int B, int H, int act, real_t *ax, const real_t *ah,
                    real_t *ex, const real_t *ex_prev, const real_t *h_prev,
                    real_t *h);
    /* backward of one step. In: dh [B][H] (dL/dh_t, all paths), the forward
       caches; carry [B][H] the cell-state gradient from step t+1 (LSTM), updated
       in place for step t-1. Out: dax [B][GH] (dL/d(W_ih x + b_ih); it may be ax
       itself: a cell reads a sample's gates before it writes), dah [B][GH]
       (dL/d(W_hh h + b_hh); ignored when !split_hh, the driver uses dax),
       dh_direct [B][H] (dL/dh_{t-1} along paths that do not go through W_hh;
       written only when split_hh). */
    void (*backward)(int B, int H, int act, const real_t *dh,
                     const real_t *ax, const real_t *ex, const real_t *ex_prev,
                     const real_t *h, const real_t *h_prev, real_t *carry,
                     real_t *dax, real_t *dah, real_t *dh_direct);
} RT(cell_ops);

extern const RT(cell_ops) RT(rnn_cell_ops), RT(lstm_cell_ops), RT(gru_cell_ops);
const RT(cell_ops) *RT(cell_ops_for)(int cell);

/* ---- workspace for one batch of up to B samples and T steps ------------- */
typedef struct {
    int B, T, training, backward;
    /* per (layer, dir) block k = layer * dirs + dir: */
    real_t *ax[MAX_BLOCKS]; /* [T][B][GH] gate cache */
    real_t *ex[MAX_BLOCKS]; /* [T][B][EH] extra cell cache */
    real_t *hs[MAX_BLOCKS]; /* [T][B][H]  hidden states */
    /* per layer: */
    real_t *y[MAX_BLOCKS];  /* [T][B][D]  merged output (aliases hs when dirs == 1
                               and no dropout follows) */
    real_t *mask[MAX_BLOCKS]; /* [T][B][D] dropout scale 0 or 1/(1-p); NULL if none */
    real_t *summary_buf;    /* [B][D] merged final states (bidirectional) */
    const real_t *summary;  /* head input [N][D], N = B or T*B (set by forward) */
    real_t *logits;         /* [N][out] head pre-activation */
    real_t *out;            /* [N][out] head output after the output activation */
    /* backward scratch (NULL unless allocated with backward = 1) */
    real_t *dz;             /* [N][out] dL/dlogits */
    real_t *dbuf[2];        /* [T][B][D] dL/d(layer output), alternating by layer
                               ([0] with return_seq or layers > 1, [1] with
                               layers > 1; else NULL) */
    real_t *dsummary;       /* [B][D] */
    real_t *dhs;            /* [T][B][H] dL/dh of one direction */
    real_t *dah;            /* [T][B][GH] dL/d(W_hh h + b_hh) of split_hh cells
                               (GRU), else NULL; dL/d(W_ih x + b_ih) overwrites
                               the block's gate cache ax as the backward goes */
    real_t *dh_direct, *carry; /* [B][H] */
    /* shared */
    real_t *ah;             /* [B][GH] recurrent pre-activation of one step */
    real_t *pack;           /* packed W_hh or W_hh^T of the layer at hand */
    real_t *gemm;           /* [gemm_len] gemm.c's packing buffers (exec_state_attach) */
    size_t gemm_len;
    real_t *tscratch;       /* [tscratch_threads][tscratch_len] a packing buffer per
                               thread for the time loops split by samples (layer.c) */
    size_t tscratch_len;
    int tscratch_threads;
    real_t *zeros;          /* [B][max(EH, H)] the zero initial state */
    /* token input (vocab > 0; else NULL): ids [T][B] as real_t (exact: ids are
       at most 1e7 < 2^24), 0 = padding */
    real_t *emb_x;          /* [T][B][in] embedded ids: the first layer's input */
    real_t *demb;           /* [T][B][in] dL/d(emb_x) (backward) */
    int *len;               /* [B] real tokens per sample (set by forward) */
    real_t *keep;           /* [T][B] 1 at real steps, 0 at padded ones
                               (return_seq only): the loss mask */
    /* stateful stepping (unidirectional nets; else NULL): per layer l the
       state at l * B * (H + EH): h [B][H] then the cell cache [B][EH] */
    const real_t *state_in; /* the state before step 0, or NULL: zeros */
} RT(workspace);

/* Carves the buffers out of sc (or counts them when sc->base is NULL).
   training: dropout masks; backward: gradient scratch. */
void RT(workspace_carve)(RT(workspace) *w, const net_layout *L, int B, int T,
                         int training, int backward, scratch *sc);

/* ---- network kernels (network.c) --------------------------------------- */
/* Forward of a batch x [T][B][in]: fills w->logits and w->out ([B][out], or
   [T][B][out] with return_seq). training: dropout with masks from R's RNG
   (the caller brackets with GetRNGstate/PutRNGstate). */
void RT(net_forward)(const net_layout *L, RT(workspace) *w, const real_t *params,
                     const real_t *x, int B, int T);
/* Backward from w->dz = dL/dlogits; accumulates into grad (layout of params). */
void RT(net_backward)(const net_layout *L, RT(workspace) *w, const real_t *params,
                      const real_t *x, int B, int T, real_t *grad);

/* ---- layer driver (layer.c): one direction of one layer over the sequence */
/* One (layer, direction) block as the driver sees it; network.c points it into
   the parameters and the workspace. G gates, E extra cache units (cell_ops),
   GH = G * H, EH = E * H. */
typedef struct {
    const RT(cell_ops) *ops;
    int act;                /* ACT_* (Elman cell only) */
    int reverse;            /* 1: the backward direction, walks t = T-1 .. 0 but
                               stores everything at the true t */
    int B, T;               /* samples, steps */
    int in, H;              /* input width, hidden units */
    const real_t *x;        /* [T][B][in] layer input */
    const real_t *w_ih;     /* [GH x in]  weight_ih, column-major */
    const real_t *w_hh;     /* [GH x H]   weight_hh */
    const real_t *b_ih;     /* [GH]       bias_ih */
    const real_t *b_hh;     /* [GH]       bias_hh */
    real_t *ax;             /* [T][B][GH] gate cache, written by the forward */
    real_t *ex;             /* [T][B][EH] extra cell cache, written by the forward */
    real_t *hs;             /* [T][B][H]  hidden states, written by the forward */
    const real_t *h0;       /* [B][H] state before the first step, or NULL: 0 */
    const real_t *ex0;      /* [B][EH] cell cache before the first step, or NULL */
    const int *len;         /* [B] steps of each sample (right padding), or NULL:
                               all T. At a padded step t >= len[b] the forward
                               direction keeps its state (h_t = h_{t-1}), the
                               reverse one stays at the zero state, and no
                               gradient arises (pack_padded_sequence) */
} RT(layer_block);

/* What the backward of one block reads and writes besides the block. */
typedef struct {
    real_t *dhs;            /* [T][B][H] in: dL/dh_t from above (merge or head);
                               used as the running total dL/dh_t, overwritten */
    real_t *dx;             /* [T][B][in] out: dL/dx, or NULL (first layer) */
    int dx_accumulate;      /* 1: dx += (the second direction), 0: dx = */
    real_t *w_ih;           /* [GH x in] dL/dweight_ih, accumulated (+=) */
    real_t *w_hh;           /* [GH x H]  dL/dweight_hh, accumulated */
    real_t *b_ih;           /* [GH]      dL/dbias_ih, accumulated */
    real_t *b_hh;           /* [GH]      dL/dbias_hh, accumulated */
} RT(layer_grad);

/* Forward: fills b->ax, b->ex, b->hs; scratch from w (ah, zeros, pack). */
void RT(layer_forward)(const exec_config *e, const RT(layer_block) *b, RT(workspace) *w);
/* Backward through b (after its forward; it overwrites b->ax with the gate
   gradients, so once per forward); scratch from w (dah, carry, dh_direct,
   pack, zeros). */
void RT(layer_backward)(const exec_config *e, const RT(layer_block) *b,
                        const RT(layer_grad) *g, RT(workspace) *w);

/* ---- output activation and losses (loss.c) ------------------------------
   The dense head itself is part of net_forward()/net_backward() (network.c). */
void RT(output_activate)(int out_act, int N, int out, real_t *z);
/* Loss of the head output against targets y [N][out]; logits [N][out] are the
   pre-activation, p [N][out] the activated output. If dz != NULL writes
   dL/dlogits. Returns the loss as loss.c normalises it, as torch does: mse,
   mae and huber (delta 1) are means over all N * out elements; crossentropy
   is the mean over the N rows of -sum_k y_k log softmax(z)_k with a softmax or
   linear output, and the mean binary crossentropy over all N * out elements
   with a sigmoid output. dz carries the same normalisation. The sum over
   elements is accumulated in double in both precisions.
   keep [N] (or NULL: all rows count): rows with keep 0 (padded steps) add
   nothing, get dz = 0 and are left out of N. y is [N][out], or with
   y_width 1 (softmax crossentropy only) [N] class indices 1..out, where 0
   marks a row that is left out like a padded one (PyTorch's ignore_index). */
double RT(loss_eval)(int loss, int out_act, int N, int out, int y_width,
                     const real_t *logits, const real_t *p, const real_t *y,
                     const real_t *keep, real_t *dz);

/* ---- optimizers (optim.c) ----------------------------------------------- */
/* Global-norm clipping as torch.nn.utils.clip_grad_norm_ (the norm summed in
   double); returns the norm before clipping. */
double RT(grad_clip)(const exec_config *e, real_t *grad, size_t n, double clip);
/* One update of params [n] from grad [n]; m [n] the first moment (Adam,
   AdamW) or momentum buffer (SGD), v [n] the second moment (Adam, AdamW,
   RMSprop); *steps the number of updates so far, incremented. */
void RT(optim_step)(const exec_config *e, const optim_config *o, real_t *params,
                    const real_t *grad, real_t *m, real_t *v, double *steps, size_t n);

/* ---- data movement (batch.c) ------------------------------------------- */
/* Token input: ids [T][B] (0 = padding) -> e [T][B][E] rows of the
   embedding table [V x E] (column-major; zeros for padding), len [B] the real
   tokens per sample and, if keep != NULL, keep [T][B] = 1 at real steps. */
void RT(embed_forward)(const real_t *ids, int T, int B, const real_t *table, int V,
                       int E, real_t *e, int *len, real_t *keep);
/* dtable [V x E] += the rows de [T][B][E] of the real tokens, in (t, b) order. */
void RT(embed_backward)(const real_t *ids, int T, int B, const real_t *de, int V,
                        int E, real_t *dtable);
/* Gathers rows idx[0..B) of an R array x [n, T, p] (column-major doubles)
   into [T][B][p] (rounded to real_t). */
void RT(gather_rows)(const double *x, int n, int T, int p, const int *idx, int B,
                     real_t *out);
/* Scatters [T][B][k] back into rows [row0, row0 + B) of an R array [n, T, k]. */
void RT(scatter_rows)(const real_t *src, int B, int T, int k, double *out, int n,
                      int row0);
/* x [n] = 0, on the call's threads when n is large. */
void RT(zero_fill)(const exec_config *e, real_t *x, size_t n);
/* dst [n] = src [n], converted (rounded to float in the float pass). */
void RT(from_double)(real_t *dst, const double *src, size_t n);
void RT(to_double)(double *dst, const real_t *src, size_t n);

/* ---- vectorised elementwise math (vmath.c), in place ------------------- */
void RT(vec_sigmoid)(real_t *x, size_t n);
void RT(vec_tanh)(real_t *x, size_t n);
/* Test harness (rec_vmath_r): x [n] doubles, in place, through vec_sigmoid
   (which 0) or vec_tanh (1) of this precision (float: rounded, widened). */
void RT(vmath_check)(double *x, size_t n, int which);

/* ---- matrix products (linalg.c), column-major ---------------------------- */
/* C = alpha * op(A) op(B) + beta * C, op(A) m x k, op(B) k x n. */
void RT(mm)(const exec_config *e, char ta, char tb, int m, int n, int k, real_t alpha,
            const real_t *A, int lda, const real_t *B, int ldb, real_t beta, real_t *C,
            int ldc);
/* A weight matrix packed once for many products with it (the recurrent
   weights, used at every time step). With R's BLAS it simply remembers A. */
typedef struct {
    char ta;
    int m, k, lda;
    const real_t *A;
    real_t *pa;             /* packed copy (gemm.c's layout), or NULL */
} RT(packed_mat);
/* Whether mm() computes a product of this shape with gemm.c (not R's BLAS). */
int RT(mm_uses_gemm)(const exec_config *e, int m, int n, int k);
/* Packs op(A) [m x k] into buf (at least pack_size(m, k) elements). */
size_t RT(pack_size)(int m, int k);
void RT(pack_mat)(const exec_config *e, RT(packed_mat) *p, char ta, int m, int k,
                  const real_t *A, int lda, real_t *buf);
/* C [m x n] = alpha * op(A) * B [k x n] + beta * C. */
void RT(mm_packed)(const exec_config *e, const RT(packed_mat) *p, int n, real_t alpha,
                   const real_t *B, int ldb, real_t beta, real_t *C, int ldc);
/* The same on this thread alone, with gemm.c and the caller's packing buffer
   (at least gemm_scratch_size(m, n, k, 1) elements): for a thread of an
   OpenMP region (no R API, no allocation). Needs p packed for gemm.c. */
void RT(mm_packed_on)(const RT(packed_mat) *p, int n, real_t alpha, const real_t *B,
                      int ldb, real_t beta, real_t *C, int ldc, real_t *scratch);
/* y[j] += sum over columns of A (m x n): row sums into y (bias gradients),
   and the same into y2 unless it is NULL (A read once for two biases). */
void RT(add_row_sums)(const exec_config *e, int m, int n, const real_t *A, real_t *y,
                      real_t *y2);
/* Seconds for reps products C [m x n] += op(A) op(B) through mm() (packed:
   mm_packed() with op(A) packed once, as at every time step), after one
   untimed product; NA without OpenMP's clock. For rec_mm_time. */
double RT(mm_time)(const exec_config *e, char ta, char tb, int m, int n, int k,
                   int packed, int reps);
/* Test harness for gemm.c (rec_gemm_r): C = alpha op(A) op(B) + beta C on R's
   doubles (A and B of na and nb elements), computed by this precision's gemm
   (float: operands rounded, C widened back) on `threads`; how 0 gemm()
   allocating its own buffers, 1 gemm() with a NaN-filled scratch (never
   read), 2 gemm_pack_a() + gemm_packed() with that scratch. */
void RT(gemm_check)(char ta, char tb, int m, int n, int k, double alpha, const double *A,
                    int lda, size_t na, const double *B, int ldb, size_t nb, double beta,
                    double *C, int ldc, int threads, int how);

/* ---- the drivers (train.c), in this precision ---------------------------- */
extern const net_driver RT(net_driver);

/* recurrent: the C core's shared types and kernel prototypes.
 *
 * Kernels (every .c file except glue.c and init.c) never see a SEXP: they work on
 * plain double arrays that glue.c points into R memory.
 *
 * Layout conventions, used everywhere:
 *  - A "[T][B][K]" array is contiguous per step and per sample: element (t, b, k)
 *    sits at k + K * (b + B * t). Read as a column-major matrix it is K x (B*T),
 *    so one step is a K x B matrix and all steps together are one K x (T*B) matrix:
 *    the input projection of all steps and the weight gradients of all steps are
 *    single GEMMs.
 *  - Weight matrices are stored column-major with PyTorch's shape, so
 *    weight_ih [G*H x in] is exactly the R matrix rnn_weights() returns.
 *  - All parameters live in one flat vector (the order of rnn_weights()); the
 *    gradient vector has the same layout, so optimizers and clipping run over one
 *    buffer.
 */
#ifndef RECURRENT_H
#define RECURRENT_H

#include <stddef.h>

/* Codes shared with R: cell, activation, merge and output activation in
   R/net.R's spec_codes(), the loss in its loss_code(), the optimizer in
   rnn_train() (R/train.R). */
enum { CELL_RNN = 0, CELL_LSTM = 1, CELL_GRU = 2 };
enum { ACT_TANH = 0, ACT_RELU = 1 };
enum { MERGE_CONCAT = 0, MERGE_SUM = 1, MERGE_AVE = 2, MERGE_MUL = 3 };
enum { OUT_LINEAR = 0, OUT_SIGMOID = 1, OUT_SOFTMAX = 2 };
enum { LOSS_MSE = 0, LOSS_MAE = 1, LOSS_HUBER = 2, LOSS_XENT = 3 };
enum { OPT_ADAM = 0, OPT_ADAMW = 1, OPT_RMSPROP = 2, OPT_SGD = 3 };

/* Number of integer fields of a network spec as R passes it (R/net.R's
   spec_codes(); glue.c's layout_from_r() reads them into a net_spec). */
#define NET_SPEC_LEN 11

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
typedef struct {
    int gates;      /* G: 1 rnn, 3 gru, 4 lstm */
    int extra;      /* E: extra cache per step, in units of H */
    int split_hh;   /* GRU: the W_hh gradient differs from W_ih's, and h_{t-1}
                       reaches h_t directly (not only through W_hh) */
    /* forward of one step for B samples: ax,ah [B][GH], ex,ex_prev [B][EH],
       h_prev, h [B][H] */
    void (*forward)(int B, int H, int act, double *ax, const double *ah,
                    double *ex, const double *ex_prev, const double *h_prev,
                    double *h);
    /* backward of one step. In: dh [B][H] (dL/dh_t, all paths), the forward
       caches; carry [B][H] the cell-state gradient from step t+1 (LSTM), updated
       in place for step t-1. Out: dax [B][GH] (dL/d(W_ih x + b_ih)), dah [B][GH]
       (dL/d(W_hh h + b_hh); ignored when !split_hh, the driver uses dax),
       dh_direct [B][H] (dL/dh_{t-1} along paths that do not go through W_hh;
       written only when split_hh). */
    void (*backward)(int B, int H, int act, const double *dh,
                     const double *ax, const double *ex, const double *ex_prev,
                     const double *h, const double *h_prev, double *carry,
                     double *dax, double *dah, double *dh_direct);
} cell_ops;

extern const cell_ops rnn_cell_ops, lstm_cell_ops, gru_cell_ops;
const cell_ops *cell_ops_for(int cell);

/* How to run (decoded by glue.c from R's exec_codes()).
   threads: most OpenMP threads for the cell loops and gemm.c (>= 1; already
     reduced for a forked child, a busy machine or a threaded BLAS).
   r_blas: where the matrix products go: BLAS_BUILTIN gemm.c; BLAS_R R's BLAS
     (F77 dgemm); BLAS_AUTO R's BLAS for products of fewer than r_blas_below
     multiply-adds, gemm.c for the others (the crossover R measured once).
   state: one .Call's gemm scratch and its measured thread choice (linalg.c;
     R_alloc'ed by exec_state_new, freed by R when the call returns or fails);
     NULL: no scratch (gemm.c mallocs per product) and always `threads`. */
enum { BLAS_BUILTIN = 0, BLAS_R = 1, BLAS_AUTO = 2 };
typedef struct exec_state exec_state;
typedef struct {
    int threads;
    int r_blas;
    double r_blas_below;
    exec_state *state;
} exec_config;
/* A fresh state for one .Call (R_alloc; main thread only); measure = 1 lets
   the call drop to one thread when its products measure faster so (the user
   left the number of threads to recurrent). */
exec_state *exec_state_new(int measure);
/* The threads to use for the next parallel loop: e->threads, or 1 while the
   products of this call have measured faster on one thread (a loaded machine).
   Results do not depend on it. */
int exec_threads(const exec_config *e);

/* ---- network description ---------------------------------------------- */
typedef struct {
    int cell, act;          /* CELL_*, ACT_* (act only for CELL_RNN) */
    int input_size, hidden, output_size, layers, dirs, merge, out_act;
    int return_seq;
    double dropout;         /* inverted dropout between layers, training only */
    int vocab;              /* V > 0: token input through an embedding [V x in];
                               0: numeric input */
} net_spec;

#define MAX_BLOCKS 64       /* layers * dirs; R caps layers at 32 */

/* Offsets of one (layer, direction) block in the flat parameter vector. */
typedef struct {
    size_t w_ih, w_hh, b_ih, b_hh;
    int in;                 /* input size of this layer */
} layer_offsets;

typedef struct {
    net_spec s;
    const cell_ops *ops;
    int gh;                 /* G * H */
    int d_layer;            /* width of a layer's merged output */
    layer_offsets off[MAX_BLOCKS]; /* [layer * dirs + dir] */
    size_t emb;             /* embedding.weight [V x in] (vocab > 0; first) */
    size_t head_w, head_b;  /* head.weight [out x D], head.bias [out] */
    size_t n_params;
    int x_width;            /* values per step of the data x: 1 (a token id)
                               with an embedding, else input_size */
    exec_config exec;
} net_layout;

/* Fills the layout; returns 0, or -1 when the spec is out of range. */
int net_layout_init(net_layout *L, const net_spec *s);

/* ---- scratch memory ------------------------------------------------------
 * The network kernels (train.c, network.c, layer.c) allocate nothing: every
 * driver carves its scratch out of one block of doubles its caller provides
 * (glue.c: R_alloc memory for the one call, or rnn_train()'s arena, an R
 * vector that lives across epochs). Carving with base == NULL only counts,
 * which is how net_scratch_size() finds a driver's size: the same code sizes
 * and carves, so the two cannot disagree. */
typedef struct {
    double *base;           /* the block, or NULL to count only */
    size_t used;            /* doubles carved so far */
} scratch;
void scratch_init(scratch *s, double *mem);
/* The next n doubles (64-byte aligned; NULL when counting). */
double *scratch_take(scratch *s, size_t n);
/* Doubles a block must have for what s has carved (or counted) so far. */
size_t scratch_size(const scratch *s);
/* Ends the use of the block (undoes the AddressSanitizer guards, if any). */
void scratch_release(const scratch *s);

/* ---- workspace for one batch of up to B samples and T steps ------------- */
typedef struct {
    int B, T, training, backward;
    /* per (layer, dir) block k = layer * dirs + dir: */
    double *ax[MAX_BLOCKS]; /* [T][B][GH] gate cache */
    double *ex[MAX_BLOCKS]; /* [T][B][EH] extra cell cache */
    double *hs[MAX_BLOCKS]; /* [T][B][H]  hidden states */
    /* per layer: */
    double *y[MAX_BLOCKS];  /* [T][B][D]  merged output (aliases hs when dirs == 1
                               and no dropout follows) */
    double *mask[MAX_BLOCKS]; /* [T][B][D] dropout scale 0 or 1/(1-p); NULL if none */
    double *summary_buf;    /* [B][D] merged final states (bidirectional) */
    const double *summary;  /* head input [N][D], N = B or T*B (set by forward) */
    double *logits;         /* [N][out] head pre-activation */
    double *out;            /* [N][out] head output after the output activation */
    /* backward scratch (NULL unless allocated with backward = 1) */
    double *dz;             /* [N][out] dL/dlogits */
    double *dbuf[2];        /* [T][B][D] dL/d(layer output), alternating by layer */
    double *dsummary;       /* [B][D] */
    double *dhs;            /* [T][B][H] dL/dh of one direction */
    double *dax, *dah;      /* [T][B][GH] */
    double *dh_direct, *carry; /* [B][H] */
    /* shared */
    double *ah;             /* [B][GH] recurrent pre-activation of one step */
    double *pack;           /* packed W_hh or W_hh^T of the layer at hand */
    double *zeros;          /* [B][max(EH, H)] the zero initial state */
    /* token input (vocab > 0; else NULL): ids [T][B] as doubles, 0 = padding */
    double *emb_x;          /* [T][B][in] embedded ids: the first layer's input */
    double *demb;           /* [T][B][in] dL/d(emb_x) (backward) */
    int *len;               /* [B] real tokens per sample (set by forward) */
    double *keep;           /* [T][B] 1 at real steps, 0 at padded ones
                               (return_seq only): the loss mask */
    /* stateful stepping (unidirectional nets; else NULL): per layer l the
       state at l * B * (H + EH): h [B][H] then the cell cache [B][EH] */
    const double *state_in; /* the state before step 0, or NULL: zeros */
} workspace;

/* Carves the buffers out of sc (or counts them when sc->base is NULL).
   training: dropout masks; backward: gradient scratch. */
void workspace_carve(workspace *w, const net_layout *L, int B, int T, int training,
                     int backward, scratch *sc);

/* ---- network kernels (network.c) --------------------------------------- */
/* Forward of a batch x [T][B][in]: fills w->logits and w->out ([B][out], or
   [T][B][out] with return_seq). training: dropout with masks from R's RNG
   (the caller brackets with GetRNGstate/PutRNGstate). */
void net_forward(const net_layout *L, workspace *w, const double *params,
                 const double *x, int B, int T);
/* Backward from w->dz = dL/dlogits; accumulates into grad (layout of params). */
void net_backward(const net_layout *L, workspace *w, const double *params,
                  const double *x, int B, int T, double *grad);

/* ---- layer driver (layer.c): one direction of one layer over the sequence */
/* One (layer, direction) block as the driver sees it; network.c points it into
   the parameters and the workspace. G gates, E extra cache units (cell_ops),
   GH = G * H, EH = E * H. */
typedef struct {
    const cell_ops *ops;
    int act;                /* ACT_* (Elman cell only) */
    int reverse;            /* 1: the backward direction, walks t = T-1 .. 0 but
                               stores everything at the true t */
    int B, T;               /* samples, steps */
    int in, H;              /* input width, hidden units */
    const double *x;        /* [T][B][in] layer input */
    const double *w_ih;     /* [GH x in]  weight_ih, column-major */
    const double *w_hh;     /* [GH x H]   weight_hh */
    const double *b_ih;     /* [GH]       bias_ih */
    const double *b_hh;     /* [GH]       bias_hh */
    double *ax;             /* [T][B][GH] gate cache, written by the forward */
    double *ex;             /* [T][B][EH] extra cell cache, written by the forward */
    double *hs;             /* [T][B][H]  hidden states, written by the forward */
    const double *h0;       /* [B][H] state before the first step, or NULL: 0 */
    const double *ex0;      /* [B][EH] cell cache before the first step, or NULL */
    const int *len;         /* [B] steps of each sample (right padding), or NULL:
                               all T. At a padded step t >= len[b] the forward
                               direction keeps its state (h_t = h_{t-1}), the
                               reverse one stays at the zero state, and no
                               gradient arises (pack_padded_sequence) */
} layer_block;

/* What the backward of one block reads and writes besides the block. */
typedef struct {
    double *dhs;            /* [T][B][H] in: dL/dh_t from above (merge or head);
                               used as the running total dL/dh_t, overwritten */
    double *dx;             /* [T][B][in] out: dL/dx, or NULL (first layer) */
    int dx_accumulate;      /* 1: dx += (the second direction), 0: dx = */
    double *w_ih;           /* [GH x in] dL/dweight_ih, accumulated (+=) */
    double *w_hh;           /* [GH x H]  dL/dweight_hh, accumulated */
    double *b_ih;           /* [GH]      dL/dbias_ih, accumulated */
    double *b_hh;           /* [GH]      dL/dbias_hh, accumulated */
} layer_grad;

/* Forward: fills b->ax, b->ex, b->hs; scratch from w (ah, zeros, pack). */
void layer_forward(const exec_config *e, const layer_block *b, workspace *w);
/* Backward through b (after its forward); scratch from w (dax, dah, carry,
   dh_direct, pack, zeros). */
void layer_backward(const exec_config *e, const layer_block *b, const layer_grad *g,
                    workspace *w);

/* ---- output activation and losses (loss.c) ------------------------------
   The dense head itself is part of net_forward()/net_backward() (network.c). */
void output_activate(int out_act, int N, int out, double *z);
/* Loss of the head output against targets y [N][out]; logits [N][out] are the
   pre-activation, p [N][out] the activated output. If dz != NULL writes
   dL/dlogits. Returns the loss as loss.c normalises it, as torch does: mse,
   mae and huber (delta 1) are means over all N * out elements; crossentropy
   is the mean over the N rows of -sum_k y_k log softmax(z)_k with a softmax or
   linear output, and the mean binary crossentropy over all N * out elements
   with a sigmoid output. dz carries the same normalisation.
   keep [N] (or NULL: all rows count): rows with keep 0 (padded steps) add
   nothing, get dz = 0 and are left out of N. */
double loss_eval(int loss, int out_act, int N, int out, const double *logits,
                 const double *p, const double *y, const double *keep, double *dz);

/* ---- optimizers (optim.c) ----------------------------------------------- */
typedef struct {
    int kind;               /* OPT_* */
    double lr, weight_decay, momentum, beta1, beta2, eps, alpha, clip;
} optim_config;
/* Optimizer state: [0..P) first moment / momentum, [P..2P) second moment,
   [2P] step count. */
double grad_clip(double *grad, size_t n, double clip);
void optim_step(const optim_config *o, double *params, const double *grad,
                double *state, size_t n);

/* ---- data movement (batch.c) ------------------------------------------- */
/* Token input: ids [T][B] (doubles, 0 = padding) -> e [T][B][E] rows of the
   embedding table [V x E] (column-major; zeros for padding), len [B] the real
   tokens per sample and, if keep != NULL, keep [T][B] = 1 at real steps. */
void embed_forward(const double *ids, int T, int B, const double *table, int V, int E,
                   double *e, int *len, double *keep);
/* dtable [V x E] += the rows de [T][B][E] of the real tokens, in (t, b) order. */
void embed_backward(const double *ids, int T, int B, const double *de, int V, int E,
                    double *dtable);
/* Gathers rows idx[0..B) of an R array x [n, T, p] (column-major) into
   [T][B][p]. */
void gather_rows(const double *x, int n, int T, int p, const int *idx, int B,
                 double *out);
/* Scatters [T][B][k] back into rows [row0, row0 + B) of an R array [n, T, k]. */
void scatter_rows(const double *src, int B, int T, int k, double *out, int n,
                  int row0);

/* ---- training and evaluation drivers (train.c) -------------------------- */
typedef struct {
    double loss;            /* mean training loss over the epoch */
    int diverged;           /* 1 if a batch gave a non-finite loss or gradient */
    int batches;
} epoch_result;

/* What a driver runs: its scratch depends on it. */
enum { RUN_PREDICT = 0, RUN_EVALUATE = 1, RUN_GRADIENTS = 2, RUN_TRAIN = 3, RUN_STEP = 4 };
/* Doubles of scratch a driver needs on n rows of T steps: batch is the
   mini-batch size of RUN_TRAIN (ignored otherwise), training whether dropout
   is on in RUN_GRADIENTS (RUN_TRAIN always trains, the others never). */
size_t net_scratch_size(const net_layout *L, int run, int n, int T, int batch,
                        int training);

/* Each driver works in scratch, at least net_scratch_size() doubles for its
   run and data (the contents on entry do not matter), and allocates nothing:
   a caller that repeats a run (rnn_train's epochs) reuses one block. */
void net_predict(const net_layout *L, const double *params, const double *x,
                 int n, int T, double *out, double *scratch);
double net_gradients(const net_layout *L, const double *params, const double *x,
                     const double *y, int n, int T, int loss, int training,
                     double *grad, double *scratch);
double net_evaluate(const net_layout *L, const double *params, const double *x,
                    const double *y, int n, int T, int loss, double *scratch);
/* Doubles of a unidirectional net's state for n sequences (net_step()). */
size_t net_state_size(const net_layout *L, int n);
/* Runs all n sequences x [n, T, p] as one batch from state_in (NULL: zeros;
   net_state_size() doubles) and writes the outputs out [n, Ty, out] and the
   state after the last step to state_out. Unidirectional nets only. */
void net_step(const net_layout *L, const double *params, const double *x, int n, int T,
              const double *state_in, double *state_out, double *out, double *scratch);
/* One epoch of mini-batches; params and state (see optim_config) are updated
   in place. */
epoch_result net_train_epoch(const net_layout *L, double *params, double *state,
                             const optim_config *o, const double *x,
                             const double *y, int n, int T, int loss,
                             int batch_size, int shuffle, double *scratch);

/* ---- vectorised elementwise math (vmath.c), in place ------------------- */
void vec_sigmoid(double *x, size_t n);
void vec_tanh(double *x, size_t n);

/* ---- exponential smoothing filter (smooth.c) ----------------------------- */
/* z [n]; par = (alpha, beta, gamma, phi); state = (level, trend, m seasonal
   states) [m + 2], updated in place; res [n] or NULL. Returns the sum of
   squared one-step errors (+Inf when not finite). */
double es_filter(const double *z, int n, int m, const double *par, double *state,
                 double *res);

/* ---- BLAS wrappers (linalg.c), column-major ------------------------------ */
/* C = alpha * op(A) op(B) + beta * C, op(A) m x k, op(B) k x n. */
void mm(const exec_config *e, char ta, char tb, int m, int n, int k, double alpha,
        const double *A,
        int lda, const double *B, int ldb, double beta, double *C, int ldc);
/* A weight matrix packed once for many products with it (the recurrent
   weights, used at every time step). With R's BLAS it simply remembers A. */
typedef struct {
    char ta;
    int m, k, lda;
    const double *A;
    double *pa;             /* packed copy (gemm.c's layout), or NULL */
} packed_mat;
/* Packs op(A) [m x k] into buf (at least pack_size(m, k) doubles). */
size_t pack_size(int m, int k);
void pack_mat(const exec_config *e, packed_mat *p, char ta, int m, int k,
              const double *A, int lda, double *buf);
/* C [m x n] = alpha * op(A) * B [k x n] + beta * C. */
void mm_packed(const exec_config *e, const packed_mat *p, int n, double alpha,
               const double *B, int ldb, double beta, double *C, int ldc);
/* y[j] += sum over columns of A (m x n): row sums into y (bias gradients). */
void add_row_sums(int m, int n, const double *A, double *y);

#endif

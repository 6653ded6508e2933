/* recurrent: the C core's shared types and kernel prototypes.
 *
 * Kernels (every .c file except glue.c and init.c) never see a SEXP: they work on
 * plain arrays that glue.c points into R memory. They compute in the network's
 * precision: R hands over and gets back doubles; a single-precision network is
 * converted to float once per call (weights, and each batch as it is gathered)
 * and computed in float throughout (products, cells, losses, optimizer).
 * The kernels are written once over real_t and compiled for both precisions
 * (real.h); this header declares the parts that do not depend on the precision,
 * recurrent_real.h the typed ones, with names ending in _d (double) and _f (float).
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

/* Codes shared with R: cell, activation, merge, output activation and
   precision in R/net.R's spec_codes(), the loss in its loss_code(), the
   optimizer in rnn_train() (R/train.R). */
enum { CELL_RNN = 0, CELL_LSTM = 1, CELL_GRU = 2 };
enum { ACT_TANH = 0, ACT_RELU = 1 };
enum { MERGE_CONCAT = 0, MERGE_SUM = 1, MERGE_AVE = 2, MERGE_MUL = 3 };
enum { OUT_LINEAR = 0, OUT_SIGMOID = 1, OUT_SOFTMAX = 2 };
enum { LOSS_MSE = 0, LOSS_MAE = 1, LOSS_HUBER = 2, LOSS_XENT = 3 };
enum { OPT_ADAM = 0, OPT_ADAMW = 1, OPT_RMSPROP = 2, OPT_SGD = 3 };
enum { PREC_DOUBLE = 0, PREC_SINGLE = 1 };

/* Number of integer fields of a network spec as R passes it (R/net.R's
   spec_codes(); glue.c's layout_from_r() reads them into a net_spec). */
#define NET_SPEC_LEN 12

/* How to run (decoded by glue.c from R's exec_codes()).
   threads: most OpenMP threads for the cell loops and gemm.c (>= 1; already
     reduced for a forked child, a busy machine or a threaded BLAS).
   r_blas: where the double matrix products go: BLAS_BUILTIN gemm.c; BLAS_R
     R's BLAS (F77 dgemm); BLAS_AUTO R's BLAS for products of fewer than
     r_blas_below multiply-adds, gemm.c for the others (the crossover R
     measured once). Single precision always uses gemm.c: R's BLAS interface
     is double only.
   state: one .Call's gemm scratch and its measured thread choice (linalg.c;
     R_alloc'ed by exec_state_new, freed by R when the call returns or fails);
     NULL: no scratch (gemm.c mallocs per product) and always `threads`. */
enum { BLAS_BUILTIN = 0, BLAS_R = 1, BLAS_AUTO = 2 };
typedef struct exec_state exec_state;
typedef struct {
    int threads;
    int threads_max;        /* what threads can be in any call with these exec
                               codes (before the busy-machine reduction, which
                               changes from call to call): scratch is sized for
                               it, so a workspace sized in one call (rnn_train's
                               arena) fits every later call */
    int r_blas;
    double r_blas_below;
    exec_state *state;
} exec_config;
/* A fresh state for one .Call (R_alloc; main thread only); measure = 1 lets
   the call drop to one thread when its products measure faster so (the user
   left the number of threads to recurrent). */
exec_state *exec_state_new(int measure);
/* Gives the call's products a packing buffer of `bytes` (an arena's piece,
   reused by every call of a run) when it is larger than the one they have. */
void exec_state_attach(exec_state *s, void *buf, size_t bytes);
/* The threads to use for the next parallel loop: e->threads, or 1 while the
   products of this call have measured faster on one thread (a loaded machine).
   Results do not depend on it. */
int exec_threads(const exec_config *e);

/* Runs BODY over [0, n) split into contiguous ranges [lo, lo + len), one per
 * thread (exec_threads(e), at most n), when `work` (the loop's element
 * operations) reaches PAR_MIN_WORK, else once over [0, n) on this thread.
 * For loops whose elements are each computed by themselves, in an order that
 * does not depend on the range (pointwise cells, row sums over columns in
 * order, the optimizer): results do not depend on the number of threads. */
#define PAR_MIN_WORK 16384
#ifdef _OPENMP
#define PARALLEL_RANGES(e, n, work, BODY) do {                                  \
    int nt_ = exec_threads(e);                                                  \
    if ((double) nt_ > (double) (n)) nt_ = (int) (n);                           \
    if (nt_ < 2 || (double) (work) < PAR_MIN_WORK) {                            \
        size_t lo = 0, len = (size_t) (n); BODY                                 \
    } else {                                                                    \
        _Pragma("omp parallel for num_threads(nt_) schedule(static)")           \
        for (int c_ = 0; c_ < nt_; c_++) {                                      \
            size_t lo = (size_t) ((double) (n) * c_ / nt_);                     \
            size_t len = (size_t) ((double) (n) * (c_ + 1) / nt_) - lo;         \
            BODY                                                                \
        }                                                                       \
    }                                                                           \
} while (0)
#else
#define PARALLEL_RANGES(e, n, work, BODY) do {                                  \
    size_t lo = 0, len = (size_t) (n); (void) (e); BODY                        \
} while (0)
#endif

/* Before a loop whose iterations are independent: vectorise it (OpenMP's simd,
 * at the base instruction set, no fused multiply-add), each element computed by
 * the same operations as in the scalar loop. */
#ifdef _OPENMP
#define SIMD_LOOP _Pragma("omp simd")
#else
#define SIMD_LOOP
#endif

/* ---- network description ---------------------------------------------- */
typedef struct {
    int cell, act;          /* CELL_*, ACT_* (act only for CELL_RNN) */
    int input_size, hidden, output_size, layers, dirs, merge, out_act;
    int return_seq;
    double dropout;         /* inverted dropout between layers, training only */
    int vocab;              /* V > 0: token input through an embedding [V x in];
                               0: numeric input */
    int precision;          /* PREC_DOUBLE or PREC_SINGLE */
} net_spec;

#define MAX_BLOCKS 64       /* layers * dirs; R caps layers at 32 */

/* Offsets of one (layer, direction) block in the flat parameter vector. */
typedef struct {
    size_t w_ih, w_hh, b_ih, b_hh;
    int in;                 /* input size of this layer */
} layer_offsets;

struct cell_ops_d;
struct cell_ops_f;
typedef struct {
    net_spec s;
    /* the cell's kernels in each precision (recurrent_real.h's cell_ops);
       a body reaches its own as L->RT(ops) */
    const struct cell_ops_d *ops_d;
    const struct cell_ops_f *ops_f;
    int gh;                 /* G * H */
    int eh;                 /* E * H: the cell's extra cache per sample */
    int d_layer;            /* width of a layer's merged output */
    layer_offsets off[MAX_BLOCKS]; /* [layer * dirs + dir] */
    size_t emb;             /* embedding.weight [V x in] (vocab > 0; first) */
    size_t head_w, head_b;  /* head.weight [out x D], head.bias [out] */
    size_t n_params;
    int x_width;            /* values per step of the data x: 1 (a token id)
                               with an embedding, else input_size */
    int y_width;            /* values per step of the targets y: output_size,
                               or 1 for class indices of a softmax
                               crossentropy (1..out; 0: not counted), which
                               glue.c's check_targets() recognises */
    exec_config exec;
} net_layout;

/* Fills the layout; returns 0, or -1 when the spec is out of range. */
int net_layout_init(net_layout *L, const net_spec *s);

/* ---- scratch memory ------------------------------------------------------
 * The network kernels (train.c, network.c, layer.c) allocate nothing: every
 * driver carves its scratch out of one block its caller provides (glue.c:
 * R_alloc memory for the one call, or rnn_train()'s arena, an R double vector
 * that lives across epochs). Carving with base == NULL only counts, which is
 * how net_scratch_size() finds a driver's size: the same code sizes and
 * carves, so the two cannot disagree. Pieces are typed by the carver
 * (SCRATCH_TAKE), so one block serves either precision. */
typedef struct {
    char *base;             /* the block, or NULL to count only */
    size_t used;            /* bytes carved so far */
} scratch;
void scratch_init(scratch *s, double *mem);
/* The next `bytes` bytes (64-byte aligned; NULL when counting). */
void *scratch_bytes(scratch *s, size_t bytes);
/* The next n elements of `type`. */
#define SCRATCH_TAKE(sc, n, type) ((type *) scratch_bytes((sc), (size_t) (n) * sizeof(type)))
/* Doubles a block must have for what s has carved (or counted) so far. */
size_t scratch_size(const scratch *s);
/* Ends the use of the block (undoes the AddressSanitizer guards, if any). */
void scratch_release(const scratch *s);

/* ---- optimizer settings (optim.c) ---------------------------------------- */
typedef struct {
    int kind;               /* OPT_* */
    double lr, weight_decay, momentum, beta1, beta2, eps, alpha, clip;
} optim_config;

/* ---- training and evaluation drivers (train.c) -------------------------- */
typedef struct {
    double loss;            /* mean training loss over the epoch */
    int diverged;           /* 1 if a batch gave a non-finite loss or gradient */
    int batches;
} epoch_result;

/* What a driver runs: its scratch depends on it. */
enum { RUN_PREDICT = 0, RUN_EVALUATE = 1, RUN_GRADIENTS = 2, RUN_TRAIN = 3, RUN_STEP = 4 };

/* The drivers of one precision. They take and give R's doubles (weights, data,
   targets, results, optimizer state) and compute in the precision of the
   table; glue.c picks the table of the network's precision (net_driver_for).
   x is an R array [n, T, p], targets y an R array [n, Ty, out] with Ty = T
   when the net returns sequences, else 1 (column-major, as R stores them).

   Each driver works in scratch, at least scratch_size() doubles for its run
   and data (the contents on entry do not matter), and allocates nothing: a
   caller that repeats a run (rnn_train's epochs) reuses one block. */
typedef struct {
    /* Doubles of scratch a driver needs on n rows of T steps: batch is the
       mini-batch size of RUN_TRAIN (ignored otherwise), training whether
       dropout is on in RUN_GRADIENTS (RUN_TRAIN always trains, the others
       never). */
    size_t (*scratch_size)(const net_layout *L, int run, int n, int T, int batch,
                           int training);
    void (*predict)(const net_layout *L, const double *params, const double *x,
                    int n, int T, double *out, double *scratch);
    /* The gradient of the loss on all n rows as one batch, from state_in (NULL:
       zeros; else a unidirectional net's state of n rows, as the step driver
       returns it, held constant: truncated BPTT). */
    double (*gradients)(const net_layout *L, const double *params, const double *x,
                        const double *y, int n, int T, int loss, int training,
                        const double *state_in, double *grad, double *scratch);
    double (*evaluate)(const net_layout *L, const double *params, const double *x,
                       const double *y, int n, int T, int loss, double *scratch);
    /* Runs all n sequences x [n, T, p] as one batch from state_in (NULL:
       zeros; net_state_size() doubles) and writes the outputs out [n, Ty, out]
       and the state after the last step to state_out. Unidirectional nets
       only. */
    void (*step)(const net_layout *L, const double *params, const double *x, int n,
                 int T, const double *state_in, double *state_out, double *out,
                 double *scratch);
    /* One epoch of mini-batches; params and the optimizer state (2P+1
       doubles: first moment or momentum, second moment, steps taken) are
       updated in place. reset: NULL for independent sequences, or [n] flags
       of a stateful epoch (train.c: each batch continues the previous one's
       rows from their state; a flagged row starts from zeros). */
    epoch_result (*train_epoch)(const net_layout *L, double *params, double *state,
                                const optim_config *o, const double *x,
                                const double *y, int n, int T, int loss,
                                int batch_size, int shuffle, const int *reset,
                                double *scratch);
} net_driver;
const net_driver *net_driver_for(const net_layout *L);
/* Doubles of a unidirectional net's state for n sequences (the step driver). */
size_t net_state_size(const net_layout *L, int n);

/* ---- exponential smoothing filter (smooth.c) ----------------------------- */
/* z [n]; par = (alpha, beta, gamma, phi); state = (level, trend, m seasonal
   states) [m + 2], updated in place; res [n] or NULL. Returns the sum of
   squared one-step errors (+Inf when not finite). */
double es_filter(const double *z, int n, int m, const double *par, double *state,
                 double *res);

/* ---- the iterated linear path (linpath.c) -------------------------------- */
/* n rows, history B [n, Lb], L window values, Hs steps; per row lag, center,
   scale and unit (0-based row of coef [ns, 1 + L]); buf scratch [Lb]; out
   [n, Hs]. */
void linear_paths(int n, int Lb, int L, int Hs, const double *B, const int *lag,
                  const double *center, const double *scale, const double *coef, int ns,
                  const int *unit, double *buf, double *out);

/* ---- small SPD solves (cholesky.c) -------------------------------------- */
/* G [d, d] (lower half; overwritten by its factor), b [d] becomes the
   solution; 1 when a pivot is at or below tol times its diagonal, else 0. */
int chol_solve(double *G, double *b, int d, double tol);

/* ---- the direct seasonal regression (direct.c) ------------------------- */
/* np periods (ascending, 1-based lags), D and W cycles of the profiles, lev
   values in the level's mean, lags last values, first origin (1-based). */
typedef struct {
    const int *periods;
    int np, D, W, lev, lags, first;
} direct_config;
int direct_features_count(const direct_config *c);
size_t direct_work_size(int n, int d, int max_rows);
/* y [n]; mean [h] the forecasts from t = n; fitted [n] gets the one-step fit
   at the rows of step 1 (the rest untouched). Returns 0, or the step whose
   system was not positive definite. */
int direct_fit(const double *y, int n, const direct_config *c, int h, double lambda,
               int max_rows, double *work, double *mean, double *fitted);

/* ---- the autoregression by least squares (ar.c) -------------------------- */
/* u [n], orders 0..M (M < n) by AIC: coef [M] (zero beyond the order), resid
   [n] (the first `order` untouched), ahead [h]; work [ar_work_size(n, M)].
   Returns the order. */
size_t ar_work_size(int n, int M);
int ar_ols(const double *u, int n, int M, int h, double *work, double *coef, double *resid,
           double *ahead);

/* ---- the typed kernels, once per precision ------------------------------ */
#define REAL_SELF "recurrent_real.h"
#include "real.h"

#endif

/* .Call entry points: the only file that sees SEXP. Each one re-checks the types
 * and sizes it relies on (R/ has already checked them with friendlier messages),
 * points the kernels' structs into R memory and returns R objects. No arithmetic
 * here beyond size checks. */
#include <limits.h>
#include <math.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <string.h>
#include <Rinternals.h>
#include <R_ext/Random.h>
#include "recurrent.h"
#include "gemm.h"
#include "entry.h"
#include "cpu.h"

/* exec = c(threads, blas, automatic, r_blas_below) from R's exec_codes():
   threads requested, blas BLAS_BUILTIN/BLAS_R/BLAS_AUTO, automatic 1 when the
   user left options(recurrent.threads) unset, r_blas_below the "auto" crossover
   in multiply-adds. Decides the threads for this call (cpu_threads: 1 in a
   forked child; the cores other processes keep busy are left to them unless
   the user chose the number) and gives the call its state (gemm scratch,
   thread measurements). */
static void exec_from_r(exec_config *e, SEXP exec, int precision)
{
    if (TYPEOF(exec) != REALSXP || XLENGTH(exec) != 4)
        Rf_error("internal: exec must be c(threads >= 1, blas, automatic, r_blas_below)");
    const double *v = REAL(exec);
    if (!(v[0] >= 1 && v[0] <= 1024) ||
        !(v[1] == BLAS_BUILTIN || v[1] == BLAS_R || v[1] == BLAS_AUTO) ||
        !(v[2] == 0 || v[2] == 1) || !(v[3] >= 0))
        Rf_error("internal: exec must be c(threads >= 1, blas, automatic, r_blas_below)");
    /* single precision: gemm.c only (R's BLAS interface is double only) */
    e->r_blas = precision == PREC_SINGLE ? BLAS_BUILTIN : (int) v[1];
    e->r_blas_below = e->r_blas == BLAS_AUTO ? v[3] : 0;
    e->threads = cpu_threads((int) v[0], v[2] != 0);
    e->threads_max = cpu_threads((int) v[0], 0);
    /* never two thread pools at once: when a threaded BLAS (OpenBLAS, MKL)
       computes products, our own loops run on one thread */
    int r_used = e->r_blas == BLAS_R || (e->r_blas == BLAS_AUTO && e->r_blas_below > 0);
    if (r_used && e->threads_max > 1 && cpu_blas_threads() > 1) e->threads = e->threads_max = 1;
    e->state = exec_state_new(v[2] != 0);
}

static void layout_from_r(net_layout *L, SEXP spec, SEXP dropout, SEXP exec)
{
    if (TYPEOF(spec) != INTSXP || XLENGTH(spec) != NET_SPEC_LEN)
        Rf_error("internal: spec must be an integer vector of length %d", NET_SPEC_LEN);
    if (TYPEOF(dropout) != REALSXP || XLENGTH(dropout) != 1)
        Rf_error("internal: dropout must be one double");
    const int *v = INTEGER(spec);
    net_spec s = { v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                   REAL(dropout)[0], v[10], v[11] };
    for (int i = 0; i < NET_SPEC_LEN; i++)
        if (v[i] == NA_INTEGER) Rf_error("internal: NA in network spec");
    if (!(s.dropout >= 0 && s.dropout < 1))
        Rf_error("internal: dropout must be in [0, 1)");
    if (net_layout_init(L, &s) != 0) Rf_error("internal: invalid network spec");
    exec_from_r(&L->exec, exec, s.precision); /* after net_layout_init, which zeroes L */
}

static void check_params(const net_layout *L, SEXP params)
{
    if (TYPEOF(params) != REALSXP || (size_t) XLENGTH(params) != L->n_params)
        Rf_error("internal: params must be a double vector of length %.0f",
                 (double) L->n_params);
}

/* Checks an R array [n, T, k] of doubles; returns n and sets *T. */
static int check_array3(SEXP a, const char *what, int k, int T_expected, int *T)
{
    SEXP dim = Rf_getAttrib(a, R_DimSymbol);
    if (TYPEOF(a) != REALSXP || Rf_length(dim) != 3)
        Rf_error("internal: %s must be a 3-d double array", what);
    const int *d = INTEGER(dim);
    if (d[0] < 1 || d[1] < 1 || d[2] != k || (T_expected > 0 && d[1] != T_expected))
        Rf_error("internal: %s has dimensions [%d, %d, %d], expected [n, %d, %d]",
                 what, d[0], d[1], d[2], T_expected, k);
    if ((double) d[0] * d[1] > INT_MAX / 4)
        Rf_error("%s is too large: %d sequences of %d steps", what, d[0], d[1]);
    *T = d[1];
    return d[0];
}

/* Token input: every value of x must be a token id 0..V (0 = padding); the
   embedding lookup indexes its table with them. */
static void check_ids(const net_layout *L, SEXP x)
{
    if (!L->s.vocab) return;
    const double *v = REAL(x);
    for (R_xlen_t i = 0; i < XLENGTH(x); i++)
        if (!(v[i] >= 0 && v[i] <= L->s.vocab && v[i] == (int) v[i]))
            Rf_error("internal: x must hold token ids 0..%d", L->s.vocab);
}

static int loss_from_r(SEXP loss)
{
    if (TYPEOF(loss) != INTSXP || XLENGTH(loss) != 1 || INTEGER(loss)[0] < LOSS_MSE ||
        INTEGER(loss)[0] > LOSS_XENT)
        Rf_error("internal: invalid loss code");
    return INTEGER(loss)[0];
}

/* Checks the targets against the inputs: y [n, T or 1, out], or for a
   softmax crossentropy [n, T or 1, 1] class indices 1..out (0: not counted),
   which sets L->y_width to 1. */
static void check_targets(net_layout *L, SEXP y, int n, int T, int loss)
{
    SEXP dim = Rf_getAttrib(y, R_DimSymbol);
    if (loss == LOSS_XENT && L->s.out_act == OUT_SOFTMAX && L->s.output_size > 1 &&
        TYPEOF(y) == REALSXP &&
        Rf_length(dim) == 3 && INTEGER(dim)[2] == 1) {
        L->y_width = 1;
        const double *v = REAL(y);
        for (R_xlen_t i = 0; i < XLENGTH(y); i++)
            if (!(v[i] >= 0 && v[i] <= L->s.output_size && v[i] == (int) v[i]))
                Rf_error("internal: class indices must be whole numbers 0..%d",
                         L->s.output_size);
    }
    int Ty, ny = check_array3(y, "y", L->y_width, L->s.return_seq ? T : 1, &Ty);
    if (ny != n) Rf_error("internal: y has %d rows but x has %d", ny, n);
}

/* The checks the entry points that take data and targets start with: the
   network, its weights, x [n, T, p], y and the loss. Returns n; sets *T. */
static int check_data_call(net_layout *L, SEXP spec, SEXP dropout, SEXP exec,
                           SEXP params, SEXP x, SEXP y, SEXP loss, int *T, int *code)
{
    layout_from_r(L, spec, dropout, exec);
    check_params(L, params);
    int n = check_array3(x, "x", L->x_width, 0, T);
    check_ids(L, x);
    *code = loss_from_r(loss);
    check_targets(L, y, n, *T, *code);
    return n;
}

/* The scratch of a driver, `need` doubles (its scratch_size()): the caller's
   arena, a double vector at least that long that R keeps across calls
   (rnn_train()), or, for R_NilValue, memory for this call only (R_alloc, freed
   by R after the .Call, also on error or interrupt). */
static double *scratch_from_r(SEXP arena, size_t need)
{
    if (arena == R_NilValue) {
        double *mem = (double *) R_alloc(need, sizeof(double));
        cpu_advise_huge(mem, need * sizeof(double));
        return mem;
    }
    if (TYPEOF(arena) != REALSXP || (size_t) XLENGTH(arena) < need)
        Rf_error("internal: the workspace must be a double vector of length >= %.0f",
                 (double) need);
    return REAL(arena);
}

SEXP rec_predict(SEXP spec, SEXP dropout, SEXP exec, SEXP params, SEXP x)
{
    net_layout L;
    layout_from_r(&L, spec, dropout, exec);
    check_params(&L, params);
    int T, n = check_array3(x, "x", L.x_width, 0, &T);
    check_ids(&L, x);
    int Ty = L.s.return_seq ? T : 1;
    const net_driver *D = net_driver_for(&L);
    double *mem = scratch_from_r(R_NilValue, D->scratch_size(&L, RUN_PREDICT, n, T, 0, 0));
    SEXP out = PROTECT(Rf_alloc3DArray(REALSXP, n, Ty, L.s.output_size));
    D->predict(&L, REAL(params), REAL(x), n, T, REAL(out), mem);
    UNPROTECT(1);
    return out;
}

/* The state argument of the stateful entry points: R_NilValue (zeros) or a
   unidirectional net's state of n rows (a double vector without NA). */
static const double *state_from_r(const net_layout *L, SEXP state, int n)
{
    if (state == R_NilValue) return NULL;
    if (L->s.dirs != 1) Rf_error("internal: a carried state needs a unidirectional network");
    size_t ns = net_state_size(L, n);
    if (TYPEOF(state) != REALSXP || (size_t) XLENGTH(state) != ns)
        Rf_error("internal: state must be NULL or a double vector of length %.0f", (double) ns);
    return REAL(state);
}

/* Stateful stepping (unidirectional nets): runs x [n, T, p] from `state`
   (R_NilValue: the zero state; else the state a previous call returned) and
   returns list(output = [n, Ty, out], state =), the state a double vector
   that only this entry point reads. */
SEXP rec_step(SEXP spec, SEXP dropout, SEXP exec, SEXP params, SEXP x, SEXP state)
{
    net_layout L;
    layout_from_r(&L, spec, dropout, exec);
    check_params(&L, params);
    if (L.s.dirs != 1) Rf_error("internal: stepping needs a unidirectional network");
    int T, n = check_array3(x, "x", L.x_width, 0, &T);
    check_ids(&L, x);
    size_t ns = net_state_size(&L, n);
    const double *st_in = state_from_r(&L, state, n);
    int Ty = L.s.return_seq ? T : 1;
    const net_driver *D = net_driver_for(&L);
    double *mem = scratch_from_r(R_NilValue, D->scratch_size(&L, RUN_STEP, n, T, 0, 0));
    SEXP out = PROTECT(Rf_alloc3DArray(REALSXP, n, Ty, L.s.output_size));
    SEXP st = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) ns));
    D->step(&L, REAL(params), REAL(x), n, T, st_in, REAL(st), REAL(out), mem);
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, (const char *[]) { "output", "state", "" }));
    SET_VECTOR_ELT(res, 0, out);
    SET_VECTOR_ELT(res, 1, st);
    UNPROTECT(3);
    return res;
}

/* arena: R_NilValue or a workspace of at least rec_workspace_size(..., x, 0). */
SEXP rec_evaluate(SEXP spec, SEXP dropout, SEXP exec, SEXP params, SEXP x, SEXP y, SEXP loss,
                  SEXP arena)
{
    net_layout L;
    int T, code, n = check_data_call(&L, spec, dropout, exec, params, x, y, loss, &T, &code);
    const net_driver *D = net_driver_for(&L);
    double *mem = scratch_from_r(arena, D->scratch_size(&L, RUN_EVALUATE, n, T, 0, 0));
    return Rf_ScalarReal(D->evaluate(&L, REAL(params), REAL(x), REAL(y), n, T, code, mem));
}

/* Returns list(loss =, gradients =), the gradients in the layout of params;
   state: R_NilValue or the state the rows start from (held constant). */
SEXP rec_gradients(SEXP spec, SEXP dropout, SEXP exec, SEXP params, SEXP x, SEXP y, SEXP loss,
                   SEXP training, SEXP state)
{
    net_layout L;
    int T, code, n = check_data_call(&L, spec, dropout, exec, params, x, y, loss, &T, &code);
    const double *st = state_from_r(&L, state, n);
    int train = Rf_asLogical(training) == TRUE;
    const net_driver *D = net_driver_for(&L);
    double *mem = scratch_from_r(R_NilValue,
                                 D->scratch_size(&L, RUN_GRADIENTS, n, T, 0, train));
    SEXP grad = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t) L.n_params));
    if (train) GetRNGstate();
    double value = D->gradients(&L, REAL(params), REAL(x), REAL(y), n, T, code,
                                train, st, REAL(grad), mem);
    if (train) PutRNGstate();
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, (const char *[]) { "loss", "gradients", "" }));
    SET_VECTOR_ELT(res, 0, Rf_ScalarReal(value));
    SET_VECTOR_ELT(res, 1, grad);
    UNPROTECT(2);
    return res;
}

/* A fresh, uninitialised double vector of n, backed by huge pages where the
   OS offers them (cpu_advise_huge), before anything touches it. */
static SEXP alloc_advised(R_xlen_t n)
{
    SEXP out = Rf_allocVector(REALSXP, n);
    cpu_advise_huge(REAL(out), (size_t) n * sizeof(double));
    return out;
}

/* A double vector of n for rnn_train()'s workspace (arena; zero FALSE: left
   uninitialised, the drivers write before they read) or optimizer state (zero
   TRUE), on huge pages where the OS offers them: few page faults for what
   can be hundreds of MB. */
SEXP rec_alloc(SEXP n, SEXP zero)
{
    double len = Rf_asReal(n);
    if (!(len >= 1 && len <= 4.5e15)) Rf_error("internal: invalid workspace length");
    SEXP out = alloc_advised((R_xlen_t) len);
    if (Rf_asLogical(zero) == TRUE) memset(REAL(out), 0, (size_t) len * sizeof(double));
    return out;
}

/* A copy of a double vector on huge pages where the OS offers them (the
   weights each epoch hands back: several MB per epoch). */
static SEXP copy_advised(SEXP x)
{
    SEXP out = alloc_advised(XLENGTH(x));
    memcpy(REAL(out), REAL(x), (size_t) XLENGTH(x) * sizeof(double));
    return out;
}

/* The length of the workspace (arena) that rec_train_epoch() with this
   batch_size (> 0), or rec_evaluate() (batch_size 0), needs on x. A double:
   it can exceed INT_MAX. */
SEXP rec_workspace_size(SEXP spec, SEXP dropout, SEXP exec, SEXP params, SEXP x,
                        SEXP batch_size)
{
    net_layout L;
    layout_from_r(&L, spec, dropout, exec);
    check_params(&L, params);
    int T, n = check_array3(x, "x", L.x_width, 0, &T);
    int bs = Rf_asInteger(batch_size);
    if (bs == NA_INTEGER || bs < 0) Rf_error("internal: invalid batch size");
    const net_driver *D = net_driver_for(&L);
    size_t need = bs ? D->scratch_size(&L, RUN_TRAIN, n, T, bs, 1)
                     : D->scratch_size(&L, RUN_EVALUATE, n, T, 0, 0);
    return Rf_ScalarReal((double) need);
}

/* optim: double vector (kind, lr, weight_decay, momentum, beta1, beta2, eps,
   alpha, clip). state: rnn_train()'s optimizer state (2P+1 doubles, see
   optim_config), which only it holds: updated in place. arena: R_NilValue or
   a workspace of at least rec_workspace_size(..., x, batch_size) doubles,
   reused by every epoch. reset: R_NilValue (independent rows) or an integer
   vector [n] of 0/1 for a stateful epoch (unidirectional net, no shuffling, n
   a multiple of batch_size; see train.c). Returns list(params =, loss =, diverged =) with a
   fresh copy of params, so an interrupted or diverged epoch leaves the
   caller's weights untouched. */
SEXP rec_train_epoch(SEXP spec, SEXP dropout, SEXP exec, SEXP params, SEXP state, SEXP optim,
                     SEXP x, SEXP y, SEXP loss, SEXP batch_size, SEXP shuffle, SEXP arena,
                     SEXP reset)
{
    net_layout L;
    int T, code, n = check_data_call(&L, spec, dropout, exec, params, x, y, loss, &T, &code);
    if (TYPEOF(state) != REALSXP || (size_t) XLENGTH(state) != 2 * L.n_params + 1)
        Rf_error("internal: optimizer state must be a double vector of length 2P+1");
    if (TYPEOF(optim) != REALSXP || XLENGTH(optim) != 9)
        Rf_error("internal: optim must be a double vector of length 9");
    int bs = Rf_asInteger(batch_size);
    if (bs == NA_INTEGER || bs < 1) Rf_error("internal: invalid batch size");
    const double *ov = REAL(optim);
    optim_config o = { (int) ov[0], ov[1], ov[2], ov[3], ov[4], ov[5], ov[6], ov[7],
                       ov[8] };
    if (o.kind < OPT_ADAM || o.kind > OPT_SGD) Rf_error("internal: invalid optimizer");
    int shuf = Rf_asLogical(shuffle) == TRUE;
    const int *rs = NULL;
    if (reset != R_NilValue) {
        if (TYPEOF(reset) != INTSXP || XLENGTH(reset) != n)
            Rf_error("internal: reset must be an integer vector with one flag per row");
        if (L.s.dirs != 1 || shuf || n % bs)
            Rf_error("internal: a stateful epoch needs a unidirectional network, no "
                     "shuffling and whole batches");
        rs = INTEGER(reset);
    }
    const net_driver *D = net_driver_for(&L);
    double *mem = scratch_from_r(arena, D->scratch_size(&L, RUN_TRAIN, n, T, bs, 1));

    SEXP p2 = PROTECT(copy_advised(params));
    GetRNGstate();
    epoch_result r = D->train_epoch(&L, REAL(p2), REAL(state), &o, REAL(x), REAL(y), n,
                                    T, code, bs, shuf, rs, mem);
    PutRNGstate();
    SEXP res = PROTECT(Rf_mkNamed(VECSXP, (const char *[]) { "params", "loss", "diverged",
                                                              "" }));
    SET_VECTOR_ELT(res, 0, p2);
    SET_VECTOR_ELT(res, 1, Rf_ScalarReal(r.loss));
    SET_VECTOR_ELT(res, 2, Rf_ScalarLogical(r.diverged));
    UNPROTECT(2);
    return res;
}

/* Test entry for gemm(): returns alpha * op(A) op(B) + beta * C as a new matrix.
   threads: the threads, or integer c(threads, how[, single]): how 0 gemm()
   allocating its own buffers, 1 gemm() with a caller's scratch (NaN-filled),
   2 the packed-A path gemm_pack_a() + gemm_packed() with that scratch; single
   1 computes in float (gemm_f on the operands rounded to float). */
SEXP rec_gemm_r(SEXP ta, SEXP tb, SEXP A, SEXP B, SEXP alpha, SEXP beta, SEXP C,
                SEXP threads)
{
    SEXP da = Rf_getAttrib(A, R_DimSymbol), db = Rf_getAttrib(B, R_DimSymbol),
         dc = Rf_getAttrib(C, R_DimSymbol);
    if (TYPEOF(A) != REALSXP || TYPEOF(B) != REALSXP || TYPEOF(C) != REALSXP ||
        Rf_length(da) != 2 || Rf_length(db) != 2 || Rf_length(dc) != 2)
        Rf_error("internal: A, B, C must be double matrices");
    if (TYPEOF(ta) != STRSXP || TYPEOF(tb) != STRSXP || XLENGTH(ta) != 1 ||
        XLENGTH(tb) != 1)
        Rf_error("internal: ta, tb must be \"N\" or \"T\"");
    char a = CHAR(STRING_ELT(ta, 0))[0], b = CHAR(STRING_ELT(tb, 0))[0];
    if ((a != 'N' && a != 'T') || (b != 'N' && b != 'T'))
        Rf_error("internal: ta, tb must be \"N\" or \"T\"");
    int ar = INTEGER(da)[0], ac = INTEGER(da)[1], br = INTEGER(db)[0], bc = INTEGER(db)[1];
    int m = a == 'N' ? ar : ac, k = a == 'N' ? ac : ar;
    int kb = b == 'N' ? br : bc, n = b == 'N' ? bc : br;
    if (kb != k || INTEGER(dc)[0] != m || INTEGER(dc)[1] != n)
        Rf_error("internal: non-conformable matrices");
    int th = Rf_asInteger(threads), how = 0, single = 0;
    if (TYPEOF(threads) == INTSXP && XLENGTH(threads) >= 2) how = INTEGER(threads)[1];
    if (TYPEOF(threads) == INTSXP && XLENGTH(threads) >= 3) single = INTEGER(threads)[2] == 1;
    if (th == NA_INTEGER || th < 1 || how < 0 || how > 2)
        Rf_error("internal: threads must be c(threads >= 1, how 0..2, single)");
    SEXP out = PROTECT(Rf_duplicate(C));
    int lda = ar > 0 ? ar : 1, ldb = br > 0 ? br : 1, ldc = m > 0 ? m : 1;
    (single ? gemm_check_f : gemm_check_d)(a, b, m, n, k, Rf_asReal(alpha), REAL(A), lda,
                                           XLENGTH(A), REAL(B), ldb, XLENGTH(B),
                                           Rf_asReal(beta), REAL(out), ldc, th, how);
    UNPROTECT(1);
    return out;
}

/* Threads OpenMP would use by default (OMP_NUM_THREADS or the cores); 1 without
   OpenMP and in a forked child. */
SEXP rec_max_threads(void)
{
#ifdef _OPENMP
    return Rf_ScalarInteger(cpu_forked() ? 1 : omp_get_max_threads());
#else
    return Rf_ScalarInteger(1);
#endif
}

/* What cpu.c sees: integer c(isa, isa_detected, forked, cores, busy_elsewhere,
   blas_threads, threads) where threads is what an automatic choice gives now. */
SEXP rec_cpu_info(void)
{
    SEXP out = PROTECT(Rf_allocVector(INTSXP, 7));
    int *v = INTEGER(out), max = 1;
#ifdef _OPENMP
    max = omp_get_max_threads();
#endif
    v[0] = cpu_isa(); v[1] = cpu_isa_detected(); v[2] = cpu_forked();
    v[3] = cpu_cores(); v[4] = cpu_busy_elsewhere(); v[5] = cpu_blas_threads();
    v[6] = cpu_threads(max, 1);
    UNPROTECT(1);
    return out;
}

/* For the "auto" calibration (R/exec.R) and the benches: runs reps products
   C [m x n] = op(A) op(B) (C += ...) with exec (as exec_codes() gives it) and
   returns the seconds they took (OpenMP's wall clock; NA without OpenMP),
   after one untimed product. dims = c(m, n, k) or c(m, n, k, single, ta, tb,
   packed): single 1 times gemm_f, ta/tb 1 transpose, packed 1 times a
   prepacked A as at each time step (mm_time in linalg.c). */
SEXP rec_mm_time(SEXP exec, SEXP dims, SEXP reps)
{
    if (TYPEOF(dims) != INTSXP || (XLENGTH(dims) != 3 && XLENGTH(dims) != 7))
        Rf_error("internal: dims must be c(m, n, k[, single, ta, tb, packed])");
    const int *d = INTEGER(dims), more = XLENGTH(dims) == 7;
    int m = d[0], n = d[1], k = d[2], r = Rf_asInteger(reps);
    int single = more && d[3] == 1, ta = more && d[4] == 1, tb = more && d[5] == 1,
        packed = more && d[6] == 1;
    if (m < 1 || n < 1 || k < 1 || r == NA_INTEGER || r < 1)
        Rf_error("internal: invalid sizes");
    exec_config e;
    exec_from_r(&e, exec, single ? PREC_SINGLE : PREC_DOUBLE);
    return Rf_ScalarReal((single ? mm_time_f : mm_time_d)(&e, ta ? 'T' : 'N', tb ? 'T' : 'N',
                                                          m, n, k, packed, r));
}

/* Test entry for vmath.c: which = 0 sigmoid, 1 tanh, on a copy of x; 2 and 3
   the same in float (x rounded to float, the result widened). */
SEXP rec_vmath_r(SEXP x, SEXP which)
{
    int w = Rf_asInteger(which);
    if (TYPEOF(x) != REALSXP) Rf_error("internal: x must be double");
    if (w == NA_INTEGER || w < 0 || w > 3) Rf_error("internal: which must be 0..3");
    SEXP out = PROTECT(Rf_duplicate(x));
    (w >= 2 ? vmath_check_f : vmath_check_d)(REAL(out), (size_t) XLENGTH(out), w % 2);
    UNPROTECT(1);
    return out;
}

/* The smoothing filter (smooth.c) over z with m seasonal states, parameters
   par = (alpha, beta, gamma, phi) from the start state (level, trend, m
   seasonal states): the sum of squared one-step errors, or, with residuals
   TRUE, list(sse, state after the last observation, residuals). */
SEXP rec_es_filter(SEXP z, SEXP m, SEXP par, SEXP state, SEXP residuals)
{
    int mm = Rf_asInteger(m);
    if (TYPEOF(z) != REALSXP || XLENGTH(z) > INT_MAX || mm == NA_INTEGER || mm < 1 ||
        TYPEOF(par) != REALSXP || XLENGTH(par) != 4 || TYPEOF(state) != REALSXP ||
        XLENGTH(state) != (R_xlen_t) mm + 2)
        Rf_error("internal: es_filter needs double z, m >= 1, par [4], state [m + 2]");
    int n = (int) XLENGTH(z);
    if (!Rf_asLogical(residuals)) {
        double *st = (double *) R_alloc((size_t) mm + 2, sizeof(double));
        memcpy(st, REAL(state), sizeof(double) * ((size_t) mm + 2));
        return Rf_ScalarReal(es_filter(REAL(z), n, mm, REAL(par), st, NULL));
    }
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 3));
    SEXP st = SET_VECTOR_ELT(out, 1, Rf_duplicate(state));
    SEXP res = SET_VECTOR_ELT(out, 2, Rf_allocVector(REALSXP, n));
    SET_VECTOR_ELT(out, 0, Rf_ScalarReal(es_filter(REAL(z), n, mm, REAL(par), REAL(st),
                                                    REAL(res))));
    UNPROTECT(1);
    return out;
}

/* The iterated linear path (linpath.c) of n rows: B [n, Lb] double, lag
   [n] integer in 0..Lb, center and scale [n] double, coef [ns, 1 + L]
   double, unit [n] integer in 1..ns (R's 1-based units), L in 1..Lb, Hs >= 1.
   Returns out [n, Hs]. */
SEXP rec_linear_paths(SEXP B, SEXP lag, SEXP center, SEXP scale, SEXP coef, SEXP unit,
                      SEXP L, SEXP Hs)
{
    SEXP dB = Rf_getAttrib(B, R_DimSymbol), dC = Rf_getAttrib(coef, R_DimSymbol);
    int l = Rf_asInteger(L), h = Rf_asInteger(Hs);
    if (TYPEOF(B) != REALSXP || XLENGTH(dB) < 2 || TYPEOF(coef) != REALSXP || XLENGTH(dC) < 2 ||
        TYPEOF(lag) != INTSXP || TYPEOF(unit) != INTSXP || TYPEOF(center) != REALSXP ||
        TYPEOF(scale) != REALSXP || l == NA_INTEGER || h == NA_INTEGER || h < 1)
        Rf_error("internal: linear_paths needs double B [n, Lb], coef [ns, 1 + L], "
                 "integer lag and unit, double center and scale, L and Hs");
    int n = INTEGER(dB)[0], Lb = INTEGER(dB)[1], ns = INTEGER(dC)[0];
    if (l < 1 || l > Lb || INTEGER(dC)[1] != l + 1 || XLENGTH(lag) != n ||
        XLENGTH(unit) != n || XLENGTH(center) != n || XLENGTH(scale) != n)
        Rf_error("internal: linear_paths got inconsistent sizes");
    int *u0 = (int *) R_alloc((size_t) n + 1, sizeof(int));
    for (int i = 0; i < n; i++) {
        int g = INTEGER(lag)[i], u = INTEGER(unit)[i];
        if (g == NA_INTEGER || g < 0 || g > Lb || u == NA_INTEGER || u < 1 || u > ns)
            Rf_error("internal: linear_paths row %d has lag %d or unit %d out of range", i + 1, g, u);
        u0[i] = u - 1;
    }
    SEXP out = PROTECT(Rf_allocMatrix(REALSXP, n, h));
    double *buf = (double *) R_alloc((size_t) Lb, sizeof(double));
    linear_paths(n, Lb, l, h, REAL(B), INTEGER(lag), REAL(center), REAL(scale), REAL(coef), ns,
                 u0, buf, REAL(out));
    UNPROTECT(1);
    return out;
}

/* The direct seasonal regression (direct.c) of y [n] double (finite) at
   steps 1..h: periods integer ascending, config = c(D, W, lev, lags, first)
   integer, lambda > 0, max_rows >= 1. Returns list(mean [h], fitted [n], NA
   outside the rows of step 1). */
SEXP rec_direct_fit(SEXP y, SEXP periods, SEXP config, SEXP h, SEXP lambda, SEXP max_rows)
{
    int hh = Rf_asInteger(h), mr = Rf_asInteger(max_rows);
    double lam = Rf_asReal(lambda);
    if (TYPEOF(y) != REALSXP || XLENGTH(y) > INT_MAX || TYPEOF(periods) != INTSXP ||
        TYPEOF(config) != INTSXP || XLENGTH(config) != 5 || hh == NA_INTEGER || hh < 1 ||
        mr == NA_INTEGER || mr < 1 || !(lam > 0) || !isfinite(lam))
        Rf_error("internal: direct_fit needs double y, integer periods and config [5], "
                 "h >= 1, lambda > 0, max_rows >= 1");
    int n = (int) XLENGTH(y);
    const int *cf = INTEGER(config);
    direct_config c = { INTEGER(periods), (int) XLENGTH(periods), cf[0], cf[1], cf[2], cf[3],
                        cf[4] };
    if (c.np > 2 || c.D < 0 || c.W < 0 || c.lev < 1 || c.lags < 0 || (c.np > 0 && c.D < 1) ||
        (c.W > 1 && c.np < 2))
        Rf_error("internal: direct_fit config out of range");
    /* every index of direct.c's features must fall in 1..n: first beyond the
       longest look back (in double, so that no product overflows) */
    double need = c.lags > c.lev ? c.lags : c.lev;
    for (int i = 0; i < c.np; i++) {
        int p = c.periods[i];
        if (p == NA_INTEGER || p < 1 || (i > 0 && p <= c.periods[i - 1]))
            Rf_error("internal: direct_fit periods must be ascending and positive");
        need = fmax(need, p);
    }
    if (c.np > 0) need = fmax(need, (double) c.periods[0] * c.D);
    if (c.W > 1) need = fmax(need, (double) c.periods[1] * c.W);
    if (c.first == NA_INTEGER || c.first <= need || n - hh < c.first)
        Rf_error("internal: direct_fit needs first > %.0f and n - h >= first (n %d, h %d, first %d)",
                 need, n, hh, c.first);
    for (int i = 0; i < n; i++)
        if (!isfinite(REAL(y)[i])) Rf_error("internal: direct_fit got a non-finite value");
    if (mr > n) mr = n;
    int d = direct_features_count(&c);
    double *work = (double *) R_alloc(direct_work_size(n, d, mr), sizeof(double));
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SEXP mean = SET_VECTOR_ELT(out, 0, Rf_allocVector(REALSXP, hh));
    SEXP fit = SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, n));
    for (int i = 0; i < n; i++) REAL(fit)[i] = NA_REAL;
    int bad = direct_fit(REAL(y), n, &c, hh, lam, mr, work, REAL(mean), REAL(fit));
    if (bad) Rf_error("internal: direct_fit's system at step %d is not positive definite", bad);
    UNPROTECT(1);
    return out;
}

/* The autoregression (ar.c) of u [n] double (finite), orders 0..order_max
   (0 <= order_max < n), forecast h >= 0 steps. Returns list(ahead [h], resid
   [n] (NA for the first `order`), order, coef [order]). */
SEXP rec_ar_ols(SEXP u, SEXP order_max, SEXP h)
{
    int M = Rf_asInteger(order_max), hh = Rf_asInteger(h);
    if (TYPEOF(u) != REALSXP || XLENGTH(u) > INT_MAX / 2 || M == NA_INTEGER || M < 0 ||
        M >= XLENGTH(u) || hh == NA_INTEGER || hh < 0)
        Rf_error("internal: ar_ols needs double u [n], 0 <= order_max < n, h >= 0");
    int n = (int) XLENGTH(u);
    for (int i = 0; i < n; i++)
        if (!isfinite(REAL(u)[i])) Rf_error("internal: ar_ols got a non-finite value");
    double *work = (double *) R_alloc(ar_work_size(n, M), sizeof(double));
    double *coef = (double *) R_alloc((size_t) M + 1, sizeof(double));
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 4));
    SEXP ahead = SET_VECTOR_ELT(out, 0, Rf_allocVector(REALSXP, hh));
    SEXP resid = SET_VECTOR_ELT(out, 1, Rf_allocVector(REALSXP, n));
    for (int i = 0; i < n; i++) REAL(resid)[i] = NA_REAL;
    int p = ar_ols(REAL(u), n, M, hh, work, coef, REAL(resid), REAL(ahead));
    SET_VECTOR_ELT(out, 2, Rf_ScalarInteger(p));
    SEXP cf = SET_VECTOR_ELT(out, 3, Rf_allocVector(REALSXP, p));
    for (int j = 0; j < p; j++) REAL(cf)[j] = coef[j];
    UNPROTECT(1);
    return out;
}

/* Matrix products for the kernels (column-major): our own gemm.c, R's BLAS (an
 * optimised BLAS such as OpenBLAS or MKL), or per product the faster of the two
 * ("auto", the crossover measured once per session by R/exec.R). Kernels call
 * mm() so the choice, the packing scratch and the Fortran string-length
 * convention live here. Single precision always uses gemm.c (R's BLAS
 * interface, R_ext/BLAS.h, is double only). Called on R's main thread only
 * (never inside an OpenMP region): it may R_alloc. */
#ifndef REAL_BODY
#define USE_FC_LEN_T
#include <math.h>
#include <string.h>
#include <R_ext/Memory.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <R_ext/BLAS.h>
#ifndef FCONE
#define FCONE
#endif
#include "recurrent.h"
#include "gemm.h"

/* Whether R's BLAS computes this double product. */
static int use_r_blas(const exec_config *e, int m, int n, int k)
{
    if (e->r_blas == BLAS_R) return 1;
    if (e->r_blas == BLAS_AUTO) return (double) m * n * k < e->r_blas_below;
    return 0;
}

/* One .Call's state. Threads by measurement: results are bit-identical for
 * any thread count, so the products that would run threaded are timed, in
 * pairs, on one thread and on e->threads; when the threaded ones are not
 * clearly faster (another process holds a core, so threads wait for each
 * other at every time step), the call goes on with one thread, for the cell
 * loops too. The measurement is repeated after `every` threaded-size products
 * (doubling while one thread keeps winning), so a machine that becomes free
 * gets its threads back. */
struct exec_state {
    void *buf;              /* gemm packing scratch, len bytes */
    size_t len;
    int measure;            /* 0: keep e->threads (the user chose them) */
    int serial;             /* 1: this call runs on one thread for now */
    int probing, pairs;     /* measuring; pairs timed so far */
    int half;               /* next timed product: 0 serial, 1 threaded */
    int pm, pn, pk;         /* shape of the pending serial half: a pair is two
                               products of one shape (per step, the same one) */
    double pending;         /* its seconds */
    double t1, tp;          /* seconds of the pairs, 1 / e->threads threads */
    long since, every;      /* products since the last decision; interval */
};

#define PROBE_PAIRS 3       /* pairs before a decision ... */
#define PROBE_EARLY 1.5     /* ... unless threads are this much slower at once */
#define PROBE_GAIN 0.9      /* threads kept when at most this x the serial time */
#define PROBE_EVERY 64

exec_state *exec_state_new(int measure)
{
    exec_state *s = (exec_state *) R_alloc(1, sizeof(exec_state));
    memset(s, 0, sizeof *s);
    s->measure = measure;
    s->probing = 1;
    s->every = PROBE_EVERY;
    return s;
}

int exec_threads(const exec_config *e)
{
    return e->state && e->state->serial ? 1 : e->threads;
}

void exec_state_attach(exec_state *s, void *buf, size_t bytes)
{
    if (s && buf && bytes > s->len) {
        s->buf = buf;
        s->len = bytes;
    }
}

/* The call's packing buffer, at least `bytes` long: grown when a product needs
   more (the old buffer stays with R until the call ends; the sizes settle
   after the first step, so the time-step loop allocates nothing). */
static void *state_buffer(exec_state *s, size_t bytes)
{
    if (bytes > s->len) {
        size_t len = bytes > 2 * s->len ? bytes : 2 * s->len;
        s->buf = R_alloc(len, 1);
        s->len = len;
    }
    return s->buf;
}

#ifdef _OPENMP
/* Records a timed product; decides when enough pairs are in. */
static void probe_record(exec_state *s, int threaded, int m, int n, int k, double sec)
{
    if (!threaded) {                   /* first half of a pair */
        s->pending = sec;
        s->pm = m; s->pn = n; s->pk = k;
        s->half = 1;
        return;
    }
    s->half = 0;
    s->t1 += s->pending;
    s->tp += sec;
    s->pairs++;
    int early = s->tp > PROBE_EARLY * s->t1;
    if (!early && s->pairs < PROBE_PAIRS) return;
    int serial = early || s->tp > PROBE_GAIN * s->t1;
    s->every = serial && s->serial ? 2 * s->every : PROBE_EVERY;
    s->serial = serial;
    s->probing = 0;
    s->pairs = 0;
    s->t1 = s->tp = 0;
    s->since = 0;
}

/* Threads for a product of threaded size while measuring (see exec_state):
   returns the threads to run it on and sets *timed to 0 (the serial half of
   a pair), 1 (the threaded half) or -1 (not timed). */
static int probe_threads(const exec_config *e, int m, int n, int k, int *timed)
{
    exec_state *s = e->state;
    *timed = -1;
    if (!s->probing && ++s->since >= s->every) s->probing = 1;
    if (!s->probing) return exec_threads(e);
    *timed = s->half && s->pm == m && s->pn == n && s->pk == k;
    return *timed ? e->threads : 1;
}
#endif

#define REAL_SELF "linalg.c"
#include "real.h"

#else /* REAL_BODY */

/* gemm() or gemm_packed() (pa non-NULL) with the threads chosen as above and
   the call's scratch (none without state: gemm() then allocates itself). */
static void RT(run_gemm)(const exec_config *e, char ta, char tb, int m, int n, int k,
                         real_t alpha, const real_t *A, int lda, const real_t *pa,
                         const real_t *B, int ldb, real_t beta, real_t *C, int ldc)
{
    exec_state *s = e->state;
    real_t *scratch = s ? (real_t *) state_buffer(
        s, sizeof(real_t) * RT(gemm_scratch_size)(m, n, k, e->threads)) : NULL;
    int threads = exec_threads(e);
#ifdef _OPENMP
    int timed = -1;
    if (s && s->measure && e->threads > 1 && RT(gemm_threads)(m, n, k, e->threads) > 1)
        threads = probe_threads(e, m, n, k, &timed);
    double t0 = timed >= 0 ? omp_get_wtime() : 0;
#endif
    if (pa)
        RT(gemm_packed)(m, n, k, alpha, pa, tb, B, ldb, beta, C, ldc, threads, scratch);
    else
        RT(gemm)(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, threads, scratch);
#ifdef _OPENMP
    if (timed >= 0)
        probe_record(s, timed, m, n, k, omp_get_wtime() - t0);
#endif
}

/* Whether R's BLAS computes this product (never in single precision). */
static int RT(r_blas_for)(const exec_config *e, int m, int n, int k)
{
#if REAL_FLOAT
    (void) e; (void) m; (void) n; (void) k;
    return 0;
#else
    return use_r_blas(e, m, n, k);
#endif
}

int RT(mm_uses_gemm)(const exec_config *e, int m, int n, int k)
{
    return !RT(r_blas_for)(e, m, n, k);
}

void RT(mm)(const exec_config *e, char ta, char tb, int m, int n, int k, real_t alpha,
            const real_t *A, int lda, const real_t *B, int ldb, real_t beta, real_t *C,
            int ldc)
{
    if (m <= 0 || n <= 0) return;
    if (!RT(r_blas_for)(e, m, n, k)) {
        RT(run_gemm)(e, ta, tb, m, n, k, alpha, A, lda, NULL, B, ldb, beta, C, ldc);
        return;
    }
#if !REAL_FLOAT
    if (k <= 0) {                       /* empty product: C = beta * C */
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                C[i + (size_t) ldc * j] = beta == 0 ? 0 : beta * C[i + (size_t) ldc * j];
        return;
    }
    F77_CALL(dgemm)(&ta, &tb, &m, &n, &k, &alpha, A, &lda, B, &ldb, &beta, C,
                    &ldc FCONE FCONE);
#endif
}

size_t RT(pack_size)(int m, int k) { return RT(gemm_pack_size)(m, k); }

/* Packs unless every product goes to R's BLAS ("auto" decides per product in
   mm_packed, when n is known). */
void RT(pack_mat)(const exec_config *e, RT(packed_mat) *p, char ta, int m, int k,
                  const real_t *A, int lda, real_t *buf)
{
    p->ta = ta; p->m = m; p->k = k; p->A = A; p->lda = lda; p->pa = NULL;
    if ((REAL_FLOAT || e->r_blas != BLAS_R) && m > 0 && k > 0) {
        RT(gemm_pack_a)(ta, m, k, A, lda, buf, exec_threads(e));
        p->pa = buf;
    }
}

void RT(mm_packed)(const exec_config *e, const RT(packed_mat) *p, int n, real_t alpha,
                   const real_t *B, int ldb, real_t beta, real_t *C, int ldc)
{
    if (p->pa && n > 0 && !RT(r_blas_for)(e, p->m, n, p->k))
        RT(run_gemm)(e, 'N', 'N', p->m, n, p->k, alpha, NULL, 0, p->pa, B, ldb, beta, C,
                     ldc);
    else
        RT(mm)(e, p->ta, 'N', p->m, n, p->k, alpha, p->A, p->lda, B, ldb, beta, C, ldc);
}

void RT(mm_packed_on)(const RT(packed_mat) *p, int n, real_t alpha, const real_t *B,
                      int ldb, real_t beta, real_t *C, int ldc, real_t *scratch)
{
    RT(gemm_packed)(p->m, n, p->k, alpha, p->pa, 'N', B, ldb, beta, C, ldc, 1, scratch);
}

/* y[0..n) += a[0..n), vectorised (additions only: each y[i] is the same sum
   as in a scalar loop). */
static void RT(add_to)(real_t *restrict y, const real_t *restrict a, size_t n)
{
    SIMD_LOOP
    for (size_t i = 0; i < n; i++) y[i] += a[i];
}

void RT(add_row_sums)(const exec_config *e, int m, int n, const real_t *A, real_t *y,
                      real_t *y2)
{
    /* rows split among threads, each row summed over the columns in order */
    PARALLEL_RANGES(e, m, (double) m * n, {
        for (int j = 0; j < n; j++) {
            const real_t *a = A + (size_t) m * j + lo;
            RT(add_to)(y + lo, a, len);
            if (y2) RT(add_to)(y2 + lo, a, len);
        }
    });
}

double RT(mm_time)(const exec_config *e, char ta, char tb, int m, int n, int k,
                   int packed, int reps)
{
    real_t *A = (real_t *) R_alloc((size_t) m * k, sizeof(real_t));
    real_t *B = (real_t *) R_alloc((size_t) k * n, sizeof(real_t));
    real_t *C = (real_t *) R_alloc((size_t) m * n, sizeof(real_t));
    real_t *buf = packed ? (real_t *) R_alloc(RT(pack_size)(m, k), sizeof(real_t)) : NULL;
    for (size_t i = 0; i < (size_t) m * k; i++) A[i] = (real_t) (i % 7) / 7 - (real_t) 0.4;
    for (size_t i = 0; i < (size_t) k * n; i++) B[i] = (real_t) (i % 5) / 5 - (real_t) 0.4;
    memset(C, 0, sizeof(real_t) * m * n);
    const int lda = ta == 'N' ? m : k, ldb = tb == 'N' ? k : n;
    RT(packed_mat) pm;
    if (packed) RT(pack_mat)(e, &pm, ta, m, k, A, lda, buf);
    double t0 = 0;
    for (int i = -1; i < reps; i++) {  /* i = -1: untimed, allocates the scratch */
#ifdef _OPENMP
        if (i == 0) t0 = omp_get_wtime();
#endif
        if (packed) RT(mm_packed)(e, &pm, n, 1, B, ldb, (real_t) 0.5, C, m);
        else RT(mm)(e, ta, tb, m, n, k, 1, A, lda, B, ldb, (real_t) 0.5, C, m);
    }
#ifdef _OPENMP
    return omp_get_wtime() - t0;
#else
    (void) t0;
    return NAN;
#endif
}

/* A copy of src [n] in this precision for the test harness (double: src). */
static real_t *RT(test_copy)(const double *src, size_t n)
{
#if REAL_FLOAT
    real_t *d = (real_t *) R_alloc(n ? n : 1, sizeof(real_t));
    RT(from_double)(d, src, n);
    return d;
#else
    (void) n;
    return (real_t *) src;
#endif
}

void RT(gemm_check)(char ta, char tb, int m, int n, int k, double alpha, const double *A,
                    int lda, size_t na, const double *B, int ldb, size_t nb, double beta,
                    double *C, int ldc, int threads, int how)
{
    const real_t *a = RT(test_copy)(A, na), *b = RT(test_copy)(B, nb);
    real_t *c = RT(test_copy)(C, (size_t) m * n), *scratch = NULL;
    if (how >= 1) {                    /* caller's scratch, NaN-filled: never read */
        size_t len = RT(gemm_scratch_size)(m, n, k, threads);
        scratch = (real_t *) R_alloc(len + 1, sizeof(real_t));
        for (size_t i = 0; i <= len; i++) scratch[i] = (real_t) NAN;
    }
    if (how == 2 && m > 0 && k > 0) {  /* gemm_pack_a + gemm_packed */
        real_t *pa = (real_t *) R_alloc(RT(gemm_pack_size)(m, k), sizeof(real_t));
        RT(gemm_pack_a)(ta, m, k, a, lda, pa, threads);
        RT(gemm_packed)(m, n, k, (real_t) alpha, pa, tb, b, ldb, (real_t) beta, c, ldc,
                        threads, scratch);
    } else {
        RT(gemm)(ta, tb, m, n, k, (real_t) alpha, a, lda, b, ldb, (real_t) beta, c, ldc,
                 threads, scratch);
    }
    RT(to_double)(C, c, (size_t) m * n);
}

#endif /* REAL_BODY */

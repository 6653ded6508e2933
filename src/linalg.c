/* Matrix products for the kernels (column-major): our own gemm.c, R's BLAS (an
 * optimised BLAS such as OpenBLAS or MKL), or per product the faster of the two
 * ("auto", the crossover measured once per session by R/exec.R). Kernels call
 * mm() so the choice, the packing scratch and the Fortran string-length
 * convention live here. Called on R's main thread only (never inside an OpenMP
 * region): it may R_alloc. */
#define USE_FC_LEN_T
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

/* Whether R's BLAS computes this product. */
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
    double *buf;            /* gemm packing scratch, len doubles */
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
#endif

/* gemm.c's packing buffers for one product: the call's scratch, grown when a
   product needs more (the old buffer stays with R until the call ends; the
   sizes settle after the first step, so the time-step loop allocates nothing).
   NULL without state: gemm() then allocates itself. */
static double *scratch_for(const exec_config *e, int m, int n, int k)
{
    exec_state *s = e->state;
    if (!s) return NULL;
    size_t need = gemm_scratch_size(m, n, k, e->threads);
    if (need > s->len) {
        size_t len = need > 2 * s->len ? need : 2 * s->len;
        s->buf = (double *) R_alloc(len, sizeof(double));
        s->len = len;
    }
    return s->buf;
}

/* gemm() or gemm_packed() (pa non-NULL) with the threads chosen as above. */
static void run_gemm(const exec_config *e, char ta, char tb, int m, int n, int k,
                     double alpha, const double *A, int lda, const double *pa,
                     const double *B, int ldb, double beta, double *C, int ldc)
{
    double *scratch = scratch_for(e, m, n, k);
    int threads = exec_threads(e);
#ifdef _OPENMP
    exec_state *s = e->state;
    int timed = -1;
    if (s && s->measure && e->threads > 1 && gemm_threads(m, n, k, e->threads) > 1) {
        if (!s->probing && ++s->since >= s->every) s->probing = 1;
        if (s->probing) {
            /* a pair: serial, then threaded on the same shape */
            timed = s->half && s->pm == m && s->pn == n && s->pk == k;
            threads = timed ? e->threads : 1;
        }
    }
    double t0 = timed >= 0 ? omp_get_wtime() : 0;
#endif
    if (pa)
        gemm_packed(m, n, k, alpha, pa, tb, B, ldb, beta, C, ldc, threads, scratch);
    else
        gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, threads, scratch);
#ifdef _OPENMP
    if (timed >= 0)
        probe_record(s, timed, m, n, k, omp_get_wtime() - t0);
#endif
}

void mm(const exec_config *e, char ta, char tb, int m, int n, int k, double alpha,
        const double *A, int lda, const double *B, int ldb, double beta, double *C,
        int ldc)
{
    if (m <= 0 || n <= 0) return;
    if (!use_r_blas(e, m, n, k)) {
        run_gemm(e, ta, tb, m, n, k, alpha, A, lda, NULL, B, ldb, beta, C, ldc);
        return;
    }
    if (k <= 0) {                       /* empty product: C = beta * C */
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                C[i + (size_t) ldc * j] = beta == 0 ? 0 : beta * C[i + (size_t) ldc * j];
        return;
    }
    F77_CALL(dgemm)(&ta, &tb, &m, &n, &k, &alpha, A, &lda, B, &ldb, &beta, C,
                    &ldc FCONE FCONE);
}

size_t pack_size(int m, int k) { return gemm_pack_size(m, k); }

/* Packs unless every product goes to R's BLAS ("auto" decides per product in
   mm_packed, when n is known). */
void pack_mat(const exec_config *e, packed_mat *p, char ta, int m, int k,
              const double *A, int lda, double *buf)
{
    p->ta = ta; p->m = m; p->k = k; p->A = A; p->lda = lda; p->pa = NULL;
    if (e->r_blas != BLAS_R && m > 0 && k > 0) {
        gemm_pack_a(ta, m, k, A, lda, buf);
        p->pa = buf;
    }
}

void mm_packed(const exec_config *e, const packed_mat *p, int n, double alpha,
               const double *B, int ldb, double beta, double *C, int ldc)
{
    if (p->pa && n > 0 && !use_r_blas(e, p->m, n, p->k))
        run_gemm(e, 'N', 'N', p->m, n, p->k, alpha, NULL, 0, p->pa, B, ldb, beta, C, ldc);
    else
        mm(e, p->ta, 'N', p->m, n, p->k, alpha, p->A, p->lda, B, ldb, beta, C, ldc);
}

void add_row_sums(int m, int n, const double *A, double *y)
{
    for (int j = 0; j < n; j++) {
        const double *a = A + (size_t) m * j;
        for (int i = 0; i < m; i++) y[i] += a[i];
    }
}

/* Matrix products for the kernels (column-major): our own gemm.c, R's BLAS (an
 * optimised BLAS such as OpenBLAS or MKL), or per product the faster of the two
 * ("auto", the crossover measured once per session by R/exec.R). Kernels call
 * mm() so the choice, the packing scratch and the Fortran string-length
 * convention live here. Called on R's main thread only (never inside an OpenMP
 * region): it may R_alloc. */
#define USE_FC_LEN_T
#include <R_ext/Memory.h>
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

/* gemm.c's packing buffers for one product: the call's scratch, grown when a
   product needs more (the old buffer stays with R until the call ends; the
   sizes settle after the first step, so the time-step loop allocates nothing).
   NULL without scratch: gemm() then allocates itself. */
static double *scratch_for(const exec_config *e, int m, int n, int k)
{
    mm_scratch *s = e->scratch;
    if (!s) return NULL;
    size_t need = gemm_scratch_size(m, n, k, e->threads);
    if (need > s->len) {
        size_t len = need > 2 * s->len ? need : 2 * s->len;
        s->buf = (double *) R_alloc(len, sizeof(double));
        s->len = len;
    }
    return s->buf;
}

void mm(const exec_config *e, char ta, char tb, int m, int n, int k, double alpha,
        const double *A, int lda, const double *B, int ldb, double beta, double *C,
        int ldc)
{
    if (m <= 0 || n <= 0) return;
    if (!use_r_blas(e, m, n, k)) {
        gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, e->threads,
             scratch_for(e, m, n, k));
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
        gemm_packed(p->m, n, p->k, alpha, p->pa, 'N', B, ldb, beta, C, ldc, e->threads,
                    scratch_for(e, p->m, n, p->k));
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

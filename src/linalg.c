/* Matrix products for the kernels (column-major): our own gemm.c by default, or
 * R's BLAS when asked (an optimised BLAS such as OpenBLAS or MKL). Kernels call
 * mm() so the choice and the Fortran string-length convention live here. */
#define USE_FC_LEN_T
#include <R_ext/BLAS.h>
#ifndef FCONE
#define FCONE
#endif
#include "recurrent.h"
#include "gemm.h"

void mm(const exec_config *e, char ta, char tb, int m, int n, int k, double alpha,
        const double *A, int lda, const double *B, int ldb, double beta, double *C,
        int ldc)
{
    if (m <= 0 || n <= 0) return;
    if (!e->r_blas) {
        gemm(ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc, e->threads);
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

void pack_mat(const exec_config *e, packed_mat *p, char ta, int m, int k,
              const double *A, int lda, double *buf)
{
    p->ta = ta; p->m = m; p->k = k; p->A = A; p->lda = lda; p->pa = NULL;
    if (!e->r_blas && m > 0 && k > 0) {
        gemm_pack_a(ta, m, k, A, lda, buf);
        p->pa = buf;
    }
}

void mm_packed(const exec_config *e, const packed_mat *p, int n, double alpha,
               const double *B, int ldb, double beta, double *C, int ldc)
{
    if (p->pa && n > 0)
        gemm_packed(p->m, n, p->k, alpha, p->pa, 'N', B, ldb, beta, C, ldc, e->threads);
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

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

void add_row_sums(int m, int n, const double *A, double *y)
{
    for (int j = 0; j < n; j++) {
        const double *a = A + (size_t) m * j;
        for (int i = 0; i < m; i++) y[i] += a[i];
    }
}

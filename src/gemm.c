/* Placeholder: straightforward loops with the right semantics; to be replaced
 * by the blocked, vectorised kernel. */
#include "gemm.h"

void gemm(char ta, char tb, int m, int n, int k, double alpha, const double *A,
          int lda, const double *B, int ldb, double beta, double *C, int ldc,
          int threads)
{
    (void) threads;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                double a = ta == 'N' ? A[i + (long) lda * p] : A[p + (long) lda * i];
                double b = tb == 'N' ? B[p + (long) ldb * j] : B[j + (long) ldb * p];
                s += a * b;
            }
            double *c = C + i + (long) ldc * j;
            *c = alpha * s + (beta == 0 ? 0 : beta * *c);
        }
}

/* recurrent's own GEMM (gemm.c): column-major, the semantics of BLAS dgemm,
 *   C [m x n] = alpha * op(A) [m x k] * op(B) [k x n] + beta * C,
 * op(X) = X for 'N', X^T for 'T'. Used instead of R's BLAS because the BLAS R
 * ships by default (reference BLAS on Debian, Windows, macOS) runs at a few
 * GFLOP/s. Deterministic: every element of C is summed over k in the same
 * order whatever the number of threads. Never calls R (safe inside OpenMP). */
#ifndef RECURRENT_GEMM_H
#define RECURRENT_GEMM_H

void gemm(char ta, char tb, int m, int n, int k, double alpha, const double *A,
          int lda, const double *B, int ldb, double beta, double *C, int ldc,
          int threads);

#endif

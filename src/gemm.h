/* recurrent's own GEMM (gemm.c): column-major, the semantics of BLAS dgemm
 * (and sgemm),
 *   C [m x n] = alpha * op(A) [m x k] * op(B) [k x n] + beta * C,
 * op(X) = X for 'N', X^T for 'T'. Used instead of R's BLAS because the BLAS R
 * ships by default (reference BLAS on Debian, Windows, macOS) runs at a few
 * GFLOP/s. Deterministic: every element of C is summed over k in the same
 * order whatever the number of threads. Never calls R (safe inside OpenMP).
 *
 * As in BLAS: beta == 0 means C is not read (NaN in C does not propagate);
 * alpha == 0 or k == 0 means A and B are not read and C = beta * C; m or n
 * <= 0 does nothing. threads is the maximum number of OpenMP threads to use
 * (<= 1: serial); small products always run serially. The result does not
 * depend on threads (bit-identical), but does depend on the CPU (the kernel is
 * chosen when the package loads, by cpu.c: AVX-512, AVX2+FMA or portable C).
 *
 * scratch: packing buffers, at least gemm_scratch_size(m, n, k, threads)
 * elements (any alignment), reused across calls so that a product per time step
 * allocates nothing; NULL makes gemm() malloc and free them itself. The size
 * bounds gemm_packed() with the same m, n, k, threads too. */
#ifndef RECURRENT_GEMM_H
#define RECURRENT_GEMM_H

#include <stddef.h>

/* Both precisions, with one set of semantics: gemm_d (double) and gemm_f
 * (float), the same for every function below. gemm.c computes each from one
 * body (real.h); float has its own register tiles (twice the lanes). Sizes
 * (scratch, packed buffers) count elements of the precision's type. */
#define GEMM_DECLARE(T, S)                                                        \
void gemm##S(char ta, char tb, int m, int n, int k, T alpha, const T *A, int lda,  \
             const T *B, int ldb, T beta, T *C, int ldc, int threads, T *scratch); \
size_t gemm_scratch_size##S(int m, int n, int k, int threads);                     \
int gemm_threads##S(int m, int n, int k, int threads);                             \
size_t gemm_pack_size##S(int m, int k);                                            \
void gemm_pack_a##S(char ta, int m, int k, const T *A, int lda, T *pa, int threads);\
void gemm_packed##S(int m, int n, int k, T alpha, const T *pa, char tb, const T *B, \
                    int ldb, T beta, T *C, int ldc, int threads, T *scratch);
GEMM_DECLARE(double, _d)
GEMM_DECLARE(float, _f)
#undef GEMM_DECLARE

/* gemm_scratch_size(m, n, k, threads): elements of scratch for a product.
 * gemm_threads(m, n, k, threads): the threads gemm() would use for this
 * product with at most `threads`: 1 for products too small to repay waking a
 * second thread (GEMM_PARALLEL_MIN).
 *
 * Packed A, for products that reuse one A many times (the recurrent weights,
 * W_hh or W_hh^T, once per time step). Pack once, then call gemm_packed() with
 * any number of B and C:
 *
 *   double *pa = (double *) R_alloc(gemm_pack_size_d(m, k), sizeof(double));
 *   gemm_pack_a_d(ta, m, k, A, lda, pa, threads);  // pa holds op(A) [m x k]
 *   for (t = ...) gemm_packed_d(m, n, k, alpha, pa, tb, B_t, ldb, beta, C_t, ldc,
 *                               threads, scratch);
 *
 * gemm_packed(m, n, k, alpha, pa, tb, B, ...) gives bit for bit the result of
 * gemm(ta, tb, m, n, k, alpha, A, ...). The packed layout is private to gemm.c
 * and only valid within the process that packed it (it depends on the CPU's
 * kernel); m and k must be the same in all three calls. Allocation is the
 * caller's (any alignment). gemm_pack_size(m, k) is the number of elements of
 * the packed buffer (0 when m <= 0 or k <= 0). gemm_pack_a() copies its
 * panels on up to `threads` threads when A is large (a copy: the layout is
 * the same for any number). */

#endif

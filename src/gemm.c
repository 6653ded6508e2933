/* recurrent's own double-precision GEMM (interface and semantics in gemm.h).
 *
 * Goto/BLIS blocking. C is computed in register tiles of MR x NR by a
 * micro-kernel that reads two packed, contiguous operands:
 *   - a packed A micro-panel: MR rows of op(A) for kc values of k, stored
 *     k-major ([kc][MR]), rows beyond m zero-filled;
 *   - a packed B micro-panel: NR columns of op(B), stored k-major ([kc][NR]),
 *     columns beyond n zero-filled.
 * Loops, outermost first:
 *   jc  over columns of C in blocks of NC      (a packed B block kc x NC: L3)
 *   pc  over k in blocks of kc                 (never split across threads)
 *   ic  over rows of C in blocks of MC         (a packed A block MC x kc: L2)
 *   jr  over NR-column micro-panels            (one B micro-panel: L1)
 *   ir  over MR-row micro-panels               (the micro-kernel)
 * The first k block applies the caller's beta, the following ones add (beta 1).
 *
 * Determinism: every C element is the same sequence of operations (the k blocks
 * are a function of k only, the kernel accumulates over k in order) whatever
 * tile or thread computes it. Threads own disjoint rectangles of C, cut on
 * MR/NR tile boundaries; each runs the serial algorithm on its rectangle with
 * its own packing buffers. So results are bit-identical for any thread count.
 *
 * Kernels, chosen once at run time (cached in a static flag):
 *   AVX-512F 24x8 (3 x 8 zmm accumulators), AVX2+FMA 8x6 (2 x 6 ymm), and a
 *   portable 4x4: GNU C vector extensions (SSE2, NEON) under gcc/clang, plain
 *   C99 otherwise. Edge tiles use the same kernel with masked loads/stores
 *   (AVX-512/AVX2) or bounded loops, so edges round like interior tiles.
 *   The instruction set comes from cpu.c (detected once when the package
 *   loads; the environment variable RECURRENT_GEMM_ISA=portable|avx2|avx512
 *   caps it, for testing the fallbacks).
 *
 * No R API here: this code runs inside OpenMP regions. Packing buffers come
 * from the caller (scratch, gemm_scratch_size() doubles, reused over many
 * calls: no allocation per time step), or, when the caller passes NULL, are
 * malloc'ed and freed in the same call. */
#include <stdlib.h>
#include <string.h>
#include "gemm.h"
#include "cpu.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* GNU C (gcc, clang): vector extensions for the portable kernel; on x86-64 also
   AVX2/AVX-512 kernels. -DGEMM_PORTABLE keeps to plain C99 (for testing). */
#if defined(__GNUC__) && !defined(GEMM_PORTABLE)
#define GEMM_VEC 1
#endif
#if defined(__GNUC__) && defined(__x86_64__) && !defined(GEMM_PORTABLE)
#define GEMM_X86 1
#include <immintrin.h>
#endif

/* C [mr x nr] (valid part of the MR x NR tile, leading dimension ldc)
   = alpha * pa [kc][MR] . pb [kc][NR] + beta * C, C not read when beta == 0. */
typedef void (*ukernel)(int kc, const double *pa, const double *pb, double *C,
                        size_t ldc, double alpha, double beta, int mr, int nr);

typedef struct {
    ukernel fn;
    int mr, nr;         /* register tile */
    int kc;             /* largest k block */
    int mc;             /* rows per packed A block (multiple of mr) */
    int nc;             /* columns per packed B block (multiple of nr) */
} kernel_desc;

static int imin(int a, int b) { return a < b ? a : b; }
static size_t round_up(size_t x, size_t q) { return (x + q - 1) / q * q; }


/* Writes the mr x nr corner of a 4 x 4 tile t (column-major) into C:
   C = alpha * t + beta * C; beta == 0 never reads C. Shared by the portable
   kernels, so partial tiles round like full ones. */
static void store_4x4(const double *t, double *C, size_t ldc, double alpha,
                      double beta, int mr, int nr)
{
    for (int j = 0; j < nr; j++) {
        double *c = C + ldc * j;
        const double *s = t + 4 * j;
        if (beta == 0)
            for (int i = 0; i < mr; i++) c[i] = alpha * s[i];
        else
            for (int i = 0; i < mr; i++) c[i] = alpha * s[i] + beta * c[i];
    }
}

#ifndef GEMM_VEC
/* ---- portable C99 micro-kernel (4 x 4) ------------------------------------- */
static void kern_c_4x4(int kc, const double *pa, const double *pb, double *C,
                       size_t ldc, double alpha, double beta, int mr, int nr)
{
    double c00 = 0, c10 = 0, c20 = 0, c30 = 0, c01 = 0, c11 = 0, c21 = 0, c31 = 0,
           c02 = 0, c12 = 0, c22 = 0, c32 = 0, c03 = 0, c13 = 0, c23 = 0, c33 = 0;
    for (int p = 0; p < kc; p++) {
        double a0 = pa[0], a1 = pa[1], a2 = pa[2], a3 = pa[3];
        double b0 = pb[0], b1 = pb[1], b2 = pb[2], b3 = pb[3];
        c00 += a0 * b0; c10 += a1 * b0; c20 += a2 * b0; c30 += a3 * b0;
        c01 += a0 * b1; c11 += a1 * b1; c21 += a2 * b1; c31 += a3 * b1;
        c02 += a0 * b2; c12 += a1 * b2; c22 += a2 * b2; c32 += a3 * b2;
        c03 += a0 * b3; c13 += a1 * b3; c23 += a2 * b3; c33 += a3 * b3;
        pa += 4; pb += 4;
    }
    double t[16] = {c00, c10, c20, c30, c01, c11, c21, c31,
                    c02, c12, c22, c32, c03, c13, c23, c33};
    store_4x4(t, C, ldc, alpha, beta, mr, nr);
}
#endif

#ifdef GEMM_VEC
/* ---- GNU C vector micro-kernel (4 x 4, two 2-double vectors per column) -----
   Any GCC/clang target: SSE2 on x86-64 without AVX2, NEON on arm64. */
typedef double v2d __attribute__((vector_size(16)));
static v2d v2d_load(const double *p) { v2d v; memcpy(&v, p, sizeof v); return v; }
static void kern_vec_4x4(int kc, const double *pa, const double *pb, double *C,
                         size_t ldc, double alpha, double beta, int mr, int nr)
{
    v2d z = {0, 0}, c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z,
        c13 = z;
    for (int p = 0; p < kc; p++) {
        v2d a0 = v2d_load(pa), a1 = v2d_load(pa + 2), b;
        b = (v2d) {pb[0], pb[0]}; c00 += a0 * b; c10 += a1 * b;
        b = (v2d) {pb[1], pb[1]}; c01 += a0 * b; c11 += a1 * b;
        b = (v2d) {pb[2], pb[2]}; c02 += a0 * b; c12 += a1 * b;
        b = (v2d) {pb[3], pb[3]}; c03 += a0 * b; c13 += a1 * b;
        pa += 4; pb += 4;
    }
    double t[16];
    memcpy(t, &c00, 16); memcpy(t + 2, &c10, 16); memcpy(t + 4, &c01, 16);
    memcpy(t + 6, &c11, 16); memcpy(t + 8, &c02, 16); memcpy(t + 10, &c12, 16);
    memcpy(t + 12, &c03, 16); memcpy(t + 14, &c13, 16);
    store_4x4(t, C, ldc, alpha, beta, mr, nr);
}
#endif

#ifdef GEMM_X86
/* ---- AVX2 + FMA micro-kernel (8 x 6) --------------------------------------- */
__attribute__((target("avx2,fma")))
static void kern_avx2_8x6(int kc, const double *pa, const double *pb, double *C,
                          size_t ldc, double alpha, double beta, int mr, int nr)
{
    __m256d c00 = _mm256_setzero_pd(), c10 = c00, c01 = c00, c11 = c00,
            c02 = c00, c12 = c00, c03 = c00, c13 = c00, c04 = c00, c14 = c00,
            c05 = c00, c15 = c00;
    for (int j = 0; j < nr; j++) {       /* fetch the C tile during the loop */
        const char *c = (const char *) (C + ldc * j);
        _mm_prefetch(c, _MM_HINT_T0);
        _mm_prefetch(c + 8 * mr - 8, _MM_HINT_T0);
    }
    for (int p = 0; p < kc; p++) {
        __m256d a0 = _mm256_loadu_pd(pa), a1 = _mm256_loadu_pd(pa + 4), b;
#define AVX2_STEP(j) b = _mm256_broadcast_sd(pb + j); \
        c0##j = _mm256_fmadd_pd(a0, b, c0##j); c1##j = _mm256_fmadd_pd(a1, b, c1##j);
        AVX2_STEP(0) AVX2_STEP(1) AVX2_STEP(2) AVX2_STEP(3) AVX2_STEP(4) AVX2_STEP(5)
#undef AVX2_STEP
        pa += 8; pb += 6;
    }
    const __m256i lane = _mm256_set_epi64x(3, 2, 1, 0);
    const __m256i m0 = _mm256_cmpgt_epi64(_mm256_set1_epi64x(mr), lane),
                  m1 = _mm256_cmpgt_epi64(_mm256_set1_epi64x(mr - 4), lane);
    const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
#define AVX2_STORE(j) if (nr > j) { double *c = C + ldc * j; \
        if (beta == 0) { \
            _mm256_maskstore_pd(c, m0, _mm256_mul_pd(va, c0##j)); \
            _mm256_maskstore_pd(c + 4, m1, _mm256_mul_pd(va, c1##j)); \
        } else { \
            _mm256_maskstore_pd(c, m0, _mm256_fmadd_pd(vb, _mm256_maskload_pd(c, m0), \
                                                       _mm256_mul_pd(va, c0##j))); \
            _mm256_maskstore_pd(c + 4, m1, _mm256_fmadd_pd(vb, \
                                _mm256_maskload_pd(c + 4, m1), _mm256_mul_pd(va, c1##j))); \
        } }
    AVX2_STORE(0) AVX2_STORE(1) AVX2_STORE(2) AVX2_STORE(3) AVX2_STORE(4) AVX2_STORE(5)
#undef AVX2_STORE
}

/* ---- AVX-512F micro-kernel (24 x 8) ---------------------------------------- */
__attribute__((target("avx512f")))
static void kern_avx512_24x8(int kc, const double *pa, const double *pb, double *C,
                             size_t ldc, double alpha, double beta, int mr, int nr)
{
    __m512d c00 = _mm512_setzero_pd(), c10 = c00, c20 = c00, c01 = c00, c11 = c00,
            c21 = c00, c02 = c00, c12 = c00, c22 = c00, c03 = c00, c13 = c00,
            c23 = c00, c04 = c00, c14 = c00, c24 = c00, c05 = c00, c15 = c00,
            c25 = c00, c06 = c00, c16 = c00, c26 = c00, c07 = c00, c17 = c00,
            c27 = c00;
    /* the C tile is read (or written) after the loop: fetch it meanwhile */
    for (int j = 0; j < nr; j++) {
        const char *c = (const char *) (C + ldc * j);
        _mm_prefetch(c, _MM_HINT_T0);
        _mm_prefetch(c + 64, _MM_HINT_T0);
        _mm_prefetch(c + 128, _MM_HINT_T0);
        _mm_prefetch(c + 8 * mr - 8, _MM_HINT_T0);
    }
    for (int p = 0; p < kc; p++) {
        __m512d a0 = _mm512_loadu_pd(pa), a1 = _mm512_loadu_pd(pa + 8),
                a2 = _mm512_loadu_pd(pa + 16), b;
#define AVX512_STEP(j) b = _mm512_set1_pd(pb[j]); \
        c0##j = _mm512_fmadd_pd(a0, b, c0##j); c1##j = _mm512_fmadd_pd(a1, b, c1##j); \
        c2##j = _mm512_fmadd_pd(a2, b, c2##j);
        AVX512_STEP(0) AVX512_STEP(1) AVX512_STEP(2) AVX512_STEP(3)
        AVX512_STEP(4) AVX512_STEP(5) AVX512_STEP(6) AVX512_STEP(7)
#undef AVX512_STEP
        pa += 24; pb += 8;
    }
    const __mmask8 k0 = (__mmask8) (mr >= 8 ? 0xFF : (1u << mr) - 1),
                   k1 = (__mmask8) (mr >= 16 ? 0xFF : mr <= 8 ? 0 : (1u << (mr - 8)) - 1),
                   k2 = (__mmask8) (mr >= 24 ? 0xFF : mr <= 16 ? 0 : (1u << (mr - 16)) - 1);
    const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
#define AVX512_ST1(c, k, x) if (beta == 0) _mm512_mask_storeu_pd(c, k, _mm512_mul_pd(va, x)); \
        else _mm512_mask_storeu_pd(c, k, _mm512_fmadd_pd(vb, _mm512_maskz_loadu_pd(k, c), \
                                                         _mm512_mul_pd(va, x)));
#define AVX512_STORE(j) if (nr > j) { double *c = C + ldc * j; \
        AVX512_ST1(c, k0, c0##j) AVX512_ST1(c + 8, k1, c1##j) AVX512_ST1(c + 16, k2, c2##j) }
    AVX512_STORE(0) AVX512_STORE(1) AVX512_STORE(2) AVX512_STORE(3)
    AVX512_STORE(4) AVX512_STORE(5) AVX512_STORE(6) AVX512_STORE(7)
#undef AVX512_STORE
#undef AVX512_ST1
}
#endif /* GEMM_X86 */

/* Cache blocks: a B micro-panel kc x nr about half of L1 (48 KiB), an A block
   mc x kc about half of L2 (1 MiB), a B block kc x nc a few MiB of L3. */
#ifdef GEMM_VEC
static const kernel_desc kernel_c = {kern_vec_4x4, 4, 4, 256, 128, 2048};
#else
static const kernel_desc kernel_c = {kern_c_4x4, 4, 4, 256, 128, 2048};
#endif
#ifdef GEMM_X86
static const kernel_desc kernel_avx2 = {kern_avx2_8x6, 8, 6, 384, 144, 2040};
#ifndef GEMM_KC512
#define GEMM_KC512 384
#endif
#ifndef GEMM_MC512
#define GEMM_MC512 144
#endif
#ifndef GEMM_NC512
#define GEMM_NC512 2048
#endif
static const kernel_desc kernel_avx512 = {kern_avx512_24x8, 24, 8, GEMM_KC512, GEMM_MC512, GEMM_NC512};
#endif

/* The kernel for the instruction set cpu.c chose (detected once at load,
   capped by RECURRENT_GEMM_ISA). */
static const kernel_desc *get_kernel(void)
{
#ifdef GEMM_X86
    int v = cpu_isa();
    return v == CPU_AVX512 ? &kernel_avx512 : v == CPU_AVX2 ? &kernel_avx2 : &kernel_c;
#else
    return &kernel_c;
#endif
}

/* k is cut into equal blocks of at most kd->kc (the last one shorter); the block
   length depends on k only. */
static int k_block(const kernel_desc *kd, int k)
{
    int nb = (k + kd->kc - 1) / kd->kc;
    return (k + nb - 1) / nb;
}

/* d[0..len) = s[0..len), with fixed-size copies (inlined) for the tile sizes. */
static void copy_short(double *d, const double *s, int len)
{
    switch (len) {
    case 4: memcpy(d, s, 4 * sizeof(double)); break;
    case 6: memcpy(d, s, 6 * sizeof(double)); break;
    case 8: memcpy(d, s, 8 * sizeof(double)); break;
    case 24: memcpy(d, s, 24 * sizeof(double)); break;
    default: memcpy(d, s, (size_t) len * sizeof(double));
    }
}

/* Packs rows [i0, i0 + ml) and k values [p0, p0 + kl) of op(A) into panels of
   mr rows, each [kl][mr], rows past ml zero. */
static void pack_a(char ta, const double *A, size_t lda, int i0, int ml, int p0,
                   int kl, int mr, double *dst)
{
    for (int r0 = 0; r0 < ml; r0 += mr, dst += (size_t) mr * kl) {
        int rows = imin(mr, ml - r0);
        if (ta == 'N') {
            const double *src = A + (size_t) (i0 + r0) + lda * p0;
            if (rows == mr)
                for (int p = 0; p < kl; p++, src += lda)
                    copy_short(dst + (size_t) mr * p, src, mr);
            else
                for (int p = 0; p < kl; p++, src += lda) {
                    double *d = dst + (size_t) mr * p;
                    int r = 0;
                    for (; r < rows; r++) d[r] = src[r];
                    for (; r < mr; r++) d[r] = 0;
                }
        } else {
            /* a transpose: 8 values of k at a time, so each source row gives a
               whole cache line and the writes stay in a few KiB */
            for (int q = 0; q < kl; q += 8) {
                int ql = imin(8, kl - q);
                for (int r = 0; r < rows; r++) {
                    const double *src = A + (size_t) (p0 + q) + lda * (size_t) (i0 + r0 + r);
                    double *d = dst + (size_t) mr * q + r;
                    for (int p = 0; p < ql; p++) d[(size_t) mr * p] = src[p];
                }
                for (int p = 0; p < ql; p++)
                    for (int r = rows; r < mr; r++) dst[(size_t) mr * (q + p) + r] = 0;
            }
        }
    }
}

/* Packs k values [p0, p0 + kl) and columns [j0, j0 + nl) of op(B) into panels
   of nr columns, each [kl][nr], columns past nl zero. */
static void pack_b(char tb, const double *B, size_t ldb, int p0, int kl, int j0,
                   int nl, int nr, double *dst)
{
    for (int c0 = 0; c0 < nl; c0 += nr, dst += (size_t) nr * kl) {
        int cols = imin(nr, nl - c0);
        if (tb == 'N') {           /* a transpose, 8 values of k at a time */
            for (int q = 0; q < kl; q += 8) {
                int ql = imin(8, kl - q);
                for (int c = 0; c < cols; c++) {
                    const double *src = B + (size_t) (p0 + q) + ldb * (size_t) (j0 + c0 + c);
                    double *d = dst + (size_t) nr * q + c;
                    for (int p = 0; p < ql; p++) d[(size_t) nr * p] = src[p];
                }
                for (int p = 0; p < ql; p++)
                    for (int c = cols; c < nr; c++) dst[(size_t) nr * (q + p) + c] = 0;
            }
        } else {
            const double *src = B + (size_t) (j0 + c0) + ldb * p0;
            if (cols == nr)
                for (int p = 0; p < kl; p++, src += ldb)
                    copy_short(dst + (size_t) nr * p, src, nr);
            else
                for (int p = 0; p < kl; p++, src += ldb) {
                    double *d = dst + (size_t) nr * p;
                    int c = 0;
                    for (; c < cols; c++) d[c] = src[c];
                    for (; c < nr; c++) d[c] = 0;
                }
        }
    }
}

/* The serial algorithm on the rectangle rows [i0, i1) x columns [j0, j1) of C
   (i0 a multiple of mr). pA: the whole op(A) packed by gemm_pack_a (mpad rows),
   or NULL to pack from A into bufa. */
static void gemm_rect(const kernel_desc *kd, char ta, char tb, int i0, int i1,
                      int j0, int j1, int k, double alpha, const double *A,
                      size_t lda, const double *pA, size_t mpad, const double *B,
                      size_t ldb, double beta, double *C, size_t ldc, double *bufa,
                      double *bufb)
{
    const int mr = kd->mr, nr = kd->nr, kcb = k_block(kd, k);
    for (int jc = j0; jc < j1; jc += kd->nc) {
        int nc = imin(kd->nc, j1 - jc);
        for (int p0 = 0; p0 < k; p0 += kcb) {
            int kl = imin(kcb, k - p0);
            double bet = p0 == 0 ? beta : 1.0;
            pack_b(tb, B, ldb, p0, kl, jc, nc, nr, bufb);
            for (int ic = i0; ic < i1; ic += kd->mc) {
                int mc = imin(kd->mc, i1 - ic);
                const double *pa = bufa;
                if (pA) pa = pA + mpad * p0 + (size_t) ic * kl;
                else pack_a(ta, A, lda, ic, mc, p0, kl, mr, bufa);
                for (int jr = 0; jr < nc; jr += nr) {
                    const double *pb = bufb + (size_t) jr * kl;
                    double *cc = C + (size_t) ic + ldc * (size_t) (jc + jr);
                    int nn = imin(nr, nc - jr);
                    for (int ir = 0; ir < mc; ir += mr)
                        kd->fn(kl, pa + (size_t) ir * kl, pb, cc + ir, ldc, alpha, bet,
                               imin(mr, mc - ir), nn);
                }
            }
        }
    }
}

/* C = beta * C (beta 0: C = 0 without reading it). */
static void scale_c(int m, int n, double beta, double *C, size_t ldc)
{
    if (beta == 1) return;
    for (int j = 0; j < n; j++) {
        double *c = C + ldc * j;
        if (beta == 0) memset(c, 0, sizeof(double) * m);
        else for (int i = 0; i < m; i++) c[i] *= beta;
    }
}

/* Unblocked product: only when the packing buffers cannot be allocated. With
   pA, op(A)(i, p) is read from the packed layout (see gemm_pack_a). */
static void gemm_naive(const kernel_desc *kd, char ta, char tb, int m, int n, int k,
                       double alpha, const double *A, size_t lda, const double *pA,
                       const double *B, size_t ldb, double beta, double *C, size_t ldc)
{
    const int mr = kd->mr, kcb = k_block(kd, k);
    const size_t mpad = round_up((size_t) m, (size_t) mr);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                int p0 = p / kcb * kcb, kl = imin(kcb, k - p0);
                double a = pA ? pA[mpad * p0 + (size_t) (i / mr) * mr * kl +
                                   (size_t) (p - p0) * mr + i % mr]
                              : ta == 'N' ? A[i + lda * p] : A[p + lda * i];
                s += a * (tb == 'N' ? B[p + ldb * j] : B[j + ldb * p]);
            }
            double *c = C + i + ldc * j;
            *c = beta == 0 ? alpha * s : alpha * s + beta * *c;
        }
}

/* Splits mt x nt tiles among at most p threads as a pm x pn grid: the grid with
   the smallest largest rectangle, ties to more threads then to more row cuts. */
static int split_grid(int mt, int nt, int p, int *pm, int *pn)
{
    double best = -1;
    int used = 1;
    *pm = *pn = 1;
    for (int q = 1; q <= p; q++)
        for (int a = 1; a <= q; a++) {
            if (q % a || a > mt || q / a > nt) continue;
            int b = q / a;
            double cost = (double) ((mt + a - 1) / a) * ((nt + b - 1) / b);
            if (best < 0 || cost < best || (cost == best && q >= used)) {
                best = cost; used = q; *pm = a; *pn = b;
            }
        }
    return used;
}

/* Below this many multiply-adds a product runs on one thread: waking the
   second thread and meeting it at the end costs about as much as it saves
   (measured on a quiet 2-core AVX-512 machine, 2 threads / 1 thread per
   product: 0.5M multiply-adds 1.21, 1M 0.98, 2M 0.70; bench/README.md
   "Threads"). Above it, linalg.c still measures whether threads pay on the
   machine as loaded now. */
#ifndef GEMM_PARALLEL_MIN
#define GEMM_PARALLEL_MIN 1000000.0
#endif

/* How a product runs: threads p and the doubles per thread of the A block
   (sa, 0 when A is prepacked) and the B block (sb). */
typedef struct { int p; size_t sa, sb; } gemm_plan;

static gemm_plan plan_of(const kernel_desc *kd, int m, int n, int k, int packed,
                         int threads)
{
    gemm_plan pl;
    const int mr = kd->mr, nr = kd->nr, kcb = k_block(kd, k);
    const int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr;
    int p = threads < 1 ? 1 : threads;
    if ((double) m * n * k < GEMM_PARALLEL_MIN) p = 1;
    if ((double) p > (double) mt * nt) p = mt * nt;
#ifndef _OPENMP
    p = 1;
#endif
    pl.p = p;
    /* per thread: an A block (unless prepacked) and a B block, 64-byte aligned */
    pl.sa = packed ? 0 : round_up((size_t) imin(kd->mc, mt * mr) * kcb, 8);
    pl.sb = round_up((size_t) imin(kd->nc, nt * nr) * kcb, 8);
    return pl;
}

int gemm_threads(int m, int n, int k, int threads)
{
    if (m <= 0 || n <= 0 || k <= 0) return 1;
    return plan_of(get_kernel(), m, n, k, 0, threads).p;
}

size_t gemm_scratch_size(int m, int n, int k, int threads)
{
    if (m <= 0 || n <= 0 || k <= 0) return 0;
    gemm_plan pl = plan_of(get_kernel(), m, n, k, 0, threads);
    return (pl.sa + pl.sb) * (size_t) pl.p + 8;
}

static void gemm_driver(const kernel_desc *kd, char ta, char tb, int m, int n, int k,
                        double alpha, const double *A, int lda, const double *pA,
                        const double *B, int ldb, double beta, double *C, int ldc,
                        int threads, double *scratch)
{
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) {
        scale_c(m, n, beta, C, (size_t) ldc);
        return;
    }
    const int mr = kd->mr, nr = kd->nr;
    const int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr;
    gemm_plan pl = plan_of(kd, m, n, k, pA != NULL, threads);
    int p = pl.p;
    const size_t sa = pl.sa, per = pl.sa + pl.sb;
    void *raw = scratch;
    if (!raw) {
        raw = malloc(sizeof(double) * (per * p + 8));
        if (!raw && p > 1) {
            p = 1;
            raw = malloc(sizeof(double) * (per + 8));
        }
        if (!raw) {
            gemm_naive(kd, ta, tb, m, n, k, alpha, A, (size_t) lda, pA, B, (size_t) ldb,
                       beta, C, (size_t) ldc);
            return;
        }
    }
    double *buf = (double *) (((size_t) raw + 63) & ~(size_t) 63);
    const size_t mpad = (size_t) mt * mr;

    if (p == 1) {               /* no parallel region: it costs ~1 us even unthreaded */
        gemm_rect(kd, ta, tb, 0, m, 0, n, k, alpha, A, (size_t) lda, pA, mpad, B,
                  (size_t) ldb, beta, C, (size_t) ldc, buf, buf + sa);
        if (raw != scratch) free(raw);
        return;
    }
#ifdef _OPENMP
#pragma omp parallel num_threads(p)
#endif
    {
        int tid = 0, np = 1;
#ifdef _OPENMP
        tid = omp_get_thread_num();
        np = omp_get_num_threads();
#endif
        if (np > p) np = p;
        int pm, pn, used = split_grid(mt, nt, np, &pm, &pn);
        if (tid < used) {
            int ti = tid % pm, tj = tid / pm;
            int i0 = (int) ((long long) mt * ti / pm) * mr,
                i1 = imin(m, (int) ((long long) mt * (ti + 1) / pm) * mr);
            int j0 = (int) ((long long) nt * tj / pn) * nr,
                j1 = imin(n, (int) ((long long) nt * (tj + 1) / pn) * nr);
            double *bufa = buf + per * tid, *bufb = bufa + sa;
            gemm_rect(kd, ta, tb, i0, i1, j0, j1, k, alpha, A, (size_t) lda, pA, mpad,
                      B, (size_t) ldb, beta, C, (size_t) ldc, bufa, bufb);
        }
    }
    if (raw != scratch) free(raw);
}

void gemm(char ta, char tb, int m, int n, int k, double alpha, const double *A,
          int lda, const double *B, int ldb, double beta, double *C, int ldc,
          int threads, double *scratch)
{
    gemm_driver(get_kernel(), ta, tb, m, n, k, alpha, A, lda, NULL, B, ldb, beta, C,
                ldc, threads, scratch);
}

/* Packed layout: for each k block [p0, p0 + kl) (k_block), the panels of all
   mpad rows, [mpad / mr][kl][mr], starting at mpad * p0. */
size_t gemm_pack_size(int m, int k)
{
    if (m <= 0 || k <= 0) return 0;
    const kernel_desc *kd = get_kernel();
    return round_up((size_t) m, (size_t) kd->mr) * (size_t) k;
}

void gemm_pack_a(char ta, int m, int k, const double *A, int lda, double *pa)
{
    if (m <= 0 || k <= 0) return;
    const kernel_desc *kd = get_kernel();
    const int kcb = k_block(kd, k);
    const size_t mpad = round_up((size_t) m, (size_t) kd->mr);
    for (int p0 = 0; p0 < k; p0 += kcb)
        pack_a(ta, A, (size_t) lda, 0, m, p0, imin(kcb, k - p0), kd->mr,
               pa + mpad * p0);
}

void gemm_packed(int m, int n, int k, double alpha, const double *pa, char tb,
                 const double *B, int ldb, double beta, double *C, int ldc,
                 int threads, double *scratch)
{
    gemm_driver(get_kernel(), 'N', tb, m, n, k, alpha, NULL, 0, pa, B, ldb, beta, C,
                ldc, threads, scratch);
}

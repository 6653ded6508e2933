/* recurrent's own GEMM, double and single precision (interface and semantics in
 * gemm.h). One body over real_t (real.h) gives gemm_d and gemm_f.
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
 * Kernels, chosen once at run time (cached in a static flag), each one body for
 * both precisions with the vector's lanes L (8 doubles or 16 floats in a zmm
 * register, 4 or 8 in a ymm, 2 or 4 in 16 bytes):
 *   AVX-512F 3L x 8 (3 x 8 zmm accumulators: 24x8 double, 48x8 float),
 *   AVX2+FMA 2L x 6 (2 x 6 ymm: 8x6, 16x6), and a portable 2L x 4: GNU C
 *   vector extensions (SSE2, NEON) under gcc/clang (4x4, 8x4), plain C99 4x4
 *   otherwise. Edge tiles use the same kernel with masked loads/stores
 *   (AVX-512/AVX2) or bounded loops, so edges round like interior tiles.
 *   The instruction set comes from cpu.c (detected once when the package
 *   loads; the environment variable RECURRENT_GEMM_ISA=portable|avx2|avx512
 *   caps it, for testing the fallbacks).
 * Cache blocks hold the same bytes in both precisions (twice the k values of
 * float in a B micro-panel), see the kernel tables.
 *
 * No R API here: this code runs inside OpenMP regions. Packing buffers come
 * from the caller (scratch, gemm_scratch_size() elements, reused over many
 * calls: no allocation per time step), or, when the caller passes NULL, are
 * malloc'ed and freed in the same call. */
#ifndef REAL_BODY
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

static int imin(int a, int b) { return a < b ? a : b; }
static size_t round_up(size_t x, size_t q) { return (x + q - 1) / q * q; }

/* k is cut into equal blocks of at most kc (the last one shorter); the block
   length depends on k only. */
static int k_block(int kc, int k)
{
    int nb = (k + kc - 1) / kc;
    return (k + nb - 1) / nb;
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

/* How a product runs: threads p and the elements per thread of the A block
   (sa, 0 when A is prepacked) and the B block (sb). */
typedef struct { int p; size_t sa, sb; } gemm_plan;

/* Cache blocks of the AVX-512 kernels (overridable for tuning). */
#ifndef GEMM_KC512
#define GEMM_KC512 384
#endif
#ifndef GEMM_MC512
#define GEMM_MC512 144
#endif
#ifndef GEMM_NC512
#define GEMM_NC512 2048
#endif

#define REAL_SELF "gemm.c"
#include "real.h"

#else /* REAL_BODY: everything below is compiled once per precision */

/* Lanes of a 16-, 32- and 64-byte vector, and elements per cache line. */
#define VL16 (16 / (int) sizeof(real_t))
#define VL256 (32 / (int) sizeof(real_t))
#define VL512 (64 / (int) sizeof(real_t))
#define LINE_EL (64 / (int) sizeof(real_t))

/* C [mr x nr] (valid part of the MR x NR tile, leading dimension ldc)
   = alpha * A . B + beta * C, C not read when beta == 0, where A [MR x kc]
   has its MR rows of column p contiguous at pa + p * ak (a packed micro-panel,
   ak = MR, or A read in place, ak = lda) and B [kc x NR] has element (p, j)
   at pb[p * bk + j * bj] (a packed micro-panel, bk = NR and bj = 1, or NR
   columns of B read in place, bk = 1 and bj = ldb). */
typedef void (*RT(ukernel))(int kc, const real_t *pa, size_t ak, const real_t *pb,
                            size_t bj, size_t bk, real_t *C, size_t ldc, real_t alpha,
                            real_t beta, int mr, int nr);

typedef struct {
    RT(ukernel) fn;
    int mr, nr;         /* register tile */
    int kc;             /* largest k block */
    int mc;             /* rows per packed A block (multiple of mr) */
    int nc;             /* columns per packed B block (multiple of nr) */
} RT(kernel_desc);

/* Writes the mr x nr corner of a tm x 4 tile t (column-major) into C:
   C = alpha * t + beta * C; beta == 0 never reads C. Shared by the portable
   kernels, so partial tiles round like full ones. */
static void RT(store_tile)(const real_t *t, int tm, real_t *C, size_t ldc, real_t alpha,
                           real_t beta, int mr, int nr)
{
    for (int j = 0; j < nr; j++) {
        real_t *c = C + ldc * j;
        const real_t *s = t + tm * j;
        if (beta == 0)
            for (int i = 0; i < mr; i++) c[i] = alpha * s[i];
        else
            for (int i = 0; i < mr; i++) c[i] = alpha * s[i] + beta * c[i];
    }
}

#ifndef GEMM_VEC
/* ---- portable C99 micro-kernel (4 x 4) ------------------------------------- */
static void RT(kern_c)(int kc, const real_t *pa, size_t ak, const real_t *pb, size_t bj,
                       size_t bk, real_t *C, size_t ldc, real_t alpha, real_t beta, int mr,
                       int nr)
{
    real_t c00 = 0, c10 = 0, c20 = 0, c30 = 0, c01 = 0, c11 = 0, c21 = 0, c31 = 0,
           c02 = 0, c12 = 0, c22 = 0, c32 = 0, c03 = 0, c13 = 0, c23 = 0, c33 = 0;
    for (int p = 0; p < kc; p++) {
        real_t a0 = pa[0], a1 = pa[1], a2 = pa[2], a3 = pa[3];
        real_t b0 = pb[0], b1 = pb[bj], b2 = pb[2 * bj], b3 = pb[3 * bj];
        c00 += a0 * b0; c10 += a1 * b0; c20 += a2 * b0; c30 += a3 * b0;
        c01 += a0 * b1; c11 += a1 * b1; c21 += a2 * b1; c31 += a3 * b1;
        c02 += a0 * b2; c12 += a1 * b2; c22 += a2 * b2; c32 += a3 * b2;
        c03 += a0 * b3; c13 += a1 * b3; c23 += a2 * b3; c33 += a3 * b3;
        pa += ak; pb += bk;
    }
    real_t t[16] = {c00, c10, c20, c30, c01, c11, c21, c31,
                    c02, c12, c22, c32, c03, c13, c23, c33};
    RT(store_tile)(t, 4, C, ldc, alpha, beta, mr, nr);
}
#endif

#ifdef GEMM_VEC
/* ---- GNU C vector micro-kernel (2L x 4, two L-lane vectors per column) ------
   Any GCC/clang target: SSE2 on x86-64 without AVX2, NEON on arm64. */
typedef real_t RT(v16) __attribute__((vector_size(16)));
static RT(v16) RT(v16_load)(const real_t *p) { RT(v16) v; memcpy(&v, p, sizeof v); return v; }
static RT(v16) RT(v16_splat)(real_t x)
{
    RT(v16) v;
    for (int i = 0; i < VL16; i++) v[i] = x;
    return v;
}
static void RT(kern_vec)(int kc, const real_t *pa, size_t ak, const real_t *pb, size_t bj,
                         size_t bk, real_t *C, size_t ldc, real_t alpha, real_t beta,
                         int mr, int nr)
{
    RT(v16) z = RT(v16_splat)(0), c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z,
            c03 = z, c13 = z;
    for (int p = 0; p < kc; p++) {
        RT(v16) a0 = RT(v16_load)(pa), a1 = RT(v16_load)(pa + VL16), b;
        b = RT(v16_splat)(pb[0]); c00 += a0 * b; c10 += a1 * b;
        b = RT(v16_splat)(pb[bj]); c01 += a0 * b; c11 += a1 * b;
        b = RT(v16_splat)(pb[2 * bj]); c02 += a0 * b; c12 += a1 * b;
        b = RT(v16_splat)(pb[3 * bj]); c03 += a0 * b; c13 += a1 * b;
        pa += ak; pb += bk;
    }
    real_t t[8 * VL16];
    const RT(v16) acc[8] = {c00, c10, c01, c11, c02, c12, c03, c13};
    memcpy(t, acc, sizeof t);
    RT(store_tile)(t, 2 * VL16, C, ldc, alpha, beta, mr, nr);
}
#endif

#ifdef GEMM_X86
/* Intrinsics of the precision: V256(op) / V512(op) name _mm256_op_pd (double)
   or _mm256_op_ps (float); ROWMASK256(r) / ROWMASK512(r) the lanes of the
   first r rows (r may be <= 0 or >= the lanes). */
#if REAL_FLOAT
#define V256(op) _mm256_##op##_ps
#define V256_T __m256
#define V256_BCAST _mm256_broadcast_ss
#define ROWMASK256(r) _mm256_cmpgt_epi32(_mm256_set1_epi32(r), \
                                         _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0))
#define V512(op) _mm512_##op##_ps
#define V512_T __m512
#define MASK512_T __mmask16
#else
#define V256(op) _mm256_##op##_pd
#define V256_T __m256d
#define V256_BCAST _mm256_broadcast_sd
#define ROWMASK256(r) _mm256_cmpgt_epi64(_mm256_set1_epi64x(r), _mm256_set_epi64x(3, 2, 1, 0))
#define V512(op) _mm512_##op##_pd
#define V512_T __m512d
#define MASK512_T __mmask8
#endif
#define ROWMASK512(r) ((MASK512_T) ((r) >= VL512 ? ~0u : (r) <= 0 ? 0u : (1u << (r)) - 1))

/* The C tile is read (or written) after the loop: fetch its columns meanwhile. */
#define PREFETCH_C(C, ldc, mr, nr) \
    for (int j_ = 0; j_ < (nr); j_++) { \
        const char *c_ = (const char *) ((C) + (ldc) * j_); \
        for (size_t o_ = 0; o_ < sizeof(real_t) * (mr); o_ += 64) \
            _mm_prefetch(c_ + o_, _MM_HINT_T0); \
        _mm_prefetch(c_ + sizeof(real_t) * ((mr) - 1), _MM_HINT_T0); \
    }

/* ---- AVX2 + FMA micro-kernel (2L x 6) --------------------------------------- */
__attribute__((target("avx2,fma")))
static void RT(kern_avx2)(int kc, const real_t *pa, size_t ak, const real_t *pb,
                          size_t bj, size_t bk, real_t *C, size_t ldc, real_t alpha,
                          real_t beta, int mr, int nr)
{
    V256_T c00 = V256(setzero)(), c10 = c00, c01 = c00, c11 = c00,
           c02 = c00, c12 = c00, c03 = c00, c13 = c00, c04 = c00, c14 = c00,
           c05 = c00, c15 = c00;
    PREFETCH_C(C, ldc, mr, nr)
    for (int p = 0; p < kc; p++) {
        V256_T a0 = V256(loadu)(pa), a1 = V256(loadu)(pa + VL256), b;
#define AVX2_STEP(j) b = V256_BCAST(pb + j * bj); \
        c0##j = V256(fmadd)(a0, b, c0##j); c1##j = V256(fmadd)(a1, b, c1##j);
        AVX2_STEP(0) AVX2_STEP(1) AVX2_STEP(2) AVX2_STEP(3) AVX2_STEP(4) AVX2_STEP(5)
#undef AVX2_STEP
        pa += ak; pb += bk;
    }
    const __m256i m0 = ROWMASK256(mr), m1 = ROWMASK256(mr - VL256);
    const V256_T va = V256(set1)(alpha), vb = V256(set1)(beta);
#define AVX2_STORE(j) if (nr > j) { real_t *c = C + ldc * j; \
        if (beta == 0) { \
            V256(maskstore)(c, m0, V256(mul)(va, c0##j)); \
            V256(maskstore)(c + VL256, m1, V256(mul)(va, c1##j)); \
        } else { \
            V256(maskstore)(c, m0, V256(fmadd)(vb, V256(maskload)(c, m0), \
                                               V256(mul)(va, c0##j))); \
            V256(maskstore)(c + VL256, m1, V256(fmadd)(vb, \
                            V256(maskload)(c + VL256, m1), V256(mul)(va, c1##j))); \
        } }
    AVX2_STORE(0) AVX2_STORE(1) AVX2_STORE(2) AVX2_STORE(3) AVX2_STORE(4) AVX2_STORE(5)
#undef AVX2_STORE
}

/* ---- AVX-512F micro-kernel (3L x 8) ----------------------------------------- */
__attribute__((target("avx512f")))
static void RT(kern_avx512)(int kc, const real_t *pa, size_t ak, const real_t *pb,
                            size_t bj, size_t bk, real_t *C, size_t ldc, real_t alpha,
                            real_t beta, int mr, int nr)
{
    V512_T c00 = V512(setzero)(), c10 = c00, c20 = c00, c01 = c00, c11 = c00,
           c21 = c00, c02 = c00, c12 = c00, c22 = c00, c03 = c00, c13 = c00,
           c23 = c00, c04 = c00, c14 = c00, c24 = c00, c05 = c00, c15 = c00,
           c25 = c00, c06 = c00, c16 = c00, c26 = c00, c07 = c00, c17 = c00,
           c27 = c00;
    PREFETCH_C(C, ldc, mr, nr)
    for (int p = 0; p < kc; p++) {
        V512_T a0 = V512(loadu)(pa), a1 = V512(loadu)(pa + VL512),
               a2 = V512(loadu)(pa + 2 * VL512), b;
#define AVX512_STEP(j) b = V512(set1)(pb[j * bj]); \
        c0##j = V512(fmadd)(a0, b, c0##j); c1##j = V512(fmadd)(a1, b, c1##j); \
        c2##j = V512(fmadd)(a2, b, c2##j);
        AVX512_STEP(0) AVX512_STEP(1) AVX512_STEP(2) AVX512_STEP(3)
        AVX512_STEP(4) AVX512_STEP(5) AVX512_STEP(6) AVX512_STEP(7)
#undef AVX512_STEP
        pa += ak; pb += bk;
    }
    const MASK512_T k0 = ROWMASK512(mr), k1 = ROWMASK512(mr - VL512),
                    k2 = ROWMASK512(mr - 2 * VL512);
    const V512_T va = V512(set1)(alpha), vb = V512(set1)(beta);
#define AVX512_ST1(c, k, x) if (beta == 0) V512(mask_storeu)(c, k, V512(mul)(va, x)); \
        else V512(mask_storeu)(c, k, V512(fmadd)(vb, V512(maskz_loadu)(k, c), \
                                                 V512(mul)(va, x)));
#define AVX512_STORE(j) if (nr > j) { real_t *c = C + ldc * j; \
        AVX512_ST1(c, k0, c0##j) AVX512_ST1(c + VL512, k1, c1##j) \
        AVX512_ST1(c + 2 * VL512, k2, c2##j) }
    AVX512_STORE(0) AVX512_STORE(1) AVX512_STORE(2) AVX512_STORE(3)
    AVX512_STORE(4) AVX512_STORE(5) AVX512_STORE(6) AVX512_STORE(7)
#undef AVX512_STORE
#undef AVX512_ST1
}
#undef V256
#undef V256_T
#undef V256_BCAST
#undef ROWMASK256
#undef V512
#undef V512_T
#undef MASK512_T
#undef ROWMASK512
#undef PREFETCH_C
#endif /* GEMM_X86 */

/* Cache blocks, in bytes the same for both precisions (KS: k values per
   double's worth): a B micro-panel kc x nr about half of L1 (48 KiB), an A
   block mc x kc about half of L2 (1 MiB), a B block kc x nc a few MiB of L3. */
#define KS (8 / (int) sizeof(real_t))
#ifdef GEMM_VEC
static const RT(kernel_desc) RT(kernel_c) = {RT(kern_vec), 2 * VL16, 4, 256 * KS, 128, 2048};
#else
static const RT(kernel_desc) RT(kernel_c) = {RT(kern_c), 4, 4, 256 * KS, 128, 2048};
#endif
#ifdef GEMM_X86
static const RT(kernel_desc) RT(kernel_avx2) = {RT(kern_avx2), 2 * VL256, 6, 384 * KS, 144,
                                                2040};
static const RT(kernel_desc) RT(kernel_avx512) = {RT(kern_avx512), 3 * VL512, 8,
                                                  GEMM_KC512 * KS, GEMM_MC512, GEMM_NC512};
#endif
#undef KS

/* The kernel for the instruction set cpu.c chose (detected once at load,
   capped by RECURRENT_GEMM_ISA). */
static const RT(kernel_desc) *RT(get_kernel)(void)
{
#ifdef GEMM_X86
    int v = cpu_isa();
    return v == CPU_AVX512 ? &RT(kernel_avx512) : v == CPU_AVX2 ? &RT(kernel_avx2)
                                                                 : &RT(kernel_c);
#else
    return &RT(kernel_c);
#endif
}

/* d[0..len) = s[0..len), with fixed-size copies (inlined) for the tile sizes. */
static void RT(copy_short)(real_t *d, const real_t *s, int len)
{
    switch (len) {
    case 4: memcpy(d, s, 4 * sizeof(real_t)); break;
    case 6: memcpy(d, s, 6 * sizeof(real_t)); break;
    case 8: memcpy(d, s, 8 * sizeof(real_t)); break;
    case 16: memcpy(d, s, 16 * sizeof(real_t)); break;
    case 24: memcpy(d, s, 24 * sizeof(real_t)); break;
    case 48: memcpy(d, s, 48 * sizeof(real_t)); break;
    default: memcpy(d, s, (size_t) len * sizeof(real_t));
    }
}

/* Packs one operand for the micro-kernel: indices [i0, i0 + len) of the
   panel dimension (rows of op(A), or columns of op(B)) in panels of w, and k
   values [p0, p0 + kl); each panel [kl][w], indices past len zero. direct:
   element (i, p) sits at X[i + ld * p] (op(A) = A, or op(B) = B^T: the panel
   dimension is contiguous); else at X[p + ld * i], a transpose, done a cache
   line of k values at a time so each source row gives a whole line and the
   writes stay in a few KiB. */
static void RT(pack_panels)(int direct, const real_t *X, size_t ld, int i0, int len,
                            int p0, int kl, int w, real_t *dst)
{
    for (int r0 = 0; r0 < len; r0 += w, dst += (size_t) w * kl) {
        int rows = imin(w, len - r0);
        if (direct) {
            const real_t *src = X + (size_t) (i0 + r0) + ld * p0;
            if (rows == w)
                for (int p = 0; p < kl; p++, src += ld)
                    RT(copy_short)(dst + (size_t) w * p, src, w);
            else
                for (int p = 0; p < kl; p++, src += ld) {
                    real_t *d = dst + (size_t) w * p;
                    int r = 0;
                    for (; r < rows; r++) d[r] = src[r];
                    for (; r < w; r++) d[r] = 0;
                }
        } else {
            for (int q = 0; q < kl; q += LINE_EL) {
                int ql = imin(LINE_EL, kl - q);
                for (int r = 0; r < rows; r++) {
                    const real_t *src = X + (size_t) (p0 + q) + ld * (size_t) (i0 + r0 + r);
                    real_t *d = dst + (size_t) w * q + r;
                    for (int p = 0; p < ql; p++) d[(size_t) w * p] = src[p];
                }
                for (int p = 0; p < ql; p++)
                    for (int r = rows; r < w; r++) dst[(size_t) w * (q + p) + r] = 0;
            }
        }
    }
}

/* The serial algorithm on the rectangle rows [i0, i1) x columns [j0, j1) of C
   (i0 a multiple of mr). pA: the whole op(A) packed by gemm_pack_a (mpad rows),
   or NULL to pack from A into bufa. Operands whose micro-panels are already
   contiguous where the kernel reads them are read in place, whole panels only
   (a partial last panel is packed, zero-filled):
   - B with tb == 'N' (columns contiguous in k): a product per time step,
     h_prev [H x B], would otherwise spend a quarter of its time on the
     transposing pack when GH is small;
   - A with ta == 'N' when the rectangle has at most two column panels, so
     that packing A would cost about as much as the product (the weight
     gradient of an input of a few features, dax [GH x T*B] x^T).
   Either way the kernel sees the same values in the same order: the results
   are the same. */
static void RT(gemm_rect)(const RT(kernel_desc) *kd, char ta, char tb, int i0, int i1,
                          int j0, int j1, int k, real_t alpha, const real_t *A,
                          size_t lda, const real_t *pA, size_t mpad, const real_t *B,
                          size_t ldb, real_t beta, real_t *C, size_t ldc, real_t *bufa,
                          real_t *bufb)
{
    const int mr = kd->mr, nr = kd->nr, kcb = k_block(kd->kc, k);
    const int b_in_place = tb == 'N', a_in_place = !pA && ta == 'N' && j1 - j0 <= 2 * nr;
    for (int jc = j0; jc < j1; jc += kd->nc) {
        int nc = imin(kd->nc, j1 - jc), nfull = b_in_place ? nc / nr * nr : 0;
        for (int p0 = 0; p0 < k; p0 += kcb) {
            int kl = imin(kcb, k - p0);
            real_t bet = p0 == 0 ? beta : 1;
            if (nfull < nc)
                RT(pack_panels)(tb == 'T', B, ldb, jc + nfull, nc - nfull, p0, kl, nr,
                                bufb + (size_t) nfull * kl);
            for (int ic = i0; ic < i1; ic += kd->mc) {
                int mc = imin(kd->mc, i1 - ic), mfull = a_in_place ? mc / mr * mr : 0;
                const real_t *pa = bufa;
                if (pA) pa = pA + mpad * p0 + (size_t) ic * kl;
                else if (mfull < mc)
                    RT(pack_panels)(ta == 'N', A, lda, ic + mfull, mc - mfull, p0, kl, mr,
                                    bufa + (size_t) mfull * kl);
                for (int jr = 0; jr < nc; jr += nr) {
                    const real_t *pb = bufb + (size_t) jr * kl;
                    size_t bj = 1, bk = nr;
                    if (jr < nfull) {
                        pb = B + (size_t) p0 + ldb * (size_t) (jc + jr);
                        bj = ldb;
                        bk = 1;
                    }
                    real_t *cc = C + (size_t) ic + ldc * (size_t) (jc + jr);
                    int nn = imin(nr, nc - jr);
                    for (int ir = 0; ir < mc; ir += mr) {
                        const real_t *pai = pa + (size_t) ir * kl;
                        size_t ak = mr;
                        if (ir < mfull) {
                            pai = A + (size_t) (ic + ir) + lda * (size_t) p0;
                            ak = lda;
                        }
                        kd->fn(kl, pai, ak, pb, bj, bk, cc + ir, ldc, alpha, bet,
                               imin(mr, mc - ir), nn);
                    }
                }
            }
        }
    }
}

/* C = beta * C (beta 0: C = 0 without reading it). */
static void RT(scale_c)(int m, int n, real_t beta, real_t *C, size_t ldc)
{
    if (beta == 1) return;
    for (int j = 0; j < n; j++) {
        real_t *c = C + ldc * j;
        if (beta == 0) memset(c, 0, sizeof(real_t) * m);
        else for (int i = 0; i < m; i++) c[i] *= beta;
    }
}

/* Unblocked product: only when the packing buffers cannot be allocated. With
   pA, op(A)(i, p) is read from the packed layout (see gemm_pack_a). */
static void RT(gemm_naive)(const RT(kernel_desc) *kd, char ta, char tb, int m, int n,
                           int k, real_t alpha, const real_t *A, size_t lda,
                           const real_t *pA, const real_t *B, size_t ldb, real_t beta,
                           real_t *C, size_t ldc)
{
    const int mr = kd->mr, kcb = k_block(kd->kc, k);
    const size_t mpad = round_up((size_t) m, (size_t) mr);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) {
            real_t s = 0;
            for (int p = 0; p < k; p++) {
                int p0 = p / kcb * kcb, kl = imin(kcb, k - p0);
                real_t a = pA ? pA[mpad * p0 + (size_t) (i / mr) * mr * kl +
                                   (size_t) (p - p0) * mr + i % mr]
                              : ta == 'N' ? A[i + lda * p] : A[p + lda * i];
                s += a * (tb == 'N' ? B[p + ldb * j] : B[j + ldb * p]);
            }
            real_t *c = C + i + ldc * j;
            *c = beta == 0 ? alpha * s : alpha * s + beta * *c;
        }
}

static gemm_plan RT(plan_of)(const RT(kernel_desc) *kd, int m, int n, int k, int packed,
                             int threads)
{
    gemm_plan pl;
    const int mr = kd->mr, nr = kd->nr, kcb = k_block(kd->kc, k);
    const int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr;
    int p = threads < 1 ? 1 : threads;
    if ((double) m * n * k < GEMM_PARALLEL_MIN) p = 1;
    if ((double) p > (double) mt * nt) p = mt * nt;
#ifndef _OPENMP
    p = 1;
#endif
    pl.p = p;
    /* per thread: an A block (unless prepacked) and a B block, 64-byte aligned */
    pl.sa = packed ? 0 : round_up((size_t) imin(kd->mc, mt * mr) * kcb, LINE_EL);
    pl.sb = round_up((size_t) imin(kd->nc, nt * nr) * kcb, LINE_EL);
    return pl;
}

int RT(gemm_threads)(int m, int n, int k, int threads)
{
    if (m <= 0 || n <= 0 || k <= 0) return 1;
    return RT(plan_of)(RT(get_kernel)(), m, n, k, 0, threads).p;
}

size_t RT(gemm_scratch_size)(int m, int n, int k, int threads)
{
    if (m <= 0 || n <= 0 || k <= 0) return 0;
    gemm_plan pl = RT(plan_of)(RT(get_kernel)(), m, n, k, 0, threads);
    return (pl.sa + pl.sb) * (size_t) pl.p + LINE_EL;
}

static void RT(gemm_driver)(const RT(kernel_desc) *kd, char ta, char tb, int m, int n,
                            int k, real_t alpha, const real_t *A, int lda,
                            const real_t *pA, const real_t *B, int ldb, real_t beta,
                            real_t *C, int ldc, int threads, real_t *scratch)
{
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) {
        RT(scale_c)(m, n, beta, C, (size_t) ldc);
        return;
    }
    const int mr = kd->mr, nr = kd->nr;
    const int mt = (m + mr - 1) / mr, nt = (n + nr - 1) / nr;
    gemm_plan pl = RT(plan_of)(kd, m, n, k, pA != NULL, threads);
    int p = pl.p;
    const size_t sa = pl.sa, per = pl.sa + pl.sb;
    void *raw = scratch;
    if (!raw) {
        raw = malloc(sizeof(real_t) * (per * p + LINE_EL));
        if (!raw && p > 1) {
            p = 1;
            raw = malloc(sizeof(real_t) * (per + LINE_EL));
        }
        if (!raw) {
            RT(gemm_naive)(kd, ta, tb, m, n, k, alpha, A, (size_t) lda, pA, B,
                           (size_t) ldb, beta, C, (size_t) ldc);
            return;
        }
    }
    real_t *buf = (real_t *) (((size_t) raw + 63) & ~(size_t) 63);
    const size_t mpad = (size_t) mt * mr;

    if (p == 1) {               /* no parallel region: it costs ~1 us even unthreaded */
        RT(gemm_rect)(kd, ta, tb, 0, m, 0, n, k, alpha, A, (size_t) lda, pA, mpad, B,
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
            real_t *bufa = buf + per * tid, *bufb = bufa + sa;
            RT(gemm_rect)(kd, ta, tb, i0, i1, j0, j1, k, alpha, A, (size_t) lda, pA,
                          mpad, B, (size_t) ldb, beta, C, (size_t) ldc, bufa, bufb);
        }
    }
    if (raw != scratch) free(raw);
}

void RT(gemm)(char ta, char tb, int m, int n, int k, real_t alpha, const real_t *A,
              int lda, const real_t *B, int ldb, real_t beta, real_t *C, int ldc,
              int threads, real_t *scratch)
{
    RT(gemm_driver)(RT(get_kernel)(), ta, tb, m, n, k, alpha, A, lda, NULL, B, ldb, beta,
                    C, ldc, threads, scratch);
}

/* Packed layout: for each k block [p0, p0 + kl) (k_block), the panels of all
   mpad rows, [mpad / mr][kl][mr], starting at mpad * p0. */
size_t RT(gemm_pack_size)(int m, int k)
{
    if (m <= 0 || k <= 0) return 0;
    const RT(kernel_desc) *kd = RT(get_kernel)();
    return round_up((size_t) m, (size_t) kd->mr) * (size_t) k;
}

void RT(gemm_pack_a)(char ta, int m, int k, const real_t *A, int lda, real_t *pa,
                     int threads)
{
    if (m <= 0 || k <= 0) return;
    const RT(kernel_desc) *kd = RT(get_kernel)();
    const int kcb = k_block(kd->kc, k), mr = kd->mr;
    const int nk = (k + kcb - 1) / kcb, np = (m + mr - 1) / mr;
    const size_t mpad = (size_t) np * mr;
    int p = threads < 1 ? 1 : threads;
    if ((double) m * k < GEMM_PARALLEL_MIN / 4) p = 1;   /* a copy: cheaper than a product */
#ifndef _OPENMP
    p = 1;
#endif
    /* job q: the row panel q % np of the k block q / np */
#ifdef _OPENMP
#pragma omp parallel for num_threads(p) schedule(static) if (p > 1)
#endif
    for (int q = 0; q < nk * np; q++) {
        int p0 = q / np * kcb, kl = imin(kcb, k - p0), r0 = q % np * mr;
        RT(pack_panels)(ta == 'N', A, (size_t) lda, r0, imin(mr, m - r0), p0, kl, mr,
                        pa + mpad * p0 + (size_t) r0 * kl);
    }
}

void RT(gemm_packed)(int m, int n, int k, real_t alpha, const real_t *pa, char tb,
                     const real_t *B, int ldb, real_t beta, real_t *C, int ldc,
                     int threads, real_t *scratch)
{
    RT(gemm_driver)(RT(get_kernel)(), 'N', tb, m, n, k, alpha, NULL, 0, pa, B, ldb, beta,
                    C, ldc, threads, scratch);
}

#undef VL16
#undef VL256
#undef VL512
#undef LINE_EL

#endif /* REAL_BODY */

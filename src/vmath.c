/* Vectorised sigmoid and tanh for the cell kernels, in place over n values, in
 * both precisions (one body, real.h; the vector code in vmath_simd.h).
 *
 * Why: libm's exp/tanh are scalar (10-20 ns each here) and cost more per LSTM
 * step than the step's matrix product once that is fast; these run at ~2.5 ns
 * (double, AVX2). Both reduce to one exponential of -|x|:
 *   e^r on |r| <= ln2/2 by its Taylor polynomial (double: to degree 13,
 *   truncation error below 1e-17; float: to degree 7, below 6e-9, a twentieth
 *   of float's rounding), scaled by 2^n built from the exponent bits;
 *   sigmoid(x) = 1/(1 + e^-x);  tanh|x| = -q/(q + 2) with q = expm1(-2|x|),
 *   where expm1 keeps the polynomial without its leading 1 when n = 0, so tanh
 *   stays accurate relative to x near 0.
 * Every element goes through the same vector code (the tail is padded), so a
 * value does not depend on where a thread's chunk starts: results are
 * bit-identical for any thread count. The vector code is chosen at run time on
 * x86-64 with GCC or Clang (cpu.c: AVX-512F, else AVX2 and FMA, unless
 * RECURRENT_GEMM_ISA caps it to portable); elsewhere libm does the work. The
 * AVX-512 and AVX2 versions compute the same operations lane by lane, so they
 * give the same bits. */
#ifndef REAL_BODY
#include <math.h>
#include <string.h>
#include "recurrent.h"
#include "cpu.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define VMATH_X86 1
#endif

/* 1/k!, k = 0..13 */
static const double poly_d[14] = {
    1, 1, 0.5, 1.6666666666666666e-01, 4.1666666666666664e-02, 8.3333333333333332e-03,
    1.3888888888888889e-03, 1.9841269841269841e-04, 2.4801587301587302e-05,
    2.7557319223985893e-06, 2.7557319223985888e-07, 2.5052108385441720e-08,
    2.0876756987868100e-09, 1.6059043836821613e-10
};
static const float poly_f[8] = {
    1, 1, 0.5f, 1.66666672e-01f, 4.16666679e-02f, 8.33333377e-03f, 1.38888892e-03f,
    1.98412701e-04f
};

#define REAL_SELF "vmath.c"
#include "real.h"

#else /* REAL_BODY */

/* The precision's constants for vmath_simd.h: ln 2 split so that n * LN2_HI is
   exact, SHIFTER = 1.5 * 2^(mantissa bits) rounds to an integer, the clamps
   keep e^-|x| a normal number. */
#if REAL_FLOAT
#define VM_SHIFTER 12582912.0f
#define VM_LOG2E 1.44269502f
#define VM_LN2_HI 0.693359375f
#define VM_LN2_LO -2.12194440e-4f
#define VM_POLY_DEG 7
#define vm_poly poly_f
#define VM_SIG_LIM 86.0f
#define VM_TANH_LIM 43.0f
#else
#define VM_SHIFTER 6755399441055744.0
#define VM_LOG2E 1.4426950408889634
#define VM_LN2_HI 6.93147180369123816490e-01
#define VM_LN2_LO 1.90821492927058770002e-10
#define VM_POLY_DEG 13
#define vm_poly poly_d
#define VM_SIG_LIM 708.0
#define VM_TANH_LIM 354.0
#endif

#ifdef VMATH_X86
/* the operations named alike in every instruction set and precision */
#define VM_SET1 VM_OP(set1)
#define VM_LOADU VM_OP(loadu)
#define VM_STOREU VM_OP(storeu)
#define VM_ADD VM_OP(add)
#define VM_SUB VM_OP(sub)
#define VM_MUL VM_OP(mul)
#define VM_DIV VM_OP(div)
#define VM_FMADD VM_OP(fmadd)
#define VM_FNMADD VM_OP(fnmadd)
#define VM_MIN VM_OP(min)
#define VM_MAX VM_OP(max)

/* ---- AVX2 + FMA ---- */
#define VM_ATTR "avx2,fma"
#define VM_FN(name) RT(name##_avx2)
#if REAL_FLOAT
#define VM_T __m256
#define VM_OP(op) _mm256_##op##_ps
#define VM_SCALE(kd) _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32( \
    _mm256_castps_si256(kd), _mm256_set1_epi32(0x4B400000)), _mm256_set1_epi32(127)), 23))
#else
#define VM_T __m256d
#define VM_OP(op) _mm256_##op##_pd
#define VM_SCALE(kd) _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(_mm256_sub_epi64( \
    _mm256_castpd_si256(kd), _mm256_set1_epi64x(0x4338000000000000LL)), \
    _mm256_set1_epi64x(1023)), 52))
#endif
#define VM_LANES (32 / (int) sizeof(real_t))
#define VM_AND VM_OP(and)
#define VM_ANDNOT VM_OP(andnot)
#define VM_OR VM_OP(or)
#define VM_SEL_POS(a, yes, no) VM_OP(blendv)(no, yes, VM_OP(cmp)(a, VM_OP(setzero)(), _CMP_GT_OQ))
#include "vmath_simd.h"
#undef VM_OP

/* ---- AVX-512F (bitwise operations through the integer ones: AVX512DQ has
   the floating-point forms, AVX512F does not) ---- */
#define VM_ATTR "avx512f"
#define VM_FN(name) RT(name##_avx512)
#if REAL_FLOAT
#define VM_T __m512
#define VM_OP(op) _mm512_##op##_ps
#define VM_CMP_MASK _mm512_cmp_ps_mask
#define VM_BITS(v) _mm512_castps_si512(v)
#define VM_FROM_BITS(v) _mm512_castsi512_ps(v)
#define VM_SCALE(kd) VM_FROM_BITS(_mm512_slli_epi32(_mm512_add_epi32(_mm512_sub_epi32( \
    VM_BITS(kd), _mm512_set1_epi32(0x4B400000)), _mm512_set1_epi32(127)), 23))
#else
#define VM_T __m512d
#define VM_OP(op) _mm512_##op##_pd
#define VM_CMP_MASK _mm512_cmp_pd_mask
#define VM_BITS(v) _mm512_castpd_si512(v)
#define VM_FROM_BITS(v) _mm512_castsi512_pd(v)
#define VM_SCALE(kd) VM_FROM_BITS(_mm512_slli_epi64(_mm512_add_epi64(_mm512_sub_epi64( \
    VM_BITS(kd), _mm512_set1_epi64(0x4338000000000000LL)), _mm512_set1_epi64(1023)), 52))
#endif
#define VM_LANES (64 / (int) sizeof(real_t))
#define VM_AND(a, b) VM_FROM_BITS(_mm512_and_si512(VM_BITS(a), VM_BITS(b)))
#define VM_ANDNOT(a, b) VM_FROM_BITS(_mm512_andnot_si512(VM_BITS(a), VM_BITS(b)))
#define VM_OR(a, b) VM_FROM_BITS(_mm512_or_si512(VM_BITS(a), VM_BITS(b)))
#define VM_SEL_POS(a, yes, no) \
    VM_OP(mask_blend)(VM_CMP_MASK(a, VM_OP(setzero)(), _CMP_GT_OQ), no, yes)
#include "vmath_simd.h"
#undef VM_OP
#undef VM_CMP_MASK
#undef VM_BITS
#undef VM_FROM_BITS
#undef VM_SET1
#undef VM_LOADU
#undef VM_STOREU
#undef VM_ADD
#undef VM_SUB
#undef VM_MUL
#undef VM_DIV
#undef VM_FMADD
#undef VM_FNMADD
#undef VM_MIN
#undef VM_MAX
#endif /* VMATH_X86 */

#undef VM_SHIFTER
#undef VM_LOG2E
#undef VM_LN2_HI
#undef VM_LN2_LO
#undef VM_POLY_DEG
#undef vm_poly
#undef VM_SIG_LIM
#undef VM_TANH_LIM

/* Portable path (no AVX2, or not GCC/Clang on x86-64): libm, which is faster
 * than the polynomial evaluated one element at a time. */
void RT(vec_sigmoid)(real_t *x, size_t n)
{
#ifdef VMATH_X86
    int isa = cpu_isa();
    if (isa >= CPU_AVX512) { RT(sigmoid_avx512)(x, n); return; }
    if (isa >= CPU_AVX2) { RT(sigmoid_avx2)(x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) x[i] = 1 / (1 + rt_exp(-x[i]));
}

void RT(vec_tanh)(real_t *x, size_t n)
{
#ifdef VMATH_X86
    int isa = cpu_isa();
    if (isa >= CPU_AVX512) { RT(tanh_avx512)(x, n); return; }
    if (isa >= CPU_AVX2) { RT(tanh_avx2)(x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) x[i] = rt_tanh(x[i]);
}

void RT(vmath_check)(double *x, size_t n, int which)
{
    real_t buf[256];                   /* through this precision, a chunk at a time */
    for (size_t i = 0; i < n; i += 256) {
        size_t len = n - i < 256 ? n - i : 256;
        RT(from_double)(buf, x + i, len);
        if (which == 0) RT(vec_sigmoid)(buf, len);
        else RT(vec_tanh)(buf, len);
        RT(to_double)(x + i, buf, len);
    }
}

#endif /* REAL_BODY */

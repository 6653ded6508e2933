/* Vectorised sigmoid and tanh for the cell kernels, in place over n doubles.
 *
 * Why: libm's exp/tanh are scalar (10-20 ns each here) and cost more per LSTM
 * step than the step's matrix product once that is fast; these run at ~2.5 ns.
 * Both reduce to one exponential of -|x|:
 *   e^r on |r| <= ln2/2 by its Taylor polynomial to degree 13 (truncation error
 *   below 1e-17), scaled by 2^n built from the exponent bits;
 *   sigmoid(x) = 1/(1 + e^-x);  tanh|x| = -q/(q + 2) with q = expm1(-2|x|),
 *   where expm1 keeps the polynomial without its leading 1 when n = 0, so tanh
 *   stays accurate relative to x near 0.
 * Every element goes through the same vector code (the tail is padded), so a
 * value does not depend on where a thread's chunk starts: results are
 * bit-identical for any thread count. The AVX2+FMA version is chosen at run
 * time on x86-64 with GCC or Clang (cpu.c: the CPU has AVX2 and FMA and
 * RECURRENT_GEMM_ISA does not cap it to portable); elsewhere libm does the work.
 *
 * The __m256d helpers are always inlined: GCC on Windows cannot pass or return
 * 32-byte vectors across real calls (GCC bug 54412, misaligned stack). */
#include <math.h>
#include <string.h>
#include "recurrent.h"
#include "cpu.h"

#define LOG2E 1.4426950408889634
#define LN2_HI 6.93147180369123816490e-01   /* ln 2 split for an exact n * ln2 */
#define LN2_LO 1.90821492927058770002e-10
#define SHIFTER 6755399441055744.0           /* 1.5 * 2^52: rounds to an integer */
/* 1/k! for k = 2..13 */
#define C2 0.5
#define C3 1.6666666666666666e-01
#define C4 4.1666666666666664e-02
#define C5 8.3333333333333332e-03
#define C6 1.3888888888888889e-03
#define C7 1.9841269841269841e-04
#define C8 2.4801587301587302e-05
#define C9 2.7557319223985893e-06
#define C10 2.7557319223985888e-07
#define C11 2.5052108385441720e-08
#define C12 2.0876756987868100e-09
#define C13 1.6059043836821613e-10

/* Portable path (no AVX2, or not GCC/Clang on x86-64): libm, which is faster
 * than the polynomial evaluated one element at a time. */
static inline double sigmoid1(double x) { return 1 / (1 + exp(-x)); }

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define VMATH_AVX2 1

__attribute__((target("avx2,fma"), always_inline))
static inline __m256d exp_parts4(__m256d x, __m256d *s_out)
{
    const __m256d sh = _mm256_set1_pd(SHIFTER);
    __m256d kd = _mm256_fmadd_pd(x, _mm256_set1_pd(LOG2E), sh);
    __m256i kb = _mm256_castpd_si256(kd);
    kd = _mm256_sub_pd(kd, sh);
    __m256d r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(LN2_HI), x);
    r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(LN2_LO), r);
    __m256d p = _mm256_set1_pd(C13);
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C12));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C11));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C10));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C9));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C8));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C7));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C6));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C5));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C4));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C3));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(C2));
    __m256d q = _mm256_fmadd_pd(_mm256_mul_pd(r, r), p, r);
    __m256i n = _mm256_sub_epi64(kb, _mm256_set1_epi64x(0x4338000000000000LL));
    *s_out = _mm256_castsi256_pd(
        _mm256_slli_epi64(_mm256_add_epi64(n, _mm256_set1_epi64x(1023)), 52));
    return q;
}

__attribute__((target("avx2,fma"), always_inline))
static inline __m256d sigmoid4(__m256d x)
{
    const __m256d lim = _mm256_set1_pd(708), one = _mm256_set1_pd(1.0);
    /* maxpd/minpd return their second operand when either is NaN: keep x
       second so NaN propagates (a diverged net must not look finite) */
    __m256d a = _mm256_min_pd(lim, _mm256_max_pd(_mm256_sub_pd(_mm256_setzero_pd(), lim), x));
    __m256d sign = _mm256_set1_pd(-0.0);
    __m256d na = _mm256_or_pd(_mm256_andnot_pd(sign, a), sign);       /* -|a| */
    __m256d sc, q = exp_parts4(na, &sc);
    __m256d e = _mm256_fmadd_pd(sc, q, sc);                          /* e^-|a| */
    __m256d s = _mm256_div_pd(one, _mm256_add_pd(one, e));
    __m256d pos = _mm256_cmp_pd(a, _mm256_setzero_pd(), _CMP_GT_OQ);
    return _mm256_blendv_pd(_mm256_mul_pd(e, s), s, pos);
}

__attribute__((target("avx2,fma"), always_inline))
static inline __m256d tanh4(__m256d x)
{
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d a = _mm256_min_pd(_mm256_set1_pd(354), _mm256_andnot_pd(sign, x));
    __m256d sc, q = exp_parts4(_mm256_mul_pd(a, _mm256_set1_pd(-2.0)), &sc);
    q = _mm256_fmadd_pd(sc, q, _mm256_sub_pd(sc, _mm256_set1_pd(1.0)));  /* expm1 */
    __m256d t = _mm256_div_pd(_mm256_sub_pd(_mm256_setzero_pd(), q),
                              _mm256_add_pd(q, _mm256_set1_pd(2.0)));
    return _mm256_or_pd(t, _mm256_and_pd(sign, x));
}

#define AVX2_LOOP(NAME, F)                                                    \
__attribute__((target("avx2,fma")))                                           \
static void NAME(double *x, size_t n)                                         \
{                                                                             \
    size_t i = 0;                                                             \
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(x + i, F(_mm256_loadu_pd(x + i))); \
    if (i < n) {                                                              \
        double buf[4] = { 0, 0, 0, 0 };                                       \
        memcpy(buf, x + i, sizeof(double) * (n - i));                         \
        _mm256_storeu_pd(buf, F(_mm256_loadu_pd(buf)));                       \
        memcpy(x + i, buf, sizeof(double) * (n - i));                         \
    }                                                                         \
}
AVX2_LOOP(sigmoid_avx2, sigmoid4)
AVX2_LOOP(tanh_avx2, tanh4)

static int use_avx2(void) { return cpu_isa() >= CPU_AVX2; }
#endif

void vec_sigmoid(double *x, size_t n)
{
#ifdef VMATH_AVX2
    if (use_avx2()) { sigmoid_avx2(x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) x[i] = sigmoid1(x[i]);
}

void vec_tanh(double *x, size_t n)
{
#ifdef VMATH_AVX2
    if (use_avx2()) { tanh_avx2(x, n); return; }
#endif
    for (size_t i = 0; i < n; i++) x[i] = tanh(x[i]);
}

/* The vector body of vmath.c: sigmoid and tanh in place over n values of
 * real_t, for one instruction set. vmath.c includes this file once per
 * (precision, instruction set) after defining, for that pair,
 *   VM_T, VM_LANES, VM_ATTR        the vector type, its lanes, the target
 *                                  attribute ("avx2,fma", "avx512f")
 *   VM_FN(name)                    the name of this instance's function
 *   VM_SET1, VM_LOADU, VM_STOREU, VM_ADD, VM_SUB, VM_MUL, VM_DIV, VM_FMADD,
 *   VM_FNMADD (c - a*b), VM_MIN, VM_MAX, VM_AND, VM_ANDNOT (~a & b), VM_OR
 *   VM_SEL_POS(a, yes, no)         yes where a > 0, else no
 *   VM_SCALE(kd)                   2^n from kd = x log2(e) + SHIFTER (the
 *                                  integer n in kd's low mantissa bits)
 * and the precision's constants (vmath.c): VM_SHIFTER, VM_LOG2E, VM_LN2_HI,
 * VM_LN2_LO, VM_POLY_DEG and vm_poly[] (1/k! for k = 0..VM_POLY_DEG),
 * VM_SIG_LIM, VM_TANH_LIM. It defines VM_FN(sigmoid) and VM_FN(tanh), and
 * #undefs the instruction set's macros of the first two lines above (VM_T,
 * VM_LANES, VM_ATTR, VM_FN, VM_SEL_POS, VM_SCALE and the bitwise ones), so
 * the includer defines them afresh for its next instruction set.
 *
 * The helpers are always inlined: GCC on Windows cannot pass or return 32-byte
 * vectors across real calls (GCC bug 54412, misaligned stack). */

/* e^r - 1 = q on the reduced argument, and the scale 2^n, for e^x = s (1 + q). */
__attribute__((target(VM_ATTR), always_inline))
static inline VM_T VM_FN(exp_parts)(VM_T x, VM_T *s_out)
{
    const VM_T sh = VM_SET1(VM_SHIFTER);
    VM_T kd = VM_FMADD(x, VM_SET1(VM_LOG2E), sh);
    *s_out = VM_SCALE(kd);
    kd = VM_SUB(kd, sh);
    VM_T r = VM_FNMADD(kd, VM_SET1(VM_LN2_HI), x);
    r = VM_FNMADD(kd, VM_SET1(VM_LN2_LO), r);
    /* Taylor polynomial without its first two terms: p = sum_{k>=2} r^(k-2)/k! */
    VM_T p = VM_SET1(vm_poly[VM_POLY_DEG]);
    for (int k = VM_POLY_DEG - 1; k >= 2; k--) p = VM_FMADD(p, r, VM_SET1(vm_poly[k]));
    return VM_FMADD(VM_MUL(r, r), p, r);
}

__attribute__((target(VM_ATTR), always_inline))
static inline VM_T VM_FN(sigmoid_v)(VM_T x)
{
    const VM_T lim = VM_SET1(VM_SIG_LIM), one = VM_SET1(1), zero = VM_SET1(0);
    /* max/min return their second operand when either is NaN: keep x second
       so NaN propagates (a diverged net must not look finite) */
    VM_T a = VM_MIN(lim, VM_MAX(VM_SUB(zero, lim), x));
    const VM_T sign = VM_SET1(-0.0);
    VM_T na = VM_OR(VM_ANDNOT(sign, a), sign);                  /* -|a| */
    VM_T sc, q = VM_FN(exp_parts)(na, &sc);
    VM_T e = VM_FMADD(sc, q, sc);                               /* e^-|a| */
    VM_T s = VM_DIV(one, VM_ADD(one, e));
    return VM_SEL_POS(a, s, VM_MUL(e, s));
}

__attribute__((target(VM_ATTR), always_inline))
static inline VM_T VM_FN(tanh_v)(VM_T x)
{
    const VM_T sign = VM_SET1(-0.0);
    VM_T a = VM_MIN(VM_SET1(VM_TANH_LIM), VM_ANDNOT(sign, x));
    VM_T sc, q = VM_FN(exp_parts)(VM_MUL(a, VM_SET1(-2.0)), &sc);
    q = VM_FMADD(sc, q, VM_SUB(sc, VM_SET1(1.0)));             /* expm1(-2|x|) */
    VM_T t = VM_DIV(VM_SUB(VM_SET1(0), q), VM_ADD(q, VM_SET1(2.0)));
    return VM_OR(t, VM_AND(sign, x));
}

/* The loops: every element goes through the same vector code (the tail is
   padded), so a value does not depend on where a thread's chunk starts. */
#define VM_LOOP(NAME, F)                                                      \
__attribute__((target(VM_ATTR)))                                              \
static void VM_FN(NAME)(real_t *x, size_t n)                                  \
{                                                                             \
    size_t i = 0;                                                             \
    for (; i + VM_LANES <= n; i += VM_LANES) VM_STOREU(x + i, F(VM_LOADU(x + i))); \
    if (i < n) {                                                              \
        real_t buf[VM_LANES] = { 0 };                                         \
        memcpy(buf, x + i, sizeof(real_t) * (n - i));                         \
        VM_STOREU(buf, F(VM_LOADU(buf)));                                     \
        memcpy(x + i, buf, sizeof(real_t) * (n - i));                         \
    }                                                                         \
}
VM_LOOP(sigmoid, VM_FN(sigmoid_v))
VM_LOOP(tanh, VM_FN(tanh_v))
#undef VM_LOOP

#undef VM_T
#undef VM_LANES
#undef VM_ATTR
#undef VM_FN
#undef VM_SEL_POS
#undef VM_SCALE
#undef VM_AND
#undef VM_ANDNOT
#undef VM_OR

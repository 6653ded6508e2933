/* real.h: one source, two precisions.
 *
 * The C core computes in the network's precision, double or single. Its kernels
 * are written once, over the type real_t, and compiled twice, so the two
 * precisions stay one design: a fix or a speed-up in one is in the other.
 *
 * A file with such a body puts it between `#ifdef REAL_BODY` and `#endif`, and
 * above it, after its ordinary #includes and any code that does not depend on
 * the precision, writes
 *
 *     #define REAL_SELF "layer.c"      (its own name)
 *     #include "real.h"
 *
 * real.h then includes that file again, once per precision (it reads itself
 * once per pass to set the names), with
 *
 *     real_t        double          float
 *     RT(name)      name_d          name_f      every name a body defines, static
 *                                               ones too (both passes share one
 *                                               translation unit)
 *     REAL_FLOAT    0               1           for the few places where the two
 *                                               differ (constants, conversions)
 *     rt_exp, rt_log, rt_log1p, rt_sqrt, rt_fabs, rt_tanh: libm for real_t
 *
 * and undefines them afterwards. A body #defines no macro it does not #undef
 * at its end, so the second pass starts clean. recurrent.h declares the typed
 * structs and prototypes of both precisions the same way, from
 * recurrent_real.h.
 *
 * Numeric literals in a body are double; where one meets a real_t in a hot
 * loop it is written (real_t) 0.5 so that the float pass stays in float (the
 * double pass compiles to the same code either way). */
#ifndef REAL_FLOAT           /* read by the kernel file: both passes */

#ifndef REAL_SELF
#error "define REAL_SELF (the including file's name) before including real.h"
#endif
#define REAL_BODY 1
#define rt_exp RT_LIBM(exp)
#define rt_log RT_LIBM(log)
#define rt_log1p RT_LIBM(log1p)
#define rt_sqrt RT_LIBM(sqrt)
#define rt_fabs RT_LIBM(fabs)
#define rt_tanh RT_LIBM(tanh)
#define REAL_FLOAT 0
#include "real.h"
#undef REAL_FLOAT
#define REAL_FLOAT 1
#include "real.h"
#undef REAL_FLOAT
#undef rt_exp
#undef rt_log
#undef rt_log1p
#undef rt_sqrt
#undef rt_fabs
#undef rt_tanh
#undef REAL_BODY
#undef REAL_SELF

#else                        /* read by itself: one pass */

#if REAL_FLOAT
#define real_t float
#define RT(name) name##_f
#define RT_LIBM(fn) fn##f
#else
#define real_t double
#define RT(name) name##_d
#define RT_LIBM(fn) fn
#endif
#include REAL_SELF
#undef real_t
#undef RT
#undef RT_LIBM

#endif

/* The .Call entry points (all prefixed rec_), defined in glue.c and registered
 * in init.c. Each is listed once, with its argument count, in REC_ENTRY_POINTS;
 * that one list gives both the prototypes (which glue.c's definitions must
 * match, or the compiler stops) and init.c's registration table, so a count
 * cannot drift from the function it describes.
 *
 * Arguments, in order (R/engine.R's engine_call() supplies the first four of
 * the network entries: spec, dropout, exec, params):
 *   rec_predict        spec, dropout, exec, params, x
 *   rec_evaluate       spec, dropout, exec, params, x, y, loss, arena
 *   rec_gradients      spec, dropout, exec, params, x, y, loss, training, state
 *   rec_workspace_size spec, dropout, exec, params, x, batch_size
 *   rec_alloc          n, zero             (rnn_train()'s workspace and optimizer state)
 *   rec_train_epoch    spec, dropout, exec, params, state, optim, x, y, loss,
 *                      batch_size, shuffle, arena, reset
 *   rec_step           spec, dropout, exec, params, x, state
 *   rec_gemm_r         ta, tb, A, B, alpha, beta, C, threads   (tests, benches)
 *   rec_max_threads    (none)
 *   rec_cpu_info       (none)                                   (tests, benches)
 *   rec_mm_time        exec, dims, reps                         (R/exec.R's "auto")
 *   rec_vmath_r        x, which                                 (tests)
 *   rec_es_filter      z, m, par, state, residuals    (R/forecast-smooth.R)
 *   rec_linear_paths   B, lag, center, scale, coef, unit, L, Hs   (R/forecast-paths.R)
 *   rec_direct_fit     y, periods, config, h, lambda, max_rows    (R/forecast-direct.R)
 *   rec_ar_ols         u, order_max, h                            (R/forecast-mstl.R)
 */
#ifndef RECURRENT_ENTRY_H
#define RECURRENT_ENTRY_H

#include <Rinternals.h>

#define REC_ENTRY_POINTS(X)  \
    X(rec_predict, 5)        \
    X(rec_evaluate, 8)       \
    X(rec_gradients, 9)      \
    X(rec_workspace_size, 6) \
    X(rec_alloc, 2)          \
    X(rec_train_epoch, 13)   \
    X(rec_step, 6)           \
    X(rec_gemm_r, 8)         \
    X(rec_max_threads, 0)    \
    X(rec_cpu_info, 0)       \
    X(rec_mm_time, 3)        \
    X(rec_vmath_r, 2)        \
    X(rec_es_filter, 5)      \
    X(rec_linear_paths, 8)   \
    X(rec_direct_fit, 6)     \
    X(rec_ar_ols, 3)

/* REC_ARGS_n: the parameter list of an entry point with n arguments. */
#define REC_ARGS_0 void
#define REC_ARGS_1 SEXP
#define REC_ARGS_2 SEXP, SEXP
#define REC_ARGS_3 REC_ARGS_2, SEXP
#define REC_ARGS_4 REC_ARGS_3, SEXP
#define REC_ARGS_5 REC_ARGS_4, SEXP
#define REC_ARGS_6 REC_ARGS_5, SEXP
#define REC_ARGS_7 REC_ARGS_6, SEXP
#define REC_ARGS_8 REC_ARGS_7, SEXP
#define REC_ARGS_9 REC_ARGS_8, SEXP
#define REC_ARGS_10 REC_ARGS_9, SEXP
#define REC_ARGS_11 REC_ARGS_10, SEXP
#define REC_ARGS_12 REC_ARGS_11, SEXP
#define REC_ARGS_13 REC_ARGS_12, SEXP

#define REC_DECLARE(name, n) SEXP name(REC_ARGS_##n);
REC_ENTRY_POINTS(REC_DECLARE)
#undef REC_DECLARE

#endif

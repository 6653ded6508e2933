/* Registration of the .Call entry points (all prefixed rec_). */
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include "recurrent.h"
#include "cpu.h"

SEXP rec_predict(SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP rec_evaluate(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP rec_gradients(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP rec_train_epoch(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP rec_max_threads(void);
SEXP rec_cpu_info(void);
SEXP rec_mm_time(SEXP, SEXP, SEXP);
SEXP rec_vmath_r(SEXP, SEXP);
SEXP rec_gemm_r(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);

#define CALLDEF(name, n) { #name, (DL_FUNC) &name, n }

static const R_CallMethodDef call_methods[] = {
    CALLDEF(rec_predict, 5),
    CALLDEF(rec_evaluate, 7),
    CALLDEF(rec_gradients, 8),
    CALLDEF(rec_train_epoch, 11),
    CALLDEF(rec_gemm_r, 8),
    CALLDEF(rec_max_threads, 0),
    CALLDEF(rec_cpu_info, 0),
    CALLDEF(rec_mm_time, 3),
    CALLDEF(rec_vmath_r, 2),
    { NULL, NULL, 0 }
};

void R_init_recurrent(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
    /* CPU features and the loading process id (fork detection), once */
    cpu_init();
}

/* Registration of the .Call entry points listed in entry.h, with their exact
 * argument counts; symbols are found only through this table. */
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include "recurrent.h"
#include "entry.h"
#include "cpu.h"

#define REC_CALLDEF(name, n) { #name, (DL_FUNC) &name, n },

static const R_CallMethodDef call_methods[] = {
    REC_ENTRY_POINTS(REC_CALLDEF)
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

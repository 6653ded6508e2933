/* CPU features, fork detection and load: everything recurrent asks the machine,
 * in one module (cpu.c). No R API: safe to call from any thread. */
#ifndef RECURRENT_CPU_H
#define RECURRENT_CPU_H

#include <stddef.h>

/* Instruction sets recurrent has kernels for (gemm.c, vmath.c). */
enum { CPU_PORTABLE = 0, CPU_AVX2 = 1, CPU_AVX512 = 2 };

/* Once, when the package loads (R_init_recurrent): detects the CPU, applies the
   cap RECURRENT_GEMM_ISA, records the process id. Later calls do nothing. */
void cpu_init(void);

/* The kernel family to use: the best the CPU runs (AVX-512F; AVX2 with FMA;
   portable C otherwise, and always without GCC/Clang on x86-64), capped by the
   environment variable RECURRENT_GEMM_ISA = portable (or c) | avx2 | avx512,
   read once at load. cpu_isa_detected() ignores the cap. */
int cpu_isa(void);
int cpu_isa_detected(void);

/* 1 in a process forked from the one that loaded the package (parallel::mclapply,
   a forked future plan): OpenMP's thread pool does not survive fork(), so such a
   process must run serially. 0 otherwise, and always on Windows. */
int cpu_forked(void);

/* Online cores, and how many of them other processes keep busy right now:
   runnable tasks (Linux /proc/stat procs_running) minus this process's own
   running threads. -1 when unknown (not Linux). */
int cpu_cores(void);
int cpu_busy_elsewhere(void);

/* Threads of R's BLAS when it is a threaded OpenBLAS, BLIS or MKL found in
   the process; 1 otherwise (reference BLAS, Accelerate, unknown). */
int cpu_blas_threads(void);

/* The threads an entry point may use:
   requested    options(recurrent.threads) or OpenMP's default;
   automatic    1 when the user did not set the option: then cores that other
                processes keep busy are left to them.
   Always 1 in a forked child; >= 1. */
int cpu_threads(int requested, int automatic);

/* Asks the OS to back [p, p + bytes) with huge pages (Linux transparent huge
   pages, MADV_HUGEPAGE; a no-op elsewhere or for less than 2 MiB), before the
   memory is first touched: a fresh workspace of 100 MB then costs 50 page
   faults instead of 25,000 (each several microseconds in a VM). Only a hint:
   the contents and every result are the same either way. */
void cpu_advise_huge(void *p, size_t bytes);

#endif

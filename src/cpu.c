/* What recurrent asks the machine (interface in cpu.h): instruction sets for the
 * kernels, whether this process is a fork of the one that loaded the package,
 * how busy the cores are, and how many threads R's BLAS runs.
 *
 * Static state, and why it is safe: two values written once when the package
 * loads (cpu_init, from R_init_recurrent, on R's main thread) and only read
 * afterwards, from any thread:
 *   isa       the CPU's features do not change while a process runs; detecting
 *             them once keeps every product in a session on one kernel (results
 *             depend on the kernel in the last bits);
 *   load_pid  the process that loaded the package; a different getpid() later
 *             means a forked child (fork() copies this value, not the threads).
 * Neither holds model state, so two models can live at once, and a fork sees
 * correct values. No R API here. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE                     /* RTLD_DEFAULT */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu.h"
#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#include <dlfcn.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#endif

#if defined(__GNUC__) && defined(__x86_64__) && !defined(GEMM_PORTABLE)
#define CPU_X86 1
#endif

static int isa_detected = -1, isa_capped = -1;
#ifndef _WIN32
static pid_t load_pid = 0;
#endif

static int detect_isa(void)
{
#ifdef CPU_X86
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
        return CPU_PORTABLE;
    return __builtin_cpu_supports("avx512f") ? CPU_AVX512 : CPU_AVX2;
#else
    return CPU_PORTABLE;
#endif
}

/* RECURRENT_GEMM_ISA caps the instruction set (never raises it). */
static int cap_isa(int v)
{
    const char *cap = getenv("RECURRENT_GEMM_ISA");
    if (!cap) return v;
    int c = v;
    if (!strcmp(cap, "portable") || !strcmp(cap, "c")) c = CPU_PORTABLE;
    else if (!strcmp(cap, "avx2")) c = CPU_AVX2;
    else if (!strcmp(cap, "avx512")) c = CPU_AVX512;
    return c < v ? c : v;
}

static void init_isa(void)
{
    int d = detect_isa();
    __atomic_store_n(&isa_capped, cap_isa(d), __ATOMIC_RELAXED);
    __atomic_store_n(&isa_detected, d, __ATOMIC_RELAXED);
}

void cpu_init(void)
{
    if (__atomic_load_n(&isa_detected, __ATOMIC_RELAXED) < 0) init_isa();
#ifndef _WIN32
    if (!load_pid) load_pid = getpid();
#endif
}

/* Lazily too, for code that runs gemm.c without loading the package (a
   standalone C harness); the values written are the same from any thread. */
int cpu_isa(void)
{
    if (__atomic_load_n(&isa_detected, __ATOMIC_RELAXED) < 0) init_isa();
    return __atomic_load_n(&isa_capped, __ATOMIC_RELAXED);
}

int cpu_isa_detected(void)
{
    if (__atomic_load_n(&isa_detected, __ATOMIC_RELAXED) < 0) init_isa();
    return __atomic_load_n(&isa_detected, __ATOMIC_RELAXED);
}

int cpu_forked(void)
{
#ifdef _WIN32
    return 0;
#else
    return load_pid != 0 && getpid() != load_pid;
#endif
}

int cpu_cores(void)
{
#ifdef _WIN32
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return (int) si.dwNumberOfProcessors;
#else
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int) n : -1;
#endif
}

#ifdef __linux__
/* Reads a small /proc file into buf (NUL-terminated); returns its length or -1.
   open/read rather than stdio: this runs at every .Call. */
static int read_small(const char *path, char *buf, int size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t len = read(fd, buf, (size_t) size - 1);
    close(fd);
    if (len < 0) return -1;
    buf[len] = 0;
    return (int) len;
}

/* Threads of this process in state R (running or runnable). */
static int own_running(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int running = 0;
    struct dirent *e;
    char path[64], buf[256];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "/proc/self/task/%.20s/stat", e->d_name);
        if (read_small(path, buf, sizeof buf) < 0) continue;
        /* "tid (comm) S ...": the state follows the last ')' */
        char *p = strrchr(buf, ')');
        if (p && p[1] == ' ' && p[2] == 'R') running++;
    }
    closedir(d);
    return running;
}
#endif

int cpu_busy_elsewhere(void)
{
#ifdef __linux__
    /* /proc/loadavg: "0.52 0.58 0.59 3/467 12345": runnable tasks right now,
       this thread included */
    char buf[128];
    if (read_small("/proc/loadavg", buf, sizeof buf) < 0) return -1;
    double l1, l5, l15;
    int running = -1, total;
    if (sscanf(buf, "%lf %lf %lf %d/%d", &l1, &l5, &l15, &running, &total) != 5 ||
        running < 1)
        return -1;
    if (running == 1) return 0;        /* only this thread: the usual quiet case */
    int own = own_running();
    if (own < 0) return -1;
    if (own < 1) own = 1;              /* this thread runs while it reads */
    return running > own ? running - own : 0;
#else
    return -1;
#endif
}

/* A BLAS function that reports its thread count, looked up in the process. */
typedef int (*int_fn)(void);
static int call_int_symbol(const char *name)
{
#if defined(_WIN32) || !defined(RTLD_DEFAULT)
    (void) name;
    return -1;
#else
    void *sym = dlsym(RTLD_DEFAULT, name);
    if (!sym) return -1;
    int_fn fn;
    memcpy(&fn, &sym, sizeof fn);      /* object to function pointer, portably */
    return fn();
#endif
}

int cpu_blas_threads(void)
{
    static const char *const names[] = {
        "openblas_get_num_threads",     /* OpenBLAS */
        "bli_thread_get_num_threads",   /* BLIS */
        "MKL_Get_Max_Threads"           /* MKL */
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int n = call_int_symbol(names[i]);
        if (n >= 1) return n;
    }
    return 1;
}

int cpu_threads(int requested, int automatic)
{
    if (cpu_forked()) return 1;
    int t = requested < 1 ? 1 : requested;
    if (automatic && t > 1) {
        int cores = cpu_cores(), busy = cpu_busy_elsewhere();
        if (cores > 0 && busy >= 0) {
            int avail = cores - busy;
            if (avail < t) t = avail < 1 ? 1 : avail;
        }
    }
    return t;
}

void cpu_advise_huge(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t) 2 << 20;
    size_t lo = ((size_t) p + huge - 1) / huge * huge, hi = ((size_t) p + bytes) / huge * huge;
    if (hi > lo) (void) madvise((void *) lo, hi - lo, MADV_HUGEPAGE);
#else
    (void) p; (void) bytes;
#endif
}

// What this CPU can run, for the kernels compiled more than once (for AVX-512, AVX2 and the
// baseline): each entry point asks here and calls the copy the CPU has. (__builtin_cpu_supports
// reads a table filled once at start-up, so asking is cheap.)
#ifndef LIFELONG_CPU_H
#define LIFELONG_CPU_H

/// AVX2 (the eight-lane loops).
static inline int cpu_has_avx2(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}

/// AVX2 and FMA (the matrix kernel's AVX2 copy, the losses).
static inline int cpu_has_avx2_fma(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/// AVX-512 F, VL and DQ (the matrix kernel's AVX-512 copy, the losses).
static inline int cpu_has_avx512(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
#else
    return 0;
#endif
}

/// Which copy the lane kernels (products.c, dots.c) run: 2 AVX-512, 1 AVX2, 0 the baseline — the
/// best the CPU has, unless a test forced one on this thread (lf_lanes_force_isa, in products.c).
int lf_lanes_level(void);

#endif

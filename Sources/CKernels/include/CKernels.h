#ifndef LIFELONG_CKERNELS_H
#define LIFELONG_CKERNELS_H

/// Row-major single-precision matrix multiply:
///
///     C[M,N] = alpha * op(A)[M,K] · op(B)[K,N] + beta * C
///
/// op(A) is A (an [M,K] array with row stride lda) or, when transA is non-zero, Aᵀ (A is [K,M]).
/// Likewise for B. When beta is 0, C is not read (it may hold garbage). Single-threaded and
/// deterministic: the same inputs give the same bits on the same machine.
void lf_sgemm(int transA, int transB, int M, int N, int K,
              float alpha, const float *A, int lda,
              const float *B, int ldb,
              float beta, float *C, int ldc);

/// The instruction set the kernel chose on this CPU: "avx512", "avx2" or "generic".
const char *lf_sgemm_isa(void);

/// Forces a kernel ("avx512", "avx2", "generic") for tests and benchmarks; returns 0 if this CPU
/// cannot run it. Pass NULL to go back to automatic choice.
int lf_sgemm_force_isa(const char *name);

#endif

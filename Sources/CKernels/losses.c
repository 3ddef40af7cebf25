// The binary cross-entropy of logits, fused with the sigmoid its backward pass needs: on a VAE's
// 784 pixels a batch it is ~100k exponentials and logarithms a step, and libm's scalar expf/logf
// took a quarter of a replay-lesson VAE step (perf on `bench --vae`). Here exp and log are short
// polynomials (Cephes' single-precision ones, ~1 ulp on the ranges used) written so that the
// compiler vectorises the loop; it is compiled three times, for AVX-512 (whose 32 registers keep
// the polynomials' constants: `bench --vae` 2–3% faster than AVX2's 16), for AVX2+FMA and for the
// baseline, and the CPU picks once. Each variant takes the same operations in the same order.
// Also softmax cross-entropy's row loop: libm's expf and logf in order, as the Swift loop it
// replaced took them (the same bits), in C only to leave that loop's bounds and exclusivity checks behind.
#include "CKernels.h"
#include "cpu.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

/// e^x for x ≤ 0 (0 below −87, where e^x is no longer a normal float): x = n·ln2 + r, |r| ≤ ln2/2,
/// e^r by its degree-7 Cephes polynomial, 2ⁿ put into the exponent bits.
static inline __attribute__((always_inline)) float exp_nonpositive(float x) {
    x = x < -87.0f ? -87.0f : x;
    float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/// log(1 + e) for e ∈ [0, 1]: f = e (or (1 + e)/2 − 1 and + ln 2 above √2 − 1), so |f| ≤ 0.42, and
/// log(1 + f) = f − f²/2 + f³·P(f) with Cephes' degree-8 P.
static inline __attribute__((always_inline)) float log1p_unit(float e) {
    int half = e > 0.41421356f;
    float f = half ? 0.5f * e - 0.5f : e;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    float f2 = f * f;
    float y = f + (f2 * f * p - 0.5f * f2);
    return half ? y + 0.693147180559945f : y;
}

// Each row goes in chunks of 256, each in three short loops: e = e^(−|z|) into a buffer, then the
// terms, then σ. One loop doing all three was bound by its chain of ~30 dependent operations
// (Horner's polynomials, then the division): ~100 instructions an iteration let the core overlap
// only 2–3 iterations (4.8 cycles a pixel on Zen 3). Split, each loop's shorter body overlaps more;
// every value is the same operations in the same order. The terms are summed in 8 lanes, then the
// lanes in order (a loop without a reduction, so it vectorises under strict floating point).
#define BCE_BODY                                                                                   \
    double total = 0;                                                                              \
    float term[256], e[256];                                                                       \
    for (long r = 0; r < rows; r++) {                                                              \
        float lanes[8] = {0};                                                                      \
        for (long c0 = r * d; c0 < (r + 1) * d; c0 += 256) {                                       \
            long n = (r + 1) * d - c0 < 256 ? (r + 1) * d - c0 : 256;                              \
            const float *zc = z + c0, *yc = y + c0;                                                \
            for (long i = 0; i < n; i++) e[i] = exp_nonpositive(-__builtin_fabsf(zc[i]));          \
            for (long i = 0; i < n; i++)                                                           \
                term[i] = (zc[i] > 0 ? zc[i] : 0) - zc[i] * yc[i] + log1p_unit(e[i]);              \
            for (long i = 0; i < n; i++) sigma[c0 + i] = (zc[i] >= 0 ? 1.0f : e[i]) / (1.0f + e[i]); \
            for (long i = n; i < (n + 7) / 8 * 8; i++) term[i] = 0;                                \
            for (long i = 0; i < n; i += 8)                                                        \
                for (int l = 0; l < 8; l++) lanes[l] += term[i + l];                               \
        }                                                                                          \
        float row = 0;                                                                             \
        for (int l = 0; l < 8; l++) row += lanes[l];                                               \
        total += (double)w[r] * (double)row;                                                       \
    }                                                                                              \
    return total;

__attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
static double bce_avx512(long rows, long d, const float *restrict z, const float *restrict y,
                         const float *restrict w, float *restrict sigma) { BCE_BODY }

__attribute__((target("avx2,fma")))
static double bce_avx2(long rows, long d, const float *restrict z, const float *restrict y,
                       const float *restrict w, float *restrict sigma) { BCE_BODY }

static double bce_baseline(long rows, long d, const float *restrict z, const float *restrict y,
                           const float *restrict w, float *restrict sigma) { BCE_BODY }

double lf_bce_logits_rows(long rows, long d, const float *z, const float *y, const float *w, float *sigma) {
    if (cpu_has_avx512()) return bce_avx512(rows, d, z, y, w, sigma);   // 32 registers: the constants stay in them
    return cpu_has_avx2_fma() ? bce_avx2(rows, d, z, y, w, sigma) : bce_baseline(rows, d, z, y, w, sigma);
}

// The backward pass, compiled for AVX2 (without FMA: a multiply, then an add, as in the baseline
// copy) and for the baseline.
#define BCE_BACKWARD_BODY                                                                          \
    for (long r = 0; r < rows; r++) {                                                              \
        float s = scale[r];                                                                        \
        if (write)      /* 0 + x, not x: −0 becomes +0, as it does added into a zeroed buffer */   \
            for (long i = r * d; i < (r + 1) * d; i++) dz[i] = 0.0f + s * (sigma[i] - y[i]);       \
        else                                                                                       \
            for (long i = r * d; i < (r + 1) * d; i++) dz[i] += s * (sigma[i] - y[i]);             \
    }
#define BCE_BACKWARD_PARAMETERS long rows, long d, const float *restrict sigma, const float *restrict y, \
                                const float *restrict scale, float *restrict dz, int write

__attribute__((target("avx2"))) static void bce_backward_avx2(BCE_BACKWARD_PARAMETERS) { BCE_BACKWARD_BODY }
static void bce_backward_baseline(BCE_BACKWARD_PARAMETERS) { BCE_BACKWARD_BODY }

void lf_bce_logits_backward(long rows, long d, const float *sigma, const float *y, const float *scale, float *dz, int write) {
    (cpu_has_avx2() ? bce_backward_avx2 : bce_backward_baseline)(rows, d, sigma, y, scale, dz, write);
}

// MARK: - Softmax along rows

// Tensor.softmax's loops over contiguous rows (the memory network's attention), in C for the same
// reason as the loss's below: libm's expf and every operation in the Swift loop's order, without
// its checks. No fused multiply-adds (Swift's loop has none), wherever FMA is in the baseline.
/// y = softmax(x) over one row of n; returns its max m and sets *sum to Σ e^(x − m) (the cross-entropy
/// below needs both).
static float softmax_row(const float *restrict x, float *restrict y, long n, float *sum) {
    float m = -INFINITY, s = 0;
    for (long j = 0; j < n; j++) m = x[j] >= m ? x[j] : m;                 // Swift's max(m, x)
    for (long j = 0; j < n; j++) { y[j] = expf(x[j] - m); s += y[j]; }
    for (long j = 0; j < n; j++) y[j] /= s;
    *sum = s;
    return m;
}

void lf_softmax_rows(long rows, long n, const float *restrict x, float *restrict y) {
    float s;
    for (long r = 0; r < rows; r++) softmax_row(x + r * n, y + r * n, n, &s);
}

void lf_softmax_rows_backward(long rows, long n, const float *restrict y, const float *restrict g, float *restrict dx) {
    _Pragma("clang fp contract(off)")
    for (long r = 0; r < rows; r++) {
        const float *yr = y + r * n, *gr = g + r * n;
        float *dr = dx + r * n, dot = 0;
        for (long j = 0; j < n; j++) dot += gr[j] * yr[j];
        for (long j = 0; j < n; j++) dr[j] += yr[j] * (gr[j] - dot);
    }
}

// MARK: - Softmax cross-entropy

double lf_softmax_xent_rows(long rows, long c, const float *restrict z, const long *restrict labels,
                            const float *restrict w, float *restrict probs) {
    double loss = 0;
    for (long r = 0; r < rows; r++) {
        const float *zr = z + r * c;
        float s, m = softmax_row(zr, probs + r * c, c, &s);
        loss += (double)w[r] * (double)(m + logf(s) - zr[labels[r]]);
    }
    return loss;
}

void lf_softmax_xent_backward(long rows, long c, const float *restrict probs, const long *restrict labels,
                              const float *restrict scale, float *restrict dz) {
    for (long r = 0; r < rows; r++) {
        for (long j = 0; j < c; j++) dz[r * c + j] += scale[r] * probs[r * c + j];
        dz[r * c + labels[r]] -= scale[r];
    }
}

// The few elementwise loops on every training step's path, in C so that `restrict` tells the
// compiler the buffers do not overlap and it can vectorise them (Swift cannot prove that for
// unsafe pointers, and its scalar loops cost up to 40× more here; measured with perf on bench).
#include <math.h>
#include "CKernels.h"
#include "cpu.h"

void lf_relu_forward(long n, const float *restrict x, float *restrict y) {
    for (long i = 0; i < n; i++) {
        float xi = x[i];
        y[i] = xi > 0.0f ? xi : 0.0f;
    }
}

void lf_relu_backward(long n, const float *restrict y, const float *restrict g, float *restrict dx) {
    for (long i = 0; i < n; i++) {
        float gi = g[i];                       // read unconditionally, so the loop vectorises
        dx[i] += y[i] > 0.0f ? gi : 0.0f;
    }
}

void lf_relu_gate(long n, const float *restrict y, const float *restrict g, float *restrict dx) {
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        dx[i] = y[i] > 0.0f ? gi : 0.0f;
    }
}

void lf_add_rows(long rows, long n, const float *restrict x, const float *restrict b, float *restrict y) {
    for (long r = 0; r < rows; r++)
        for (long j = 0; j < n; j++) y[r * n + j] = x[r * n + j] + b[j];
}

void lf_add_row_in_place(long rows, long n, float *restrict y, const float *restrict b) {
    for (long r = 0; r < rows; r++)
        for (long j = 0; j < n; j++) y[r * n + j] += b[j];
}

void lf_add_row_relu_in_place(long rows, long n, float *restrict y, const float *restrict b) {
    for (long r = 0; r < rows; r++)
        for (long j = 0; j < n; j++) {
            float v = y[r * n + j] + b[j];
            y[r * n + j] = v > 0.0f ? v : 0.0f;
        }
}

void lf_sum_rows(long rows, long n, const float *restrict g, float *restrict db) {
    for (long r = 0; r < rows; r++)
        for (long j = 0; j < n; j++) db[j] += g[r * n + j];
}

void lf_accumulate(long n, const float *restrict g, float *restrict dx) {
    for (long i = 0; i < n; i++) dx[i] += g[i];
}

// Σ b·(θ − a)² in 16 lanes (a serial sum waits on each add: 3–4 cycles a weight). Only a guard's
// loss value uses it, and a loss value only decides whether training stops (not finite): the
// gradient does not read it, so no result depends on the order of this sum.
#define SQUARED_DISTANCE_BODY                                                                      \
    float lanes[16] = {0};                                                                         \
    long i = 0;                                                                                    \
    for (; i + 16 <= n; i += 16)                                                                   \
        for (int l = 0; l < 16; l++) {                                                             \
            float d = theta[i + l] - anchor[i + l];                                                \
            lanes[l] += b[i + l] * d * d;                                                          \
        }                                                                                          \
    double total = 0;                                                                              \
    for (; i < n; i++) total += (double)(b[i] * (theta[i] - anchor[i]) * (theta[i] - anchor[i])); \
    for (int l = 0; l < 16; l++) total += (double)lanes[l];                                        \
    return total;
#define SQUARED_DISTANCE_PARAMETERS long n, const float *restrict theta, const float *restrict anchor, const float *restrict b

__attribute__((target("avx2,fma"))) static double squared_distance_avx2(SQUARED_DISTANCE_PARAMETERS) { SQUARED_DISTANCE_BODY }
static double squared_distance_baseline(SQUARED_DISTANCE_PARAMETERS) { SQUARED_DISTANCE_BODY }

double lf_weighted_squared_distance(long n, const float *theta, const float *anchor, const float *b) {
    return (cpu_has_avx2_fma() ? squared_distance_avx2 : squared_distance_baseline)(n, theta, anchor, b);
}

// Swift's loop over the same formula branched on the sign (unpredictable for logits) and cost as
// much as its expf calls; here the sign only selects values, and the calls are the same.
void lf_sigmoid(long n, const float *restrict x, float *restrict y, float *restrict slope) {
    for (long i = 0; i < n; i++) {
        float xi = x[i], e = expf(xi >= 0.0f ? -xi : xi);
        y[i] = (xi >= 0.0f ? 1.0f : e) / (1.0f + e);
    }
    if (slope)
        for (long i = 0; i < n; i++) slope[i] = y[i] * (1.0f - y[i]);
}

// Adam's loop has a square root and a division a weight: 8 lanes instead of 4 halve it. Compiled
// for AVX2 and for the baseline, the CPU picks once; without fused multiply-adds both give the
// same bits as the scalar formula, step for step.
#define ADAM_BODY                                                                                  \
    _Pragma("clang fp contract(off)")                                                              \
    for (long i = 0; i < n; i++) {                                                                 \
        float gi = g[i] + weight_decay * theta[i];                                                 \
        m[i] = b1 * m[i] + (1 - b1) * gi;                                                          \
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;                                                     \
        theta[i] -= step_size * m[i] / (__builtin_sqrtf(v[i]) / root_c2 + eps);                    \
    }

#define ADAM_PARAMETERS long n, float *restrict theta, const float *restrict g, float *restrict m, \
    float *restrict v, float b1, float b2, float weight_decay, float step_size, float root_c2, float eps

__attribute__((target("avx2"))) static void adam_avx2(ADAM_PARAMETERS) { ADAM_BODY }
static void adam_baseline(ADAM_PARAMETERS) { ADAM_BODY }

void lf_adam_step(ADAM_PARAMETERS) {
    (cpu_has_avx2() ? adam_avx2 : adam_baseline)(n, theta, g, m, v, b1, b2, weight_decay, step_size, root_c2, eps);
}

// The same update where `mask` allows it (PackNet's and CPG's free weights): every lane computes
// the update, and a weight the mask holds keeps its θ, m and v (a select, so the loop vectorises).
#define ADAM_MASKED_BODY                                                                           \
    _Pragma("clang fp contract(off)")                                                              \
    for (long i = 0; i < n; i++) {                                                                 \
        float gi = g[i] + weight_decay * theta[i];                                                 \
        float mi = b1 * m[i] + (1 - b1) * gi;                                                      \
        float vi = b2 * v[i] + (1 - b2) * gi * gi;                                                 \
        float ti = theta[i] - step_size * mi / (__builtin_sqrtf(vi) / root_c2 + eps);              \
        int on = mask[i];                                                                          \
        m[i] = on ? mi : m[i];                                                                     \
        v[i] = on ? vi : v[i];                                                                     \
        theta[i] = on ? ti : theta[i];                                                             \
    }

__attribute__((target("avx2"))) static void adam_masked_avx2(ADAM_PARAMETERS, const bool *restrict mask) { ADAM_MASKED_BODY }
static void adam_masked_baseline(ADAM_PARAMETERS, const bool *restrict mask) { ADAM_MASKED_BODY }

void lf_adam_step_masked(ADAM_PARAMETERS, const bool *mask) {
    (cpu_has_avx2() ? adam_masked_avx2 : adam_masked_baseline)(n, theta, g, m, v, b1, b2, weight_decay, step_size, root_c2, eps, mask);
}

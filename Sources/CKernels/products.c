// A memory network's two ops beyond an MLP's, in C so that their lanes are AVX-512's sixteen or
// AVX2's eight where the CPU has them (Swift compiles SIMD8 for the baseline: two SSE halves, and an
// overflow check an index): one small matrix product per example (attention over the memory slots),
// and weighted bags of words. Every sum keeps the plain loop's order and rounding (products and sums
// apart, never fused), so each lane holds the bits of the scalar code, whatever the lane width: see
// products_template.h, included once per width.
#include "CKernels.h"
#include "cpu.h"
#include "turn.h"
#include <string.h>

typedef float v16 __attribute__((vector_size(64)));
typedef float v16u __attribute__((vector_size(64), aligned(4)));

#define BAGS_PARAMETERS long sentences, long d, const int *ids, const long *starts, const float *const *weights, \
    long wd, const float *restrict x, float *restrict y

/// t[j][l] = q[l·stride + j] for j, l < 8: eight rows `stride` apart, turned (turn.h).
static inline __attribute__((always_inline)) void turn_8(v8 t[8], const float *q, long stride) {
    const float *rows[8];
    for (int k = 0; k < 8; k++) rows[k] = q + k * stride;
    turn_rows(t, rows, 0);
}

/// The same for sixteen rows: two turns of eight, side by side.
static inline __attribute__((always_inline)) void turn_16(v16 t[8], const float *q, long stride) {
    v8 lo[8], hi[8];
    turn_8(lo, q, stride);
    turn_8(hi, q + 8 * stride, stride);
    for (int j = 0; j < 8; j++) t[j] = __builtin_shufflevector(lo[j], hi[j], 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}

#define W 8
#define VEC v8
#define VECU v8u
#include "products_template.h"

#define W 16
#define VEC v16
#define VECU v16u
#define NARROWER 8
#include "products_template.h"
#undef NARROWER

#define PRODUCTS_PARAMETERS long batch, long rows, long columns, long inner, const float *a, long ars, long acs, \
    const float *b, long brs, long bcs, float *c, long crs, long ccs, int write

/// c[j] (+)= 0 + x·b[j] for j < n: a row of an outer product (inner size 1), the one-term sum of
/// the plain loop (from 0: a product of −0 sums to +0), in whatever lanes the compiler picks.
static inline __attribute__((always_inline)) void outer_row(long n, float x, const float *restrict b, float *restrict c, int write) {
    _Pragma("clang fp contract(off)")
    if (write) for (long j = 0; j < n; j++) c[j] = 0.0f + x * b[j];
    else for (long j = 0; j < n; j++) c[j] += 0.0f + x * b[j];
}

/// The products of every example, with lane_sums of width w (8 or 16). An outer product with rows
/// of C and of B contiguous (the memory network's ∂ of an attention) goes row by row instead: the
/// blocks' bookkeeping cost more than its products (50×50 at batch 32, AVX-512: 53 → 15 µs).
#define PRODUCTS_BODY(w)                                                                           \
    for (long e = 0; e < batch; e++) {                                                             \
        const float *ae = a + e * rows * inner, *be = b + e * inner * columns;                     \
        float *ce = c + e * rows * columns;                                                        \
        if (inner == 1 && bcs == 1 && ccs == 1)                                                    \
            for (long i = 0; i < rows; i++) outer_row(columns, ae[i * ars], be, ce + i * crs, write); \
        else if (columns >= rows)   /* lanes along a row of C: A(i, p) shared, B(p, j…) differs */ \
            for (long i = 0; i < rows; i++)                                                        \
                lane_sums_##w(columns, inner, ce + i * crs, ccs, ae + i * ars, acs, be, bcs, brs, write); \
        else                        /* lanes down a column: B(p, j) shared, A(i…, p) differs */    \
            for (long j = 0; j < columns; j++)                                                     \
                lane_sums_##w(rows, inner, ce + j * ccs, crs, be + j * bcs, brs, ae, ars, acs, write); \
    }

#define AVX512_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx2")))
AVX512_TARGET static void products_avx512(PRODUCTS_PARAMETERS) { PRODUCTS_BODY(16) }
__attribute__((target("avx2"))) static void products_avx2(PRODUCTS_PARAMETERS) { PRODUCTS_BODY(8) }
static void products_baseline(PRODUCTS_PARAMETERS) { PRODUCTS_BODY(8) }

/// The copy a test forces on this thread (a lf_lanes_level value), or −1 for the best the CPU has.
static _Thread_local int forced = -1;

int lf_lanes_force_isa(const char *name) {
    if (!name) { forced = -1; return 1; }
    int level = !strcmp(name, "avx512") ? 2 : !strcmp(name, "avx2") ? 1 : !strcmp(name, "generic") ? 0 : -1;
    int runs = level == 2 ? cpu_has_avx512() : level == 1 ? cpu_has_avx2() : level == 0;
    if (runs) forced = level;
    return runs;
}

int lf_lanes_level(void) {
    if (forced >= 0) return forced;
    return cpu_has_avx512() ? 2 : cpu_has_avx2();
}

void lf_multiply_each(PRODUCTS_PARAMETERS) {
    void (*fn)(PRODUCTS_PARAMETERS) = (void (*[])(PRODUCTS_PARAMETERS)){products_baseline, products_avx2, products_avx512}[lf_lanes_level()];
    fn(batch, rows, columns, inner, a, ars, acs, b, brs, bcs, c, crs, ccs, write);
}

// MARK: - Bags of words

/// Backward: y[id_j] += w_j ∘ x[n] (rows of y that different words may share: added in place).
static inline __attribute__((always_inline)) void bags_backward(BAGS_PARAMETERS) {
    _Pragma("clang fp contract(off)")
    for (long n = 0; n < sentences; n++) {
        long length = starts[n + 1] - starts[n];
        for (long j = 0; j < length; j++) {
            float *yj = y + ids[starts[n] + j] * d;
            const float *wj = weights[length] + j * wd, *xn = x + n * d;
            for (long k = 0; k < d; k++) yj[k] += wj[k] * xn[k];
        }
    }
}

AVX512_TARGET static void bags_avx512(BAGS_PARAMETERS, int backward) {
    if (backward) bags_backward(sentences, d, ids, starts, weights, wd, x, y);
    else bags_forward_16(sentences, d, ids, starts, weights, wd, x, y);
}
__attribute__((target("avx2"))) static void bags_avx2(BAGS_PARAMETERS, int backward) {
    if (backward) bags_backward(sentences, d, ids, starts, weights, wd, x, y);
    else bags_forward_8(sentences, d, ids, starts, weights, wd, x, y);
}
static void bags_baseline(BAGS_PARAMETERS, int backward) {
    if (backward) bags_backward(sentences, d, ids, starts, weights, wd, x, y);
    else bags_forward_8(sentences, d, ids, starts, weights, wd, x, y);
}

void lf_bag_of_words(BAGS_PARAMETERS, int backward) {
    void (*fn)(BAGS_PARAMETERS, int) = (void (*[])(BAGS_PARAMETERS, int)){bags_baseline, bags_avx2, bags_avx512}[lf_lanes_level()];
    fn(sentences, d, ids, starts, weights, wd, x, y, backward);
}

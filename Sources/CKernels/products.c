// A memory network's two ops beyond an MLP's, in C so that their lanes are AVX2's eight where the
// CPU has them (Swift compiles SIMD8 for the baseline: two SSE halves, and an overflow check an
// index): one small matrix product per example (attention over the memory slots), and weighted
// bags of words. Every sum keeps the plain loop's order and rounding (products and sums apart,
// never fused), so each lane holds the bits of the scalar code. Four independent sums are kept in
// flight, since one chain of dependent adds waits on each add's latency; and a row whose length
// is not a multiple of eight ends with a block that overlaps the one before it (the same lanes
// get the same bits twice) rather than with a partial one.
#include "CKernels.h"
#include "cpu.h"

typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4)));   // the same, any alignment

// (Vectors go in and out of the helpers through pointers: a vector argument's ABI would differ
// between the AVX2 and the baseline copies. Inlined, the pointers vanish.)

/// *v = the 8 values `stride` apart from q.
static inline __attribute__((always_inline)) void load8(v8 *v, const float *q, long stride) {
    if (stride == 1) { *v = *(const v8u *)q; return; }
    *v = (v8){q[0], q[stride], q[2 * stride], q[3 * stride], q[4 * stride], q[5 * stride], q[6 * stride], q[7 * stride]};
}

/// Lanes from..<8 of *v into q[k·stride], added to what is there or (write) instead of it.
static inline __attribute__((always_inline)) void store8(float *q, long stride, long from, const v8 *v, int write) {
    _Pragma("clang fp contract(off)")
    if (from == 0 && stride == 1) { *(v8u *)q = write ? *v : *(v8u *)q + *v; return; }
    for (long k = from; k < 8; k++) q[k * stride] = write ? (*v)[k] : q[k * stride] + (*v)[k];
}

/// Four blocks of lane sums at offsets o[0..3] (each block eight lanes l), stored from lane skip[b]:
///   c[l·cs] (+)= Σ_p shared[p·ss] · lanes[l·ls + p·lis], each sum from 0 in order of p.
static inline __attribute__((always_inline)) void four_blocks(const long o[4], const long skip[4], long inner, float *c, long cs,
        const float *shared, long ss, const float *lanes, long ls, long lis, int write) {
    _Pragma("clang fp contract(off)")
    v8 s[4] = {{0}, {0}, {0}, {0}}, v;
    for (long p = 0; p < inner; p++) {
        float x = shared[p * ss];
        for (int b = 0; b < 4; b++) { load8(&v, lanes + o[b] * ls + p * lis, ls); s[b] += x * v; }
    }
    for (int b = 0; b < 4; b++) if (skip[b] < 8) store8(c + o[b] * cs, cs, skip[b], &s[b], write);
}

/// c[l·cs] (+)= Σ_p shared[p·ss] · lanes[l·ls + p·lis] for l < count.
static inline __attribute__((always_inline)) void lane_sums(long count, long inner, float *c, long cs,
        const float *shared, long ss, const float *lanes, long ls, long lis, int write) {
    _Pragma("clang fp contract(off)")
    if (count < 8) {                                   // too short for a block: the plain loop
        for (long l = 0; l < count; l++) {
            float sum = 0;
            for (long p = 0; p < inner; p++) sum += shared[p * ss] * lanes[l * ls + p * lis];
            c[l * cs] = write ? sum : c[l * cs] + sum;
        }
        return;
    }
    for (long l = 0; l < count; l += 32) {
        long o[4], skip[4];
        for (int b = 0; b < 4; b++) {                  // a block past the end moves back inside
            long start = l + 8 * b;
            o[b] = start + 8 <= count ? start : count - 8;
            skip[b] = start - o[b];                     // its lanes already stored (≥ 8: all of them)
        }
        four_blocks(o, skip, inner, c, cs, shared, ss, lanes, ls, lis, write);
    }
}

#define PRODUCTS_PARAMETERS long batch, long rows, long columns, long inner, const float *a, long ars, long acs, \
    const float *b, long brs, long bcs, float *c, long crs, long ccs, int write

#define PRODUCTS_BODY                                                                              \
    for (long e = 0; e < batch; e++) {                                                             \
        const float *ae = a + e * rows * inner, *be = b + e * inner * columns;                     \
        float *ce = c + e * rows * columns;                                                        \
        if (columns >= rows)        /* lanes along a row of C: A(i, p) shared, B(p, j…) differs */ \
            for (long i = 0; i < rows; i++)                                                        \
                lane_sums(columns, inner, ce + i * crs, ccs, ae + i * ars, acs, be, bcs, brs, write); \
        else                        /* lanes down a column: B(p, j) shared, A(i…, p) differs */    \
            for (long j = 0; j < columns; j++)                                                     \
                lane_sums(rows, inner, ce + j * ccs, crs, be + j * bcs, brs, ae, ars, acs, write); \
    }

__attribute__((target("avx2"))) static void products_avx2(PRODUCTS_PARAMETERS) { PRODUCTS_BODY }
static void products_baseline(PRODUCTS_PARAMETERS) { PRODUCTS_BODY }

void lf_multiply_each(PRODUCTS_PARAMETERS) {
    (cpu_has_avx2() ? products_avx2 : products_baseline)(batch, rows, columns, inner, a, ars, acs, b, brs, bcs, c, crs, ccs, write);
}

// MARK: - Bags of words

#define BAGS_PARAMETERS long sentences, long d, const int *ids, const long *starts, const float *const *weights, \
    long wd, const float *restrict x, float *restrict y

/// Forward: y[n] = Σ_j w_j ∘ x[id_j], 32 values of y[n] at a time kept in registers over the
/// sentence's words (blocks past d moved back inside, as in `lane_sums`: written twice, the same).
static inline __attribute__((always_inline)) void bags_forward(BAGS_PARAMETERS) {
    _Pragma("clang fp contract(off)")
    for (long n = 0; n < sentences; n++) {
        long length = starts[n + 1] - starts[n];
        const int *id = ids + starts[n];
        const float *w = weights[length];
        if (d < 8) {
            for (long k = 0; k < d; k++) {
                float sum = 0;
                for (long j = 0; j < length; j++) sum += w[j * wd + k] * x[id[j] * d + k];
                y[n * d + k] = sum;
            }
            continue;
        }
        for (long k = 0; k < d; k += 32) {
            long o[4];
            for (int b = 0; b < 4; b++) o[b] = k + 8 * b + 8 <= d ? k + 8 * b : d - 8;
            v8 s[4] = {{0}, {0}, {0}, {0}}, u, v;
            for (long j = 0; j < length; j++)
                for (int b = 0; b < 4; b++) { load8(&u, w + j * wd + o[b], 1); load8(&v, x + id[j] * d + o[b], 1); s[b] += u * v; }
            for (int b = 0; b < 4; b++) store8(y + n * d + o[b], 1, 0, &s[b], 1);
        }
    }
}

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

__attribute__((target("avx2"))) static void bags_avx2(BAGS_PARAMETERS, int backward) {
    if (backward) bags_backward(sentences, d, ids, starts, weights, wd, x, y);
    else bags_forward(sentences, d, ids, starts, weights, wd, x, y);
}
static void bags_baseline(BAGS_PARAMETERS, int backward) {
    if (backward) bags_backward(sentences, d, ids, starts, weights, wd, x, y);
    else bags_forward(sentences, d, ids, starts, weights, wd, x, y);
}

void lf_bag_of_words(BAGS_PARAMETERS, int backward) {
    (cpu_has_avx2() ? bags_avx2 : bags_baseline)(sentences, d, ids, starts, weights, wd, x, y, backward);
}

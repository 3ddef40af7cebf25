// Dot products in Double of one vector with several others (GEM's gᵀGₖ and Gram matrix, A-GEM's
// two), with the lanes across the rows: eight rows side by side, eight values of each read and
// turned (an 8×8 transpose) so that lane r holds row r. Each lane's sum is the plain loop's, term by
// term in order from 0, product and sum rounded apart (the pragma below; the kernels are built with
// -ffp-contract=fast-honor-pragmas), so every instruction set gives the bits of
//     for i in 0..<n { s += Double(a[i]) * Double(row[i]) }
#include "CKernels.h"
#include "cpu.h"
#include "turn.h"

typedef double v8d __attribute__((vector_size(64)));

/// s[b] += Σ_i a[i]·q[b][·][i] for i in from..<n, one value at a time (the last n mod 8).
static inline __attribute__((always_inline)) void dots_rest(int blocks, long from, long n, const float *a, const float *const q[2][8], v8d s[2]) {
    _Pragma("clang fp contract(off)")
    for (long i = from; i < n; i++)
        for (int b = 0; b < blocks; b++) {
            v8d v;
            for (int r = 0; r < 8; r++) v[r] = q[b][r][i];
            s[b] += (double)a[i] * v;
        }
}

/// Up to sixteen rows at a time (two blocks of eight whose chains of adds overlap); a short last
/// block repeats its last row, whose extra sums are dropped.
static inline __attribute__((always_inline)) void dots_body(long n, const float *a, const float *const *rows, long count, double *out) {
    _Pragma("clang fp contract(off)")
    for (long r0 = 0; r0 < count; r0 += 16) {
        const float *q[2][8];
        for (int r = 0; r < 16; r++) q[r / 8][r % 8] = rows[r0 + r < count ? r0 + r : count - 1];
        int blocks = count - r0 > 8 ? 2 : 1;
        v8d s[2] = {{0}, {0}};
        long i = 0;
        for (; i + 8 <= n; i += 8)
            for (int b = 0; b < blocks; b++) {
                v8 t[8];
                turn_rows(t, q[b], i);
                for (int j = 0; j < 8; j++) s[b] += (double)a[i + j] * __builtin_convertvector(t[j], v8d);
            }
        dots_rest(blocks, i, n, a, q, s);
        for (int r = 0; r < 16 && r0 + r < count; r++) out[r0 + r] = s[r / 8][r % 8];
    }
}

/// out[i] = (float)(g[i] + Σ_k v[k]·rows[k][i]), the sum in Double in order of k, terms with v[k] = 0
/// left out, each product and sum rounded apart: lanes along i, where the compiler vectorises them.
static inline __attribute__((always_inline)) void combine_body(long n, const float *g, const float *const *rows, const double *v,
                                                               long count, float *out) {
    _Pragma("clang fp contract(off)")
    for (long i0 = 0; i0 < n; i0 += 256) {            // 256 values of every row a time: 19 streams stay in L1
        long end = i0 + 256 < n ? i0 + 256 : n;
        double s[256];
        for (long i = i0; i < end; i++) s[i - i0] = g[i];
        for (long k = 0; k < count; k++) {
            if (v[k] == 0) continue;
            const float *row = rows[k];
            double vk = v[k];
            for (long i = i0; i < end; i++) s[i - i0] += vk * (double)row[i];
        }
        for (long i = i0; i < end; i++) out[i] = (float)s[i - i0];
    }
}

typedef void (*dots_fn)(long, const float *, const float *const *, long, double *);
typedef void (*combine_fn)(long, const float *, const float *const *, const double *, long, float *);

static void dots_baseline(long n, const float *a, const float *const *rows, long count, double *out) { dots_body(n, a, rows, count, out); }
static void combine_baseline(long n, const float *g, const float *const *rows, const double *v, long count, float *out) {
    combine_body(n, g, rows, v, count, out);
}
#if defined(__x86_64__)
#define AVX512_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx2")))
#define AVX2_TARGET __attribute__((target("avx2")))
AVX512_TARGET static void dots_avx512(long n, const float *a, const float *const *rows, long count, double *out) { dots_body(n, a, rows, count, out); }
AVX2_TARGET static void dots_avx2(long n, const float *a, const float *const *rows, long count, double *out) { dots_body(n, a, rows, count, out); }
AVX512_TARGET static void combine_avx512(long n, const float *g, const float *const *rows, const double *v, long count, float *out) {
    combine_body(n, g, rows, v, count, out);
}
AVX2_TARGET static void combine_avx2(long n, const float *g, const float *const *rows, const double *v, long count, float *out) {
    combine_body(n, g, rows, v, count, out);
}
static const dots_fn dots_copies[] = {dots_baseline, dots_avx2, dots_avx512};
static const combine_fn combine_copies[] = {combine_baseline, combine_avx2, combine_avx512};
#else
static const dots_fn dots_copies[] = {dots_baseline};
static const combine_fn combine_copies[] = {combine_baseline};
#endif

void lf_dots_f64(long n, const float *a, const float *const *rows, long count, double *out) {
    if (count > 0) dots_copies[lf_lanes_level()](n, a, rows, count, out);
}

void lf_combine_f64(long n, const float *g, const float *const *rows, const double *v, long count, float *out) {
    combine_copies[lf_lanes_level()](n, g, rows, v, count, out);
}

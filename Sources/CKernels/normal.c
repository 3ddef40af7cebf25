// Standard normal draws in blocks, with the bits of the one-at-a-time formula
//
//     Float(√(−2 ln u₁) · cos(2π u₂))        (SeededGenerator.normal: glibc's log and cos, in Double)
//
// glibc's log and cos cost ~29 ns a draw (Zen 3), ~5% of a VAE's training step (its ε). Here eight
// draws at a time (four without AVX2) go through polynomials in Double accurate to ~1e-15 — far
// closer to glibc's Double than a Float can tell apart, except when the value lies within
// TOLERANCE of the midpoint between two Floats: then, about once in 40,000 draws, that draw is
// computed again the slow way. Either way each Float is the one the formula gives; ~7 ns a draw.
#include <math.h>
#include <stdint.h>
#include "CKernels.h"
#include "cpu.h"

/// A bound on |ours − glibc's| / |value| with a wide margin: the polynomials below and the
/// reductions err by less than 1e-14, glibc's functions by under an ulp (1.1e-16) each.
static const double TOLERANCE = 1e-12;

/// The formula itself, exactly as SeededGenerator.normal computes it, from a draw's two words.
static float normal_slowly(const uint64_t *b) {
    double u1 = (double)((b[0] >> 11) + 1) * 0x1p-53, u2 = (double)(b[1] >> 11) * 0x1p-53;
    return (float)(sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
}

static _Thread_local long slow_draws;
long lf_normal_slow_draws(void) { return slow_draws; }

/// A double as its bits and back (same-size vector casts are bit casts).
#define BITS(U, d) ((U)(d))
/// Integers below 2⁵² as doubles, exactly (AVX2 has no 64-bit integer conversion): u's bits under
/// 2⁵²'s exponent are the double 2⁵² + u.
#define SMALL_DOUBLE(D, u) ((D)((u) | 0x4330000000000000UL) - 0x1p52)
/// 1.0 where the lane's mask is all ones, else 0.0.
#define ONE_WHERE(D, mask) ((D)((mask) & 0x3ff0000000000000UL))

/// NORMAL_BODY(D, U, F, W, EVEN, ODD): the block loop for vectors of W doubles (D), their bits (U)
/// and W floats (F); EVEN and ODD (macros of W indices) pick the u₁ and u₂ bits out of 2W. Each lane:
///   u₁ = (b₁ >> 11 + 1)·2⁻⁵³ ∈ (0, 1],  u₂ = (b₂ >> 11)·2⁻⁵³   (53-bit integers: two halves);
///   ln u₁ = e·ln 2 + 2 atanh(s),  u₁ = 2ᵉ·m with m ∈ [√½, √2), s = (m − 1)/(m + 1), |s| ≤ 0.172;
///   cos θ, θ = 2π·u₂: θ = k·π/2 + r (|r| ≤ π/4, π/2 in three parts), then ±cos r or ±sin r by k.
/// A lane whose Float is not certain (or u₁ = 1, where the sign of 0 matters) is drawn again slowly.
#define NORMAL_BODY(D, U, F, W, EVEN, ODD)                                                         \
    long i = 0;                                                                                    \
    for (; i + W <= n; i += W) {                                                                   \
        U x, y;                                                                                    \
        __builtin_memcpy(&x, bits + 2 * i, sizeof x), __builtin_memcpy(&y, bits + 2 * i + W, sizeof y); \
        U b1 = (__builtin_shufflevector(x, y, EVEN) >> 11) + 1, b2 = __builtin_shufflevector(x, y, ODD) >> 11; \
        D u1 = (SMALL_DOUBLE(D, b1 >> 1) * 2 + ONE_WHERE(D, 0 - (b1 & 1))) * 0x1p-53;              \
        D u2 = (SMALL_DOUBLE(D, b2 >> 1) * 2 + ONE_WHERE(D, 0 - (b2 & 1))) * 0x1p-53;              \
        /* ln u₁ */                                                                                \
        U ub = BITS(U, u1);                                                                        \
        D m = (D)((ub & 0x000fffffffffffffUL) | 0x3ff0000000000000UL);                             \
        U big = (U)(m > 1.4142135623730951);                                                       \
        m = (D)((BITS(U, m) & ~big) | (BITS(U, m * 0.5) & big));                                   \
        D e = SMALL_DOUBLE(D, ub >> 52) - 1023 + ONE_WHERE(D, big);                                \
        D s = (m - 1.0) / (m + 1.0), z = s * s;                                                    \
        D p = (D){0} + 1.0 / 19;                                                                   \
        p = p * z + 1.0 / 17, p = p * z + 1.0 / 15, p = p * z + 1.0 / 13, p = p * z + 1.0 / 11;     \
        p = p * z + 1.0 / 9, p = p * z + 1.0 / 7, p = p * z + 1.0 / 5, p = p * z + 1.0 / 3;         \
        D ln = e * 6.93147180369123816490e-01 + (e * 1.90821492927058770002e-10 + 2 * s * (p * z + 1.0)); \
        /* cos θ */                                                                                \
        D theta = 2 * M_PI * u2;                                                                   \
        D shifted = theta * 0.63661977236758134308 + 0x1.8p52, kd = shifted - 0x1.8p52;            \
        D r = theta - kd * 1.57079632673412561417e+00;                                             \
        r = r - kd * 6.07710050630396597660e-11;                                                   \
        r = r - kd * 2.02226624871116645580e-21;                                                   \
        D r2 = r * r;                                                                              \
        D sn = (D){0} - 1.0 / 121645100408832000.0;            /* sin r: r − r³/3! + … − r¹⁹/19! */ \
        sn = sn * r2 + 1.0 / 355687428096000.0, sn = sn * r2 - 1.0 / 1307674368000.0;               \
        sn = sn * r2 + 1.0 / 6227020800.0, sn = sn * r2 - 1.0 / 39916800.0;                         \
        sn = sn * r2 + 1.0 / 362880.0, sn = sn * r2 - 1.0 / 5040.0, sn = sn * r2 + 1.0 / 120.0;      \
        sn = sn * r2 - 1.0 / 6.0, sn = r + r * (sn * r2);                                          \
        D cs = (D){0} + 1.0 / 2432902008176640000.0;           /* cos r: 1 − r²/2! + … + r²⁰/20! */ \
        cs = cs * r2 - 1.0 / 6402373705728000.0, cs = cs * r2 + 1.0 / 20922789888000.0;             \
        cs = cs * r2 - 1.0 / 87178291200.0, cs = cs * r2 + 1.0 / 479001600.0;                       \
        cs = cs * r2 - 1.0 / 3628800.0, cs = cs * r2 + 1.0 / 40320.0, cs = cs * r2 - 1.0 / 720.0;    \
        cs = cs * r2 + 1.0 / 24.0, cs = cs * r2 - 0.5, cs = 1.0 + cs * r2;                         \
        U k = BITS(U, shifted), odd = 0 - (k & 1), negative = 0 - (((k + 1) >> 1) & 1);            \
        D c = (D)((BITS(U, sn) & odd) | (BITS(U, cs) & ~odd));                                     \
        c = (D)(BITS(U, c) ^ (negative & 0x8000000000000000UL));                                   \
        /* the product, and whether its Float is certain */                                        \
        D v = __builtin_elementwise_sqrt(-2 * ln) * c, margin = __builtin_elementwise_abs(v) * TOLERANCE; \
        F lo = __builtin_convertvector(v - margin, F), hi = __builtin_convertvector(v + margin, F); \
        U unsure = (U)__builtin_convertvector(lo != hi, __typeof__(u1 == 1.0)) | (U)(b1 == 1UL << 53); \
        F scaled = lo * scale;                                                                     \
        __builtin_memcpy(out + i, &scaled, sizeof scaled);                                         \
        for (int l = 0; l < W; l++)                                                                \
            if (unsure[l]) out[i + l] = normal_slowly(bits + 2 * (i + l)) * scale, slow_draws++;    \
    }                                                                                              \
    for (; i < n; i++) out[i] = normal_slowly(bits + 2 * i) * scale;

typedef double v4d __attribute__((vector_size(32)));
typedef unsigned long v4u __attribute__((vector_size(32)));
typedef float v4f __attribute__((vector_size(16)));
typedef double v8d __attribute__((vector_size(64)));
typedef unsigned long v8u __attribute__((vector_size(64)));
typedef float v8f __attribute__((vector_size(32)));
#define EVEN4 0, 2, 4, 6
#define ODD4 1, 3, 5, 7
#define EVEN8 0, 2, 4, 6, 8, 10, 12, 14
#define ODD8 1, 3, 5, 7, 9, 11, 13, 15

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void normals_avx2(long n, const uint64_t *bits, float scale, float *out) {
    NORMAL_BODY(v8d, v8u, v8f, 8, EVEN8, ODD8)
}
#endif
static void normals_baseline(long n, const uint64_t *bits, float scale, float *out) { NORMAL_BODY(v4d, v4u, v4f, 4, EVEN4, ODD4) }

void lf_normals_from_bits(long n, const uint64_t *bits, float scale, float *out) {
#if defined(__x86_64__)
    if (lf_lanes_level() >= 1 && cpu_has_avx2_fma()) { normals_avx2(n, bits, scale, out); return; }
#endif
    normals_baseline(n, bits, scale, out);
}

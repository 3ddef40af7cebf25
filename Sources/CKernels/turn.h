// An 8×8 turn (transpose) of floats in registers, for the kernels whose vector lanes run across
// rows: the memory network's products (products.c) and GEM's dot products (dots.c).
#ifndef LIFELONG_TURN_H
#define LIFELONG_TURN_H

typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4)));   // the same, any alignment

/// t[j][r] = q[r][i + j] for j, r < 8: eight values of eight rows become eight vectors whose lane r
/// is row r, through two rounds of interleaving and one exchange of halves (AVX2's 8×8 transpose;
/// always inlined, so it takes the instruction set of its caller).
static inline __attribute__((always_inline)) void turn_rows(v8 t[8], const float *const q[8], long i) {
    v8 r[8], a[8], u[8];
    for (int k = 0; k < 8; k++) r[k] = *(const v8u *)(q[k] + i);
    for (int k = 0; k < 8; k += 2) {
        a[k] = __builtin_shufflevector(r[k], r[k + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        a[k + 1] = __builtin_shufflevector(r[k], r[k + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    for (int h = 0; h < 8; h += 4) {
        u[h + 0] = __builtin_shufflevector(a[h + 0], a[h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        u[h + 1] = __builtin_shufflevector(a[h + 0], a[h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        u[h + 2] = __builtin_shufflevector(a[h + 1], a[h + 3], 0, 1, 8, 9, 4, 5, 12, 13);
        u[h + 3] = __builtin_shufflevector(a[h + 1], a[h + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
    for (int j = 0; j < 4; j++) {
        t[j] = __builtin_shufflevector(u[j], u[j + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        t[j + 4] = __builtin_shufflevector(u[j], u[j + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
}

#endif

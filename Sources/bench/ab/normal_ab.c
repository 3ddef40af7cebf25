// Times normal draws in blocks (lf_normals_from_bits, Sources/CKernels/normal.c) against the formula
// one draw at a time with glibc's log and cos, on the same words, and checks every Float's bits.
//
//   clang -O3 -ffp-contract=fast-honor-pragmas -fno-math-errno -ISources/CKernels/include \
//       Sources/CKernels/normal.c Sources/CKernels/products.c Sources/bench/ab/normal_ab.c -o /tmp/normal_ab -lm
//   /tmp/normal_ab [DRAWS] [generic]       (default 10,000,000; `generic`: the copy without AVX2)
//
// Prints ns per draw both ways, the draws that differ (there must be none) and how many the block
// code computed the slow way.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "CKernels.h"

static uint64_t state = 12345;

/// SplitMix64: any well-mixed words will do.
static uint64_t next_word(void) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    long total = argc > 1 ? atol(argv[1]) : 10000000;
    if (argc > 2 && !lf_lanes_force_isa(argv[2])) { fprintf(stderr, "this CPU cannot run '%s'\n", argv[2]); return 2; }
    enum { BLOCK = 4096 };
    static uint64_t words[2 * BLOCK];
    static float fast[BLOCK], slow[BLOCK];
    long differ = 0;
    double blocks = 0, one_by_one = 0;
    for (long done = 0; done < total; done += BLOCK) {
        for (int i = 0; i < 2 * BLOCK; i++) words[i] = next_word();
        double t0 = seconds();
        lf_normals_from_bits(BLOCK, words, 1.0f, fast);
        double t1 = seconds();
        for (int i = 0; i < BLOCK; i++) {
            double u1 = (double)((words[2 * i] >> 11) + 1) * 0x1p-53, u2 = (double)(words[2 * i + 1] >> 11) * 0x1p-53;
            slow[i] = (float)(sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
        }
        one_by_one += seconds() - t1, blocks += t1 - t0;
        for (int i = 0; i < BLOCK; i++) differ += memcmp(&fast[i], &slow[i], sizeof(float)) != 0;
    }
    long n = (total + BLOCK - 1) / BLOCK * BLOCK;
    printf("%ld draws: blocks %.2f ns a draw, one by one %.2f ns; %ld differ; %ld drawn the slow way\n",
           n, blocks / n * 1e9, one_by_one / n * 1e9, differ, lf_normal_slow_draws());
    return differ != 0;
}

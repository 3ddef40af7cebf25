// A memory network's ops "instantiated" once per lane width: products.c defines W (8 or 16 lanes),
// VEC and VECU (the vector type, aligned and not) and includes this file, which defines
// lane_sums_W and bags_forward_W. The helpers are always inlined, so they take the instruction set
// of the entry point that calls them (AVX-512, AVX2 or the baseline).
//
// Each lane keeps the plain loop's sum: from 0 in order, each term a product then a sum (never
// fused: the kernels are built with -ffp-contract=fast-honor-pragmas, and these pragmas turn
// contraction off). Four blocks of lanes are kept in flight, since one chain of dependent adds
// waits on each add's latency; a row whose length is not a multiple of W ends with a block that
// overlaps the one before it (the same lanes get the same bits twice), and a row shorter than W
// goes to the next narrower width.

#define CONCAT2(a, b) a##_##b
#define CONCAT(a, b) CONCAT2(a, b)
#define LOAD CONCAT(load, W)
#define STORE CONCAT(store, W)
#define FOUR_BLOCKS CONCAT(four_blocks, W)
#define LANE_SUMS CONCAT(lane_sums, W)
#define BAGS_FORWARD CONCAT(bags_forward, W)
#define TURN CONCAT(turn, W)

// (Vectors go in and out of the helpers through pointers: a vector argument's ABI would differ
// between the copies for each instruction set. Inlined, the pointers vanish.)

/// *v = the W values `stride` apart from q.
static inline __attribute__((always_inline)) void LOAD(VEC *v, const float *q, long stride) {
    if (stride == 1) { *v = *(const VECU *)q; return; }
    for (int k = 0; k < W; k++) (*v)[k] = q[k * stride];
}

/// Lanes from..<W of *v into q[k·stride], added to what is there or (write) instead of it.
static inline __attribute__((always_inline)) void STORE(float *q, long stride, long from, const VEC *v, int write) {
    _Pragma("clang fp contract(off)")
    if (from == 0 && stride == 1) { *(VECU *)q = write ? *v : *(VECU *)q + *v; return; }
    for (long k = from; k < W; k++) q[k * stride] = write ? (*v)[k] : q[k * stride] + (*v)[k];
}

/// Blocks of lane sums at offsets o[0..<nb] (each block W lanes l), stored from lane skip[b]:
///   c[l·cs] (+)= Σ_p shared[p·ss] · lanes[l·ls + p·lis], each sum from 0 in order of p.
/// Lanes that are rows (lis 1, ls apart) are read 8 values of p at a time and turned (TURN), rather
/// than gathered one value at a time. Blocks from nb on (past the end: every lane already stored)
/// are skipped.
static inline __attribute__((always_inline)) void FOUR_BLOCKS(const int nb, const long o[4], const long skip[4], long inner, float *c, long cs,
        const float *shared, long ss, const float *lanes, long ls, long lis, int write) {
    _Pragma("clang fp contract(off)")
    VEC s[4] = {{0}, {0}, {0}, {0}}, v;
    long p = 0;
    if (ls != 1 && lis == 1)
        for (; p + 8 <= inner; p += 8)
            for (int b = 0; b < 4; b++) if (b < nb) {
                VEC t[8];
                TURN(t, lanes + o[b] * ls + p, ls);
                for (int j = 0; j < 8; j++) s[b] += shared[(p + j) * ss] * t[j];
            }
    for (; p < inner; p++) {
        float x = shared[p * ss];
        for (int b = 0; b < 4; b++) if (b < nb) { LOAD(&v, lanes + o[b] * ls + p * lis, ls); s[b] += x * v; }
    }
    for (int b = 0; b < 4; b++) if (b < nb && skip[b] < W) STORE(c + o[b] * cs, cs, skip[b], &s[b], write);
}

/// c[l·cs] (+)= Σ_p shared[p·ss] · lanes[l·ls + p·lis] for l < count.
static inline __attribute__((always_inline)) void LANE_SUMS(long count, long inner, float *c, long cs,
        const float *shared, long ss, const float *lanes, long ls, long lis, int write) {
    _Pragma("clang fp contract(off)")
#ifdef NARROWER
    // Too short for a block, or rows to turn that fit fewer narrower lanes (a turn costs by the lane,
    // so 22 rows take 24 lanes of eight rather than 32 of sixteen): narrower lanes.
    int rows_turned = ls != 1 && lis == 1 && inner >= 8;
    if (count < W || (rows_turned && (count + NARROWER - 1) / NARROWER * NARROWER < (count + W - 1) / W * W)) {
#else
    if (count < W) {                                   // too short for a block: the plain loop
#endif
#ifdef NARROWER
        CONCAT(lane_sums, NARROWER)(count, inner, c, cs, shared, ss, lanes, ls, lis, write);
#else
        for (long l = 0; l < count; l++) {
            float sum = 0;
            for (long p = 0; p < inner; p++) sum += shared[p * ss] * lanes[l * ls + p * lis];
            c[l * cs] = write ? sum : c[l * cs] + sum;
        }
#endif
        return;
    }
    for (long l = 0; l < count; l += 4 * W) {
        long o[4], skip[4];
        int nb = 0;                                    // blocks with a lane to store (the others: skipped)
        for (int b = 0; b < 4; b++) {                  // a block past the end moves back inside
            long start = l + W * b;
            o[b] = start + W <= count ? start : count - W;
            skip[b] = start - o[b];                     // its lanes already stored (≥ W: all of them)
            if (skip[b] < W) nb = b + 1;
        }
        FOUR_BLOCKS(nb, o, skip, inner, c, cs, shared, ss, lanes, ls, lis, write);
    }
}

/// Forward bags of words: y[n] = Σ_j w_j ∘ x[id_j], 4·W values of y[n] at a time kept in registers
/// over the sentence's words (blocks past d moved back inside, as in lane_sums: written twice, the same).
static inline __attribute__((always_inline)) void BAGS_FORWARD(BAGS_PARAMETERS) {
    _Pragma("clang fp contract(off)")
    if (d < W) {
#ifdef NARROWER
        CONCAT(bags_forward, NARROWER)(sentences, d, ids, starts, weights, wd, x, y);
#else
        for (long n = 0; n < sentences; n++) {
            long length = starts[n + 1] - starts[n];
            const int *id = ids + starts[n];
            for (long k = 0; k < d; k++) {
                float sum = 0;
                for (long j = 0; j < length; j++) sum += weights[length][j * wd + k] * x[id[j] * d + k];
                y[n * d + k] = sum;
            }
        }
#endif
        return;
    }
    for (long n = 0; n < sentences; n++) {
        long length = starts[n + 1] - starts[n];
        const int *id = ids + starts[n];
        const float *w = weights[length];
        for (long k = 0; k < d; k += 4 * W) {
            long o[4];
            for (int b = 0; b < 4; b++) o[b] = k + W * b + W <= d ? k + W * b : d - W;
            VEC s[4] = {{0}, {0}, {0}, {0}}, u, v;
            for (long j = 0; j < length; j++)
                for (int b = 0; b < 4; b++) { LOAD(&u, w + j * wd + o[b], 1); LOAD(&v, x + id[j] * d + o[b], 1); s[b] += u * v; }
            for (int b = 0; b < 4; b++) STORE(y + n * d + o[b], 1, 0, &s[b], 1);
        }
    }
}

#undef LOAD
#undef STORE
#undef FOUR_BLOCKS
#undef LANE_SUMS
#undef BAGS_FORWARD
#undef TURN
#undef W
#undef VEC
#undef VECU

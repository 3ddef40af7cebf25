// Whether a product skips the zeros of A (sparse_template.h) or runs the dense kernel: which
// products may, and which way is faster on this core, measured. Included by gemm.c after the
// dispatch table (it needs `isa` and `view`).
//
// Both ways give the same bits (SparseProductTests), so the choice changes only the time taken —
// and that depends on the core: on a Zen 4 core (AVX-512 on 256-bit units) a first layer's
// products at 25% nonzeros ran 1.1–1.7× faster skipping zeros; on a Sapphire Rapids-class Xeon
// (two 512-bit FMA units: the dense kernel twice as fast) 0.65–0.94× as fast
// (`Sources/bench/ab/sparse_ab.c`), so a fixed rule loses on one of them. As FFTW plans do, the
// first calls of each shape time both ways and the rest follow the measurement.
#include <math.h>
#include <time.h>

/// The largest share of nonzero entries in A for which a product may skip A's zeros: past it the
/// dense kernel wins on every core measured (`sparse_ab.c` on Zen 4: 1.0–1.4× faster skipping at
/// 30%, 0.8–0.9× at 40%).
static const double SPARSE_SHARE = 0.3;

/// How many of the rows × cols floats (row stride rs) are not zero, counting up to a little past
/// `limit` (it stops once the count is over). A pass over A before every product that may skip
/// zeros (1.3% of a course's CPU on an AVX2 core with the baseline's 4-wide compares): compiled for
/// AVX2 too, where the CPU has it.
#define NONZEROS_BODY                                                                              \
    long n = 0;                                                                                    \
    for (int r = 0; r < rows && n <= limit; r++) {                                                 \
        const float *row = p + r * rs;                                                             \
        int here = 0;                                                                              \
        for (int c = 0; c < cols; c++) here += row[c] != 0.0f;                                     \
        n += here;                                                                                 \
    }                                                                                              \
    return n;
#if defined(__x86_64__)
__attribute__((target("avx2"))) static long nonzeros_avx2(const float *p, long rs, int rows, int cols, double limit) { NONZEROS_BODY }
#endif
static long nonzeros_baseline(const float *p, long rs, int rows, int cols, double limit) { NONZEROS_BODY }

static long nonzeros_up_to(const float *p, long rs, int rows, int cols, double limit) {
#if defined(__x86_64__)
    if (cpu_has_avx2()) return nonzeros_avx2(p, rs, rows, cols, limit);
#endif
    return nonzeros_baseline(p, rs, rows, cols, limit);
}

/// Whether the kernels that skip zeros can compute C = op(A)·B: B and C row-major and alpha 1 (the
/// dense kernel's chunk sums, added to C the same way).
static int sparse_kernel_can(int transB, int N, int K, float alpha) { return !transB && alpha == 1.0f && N >= 16 && K > 0; }

/// Whether C = op(A)·B has a shape worth skipping zeros for: a first layer's products on a batch
/// of images (at least 256 pixels) — Z = X·W with N ≥ the kernel's sparse_min_n, and ∂W = Xᵀ·∂Z
/// with N ≥ 64 and a batch of at least 64 (below those, sorting the entries by pixel costs more
/// than it saves).
static int sparse_shape(const isa *k, int transA, int transB, int M, int N, int K, float alpha) {
    if (!sparse_kernel_can(transB, N, K, alpha)) return 0;
    return transA ? M >= 256 && N >= 64 && K >= 64 : K >= 256 && N >= k->sparse_min_n;
}

/// One product shape's measurement on this thread: the fastest dense call and the fastest call
/// skipping zeros per nonzero of A (its cost grows with them; the dense kernel's does not), in
/// seconds, and whether the trial found the dense kernel faster, or A too dense to skip on every
/// turn (then the shape runs dense from then on without counting A's nonzeros: the count is a
/// pass over A, ~10% of a dense product; like a plan, the choice is not revisited).
typedef struct { const isa *k; int transA, M, N, K, calls, dense_only; long nonzeros; double dense, sparse_per_nonzero; } trial;

/// Shapes measured per thread (a lesson has a few: its batch sizes × its first layers; a shape
/// past them runs dense), and calls per shape: they alternate dense, sparse, …; the first of each
/// way warms the caches and is not counted.
enum { TRIALS = 32, TRIAL_CALLS = 10 };
static _Thread_local trial trials[TRIALS];
static _Thread_local int trial_count;

/// This shape's trial on this thread, or NULL if it has none.
static trial *trial_found(const isa *k, int transA, int M, int N, int K) {
    for (int i = 0; i < trial_count; i++) {
        trial *t = &trials[i];
        if (t->k == k && t->transA == transA && t->M == M && t->N == N && t->K == K) return t;
    }
    return NULL;
}

/// This shape's trial (a new one if there is room), or NULL when the table is full.
static trial *trial_for(const isa *k, int transA, int M, int N, int K) {
    trial *t = trial_found(k, transA, M, N, K);
    if (t || trial_count == TRIALS) return t;
    trials[trial_count] = (trial){k, transA, M, N, K, 0, 0, 0, INFINITY, INFINITY};
    return &trials[trial_count++];
}

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/// Whether to skip A's zeros in a product of this shape: while the trial runs, every other call
/// (if at most SPARSE_SHARE of A is not zero); after it, never if the dense kernel won, else when
/// A's nonzeros × the cost per nonzero beat the dense cost. Sets `nonzeros` when it counted them.
static int sparse_way(trial *t, int transA, int M, int K, view a, long *nonzeros) {
    int timing = t->calls < TRIAL_CALLS;
    if (t->dense_only || (timing && !(t->calls & 1))) return 0;
    double limit = SPARSE_SHARE * M * K;
    *nonzeros = transA ? nonzeros_up_to(a.p, a.cs, K, M, limit) : nonzeros_up_to(a.p, a.rs, M, K, limit);
    if (*nonzeros > limit) return 0;
    return timing || (double)*nonzeros * t->sparse_per_nonzero < t->dense;
}

/// Adds a trial call's time (a sparse call's includes counting the nonzeros); after the last, marks
/// the shape dense-only if skipping zeros lost at the density it was tried on.
static void trial_record(trial *t, int sparse, long nonzeros, double seconds) {
    int timed = sparse || nonzeros < 0;                        // not a sparse turn on too dense an A
    if (timed && t->calls >= 2) {
        if (sparse) t->sparse_per_nonzero = fmin(t->sparse_per_nonzero, seconds / (double)(nonzeros > 0 ? nonzeros : 1));
        else t->dense = fmin(t->dense, seconds);
    }
    if (sparse) t->nonzeros = nonzeros;
    if (++t->calls < TRIAL_CALLS) return;
    int never_sparse = t->sparse_per_nonzero == INFINITY;     // A was too dense on every sparse turn
    t->dense_only = never_sparse || (double)t->nonzeros * t->sparse_per_nonzero >= t->dense;
}

int lf_sgemm_sparse_trial(int transA, int M, int N, int K) {
    trial *t = trial_found(chosen(), transA, M, N, K);
    return !t || t->calls < TRIAL_CALLS ? -1 : !t->dense_only;
}

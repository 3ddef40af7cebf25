// Packed single-precision GEMM for the training engine. See gemm_template.h for the algorithm.
#include "CKernels.h"
#include "cpu.h"
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>

typedef float v16 __attribute__((vector_size(64)));               // 16 floats, 64-byte aligned
typedef float v16u __attribute__((vector_size(64), aligned(4)));  // the same, any alignment

/// The scalar variable x in all 16 lanes: one broadcast (`(v16){0} + x` costs an add for -0.0's sake).
#define SPLAT(x) ((v16){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x})

/// A strided matrix view: element (i, j) is p[i*rs + j*cs].
typedef struct { float *p; long rs, cs; } view;

/// K is taken in chunks of at most KC (each tile's sum: chunk by chunk, in order); the packed
/// panels of B for one chunk are used NC_BYTES at a time, so that they stay in a 1 MiB L2 while
/// every row block of A passes over them (GEM's products with 784 columns packed 800 KiB).
enum { KC = 256, NC_BYTES = 256 << 10 };

/// Five per-thread scratch buffers (packed B, packed A, a transposed C's copy, the lines of rows to
/// fetch soon — see lf_prefetch_rows_soon —, and a sparse product's aligned copy of B) that grow and are
/// kept: a fresh malloc of a few hundred KiB per call would be an mmap and a page fault storm on
/// every training step. They are freed when their thread ends (a pthread key's destructor), since
/// `parallelRuns` starts a thread for each core it borrows.
typedef struct { float *buf[5]; size_t cap[5]; } scratch_set;
static pthread_key_t scratch_key;
static pthread_once_t scratch_key_once = PTHREAD_ONCE_INIT;
static atomic_long scratch_sets_held;

static void scratch_free(void *p) {
    scratch_set *set = p;
    for (int i = 0; i < 5; i++) free(set->buf[i]);
    free(set);
    atomic_fetch_sub(&scratch_sets_held, 1);
}

static void scratch_key_make(void) { pthread_key_create(&scratch_key, scratch_free); }

long lf_sgemm_scratch_threads(void) { return atomic_load(&scratch_sets_held); }

static float *scratch(int which, size_t floats) {
    pthread_once(&scratch_key_once, scratch_key_make);
    scratch_set *set = pthread_getspecific(scratch_key);
    if (!set) {
        if (!(set = calloc(1, sizeof *set))) return NULL;
        pthread_setspecific(scratch_key, set);
        atomic_fetch_add(&scratch_sets_held, 1);
    }
    if (floats > set->cap[which]) {
        free(set->buf[which]);
        set->buf[which] = aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64);
        set->cap[which] = set->buf[which] ? floats : 0;
    }
    return set->buf[which];
}

// MARK: - Rows wanted soon

/// The cache lines of rows this thread's training loop will read next (the next mini-batch,
/// scattered over a data set in main memory). The micro-kernel asks for one line into L2 every
/// SOON_EVERY steps of k while its FMAs run, so the lines arrive during the products instead of
/// stalling the next batch's copy. A burst of all of them at once (12,544 lines for 256 digits)
/// waits on memory as long as the copy itself; one every 2 steps slowed the products more than
/// one every 4 (measured: bench, batch 256). At most SOON_MAX lines (4 MiB of rows, four times
/// an L2) are held: past that, the oldest not yet asked for are dropped.
typedef struct { const char **lines; long next, count; } prefetch_queue;
static _Thread_local prefetch_queue soon;
enum { SOON_EVERY = 4, SOON_MAX = 1 << 16 };

void lf_prefetch_rows_soon(const float *base, const long *rows, int count, long width) {
    if (!soon.lines && !(soon.lines = (const char **)scratch(3, SOON_MAX * (sizeof(char *) / sizeof(float))))) return;
    long line_bytes = 64, row_bytes = width * (long)sizeof(float);
    long wanted = 0;                                   // at most this many lines (a row need not start a line)
    for (int r = 0; r < count; r++) wanted += row_bytes / line_bytes + 2;
    long kept = soon.count - soon.next;                // earlier lines not asked for yet
    if (kept + wanted > SOON_MAX) kept = wanted >= SOON_MAX ? 0 : SOON_MAX - wanted;
    memmove(soon.lines, soon.lines + soon.count - kept, (size_t)kept * sizeof(char *));
    long n = kept;
    for (int r = 0; r < count && n < SOON_MAX; r++) {
        const char *start = (const char *)(base + rows[r] * width), *end = start + row_bytes;
        for (const char *p = (const char *)((unsigned long)start & ~63ul); p < end && n < SOON_MAX; p += line_bytes) soon.lines[n++] = p;
    }
    soon.next = 0, soon.count = n;
}

long lf_prefetch_pending(void) { return soon.count - soon.next; }

// MARK: - Transposing copies

#if defined(__x86_64__)
#include <immintrin.h>
#include "turn.h"

/// left_pack[m]: the lanes whose bit is set in m, in order, then zeros — the permutation that moves
/// the nonzero entries of eight to the front (sparse_template.h's AVX2 packing). Filled once.
static unsigned char left_pack[256][8];
static void left_pack_fill(void) {
    for (int m = 0; m < 256; m++)
        for (int lane = 0, n = 0; lane < 8; lane++)
            if (m >> lane & 1) left_pack[m][n++] = (unsigned char)lane;
}
__attribute__((constructor)) static void left_pack_setup(void) { left_pack_fill(); }

/// out[c*lo + r] = src[r*ls + c] for r, c in 0..<8: eight rows of src turned in registers (turn.h)
/// and stored as eight columns of out.
__attribute__((target("avx2"), always_inline)) static inline void transpose8x8(const float *src, long ls, float *out, long lo) {
    const float *rows[8];
    v8 t[8];
    for (int k = 0; k < 8; k++) rows[k] = src + k * ls;
    turn_rows(t, rows, 0);
    for (int c = 0; c < 8; c++) *(v8u *)(out + c * lo) = t[c];
}

/// out[c*lo + r] = src[r*ls + c] for r < rows, c < cols: 8×8 blocks in registers, edges one by one.
__attribute__((target("avx2"))) static void transpose_avx2(const float *src, long ls, int rows, int cols, float *out, long lo) {
    int r8 = rows / 8 * 8, c8 = cols / 8 * 8;
    for (int r = 0; r < r8; r += 8) {
        for (int c = 0; c < c8; c += 8) transpose8x8(src + (long)r * ls + c, ls, out + (long)c * lo + r, lo);
        for (int c = c8; c < cols; c++)
            for (int i = r; i < r + 8; i++) out[(long)c * lo + i] = src[(long)i * ls + c];
    }
    for (int c = 0; c < cols; c++)
        for (int i = r8; i < rows; i++) out[(long)c * lo + i] = src[(long)i * ls + c];
}
#endif

/// out[c*lo + r] = src[r*ls + c] for r < rows, c < cols; `avx2` (a constant where it is inlined)
/// says the CPU has AVX2.
static inline __attribute__((always_inline)) void transpose(const float *src, long ls, int rows, int cols, float *out, long lo, int avx2) {
#if defined(__x86_64__)
    if (avx2) { transpose_avx2(src, ls, rows, cols, out, lo); return; }
#endif
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) out[(long)c * lo + r] = src[(long)r * ls + c];
}

// MARK: - Packing

/// (Inlined into each kernel so that nr is a constant and the common full-width copy is a few
/// vector moves rather than a call to memcpy.)
/// Packs rows p0..<p0+kc of B into nr-wide column panels, each kc×nr, zero-padded past N (with
/// `half`, a last panel that fits in nr/2 columns is nr/2 wide: see HALF in gemm_template.h).
/// Reads run along B's contiguous dimension; writes stay inside one small panel.
static inline __attribute__((always_inline)) void pack_b(view B, int p0, int kc, int N, int nr, int half, int avx2, float *out) {
    for (int j0 = 0; j0 < N; j0 += nr) {
        int w = N - j0 < nr ? N - j0 : nr;
        int pw = half && w <= nr / 2 ? nr / 2 : nr;
        const float *src = B.p + (long)p0 * B.rs + (long)j0 * B.cs;
        if (B.cs == 1) {                      // rows of the panel are contiguous
            for (int k = 0; k < kc; k++) {
                if (w == nr) { memcpy(out + (long)k * nr, src + (long)k * B.rs, (size_t)nr * sizeof(float)); continue; }
                memcpy(out + (long)k * pw, src + (long)k * B.rs, (size_t)w * sizeof(float));
                memset(out + (long)k * pw + w, 0, (size_t)(pw - w) * sizeof(float));
            }
        } else {                              // columns are contiguous (B is a transposed view)
            if (B.rs == 1) transpose(src, B.cs, w, kc, out, pw, avx2);
            else
                for (int j = 0; j < w; j++)
                    for (int k = 0; k < kc; k++) out[(long)k * pw + j] = src[(long)j * B.cs + (long)k * B.rs];
            for (int k = 0; k < kc; k++)
                for (int j = w; j < pw; j++) out[(long)k * pw + j] = 0.0f;
        }
        out += (long)kc * pw;
    }
}

/// Packs rows m0..<m0+h, columns p0..<p0+kc of A into one kc×mr panel, zero-padded past h.
static inline __attribute__((always_inline)) void pack_a(view A, int m0, int h, int p0, int kc, int mr, float *out) {
    const float *src = A.p + (long)m0 * A.rs + (long)p0 * A.cs;
    if (A.rs == 1) {                          // a column of the panel is contiguous
        for (int k = 0; k < kc; k++) {
            if (h == mr) { memcpy(out + (long)k * mr, src + (long)k * A.cs, (size_t)mr * sizeof(float)); continue; }
            memcpy(out + (long)k * mr, src + (long)k * A.cs, (size_t)h * sizeof(float));
            memset(out + (long)k * mr + h, 0, (size_t)(mr - h) * sizeof(float));
        }
    } else {                                  // rows are contiguous
        for (int i = 0; i < h; i++)
            for (int k = 0; k < kc; k++) out[(long)k * mr + i] = src[(long)i * A.rs + (long)k * A.cs];
        for (int k = 0; k < kc; k++)
            for (int i = h; i < mr; i++) out[(long)k * mr + i] = 0.0f;
    }
}

/// Asks for `rows` rows of kc floats (row stride rs) to be brought into cache: the next MR rows of
/// an A read in place. Training batches arrive from main memory or L3 (a fresh minibatch, GEM's
/// stored examples); without this the kernel waits on them at the start of every row block.
static inline void prefetch_rows(const float *p, int rows, long rs, int kc) {
    for (int r = 0; r < rows; r++)
        for (int byte = 0; byte < kc * (int)sizeof(float); byte += 64) __builtin_prefetch((const char *)(p + r * rs) + byte, 0, 3);
}

/// C = beta * C (the whole product when K is 0).
static void scale_c(int M, int N, float beta, view C) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float *c = C.p + (long)i * C.rs + (long)j * C.cs;
            *c = beta == 0.0f ? 0.0f : beta * *c;
        }
}

// MARK: - One instantiation per instruction set

#if defined(__x86_64__)
// B_IN_PLACE: full panels of a row-major B read where they are (see gemm_template.h). It pays
// with 32-wide panels, two cache lines from each row (the ∂W of a 784-wide layer, 784×50×256,
// 214 → 196 µs; 128×784×100 197 → 191; none measured slower beyond 1%), and costs with 16-wide
// ones, one line a row (AVX2 128×784×100 191 → 234 µs; plain C 206 → 277), so only AVX-512 has it.
#define GEMM_NAME gemm_avx512
#define GEMM_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
#define MR 10
#define NR 32
#define AVX2 1
#define B_IN_PLACE 1
#define SPARSE_NAME sparse_avx512
#define SV 8
#define COMPRESS512 1
#define COMPRESS_AVX2 0
#include "sparse_template.h"
#include "gemm_template.h"

// AVX2: 5 rows × 16 columns (10 of the 16 registers), not the usual 6 × 16: a turned product's rows
// are a layer's 50 or 100 units, which 6-row tiles pad to 54 and 102 (Zen 3, `kernels-ab.sh`: the
// MLP step's products 675 → 623 µs at batch 256, the VAE's 1,417 → 1,391; no shape timed slower
// beyond 1%). 4 rows was slower than 5 (8 accumulators barely cover two FMA units' latency).
#define GEMM_NAME gemm_avx2
#define GEMM_TARGET __attribute__((target("avx2,fma")))
#define MR 5
#define NR 16
#define AVX2 1
#define B_IN_PLACE 0
#define SPARSE_NAME sparse_avx2
#define SV 4
#define COMPRESS512 0
#define COMPRESS_AVX2 1
#include "sparse_template.h"
#include "gemm_template.h"
#endif

#define GEMM_NAME gemm_generic
#define GEMM_TARGET
#define MR 4
#define NR 16
#define AVX2 0
#define B_IN_PLACE 0
#define SPARSE_NAME sparse_generic
#define SV 2
#define COMPRESS512 0
#define COMPRESS_AVX2 0
#include "sparse_template.h"
#include "gemm_template.h"

// MARK: - Dispatch

typedef void (*gemm_fn)(int, int, int, float, view, view, float, view);
typedef void (*sparse_fn)(int, int, int, float, view, view, float, view, int, int);
/// sparse_min_n: the fewest columns of C for which the forward product may skip zeros (then its
/// trial decides). AVX2 had 64 while its packing of a row's nonzero entries was a scalar loop: 0.83×
/// dense for a 50-unit layer; with the entries packed eight at a time, 1.14–1.16× (Zen 3,
/// `Sources/bench/ab/sparse_ab.c` 0.25 128 50 and 0.25 256 50).
typedef struct { const char *name; gemm_fn fn; int mr, nr; sparse_fn sparse, sparse_transposed; int sparse_min_n; } isa;

static const isa isas[] = {
#if defined(__x86_64__)
    {"avx512", gemm_avx512, 10, 32, sparse_avx512_rows, sparse_avx512_columns, 16},
    {"avx2", gemm_avx2, 5, 16, sparse_avx2_rows, sparse_avx2_columns, 16},
#endif
    {"generic", gemm_generic, 4, 16, sparse_generic_rows, sparse_generic_columns, 16},
};
static _Thread_local const isa *forced;

static int cpu_runs(const isa *k) {
    if (!strcmp(k->name, "avx512")) return cpu_has_avx512();
    if (!strcmp(k->name, "avx2")) return cpu_has_avx2_fma();
    return 1;
}

static const isa *chosen(void) {
    if (forced) return forced;
    static const isa *best;
    if (!best) {
        for (size_t i = 0; i < sizeof isas / sizeof *isas && !best; i++)
            if (cpu_runs(&isas[i])) best = &isas[i];
    }
    return best;
}

const char *lf_sgemm_isa(void) { return chosen()->name; }

int lf_sgemm_force_isa(const char *name) {
    if (!name) { forced = NULL; return 1; }
    for (size_t i = 0; i < sizeof isas / sizeof *isas; i++)
        if (!strcmp(isas[i].name, name) && cpu_runs(&isas[i])) { forced = &isas[i]; return 1; }
    return 0;
}

static double padded(long n, long to) { return (double)((n + to - 1) / to * to); }

/// N columns as a kernel with nr-wide panels computes them (the narrow last panel: HALF).
static double padded_columns(long n, long nr) {
    long full = n / nr * nr, rest = n - full;
    return (double)(full + (rest == 0 ? 0 : nr >= 32 && rest <= nr / 2 ? nr / 2 : nr));
}

/// Rough cycles per element to copy a view's rows × cols into a panel or out of a transposed C:
/// a memcpy when its rows are contiguous, 8×8 blocks turned in registers when its columns are
/// (element by element for the plain-C kernel), one float at a time otherwise. Fitted to products
/// timed on a Zen 4 core, where it picks the faster way for each of 18 training-step shapes with
/// the AVX-512 kernel, all but a 128×10×50 head with AVX2, and the 50-wide layers' products (not a
/// 128×100×784) with plain C (e.g. 128×50×784 with AVX-512: 131 µs as given, 107 µs transposed;
/// 128×784×100: 196 µs as given, 207 µs transposed).
static double copy_cost(const isa *k, view v) {
    if (v.cs == 1) return 0.25;
    if (v.rs == 1) return k->fn == gemm_generic ? 0.3 : 0.1;
    return 1.5;
}

/// Rough cycles for C = A·B with a kernel's tiles: padded FMAs, packing, and storing C (a
/// transposed C goes through a row-major copy: two turns).
static double plan_cost(const isa *k, long M, long N, long K, view a, view b, view c) {
    double fma = padded(M, k->mr) * padded_columns(N, k->nr) * K / 32.0;
    double pack_a_cost = a.cs == 1 ? 0 : M * K * copy_cost(k, (view){a.p, a.cs, a.rs});
    return fma + pack_a_cost + K * N * copy_cost(k, b) + M * N * (c.cs == 1 ? 0.1 : 0.1 + 2 * copy_cost(k, c));
}

static _Thread_local int forced_layout = -1, forced_sparse = -1;

void lf_sgemm_force_sparse(int sparse) { forced_sparse = sparse; }

#include "sparse_choice.h"

void lf_sgemm_force_layout(int layout) { forced_layout = layout; }

void lf_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float beta, float *C, int ldc) {
    if (M <= 0 || N <= 0) return;
    view a = transA ? (view){(float *)A, 1, lda} : (view){(float *)A, lda, 1};
    view b = transB ? (view){(float *)B, 1, ldb} : (view){(float *)B, ldb, 1};
    view c = {C, ldc, 1};
    // Cᵀ = op(B)ᵀ·op(A)ᵀ is the same product with the roles swapped; it wins when N pads badly
    // to NR (a layer of 50 or 10 units) and M does not, unless it costs a transposing pack.
    view at = {b.p, b.cs, b.rs}, bt = {a.p, a.cs, a.rs}, ct = {C, 1, ldc};
    const isa *k = chosen();
    trial *t = forced_sparse < 0 && sparse_shape(k, transA, transB, M, N, K, alpha) ? trial_for(k, transA, M, N, K) : NULL;
    int timing = t && t->calls < TRIAL_CALLS;
    double start = timing ? seconds_now() : 0;
    long nonzeros = -1;
    int sparse = forced_sparse >= 0 ? forced_sparse && sparse_kernel_can(transB, N, K, alpha)
                                    : t && sparse_way(t, transA, M, K, a, &nonzeros);
    if (sparse) {
        int chunks = (K + KC - 1) / KC, kc_max = (K + chunks - 1) / chunks;       // the dense kernel's chunks
        (transA ? k->sparse_transposed : k->sparse)(M, N, K, alpha, a, b, beta, c, chunks, kc_max);
    } else if (forced_layout >= 0 ? forced_layout == 1 : plan_cost(k, N, M, K, at, bt, ct) < plan_cost(k, M, N, K, a, b, c))
        k->fn(N, M, K, alpha, at, bt, beta, ct);
    else
        k->fn(M, N, K, alpha, a, b, beta, c);
    if (timing) trial_record(t, sparse, nonzeros, seconds_now() - start);
}

// MARK: - Allocator

// Keeps a training step's large buffers in the heap.
//
// glibc serves every allocation of 128 KiB or more (a 128×784 input batch, the 784×50 weight
// gradient) with a fresh mmap and returns it with munmap when freed, so each step page-faults
// on memory it just gave back: ~20% of a step's time in the kernel, measured with perf on the
// bench. Raising the mmap and trim thresholds once, when the library loads (this
// constructor sits in gemm.c because a static link drops object files nothing calls into), lets freed blocks
// be reused instead. Processes that never train barely notice: memory is still freed, just kept.
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

void lf_flush_denormals(void) {
#if defined(__x86_64__)
    _mm_setcsr(_mm_getcsr() | 0x8040);            // FTZ (bit 15) and DAZ (bit 6)
#endif
}

__attribute__((constructor)) static void lifelong_engine_setup(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    lf_flush_denormals();
}

// Times the matrix products of a training step with two or more builds of the engine's kernels in
// one process, alternating between them every 20 calls, so that a noisy host (whose speed drifts
// by 10–50% over seconds) slows all of them alike. See kernels-ab.sh, which builds them.
//
//   products_ab BATCH lib1.so lib2.so ...      (env VAE=1: the replay lesson's VAE shapes instead
//                                               of the 784-50-50-50-10 MLP; ISA=avx2|generic forces
//                                               a kernel in every build)
//
// Per product: the fastest of 40 rounds of 20 calls, in µs, one column per build; then the sum.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void (*sgemm_fn)(int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
typedef struct { int ta, tb, m, n, k; } product;
enum { MAX_BUILDS = 8, ROUNDS = 40, CALLS = 20 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/// The products of one step through layers `w[0] → … → w[layers]` at batch b: forward X·W, the
/// weight gradients Xᵀ·∂Y and the input gradients ∂Y·Wᵀ (none for the input itself).
static int step_products(int b, const int *w, int layers, product *out) {
    int n = 0;
    for (int l = 0; l < layers; l++) out[n++] = (product){0, 0, b, w[l + 1], w[l]};
    for (int l = 0; l < layers; l++) out[n++] = (product){1, 0, w[l], w[l + 1], b};
    for (int l = 1; l < layers; l++) out[n++] = (product){0, 1, b, w[l], w[l + 1]};
    return n;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc - 2 > MAX_BUILDS) {
        fprintf(stderr, "usage: products_ab BATCH lib.so [lib.so ...] (at most %d)\n", MAX_BUILDS);
        return 2;
    }
    int batch = atoi(argv[1]), builds = argc - 2;
    if (batch < 1 || batch > 1024) {                   // operands live in buffers of 2^20 floats
        fprintf(stderr, "products_ab: the batch must be 1 to 1024, not '%s'\n", argv[1]);
        return 2;
    }
    sgemm_fn sgemm[MAX_BUILDS];
    for (int v = 0; v < builds; v++) {
        void *lib = dlopen(argv[v + 2], RTLD_NOW | RTLD_LOCAL);
        if (!lib || !(sgemm[v] = (sgemm_fn)dlsym(lib, "lf_sgemm"))) { fprintf(stderr, "%s\n", dlerror()); return 1; }
        int (*force)(const char *) = (int (*)(const char *))dlsym(lib, "lf_sgemm_force_isa");
        if (getenv("ISA") && force && !force(getenv("ISA"))) { fprintf(stderr, "this CPU cannot run %s\n", getenv("ISA")); return 1; }
    }
    static const int mlp[] = {784, 50, 50, 50, 10}, encoder[] = {784, 100, 100, 32}, decoder[] = {32, 100, 100, 784};
    product p[32];
    int n = getenv("VAE") ? step_products(batch, encoder, 3, p) : step_products(batch, mlp, 4, p);
    if (getenv("VAE")) n += step_products(batch, decoder, 3, p + n);
    float *a = malloc(4u << 20), *b = malloc(4u << 20), *c = malloc(4u << 20);
    for (int i = 0; i < 1 << 20; i++) a[i] = (float)rand() / (float)RAND_MAX, b[i] = (float)rand() / (float)RAND_MAX;
    double total[MAX_BUILDS] = {0};
    for (int i = 0; i < n; i++) {
        product q = p[i];
        int lda = q.ta ? q.m : q.k, ldb = q.tb ? q.k : q.n;
        double best[MAX_BUILDS];
        for (int v = 0; v < builds; v++) {              // warm-up: scratch buffers grow, caches fill
            best[v] = 1e9;
            for (int w = 0; w < CALLS; w++) sgemm[v](q.ta, q.tb, q.m, q.n, q.k, 1, a, lda, b, ldb, 0, c, q.n);
        }
        for (int r = 0; r < ROUNDS; r++)
            for (int v = 0; v < builds; v++) {
                double start = now();
                for (int call = 0; call < CALLS; call++) sgemm[v](q.ta, q.tb, q.m, q.n, q.k, 1, a, lda, b, ldb, 0, c, q.n);
                double t = (now() - start) / CALLS;
                if (t < best[v]) best[v] = t;
            }
        printf("%s%s %4d×%4d×%4d", q.ta ? "T" : "N", q.tb ? "T" : "N", q.m, q.n, q.k);
        for (int v = 0; v < builds; v++) printf(" %8.1f", best[v] * 1e6), total[v] += best[v];
        printf("\n");
    }
    printf("total           ");
    for (int v = 0; v < builds; v++) printf(" %8.1f", total[v] * 1e6);
    printf("  µs\n");
    return 0;
}

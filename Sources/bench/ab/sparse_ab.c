// Times a first layer's products with the matrix kernel skipping the zero entries of X and not
// (lf_sgemm_force_sparse), in one process, alternating every 20 calls; first checks that both ways
// give the same bits. X is a batch of 784-pixel rows with the given share of nonzero pixels, drawn
// at random (digits cluster theirs; see README, "Skipping the zero pixels").
//
//   clang -O3 -ffp-contract=fast-honor-pragmas -fno-math-errno -shared -fPIC \
//       -ISources/CKernels/include Sources/CKernels/gemm.c -o /tmp/gemm.so -lpthread
//   clang -O2 Sources/bench/ab/sparse_ab.c -o /tmp/sparse_ab -ldl
//   /tmp/sparse_ab /tmp/gemm.so SHARE BATCH UNITS      (e.g. 0.25 128 100; env ISA=avx2|generic)
//   /tmp/sparse_ab /tmp/gemm.so SHARE BATCH UNITS /tmp/other.so    (two builds' skipping kernels)
//
// Prints µs per product, fastest of 30 rounds: dense, skipping zeros, and the automatic choice
// (after its first 10 calls have timed both ways: see sparse_choice.h), for Z = X·W and for ∂W = Xᵀ·∂Z.
// With a second build, its skipping kernel instead of the automatic choice, checked for the same bits,
// and the ratio is then the first build's skipping time over the second's.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void (*sgemm_fn)(int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static float uniform(void) { return (float)((double)rand() / ((double)RAND_MAX + 1.0)); }

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) { fprintf(stderr, "usage: sparse_ab gemm.so SHARE BATCH UNITS [other.so]\n"); return 2; }
    int builds = argc - 4;
    sgemm_fn sgemm_of[2];
    void (*force_sparse_of[2])(int);
    for (int v = 0; v < builds; v++) {
        const char *path = argv[v == 0 ? 1 : 5];
        void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 1; }
        sgemm_of[v] = (sgemm_fn)dlsym(lib, "lf_sgemm");
        force_sparse_of[v] = (void (*)(int))dlsym(lib, "lf_sgemm_force_sparse");
        int (*force_isa)(const char *) = (int (*)(const char *))dlsym(lib, "lf_sgemm_force_isa");
        if (!sgemm_of[v] || !force_sparse_of[v] || !force_isa) { fprintf(stderr, "%s: not a build with lf_sgemm_force_sparse\n", path); return 1; }
        if (getenv("ISA") && !force_isa(getenv("ISA"))) { fprintf(stderr, "this CPU cannot run %s\n", getenv("ISA")); return 1; }
    }
    // the three ways timed: dense, skipping zeros, and the automatic choice — or, given a second
    // build, that build's skipping kernel (library, then lf_sgemm_force_sparse's argument)
    int lib_of[3] = {0, 0, builds - 1}, force_of[3] = {0, 1, builds == 2 ? 1 : -1};
    double share = atof(argv[2]);
    int batch = atoi(argv[3]), n = atoi(argv[4]), k = 784;
    if (share < 0 || share > 1 || batch < 1 || batch > 4096 || n < 16 || n > 4096) { fprintf(stderr, "sparse_ab: SHARE 0…1, BATCH 1…4096, UNITS 16…4096\n"); return 2; }
    float *x = malloc(sizeof(float) * batch * k), *w = malloc(sizeof(float) * k * n), *d = malloc(sizeof(float) * batch * n);
    float *c[3] = {malloc(sizeof(float) * (batch + k) * n), malloc(sizeof(float) * (batch + k) * n), malloc(sizeof(float) * (batch + k) * n)};
    srand(1);
    for (int i = 0; i < batch * k; i++) x[i] = uniform() < share ? uniform() : 0.0f;
    for (int i = 0; i < k * n; i++) w[i] = uniform() - 0.5f;
    for (int i = 0; i < batch * n; i++) d[i] = uniform() - 0.5f;
    for (int backward = 0; backward < 2; backward++) {
        int m = backward ? k : batch, inner = backward ? batch : k;
        const float *b = backward ? d : w;
        for (int way = 0; way < 3; way++) {
            force_sparse_of[lib_of[way]](force_of[way]);
            for (int i = 0; i < m * n; i++) c[way][i] = (float)i * 1e-3f;
            sgemm_of[lib_of[way]](backward, 0, m, n, inner, 1, x, k, b, n, 1, c[way], n);
        }
        int same = !memcmp(c[0], c[1], sizeof(float) * m * n) && !memcmp(c[0], c[2], sizeof(float) * m * n);
        double best[3] = {1e9, 1e9, 1e9};
        for (int round = 0; round < 30; round++)
            for (int way = 0; way < 3; way++) {
                force_sparse_of[lib_of[way]](force_of[way]);
                double start = now();
                for (int call = 0; call < 20; call++) sgemm_of[lib_of[way]](backward, 0, m, n, inner, 1, x, k, b, n, 0, c[0], n);
                double t = (now() - start) / 20;
                if (t < best[way]) best[way] = t;
            }
        printf("%s %4d×%4d×%4d  dense %8.1f  skipping %8.1f  %s %8.1f µs  (%.2f×)  %s\n", backward ? "∂W = Xᵀ·∂Z" : "Z = X·W   ",
               m, n, inner, best[0] * 1e6, best[1] * 1e6, builds == 2 ? "other build" : "automatic", best[2] * 1e6,
               builds == 2 ? best[1] / best[2] : best[0] / best[1], same ? "same bits" : "DIFFERENT BITS");
    }
    return 0;
}

// A first layer's two products, Z = X·W and ∂W = Xᵀ·∂Z, when most of X is zero — a batch of digit
// images, three quarters of whose pixels are 0 — "instantiated" once per instruction set like
// gemm_template.h: gemm.c defines SPARSE_NAME, GEMM_TARGET, SV (the 16-float vectors of a row of C
// kept in registers), COMPRESS512 (1 where AVX-512's compress instructions pack a row's nonzero
// entries) and COMPRESS_AVX2 (1 where AVX2's permutes do, eight at a time) and includes this file.
//
// A zero term adds exactly nothing to a sum (fma(0, b, s) = s for finite b; only a sum that is -0,
// which takes an underflow to exactly zero, would come out +0), so skipping the zero entries of A
// gives every element of C the sum the dense kernel gives it, to the bit, provided the
// terms that remain are added in the same order and grouped the same way: in order of k, in the
// dense kernel's chunks of K, each chunk summed from 0 and then added to C as C = alpha·chunk + beta·C:
//
//     Z = X·W,    row i, one chunk:   Σ over the nonzero X[i, k] of X[i, k] · W[k, :]
//     ∂W = Xᵀ·∂Z, row p, one chunk:   Σ over the rows r with X[r, p] ≠ 0 of X[r, p] · ∂Z[r, :]
//
// The nonzero entries are packed first (their columns or rows, and values), then the rows of B
// they name are multiplied in, SV·16 columns of C at a time in registers.

#define SCONCAT2(a, b) a##_##b
#define SCONCAT(a, b) SCONCAT2(a, b)
#define SPARSE_ROWS SCONCAT(SPARSE_NAME, rows)
#define SPARSE_PACK SCONCAT(SPARSE_NAME, pack)
#define SPARSE_BLOCK SCONCAT(SPARSE_NAME, block)
#define SPARSE_COLUMNS SCONCAT(SPARSE_NAME, columns)

/// Packs the nonzero entries of a[0..<n] in order, their columns to idx and values to val (each
/// with room for n + 16: the AVX-512 path stores whole vectors). Returns the count.
static inline __attribute__((always_inline)) GEMM_TARGET
int SPARSE_PACK(const float *restrict a, int n, int *restrict idx, float *restrict val) {
    int nz = 0, k = 0;
#if COMPRESS512
    __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (; k < n; k += 16) {
        __mmask16 in = n - k >= 16 ? 0xFFFF : (__mmask16)((1u << (n - k)) - 1);
        __m512 x = _mm512_maskz_loadu_ps(in, a + k);
        __mmask16 keep = _mm512_mask_cmp_ps_mask(in, x, _mm512_setzero_ps(), _CMP_NEQ_UQ);
        // compressed in registers, then stored whole: a compressing store to memory is slow on Zen 4
        _mm512_storeu_si512(idx + nz, _mm512_maskz_compress_epi32(keep, _mm512_add_epi32(lanes, _mm512_set1_epi32(k))));
        _mm512_storeu_ps(val + nz, _mm512_maskz_compress_ps(keep, x));
        nz += __builtin_popcount(keep);
    }
#elif COMPRESS_AVX2
    // eight at a time: the nonzero lanes moved to the front by a permutation looked up by their mask
    // (left_pack, gemm.c), then stored whole; the scalar loop was ~30% of a sparse product on Zen 3
    __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (; k + 8 <= n; k += 8) {
        __m256 x = _mm256_loadu_ps(a + k);
        int keep = _mm256_movemask_ps(_mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_NEQ_UQ));
        __m256i order = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)left_pack[keep]));
        _mm256_storeu_si256((__m256i *)(idx + nz), _mm256_permutevar8x32_epi32(_mm256_add_epi32(lanes, _mm256_set1_epi32(k)), order));
        _mm256_storeu_ps(val + nz, _mm256_permutevar8x32_ps(x, order));
        nz += __builtin_popcount(keep);
    }
#endif
    for (; k < n; k++) { idx[nz] = k, val[nz] = a[k]; nz += a[k] != 0.0f; }       // no branch to mispredict
    return nz;
}

/// The columns of vector v of a row of n floats: from min(16v, n − 16), so that the last one
/// ends at the row's end (n ≥ 16), overlapping the one before rather than reading past it.
#define SPARSE_START(v, n) (16 * (v) < (n) - 16 ? 16 * (v) : (n) - 16)

/// Columns 0..<min(width, 16·nv) of one row of C: acc = Σₜ val[t] · b[idx[t]·bs + j], then
/// c = alpha·acc + beta·c (alpha·acc alone when beta is 0), as the dense kernel stores a tile. The
/// rows of b are n ≥ width floats long (n > width: zero-padded).
static inline __attribute__((always_inline)) GEMM_TARGET
void SPARSE_BLOCK(const int *restrict idx, const float *restrict val, int nz, const float *restrict b, long bs,
                  float *c, int n, int width, float alpha, float beta, const int nv) {
    v16 acc[SV];
    for (int v = 0; v < nv; v++) acc[v] = (v16){0};
    for (int t = 0; t < nz; t++) {
        v16 av = SPLAT(val[t]);
        const float *bk = b + (long)idx[t] * bs;
        for (int v = 0; v < nv; v++) acc[v] += av * *(const v16u *)(bk + SPARSE_START(v, n));
    }
    for (int v = 0; v < nv; v++) {
        float out[16] __attribute__((aligned(64)));
        *(v16 *)out = acc[v];
        int start = SPARSE_START(v, n), end = 16 * v + 16 < width ? 16 * v + 16 : width;
        for (int j = 16 * v; j < end; j++) c[j] = beta == 0.0f ? alpha * out[j - start] : alpha * out[j - start] + beta * c[j];
    }
}

/// `SPARSE_CASES(f)`: f(nv) for every vector count a block can have, each a constant in its copy.
#if SV == 8
#define SPARSE_CASES(f) f(1) f(2) f(3) f(4) f(5) f(6) f(7) f(8)
#elif SV == 4
#define SPARSE_CASES(f) f(1) f(2) f(3) f(4)
#elif SV == 2
#define SPARSE_CASES(f) f(1) f(2)
#else
#error "SV: 2, 4 or 8"
#endif

/// C = alpha·A·B + beta·C with A's rows contiguous (A.cs = 1), B's too (B.cs = 1) and N ≥ 16, in
/// the dense kernel's chunks of K (`chunks` of at most kc_max): chunk by chunk, row by row, the
/// row's nonzero entries in the chunk packed, then multiplied in, SV·16 columns at a time.
static GEMM_TARGET void SPARSE_ROWS(int M, int N, int K, float alpha, view A, view B, float beta, view C,
                                    int chunks, int kc_max) {
    int *idx = (int *)scratch(1, (size_t)kc_max + 16);
    float *val = scratch(0, (size_t)kc_max + 16);
    for (int p0 = 0, chunk = 0; chunk < chunks; p0 += kc_max, chunk++)      // a chunk of B's rows stays in cache
        for (int i = 0; i < M; i++) {
            int nz = SPARSE_PACK(A.p + (long)i * A.rs + p0, K - p0 < kc_max ? K - p0 : kc_max, idx, val);
            for (int t = 0; t < nz; t++) idx[t] += p0;
            for (int j0 = 0; j0 < N; j0 += 16 * SV) {
                int n = N - j0, nv = (n + 15) / 16 < SV ? (n + 15) / 16 : SV;
                float *c = C.p + (long)i * C.rs + j0, beta_here = chunk == 0 ? beta : 1.0f;
                switch (nv) {
#define SPARSE_CASE(k) case k: SPARSE_BLOCK(idx, val, nz, B.p + j0, B.rs, c, n, n, alpha, beta_here, k); break;
                    SPARSE_CASES(SPARSE_CASE)
#undef SPARSE_CASE
                }
            }
        }
}

/// C = alpha·Aᵀ·B + beta·C where the stored A is K×M with contiguous rows (A.rs = 1: op(A) is its
/// transpose; ∂W = Xᵀ·∂Z), B's rows are contiguous and N ≥ 16, in the dense kernel's chunks of K:
/// for each chunk, A's nonzero entries sorted by column (a row of C each), rows in order, then row
/// p of C is the forward kernel's sum over them, Σ over the rows r with A[r, p] ≠ 0 of A[r, p] · B[r, :].
static GEMM_TARGET void SPARSE_COLUMNS(int M, int N, int K, float alpha, view A, view B, float beta, view C,
                                       int chunks, int kc_max) {
    int *start = (int *)scratch(2, (size_t)M + 1), *rows = (int *)scratch(1, (size_t)kc_max * M + M + 16);
    float *val = scratch(0, (size_t)kc_max * M + M + 16);
    int *found = rows + (size_t)kc_max * M;                    // one row's nonzero columns (and values, in val)
    float *found_val = val + (size_t)kc_max * M;
    long np = (N + 15) / 16 * 16;                              // B's rows copied 64-byte aligned, zero-padded:
    float *bp = scratch(4, (size_t)K * np);                    // loads that never straddle two cache lines
    for (int r = 0; r < K; r++)
        for (int j = 0; j < np; j++) bp[r * np + j] = j < N ? B.p[(long)r * B.rs + j] : 0.0f;
    for (int p0 = 0, chunk = 0; chunk < chunks; p0 += kc_max, chunk++) {
        int kc = K - p0 < kc_max ? K - p0 : kc_max;
        for (int p = 0; p <= M; p++) start[p] = 0;
        for (int r = p0; r < p0 + kc; r++) {                  // entries in each column (at p + 1) ...
            const float *arow = A.p + (long)r * A.cs;
            for (int p = 0; p < M; p++) start[p + 1] += arow[p] != 0.0f;
        }
        for (int p = 0; p < M; p++) start[p + 1] += start[p];   // ... then where each column's begin
        for (int r = p0; r < p0 + kc; r++) {                  // filled row by row: rows in order
            int nz = SPARSE_PACK(A.p + (long)r * A.cs, M, found, found_val);
            for (int t = 0; t < nz; t++) { int at = start[found[t]]++; rows[at] = r, val[at] = found_val[t]; }
        }
        for (int p = M; p > 0; p--) start[p] = start[p - 1];   // each column's start moved to its end: back
        start[0] = 0;
        float beta_here = chunk == 0 ? beta : 1.0f;
        for (int j0 = 0; j0 < N; j0 += 16 * SV) {
            int n = (int)np - j0, nv = n / 16 < SV ? n / 16 : SV;
            switch (nv) {
#define SPARSE_CASE(k) case k: for (int p = 0; p < M; p++) SPARSE_BLOCK(rows + start[p], val + start[p], start[p + 1] - start[p], bp + j0, np, C.p + (long)p * C.rs + j0, n, N - j0, alpha, beta_here, k); break;
                SPARSE_CASES(SPARSE_CASE)
#undef SPARSE_CASE
            }
        }
    }
}

#undef SPARSE_START
#undef SPARSE_CASES
#undef SPARSE_ROWS
#undef SPARSE_PACK
#undef SPARSE_BLOCK
#undef SPARSE_COLUMNS
#undef SPARSE_NAME
#undef SV
#undef COMPRESS512
#undef COMPRESS_AVX2

// A packed GEMM "instantiated" once per instruction set: gemm.c defines GEMM_NAME, GEMM_TARGET,
// MR (rows of a register tile), NR (columns, a multiple of 16) and AVX2 (1 where the CPU has it:
// transposing copies through registers) and includes this file.
//
// The algorithm is GotoBLAS's, trimmed for the small matrices of a training step: split K into
// chunks that keep a panel of B in cache, pack op(B) into NR-column panels (zero-padded, so the
// micro-kernel never branches), and let the micro-kernel keep an MR×NR tile of C in registers
// while it streams through the chunk:   tile += a[k] ⊗ b[k]   for k in the chunk.
// op(A) is read in place when its rows are contiguous (the usual case: a batch of activations),
// and packed into MR-row panels otherwise. With B_IN_PLACE (the AVX-512 kernel), a full NR-wide
// panel of a B whose rows are contiguous is read in place too, NR floats from each row: only the
// last, narrower panel is packed.

#define CONCAT2(a, b) a##_##b
#define CONCAT(a, b) CONCAT2(a, b)
#define KERNEL CONCAT(GEMM_NAME, kernel)
#define STEP CONCAT(GEMM_NAME, step)
#define NV (NR / 16)
/// A kernel of 32 or more columns ends with a panel of NR/2 when the last columns fit in it: a
/// layer of 100 units pads to 112 columns instead of 128. The sums are the same either way.
#define HALF (NR >= 32)

/// One step of k: acc[r] += A(r, k) ⊗ b_k for the tile's MR rows, where A(r, k) = ak[r*ars] and
/// b_k is the panel's row at bk (nv vectors).
static inline __attribute__((always_inline)) GEMM_TARGET
void STEP(v16 acc[MR][NV], const float *restrict ak, long ars, const float *restrict bk, const int nv) {
    v16 bv[NV];
    for (int v = 0; v < nv; v++) bv[v] = *(const v16u *)(bk + v * 16);
    for (int r = 0; r < MR; r++) {
        v16 av = SPLAT(ak[r * ars]);
        for (int v = 0; v < nv; v++) acc[r][v] += av * bv[v];
    }
}

/// The micro-kernel: acc[r][j] = Σ_k A(r, k) · b[k*bs + j], where A(r, k) = a[r*ars + k*acs];
/// then C[r, j] = alpha * acc + beta * C for the mr×nr valid part of the tile. pw is the panel's
/// width, NR or (for the last panel of a wide kernel, see HALF) NR/2: always a constant here, as
/// every call passes a literal and the kernel is inlined. bs is the distance from one k's row of
/// the panel to the next: pw when packed, B's row stride when read in place (hence loads that do
/// not assume alignment; on packed panels they cost the same).
static inline __attribute__((always_inline)) GEMM_TARGET
void KERNEL(int kc, const float *restrict a, long ars, long acs, const float *restrict b, long bs,
            float *c, long rsc, long csc, int mr, int nr, float alpha, float beta, const int pw) {
    const int nv = pw / 16;
    v16 acc[MR][NV];
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < nv; v++) acc[r][v] = (v16){0};
    const char **lines = soon.lines;                     // rows wanted soon: see lf_prefetch_rows_soon
    long next = soon.next, wanted = soon.count;
    int k = 0;
    // SOON_EVERY steps of k at a time, A's row addresses worked out once for them: on a core whose
    // FMA ports also do integer work (Sapphire Rapids), an address per row and k took FMA slots
    // (784×50×256 with A packed: 199 → 154 µs; a step's eleven products at batch 256 −6%).
    for (; k + SOON_EVERY <= kc; k += SOON_EVERY) {
        if (next < wanted) __builtin_prefetch(lines[next++], 0, 2);   // into L2
        const float *ak = a + (long)k * acs, *bk = b + (long)k * bs;
        for (int u = 0; u < SOON_EVERY; u++) STEP(acc, ak + u * acs, ars, bk + u * bs, nv);
    }
    if (k < kc && next < wanted) __builtin_prefetch(lines[next++], 0, 2);
    for (; k < kc; k++) STEP(acc, a + (long)k * acs, ars, b + (long)k * bs, nv);
    soon.next = next;
    if (csc == 1 && mr == MR && nr == pw) {          // a full tile of a row-major C: vector stores
        for (int r = 0; r < MR; r++)
            for (int v = 0; v < nv; v++) {
                v16u *dst = (v16u *)(c + r * rsc + v * 16);
                *dst = beta == 0.0f ? alpha * acc[r][v] : alpha * acc[r][v] + beta * *dst;
            }
        return;
    }
    float tile[MR][NR] __attribute__((aligned(64)));  // an edge tile, or C written transposed
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < nv; v++) *(v16 *)&tile[r][v * 16] = acc[r][v];
    for (int r = 0; r < mr; r++)
        for (int j = 0; j < nr; j++) {
            float *dst = c + r * rsc + j * csc;
            *dst = beta == 0.0f ? alpha * tile[r][j] : alpha * tile[r][j] + beta * *dst;
        }
}

/// C = alpha * A·B + beta * C on strided views, blocked and packed as described above: for each
/// chunk of K, for each block of columns whose packed panels fit in L2 (NC_BYTES), for each MR
/// rows, for each panel. Blocks change only which tile is computed when, never a tile's sums.
static GEMM_TARGET void GEMM_NAME(int M, int N, int K, float alpha, view A, view B,
                                  float beta, view C) {
    if (C.rs == 1 && C.cs != 1 && N > 1) {               // C stored transposed (see lf_sgemm): the
        float *ct = scratch(2, (size_t)M * N);            // product into a row-major copy, whose full
        if (beta != 0.0f) transpose(C.p, C.cs, N, M, ct, N, AVX2);    // tiles are vector stores, then
        GEMM_NAME(M, N, K, alpha, A, B, beta, (view){ct, N, 1});      // turned back into C: the same
        transpose(ct, N, M, N, C.p, C.cs, AVX2);                      // sums, stored faster
        return;
    }
    if (K == 0) { scale_c(M, N, beta, C); return; }
    int chunks = (K + KC - 1) / KC, kc_max = (K + chunks - 1) / chunks;
    int nc = NC_BYTES / 4 / kc_max / NR * NR;
    if (nc < NR) nc = NR;
    float *bp = scratch(0, (size_t)kc_max * (((nc < N ? nc : N) + NR - 1) / NR * NR));
    float *ap = scratch(1, (size_t)kc_max * MR);
    for (int p0 = 0; p0 < K; p0 += kc_max) {
        int kc = K - p0 < kc_max ? K - p0 : kc_max;
        float beta_here = p0 == 0 ? beta : 1.0f;          // later chunks accumulate
        for (int jb = 0; jb < N; jb += nc) {              // columns in blocks whose packed B stays in L2
            int nb = N - jb < nc ? N - jb : nc;
            int full = B_IN_PLACE && B.cs == 1 ? nb / NR * NR : 0;      // columns read in place
            if (full < nb) pack_b((view){B.p + (long)(jb + full) * B.cs, B.rs, B.cs}, p0, kc, nb - full, NR, HALF, AVX2, bp + (long)full * kc);
            for (int i = 0; i < M; i += MR) {
                int mr = M - i < MR ? M - i : MR;
                const float *a = A.p + (long)i * A.rs + (long)p0 * A.cs;
                float *c = C.p + (long)i * C.rs + (long)jb * C.cs;
                const float *ai = a;
                long ars = A.rs, acs = 1;
                if (!(A.cs == 1 && mr == MR)) {           // else rows of A are read in place
                    pack_a(A, i, mr, p0, kc, MR, ap);     // a packed, zero-padded panel
                    (ai = ap, ars = 1, acs = MR);
                }
                if (A.cs == 1 && i + MR < M)              // the next row block's part of A, on its way
                    prefetch_rows(a + (long)MR * A.rs, M - i - MR < MR ? M - i - MR : MR, A.rs, kc);
                for (int j = 0; j < nb; j += NR) {
                    int w = nb - j < NR ? nb - j : NR;
                    if (j < full)                         // a full panel, read in place
                        KERNEL(kc, ai, ars, acs, B.p + (long)p0 * B.rs + jb + j, B.rs, c + (long)j * C.cs, C.rs, C.cs, mr, w, alpha, beta_here, NR);
                    else if (HALF && w <= NR / 2)         // the narrow last panel
                        KERNEL(kc, ai, ars, acs, bp + (long)j * kc, NR / 2, c + (long)j * C.cs, C.rs, C.cs, mr, w, alpha, beta_here, NR / 2);
                    else
                        KERNEL(kc, ai, ars, acs, bp + (long)j * kc, NR, c + (long)j * C.cs, C.rs, C.cs, mr, w, alpha, beta_here, NR);
                }
            }
        }
    }
}

#undef KERNEL
#undef STEP
#undef NV
#undef HALF
#undef GEMM_NAME
#undef GEMM_TARGET
#undef MR
#undef NR
#undef AVX2
#undef B_IN_PLACE

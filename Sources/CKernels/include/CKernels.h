#ifndef LIFELONG_CKERNELS_H
#define LIFELONG_CKERNELS_H

#include <stdbool.h>
#include <stdint.h>

/// Row-major single-precision matrix multiply:
///
///     C[M,N] = alpha * op(A)[M,K] · op(B)[K,N] + beta * C
///
/// op(A) is A (an [M,K] array with row stride lda) or, when transA is non-zero, Aᵀ (A is [K,M]).
/// Likewise for B. When beta is 0, C is not read (it may hold garbage). Single-threaded and
/// deterministic: the same inputs give the same bits on the same machine.
void lf_sgemm(int transA, int transB, int M, int N, int K,
              float alpha, const float *A, int lda,
              const float *B, int ldb,
              float beta, float *C, int ldc);

/// The instruction set the kernel chose on this CPU: "avx512", "avx2" or "generic".
const char *lf_sgemm_isa(void);

/// Forces a kernel ("avx512", "avx2", "generic") for tests and benchmarks; returns 0 if this CPU
/// cannot run it. Pass NULL to go back to automatic choice.
int lf_sgemm_force_isa(const char *name);

/// Forces how the product is computed on this thread, for tests: 0 as C = op(A)·op(B), 1 as
/// Cᵀ = op(B)ᵀ·op(A)ᵀ, -1 (the default) whichever the cost model expects to be faster. Either
/// gives the same bits: each element is the same sum in the same order.
void lf_sgemm_force_layout(int layout);

/// Forces, on this thread, whether a product C = op(A)·B skips the zero entries of A (a batch of
/// images: most pixels are 0), for tests and benchmarks: 1 always (when B is not transposed,
/// alpha is 1 and N ≥ 16), 0 never, -1 (the default) as measured: for a first layer's products
/// (Z = X·W and ∂W = Xᵀ·∂Z: 256 pixels or more) with at most 30% of A nonzero, the first calls of
/// each shape on a thread time both ways, and the rest take the faster (sparse_choice.h).
/// Either gives the same bits: a zero term adds nothing, and the others are summed in the same order.
void lf_sgemm_force_sparse(int sparse);

/// This thread's measured choice for a product shape (op(A) M×K, C M×N), for tests: -1 not measured
/// yet (or still being measured), 0 it runs dense, 1 it skips A's zeros when they are few enough.
int lf_sgemm_sparse_trial(int transA, int M, int N, int K);

/// How many threads hold the product's scratch buffers now: each thread that multiplies keeps a
/// few (packed panels, a transposed C's copy) until it ends. For tests.
long lf_sgemm_scratch_threads(void);

/// Asks for rows `rows[0..<count]` of the row-major matrix at `base` (`width` floats a row) to be
/// brought into cache while this thread's next matrix products run (a training loop's next batch),
/// after what earlier requests of this thread still wait for (up to 4 MiB of rows in all; past
/// that the oldest are dropped). Values are never touched; a prefetch never faults, even if the
/// rows are freed meanwhile.
void lf_prefetch_rows_soon(const float *base, const long *rows, int count, long width);

/// The lines this thread's requests hold that no product has asked for yet (a test reads it).
long lf_prefetch_pending(void);

// MARK: - Normal draws (normal.c)

/// out[i] = Float(√(−2 ln u₁) · cos(2π u₂)) · scale for i < n, where u₁ = ((bits[2i] >> 11) + 1)·2⁻⁵³
/// and u₂ = (bits[2i+1] >> 11)·2⁻⁵³: SeededGenerator.normal's Box–Muller draws from their words,
/// bit for bit, a block at a time.
void lf_normals_from_bits(long n, const uint64_t *bits, float scale, float *out);
/// How many draws this thread has had to compute with glibc's log and cos (their Float was within
/// 1e-12 of a rounding boundary). For tests.
long lf_normal_slow_draws(void);

// MARK: - Elementwise loops (elementwise.c)

/// y = max(x, 0).
void lf_relu_forward(long n, const float *x, float *y);
/// dx += (y > 0) ? g : 0, where y = relu(x).
void lf_relu_backward(long n, const float *y, const float *g, float *dx);
/// dx = (y > 0) ? g : 0: relu_backward when dx has no gradient yet.
void lf_relu_gate(long n, const float *y, const float *g, float *dx);
/// y[r, j] = x[r, j] + b[j]   (a bias row added to every row).
void lf_add_rows(long rows, long n, const float *x, const float *b, float *y);
/// y[r, j] += b[j]             (lf_add_rows in place: a product's output gets its bias row).
void lf_add_row_in_place(long rows, long n, float *y, const float *b);
/// y[r, j] = max(y[r, j] + b[j], 0)  (the same, then ReLU: lf_add_rows then lf_relu_forward in one pass).
void lf_add_row_relu_in_place(long rows, long n, float *y, const float *b);
/// db[j] += Σ_r g[r, j]       (the bias gradient: column sums).
void lf_sum_rows(long rows, long n, const float *g, float *db);
/// dx += g.
void lf_accumulate(long n, const float *g, float *dx);
/// Σᵢ bᵢ (θᵢ − aᵢ)² over n weights, summed in lanes (the order of the sum is not fixed: a value to
/// report or check, not one that results depend on).
double lf_weighted_squared_distance(long n, const float *theta, const float *anchor, const float *b);
/// y = σ(x) = 1 / (1 + e⁻ˣ) for x ≥ 0, eˣ / (1 + eˣ) below (no overflow), through one libm `expf`
/// of −|x| a weight: the same bits as the two-way formula. With `slope` (may be NULL), σ(1 − σ) too.
void lf_sigmoid(long n, const float *x, float *y, float *slope);
/// One Adam update of n weights (no mask), the same arithmetic as `Adam.step` in NN:
///
///     g ← g + wd·θ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − step·m / (√v / √c₂ + ε)
void lf_adam_step(long n, float *theta, const float *g, float *m, float *v,
                  float b1, float b2, float weight_decay, float step_size, float root_c2, float eps);
/// `lf_adam_step` for the weights where mask[i] is true; the others keep θ, m and v.
void lf_adam_step_masked(long n, float *theta, const float *g, float *m, float *v, float b1, float b2,
                         float weight_decay, float step_size, float root_c2, float eps, const bool *mask);

// MARK: - A memory network's ops (products.c)

/// C_e (+)= A_e·B_e for each example e < batch: A_e is rows × inner, B_e inner × columns and C_e
/// rows × columns, consecutive blocks of a, b and c, each read through its (row, column) strides
/// (element (i, p) of A_e at a[e·rows·inner + i·ars + p·acs]); `write` stores the products instead
/// of adding them. Each element of C_e gets one sum Σ_p A(i, p)·B(p, j), from 0 in order of p,
/// products and sums rounded apart: the plain triple loop's bits, in sixteen- or eight-wide lanes
/// (along j, or along i when C_e has fewer columns than rows).
void lf_multiply_each(long batch, long rows, long columns, long inner, const float *a, long ars, long acs,
                      const float *b, long brs, long bcs, float *c, long crs, long ccs, int write);

/// Weighted bags of words, sentence n being the J words ids[starts[n] ..< starts[n + 1]] with the
/// J × d weights weights[J] (word j's at weights[J] + j·wd). Forward (backward = 0), from a table
/// x of word vectors, writes every row: y[n] = Σ_j w_j ∘ x[id_j] (0 for an empty sentence);
/// backward, from the output's gradient x: y[id_j] += w_j ∘ x[n]. Words in order, each term a
/// product then a sum.
void lf_bag_of_words(long sentences, long d, const int *ids, const long *starts, const float *const *weights,
                     long wd, const float *x, float *y, int backward);

// MARK: - Dot products (dots.c)

/// out[r] = Σ_i (double)a[i] · (double)rows[r][i] for r < count, each sum from 0 in order of i,
/// product and sum rounded apart (the plain loop's bits), eight rows side by side in vector lanes.
void lf_dots_f64(long n, const float *a, const float *const *rows, long count, double *out);
/// out[i] = (float)(g[i] + Σ_k v[k]·rows[k][i]) for i < n: the sum in Double from g[i], in order of k
/// and without the k whose v[k] is 0, product and sum rounded apart (GEM's g̃ = g + Gᵀv).
void lf_combine_f64(long n, const float *g, const float *const *rows, const double *v, long count, float *out);
/// Makes this thread's lane kernels (the memory network's ops, the dot products above) use "avx512",
/// "avx2" or "generic" (NULL: the best the CPU has again); 0 if the CPU cannot run it. For tests,
/// which compare every copy with the plain loop.
int lf_lanes_force_isa(const char *name);

// MARK: - Losses (losses.c)

/// The binary cross-entropy of logits z against targets y, both [rows, d], weighted by row:
///
///     Σ_r w_r Σ_i [ max(z, 0) − z·y + log(1 + e^(−|z|)) ]
///
/// (each row summed in float in 8 lanes, the rows in double), writing σ(z) into `sigma` for the backward pass.
/// exp and log are polynomials (~1 ulp), vectorised with AVX2 where the CPU has it.
double lf_bce_logits_rows(long rows, long d, const float *z, const float *y, const float *w, float *sigma);
/// dz[r, i] += scale[r] · (σ[r, i] − y[r, i]); with `write`, dz[r, i] = 0 + scale[r] · (σ[r, i] − y[r, i])
/// (the same bits as adding into zeros, without them: a gradient's first contribution).
void lf_bce_logits_backward(long rows, long d, const float *sigma, const float *y, const float *scale, float *dz, int write);

/// y = softmax of each of `rows` contiguous rows of n: e^(x − max) / Σ e^(x − max), libm's expf, the
/// sum in order (Tensor.softmax's loops, the same bits).
void lf_softmax_rows(long rows, long n, const float *x, float *y);
/// dx[r, j] += y[r, j] · (g[r, j] − Σ_k g[r, k] y[r, k]), the dot in order.
void lf_softmax_rows_backward(long rows, long n, const float *y, const float *g, float *dx);

/// Softmax cross-entropy of logits z `[rows, c]` against class `labels[r]`, weighted by row:
///
///     Σ_r w_r (m_r + log Σ_j e^(z_rj − m_r) − z_r,label),   m_r = max_j z_rj
///
/// (each row in float, the rows summed in double), writing the softmax into `probs` for the
/// backward pass; libm's expf and logf, one element at a time, in order.
double lf_softmax_xent_rows(long rows, long c, const float *z, const long *labels, const float *w, float *probs);
/// dz[r, j] += scale[r] · (probs[r, j] − [j = labels[r]]), as two steps: the product added, then scale[r]
/// taken off the label's logit.
void lf_softmax_xent_backward(long rows, long c, const float *probs, const long *labels, const float *scale, float *dz);

/// Treats denormal floats (|x| < 1.2e-38) as zero on this thread, in inputs and results (x86
/// FTZ and DAZ). A denormal costs ~100 times a normal operation, and Adam's moment estimates
/// decay into that range wherever a gradient is exactly zero (a dead ReLU unit): measured on
/// the bench, an Adam step went from 7 ms to [see README]. The library does this for the main
/// thread when it loads; a thread that trains should call it first. TensorFlow does the same.
void lf_flush_denormals(void);

#endif

import Autograd

/// An end-to-end memory network (Sukhbaatar et al. 2015, arXiv 1503.08895) answering a question
/// about a story with one word of the vocabulary. A row of the input holds the story's last
/// `slots` sentences, most recent first, then the question, each as `words` word ids (0 pads);
/// ids are stored exactly as floats. With adjacent weight tying there are hops + 1 embedding
/// tables E⁰…Eᴷ (and temporal tables T⁰…Tᴷ):
///
///     u¹ = Σⱼ lⱼ ∘ E⁰ qⱼ                              the question (position encoding l)
///     mᵢᵏ = Σⱼ lⱼ ∘ Eᵏ⁻¹ xᵢⱼ + Tᵏ⁻¹(i)                 memory slot i, read with hop k's keys
///     cᵢᵏ = Σⱼ lⱼ ∘ Eᵏ xᵢⱼ + Tᵏ(i)                      … and its values
///     pᵏ = softmax over filled slots of (mᵢᵏ · uᵏ)     oᵏ = Σᵢ pᵢᵏ cᵢᵏ      uᵏ⁺¹ = uᵏ + oᵏ
///     â = uᴷ⁺¹ · (Eᴷ)ᵀ                                 scores over the whole vocabulary
///
/// with lₖⱼ = (1 − j/J) − (k/d)(1 − 2j/J) for word j of a J-word sentence and dimension k of d.
public final class MemoryNetwork: Layer {
    public let vocabulary: Int, dimension: Int, slots: Int, words: Int, hops: Int
    public let embeddings: [Tensor]
    public let temporal: [Tensor]
    /// lₖⱼ for every sentence length J = 0…words (`[J][j · d + k]`).
    let positionWeights: [[Float]]

    /// Weights drawn from N(0, 0.1²), as in the paper.
    public init(vocabulary: Int, dimension: Int, slots: Int, words: Int, hops: Int = 3, using rng: inout SeededGenerator) {
        (self.vocabulary, self.dimension, self.slots, self.words, self.hops) = (vocabulary, dimension, slots, words, hops)
        embeddings = (0...hops).map { _ in Tensor.randn([vocabulary, dimension], std: 0.1, using: &rng, requiresGrad: true) }
        temporal = (0...hops).map { _ in Tensor.randn([slots, dimension], std: 0.1, using: &rng, requiresGrad: true) }
        positionWeights = MemoryNetwork.positionEncoding(words: words, dimension: dimension)
    }

    private init(copying other: MemoryNetwork) {
        (vocabulary, dimension, slots, words, hops) = (other.vocabulary, other.dimension, other.slots, other.words, other.hops)
        embeddings = other.embeddings.map { Tensor(shape: $0.shape, data: $0.data, requiresGrad: true) }
        temporal = other.temporal.map { Tensor(shape: $0.shape, data: $0.data, requiresGrad: true) }
        positionWeights = other.positionWeights
    }

    public func copy() -> Self { MemoryNetwork(copying: self) as! Self }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        embeddings.enumerated().map { ("embedding.\($0.offset)", $0.element) } + temporal.enumerated().map { ("temporal.\($0.offset)", $0.element) }
    }

    /// The values per input row: the memory, then the question.
    public var rowWidth: Int { (slots + 1) * words }

    /// lₖⱼ = (1 − j/J) − (k/d)(1 − 2j/J), j = 1…J, k = 1…d, for every J = 0…words.
    public static func positionEncoding(words: Int, dimension d: Int) -> [[Float]] {
        (0...words).map { length in
            var w = [Float](repeating: 0, count: words * d)
            for j in 0..<length { for k in 0..<d {
                let (jj, kk, jl, dd) = (Float(j + 1), Float(k + 1), Float(length), Float(d))
                w[j * d + k] = (1 - jj / jl) - (kk / dd) * (1 - 2 * jj / jl)
            } }
            return w
        }
    }

    /// Scores over the vocabulary for each row of `x` (`[B, (slots + 1) · words]`). Only the first
    /// `used` slots are read, the most any story of the batch fills: the empty ones would get no
    /// attention anyway.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.shape[1] == rowWidth, "a memory network reads rows of \(rowWidth) word ids; got \(x.shape)")
        let (batch, d) = (x.shape[0], dimension)
        let filled = (0..<batch).map { b in (0..<slots).firstIndex { x.data[b * rowWidth + $0 * words] == 0 } ?? slots }
        let used = max(filled.max() ?? 1, 1)
        var story = [Int32](repeating: 0, count: batch * used * words), question = [Int32](repeating: 0, count: batch * words)
        var bias = [Float](repeating: -1e30, count: batch * used)          // −∞ for an empty slot: no attention
        for b in 0..<batch {
            for i in 0..<(filled[b] * words) { story[b * used * words + i] = Int32(x.data[b * rowWidth + i]) }
            for i in 0..<words { question[b * words + i] = Int32(x.data[b * rowWidth + slots * words + i]) }
            for s in 0..<filled[b] { bias[b * used + s] = 0 }
        }
        let mask = Tensor(shape: [batch, used], data: bias)
        let sentences = WordBags(story, words: words)       // read once, embedded by every table
        let memories = (0...hops).map { k in
            embeddings[k].bagOfWords(sentences, weights: positionWeights).reshaped([batch, used, d])
                + (used == slots ? temporal[k] : temporal[k].slice(axis: 0, 0..<used))
        }
        var u = embeddings[0].bagOfWords(question, words: words, weights: positionWeights)
        for k in 0..<hops {
            let attention = (memories[k].batchedMatmul(u.reshaped([batch, d, 1])).reshaped([batch, used]) + mask).softmax(axis: -1)
            u = u + attention.reshaped([batch, 1, used]).batchedMatmul(memories[k + 1]).reshaped([batch, d])
        }
        return u.matmul(embeddings[hops], transposeB: true)
    }
}

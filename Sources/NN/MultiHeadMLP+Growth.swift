import Autograd

/// CPG's "pick" and "grow" (Hung et al. 2019, arXiv 1910.06562) on the multi-head body.
extension MultiHeadMLP {
    /// A new pick score: read the weight (> 0), close to the threshold so that learning can drop it.
    public static let initialPick: Float = 0.01

    /// Task `t` starts learning which earlier weights to read: one score per weight of each layer,
    /// all `initial` (> 0: every earlier weight read at first, as in the paper).
    public func startPicking(task t: Int, initial: Float = MultiHeadMLP.initialPick) {
        pickScores[t] = body.map { Tensor(shape: $0.weight.shape, data: [Float](repeating: initial, count: $0.weight.count), requiresGrad: true) }
    }

    /// Task `t`'s picks become fixed flags (score > 0) and stop being parameters.
    public func finishPicking(task t: Int) {
        guard let scores = pickScores.removeValue(forKey: t) else { return }
        picked[t] = scores.map { $0.data.map { $0 > 0 } }
    }

    /// The earlier weights task `t` reads, out of those it could (its picks), per layer.
    public func pickedFraction(task t: Int) -> Double? {
        guard let flags = picked[t], let owners else { return nil }
        var (read, could) = (0, 0)
        for (i, layer) in flags.enumerated() { for (w, on) in layer.enumerated() where owners[i][w] < Int32(t) { could += 1; if on { read += 1 } } }
        return could == 0 ? nil : Double(read) / Double(could)
    }

    /// Widens every hidden layer by `fraction` (at least one unit), keeping every existing weight
    /// where it is. New weights into a new unit are drawn like a `Linear`'s; new weights out of it,
    /// and new head rows, start at 0; every new body weight is `free`. Tasks learned before keep
    /// their `widths`, so their outputs do not change. Returns the new widths.
    @discardableResult
    public func grow(by fraction: Double, using rng: inout SeededGenerator) -> [Int] {
        let old = body.map(\.outputs)
        let new = old.map { $0 + max(1, Int((Double($0) * fraction).rounded())) }
        for t in heads.indices where widths[t] == nil { widths[t] = old }
        var layers: [Linear] = []
        for (i, layer) in body.enumerated() {
            let inputs = i == 0 ? layer.inputs : new[i - 1]
            let fresh = Linear(inputs, new[i], using: &rng)
            for r in layer.inputs..<inputs { for c in 0..<layer.outputs { fresh.weight.data[r * new[i] + c] = 0 } }   // out of a new unit into an old one
            for r in 0..<layer.inputs { for c in 0..<layer.outputs { fresh.weight.data[r * new[i] + c] = layer.weight.data[r * layer.outputs + c] } }
            for c in 0..<layer.outputs { fresh.bias.data[c] = layer.bias.data[c] }
            if let owner = owners?[i] {
                var grown = [Int32](repeating: MultiHeadMLP.free, count: inputs * new[i])
                for r in 0..<layer.inputs { for c in 0..<layer.outputs { grown[r * new[i] + c] = owner[r * layer.outputs + c] } }
                owners![i] = grown
            }
            fresh.weight.requiresGrad = layer.weight.requiresGrad
            fresh.bias.requiresGrad = layer.bias.requiresGrad
            layers.append(fresh)
        }
        body = layers
        heads = heads.map { head in
            let grownWeight = Tensor(shape: [new.last!, head.outputs], data: head.weight.data + [Float](repeating: 0, count: (new.last! - old.last!) * head.outputs), requiresGrad: head.weight.requiresGrad)
            return Linear(weight: grownWeight, bias: head.bias)
        }
        pickScores = pickScores.mapValues { scores in scores.indices.map { i in
            let (inputs, outputs) = (i == 0 ? body[0].inputs : new[i - 1], new[i]), before = scores[i]
            var data = [Float](repeating: MultiHeadMLP.initialPick, count: inputs * outputs)
            for r in 0..<before.shape[0] { for c in 0..<before.shape[1] { data[r * outputs + c] = before.data[r * before.shape[1] + c] } }
            return Tensor(shape: [inputs, outputs], data: data, requiresGrad: true)
        } }
        return new
    }
}

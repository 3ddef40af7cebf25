import Autograd
import NN

/// The bookkeeping PackNet and CPG share on a `MultiHeadMLP` whose body weights have owners.
extension MultiHeadMLP {
    /// Gives every body weight an owner (`free`) the first time.
    func startOwning() {
        if owners == nil { owners = body.map { [Int32](repeating: MultiHeadMLP.free, count: $0.weight.count) } }
    }

    /// The fraction of body weights no task owns.
    var freeFraction: Double {
        Double(owners!.reduce(0) { $0 + $1.filter { $0 == MultiHeadMLP.free }.count }) / Double(owners!.reduce(0) { $0 + $1.count })
    }

    /// Every free weight becomes task `t`'s.
    func claimFree(for t: Int) {
        owners = owners!.map { layer in layer.map { $0 == MultiHeadMLP.free ? Int32(t) : $0 } }
    }

    /// Only task `t`'s body weights, its head and (with `biases`) the biases may move.
    func allowOnly(task t: Int, biases: Bool) {
        for (i, layer) in body.enumerated() {
            layer.weight.updateMask = owners![i].map { $0 == Int32(t) }
            layer.bias.requiresGrad = biases
        }
        for (k, head) in heads.enumerated() { head.weight.requiresGrad = k == t; head.bias.requiresGrad = k == t }
    }

    /// Nothing moves any more: every body weight, bias and head frozen.
    func freezeAll() {
        for layer in body { layer.weight.updateMask = [Bool](repeating: false, count: layer.weight.count); layer.bias.requiresGrad = false }
        for head in heads { head.weight.requiresGrad = false; head.bias.requiresGrad = false }
    }

    /// Frees the `count` weights of task `t` in body layer `i` smallest in |w|, and sets them to 0.
    /// (`owners` is written once at the end: each write to it clears the mask cache, and one
    /// write per weight copied the whole layer's owners every time — 8% of a PackNet run.)
    func release(_ count: Int, ofTask t: Int, layer i: Int) {
        let weight = body[i].weight
        var layerOwners = owners![i]
        let mine = layerOwners.indices.filter { layerOwners[$0] == Int32(t) }
        for w in mine.sorted(by: { abs(weight.data[$0]) < abs(weight.data[$1]) }).prefix(max(0, count)) {
            layerOwners[w] = MultiHeadMLP.free
            weight.data[w] = 0
        }
        owners![i] = layerOwners
    }

    /// How many body weights of layer `i` task `t` owns.
    func owned(by t: Int, layer i: Int) -> Int { owners![i].filter { $0 == Int32(t) }.count }
}

/// The context's model as a `MultiHeadMLP`, or a stop naming the method that needs one.
func multiHead(_ context: TaskContext, for method: String) -> MultiHeadMLP {
    guard let net = context.model as? MultiHeadMLP else { preconditionFailure("\(method) needs a MultiHeadMLP, not \(type(of: context.model))") }
    return net
}

import Autograd
import NN
import Testing

@Suite("Protected weights and copies")
struct ProtectionTests {
    /// Trains a 4-3-2 MLP for `steps` steps, with `protect` applied after `protectAfter` steps.
    func train(_ make: ([Tensor]) -> any Optimizer, steps: Int = 20, protectAfter: Int, protect: (MLP) throws -> Void) throws -> (before: [Float], after: [Float], model: MLP) {
        var rng = SeededGenerator(seed: 3)
        let model = MLP([4, 3, 2], using: &rng)
        let optimizer = make(model.parameters)
        let x = Tensor.randn([8, 4], using: &rng), labels = [0, 1, 1, 0, 1, 0, 0, 1]
        var before: [Float] = []
        for step in 0..<steps {
            if step == protectAfter { try protect(model); before = model.flatParameters() }
            model.zeroGrad()
            softmaxCrossEntropy(model(x), labels: labels).backward()
            optimizer.step()
        }
        return (before, model.flatParameters(), model)
    }

    static var optimizers: [(String, ([Tensor]) -> any Optimizer)] { [
        ("SGD + momentum + weight decay", { SGD($0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01) }),
        ("Adam + weight decay", { Adam($0, learningRate: 0.01, weightDecay: 0.01) }),
    ] }

    /// Entries masked after 5 steps (so momentum and moments are already non-zero) stay bitwise still.
    @Test(arguments: [0, 1])
    func updateMaskHoldsWeightsStill(optimizer: Int) throws {
        let mask = (0..<12).map { $0 % 3 != 0 }                 // protect every third weight of layer 0
        let (before, after, model) = try train(Self.optimizers[optimizer].1, protectAfter: 5) { $0.layers[0].weight.updateMask = mask }
        let w0 = model.layers[0].weight.data, w0Before = Array(before[0..<12])
        for i in 0..<12 where !mask[i] { #expect(w0[i].bitPattern == w0Before[i].bitPattern, "\(Self.optimizers[optimizer].0): weight \(i) moved") }
        #expect((0..<12).filter { mask[$0] }.allSatisfy { w0[$0] != w0Before[$0] })
        #expect(after[12...] != before[12...])
    }

    /// A frozen parameter stays bitwise still, even after steps that gave it momentum or moments.
    @Test(arguments: [0, 1])
    func freezingHoldsWeightsStill(optimizer: Int) throws {
        let (before, after, _) = try train(Self.optimizers[optimizer].1, protectAfter: 5) { try $0.setFrozen(true, ["layers.0.weight", "layers.0.bias"]) }
        #expect(before[0..<15].map(\.bitPattern) == after[0..<15].map(\.bitPattern))
        #expect(after[15...] != before[15...])
    }

    /// Masking only the gradient is not protection: momentum moves the weight on (why `updateMask` exists).
    @Test func maskingTheGradientAloneIsNotEnough() throws {
        let p = Tensor(shape: [2], data: [1, 1], requiresGrad: true)
        let sgd = SGD([p], learningRate: 0.1, momentum: 0.9)
        p.grad = [1, 1]; sgd.step()
        p.grad = [1, 1]; p.maskGradient([0, 1]); sgd.step()
        #expect(p.data[0] != 0.9, "momentum still moved it")
    }

    @Test func aCopyIsIndependentOfItsOriginal() {
        var rng = SeededGenerator(seed: 2)
        let original = MLP([3, 4, 2], using: &rng)
        original.layers[1].bias.updateMask = [true, false]
        let copy = original.copy()
        let x = Tensor.randn([5, 3], using: &rng)
        #expect(copy(x).data == original(x).data && copy.sizes == [3, 4, 2] && copy.layers[1].bias.updateMask == [true, false])
        let before = original.snapshot()
        softmaxCrossEntropy(copy(x), labels: [0, 1, 0, 1, 1]).backward()
        SGD(copy.parameters, learningRate: 1).step()
        #expect(original.snapshot() == before && original.parameters.allSatisfy { $0.grad == nil })
        #expect(copy.snapshot() != before)
        let table = Embedding(count: 3, dimension: 2, using: &rng)
        let tableCopy = table.copy()
        tableCopy.table.data[0] = 42
        #expect(table.table.data[0] != 42)
    }
}

import Autograd
import Foundation
import NN
import Testing

@Suite("Safetensors")
struct SafetensorsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-safetensors-\(UUID().uuidString)")

    func model(_ seed: UInt64) -> MLP {
        var rng = SeededGenerator(seed: seed)
        return MLP([5, 4, 3], using: &rng)
    }

    func file(_ name: String, _ bytes: Data) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try bytes.write(to: url)
        return url
    }

    /// A hand-built file: `header` as JSON, then `payload` bytes.
    func handMade(_ header: String, payload: Int) -> Data {
        var d = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { d.append(contentsOf: $0) }
        d.append(Data(header.utf8))
        d.append(Data(repeating: 0, count: payload))
        return d
    }

    @Test func roundTripRestoresEveryBitAndTheMetadata() throws {
        let url = folder.appendingPathComponent("w.safetensors")
        try model(1).save(to: url, metadata: ["lesson": "test"])
        let other = model(2)
        let metadata = try other.load(from: url)
        #expect(other.snapshot() == model(1).snapshot())
        #expect(metadata == ["lesson": "test"])
    }

    @Test func sameWeightsGiveSameBytes() throws {
        let entries = model(1).namedParameters.map { Safetensors.Entry(name: $0.name, shape: $0.tensor.shape, values: $0.tensor.data) }
        let a = try Safetensors.encode(entries, metadata: ["k": "v"]), b = try Safetensors.encode(entries, metadata: ["k": "v"])
        #expect(a == b)
        #expect(a.count % 4 == 0)
        let headerLength = a.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
    }

    /// Each broken file gives a SafetensorsError naming the file and the problem.
    @Test(arguments: [
        ("empty", "", 0, "8-byte header length"),
        ("not json", "{oops", 0, "not a JSON object"),
        ("wrong dtype", #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, 4, "dtype F16"),
        ("missing field", #"{"a":{"dtype":"F32","shape":[2]}}"#, 8, "needs dtype, shape"),
        ("out of range", #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, "outside the 4 data bytes"),
        ("size mismatch", #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8, "needs 12 bytes"),
        ("gap", #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8, "belong to no tensor"),
        ("overlap", #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8, "overlaps"),
        ("trailing", #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, 12, "after the last tensor"),
        ("bad metadata", #"{"__metadata__":{"a":1}}"#, 0, "__metadata__"),
    ])
    func brokenFilesAreRejected(_ name: String, _ header: String, _ payload: Int, _ message: String) throws {
        let bytes = header.isEmpty ? Data() : handMade(header, payload: payload)
        let url = try file("\(name).safetensors", bytes)
        let error = #expect(throws: SafetensorsError.self) { try Safetensors.read(from: url) }
        #expect(error?.description.contains(url.path) == true)
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func truncatedAndOversizedHeadersAreRejected() throws {
        let url = folder.appendingPathComponent("full.safetensors")
        try model(1).save(to: url)
        let bytes = try Data(contentsOf: url)
        let cut = try file("cut.safetensors", bytes.prefix(bytes.count - 10))
        #expect(throws: SafetensorsError.self) { try Safetensors.read(from: cut) }
        var huge = bytes
        huge.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Data($0) })
        let lying = try file("lying.safetensors", huge)
        let error = #expect(throws: SafetensorsError.self) { try Safetensors.read(from: lying) }
        #expect(error?.problem.contains("exceeds") == true)
        #expect(throws: SafetensorsError.self) { try Safetensors.read(from: folder.appendingPathComponent("absent")) }
    }

    @Test func loadingChecksNamesAndShapesBeforeChangingAnything() throws {
        let url = folder.appendingPathComponent("small.safetensors")
        try model(1).save(to: url)
        var rng = SeededGenerator(seed: 3)
        let wider = MLP([5, 6, 3], using: &rng)
        let before = wider.snapshot()
        let error = #expect(throws: SafetensorsError.self) { try wider.load(from: url) }
        #expect(error?.problem.contains("shape") == true)
        #expect(wider.snapshot() == before)
        let deeper = MLP([5, 4, 4, 3], using: &rng)
        #expect(throws: SafetensorsError.self) { try deeper.load(from: url) }
        let shallower = MLP([5, 3], using: &rng)
        #expect(throws: SafetensorsError.self) { try shallower.load(from: url) }
    }
}

import Datasets
import Foundation
import NN
import PropertyBased
import Testing

/// Properties of the parsers on random inputs (swift-property-based): valid files round-trip,
/// and random corruptions give an error, never a trap (a trap would end the test process).
@Suite("Parser properties")
struct ParserPropertyTests {
    /// Random IDX arrays (rank 1–3, each axis 0–12) survive encode → parse unchanged, raw or gzip.
    @Test func idxRoundTrips() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...12).array(of: 1...3), Gen.uint8().array(of: 0...2000)) { dims, pool in
            let n = dims.reduce(1, *)
            let bytes = (0..<n).map { pool.isEmpty ? UInt8($0 % 256) : pool[$0 % pool.count] }
            let array = IDXArray(dimensions: dims, bytes: bytes)
            let parsed = try IDXArray.parse(array.encoded(), path: "p")
            #expect(parsed == array)
        }
    }

    /// A valid IDX file cut short, or with one header byte changed, is refused with an error or
    /// (when the change still describes a valid file) parsed — never a crash.
    @Test func corruptedIDXNeverTraps() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...40), Gen.int(in: 0...15), Gen.uint8()) { cut, position, byte in
            var data = IDXArray(dimensions: [2, 3, 4], bytes: (0..<24).map(UInt8.init)).encoded()
            data[data.startIndex + min(position, data.count - 1)] = byte
            let truncated = data.prefix(cut)
            _ = try? IDXArray.parse(Data(truncated), path: "p")
            _ = try? IDXArray.decode(Data(data), path: "p")
        }
    }

    /// Random tensors survive safetensors encode → decode; cut files are refused.
    @Test func safetensorsRoundTrip() async {
        await propertyCheck(count: 100, input: Gen.int(in: 1...4).array(of: 1...3), Gen.float(in: -1e6...1e6).array(of: 1...50), Gen.int(in: 0...200)) { shape, values, cut in
            let count = shape.reduce(1, *)
            let entry = Safetensors.Entry(name: "w", shape: shape, values: (0..<count).map { values[$0 % values.count] })
            let data = try Safetensors.encode([entry], metadata: ["lesson": "x"])
            let back = try Safetensors.decode(data)
            #expect(back.entries.first?.values == entry.values && back.entries.first?.shape == shape && back.metadata["lesson"] == "x")
            _ = try? Safetensors.decode(data.prefix(cut))
        }
    }
}

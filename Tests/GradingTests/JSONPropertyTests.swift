import Foundation
import Grading
import PropertyBased
import Testing

/// The results JSON reader on random input: documents Foundation writes are read back; random
/// bytes and cut documents are refused with a syntax error, never a trap.
@Suite("JSON reader properties")
struct JSONPropertyTests {
    @Test func writtenNumbersAndStringsAreReadBack() async {
        await propertyCheck(count: 200, input: Gen.double(in: -1e9...1e9).array(of: 0...20), Gen.letterOrNumber.string(of: 0...12)) { numbers, key in
            let object: [String: Any] = ["k" + key: numbers, "s": key]
            let data = try JSONSerialization.data(withJSONObject: object)
            let value = try JSONValue.parse(data)
            guard case .array(let items)? = value["k" + key] else { Issue.record("no array for k\(key)"); return }
            #expect(items.count == numbers.count && value["s"] == .string(key))
        }
    }

    @Test func randomBytesNeverTrap() async {
        await propertyCheck(count: 500, input: Gen.uint8().array(of: 0...64), Gen.int(in: 0...200)) { bytes, cut in
            _ = try? JSONValue.parse(Data(bytes))
            let document = Data(#"{"schema": "lifelong-results/1", "scalars": {"a": [1.5e3, -2, null, true, "x\u00e9\n"]}}"#.utf8)
            _ = try? JSONValue.parse(document.prefix(cut))
        }
    }
}

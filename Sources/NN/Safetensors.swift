import Autograd
import FileIO
import Foundation

/// The safetensors format (Hugging Face), so other tools can read LifeLong's weights:
///
///     [8 bytes: header length N, little-endian UInt64] [N bytes: JSON header] [tensor bytes]
///
/// The header maps each tensor name to `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}`
/// (offsets into the tensor bytes), plus an optional `"__metadata__"` of string pairs. The tensor
/// bytes must be covered exactly, with no gaps or overlaps. LifeLong reads and writes F32 only.
public enum Safetensors {
    /// One named tensor as stored.
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
        public init(name: String, shape: [Int], values: [Float]) {
            (self.name, self.shape, self.values) = (name, shape, values)
        }
    }

    /// The largest header accepted (the reference implementation's limit).
    static let maxHeaderBytes = 100_000_000

    // MARK: - Writing

    /// The file's bytes: header keys sorted and tensors in the given order, so equal input gives
    /// equal bytes.
    public static func encode(_ entries: [Entry], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for e in entries {
            precondition(e.values.count == e.shape.reduce(1, *), "tensor '\(e.name)': values do not fill \(e.shape)")
            let bytes = e.values.count * 4
            header[e.name] = ["dtype": "F32", "shape": e.shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }       // pad with spaces: tensors stay aligned
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for e in entries {
            e.values.withUnsafeBufferPointer { buf in
                for v in buf { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            }
        }
        return out
    }

    /// Writes `entries` to `url` (through a temporary file and a rename).
    public static func write(_ entries: [Entry], metadata: [String: String] = [:], to url: URL) throws {
        try writeAtomically(encode(entries, metadata: metadata), to: url)
    }

    // MARK: - Reading

    /// Reads and validates a safetensors file.
    /// - Throws: `SafetensorsError` naming the file and what is wrong with it.
    public static func read(from url: URL) throws -> (entries: [Entry], metadata: [String: String]) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SafetensorsError(path: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        do { return try decode(data) } catch let problem as Problem {
            throw SafetensorsError(path: url.path, problem: problem.text)
        }
    }

    /// A validation failure before the file name is known.
    public struct Problem: Error, CustomStringConvertible { public let text: String; public var description: String { text } }

    /// Parses the bytes of a safetensors file.
    public static func decode(_ data: Data) throws -> (entries: [Entry], metadata: [String: String]) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw Problem(text: "is \(bytes.count) bytes long; a safetensors file starts with an 8-byte header length") }
        let n = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard n <= UInt64(min(maxHeaderBytes, bytes.count - 8)) else {
            throw Problem(text: "header length \(n) exceeds the \(bytes.count - 8) bytes that follow (truncated or not safetensors)")
        }
        let headerEnd = 8 + Int(n)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
              let header = object as? [String: Any] else {
            throw Problem(text: "header is not a JSON object")
        }
        let metadata = try parseMetadata(header["__metadata__"])
        let buffer = Array(bytes[headerEnd...])
        var entries: [(begin: Int, entry: Entry)] = []
        for (name, value) in header where name != "__metadata__" {
            entries.append(try parseEntry(name, value, buffer: buffer))
        }
        try checkCoverage(entries.map { ($0.begin, $0.entry) }, bufferSize: buffer.count)
        return (entries.sorted { $0.begin < $1.begin }.map(\.entry), metadata)
    }

    static func parseMetadata(_ value: Any?) throws -> [String: String] {
        guard let value else { return [:] }
        guard let metadata = value as? [String: String] else {
            throw Problem(text: "__metadata__ must map strings to strings")
        }
        return metadata
    }

    static func parseEntry(_ name: String, _ value: Any, buffer: [UInt8]) throws -> (begin: Int, entry: Entry) {
        guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
              let shape = (info["shape"] as? [NSNumber])?.map(\.intValue),
              let offsets = (info["data_offsets"] as? [NSNumber])?.map(\.intValue), offsets.count == 2 else {
            throw Problem(text: "tensor '\(name)' needs dtype, shape and two data_offsets")
        }
        guard dtype == "F32" else { throw Problem(text: "tensor '\(name)' has dtype \(dtype); LifeLong reads F32 only") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw Problem(text: "tensor '\(name)' has a negative axis in shape \(shape)") }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, begin <= end, end <= buffer.count else {
            throw Problem(text: "tensor '\(name)' has data_offsets [\(begin), \(end)] outside the \(buffer.count) data bytes (truncated file?)")
        }
        guard end - begin == shape.reduce(1, *) * 4 else {
            throw Problem(text: "tensor '\(name)' of shape \(shape) needs \(shape.reduce(1, *) * 4) bytes but data_offsets span \(end - begin)")
        }
        var values = [Float](repeating: 0, count: (end - begin) / 4)
        for i in values.indices {
            let p = begin + 4 * i
            let bits = UInt32(buffer[p]) | UInt32(buffer[p + 1]) << 8 | UInt32(buffer[p + 2]) << 16 | UInt32(buffer[p + 3]) << 24
            values[i] = Float(bitPattern: bits)
        }
        return (begin, Entry(name: name, shape: shape, values: values))
    }

    /// The tensors must tile the data bytes exactly: no gap, no overlap, nothing left over.
    static func checkCoverage(_ spans: [(Int, Entry)], bufferSize: Int) throws {
        var position = 0
        for (begin, entry) in spans.sorted(by: { $0.0 < $1.0 }) {
            guard begin == position else {
                throw Problem(text: begin > position ? "data bytes \(position)..<\(begin) belong to no tensor"
                                                     : "tensor '\(entry.name)' overlaps the one before it")
            }
            position = begin + entry.values.count * 4
        }
        guard position == bufferSize else {
            throw Problem(text: "\(bufferSize - position) bytes after the last tensor belong to no tensor")
        }
    }
}

/// A safetensors file that could not be used: which file, and what is wrong.
public struct SafetensorsError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}

// MARK: - Modules

extension Module {
    /// Saves every parameter under its dotted name.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        let entries = namedParameters.map { Safetensors.Entry(name: $0.name, shape: $0.tensor.shape, values: $0.tensor.data) }
        try Safetensors.write(entries, metadata: metadata, to: url)
    }

    /// Loads parameters saved by `save(to:)`. The file must hold exactly this module's parameters
    /// with the same shapes; nothing is changed unless all of them match.
    /// - Returns: the file's metadata.
    @discardableResult
    public func load(from url: URL) throws -> [String: String] {
        let (entries, metadata) = try Safetensors.read(from: url)
        let stored = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let named = namedParameters
        for (name, p) in named {
            guard let e = stored[name] else { throw SafetensorsError(path: url.path, problem: "has no tensor '\(name)'") }
            guard e.shape == p.shape else {
                throw SafetensorsError(path: url.path, problem: "tensor '\(name)' has shape \(e.shape); the model needs \(p.shape)")
            }
        }
        let extra = Set(stored.keys).subtracting(named.map(\.name))
        guard extra.isEmpty else {
            throw SafetensorsError(path: url.path, problem: "has tensors the model lacks: \(extra.sorted().joined(separator: ", "))")
        }
        for (name, p) in named { p.data = stored[name]!.values }
        return metadata
    }
}

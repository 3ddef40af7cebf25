import Foundation

/// The IDX format of the MNIST files (LeCun et al.):
///
///     0x00 0x00 <type> <rank>   then rank big-endian UInt32 sizes   then the values
///
/// with type 0x08 for unsigned bytes, the only type MNIST uses. Files may be gzip-compressed.
public struct IDXArray: Equatable, Sendable {
    /// The size of each axis, e.g. [60000, 28, 28].
    public var dimensions: [Int]
    /// The values, last axis fastest.
    public var bytes: [UInt8]

    public init(dimensions: [Int], bytes: [UInt8]) {
        precondition(bytes.count == dimensions.reduce(1, *), "\(bytes.count) bytes for dimensions \(dimensions)")
        (self.dimensions, self.bytes) = (dimensions, bytes)
    }

    /// Reads an IDX file of unsigned bytes, raw or gzip-compressed.
    /// - Throws: `DataFileError`: unreadable file, gzip error, wrong magic number, or sizes that do
    ///   not match the number of bytes (a truncated or over-long file).
    ///   A gzip file is checked as it inflates: its header first, then never more bytes than the
    ///   header promises (a small file that inflates to gigabytes stops at once).
    public static func read(from url: URL) throws -> IDXArray {
        let raw: Data
        do { raw = try Data(contentsOf: url) } catch {
            throw DataFileError(path: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        return try decode(raw, path: url.path)
    }

    /// The bytes of an IDX file, raw or gzip-compressed (checked as they inflate).
    public static func decode(_ raw: Data, path: String) throws -> IDXArray {
        let bytes = try gunzipIfNeeded(raw, path: path) { head in try promisedSize(head, path: path) }
        return try parse(bytes, path: path)
    }

    /// The largest IDX file accepted: MNIST's largest is 47 MB.
    public static let maximumSize = 256 << 20

    /// The file's total size as its header states it, once `head` holds the header (nil before).
    /// - Throws: for a wrong magic number or type, or sizes whose product overflows or exceeds `maximumSize`.
    static func promisedSize(_ head: Data, path: String) throws -> Int? {
        let bytes = [UInt8](head.prefix(4 + 4 * 255))
        guard bytes.count >= 4 else { return nil }
        try checkMagic(bytes, path: path)
        let rank = Int(bytes[3])
        guard bytes.count >= 4 + 4 * rank else { return nil }
        return 4 + 4 * rank + (try dataSize(dimensions(bytes, rank: rank), path: path))
    }

    static func checkMagic(_ bytes: [UInt8], path: String) throws {
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw DataFileError(path: path, problem: String(format: "wrong magic number %02x%02x%02x%02x (an IDX file starts with 00 00)", bytes[0], bytes[1], bytes[2], bytes[3]))
        }
        guard bytes[2] == 0x08 else {
            throw DataFileError(path: path, problem: String(format: "holds IDX type 0x%02x; only unsigned bytes (0x08) are supported", bytes[2]))
        }
        guard bytes[3] >= 1 else { throw DataFileError(path: path, problem: "header has rank 0; an IDX array has at least one dimension") }
    }

    static func dimensions(_ bytes: [UInt8], rank: Int) -> [Int] {
        (0..<rank).map { axis in (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * axis + $1]) } }
    }

    /// The product of the dimensions, checked for overflow and against `maximumSize`.
    static func dataSize(_ dimensions: [Int], path: String) throws -> Int {
        var product = 1
        for d in dimensions {
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow, p <= maximumSize else {
                throw DataFileError(path: path, problem: "header promises dimensions \(dimensions.map(String.init).joined(separator: "×")), more than \(maximumSize >> 20) MiB of data (not an MNIST file)")
            }
            product = p
        }
        return product
    }

    /// Parses the (decompressed) bytes of an IDX file.
    public static func parse(_ data: Data, path: String) throws -> IDXArray {
        let bytes = [UInt8](data)
        guard bytes.count >= 4 else { throw DataFileError(path: path, problem: "is \(bytes.count) bytes long; an IDX file starts with a 4-byte magic number") }
        try checkMagic(bytes, path: path)
        let rank = Int(bytes[3])
        guard bytes.count >= 4 + 4 * rank else {
            throw DataFileError(path: path, problem: "header promises \(rank) dimensions but the file ends first")
        }
        let dimensions = dimensions(bytes, rank: rank)
        let expected = try dataSize(dimensions, path: path), available = bytes.count - 4 - 4 * rank
        guard expected == available else {
            let shape = dimensions.map(String.init).joined(separator: "×")
            throw DataFileError(path: path, problem: "dimensions \(shape) need \(expected) bytes of data but the file has \(available) (\(available < expected ? "truncated" : "over-long"))")
        }
        return IDXArray(dimensions: dimensions, bytes: Array(bytes[(4 + 4 * rank)...]))
    }

    /// The file's bytes: the inverse of `parse` (tests write small files with it).
    public func encoded() -> Data {
        var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions { out += [UInt8(d >> 24 & 0xff), UInt8(d >> 16 & 0xff), UInt8(d >> 8 & 0xff), UInt8(d & 0xff)] }
        return Data(out + bytes)
    }
}

import CZlib
import Foundation

/// Bytes that may be gzip-compressed: returned as they are unless they start with the gzip magic
/// number (1f 8b), in which case they are inflated with zlib. `promised(head)` looks at what has
/// been inflated so far and returns the total the content's own header promises (nil while it
/// cannot tell yet; it throws for a bad header): inflating stops as soon as the output would
/// exceed it, so a small file that inflates to gigabytes never fills the memory.
/// - Throws: `DataFileError` naming the file when the gzip stream is corrupt, truncated, or
///   inflates to more than its content promises.
func gunzipIfNeeded(_ data: Data, path: String, promised: (Data) throws -> Int? = { _ in nil }) throws -> Data {
    guard data.count >= 2, data[data.startIndex] == 0x1f, data[data.startIndex + 1] == 0x8b else { return data }
    var stream = z_stream()
    guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw DataFileError(path: path, problem: "cannot start gzip decompression")
    }
    defer { inflateEnd(&stream) }
    var output = Data()
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var status: Int32 = Z_OK
    try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        repeat {
            try chunk.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = inflate(&stream, Z_NO_FLUSH)
                guard status == Z_OK || status == Z_STREAM_END else {
                    let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DataFileError(path: path, problem: "gzip data is corrupt (\(reason))")
                }
                output.append(out.baseAddress!, count: out.count - Int(stream.avail_out))
            }
            if let total = try promised(output), output.count > total {
                throw DataFileError(path: path, problem: "inflates to more than the \(total) bytes its header promises (over-long or not this kind of file)")
            }
        } while status != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0)
    }
    guard status == Z_STREAM_END else { throw DataFileError(path: path, problem: "gzip data ends early (truncated file?)") }
    return output
}

/// A data file that could not be used: which file, and what is wrong with it, in one line.
public struct DataFileError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let problem: String
    public init(path: String, problem: String) { (self.path, self.problem) = (path, problem) }
    public var description: String { "\(path): \(problem)" }
}

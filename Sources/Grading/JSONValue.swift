import Foundation

/// A parsed JSON document. Numbers are `Double`s; `NaN`, `Infinity` and `-Infinity` (which Python's
/// `json.dump` writes by default, and which JSON does not have) are read as numbers so that a
/// checker can call them wrong by name rather than fail on the file.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// "an object", "a number", … for messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let x): x.isNaN ? "NaN" : x.isInfinite ? (x > 0 ? "Infinity" : "-Infinity") : "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Parses `data` as UTF-8 JSON; a syntax error names its line and column.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(data))
        return try parser.document()
    }
}

/// Where a JSON text stops being JSON, and what was expected there.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    public var line: Int, column: Int, message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A recursive-descent reader of RFC 8259 JSON (plus the three non-finite number words).
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    /// Deeper nesting than this is refused rather than risking the stack.
    static let maximumDepth = 64

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }          // a UTF-8 byte-order mark
        skipSpace()
        let value = try self.value(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw error("expected the end of the file after the top-level value") }
        return value
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        guard index < bytes.count else { throw error("expected a value, found the end of the file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "N"): try word("NaN"); return .number(.nan)
        case UInt8(ascii: "I"): try word("Infinity"); return .number(.infinity)
        case UInt8(ascii: "-") where bytes[index...].starts(with: Array("-Infinity".utf8)):
            try word("-Infinity"); return .number(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value (object, array, string, number, true, false or null), found \(found)")
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw error("expected a key in double quotes, found \(found)") }
            let key = try string()
            if members[key] != nil { throw error("the key \"\(key)\" appears twice in one object") }
            skipSpace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key \"\(key)\", found \(found)") }
            index += 1
            skipSpace()
            members[key] = try value(depth: depth + 1)
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
            throw error("expected ',' or '}' in an object, found \(found)")
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
            throw error("expected ',' or ']' in an array, found \(found)")
        }
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        var utf16: [UInt16] = []
        var raw: [UInt8] = []
        func flushRaw() { utf16.append(contentsOf: String(decoding: raw, as: UTF8.self).utf16); raw.removeAll() }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flushRaw()
                return String(decoding: utf16, as: UTF16.self)
            case UInt8(ascii: "\\"):
                flushRaw()
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf16.append(UInt16(escape))
                case UInt8(ascii: "b"): utf16.append(8)
                case UInt8(ascii: "f"): utf16.append(12)
                case UInt8(ascii: "n"): utf16.append(10)
                case UInt8(ascii: "r"): utf16.append(13)
                case UInt8(ascii: "t"): utf16.append(9)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count, let unit = UInt16(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
                        throw error("expected four hex digits after \\u")
                    }
                    utf16.append(unit)
                    index += 4
                default: index -= 1; throw error("unknown escape \\\(Character(Unicode.Scalar(escape)))")
                }
            case 0..<0x20:
                index -= 1
                throw error("a control character (code \(byte)) inside a string; write it as an escape such as \\n")
            default: raw.append(byte)
            }
        }
        throw error("a string is not closed before the end of the file")
    }

    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        let allowed = Set("+-0123456789.eE".utf8)
        while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let grammar = #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#
        guard text.range(of: grammar, options: .regularExpression) != nil, let value = Double(text) else {
            index = start
            throw error("'\(text)' is not a JSON number")
        }
        return value
    }

    mutating func word(_ text: String) throws(JSONSyntaxError) {
        let expected = Array(text.utf8)
        guard bytes[index...].starts(with: expected) else { throw error("expected \(text), found \(found)") }
        index += expected.count
    }

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    /// The next character, for messages: a printable ASCII character quoted, anything else by its
    /// byte value — a submission's raw bytes are never echoed.
    var found: String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        return (0x21...0x7E).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : String(format: "the byte 0x%02x", byte)
    }

    /// An error at the current position: 1-based line and column.
    func error(_ message: String) -> JSONSyntaxError {
        let before = bytes[..<min(index, bytes.count)]
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).count + 1
        return JSONSyntaxError(line: line, column: column, message: message)
    }
}

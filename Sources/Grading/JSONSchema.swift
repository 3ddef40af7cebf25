import Foundation

/// A JSON Schema (draft 2020-12), restricted to the keywords the course's published schemas use:
/// `type`, `const`, `pattern`, `minLength`, `minimum`, `minItems`, `items`, `required`,
/// `properties` and `additionalProperties`. Loading a schema with any other validation keyword
/// fails, so a schema can never say more than this checker enforces.
///
/// The grader checks every submitted `results.json` against `Assets/Schema/results.schema.json`
/// with this type: the published file is the rule, not a description of it.
public struct JSONSchema: Sendable {
    let root: JSONValue

    static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "examples"]
    static let keywords: Set<String> = ["type", "const", "pattern", "minLength", "minimum", "minItems", "items",
                                        "required", "properties", "additionalProperties"]

    /// Reads a schema, refusing keywords this checker does not implement.
    public init(_ data: Data, name: String) throws {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw GradingError("\(name): \(error)") }
        try Self.checkKeywords(value, at: "", in: name)
        root = value
    }

    static func checkKeywords(_ schema: JSONValue, at pointer: String, in name: String) throws {
        guard case .object(let members) = schema else { throw GradingError("\(name)\(pointer): a schema must be an object") }
        for (key, sub) in members {
            guard annotations.contains(key) || keywords.contains(key) else {
                throw GradingError("\(name)\(pointer): the keyword \"\(key)\" is not supported by this checker")
            }
            switch key {
            case "items": try checkKeywords(sub, at: "\(pointer)/items", in: name)
            case "additionalProperties": if case .object = sub { try checkKeywords(sub, at: "\(pointer)/additionalProperties", in: name) }
            case "properties":
                guard case .object(let properties) = sub else { throw GradingError("\(name)\(pointer)/properties: must be an object") }
                for (property, schema) in properties { try checkKeywords(schema, at: "\(pointer)/properties/\(property)", in: name) }
            default: break
            }
        }
    }

    /// Every way `value` breaks the schema, each as "/json/pointer: what is wrong" (empty: valid).
    public func problems(in value: JSONValue) -> [String] {
        var problems: [String] = []
        Self.check(value, against: root, at: "", into: &problems)
        return problems
    }

    static func check(_ value: JSONValue, against schema: JSONValue, at pointer: String, into problems: inout [String]) {
        let here = pointer.isEmpty ? "/" : pointer
        if let expected = schema["const"], value != expected {
            problems.append("\(here): must be \(describe(expected)), found \(describe(value))")
            return
        }
        if case .string(let type) = schema["type"], let problem = typeProblem(value, type) {
            problems.append("\(here): expected \(type == "integer" ? "an integer" : type == "array" || type == "object" ? "an \(type)" : "a \(type)"), found \(problem)")
            return
        }
        switch value {
        case .string(let text): checkString(text, schema, here, &problems)
        case .number(let x):
            if case .number(let minimum) = schema["minimum"], x < minimum { problems.append("\(here): must be at least \(format(minimum)), found \(format(x))") }
        case .array(let items):
            if case .number(let least) = schema["minItems"], Double(items.count) < least {
                problems.append("\(here): needs at least \(format(least)) item\(least == 1 ? "" : "s"), found \(items.count)")
            }
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() { check(item, against: itemSchema, at: "\(pointer)/\(i)", into: &problems) }
            }
        case .object(let members): checkObject(members, schema, pointer, &problems)
        default: break
        }
    }

    static func checkString(_ text: String, _ schema: JSONValue, _ here: String, _ problems: inout [String]) {
        if case .number(let least) = schema["minLength"], Double(text.count) < least { problems.append("\(here): must not be empty") }
        if case .string(let pattern) = schema["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(here): \(describe(.string(text))) does not match the pattern \(pattern)")
        }
    }

    static func checkObject(_ members: [String: JSONValue], _ schema: JSONValue, _ pointer: String, _ problems: inout [String]) {
        if case .array(let required) = schema["required"] {
            for case .string(let key) in required where members[key] == nil {
                problems.append("\(pointer.isEmpty ? "/" : pointer): the key \"\(key)\" is missing")
            }
        }
        let properties: [String: JSONValue]
        if case .object(let declared) = schema["properties"] { properties = declared } else { properties = [:] }
        for key in members.keys.sorted() {
            let child = "\(pointer)/\(escapePointer(key))"
            if let propertySchema = properties[key] {
                check(members[key]!, against: propertySchema, at: child, into: &problems)
            } else if case .bool(false) = schema["additionalProperties"] {
                problems.append("\(child): unknown key (the format has: \(properties.keys.sorted().joined(separator: ", ")))")
            } else if let extra = schema["additionalProperties"], case .object = extra {
                check(members[key]!, against: extra, at: child, into: &problems)
            }
        }
    }

    /// Why `value` is not of JSON Schema type `type`, or nil when it is.
    static func typeProblem(_ value: JSONValue, _ type: String) -> String? {
        switch (type, value) {
        case ("number", .number(let x)), ("integer", .number(let x)):
            if !x.isFinite { return "\(value.kindName) (JSON has no NaN or Infinity; Python's json.dump writes them unless allow_nan=False)" }
            return type == "integer" && x.rounded() != x ? "\(format(x))" : nil
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null): return nil
        default: return value.kindName
        }
    }

    /// A short rendering of a value for messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text.count > 60 ? text.prefix(57) + "…" : text)\""
        case .number(let x): format(x)
        case .bool(let b): "\(b)"
        default: value.kindName
        }
    }

    static func format(_ x: Double) -> String { x.isFinite && x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }

    /// RFC 6901: "~" → "~0", "/" → "~1".
    static func escapePointer(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

/// A problem with a rubric, a reference or a submission, said in one line.
public struct GradingError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

import FileIO
import Foundation

/// How one lesson is graded: `Assets/Rubrics/<lesson>.json`.
///
/// Each item names one thing in the submitted `results.json` (a scalar, a matrix, a curve or a
/// setting) or one figure file, and how many points it is worth. A number matches when
///
///     |yours − reference| ≤ max(absolute, relative · |reference|)
///
/// (for a matrix or a curve: every entry does, and the shapes are the reference's).
public struct Rubric: Codable, Sendable {
    public static let format = "lifelong-rubric/1"

    public var rubric: String
    public var lesson: String
    public var items: [Item]

    public struct Item: Codable, Sendable {
        /// Unique within the rubric; the gradebook column is `lesson:id`.
        public var id: String
        /// What the feedback page calls it.
        public var label: String
        public var points: Double
        /// Exactly one of these says what is graded.
        public var scalar: String?, matrix: String?, curve: String?, setting: String?, figure: String?
        public var absolute: Double?, relative: Double?
        /// For a matrix: `all` (the default) or `row>column`, only the entries below the diagonal.
        public var entries: String?

        public enum Target: Sendable { case scalar(String), matrix(String), curve(String), setting(String), figure(String) }

        public var target: Target? {
            let targets: [Target?] = [scalar.map(Target.scalar), matrix.map(Target.matrix), curve.map(Target.curve),
                                      setting.map(Target.setting), figure.map(Target.figure)]
            let given = targets.compactMap { $0 }
            return given.count == 1 ? given[0] : nil
        }

        /// The allowed difference from `reference`.
        public func tolerance(around reference: Double) -> Double { max(absolute ?? 0, (relative ?? 0) * abs(reference)) }
    }

    /// Reads and checks `<folder>/<lesson>.json`.
    public static func load(_ url: URL) throws -> Rubric {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw GradingError("\(url.path) cannot be read: \(error.localizedDescription)") }
        return try decode(data, path: url.path)
    }

    /// Parses and checks a rubric's bytes (`path` names it in messages).
    public static func decode(_ data: Data, path: String) throws -> Rubric {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let rubric: Rubric
        do { rubric = try JSONDecoder().decode(Rubric.self, from: data) } catch let error as DecodingError {
            throw GradingError("\(path): \(describe(error))")
        } catch {
            throw GradingError("\(path) cannot be read: \(error.localizedDescription)")
        }
        guard rubric.rubric == format else { throw GradingError("\(name): \"rubric\" must be \"\(format)\", found \"\(rubric.rubric)\"") }
        var seen: Set<String> = []
        for (n, item) in rubric.items.enumerated() {
            let at = "\(name): item \(n + 1) (\"\(item.id)\")"
            guard seen.insert(item.id).inserted else { throw GradingError("\(at): the id is used twice") }
            guard let target = item.target else { throw GradingError("\(at): needs exactly one of scalar, matrix, curve, setting, figure") }
            guard item.points.isFinite, item.points >= 0 else { throw GradingError("\(at): points must be a number ≥ 0") }
            for tolerance in [item.absolute, item.relative].compactMap({ $0 }) where !(tolerance.isFinite && tolerance >= 0) {
                throw GradingError("\(at): a tolerance must be a number ≥ 0")
            }
            if let entries = item.entries {
                guard case .matrix = target, ["all", "row>column"].contains(entries) else {
                    throw GradingError("\(at): \"entries\" applies to a matrix and is \"all\" or \"row>column\"")
                }
            }
            if case .figure(let path) = target, let problem = SubmissionFolder.pathProblem(path) { throw GradingError("\(at): \(problem)") }
        }
        return rubric
    }

    /// Every `*.json` rubric in `folder`, in file-name order.
    public static func loadAll(from folder: URL) throws -> [Rubric] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw GradingError("\(folder.path): no such rubrics folder")
        }
        let rubrics = try names.filter { $0.hasSuffix(".json") }.sorted().map { try load(folder.appendingPathComponent($0)) }
        guard !rubrics.isEmpty else { throw GradingError("\(folder.path) holds no rubrics (*.json)") }
        return rubrics
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "item \($0 + 1)" } ?? $0.stringValue }.joined(separator: " → ")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)) is missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
        @unknown default: return "\(error)"
        }
    }
}

/// Where the course's `Assets` folder is: `$LIFELONG_ASSETS`, else the package this tool was built
/// in, else `./Assets`.
public func courseAssetsFolder() -> URL {
    if let folder = ProcessInfo.processInfo.environment["LIFELONG_ASSETS"], !folder.isEmpty {
        return URL(fileURLWithPath: folder, isDirectory: true)
    }
    return packageFolder()?.appendingPathComponent("Assets") ?? URL(fileURLWithPath: "Assets", isDirectory: true)
}

import Foundation

/// A student's folder, read as data only: files are opened by relative paths that must stay inside
/// the folder (no absolute paths, no `..`, no symbolic links anywhere on the way), must be regular
/// files, and may not be larger than a cap. Nothing in it is ever executed.
public struct SubmissionFolder: Sendable {
    public let root: URL

    /// Caps per file: `results.json` is a few kilobytes; a figure a few hundred.
    public static let resultsLimit = 1 << 20
    public static let figureLimit = 16 << 20

    /// The folder itself must be a real directory, not a link to one.
    public init(_ root: URL) throws {
        self.root = root.standardizedFileURL
        switch Self.kind(of: self.root.path) {
        case .directory: break
        case .symlink: throw GradingError("\(root.lastPathComponent) is a symbolic link, not a folder: refused")
        case .missing: throw GradingError("\(root.path) does not exist")
        default: throw GradingError("\(root.lastPathComponent) is not a folder")
        }
    }

    enum Kind { case missing, file, directory, symlink, other }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// Why `relative` may not be opened, or nil when it may.
    public static func pathProblem(_ relative: String) -> String? {
        if relative.isEmpty { return "an empty path" }
        if relative.hasPrefix("/") { return "'\(relative)' is an absolute path; paths must be relative to the submission folder" }
        if relative.contains("\0") || relative.contains("\\") { return "'\(relative)' contains a character not allowed in a path" }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0 == ".." }) { return "'\(relative)' leaves the submission folder (..)" }
        if parts.contains(where: { $0.isEmpty || $0 == "." }) { return "'\(relative)' is not a plain relative path" }
        return nil
    }

    /// Whether a regular file is at `relative` (every step checked as in `read`).
    public func fileExists(_ relative: String) -> Bool { (try? check(relative)) != nil }

    /// The bytes at `relative`, at most `limit` of them.
    public func read(_ relative: String, limit: Int) throws -> Data {
        let (url, size) = try check(relative)
        guard size <= limit else {
            throw GradingError("\(relative) is \(size) bytes, more than the \(limit)-byte limit for this file")
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw GradingError("\(relative) cannot be read") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else { throw GradingError("\(relative) grew past the \(limit)-byte limit while being read") }
        return data
    }

    /// The file's URL and size, after checking every component of the path.
    func check(_ relative: String) throws -> (URL, Int) {
        if let problem = Self.pathProblem(relative) { throw GradingError(problem) }
        var url = root
        let parts = relative.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated() {
            url.appendPathComponent(part)
            let isLast = i == parts.count - 1
            switch Self.kind(of: url.path) {
            case .missing: throw GradingError("\(relative) is missing")
            case .symlink: throw GradingError("\(parts[0...i].joined(separator: "/")) is a symbolic link: refused (a submission holds files, not links)")
            case .directory where !isLast: continue
            case .file where isLast:
                var info = stat()
                guard lstat(url.path, &info) == 0 else { throw GradingError("\(relative) cannot be read") }
                guard info.st_nlink <= 1 else {       // a hard link can point anywhere on the disk
                    throw GradingError("\(relative) has \(info.st_nlink) hard links: refused (a submission's files must be its own, not links)")
                }
                return (url, Int(info.st_size))
            default: throw GradingError("\(parts[0...i].joined(separator: "/")) is not a \(isLast ? "regular file" : "folder")")
            }
        }
        throw GradingError("\(relative) is not a file")
    }

    /// The real sub-folders of `folder`, sorted by name; every other entry is named with why it is
    /// not graded: links are refused (no points), hidden entries, files and devices are skipped.
    public static func subfolders(of folder: URL) throws -> (folders: [String], refused: [(name: String, reason: String)], skipped: [(name: String, reason: String)]) {
        guard kind(of: folder.standardizedFileURL.path) == .directory else {
            throw GradingError("\(folder.path) is not a folder")
        }
        var folders: [String] = [], refused: [(String, String)] = [], skipped: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let kind = kind(of: folder.appendingPathComponent(name).path)
            if name.hasPrefix(".") { skipped.append((name, "a hidden entry (its name starts with a dot)")); continue }
            switch kind {
            case .directory: folders.append(name)
            case .symlink: refused.append((name, "a symbolic link, not a folder: refused"))
            case .file: skipped.append((name, "a file, not a student's folder"))
            default: skipped.append((name, "not a regular folder (a pipe, socket or device)"))
            }
        }
        return (folders, refused, skipped)
    }
}

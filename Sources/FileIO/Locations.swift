import Foundation

/// The folder of the running executable, links resolved (e.g. `.build/<triple>/release/`):
/// where the lessons' executables sit beside the `lifelong` tool.
public func executableFolder() -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
}

/// The package folder this executable was built in (`<package>/.build/<triple>/<configuration>/`),
/// or nil for an executable that lives elsewhere.
public func packageFolder() -> URL? {
    let binaries = executableFolder()
    guard let range = binaries.path.range(of: "/.build/") else { return nil }
    let root = URL(fileURLWithPath: String(binaries.path[..<range.lowerBound]), isDirectory: true)
    return FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) ? root : nil
}

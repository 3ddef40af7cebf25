import Foundation

/// Where data lives: `--data DIR` on the command line, else the `LIFELONG_DATA` environment
/// variable, else a cache folder, `$XDG_CACHE_HOME/lifelong` or `~/.cache/lifelong`.
public enum DataLocation {
    /// `--data builtin`: use the built-in synthetic digits even when MNIST is on disk.
    public static let builtin = "builtin"

    /// The data folder to use.
    public static func root(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let option, !option.isEmpty { return URL(fileURLWithPath: option, isDirectory: true) }
        if let variable = environment["LIFELONG_DATA"], !variable.isEmpty { return URL(fileURLWithPath: variable, isDirectory: true) }
        return defaultCache(environment: environment)
    }

    /// The cache folder used when neither `--data` nor `LIFELONG_DATA` is given.
    public static func defaultCache(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("lifelong", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".cache/lifelong", isDirectory: true)
    }

    /// The folder under `root` that holds MNIST: `root` itself or `root/mnist`; nil if neither does.
    public static func mnistFolder(in root: URL) -> URL? {
        [root, root.appendingPathComponent("mnist", isDirectory: true)].first { MNIST.hasFiles(in: $0) }
    }
}

import Foundation

/// "SIGSEGV" for 11, and so on for the signals a crashing or stopped program gets.
public func signalName(_ number: Int32) -> String {
    let names: [Int32: String] = [SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT",
                                  SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM"]
    return names[number] ?? "signal \(number)"
}

/// The lines of a failed lesson's output that say what went wrong: for a crash, what it was
/// doing last and the crash's one-line cause ("Program crashed: Illegal instruction", "Fatal
/// error: …"), without the backtrace and register dump; for an error, the error; else its last lines.
public func errorSummary(_ log: String, lines count: Int = 12) -> String {
    let lines = log.split(separator: "\n").map { String($0) }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    let noise = try! NSRegularExpression(pattern: #"^\s*([a-z][a-z0-9]{1,6}\s+0x[0-9a-f]+|\d+\s+(0x[0-9a-f]+|\[)|0x[0-9a-f]+\s|\.\.\.$|Registers:|Images|Backtrace|Platform:|Thread \d|\*\*\* Signal)"#)
    func isNoise(_ line: String) -> Bool { noise.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil }
    if let crash = lines.firstIndex(where: { $0.contains("Program crashed") || $0.contains("Fatal error") }) {
        let before = lines[..<crash].filter { !isNoise($0) && !$0.hasPrefix("***") }.suffix(3)
        let cause = lines[crash...].filter { $0.contains("Fatal error") || $0.contains("Program crashed") }.prefix(2)
            .map { $0.replacingOccurrences(of: "***", with: "").trimmingCharacters(in: .whitespaces) }
        return (before + cause).joined(separator: "\n")
    }
    if let error = lines.firstIndex(where: { $0.hasPrefix("Error:") || $0.contains("error:") }) {
        return lines[error...].filter { !isNoise($0) }.prefix(4).joined(separator: "\n")
    }
    return lines.filter { !isNoise($0) }.suffix(count).joined(separator: "\n")
}

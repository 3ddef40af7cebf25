import Foundation

/// The width of a page's content at a given window width, measured by headless Chromium, or nil
/// when Chromium is not installed (the tests that use it then say they were skipped).
public func renderedPageWidth(_ page: URL, windowWidth: Int) throws -> Int? {
    guard let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    // A copy of the page that writes its scroll width into the DOM, which --dump-dom prints. Headless
    // Chromium's window is at least 500 px wide, so the page itself is held to `windowWidth` (the
    // narrow-screen styles already apply below 600 px): anything wider overflows and shows.
    let probe = page.deletingLastPathComponent().appendingPathComponent(".width-probe-\(UUID().uuidString).html")
    defer { try? FileManager.default.removeItem(at: probe) }
    let html = try String(contentsOf: page, encoding: .utf8)
        .replacingOccurrences(of: "</head>", with: "<style>html { width: \(windowWidth)px; }</style></head>")
        .replacingOccurrences(of: "</body>", with: "<script>document.body.setAttribute('data-scroll-width', document.body.scrollWidth)</script></body>")
    try html.write(to: probe, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(windowWidth),900", "--dump-dom", probe.absoluteString]
    let pipe = Pipe()
    (process.standardOutput, process.standardError) = (pipe, FileHandle.nullDevice)
    try process.run()
    let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard let range = dom.range(of: #"data-scroll-width="([0-9]+)""#, options: .regularExpression) else { return nil }
    return Int(dom[range].filter(\.isNumber))
}

/// Runs a program to its end and returns its exit status and everything it printed (both streams).
public func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    (process.standardOutput, process.standardError) = (pipe, pipe)
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The environment of the lessons' tests: no MNIST anywhere, so lessons use the built-in digits.
public var builtinDigitsEnvironment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["LIFELONG_DATA"] = nil
    environment["XDG_CACHE_HOME"] = "/nonexistent-lifelong-cache"
    return environment
}

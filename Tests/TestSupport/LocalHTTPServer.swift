import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.0 server on 127.0.0.1 for download tests: no real network. It serves `routes`
/// (path → behaviour) on an ephemeral port, each connection on a thread of its own,
/// and stops when the test calls `stop()` (or after `maxConnections`).
public final class LocalHTTPServer: @unchecked Sendable {
    /// What a path answers.
    public enum Behaviour: Sendable {
        /// 200 with these bytes.
        case serve(Data)
        /// 200 promising the full length, but the connection closes after `sentBytes`.
        case cutAfter(Data, sentBytes: Int)
        /// This status with an empty body.
        case status(Int)
        /// 200 promising `data`, then one byte every `interval` seconds (a server that drips).
        case drip(Data, interval: TimeInterval)
        /// Reads the request and never answers (until the client gives up or 60 s pass).
        case silent
        /// 200 with no length, then bytes without end (until the client hangs up or 60 s pass), 64 KiB
        /// a millisecond: faster than any mirror, and paced because an unpaced flood on loopback
        /// (gigabytes a second) outruns FoundationNetworking's cancellation of the transfer.
        case endless
    }

    public let port: UInt16
    private let listener: Int32
    private let routes: [String: Behaviour]
    private let thread: Thread?
    private var stopped = false

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init(routes: [String: Behaviour], maxConnections: Int = 64) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRNOTAVAIL) }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        thread = Thread {
            for _ in 0..<maxConnections {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                Thread.detachNewThread {                 // each connection on its own: a silent one blocks no other
                    LocalHTTPServer.answer(client, routes)
                    close(client)
                }
            }
        }
        thread?.start()
    }

    /// Closes the listening socket, which ends the serving thread.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private static func answer(_ client: Int32, _ routes: [String: Behaviour]) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(client, &buffer, buffer.count)
        guard n > 0 else { return }
        let request = String(decoding: buffer[0..<n], as: UTF8.self)
        let path = request.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        func send(_ bytes: [UInt8]) { bytes.withUnsafeBytes { _ = Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        switch routes[path] ?? .status(404) {
        case .serve(let data):
            send(Array("HTTP/1.0 200 OK\r\nContent-Length: \(data.count)\r\nConnection: close\r\n\r\n".utf8) + [UInt8](data))
        case .cutAfter(let data, let sent):
            send(Array("HTTP/1.0 200 OK\r\nContent-Length: \(data.count)\r\nConnection: close\r\n\r\n".utf8) + [UInt8](data.prefix(sent)))
        case .status(let code):
            send(Array("HTTP/1.0 \(code) Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
        case .drip(let data, let interval):
            send(Array("HTTP/1.0 200 OK\r\nContent-Length: \(data.count)\r\nConnection: close\r\n\r\n".utf8))
            for byte in data where !clientLeft(client, within: interval) { send([byte]) }
        case .silent:
            for _ in 0..<600 where !clientLeft(client, within: 0.1) {}
        case .endless:
            send(Array("HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n".utf8))
            let chunk = [UInt8](repeating: 0x41, count: 64 << 10), start = Date()
            while Date().timeIntervalSince(start) < 60 {
                let n = chunk.withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                usleep(1000)
            }
        }
    }

    /// Waits up to `seconds` for the client to close its end; true if it did.
    private static func clientLeft(_ client: Int32, within seconds: TimeInterval) -> Bool {
        var fds = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, Int32(seconds * 1000)) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(client, &byte, 1, Int32(MSG_PEEK)) <= 0
    }
}

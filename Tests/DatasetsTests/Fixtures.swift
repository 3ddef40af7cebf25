import Datasets
import Foundation

/// A fresh temporary folder for one test.
func temporaryFolder(_ label: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-\(label)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `data` compressed by the system's gzip (Debian's essential `gzip` package).
func gzipped(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let result = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return result
}

/// A tiny MNIST-shaped data set: `n` images whose pixel values encode their index, labels i % 10.
func tinyMNIST(_ n: Int) -> (images: IDXArray, labels: IDXArray) {
    let pixels: [UInt8] = (0..<(n * 784)).map { (i: Int) -> UInt8 in UInt8((i / 784 * 20 + i % 7) % 256) }
    let labels: [UInt8] = (0..<n).map { (i: Int) -> UInt8 in UInt8(i % 10) }
    return (IDXArray(dimensions: [n, 28, 28], bytes: pixels), IDXArray(dimensions: [n], bytes: labels))
}

/// Writes tiny MNIST files (gzip-compressed if asked) into `folder`.
func writeTinyMNIST(to folder: URL, train: Int = 20, test: Int = 10, compressed: Bool = true) throws {
    let sets = [("train", tinyMNIST(train)), ("t10k", tinyMNIST(test))]
    for (prefix, set) in sets {
        for (kind, array) in [("images-idx3-ubyte", set.images), ("labels-idx1-ubyte", set.labels)] {
            let data = compressed ? try gzipped(array.encoded()) : array.encoded()
            try data.write(to: folder.appendingPathComponent("\(prefix)-\(kind)" + (compressed ? ".gz" : "")))
        }
    }
}

/// `../shared/data/mnist` beside the package, where CI keeps the official files.
let sharedMNIST = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/mnist")

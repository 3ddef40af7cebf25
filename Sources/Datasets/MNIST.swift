import FileIO
import Foundation

/// The MNIST handwritten digits (LeCun, Cortes & Burges): 60,000 training and 10,000 test images,
/// 28×28, in four IDX files, read raw or gzip-compressed.
public enum MNIST {
    /// One of the four official files and its published checksums.
    public struct File: Sendable {
        public let name: String
        public let md5: String
        public let sha256: String
        /// The `.gz` file's size in bytes, when published: a download is cut off past it.
        public let size: Int?

        public init(name: String, md5: String, sha256: String, size: Int? = nil) { (self.name, self.md5, self.sha256, self.size) = (name, md5, sha256, size) }

        /// The most bytes a download of this file may bring: its size, or 64 MiB when unknown.
        public var maxBytes: Int { size ?? 64 << 20 }
    }

    /// The official files, with the checksums of their `.gz` forms.
    public static let files: [File] = [
        File(name: "train-images-idx3-ubyte", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873",
             sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", size: 9912422),
        File(name: "train-labels-idx1-ubyte", md5: "d53e105ee54ea40749a09fcbcd1e9432",
             sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", size: 28881),
        File(name: "t10k-images-idx3-ubyte", md5: "9fb629c4189551a2d022fa330f9573f3",
             sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", size: 1648877),
        File(name: "t10k-labels-idx1-ubyte", md5: "ec29112dd5afa0611ce80d1b7f02629c",
             sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", size: 4542),
    ]

    /// The path of `name` in `folder`, compressed (`.gz`) or not; nil if neither exists.
    static func path(_ name: String, in folder: URL) -> URL? {
        [name + ".gz", name].map { folder.appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Whether `folder` holds all four files.
    public static func hasFiles(in folder: URL) -> Bool { files.allSatisfy { path($0.name, in: folder) != nil } }

    /// Reads the training and test sets from `folder`.
    /// - Throws: `DataFileError` naming the file and the problem (missing, corrupt, wrong shape,
    ///   image and label counts that differ, a label outside 0...9).
    public static func load(from folder: URL) throws -> (train: DigitSet, test: DigitSet, identity: DatasetIdentity) {
        var digests: [String] = []
        func read(_ name: String) throws -> (IDXArray, URL) {
            guard let url = path(name, in: folder) else {
                throw DataFileError(path: folder.appendingPathComponent(name + ".gz").path, problem: "is missing (run `lifelong download mnist`)")
            }
            digests.append("\(url.lastPathComponent)=\(try SHA256.hex(Data(contentsOf: url)))")
            return (try IDXArray.read(from: url), url)
        }
        let train = try set(images: read("train-images-idx3-ubyte"), labels: read("train-labels-idx1-ubyte"))
        let test = try set(images: read("t10k-images-idx3-ubyte"), labels: read("t10k-labels-idx1-ubyte"))
        let identity = DatasetIdentity(name: "MNIST", source: folder.path, checksum: "sha256 " + digests.joined(separator: " "),
                                       size: train.count + test.count)
        return (train, test, identity)
    }

    /// Checks one images/labels pair and turns it into a `DigitSet` with pixels scaled to [0, 1].
    static func set(images: (IDXArray, URL), labels: (IDXArray, URL)) throws -> DigitSet {
        let (img, imgURL) = images, (lab, labURL) = labels
        guard img.dimensions.count == 3, img.dimensions[1] == 28, img.dimensions[2] == 28 else {
            throw DataFileError(path: imgURL.path, problem: "holds an array of \(img.dimensions) values; MNIST images are [count, 28, 28]")
        }
        guard lab.dimensions.count == 1 else {
            throw DataFileError(path: labURL.path, problem: "holds an array of \(lab.dimensions) values; MNIST labels are [count]")
        }
        guard img.dimensions[0] == lab.dimensions[0] else {
            throw DataFileError(path: labURL.path, problem: "has \(lab.dimensions[0]) labels for the \(img.dimensions[0]) images in \(imgURL.lastPathComponent)")
        }
        if let bad = lab.bytes.firstIndex(where: { $0 > 9 }) {
            throw DataFileError(path: labURL.path, problem: "label \(lab.bytes[bad]) at index \(bad) is outside 0...9")
        }
        return DigitSet(images: img.bytes.map { Float($0) / 255 }, labels: lab.bytes.map(Int.init))
    }
}

import Datasets
import Foundation
import Testing

/// Files built to break the loader: each must give a one-line error naming the file, quickly and
/// in little memory — never a trap.
@Suite("Hostile data files")
struct HostileDataTests {
    /// Dimensions whose product overflows (0xFFFFFFFF three times) or exceeds any MNIST file.
    @Test func dimensionsThatOverflowAreRefused() {
        var header: [UInt8] = [0, 0, 0x08, 3]
        for _ in 0..<3 { header += [0xFF, 0xFF, 0xFF, 0xFF] }
        let error = #expect(throws: DataFileError.self) { try IDXArray.parse(Data(header), path: "huge.idx") }
        #expect(error?.description == "huge.idx: header promises dimensions 4294967295×4294967295×4294967295, more than 256 MiB of data (not an MNIST file)")
        let rankZero = #expect(throws: DataFileError.self) { try IDXArray.parse(Data([0, 0, 0x08, 0]), path: "r0.idx") }
        #expect(rankZero?.problem.contains("rank 0") == true)
    }

    /// A 50 MB stream of zeros behind a header that promises 784 bytes, gzipped to ~50 kB: refused
    /// after the first megabyte, not after inflating it all.
    @Test func aGzipBombStopsAtWhatItsHeaderPromises() throws {
        let folder = temporaryFolder("bomb")
        var bytes = IDXArray(dimensions: [1, 28, 28], bytes: [UInt8](repeating: 0, count: 784)).encoded()
        bytes.append(Data(count: 50 << 20))
        let url = folder.appendingPathComponent("bomb.gz")
        try gzipped(bytes).write(to: url)
        let error = #expect(throws: DataFileError.self) { try IDXArray.read(from: url) }
        #expect(error?.problem.contains("inflates to more than the 800 bytes its header promises") == true, "\(String(describing: error))")
        // Not an IDX file at all inside the gzip: refused on its first bytes.
        let text = folder.appendingPathComponent("text.gz")
        try gzipped(Data(repeating: 0x41, count: 10 << 20)).write(to: text)
        let wrong = #expect(throws: DataFileError.self) { try IDXArray.read(from: text) }
        #expect(wrong?.problem.contains("wrong magic number") == true)
    }

    /// One image and zero images are valid files; the data set built from them is refused or the
    /// lesson says why it cannot train — tested end to end in LessonTests.
    @Test func zeroImagesIsAnErrorNotAnEmptyDataSet() throws {
        let folder = temporaryFolder("zero")
        try writeTinyMNIST(to: folder, train: 0, test: 5)
        let error = #expect(throws: DataFileError.self) { try DigitData.load(dataOption: folder.path, seed: 1, environment: [:]) }
        #expect(error?.problem.contains("no training images") == true, "\(String(describing: error))")
    }
}

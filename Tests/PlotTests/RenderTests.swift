import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Plot
import PlotCairo
import Report
import Testing

func tempFolder(_ label: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-\(label)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("Cairo files")
struct RenderTests {
    /// Every gallery figure in every format: well-formed, the right size, and the same bytes twice.
    @Test(arguments: Gallery.figures().map(\.name))
    func filesAreWellFormedAndDeterministic(name: String) throws {
        let figure = Gallery.figures().first { $0.name == name }!.figure
        let a = tempFolder("render-a"), b = tempFolder("render-b")
        let files = try figure.write(to: a, name: name)
        try figure.write(to: b, name: name)
        for format in FigureFormat.allCases {
            let first = try Data(contentsOf: files[format]!)
            let second = try Data(contentsOf: b.appendingPathComponent(name + format.suffix))
            #expect(first == second, "\(name)\(format.suffix) differs between two renders")
        }
        let png = try Data(contentsOf: files[.png]!), png2x = try Data(contentsOf: files[.png2x]!)
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func size(_ d: Data) -> (Int, Int) { (d[16..<20].reduce(0) { $0 << 8 | Int($1) }, d[20..<24].reduce(0) { $0 << 8 | Int($1) }) }
        #expect(size(png) == (1280, 720) && size(png2x) == (2560, 1440))
        let pdf = try Data(contentsOf: files[.pdf]!)
        let pdfText = String(decoding: pdf, as: UTF8.self)
        #expect(pdfText.hasPrefix("%PDF-") && pdfText.contains("%%EOF"))
        #expect(pdfText.contains("/CreationDate (20210101000000Z)"))   // pinned dates (Cairo 1.16 omits "D:")
        #expect(pdfText.contains("/FontFile"))                        // fonts embedded
        let svg = try Data(contentsOf: files[.svg]!)
        let parser = XMLParser(data: svg)
        #expect(parser.parse(), "\(name).svg is not well-formed XML")
        #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }
}

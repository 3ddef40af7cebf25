import CCairo
import Foundation
import PlotCairo
import Testing

@Suite("PNG encoder")
struct PNGEncoderTests {
    /// Our PNG writer read back by libpng (through Cairo): every pixel of an opaque image exactly,
    /// RGB; with transparency, RGBA, alpha exact and colour within the rounding of
    /// un-premultiplying and premultiplying again. Odd width, alpha 0…255, every filtered row.
    @Test(arguments: [false, true])
    func pixelsComeBackThroughLibpng(transparent: Bool) throws {
        let (width, height) = (37, 9)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)), pixels = cairo_image_surface_get_data(surface)!
        func word(_ x: Int, _ y: Int) -> UInt32 {
            let a: UInt32 = transparent ? [0, 1, 77, 128, 254, 255][(x + 2 * y) % 6] : 255
            let (r, g, b) = (UInt32(x * 7 + y) % 256, UInt32(x * y * 3) % 256, UInt32(250 - x - y))
            return a << 24 | (r * a / 255) << 16 | (g * a / 255) << 8 | (b * a / 255)   // premultiplied
        }
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(pixels + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { row[x] = word(x, y) }
        }
        cairo_surface_mark_dirty(surface)

        let png = try PNGEncoder.encode(surface)
        #expect(png[25] == (transparent ? 6 : 2), "colour type: RGBA only when some pixel is not opaque")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-png-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: file) }
        try png.write(to: file)
        let read = cairo_image_surface_create_from_png(file.path)!
        defer { cairo_surface_destroy(read) }
        try #require(cairo_surface_status(read) == CAIRO_STATUS_SUCCESS, "libpng refused the file")
        #expect(cairo_image_surface_get_width(read) == Int32(width) && cairo_image_surface_get_height(read) == Int32(height))
        let readStride = Int(cairo_image_surface_get_stride(read)), readPixels = cairo_image_surface_get_data(read)!
        var worst: UInt32 = 0
        for y in 0..<height {
            let row = UnsafeRawPointer(readPixels + y * readStride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let (mine, back) = (word(x, y), row[x])
                #expect(mine >> 24 == back >> 24, "alpha at (\(x), \(y))")
                for shift: UInt32 in [0, 8, 16] {
                    let (c, d) = ((mine >> shift) & 0xFF, (back >> shift) & 0xFF)
                    worst = max(worst, c > d ? c - d : d - c)
                }
            }
        }
        #expect(worst <= (transparent ? 1 : 0), "largest colour difference \(worst)")
    }
}

import CCairo
import FileIO
import Foundation
import Plot

/// The files a figure can be written as.
public enum FigureFormat: String, CaseIterable, Sendable {
    /// PNG at 1× (1280×720 pixels for a slide-sized figure).
    case png
    /// PNG at 2× (2560×1440), for sharp slides on large screens.
    case png2x
    /// Vector PDF with the fonts embedded (subset), for print: 16 cm wide (a LaTeX \textwidth),
    /// so `\includegraphics[width=\textwidth]` keeps the text at 8–12 pt.
    case pdf
    /// SVG, for the web and for editing.
    case svg

    /// The file name suffix: `name.png`, `name@2x.png`, `name.pdf`, `name.svg`.
    public var suffix: String {
        switch self {
        case .png: ".png"
        case .png2x: "@2x.png"
        case .pdf: ".pdf"
        case .svg: ".svg"
        }
    }
}

/// A figure could not be rendered or written.
public struct RenderError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}

/// Renders draw commands with Cairo. PNG, PDF and SVG share every drawing call and differ only in
/// the surface. Text uses Cairo's font selection (DejaVu Sans by default), which also measures it.
public final class CairoRenderer: TextMeasurer {
    private let measuringSurface: OpaquePointer
    private let measuringContext: OpaquePointer
    let family: String

    /// The fixed date written into every PDF, so the same figure gives the same bytes.
    public static let pdfDate = "2021-01-01T00:00:00Z"

    /// A PDF figure's width in points: 16 cm.
    public static let pdfWidth = 16 / 2.54 * 72

    public init(fontFamily: String = Theme.slide.fontFamily) {
        family = fontFamily
        measuringSurface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        measuringContext = cairo_create(measuringSurface)
    }

    deinit {
        cairo_destroy(measuringContext)
        cairo_surface_destroy(measuringSurface)
    }

    public func width(_ text: String, size: Double, bold: Bool) -> Double {
        setFont(measuringContext, size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(measuringContext, text, &extents)
        return extents.x_advance
    }

    /// Writes `figure` to `url` in `format` (through a temporary file and a rename).
    public func write(_ figure: Figure, format: FigureFormat, to url: URL) throws {
        let commands = figure.layout(measuring: self)
        try writeAtomically(to: url) { temporary in
            let surface: OpaquePointer
            let scale = format == .png2x ? 2.0 : format == .pdf ? CairoRenderer.pdfWidth / figure.width : 1.0
            switch format {
            case .png, .png2x:
                surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((figure.width * scale).rounded()), Int32((figure.height * scale).rounded()))
            case .pdf:
                surface = cairo_pdf_surface_create(temporary.path, figure.width * scale, figure.height * scale)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, CairoRenderer.pdfDate)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, CairoRenderer.pdfDate)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "LifeLong")
                if let title = figure.title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }
            case .svg:
                surface = cairo_svg_surface_create(temporary.path, figure.width, figure.height)
            }
            defer { cairo_surface_destroy(surface) }
            let cr = cairo_create(surface)!
            cairo_scale(cr, scale, scale)
            draw(commands, on: cr)
            cairo_destroy(cr)
            if format == .png || format == .png2x {
                do { try writeFile(try CairoRenderer.pngBytes(surface, url: url), to: temporary) }      // our own write: a full disk is named as such
                catch let error as FileWriteError { throw FileWriteError(path: url.path, problem: error.problem) }
            } else {
                cairo_surface_finish(surface)
            }
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                let full = status == CAIRO_STATUS_WRITE_ERROR && CairoRenderer.freeBytes(in: url.deletingLastPathComponent()) < 1 << 20
                throw RenderError(path: url.path, problem: full ? "cannot be written: No space left on device" : String(cString: cairo_status_to_string(status)))
            }
            if format == .svg { try CairoRenderer.renumberSurfaceIDs(in: temporary) }
        }
    }

    /// The PNG encoding of an image surface, in memory (`PNGEncoder`).
    static func pngBytes(_ surface: OpaquePointer, url: URL) throws -> Data {
        do { return try PNGEncoder.encode(surface) } catch let error as PNGError { throw RenderError(path: url.path, problem: error.description) }
    }

    /// Bytes free for this user on the file system of `folder`.
    static func freeBytes(in folder: URL) -> UInt64 {
        var info = statvfs()
        return statvfs(folder.path, &info) == 0 ? UInt64(info.f_bavail) * UInt64(info.f_frsize) : .max
    }

    /// Cairo names SVG elements `surfaceN`, `imageN`, … from counters shared by the whole process,
    /// so the same figure drawn twice would differ. Renumbers each kind 1, 2, … in order of first
    /// appearance (references change with their targets).
    static func renumberSurfaceIDs(in url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"\b(surface|image|pattern|clip|mask|source)([0-9]+)\b"#)
        let ns = text as NSString
        var numbering: [String: Int] = [:], counts: [String: Int] = [:], out = "", last = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let kind = ns.substring(with: match.range(at: 1)), old = kind + ns.substring(with: match.range(at: 2))
            let new = numbering[old] ?? { counts[kind, default: 0] += 1; return counts[kind]! }()
            numbering[old] = new
            out += ns.substring(with: NSRange(location: last, length: match.range.location - last)) + "\(kind)\(new)"
            last = match.range.location + match.range.length
        }
        try (out + ns.substring(from: last)).write(to: url, atomically: false, encoding: .utf8)
    }

    // MARK: - Drawing

    func draw(_ commands: [DrawCommand], on cr: OpaquePointer) {
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        for command in commands {
            switch command {
            case .fill(let path, let color):
                trace(path, cr); setColor(cr, color); cairo_fill(cr)
            case .stroke(let path, let style):
                trace(path, cr); setColor(cr, style.color); cairo_set_line_width(cr, style.width)
                if let dash = style.dash { cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT); cairo_set_dash(cr, dash, Int32(dash.count), 0) }
                cairo_stroke(cr)
                cairo_set_dash(cr, nil, 0, 0); cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
            case .text(let run):
                text(run, cr)
            case .image(let image, let rect):
                self.image(image, rect, cr)
            case .clip(let rect):
                cairo_save(cr); trace(.rect(rect), cr); cairo_clip(cr)
            case .unclip:
                cairo_restore(cr)
            }
        }
    }

    func trace(_ path: Path, _ cr: OpaquePointer) {
        cairo_new_path(cr)
        for element in path.elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .close: cairo_close_path(cr)
            case .circle(let c, let r): cairo_new_sub_path(cr); cairo_arc(cr, c.x, c.y, r, 0, 2 * Double.pi)
            }
        }
    }

    func setColor(_ cr: OpaquePointer, _ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }

    func setFont(_ cr: OpaquePointer, size: Double, bold: Bool) {
        cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    func text(_ run: TextRun, _ cr: OpaquePointer) {
        setFont(cr, size: run.size, bold: run.bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, run.text, &extents)
        let shift = run.anchor == .start ? 0 : run.anchor == .middle ? -extents.x_advance / 2 : -extents.x_advance
        cairo_save(cr)
        cairo_translate(cr, run.at.x, run.at.y)
        cairo_rotate(cr, run.rotation)
        cairo_move_to(cr, shift, 0)
        setColor(cr, run.color)
        cairo_show_text(cr, run.text)
        cairo_restore(cr)
    }

    /// Grey pixels as an opaque image, scaled to `rect` with square (nearest) pixels.
    func image(_ image: GrayImage, _ rect: Rect, _ cr: OpaquePointer) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height))!
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for y in 0..<image.height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<image.width {
                let v = UInt32((min(max(image.pixels[y * image.width + x], 0), 1) * 255).rounded())
                row[x] = 0xFF00_0000 | v << 16 | v << 8 | v
            }
        }
        cairo_surface_mark_dirty(surface)
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}

extension Figure {
    /// Writes the figure as `folder/name.png`, `name@2x.png`, `name.pdf`, `name.svg` (or the formats
    /// asked for) and returns the files by format.
    @discardableResult
    public func write(to folder: URL, name: String, formats: [FigureFormat] = FigureFormat.allCases,
                      renderer: CairoRenderer = CairoRenderer()) throws -> [FigureFormat: URL] {
        var files: [FigureFormat: URL] = [:]
        for format in formats {
            let url = folder.appendingPathComponent(name + format.suffix)
            try renderer.write(self, format: format, to: url)
            files[format] = url
        }
        return files
    }
}

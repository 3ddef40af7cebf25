/// An sRGB colour with alpha, components in [0, 1].
public struct Color: Equatable, Hashable, Sendable, Codable {
    public var red, green, blue, alpha: Double

    public init(_ red: Double, _ green: Double, _ blue: Double, alpha: Double = 1) {
        (self.red, self.green, self.blue, self.alpha) = (red, green, blue, alpha)
    }

    /// From a hex literal such as 0x0072B2.
    public init(hex: Int, alpha: Double = 1) {
        self.init(Double(hex >> 16 & 0xff) / 255, Double(hex >> 8 & 0xff) / 255, Double(hex & 0xff) / 255, alpha: alpha)
    }

    public func withAlpha(_ a: Double) -> Color { Color(red, green, blue, alpha: a) }

    /// Relative luminance (WCAG), to choose black or white text on a coloured cell.
    public var luminance: Double {
        func lin(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : _pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * lin(red) + 0.7152 * lin(green) + 0.0722 * lin(blue)
    }

    /// `#rrggbb` for HTML and SVG.
    public var hexString: String {
        let parts = [red, green, blue].map { Int(($0 * 255).rounded()) }
        return "#" + parts.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    public static let black = Color(0, 0, 0), white = Color(1, 1, 1)
    public static let text = Color(hex: 0x1A1A1A), grid = Color(hex: 0xDDDDDD), axis = Color(hex: 0x444444)
}

/// The Okabe–Ito palette (Okabe & Ito 2008): eight colours told apart under every common form of
/// colour blindness. Series take them in order.
public enum Palette {
    public static let okabeIto: [Color] = [0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0xF0E442, 0x000000]
        .map { Color(hex: $0) }

    /// The colour of series `i`.
    public static func color(_ i: Int) -> Color { okabeIto[i % okabeIto.count] }
}

/// Sizes at the slide size of 1280×720 points, chosen to read from the back of a lecture hall.
public struct Theme: Sendable, Equatable {
    public var fontFamily = "DejaVu Sans"
    public var titleSize: Double = 34
    public var panelTitleSize: Double = 28
    public var labelSize: Double = 26
    public var tickSize: Double = 22
    public var legendSize: Double = 22
    public var annotationSize: Double = 20
    public var lineWidth: Double = 4
    public var markerSize: Double = 11
    public var padding: Double = 18

    public init() {}
    public static let slide = Theme()
}

extension String {
    func leftPadded(to n: Int, with c: Character = "0") -> String { String(repeating: c, count: max(0, n - count)) + self }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func _log10(_ x: Double) -> Double { log10(x) }

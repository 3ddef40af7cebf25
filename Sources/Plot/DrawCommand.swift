/// A point in figure coordinates: points from the top-left corner, y down.
public struct Point: Equatable, Sendable {
    public var x, y: Double
    public init(_ x: Double, _ y: Double) { (self.x, self.y) = (x, y) }
}

public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) { (self.x, self.y, self.width, self.height) = (x, y, width, height) }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public func inset(left: Double = 0, top: Double = 0, right: Double = 0, bottom: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: max(width - left - right, 1), height: max(height - top - bottom, 1))
    }
    public func intersects(_ o: Rect) -> Bool { x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY }
    public func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
}

/// Straight-line paths are all a figure needs (circles are arcs of a backend's choosing).
public enum PathElement: Equatable, Sendable {
    case move(Point), line(Point), close
    case circle(center: Point, radius: Double)
}

public struct Path: Equatable, Sendable {
    public var elements: [PathElement] = []
    public init(_ elements: [PathElement] = []) { self.elements = elements }

    public static func rect(_ r: Rect) -> Path {
        Path([.move(Point(r.x, r.y)), .line(Point(r.maxX, r.y)), .line(Point(r.maxX, r.maxY)), .line(Point(r.x, r.maxY)), .close])
    }

    public static func polyline(_ points: [Point], closed: Bool = false) -> Path {
        guard let first = points.first else { return Path() }
        return Path([.move(first)] + points.dropFirst().map { .line($0) } + (closed ? [.close] : []))
    }

    public static func segment(_ a: Point, _ b: Point) -> Path { Path([.move(a), .line(b)]) }
}

public struct StrokeStyle: Equatable, Sendable {
    public var color: Color
    public var width: Double
    public var dash: [Double]?
    public init(_ color: Color, width: Double, dash: [Double]? = nil) { (self.color, self.width, self.dash) = (color, width, dash) }
}

/// Where a text's position sits on it, horizontally.
public enum TextAnchor: Equatable, Sendable { case start, middle, end }

/// One line of text with its baseline point, size, weight and rotation (radians, clockwise).
public struct TextRun: Equatable, Sendable {
    public var text: String
    public var at: Point
    public var size: Double
    public var bold = false
    public var color: Color = .text
    public var anchor: TextAnchor = .start
    public var rotation: Double = 0
    public init(_ text: String, at: Point, size: Double, bold: Bool = false, color: Color = .text,
                anchor: TextAnchor = .start, rotation: Double = 0) {
        (self.text, self.at, self.size, self.bold, self.color, self.anchor, self.rotation) = (text, at, size, bold, color, anchor, rotation)
    }
}

/// Grey pixels in [0, 1], row by row, shown white-on-black like MNIST.
public struct GrayImage: Equatable, Sendable {
    public var width, height: Int
    public var pixels: [Float]
}

/// The whole vocabulary a backend must speak (matplotlib's renderer idea: everything is paths,
/// text and images).
public enum DrawCommand: Equatable, Sendable {
    case fill(Path, Color)
    case stroke(Path, StrokeStyle)
    case text(TextRun)
    case image(GrayImage, Rect)
    /// Clip what follows to a rectangle, until `.unclip`.
    case clip(Rect)
    case unclip
}

/// Measures text as the backend will draw it, so that layout can keep labels apart.
public protocol TextMeasurer {
    /// The advance width of `text` at `size` points.
    func width(_ text: String, size: Double, bold: Bool) -> Double
}

/// 0.6 em per character: layout tests use it instead of a font.
public struct ApproximateTextMeasurer: TextMeasurer, Sendable {
    public init() {}
    public func width(_ text: String, size: Double, bold: Bool) -> Double { Double(text.count) * size * (bold ? 0.65 : 0.6) }
}

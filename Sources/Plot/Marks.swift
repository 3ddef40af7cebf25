/// Something drawn in a panel. Every mark is a plain value; coordinates are data coordinates.
public enum Mark: Sendable {
    case line(Line)
    case band(Band)
    case scatter(Scatter)
    case bars(Bars)
    case heatmap(Heatmap)
    case contour(Contour)
    case arrow(Arrow)
    case marker(VerticalMarker)
    case images(ImageGrid)
    case text(Annotation)
}

/// The shape drawn at each point of a line or scatter.
public enum MarkerShape: Sendable, Equatable { case none, circle, square, triangle, diamond }

/// A polyline through points, optionally with markers; `label` puts it in the legend.
public struct Line: Sendable {
    public var x: [Double], y: [Double]
    public var label: String?
    public var color: Color?
    public var marker: MarkerShape = .none
    public var dashed = false
    public var width: Double?
    /// A white outline under the line, so it reads on any background (a contour, other lines).
    public var halo = false

    public init(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, marker: MarkerShape = .none,
                dashed: Bool = false, width: Double? = nil, halo: Bool = false) {
        (self.x, self.y, self.label, self.color, self.marker, self.dashed, self.width, self.halo) = (x, y, label, color, marker, dashed, width, halo)
    }
}

/// The shaded region between `lower` and `upper` (mean ± confidence interval over seeds).
public struct Band: Sendable {
    public var x: [Double], lower: [Double], upper: [Double]
    public var color: Color?
    public var label: String?
    public init(x: [Double], lower: [Double], upper: [Double], color: Color? = nil, label: String? = nil) {
        (self.x, self.lower, self.upper, self.color, self.label) = (x, lower, upper, color, label)
    }
}

public struct Scatter: Sendable {
    public var x: [Double], y: [Double]
    public var label: String?
    public var color: Color?
    public var marker: MarkerShape = .circle
    public init(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, marker: MarkerShape = .circle) {
        (self.x, self.y, self.label, self.color, self.marker) = (x, y, label, color, marker)
    }
}

/// Grouped bars: for each category (x tick i), one bar per series, with value labels.
public struct Bars: Sendable {
    public var series: [String]
    /// values[series][category].
    public var values: [[Double]]
    /// Error bar half-widths, same layout, or nil.
    public var errors: [[Double]]?
    public var colors: [Color]?
    /// How each bar's value label is written; nil draws none.
    public var valueFormat: TickFormat? = .automatic
    /// Stack the series in one bar per category (shares of a whole) instead of side by side;
    /// values must be ≥ 0, and a segment's label is drawn only where it fits.
    public var stacked = false
    public init(series: [String], values: [[Double]], errors: [[Double]]? = nil, colors: [Color]? = nil,
                valueFormat: TickFormat? = .automatic, stacked: Bool = false) {
        (self.series, self.values, self.errors, self.colors, self.valueFormat, self.stacked) = (series, values, errors, colors, valueFormat, stacked)
    }
}

/// A matrix of coloured cells (row 0 at the top) with optional per-cell text and a colour bar.
public struct Heatmap: Sendable {
    /// values[row][column].
    public var values: [[Double]]
    public var range: ClosedRange<Double>?
    public var colormap: Colormap = .viridis
    /// How each cell's value is written; nil writes nothing.
    public var cellFormat: TickFormat? = .automatic
    public var colorbarLabel: String?
    /// Whether to draw the colour bar (several heatmaps side by side may share one reading).
    public var colorbar = true
    public init(values: [[Double]], range: ClosedRange<Double>? = nil, colormap: Colormap = .viridis,
                cellFormat: TickFormat? = .automatic, colorbarLabel: String? = nil, colorbar: Bool = true) {
        (self.values, self.range, self.colormap, self.cellFormat, self.colorbarLabel, self.colorbar) = (values, range, colormap, cellFormat, colorbarLabel, colorbar)
    }
}

/// Filled contours and isolines of a function sampled on a grid: z[j][i] = f(x[i], y[j]).
/// With the default colour map, darker means smaller (the lecture's error surfaces).
public struct Contour: Sendable {
    public var x: [Double], y: [Double], z: [[Double]]
    public var levels: Int = 10
    public var colormap: Colormap = .viridis
    public var isolines = true
    public var label: String?
    public init(x: [Double], y: [Double], z: [[Double]], levels: Int = 10, colormap: Colormap = .viridis,
                isolines: Bool = true, label: String? = nil) {
        (self.x, self.y, self.z, self.levels, self.colormap, self.isolines, self.label) = (x, y, z, levels, colormap, isolines, label)
    }
}

public struct Arrow: Sendable {
    public var from: (Double, Double), to: (Double, Double)
    public var color: Color?
    public var label: String?
    public var width: Double?
    public init(from: (Double, Double), to: (Double, Double), color: Color? = nil, label: String? = nil, width: Double? = nil) {
        (self.from, self.to, self.color, self.label, self.width) = (from, to, color, label, width)
    }
}

/// A dashed vertical line across the panel with a label at its top (a task boundary).
public struct VerticalMarker: Sendable {
    public var x: Double
    public var label: String?
    public var color: Color = .axis
    public init(x: Double, label: String? = nil, color: Color = .axis) { (self.x, self.label, self.color) = (x, label, color) }
}

/// Grey images in [0, 1] in a grid (digits, generated samples), each with an optional caption.
public struct ImageGrid: Sendable {
    public var images: [[Float]]
    public var width: Int, height: Int
    public var columns: Int
    public var captions: [String]?
    public init(images: [[Float]], width: Int = 28, height: Int = 28, columns: Int, captions: [String]? = nil) {
        (self.images, self.width, self.height, self.columns, self.captions) = (images, width, height, columns, captions)
    }
}

/// Text at a data point, optionally with an arrow from the text to `pointing`.
public struct Annotation: Sendable {
    public var text: String
    public var at: (Double, Double)
    public var pointing: (Double, Double)?
    public var color: Color = .text
    public init(_ text: String, at: (Double, Double), pointing: (Double, Double)? = nil, color: Color = .text) {
        (self.text, self.at, self.pointing, self.color) = (text, at, pointing, color)
    }
}

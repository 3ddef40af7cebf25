/// A figure is a description, not a drawing: titles, panels and marks as plain values. `layout`
/// turns it into draw commands; a backend (PlotCairo) renders those to PNG, PDF or SVG.
public struct Figure: Sendable {
    /// Size in points; 1280×720 is a 16:9 slide (PNG at 2× is 2560×1440 pixels).
    public var width: Double = 1280
    public var height: Double = 720
    public var title: String?
    /// Panels, laid out in a grid of `columns` columns, row by row.
    public var panels: [Axes]
    public var columns: Int
    public var theme = Theme.slide
    /// One legend for every panel, in rows under the title (for panels that show the same series);
    /// the panels' own legends are then hidden.
    public var sharedLegend = false

    public init(title: String? = nil, panels: [Axes], columns: Int? = nil, width: Double = 1280, height: Double = 720) {
        self.title = title
        self.panels = panels
        self.columns = columns ?? panels.count
        (self.width, self.height) = (width, height)
    }

    /// A figure of one panel.
    public init(_ axes: Axes, title: String? = nil, width: Double = 1280, height: Double = 720) {
        self.init(title: title, panels: [axes], columns: 1, width: width, height: height)
    }
}

/// One panel: a coordinate system and the marks drawn in it.
public struct Axes: Sendable {
    public var title: String?
    public var x = Axis()
    public var y = Axis()
    public var marks: [Mark] = []
    public var legend: LegendPosition = .automatic
    /// Equal units on both axes (error surfaces, geometry).
    public var equalAspect = false

    public init(title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), legend: LegendPosition = .automatic,
                _ marks: [Mark] = []) {
        self.title = title
        (self.x, self.y, self.legend, self.marks) = (x, y, legend, marks)
    }
}

/// One axis: its label, scale, limits, ticks and grid.
public struct Axis: Sendable {
    public var label: String?
    public var scale: Scale = .linear
    /// Fixed limits; nil fits the data (with a little margin).
    public var limits: ClosedRange<Double>?
    public var format: TickFormat = .automatic
    public var grid = true
    /// Category names for bars and heatmaps: tick i sits at i.
    public var categories: [String]?
    /// Whether to draw ticks and tick labels at all.
    public var hidden = false

    public init(_ label: String? = nil, scale: Scale = .linear, limits: ClosedRange<Double>? = nil,
                format: TickFormat = .automatic, grid: Bool = true, categories: [String]? = nil, hidden: Bool = false) {
        (self.label, self.scale, self.limits, self.format, self.grid, self.categories, self.hidden)
            = (label, scale, limits, format, grid, categories, hidden)
    }
}

public enum Scale: Sendable, Equatable { case linear, log }

/// How tick values are written.
public enum TickFormat: Sendable, Equatable {
    /// As few decimals as the tick step needs.
    case automatic
    /// Values in [0, 1] written as percentages ("97%").
    case percent
    case fixed(decimals: Int)
}

/// Where the legend goes. `.automatic` takes the first corner whose box covers no data (no line,
/// band, marker or label), else rows above the plot; bar charts get rows above the plot.
public enum LegendPosition: Sendable, Equatable { case automatic, topRight, topLeft, bottomRight, bottomLeft, above, hidden }

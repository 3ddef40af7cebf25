/// A boxed list of series in a corner of the plot.
struct Legend {
    enum Kind { case line(MarkerShape, Bool), marker(MarkerShape), swatch }
    struct Entry { let label: String; let color: Color; let kind: Kind }

    let entries: [Entry], theme: Theme, measurer: TextMeasurer

    var size: Double { theme.legendSize }
    var swatch: Double { size * 1.8 }

    /// The height of a one-row legend above the plot.
    var rowHeight: Double { size * 1.6 }

    /// The box for a corner position.
    func box(in plot: Rect, at position: LegendPosition) -> Rect {
        let textWidth = entries.map { measurer.width($0.label, size: size, bold: false) }.max() ?? 0
        let width = swatch + textWidth + size * 1.4, height = size * 1.45 * Double(entries.count) + size * 0.5
        let inset = 12.0
        let x = position == .topLeft || position == .bottomLeft ? plot.x + inset : plot.maxX - inset - width
        let y = position == .topLeft || position == .topRight ? plot.y + inset : plot.maxY - inset - height
        return Rect(x: x, y: y, width: width, height: height)
    }

    /// The corner whose box covers the fewest of `points` (ties: top right, top left, bottom right, bottom left).
    func emptiestCorner(in plot: Rect, points: [Point]) -> LegendPosition {
        let corners: [LegendPosition] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
        return corners.min { a, b in
            let ra = box(in: plot, at: a), rb = box(in: plot, at: b)
            return points.filter { ra.contains($0) }.count < points.filter { rb.contains($0) }.count
        } ?? .topRight
    }

    /// Entries side by side, centred in a row just above the plot (text shrunk until the row fits).
    func row(above plot: Rect) -> [DrawCommand] {
        var size = self.size
        func widths(_ s: Double) -> [Double] { entries.map { s * 1.8 + s * 0.45 + measurer.width($0.label, size: s, bold: false) + s * 1.2 } }
        while size > 12 && widths(size).reduce(0, +) > plot.width + 40 { size -= 1 }
        let widths = widths(size), swatch = size * 1.8
        var x = plot.x + (plot.width - widths.reduce(0, +)) / 2
        let cy = plot.y - rowHeight / 2 - 4
        var out: [DrawCommand] = []
        for (e, w) in zip(entries, widths) {
            out += sample(e, x: x, cy: cy, size: size)
            out.append(.text(TextRun(e.label, at: Point(x + swatch + size * 0.45, cy + size * 0.36), size: size)))
            x += w
        }
        return out
    }

    func sample(_ e: Entry, x sx: Double, cy: Double, size: Double? = nil) -> [DrawCommand] {
        let size = size ?? self.size, swatch = size * 1.8
        switch e.kind {
        case .line(let marker, let dashed):
            return [.stroke(.segment(Point(sx, cy), Point(sx + swatch, cy)), StrokeStyle(e.color, width: theme.lineWidth, dash: dashed ? [8, 5] : nil))]
                + MarkPainter.marker(marker, at: Point(sx + swatch / 2, cy), size: theme.markerSize, color: e.color)
        case .marker(let marker):
            return MarkPainter.marker(marker, at: Point(sx + swatch / 2, cy), size: theme.markerSize, color: e.color)
        case .swatch:
            return [.fill(.rect(Rect(x: sx, y: cy - size * 0.4, width: swatch, height: size * 0.8)), e.color)]
        }
    }

    func commands(in plot: Rect, at position: LegendPosition) -> [DrawCommand] {
        guard !entries.isEmpty, position != .hidden, position != .automatic else { return [] }
        if position == .above { return row(above: plot) }
        let box = box(in: plot, at: position)
        let (x, y, row) = (box.x, box.y, size * 1.45)
        var out: [DrawCommand] = [.fill(.rect(box), Color.white.withAlpha(0.88)), .stroke(.rect(box), StrokeStyle(.grid, width: 1.2))]
        for (i, e) in entries.enumerated() {
            let cy = y + size * 0.25 + row * (Double(i) + 0.5), sx = x + size * 0.5
            out += sample(e, x: sx, cy: cy)
            out.append(.text(TextRun(e.label, at: Point(sx + swatch + size * 0.45, cy + size * 0.36), size: size)))
        }
        return out
    }
}

/// The colour scale beside a heatmap: a gradient with ticks and an optional label.
struct Colorbar {
    let heatmap: Heatmap, theme: Theme, measurer: TextMeasurer

    var range: ClosedRange<Double> {
        if let r = heatmap.range { return r }
        let all = heatmap.values.flatMap { $0 }.filter(\.isFinite)
        return (all.min() ?? 0)...(all.max() ?? 1)
    }

    var labels: [(Double, String)] {
        let ticks = Ticks.linear(range, target: 5)
        return ticks.map { ($0, Ticks.label($0, ticks: ticks, format: heatmap.cellFormat == .percent ? .percent : .automatic)) }
    }

    /// Room it takes to the right of the plot.
    var width: Double {
        let text = labels.map { measurer.width($0.1, size: theme.tickSize, bold: false) }.max() ?? 0
        return 30 + 28 + 10 + text + (heatmap.colorbarLabel == nil ? 0 : theme.labelSize + 12)
    }

    func commands(beside plot: Rect) -> [DrawCommand] {
        let bar = Rect(x: plot.maxX + 30, y: plot.y, width: 28, height: plot.height)
        let r = range, span = max(r.upperBound - r.lowerBound, 1e-12), steps = 64
        var out: [DrawCommand] = (0..<steps).map { i in
            let h = bar.height / Double(steps)
            return .fill(.rect(Rect(x: bar.x, y: bar.maxY - h * Double(i + 1) - (i + 1 < steps ? 1 : 0), width: bar.width, height: h + (i + 1 < steps ? 1 : 0))),
                         heatmap.colormap.color((Double(i) + 0.5) / Double(steps)))
        }
        out.append(.stroke(.rect(bar), StrokeStyle(.axis, width: 1.2)))
        for (v, text) in labels {
            let y = bar.maxY - (v - r.lowerBound) / span * bar.height
            out.append(.stroke(.segment(Point(bar.maxX, y), Point(bar.maxX + 6, y)), StrokeStyle(.axis, width: 1.6)))
            out.append(.text(TextRun(text, at: Point(bar.maxX + 10, y + theme.tickSize * 0.36), size: theme.tickSize)))
        }
        if let label = heatmap.colorbarLabel {
            let textWidth = labels.map { measurer.width($0.1, size: theme.tickSize, bold: false) }.max() ?? 0
            out.append(.text(TextRun(label, at: Point(bar.maxX + 22 + textWidth + theme.labelSize * 0.8, bar.y + bar.height / 2),
                                     size: theme.labelSize, anchor: .middle, rotation: -Double.pi / 2)))
        }
        return out
    }
}

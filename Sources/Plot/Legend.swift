/// A boxed list of series in a corner of the plot.
struct Legend {
    enum Kind { case line(MarkerShape, Bool), marker(MarkerShape), swatch }
    struct Entry { let label: String; let color: Color; let kind: Kind }

    let entries: [Entry], theme: Theme, measurer: TextMeasurer

    var size: Double { theme.legendSize }
    var swatch: Double { size * 1.8 }

    /// The height of one row of a legend above the plot.
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

    /// The first corner (top right, top left, bottom right, bottom left) whose box, with a margin,
    /// covers none of the data: no sampled point of a line or band, no bar, marker or label.
    func freeCorner(in plot: Rect, avoiding data: Obstacles) -> LegendPosition? {
        let corners: [LegendPosition] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
        return corners.first { !data.intersects(box(in: plot, at: $0).inset(left: -theme.markerSize, top: -theme.markerSize,
                                                                              right: -theme.markerSize, bottom: -theme.markerSize)) }
    }

    /// The entries flowed into rows no wider than `width` (at the legend's size), each with its width.
    func rows(width: Double) -> [[(entry: Entry, width: Double)]] {
        var rows: [[(entry: Entry, width: Double)]] = [[]], used = 0.0
        for e in entries {
            let w = swatch + size * 0.45 + measurer.width(e.label, size: size, bold: false) + size * 1.2
            if !rows[rows.count - 1].isEmpty && used + w > width { rows.append([]); used = 0 }
            rows[rows.count - 1].append((e, w))
            used += w
        }
        return rows
    }

    /// The height of the rows above a plot `width` wide.
    func rowsHeight(width: Double) -> Double { rowHeight * Double(rows(width: width).count) }

    /// Entries side by side in rows centred over `span` (x and width), the last row just above `bottom`.
    func rows(over span: Rect, bottom: Double) -> [DrawCommand] {
        let rows = rows(width: span.width)
        var out: [DrawCommand] = []
        for (r, row) in rows.enumerated() {
            var x = span.x + (span.width - row.reduce(0) { $0 + $1.width }) / 2
            let cy = bottom - rowHeight * (Double(rows.count - r) - 0.5) - 4
            for (e, w) in row {
                out += sample(e, x: x, cy: cy)
                out.append(.text(TextRun(e.label, at: Point(x + swatch + size * 0.45, cy + size * 0.36), size: size)))
                x += w
            }
        }
        return out
    }

    func sample(_ e: Entry, x sx: Double, cy: Double, size: Double? = nil) -> [DrawCommand] {
        let size = size ?? self.size, swatch = size * 1.8
        switch e.kind {
        case .line(let marker, let dashed):
            // A very light line (white on a dark plot) gets a grey backing, or it would vanish on the white legend.
            let backing: [DrawCommand] = e.color.luminance > 0.8 ? [.stroke(.segment(Point(sx, cy), Point(sx + swatch, cy)), StrokeStyle(.axis, width: theme.lineWidth + 3))] : []
            return backing + [.stroke(.segment(Point(sx, cy), Point(sx + swatch, cy)), StrokeStyle(e.color, width: theme.lineWidth, dash: dashed ? [8, 5] : nil))]
                + MarkPainter.marker(marker, at: Point(sx + swatch / 2, cy), size: theme.markerSize, color: e.color)
        case .marker(let marker):
            return MarkPainter.marker(marker, at: Point(sx + swatch / 2, cy), size: theme.markerSize, color: e.color)
        case .swatch:
            return [.fill(.rect(Rect(x: sx, y: cy - size * 0.4, width: swatch, height: size * 0.8)), e.color)]
        }
    }

    /// The legend at `position`; rows above the plot span `cell`'s width.
    func commands(in plot: Rect, cell: Rect, at position: LegendPosition) -> [DrawCommand] {
        guard !entries.isEmpty, position != .hidden, position != .automatic else { return [] }
        if position == .above { return rows(over: Rect(x: cell.x, y: 0, width: cell.width, height: 0), bottom: plot.y) }
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

/// What a legend must not cover: points sampled along lines, bands and markers, and the boxes of
/// bars and labels, in figure points.
struct Obstacles {
    var points: [Point] = []
    var rects: [Rect] = []

    /// Points every `step` points along the polyline.
    mutating func addPolyline(_ points: [Point], step: Double = 5) {
        self.points += points
        for (a, b) in zip(points, points.dropFirst()) {
            let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            let n = Int(length / step)
            guard n > 0 else { continue }
            for k in 1...n { let f = Double(k) / Double(n + 1); self.points.append(Point(a.x + f * (b.x - a.x), a.y + f * (b.y - a.y))) }
        }
    }

    func intersects(_ box: Rect) -> Bool {
        points.contains { box.contains($0) } || rects.contains { $0.x < box.maxX && box.x < $0.maxX && $0.y < box.maxY && box.y < $0.maxY }
    }
}

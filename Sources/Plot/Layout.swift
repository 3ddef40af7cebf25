extension Figure {
    /// The figure as draw commands, in figure points (1280×720 by default). Text is measured with
    /// `measurer`, so labels can be kept from overlapping whatever the backend's font.
    public func layout(measuring measurer: TextMeasurer) -> [DrawCommand] {
        var commands: [DrawCommand] = [.fill(.rect(Rect(x: 0, y: 0, width: width, height: height)), .white)]
        var top = theme.padding
        if let title {
            let size = fittedSize(title, theme.titleSize, width - 2 * theme.padding, bold: true, measurer)
            commands.append(.text(TextRun(title, at: Point(width / 2, top + theme.titleSize * 0.8), size: size,
                                          bold: true, anchor: .middle)))
            top += theme.titleSize * 1.35
        }
        var panels = self.panels
        if sharedLegend, let first = panels.first {           // one legend for every panel, under the title
            let entries = PanelLayout(axes: first, cell: Rect(x: 0, y: 0, width: width, height: height), theme: theme, measurer: measurer).legendEntries()
            let legend = Legend(entries: entries, theme: theme, measurer: measurer)
            let span = Rect(x: theme.padding, y: top, width: width - 2 * theme.padding, height: 0)
            top += legend.rowsHeight(width: span.width) + 6
            commands += legend.rows(over: span, bottom: top)
            for i in panels.indices { panels[i].legend = .hidden }
        }
        let columns = max(1, min(self.columns, panels.count)), rows = (panels.count + columns - 1) / columns
        let area = Rect(x: theme.padding, y: top, width: width - 2 * theme.padding, height: height - top - theme.padding)
        let gap = theme.padding * 1.5
        let cellWidth = (area.width - gap * Double(columns - 1)) / Double(columns)
        let cellHeight = (area.height - gap * Double(rows - 1)) / Double(max(rows, 1))
        for (i, axes) in panels.enumerated() {
            let cell = Rect(x: area.x + Double(i % columns) * (cellWidth + gap), y: area.y + Double(i / columns) * (cellHeight + gap),
                            width: cellWidth, height: cellHeight)
            commands += PanelLayout(axes: axes, cell: cell, theme: theme, measurer: measurer).commands()
        }
        return commands
    }
}

/// The largest size ≤ `size` (down to 12) at which `text` fits in `width`.
func fittedSize(_ text: String, _ size: Double, _ width: Double, bold: Bool, _ measurer: TextMeasurer) -> Double {
    var s = size
    while s > 12 && measurer.width(text, size: s, bold: bold) > width { s -= 1 }
    return s
}

/// Maps data coordinates into a plot rectangle.
struct Transform {
    var plot: Rect
    var x: ClosedRange<Double>, y: ClosedRange<Double>
    var xLog = false, yLog = false
    /// Row 0 at the top (heatmaps, image grids).
    var yDown = false

    func px(_ v: Double) -> Double {
        let t = xLog ? (_log10(v) - _log10(x.lowerBound)) / (_log10(x.upperBound) - _log10(x.lowerBound))
                     : (v - x.lowerBound) / (x.upperBound - x.lowerBound)
        return plot.x + t * plot.width
    }

    func py(_ v: Double) -> Double {
        let t = yLog ? (_log10(v) - _log10(y.lowerBound)) / (_log10(y.upperBound) - _log10(y.lowerBound))
                     : (v - y.lowerBound) / (y.upperBound - y.lowerBound)
        return yDown ? plot.y + t * plot.height : plot.maxY - t * plot.height
    }

    func point(_ x: Double, _ y: Double) -> Point { Point(px(x), py(y)) }
}

/// One panel's layout: ranges, ticks, margins, then the commands.
struct PanelLayout {
    let axes: Axes, cell: Rect, theme: Theme, measurer: TextMeasurer

    var heatmap: Heatmap? { axes.marks.lazy.compactMap { if case .heatmap(let h) = $0 { h } else { nil } }.first }
    var imageGrid: ImageGrid? { axes.marks.lazy.compactMap { if case .images(let g) = $0 { g } else { nil } }.first }
    var hasBars: Bool { axes.marks.contains { if case .bars = $0 { true } else { false } } }

    func commands() -> [DrawCommand] {
        let ranges = dataRanges()
        let xTicks = ticks(axes.x, ranges.x), yTicks = ticks(axes.y, ranges.y)
        let yLabels = yTicks.map { label($0, yTicks, axes.y) }
        let yTickWidth = axes.y.hidden ? 0 : yLabels.map { measurer.width($0, size: theme.tickSize, bold: false) }.max() ?? 0
        let legend = Legend(entries: axes.legend == .hidden ? [] : legendEntries(), theme: theme, measurer: measurer)
        var position = legend.entries.isEmpty ? .hidden : axes.legend == .automatic && hasBars ? .above : axes.legend
        func transform(_ position: LegendPosition) -> Transform {
            let rows = position == .above ? legend.rowsHeight(width: cell.width) : 0
            return Transform(plot: plotRect(yTickWidth: yTickWidth, ranges: ranges, legendRow: rows), x: ranges.x, y: ranges.y,
                             xLog: axes.x.scale == .log, yLog: axes.y.scale == .log, yDown: heatmap != nil || imageGrid != nil)
        }
        var t = transform(position)
        if position == .automatic {         // a free corner, else rows above the plot: a legend never covers data
            position = legend.freeCorner(in: t.plot, avoiding: obstacles(t)) ?? .above
            if position == .above { t = transform(position) }
        }
        let plot = t.plot
        var out: [DrawCommand] = []
        if imageGrid == nil { out += gridLines(t, xTicks, yTicks) }
        out.append(.clip(plot.inset(left: -2, top: -2, right: -2, bottom: -2)))
        for (mark, series) in zip(axes.marks, seriesIndices) {
            out += MarkPainter(t: t, theme: theme, measurer: measurer, series: series).paint(mark)
        }
        out.append(.unclip)
        if imageGrid == nil { out += frame(t, xTicks, yTicks, yLabels) }
        out += titles(plot, yTickWidth: yTickWidth)
        if let heatmap, heatmap.colorbar { out += Colorbar(heatmap: heatmap, theme: theme, measurer: measurer).commands(beside: plot) }
        out += legend.commands(in: plot, cell: cell, at: position)
        return out
    }

    // MARK: - Ranges and ticks

    func dataRanges() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        if let grid = imageGrid {
            let rows = (grid.images.count + grid.columns - 1) / max(grid.columns, 1)
            return (0...Double(max(grid.columns, 1)), 0...Double(max(rows, 1)))
        }
        var xs: [Double] = [], ys: [Double] = []
        for mark in axes.marks { mark.extent(&xs, &ys) }
        let exact = heatmap != nil || axes.marks.contains { if case .contour = $0 { true } else { false } }
        func range(_ v: [Double], _ axis: Axis, padFraction: Double) -> ClosedRange<Double> {
            if let limits = axis.limits { return limits }
            if let c = axis.categories, !c.isEmpty, v.isEmpty { return -0.5...(Double(c.count) - 0.5) }
            let finite = v.filter { $0.isFinite && (axis.scale == .linear || $0 > 0) }
            guard var lo = finite.min(), var hi = finite.max() else { return axis.scale == .log ? 1...10 : 0...1 }
            if axis.scale == .log { return (lo / 1.3)...(hi * 1.3) }
            if lo == hi { lo -= 0.5; hi += 0.5 }
            let pad = (hi - lo) * padFraction
            return (lo - pad)...(hi + pad)
        }
        let xr = range(xs, axes.x, padFraction: exact || hasBars ? 0 : 0.03)
        var yr = range(ys, axes.y, padFraction: exact ? 0 : 0.05)
        if hasBars, axes.y.limits == nil { yr = min(yr.lowerBound, 0)...(yr.upperBound + (yr.upperBound - min(yr.lowerBound, 0)) * 0.12) }
        return (xr, yr)
    }

    func ticks(_ axis: Axis, _ range: ClosedRange<Double>) -> [Double] {
        if axis.hidden { return [] }
        if let c = axis.categories { return (0..<c.count).map(Double.init).filter { range.contains($0) } }
        return axis.scale == .log ? Ticks.log(range) : Ticks.linear(range)
    }

    func label(_ v: Double, _ ticks: [Double], _ axis: Axis) -> String {
        if let c = axis.categories { return c[min(max(Int(v.rounded()), 0), c.count - 1)] }
        return Ticks.label(v, ticks: ticks, format: axis.format, scale: axis.scale)
    }

    // MARK: - Frame

    /// Where the data is drawn, in figure points, for placing the legend: lines, bands, markers,
    /// arrows and labels (heatmaps, contours and images fill the plot and are not counted).
    func obstacles(_ t: Transform) -> Obstacles {
        var o = Obstacles()
        let finite = { (x: Double, y: Double) in x.isFinite && y.isFinite }
        for mark in axes.marks {
            switch mark {
            case .line(let l): o.addPolyline(zip(l.x, l.y).filter(finite).map { t.point($0, $1) })
            case .scatter(let s): o.points += zip(s.x, s.y).filter(finite).map { t.point($0, $1) }
            case .band(let b):
                o.addPolyline(zip(b.x, b.upper).filter(finite).map { t.point($0, $1) })
                o.addPolyline(zip(b.x, b.lower).filter(finite).map { t.point($0, $1) })
            case .marker(let m): o.addPolyline([Point(t.px(m.x), t.plot.y), Point(t.px(m.x), t.plot.maxY)])
            case .arrow(let a): o.addPolyline([t.point(a.from.0, a.from.1), t.point(a.to.0, a.to.1)])
            case .text(let a):
                let p = t.point(a.at.0, a.at.1), w = measurer.width(a.text, size: theme.annotationSize, bold: true)
                o.rects.append(Rect(x: p.x - w / 2 - 4, y: p.y - theme.annotationSize, width: w + 8, height: theme.annotationSize * 1.3))
                if let target = a.pointing { o.addPolyline([p, t.point(target.0, target.1)]) }
            case .bars, .heatmap, .contour, .images: break
            }
        }
        return o
    }

    func plotRect(yTickWidth: Double, ranges: (x: ClosedRange<Double>, y: ClosedRange<Double>), legendRow: Double) -> Rect {
        let markerLabels = axes.marks.contains { if case .marker(let m) = $0 { m.label != nil } else { false } }
        let left = (axes.y.hidden ? 6 : yTickWidth + 14) + (axes.y.label == nil ? 0 : theme.labelSize + 14) + 4
        let right = 16 + (heatmap?.colorbar == true ? Colorbar(heatmap: heatmap!, theme: theme, measurer: measurer).width : 0)
        let tickLines = Double(categoryLineCount(width: cell.width - left - right))
        let bottom = (axes.x.hidden ? 6 : theme.tickSize * (1 + 1.15 * (tickLines - 1)) + 16) + (axes.x.label == nil ? 0 : theme.labelSize + 12) + 4
        let top = (axes.title == nil ? 10 : theme.panelTitleSize + 18) + (markerLabels ? theme.annotationSize + 10 : 0) + legendRow
        var plot = cell.inset(left: left, top: top, right: right, bottom: bottom)
        let square = axes.equalAspect || imageGrid != nil
        if square {
            let sx = plot.width / (ranges.x.upperBound - ranges.x.lowerBound), sy = plot.height / (ranges.y.upperBound - ranges.y.lowerBound)
            let s = min(sx, sy)
            let w = s * (ranges.x.upperBound - ranges.x.lowerBound), h = s * (ranges.y.upperBound - ranges.y.lowerBound)
            plot = Rect(x: plot.x + (plot.width - w) / 2, y: plot.y + (plot.height - h) / 2, width: w, height: h)
        }
        return plot
    }

    func gridLines(_ t: Transform, _ xTicks: [Double], _ yTicks: [Double]) -> [DrawCommand] {
        guard heatmap == nil else { return [] }
        var out: [DrawCommand] = []
        let style = StrokeStyle(.grid, width: 1.2)
        if axes.x.grid, axes.x.categories == nil { for v in xTicks { out.append(.stroke(.segment(Point(t.px(v), t.plot.y), Point(t.px(v), t.plot.maxY)), style)) } }
        if axes.y.grid { for v in yTicks { out.append(.stroke(.segment(Point(t.plot.x, t.py(v)), Point(t.plot.maxX, t.py(v))), style)) } }
        return out
    }

    /// Spines, ticks and tick labels; x labels are thinned until they no longer touch.
    func frame(_ t: Transform, _ xTicks: [Double], _ yTicks: [Double], _ yLabels: [String]) -> [DrawCommand] {
        let axis = StrokeStyle(.axis, width: 1.6)
        var out: [DrawCommand] = [.stroke(.segment(Point(t.plot.x, t.plot.maxY), Point(t.plot.maxX, t.plot.maxY)), axis),
                                  .stroke(.segment(Point(t.plot.x, t.plot.y), Point(t.plot.x, t.plot.maxY)), axis)]
        let (xShown, xSize) = fittedXTicks(t, xTicks)
        let wrap = categoryLineCount(width: t.plot.width) > 1
        for v in xShown {
            let x = t.px(v)
            out.append(.stroke(.segment(Point(x, t.plot.maxY), Point(x, t.plot.maxY + 7)), axis))
            let lines = wrap ? categoryLines(label(v, xTicks, axes.x)) : [label(v, xTicks, axes.x)]
            for (k, line) in lines.enumerated() {
                out.append(.text(TextRun(line, at: Point(x, t.plot.maxY + 10 + xSize * (0.8 + 1.15 * Double(k))), size: xSize, anchor: .middle)))
            }
        }
        let yStep = max(1, Int((theme.tickSize * 1.25 * Double(yTicks.count) / t.plot.height).rounded(.up)))
        for (i, v) in yTicks.enumerated() where i % yStep == 0 {
            let y = t.py(v)
            out.append(.stroke(.segment(Point(t.plot.x - 7, y), Point(t.plot.x, y)), axis))
            out.append(.text(TextRun(yLabels[i], at: Point(t.plot.x - 11, y + theme.tickSize * 0.36), size: theme.tickSize, anchor: .end)))
        }
        return out
    }

    /// 1 when the category labels fit side by side at the tick size in a plot `width` wide, else 2
    /// (each label then breaks into two lines, rather than shrink below the tick labels).
    func categoryLineCount(width: Double) -> Int {
        guard let c = axes.x.categories, !c.isEmpty, !axes.x.hidden else { return 1 }
        let slot = width / Double(c.count)
        return c.allSatisfy { measurer.width($0, size: theme.tickSize, bold: false) + theme.tickSize * 0.5 <= slot } ? 1 : 2
    }

    /// A label broken at the space that makes its longer line shortest (one line if it has no space).
    func categoryLines(_ text: String) -> [String] {
        let words = text.split(separator: " ").map(String.init)
        guard words.count > 1 else { return [text] }
        let splits = (1..<words.count).map { [words[..<$0].joined(separator: " "), words[$0...].joined(separator: " ")] }
        return splits.min { a, b in
            a.map { measurer.width($0, size: theme.tickSize, bold: false) }.max()! < b.map { measurer.width($0, size: theme.tickSize, bold: false) }.max()!
        }!
    }

    /// The x ticks that fit side by side, and the font size they fit at (wrapped categories shrink
    /// only if even two lines do not fit).
    func fittedXTicks(_ t: Transform, _ ticks: [Double]) -> ([Double], Double) {
        var size = theme.tickSize
        let wrap = categoryLineCount(width: t.plot.width) > 1
        func fits(_ shown: [Double], _ size: Double) -> Bool {
            let spans = shown.map { v -> (Double, Double) in
                let lines = wrap ? categoryLines(label(v, ticks, axes.x)) : [label(v, ticks, axes.x)]
                let w = lines.map { measurer.width($0, size: size, bold: false) }.max() ?? 0
                return (t.px(v) - w / 2, t.px(v) + w / 2)
            }
            return zip(spans, spans.dropFirst()).allSatisfy { $0.1 + size * 0.5 <= $1.0 }
        }
        if axes.x.categories != nil { while size > 14 && !fits(ticks, size) { size -= 1 } }
        var step = 1
        while step < ticks.count && !fits(ticks.enumerated().filter { $0.offset % step == 0 }.map(\.element), size) { step += 1 }
        return (ticks.enumerated().filter { $0.offset % step == 0 }.map(\.element), size)
    }

    /// Panel title, axis labels: each shrunk if needed to fit its side of the panel.
    func titles(_ plot: Rect, yTickWidth: Double) -> [DrawCommand] {
        var out: [DrawCommand] = []
        if let title = axes.title {
            let size = fittedSize(title, theme.panelTitleSize, cell.width, bold: true, measurer)
            out.append(.text(TextRun(title, at: Point(cell.x + cell.width / 2, cell.y + theme.panelTitleSize * 0.85),
                                     size: size, bold: true, anchor: .middle)))
        }
        if let x = axes.x.label {
            let size = fittedSize(x, theme.labelSize, plot.width, bold: false, measurer)
            out.append(.text(TextRun(x, at: Point(plot.x + plot.width / 2, cell.maxY - 8), size: size, anchor: .middle)))
        }
        if let y = axes.y.label {
            let size = fittedSize(y, theme.labelSize, plot.height, bold: false, measurer)
            let x = max(cell.x + size * 0.85, plot.x - (axes.y.hidden ? 6 : yTickWidth + 14) - size * 0.45)
            out.append(.text(TextRun(y, at: Point(x, plot.y + plot.height / 2), size: size, anchor: .middle, rotation: -Double.pi / 2)))
        }
        return out
    }

    // MARK: - Legend

    /// The palette index of each mark: lines and scatters take colours in order; a band takes the
    /// colour of the line after it (draw a mean's band first, then its line).
    var seriesIndices: [Int] {
        var next = 0
        return axes.marks.map { mark in
            switch mark {
            case .line, .scatter: next += 1; return next - 1
            default: return next
            }
        }
    }

    func legendEntries() -> [Legend.Entry] {
        var entries: [Legend.Entry] = []
        for (mark, series) in zip(axes.marks, seriesIndices) {
            switch mark {
            case .line(let l): if let label = l.label { entries.append(.init(label: label, color: l.color ?? Palette.color(series), kind: .line(l.marker, l.dashed))) }
            case .scatter(let s): if let label = s.label { entries.append(.init(label: label, color: s.color ?? Palette.color(series), kind: .marker(s.marker))) }
            case .band(let b): if let label = b.label { entries.append(.init(label: label, color: (b.color ?? Palette.color(series)).withAlpha(0.3), kind: .swatch)) }
            case .bars(let b) where b.series.count > 1:
                for (i, name) in b.series.enumerated() { entries.append(.init(label: name, color: b.colors?[i] ?? Palette.color(i), kind: .swatch)) }
            default: break
            }
        }
        return entries
    }
}

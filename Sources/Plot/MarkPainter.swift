extension Mark {
    /// Adds the data coordinates this mark spans.
    func extent(_ xs: inout [Double], _ ys: inout [Double]) {
        switch self {
        case .line(let l): xs += l.x; ys += l.y
        case .scatter(let s): xs += s.x; ys += s.y
        case .band(let b): xs += b.x; ys += b.lower + b.upper
        case .bars(let b):
            let n = b.values.map(\.count).max() ?? 0
            xs += [-0.5, Double(n) - 0.5]
            if b.stacked { ys += [0] + (0..<n).map { c in b.values.reduce(0) { $0 + ($1.indices.contains(c) ? $1[c] : 0) } }; return }
            for (s, row) in b.values.enumerated() {
                for (c, v) in row.enumerated() { let e = b.errors?[s][c] ?? 0; ys += [0, v + e, v - e] }
            }
            if b.valueFormat != nil, let low = b.values.flatMap({ $0 }).min(), low < 0 { ys.append(low * 1.25) }   // room for labels below
        case .heatmap(let h): xs += [-0.5, Double(h.values.first?.count ?? 0) - 0.5]; ys += [-0.5, Double(h.values.count) - 0.5]
        case .contour(let c): xs += [c.x.first ?? 0, c.x.last ?? 1]; ys += [c.y.first ?? 0, c.y.last ?? 1]
        case .arrow(let a): xs += [a.from.0, a.to.0]; ys += [a.from.1, a.to.1]
        case .marker(let m): xs.append(m.x)
        case .text(let a): xs.append(a.at.0); ys.append(a.at.1); if let p = a.pointing { xs.append(p.0); ys.append(p.1) }
        case .images: break
        }
    }
}

/// Draws one mark in a panel's coordinates.
struct MarkPainter {
    let t: Transform, theme: Theme, measurer: TextMeasurer, series: Int

    func paint(_ mark: Mark) -> [DrawCommand] {
        switch mark {
        case .line(let l): line(l)
        case .band(let b): band(b)
        case .scatter(let s): markers(zip(s.x, s.y).map { t.point($0, $1) }, s.marker, s.color ?? Palette.color(series))
        case .bars(let b): bars(b)
        case .heatmap(let h): heatmap(h)
        case .contour(let c): ContourPainter(t: t, theme: theme).paint(c)
        case .arrow(let a): arrow(t.point(a.from.0, a.from.1), t.point(a.to.0, a.to.1), a.color ?? Palette.color(series), a.width ?? theme.lineWidth)
        case .marker(let m): verticalMarker(m)
        case .images(let g): images(g)
        case .text(let a): annotation(a)
        }
    }

    /// The polyline, broken wherever a value is not finite, then its markers.
    func line(_ l: Line) -> [DrawCommand] {
        let color = l.color ?? Palette.color(series)
        var runs: [[Point]] = [[]]
        for (x, y) in zip(l.x, l.y) {
            if x.isFinite && y.isFinite { runs[runs.count - 1].append(t.point(x, y)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        let width = l.width ?? theme.lineWidth
        let style = StrokeStyle(color, width: width, dash: l.dashed ? [12, 8] : nil)
        let halo: [DrawCommand] = l.halo ? runs.filter { $0.count > 1 }.map { .stroke(.polyline($0), StrokeStyle(.white, width: width + 4)) } : []
        return halo + runs.filter { $0.count > 1 }.map { .stroke(.polyline($0), style) }
            + markers(runs.flatMap { $0 }, l.marker, color)
    }

    func band(_ b: Band) -> [DrawCommand] {
        let upper = zip(b.x, b.upper).map { t.point($0, $1) }, lower = zip(b.x, b.lower).map { t.point($0, $1) }
        return [.fill(.polyline(upper + lower.reversed(), closed: true), (b.color ?? Palette.color(series)).withAlpha(0.22))]
    }

    func markers(_ points: [Point], _ shape: MarkerShape, _ color: Color) -> [DrawCommand] {
        guard shape != .none else { return [] }
        return points.flatMap { MarkPainter.marker(shape, at: $0, size: theme.markerSize, color: color) }
    }

    /// One marker: a filled shape with a white rim so overlapping markers stay readable.
    static func marker(_ shape: MarkerShape, at p: Point, size r: Double, color: Color) -> [DrawCommand] {
        let path: Path
        switch shape {
        case .none: return []
        case .circle: path = Path([.circle(center: p, radius: r * 0.55)])
        case .square: path = .rect(Rect(x: p.x - r * 0.5, y: p.y - r * 0.5, width: r, height: r))
        case .triangle: path = .polyline([Point(p.x, p.y - r * 0.62), Point(p.x + r * 0.6, p.y + r * 0.45), Point(p.x - r * 0.6, p.y + r * 0.45)], closed: true)
        case .diamond: path = .polyline([Point(p.x, p.y - r * 0.7), Point(p.x + r * 0.6, p.y), Point(p.x, p.y + r * 0.7), Point(p.x - r * 0.6, p.y)], closed: true)
        }
        return [.fill(path, color), .stroke(path, StrokeStyle(.white, width: 1.5))]
    }

    /// Grouped bars: the group spans 0.8 of a category, split evenly among the series.
    func bars(_ b: Bars) -> [DrawCommand] {
        if b.stacked { return stackedBars(b) }
        var out: [DrawCommand] = []
        let n = max(b.series.count, 1), w = 0.8 / Double(n)
        // The value labels' one size: the largest at which every label fits its bar's slot (less a hair), so neighbours never meet.
        let slot = t.px(w) - t.px(0), labels = b.valueFormat.map { f in b.values.flatMap { $0 }.filter(\.isFinite).map { Ticks.valueLabel($0, format: f) } } ?? []
        var labelSize = theme.annotationSize
        while labelSize > 11 && labels.contains(where: { measurer.width($0, size: labelSize, bold: true) > slot * 0.97 }) { labelSize -= 1 }
        for (s, row) in b.values.enumerated() {
            let color = b.colors?[s] ?? Palette.color(s)
            for (c, v) in row.enumerated() where v.isFinite {
                let x0 = Double(c) - 0.4 + Double(s) * w
                let left = t.px(x0 + w * 0.06), right = t.px(x0 + w * 0.94)
                let top = t.py(max(v, 0)), bottom = t.py(min(v, 0))
                out.append(.fill(.rect(Rect(x: left, y: top, width: right - left, height: bottom - top)), color))
                var (above, below) = (top, bottom)          // the bar's end and its error cap
                if let e = b.errors?[s][c], e > 0 {
                    let mid = (left + right) / 2, hi = t.py(v + e), lo = t.py(v - e), cap = (right - left) * 0.2
                    let style = StrokeStyle(.axis, width: 2)
                    out += [.stroke(.segment(Point(mid, hi), Point(mid, lo)), style),
                            .stroke(.segment(Point(mid - cap, hi), Point(mid + cap, hi)), style),
                            .stroke(.segment(Point(mid - cap, lo), Point(mid + cap, lo)), style)]
                    (above, below) = (min(above, hi), max(below, lo))
                }
                if let format = b.valueFormat {
                    // At the bar's end, past its error cap, in one size for the whole chart.
                    let text = Ticks.valueLabel(v, format: format), size = labelSize
                    let y = v >= 0 ? above - 8 : below + size * 0.8 + 8
                    out.append(.text(TextRun(text, at: Point((left + right) / 2, y), size: size, bold: true, anchor: .middle)))
                }
            }
        }
        return out
    }

    /// Stacked bars: one bar of width 0.8 per category, series s drawn on top of series 0…s − 1;
    /// a segment's value label sits inside it when the segment is tall enough to hold it.
    func stackedBars(_ b: Bars) -> [DrawCommand] {
        var out: [DrawCommand] = []
        let categories = b.values.map(\.count).max() ?? 0
        for c in 0..<categories {
            var base = 0.0
            let left = t.px(Double(c) - 0.4), right = t.px(Double(c) + 0.4)
            for (s, row) in b.values.enumerated() where c < row.count && row[c].isFinite && row[c] > 0 {
                let top = t.py(base + row[c]), bottom = t.py(base)
                out.append(.fill(.rect(Rect(x: left, y: top, width: right - left, height: bottom - top)), b.colors?[s] ?? Palette.color(s)))
                out.append(.stroke(.segment(Point(left, top), Point(right, top)), StrokeStyle(.white, width: 1)))
                if let format = b.valueFormat, bottom - top > theme.annotationSize * 1.2 {
                    let text = Ticks.valueLabel(row[c], format: format)
                    if measurer.width(text, size: theme.annotationSize * 0.8, bold: true) < (right - left) * 0.95 {
                        out.append(.text(TextRun(text, at: Point((left + right) / 2, (top + bottom) / 2 + theme.annotationSize * 0.3), size: theme.annotationSize * 0.8,
                                                 bold: true, color: .white, anchor: .middle)))
                    }
                }
                base += row[c]
            }
        }
        return out
    }

    /// Cells coloured by value, each annotated in black or white, whichever reads on its colour.
    func heatmap(_ h: Heatmap) -> [DrawCommand] {
        let all = h.values.flatMap { $0 }.filter(\.isFinite)
        let range = h.range ?? ((all.min() ?? 0)...(all.max() ?? 1))
        let span = max(range.upperBound - range.lowerBound, 1e-12)
        var out: [DrawCommand] = []
        for (r, row) in h.values.enumerated() {
            for (c, v) in row.enumerated() {
                let rect = Rect(x: t.px(Double(c) - 0.5), y: t.py(Double(r) - 0.5), width: t.px(Double(c) + 0.5) - t.px(Double(c) - 0.5),
                                height: t.py(Double(r) + 0.5) - t.py(Double(r) - 0.5))
                let color = v.isFinite ? h.colormap.color((v - range.lowerBound) / span) : Color(hex: 0xEEEEEE)
                out += [.fill(.rect(rect), color), .stroke(.rect(rect), StrokeStyle(.white, width: 2))]
                guard let format = h.cellFormat else { continue }
                let text = v.isFinite ? Ticks.valueLabel(v, format: format) : "–"
                var size = theme.annotationSize + 2
                while size > 11 && measurer.width(text, size: size, bold: true) > rect.width * 0.9 { size -= 1 }
                out.append(.text(TextRun(text, at: Point(rect.x + rect.width / 2, rect.y + rect.height / 2 + size * 0.36), size: size, bold: true,
                                         color: color.luminance > 0.4 ? .text : .white, anchor: .middle)))
            }
        }
        return out
    }

    func arrow(_ a: Point, _ b: Point, _ color: Color, _ width: Double) -> [DrawCommand] {
        let dx = b.x - a.x, dy = b.y - a.y, length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
        let (ux, uy) = (dx / length, dy / length), head = min(width * 4.5, length * 0.6)
        let base = Point(b.x - ux * head, b.y - uy * head)
        let left = Point(base.x - uy * head * 0.5, base.y + ux * head * 0.5), right = Point(base.x + uy * head * 0.5, base.y - ux * head * 0.5)
        return [.stroke(.segment(a, base), StrokeStyle(color, width: width)), .fill(.polyline([b, left, right], closed: true), color)]
    }

    func verticalMarker(_ m: VerticalMarker) -> [DrawCommand] {
        let x = t.px(m.x)
        var out: [DrawCommand] = [.stroke(.segment(Point(x, t.plot.y), Point(x, t.plot.maxY)), StrokeStyle(m.color, width: 2.5, dash: [10, 7]))]
        if let label = m.label {
            out += [.unclip, .text(TextRun(label, at: Point(x, t.plot.y - 8), size: theme.annotationSize, bold: true, color: m.color, anchor: .middle)),
                    .clip(t.plot.inset(left: -2, top: -2, right: -2, bottom: -2))]
        }
        return out
    }

    /// Each image fills its grid cell (less room for a caption), keeping its aspect.
    func images(_ g: ImageGrid) -> [DrawCommand] {
        var out: [DrawCommand] = []
        let caption = g.captions == nil ? 0.0 : theme.annotationSize * 1.3
        for (i, pixels) in g.images.enumerated() {
            let col = Double(i % g.columns), row = Double(i / g.columns)
            let cellW = t.px(col + 1) - t.px(col), cellH = t.py(row + 1) - t.py(row) - caption
            let side = min(cellW, cellH) * 0.92
            let rect = Rect(x: t.px(col) + (cellW - side) / 2, y: t.py(row) + (cellH - side) / 2, width: side, height: side)
            out.append(.image(GrayImage(width: g.width, height: g.height, pixels: pixels), rect))
            if let c = g.captions?[i] {
                out.append(.text(TextRun(c, at: Point(rect.x + side / 2, rect.maxY + theme.annotationSize * 1.05), size: theme.annotationSize, anchor: .middle)))
            }
        }
        return out
    }

    func annotation(_ a: Annotation) -> [DrawCommand] {
        let p = t.point(a.at.0, a.at.1)
        var out: [DrawCommand] = []
        if let target = a.pointing { out += arrow(Point(p.x, p.y - theme.annotationSize * 0.35), t.point(target.0, target.1), a.color, 2) }
        let w = measurer.width(a.text, size: theme.annotationSize, bold: true)
        let backing = a.color.luminance > 0.5 ? Color.black.withAlpha(0.55) : Color.white.withAlpha(0.8)   // light text on dark
        out.append(.fill(.rect(Rect(x: p.x - w / 2 - 4, y: p.y - theme.annotationSize * 0.95, width: w + 8, height: theme.annotationSize * 1.25)), backing))
        out.append(.text(TextRun(a.text, at: p, size: theme.annotationSize, bold: true, color: a.color, anchor: .middle)))
        return out
    }
}

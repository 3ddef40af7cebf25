/// Filled contours and isolines of z sampled on a grid.
///
/// Filling: each grid cell takes the colour of the level band its mean falls in (on a grid of
/// ~100 cells a side this reads as smooth bands); neighbouring cells of a row in the same band
/// are drawn as one rectangle, which keeps PDF and SVG files small. Isolines: marching squares,
/// with each crossing placed by linear interpolation along the cell edge.
struct ContourPainter {
    let t: Transform, theme: Theme

    func paint(_ c: Contour) -> [DrawCommand] {
        let all = c.z.flatMap { $0 }.filter(\.isFinite)
        guard let lo = all.min(), let hi = all.max(), c.x.count > 1, c.y.count > 1 else { return [] }
        let levels = (1..<max(c.levels, 2)).map { lo + (hi - lo) * Double($0) / Double(max(c.levels, 2)) }
        var out: [DrawCommand] = []
        func band(_ i: Int, _ j: Int) -> Int {
            let mean = (c.z[j][i] + c.z[j][i + 1] + c.z[j + 1][i] + c.z[j + 1][i + 1]) / 4
            return levels.filter { mean > $0 }.count
        }
        for j in 0..<(c.y.count - 1) {
            var start = 0
            while start < c.x.count - 1 {
                let b = band(start, j)
                var end = start + 1
                while end < c.x.count - 1 && band(end, j) == b { end += 1 }
                let first = cellRect(c, start, j), last = cellRect(c, end - 1, j)
                let run = Rect(x: min(first.x, last.x), y: first.y, width: max(first.maxX, last.maxX) - min(first.x, last.x), height: first.height)
                out.append(.fill(.rect(run), c.colormap.color((Double(b) + 0.5) / Double(levels.count + 1))))
                start = end
            }
        }
        if c.isolines {
            for level in levels {
                let segments = isoline(c, level)
                guard !segments.isEmpty else { continue }
                let path = Path(segments.flatMap { [PathElement.move($0.0), .line($0.1)] })
                out.append(.stroke(path, StrokeStyle(Color.white.withAlpha(0.55), width: 1.3)))
            }
        }
        return out
    }

    /// Cell (i, j) in figure points, a hair larger so neighbours leave no seam.
    func cellRect(_ c: Contour, _ i: Int, _ j: Int) -> Rect {
        let x0 = t.px(c.x[i]), x1 = t.px(c.x[i + 1]), y0 = t.py(c.y[j]), y1 = t.py(c.y[j + 1])
        return Rect(x: min(x0, x1) - 0.25, y: min(y0, y1) - 0.25, width: abs(x1 - x0) + 0.5, height: abs(y1 - y0) + 0.5)
    }

    /// Marching squares: the segments where z crosses `level`, cell by cell.
    func isoline(_ c: Contour, _ level: Double) -> [(Point, Point)] {
        var segments: [(Point, Point)] = []
        for j in 0..<(c.y.count - 1) {
            for i in 0..<(c.x.count - 1) {
                // Corners counter-clockwise from (i, j); an edge is crossed where its ends straddle the level.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                var crossings: [Point] = []
                for k in 0..<4 {
                    let (a, b) = (corners[k], corners[(k + 1) % 4])
                    let za = c.z[a.1][a.0], zb = c.z[b.1][b.0]
                    guard (za < level) != (zb < level), za.isFinite, zb.isFinite else { continue }
                    let f = (level - za) / (zb - za)
                    crossings.append(t.point(c.x[a.0] + f * (c.x[b.0] - c.x[a.0]), c.y[a.1] + f * (c.y[b.1] - c.y[a.1])))
                }
                if crossings.count == 2 { segments.append((crossings[0], crossings[1])) }
                if crossings.count == 4 { segments += [(crossings[0], crossings[1]), (crossings[2], crossings[3])] }
            }
        }
        return segments
    }
}

import Foundation
import Plot

/// Checks on a figure's draw commands that say what a person would see, independently of how the
/// layout decided: where the legend boxes are, and what data they cover.
public enum FigureChecks {
    /// The legend boxes drawn inside plots: the white, slightly transparent boxes.
    public static func legendBoxes(_ commands: [DrawCommand]) -> [Rect] {
        commands.compactMap { command in
            guard case .fill(let path, let color) = command, color == Color.white.withAlpha(0.88) else { return nil }
            return bounds(path)
        }
    }

    /// Every data polyline (lines, paths, their halos: one stroke of three or more points) sampled
    /// every 2 points. Contour isolines (many separate segments) are background, not counted.
    public static func dataPoints(_ commands: [DrawCommand]) -> [Point] {
        var points: [Point] = []
        for command in commands {
            guard case .stroke(let path, let style) = command, style.color != .grid, style.color != .axis,
                  path.elements.count > 2, !path.elements.contains(.close),
                  path.elements.filter({ if case .move = $0 { true } else { false } }).count == 1 else { continue }
            let vertices = path.elements.compactMap { e -> Point? in if case .move(let p) = e { p } else if case .line(let p) = e { p } else { nil } }
            for (a, b) in zip(vertices, vertices.dropFirst()) {
                let n = max(1, Int((hypot(b.x - a.x, b.y - a.y) / 2).rounded(.up)))
                for k in 0...n { points.append(Point(a.x + (b.x - a.x) * Double(k) / Double(n), a.y + (b.y - a.y) * Double(k) / Double(n))) }
            }
        }
        return points
    }

    /// Bars: filled rectangles in a palette colour.
    public static func bars(_ commands: [DrawCommand]) -> [Rect] {
        commands.compactMap { command in
            guard case .fill(let path, let color) = command, Palette.okabeIto.contains(color), path.elements.count == 5, let r = bounds(path) else { return nil }
            return r
        }
    }

    /// What each legend box covers: a description per collision (empty when no legend covers data).
    public static func legendCollisions(_ figure: Figure, measurer: TextMeasurer) -> [String] {
        let commands = figure.layout(measuring: measurer)
        let boxes = legendBoxes(commands), points = dataPoints(commands)
        let barRects = bars(commands).filter { bar in !boxes.contains { $0.contains(Point(bar.x, bar.y)) && $0.contains(Point(bar.maxX, bar.maxY)) } }
        var found: [String] = []
        for box in boxes {
            if let p = points.first(where: { box.contains($0) }) { found.append("legend at \(box) covers a line at (\(Int(p.x)), \(Int(p.y)))") }
            if let b = barRects.first(where: { $0.intersects(box) }) { found.append("legend at \(box) covers a bar at \(b)") }
        }
        return found
    }

    public static func bounds(_ path: Path) -> Rect? {
        let ps = path.elements.compactMap { e -> Point? in if case .move(let p) = e { p } else if case .line(let p) = e { p } else { nil } }
        guard let minX = ps.map(\.x).min(), let maxX = ps.map(\.x).max(), let minY = ps.map(\.y).min(), let maxY = ps.map(\.y).max() else { return nil }
        return Rect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }
}

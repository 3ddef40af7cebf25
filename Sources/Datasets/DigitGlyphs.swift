import Foundation

/// Skeletons of handwritten digits, drawn in a unit box (x to the right, y down).
///
/// A glyph is a list of key points and strokes through them (indices into the points). Strokes
/// that share a corner share the point, so jittering the point keeps them joined. Smooth strokes
/// become Catmull-Rom curves through their points; straight ones stay polylines.
struct Glyph {
    struct Stroke {
        var points: [Int]
        var smooth: Bool
    }

    var points: [SIMD2<Float>]
    var strokes: [Stroke]

    init(_ points: [(Float, Float)], _ strokes: [(points: [Int], smooth: Bool)]) {
        self.points = points.map { SIMD2($0.0, $0.1) }
        self.strokes = strokes.map { Stroke(points: $0.points, smooth: $0.smooth) }
    }

    /// A closed smooth loop of `n` points around an ellipse.
    static func ellipse(center: (Float, Float), radii: (Float, Float), n: Int = 10) -> Glyph {
        let pts = (0..<n).map { i -> (Float, Float) in
            let a = Float(i) / Float(n) * 2 * .pi
            return (center.0 + radii.0 * sin(a), center.1 - radii.1 * cos(a))
        }
        return Glyph(pts, [(Array(0..<n) + [0, 1, 2], true)])
    }

    /// Every digit's style variants; a style is picked at random per image.
    static let digits: [[Glyph]] = [
        // 0
        [ellipse(center: (0.5, 0.5), radii: (0.3, 0.45)), ellipse(center: (0.5, 0.5), radii: (0.22, 0.46), n: 9)],
        // 1
        [Glyph([(0.5, 0.05), (0.5, 0.95)], [([0, 1], false)]),
         Glyph([(0.3, 0.25), (0.55, 0.05), (0.55, 0.95)], [([0, 1, 2], false)]),
         Glyph([(0.32, 0.24), (0.54, 0.05), (0.54, 0.95), (0.3, 0.95), (0.78, 0.95)], [([0, 1, 2], false), ([3, 4], false)])],
        // 2
        [Glyph([(0.2, 0.3), (0.36, 0.09), (0.62, 0.07), (0.79, 0.26), (0.68, 0.5), (0.2, 0.93), (0.85, 0.93)],
               [([0, 1, 2, 3, 4, 5], true), ([5, 6], false)]),
         Glyph([(0.18, 0.22), (0.45, 0.05), (0.75, 0.2), (0.62, 0.52), (0.22, 0.9), (0.5, 0.82), (0.86, 0.94)],
               [([0, 1, 2, 3, 4], true), ([4, 5, 6], true)])],
        // 3
        [Glyph([(0.2, 0.16), (0.5, 0.05), (0.77, 0.2), (0.7, 0.4), (0.45, 0.5), (0.76, 0.62), (0.8, 0.82), (0.52, 0.96), (0.18, 0.86)],
               [([0, 1, 2, 3, 4], true), ([4, 5, 6, 7, 8], true)]),
         Glyph([(0.2, 0.06), (0.78, 0.06), (0.45, 0.42), (0.78, 0.58), (0.76, 0.85), (0.45, 0.96), (0.2, 0.86)],
               [([0, 1, 2], false), ([2, 3, 4, 5, 6], true)])],
        // 4
        [Glyph([(0.62, 0.04), (0.14, 0.66), (0.88, 0.66), (0.68, 0.3), (0.68, 0.97)], [([0, 1, 2], false), ([3, 4], false)]),
         Glyph([(0.22, 0.05), (0.2, 0.56), (0.86, 0.56), (0.72, 0.06), (0.72, 0.97)], [([0, 1, 2], false), ([3, 4], false)])],
        // 5
        [Glyph([(0.8, 0.07), (0.3, 0.07), (0.25, 0.45), (0.52, 0.38), (0.78, 0.56), (0.77, 0.8), (0.5, 0.95), (0.18, 0.86)],
               [([0, 1, 2], false), ([2, 3, 4, 5, 6, 7], true)])],
        // 6
        [Glyph([(0.72, 0.05), (0.42, 0.25), (0.25, 0.6), (0.3, 0.88), (0.55, 0.96), (0.76, 0.78), (0.68, 0.55), (0.44, 0.5), (0.26, 0.66)],
               [([0, 1, 2, 3, 4, 5, 6, 7, 8], true)]),
         Glyph([(0.62, 0.04), (0.3, 0.5), (0.3, 0.85), (0.55, 0.96), (0.74, 0.76), (0.55, 0.56), (0.3, 0.68)],
               [([0, 1, 2, 3, 4, 5, 6], true)])],
        // 7
        [Glyph([(0.14, 0.08), (0.86, 0.08), (0.4, 0.96)], [([0, 1, 2], false)]),
         Glyph([(0.14, 0.1), (0.86, 0.08), (0.45, 0.96), (0.35, 0.5), (0.78, 0.5)], [([0, 1, 2], false), ([3, 4], false)]),
         Glyph([(0.16, 0.12), (0.84, 0.08), (0.58, 0.5), (0.5, 0.96)], [([0, 1], false), ([1, 2, 3], true)])],
        // 8
        [Glyph([(0.5, 0.5), (0.25, 0.29), (0.5, 0.05), (0.75, 0.28), (0.22, 0.72), (0.5, 0.95), (0.78, 0.72)],
               [([6, 0, 1, 2, 3, 0, 4, 5, 6, 0, 1], true)])],
        // 9
        [Glyph([(0.72, 0.36), (0.48, 0.5), (0.26, 0.34), (0.36, 0.09), (0.62, 0.07), (0.66, 0.96)],
               [([4, 0, 1, 2, 3, 4, 0], true), ([0, 5], false)]),
         Glyph([(0.73, 0.3), (0.5, 0.48), (0.27, 0.32), (0.4, 0.07), (0.66, 0.1), (0.62, 0.6), (0.42, 0.96)],
               [([4, 0, 1, 2, 3, 4, 0], true), ([0, 5, 6], true)])],
    ]
}

/// Points along a Catmull-Rom spline through `p` (end points repeated), `steps` per span.
func catmullRom(_ p: [SIMD2<Float>], steps: Int) -> [SIMD2<Float>] {
    guard p.count > 2 else { return p }
    var out: [SIMD2<Float>] = [p[0]]
    for i in 0..<(p.count - 1) {
        let p0 = p[max(i - 1, 0)], p1 = p[i], p2 = p[i + 1], p3 = p[min(i + 2, p.count - 1)]
        for s in 1...steps {
            let t: Float = Float(s) / Float(steps), t2: Float = t * t, t3: Float = t2 * t
            let a: SIMD2<Float> = 2 * p1, b: SIMD2<Float> = p2 - p0
            let c: SIMD2<Float> = 2 * p0 - 5 * p1 + 4 * p2 - p3, d: SIMD2<Float> = 3 * p1 - p0 - 3 * p2 + p3
            let point: SIMD2<Float> = a + b * t + c * t2 + d * t3
            out.append(0.5 * point)
        }
    }
    return out
}


/// Sequential colour maps from [0, 1] to colours, perceptually uniform and readable in grey.
public enum Colormap: Sendable, Equatable {
    /// viridis (van der Walt & Smith, matplotlib): dark purple for small values, yellow for large.
    case viridis
    /// viridis backwards: dark for large values.
    case viridisReversed
    /// White to dark blue.
    case blues

    /// Anchor colours spaced evenly over [0, 1]; colours between are interpolated.
    var anchors: [Color] {
        switch self {
        case .viridis: Colormap.viridisAnchors
        case .viridisReversed: Colormap.viridisAnchors.reversed()
        case .blues: [0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B].map { Color(hex: $0) }
        }
    }

    static let viridisAnchors: [Color] = [0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725]
        .map { Color(hex: $0) }

    /// The colour of `t` ∈ [0, 1] (clamped).
    public func color(_ t: Double) -> Color {
        let a = anchors, u = min(max(t.isFinite ? t : 0, 0), 1) * Double(a.count - 1)
        let i = min(Int(u), a.count - 2), f = u - Double(i)
        return Color(a[i].red + (a[i + 1].red - a[i].red) * f, a[i].green + (a[i + 1].green - a[i].green) * f,
                     a[i].blue + (a[i + 1].blue - a[i].blue) * f)
    }
}

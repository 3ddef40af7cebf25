/// Tick positions and labels.
public enum Ticks {
    /// "Nice" ticks (1, 2, 2.5 or 5 × 10ᵏ apart) covering `range`, about `target` of them.
    public static func linear(_ range: ClosedRange<Double>, target: Int = 6) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / Double(max(target - 1, 1))
        let magnitude = _pow(10, (_log10(raw)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (range.lowerBound / step).rounded(.up)
        var ticks: [Double] = []
        var k = first
        while k * step <= range.upperBound + step * 1e-9 {
            ticks.append(abs(k * step) < step * 1e-9 ? 0 : k * step)
            k += 1
        }
        return ticks
    }

    /// Powers of ten inside `range` (positive), thinned to at most `maximum`.
    public static func log(_ range: ClosedRange<Double>, maximum: Int = 8) -> [Double] {
        let lo = Int(_log10(range.lowerBound).rounded(.up)), hi = Int(_log10(range.upperBound).rounded(.down))
        guard lo <= hi else { return [range.lowerBound] }
        let stride = max(1, (hi - lo + maximum) / maximum)
        return Swift.stride(from: lo, through: hi, by: stride).map { _pow(10, Double($0)) }
    }

    /// The label of tick `value` among `ticks`.
    public static func label(_ value: Double, ticks: [Double], format: TickFormat, scale: Scale = .linear) -> String {
        switch format {
        case .percent:
            let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) * 100 : 1
            return formatNumber(value * 100, decimals: decimals(for: step)) + "%"
        case .fixed(let d):
            return formatNumber(value, decimals: d)
        case .automatic:
            if scale == .log { return powerOfTen(value) }
            let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : abs(value)
            return formatNumber(value, decimals: decimals(for: step))
        }
    }

    /// A single value shown on its own (a bar's or a cell's label): percentages to whole numbers,
    /// other numbers to two decimals below 10, one below 100, none above.
    public static func valueLabel(_ v: Double, format: TickFormat) -> String {
        switch format {
        case .percent: formatNumber(v * 100, decimals: 0) + "%"
        case .fixed(let d): formatNumber(v, decimals: d)
        case .automatic: formatNumber(v, decimals: abs(v) >= 100 ? 0 : abs(v) >= 10 ? 1 : 2)
        }
    }

    /// Decimals needed to tell ticks `step` apart.
    static func decimals(for step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var d = 0
        while d < 6 && abs((step * _pow(10, Double(d))).rounded() - step * _pow(10, Double(d))) > 1e-6 { d += 1 }
        return d
    }

    /// A number with `decimals` places and a true minus sign (U+2212), as typeset in print.
    public static func formatNumber(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v < 0 ? "−∞" : "∞") }
        let unit = Int64(_pow(10, Double(decimals)))
        let scaled = Int64((abs(v) * Double(unit)).rounded())
        var s = "\(scaled / unit)"
        if decimals > 0 { s += "." + "\(scaled % unit)".leftPadded(to: decimals) }
        return (v < 0 && scaled != 0 ? "−" : "") + s
    }

    /// 10 with a superscript exponent: 10⁻³.
    static func powerOfTen(_ v: Double) -> String {
        let e = Int(_log10(v).rounded())
        if e == 0 { return "1" }
        if e == 1 { return "10" }
        let sup: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let digits = String(abs(e)).map { sup[Int(String($0))!] }
        return "10" + (e < 0 ? "⁻" : "") + String(digits)
    }
}

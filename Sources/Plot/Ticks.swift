/// Tick positions and labels.
public enum Ticks {
    /// "Nice" ticks (1, 2, 2.5 or 5 × 10ᵏ apart) covering `range`: of those steps, the one whose
    /// tick count is closest to `target` (the larger step on a tie).
    public static func linear(_ range: ClosedRange<Double>, target: Int = 6) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let magnitude = _pow(10, _log10(span / Double(max(target - 1, 1))).rounded(.down))
        let steps = [0.5, 1, 2, 2.5, 5, 10, 20].map { $0 * magnitude }
        let best = steps.map { ($0, ticks(range, step: $0)) }
            .min { a, b in
                let da = abs(a.1.count - target), db = abs(b.1.count - target)
                return da != db ? da < db : a.0 > b.0
            }!
        return best.1
    }

    /// Multiples of `step` inside `range`, rounded so that 3 × 0.2 prints as 0.6.
    static func ticks(_ range: ClosedRange<Double>, step: Double) -> [Double] {
        let first = (range.lowerBound / step - 1e-9).rounded(.up), last = (range.upperBound / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 1000 else { return [] }
        let decimals = max(0, -Int(_log10(step).rounded(.down)) + 2)
        return stride(from: first, through: last, by: 1).map { k in
            let v = (k * step * _pow(10, Double(decimals))).rounded() / _pow(10, Double(decimals))
            return v == 0 ? 0 : v
        }
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

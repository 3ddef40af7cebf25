import Foundation

/// Reading importances: per input pixel, and how two methods' rankings agree.
public enum ImportanceMaps {
    /// The first layer's importance summed over its hidden units: one value per input pixel
    /// (the first parameter tensor is the `[inputs, hidden]` weight matrix).
    public static func perPixel(_ b: [[Float]], inputs: Int = 784) -> [Float] {
        let w = b[0], hidden = w.count / inputs
        return (0..<inputs).map { p in w[(p * hidden)..<((p + 1) * hidden)].reduce(0, +) }
    }

    /// Spearman's ρ: the Pearson correlation of the ranks (ties share their mean rank).
    public static func spearman(_ a: [Float], _ b: [Float]) -> Double {
        let (ra, rb) = (ranks(a), ranks(b)), n = Double(a.count)
        let (ma, mb) = (ra.reduce(0, +) / n, rb.reduce(0, +) / n)
        var (sab, saa, sbb) = (0.0, 0.0, 0.0)
        for i in ra.indices { let (x, y) = (ra[i] - ma, rb[i] - mb); sab += x * y; saa += x * x; sbb += y * y }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// The rank of every value (1 = smallest), ties given the mean of their ranks.
    public static func ranks(_ v: [Float]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var rank = [Double](repeating: 0, count: v.count), i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            for k in i...j { rank[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return rank
    }
}

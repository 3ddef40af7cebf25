import Datasets
import Plot

/// 0.8042 → "80.4%".
public func percent(_ v: Double, decimals: Int = 1) -> String { Ticks.formatNumber(v * 100, decimals: decimals) + "%" }

/// A change in accuracy in percentage points, always signed: −5.3 → "−5.3 points", 0.021 → "+2.1 points".
public func points(_ change: Double, decimals: Int = 1) -> String {
    let text = Ticks.formatNumber(abs(change) * 100, decimals: decimals)
    return (change < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "−" : "+") + text + " points"
}

/// What the digits are, for a report's prose: real handwriting only when it is MNIST.
public func digitsDescription(_ dataset: DatasetIdentity) -> String {
    dataset.name == "MNIST" ? "handwritten digits (MNIST)" : "synthetic digits from the built-in generator"
}

/// A sentence on where the digits come from, for a report's prose (empty for MNIST).
public func digitsNote(_ dataset: DatasetIdentity) -> String {
    dataset.name == "MNIST" ? ""
        : "The synthetic digits are drawn strokes, not real handwriting; `swift run -c release lifelong download mnist` fetches MNIST, which every lesson then uses."
}

/// A count with thousands separated by commas: `60,000`.
public func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    let groups = stride(from: digits.count, to: 0, by: -3).reversed().map { end in
        String(digits[digits.index(digits.startIndex, offsetBy: max(0, end - 3))..<digits.index(digits.startIndex, offsetBy: end)])
    }
    return (n < 0 ? "−" : "") + groups.joined(separator: ",")
}

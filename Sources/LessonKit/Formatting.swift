import Plot

/// 0.8042 → "80.4%".
public func percent(_ v: Double, decimals: Int = 1) -> String { Ticks.formatNumber(v * 100, decimals: decimals) + "%" }

import ArgumentParser

/// Every lesson setting has its allowed values stated once, checked where the option is parsed
/// (a command's `validate()`), so a bad value is a one-line error naming the option and what is
/// allowed — never a crash, never a silent wrong result. New lessons call these for their options.
public enum SettingRange {
    /// A whole number in `range`.
    public static func check(_ value: Int?, _ option: String, in range: ClosedRange<Int>) throws {
        guard let value else { return }
        guard range.contains(value) else { throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound); got \(value)") }
    }

    /// A finite number in `range` (NaN and ±∞ are refused by name).
    public static func check(_ value: Float?, _ option: String, in range: ClosedRange<Float>, excludingLower: Bool = false) throws {
        guard let value else { return }
        func text(_ v: Float) -> String { String(format: "%g", Double(v)) }
        guard value.isFinite else { throw ValidationError("\(option) must be a finite number; got \(value)") }
        let low = excludingLower ? "more than \(text(range.lowerBound))" : "at least \(text(range.lowerBound))"
        guard range.contains(value), !(excludingLower && value == range.lowerBound) else {
            throw ValidationError("\(option) must be \(low) and at most \(text(range.upperBound)); got \(text(value))")
        }
    }

    /// An option that `--quick` replaces with its own value: given together, they are an error
    /// rather than a silently ignored setting.
    public static func checkNotWithQuick(_ given: Bool, _ option: String, quick: Bool, quickValue: String) throws {
        guard given && quick else { return }
        throw ValidationError("\(option) has no effect with --quick (quick mode uses \(quickValue)); leave out one of them")
    }
}

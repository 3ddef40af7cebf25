import Foundation

/// Grades the items of one lesson of one submission against the reference.
struct ItemGrader {
    let lesson: String
    let yours: JSONValue, reference: JSONValue
    let folder: SubmissionFolder

    func grade(_ item: Rubric.Item) -> ItemResult {
        switch item.target! {
        case .scalar(let key): return scalar(item, key)
        case .matrix(let key): return series(item, section: "matrices", key: key)
        case .curve(let key): return series(item, section: "curves", key: key)
        case .setting(let key): return setting(item, key)
        case .figure(let path): return figure(item, path)
        }
    }

    /// Why the reference cannot grade `item` (nil: it can).
    static func referenceProblem(_ item: Rubric.Item, in reference: JSONValue) -> String? {
        switch item.target! {
        case .scalar(let key): return reference["scalars"]?[key] == nil ? "no scalar \"\(key)\"" : nil
        case .matrix(let key): return reference["matrices"]?[key] == nil ? "no matrix \"\(key)\"" : nil
        case .curve(let key): return reference["curves"]?[key] == nil ? "no curve \"\(key)\"" : nil
        case .setting(let key): return reference["settings"]?[key] == nil ? "no setting \"\(key)\"" : nil
        case .figure: return nil
        }
    }

    func scalar(_ item: Rubric.Item, _ key: String) -> ItemResult {
        guard case .number(let expected) = reference["scalars"]?[key] else { return missing(item, "the reference has no scalar \"\(key)\"") }
        guard let value = yours["scalars"]?[key] else { return missing(item, "scalars has no \"\(key)\"") }
        guard case .number(let x) = value, x.isFinite else { return wrong(item, "scalars → \"\(key)\" is \(value.kindName), not a finite number") }
        var result = compare(item, [x], [expected], describe: { _ in "" })
        (result.yours, result.reference) = (formatValue(x), formatValue(expected))
        return result
    }

    /// A matrix (rows of numbers) or a curve (`x` and `y`), entry by entry.
    func series(_ item: Rubric.Item, section: String, key: String) -> ItemResult {
        let noun = section == "matrices" ? "matrix" : "curve"
        guard let value = yours[section]?[key] else { return missing(item, "\(section) has no \"\(key)\"") }
        let mine: Result<[[Double]], GradingError> = noun == "matrix" ? Self.rows(value) : Self.curve(value)
        let theirs: Result<[[Double]], GradingError> = noun == "matrix" ? Self.rows(reference[section]![key]!) : Self.curve(reference[section]![key]!)
        guard case .success(let expected) = theirs else { return missing(item, "the reference's \(noun) \"\(key)\" is malformed") }
        let got: [[Double]]
        switch mine {
        case .failure(let error): return wrong(item, "\(section) → \"\(key)\": \(error.description)")
        case .success(let rows): got = rows
        }
        let shape = { (rows: [[Double]]) in noun == "matrix" ? "\(rows.count)×\(rows.first?.count ?? 0)" : "\(rows.first?.count ?? 0) points" }
        guard got.map(\.count) == expected.map(\.count) else {
            var result = wrong(item, "\(section) → \"\(key)\" is \(shape(got)), the reference is \(shape(expected))")
            (result.yours, result.reference) = (shape(got), shape(expected))
            return result
        }
        let describe: (Int) -> String = { flat in
            var (row, rest) = (0, flat)
            while rest >= expected[row].count { rest -= expected[row].count; row += 1 }
            return noun == "matrix" ? " at row \(row + 1), column \(rest + 1)" : " at point \(rest + 1) of \(row == 0 ? "x" : "y")"
        }
        let included = Self.includedEntries(expected, item.entries)
        let (gotFlat, expectedFlat) = (got.flatMap { $0 }, expected.flatMap { $0 })
        var result = compare(item, included.map { gotFlat[$0] }, included.map { expectedFlat[$0] }, describe: { describe(included[$0]) })
        (result.yours, result.reference) = (shape(got), shape(expected))
        if noun == "curve", result.verdict == .matched { result.message = "all \(expected[0].count) points (x and y) within tolerance" }
        return result
    }

    /// Every entry within tolerance; the feedback names the worst one.
    func compare(_ item: Rubric.Item, _ got: [Double], _ expected: [Double], describe: (Int) -> String) -> ItemResult {
        var worst = (index: 0, excess: -Double.infinity, difference: 0.0, allowed: 0.0)
        for (i, (x, e)) in zip(got, expected).enumerated() {
            let allowed = item.tolerance(around: e), difference = abs(x - e)
            if difference - allowed > worst.excess { worst = (i, difference - allowed, difference, allowed) }
        }
        let isMatch = got.isEmpty || worst.excess <= 0
        let many = got.count > 1
        let message = isMatch
            ? (many ? "all \(got.count) entries within tolerance" : "within tolerance")
            : "off by \(formatValue(worst.difference))\(many ? describe(worst.index) + " (yours \(formatValue(got[worst.index])), reference \(formatValue(expected[worst.index])))" : ""), more than the ±\(formatValue(worst.allowed)) allowed"
        var result = ItemResult(item, lesson: lesson, verdict: isMatch ? .matched : .wrong, message: message)
        if !got.isEmpty {
            result.difference = (many ? "max " : "") + formatValue(worst.difference) + (many && !isMatch ? describe(worst.index) : "")
            result.allowed = "±" + formatValue(worst.allowed)
        }
        return result
    }

    func setting(_ item: Rubric.Item, _ key: String) -> ItemResult {
        guard case .string(let expected) = reference["settings"]?[key] else { return missing(item, "the reference has no setting \"\(key)\"") }
        guard let value = yours["settings"]?[key] else { return missing(item, "settings has no \"\(key)\"") }
        guard case .string(let text) = value else { return wrong(item, "settings → \"\(key)\" is \(value.kindName), not a string") }
        var result = ItemResult(item, lesson: lesson, verdict: text == expected ? .matched : .wrong,
                                message: text == expected ? "the same as the reference" : "\"\(key)\" should be \"\(expected)\"")
        (result.yours, result.reference) = (text, expected)
        return result
    }

    /// The figure file is there, inside the folder, not too big, and is what its name says.
    func figure(_ item: Rubric.Item, _ path: String) -> ItemResult {
        let relative = "\(lesson)/\(path)"
        let data: Data
        do { data = try folder.read(relative, limit: SubmissionFolder.figureLimit) } catch let error as GradingError {
            return error.description.hasSuffix("is missing") ? missing(item, "\(relative) is missing") : wrong(item, error.description)
        } catch { return wrong(item, "\(relative): \(error)") }
        guard let format = Self.figureFormat(path), Self.looksLike(format, data) else {
            return wrong(item, "\(relative) is not a \(Self.figureFormat(path) ?? "PNG, PDF or SVG") file")
        }
        let listed: Bool
        if case .array(let figures) = yours["figures"] { listed = figures.contains(.string(path)) } else { listed = false }
        var result = ItemResult(item, lesson: lesson, verdict: .matched,
                                message: "present" + (listed ? "" : " (but not listed under \"figures\" in results.json)"))
        result.yours = "\(format), \(max(1, data.count / 1024)) KB"
        return result
    }

    /// The flat indices graded: all, or for `row>column` only those below the diagonal (in an R
    /// matrix, the tasks already learned; the rest are a network guessing at unseen tasks).
    static func includedEntries(_ rows: [[Double]], _ entries: String?) -> [Int] {
        var indices: [Int] = [], flat = 0
        for (r, row) in rows.enumerated() {
            for c in row.indices {
                if entries != "row>column" || r > c { indices.append(flat) }
                flat += 1
            }
        }
        return indices
    }

    static func figureFormat(_ path: String) -> String? {
        [".png": "PNG", ".pdf": "PDF", ".svg": "SVG"].first { path.lowercased().hasSuffix($0.key) }?.value
    }

    /// Checks the first bytes: PNG's signature, "%PDF-", or an `<svg` element near the start.
    static func looksLike(_ format: String, _ data: Data) -> Bool {
        switch format {
        case "PNG": return data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "PDF": return data.starts(with: Array("%PDF-".utf8))
        default: return String(decoding: data.prefix(4096), as: UTF8.self).contains("<svg")
        }
    }

    /// A matrix: a non-empty array of rows of finite numbers, all rows as long.
    static func rows(_ value: JSONValue) -> Result<[[Double]], GradingError> {
        guard case .array(let rows) = value else { return .failure(GradingError("is \(value.kindName), not an array of rows")) }
        var matrix: [[Double]] = []
        for (r, row) in rows.enumerated() {
            switch numbers(row, name: "row \(r + 1)") {
            case .failure(let error): return .failure(error)
            case .success(let values): matrix.append(values)
            }
        }
        if let first = matrix.first, let r = matrix.firstIndex(where: { $0.count != first.count }) {
            return .failure(GradingError("row \(r + 1) has \(matrix[r].count) entries but row 1 has \(first.count): not a matrix"))
        }
        return .success(matrix)
    }

    /// A curve as two rows, x then y, of the same length.
    static func curve(_ value: JSONValue) -> Result<[[Double]], GradingError> {
        guard let x = value["x"], let y = value["y"] else { return .failure(GradingError("needs both \"x\" and \"y\"")) }
        switch (numbers(x, name: "x"), numbers(y, name: "y")) {
        case (.failure(let error), _), (_, .failure(let error)): return .failure(error)
        case (.success(let xs), .success(let ys)):
            return xs.count == ys.count ? .success([xs, ys]) : .failure(GradingError("x has \(xs.count) points but y has \(ys.count)"))
        }
    }

    static func numbers(_ value: JSONValue, name: String) -> Result<[Double], GradingError> {
        guard case .array(let items) = value else { return .failure(GradingError("\(name) is \(value.kindName), not an array of numbers")) }
        var numbers: [Double] = []
        for (i, item) in items.enumerated() {
            guard case .number(let x) = item, x.isFinite else { return .failure(GradingError("\(name), entry \(i + 1) is \(item.kindName), not a finite number")) }
            numbers.append(x)
        }
        return .success(numbers)
    }

    func missing(_ item: Rubric.Item, _ message: String) -> ItemResult { ItemResult(item, lesson: lesson, verdict: .missing, message: message) }
    func wrong(_ item: Rubric.Item, _ message: String) -> ItemResult { ItemResult(item, lesson: lesson, verdict: .wrong, message: message) }
}

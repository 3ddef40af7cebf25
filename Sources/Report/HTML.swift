/// `text` safe inside HTML text and quoted attributes.
public func htmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// A small Markdown subset, enough for a lesson's prose: paragraphs, `#`–`###` headings (h2–h4), `-` and
/// `1.` lists, **bold**, *italic*, `code` and [links](https://…). Everything is escaped first, so
/// no HTML in the source survives; links may only be http(s), relative paths or #anchors.
public func markdownToHTML(_ source: String) -> String {
    var html: [String] = [], paragraph: [String] = [], list: (tag: String, items: [String])?
    func flush() {
        if !paragraph.isEmpty { html.append("<p>\(inline(paragraph.joined(separator: " ")))</p>"); paragraph = [] }
        if let l = list { html.append("<\(l.tag)>" + l.items.map { "<li>\(inline($0))</li>" }.joined() + "</\(l.tag)>"); list = nil }
    }
    for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty { flush(); continue }
        if raw.first == " ", let l = list, !l.items.isEmpty {     // an indented line continues the list item
            list!.items[l.items.count - 1] += " " + line
            continue
        }
        if let level = ["### ", "## ", "# "].firstIndex(where: { line.hasPrefix($0) }) {
            flush()
            let tag = "h\(4 - level)"          // "#" is h2: the page's h1 is the lesson title
            html.append("<\(tag)>\(inline(String(line.drop { $0 == "#" }.dropFirst())))</\(tag)>")
        } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
            if !paragraph.isEmpty || list?.tag == "ol" { flush() }
            list = ("ul", (list?.items ?? []) + [String(line.dropFirst(2))])
        } else if let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty,
                  line[line.index(after: dot)...].hasPrefix(" ") {
            if !paragraph.isEmpty || list?.tag == "ul" { flush() }
            list = ("ol", (list?.items ?? []) + [String(line[line.index(dot, offsetBy: 2)...])])
        } else if list != nil {
            flush(); paragraph.append(line)
        } else {
            paragraph.append(line)
        }
    }
    flush()
    return html.joined(separator: "\n")
}

/// Inline Markdown (code, bold, italics, links) on one line of text, escaped: for short texts
/// such as an exercise's expectation.
public func inlineMarkdown(_ text: String) -> String { inline(text) }

/// Inline Markdown on one escaped line.
private func inline(_ text: String) -> String {
    var s = htmlEscaped(text)
    s = replace(s, #"`([^`]+)`"#) { "<code>\($0[1])</code>" }
    s = replace(s, #"\*\*([^*]+)\*\*"#) { "<strong>\($0[1])</strong>" }
    s = replace(s, #"\*([^*]+)\*"#) { "<em>\($0[1])</em>" }
    s = replace(s, #"\[([^\]]+)\]\(([^)\s]+)\)"#) { groups in
        let href = groups[2]
        let safe = href.hasPrefix("https://") || href.hasPrefix("http://") || href.hasPrefix("#")
            || (!href.contains(":") && !href.hasPrefix("//"))
        return safe ? "<a href=\"\(href)\">\(groups[1])</a>" : groups[1]
    }
    return s
}

/// Replaces every match of `pattern`, building the replacement from the capture groups.
private func replace(_ s: String, _ pattern: String, _ make: ([String]) -> String) -> String {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return s }
    let ns = s as NSString
    var out = "", last = 0
    for m in regex.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
        out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
        out += make((0..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) })
        last = m.range.location + m.range.length
    }
    return out + ns.substring(from: last)
}

import Foundation

/// A formula, built as a tree and written as MathML (rendered natively by current browsers, with
/// the DejaVu Math font the report bundles). Every leaf is escaped.
///
///     // ACC = (1/T) Σ_{i=1}^{T} R_{T,i}
///     .row([.id("ACC"), .op("="), .frac(.num("1"), .id("T")),
///           .underover(.op("∑"), .row([.id("i"), .op("="), .num("1")]), .id("T")),
///           .sub(.id("R"), .row([.id("T"), .op(","), .id("i")]))])
public indirect enum MathNode: Sendable {
    case id(String)
    case num(String)
    case op(String)
    case text(String)
    case row([MathNode])
    case frac(MathNode, MathNode)
    case sub(MathNode, MathNode)
    case sup(MathNode, MathNode)
    case subsup(MathNode, MathNode, MathNode)
    case underover(MathNode, MathNode, MathNode)
    case sqrt(MathNode)
    /// The node in stretchy parentheses.
    case paren(MathNode)

    public var mathML: String {
        switch self {
        case .id(let s): "<mi>\(htmlEscaped(s))</mi>"
        case .num(let s): "<mn>\(htmlEscaped(s))</mn>"
        case .op(let s): "<mo>\(htmlEscaped(s))</mo>"
        case .text(let s): "<mtext>\(htmlEscaped(s))</mtext>"
        case .row(let nodes): "<mrow>" + nodes.map(\.mathML).joined() + "</mrow>"
        case .frac(let a, let b): "<mfrac>\(a.mathML)\(b.mathML)</mfrac>"
        case .sub(let a, let b): "<msub>\(a.mathML)\(b.mathML)</msub>"
        case .sup(let a, let b): "<msup>\(a.mathML)\(b.mathML)</msup>"
        case .subsup(let a, let b, let c): "<msubsup>\(a.mathML)\(b.mathML)\(c.mathML)</msubsup>"
        case .underover(let a, let b, let c): "<munderover>\(a.mathML)\(b.mathML)\(c.mathML)</munderover>"
        case .sqrt(let a): "<msqrt>\(a.mathML)</msqrt>"
        case .paren(let a): "<mrow><mo stretchy=\"true\">(</mo>\(a.mathML)<mo stretchy=\"true\">)</mo></mrow>"
        }
    }

    /// A displayed formula.
    public var displayHTML: String { "<math display=\"block\">\(mathML)</math>" }
}

import FileIO
import Foundation

/// The stylesheet and font every report folder carries, so it reads offline in any browser.
enum ReportAssets {
    /// Where Debian's fonts-dejavu-extra installs the math font.
    static let mathFontPaths = ["/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf",
                                "/usr/share/fonts/opentype/dejavu/DejaVuMathTeXGyre.ttf"]

    static func install(in folder: URL) throws {
        try writeAtomically(css, to: folder.appendingPathComponent("report.css"))
        let font = folder.appendingPathComponent("DejaVuMathTeXGyre.ttf")
        if !FileManager.default.fileExists(atPath: font.path),
           let source = mathFontPaths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            try writeAtomically(Data(contentsOf: URL(fileURLWithPath: source)), to: font)
        }
    }

    static let css = """
    @font-face { font-family: "LifeLong Math"; src: local("DejaVu Math TeX Gyre"), url("DejaVuMathTeXGyre.ttf") format("truetype"); }
    :root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #e3e3e3; --accent: #0072B2; --good: #009E73; --bad: #D55E00; --paper: #ffffff; --tint: #f6f8fa; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--paper); color: var(--ink); font: 18px/1.6 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; overflow-wrap: break-word; }
    header, main, footer, nav.lessons { max-width: 1000px; margin: 0 auto; padding: 0 28px; }
    @media (max-width: 600px) { header, main, footer, nav.lessons { padding: 0 14px; } h1 { font-size: 28px; } body { font-size: 17px; } }
    .scroll { overflow-x: auto; max-width: 100%; }
    nav.lessons { display: flex; justify-content: space-between; gap: 12px; margin-top: 36px; font-size: 16px; }
    nav.lessons a { color: var(--accent); text-decoration: none; }
    nav.lessons .next { text-align: right; }
    header { padding-top: 28px; }
    .kicker { color: var(--muted); font-size: 15px; margin: 0; }
    .kicker a { color: var(--accent); text-decoration: none; font-weight: bold; }
    h1 { font-size: 38px; line-height: 1.2; margin: 8px 0 6px; }
    h2 { font-size: 24px; margin: 32px 0 8px; }
    h3 { font-size: 20px; margin: 24px 0 6px; }
    .slide { color: var(--muted); margin: 0 0 12px; }
    .learn { background: var(--tint); border-left: 5px solid var(--accent); padding: 6px 20px 10px; border-radius: 4px; }
    .learn h2 { font-size: 18px; margin: 8px 0 4px; text-transform: uppercase; letter-spacing: .05em; color: var(--accent); }
    .learn ul { margin: 4px 0; padding-left: 22px; }
    section { margin: 22px 0; }
    code { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: .9em; background: var(--tint); padding: 1px 5px; border-radius: 3px; overflow-wrap: anywhere; }
    pre { overflow-x: auto; max-width: 100%; }
    pre code { overflow-wrap: normal; }
    math { font-family: "LifeLong Math", "DejaVu Math TeX Gyre", math; font-size: 1.25em; }
    .formula { background: var(--tint); border-radius: 6px; padding: 10px 18px; overflow-x: auto; max-width: 100%; }
    .exercises ol.tries > li { margin-bottom: 14px; }
    .exercises pre { background: var(--tint); padding: 8px 12px; border-radius: 6px; margin: 4px 0; }
    .exercises pre code, footer pre code { white-space: pre-wrap; overflow-wrap: anywhere; }
    .exercises p { margin: 4px 0; }
    .lecture-map .not-yet { color: var(--muted); }
    .formula .note { color: var(--muted); margin: 4px 0 6px; font-size: 16px; }
    figure { margin: 26px 0; }
    figure img { width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 6px; display: block; }
    figcaption { color: var(--muted); font-size: 16px; margin-top: 8px; }
    figcaption .downloads { white-space: nowrap; margin-left: 8px; }
    figcaption a { color: var(--accent); }
    table { border-collapse: collapse; width: 100%; font-size: 16px; }
    caption { text-align: left; color: var(--muted); padding-bottom: 6px; }
    th, td { border-bottom: 1px solid var(--rule); padding: 7px 10px; text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid var(--ink); }
    tbody tr:nth-child(even) { background: var(--tint); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .metrics { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(190px, 100%), 1fr)); gap: 14px; }
    .metric { border: 1px solid var(--rule); border-top: 5px solid var(--accent); border-radius: 6px; padding: 12px 16px; }
    .metric.good { border-top-color: var(--good); } .metric.bad { border-top-color: var(--bad); }
    .metric .label { color: var(--muted); font-size: 15px; }
    .metric .value { font-size: 34px; font-weight: bold; font-variant-numeric: tabular-nums; }
    .metric .value .unit { font-size: 18px; font-weight: normal; color: var(--muted); }
    .metric .detail { color: var(--muted); font-size: 14px; }
    footer { margin-top: 40px; padding-bottom: 40px; border-top: 1px solid var(--rule); font-size: 15px; }
    footer pre { background: var(--tint); padding: 10px 14px; border-radius: 6px; overflow-x: auto; }
    footer table.repro th { width: 35%; color: var(--muted); font-weight: normal; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(290px, 100%), 1fr)); gap: 18px; margin: 24px 0 40px; }
    .card { border: 1px solid var(--rule); border-radius: 8px; overflow: hidden; text-decoration: none; color: inherit; display: block; }
    .card:hover { border-color: var(--accent); }
    .card img { width: 100%; aspect-ratio: 16 / 9; object-fit: cover; display: block; border-bottom: 1px solid var(--rule); background: var(--tint); }
    .card .body { padding: 10px 14px 14px; }
    .card h3 { margin: 0 0 4px; font-size: 19px; }
    .card .slide { font-size: 14px; }
    .card .headline { font-size: 26px; font-weight: bold; }
    .card .headline small { display: block; font-size: 13px; font-weight: normal; color: var(--muted); }
    .card.failed { border-color: var(--bad); }
    """
}

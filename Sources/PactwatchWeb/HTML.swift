import PactwatchCore

/// Markup (HTML, SVG, Atom) built so that text cannot reach it unescaped by accident: a literal
/// written in code is markup, every interpolated value is text and is escaped, and other markup is
/// spliced in only as an `HTML` value. The one way to turn an arbitrary string into markup is
/// `HTML.trusted(_:)`, kept for markup we produced ourselves and greppable.
///
///     let name = "<Bob & Co>"
///     let cell: HTML = "<td title=\"\(name)\">\(name)</td>"
///     // <td title="&lt;Bob &amp; Co&gt;">&lt;Bob &amp; Co&gt;</td>
struct HTML: ExpressibleByStringInterpolation, Equatable, Sendable {
    private(set) var markup: String

    init() { markup = "" }

    init(stringLiteral literal: String) { markup = literal }

    init(stringInterpolation interpolation: StringInterpolation) { markup = interpolation.markup }

    /// Markup taken as it is, unescaped: only for markup this program wrote (a chart's SVG).
    static func trusted(_ markup: String) -> HTML {
        var html = HTML()
        html.markup = markup
        return html
    }

    static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    static func + (lhs: HTML, rhs: HTML) -> HTML {
        var out = lhs
        out += rhs
        return out
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity + interpolationCount * 16) }

        mutating func appendLiteral(_ literal: String) { markup += literal }

        mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        mutating func appendInterpolation(_ html: HTML?) { if let html { markup += html.markup } }

        mutating func appendInterpolation(_ parts: [HTML], separator: HTML = "") {
            for (i, part) in parts.enumerated() {
                if i > 0 { markup += separator.markup }
                markup += part.markup
            }
        }

        mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &markup) }

        mutating func appendInterpolation(_ text: Substring) { HTML.escape(String(text), into: &markup) }

        /// Numbers, days and other values: written as their description, escaped.
        mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            HTML.escape(value.description, into: &markup)
        }
    }

    /// A form's hidden fields, one per parameter (a GET form keeps the page's day and language this way).
    static func hidden(_ params: [(String, String)]) -> HTML {
        joined(params.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" })
    }

    /// Parts joined by `separator`.
    static func joined(_ parts: [HTML], separator: HTML = "") -> HTML { "\(parts, separator: separator)" }

    /// Escapes text for HTML and XML alike, in text and in quoted attributes. Control characters
    /// other than tab and line ends are dropped: XML does not allow them.
    static func escape(_ text: String, into out: inout String) {
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" { continue }
                out.unicodeScalars.append(c)
            }
        }
    }
}

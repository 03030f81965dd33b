import Foundation
import PactwatchCore
import PactwatchData

/// A table as a page shows it, downloadable as CSV and JSON holding exactly its rows.
struct DataTable {
    struct Cell {
        var text: String
        var link: String?
        /// The machine value for CSV and JSON (a number, an id); defaults to `text`.
        var value: Value?
        var cssClass: String?
        var struck = false
        /// A second line under the text on the page (another column of the downloads says it
        /// on its own): a claim's scope under its statement.
        var sub: (text: String, link: String?)?
        /// Several links in one cell (an event's sources), each with its hover title; `text`
        /// then says them all for the downloads' label column.
        var links: [(text: String, href: String, title: String, url: String)] = []

        init(
            _ text: String, link: String? = nil, value: Value? = nil, cssClass: String? = nil, struck: Bool = false,
            sub: (text: String, link: String?)? = nil, links: [(text: String, href: String, title: String, url: String)] = []
        ) {
            self.text = text; self.link = link; self.value = value; self.cssClass = cssClass; self.struck = struck; self.sub = sub
            self.links = links
        }
    }

    enum Value {
        case text(String)
        case number(Double)
        case integer(Int)
        case null

        var json: Any {
            switch self {
            case .text(let s): s
            case .number(let x): x
            case .integer(let n): n
            case .null: NSNull()
            }
        }

        /// The cell as a spreadsheet download holds it: numbers in plain decimals, and text that a
        /// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
        /// return, as OWASP lists them) led by an apostrophe, so it is shown, never evaluated.
        /// The record itself, the JSON, the data package and `export` keep text exactly as given.
        var csv: String {
            switch self {
            case .text(let s): DataTable.neutralized(s)
            case .number(let x): RecordCoding.number(x)
            case .integer(let n): String(n)
            case .null: ""
            }
        }
    }

    /// Names the table in its download URL (`?table=parties&format=csv`).
    let id: String
    let caption: String
    /// Machine names (CSV header, JSON keys) and the headers shown.
    let columns: [(key: String, label: String)]
    var rows: [[Cell]]
    /// Columns the downloads carry and the page does not show (a value the shown text already
    /// says in words, split into its parts for a spreadsheet).
    var dataOnly: Set<String> = []
    /// A table narrow enough to stay a table on a phone (not stacked into cards).
    var compact = false

    init(id: String, caption: String, columns: [(key: String, label: String)], rows: [[Cell]], dataOnly: Set<String> = []) {
        self.id = id; self.caption = caption; self.columns = columns; self.rows = rows; self.dataOnly = dataOnly
    }

    /// `definition` gives a column's link to its definition and its one-line explanation.
    /// `sort`, on a listing, gives each column's sorting link and whether it is the current order
    /// (`ascending` or `descending`, for `aria-sort`).
    func html(
        downloads: (String) -> HTML, empty: String, definition: (String) -> (link: String, line: String)? = { _ in nil },
        sort: ((String) -> (href: String, state: String?))? = nil
    ) -> HTML {
        var out: HTML = "<figure class=\"table\(compact ? " compact" : "")\" id=\"t-\(id)\"><figcaption>\(caption)"
        out += " <span class=\"downloads\">\(downloads("csv")) \(downloads("json"))</span></figcaption>"
        guard !rows.isEmpty else { return out + "<p class=\"empty\">\(empty)</p></figure>" }
        out += "<div class=\"scroll\"><table><thead><tr>"
        let shown = columns.indices.filter { !dataOnly.contains(columns[$0].key) }
        for i in shown {
            let label: HTML =
                definition(columns[i].key).map { "<a class=\"def\" href=\"\($0.link)\" title=\"\($0.line)\">\(columns[i].label)</a>" }
                ?? "\(columns[i].label)"
            guard let sort else {
                out += "<th scope=\"col\">\(label)</th>"
                continue
            }
            let (href, state) = sort(columns[i].key)
            let mark: HTML = state == "ascending" ? " ▲" : state == "descending" ? " ▼" : ""
            out +=
                "<th scope=\"col\"\(state.map { " aria-sort=\"\($0)\"" as HTML })>\(label) <a class=\"sort\" href=\"\(href)\" title=\"\(columns[i].label)\">⇅</a>\(mark)</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for i in shown {
                let cell = row[i]
                var content: HTML = "\(cell.text)"
                if let link = cell.link { content = "<a href=\"\(link)\">\(content)</a>" }
                if !cell.links.isEmpty {
                    content = HTML.joined(
                        cell.links.map { "<a class=\"src\" href=\"\($0.href)\" title=\"\($0.title)\" data-url=\"\($0.url)\">\($0.text)</a>" },
                        separator: " ")
                }
                if cell.struck { content = "<del>\(content)</del>" }
                if let sub = cell.sub {
                    let line: HTML = sub.link.map { "<a href=\"\($0)\">\(sub.text)</a>" } ?? "\(sub.text)"
                    content += "<span class=\"sub\">\(line)</span>"
                }
                let cls = cell.cssClass.map { " class=\"\($0)\"" as HTML }
                // The column's name, for the stacked cards a narrow screen shows.
                out += "<td\(cls) data-label=\"\(columns[i].label)\">\(content)</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div></figure>"
    }

    /// The downloads' columns: each of the table's, followed by `KEY_label` where its cells
    /// name records by id (the value is the id, the page shows the name), so a spreadsheet has both.
    var downloadColumns: [(key: String, column: Int, label: Bool)] {
        columns.indices.flatMap { i -> [(key: String, column: Int, label: Bool)] in
            let named = rows.contains { row in
                if case .text(let id)? = row[i].value { return id != row[i].text && !row[i].text.isEmpty }
                return false
            }
            return [(columns[i].key, i, false)] + (named ? [(columns[i].key + "_label", i, true)] : [])
        }
    }

    /// The table as CSV: an `as_of` column first when a day is given, a label column beside each id
    /// column; for Excel (`excel`), a UTF-8 byte-order mark and `;` between fields.
    func csv(asOf: Day?, excel: Bool = false) -> String {
        let columns = downloadColumns
        func line(_ fields: [String]) -> String {
            excel ? fields.map(Self.excelField).joined(separator: ";") + "\r\n" : CSV.line(fields)
        }
        var out = (excel ? "\u{FEFF}" : "") + line((asOf == nil ? [] : ["as_of"]) + columns.map(\.key))
        for row in rows {
            let cells = columns.map { c in c.label ? Value.text(row[c.column].text).csv : (row[c.column].value ?? .text(row[c.column].text)).csv }
            out += line((asOf.map { [$0.description] } ?? []) + cells)
        }
        return out
    }

    /// A field quoted as RFC 4180 does, with `;` as the separator it must not hold unquoted.
    static func excelField(_ field: String) -> String {
        guard field.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func neutralized(_ text: String) -> String {
        guard let first = text.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13].contains(first) else {
            return text
        }
        return "'" + text
    }

    /// The table as JSON; a number JSON cannot hold (not finite) is an error, never an empty body.
    func json(asOf: Day? = nil) throws -> Data {
        let columns = downloadColumns
        let objects: [[String: Any]] = rows.map { row in
            Dictionary(
                uniqueKeysWithValues: columns.map { c in
                    (c.key, c.label ? Value.text(row[c.column].text).json : (row[c.column].value ?? .text(row[c.column].text)).json)
                })
        }
        var body: [String: Any] = ["table": id, "caption": caption, "columns": columns.map(\.key), "rows": objects]
        if let asOf { body["as_of"] = asOf.description }
        return try JSONSerialization.data(withJSONObject: body, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

}

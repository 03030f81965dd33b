import Foundation
import PactwatchCore
import PactwatchData
import PactwatchStore

/// `pactwatch site OUT`: the whole public site as static files with relative links — every
/// page, chart, feed, table download, API snapshot and the dataset package — for any static host.
public enum StaticSite {
    /// Writes the site as of `asOf` in `language`; returns the number of files written.
    @discardableResult
    public static func write(_ stored: StoredDataset, to folder: URL, asOf: Day, language: Language = .en, baseURL: String = "",
                             progress: ((String) -> Void)? = nil) throws -> Int {
        let index = FigureIndex(Snapshot(stored.dataset))
        let snapshot = index.snapshot
        var written = 0
        func context(_ path: String, _ query: [String: String] = [:]) throws -> PageContext {
            var ctx = try PageContext(figures: index, version: stored.version, updated: stored.updated,
                                      path: path, query: query, acceptLanguage: language.rawValue, today: asOf)
            ctx.mode = .staticSite(file: file(for: path, []))
            ctx.hashes = stored.eventHashes
            ctx.unlimited = true
            return ctx
        }
        func save(_ relative: String, _ data: Data) throws {
            let url = folder.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            written += 1
            if written % 100 == 0 { progress?("wrote \(written) files") }
        }
        func page(_ path: String, _ render: (PageContext) throws -> Page?) throws {
            let ctx = try context(path)
            guard let page = try render(ctx) else { return }
            try save(file(for: path, []), Data(Layout.render(page, ctx).utf8))
            for table in page.tables {
                try save(file(for: path, [("table", table.id), ("format", "csv")]), Data(table.csv.utf8))
                try save(file(for: path, [("table", table.id), ("format", "json")]), table.json)
            }
        }

        let d = snapshot.dataset
        let files = try DatasetFolder.files(d, eventHashes: stored.eventHashes, name: "pactwatch")
        progress?("pages")
        try page("/") { Pages.dashboard($0) }
        try page("/claims") { Pages.claims($0) }
        try page("/data") { Pages.data($0, files: files) }
        for i in d.instruments { try page("/instruments/\(urlEncode(i.id))") { Pages.instrument($0, id: i.id) } }
        for c in d.commitments { try page("/commitments/\(urlEncode(c.id))") { Pages.commitment($0, id: c.id) } }
        for p in d.parties { try page("/parties/\(urlEncode(p.id))") { Pages.party($0, id: p.id) } }
        let areas = Array(Set(d.commitments.compactMap(\.area))).sorted()
        for a in areas { try page("/areas/\(urlEncode(a))") { Pages.area($0, area: a) } }
        for a in d.acts { try page("/acts/\(urlEncode(a.id))") { Pages.act($0, id: a.id) } }
        for s in d.sources { try page("/sources/\(urlEncode(s.id))") { Pages.source($0, id: s.id) } }

        progress?("charts and feeds")
        let chartContext = try context("/charts/burnup.svg")
        try save(file(for: "/charts/burnup.svg", []), Data(Charts.burnup(chartContext, scope: .all, label: chartContext.label(.all)).utf8))
        let scopes: [(String, String, Scope)] = d.instruments.map { ("instrument", $0.id, .instrument($0.id)) }
            + d.parties.map { ("party", $0.id, .party($0.id)) } + areas.map { ("area", $0, .area($0)) }
        for (key, value, scope) in scopes {
            try save(file(for: "/charts/burnup.svg", [(key, value)]), Data(Charts.burnup(chartContext, scope: scope, label: chartContext.label(scope)).utf8))
        }
        let report = index.report(asOf: asOf)
        let stageRows = report.instruments.filter { $0.figures.obligations > 0 }.map { (chartContext.instrumentTitle($0.id), $0.figures) }
        try save(file(for: "/charts/stages.svg", []), Data(Charts.stages(chartContext, rows: stageRows, title: chartContext.t["stages_by_instrument"]).utf8))
        let feeds: [Scope] = [.all] + d.parties.map { .party($0.id) } + d.instruments.map { .instrument($0.id) }
            + d.commitments.map { .commitment($0.id) }
        for scope in feeds {
            let path = scope == .all ? "/changes.atom" : chartContext.pagePath(scope) + "/changes.atom"
            try save(file(for: path, []), Data(Feeds.atom(try context(path), scope: scope, selfPath: path, baseURL: baseURL).utf8))
        }

        progress?("API snapshots and the dataset package")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (name, build) in Api.lists {
            try save(file(for: "/api/v1/\(name)", []), try encoder.encode(try build(try context("/api/v1/\(name)"))))
        }
        if let openAPI = Site.resources["openapi.json"] { try save("api/v1/openapi.json", openAPI) }
        for f in files { try save(file(for: "/data/" + f.name, []), f.data) }
        try save(file(for: "/data/pactwatch-dataset.zip", []), Zip.archive(files.map { ("pactwatch-dataset/" + $0.name, $0.data) }))
        if let css = Site.resources["pactwatch.css"] { try save("static/pactwatch.css", css) }
        progress?("wrote \(written) files")
        return written
    }

    /// The file (relative to the site's root) that serves what the server serves at `path` with
    /// the given query: `/instruments/x` → `instruments/x/index.html`, a table download →
    /// `instruments/x/commitments.csv`, a scoped chart → `charts/burnup-party-RU.svg`.
    static func file(for path: String, _ query: [(String, String)]) -> String {
        let params = Dictionary(query, uniquingKeysWith: { a, _ in a })
        let parts = path.split(separator: "/").map { safe(String($0)) }
        let joined = parts.joined(separator: "/")
        let folder = joined.isEmpty ? "" : joined + "/"
        if let table = params["table"], let format = params["format"] { return folder + safe(table) + "." + safe(format) }
        if joined == "charts/burnup.svg", let (key, value) = query.first(where: { ["instrument", "party", "area", "commitment"].contains($0.0) }) {
            return "charts/burnup-\(key)-\(safe(value)).svg"
        }
        if joined.hasPrefix("api/v1/"), !joined.hasSuffix(".json") { return joined + ".json" }
        if [".svg", ".atom", ".css", ".json", ".csv", ".zip"].contains(where: joined.hasSuffix) { return joined }
        return folder + "index.html"
    }

    /// A path component any static host serves as written, for any string: an id-like component
    /// (letters, digits, `.`, `_`, `-`, not starting with a dot, up to 64 bytes) is kept as it is;
    /// anything else (`..`, a slash, Cyrillic, a long area name) becomes its id-like characters cut
    /// to 32, then `~` and a hash of the whole string. Such a name never leaves its folder, stays
    /// well under any file system's limit, and cannot equal a kept component (those have no `~`).
    static func safe(_ component: String) -> String {
        let decoded = component.removingPercentEncoding ?? component
        func isPlain(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
        }
        let bytes = Array(decoded.utf8)
        if (1...64).contains(bytes.count), bytes.allSatisfy(isPlain), bytes[0] != UInt8(ascii: ".") { return decoded }
        let kept = bytes.filter(isPlain).drop { $0 == UInt8(ascii: ".") }.prefix(32)
        // FNV-1a: stable across runs and builds (Swift's own hashing is seeded per process).
        return String(decoding: kept, as: UTF8.self) + "~" + Site.fnv(decoded).leftPad(16)
    }

    /// `target` (site-root-relative) as seen from the folder of `file`.
    static func relative(from file: String, to target: String) -> String {
        String(repeating: "../", count: max(0, file.split(separator: "/").count - 1)) + target
    }
}

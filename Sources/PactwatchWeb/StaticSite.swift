import Foundation
import PactwatchCore
import PactwatchData
import PactwatchStore

/// `pactwatch site OUT`: the whole public site as static files with relative links — every
/// page, chart, feed, table download, API snapshot and the dataset package — for any static host.
public enum StaticSite {
    /// Writes the site as of `asOf` in `language`; returns the number of files written.
    @discardableResult
    public static func write(
        _ stored: StoredDataset, to folder: URL, asOf: Day, language: Language = .en, baseURL: String = "",
        progress: ((String) -> Void)? = nil
    ) throws -> Int {
        let index = FigureIndex(Snapshot(stored.dataset))
        let release = DataPackage.Release(
            version: stored.version, created: stored.updated, url: baseURL.isEmpty ? nil : baseURL + Route.openData.path)
        let files = try DatasetFolder.files(index.snapshot.dataset, eventHashes: stored.eventHashes, name: DataFiles.name, release: release)
        var written = 0
        func save(_ relative: String, _ data: Data) throws {
            let url = folder.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            written += 1
            if written % 100 == 0 { progress?("wrote \(written) files") }
        }
        let routes = Route.published(in: index.snapshot)
        progress?("\(routes.count) pages, feeds, charts and files to write")
        for route in routes {
            var ctx = try PageContext(
                figures: index, version: stored.version, updated: stored.updated, route: route, query: [:],
                acceptLanguage: language.rawValue, today: asOf)
            ctx.mode = .staticSite(file: route.file())
            ctx.baseURL = baseURL
            ctx.unlimited = true
            switch route {
            case .feed(let scope):
                try save(route.file(), Data(Feeds.atom(ctx, scope: scope, baseURL: baseURL).markup.utf8))
            case .searchFeed:
                continue  // A search needs the server.
            case .chart(let chart, let scope, let width):
                try save(route.file(), Data(Charts.draw(chart, scope, width, ctx).markup.utf8))
            case .stylesheet:
                if let css = Site.resources["pactwatch.css"] { try save(route.file(), css) }
            case .api(.openapi):
                if let openAPI = Site.resources["openapi.json"] { try save(route.file(), openAPI) }
            case .api(let endpoint):
                guard let answer = try Api.answer(endpoint, ctx, Api.Inputs(hashes: stored.eventHashes)) else { continue }
                try save(route.file(), Data(JSONWriter.encode(answer)))
            case .dataFile(DataFiles.zip):
                try save(route.file(), Zip.archive(files.map { (DataFiles.name + "-dataset/" + $0.name, $0.data) }))
            case .dataFile(let name):
                guard let file = files.first(where: { $0.name == name }) else { continue }
                try save(route.file(), file.data)
            case .dashboard, .claims, .search, .instrument, .commitment, .party, .area, .act, .source, .index, .openData, .methodology:
                guard let page = try Pages.page(route, ctx, Pages.Inputs(files: files.map { ($0.name, $0.data.count) }, release: release)) else {
                    continue
                }
                try save(route.file(), Data(Layout.render(page, ctx).markup.utf8))
                for table in page.tableIDs.compactMap(page.table) {
                    try save(route.file(table: table.id, format: "csv"), Data(table.csv(asOf: ctx.asOf).utf8))
                    try save(route.file(table: table.id, format: "json"), try table.json(asOf: ctx.asOf))
                }
            }
        }
        progress?("wrote \(written) files")
        return written
    }

    /// A path component any static host serves as written, for any string: an id-like component
    /// (letters, digits, `.`, `_`, `-`, not starting with a dot, up to 64 bytes) is kept as it is;
    /// anything else (`..`, a slash, Cyrillic, a long area name) becomes its id-like characters cut
    /// to 32, then `~` and a hash of the whole string. Such a name never leaves its folder, stays
    /// well under any file system's limit, and cannot equal a kept component (those have no `~`).
    static func safe(_ component: String) -> String {
        let decoded = component
        func isPlain(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
        }
        let bytes = Array(decoded.utf8)
        // A record's folder may not be named as a file an index page writes beside it (`areas/index.html`,
        // `areas/areas.csv`): such names take the hashed form too.
        let fileLike = [".html", ".csv", ".json", ".atom", ".svg"].contains { decoded.lowercased().hasSuffix($0) }
        if (1...64).contains(bytes.count), bytes.allSatisfy(isPlain), bytes[0] != UInt8(ascii: "."), !fileLike { return decoded }
        let kept = bytes.filter(isPlain).drop { $0 == UInt8(ascii: ".") }.prefix(32)
        // FNV-1a: stable across runs and builds (Swift's own hashing is seeded per process).
        return String(decoding: kept, as: UTF8.self) + "~" + Site.fnv(decoded).leftPad(16)
    }

    /// `target` (site-root-relative) as seen from the folder of `file`.
    static func relative(from file: String, to target: String) -> String {
        String(repeating: "../", count: max(0, file.split(separator: "/").count - 1)) + target
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

import Foundation
import PactwatchCore

/// `datapackage.json`: a Frictionless Data Package with a Table Schema for each file.
public enum DataPackage {
    /// The descriptor for a dataset folder whose files carry the given translation columns.
    /// `release`: the data version and when it was last changed (`version`, `created`), and the
    /// address of the published package, for the suggested citation.
    public static func json(name: String, translationColumns: [Table: [String]], about: About = About(), release: Release? = nil) throws -> Data {
        let resources: [[String: Any]] = Table.allCases.map { table in
            var fields: [[String: Any]] = table.fields.map { field in
                var f: [String: Any] = ["name": field.name, "description": field.description]
                let (type, format) = field.type.frictionless
                f["type"] = type
                if let format { f["format"] = format }
                var constraints: [String: Any] = [:]
                if field.required { constraints["required"] = true }
                if case .choice(let values) = field.type { constraints["enum"] = values }
                if field.type == .id { constraints["pattern"] = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}" }
                if field.type == .date { constraints["pattern"] = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?" }
                if !constraints.isEmpty { f["constraints"] = constraints }
                return f
            }
            for column in translationColumns[table] ?? [] {
                guard let (field, language) = table.translation(of: column) else { continue }
                fields.append(["name": column, "type": "string", "description": "Translation of \(field) into \(language)."])
            }
            var schema: [String: Any] = ["fields": fields, "primaryKey": ["id"]]
            schema["missingValues"] = [""]
            return [
                "name": table.rawValue,
                "path": table.fileName,
                "profile": "tabular-data-resource",
                "description": table.summary,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": ["delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true, "header": true],
                "schema": schema,
            ]
        }
        // A title and a subtitle only where the record has them: a reader of the export gets back what was given.
        var package: [String: Any] = ["name": name, "profile": "tabular-data-package", "resources": resources]
        if let title = about.title { package["title"] = title }
        if let description = about.description { package["description"] = description }
        for (language, text) in about.titles { package["title_" + language] = text }
        for (language, text) in about.descriptions { package["description_" + language] = text }
        package["licenses"] = about.licensesInForce.map { l in
            [("name", l.name), ("path", l.path), ("title", l.title)].reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
        }
        if let contributors = about.contributors {
            package["contributors"] = contributors.map { c in
                [("title", c.title), ("role", c.role), ("path", c.path)].reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
            }
        }
        if let citation = about.citation { package["citation"] = citation }
        if let areas = about.areas {
            package["areas"] = areas.map { a in
                a.titles.reduce(into: ["name": a.name, "title": a.title]) { $0["title_" + $1.key] = $1.value }
            }
        }
        if let release {
            package["version"] = "\(release.version)"
            if let created = release.created { package["created"] = created }
            package["suggested_citation"] = suggestedCitation(about, release)
        }
        return try JSONSerialization.data(withJSONObject: package, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// A published package's version, date and address.
    public struct Release: Sendable {
        public var version: Int
        public var created: String?
        public var url: String?
        public init(version: Int, created: String?, url: String?) { self.version = version; self.created = created; self.url = url }
    }

    /// How to cite the package: the publisher's own citation if the dataset gives one, else
    /// "Title. Pactwatch dataset, version N (date). Licence. Address".
    /// `language` other than English takes the title's translation and says the rest in Russian
    /// (the one other language the interface has).
    public static func suggestedCitation(_ about: About, _ release: Release, language: String = "en") -> String {
        if let citation = about.citation { return citation }
        let russian = language == "ru"
        let who = about.contributors?.filter { ($0.role ?? "author") == "author" }.map(\.title).joined(separator: ", ")
        var parts: [String] = []
        if let who, !who.isEmpty { parts.append(who + ".") }
        let title = (language == "en" ? nil : about.titles[language]) ?? about.title ?? (russian ? "Реестр Pactwatch" : "Pactwatch record")
        parts.append(title + (title.last.map { ".?!".contains($0) } == true ? "" : "."))
        parts.append(
            (russian ? "Набор данных Pactwatch, версия " : "Pactwatch dataset, version ") + "\(release.version)"
                + (release.created.map { " (\($0.prefix(10)))" } ?? "") + ".")
        parts.append(about.licensesInForce.map(\.short).joined(separator: ", ") + ".")
        if let url = release.url { parts.append(url) }
        return parts.joined(separator: " ")
    }

    /// The dataset's title and subtitle in a descriptor: `title`, `description`, and their
    /// translations `title_xx`, `description_xx` (a property of our own, which Frictionless allows).
    public static func about(_ data: Data) -> About {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return About() }
        var about = About(title: object["title"] as? String, description: object["description"] as? String)
        // Licences, contributors and a citation the publisher gives (the suggested citation is ours, not read back).
        if let licenses = object["licenses"] as? [[String: Any]] {
            let read = licenses.map { About.License(name: $0["name"] as? String, path: $0["path"] as? String, title: $0["title"] as? String) }
            // The default, as every export writes it, is no choice of the dataset's.
            about.licenses = read == [.default] ? nil : read
        }
        if let contributors = object["contributors"] as? [[String: Any]] {
            about.contributors = contributors.compactMap { c in
                (c["title"] as? String).map { About.Contributor(title: $0, role: c["role"] as? String, path: c["path"] as? String) }
            }
        }
        about.citation = object["citation"] as? String
        if let areas = object["areas"] as? [[String: Any]] {
            about.areas = areas.compactMap { a in
                guard let name = a["name"] as? String, let title = a["title"] as? String else { return nil }
                var titles: Translations = [:]
                for (key, value) in a where key.hasPrefix("title_") {
                    if let text = value as? String, (2...3).contains(key.count - 6) { titles[String(key.dropFirst(6))] = text }
                }
                return About.AreaName(name: name, title: title, titles: titles)
            }
        }
        for (key, value) in object {
            guard let text = value as? String else { continue }
            for (prefix, keyPath) in [("title_", \About.titles), ("description_", \About.descriptions)] where key.hasPrefix(prefix) {
                let code = key.dropFirst(prefix.count)
                if (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLowercase }) { about[keyPath: keyPath][String(code)] = text }
            }
        }
        return about
    }

    /// Problems with an existing descriptor: not JSON, or naming files a dataset does not have.
    static func check(_ data: Data) -> [Problem] {
        let file = "datapackage.json"
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [Problem(file: file, "not a JSON object; expected a Frictionless Data Package descriptor")] }
        guard let resources = object["resources"] as? [[String: Any]] else {
            return [Problem(file: file, column: "resources", "missing resources list; expected one resource per CSV file")]
        }
        let known = Set(Table.allCases.map(\.fileName))
        return resources.compactMap { resource in
            guard let path = resource["path"] as? String, known.contains(path) else {
                return Problem(
                    file: file, column: "resources",
                    "resource \(quoted(String(describing: resource["path"] ?? "?"))) is not a dataset file; expected one of \(known.sorted().joined(separator: ", "))"
                )
            }
            return nil
        }
    }
}

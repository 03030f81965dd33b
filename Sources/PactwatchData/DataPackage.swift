import Foundation

/// `datapackage.json`: a Frictionless Data Package with a Table Schema for each file.
public enum DataPackage {
    /// The descriptor for a dataset folder whose files carry the given translation columns.
    public static func json(name: String, translationColumns: [Table: [String]]) throws -> Data {
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
        let package: [String: Any] = [
            "name": name,
            "title": "Pactwatch dataset",
            "profile": "tabular-data-package",
            "description":
                "Instruments, commitments, the owing parties' implementation events and officials' claims, each with its sources. Written by pactwatch; see docs/format.md for the field dictionary.",
            "resources": resources,
        ]
        return try JSONSerialization.data(withJSONObject: package, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
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

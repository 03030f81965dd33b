import PactwatchCore

/// How a column's text is read.
public enum FieldType: Sendable, Equatable {
    /// `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`
    case id
    case text
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    case date
    /// A whole number ≥ 0.
    case integer
    /// A decimal number.
    case number
    /// Ids separated by `;`.
    case list
    /// An absolute http or https URL.
    case url
    /// One of the listed values.
    case choice([String])
    /// A system column (`recorded`, `hash`): kept as text.
    case system

    /// The Frictionless Table Schema type and format of the column.
    var frictionless: (type: String, format: String?) {
        switch self {
        case .integer: ("integer", nil)
        case .number: ("number", nil)
        case .url: ("string", "uri")
        default: ("string", nil)
        }
    }
}

/// One column of a dataset file.
public struct Field: Sendable {
    public let name: String
    public let type: FieldType
    public let required: Bool
    public let description: String

    init(_ name: String, _ type: FieldType, required: Bool = false, _ description: String) {
        self.name = name; self.type = type; self.required = required; self.description = description
    }
}

/// The seven files of a dataset folder and their columns (DESIGN.md, "Interchange format").
public enum Table: String, CaseIterable, Sendable {
    case parties, sources, instruments, commitments, acts, events, claims

    public var fileName: String { rawValue + ".csv" }

    /// One row of the table, in words: "party", "event".
    public var singular: String { self == .parties ? "party" : String(rawValue.dropLast()) }

    /// The fields that take translation columns (`title_ru`, `statement_ru`): `field_xx`, where
    /// `xx` is a language code.
    public var translatedFields: [String] {
        switch self {
        case .parties: ["name"]
        case .instruments, .commitments: ["title", "short_title"]
        case .acts: ["title"]
        case .claims: ["speaker", "speaker_role", "statement"]
        default: []
        }
    }

    /// What one row of the file is.
    public var summary: String {
        switch self {
        case .parties: "Who must act: a state (ISO 3166 code) or a body such as UNION."
        case .sources: "Where facts come from. Every event and claim cites at least one."
        case .instruments: "What was signed: treaty, decree, programme… Instruments nest through parent."
        case .commitments: "One concrete thing an instrument requires, owed by parties."
        case .acts: "An implementing measure (law, decree, agreement…); it may implement several commitments."
        case .events: "A dated, sourced fact: an obligation reached a stage, or a deadline moved. Append-only."
        case .claims: "What an official said about progress; shown beside the computed figure."
        }
    }

    /// The columns of the file, in the order `export` writes them.
    public var fields: [Field] { Table.schema[self]! }

    /// Column names in the order files are written (translations follow, in language order).
    public var columnNames: [String] { Table.names[self]! }

    private static let schema = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.makeFields()) })
    private static let names = schema.mapValues { $0.map(\.name) }
    private static let positions = schema.mapValues { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1.name, $0) }) }

    /// The position of a column among `fields`.
    public func position(of name: String) -> Int? { Table.positions[self]![name] }

    private func makeFields() -> [Field] {
        switch self {
        case .parties:
            [
                Field("id", .id, required: true, "Identifier, e.g. an ISO 3166 code (RU, BY) or UNION."),
                Field("name", .text, required: true, "Name in English."),
                Field("kind", .choice(PartyKind.allCases.map(\.rawValue)), "state or body; default state."),
                Field("joined", .date, "When the party joined; shown on its page, changes no figure."),
                Field("left", .date, "When the party left; shown on its page, changes no figure."),
                Field("recorded_by", .system, "System: who recorded it (a user name: the proposal's author, or import's --as)."),
                Field("approved_by", .system, "System: who approved it (a reviewer's user name; empty for a command-line import)."),
            ]
        case .sources:
            [
                Field("id", .id, required: true, "Identifier cited by other files' sources columns."),
                Field("url", .url, required: true, "http or https address of the source."),
                Field("title", .text, "Title of the document or article."),
                Field("publisher", .text, "Who published it."),
                Field("published", .date, "Publication date (YYYY, YYYY-MM or YYYY-MM-DD)."),
                Field("kind", .choice(SourceKind.allCases.map(\.rawValue)), "official, legal_text, media, analysis or other."),
                Field("language", .text, "Language code of the source (en, ru…)."),
                Field("archived_url", .url, "An archived copy (http or https)."),
                Field("quote", .text, "The passage that supports the facts citing it."),
                Field("recorded_by", .system, "System: who recorded it (a user name: the proposal's author, or import's --as)."),
                Field("approved_by", .system, "System: who approved it (a reviewer's user name; empty for a command-line import)."),
            ]
        case .instruments:
            [
                Field("id", .id, required: true, "Identifier."),
                Field(
                    "kind", .choice(InstrumentKind.allCases.map(\.rawValue)), required: true,
                    "treaty, decree, programme, doctrine, concept, agreement, roadmap, plan or other."),
                Field("title", .text, required: true, "Title in English (title_xx: a translation)."),
                Field("short_title", .text, "A label of at most 60 characters for tiles, chart labels and the finding; empty: the title."),
                Field("parent", .id, "The instrument this one implements or belongs to."),
                Field("adopted", .date, "Adoption date; its obligations exist from then on (empty: always)."),
                Field("parties", .list, "Owing parties, ;-separated; empty: inherited from the parent."),
                Field("expected_acts", .integer, "How many implementing acts were announced as needed."),
                Field("sources", .list, "Source ids, ;-separated."),
                Field("confidence", .choice(Confidence.allCases.map(\.rawValue)), "high, medium or low; default high."),
                Field("note", .text, "Free text: caveats, single-source warnings."),
                Field("recorded_by", .system, "System: who recorded it (a user name: the proposal's author, or import's --as)."),
                Field("approved_by", .system, "System: who approved it (a reviewer's user name; empty for a command-line import)."),
            ]
        case .commitments:
            [
                Field("id", .id, required: true, "Identifier."),
                Field("instrument", .id, required: true, "The instrument that requires it."),
                Field("title", .text, required: true, "Title in English (title_xx: a translation)."),
                Field("short_title", .text, "A label of at most 60 characters for tiles, chart labels and the finding; empty: the title."),
                Field("area", .text, "Policy area, for the area scope."),
                Field(
                    "mode", .choice(Mode.allCases.map(\.rawValue)),
                    "each (every party acts separately) or joint (one joint act settles it); default each."),
                Field("parties", .list, "Owing parties, ;-separated; empty: the instrument's, inherited up the parents."),
                Field("deadline", .date, "Deadline (a partial date stands for the last day of its period)."),
                Field("weight", .number, "Weight in progress figures, from 0.0001 to 1000000; default 1."),
                Field("sources", .list, "Source ids, ;-separated."),
                Field("confidence", .choice(Confidence.allCases.map(\.rawValue)), "high, medium or low; default high."),
                Field("note", .text, "Free text."),
                Field("recorded_by", .system, "System: who recorded it (a user name: the proposal's author, or import's --as)."),
                Field("approved_by", .system, "System: who approved it (a reviewer's user name; empty for a command-line import)."),
                Field("recorded", .system, "System: when it was entered, YYYY-MM-DDTHH:MM:SSZ (ISO 8601, UTC); empty before this was kept."),
            ]
        case .acts:
            [
                Field("id", .id, required: true, "Identifier."),
                Field(
                    "kind", .choice(ActKind.allCases.map(\.rawValue)), required: true,
                    "law, decree, resolution, treaty, agreement, union_act or other."),
                Field("title", .text, required: true, "Title in English (title_xx: a translation)."),
                Field("party", .id, "The party that issued it; empty for a joint or union-level act."),
                Field("number", .text, "Official number."),
                Field("uri", .text, "ELI or other identifier."),
                Field("commitments", .list, "Commitment ids it implements, ;-separated."),
                Field("sources", .list, "Source ids, ;-separated."),
                Field("recorded_by", .system, "System: who recorded it (a user name: the proposal's author, or import's --as)."),
                Field("approved_by", .system, "System: who approved it (a reviewer's user name; empty for a command-line import)."),
            ]
        case .events:
            [
                Field("id", .id, required: true, "Identifier."),
                Field("date", .date, required: true, "When it happened (YYYY, YYYY-MM or YYYY-MM-DD)."),
                Field("commitment", .id, required: true, "The commitment concerned."),
                Field("party", .id, "For mode each: one owing party; empty for joint, or for a deadline moved for all."),
                Field(
                    "stage", .choice(Stage.allCases.map(\.rawValue)),
                    "not_started, in_preparation, adopted, in_force, applied or abandoned."),
                Field("deadline", .date, "A new deadline (never together with stage)."),
                Field("act", .id, "The act that carried the step."),
                Field("sources", .list, required: true, "Source ids, ;-separated: at least one."),
                Field("note", .text, "Free text."),
                Field("retracts", .id, "The id of an event this one corrects; it then never counts."),
                Field("recorded", .system, "System: when the fact was entered, YYYY-MM-DDTHH:MM:SSZ (ISO 8601, UTC)."),
                Field("recorded_by", .system, "System: who recorded it (a user name: the proposal's author, or import's --as)."),
                Field("approved_by", .system, "System: who approved it (a reviewer's user name; empty for a command-line import)."),
                Field("hash", .system, "System: SHA-256 ledger chain, hex."),
            ]
        case .claims:
            [
                Field("id", .id, required: true, "Identifier."),
                Field("date", .date, required: true, "When it was said."),
                Field("speaker", .text, required: true, "Who said it."),
                Field("speaker_role", .text, "The speaker's office."),
                Field("scope", .id, "An instrument or commitment id; empty: the whole dataset."),
                Field("statement", .text, required: true, "What was said, quoted or closely paraphrased."),
                Field("value", .number, "The percentage claimed, 0–100."),
                Field("done", .integer, "Items claimed done (with total)."),
                Field("total", .integer, "Items in the claimed total."),
                Field(
                    "unit", .choice(ClaimUnit.allCases.map(\.rawValue)),
                    "What done and total count: programmes, measures, tasks, acts or other."),
                Field("sources", .list, required: true, "Source ids, ;-separated: at least one."),
                Field("recorded_by", .system, "System: who recorded it (a user name: the proposal's author, or import's --as)."),
                Field("approved_by", .system, "System: who approved it (a reviewer's user name; empty for a command-line import)."),
                Field("recorded", .system, "System: when it was entered, YYYY-MM-DDTHH:MM:SSZ (ISO 8601, UTC); empty before this was kept."),
            ]
        }
    }

    /// The field and language of a translation column of this table (`speaker_role_ru` →
    /// `speaker_role`, `ru`); nil for any other column.
    public func translation(of column: String) -> (field: String, language: String)? {
        for field in translatedFields where column.hasPrefix(field + "_") {
            let code = column.dropFirst(field.count + 1)
            if (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLowercase }) { return (field, String(code)) }
        }
        return nil
    }

    /// How the error for an unknown column names the translation columns: `, or title_xx for a translation`.
    var translationHint: String {
        translatedFields.isEmpty ? "" : ", or " + translatedFields.map { $0 + "_xx" }.joined(separator: ", ") + " for a translation"
    }
}

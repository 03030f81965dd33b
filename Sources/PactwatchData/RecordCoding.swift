import PactwatchCore

/// Turns rows into records and records into rows, table by table. Both the CSV files and the
/// database tables go through here, so a record reads back exactly as it was written.
public enum RecordCoding {
    // MARK: Decoding

    static func party(_ r: inout RowReader) -> Party? {
        let id = r.id("id"), name = r.text("name")
        let kind = r.choice("kind", PartyKind.self) ?? .state
        let joined = r.date("joined"), left = r.date("left")
        let attribution = r.attribution()
        guard let id, let name else { return nil }
        var party = Party(id: id, name: name, names: r.row.translations(of: "name"), kind: kind, joined: joined, left: left)
        party.attribution = attribution
        return party
    }

    static func source(_ r: inout RowReader) -> Source? {
        let id = r.id("id"), url = r.url("url")
        var source = Source(
            id: id ?? "", url: url ?? "", title: r.text("title"), publisher: r.text("publisher"),
            published: r.date("published"), kind: r.choice("kind", SourceKind.self),
            language: r.text("language"), archivedURL: r.url("archived_url"), quote: r.text("quote"))
        source.attribution = r.attribution()
        return id != nil && url != nil ? source : nil
    }

    /// The longest `short_title`: a tile's or a chart label's room.
    public static let shortTitleLimit = 60

    /// A `short_title` and its translations, each within `shortTitleLimit` characters.
    static func shortTitle(_ r: inout RowReader) -> (String?, Translations) {
        let short = r.text("short_title"), translations = r.row.translations(of: "short_title")
        for (column, text) in [("short_title", short)] + translations.sorted { $0.key < $1.key }.map({ ("short_title_" + $0.key, $0.value) }) {
            if let text, text.count > shortTitleLimit {
                r.fail(column, "\(column) has \(text.count) characters; expected at most \(shortTitleLimit) (the title is for the full name)")
            }
        }
        return (short, translations)
    }

    static func instrument(_ r: inout RowReader) -> Instrument? {
        let id = r.id("id"), kind = r.choice("kind", InstrumentKind.self), title = r.text("title")
        let (short, shorts) = shortTitle(&r)
        let parent = r.id("parent"), adopted = r.date("adopted"), parties = r.ids("parties")
        let expected = r.integer("expected_acts"), sources = r.ids("sources")
        let confidence = r.choice("confidence", Confidence.self) ?? .high
        let note = r.text("note"), attribution = r.attribution()
        guard let id, let kind, let title else { return nil }
        var instrument = Instrument(
            id: id, kind: kind, title: title, titles: r.row.translations(of: "title"), shortTitle: short, shortTitles: shorts, parent: parent,
            adopted: adopted, parties: parties, expectedActs: expected, sources: sources,
            confidence: confidence, note: note)
        instrument.attribution = attribution
        return instrument
    }

    static func commitment(_ r: inout RowReader) -> Commitment? {
        let id = r.id("id"), instrument = r.id("instrument"), title = r.text("title")
        let (short, shorts) = shortTitle(&r)
        let area = r.text("area"), mode = r.choice("mode", Mode.self) ?? .each
        let parties = r.ids("parties"), deadline = r.date("deadline")
        var weight = 1.0
        if let w = r.number("weight") {
            if w > 0 {
                weight = w
                r.bound("weight", w, within: weights, "a number from 0.0001 to 1000000")
            } else {
                r.fail("weight", "weight \(number(w)) is not positive; expected a number from 0.0001 to 1000000")
            }
        }
        let sources = r.ids("sources"), confidence = r.choice("confidence", Confidence.self) ?? .high
        let note = r.text("note"), attribution = r.attribution(), recorded = r.timestamp("recorded")
        guard let id, let instrument, let title else { return nil }
        var commitment = Commitment(
            id: id, instrument: instrument, title: title, titles: r.row.translations(of: "title"), shortTitle: short, shortTitles: shorts,
            area: area,
            mode: mode, parties: parties, deadline: deadline, weight: weight, sources: sources,
            confidence: confidence, note: note)
        commitment.attribution = attribution
        commitment.recorded = recorded
        return commitment
    }

    static func act(_ r: inout RowReader) -> Act? {
        let id = r.id("id"), kind = r.choice("kind", ActKind.self), title = r.text("title")
        let party = r.id("party"), number = r.text("number"), uri = r.text("uri")
        let commitments = r.ids("commitments"), sources = r.ids("sources"), attribution = r.attribution()
        guard let id, let kind, let title else { return nil }
        var act = Act(
            id: id, kind: kind, title: title, titles: r.row.translations(of: "title"), party: party, number: number,
            uri: uri, commitments: commitments, sources: sources)
        act.attribution = attribution
        return act
    }

    static func event(_ r: inout RowReader) -> Event? {
        let id = r.id("id"), date = r.date("date"), commitment = r.id("commitment")
        let party = r.id("party"), stage = r.choice("stage", Stage.self), deadline = r.date("deadline")
        let act = r.id("act"), sources = r.ids("sources"), note = r.text("note"), retracts = r.id("retracts")
        let recorded = r.timestamp("recorded"), attribution = r.attribution()
        if stage != nil, deadline != nil {
            r.fail("deadline", "an event carries a stage or a deadline, never both; split it into two events")
        } else if r.raw("stage").isEmpty, r.raw("deadline").isEmpty, r.raw("retracts").trimmingSpaces.isEmpty {
            r.fail("stage", "the event has neither a stage nor a deadline and retracts nothing; expected a stage, a deadline or a retracts id")
        }
        guard let id, let date, let commitment, !sources.isEmpty else { return nil }
        var event = Event(
            id: id, date: date, commitment: commitment, party: party, stage: stage, deadline: deadline,
            act: act, sources: sources, note: note, retracts: retracts, recorded: recorded)
        event.attribution = attribution
        return event
    }

    static func claim(_ r: inout RowReader) -> Claim? {
        let id = r.id("id"), date = r.date("date"), speaker = r.text("speaker")
        let role = r.text("speaker_role"), scope = r.id("scope"), statement = r.text("statement")
        let value = r.number("value"), done = r.integer("done"), total = r.integer("total")
        let unit = r.choice("unit", ClaimUnit.self), sources = r.ids("sources"), attribution = r.attribution()
        let recorded = r.timestamp("recorded")
        if unit != nil, done == nil, total == nil {
            r.fail("unit", "a unit names what done and total count, and the claim gives neither; expected done or total with it, or no unit")
        }
        if let value, !(0...100).contains(value) {
            r.fail("value", "value \(value) is not a percentage; expected a number from 0 to 100")
        }
        if let done, let total, done > total {
            r.fail("done", "done (\(done)) is more than total (\(total)); expected done ≤ total")
        }
        guard let id, let date, let speaker, let statement, !sources.isEmpty else { return nil }
        var claim = Claim(
            id: id, date: date, speaker: speaker, speakerRole: role, scope: scope, statement: statement,
            value: value, done: done, total: total, unit: unit, sources: sources,
            speakers: r.row.translations(of: "speaker"), speakerRoles: r.row.translations(of: "speaker_role"),
            statements: r.row.translations(of: "statement"))
        claim.attribution = attribution
        claim.recorded = recorded
        return claim
    }

    // MARK: Encoding

    // Values in each table's field order (`TableSchema.swift`); the write-then-read tests
    // fail if the two ever disagree.

    public static func row(_ p: Party) -> Row {
        Row(
            values: [p.id, p.name, p.kind.rawValue, p.joined?.description ?? "", p.left?.description ?? ""] + attribution(p.attribution),
            translations: Row.columns("name", p.names))
    }

    public static func row(_ s: Source) -> Row {
        Row(
            values: [
                s.id, s.url, s.title ?? "", s.publisher ?? "", s.published?.description ?? "", s.kind?.rawValue ?? "",
                s.language ?? "", s.archivedURL ?? "", s.quote ?? "",
            ] + attribution(s.attribution))
    }

    public static func row(_ i: Instrument) -> Row {
        Row(
            values: [
                i.id, i.kind.rawValue, i.title, i.shortTitle ?? "", i.parent ?? "", i.adopted?.description ?? "", list(i.parties),
                i.expectedActs.map(String.init) ?? "", list(i.sources), i.confidence.rawValue, i.note ?? "",
            ] + attribution(i.attribution),
            translations: Row.columns("title", i.titles).merging(Row.columns("short_title", i.shortTitles)) { a, _ in a })
    }

    public static func row(_ c: Commitment) -> Row {
        Row(
            values: [
                c.id, c.instrument, c.title, c.shortTitle ?? "", c.area ?? "", c.mode.rawValue, list(c.parties), c.deadline?.description ?? "",
                number(c.weight), list(c.sources), c.confidence.rawValue, c.note ?? "",
            ] + attribution(c.attribution) + [c.recorded ?? ""],
            translations: Row.columns("title", c.titles).merging(Row.columns("short_title", c.shortTitles)) { a, _ in a })
    }

    public static func row(_ a: Act) -> Row {
        Row(
            values: [a.id, a.kind.rawValue, a.title, a.party ?? "", a.number ?? "", a.uri ?? "", list(a.commitments), list(a.sources)]
                + attribution(a.attribution),
            translations: Row.columns("title", a.titles))
    }

    /// An event's row; `hash` is left empty for the ledger to fill.
    public static func row(_ e: Event) -> Row {
        Row(
            values: [
                e.id, e.date.description, e.commitment, e.party ?? "", e.stage?.rawValue ?? "", e.deadline?.description ?? "",
                e.act ?? "", list(e.sources), e.note ?? "", e.retracts ?? "", e.recorded ?? "",
            ] + attribution(e.attribution) + [""])
    }

    public static func row(_ c: Claim) -> Row {
        Row(
            values: [
                c.id, c.date.description, c.speaker, c.speakerRole ?? "", c.scope ?? "", c.statement,
                c.value.map(number) ?? "", c.done.map(String.init) ?? "", c.total.map(String.init) ?? "",
                c.unit?.rawValue ?? "", list(c.sources),
            ] + attribution(c.attribution) + [c.recorded ?? ""],
            translations: Row.columns("speaker", c.speakers).merging(Row.columns("speaker_role", c.speakerRoles)) { a, _ in a }
                .merging(Row.columns("statement", c.statements)) { a, _ in a })
    }

    static func list(_ ids: [String]) -> String { ids.joined(separator: ";") }

    /// The `recorded_by` and `approved_by` cells.
    static func attribution(_ a: Attribution) -> [String] { [a.recordedBy ?? "", a.approvedBy ?? ""] }

    /// The stated range of a commitment's `weight`: wide enough for any weighting scheme, narrow
    /// enough that a sum of a million weights keeps every digit that matters.
    public static let weights: ClosedRange<Double> = 0.0001...1_000_000

    /// A number as a cell holds it: plain decimal digits, never an exponent (`1` rather than
    /// `1.0`, `0.00001` rather than `1e-05`), with the fewest digits that read back as the same
    /// `Double`. Every finite double is written in a form `RowReader.number` reads back exactly.
    public static func number(_ x: Double) -> String {
        precondition(x.isFinite, "only finite numbers are stored")
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        // Swift's description is the shortest round-trip form; only its exponent is rewritten.
        let shortest = String(x)
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return shortest }
        var mantissa = shortest[..<e]
        let exponent = Int(shortest[shortest.index(after: e)...])!
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let point = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        let whole = mantissa[..<point], fraction = mantissa[point...].dropFirst()
        let digits = Array(whole + fraction)
        // The position of the decimal point in `digits` once the exponent is applied.
        let position = whole.count + exponent
        var out: String
        if position <= 0 {
            out = "0." + String(repeating: "0", count: -position) + String(digits)
        } else if position >= digits.count {
            out = String(digits) + String(repeating: "0", count: position - digits.count)
        } else {
            out = String(digits[..<position]) + "." + String(digits[position...])
        }
        // Leading zeros of the whole part, and trailing zeros of a fraction, add nothing.
        if out.contains(".") {
            while out.hasSuffix("0") { out.removeLast() }
            if out.hasSuffix(".") { out.removeLast() }
        }
        while out.count > 1, out.hasPrefix("0"), !out.hasPrefix("0.") { out.removeFirst() }
        return (negative ? "-" : "") + out
    }

    /// Values of stored records that input is no longer allowed to hold (stored by an older
    /// build, or edited by hand): a weight or a `recorded` stamp out of its stated form or range.
    /// Such records stay readable; `verify` reports them with their table, id and column.
    public static func storedProblems(in dataset: Dataset) -> [Problem] {
        var problems: [Problem] = []
        func check(_ table: Table, _ rows: [Row]) {
            var scratch = Dataset()
            for row in rows {
                var reader = RowReader(table, row, file: "database (\(table.fileName))", line: nil)
                scratch.append(&reader)
                for var problem in reader.problems {
                    problem.message = "\(table.singular) \(quoted(row.values[0])): \(problem.message)"
                    problems.append(problem)
                }
            }
        }
        check(.commitments, dataset.commitments.map(row))
        check(.events, dataset.events.map(row))
        check(.claims, dataset.claims.map(row))
        return problems
    }

    /// Every row of a dataset, table by table, in listed order.
    public static func rows(of dataset: Dataset) -> [Table: [Row]] {
        [
            .parties: dataset.parties.map(row), .sources: dataset.sources.map(row),
            .instruments: dataset.instruments.map(row), .commitments: dataset.commitments.map(row),
            .acts: dataset.acts.map(row), .events: dataset.events.map(row), .claims: dataset.claims.map(row),
        ]
    }
}

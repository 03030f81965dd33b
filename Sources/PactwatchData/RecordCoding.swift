import PactwatchCore

/// Turns rows into records and records into rows, table by table. Both the CSV files and the
/// database tables go through here, so a record reads back exactly as it was written.
public enum RecordCoding {
    // MARK: Decoding

    static func party(_ r: inout RowReader) -> Party? {
        let id = r.id("id"), name = r.text("name")
        let kind = r.choice("kind", PartyKind.self) ?? .state
        let joined = r.date("joined"), left = r.date("left")
        guard let id, let name else { return nil }
        return Party(id: id, name: name, names: r.row.translations, kind: kind, joined: joined, left: left)
    }

    static func source(_ r: inout RowReader) -> Source? {
        let id = r.id("id"), url = r.url("url")
        let source = Source(id: id ?? "", url: url ?? "", title: r.text("title"), publisher: r.text("publisher"),
                            published: r.date("published"), kind: r.choice("kind", SourceKind.self),
                            language: r.text("language"), archivedURL: r.url("archived_url"), quote: r.text("quote"))
        return id != nil && url != nil ? source : nil
    }

    static func instrument(_ r: inout RowReader) -> Instrument? {
        let id = r.id("id"), kind = r.choice("kind", InstrumentKind.self), title = r.text("title")
        let parent = r.id("parent"), adopted = r.date("adopted"), parties = r.ids("parties")
        let expected = r.integer("expected_acts"), sources = r.ids("sources")
        let confidence = r.choice("confidence", Confidence.self) ?? .high
        let note = r.text("note")
        guard let id, let kind, let title else { return nil }
        return Instrument(id: id, kind: kind, title: title, titles: r.row.translations, parent: parent,
                          adopted: adopted, parties: parties, expectedActs: expected, sources: sources,
                          confidence: confidence, note: note)
    }

    static func commitment(_ r: inout RowReader) -> Commitment? {
        let id = r.id("id"), instrument = r.id("instrument"), title = r.text("title")
        let area = r.text("area"), mode = r.choice("mode", Mode.self) ?? .each
        let parties = r.ids("parties"), deadline = r.date("deadline")
        var weight = 1.0
        if let w = r.number("weight") {
            if w > 0 { weight = w } else { r.fail("weight", "weight \(w) is not positive; expected a number > 0") }
        }
        let sources = r.ids("sources"), confidence = r.choice("confidence", Confidence.self) ?? .high
        let note = r.text("note")
        guard let id, let instrument, let title else { return nil }
        return Commitment(id: id, instrument: instrument, title: title, titles: r.row.translations, area: area,
                          mode: mode, parties: parties, deadline: deadline, weight: weight, sources: sources,
                          confidence: confidence, note: note)
    }

    static func act(_ r: inout RowReader) -> Act? {
        let id = r.id("id"), kind = r.choice("kind", ActKind.self), title = r.text("title")
        let party = r.id("party"), number = r.text("number"), uri = r.text("uri")
        let commitments = r.ids("commitments"), sources = r.ids("sources")
        guard let id, let kind, let title else { return nil }
        return Act(id: id, kind: kind, title: title, titles: r.row.translations, party: party, number: number,
                   uri: uri, commitments: commitments, sources: sources)
    }

    static func event(_ r: inout RowReader) -> Event? {
        let id = r.id("id"), date = r.date("date"), commitment = r.id("commitment")
        let party = r.id("party"), stage = r.choice("stage", Stage.self), deadline = r.date("deadline")
        let act = r.id("act"), sources = r.ids("sources"), note = r.text("note"), retracts = r.id("retracts")
        let recorded = r.text("recorded")
        if stage != nil, deadline != nil {
            r.fail("deadline", "an event carries a stage or a deadline, never both; split it into two events")
        } else if r.raw("stage").isEmpty, r.raw("deadline").isEmpty, r.raw("retracts").trimmingSpaces.isEmpty {
            r.fail("stage", "the event has neither a stage nor a deadline and retracts nothing; expected a stage, a deadline or a retracts id")
        }
        guard let id, let date, let commitment, !sources.isEmpty else { return nil }
        return Event(id: id, date: date, commitment: commitment, party: party, stage: stage, deadline: deadline,
                     act: act, sources: sources, note: note, retracts: retracts, recorded: recorded)
    }

    static func claim(_ r: inout RowReader) -> Claim? {
        let id = r.id("id"), date = r.date("date"), speaker = r.text("speaker")
        let role = r.text("speaker_role"), scope = r.id("scope"), statement = r.text("statement")
        let value = r.number("value"), done = r.integer("done"), total = r.integer("total")
        let sources = r.ids("sources")
        if let value, !(0...100).contains(value) {
            r.fail("value", "value \(value) is not a percentage; expected a number from 0 to 100")
        }
        if let done, let total, done > total {
            r.fail("done", "done (\(done)) is more than total (\(total)); expected done ≤ total")
        }
        guard let id, let date, let speaker, let statement, !sources.isEmpty else { return nil }
        return Claim(id: id, date: date, speaker: speaker, speakerRole: role, scope: scope, statement: statement,
                     value: value, done: done, total: total, sources: sources)
    }

    // MARK: Encoding

    static func row(_ table: Table, _ pairs: [String: String], translations: Translations = [:]) -> Row {
        Row(values: table.fields.map { pairs[$0.name] ?? "" }, translations: translations)
    }

    public static func row(_ p: Party) -> Row {
        row(.parties, ["id": p.id, "name": p.name, "kind": p.kind.rawValue,
                       "joined": p.joined?.description ?? "", "left": p.left?.description ?? ""], translations: p.names)
    }

    public static func row(_ s: Source) -> Row {
        row(.sources, ["id": s.id, "url": s.url, "title": s.title ?? "", "publisher": s.publisher ?? "",
                       "published": s.published?.description ?? "", "kind": s.kind?.rawValue ?? "",
                       "language": s.language ?? "", "archived_url": s.archivedURL ?? "", "quote": s.quote ?? ""])
    }

    public static func row(_ i: Instrument) -> Row {
        row(.instruments, ["id": i.id, "kind": i.kind.rawValue, "title": i.title, "parent": i.parent ?? "",
                           "adopted": i.adopted?.description ?? "", "parties": list(i.parties),
                           "expected_acts": i.expectedActs.map(String.init) ?? "", "sources": list(i.sources),
                           "confidence": i.confidence.rawValue, "note": i.note ?? ""], translations: i.titles)
    }

    public static func row(_ c: Commitment) -> Row {
        row(.commitments, ["id": c.id, "instrument": c.instrument, "title": c.title, "area": c.area ?? "",
                           "mode": c.mode.rawValue, "parties": list(c.parties),
                           "deadline": c.deadline?.description ?? "", "weight": number(c.weight),
                           "sources": list(c.sources), "confidence": c.confidence.rawValue,
                           "note": c.note ?? ""], translations: c.titles)
    }

    public static func row(_ a: Act) -> Row {
        row(.acts, ["id": a.id, "kind": a.kind.rawValue, "title": a.title, "party": a.party ?? "",
                    "number": a.number ?? "", "uri": a.uri ?? "", "commitments": list(a.commitments),
                    "sources": list(a.sources)], translations: a.titles)
    }

    /// An event's row; `hash` is left empty for the ledger to fill.
    public static func row(_ e: Event) -> Row {
        row(.events, ["id": e.id, "date": e.date.description, "commitment": e.commitment, "party": e.party ?? "",
                      "stage": e.stage?.rawValue ?? "", "deadline": e.deadline?.description ?? "",
                      "act": e.act ?? "", "sources": list(e.sources), "note": e.note ?? "",
                      "retracts": e.retracts ?? "", "recorded": e.recorded ?? ""])
    }

    public static func row(_ c: Claim) -> Row {
        row(.claims, ["id": c.id, "date": c.date.description, "speaker": c.speaker, "speaker_role": c.speakerRole ?? "",
                      "scope": c.scope ?? "", "statement": c.statement, "value": c.value.map(number) ?? "",
                      "done": c.done.map(String.init) ?? "", "total": c.total.map(String.init) ?? "",
                      "sources": list(c.sources)])
    }

    static func list(_ ids: [String]) -> String { ids.joined(separator: ";") }

    /// `1` rather than `1.0`; other numbers as Swift prints them (shortest round-trip form).
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// Every row of a dataset, table by table, in listed order.
    public static func rows(of dataset: Dataset) -> [Table: [Row]] {
        [.parties: dataset.parties.map(row), .sources: dataset.sources.map(row),
         .instruments: dataset.instruments.map(row), .commitments: dataset.commitments.map(row),
         .acts: dataset.acts.map(row), .events: dataset.events.map(row), .claims: dataset.claims.map(row)]
    }
}

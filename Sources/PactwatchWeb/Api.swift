import Foundation
import HTTPTypes
import Hummingbird
import PactwatchCore
import PactwatchData
import PactwatchStore

/// The JSON API under `/api/v1`: the same figures as the pages and `pactwatch status`, records
/// in the export's vocabulary, RFC 9457 problem details for errors, ETags, CORS for GET.
enum Api {
    /// The endpoints under `/api/v1/`, by name.
    enum Endpoint: String, CaseIterable, Sendable {
        case status, parties, instruments, commitments, events, claims, sources, acts, search
        case openapi = "openapi.json"
    }

    /// Every query parameter an endpoint reads: what names a cached answer (others are ignored).
    static let parameters = [
        "party", "instrument", "area", "commitment", "stage", "overdue", "at_risk", "stalled", "since", "from", "to", "compare",
        "q", "limit", "offset",
    ]

    /// What a handler found for an answer besides the snapshot.
    struct Inputs {
        /// The ledger hash of each event, aligned with the snapshot's events.
        var hashes = LedgerHashes()
        /// One page of the full-text matches for `q`, and their total.
        var search = SearchResults()
    }

    /// The JSON answer of an endpoint (the OpenAPI document is a file, not an answer: nil).
    static func answer(_ endpoint: Endpoint, _ ctx: PageContext, _ inputs: Inputs) throws -> JSONValue? {
        let d = ctx.snapshot.dataset
        switch endpoint {
        case .status: return try status(ctx)
        case .parties: return try list(ctx, d.parties) { .object(record(.parties, RecordCoding.row($0))) }
        case .instruments: return try list(ctx, d.instruments) { .object(record(.instruments, RecordCoding.row($0))) }
        case .commitments: return try commitments(ctx)
        case .events: return try events(ctx, hashes: inputs.hashes)
        case .claims: return try claims(ctx)
        case .sources: return try list(ctx, d.sources) { .object(record(.sources, RecordCoding.row($0))) }
        case .acts: return try list(ctx, d.acts) { .object(record(.acts, RecordCoding.row($0))) }
        case .search: return try search(ctx, inputs.search)
        case .openapi: return nil
        }
    }

    /// `status --json` for any scope and as-of day.
    static func status(_ ctx: PageContext) throws -> JSONValue {
        let scopes = ScopeQuery.all(ctx.query)
        for scope in scopes where !ctx.snapshot.contains(scope) {
            throw Refusal.unknown("\(scope)")
        }
        func report(_ day: Day) -> StatusReport {
            scopes.isEmpty ? ctx.figures.report(asOf: day) : ctx.snapshot.report(asOf: day, within: scopes)
        }
        let now = report(ctx.asOf)
        guard let compare = ctx.compare else { return .report(now) }
        // `compare`: the same report on the other day; `change`: each overall figure's change from
        // it to as_of (shares in percentage points), null where either day lacks the figure.
        let then = report(compare)
        let change = Dictionary(
            uniqueKeysWithValues: Compare.rows.map { row in
                (row.key, Compare.change(row, from: then.overall, to: now.overall).map(JSONValue.number) ?? .null)
            })
        return .extendedReport(now, ["compare": .report(then), "change": .object(change)])
    }

    static func commitments(_ ctx: PageContext) throws -> JSONValue {
        let q = ctx.query
        // A stage as the pages and downloads name it: an obligation with no counting stage event
        // is `no_recorded_step`, apart from an explicit `not_started` (DESIGN.md, stages).
        let stageKeys = Stage.allCases.map(\.rawValue) + ["no_recorded_step"]
        let stage = try q["stage"].map { text -> String in
            guard stageKeys.contains(text) else {
                throw BadParameter(name: "stage", value: text, expected: .oneOf(stageKeys))
            }
            return text
        }
        let overdue = try flag(q, "overdue"), stalled = try flag(q, "stalled"), atRisk = try flag(q, "at_risk")
        // Commitments are filtered by instrument, party and area (a commitment scope would name one).
        let scope = ScopeQuery.all(q).filter { if case .commitment = $0 { false } else { true } }
        let chosen = scope.reduce(ctx.snapshot.dataset.commitments) { list, s in
            let ids = Set(ctx.snapshot.commitments(in: s).map(\.id))
            return list.filter { ids.contains($0.id) }
        }
        func states(_ c: Commitment) -> [(Obligation, ObligationState)] {
            ctx.snapshot.obligations(ofCommitment: c.id).filter { ctx.snapshot.exists($0.index, asOf: ctx.asOf) }
                .map { ($0.obligation, ctx.snapshot.state(of: $0.index, asOf: ctx.asOf)) }
        }
        let filtering = stage != nil || overdue != nil || stalled != nil || atRisk != nil
        let matching =
            !filtering
            ? chosen
            : chosen.filter { c in
                let states = states(c)
                if let stage, !states.contains(where: { ctx.stageKey($0.1) == stage }) { return false }
                if let overdue, states.contains(where: { $0.1.isOverdue }) != overdue { return false }
                if let stalled, states.contains(where: { $0.1.isStalled }) != stalled { return false }
                if let atRisk, states.contains(where: { $0.1.isAtRisk }) != atRisk { return false }
                return true
            }
        return try list(ctx, matching) { c in
            var item = record(.commitments, RecordCoding.row(c))
            item["owing_parties"] = .array(ctx.snapshot.owingParties(of: c.id).map { .string($0) })
            item["obligations"] = .array(
                states(c).map { o, s in
                    .object([
                        "party": .text(o.party), "stage": .string(ctx.stageKey(s)), "evidenced": .bool(s.isEvidenced),
                        "since": .text(s.stageSince?.description), "deadline": .text(s.deadline?.description),
                        "overdue": .bool(s.isOverdue), "stalled": .bool(s.isStalled), "at_risk": .bool(s.isAtRisk),
                    ])
                })
            return .object(item)
        }
    }

    static func events(_ ctx: PageContext, hashes: LedgerHashes) throws -> JSONValue {
        let q = ctx.query
        let since = try q["since"].map { text -> Int in
            guard let n = Int(text), n >= 0 else {
                throw BadParameter(
                    name: "since", value: text, expected: Wording("a ledger position, a whole number ≥ 0", ru: "позиция в журнале, целое число ≥ 0"))
            }
            return n
        }
        func day(_ name: String) throws -> Day? {
            try q[name].map { text in
                guard let d = Day(iso: text) else { throw BadParameter(name: name, value: text, expected: .day) }
                return d
            }
        }
        let from = try day("from"), to = try day("to")
        let events = ctx.snapshot.dataset.events
        func page<C: RandomAccessCollection>(_ positions: C) throws -> JSONValue where C.Element == Int, C.Index == Int {
            try list(ctx, positions, ledger: true) { i in
                var item = record(.events, RecordCoding.row(events[i]))
                item["position"] = .int(i + 1)
                item["hash"] = .text(i < hashes.count ? hashes[i] : nil)
                item["retracted"] = .bool(ctx.snapshot.retracted.contains(events[i].id))
                return .object(item)
            }
        }
        // Positions after `since` are a range: a sync or a page without filters costs its page.
        let after = min(since ?? 0, events.count)
        if q["commitment"] == nil, q["party"] == nil, from == nil, to == nil { return try page(after..<events.count) }
        return try page(
            (after..<events.count).filter { i in
                let e = events[i]
                if let c = q["commitment"], e.commitment != c { return false }
                if let p = q["party"], e.party != p { return false }
                if let from, e.date.lastDay < from { return false }
                if let to, e.date.lastDay > to { return false }
                return true
            })
    }

    static func claims(_ ctx: PageContext) throws -> JSONValue {
        return try list(ctx, ctx.snapshot.dataset.claims) { claim in
            var item = record(.claims, RecordCoding.row(claim))
            let evidence = ctx.figures.evidence(for: claim)
            item["evidence"] = .figures(evidence.figures)
            item["evidence_as_of"] = .string(evidence.asOf.description)
            item["comparison"] = comparison(evidence)
            return .object(item)
        }
    }

    /// The claim and the record on one scale: percentages in percent with the gap in points, and
    /// the record's count beside a claimed count, with its unit (`programmes` or `obligations`).
    static func comparison(_ evidence: ClaimEvidence) -> JSONValue {
        let count: JSONValue =
            evidence.count.map { .object(["unit": .string($0.unit), "done": .int($0.parts.done), "total": .int($0.parts.total)]) } ?? .null
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        return .object([
            "implemented_percent": number(evidence.implementedPercent), "progress_percent": number(evidence.progressPercent),
            "gap_points": number(evidence.gapPoints), "record_count": count,
        ])
    }

    /// The page of matches a search asks for: `limit` and `offset` as every list takes them.
    static func searchWindow(_ q: [String: String]) throws -> (limit: Int, offset: Int) {
        (try number(q, "limit", default: 100, range: 1...1000), try number(q, "offset", default: 0, range: 0...Int.max))
    }

    /// One page of matches as the store found it (its offset and limit applied there), with the total.
    static func search(_ ctx: PageContext, _ found: SearchResults) throws -> JSONValue {
        guard let q = ctx.query["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BadParameter(name: "q", value: ctx.query["q"] ?? "", expected: .searchWords)
        }
        let items = found.hits.map { hit -> JSONValue in
            .object(["table": .string(hit.table.rawValue), "id": .string(hit.id), "title": .string(hit.title), "snippet": .string(hit.plainSnippet)])
        }
        let window = try searchWindow(ctx.query)
        return .object(["items": .array(items), "total": .int(found.total), "limit": .int(window.limit), "offset": .int(window.offset)])
    }

    /// One page of a list: `{items, total, limit, offset}` (and `next_since` for events). Only the
    /// page's items are turned into JSON: a page costs its length, whatever the list's.
    static func list<C: RandomAccessCollection>(
        _ ctx: PageContext, _ all: C, ledger: Bool = false,
        _ item: (C.Element) throws -> JSONValue
    ) throws -> JSONValue where C.Index == Int {
        let limit = ctx.unlimited ? max(1, all.count) : try number(ctx.query, "limit", default: 100, range: 1...1000)
        let offset = try number(ctx.query, "offset", default: 0, range: 0...Int.max)
        let start = all.startIndex + min(offset, all.count), end = start + min(limit, all.endIndex - start)
        let page = try all[start..<end].map(item)
        var out: [String: JSONValue] = ["items": .array(page), "total": .int(all.count), "limit": .int(limit), "offset": .int(offset)]
        if ledger {
            // Where the next incremental sync starts: the last position returned, else where this one started.
            let last: Int? = if case .object(let o)? = page.last, case .int(let p)? = o["position"] { p } else { nil }
            let since = try number(ctx.query, "since", default: 0, range: 0...Int.max)
            out["next_since"] = .int(last ?? since)
        }
        return .object(out)
    }

    static func number(_ q: [String: String], _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = q[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw BadParameter(
                name: name, value: text,
                expected: range.upperBound == Int.max
                    ? Wording("a whole number from \(range.lowerBound)", ru: "целое число от \(range.lowerBound)")
                    : Wording(
                        "a whole number from \(range.lowerBound) to \(range.upperBound)",
                        ru: "целое число от \(range.lowerBound) до \(range.upperBound)"))
        }
        return n
    }

    static func flag(_ q: [String: String], _ name: String) throws -> Bool? {
        guard let text = q[name] else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw BadParameter(name: name, value: text, expected: Wording.either("true", "false"))
        }
    }

    /// `translations`: the title's or name's by language (`{"ru": "…"}`), a short title's under
    /// `short_title_translations`; for claims by language then field (`{"ru": {"statement": "…"}}`);
    /// none for other tables.
    static func translations(_ table: Table, _ row: Row) -> [String: JSONValue] {
        let fields = table.translatedFields
        guard let first = fields.first else { return [:] }
        if table != .claims {
            var out = ["translations": JSONValue.object(row.translations(of: first).mapValues { .string($0) })]
            for field in fields.dropFirst() { out[field + "_translations"] = .object(row.translations(of: field).mapValues { .string($0) }) }
            return out
        }
        var byLanguage: [String: [String: JSONValue]] = [:]
        for field in fields {
            for (language, text) in row.translations(of: field) { byLanguage[language, default: [:]][field] = .string(text) }
        }
        return ["translations": .object(byLanguage.mapValues { .object($0) })]
    }

    /// A record as the export writes it, typed: lists as arrays, numbers as numbers, empty as null,
    /// translations under `translations`.
    static func record(_ table: Table, _ row: Row) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (field, value) in zip(table.fields, row.values) where field.name != "hash" {
            switch field.type {
            case .list: out[field.name] = .array(value.isEmpty ? [] : value.split(separator: ";").map { .string(String($0)) })
            case .integer: out[field.name] = Int(value).map { .int($0) } ?? .null
            case .number: out[field.name] = Double(value).map { .number($0) } ?? .null
            default: out[field.name] = .text(value.isEmpty ? nil : value)
            }
        }
        out.merge(translations(table, row)) { a, _ in a }
        return out
    }
}

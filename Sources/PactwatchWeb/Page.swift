import PactwatchCore

/// A rendered page: its title, body, and the tables it offers as CSV and JSON.
struct Page {
    var title: String
    var heading: String
    var body = ""
    var tables: [DataTable] = []
    /// The Atom feed of the page's scope.
    var feed: String?

    init(title: String, heading: String? = nil, feed: String? = nil) {
        self.title = title
        self.heading = heading ?? title
        self.feed = feed
    }

    mutating func add(_ html: String) { body += html }

    mutating func add(_ table: DataTable, _ ctx: PageContext) {
        tables.append(table)
        body += table.html(downloads: { ctx.download(table.id, $0) }, empty: ctx.t["not_yet"])
    }

    mutating func section(_ title: String, id: String? = nil, _ content: (inout Page) throws -> Void) rethrows {
        body += "<section\(id.map { " id=\"\(esc($0))\"" } ?? "")><h2>\(esc(title))</h2>"
        try content(&self)
        body += "</section>"
    }
}

/// Pieces several pages share.
enum Blocks {
    /// The headline figures of a scope, each with its counts.
    static func headline(_ f: Figures, _ ctx: PageContext) -> String {
        let t = ctx.t
        guard f.obligations > 0 else {
            return "<p class=\"nodata\">\(esc(t["obligations"])): 0 — \(esc(t["no_data"]))</p>"
        }
        func card(_ label: String, _ value: String, _ detail: String, _ cls: String = "") -> String {
            "<div class=\"card \(cls)\"><div class=\"label\">\(esc(label))</div><div class=\"value\">\(esc(value))</div><div class=\"detail\">\(esc(detail))</div></div>"
        }
        var out = "<div class=\"cards\">"
        out += card(t["obligations"], String(f.obligations), Stage.allCases.filter { (f.byStage[$0] ?? 0) > 0 }
            .map { "\(t.stage($0.rawValue)) \(f.byStage[$0]!)" }.joined(separator: " · "))
        out += card(t["implemented"], percent(f.implemented, t), "\(f.implementedCount!) \(t["of"]) \(f.obligations)", "good")
        out += card(t["progress"], percent(f.progress, t), "\(t["progress_formula"]): \(num(f.progress! * f.weight!)) / \(num(f.weight!))")
        out += card(t["deficit"], percent(f.deficit, t), "\(t["overdue"]): \(f.overdue!) \(t["of"]) \(f.due!) \(t["due"].lowercased())", f.deficit.map { $0 > 0 ? "bad" : "" } ?? "")
        out += card(t["long_overdue"], String(f.longOverdue!), "≥ 730 d")
        out += card(t["stalled"], String(f.stalled!), "> 270 d")
        out += card(t["velocity"], String(f.velocity!), "365 d")
        let forecast: (String, String) = {
            guard let fc = f.forecast else { return (t["none"], t["forecast_none"]) }
            if fc.remaining == 0 { return (fc.date.description, "0 \(t["remaining"])") }
            return (fc.date.description, "\(t["interval"]): \(fc.earliest) – \(fc.latest); \(fc.remaining) \(t["remaining"])")
        }()
        out += card(t["forecast"], forecast.0, forecast.1)
        return out + "</div><p class=\"note\">\(esc(t["counts_note"]))</p>"
    }

    /// A chart image at its stable URL, linked to itself for embedding.
    static func chart(_ src: String, alt: String) -> String {
        "<figure class=\"chart\"><a href=\"\(esc(src))\"><img src=\"\(esc(src))\" alt=\"\(esc(alt))\" width=\"720\"></a></figure>"
    }

    /// Figures per party.
    static func partyTable(_ rows: [(id: String, figures: Figures)], _ ctx: PageContext, id: String = "parties") -> DataTable {
        let t = ctx.t
        return DataTable(
            id: id, caption: t["by_party"],
            columns: [("party", t["party"]), ("obligations", t["obligations"]), ("progress", t["progress"]),
                      ("implemented", t["implemented"]), ("due", t["due"]), ("deficit", t["deficit"]),
                      ("long_overdue", t["long_overdue"]), ("stalled", t["stalled"])],
            rows: rows.map { id, f in
                [DataTable.Cell(ctx.partyName(id), link: ctx.partyLink(id), value: .text(id)),
                 .init(String(f.obligations), value: .integer(f.obligations), cssClass: "num"),
                 .init(percent(f.progress, t), value: dbl(f.progress), cssClass: "num"),
                 .init(share(f.implemented, f.implementedCount, f.obligations, t), value: dbl(f.implemented), cssClass: "num"),
                 .init(f.due.map(String.init) ?? t["no_data"], value: int(f.due), cssClass: "num"),
                 .init(f.deficit.map { "\(percent($0, t)) (\(f.overdue!)/\(f.due!))" } ?? t["no_data"], value: dbl(f.deficit), cssClass: "num"),
                 .init(f.longOverdue.map(String.init) ?? t["no_data"], value: int(f.longOverdue), cssClass: "num"),
                 .init(f.stalled.map(String.init) ?? t["no_data"], value: int(f.stalled), cssClass: "num")]
            })
    }

    /// Each claim beside the computed figure for its scope on its date.
    static func claimsTable(_ claims: [Claim], _ ctx: PageContext) -> DataTable {
        let t = ctx.t
        return DataTable(
            id: "claims", caption: t["claims_vs_evidence"],
            columns: [("date", t["date"]), ("speaker", t["speaker"]), ("scope", t["scope"]), ("statement", t["statement"]),
                      ("claimed", t["claimed"]), ("implemented", t["evidence"] + ": " + t["implemented"].lowercased()),
                      ("progress", t["progress"]), ("sources", t["sources"])],
            rows: claims.sorted { $0.date < $1.date }.map { claim in
                let scope: Scope = claim.scope.map { ctx.snapshot.instrument($0) != nil ? .instrument($0) : .commitment($0) } ?? .all
                let f = ctx.figures.figures(for: scope, asOf: claim.date.lastDay)
                let claimed = [claim.value.map { num($0) + " %" }, claim.done.flatMap { d in claim.total.map { "\(d)/\($0)" } }]
                    .compactMap { $0 }.joined(separator: "; ")
                let scopeLink: String? = claim.scope.map { ctx.snapshot.instrument($0) != nil ? ctx.instrumentLink($0) : ctx.commitmentLink($0) }
                return [DataTable.Cell(claim.date.description),
                        .init(claim.speaker + (claim.speakerRole.map { ", " + $0 } ?? ""), value: .text(claim.speaker)),
                        .init(claim.scope.map { ctx.snapshot.instrument($0) != nil ? ctx.instrumentTitle($0) : ctx.commitmentTitle($0) } ?? t["whole_dataset"],
                              link: scopeLink, value: claim.scope.map { .text($0) } ?? .null),
                        .init(claim.statement),
                        .init(claimed.isEmpty ? "—" : claimed, value: claim.value.map { .number($0) } ?? .null, cssClass: "num claimed"),
                        .init(share(f.implemented, f.implementedCount, f.obligations, t), value: dbl(f.implemented), cssClass: "num evidence"),
                        .init(percent(f.progress, t), value: dbl(f.progress), cssClass: "num evidence"),
                        .init(claim.sources.joined(separator: " "), link: claim.sources.first.map(ctx.sourceLink), value: .text(claim.sources.joined(separator: ";")))]
            })
    }

    /// Obligations matching `include`, with stage, deadline and the scope's counts.
    static func obligationTable(id: String, caption: String, _ ctx: PageContext, limit: Int = 200,
                                include: (Obligation, ObligationState) -> Bool) -> DataTable {
        let t = ctx.t
        var rows: [[DataTable.Cell]] = []
        for (i, o) in ctx.snapshot.obligations.enumerated() where ctx.snapshot.exists(i, asOf: ctx.asOf) {
            let state = ctx.snapshot.state(of: i, asOf: ctx.asOf)
            guard include(o, state) else { continue }
            rows.append([
                .init(ctx.commitmentTitle(o.commitment), link: ctx.commitmentLink(o.commitment), value: .text(o.commitment)),
                .init(o.party.map(ctx.partyName) ?? t["joint"], link: o.party.map(ctx.partyLink), value: o.party.map { .text($0) } ?? .null),
                .init(t.stage(state.stage.rawValue), value: .text(state.stage.rawValue), cssClass: "stage st-\(state.stage.rawValue)"),
                .init(state.stageSince?.description ?? "—", value: state.stageSince.map { .text($0.description) } ?? .null),
                .init(state.deadline?.description ?? "—", value: state.deadline.map { .text($0.description) } ?? .null,
                      cssClass: state.isOverdue ? "bad" : nil),
            ])
            if rows.count >= limit { break }
        }
        return DataTable(id: id, caption: caption,
                         columns: [("commitment", t["commitment"]), ("party", t["party"]), ("stage", t["stage"]),
                                   ("since", t["date"]), ("deadline", t["deadline"])],
                         rows: rows)
    }

    /// The events at `newest` (indices, newest first: `FigureIndex.latestEvents`).
    static func recentEvents(_ newest: [Int], _ ctx: PageContext, id: String = "recent") -> DataTable {
        let t = ctx.t
        return DataTable(
            id: id, caption: t["recent"],
            columns: [("date", t["date"]), ("commitment", t["commitment"]), ("party", t["party"]), ("change", t["stage"]),
                      ("note", t["note"]), ("sources", t["sources"])],
            rows: newest.map { ctx.snapshot.dataset.events[$0] }.map { e in
                [DataTable.Cell(e.date.description),
                 .init(ctx.commitmentTitle(e.commitment), link: ctx.commitmentLink(e.commitment), value: .text(e.commitment)),
                 .init(e.party.map(ctx.partyName) ?? "—", value: e.party.map { .text($0) } ?? .null),
                 .init(describe(e, ctx), value: .text(e.stage?.rawValue ?? e.deadline.map { "deadline " + $0.description } ?? "retraction"),
                       cssClass: e.stage.map { "stage st-\($0.rawValue)" }, struck: ctx.snapshot.retracted.contains(e.id)),
                 .init(e.note ?? ""),
                 .init(e.sources.joined(separator: " "), link: e.sources.first.map(ctx.sourceLink), value: .text(e.sources.joined(separator: ";")))]
            })
    }

    static func describe(_ e: Event, _ ctx: PageContext) -> String {
        var parts: [String] = []
        if let stage = e.stage { parts.append(ctx.t.stage(stage.rawValue)) }
        if let deadline = e.deadline { parts.append("\(ctx.t["moved_deadline"]) \(deadline)") }
        if let r = e.retracts { parts.append("\(ctx.t["corrects"]) \(r)") }
        return parts.joined(separator: "; ")
    }

    static func dbl(_ x: Double?) -> DataTable.Value { x.map { .number($0) } ?? .null }
    static func int(_ x: Int?) -> DataTable.Value { x.map { .integer($0) } ?? .null }
}

/// A number with at most two decimals.
func num(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(r)
}

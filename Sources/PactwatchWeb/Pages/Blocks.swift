import PactwatchCore

// Rows several page models share: plain values from the snapshot, no markup.

/// An obligation as of the page's day.
struct ObligationRow {
    let commitment: String
    let party: String?
    let state: ObligationState
}

/// A commitment with its progress and the stage of each of its obligations (nil before it exists).
struct CommitmentRow {
    let commitment: Commitment
    /// Σ weight × stage weight / Σ weight over its existing obligations: as they share the
    /// commitment's weight, the mean of their stage weights; nil when none exists yet.
    let progress: Double?
    let stages: [(party: String?, state: ObligationState?)]
}

/// An instrument's figures, with its depth under the table's top level (0 for the top).
struct InstrumentRow {
    let id: String
    let figures: Figures
    var depth = 0
}

enum Rows {
    /// The obligations existing on the page's day that match `include`, at most `limit`.
    static func obligations(_ ctx: PageContext, limit: Int = 200, include: (Obligation, ObligationState) -> Bool) -> [ObligationRow] {
        var rows: [ObligationRow] = []
        for (i, o) in ctx.snapshot.obligations.enumerated() where ctx.snapshot.exists(i, asOf: ctx.asOf) {
            let state = ctx.snapshot.state(of: i, asOf: ctx.asOf)
            guard include(o, state) else { continue }
            rows.append(ObligationRow(commitment: o.commitment, party: o.party, state: state))
            if rows.count >= limit { break }
        }
        return rows
    }

    static func commitments(_ ctx: PageContext, _ commitments: [Commitment]) -> [CommitmentRow] {
        // From the obligations' states alone (a listing of every commitment costs one pass over
        // their obligations, not a figures pass per commitment).
        commitments.map { c in
            let stages = ctx.snapshot.obligations(ofCommitment: c.id).map { index, o in
                (party: o.party, state: ctx.snapshot.exists(index, asOf: ctx.asOf) ? ctx.snapshot.state(of: index, asOf: ctx.asOf) : nil)
            }
            let existing = stages.compactMap(\.state)
            let progress = existing.isEmpty ? nil : existing.map(\.stage.weight).reduce(0, +) / Double(existing.count)
            return CommitmentRow(commitment: c, progress: progress, stages: stages)
        }
    }

    /// The claims about a scope made by the page's day, each beside its evidence.
    static func claims(_ ctx: PageContext, about scope: Scope) -> [ClaimEvidence] {
        ctx.snapshot.claims(about: scope, through: ctx.asOf).map(ctx.figures.evidence(for:))
    }
}

// Views several pages share.

enum Blocks {
    /// The headline figures of a scope, each with its counts.
    static func headline(_ f: Figures, _ ctx: PageContext) -> HTML {
        let t = ctx.t
        guard f.obligations > 0 else {
            return "<p class=\"nodata\">\(t["obligations"]): 0 — \(t["no_data"])</p>"
        }
        func card(_ key: String, _ value: String, _ detail: String, _ cls: String = "") -> HTML {
            let label: HTML =
                ctx.definition(key).map { "<a class=\"def\" href=\"\($0.link)\" title=\"\($0.line)\">\(t[key])</a>" } ?? "\(t[key])"
            return
                "<div class=\"card \(cls)\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div><div class=\"detail\">\(detail)</div></div>"
        }
        var out: HTML = "<div class=\"cards\">"
        out += card("obligations", String(f.obligations), stageCounts(f, ctx).map { "\($0.0) \($0.1)" }.joined(separator: " · "))
        out += card("implemented", ctx.percent(f.implemented), "\(f.implementedCount!) \(t["of"]) \(f.obligations)", tone(share: f.implemented))
        out += card(
            "progress", ctx.percent(f.progress),
            "\(t["progress_formula"]): \(ctx.number(f.progress! * f.weight!)) / \(ctx.number(f.weight!))", tone(share: f.progress))
        out += card("coverage", ctx.percent(f.coverage), "\(f.evidenced!) \(t["of"]) \(f.obligations) \(t["with_recorded_step"])")
        out += card("practice", ctx.percent(f.practice), "\(f.appliedCount!) \(t["of"]) \(f.obligations) \(t["practice_detail"])")
        if let children = f.children, let completed = f.childrenCompleted {
            out += card("parts_complete", "\(completed) / \(children)", t["parts_complete_detail"])
        }
        out += card("due", String(f.due!), Definitions.line("due", ctx.language) ?? "")
        out += card(
            "deficit", ctx.percent(f.deficit), "\(t["overdue"]): \(f.overdue!) \(t["of"]) \(f.due!) \(t["due"].lowercased())",
            f.deficit.map { $0 > 0 ? "bad" : "" } ?? "")
        out += card("long_overdue", String(f.longOverdue!), ctx.phrase(.longOverdue))
        out += card("at_risk", String(f.atRisk!), "≤ \(Figures.atRiskDays) \(t["days_short"]) \(t["to_deadline"])")
        out += card("stalled", String(f.stalled!), ctx.phrase(.stalled))
        out += card("asymmetry", String(f.asymmetry!), t["asymmetry_detail"])
        out += card("velocity", String(f.velocity!), ctx.phrase(.velocity))
        let forecast: (String, String) = {
            guard let fc = f.forecast else { return (t["none"], t["forecast_none"]) }
            if fc.remaining == 0 { return (fc.date.description, "0 \(t["remaining"])") }
            return (fc.date.description, "\(t["interval"]): \(fc.earliest) – \(fc.latest); \(fc.remaining) \(t["remaining"])")
        }()
        out += card("forecast", forecast.0, forecast.1)
        return out + "</div><p class=\"note\">\(t["counts_note"])</p>"
    }

    /// A chart at its stable URL, linked to itself for embedding, with the data it draws offered
    /// beside it as CSV and JSON (`burnup-chart`, `stages-chart`).
    static func chart(_ chart: Route.Chart, _ scope: Scope, alt: String, _ ctx: PageContext, into page: inout Page) {
        let t = ctx.t
        let make: () -> DataTable
        switch chart {
        case .burnup:
            make = {
                DataTable(
                    id: "burnup-chart", caption: t["burnup"],
                    columns: [("date", t["date"]), ("obligations", t["obligations"]), ("implemented", t["implemented"]), ("applied", t["practice"])],
                    rows: Charts.burnupSamples(ctx, scope).map { day, f in
                        [
                            .init(day.description), .init("", value: .integer(f.obligations)), .init("", value: int(f.implementedCount)),
                            .init("", value: int(f.appliedCount)),
                        ]
                    })
            }
        case .stages:
            let segments: [(key: String, stage: Stage?)] = [("no_recorded_step", nil)] + Stage.allCases.map { ($0.rawValue, $0) }
            make = {
                DataTable(
                    id: "stages-chart", caption: t["stages_by_instrument"],
                    columns: [("instrument", t["instrument"]), ("obligations", t["obligations"])]
                        + segments.map { ($0.key, $0.stage.map { t.stage($0.rawValue) } ?? t["no_recorded_step"]) },
                    rows: Charts.stageRows(ctx, scope).map { row in
                        let unrecorded = row.figures.obligations - (row.figures.evidenced ?? row.figures.obligations)
                        return [DataTable.Cell(row.label, value: .text(row.id)), .init("", value: .integer(row.figures.obligations))]
                            + segments.map { s in
                                let n = s.stage.map { (row.figures.byStage[$0] ?? 0) - ($0 == .notStarted ? unrecorded : 0) } ?? unrecorded
                                return DataTable.Cell("", value: .integer(n))
                            }
                    })
            }
        case .claims:
            claimsChart(scope, ctx, into: &page)
            return
        }
        // Built only when downloaded: the page shows the chart, whose samples would slow every first view.
        let id = chart.rawValue + "-chart"
        page.offer(id, make)
        let data: HTML = "<figcaption>\(t["chart_data"]): \(ctx.download(id, "csv")) \(ctx.download(id, "json"))</figcaption>"
        page.add(chartFigure(chart, scope, alt: alt, ctx, caption: data))
    }

    static func chartFigure(_ chart: Route.Chart, _ scope: Scope, alt: String, _ ctx: PageContext, caption: HTML = "") -> HTML {
        // The alt text carries the chart's summary: the scope's counts on the page's day.
        let f = ctx.figures.figures(for: scope, asOf: ctx.asOf), t = ctx.t
        let summary =
            f.obligations == 0
            ? ": " + t["no_data"]
            : " — \(ctx.shortLabel(scope)): \(f.implementedCount!) \(t["of"]) \(f.obligations) \(t["implemented"].lowercased()), \(t["as_of"].lowercased()) \(ctx.asOf)"
        return "<figure class=\"chart\">\(picture(chart, scope, alt: alt + summary, ctx))\(caption)</figure>"
    }

    /// A chart's two renditions: the narrow one on a screen under 40 rem, where the wide one's
    /// text would shrink below 11 px; the link goes to the wide one, the one to embed.
    static func picture(_ chart: Route.Chart, _ scope: Scope, alt: String, _ ctx: PageContext) -> HTML {
        let wide = ctx.link(.chart(chart, scope)), narrow = ctx.link(.chart(chart, scope, .narrow))
        return
            "<a href=\"\(wide)\"><picture><source media=\"(max-width: 40rem)\" srcset=\"\(narrow)\"><img src=\"\(wide)\" alt=\"\(alt)\" width=\"720\"></picture></a>"
    }

    /// The claims-against-evidence chart of a scope, with its data offered beside it as CSV and
    /// JSON (`claims-chart`): the evidence lines month by month, in percent.
    static func claimsChart(_ scope: Scope, _ ctx: PageContext, into page: inout Page) {
        let t = ctx.t
        let drawn = Charts.claimsScope(ctx, scope)
        let (claims, samples) = Charts.claimSeries(ctx, drawn)
        let table = DataTable(
            id: "claims-chart", caption: t["claims_chart"],
            columns: [
                ("date", t["date"]), ("implemented_percent", t["implemented"]), ("progress_percent", t["progress"]),
                ("coverage_percent", t["coverage"]), ("programmes_completed_percent", t["programmes_completed_share"]),
            ],
            rows: samples.map { s in
                [
                    DataTable.Cell(s.day.description), .init("", value: dbl(s.implemented)), .init("", value: dbl(s.progress)),
                    .init("", value: dbl(s.coverage)), .init("", value: dbl(s.childrenCompleted)),
                ]
            })
        page.offer(table)
        let alt = t["claims_chart"] + (drawn == .all ? "" : " — " + ctx.shortLabel(drawn)) + ": \(claims.count) " + t["claims"].lowercased()
        page.add(
            "<figure class=\"chart\">\(picture(.claims, scope, alt: alt, ctx))<figcaption>\(t["chart_data"]): \(ctx.download(table.id, "csv")) \(ctx.download(table.id, "json"))</figcaption></figure>"
        )
    }

    /// Facts about a record: a label and its value (markup: a value may hold links).
    static func definitionList(_ facts: [(String, HTML)]) -> HTML {
        "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
    }

    /// Figures per party.
    static func partyTable(_ rows: [(id: String, figures: Figures)], _ ctx: PageContext, id: String = "parties") -> DataTable {
        let t = ctx.t
        return DataTable(
            id: id, caption: t["by_party"],
            columns: [
                ("party", t["party"]), ("obligations", t["obligations"]), ("progress", t["progress"]),
                ("implemented", t["implemented"]), ("coverage", t["coverage"]), ("due", t["due"]), ("deficit", t["deficit"]),
                ("at_risk", t["at_risk"]), ("long_overdue", t["long_overdue"]), ("stalled", t["stalled"]),
            ],
            rows: rows.map { id, f in
                [
                    DataTable.Cell(ctx.partyName(id), link: ctx.link(.party(id)), value: .text(id)),
                    .init(String(f.obligations), value: .integer(f.obligations), cssClass: "num"),
                    .init(ctx.percent(f.progress), value: dbl(f.progress), cssClass: "num"),
                    .init(ctx.share(f.implemented, f.implementedCount, f.obligations), value: dbl(f.implemented), cssClass: "num"),
                    .init(ctx.share(f.coverage, f.evidenced, f.obligations), value: dbl(f.coverage), cssClass: "num"),
                    .init(f.due.map(String.init) ?? t["no_data"], value: int(f.due), cssClass: "num"),
                    .init(deficit(f, ctx), value: dbl(f.deficit), cssClass: "num"),
                    .init(f.atRisk.map(String.init) ?? t["no_data"], value: int(f.atRisk), cssClass: "num"),
                    .init(f.longOverdue.map(String.init) ?? t["no_data"], value: int(f.longOverdue), cssClass: "num"),
                    .init(f.stalled.map(String.init) ?? t["no_data"], value: int(f.stalled), cssClass: "num"),
                ]
            })
    }

    /// Figures per instrument; a row under the table's top level is indented and says what it is part of.
    static func instrumentTable(_ rows: [InstrumentRow], _ ctx: PageContext, id: String = "instruments") -> DataTable {
        let t = ctx.t
        return DataTable(
            id: id, caption: t["instruments"],
            columns: [
                ("instrument", t["instrument"]), ("obligations", t["obligations"]), ("progress", t["progress"]),
                ("implemented", t["implemented"]), ("coverage", t["coverage"]), ("children_completed", t["parts_complete"]),
                ("children", ""), ("deficit", t["deficit"]), ("at_risk", t["at_risk"]), ("forecast", t["forecast"]),
            ],
            rows: rows.map { row in
                let f = row.figures
                return [
                    DataTable.Cell(
                        ctx.instrumentTitle(row.id), link: ctx.link(.instrument(row.id)),
                        value: .text(row.id), cssClass: row.depth > 0 ? "depth-\(min(row.depth, 3))" : nil,
                        sub: laterAdoption(row.id, ctx).map { (t["adopted_later"] + ": " + $0.description, nil) }),
                    .init(f.obligations == 0 ? t["no_data"] : String(f.obligations), value: .integer(f.obligations), cssClass: "num"),
                    .init(ctx.percent(f.progress), value: dbl(f.progress), cssClass: "num"),
                    .init(ctx.share(f.implemented, f.implementedCount, f.obligations), value: dbl(f.implemented), cssClass: "num"),
                    .init(ctx.share(f.coverage, f.evidenced, f.obligations), value: dbl(f.coverage), cssClass: "num"),
                    .init(
                        f.childrenCompleted.flatMap { c in f.children.map { "\(c) / \($0)" } } ?? "—", value: int(f.childrenCompleted),
                        cssClass: "num"),
                    .init("", value: int(f.children)),
                    .init(deficit(f, ctx), value: dbl(f.deficit), cssClass: "num"),
                    .init(f.atRisk.map(String.init) ?? t["no_data"], value: int(f.atRisk), cssClass: "num"),
                    .init(
                        f.obligations == 0 ? t["no_data"] : f.forecast?.date.description ?? t["none"],
                        value: f.forecast.map { .text($0.date.description) } ?? .null),
                ]
            },
            dataOnly: ["children"])
    }

    static func commitmentTable(_ rows: [CommitmentRow], _ ctx: PageContext) -> DataTable {
        let t = ctx.t
        return DataTable(
            id: "commitments", caption: t["commitments"],
            columns: [
                ("commitment", t["commitment"]), ("mode", t["mode"]), ("deadline", t["deadline"]), ("stages", t["stage"]),
                ("progress", t["progress"]),
            ],
            rows: rows.map { row in
                let c = row.commitment
                let stages = row.stages.map { party, state in (party.map { $0 + ": " } ?? "") + (state.map(ctx.stageName) ?? "—") }
                return [
                    DataTable.Cell(localized(c.title, c.titles, ctx.language), link: ctx.link(.commitment(c.id)), value: .text(c.id)),
                    .init(c.mode == .joint ? t["joint"] : t["each"], value: .text(c.mode.rawValue)),
                    .init(c.deadline?.description ?? "—", value: c.deadline.map { .text($0.description) } ?? .null),
                    .init(stages.joined(separator: "; ")),
                    .init(ctx.percent(row.progress), value: dbl(row.progress), cssClass: "num"),
                ]
            })
    }

    /// Each claim beside the computed figures for its scope on its date, on the claim's own
    /// scale: percentages beside percentages (the gap in points), a programme count beside the
    /// programmes completed, any other count beside the record's obligations with the
    /// difference in granularity said. The downloads carry each part in its own column.
    static func claimsTable(_ claims: [ClaimEvidence], _ ctx: PageContext, id: String = "claims") -> DataTable {
        let t = ctx.t, language = ctx.language
        func points(_ x: Double) -> String { (x > 0 ? "+" : x < 0 ? "−" : "") + ctx.number(abs(x), digits: 1) + " " + t["points"] }
        return DataTable(
            id: id, caption: t["claims_vs_evidence"],
            columns: [
                ("date", t["date"]), ("speaker", t["speaker"]), ("statement", t["statement"]), ("scope", t["scope"]),
                ("claimed", t["claimed"]), ("claimed_percent", ""), ("claimed_done", ""), ("claimed_total", ""), ("unit", ""),
                ("implemented_percent", t["evidence"] + ": " + t["implemented"].lowercased()), ("progress_percent", t["progress"]),
                ("gap_points", t["gap"]), ("record_count", t["record_count"]), ("record_done", ""), ("record_total", ""),
                ("record_unit", ""), ("sources", t["sources"]),
            ],
            rows: claims.map { evidence in
                let claim = evidence.claim, f = evidence.figures
                let unit = claim.unit.map { t["unit_" + $0.rawValue] } ?? t["unit_unstated"]
                let claimed = [
                    claim.value.map { ctx.percentValue($0) },
                    (claim.done != nil || claim.total != nil)
                        ? [claim.done.map(String.init), claim.total.map(String.init)].compactMap { $0 }.joined(separator: " " + t["of"] + " ") + " "
                            + unit
                        : nil,
                ].compactMap { $0 }
                let count: (text: String, done: Int?, total: Int?, unit: String?) =
                    switch evidence.count {
                    case let c?:
                        (
                            "\(c.parts.done) \(t["of"]) \(c.parts.total) "
                                + (c.unit == "programmes"
                                    ? t["programmes_completed"] : "\(t["obligations_implemented"]) · \(t["granularity"]) (\(unit))"),
                            c.parts.done, c.parts.total, c.unit
                        )
                    case nil: ("—", nil, nil, nil)
                    }
                return [
                    DataTable.Cell(claim.date.description),
                    .init(
                        localized(claim.speaker, claim.speakers, language)
                            + (claim.speakerRole.map { ", " + localized($0, claim.speakerRoles, language) } ?? ""),
                        value: .text(claim.speaker)),
                    .init(
                        localized(claim.statement, claim.statements, language),
                        sub: (ctx.t["scope"] + ": " + ctx.label(evidence.scope), ctx.link(Route.page(evidence.scope)))),
                    .init(ctx.label(evidence.scope), value: claim.scope.map { .text($0) } ?? .null),
                    .init(
                        claimed.first ?? "—", value: .text(claimed.joined(separator: "; ")), cssClass: "num claimed",
                        sub: claimed.count > 1 ? (claimed[1], nil) : nil),
                    .init("", value: claim.value.map { .number($0) } ?? .null),
                    .init("", value: claim.done.map { .integer($0) } ?? .null),
                    .init("", value: claim.total.map { .integer($0) } ?? .null),
                    .init("", value: claim.unit.map { .text($0.rawValue) } ?? .null),
                    .init(
                        ctx.share(f.implemented, f.implementedCount, f.obligations), value: evidence.implementedPercent.map { .number($0) } ?? .null,
                        cssClass: "num evidence", sub: (t["progress"] + " " + ctx.percent(f.progress), nil)),
                    .init(ctx.percent(f.progress), value: evidence.progressPercent.map { .number($0) } ?? .null, cssClass: "num evidence"),
                    .init(evidence.gapPoints.map(points) ?? "—", value: evidence.gapPoints.map { .number($0) } ?? .null, cssClass: "num gap"),
                    .init(count.text, value: .text(count.text)),
                    .init("", value: count.done.map { .integer($0) } ?? .null),
                    .init("", value: count.total.map { .integer($0) } ?? .null),
                    .init("", value: count.unit.map { .text($0) } ?? .null),
                    sources(claim.sources, ctx),
                ]
            },
            dataOnly: [
                "scope", "claimed_percent", "claimed_done", "claimed_total", "unit", "progress_percent", "record_done", "record_total", "record_unit",
            ])
    }

    /// Obligations with stage, date of that stage and deadline.
    static func obligationTable(id: String, caption: String, _ rows: [ObligationRow], _ ctx: PageContext) -> DataTable {
        let t = ctx.t
        return DataTable(
            id: id, caption: caption,
            columns: [
                ("commitment", t["commitment"]), ("party", t["party"]), ("stage", t["stage"]), ("since", t["date"]), ("deadline", t["deadline"]),
            ],
            rows: rows.map { row in
                let state = row.state
                return [
                    .init(ctx.commitmentTitle(row.commitment), link: ctx.link(.commitment(row.commitment)), value: .text(row.commitment)),
                    .init(
                        row.party.map(ctx.partyName) ?? t["joint"], link: row.party.map { ctx.link(.party($0)) },
                        value: row.party.map { .text($0) } ?? .null),
                    .init(ctx.stageName(state), value: .text(ctx.stageKey(state)), cssClass: "stage st-\(ctx.stageKey(state))"),
                    .init(state.stageSince?.description ?? "—", value: state.stageSince.map { .text($0.description) } ?? .null),
                    .init(
                        state.deadline?.description ?? "—", value: state.deadline.map { .text($0.description) } ?? .null,
                        cssClass: state.isOverdue ? "bad" : nil),
                ]
            })
    }

    /// The events at `indices` (newest first, as `FigureIndex.latestEvents` gives them).
    static func eventTable(_ indices: [Int], _ ctx: PageContext, id: String = "recent", caption: String? = nil) -> DataTable {
        let t = ctx.t
        return DataTable(
            id: id, caption: caption ?? t["recent"],
            columns: [
                ("date", t["date"]), ("commitment", t["commitment"]), ("party", t["party"]), ("change", t["stage"]),
                ("note", t["note"]), ("sources", t["sources"]),
            ],
            rows: indices.map { ctx.snapshot.dataset.events[$0] }.map { e in
                [
                    DataTable.Cell(e.date.description),
                    .init(ctx.commitmentTitle(e.commitment), link: ctx.link(.commitment(e.commitment)), value: .text(e.commitment)),
                    .init(e.party.map(ctx.partyName) ?? "—", value: e.party.map { .text($0) } ?? .null),
                    .init(
                        describe(e, ctx), value: .text(change(e)), cssClass: e.stage.map { "stage st-\($0.rawValue)" },
                        struck: ctx.snapshot.retracted.contains(e.id)),
                    .init(e.note ?? ""),
                    sources(e.sources, ctx),
                ]
            })
    }

    /// What an event changes, in words: `in force; deadline moved to 2026-01-01`.
    static func describe(_ e: Event, _ ctx: PageContext) -> String {
        var parts: [String] = []
        if let stage = e.stage { parts.append(ctx.t.stage(stage.rawValue)) }
        if let deadline = e.deadline { parts.append("\(ctx.t["moved_deadline"]) \(deadline)") }
        if let r = e.retracts { parts.append("\(ctx.t["corrects"]) \(r)") }
        return parts.joined(separator: "; ")
    }

    /// What an event changes, for a download: its stage, `deadline DAY`, or `retraction`.
    static func change(_ e: Event) -> String {
        e.stage?.rawValue ?? e.deadline.map { "deadline " + $0.description } ?? "retraction"
    }

    /// A cell naming an event's or claim's sources (linked to the first; all in the download).
    /// An event's or claim's sources: one link per source, each read "Publisher, date".
    static func sources(_ ids: [String], _ ctx: PageContext) -> DataTable.Cell {
        let cited = ids.map { id in (id, ctx.citation(id)) }
        return .init(
            cited.map(\.1.text).joined(separator: "; "), value: .text(ids.joined(separator: ";")),
            links: cited.map { id, c in (c.text, ctx.link(.source(id)), c.title, c.url) })
    }

    /// The non-zero counts per stage, "no recorded step" apart from an explicit "not started".
    /// An instrument's adoption date when it comes after the page's day (its obligations do not exist yet).
    static func laterAdoption(_ id: String, _ ctx: PageContext) -> PartialDate? {
        guard let adopted = ctx.snapshot.instrument(id)?.adopted, adopted.lastDay > ctx.asOf else { return nil }
        return adopted
    }

    /// The colour a share earns: green from two thirds, red below one third, plain between.
    /// A low implemented share is never green.
    static func tone(share: Double?) -> String {
        guard let share else { return "" }
        return share >= 2.0 / 3 ? "good" : share < 1.0 / 3 ? "bad" : ""
    }

    static func stageCounts(_ f: Figures, _ ctx: PageContext) -> [(String, Int)] {
        Charts.stageSegments(f, ctx.t).map { ($0.label, $0.count) }
    }

    static func deficit(_ f: Figures, _ ctx: PageContext) -> String {
        f.deficit.map { "\(ctx.percent($0)) (\(f.overdue!)/\(f.due!))" } ?? ctx.t["no_data"]
    }

    static func dbl(_ x: Double?) -> DataTable.Value { x.map { .number($0) } ?? .null }
    static func int(_ x: Int?) -> DataTable.Value { x.map { .integer($0) } ?? .null }
}

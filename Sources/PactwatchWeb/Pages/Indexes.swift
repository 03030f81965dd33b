import PactwatchCore

/// `/instruments`, `/commitments`, `/parties`, `/areas`, `/acts`, `/sources`: every record of a
/// kind as a listing (filters with facet counts, sort, pages, downloads of the matching rows).
/// Filters are named as the API's (`instrument`, `party`, `area`, `stage`, `overdue`, `at_risk`,
/// `stalled`) and mean the same: a commitment matches `stage=adopted` when any of its
/// obligations stands there on the page's day.
enum IndexPage {
    /// Every filter any listing reads: what names a cached page besides `Listing.controls`.
    static let filters = [
        "instrument", "party", "area", "stage", "overdue", "at_risk", "stalled", "kind", "speaker", "unit", "publisher", "language",
        "archived",
    ]

    static func view(_ index: Route.Index, _ ctx: PageContext) throws(BadParameter) -> Page {
        let t = ctx.t
        var page = Page(title: t[index.rawValue])
        page.add("<p class=\"lede\">\(t["index_" + index.rawValue])</p>")
        try page.add(listing(index, ctx), ctx)
        return page
    }

    static func listing(_ index: Route.Index, _ ctx: PageContext) -> Listing {
        switch index {
        case .instruments: instruments(ctx)
        case .commitments: commitments(ctx)
        case .parties: parties(ctx)
        case .areas: areas(ctx)
        case .acts: acts(ctx)
        case .sources: sources(ctx)
        }
    }

    // MARK: Facets every listing may share

    static func partyFacet(_ ctx: PageContext) -> Listing.Facet {
        Listing.Facet(name: "party", label: ctx.t["party"], values: ctx.snapshot.dataset.parties.map { ($0.id, ctx.partyName($0.id)) })
    }

    static func instrumentFacet(_ ctx: PageContext) -> Listing.Facet {
        Listing.Facet(
            name: "instrument", label: ctx.t["instrument"],
            values: ctx.snapshot.dataset.instruments.map { ($0.id, ctx.shortLabel(.instrument($0.id))) })
    }

    static func areaFacet(_ ctx: PageContext) -> Listing.Facet {
        Listing.Facet(name: "area", label: ctx.t["area"], values: ctx.snapshot.areas.map { ($0, ctx.areaName($0)) })
    }

    static func kindFacet<K: RawRepresentable & CaseIterable>(_ kind: K.Type, _ field: String, _ ctx: PageContext) -> Listing.Facet
    where K.RawValue == String {
        Listing.Facet(name: "kind", label: ctx.t["kind"], values: K.allCases.map { ($0.rawValue, ctx.t.value(field, $0.rawValue)) })
    }

    /// An instrument and every instrument it is part of (`Snapshot.ancestry`): a commitment of a
    /// programme is also one of the programme's parent, as the API's `instrument` takes descendants.
    static func lineage(_ id: String, _ ctx: PageContext) -> Set<String> { Set(ctx.snapshot.ancestry(of: id)) }

    /// The figures' flags: whether any obligation of a row is overdue, at risk or stalled.
    static func flags(_ f: Figures) -> [String: Set<String>] {
        func flag(_ n: Int?) -> Set<String> { [(n ?? 0) > 0 ? "true" : "false"] }
        return ["overdue": flag(f.overdue), "at_risk": flag(f.atRisk), "stalled": flag(f.stalled)]
    }

    static func flagFacets(_ ctx: PageContext, _ names: [String] = ["overdue", "at_risk", "stalled"]) -> [Listing.Facet] {
        names.map { Listing.Facet.flag($0, ctx.t[$0], ctx.t) }
    }

    // MARK: The listings

    static func instruments(_ ctx: PageContext) -> Listing {
        let tree = ctx.snapshot.instrumentTree()
        let rows = tree.map {
            InstrumentRow(id: $0.instrument.id, figures: ctx.figures.figures(for: .instrument($0.instrument.id), asOf: ctx.asOf), depth: $0.depth)
        }
        let table = Blocks.instrumentTable(rows, ctx).adding(
            ("kind", ctx.t["kind"]), after: 0,
            tree.map { DataTable.Cell(ctx.t.value("instrument_kind", $0.instrument.kind.rawValue), value: .text($0.instrument.kind.rawValue)) })
        return Listing(
            table: table, facets: [kindFacet(InstrumentKind.self, "instrument_kind", ctx), partyFacet(ctx)] + flagFacets(ctx),
            memberships: zip(tree, rows).map { item, row in
                ["kind": [item.instrument.kind.rawValue], "party": Set(item.instrument.parties)].merging(flags(row.figures)) { a, _ in a }
            })
    }

    static func commitments(_ ctx: PageContext) -> Listing {
        let t = ctx.t, s = ctx.snapshot
        let rows = Rows.commitments(ctx, s.dataset.commitments)
        let table = Blocks.commitmentTable(rows, ctx)
            .adding(
                ("instrument", t["instrument"]), after: 0,
                rows.map { r in
                    .init(
                        ctx.shortLabel(.instrument(r.commitment.instrument)), link: ctx.link(.instrument(r.commitment.instrument)),
                        value: .text(r.commitment.instrument))
                }
            )
            .adding(
                ("area", t["area"]), after: 1,
                rows.map { r in
                    r.commitment.area.map { .init(ctx.areaName($0), link: ctx.link(.area($0)), value: .text($0)) } ?? .init("—", value: .null)
                })
        return Listing(
            table: table,
            facets: [instrumentFacet(ctx), partyFacet(ctx), areaFacet(ctx), stageFacet(ctx)] + flagFacets(ctx),
            memberships: rows.map { r in
                let states = r.stages.compactMap(\.state)
                func flag(_ test: (ObligationState) -> Bool) -> Set<String> { [states.contains(where: test) ? "true" : "false"] }
                var m: [String: Set<String>] = [
                    "instrument": lineage(r.commitment.instrument, ctx), "party": Set(s.owingParties(of: r.commitment.id)),
                    "stage": Set(states.map(ctx.stageKey)), "overdue": flag(\.isOverdue), "at_risk": flag(\.isAtRisk),
                    "stalled": flag(\.isStalled),
                ]
                if let area = r.commitment.area { m["area"] = [area] }
                return m
            })
    }

    static func stageFacet(_ ctx: PageContext) -> Listing.Facet {
        Listing.Facet(
            name: "stage", label: ctx.t["stage"],
            values: Stage.allCases.map { ($0.rawValue, ctx.t.stage($0.rawValue)) } + [("no_recorded_step", ctx.t["no_recorded_step"])])
    }

    static func parties(_ ctx: PageContext) -> Listing {
        let parties = ctx.snapshot.dataset.parties
        let rows = parties.map { (id: $0.id, figures: ctx.figures.figures(for: .party($0.id), asOf: ctx.asOf)) }
        let table = Blocks.partyTable(rows, ctx).adding(
            ("kind", ctx.t["kind"]), after: 0, parties.map { .init(ctx.t.value("party_kind", $0.kind.rawValue), value: .text($0.kind.rawValue)) })
        return Listing(
            table: table, facets: [kindFacet(PartyKind.self, "party_kind", ctx)] + flagFacets(ctx),
            memberships: zip(parties, rows).map { p, row in ["kind": [p.kind.rawValue]].merging(flags(row.figures)) { a, _ in a } })
    }

    static func areas(_ ctx: PageContext) -> Listing {
        let t = ctx.t, s = ctx.snapshot
        let areas = s.areas
        let figures = areas.map { ctx.figures.figures(for: .area($0), asOf: ctx.asOf) }
        let commitments = areas.map { s.commitments(in: .area($0)) }
        let table = DataTable(
            id: "areas", caption: t["areas"],
            columns: [
                ("area", t["area"]), ("commitments", t["commitments"]), ("obligations", t["obligations"]), ("progress", t["progress"]),
                ("implemented", t["implemented"]), ("deficit", t["deficit"]), ("stalled", t["stalled"]),
            ],
            rows: zip(areas, zip(figures, commitments)).map { area, pair in
                let (f, list) = pair
                return [
                    DataTable.Cell(ctx.areaName(area), link: ctx.link(.area(area)), value: .text(area)),
                    .init(String(list.count), value: .integer(list.count), cssClass: "num"),
                    .init(String(f.obligations), value: .integer(f.obligations), cssClass: "num"),
                    .init(ctx.percent(f.progress), value: Blocks.dbl(f.progress), cssClass: "num"),
                    .init(ctx.share(f.implemented, f.implementedCount, f.obligations), value: Blocks.dbl(f.implemented), cssClass: "num"),
                    .init(Blocks.deficit(f, ctx), value: Blocks.dbl(f.deficit), cssClass: "num"),
                    .init(f.stalled.map(String.init) ?? t["no_data"], value: Blocks.int(f.stalled), cssClass: "num"),
                ]
            })
        return Listing(
            table: table, facets: [instrumentFacet(ctx), partyFacet(ctx)] + flagFacets(ctx, ["overdue", "stalled"]),
            memberships: zip(commitments, figures).map { list, f in
                [
                    "instrument": Set(list.flatMap { lineage($0.instrument, ctx) }), "party": Set(list.flatMap { s.owingParties(of: $0.id) }),
                ].merging(flags(f)) { a, _ in a }
            })
    }

    static func acts(_ ctx: PageContext) -> Listing {
        let t = ctx.t, s = ctx.snapshot
        let acts = s.dataset.acts
        let table = DataTable(
            id: "acts", caption: t["acts"],
            columns: [
                ("act", t["act"]), ("kind", t["kind"]), ("party", t["party"]), ("number", t["number"]), ("commitments", t["commitments"]),
                ("sources", t["sources"]),
            ],
            rows: acts.map { a in
                [
                    DataTable.Cell(ctx.actTitle(a.id), link: ctx.link(.act(a.id)), value: .text(a.id)),
                    .init(t.value("act_kind", a.kind.rawValue), value: .text(a.kind.rawValue)),
                    a.party.map { .init(ctx.partyName($0), link: ctx.link(.party($0)), value: .text($0)) } ?? .init(t["joint"], value: .null),
                    .init(a.number ?? "—", value: a.number.map { .text($0) } ?? .null),
                    .init(String(a.commitments.count), value: .integer(a.commitments.count), cssClass: "num"),
                    Blocks.sources(a.sources, ctx),
                ]
            })
        return Listing(
            table: table, facets: [kindFacet(ActKind.self, "act_kind", ctx), partyFacet(ctx), instrumentFacet(ctx)],
            memberships: acts.map { a in
                var m: [String: Set<String>] = [
                    "kind": [a.kind.rawValue],
                    "instrument": Set(a.commitments.compactMap { s.commitment($0)?.instrument }.flatMap { lineage($0, ctx) }),
                ]
                if let party = a.party { m["party"] = [party] }
                return m
            })
    }

    static func sources(_ ctx: PageContext) -> Listing {
        let t = ctx.t, d = ctx.snapshot.dataset
        var cited: [String: Int] = [:]
        for list in d.instruments.map(\.sources) + d.commitments.map(\.sources) + d.acts.map(\.sources) + d.events.map(\.sources)
            + d.claims.map(\.sources)
        {
            for id in Set(list) { cited[id, default: 0] += 1 }
        }
        let table = DataTable(
            id: "sources", caption: t["sources"],
            columns: [
                ("source", t["source"]), ("publisher", t["publisher"]), ("published", t["published"]), ("language", t["language"]),
                ("kind", t["kind"]), ("archived", t["archive"]), ("cited_by", t["cited_by"]),
            ],
            rows: d.sources.map { s in
                [
                    DataTable.Cell(s.title ?? s.url, link: ctx.link(.source(s.id)), value: .text(s.id)),
                    .init(s.publisher ?? "—", value: s.publisher.map { .text($0) } ?? .null),
                    .init(s.published?.description ?? "—", value: s.published.map { .text($0.description) } ?? .null),
                    .init(s.language.map(t.languageName) ?? "—", value: s.language.map { .text($0) } ?? .null),
                    .init(s.kind.map { t.value("source_kind", $0.rawValue) } ?? "—", value: s.kind.map { .text($0.rawValue) } ?? .null),
                    .init(s.archivedURL == nil ? t["no"] : t["yes"], link: s.archivedURL, value: .text(s.archivedURL == nil ? "false" : "true")),
                    .init(String(cited[s.id] ?? 0), value: .integer(cited[s.id] ?? 0), cssClass: "num"),
                ]
            })
        let publishers = Set(d.sources.compactMap(\.publisher)).sorted()
        let languages = Set(d.sources.compactMap(\.language)).sorted()
        return Listing(
            table: table,
            facets: [
                Listing.Facet(name: "publisher", label: t["publisher"], values: publishers.map { ($0, $0) }),
                Listing.Facet(name: "language", label: t["language"], values: languages.map { ($0, t.languageName($0)) }),
                kindFacet(SourceKind.self, "source_kind", ctx), Listing.Facet.flag("archived", t["archive"], t),
            ],
            memberships: d.sources.map { s in
                var m: [String: Set<String>] = ["archived": [s.archivedURL == nil ? "false" : "true"]]
                if let p = s.publisher { m["publisher"] = [p] }
                if let l = s.language { m["language"] = [l] }
                if let k = s.kind { m["kind"] = [k.rawValue] }
                return m
            })
    }

    /// `/claims`: each claim beside its evidence, filtered by speaker, the instrument it speaks
    /// of and the unit it counts in.
    static func claims(_ evidence: [ClaimEvidence], _ ctx: PageContext) -> Listing {
        let t = ctx.t
        var speakers: [(String, String)] = []
        for e in evidence where !speakers.contains(where: { $0.0 == e.claim.speaker }) {
            speakers.append((e.claim.speaker, localized(e.claim.speaker, e.claim.speakers, ctx.language)))
        }
        func instrument(_ scope: Scope) -> String? {
            switch scope {
            case .instrument(let id): id
            case .commitment(let id): ctx.snapshot.commitment(id)?.instrument
            default: nil
            }
        }
        return Listing(
            table: Blocks.claimsTable(evidence, ctx),
            facets: [
                Listing.Facet(name: "speaker", label: t["speaker"], values: speakers), instrumentFacet(ctx),
                Listing.Facet(name: "unit", label: t["unit"], values: ClaimUnit.allCases.map { ($0.rawValue, t["unit_" + $0.rawValue]) }),
            ],
            memberships: evidence.map { e in
                var m: [String: Set<String>] = ["speaker": [e.claim.speaker]]
                if let i = instrument(e.scope) { m["instrument"] = lineage(i, ctx) }
                if let u = e.claim.unit { m["unit"] = [u.rawValue] }
                return m
            })
    }
}

extension DataTable {
    /// The table with one more column, placed after column `after`.
    func adding(_ column: (key: String, label: String), after: Int, _ cells: [Cell]) -> DataTable {
        var columns = self.columns
        columns.insert(column, at: after + 1)
        var table = DataTable(
            id: id, caption: caption, columns: columns,
            rows: zip(rows, cells).map { row, cell in
                var row = row
                row.insert(cell, at: after + 1)
                return row
            }, dataOnly: dataOnly)
        table.dataOnly = dataOnly
        return table
    }
}

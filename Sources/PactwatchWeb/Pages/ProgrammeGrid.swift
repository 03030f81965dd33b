import PactwatchCore

/// One tile per child instrument of a scope (the 2021 decree's 28 programmes), coloured by the
/// furthest stage any of its obligations reached, with its implemented count; a child without
/// obligations (a slot the sources do not identify) is hatched.
enum ProgrammeGrid {
    struct Tile {
        let id: String
        /// Its number among its siblings, from 1.
        let number: Int
        /// The furthest stage reached; nil when no obligation has a recorded step (or none exists).
        let furthest: Stage?
        let figures: Figures
    }

    /// The instrument whose children the grid shows for a scope: the instrument itself, or for
    /// the whole record the instrument with the most children (ties: the first listed).
    static func parent(_ ctx: PageContext, _ scope: Scope) -> String? {
        switch scope {
        case .instrument(let id): return ctx.snapshot.children(of: id).isEmpty ? nil : id
        case .all:
            let candidates = ctx.snapshot.dataset.instruments.map { ($0.id, ctx.snapshot.children(of: $0.id).count) }.filter { $0.1 > 1 }
            return candidates.max { a, b in a.1 < b.1 }?.0
        default: return nil
        }
    }

    /// Stages by how far they go; abandoned goes nowhere.
    static func rank(_ stage: Stage) -> Int { stage == .abandoned ? -1 : Stage.allCases.firstIndex(of: stage)! }

    static func tiles(_ ctx: PageContext, parent: String) -> [Tile] {
        ctx.snapshot.children(of: parent).enumerated().map { i, child in
            let scope = Scope.instrument(child.id)
            var furthest: Stage?
            for c in ctx.snapshot.commitments(in: scope) {
                for (index, _) in ctx.snapshot.obligations(ofCommitment: c.id) where ctx.snapshot.exists(index, asOf: ctx.asOf) {
                    let state = ctx.snapshot.state(of: index, asOf: ctx.asOf)
                    guard state.isEvidenced else { continue }
                    if furthest.map({ rank(state.stage) > rank($0) }) ?? true { furthest = state.stage }
                }
            }
            return Tile(id: child.id, number: i + 1, furthest: furthest, figures: ctx.figures.figures(for: scope, asOf: ctx.asOf))
        }
    }

    /// A title without its "Union programme area 9:" lead, cut to a tile's width.
    static func shortTitle(_ title: String) -> String {
        let body = title.split(separator: ":", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? title
        return body.count > 60 ? String(body.prefix(58)) + "…" : body
    }

    static func view(_ ctx: PageContext, parent: String) -> HTML {
        let t = ctx.t
        let tiles = tiles(ctx, parent: parent)
        var out: HTML = "<div class=\"grid\" role=\"list\">"
        for tile in tiles {
            let f = tile.figures
            let title = ctx.instrumentTitle(tile.id), label = ctx.shortLabel(.instrument(tile.id))
            let stage = tile.furthest.map { t.stage($0.rawValue) } ?? (f.obligations == 0 ? t["no_data"] : t["no_recorded_step"])
            let cls = f.obligations == 0 ? "unknown" : tile.furthest.map { "stage-" + $0.rawValue } ?? "unrecorded"
            let counts = f.obligations == 0 ? t["no_data"] : "\(f.implementedCount!) / \(f.obligations) \(t["implemented"].lowercased())"
            out += """
                <a class="tile \(cls)" role="listitem" href="\(ctx.link(.instrument(tile.id)))" title="\(title)"><span class="n">\(tile.number)</span>\
                <span class="t">\(shortTitle(label))</span><span class="s">\(t["furthest"]): \(stage)</span><span class="c">\(counts)</span></a>
                """
        }
        return out + "</div><p class=\"note\">\(t["grid_note"])</p>"
    }
}

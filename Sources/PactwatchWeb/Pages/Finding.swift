import PactwatchCore

/// The page's finding, first: the latest official claim about the scope and what it said, what
/// the record showed for that claim's scope on its day and shows today, and how much of the
/// page's scope has any evidence. Every number comes from the figures; nothing is hand-written.
enum Finding {
    struct Model {
        let scope: Scope
        /// The latest claim about the scope or its parts by the page's day, with its evidence.
        let claim: ClaimEvidence?
        /// The claim's own scope on the page's day.
        let claimToday: Figures?
        /// The page's scope on the page's day.
        let today: Figures
    }

    static func model(_ ctx: PageContext, scope: Scope) -> Model {
        let claim = ctx.snapshot.claims(about: scope, through: ctx.asOf).last.map(ctx.figures.evidence(for:))
        return Model(
            scope: scope, claim: claim, claimToday: claim.map { ctx.figures.figures(for: $0.scope, asOf: ctx.asOf) },
            today: ctx.figures.figures(for: scope, asOf: ctx.asOf))
    }

    static func view(_ m: Model, _ ctx: PageContext) -> HTML {
        let ru = ctx.language == .ru
        var sentences: [String] = []
        if let e = m.claim {
            let c = e.claim, f = e.figures
            let speaker = localized(c.speaker, c.speakers, ctx.language)
            let statement = String(localized(c.statement, c.statements, ctx.language).trimmingSuffix(while: { $0 == "." }))
            let about = e.scope == m.scope ? "" : (ru ? " о «\(ctx.shortLabel(e.scope))»" : " on \(ctx.shortLabel(e.scope))")
            sentences.append(
                ru
                    ? "Последнее заявление, \(c.date): \(speaker)\(about): «\(statement)»."
                    : "Latest claim, \(c.date): \(speaker)\(about): “\(statement)”.")
            if f.obligations > 0 {
                sentences.append(
                    ru
                        ? "В тот день по данным выполнено \(f.implementedCount!) из \(f.obligations) обязательств."
                        : "That day the record showed \(f.implementedCount!) of its \(f.obligations) obligations implemented.")
                if e.scope != m.scope, let now = m.claimToday, now.obligations > 0 {
                    sentences.append(
                        ru ? "Сейчас — \(now.implementedCount!) из \(now.obligations)." : "Today: \(now.implementedCount!) of \(now.obligations).")
                }
            }
        }
        let f = m.today
        let label = m.scope == .all ? (ru ? "весь реестр" : "the whole record") : ctx.shortLabel(m.scope)
        if f.obligations == 0 {
            sentences.append(
                ru ? "На \(ctx.asOf) у «\(label)» нет обязательств: данных нет." : "On \(ctx.asOf) \(label) has no obligations: no data.")
        } else {
            let inForce = f.byStage[.inForce] ?? 0, applied = f.byStage[.applied] ?? 0
            let coverage = ctx.percent(f.coverage)
            sentences.append(
                ru
                    ? "На \(ctx.asOf), \(label): выполнено \(f.implementedCount!) из \(f.obligations) (в силе \(inForce), применяется \(applied)), просрочено \(f.overdue!), хотя бы один шаг зафиксирован у \(f.evidenced!) из \(f.obligations) (\(coverage))."
                    : "On \(ctx.asOf), \(label): \(f.implementedCount!) of \(f.obligations) obligations implemented (\(inForce) in force, \(applied) applied), \(f.overdue!) overdue, \(f.evidenced!) of \(f.obligations) with any recorded step (\(coverage))."
            )
        }
        return "<p class=\"finding\">\(sentences.joined(separator: " "))</p>"
    }
}

extension String {
    /// The string without the trailing characters that match.
    func trimmingSuffix(while matches: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, matches(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}

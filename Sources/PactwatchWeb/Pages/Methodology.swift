import PactwatchCore

/// `/methodology`: every figure's definition, the stage weights and thresholds, what "no recorded
/// step" means, the party rule, dates and corrections, and how a claim's evidence is computed,
/// worked on a claim of the record itself (so the example is always true of the data shown).
enum MethodologyPage {
    struct Model {
        /// The latest claim with a percentage, and its evidence.
        let percentClaim: ClaimEvidence?
        /// The latest claim counting programmes, and its evidence.
        let programmeClaim: ClaimEvidence?
    }

    static func model(_ ctx: PageContext) -> Model {
        let claims = ctx.snapshot.claims(about: .all, through: ctx.asOf)
        return Model(
            percentClaim: claims.last { $0.value != nil && ctx.snapshot.scope(of: $0) != .all }.map(ctx.figures.evidence(for:)),
            programmeClaim: claims.last { $0.unit == .programmes && $0.done != nil && $0.total != nil }.map(ctx.figures.evidence(for:)))
    }

    static func view(_ m: Model, _ ctx: PageContext) -> Page {
        let t = ctx.t, ru = ctx.language == .ru
        var page = Page(title: t["methodology"])
        page.add(
            "<p class=\"lede\">\(ru ? "Все цифры считаются на дату по формулам ниже; каждый процент показан вместе с подсчётом. Это те же формулы, что в pactwatch status и в API." : "Every figure is computed as of a day by the rules below, and every percentage is shown with the counts behind it. They are the formulas of pactwatch status and of the API.")</p>"
        )
        page.section(ru ? "Стадии и их веса" : "Stages and their weights", id: "stages") { p in
            let meanings: [Stage: (String, String)] = [
                .notStarted: (
                    "no evidence of work, or a source saying nothing was done", "нет следов работы или источник говорит, что ничего не сделано"
                ),
                .inPreparation: (
                    "a draft, negotiations, a roadmap, a bill before parliament", "проект, переговоры, дорожная карта, законопроект в парламенте"
                ),
                .adopted: ("passed, signed or ratified, not yet in force", "принято, подписано или ратифицировано, но не вступило в силу"),
                .inForce: ("legally in force: implemented", "юридически в силе: выполнено"),
                .applied: (
                    "shown by a source to work in practice: implemented, and in practice",
                    "источник показывает, что работает: выполнено и применяется"
                ),
                .abandoned: ("formally dropped or replaced", "официально отменено или заменено"),
            ]
            var rows: HTML = ""
            for stage in Stage.allCases {
                let meaning = meanings[stage]!
                rows +=
                    "<tr><td>\(t.stage(stage.rawValue))</td><td class=\"num\">\(ctx.number(stage.weight))</td><td>\(ru ? meaning.1 : meaning.0)</td></tr>"
            }
            p.add(
                "<div class=\"scroll\"><table><thead><tr><th>\(t["stage"])</th><th>\(t["weight"])</th><th>\(ru ? "значение" : "meaning")</th></tr></thead><tbody>\(rows)</tbody></table></div>"
            )
            p.add(
                "<p id=\"no_recorded_step\"><strong>\(t["no_recorded_step"])</strong>: \(ru ? "у обязательства нет ни одного события стадии. Формулы считают его не начатым, но реестр не знает ни того, ни другого; только явное событие «не начато» означает, что кто-то проверил и ничего не нашёл." : "the obligation has no stage event at all. Formulas count it as not started, but the record knows nothing either way; only an explicit not started event says that someone looked and found nothing done.")</p>"
            )
        }
        page.section(ru ? "Цифры" : "The figures", id: "figures") { p in
            var list: HTML = "<dl class=\"definitions\">"
            for entry in Definitions.all(ctx.language) {
                list += "<dt id=\"\(entry.key)\">\(t[entry.key])</dt><dd><p class=\"line\">\(entry.line)</p><p>\(entry.text)</p></dd>"
            }
            p.add(list + "</dl>")
        }
        page.section(ru ? "Даты, стороны и исправления" : "Dates, parties and corrections", id: "rules") { p in
            p.add(
                "<ul>\(ru ? "<li>Неполная дата (2022 или 2022-08) означает последний день периода: событие «в августе 2022» произошло не позже 31.08.2022.</li><li>Стадия обязательства на дату — стадия его последнего учитываемого события с датой не позже; при равных датах — записанного позже.</li><li>Событие, которое отзывает другое, исправляет запись при любой своей дате: отозванное никогда не учитывается.</li><li>Совместное обязательство входит в охват каждой стороны, которая его должна.</li><li>Пустой охват даёт «нет данных», никогда не 0 %.</li>" as HTML : "<li>A partial date (2022, or 2022-08) stands for the last day of its period: an event \"in August 2022\" happened by 31 Aug 2022.</li><li>An obligation's stage on a day is the stage of its latest counting event dated on or before it; on the same date, the one recorded later wins.</li><li>An event that retracts another corrects the record whatever its own date: the retracted one never counts.</li><li>A joint obligation belongs to the scope of every party that owes it.</li><li>An empty scope gives no data, never 0 %.</li>")</ul>"
            )
        }
        page.section(ru ? "Заявления и данные" : "A claim beside the evidence", id: "claims") { p in
            p.add(
                "<p>\(ru ? "Заявление сравнивается с цифрами своего охвата на свою дату: процент — с долей выполненного и прогрессом (разница в процентных пунктах = заявлено − выполнено × 100); число программ — с числом полностью выполненных входящих документов; другие единицы (мероприятия, задачи, акты) — с числом обязательств в реестре, с оговоркой, что единицы разные." : "A claim is set beside its scope's figures on its own date: a percentage beside the implemented share and progress (the gap in points = claimed − implemented × 100); a count of programmes beside the child instruments completed; any other unit (measures, tasks, acts) beside the record's obligations, with the difference in granularity said.")</p>"
            )
            if let e = m.percentClaim, let value = e.claim.value, let implemented = e.implementedPercent, let gap = e.gapPoints {
                let f = e.figures
                let speaker = localized(e.claim.speaker, e.claim.speakers, ctx.language)
                let weighted = ctx.number(f.progress! * f.weight!)
                p.add(
                    "<p class=\"example\"><strong>\(ru ? "Пример из реестра" : "Worked example from the record")</strong>: \(ru ? "\(e.claim.date) \(speaker) — \(ctx.percentValue(value)) по «\(ctx.label(e.scope))». На \(e.asOf) у этого охвата \(f.obligations) обязательств, выполнено \(f.implementedCount!): \(f.implementedCount!) / \(f.obligations) = \(ctx.percentValue(implemented, digits: 1)). Прогресс = \(weighted) / \(ctx.number(f.weight!)) = \(ctx.percent(f.progress)). Разница: \(ctx.number(value)) − \(ctx.number(implemented, digits: 1)) = \(ctx.number(gap, digits: 1)) п. п." : "on \(e.claim.date) \(speaker) claimed \(ctx.percentValue(value)) for \(ctx.label(e.scope)). On \(e.asOf) that scope had \(f.obligations) obligations, \(f.implementedCount!) of them implemented: \(f.implementedCount!) / \(f.obligations) = \(ctx.percentValue(implemented, digits: 1)). Progress = \(weighted) / \(ctx.number(f.weight!)) = \(ctx.percent(f.progress)). The gap: \(ctx.number(value)) − \(ctx.number(implemented, digits: 1)) = \(ctx.number(gap, digits: 1)) points.")</p>"
                )
            }
            if let e = m.programmeClaim, case .programmes(let completed, let children)? = e.count {
                let speaker = localized(e.claim.speaker, e.claim.speakers, ctx.language)
                p.add(
                    "<p class=\"example\">\(ru ? "\(e.claim.date) \(speaker): выполнено \(e.claim.done!) из \(e.claim.total!) программ. По реестру на \(e.asOf): полностью выполнено \(completed) из \(children) входящих документов, у которых есть обязательства." : "On \(e.claim.date) \(speaker) counted \(e.claim.done!) of \(e.claim.total!) programmes done. The record on \(e.asOf): \(completed) of the \(children) instruments under it that have obligations are complete.")</p>"
                )
            }
        }
        return page
    }
}

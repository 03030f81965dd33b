import PactwatchCore

/// What every figure means, in each language: a one-line explanation (the same words as
/// `pactwatch status`, for a card's or a column's tooltip) and the full definition the
/// methodology page gives. Keyed by the figure's name in the status JSON.
enum Definitions {
    struct Entry {
        let key: String
        /// The one line shown on hover.
        let line: String
        /// The definition, with the formula.
        let text: String
    }

    static func all(_ language: Language) -> [Entry] {
        let d = Figures.self, th = FigureFormat.Threshold.self
        switch language {
        case .en:
            return [
                Entry(
                    key: "obligations", line: "commitment × owing party (or the commitment, if joint) existing on the day",
                    text:
                        "The unit of measurement. A commitment of mode each gives one obligation per owing party (each must act separately, e.g. pass a national law); a joint commitment gives one obligation, settled by one joint act. An obligation exists from its instrument's adoption date (always, if the instrument has none). A joint obligation counts in the scope of every party that owes it."
                ),
                Entry(
                    key: "progress", line: "Σ weight × stage weight / Σ weight",
                    text:
                        "Each obligation's stage has a weight: not started 0, in preparation 0.25, adopted 0.75, in force 1, applied 1, abandoned 0. Progress is the sum of commitment weight × stage weight over the scope's obligations, divided by the sum of their commitment weights."
                ),
                Entry(
                    key: "implemented", line: "obligations in force or applied (weighted)",
                    text: "The weighted share of obligations whose stage is in force or applied. Adopted (signed, ratified) is not implemented."),
                Entry(
                    key: "practice", line: "obligations applied (weighted)",
                    text:
                        "The weighted share of obligations at stage applied: shown by a source to work in practice (a body operating, a system running, a rule enforced)."
                ),
                Entry(
                    key: "coverage", line: "obligations with a recorded step",
                    text:
                        "Evidenced counts the obligations with at least one counting stage event (an explicit not started counts: someone looked). Coverage is evidenced / obligations. An obligation with no stage event reads no recorded step: every formula counts it as not started, but the record holds no evidence either way, so a low share beside a low coverage says little."
                ),
                Entry(
                    key: "due", line: "obligations whose deadline has passed",
                    text: "Obligations whose deadline (the latest deadline event, else the commitment's deadline) is on or before the day."),
                Entry(
                    key: "deficit", line: "due obligations not implemented / due",
                    text:
                        "Overdue counts the due obligations not implemented; the deficit is overdue / due, a plain count as in the EU Single Market Scoreboard's transposition deficit. No deadline due yet: no deficit (not 0 %)."
                ),
                Entry(
                    key: "long_overdue", line: "not implemented \(th.longOverdue.days)+ days after the deadline",
                    text: "Obligations not implemented whose deadline is \(th.longOverdue.days) days (two years) or more before the day."),
                Entry(
                    key: "at_risk", line: "not implemented, deadline within the next \(d.atRiskDays) days",
                    text:
                        "Obligations neither implemented nor abandoned whose deadline falls after the day and at most \(d.atRiskDays) days later: due soon, not done."
                ),
                Entry(
                    key: "stalled", line: "in preparation or adopted, no stage event for \(th.stalled.days)+ days",
                    text:
                        "Obligations in preparation or adopted whose latest stage event is more than \(th.stalled.days) days (nine months) before the day, like the Legislative Train's \"on hold\"."
                ),
                Entry(
                    key: "asymmetry", line: "commitments whose owing parties stand at different stages",
                    text: "Commitments of mode each whose owing parties are not all at the same stage: one has ratified, the other not."),
                Entry(
                    key: "parts_complete", line: "instruments directly under it with every obligation implemented",
                    text:
                        "For an instrument: children is the number of instruments directly under it that exist and have obligations; children completed counts those whose every obligation (with everything under them) is implemented. A claim such as \"8 of 28 programmes fully done\" is compared with these."
                ),
                Entry(
                    key: "velocity", line: "obligations first implemented in the last \(th.velocity.days) days",
                    text: "Obligations whose first implemented stage event falls within the \(th.velocity.days) days up to the day."),
                Entry(
                    key: "forecast", line: "when the rest would be implemented at the last year's pace",
                    text:
                        "The day all remaining obligations (not implemented, not abandoned) would be implemented at the velocity, with an 80 % interval from the exact Poisson interval of the yearly count. No movement in a year: no forecast."
                ),
            ]
        case .ru:
            return [
                Entry(
                    key: "obligations", line: "обязательство × обязанная сторона (или обязательство целиком, если совместное) на дату",
                    text:
                        "Единица измерения. Обязательство с режимом «каждая сторона» даёт по одной единице на каждую обязанную сторону (каждая действует отдельно, например принимает свой закон); совместное обязательство — одну единицу, выполняемую одним совместным актом. Единица существует с даты принятия документа (всегда, если дата не указана). Совместная единица входит в охват каждой обязанной стороны."
                ),
                Entry(
                    key: "progress", line: "Σ вес × вес стадии / Σ вес",
                    text:
                        "У каждой стадии есть вес: не начато 0, в подготовке 0,25, принято 0,75, вступило в силу 1, применяется 1, отменено 0. Прогресс — сумма произведений веса обязательства на вес стадии, делённая на сумму весов."
                ),
                Entry(
                    key: "implemented", line: "вступившие в силу или применяемые (с весами)",
                    text:
                        "Взвешенная доля обязательств на стадии «вступило в силу» или «применяется». Подписанное или ратифицированное (принято) ещё не выполнено."
                ),
                Entry(
                    key: "practice", line: "применяемые (с весами)",
                    text:
                        "Взвешенная доля обязательств на стадии «применяется»: источник показывает, что это работает (орган действует, система запущена, правило соблюдается)."
                ),
                Entry(
                    key: "coverage", line: "обязательства с зафиксированным шагом",
                    text:
                        "«С доказательствами» — обязательства, у которых есть хотя бы одно событие стадии (явное «не начато» тоже считается: кто-то проверил). Охват данными — их доля среди всех. Обязательство без событий обозначено «шаг не зафиксирован»: в формулах оно считается не начатым, но данных нет ни в ту, ни в другую сторону, поэтому низкая доля при низком охвате говорит немного."
                ),
                Entry(
                    key: "due", line: "обязательства, срок которых истёк",
                    text: "Обязательства, срок которых (последнее событие о сроке, иначе срок обязательства) наступил не позже даты."),
                Entry(
                    key: "deficit", line: "просроченные / с истёкшим сроком",
                    text:
                        "Просрочены — обязательства с истёкшим сроком, не выполненные; дефицит — их доля среди обязательств с истёкшим сроком, простой подсчёт, как дефицит транспозиции на Табло единого рынка ЕС. Если сроки ещё не наступили, дефицита нет (а не 0 %)."
                ),
                Entry(
                    key: "long_overdue", line: "не выполнены через \(th.longOverdue.days)+ дн. после срока",
                    text: "Не выполненные обязательства, срок которых прошёл \(th.longOverdue.days) дней (два года) назад или раньше."),
                Entry(
                    key: "at_risk", line: "не выполнено, срок в ближайшие \(d.atRiskDays) дн.",
                    text:
                        "Не выполненные и не отменённые обязательства, срок которых наступит после даты, но не позже чем через \(d.atRiskDays) дней."),
                Entry(
                    key: "stalled", line: "в подготовке или приняты, без событий \(th.stalled.days)+ дн.",
                    text:
                        "Обязательства в подготовке или принятые, последнее событие стадии которых было более \(th.stalled.days) дней (девяти месяцев) назад."
                ),
                Entry(
                    key: "asymmetry", line: "обязательства, стороны которых на разных стадиях",
                    text: "Обязательства с режимом «каждая сторона», у которых стороны находятся на разных стадиях: одна ратифицировала, другая нет."),
                Entry(
                    key: "parts_complete", line: "входящих документов выполнены полностью",
                    text:
                        "Для документа: число непосредственно входящих в него документов, которые существуют и имеют обязательства, и сколько из них выполнены полностью (все обязательства, включая вложенные). С этим сравниваются заявления вида «выполнено 8 из 28 программ»."
                ),
                Entry(
                    key: "velocity", line: "впервые выполнены за последние \(th.velocity.days) дн.",
                    text: "Обязательства, впервые достигшие выполненной стадии за \(th.velocity.days) дней до даты."),
                Entry(
                    key: "forecast", line: "когда остальное было бы выполнено в темпе последнего года",
                    text:
                        "Дата, к которой все оставшиеся обязательства (не выполненные и не отменённые) были бы выполнены при текущей скорости, с интервалом 80 % по точному пуассоновскому интервалу годового числа. За год движения нет — прогноза нет."
                ),
            ]
        }
    }

    /// The one-line explanations by language and key, built once.
    private static let lines: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            (language, Dictionary(uniqueKeysWithValues: all(language).map { ($0.key, $0.line) }))
        })

    static func line(_ key: String, _ language: Language) -> String? { lines[language]?[key] }
}

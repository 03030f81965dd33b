import HTTPTypes

/// The interface languages. Every string a page shows comes from `Strings`.
public enum Language: String, CaseIterable, Sendable {
    case en, ru

    /// `?lang=` wins; else the first supported language in Accept-Language (by q); else English.
    static func negotiate(query: String?, acceptLanguage: String?) throws(BadParameter) -> Language {
        if let query {
            guard let language = Language(rawValue: query) else {
                throw BadParameter(name: "lang", value: query, expected: .oneOf(["en", "ru"]))
            }
            return language
        }
        guard let header = acceptLanguage else { return .en }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (String(tag.prefix { $0 != "-" }), q)
        }
        for (tag, q) in ranked.sorted(by: { $0.1 > $1.1 }) where q > 0 {
            if let language = Language(rawValue: tag) { return language }
        }
        return .en
    }
}

/// A sentence the server writes about a request, in each language the site speaks. What the
/// reader would type as it stands (a parameter, its value, the values it takes) is marked with
/// `Wording.code`: a page shows it as code, plain text (the API's problem details) as it is.
struct Wording: Sendable {
    let en: String
    /// nil when the server has the text in English only.
    let ru: String?

    init(_ en: String, ru: String) {
        self.en = en
        self.ru = ru
    }

    /// A text the server has only in English (one Hummingbird itself gives, say).
    init(english: String) {
        en = english
        ru = nil
    }

    /// The text in plain words (English where there is no translation).
    subscript(_ language: Language) -> String { marked(language).filter { $0 != Self.open && $0 != Self.close } }

    /// The text for a page: each marked part in `<code>`, everything escaped.
    func html(_ language: Language) -> HTML {
        var out = HTML()
        for (i, part) in marked(language).split(omittingEmptySubsequences: false, whereSeparator: { $0 == Self.open || $0 == Self.close })
            .enumerated()
        {
            out += i % 2 == 1 ? "<code>\(part)</code>" : "\(part)"
        }
        return out
    }

    /// The text with its marks, for composing a longer `Wording`.
    func marked(_ language: Language) -> String { language == .ru ? ru ?? en : en }

    /// `text` marked as typed as it stands. A marker inside it (a hostile value) is dropped.
    static func code(_ text: String) -> String { "\(open)\(text.filter { $0 != open && $0 != close })\(close)" }
    private static let open: Character = "\u{E000}", close: Character = "\u{E001}"

    /// The values a parameter takes, listed.
    static func oneOf(_ values: [String]) -> Wording {
        let list = values.map(code).joined(separator: ", ")
        return Wording("one of " + list, ru: "одно из значений: " + list)
    }

    /// Two values a parameter takes.
    static func either(_ a: String, _ b: String) -> Wording { Wording("\(code(a)) or \(code(b))", ru: "\(code(a)) или \(code(b))") }

    static let day = Wording("a date written YYYY-MM-DD", ru: "дата вида ГГГГ-ММ-ДД")
    static let searchWords = Wording("words to search for", ru: "слова для поиска")
}

/// A query parameter the page cannot use: a 400 that says what was wrong, in the reader's language.
struct BadParameter: Error {
    let name: String
    let value: String
    let expected: Wording

    /// In English, as the API's problem details and logs give it.
    var message: String { wording[.en] }

    var wording: Wording {
        Wording(
            "The parameter \(Wording.code("\(name)=\"\(value)\"")) is not valid: expected \(expected.en).",
            ru: "Параметр \(Wording.code("\(name)=«\(value)»")) не подходит: ожидается \(expected.marked(.ru)).")
    }
}

/// An answer other than 200 (an unknown record, say) explained in each language.
struct Refusal: Error {
    let status: HTTPResponse.Status
    let text: Wording

    /// A 404 for an id nothing in the record holds.
    static func unknown(_ id: String) -> Refusal {
        Refusal(
            status: .notFound,
            text: Wording("Nothing in the record is called \(Wording.code(id)).", ru: "В реестре нет записи с идентификатором \(Wording.code(id))."))
    }
}

/// The interface text in each language.
struct Strings: Sendable {
    let language: Language

    subscript(_ key: String) -> String {
        guard language == .ru, let text = Strings.ru[key] else { return Strings.en[key] ?? key }
        // Russian keeps a percent sign on the line of its number.
        return text.replacingOccurrences(of: " %", with: "\u{00A0}%")
    }

    static let stageNames: [Language: [String: String]] = [
        .en: [
            "not_started": "not started", "in_preparation": "in preparation", "adopted": "adopted",
            "in_force": "in force", "applied": "applied", "abandoned": "abandoned",
        ],
        .ru: [
            "not_started": "не начато", "in_preparation": "в подготовке", "adopted": "принято",
            "in_force": "вступило в силу", "applied": "применяется", "abandoned": "отменено",
        ],
    ]

    func stage(_ raw: String) -> String { Strings.stageNames[language]?[raw] ?? raw }

    /// An enumerated value in words (`value("act_kind", "union_act")` → "union act", "акт Союзного государства").
    func value(_ field: String, _ raw: String) -> String {
        Strings.valueNames[language]?[field + "." + raw] ?? Strings.valueNames[.en]?[field + "." + raw] ?? raw
    }

    /// A language named by its ISO 639-1 code, in the page's language.
    func languageName(_ code: String) -> String {
        Strings.valueNames[language]?["language." + code] ?? code
    }

    static let valueNames: [Language: [String: String]] = [
        .en: [
            "instrument_kind.treaty": "treaty", "instrument_kind.decree": "decree", "instrument_kind.programme": "programme",
            "instrument_kind.doctrine": "doctrine", "instrument_kind.concept": "concept", "instrument_kind.agreement": "agreement",
            "instrument_kind.roadmap": "roadmap", "instrument_kind.plan": "plan", "instrument_kind.other": "other",
            "act_kind.law": "law", "act_kind.decree": "decree", "act_kind.resolution": "resolution", "act_kind.treaty": "treaty",
            "act_kind.agreement": "agreement", "act_kind.union_act": "Union State act", "act_kind.other": "other",
            "source_kind.official": "official", "source_kind.legal_text": "legal text", "source_kind.media": "media",
            "source_kind.analysis": "analysis", "source_kind.other": "other",
            "party_kind.state": "state", "party_kind.body": "body",
            "confidence.high": "high", "confidence.medium": "medium", "confidence.low": "low",
            "language.ru": "Russian", "language.en": "English", "language.be": "Belarusian", "language.uk": "Ukrainian",
            "language.de": "German", "language.fr": "French", "language.zh": "Chinese", "language.kk": "Kazakh",
            "language.pl": "Polish", "language.it": "Italian", "language.sk": "Slovak", "language.ro": "Romanian", "language.pt": "Portuguese",
            "language.ar": "Arabic", "language.es": "Spanish", "language.tr": "Turkish", "language.lt": "Lithuanian", "language.lv": "Latvian",
            "language.et": "Estonian", "language.hy": "Armenian", "language.ka": "Georgian", "language.az": "Azerbaijani", "language.uz": "Uzbek",
            "language.ky": "Kyrgyz", "language.cs": "Czech", "language.hu": "Hungarian", "language.bg": "Bulgarian", "language.sr": "Serbian",
            "language.ja": "Japanese", "language.fa": "Persian",
        ],
        .ru: [
            "instrument_kind.treaty": "договор", "instrument_kind.decree": "декрет", "instrument_kind.programme": "программа",
            "instrument_kind.doctrine": "доктрина", "instrument_kind.concept": "концепция", "instrument_kind.agreement": "соглашение",
            "instrument_kind.roadmap": "дорожная карта", "instrument_kind.plan": "план", "instrument_kind.other": "другое",
            "act_kind.law": "закон", "act_kind.decree": "указ", "act_kind.resolution": "постановление", "act_kind.treaty": "договор",
            "act_kind.agreement": "соглашение", "act_kind.union_act": "акт Союзного государства", "act_kind.other": "другое",
            "source_kind.official": "официальный", "source_kind.legal_text": "правовой текст", "source_kind.media": "СМИ",
            "source_kind.analysis": "аналитика", "source_kind.other": "другое",
            "party_kind.state": "государство", "party_kind.body": "орган",
            "confidence.high": "высокая", "confidence.medium": "средняя", "confidence.low": "низкая",
            "language.ru": "русский", "language.en": "английский", "language.be": "белорусский", "language.uk": "украинский",
            "language.de": "немецкий", "language.fr": "французский", "language.zh": "китайский", "language.kk": "казахский",
            "language.pl": "польский", "language.it": "итальянский", "language.sk": "словацкий", "language.ro": "румынский",
            "language.pt": "португальский", "language.ar": "арабский", "language.es": "испанский", "language.tr": "турецкий",
            "language.lt": "литовский", "language.lv": "латышский", "language.et": "эстонский", "language.hy": "армянский",
            "language.ka": "грузинский", "language.az": "азербайджанский", "language.uz": "узбекский", "language.ky": "киргизский",
            "language.cs": "чешский", "language.hu": "венгерский", "language.bg": "болгарский", "language.sr": "сербский", "language.ja": "японский",
            "language.fa": "персидский",
        ],
    ]

    static let en: [String: String] = [
        "yes": "yes", "no": "no", "more": "More", "unit": "Unit", "areas": "Areas", "rows": "Rows", "page": "Page",
        "pages": "Pages", "next": "Next", "previous": "Previous", "filters": "Filters", "clear_filters": "Clear all filters",
        "clear_filter": "Remove this filter", "browse": "Browse", "sort_by": "Sort by", "what_changed": "What changed", "figure": "Figure",
        "change": "Change", "compare_with": "Compare with another day",
        "compare": "Compare", "no_compare": "no comparison",
        "not_found_text": "Nothing is at this address: the record may not hold what it names.",
        "bad_request_text": "The address asks for something the page cannot show; the detail below says which part.",
        "server_error_text": "Something went wrong on our side; it has been logged.", "feed_of_search": "Atom feed of this search",
        "new_commitment": "New commitment", "match": "Match",
        "kind_parties": "party", "kind_instruments": "instrument", "kind_commitments": "commitment", "kind_acts": "act", "kind_sources": "source",
        "kind_events": "event", "kind_claims": "claim", "sort": "Sort", "record_order": "the record's order",
        "index_instruments":
            "Every treaty, programme, decree and roadmap in the record, with its figures on the day shown. Filter by kind, party or what is late; sort by any column.",
        "index_commitments": "Every commitment: what an instrument requires, of whom, by when, and where each owing party stands.",
        "index_parties": "Every party that owes something, with its figures on the day shown.",
        "index_areas": "The policy areas commitments belong to, with their figures on the day shown.",
        "index_acts": "The laws, decrees, resolutions and agreements the record cites as implementing steps.",
        "index_sources": "Every source the record cites: publisher, date, language, whether an archived copy exists, and how many records cite it.",
        "site": "Pactwatch", "tagline": "Are signed agreements implemented? Every figure with its counts and sources.",
        "dashboard": "Dashboard", "claims": "Claims", "search": "Search", "as_of": "As of", "show": "Show",
        "today": "today", "obligations": "Obligations", "implemented": "Implemented", "progress": "Progress",
        "deficit": "Deficit", "due": "Due", "overdue": "Overdue", "long_overdue": "Long overdue", "stalled": "Stalled",
        "practice": "In practice", "asymmetry": "Asymmetry", "velocity": "Velocity", "forecast": "Forecast",
        "no_data": "no data", "none": "none", "party": "Party", "parties": "Parties", "instrument": "Instrument",
        "instruments": "Instruments", "commitment": "Commitment", "commitments": "Commitments", "area": "Area",
        "act": "Act", "acts": "Acts", "source": "Source", "sources": "Sources", "events": "Events", "event": "Event",
        "date": "Date", "stage": "Stage", "deadline": "Deadline", "note": "Note", "speaker": "Speaker",
        "statement": "Statement", "claimed": "Claimed", "evidence": "Evidence (computed)", "scope": "Scope",
        "whole_dataset": "whole dataset", "by_party": "By party", "burnup": "Implemented obligations over time",
        "stages_by_instrument": "Stages by instrument", "claims_vs_evidence": "Claims beside the evidence",
        "overdue_list": "Overdue obligations", "stalled_list": "Stalled obligations", "recent": "Recent changes",
        "download": "Download", "mode": "Mode", "weight": "Weight", "confidence": "Confidence", "kind": "Kind",
        "adopted_on": "Adopted", "parent": "Part of", "children": "Instruments under it", "timeline": "Timeline",
        "retracted_by": "retracted by", "corrects": "corrects", "moved_deadline": "deadline moved to",
        "recorded_by": "Recorded by", "approved_by": "Approved by", "recorded_by_line": "Recorded by {name}", "attribution": "Attribution",
        "licence": "Licence", "contributors": "Contributors", "reuse": "Reuse and citation", "cite_as": "Cite it as:", "last_updated": "Last updated",
        "approved_by_line": ", approved by {name}",
        "not_found": "Not found", "bad_request": "Bad request",
        "not_allowed": "Method not allowed", "too_large": "Request too large", "server_error": "Server error", "results": "Results",
        "no_results": "Nothing matches.",
        "query": "Words to find", "feed": "Atom feed of changes", "counts_note": "Every percentage is shown with the counts behind it.",
        "forecast_none": "none: no movement in a year", "remaining": "remaining", "interval": "80 % interval",
        "of": "of", "joint": "joint", "each": "each party", "expected_acts": "Acts announced as needed",
        "url": "Address", "publisher": "Publisher", "published": "Published", "quote": "Quote", "cited_by": "Cited by",
        "language": "Language", "home": "Back to the dashboard", "number": "Number", "implements": "Implements",
        "not_yet": "The record holds nothing for this date.", "data_version": "Data version", "updated": "updated",
        "progress_formula": "Σ weight × stage weight / Σ weight", "obligation": "Obligation", "open_data": "Open data", "days_short": "d",
        "open_data_intro":
            "The whole published record as a Frictionless data package, in the format pactwatch import and export read and write (described field by field in docs/format.md).",
        "openapi": "The JSON API is described by its OpenAPI document.", "whole_package": "Everything in one zip file", "bytes": "bytes",
        "data_page": "The data package", "api": "JSON API", "claim": "Claim", "record": "Record", "joined": "Joined",
        "left": "Left", "archive": "Archived copy", "coverage": "Coverage", "with_recorded_step": "with a recorded step",
        "parts_complete": "Parts complete", "parts_complete_detail": "instruments under it with every obligation implemented",
        "at_risk": "At risk", "no_recorded_step": "no recorded step", "to_deadline": "to the deadline, not implemented",
        "points": "pts", "gap": "Gap (claimed − implemented)", "record_count": "The record's count",
        "programmes_completed": "programmes completed", "obligations_implemented": "obligations implemented",
        "granularity": "the record tracks obligations, not the claim's unit", "unit_programmes": "programmes",
        "unit_measures": "measures", "unit_tasks": "tasks", "unit_acts": "acts", "unit_other": "items", "unit_unstated": "items (unit not stated)",
        "claims_chart": "What officials claimed, beside what the record shows", "claims_plotted": "claims plotted",
        "axis_percent": "% of the scope's obligations (claims: as stated)", "programmes_completed_share": "Programmes completed",
        "claimed_percent": "Claimed, %", "claimed_programmes": "Claimed programmes done, %", "chart_source": "computed from the sourced record",
        "chart_data": "The chart's data", "methodology": "How it is computed", "practice_detail": "applied",
        "asymmetry_detail": "parties at different stages", "adopted_later": "adopted later", "count": "count",
        "after_update": "The record was last updated on {updated}: the figures for {day} assume nothing happened after that.",
        "programme_grid": "The programmes, one tile each", "furthest": "furthest stage",
        "grid_note": "Each tile is coloured by the furthest stage any of its obligations reached; hatched tiles have no obligations in the record.",
    ]

    static let ru: [String: String] = [
        "yes": "да", "no": "нет", "more": "Ещё", "unit": "Единица", "areas": "Сферы", "rows": "Строки", "page": "Страница",
        "pages": "Страницы", "next": "Дальше", "previous": "Назад", "filters": "Фильтры", "clear_filters": "Сбросить все фильтры",
        "clear_filter": "Убрать этот фильтр", "browse": "Разделы", "sort_by": "Сортировать по", "what_changed": "Что изменилось",
        "figure": "Показатель", "change": "Изменение", "compare_with": "Сравнить с другим днём",
        "compare": "Сравнить", "no_compare": "без сравнения",
        "not_found_text": "По этому адресу ничего нет: возможно, в реестре нет того, что он называет.",
        "bad_request_text": "Адрес просит то, что страница показать не может; ниже сказано, какая его часть (по-английски).",
        "server_error_text": "На сервере что-то пошло не так; ошибка записана в журнал.", "feed_of_search": "Atom-лента этого поиска",
        "new_commitment": "Новое обязательство", "match": "Совпадение",
        "kind_parties": "сторона", "kind_instruments": "документ", "kind_commitments": "обязательство", "kind_acts": "акт",
        "kind_sources": "источник",
        "kind_events": "событие", "kind_claims": "заявление", "sort": "Сортировать",
        "record_order": "порядку реестра",
        "index_instruments":
            "Все договоры, программы, декреты и дорожные карты реестра с показателями на выбранный день. Фильтр по виду, стороне или просрочке; сортировка по любому столбцу.",
        "index_commitments": "Все обязательства: что требует документ, от кого, к какому сроку и на какой стадии каждая сторона.",
        "index_parties": "Все стороны, у которых есть обязательства, с показателями на выбранный день.",
        "index_areas": "Сферы, к которым относятся обязательства, с показателями на выбранный день.",
        "index_acts": "Законы, указы, постановления и соглашения, которые реестр приводит как шаги исполнения.",
        "index_sources": "Все источники реестра: издатель, дата, язык, есть ли архивная копия и сколько записей на него ссылаются.",
        "site": "Pactwatch", "tagline": "Выполняются ли подписанные соглашения? Каждая цифра — с подсчётом и источниками.",
        "dashboard": "Обзор", "claims": "Заявления", "search": "Поиск", "as_of": "На дату", "show": "Показать",
        "today": "сегодня", "obligations": "Обязательства", "implemented": "Выполнено", "progress": "Прогресс",
        "deficit": "Дефицит", "due": "Срок истёк", "overdue": "Просрочено", "long_overdue": "Просрочено более 2 лет",
        "stalled": "Застряло", "practice": "Применяется", "asymmetry": "Асимметрия", "velocity": "Скорость",
        "forecast": "Прогноз", "no_data": "нет данных", "none": "нет", "party": "Сторона", "parties": "Стороны",
        "instrument": "Документ", "instruments": "Документы", "commitment": "Обязательство", "commitments": "Обязательства",
        "area": "Сфера", "act": "Акт", "acts": "Акты", "source": "Источник", "sources": "Источники", "events": "События",
        "event": "Событие", "date": "Дата", "stage": "Стадия", "deadline": "Срок", "note": "Примечание",
        "speaker": "Кто заявил", "statement": "Заявление", "claimed": "Заявлено", "evidence": "По данным (расчёт)",
        "scope": "Охват", "whole_dataset": "весь набор", "by_party": "По сторонам",
        "burnup": "Выполненные обязательства во времени", "stages_by_instrument": "Стадии по документам",
        "claims_vs_evidence": "Заявления и данные", "overdue_list": "Просроченные обязательства",
        "stalled_list": "Застрявшие обязательства", "recent": "Последние изменения", "download": "Скачать",
        "mode": "Режим", "weight": "Вес", "confidence": "Достоверность", "kind": "Вид", "adopted_on": "Принят",
        "parent": "Входит в", "children": "Входящие документы", "timeline": "Хронология", "retracted_by": "отозвано событием",
        "recorded_by": "Внёс", "approved_by": "Одобрил", "recorded_by_line": "Внёс {name}", "attribution": "Авторство", "licence": "Лицензия",
        "contributors": "Авторы", "reuse": "Использование и цитирование", "cite_as": "Ссылаться так:", "last_updated": "Обновлено",
        "approved_by_line": ", одобрил {name}",
        "corrects": "исправляет", "moved_deadline": "срок перенесён на", "not_found": "Не найдено",
        "bad_request": "Неверный запрос", "not_allowed": "Метод не разрешён", "too_large": "Слишком большой запрос",
        "server_error": "Ошибка сервера", "results": "Результаты", "no_results": "Ничего не найдено.",
        "query": "Что искать", "feed": "Atom-лента изменений", "counts_note": "Каждый процент показан вместе с подсчётом.",
        "forecast_none": "нет: за год нет движения", "remaining": "осталось", "interval": "интервал 80 %", "of": "из",
        "joint": "совместно", "each": "каждая сторона", "expected_acts": "Заявлено необходимых актов", "url": "Адрес",
        "publisher": "Издатель", "published": "Опубликовано", "quote": "Цитата", "cited_by": "Ссылаются",
        "language": "Язык", "home": "На главную", "number": "Номер", "implements": "Выполняет",
        "not_yet": "На эту дату данных нет.", "data_version": "Версия данных", "updated": "обновлено",
        "progress_formula": "Σ вес × вес стадии / Σ вес", "obligation": "Обязательство", "open_data": "Открытые данные", "days_short": "дн.",
        "open_data_intro":
            "Весь опубликованный реестр как пакет данных Frictionless, в формате, который читают и пишут pactwatch import и export (поля описаны в docs/format.md).",
        "openapi": "JSON API описан документом OpenAPI.", "whole_package": "Всё одним zip-файлом", "bytes": "байт",
        "data_page": "Пакет данных", "api": "JSON API", "claim": "Заявление", "record": "Запись", "joined": "Присоединилась",
        "left": "Вышла", "archive": "Архивная копия", "coverage": "Охват данными", "with_recorded_step": "с зафиксированным шагом",
        "parts_complete": "Части выполнены", "parts_complete_detail": "входящих документов выполнены полностью",
        "at_risk": "Под угрозой", "no_recorded_step": "шаг не зафиксирован", "to_deadline": "до срока, не выполнено",
        "points": "п. п.", "gap": "Разница (заявлено − выполнено)", "record_count": "Подсчёт по данным",
        "programmes_completed": "программ выполнено", "obligations_implemented": "обязательств выполнено",
        "granularity": "реестр считает обязательства, а не единицы заявления", "unit_programmes": "программ",
        "unit_measures": "мероприятий", "unit_tasks": "задач", "unit_acts": "актов", "unit_other": "единиц",
        "unit_unstated": "единиц (не указано каких)",
        "claims_chart": "Что заявляли официальные лица и что показывают данные", "claims_plotted": "заявлений на графике",
        "axis_percent": "% обязательств (заявления — как сказано)", "programmes_completed_share": "Программ выполнено",
        "claimed_percent": "Заявлено, %", "claimed_programmes": "Заявлено программ выполнено, %", "chart_source": "расчёт по реестру с источниками",
        "chart_data": "Данные графика", "methodology": "Методика", "practice_detail": "применяется",
        "asymmetry_detail": "стороны на разных стадиях", "adopted_later": "принят позже", "count": "число",
        "after_update": "Реестр последний раз обновлён {updated}: цифры на {day} исходят из того, что после этого ничего не произошло.",
        "programme_grid": "Программы по одной", "furthest": "дальняя стадия",
        "grid_note": "Цвет плитки — самая дальняя стадия, которой достигло любое её обязательство; штриховка — обязательств в реестре нет.",
    ]
}

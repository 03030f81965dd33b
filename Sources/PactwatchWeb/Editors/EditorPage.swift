import Foundation
import Hummingbird
import PactwatchCore

/// The editors' pages' words, in English and Russian (the public site's are in `Strings`).
struct EditorStrings: Sendable {
    let language: Language

    subscript(_ key: String) -> String {
        (language == .ru ? EditorStrings.ru[key] : nil) ?? EditorStrings.en[key] ?? key
    }

    static let en: [String: String] = [
        "editors": "Editors", "sign_in": "Sign in", "sign_out": "Sign out", "user_name": "User name", "password": "Password",
        "signed_in_as": "Signed in as", "wrong": "The user name or the password is wrong.",
        "throttled": "Too many failed sign-ins for this account or from this address: try again after {time} (UTC).",
        "sign_in_lede": "Editors record facts with their sources; a second person reviews each proposal before it is published.",
        "forbidden": "Your role does not allow this page. If your work needs it, ask an admin to change your role.",
        "expired": "The form had expired or came from elsewhere; it was not applied. Try again.",
        "my_proposals": "My proposals", "queue": "Waiting for review", "new_proposal": "New proposal", "proposal": "Proposal",
        "state": "State", "author": "Author", "changed": "Changed", "items": "Items", "none_yet": "None yet.",
        "draft": "draft", "submitted": "submitted", "approved": "approved", "rejected": "rejected", "withdrawn": "withdrawn",
        "add": "Add to the proposal", "submit": "Submit for review", "withdraw": "Withdraw", "approve": "Approve and publish",
        "reject": "Reject", "reason": "Reason", "remove": "Remove", "audit": "Audit log", "users": "Users",
        "add_event": "Record an event", "add_claim": "Record a claim", "add_source": "Record a source", "add_act": "Record an act",
        "add_commitment": "Record a commitment", "fix_below": "Nothing was added: correct the fields marked below.",
        "own_proposal": "You wrote this proposal: another reviewer must approve it.",
        "no_longer_valid": "The record has changed since this was proposed, and it no longer validates:",
        "published": "Published: the record now holds this proposal's rows.",
        "adds": "What it adds", "effect": "What it would change", "figure": "Figure", "before": "Now", "after": "After",
        "scope": "Scope", "required": "required", "choose": "choose…", "time": "Time", "address": "Address",
        "action": "Action", "detail": "Detail", "filter": "Filter", "since": "Since", "download_csv": "CSV",
        "rejected_because": "Rejected", "by": "by", "role": "Role", "status": "Status", "disabled": "disabled", "active": "active",
        "no_change": "No figure changes: the record already shows what this adds, or it adds only sources, claims or records no figure counts.",
        "table_events": "Events", "table_sources": "Sources", "table_claims": "Claims", "table_acts": "Acts", "table_commitments": "Commitments",
    ]

    static let ru: [String: String] = [
        "editors": "Редакторы", "sign_in": "Войти", "sign_out": "Выйти", "user_name": "Имя пользователя", "password": "Пароль",
        "signed_in_as": "Вы вошли как", "wrong": "Неверное имя пользователя или пароль.",
        "throttled": "Слишком много неудачных попыток входа для этой учётной записи или с этого адреса: попробуйте после {time} (UTC).",
        "sign_in_lede": "Редакторы вносят факты с источниками; каждое предложение проверяет второй человек, прежде чем оно будет опубликовано.",
        "forbidden": "Ваша роль не даёт доступа к этой странице. Если она нужна для работы, попросите администратора изменить вашу роль.",
        "expired": "Форма устарела или пришла не отсюда; она не применена. Попробуйте ещё раз.",
        "my_proposals": "Мои предложения", "queue": "Ждут проверки", "new_proposal": "Новое предложение", "proposal": "Предложение",
        "state": "Состояние", "author": "Автор", "changed": "Изменено", "items": "Записи", "none_yet": "Пока нет.",
        "draft": "черновик", "submitted": "на проверке", "approved": "одобрено", "rejected": "отклонено", "withdrawn": "отозвано",
        "add": "Добавить в предложение", "submit": "Отправить на проверку", "withdraw": "Отозвать", "approve": "Одобрить и опубликовать",
        "reject": "Отклонить", "reason": "Причина", "remove": "Убрать", "audit": "Журнал аудита", "users": "Пользователи",
        "add_event": "Внести событие", "add_claim": "Внести заявление", "add_source": "Внести источник", "add_act": "Внести акт",
        "add_commitment": "Внести обязательство", "fix_below": "Ничего не добавлено: исправьте отмеченные ниже поля.",
        "own_proposal": "Это ваше предложение: одобрить его должен другой проверяющий.",
        "no_longer_valid": "С момента предложения реестр изменился, и оно больше не проходит проверку:",
        "published": "Опубликовано: записи предложения внесены в реестр.",
        "adds": "Что добавляется", "effect": "Что изменится", "figure": "Показатель", "before": "Сейчас", "after": "После",
        "scope": "Охват", "required": "обязательно", "choose": "выберите…", "time": "Время", "address": "Адрес",
        "action": "Действие", "detail": "Подробности", "filter": "Отбор", "since": "С", "download_csv": "CSV",
        "rejected_because": "Отклонено", "by": "—", "role": "Роль", "status": "Статус", "disabled": "отключён", "active": "активен",
        "no_change":
            "Показатели не меняются: реестр уже показывает то, что добавляется, или добавляются только источники, заявления либо записи, которые не входят в расчёт.",
        "table_events": "События", "table_sources": "Источники", "table_claims": "Заявления", "table_acts": "Акты",
        "table_commitments": "Обязательства",
    ]
}

/// The shell of an editors' page: the site's stylesheet, a header naming who is signed in with a
/// sign-out button, and no script.
enum EditorPage {
    static func render(title: String, body: HTML, language: Language, user: String?, csrf: String?) -> HTML {
        let e = EditorStrings(language: language)
        let other: Language = language == .en ? .ru : .en
        var html: HTML = "<!doctype html><html lang=\"\(language.rawValue)\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
        html += "<title>\(title) — Pactwatch \(e["editors"])</title><link rel=\"stylesheet\" href=\"\(Route.stylesheet.path)\"></head><body>"
        html += "<header class=\"site\"><div class=\"bar\"><a class=\"brand\" href=\"/\">Pactwatch</a><nav>"
        html += "<a href=\"/editor?lang=\(language.rawValue)\">\(e["editors"])</a>"
        html +=
            "<a class=\"lang\" href=\"?lang=\(other.rawValue)\" hreflang=\"\(other.rawValue)\" lang=\"\(other.rawValue)\">\(other == .ru ? "Русский" : "English")</a>"
        html += "</nav></div>"
        if let user, let csrf {
            html += "<form class=\"asof\" method=\"post\" action=\"/editor/sign-out\"><span>\(e["signed_in_as"]) <strong>\(user)</strong></span>"
            html += "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\"><button>\(e["sign_out"])</button></form>"
        }
        html += "</header><main><h1>\(title)</h1>\(body)</main></body></html>"
        return html
    }

    /// A hidden field carrying the session's CSRF token: every form has one.
    static func csrfField(_ token: String) -> HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">" }

    static func response(_ status: HTTPResponse.Status = .ok, _ html: HTML) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html.markup)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}

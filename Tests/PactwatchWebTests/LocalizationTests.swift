import Foundation
import Hummingbird
import HummingbirdTesting
import PactwatchData
import Testing

@testable import PactwatchWeb

@Suite("Interface strings")
struct LocalizationTests {
    @Test("every English string has its Russian one, and no Russian string is left in English")
    func russianComplete() {
        let missing = Set(Strings.en.keys).subtracting(Strings.ru.keys).sorted()
        #expect(missing.isEmpty, "no Russian for: \(missing)")
        let onlyRussian = Set(Strings.ru.keys).subtracting(Strings.en.keys).sorted()
        #expect(onlyRussian.isEmpty, "no English for: \(onlyRussian)")
        // A Russian string equal to the English one is a forgotten translation, except names and symbols.
        let same = Strings.en.keys.filter { Strings.ru[$0] == Strings.en[$0] && !["site", "api"].contains($0) }.sorted()
        #expect(same.isEmpty, "Russian equals English for: \(same)")
        // Enumerated values and language names: the same keys in both, each translated.
        let values = (en: Strings.valueNames[.en]!, ru: Strings.valueNames[.ru]!)
        #expect(Set(values.en.keys) == Set(values.ru.keys))
        #expect(values.en.keys.filter { values.en[$0] == values.ru[$0] }.isEmpty)
        #expect(Strings(language: .ru).value("act_kind", "union_act") == "акт Союзного государства")
        #expect(Strings(language: .ru).languageName("de") == "немецкий" && Strings(language: .en).languageName("xx") == "xx")
    }

    @Test("the editors' pages: every English string has its Russian one, each translated")
    func editorsRussianComplete() {
        #expect(Set(EditorStrings.en.keys) == Set(EditorStrings.ru.keys))
        let same = EditorStrings.en.keys.filter { EditorStrings.ru[$0] == EditorStrings.en[$0] && $0 != "download_csv" }.sorted()
        #expect(same.isEmpty, "Russian equals English for: \(same)")
        // Every word a page asks for exists: an unknown key would show as the key itself.
        #expect(EditorStrings(language: .ru)["sign_in"] == "Войти" && EditorStrings(language: .ru)["no such key"] == "no such key")
        for state in ["draft", "submitted", "approved", "rejected", "withdrawn"] { #expect(EditorStrings.en[state] != nil) }
        for table in Proposals.tables {
            #expect(EditorStrings.en["add_" + table.singular] != nil && EditorStrings.en["table_" + table.rawValue] != nil)
        }
    }
}

/// The Russian pages of the bundled record, read as a reader sees them: no interface word of
/// the English tables may show (record content the dataset gives only in English aside).
@Suite("Russian pages")
struct RussianPagesTests {
    /// The text a reader sees: tags, scripts and attribute values removed, entities decoded.
    static func visibleText(_ html: String) -> String {
        var out = "", inTag = false
        for ch in html {
            if ch == "<" { inTag = true; out.append(" ") } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        return out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(
            of: "&quot;", with: "\"")
    }

    /// The English interface strings a Russian page could leak: every value of the string and
    /// value tables that is not also the Russian one and reads as words (two letters or more).
    static var englishWords: [String] {
        let tables = [Strings.en, Strings.valueNames[.en]!, Strings.stageNames[.en]!]
        let russian = Set(Strings.ru.values).union(Strings.valueNames[.ru]!.values).union(Strings.stageNames[.ru]!.values)
        return Set(tables.flatMap(\.values)).subtracting(russian).filter { $0.filter(\.isLetter).count >= 2 && !$0.contains("{") }.sorted()
    }

    @Test("no English interface word on a Russian page, index pages and error pages included")
    func noEnglish() async throws {
        let (site, _) = try await makeSite([bundled()])
        let d = try DatasetFolder.read(bundled()).dataset
        var paths = ["/", "/claims", "/methodology", "/data", "/search?q=газ", "/nothing-here", "/?as_of=2023-02-30", "/commitments?sort=zzz"]
        paths += Route.Index.allCases.map { "/\($0.rawValue)" }
        paths += ["/instruments/\(d.instruments[0].id)", "/commitments/\(d.commitments[0].id)", "/parties/BY", "/areas/energy"]
        paths += [
            "/acts/\(d.acts[0].id)", "/sources/\(d.sources[0].id)", "/commitments?party=BY&sort=-deadline&page=2", "/parties/BY?compare=2023-01-01",
        ]
        // What the record itself says in English (untranslated notes, titles of English sources,
        // publishers' names) is content, not interface: it is taken out before the check.
        var content: [String] = d.events.compactMap(\.note) + d.sources.flatMap { [$0.title, $0.publisher, $0.quote].compactMap { $0 } }
        content += d.commitments.compactMap(\.note) + d.instruments.compactMap(\.note)
        content += d.claims.flatMap { c in [c.speaker, c.speakerRole, c.statement].compactMap { $0 } }
        content = content.sorted { $0.count > $1.count }
        let words = RussianPagesTests.englishWords, pages = paths, record = content
        try await Application(router: buildRouter(site)).test(.router) { client in
            for path in pages {
                let html = try await client.execute(uri: path + (path.contains("?") ? "&" : "?") + "lang=ru", method: .get).text
                // The switch to English is named in English; addresses, file names and the licence's title are names.
                let shown = html.replacing(try! Regex(#"<a class="lang"[^>]*>[^<]*</a>"#), with: "")
                    .replacing(try! Regex(#"<p class="error-detail" lang="en">[^<]*</p>"#), with: "")
                    .replacing(try! Regex(#"<p class="snippet">.*?</p>"#), with: "")
                    // What a reader types as it stands (a parameter, its value, the values it takes).
                    .replacing(try! Regex(#"<code>[^<]*</code>"#), with: " ")
                var text = RussianPagesTests.visibleText(shown).replacing(try! Regex(#"https?://\S+|\S+\.(csv|json|zip)\b"#), with: " ")
                text = text.replacingOccurrences(of: "Creative Commons Attribution 4.0", with: " ")
                for c in record where text.contains(c) { text = text.replacingOccurrences(of: c, with: " ") }
                let leaked = words.filter { word in
                    text.range(of: "(?<![\\p{L}])" + NSRegularExpression.escapedPattern(for: word) + "(?![\\p{L}])", options: .regularExpression)
                        != nil
                }
                #expect(leaked.isEmpty, "\(path)?lang=ru shows \(leaked)")
            }
        }
    }

    @Test(
        "an error page says what was wrong in its reader's language, naming the parameter and its value; the API keeps English",
        arguments: [
            ("/?as_of=2023-02-30", 400, "as_of=«2023-02-30»", "as_of=\"2023-02-30\""),
            ("/commitments?sort=zzz", 400, "sort=«zzz»", "sort=\"zzz\""),
            ("/commitments?stage=nope&page=1", 400, "stage=«nope»", "stage=\"nope\""),
            ("/search?q=x&page=0", 400, "page=«0»", "page=\"0\""),
            ("/commitments/no-such-thing", 404, "/commitments/no-such-thing", "/commitments/no-such-thing"),
            ("/charts/burnup-no-such-thing.svg", 404, "no-such-thing", "no-such-thing"),
        ])
    func errorPages(path: String, status: Int, russian: String, english: String) async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let separator = path.contains("?") ? "&" : "?"
            let ru = try await client.execute(uri: path + separator + "lang=ru", method: .get)
            #expect(ru.status.code == status)
            func message(_ html: String) throws -> String {
                let p = try #require(html.firstMatch(of: try Regex(#"<p class="error">(.*?)</p>"#))?.output[1].substring)
                return RussianPagesTests.visibleText(String(p)).replacingOccurrences(of: "  ", with: " ")
            }
            let russianText = try message(ru.text)
            #expect(russianText.contains(russian), "\(russianText)")
            #expect(russianText.contains(where: { ("а"..."я").contains($0) }), "\(russianText)")
            #expect(!ru.text.contains("error-detail"), "\(path): a detail left in English")
            let en = try await client.execute(uri: path, method: .get)
            let englishText = try message(en.text)
            #expect(en.status.code == status && englishText.contains(english), "\(englishText)")
            #expect(!englishText.contains(where: { ("а"..."я").contains($0) }))
        }
    }

    @Test("a method the site does not take is refused in the reader's language; the API's problem stays English")
    func methodRefused() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let page = try await client.execute(uri: "/?lang=ru", method: .delete)
            #expect(page.status == .methodNotAllowed)
            #expect(page.text.contains("<title>Метод не разрешён") && page.text.contains("Метод DELETE не принимается"))
            let api = try await client.execute(uri: "/api/v1/commitments?stage=nope&lang=ru", method: .get)
            #expect(api.status == .badRequest && api.text.contains("The parameter stage=\\\"nope\\\" is not valid"), "\(api.text)")
        }
    }
}

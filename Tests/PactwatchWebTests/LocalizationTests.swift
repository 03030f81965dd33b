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

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
}

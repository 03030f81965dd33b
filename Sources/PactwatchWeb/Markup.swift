import PactwatchCore

/// Escapes text for HTML and XML: every string from the data goes through here.
func esc(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            // Control characters other than tab and newlines are not allowed in XML.
            if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" { continue }
            out.unicodeScalars.append(c)
        }
    }
    return out
}

/// `41.7 %`, or the localised "no data".
func percent(_ share: Double?, _ t: Strings) -> String {
    guard let share else { return t["no_data"] }
    let scaled = (share * 1000).rounded() / 10
    return (scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)) + " %"
}

/// A share with its counts: `36.4 % (1 of 4)`.
func share(_ value: Double?, _ part: Int?, _ whole: Int?, _ t: Strings) -> String {
    guard let value, let part, let whole else { return t["no_data"] }
    return "\(percent(value, t)) (\(part) \(t["of"]) \(whole))"
}

/// A title in the page's language, else the English one.
func localized(_ title: String, _ translations: Translations, _ language: Language) -> String {
    language == .en ? title : translations[language.rawValue] ?? title
}

/// Percent-encodes a query or path component.
func urlEncode(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(UnicodeScalar(b))
        default:
            out += "%" + String(b, radix: 16, uppercase: true).leftPad(2)
        }
    }
    return out
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

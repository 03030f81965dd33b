/// A date known to the year, the month or the day: `2022`, `2022-08`, `2022-08-15`.
///
/// For every comparison a partial date stands for the last day of its period (DESIGN.md):
/// an event "in August 2022" is known to have happened by 2022-08-31.
///
///     PartialDate("2023")!.lastDay.description     // "2023-12-31"
///     PartialDate("2024-02")!.lastDay.description  // "2024-02-29"
public struct PartialDate: Hashable, Sendable, CustomStringConvertible, Comparable {
    public enum Precision: Int, Sendable { case year, month, day }

    // Eight bytes, not thirty-two: a million events carry two dates each.
    private let storedYear: Int32
    /// 0 when not known.
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var year: Int { Int(storedYear) }
    public var month: Int? { storedMonth == 0 ? nil : Int(storedMonth) }
    public var day: Int? { storedDay == 0 ? nil : Int(storedDay) }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil when the text has another shape or names
    /// an impossible date (month 13, 30 February).
    public init?(_ text: String) {
        var text = text
        guard let date = text.withUTF8({ PartialDate(utf8: $0) }) else { return nil }
        self = date
    }

    public init?(_ text: some StringProtocol) { self.init(String(text)) }

    /// Byte by byte, and not generic: this runs once per date of every imported row.
    public init?(utf8: UnsafeBufferPointer<UInt8>) {
        var y = 0, m = 0, d = 0, count = 0, ok = true
        guard utf8.count == 4 || utf8.count == 7 || utf8.count == 10 else { return nil }
        for i in 0..<utf8.count {
            let b = utf8[i]
            if i == 4 || i == 7 {
                ok = ok && b == UInt8(ascii: "-")
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            let digit = Int(b - 48)
            if i < 4 { y = y * 10 + digit } else if i < 7 { m = m * 10 + digit } else { d = d * 10 + digit }
            count += 1
        }
        guard ok, y >= 1 else { return nil }
        let month: Int? = count >= 6 ? m : nil
        let day: Int? = count == 8 ? d : nil
        if let month, !(1...12).contains(month) { return nil }
        if let month, let day, Day(year: y, month: month, day: day) == nil { return nil }
        storedYear = Int32(y)
        storedMonth = UInt8(month ?? 0)
        storedDay = UInt8(day ?? 0)
    }

    public init(day: Day) {
        let c = day.components
        storedYear = Int32(clamping: c.year)
        storedMonth = UInt8(c.month)
        storedDay = UInt8(c.day)
    }

    public var precision: Precision { day != nil ? .day : month != nil ? .month : .year }

    /// The last day of the period the date names: what every comparison uses.
    public var lastDay: Day {
        let m = month ?? 12
        return Day(year: year, month: m, day: day ?? Day.daysIn(month: m, year: year))!
    }

    public var description: String {
        var s = pad(year, 4)
        if let month { s += "-" + pad(month, 2) }
        if let day { s += "-" + pad(day, 2) }
        return s
    }

    /// Orders by the last day, then the less precise first.
    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        (a.lastDay, a.precision.rawValue) < (b.lastDay, b.precision.rawValue)
    }
}

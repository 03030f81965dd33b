/// A date known to the year, the month or the day: `2022`, `2022-08`, `2022-08-15`.
///
/// For every comparison a partial date stands for the last day of its period (DESIGN.md):
/// an event "in August 2022" is known to have happened by 2022-08-31.
///
///     PartialDate("2023")!.lastDay.description     // "2023-12-31"
///     PartialDate("2024-02")!.lastDay.description  // "2024-02-29"
public struct PartialDate: Hashable, Sendable, CustomStringConvertible, Comparable {
    public enum Precision: Int, Sendable { case year, month, day }

    public let year: Int
    public let month: Int?
    public let day: Int?

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil when the text has another shape or names
    /// an impossible date (month 13, 30 February).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4 else { return nil }
        for (i, part) in parts.enumerated() where i > 0 {
            guard part.count == 2 else { return nil }
        }
        guard parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), y >= 1
        else { return nil }
        let m = parts.count > 1 ? Int(parts[1]) : nil
        let d = parts.count > 2 ? Int(parts[2]) : nil
        if let m, !(1...12).contains(m) { return nil }
        if let m, let d, Day(year: y, month: m, day: d) == nil { return nil }
        year = y
        month = m
        day = d
    }

    public init(day: Day) {
        let c = day.components
        year = c.year
        month = c.month
        self.day = c.day
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

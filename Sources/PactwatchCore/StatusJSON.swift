/// The public JSON shape of figures (`pactwatch status --json`, the API's status): snake_case
/// keys, shares as fractions from 0 to 1, dates as `YYYY-MM-DD`, and null, never 0, for a
/// figure an empty scope does not have.
extension Figures: Encodable {
    /// The keys of a figures object (`JSONWriter` writes the same ones).
    public enum Key: String, CodingKey, CaseIterable {
        case obligations, weight, progress, implemented, practice, due, overdue, deficit, stalled
        case asymmetry, velocity, remaining, forecast
        case byStage = "by_stage"
        case implementedCount = "implemented_count"
        case appliedCount = "applied_count"
        case longOverdue = "long_overdue"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(obligations, forKey: .obligations)
        try c.encode(Dictionary(uniqueKeysWithValues: byStage.map { ($0.key.rawValue, $0.value) }), forKey: .byStage)
        // Explicit nulls: a missing figure must read as "no data", not be silently absent.
        try c.encode(weight, forKey: .weight)
        try c.encode(progress, forKey: .progress)
        try c.encode(implemented, forKey: .implemented)
        try c.encode(implementedCount, forKey: .implementedCount)
        try c.encode(practice, forKey: .practice)
        try c.encode(appliedCount, forKey: .appliedCount)
        try c.encode(due, forKey: .due)
        try c.encode(overdue, forKey: .overdue)
        try c.encode(deficit, forKey: .deficit)
        try c.encode(longOverdue, forKey: .longOverdue)
        try c.encode(stalled, forKey: .stalled)
        try c.encode(asymmetry, forKey: .asymmetry)
        try c.encode(velocity, forKey: .velocity)
        try c.encode(remaining, forKey: .remaining)
        try c.encode(forecast, forKey: .forecast)
    }
}

extension Forecast: Encodable {
    public enum Key: String, CodingKey, CaseIterable { case date, earliest, latest, remaining, velocity, confidence }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(date.description, forKey: .date)
        try c.encode(earliest.description, forKey: .earliest)
        try c.encode(latest.description, forKey: .latest)
        try c.encode(Forecast.confidence, forKey: .confidence)
        try c.encode(remaining, forKey: .remaining)
        try c.encode(velocity, forKey: .velocity)
    }
}

/// A coding key made from any string: for objects keyed by ids.
public struct JSONKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

extension StatusReport: Encodable {
    typealias Key = JSONKey

    /// `{"as_of", "scope", …the overall figures…, "parties": {id: figures}, "instruments": {id: figures}}`
    public func encode(to encoder: any Encoder) throws {
        try overall.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(asOf.description, forKey: Key("as_of"))
        try c.encode(within.map(\.description), forKey: Key("scope"))
        var parties = c.nestedContainer(keyedBy: Key.self, forKey: Key("parties"))
        for (id, figures) in self.parties { try parties.encode(figures, forKey: Key(id)) }
        var instruments = c.nestedContainer(keyedBy: Key.self, forKey: Key("instruments"))
        for (id, figures) in self.instruments { try instruments.encode(figures, forKey: Key(id)) }
    }
}

/// The unit of measurement: a commitment × one owing party (mode `each`), or the commitment
/// itself (mode `joint`, `party` nil).
public struct Obligation: Hashable, Sendable {
    public let commitment: String
    public let party: String?
    /// The commitment's weight.
    public let weight: Double
}

/// Where an obligation stands as of a day: the folded result of its counting events.
public struct ObligationState: Hashable, Sendable {
    public let stage: Stage
    /// The day of the counting stage event that set `stage`; nil for `not_started` by default.
    public let stageSince: Day?
    /// The id of that event.
    public let stageEvent: String?
    public let deadline: Day?
    public let asOf: Day

    public var isImplemented: Bool { stage.isImplemented }
    /// The deadline has passed (deadline ≤ as-of), implemented or not.
    public var isDue: Bool { deadline.map { $0 <= asOf } ?? false }
    /// Due and not implemented.
    public var isOverdue: Bool { isDue && !isImplemented }
    /// Not implemented two years (730 days) after its deadline.
    public var isLongOverdue: Bool {
        !isImplemented && deadline.map { $0.ordinal <= asOf.ordinal - Figures.longOverdueDays } ?? false
    }
    /// At least one counting stage event stands behind the stage (an explicit `not_started`
    /// counts); false is "no recorded step".
    public var isEvidenced: Bool { stageSince != nil }
    /// Neither implemented nor abandoned, with its deadline in (as-of, as-of + 90 days].
    public var isAtRisk: Bool {
        guard !isImplemented, stage != .abandoned, let deadline else { return false }
        return deadline > asOf && deadline.ordinal <= asOf.ordinal + Figures.atRiskDays
    }
    /// In preparation or adopted, with no stage event for more than 270 days.
    public var isStalled: Bool {
        guard stage.isUnderWay, let since = stageSince else { return false }
        return asOf.days(since: since) > Figures.stalledDays
    }
}

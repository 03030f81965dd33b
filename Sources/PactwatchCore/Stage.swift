/// The ladder an obligation climbs, in order, with the default weights of DESIGN.md.
public enum Stage: String, CaseIterable, Sendable, Codable, Comparable {
    case notStarted = "not_started"
    case inPreparation = "in_preparation"
    case adopted
    case inForce = "in_force"
    case applied
    case abandoned

    /// The share of the obligation this stage counts as done in `progress`.
    public var weight: Double {
        switch self {
        case .notStarted, .abandoned: 0
        case .inPreparation: 0.25
        case .adopted: 0.75
        case .inForce, .applied: 1
        }
    }

    /// `in_force` and `applied` count as implemented.
    public var isImplemented: Bool { self == .inForce || self == .applied }

    /// `in_preparation` and `adopted` are work under way: the stages that can stall.
    public var isUnderWay: Bool { self == .inPreparation || self == .adopted }

    var order: Int { Stage.allCases.firstIndex(of: self)! }

    public static func < (a: Stage, b: Stage) -> Bool { a.order < b.order }
}

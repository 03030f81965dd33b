/// What a figure is taken over: the whole dataset, a party, an instrument with all its
/// descendants, an area, or one commitment.
public enum Scope: Hashable, Sendable, CustomStringConvertible {
    case all
    case party(String)
    case instrument(String)
    case area(String)
    case commitment(String)

    public var description: String {
        switch self {
        case .all: "all"
        case .party(let id): "party \(id)"
        case .instrument(let id): "instrument \(id)"
        case .area(let area): "area \(area)"
        case .commitment(let id): "commitment \(id)"
        }
    }
}

/// Translations of a title or name, keyed by language code (`ru` → "…").
public typealias Translations = [String: String]

/// Who must act: a state or a body.
/// Who recorded a published row (the proposal's author, or the importer's `--as`) and who
/// approved it (the reviewer; nil for a CLI import).
public struct Attribution: Hashable, Sendable {
    public var recordedBy: String?
    public var approvedBy: String?

    public init(recordedBy: String? = nil, approvedBy: String? = nil) {
        self.recordedBy = recordedBy; self.approvedBy = approvedBy
    }

    public var isEmpty: Bool { recordedBy == nil && approvedBy == nil }
}

/// A record that carries its attribution.
public protocol Attributed {
    var attribution: Attribution { get set }
}

public struct Party: Hashable, Sendable, Identifiable {
    public var id: String
    /// Who recorded the row and who approved it (empty before attribution existed).
    public var attribution = Attribution()
    public var name: String
    public var names: Translations = [:]
    public var kind: PartyKind = .state
    /// Shown on the party's page; changes no figure (obligations come from `parties` lists).
    public var joined: PartialDate?
    public var left: PartialDate?

    public init(
        id: String, name: String, names: Translations = [:], kind: PartyKind = .state,
        joined: PartialDate? = nil, left: PartialDate? = nil
    ) {
        self.id = id; self.name = name; self.names = names; self.kind = kind
        self.joined = joined; self.left = left
    }
}

/// Where a fact comes from.
public struct Source: Hashable, Sendable, Identifiable {
    public var id: String
    /// Who recorded the row and who approved it (empty before attribution existed).
    public var attribution = Attribution()
    public var url: String
    public var title: String?
    public var publisher: String?
    public var published: PartialDate?
    public var kind: SourceKind?
    public var language: String?
    public var archivedURL: String?
    public var quote: String?

    public init(
        id: String, url: String, title: String? = nil, publisher: String? = nil,
        published: PartialDate? = nil, kind: SourceKind? = nil, language: String? = nil,
        archivedURL: String? = nil, quote: String? = nil
    ) {
        self.id = id; self.url = url; self.title = title; self.publisher = publisher
        self.published = published; self.kind = kind; self.language = language
        self.archivedURL = archivedURL; self.quote = quote
    }
}

/// What was signed; instruments nest through `parent`.
public struct Instrument: Hashable, Sendable, Identifiable {
    public var id: String
    /// Who recorded the row and who approved it (empty before attribution existed).
    public var attribution = Attribution()
    public var kind: InstrumentKind
    public var title: String
    public var titles: Translations = [:]
    /// A label for tiles, chart labels and the finding; nil: the title.
    public var shortTitle: String?
    public var shortTitles: Translations = [:]
    public var parent: String?
    /// Obligations under the instrument exist only from this date on.
    public var adopted: PartialDate?
    /// Owing parties; empty means inherited from the parent.
    public var parties: [String] = []
    public var expectedActs: Int?
    public var sources: [String] = []
    public var confidence: Confidence = .high
    public var note: String?

    public init(
        id: String, kind: InstrumentKind, title: String, titles: Translations = [:],
        shortTitle: String? = nil, shortTitles: Translations = [:],
        parent: String? = nil, adopted: PartialDate? = nil, parties: [String] = [],
        expectedActs: Int? = nil, sources: [String] = [], confidence: Confidence = .high,
        note: String? = nil
    ) {
        self.id = id; self.kind = kind; self.title = title; self.titles = titles
        self.shortTitle = shortTitle; self.shortTitles = shortTitles
        self.parent = parent; self.adopted = adopted; self.parties = parties
        self.expectedActs = expectedActs; self.sources = sources
        self.confidence = confidence; self.note = note
    }
}

/// One concrete thing an instrument requires.
public struct Commitment: Hashable, Sendable, Identifiable {
    public var id: String
    /// Who recorded the row and who approved it (empty before attribution existed).
    public var attribution = Attribution()
    public var instrument: String
    public var title: String
    public var titles: Translations = [:]
    /// A label for tiles, chart labels and the finding; nil: the title.
    public var shortTitle: String?
    public var shortTitles: Translations = [:]
    public var area: String?
    public var mode: Mode = .each
    /// Owing parties as listed; empty means the instrument's, inherited up the parents.
    public var parties: [String] = []
    public var deadline: PartialDate?
    public var weight: Double = 1
    public var sources: [String] = []
    public var confidence: Confidence = .high
    public var note: String?
    /// When the commitment was entered (ISO 8601, UTC): stamped by the import that added it.
    public var recorded: String?

    public init(
        id: String, instrument: String, title: String, titles: Translations = [:],
        shortTitle: String? = nil, shortTitles: Translations = [:],
        area: String? = nil, mode: Mode = .each, parties: [String] = [],
        deadline: PartialDate? = nil, weight: Double = 1, sources: [String] = [],
        confidence: Confidence = .high, note: String? = nil
    ) {
        self.id = id; self.instrument = instrument; self.title = title; self.titles = titles
        self.shortTitle = shortTitle; self.shortTitles = shortTitles
        self.area = area; self.mode = mode; self.parties = parties; self.deadline = deadline
        self.weight = weight; self.sources = sources; self.confidence = confidence; self.note = note
    }
}

/// An implementing measure: law, decree, agreement…; it may implement several commitments.
public struct Act: Hashable, Sendable, Identifiable {
    public var id: String
    /// Who recorded the row and who approved it (empty before attribution existed).
    public var attribution = Attribution()
    public var kind: ActKind
    public var title: String
    public var titles: Translations = [:]
    /// Empty for a joint or union-level act.
    public var party: String?
    public var number: String?
    /// An ELI or other identifier.
    public var uri: String?
    public var commitments: [String] = []
    public var sources: [String] = []

    public init(
        id: String, kind: ActKind, title: String, titles: Translations = [:],
        party: String? = nil, number: String? = nil, uri: String? = nil,
        commitments: [String] = [], sources: [String] = []
    ) {
        self.id = id; self.kind = kind; self.title = title; self.titles = titles
        self.party = party; self.number = number; self.uri = uri
        self.commitments = commitments; self.sources = sources
    }
}

/// A dated, sourced fact: an obligation reached a stage, or a deadline moved.
///
/// Events are append-only: a correction is a new event that `retracts` an old one.
public struct Event: Hashable, Sendable, Identifiable {
    public var id: String
    /// Who recorded the row and who approved it (empty before attribution existed).
    public var attribution = Attribution()
    public var date: PartialDate
    public var commitment: String
    /// The owing party (mode `each`); nil for a joint commitment or a deadline moved for all.
    public var party: String?
    public var stage: Stage?
    public var deadline: PartialDate?
    public var act: String?
    public var sources: [String]
    public var note: String?
    public var retracts: String?
    /// When the fact was entered into the ledger (ISO 8601, UTC); kept across export/import.
    public var recorded: String?

    public init(
        id: String, date: PartialDate, commitment: String, party: String? = nil,
        stage: Stage? = nil, deadline: PartialDate? = nil, act: String? = nil,
        sources: [String], note: String? = nil, retracts: String? = nil,
        recorded: String? = nil
    ) {
        self.id = id; self.date = date; self.commitment = commitment; self.party = party
        self.stage = stage; self.deadline = deadline; self.act = act; self.sources = sources
        self.note = note; self.retracts = retracts; self.recorded = recorded
    }
}

/// What someone said about progress: recorded, never trusted, shown beside the computed figure.
public struct Claim: Hashable, Sendable, Identifiable {
    public var id: String
    /// Who recorded the row and who approved it (empty before attribution existed).
    public var attribution = Attribution()
    public var date: PartialDate
    public var speaker: String
    public var speakerRole: String?
    /// An instrument or commitment id; nil for the whole dataset.
    public var scope: String?
    public var statement: String
    /// A percentage, 0–100.
    public var value: Double?
    public var done: Int?
    public var total: Int?
    /// What done and total count; nil when the claim does not say (or gives no count).
    public var unit: ClaimUnit?
    public var sources: [String]
    /// The speaker, the role and the statement in other languages, by language code (ours).
    public var speakers: Translations = [:]
    public var speakerRoles: Translations = [:]
    public var statements: Translations = [:]
    /// When the claim was entered (ISO 8601, UTC): stamped by the import that added it.
    public var recorded: String?

    public init(
        id: String, date: PartialDate, speaker: String, speakerRole: String? = nil,
        scope: String? = nil, statement: String, value: Double? = nil, done: Int? = nil,
        total: Int? = nil, unit: ClaimUnit? = nil, sources: [String],
        speakers: Translations = [:], speakerRoles: Translations = [:], statements: Translations = [:]
    ) {
        self.id = id; self.date = date; self.speaker = speaker; self.speakerRole = speakerRole
        self.scope = scope; self.statement = statement; self.value = value
        self.done = done; self.total = total; self.unit = unit; self.sources = sources
        self.speakers = speakers; self.speakerRoles = speakerRoles; self.statements = statements
    }
}

/// A dataset's title and subtitle (`datapackage.json`'s `title` and `description`), with their
/// translations (`title_ru`, `description_ru`).
public struct About: Hashable, Sendable, Codable {
    public var title: String?
    public var description: String?
    public var titles: Translations = [:]
    public var descriptions: Translations = [:]
    /// The licences the data is published under (nil: CC BY 4.0, `License.default`).
    public var licenses: [License]?
    /// Who made the dataset, as Frictionless lists them.
    public var contributors: [Contributor]?
    /// How to cite it, as its publisher asks (nil: one is suggested from the title and version).
    public var citation: String?
    /// What each policy area is called (`areas` in the descriptor); an area not listed is shown by its name.
    public var areas: [AreaName]?

    public init(title: String? = nil, description: String? = nil, titles: Translations = [:], descriptions: Translations = [:]) {
        self.title = title; self.description = description; self.titles = titles; self.descriptions = descriptions
    }

    public var isEmpty: Bool {
        title == nil && description == nil && titles.isEmpty && descriptions.isEmpty && licenses == nil && contributors == nil && citation == nil
            && areas == nil
    }

    /// A policy area's title and its translations: `{"name": "energy", "title": "Energy", "title_ru": "Энергетика"}`.
    public struct AreaName: Hashable, Sendable, Codable {
        public var name: String
        public var title: String
        public var titles: Translations

        public init(name: String, title: String, titles: Translations = [:]) { self.name = name; self.title = title; self.titles = titles }
    }

    /// A licence as a data package names it.
    public struct License: Hashable, Sendable, Codable {
        public var name: String?
        public var path: String?
        public var title: String?

        public init(name: String?, path: String?, title: String?) { self.name = name; self.path = path; self.title = title }

        /// Creative Commons Attribution 4.0: reuse with credit.
        public static let `default` = License(
            name: "CC-BY-4.0", path: "https://creativecommons.org/licenses/by/4.0/", title: "Creative Commons Attribution 4.0")

        /// A short label for a chart's source line: "CC BY 4.0".
        public var short: String { name.map { String($0.map { $0 == "-" ? " " : $0 }) } ?? title ?? path ?? "" }
    }

    public struct Contributor: Hashable, Sendable, Codable {
        public var title: String
        public var role: String?
        public var path: String?

        public init(title: String, role: String? = nil, path: String? = nil) { self.title = title; self.role = role; self.path = path }
    }

    /// The licences in force: those given, else CC BY 4.0.
    public var licensesInForce: [License] { licenses.flatMap { $0.isEmpty ? nil : $0 } ?? [.default] }
}

/// Every record of a dataset, each list in the order it was listed (the ledger's order for events).
public struct Dataset: Hashable, Sendable {
    public var parties: [Party] = []
    public var sources: [Source] = []
    public var instruments: [Instrument] = []
    public var commitments: [Commitment] = []
    public var acts: [Act] = []
    public var events: [Event] = []
    public var claims: [Claim] = []
    /// What the record is: its title and subtitle, from `datapackage.json`.
    public var about = About()

    public init(
        parties: [Party] = [], sources: [Source] = [], instruments: [Instrument] = [],
        commitments: [Commitment] = [], acts: [Act] = [], events: [Event] = [],
        claims: [Claim] = []
    ) {
        self.parties = parties; self.sources = sources; self.instruments = instruments
        self.commitments = commitments; self.acts = acts; self.events = events; self.claims = claims
    }

    public var isEmpty: Bool {
        parties.isEmpty && sources.isEmpty && instruments.isEmpty && commitments.isEmpty
            && acts.isEmpty && events.isEmpty && claims.isEmpty
    }
}

extension Party: Attributed {}
extension Source: Attributed {}
extension Instrument: Attributed {}
extension Commitment: Attributed {}
extension Act: Attributed {}
extension Event: Attributed {}
extension Claim: Attributed {}

import Crypto
import Foundation
import HummingbirdBcrypt

/// What a user may do (DESIGN.md, "Editors and review"): an editor proposes, a reviewer also
/// approves or rejects others' proposals, an admin also manages users and reads the audit log.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    case editor, reviewer, admin

    /// Whether this role includes everything `other` may do.
    public func includes(_ other: Role) -> Bool { self >= other }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A person who signs in to record facts or review them.
public struct User: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// bcrypt, cost `Passwords.cost` or more.
    public var passwordHash: String
    public var disabled: Bool
    /// When the account was created and last changed (ISO 8601, UTC).
    public var created: String
    public var changed: String

    public init(name: String, role: Role, passwordHash: String, disabled: Bool = false, created: String, changed: String) {
        self.name = name; self.role = role; self.passwordHash = passwordHash; self.disabled = disabled
        self.created = created; self.changed = changed
    }

    /// A user name: 1–64 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit (it appears in
    /// the audit log, in `recorded_by` and on pages, so it is kept plain).
    public static func validName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64 else { return false }
        func plain(_ c: Unicode.Scalar) -> Bool { c.isASCII && (CharacterSet.alphanumerics.contains(c)) }
        return plain(first) && name.unicodeScalars.allSatisfy { plain($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }
}

/// One line of the audit log: who did what, when, from where.
public struct AuditEntry: Sendable, Hashable {
    /// Its position in the log (0 until stored).
    public var sequence: Int
    /// ISO 8601, UTC.
    public var time: String
    /// The user acted as or on (empty when unknown, e.g. a failed sign-in for a name that does not exist).
    public var user: String
    /// The client's address, or `cli` for a command run on the server.
    public var address: String
    public var action: Action
    /// Free text: the role given, the proposal concerned, the reason of a rejection.
    public var detail: String

    public enum Action: String, CaseIterable, Sendable {
        case userAdded = "user_added"
        case userDisabled = "user_disabled"
        case userEnabled = "user_enabled"
        case passwordChanged = "password_changed"
        case roleChanged = "role_changed"
        case signIn = "sign_in"
        case signInFailed = "sign_in_failed"
        case throttled
        case signOut = "sign_out"
        case proposalSubmitted = "proposal_submitted"
        case proposalWithdrawn = "proposal_withdrawn"
        case proposalApproved = "proposal_approved"
        case proposalRejected = "proposal_rejected"
        case imported
    }

    public init(sequence: Int = 0, time: String, user: String, address: String, action: Action, detail: String = "") {
        self.sequence = sequence; self.time = time; self.user = user; self.address = address
        self.action = action; self.detail = detail
    }
}

/// A set of new rows an editor gathers for review: a small dataset folder (CSV text per table,
/// in the interchange format), published through the same path as `import` once approved.
public struct Proposal: Sendable, Hashable {
    public var id: Int
    public var author: String
    public var state: State
    /// ISO 8601, UTC.
    public var created: String
    public var changed: String
    /// Who approved or rejected it, and why it was rejected.
    public var reviewer: String
    public var reason: String
    /// Per file name (`events.csv`): its CSV text, header first.
    public var files: [String: String]

    public enum State: String, CaseIterable, Sendable {
        /// Being written: only its author sees and changes it.
        case draft
        /// Waiting for a reviewer who is not its author.
        case submitted
        case approved, rejected, withdrawn
    }

    public init(
        id: Int = 0, author: String, state: State = .draft, created: String, changed: String, reviewer: String = "", reason: String = "",
        files: [String: String] = [:]
    ) {
        self.id = id; self.author = author; self.state = state; self.created = created; self.changed = changed
        self.reviewer = reviewer; self.reason = reason; self.files = files
    }

    /// The files as stored: one JSON object, keys sorted.
    var filesJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(files)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func files(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}

/// A proposal's new state, written if its stored state is still `expected`, with its audit entry.
public struct ProposalReview: Sendable {
    public var proposal: Proposal
    public var expected: Proposal.State
    public var audit: AuditEntry?

    public init(_ proposal: Proposal, expected: Proposal.State, audit: AuditEntry?) {
        self.proposal = proposal; self.expected = expected; self.audit = audit
    }
}

/// Why a review was refused by the store itself, whatever page asked.
public struct ReviewRefused: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Users, sessions, sign-in throttling, proposals and the audit log: what editors' work needs,
/// stored in the same database as the record so every server on it shares them.
public protocol AccountStore: Sendable {
    /// Adds a user; a name already taken is an error, and nothing changes.
    func addUser(_ user: User, audit: AuditEntry) async throws
    func users() async throws -> [User]
    func user(named name: String) async throws -> User?
    /// Replaces a stored user's role, hash and disabled flag (by name) and logs `audit`, in one
    /// transaction; disabling a user or changing their password ends their sessions.
    func updateUser(_ user: User, audit: AuditEntry) async throws

    /// A session's stored value and when it expires (Unix seconds), if it has not.
    func session(_ key: String, now: Int) async throws -> (value: String, expires: Int)?
    /// Stores a session (`user`: whose, so they can all be ended at once).
    func setSession(_ key: String, value: String, user: String, expires: Int) async throws
    func removeSession(_ key: String) async throws
    /// Ends every session of `user`.
    func removeSessions(of user: String) async throws

    /// Counts one failed sign-in against each key (`user:NAME`, `address:IP`) and returns the
    /// time (Unix seconds) until which each is throttled after it.
    func recordFailure(_ keys: [String], now: Int) async throws -> [String: Int]
    /// The time until which a key is throttled, if it is at `now`.
    func throttledUntil(_ keys: [String], now: Int) async throws -> Int?
    /// Forgets the failures counted against the keys (a sign-in succeeded).
    func clearFailures(_ keys: [String]) async throws

    func appendAudit(_ entry: AuditEntry) async throws
    /// The log, oldest first, from `since` (ISO 8601 or a day) on.
    func audit(since: String?) async throws -> [AuditEntry]

    /// Stores a new proposal (its `id` is ignored) and returns its id.
    func addProposal(_ proposal: Proposal) async throws -> Int
    func proposal(_ id: Int) async throws -> Proposal?
    /// Every proposal, newest first.
    func proposals() async throws -> [Proposal]
    /// Replaces a proposal's files, state and review, if its stored state is still `expected`
    /// (else `ReviewRefused`: someone acted on it meanwhile), and logs `audit`. The store itself
    /// refuses a review (approved or rejected) by the proposal's author, or of one not submitted.
    func updateProposal(_ proposal: Proposal, expected: Proposal.State, audit: AuditEntry?) async throws
}

extension Proposal {
    /// The store's rule for a change of state, the same on every engine: who may move a
    /// proposal from `old` to this one's state.
    func refusal(from old: Proposal) -> ReviewRefused? {
        switch state {
        case .approved, .rejected:
            if reviewer.isEmpty || reviewer == old.author {
                return ReviewRefused(description: "\(reviewer) wrote proposal \(id): its review must be someone else's")
            }
            if old.state != .submitted { return ReviewRefused(description: "proposal \(id) is \(old.state.rawValue), not submitted for review") }
        case .draft, .submitted, .withdrawn:
            if old.state == .approved || old.state == .rejected || old.state == .withdrawn {
                return ReviewRefused(description: "proposal \(id) is \(old.state.rawValue): it can no longer change")
            }
        }
        return nil
    }
}

/// Sign-in slows down after this many failures in a row, per account and per address.
public enum Throttle {
    public static let freeFailures = 5
    /// The wait after the n-th failure beyond the free ones: 30 s, doubling, at most 15 minutes.
    public static func delay(afterFailures n: Int) -> Int {
        guard n >= freeFailures else { return 0 }
        return min(15 * 60, 30 << min(10, n - freeFailures))
    }
}

/// bcrypt hashing and the password rules of `user add` and `user password`.
public enum Passwords {
    /// bcrypt's cost: 2¹² rounds (about a quarter of a second on one core of these machines).
    public static let cost: UInt8 = 12
    public static let minimumLength = 12, maximumLength = 128

    /// The hash of `password`: bcrypt at `cost` over the password's SHA-256 (base64), so no
    /// character is cut off (bcrypt reads 72 bytes at most) and no NUL reaches it. Slow by
    /// design: call it off the event loop.
    public static func hash(_ password: String) -> String { Bcrypt.hash(prehash(password), cost: cost) }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(prehash(password), hash: hash) }

    static func prehash(_ password: String) -> String { Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString() }

    /// A hash that no password matches, verified against when the user does not exist, so an
    /// unknown name costs as long as a wrong password.
    public static let decoy = hash(UUID().uuidString)

    /// Why a password is refused, or nil if it is acceptable: fewer than 12 characters, one
    /// found in the shipped list of common passwords (also with digits or symbols added at its
    /// end, or repeated), the user's own name in it, or fewer than 5 different characters.
    public static func weakness(_ password: String, user: String) -> String? {
        if password.count < minimumLength { return "it has \(password.count) characters; expected at least \(minimumLength)" }
        if password.count > maximumLength { return "it has \(password.count) characters; expected at most \(maximumLength)" }
        let lower = password.lowercased()
        if Set(lower).count < 5 { return "it uses fewer than 5 different characters" }
        if user.count >= 3, lower.contains(user.lowercased()) { return "it contains the user name" }
        let base = String(lower.reversed().drop { !$0.isLetter }.reversed())
        var candidates = [lower, base]
        // A common password typed twice or more ("dragondragon").
        for size in 1...(lower.count / 2) where lower.count % size == 0 {
            let unit = String(lower.prefix(size))
            if String(repeating: unit, count: lower.count / size) == lower { candidates.append(unit) }
        }
        if let match = candidates.first(where: { Passwords.common.contains($0) }) {
            return "it is, or is built on, a common password (\"\(match)\" is in the list of \(Passwords.common.count) most used)"
        }
        return nil
    }

    /// The common passwords shipped with the binary (`Resources/common-passwords.txt`).
    static let common: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("the bundled list of common passwords is missing from the build") }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
    }()
}

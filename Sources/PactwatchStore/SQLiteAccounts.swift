import Crypto
import Foundation
import GRDB

/// Users, sessions, throttling and the audit log in the SQLite file (tables of migration v7).
extension SQLiteStore {
    public func addUser(_ user: User, audit: AuditEntry) async throws {
        try await queue.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [user.name]) == nil else {
                throw StoreError("a user called \(user.name) already exists; nothing was changed")
            }
            try db.execute(
                sql: "INSERT INTO users (name, role, password_hash, disabled, created, changed) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [user.name, user.role.rawValue, user.passwordHash, user.disabled, user.created, user.changed])
            try Self.insert(audit, db)
        }
    }

    public func users() async throws -> [User] {
        try await queue.read { db in
            // A file of a build before accounts, opened read-only, has no users.
            guard try db.tableExists("users") else { return [] }
            return try GRDB.Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(Self.user)
        }
    }

    public func user(named name: String) async throws -> User? {
        try await queue.read { db in
            guard try db.tableExists("users") else { return nil }
            return try GRDB.Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(Self.user)
        }
    }

    public func updateUser(_ user: User, audit: AuditEntry) async throws {
        try await queue.write { db in
            guard let old = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [user.name]).map(Self.user) else {
                throw StoreError("no user is called \(user.name); `pactwatch user list` shows who there is")
            }
            try db.execute(
                sql: "UPDATE users SET role = ?, password_hash = ?, disabled = ?, changed = ? WHERE name = ?",
                arguments: [user.role.rawValue, user.passwordHash, user.disabled, user.changed, user.name])
            if user.disabled || old.passwordHash != user.passwordHash || old.role != user.role {
                try db.execute(sql: "DELETE FROM sessions WHERE user = ?", arguments: [user.name])
            }
            try Self.insert(audit, db)
        }
    }

    public func session(_ key: String, now: Int) async throws -> (value: String, expires: Int)? {
        try await queue.read { db in
            try GRDB.Row.fetchOne(
                db, sql: "SELECT value, expires FROM sessions WHERE key = ? AND expires > ?", arguments: [Self.sessionKey(key), now]
            ).map { ($0["value"], $0["expires"]) }
        }
    }

    public func setSession(_ key: String, value: String, user: String, expires: Int) async throws {
        try await queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO sessions (key, value, user, expires) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, user = excluded.user, expires = excluded.expires",
                arguments: [Self.sessionKey(key), value, user, expires])
            // Expired sessions go as new ones come.
            try db.execute(sql: "DELETE FROM sessions WHERE expires <= ?", arguments: [Int(Date().timeIntervalSince1970)])
        }
    }

    public func removeSession(_ key: String) async throws {
        try await queue.write { db in try db.execute(sql: "DELETE FROM sessions WHERE key = ?", arguments: [Self.sessionKey(key)]) }
    }

    public func removeSessions(of user: String) async throws {
        try await queue.write { db in try db.execute(sql: "DELETE FROM sessions WHERE user = ?", arguments: [user]) }
    }

    public func recordFailure(_ keys: [String], now: Int) async throws -> [String: Int] {
        try await queue.write { db in
            var out: [String: Int] = [:]
            for key in keys {
                let failures = (try Int.fetchOne(db, sql: "SELECT failures FROM throttles WHERE key = ?", arguments: [key]) ?? 0) + 1
                let until = now + Throttle.delay(afterFailures: failures)
                try db.execute(
                    sql:
                        "INSERT INTO throttles (key, failures, until) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, until = excluded.until",
                    arguments: [key, failures, until])
                out[key] = until
            }
            return out
        }
    }

    public func throttledUntil(_ keys: [String], now: Int) async throws -> Int? {
        try await queue.read { db in
            try keys.compactMap { key in try Int.fetchOne(db, sql: "SELECT until FROM throttles WHERE key = ? AND until > ?", arguments: [key, now]) }
                .max()
        }
    }

    public func clearFailures(_ keys: [String]) async throws {
        try await queue.write { db in
            for key in keys { try db.execute(sql: "DELETE FROM throttles WHERE key = ?", arguments: [key]) }
        }
    }

    public func appendAudit(_ entry: AuditEntry) async throws {
        try await queue.write { db in try Self.insert(entry, db) }
    }

    public func audit(since: String?) async throws -> [AuditEntry] {
        try await queue.read { db in
            guard try db.tableExists("audit") else { return [] }
            return try GRDB.Row.fetchAll(db, sql: "SELECT * FROM audit WHERE time >= ? ORDER BY seq", arguments: [since ?? ""]).map { row in
                AuditEntry(
                    sequence: row["seq"], time: row["time"], user: row["user"], address: row["address"],
                    action: AuditEntry.Action(rawValue: row["action"]) ?? .imported, detail: row["detail"])
            }
        }
    }

    static func insert(_ entry: AuditEntry, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO audit (time, user, address, action, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [entry.time, entry.user, entry.address, entry.action.rawValue, entry.detail])
    }

    static func user(_ row: GRDB.Row) -> User {
        User(
            name: row["name"], role: Role(rawValue: row["role"]) ?? .editor, passwordHash: row["password_hash"],
            disabled: row["disabled"], created: row["created"], changed: row["changed"])
    }
}

extension AccountStore {
    /// What the sessions table keys a session by: the SHA-256 of its id, so a copy of the
    /// database (a backup, a leaked dump) holds no session anyone could take over.
    static func sessionKey(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension SQLiteStore {
    public func addProposal(_ proposal: Proposal) async throws -> Int {
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO proposals (author, state, created, changed, reviewer, reason, files) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    proposal.author, proposal.state.rawValue, proposal.created, proposal.changed, proposal.reviewer, proposal.reason,
                    proposal.filesJSON,
                ])
            return Int(db.lastInsertedRowID)
        }
    }

    public func proposal(_ id: Int) async throws -> Proposal? {
        try await queue.read { db in try GRDB.Row.fetchOne(db, sql: "SELECT * FROM proposals WHERE id = ?", arguments: [id]).map(Self.proposal) }
    }

    public func proposals() async throws -> [Proposal] {
        try await queue.read { db in try GRDB.Row.fetchAll(db, sql: "SELECT * FROM proposals ORDER BY id DESC").map(Self.proposal) }
    }

    public func updateProposal(_ proposal: Proposal, expected: Proposal.State, audit: AuditEntry?) async throws {
        try await queue.write { db in try Self.apply(ProposalReview(proposal, expected: expected, audit: audit), db) }
    }

    /// Writes a proposal's change if the review rule allows it (`Proposal.refusal`), in the caller's transaction.
    static func apply(_ review: ProposalReview, _ db: Database) throws {
        let proposal = review.proposal
        guard let old = try GRDB.Row.fetchOne(db, sql: "SELECT * FROM proposals WHERE id = ?", arguments: [proposal.id]).map(Self.proposal) else {
            throw ReviewRefused(description: "there is no proposal \(proposal.id)")
        }
        guard old.state == review.expected else {
            throw ReviewRefused(description: "proposal \(proposal.id) is \(old.state.rawValue) now; reload it")
        }
        if let refusal = proposal.refusal(from: old) { throw refusal }
        try db.execute(
            sql: "UPDATE proposals SET state = ?, changed = ?, reviewer = ?, reason = ?, files = ? WHERE id = ?",
            arguments: [proposal.state.rawValue, proposal.changed, proposal.reviewer, proposal.reason, proposal.filesJSON, proposal.id])
        if let audit = review.audit { try Self.insert(audit, db) }
    }

    static func proposal(_ row: GRDB.Row) -> Proposal {
        Proposal(
            id: row["id"], author: row["author"], state: Proposal.State(rawValue: row["state"]) ?? .draft, created: row["created"],
            changed: row["changed"], reviewer: row["reviewer"], reason: row["reason"], files: Proposal.files(row["files"]))
    }
}

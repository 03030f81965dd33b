import Foundation
import PostgresNIO

/// Users, sessions, throttling and the audit log in PostgreSQL (tables of migration v7), shared
/// by every server on the database: a session made on one is accepted by all.
extension PostgresStore {
    public func addUser(_ user: User, audit: AuditEntry) async throws {
        try await transaction { conn in
            let inserted = try await conn.query(
                """
                INSERT INTO users (name, role, password_hash, disabled, created, changed)
                VALUES (\(user.name), \(user.role.rawValue), \(user.passwordHash), \(user.disabled), \(user.created), \(user.changed))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """, logger: self.logger
            ).collect()
            guard !inserted.isEmpty else { throw StoreError("a user called \(user.name) already exists; nothing was changed") }
            try await Self.insert(audit, conn, self.logger)
        }
    }

    public func users() async throws -> [User] {
        try await connection { conn in try await Self.users(conn, self.logger, name: nil) }
    }

    public func user(named name: String) async throws -> User? {
        try await connection { conn in try await Self.users(conn, self.logger, name: name).first }
    }

    public func updateUser(_ user: User, audit: AuditEntry) async throws {
        try await transaction { conn in
            guard let old = try await Self.users(conn, self.logger, name: user.name, lock: true).first else {
                throw StoreError("no user is called \(user.name); `pactwatch user list` shows who there is")
            }
            try await conn.query(
                """
                UPDATE users SET role = \(user.role.rawValue), password_hash = \(user.passwordHash), disabled = \(user.disabled),
                changed = \(user.changed) WHERE name = \(user.name)
                """, logger: self.logger)
            if user.disabled || old.passwordHash != user.passwordHash || old.role != user.role {
                try await conn.query(#"DELETE FROM sessions WHERE "user" = \#(user.name)"#, logger: self.logger)
            }
            try await Self.insert(audit, conn, self.logger)
        }
    }

    public func session(_ key: String, now: Int) async throws -> (value: String, expires: Int)? {
        try await connection { conn in
            let rows = try await conn.query(
                "SELECT value, expires FROM sessions WHERE key = \(Self.sessionKey(key)) AND expires > \(now)", logger: self.logger)
            for try await (value, expires) in rows.decode((String, Int).self) { return (value, expires) }
            return nil
        }
    }

    public func setSession(_ key: String, value: String, user: String, expires: Int) async throws {
        let now = Int(Date().timeIntervalSince1970)
        try await connection { conn in
            try await conn.query(
                #"""
                INSERT INTO sessions (key, value, "user", expires) VALUES (\#(Self.sessionKey(key)), \#(value), \#(user), \#(expires))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, "user" = excluded."user", expires = excluded.expires
                """#, logger: self.logger)
            try await conn.query("DELETE FROM sessions WHERE expires <= \(now)", logger: self.logger)
        }
    }

    public func removeSession(_ key: String) async throws {
        try await connection { conn in _ = try await conn.query("DELETE FROM sessions WHERE key = \(Self.sessionKey(key))", logger: self.logger) }
    }

    public func removeSessions(of user: String) async throws {
        try await connection { conn in _ = try await conn.query(#"DELETE FROM sessions WHERE "user" = \#(user)"#, logger: self.logger) }
    }

    public func recordFailure(_ keys: [String], now: Int) async throws -> [String: Int] {
        try await transaction { conn in
            var out: [String: Int] = [:]
            for key in keys {
                // One statement per key: two servers counting failures at once both count.
                let rows = try await conn.query(
                    """
                    INSERT INTO throttles (key, failures, until) VALUES (\(key), 1, \(now))
                    ON CONFLICT (key) DO UPDATE SET failures = throttles.failures + 1 RETURNING failures
                    """, logger: self.logger)
                var failures = 1
                for try await n in rows.decode(Int.self) { failures = n }
                let until = now + Throttle.delay(afterFailures: failures)
                try await conn.query("UPDATE throttles SET until = \(until) WHERE key = \(key)", logger: self.logger)
                out[key] = until
            }
            return out
        }
    }

    public func throttledUntil(_ keys: [String], now: Int) async throws -> Int? {
        try await connection { conn in
            var latest: Int?
            let rows = try await conn.query("SELECT until FROM throttles WHERE key = ANY(\(keys)) AND until > \(now)", logger: self.logger)
            for try await until in rows.decode(Int.self) { latest = max(latest ?? until, until) }
            return latest
        }
    }

    public func clearFailures(_ keys: [String]) async throws {
        try await connection { conn in _ = try await conn.query("DELETE FROM throttles WHERE key = ANY(\(keys))", logger: self.logger) }
    }

    public func appendAudit(_ entry: AuditEntry) async throws {
        try await connection { conn in try await Self.insert(entry, conn, self.logger) }
    }

    public func audit(since: String?) async throws -> [AuditEntry] {
        try await connection { conn in
            let rows = try await conn.query(
                #"SELECT seq, time, "user", address, action, detail FROM audit WHERE time >= \#(since ?? "") ORDER BY seq"#, logger: self.logger)
            var out: [AuditEntry] = []
            for try await (seq, time, user, address, action, detail) in rows.decode((Int, String, String, String, String, String).self) {
                out.append(
                    AuditEntry(
                        sequence: seq, time: time, user: user, address: address, action: AuditEntry.Action(rawValue: action) ?? .imported,
                        detail: detail))
            }
            return out
        }
    }

    static func insert(_ entry: AuditEntry, _ conn: PostgresConnection, _ logger: Logger) async throws {
        try await conn.query(
            #"""
            INSERT INTO audit (time, "user", address, action, detail)
            VALUES (\#(entry.time), \#(entry.user), \#(entry.address), \#(entry.action.rawValue), \#(entry.detail))
            """#, logger: logger)
    }

    static func users(_ conn: PostgresConnection, _ logger: Logger, name: String?, lock: Bool = false) async throws -> [User] {
        let rows =
            if let name {
                try await conn.query(
                    "SELECT name, role, password_hash, disabled, created, changed FROM users WHERE name = \(name)\(unescaped: lock ? " FOR UPDATE" : "")",
                    logger: logger)
            } else {
                try await conn.query("SELECT name, role, password_hash, disabled, created, changed FROM users ORDER BY name", logger: logger)
            }
        var out: [User] = []
        for try await (name, role, hash, disabled, created, changed) in rows.decode((String, String, String, Bool, String, String).self) {
            out.append(
                User(name: name, role: Role(rawValue: role) ?? .editor, passwordHash: hash, disabled: disabled, created: created, changed: changed))
        }
        return out
    }
}

extension PostgresStore {
    public func addProposal(_ proposal: Proposal) async throws -> Int {
        try await connection { conn in
            let rows = try await conn.query(
                """
                INSERT INTO proposals (author, state, created, changed, reviewer, reason, files)
                VALUES (\(proposal.author), \(proposal.state.rawValue), \(proposal.created), \(proposal.changed), \(proposal.reviewer), \(proposal.reason), \(proposal.filesJSON))
                RETURNING id
                """, logger: self.logger)
            for try await id in rows.decode(Int.self) { return id }
            throw StoreError("PostgreSQL returned no id for the new proposal")
        }
    }

    public func proposal(_ id: Int) async throws -> Proposal? {
        try await connection { conn in try await Self.proposals(conn, self.logger, id: id).first }
    }

    public func proposals() async throws -> [Proposal] {
        try await connection { conn in try await Self.proposals(conn, self.logger, id: nil) }
    }

    public func updateProposal(_ proposal: Proposal, expected: Proposal.State, audit: AuditEntry?) async throws {
        try await transaction { conn in try await self.apply(ProposalReview(proposal, expected: expected, audit: audit), conn) }
    }

    /// Writes a proposal's change if the review rule allows it (`Proposal.refusal`), in the caller's transaction.
    func apply(_ review: ProposalReview, _ conn: PostgresConnection) async throws {
        let proposal = review.proposal
        guard let old = try await Self.proposals(conn, self.logger, id: proposal.id, lock: true).first else {
            throw ReviewRefused(description: "there is no proposal \(proposal.id)")
        }
        guard old.state == review.expected else {
            throw ReviewRefused(description: "proposal \(proposal.id) is \(old.state.rawValue) now; reload it")
        }
        if let refusal = proposal.refusal(from: old) { throw refusal }
        try await conn.query(
            """
            UPDATE proposals SET state = \(proposal.state.rawValue), changed = \(proposal.changed), reviewer = \(proposal.reviewer),
            reason = \(proposal.reason), files = \(proposal.filesJSON) WHERE id = \(proposal.id)
            """, logger: self.logger)
        if let audit = review.audit { try await Self.insert(audit, conn, self.logger) }
    }

    static func proposals(_ conn: PostgresConnection, _ logger: Logger, id: Int?, lock: Bool = false) async throws -> [Proposal] {
        let columns = "id, author, state, created, changed, reviewer, reason, files"
        let rows =
            if let id {
                try await conn.query(
                    "SELECT \(unescaped: columns) FROM proposals WHERE id = \(id)\(unescaped: lock ? " FOR UPDATE" : "")", logger: logger)
            } else {
                try await conn.query("SELECT \(unescaped: columns) FROM proposals ORDER BY id DESC", logger: logger)
            }
        var out: [Proposal] = []
        for try await (id, author, state, created, changed, reviewer, reason, files) in rows.decode(
            (Int, String, String, String, String, String, String, String).self)
        {
            out.append(
                Proposal(
                    id: id, author: author, state: Proposal.State(rawValue: state) ?? .draft, created: created, changed: changed, reviewer: reviewer,
                    reason: reason, files: Proposal.files(files)))
        }
        return out
    }
}

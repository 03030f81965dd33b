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

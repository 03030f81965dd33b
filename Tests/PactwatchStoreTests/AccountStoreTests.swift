import Foundation
import Testing

@testable import PactwatchStore

@Suite("Accounts: users, sessions, throttling, audit")
struct AccountStoreTests {
    static let hash = Passwords.hash("Tide-Pool-Lantern-42")

    func user(_ name: String, _ role: Role) -> User {
        User(name: name, role: role, passwordHash: Self.hash, created: "2026-12-01T10:00:00Z", changed: "2026-12-01T10:00:00Z")
    }

    @Test("a user is added once, read back, changed with its audit entry; a second server sees it all", arguments: Engine.enabled)
    func users(_ engine: Engine) async throws {
        let location = try await engine.freshLocation()
        try await engine.open(location) { opened in
            let store = try #require(opened as? any Store & AccountStore)
            try await store.addUser(
                user("anna", .reviewer), audit: AuditEntry(time: "2026-12-01T10:00:00Z", user: "anna", address: "cli", action: .userAdded))
            await #expect(throws: StoreError.self) {
                try await store.addUser(
                    user("anna", .editor), audit: AuditEntry(time: "2026-12-01T10:00:01Z", user: "anna", address: "cli", action: .userAdded))
            }
            var anna = try #require(try await store.user(named: "anna"))
            #expect(anna.role == .reviewer && !anna.disabled && Passwords.verify("Tide-Pool-Lantern-42", hash: anna.passwordHash))
            anna.role = .admin
            try await store.updateUser(anna, audit: AuditEntry(time: "2026-12-01T11:00:00Z", user: "anna", address: "cli", action: .roleChanged))
        }
        // Another handle, as another server would open it.
        try await engine.open(location) { opened in
            let store = try #require(opened as? any Store & AccountStore)
            #expect(try await store.users().map(\.name) == ["anna"])
            #expect(try await store.user(named: "anna")?.role == .admin)
            #expect(try await store.user(named: "nobody") == nil)
            // The refused second add left no entry.
            #expect(try await store.audit(since: nil).map(\.action) == [.userAdded, .roleChanged])
            #expect(try await store.audit(since: "2026-12-01T10:30").map(\.action) == [.roleChanged])
        }
    }

    @Test("sessions are stored under a hash of their id, expire, and end when their user is disabled", arguments: Engine.enabled)
    func sessions(_ engine: Engine) async throws {
        let location = try await engine.freshLocation()
        try await engine.open(location) { opened in
            let store = try #require(opened as? any Store & AccountStore)
            try await store.addUser(
                user("boris", .editor), audit: AuditEntry(time: "2026-12-01T10:00:00Z", user: "boris", address: "cli", action: .userAdded))
            let far = Int(Date().timeIntervalSince1970) + 3600
            try await store.setSession("pw.one", value: #"{"user":"boris"}"#, user: "boris", expires: far)
            try await store.setSession("pw.two", value: #"{"user":"boris"}"#, user: "boris", expires: far)
            try await store.setSession("pw.gone", value: "{}", user: "", expires: far - 7200)
            #expect(try await store.session("pw.one", now: far - 3600)?.value == #"{"user":"boris"}"#)
            // Expired: not answered (and swept by the next write).
            #expect(try await store.session("pw.gone", now: far - 3600) == nil)
            #expect(try await store.session("pw.one", now: far) == nil)
        }
        try await engine.open(location) { opened in
            let store = try #require(opened as? any Store & AccountStore)
            // Another server reads the same session; the id itself is not stored.
            #expect(try await store.session("pw.two", now: 0)?.value == #"{"user":"boris"}"#)
            if engine == .sqlite, let sqlite = store as? SQLiteStore {
                #expect(try await sqlite.string(sql: "SELECT count(*) FROM sessions WHERE key LIKE 'pw.%'") == "0")
            }
            var boris = try #require(try await store.user(named: "boris"))
            boris.disabled = true
            try await store.updateUser(boris, audit: AuditEntry(time: "2026-12-01T12:00:00Z", user: "boris", address: "cli", action: .userDisabled))
            #expect(try await store.session("pw.one", now: 0) == nil)
            #expect(try await store.session("pw.two", now: 0) == nil)
            // A new password ends every session too.
            boris.disabled = false
            try await store.updateUser(boris, audit: AuditEntry(time: "2026-12-01T12:01:00Z", user: "boris", address: "cli", action: .userEnabled))
            try await store.setSession("pw.three", value: "{}", user: "boris", expires: Int(Date().timeIntervalSince1970) + 60)
            boris.passwordHash = Passwords.hash("Glass-Orchard-Comet-7")
            try await store.updateUser(
                boris, audit: AuditEntry(time: "2026-12-01T12:02:00Z", user: "boris", address: "cli", action: .passwordChanged))
            #expect(try await store.session("pw.three", now: 0) == nil)
        }
    }

    @Test("sign-in throttling: five failures are free, then waits double up to 15 minutes; success forgets them", arguments: Engine.enabled)
    func throttling(_ engine: Engine) async throws {
        #expect((0..<5).map(Throttle.delay(afterFailures:)) == [0, 0, 0, 0, 0])
        #expect(Throttle.delay(afterFailures: 5) == 30 && Throttle.delay(afterFailures: 6) == 60 && Throttle.delay(afterFailures: 12) == 900)
        try await engine.withStore { opened in
            let store = try #require(opened as? any Store & AccountStore)
            let keys = ["user:anna", "address:192.0.2.7"]
            let now = 1_800_000_000
            for i in 1...4 { #expect(try await store.recordFailure(keys, now: now + i) == ["user:anna": now + i, "address:192.0.2.7": now + i]) }
            #expect(try await store.throttledUntil(keys, now: now + 4) == nil)
            #expect(try await store.recordFailure(keys, now: now + 5)["user:anna"] == now + 5 + 30)
            #expect(try await store.throttledUntil(keys, now: now + 6) == now + 35)
            #expect(try await store.throttledUntil(["user:other"], now: now + 6) == nil)
            #expect(try await store.throttledUntil(keys, now: now + 35) == nil)
            try await store.clearFailures(["user:anna"])
            #expect(try await store.recordFailure(["user:anna"], now: now + 40)["user:anna"] == now + 40)
            // The address kept its count: its sixth failure waits a minute.
            #expect(try await store.recordFailure(["address:192.0.2.7"], now: now + 40)["address:192.0.2.7"] == now + 100)
        }
    }

    @Test("passwords: under 12 characters, common ones (also with digits added or repeated), the user's name, few characters are refused")
    func passwordRules() {
        #expect(Passwords.weakness("short", user: "anna")?.contains("expected at least 12") == true)
        #expect(Passwords.weakness("password1234", user: "anna")?.contains("common password") == true)
        #expect(Passwords.weakness("sunshine2024!", user: "anna")?.contains("\"sunshine\"") == true)
        #expect(Passwords.weakness("monkeymonkeymonkey", user: "anna")?.contains("\"monkey\"") == true)
        #expect(Passwords.weakness("anna-rides-a-bike", user: "anna")?.contains("user name") == true)
        #expect(Passwords.weakness("aaaaabbbbbbbb", user: "x")?.contains("5 different") == true)
        #expect(Passwords.weakness("Tide-Pool-Lantern-42", user: "anna") == nil)
        #expect(Passwords.common.count > 20_000 && Passwords.common.contains("qwerty123456"))
        // bcrypt at cost 12: the hash says so, and only the password verifies.
        let hash = Passwords.hash("Tide-Pool-Lantern-42")
        #expect(
            hash.hasPrefix("$2b$12$") && Passwords.verify("Tide-Pool-Lantern-42", hash: hash) && !Passwords.verify("Tide-Pool-Lantern-43", hash: hash)
        )
        // Nothing is cut off: passwords equal in their first 72 bytes (bcrypt's limit) still differ.
        let long = String(repeating: "Lantern-", count: 10)
        let longHash = Passwords.hash(long + "A")
        #expect(Passwords.verify(long + "A", hash: longHash) && !Passwords.verify(long + "B", hash: longHash))
        #expect(Passwords.weakness(String(repeating: "Tide-Pool-", count: 13), user: "anna")?.contains("at most 128") == true)
    }
}

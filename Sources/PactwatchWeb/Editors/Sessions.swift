import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore
import PactwatchStore

/// The request context of every route: the public pages ignore its session, the editors' pages
/// (`/editor/…`, behind `SessionMiddleware`) read and change it.
public struct SiteContext: SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<EditorSession>
    /// The client's address, for throttling and the audit log ("unknown" in router tests).
    public let address: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms are small: 1 MB is a generous proposal (`413` beyond it).
    public var maxUploadSize: Int { EditorSession.maximumBody }
}

/// What a session holds: the CSRF token its forms carry, and once signed in, who and since when.
public struct EditorSession: Codable, Sendable, Equatable {
    /// Empty before sign-in (a visitor of the sign-in form).
    public var user: String
    public var csrf: String
    /// Unix seconds: when it was created (for the 7-day limit) and last used (idle expiry is
    /// refreshed at most once a minute, so a page view is not a database write).
    public var created: Int
    public var seen: Int

    /// Sessions end after 8 hours without use, and 7 days after sign-in in any case.
    public static let idle = 8 * 3600
    public static let lifetime = 7 * 24 * 3600
    /// The largest form body taken.
    public static let maximumBody = 1 << 20

    public init(user: String, now: Int) {
        self.user = user; csrf = EditorSession.token(); created = now; seen = now
    }

    /// 32 random bytes, URL-safe base64: a session id or a CSRF token.
    public static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// hummingbird-auth's session storage over the database (`AccountStore`), so every server on
/// one PostgreSQL accepts the same session. Ids are stored hashed.
struct DatabasePersist: PersistDriver {
    let accounts: any AccountStore

    static func now() -> Int { Int(Date().timeIntervalSince1970) }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard try await accounts.session(key, now: Self.now()) == nil else { throw PersistError.duplicate }
        try await set(key: key, value: value, expires: expires)
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let user = (value as? EditorSession)?.user ?? ""
        let ttl = Int(expires?.components.seconds ?? Int64(EditorSession.idle))
        try await accounts.setSession(key, value: String(decoding: data, as: UTF8.self), user: user, expires: Self.now() + ttl)
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let now = Self.now()
        guard let (value, expires) = try await accounts.session(key, now: now) else { return nil }
        do {
            return (try JSONDecoder().decode(Object.self, from: Data(value.utf8)), .seconds(expires - now))
        } catch {
            throw PersistError.invalidConversion
        }
    }

    func remove(key: String) async throws { try await accounts.removeSession(key) }
}

/// How the session cookie is set: `__Host-`-prefixed, Secure, HttpOnly, SameSite=Strict; with
/// `insecure` (plain http on loopback, for development) it drops the prefix and Secure, which
/// browsers demand over https only.
public struct SessionCookie: Sendable {
    public var insecure: Bool
    public init(insecure: Bool = false) { self.insecure = insecure }

    var name: String { insecure ? "pactwatch-session" : "__Host-pactwatch-session" }
    static let keyPrefix = "pactwatch.session."

    var configuration: SessionMiddlewareConfiguration {
        SessionMiddlewareConfiguration(
            sessionCookieParameters: .init(name: name, path: "/", secure: !insecure, sameSite: .strict), keyPrefix: Self.keyPrefix,
            defaultSessionExpiration: .seconds(EditorSession.idle))
    }
}

import Foundation
import PactwatchFixtures
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A raw TCP client on loopback: what a slow or idle client does with the server's sockets.
struct RawClient {
    let fd: Int32

    init?(port: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { Glibc.close(fd); return nil }
    }

    func send(_ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

    /// Whether the server closed the connection within `seconds` (a read gives end of file or an error).
    func closedByServer(within seconds: Double) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(seconds * 1000)) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
    }

    func close() { _ = Glibc.close(fd) }
}

@Suite("pactwatch serve under idle and slow clients", .serialized)
struct ConnectionTests {
    @Test("with 300 idle and slowloris clients holding every slot, a normal client is still served; the slow ones are cut off")
    func slowClients() async throws {
        let db = try scratch().appendingPathComponent("c.sqlite").path
        #expect(try await CLI.run(["import", validFixture, "--db", db]).status == 0)
        let server = try await Server.start(db: db, options: ["--max-connections", "40", "--header-timeout", "1", "--idle-timeout", "2"])
        defer { _ = server.stop() }
        let port = Int(server.base.split(separator: ":").last!)!
        // 150 connect and say nothing; 150 send a request head they never finish, a byte at a time.
        let idle = (0..<150).compactMap { _ in RawClient(port: port) }
        let slow = (0..<150).compactMap { _ in RawClient(port: port) }
        for client in slow { client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
        let trickling = Thread {
            for _ in 0..<40 {
                for client in slow { client.send("a") }
                usleep(250_000)
            }
        }
        trickling.start()
        // Served once the slots the slow clients hold are freed by the timeouts (a bound, not a benchmark).
        let start = Date()
        var answer: String?
        while answer == nil, Date().timeIntervalSince(start) < 60 {
            answer = await Server.get(server.base + "/api/v1/status")
        }
        #expect(answer?.contains("\"obligations\"") == true, "a normal client was not served while slow ones held the server")
        // Every slow and idle client is closed by the server, not left holding a descriptor.
        let cut = (idle + slow).filter { $0.closedByServer(within: 20) }.count
        #expect(cut == idle.count + slow.count, "\(cut) of \(idle.count + slow.count) slow or idle connections were closed by the server")
        for client in idle + slow { client.close() }
        // And the server serves as before.
        #expect(await Server.get(server.base + "/api/v1/status")?.contains("\"obligations\"") == true)
    }

    @Test(
        "serve refuses limits out of range with a message naming the option",
        arguments: [
            (["--max-connections", "0"], "--max-connections 0 is out of range"),
            (["--header-timeout", "0"], "--header-timeout 0.0 is out of range"),
            (["--idle-timeout=-3"], "--idle-timeout -3.0 is out of range"),
        ])
    func badLimits(_ options: [String], _ message: String) async throws {
        let r = try await CLI.run(["serve", "--db", try scratch().appendingPathComponent("x.sqlite").path] + options)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }
}

/// A TCP relay (Debian's socat) between the server and PostgreSQL, which a test can freeze:
/// every byte in flight and every new connection then waits, as when a database host hangs.
final class FreezableRelay {
    let port: Int
    private let process: Process

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/socat") }

    init(to host: String, _ upstream: Int) throws {
        port = try Server.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
        process.arguments = ["TCP-LISTEN:\(port),bind=127.0.0.1,fork,reuseaddr", "TCP:\(host):\(upstream)"]
        try process.run()
        // Listening once a connection is taken.
        for _ in 0..<100 {
            if let probe = RawClient(port: port) { probe.close(); break }
            usleep(20_000)
        }
    }

    /// Stops (or resumes) the relay and every connection it forked.
    func signal(_ sig: Int32) {
        let children = Process()
        children.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        children.arguments = ["-\(sig)", "-P", String(process.processIdentifier)]
        try? children.run()
        children.waitUntilExit()
        kill(process.processIdentifier, sig)
    }

    /// Ends the relay: SIGKILL, as a process started by the test runner may have SIGTERM blocked.
    func stop() {
        signal(SIGKILL)
        process.waitUntilExit()
    }
}

@Suite("pactwatch serve when PostgreSQL stops answering", .serialized)
struct OutageServeTests {
    /// The body and status of a GET, waiting at most `seconds` (without holding a thread).
    func get(_ url: String, within seconds: Double) async -> (Int, String)? {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = seconds
        return await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, _ in
                guard let data, let status = (response as? HTTPURLResponse)?.statusCode else { return continuation.resume(returning: nil) }
                continuation.resume(returning: (status, String(decoding: data, as: UTF8.self)))
            }.resume()
        }
    }

    @Test(
        "pages and the API are answered from the loaded record while the database hangs, and the log says so",
        .enabled(if: TestPostgres.enabled && FreezableRelay.available, "needs a PostgreSQL test server and Debian's socat"))
    func frozenDatabase() async throws {
        let direct = try await TestPostgres.freshDatabase()
        #expect(try await CLI.run(["import", validFixture, "--db", direct]).status == 0)
        var address = URLComponents(string: direct)!
        let relay = try FreezableRelay(to: address.host ?? "127.0.0.1", address.port ?? 5432)
        defer { relay.stop() }
        address.host = "127.0.0.1"
        address.port = relay.port
        let server = try await Server.start(db: address.string!)
        let before = await get(server.base + "/api/v1/status?as_of=2023-06-30", within: 30)
        #expect(before?.0 == 200)
        relay.signal(SIGSTOP)
        // Past the server's one-second freshness, so the next reads ask the frozen database.
        try await Task.sleep(for: .milliseconds(1500))
        // Every answer within a few seconds (a liveness bound: the database never answers), the same figures.
        for path in ["/api/v1/status?as_of=2023-06-30", "/", "/commitments/gas", "/api/v1/events?limit=2", "/?as_of=2022-12-31"] {
            let answer = await get(server.base + path, within: 15)
            #expect(answer?.0 == 200, "\(path) was not answered while the database hung")
            if path.hasPrefix("/api/v1/status") { #expect(answer?.1 == before?.1) }
        }
        relay.signal(SIGCONT)
        let (_, log) = server.stop()
        #expect(log.contains("serving the snapshot already loaded until it answers"), "\(log.suffix(2000))")
    }
}

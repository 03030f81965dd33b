import Foundation
import Hummingbird
import HummingbirdTesting
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import PactwatchStore
import Testing

@testable import PactwatchWeb

/// Feeds carry the news: a claim or a commitment entered after the record was loaded is an entry
/// of its own, on top, stamped when it was entered; each language and each saved search has a
/// feed of its own.
@Suite("Feeds that carry the news")
struct FeedTests {
    /// Each entry of a feed: its id, `<published>` and `<updated>`, in the feed's order.
    static func entries(_ xml: String) -> [(id: String, published: String, updated: String)] {
        xml.components(separatedBy: "<entry>").dropFirst().map { entry in
            func value(_ tag: String) -> String {
                entry.components(separatedBy: "<\(tag)>").dropFirst().first.map { String($0.prefix { $0 != "<" }) } ?? ""
            }
            return (value("id"), value("published"), value("updated"))
        }
    }

    @Test("a claim and a commitment added by a later import lead the whole record's feed, with when they were entered")
    func newClaimInFeed() async throws {
        let (site, store) = try await makeSite([bundled()])
        let d = try DatasetFolder.read(bundled()).dataset
        let folder = Fixtures.scratchFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = d.sources[0].id, instrument = d.instruments[0].id
        try """
        id,date,speaker,speaker_role,scope,statement,value,sources\r
        claim-feed-test,2023-03-01,Ivan Testov,Minister,,Ninety percent of the gas programme is done.,90,\(source)\r

        """.write(to: folder.appendingPathComponent("claims.csv"), atomically: true, encoding: .utf8)
        try """
        id,instrument,title,area,mode,deadline,sources\r
        commitment-feed-test,\(instrument),A pipeline regulation to adopt,energy,joint,2027,\(source)\r

        """.write(to: folder.appendingPathComponent("commitments.csv"), atomically: true, encoding: .utf8)
        let later = Date().addingTimeInterval(3600)
        _ = try await Importer.run(DatasetFolder.read(folder), into: store, now: later)
        let stamp = Importer.timestamp(later)
        try await Application(router: buildRouter(site)).test(.router) { client in
            let feed = try await client.execute(uri: "/changes.atom", method: .get).text
            let entries = FeedTests.entries(feed)
            #expect(entries.count == Feeds.entries)
            // Entered last, so first: both new entries, stamped with the second import's time.
            #expect(Set(entries.prefix(2).map(\.id)) == ["urn:pactwatch:claim:claim-feed-test", "urn:pactwatch:commitment:commitment-feed-test"])
            #expect(entries.prefix(2).allSatisfy { $0.published == stamp && $0.updated == stamp })
            // Everything else was entered by the first import, before.
            #expect(entries.dropFirst(2).allSatisfy { $0.published < stamp && !$0.published.isEmpty && $0.updated >= $0.published })
            #expect(feed.contains("<updated>\(stamp)</updated><author>"))
            // The feed carries the record's claims beside its events.
            #expect(
                entries.contains { $0.id.hasPrefix("urn:pactwatch:claim:claim-2") } && entries.contains { $0.id.hasPrefix("urn:pactwatch:event:") })
            // The area's feed has the new commitment; another area's does not.
            #expect(try await client.execute(uri: "/areas/energy/changes.atom", method: .get).text.contains("commitment-feed-test"))
            #expect(!(try await client.execute(uri: "/areas/customs/changes.atom", method: .get).text.contains("commitment-feed-test")))
            // A saved search follows what its words find.
            let search = try await client.execute(uri: "/search/changes.atom?q=pipeline", method: .get)
            #expect(search.status == .ok && search.text.contains("urn:pactwatch:commitment:commitment-feed-test"))
            #expect(
                search.text.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"http://example.test/search/changes.atom?q=pipeline\"/>")
            )
            #expect(try await client.execute(uri: "/search/changes.atom", method: .get).status == .badRequest)
            // The search page offers it.
            #expect(try await client.execute(uri: "/search?q=pipeline", method: .get).text.contains("href=\"/search/changes.atom?q=pipeline\""))
        }
    }

    @Test("the Russian feed is a feed of its own, in Russian")
    func perLanguage() async throws {
        let (site, _) = try await makeSite([bundled()])
        try await Application(router: buildRouter(site)).test(.router) { client in
            let en = try await client.execute(uri: "/changes.atom", method: .get).text
            let ru = try await client.execute(uri: "/changes.atom?lang=ru", method: .get).text
            let id = { (xml: String) in xml.components(separatedBy: "<id>")[1].prefix { $0 != "<" } }
            #expect(id(en) == "urn:pactwatch:feed:/changes.atom" && id(ru) == "urn:pactwatch:feed:/changes.atom?lang=ru")
            #expect(ru.contains("xml:lang=\"ru\"") && ru.contains("Заявление"))
            #expect(ru.contains("href=\"http://example.test/changes.atom?lang=ru\""))
        }
    }

    @Test("search pages: the total of every match, pages of them, the matched words marked")
    func searchPaging() async throws {
        let (site, store) = try await makeSite([bundled()])
        let total = try await store.search("газ", limit: 1000, offset: 0)
        #expect(total.total == total.hits.count && total.total > 0)
        let all = try await store.search("the", limit: 1000, offset: 0)
        #expect(all.total > SearchPage.limit, "the test needs more matches than a page holds")
        try await Application(router: buildRouter(site)).test(.router) { client in
            let first = try await client.execute(uri: "/search?q=the", method: .get).text
            #expect(first.contains("data-total=\"\(all.total)\"") && first.contains("1–\(SearchPage.limit) of \(all.total)"))
            #expect(first.contains("rel=\"next\" href=\"/search?q=the&amp;page=2\"") && first.contains("<mark>"))
            let second = try await client.execute(uri: "/search?q=the&page=2", method: .get).text
            #expect(second.contains("\(SearchPage.limit + 1)–") && second.contains("rel=\"prev\""))
            #expect(try await client.execute(uri: "/search?q=the&page=0", method: .get).status == .badRequest)
            // Russian words find Russian titles; kinds are named in Russian.
            let ru = try await client.execute(uri: "/search?q=%D0%B3%D0%B0%D0%B7&lang=ru", method: .get).text
            #expect(ru.contains("data-total=\"\(total.total)\"") && ru.contains("<span class=\"kind\">обязательство</span>"))
            // The API says the same total, and pages by offset.
            let api =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await client.execute(uri: "/api/v1/search?q=the&limit=10&offset=10", method: .get).body)) as! [String: Any]
            #expect(api["total"] as? Int == all.total && (api["items"] as? [Any])?.count == 10)
        }
    }
}

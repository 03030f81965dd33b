import Foundation
import PactwatchCore
import Testing

@testable import PactwatchData

/// One kind of bad input: how to break the valid fixture, and where the message must point.
struct BadInput: CustomTestStringConvertible, Sendable {
    let name: String
    let file: String
    let old: String
    let new: String
    let location: String
    let message: String

    var testDescription: String { name }
}

let badInputs: [BadInput] = [
    BadInput(
        name: "an unknown claim unit", file: "claims.csv", old: ",s1,programmes", new: ",s1,percent",
        location: "claims.csv:3:unit", message: "unknown unit \"percent\"; expected one of: programmes, measures, tasks, acts, other"),
    BadInput(
        name: "a unit with no count", file: "claims.csv", old: ",60,,,s2,", new: ",60,,,s2,tasks",
        location: "claims.csv:2:unit", message: "the claim gives neither"),
    BadInput(
        name: "a misspelt translation column", file: "claims.csv", old: "statement_ru", new: "statement_russian",
        location: "claims.csv:1:statement_russian", message: "or speaker_xx, speaker_role_xx, statement_xx for a translation"),
    BadInput(
        name: "unknown column", file: "parties.csv", old: "id,name,name_ru,kind", new: "id,name,name_ru,kind,colour",
        location: "parties.csv:1:colour", message: "unknown column \"colour\""),
    BadInput(
        name: "missing required column", file: "acts.csv", old: "id,kind,title,", new: "id,kind,label,",
        location: "acts.csv:1:title", message: "missing required column \"title\""),
    BadInput(
        name: "malformed id", file: "acts.csv", old: "ru-law,law", new: "ru law,law",
        location: "acts.csv:2:id", message: "malformed id \"ru law\""),
    BadInput(
        name: "duplicate id", file: "claims.csv", old: "k2,2023", new: "k1,2023",
        location: "claims.csv:3:id", message: "duplicate id \"k1\"; first used on line 2"),
    BadInput(
        name: "impossible date", file: "events.csv", old: "e3,2022-09-01", new: "e3,2022-13-45",
        location: "events.csv:5:date", message: "impossible date \"2022-13-45\""),
    BadInput(
        name: "impossible day of a month", file: "commitments.csv", old: ",2022-07,", new: ",2022-02-30,",
        location: "commitments.csv:2:deadline", message: "impossible date"),
    BadInput(
        name: "unknown stage", file: "events.csv", old: "in_preparation", new: "drafted",
        location: "events.csv:2:stage", message: "unknown stage \"drafted\"; expected one of: not_started"),
    BadInput(
        name: "unknown instrument kind (after a multi-line field)", file: "instruments.csv", old: "programme,programme,", new: "programme,progamme,",
        location: "instruments.csv:5:kind", message: "unknown kind \"progamme\""),
    BadInput(
        name: "unknown mode", file: "commitments.csv", old: "energy,joint", new: "energy,both",
        location: "commitments.csv:3:mode", message: "unknown mode \"both\""),
    BadInput(
        name: "unknown confidence", file: "instruments.csv", old: ",s1,low,", new: ",s1,unsure,",
        location: "instruments.csv:5:confidence", message: "unknown confidence \"unsure\""),
    BadInput(
        name: "a stage and a deadline on one event", file: "events.csv", old: "e4,2022-10-01,oil,,,2024", new: "e4,2022-10-01,oil,,adopted,2024",
        location: "events.csv:6:deadline", message: "never both"),
    BadInput(
        name: "an event with neither stage nor deadline that retracts nothing", file: "events.csv", old: "wrong party,e5", new: "wrong party,",
        location: "events.csv:8:stage", message: "retracts nothing"),
    BadInput(
        name: "unknown instrument", file: "commitments.csv", old: "gas,programme,", new: "gas,programmes,",
        location: "commitments.csv:2:instrument", message: "unknown instrument \"programmes\""),
    BadInput(
        name: "unknown parent", file: "instruments.csv", old: ",treaty,2021-11-04", new: ",treaty-x,2021-11-04",
        location: "instruments.csv:3:parent", message: "unknown instrument \"treaty-x\""),
    BadInput(
        name: "unknown commitment", file: "events.csv", old: "e3,2022-09-01,oil,", new: "e3,2022-09-01,oil2,",
        location: "events.csv:5:commitment", message: "unknown commitment \"oil2\""),
    BadInput(
        name: "unknown party", file: "acts.csv", old: "law,Russian gas law,RU,", new: "law,Russian gas law,XX,",
        location: "acts.csv:2:party", message: "unknown party \"XX\""),
    BadInput(
        name: "unknown act", file: "events.csv", old: ",ru-law,", new: ",ru-law2,",
        location: "events.csv:7:act", message: "unknown act \"ru-law2\""),
    BadInput(
        name: "unknown source", file: "claims.csv", old: ",60,,,s2", new: ",60,,,s9",
        location: "claims.csv:2:sources", message: "unknown source \"s9\""),
    BadInput(
        name: "unknown retracted event", file: "events.csv", old: "wrong party,e5", new: "wrong party,e55",
        location: "events.csv:8:retracts", message: "unknown event \"e55\""),
    BadInput(
        name: "a retracted event of another commitment", file: "events.csv", old: "wrong party,e5", new: "wrong party,e3",
        location: "events.csv:8:retracts", message: "retracts \"e3\", an event of commitment \"oil\"; expected an event of \"gas\""),
    BadInput(
        name: "a party that does not owe the commitment", file: "events.csv", old: "gas,RU,in_preparation", new: "gas,UNION,in_preparation",
        location: "events.csv:2:party", message: "party \"UNION\" does not owe commitment \"gas\"; expected one of: RU, BY"),
    BadInput(
        name: "a party on a joint commitment's stage event", file: "events.csv", old: "oil,,adopted", new: "oil,RU,adopted",
        location: "events.csv:5:party", message: "is joint"),
    BadInput(
        name: "a mode-each stage event with no party", file: "events.csv", old: "gas,RU,in_preparation", new: "gas,,in_preparation",
        location: "events.csv:2:party", message: "needs the party that acted"),
    BadInput(
        name: "instrument parent cycle", file: "instruments.csv", old: "treaty,treaty,Treaty,Договор,,",
        new: "treaty,treaty,Treaty,Договор,programme,",
        location: "instruments.csv:2:parent", message: "instrument parents form a cycle: treaty → programme → decree → treaty"),
    BadInput(
        name: "a non-http URL", file: "sources.csv", old: "http://example.org/news?id=1", new: "ftp://example.org/x",
        location: "sources.csv:3:url", message: "not an http or https URL"),
    BadInput(
        name: "a script URL", file: "sources.csv", old: "https://example.org/decree", new: "javascript:alert(1)",
        location: "sources.csv:2:url", message: "not an http or https URL"),
    BadInput(
        name: "weight zero", file: "commitments.csv", old: ",0.5,s2", new: ",0,s2",
        location: "commitments.csv:4:weight", message: "not positive"),
    BadInput(
        name: "weight negative", file: "commitments.csv", old: ",0.5,s2", new: ",-1,s2",
        location: "commitments.csv:4:weight", message: "not positive"),
    BadInput(
        name: "weight not a number", file: "commitments.csv", old: ",0.5,s2", new: ",heavy,s2",
        location: "commitments.csv:4:weight", message: "not a number"),
    BadInput(
        name: "an event without a source", file: "events.csv", old: "e3,2022-09-01,oil,,adopted,,,s1,,", new: "e3,2022-09-01,oil,,adopted,,,,,",
        location: "events.csv:5:sources", message: "missing required value"),
    BadInput(
        name: "a claim without a source", file: "claims.csv", old: ",8,28,s1", new: ",8,28,",
        location: "claims.csv:3:sources", message: "missing required value"),
    BadInput(
        name: "unbalanced quotes", file: "claims.csv", old: "Chair,decree,60 % done", new: "Chair,decree,\"60 % done",
        location: "claims.csv:2:36", message: "unbalanced quote"),
    BadInput(
        name: "a quote inside an unquoted field", file: "claims.csv", old: "60 % done", new: "60 \" done",
        location: "claims.csv:2:39", message: "a quote inside an unquoted field"),
    BadInput(
        name: "a row with too many fields", file: "acts.csv", old: "gas,s1", new: "gas,s1,extra",
        location: "acts.csv:2", message: "expected 8 fields as in the header, found 9"),
    BadInput(
        name: "a claimed value over 100 %", file: "claims.csv", old: ",60,,,", new: ",160,,,",
        location: "claims.csv:2:value", message: "not a percentage"),
    BadInput(
        name: "a claim scope that names nothing", file: "claims.csv", old: "Chair,decree,", new: "Chair,decreee,",
        location: "claims.csv:2:scope", message: "unknown scope \"decreee\""),
    BadInput(
        name: "a hostile string as an id", file: "parties.csv", old: "UNION,Union", new: "<script>alert(1)</script>,Union",
        location: "parties.csv:4:id", message: "malformed id"),
    BadInput(
        name: "a weight below its range", file: "commitments.csv", old: ",0.5,s2", new: ",0.00001,s2",
        location: "commitments.csv:4:weight", message: "weight 0.00001 is out of range; expected a number from 0.0001 to 1000000"),
    BadInput(
        name: "a weight above its range", file: "commitments.csv", old: ",0.5,s2", new: ",10000000000000000,s2",
        location: "commitments.csv:4:weight", message: "weight 10000000000000000 is out of range"),
    BadInput(
        name: "a weight in exponent form below its range", file: "commitments.csv", old: ",0.5,s2", new: ",1e-05,s2",
        location: "commitments.csv:4:weight", message: "weight 0.00001 is out of range"),
    BadInput(
        name: "a weight that is not a decimal (nan)", file: "commitments.csv", old: ",0.5,s2", new: ",nan,s2",
        location: "commitments.csv:4:weight", message: "not a number"),
    BadInput(
        name: "a weight that is not a decimal (hexadecimal)", file: "commitments.csv", old: ",0.5,s2", new: ",0x1p3,s2",
        location: "commitments.csv:4:weight", message: "not a number"),
    BadInput(
        name: "an event whose sources are only separators", file: "events.csv", old: "e3,2022-09-01,oil,,adopted,,,s1,,",
        new: "e3,2022-09-01,oil,,adopted,,,;;;,,",
        location: "events.csv:5:sources", message: "\";;;\" holds separators but no id"),
    BadInput(
        name: "a claim whose sources are only separators", file: "claims.csv", old: ",8,28,s1", new: ",8,28,; ;",
        location: "claims.csv:3:sources", message: "holds separators but no id"),
]

@Suite("Validation of a dataset folder")
struct ValidationTests {
    @Test("the valid fixture has no problem and reads every value")
    func valid() throws {
        let folder = try fixtureCopy()
        #expect(problems(in: folder) == [])
        let d = try DatasetFolder.check(folder).dataset
        #expect(d.parties.map(\.id) == ["RU", "BY", "UNION"])
        #expect(d.parties[1].names["ru"] == "Беларусь")
        #expect(d.parties[2].kind == .body)
        #expect(d.sources[0].title == "Decree, with a comma")
        #expect(d.sources[0].quote == "He said \"done\".")
        #expect(d.instruments[1].note == "A note\nover two lines")
        #expect(d.instruments[1].expectedActs == 400)
        #expect(d.instruments[1].sources == ["s1", "s2"])
        #expect(d.instruments[2].adopted == PartialDate("2021-11"))
        #expect(d.commitments[0].weight == 2)
        #expect(d.commitments[1].mode == .joint)
        #expect(d.commitments[1].confidence == .high)
        #expect(d.events[1].note == "multi\r\nline")
        #expect(d.events[1].date.lastDay.description == "2022-08-31")
        #expect(d.events[5].retracts == "e5")
        #expect(d.claims[1].done == 8 && d.claims[1].total == 28 && d.claims[1].unit == .programmes)
        #expect(d.claims[0].unit == nil && d.claims[0].speakers == ["ru": "Спикер"] && d.claims[0].speakerRoles == ["ru": "Председатель"])
        #expect(d.claims[0].statements == ["ru": "выполнено 60 %"] && d.claims[1].statements == ["ru": "8 из 28"])
    }

    @Test("every kind of bad input is refused with its file, line and column", arguments: badInputs)
    func refused(_ bad: BadInput) throws {
        let folder = try fixtureCopy()
        try edit(folder, bad.file, bad.old, bad.new)
        let found = problems(in: folder)
        #expect(
            found.contains { $0.hasPrefix(bad.location + ": ") && $0.contains(bad.message) },
            "expected \(bad.location): …\(bad.message)…, got \(found)")
    }

    @Test("a short title, or its translation, over 60 characters is refused at its cell; one of 60 is read")
    func shortTitleLimit() throws {
        let folder = try fixtureCopy()
        try edit(folder, "commitments.csv", "id,instrument,title,", "id,instrument,title,short_title,short_title_ru,")
        try edit(
            folder, "commitments.csv", "gas,programme,Gas market,",
            "gas,programme,Gas market,\(String(repeating: "g", count: 60)),\(String(repeating: "г", count: 61)),")
        try edit(folder, "commitments.csv", "oil,programme,Oil treaty,", "oil,programme,Oil treaty,,,")
        try edit(folder, "commitments.csv", "union,decree,Union act,", "union,decree,Union act,,,")
        #expect(
            problems(in: folder).contains {
                $0.hasPrefix("commitments.csv:2:short_title_ru: ") && $0.contains("short_title_ru has 61 characters; expected at most 60")
            })
        #expect(!problems(in: folder).contains { $0.contains(":short_title:") })
    }

    @Test("invalid UTF-8 is refused at its line and column")
    func invalidUTF8() throws {
        let folder = try fixtureCopy()
        let url = folder.appendingPathComponent("parties.csv")
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes.append(contentsOf: Array("KZ,Kaz".utf8) + [0xFF, 0xFE] + Array("stan,,state\n".utf8))
        try Data(bytes).write(to: url)
        #expect(problems(in: folder) == ["parties.csv:5:4: invalid UTF-8 in this field: save the file as UTF-8"])
    }

    @Test("a NUL character is refused at its line and column")
    func nul() throws {
        let folder = try fixtureCopy()
        let url = folder.appendingPathComponent("parties.csv")
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes.append(contentsOf: Array("KZ,\"Kaz".utf8) + [0] + Array("stan\",,state\n".utf8))
        try Data(bytes).write(to: url)
        #expect(problems(in: folder) == ["parties.csv:5:4: a NUL character (U+0000) in this field; expected text"])
    }

    @Test("an unknown file is refused, so a misspelt name is not silently ignored")
    func unknownFile() throws {
        let folder = try fixtureCopy()
        try FileManager.default.moveItem(at: folder.appendingPathComponent("claims.csv"), to: folder.appendingPathComponent("claim.csv"))
        #expect(problems(in: folder).contains { $0.hasPrefix("claim.csv: unknown file") })
    }

    @Test("a missing folder and an empty folder are explained")
    func missingFolder() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID())")
        #expect(problems(in: missing).first?.contains("no such folder") == true)
        try FileManager.default.createDirectory(at: missing, withIntermediateDirectories: true)
        #expect(problems(in: missing).first?.contains("no dataset files found") == true)
    }

    @Test("all problems are collected, not just the first")
    func collectsAll() throws {
        let folder = try fixtureCopy()
        try edit(folder, "events.csv", "in_preparation", "drafted")
        try edit(folder, "events.csv", "e3,2022-09-01", "e3,2022-13-45")
        try edit(folder, "acts.csv", "law,Russian gas law,RU,", "law,Russian gas law,XX,")
        #expect(problems(in: folder).count == 3)
    }

    @Test("a UTF-8 BOM and LF line ends read the same as CRLF without a BOM")
    func bomAndLineEnds() throws {
        let folder = try fixtureCopy()
        let url = folder.appendingPathComponent("events.csv")
        let crlf = try Data(contentsOf: url)
        let lf = Data([0xEF, 0xBB, 0xBF]) + Data(String(decoding: crlf, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
        let before = try DatasetFolder.check(folder).dataset.events
        try lf.write(to: url)
        let after = try DatasetFolder.check(folder).dataset.events
        #expect(after.map(\.id) == before.map(\.id))
        #expect(after[1].note == "multi\nline")
        #expect(problems(in: folder) == [])
    }
}

@Suite("Writing the dataset folder")
struct WriterTests {
    @Test("write then read gives back the same dataset")
    func roundTrip() throws {
        let original = try DatasetFolder.check(try fixtureCopy()).dataset
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-out-\(UUID())")
        try DatasetFolder.write(original, eventHashes: [], to: out)
        let again = try DatasetFolder.check(out)
        #expect(again.dataset == original)
        #expect(Validator.problems(in: again).isEmpty)
    }

    @Test("a dataset's own licence, contributors and citation are read from datapackage.json and written back; CC BY 4.0 when it names none")
    func licences() throws {
        let folder = try fixtureCopy()
        let descriptor: [String: Any] = [
            "name": "mine", "resources": [["path": "parties.csv"]],
            "licenses": [["name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/1-0/", "title": "Open Database License 1.0"]],
            "contributors": [["title": "A Monitoring NGO", "role": "publisher"]], "citation": "A Monitoring NGO, Tracker data (2026).",
        ]
        try JSONSerialization.data(withJSONObject: descriptor).write(to: folder.appendingPathComponent("datapackage.json"))
        let about = try DatasetFolder.check(folder).dataset.about
        #expect(about.licensesInForce.map(\.name) == ["ODbL-1.0"] && about.contributors?.first?.role == "publisher")
        var dataset = try DatasetFolder.check(folder).dataset
        let written = try DatasetFolder.descriptor(dataset, release: DataPackage.Release(version: 7, created: "2026-12-01T10:00:00Z", url: nil))
        let json = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((json["licenses"] as? [[String: String]])?.first?["name"] == "ODbL-1.0")
        #expect(
            json["citation"] as? String == "A Monitoring NGO, Tracker data (2026)."
                && json["suggested_citation"] as? String == json["citation"] as? String)
        #expect(json["version"] as? String == "7" && json["created"] as? String == "2026-12-01T10:00:00Z")
        // None given: CC BY 4.0, and a citation made from the title, version, day and licence.
        dataset.about = About(title: "My tracker")
        let plain = try #require(
            try JSONSerialization.jsonObject(
                with: try DatasetFolder.descriptor(
                    dataset, release: .init(version: 3, created: "2026-01-02T00:00:00Z", url: "https://t.example/data"))) as? [String: Any])
        #expect((plain["licenses"] as? [[String: String]])?.first?["name"] == "CC-BY-4.0")
        #expect(plain["suggested_citation"] as? String == "My tracker. Pactwatch dataset, version 3 (2026-01-02). CC BY 4.0. https://t.example/data")
    }

    @Test("datapackage.json describes every file with a Table Schema")
    func dataPackage() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-out-\(UUID())")
        try DatasetFolder.write(try DatasetFolder.check(try fixtureCopy()).dataset, eventHashes: [], to: out)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("datapackage.json"))) as! [String: Any]
        let resources = json["resources"] as! [[String: Any]]
        #expect(resources.map { $0["path"] as! String } == Table.allCases.map(\.fileName))
        let parties = resources[0]["schema"] as! [String: Any]
        let names = (parties["fields"] as! [[String: Any]]).map { $0["name"] as! String }
        #expect(names == ["id", "name", "kind", "joined", "left", "recorded_by", "approved_by", "name_ru"])
        // The header of each file is exactly the schema's field list.
        let header = try String(contentsOf: out.appendingPathComponent("parties.csv"), encoding: .utf8).components(separatedBy: "\r\n")[0]
        #expect(header == names.joined(separator: ","))
    }
}

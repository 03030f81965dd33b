import Foundation
import PactwatchData

/// Helpers shared by the test targets: fixture folders and scratch files.
public enum Fixtures {
    /// The package's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of `Tests/Fixtures/NAME` in a fresh temporary folder, free to edit.
    public static func copy(_ name: String = "valid") throws -> URL {
        let source = root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
        let target = scratchFolder()
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }

    /// Replaces `old` (which must occur) with `new` in one file of the folder.
    public static func edit(_ folder: URL, _ file: String, _ old: String, _ new: String) throws {
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.contains(old) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(file) has no \(old)"])
        }
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// A path in the temporary folder that does not exist yet.
    public static func scratchFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-\(UUID().uuidString)")
    }

    /// A fresh SQLite file path.
    public static func database() -> String { scratchFolder().path + ".sqlite" }

    /// One generated tracker as two folders that import in either order: the same reference
    /// records, and the events of the first and of the second half of the commitments.
    public static func splitGenerated(commitments: Int, seed: UInt64 = 11) throws -> (URL, URL) {
        let dataset = Synthetic(parties: 3, commitments: commitments, seed: seed).dataset()
        let half = Set(dataset.commitments.prefix(commitments / 2).map(\.id))
        var first = dataset, second = dataset
        first.events = dataset.events.filter { half.contains($0.commitment) }
        second.events = dataset.events.filter { !half.contains($0.commitment) }
        let a = scratchFolder(), b = scratchFolder()
        try DatasetFolder.write(first, eventHashes: [], to: a)
        try DatasetFolder.write(second, eventHashes: [], to: b)
        return (a, b)
    }
}

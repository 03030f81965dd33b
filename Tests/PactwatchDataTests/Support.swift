import Foundation
import PactwatchCore
import PactwatchData

/// A copy of a fixture folder in a fresh temporary directory.
func fixtureCopy(_ name: String = "valid") throws -> URL {
    // Tests/Fixtures/NAME, beside this target's folder.
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    let target = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: target)
    return target
}

/// Replaces `old` (which must occur) with `new` in one file of the folder.
func edit(_ folder: URL, _ file: String, _ old: String, _ new: String) throws {
    let url = folder.appendingPathComponent(file)
    let text = try String(contentsOf: url, encoding: .utf8)
    guard text.contains(old) else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(file) has no \(old)"]) }
    try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
}

/// Every problem `check` would print for the folder: file syntax, values, then references.
func problems(in folder: URL) -> [String] {
    do {
        _ = try DatasetFolder.check(folder)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

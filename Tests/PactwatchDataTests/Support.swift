import Foundation
import PactwatchData
import PactwatchFixtures

func fixtureCopy(_ name: String = "valid") throws -> URL { try Fixtures.copy(name) }
func edit(_ folder: URL, _ file: String, _ old: String, _ new: String) throws { try Fixtures.edit(folder, file, old, new) }

/// Every problem `check` would print for the folder: file syntax, values, then references.
func problems(in folder: URL) -> [String] {
    do {
        _ = try DatasetFolder.check(folder)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

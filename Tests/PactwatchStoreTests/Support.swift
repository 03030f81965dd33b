import Foundation
import PactwatchFixtures

func fixtureCopy(_ name: String = "valid") throws -> URL { try Fixtures.copy(name) }
func edit(_ folder: URL, _ file: String, _ old: String, _ new: String) throws { try Fixtures.edit(folder, file, old, new) }
func temporaryDatabase() -> String { Fixtures.database() }
func temporaryFolder() -> URL { Fixtures.scratchFolder() }

import Foundation

/// A small tmpfs file system of its own, for tests of a full disk or a read-only file system.
/// Mounting needs root (as on CI); elsewhere `make` returns nil and the tests that need one skip.
public final class ScratchMount: @unchecked Sendable {
    public let folder: URL

    private init(folder: URL) { self.folder = folder }

    /// Whether this process may mount file systems (tried once, on a throwaway mount).
    public static let available: Bool = {
        guard getuid() == 0, let probe = make(kilobytes: 64) else { return false }
        probe.unmount()
        return true
    }()

    public static let whyUnavailable = "needs root to mount a tmpfs (CI runs as root); run the tests as root to check a full or read-only disk"

    /// A fresh, empty tmpfs of `kilobytes`.
    public static func make(kilobytes: Int) -> ScratchMount? {
        let folder = Fixtures.scratchFolder()
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
            run("/bin/mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder.path)
        else { return nil }
        return ScratchMount(folder: folder)
    }

    /// Makes the file system read-only: every write fails with EROFS.
    public func remountReadOnly() -> Bool { ScratchMount.run("/bin/mount", "-o", "remount,ro", folder.path) }

    /// Fills what space is left with one file, so the next write fails with ENOSPC.
    public func fill() {
        let handle = FileManager.default.createFile(atPath: folder.appendingPathComponent("filler").path, contents: nil)
        guard handle, let file = FileHandle(forWritingAtPath: folder.appendingPathComponent("filler").path) else { return }
        let block = Data(count: 4096)
        while (try? file.write(contentsOf: block)) != nil {}
        try? file.close()
    }

    public func unmount() {
        _ = ScratchMount.run("/bin/umount", folder.path)
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: String...) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

import Foundation

/// Datasets shipped inside the binary.
public enum Bundled {
    /// Names of the bundled datasets.
    public static var names: [String] {
        guard let root = Bundle.module.url(forResource: "Bundled", withExtension: nil) else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The folder of a bundled dataset, or nil for an unknown name.
    public static func folder(_ name: String) -> URL? {
        guard names.contains(name), let root = Bundle.module.url(forResource: "Bundled", withExtension: nil) else { return nil }
        return root.appendingPathComponent(name)
    }
}

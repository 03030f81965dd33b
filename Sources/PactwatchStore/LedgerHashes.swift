/// The ledger hash of every stored event, 32 bytes each rather than a 64-character string
/// (a quarter of the memory at a million events). Reads back as the hex text that was stored;
/// a stored value that is not 64 lowercase hex digits (a row altered by hand) is kept as text,
/// so `verify` reports exactly what it found.
public struct LedgerHashes: RandomAccessCollection, Equatable, Sendable {
    private var bytes: [UInt8] = []
    private var odd: [Int: String] = [:]
    public private(set) var endIndex = 0
    public var startIndex: Int { 0 }

    public init() {}

    public init(_ hashes: some Sequence<String>) {
        for hash in hashes { append(hash) }
    }

    public mutating func reserveCapacity(_ n: Int) { bytes.reserveCapacity(n * 32) }

    public mutating func append(_ hex: String) {
        let position = endIndex
        endIndex += 1
        var hex = hex
        let decoded = hex.withUTF8 { LedgerHashes.decode($0) }
        if let decoded {
            bytes += decoded
        } else {
            bytes += [UInt8](repeating: 0, count: 32)
            odd[position] = hex
        }
    }

    /// 32 bytes from 64 lowercase hex digits, else nil.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let high = nibble(text[2 * i]), let low = nibble(text[2 * i + 1]) else { return nil }
            out[i] = high << 4 | low
        }
        return out
    }

    public subscript(position: Int) -> String {
        if let text = odd[position] { return text }
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes[(position * 32)..<(position * 32 + 32)] {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

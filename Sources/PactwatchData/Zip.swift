import Foundation

/// A minimal ZIP writer (stored entries, no compression): enough to hand out a dataset folder
/// as one download that every unzip tool opens.
public enum Zip {
    public static func archive(_ files: [(name: String, data: Data)], modified: Date = Date(timeIntervalSince1970: 0)) -> Data {
        var out = Data()
        var central = Data()
        let (time, date) = dosTime(modified)
        for (name, data) in files {
            let nameBytes = Data(name.utf8)
            let crc = crc32(data)
            let offset = UInt32(out.count)
            // Local file header.
            out.append(le32(0x0403_4b50)); out.append(le16(20)); out.append(le16(0x0800)); out.append(le16(0))
            out.append(le16(time)); out.append(le16(date)); out.append(le32(crc))
            out.append(le32(UInt32(data.count))); out.append(le32(UInt32(data.count)))
            out.append(le16(UInt16(nameBytes.count))); out.append(le16(0))
            out.append(nameBytes); out.append(data)
            // Central directory entry.
            central.append(le32(0x0201_4b50)); central.append(le16(20)); central.append(le16(20)); central.append(le16(0x0800))
            central.append(le16(0)); central.append(le16(time)); central.append(le16(date)); central.append(le32(crc))
            central.append(le32(UInt32(data.count))); central.append(le32(UInt32(data.count)))
            central.append(le16(UInt16(nameBytes.count))); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le32(0o100644 << 16)); central.append(le32(offset))
            central.append(nameBytes)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.append(le32(0x0605_4b50)); out.append(le16(0)); out.append(le16(0))
        out.append(le16(UInt16(files.count))); out.append(le16(UInt16(files.count)))
        out.append(le32(UInt32(central.count))); out.append(le32(centralOffset)); out.append(le16(0))
        return out
    }

    /// A zip written as it goes, for a body streamed to a client: each entry's header, its data in
    /// any number of pieces, then a data descriptor with its CRC and size (flag bit 3, which every
    /// unzip tool reads); `finish` writes the central directory. Entries and the archive stay
    /// under 4 GB (no ZIP64).
    public struct Stream: Sendable {
        private var offset = 0
        private var central: [UInt8] = []
        private var entries = 0
        private var current: (name: [UInt8], offset: Int, crc: UInt32, size: Int)?
        private let time: UInt16, date: UInt16

        public init(modified: Date = Date(timeIntervalSince1970: 0)) { (time, date) = dosTime(modified) }

        /// The local header of a new entry.
        public mutating func begin(_ name: String) -> [UInt8] {
            let nameBytes = Array(name.utf8)
            current = (nameBytes, offset, 0xFFFF_FFFF, 0)
            // Version 20, flags: UTF-8 names (bit 11) and sizes in a descriptor after the data (bit 3).
            var out = bytes(
                le32(0x0403_4b50), le16(20), le16(0x0808), le16(0), le16(time), le16(date),
                le32(0), le32(0), le32(0), le16(UInt16(nameBytes.count)), le16(0))
            out += nameBytes
            offset += out.count
            return out
        }

        /// A piece of the current entry's data, as written.
        public mutating func add(_ data: [UInt8]) -> [UInt8] {
            var c = current!.crc
            for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
            current!.crc = c
            current!.size += data.count
            offset += data.count
            return data
        }

        /// The current entry's data descriptor.
        public mutating func end() -> [UInt8] {
            let entry = current!
            let crc = entry.crc ^ 0xFFFF_FFFF, size = UInt32(entry.size)
            let out = bytes(le32(0x0807_4b50), le32(crc), le32(size), le32(size))
            offset += out.count
            central += bytes(
                le32(0x0201_4b50), le16(20), le16(20), le16(0x0808), le16(0), le16(time), le16(date), le32(crc),
                le32(size), le32(size), le16(UInt16(entry.name.count)), le16(0), le16(0), le16(0), le16(0),
                le32(0o100644 << 16), le32(UInt32(entry.offset)))
            central += entry.name
            entries += 1
            current = nil
            return out
        }

        /// The central directory and its end record.
        public mutating func finish() -> [UInt8] {
            var out = central
            out += bytes(
                le32(0x0605_4b50), le16(0), le16(0), le16(UInt16(entries)), le16(UInt16(entries)),
                le32(UInt32(central.count)), le32(UInt32(offset)), le16(0))
            return out
        }

        private func bytes(_ parts: Data...) -> [UInt8] { parts.flatMap { Array($0) } }
    }

    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func dosTime(_ date: Date) -> (UInt16, UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = max(1980, c.year ?? 1980)
        return (
            UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2),
            UInt16((year - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
        )
    }

    static func le16(_ v: UInt16) -> Data { Data([UInt8(v & 0xFF), UInt8(v >> 8)]) }
    static func le32(_ v: UInt32) -> Data { Data((0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) }) }
}

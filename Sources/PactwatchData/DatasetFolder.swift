import Foundation
import PactwatchCore

/// Where a record was read from.
public struct Origin: Hashable, Sendable {
    public let file: String
    public let line: Int
}

/// A dataset read from a folder, each record with its file and line.
public struct LocatedDataset: Sendable {
    public var dataset = Dataset()
    /// Per table, one origin per record, aligned with the dataset's lists (nil: already stored).
    public var origins: [Table: [Origin?]] = [:]
    /// The `hash` column of each event as read (empty when the file has none).
    public var eventHashes: [String] = []
    /// Problems found while reading: syntax, columns, values, duplicate ids. Rows with a
    /// problem are left out of `dataset` (so references to them may fail too).
    public var problems: [Problem] = []
    /// Files that could not be read at all (syntax or header problems). References into them
    /// are not checked: every one would fail and bury the real problem.
    public var unreadable: Set<Table> = []
    /// Per table, the ids of rows refused for a problem of their own, with their first line: a
    /// reference to one is explained by that problem.
    public var refused: [Table: [String: Int]] = [:]

    public init(dataset: Dataset = Dataset(), origins: [Table: [Origin?]] = [:], eventHashes: [String] = [], problems: [Problem] = []) {
        self.dataset = dataset; self.origins = origins; self.eventHashes = eventHashes; self.problems = problems
    }

    public func origin(_ table: Table, _ index: Int) -> Origin? {
        guard let list = origins[table], index < list.count else { return nil }
        return list[index]
    }
}

/// Reads and writes the dataset folder: one CSV file per table plus `datapackage.json`.
public enum DatasetFolder {
    /// Reads every file and checks it on its own and against the other files (`Validator`).
    /// Throws every problem found.
    ///
    ///     let located = try DatasetFolder.check(URL(fileURLWithPath: "data/union-state"))
    public static func check(_ folder: URL, progress: ((String) -> Void)? = nil) throws(ValidationFailure) -> LocatedDataset {
        let located = read(folder, progress: progress)
        let problems = located.problems + Validator.problems(in: located)
        if !problems.isEmpty { throw ValidationFailure(problems) }
        return located
    }

    /// Reads every file, checking syntax, columns and values (not references: see `Validator`);
    /// the problems found are in `problems`.
    /// A file of `minimumPiece` bytes or more per core is read on every core, in pieces;
    /// `pieces` forces a number of pieces (for tests: the result is the same whatever it is).
    public static func read(_ folder: URL, pieces: Int? = nil, progress: ((String) -> Void)? = nil) -> LocatedDataset {
        let name = folder.lastPathComponent
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            return LocatedDataset(problems: [
                Problem(
                    file: folder.path, "no such folder; expected a dataset folder holding parties.csv, instruments.csv, commitments.csv, events.csv…")
            ])
        }
        var problems: [Problem] = []
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let known = Set(Table.allCases.map(\.fileName))
        for file in listing.sorted() where file.lowercased().hasSuffix(".csv") && !known.contains(file) {
            problems.append(Problem(file: file, "unknown file; expected only \(Table.allCases.map(\.fileName).joined(separator: ", "))"))
        }
        if !listing.contains(where: known.contains) {
            problems.append(Problem(file: name, "no dataset files found; expected \(Table.allCases.map(\.fileName).joined(separator: ", "))"))
        }
        switch regularFile(folder.appendingPathComponent("datapackage.json"), name: "datapackage.json") {
        case .absent: break
        case .unreadable(let problem): problems.append(problem)
        case .bytes(let bytes): problems += DataPackage.check(Data(bytes))
        }

        var located = LocatedDataset()
        if case .bytes(let bytes) = regularFile(folder.appendingPathComponent("datapackage.json"), name: "datapackage.json") {
            located.dataset.about = DataPackage.about(Data(bytes))
        }
        for table in Table.allCases {
            let data: [UInt8]
            switch regularFile(folder.appendingPathComponent(table.fileName), name: table.fileName) {
            case .absent:
                located.origins[table] = []
                continue
            case .unreadable(let problem):
                problems.append(problem)
                located.unreadable.insert(table)
                located.origins[table] = []
                continue
            case .bytes(let bytes):
                data = bytes
            }
            progress?("reading \(table.fileName) (\(data.count.formatted(.byteCount(style: .file))))")
            let file = table.fileName
            let read = decode(table, bytes: data, file: file, pieces: pieces)
            // In file order, as one pass would have: duplicate ids across pieces too.
            var seen: [String: Int] = [:]
            var origins: [Origin?] = []
            for piece in read.pieces {
                for row in piece.rows {
                    if !row.id.isEmpty, let first = seen.updateValue(row.line, forKey: row.id) {
                        seen[row.id] = first
                        problems.append(
                            Problem(file: file, line: row.line, column: "id", "duplicate id \(quoted(row.id)); first used on line \(first)"))
                    }
                    problems += row.problems
                    if !row.kept, !row.id.isEmpty, located.refused[table]?[row.id] == nil {
                        located.refused[table, default: [:]][row.id] = row.line
                    }
                    if row.kept {
                        origins.append(Origin(file: file, line: row.line))
                        if let hash = row.hash { located.eventHashes.append(hash) }
                    }
                }
                located.dataset.append(contentsOf: piece.records, table)
            }
            problems += read.problems
            if read.unreadable { located.unreadable.insert(table) }
            located.origins[table] = origins
        }
        located.problems = problems
        return located
    }

    /// What stands at a dataset file's name.
    enum FileContents {
        /// Nothing: the table has no records in this folder.
        case absent
        /// Something that cannot be read as a regular file: never taken for "no file".
        case unreadable(Problem)
        case bytes([UInt8])
    }

    /// Reads `url` if it is a regular file (or a symbolic link to one). A directory, a FIFO, a
    /// device, a dangling or looping link or a file that cannot be opened is a problem naming the
    /// file; a link's target is never shown (it may name places outside the folder).
    static func regularFile(_ url: URL, name: String) -> FileContents {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            return errno == ENOENT
                ? .absent : .unreadable(Problem(file: name, "cannot be examined (\(String(cString: strerror(errno)))); expected a regular CSV file"))
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            guard stat(url.path, &info) == 0 else {
                return .unreadable(
                    Problem(
                        file: name,
                        "is a symbolic link that leads to no readable file (its target is missing, or the links form a loop); expected a regular file"
                    ))
            }
        }
        let kind: String? =
            switch info.st_mode & S_IFMT {
            case S_IFREG: nil
            case S_IFDIR: "a folder"
            case S_IFIFO: "a named pipe (FIFO)"
            case S_IFCHR, S_IFBLK: "a device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
        if let kind { return .unreadable(Problem(file: name, "is \(kind); expected a regular file")) }
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            return .unreadable(Problem(file: name, "cannot be read (\(String(cString: strerror(errno)))); expected a file this user may read"))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable(Problem(file: name, "cannot be read (\(String(cString: strerror(errno)))); expected a readable file"))
            }
            bytes += chunk[0..<n]
        }
        return .bytes(bytes)
    }

    /// The least a piece holds: a file under twice this is read in one pass.
    public static let minimumPiece = 4 << 20

    /// The records of one file's rows, decoded, with what `read` needs to place them.
    struct Piece: Sendable {
        struct DecodedRow: Sendable {
            /// The id column as written (trimmed), for duplicate checks.
            let id: String
            let line: Int
            let problems: [Problem]
            /// Whether the row gave a record (appended to `records`).
            let kept: Bool
            let hash: String?
        }
        var records = Dataset()
        var rows: [DecodedRow] = []
    }

    /// Decodes a file's rows: a large file in pieces, one per core, split at record boundaries
    /// after the header; the pieces come back in file order, with the file's own problems
    /// (header, field counts, a syntax error, after which nothing further is read).
    static func decode(_ table: Table, bytes: [UInt8], file: String, pieces wanted: Int?) -> (pieces: [Piece], problems: [Problem], unreadable: Bool)
    {
        let hashColumn = table.position(of: "hash")
        @Sendable func decodeRows(range: Range<Int>?, firstLine: Int, header: [Slot]?) -> (Piece, [Problem], Bool, [Slot]?) {
            var piece = Piece()
            let (problems, unreadable, slots) = forEachRow(of: table, bytes: bytes, file: file, range: range, firstLine: firstLine, header: header) {
                row, line in
                var reader = RowReader(table, row, file: file, line: line)
                let before = piece.records.count(table)
                piece.records.append(&reader)
                let kept = piece.records.count(table) > before
                piece.rows.append(
                    Piece.DecodedRow(
                        id: row.values[0].trimmingSpaces, line: line, problems: reader.problems, kept: kept,
                        hash: kept ? hashColumn.map { row.values[$0].trimmingSpaces } : nil))
            }
            return (piece, problems, unreadable, slots)
        }
        func onePass() -> (pieces: [Piece], problems: [Problem], unreadable: Bool) {
            let (piece, problems, unreadable, _) = decodeRows(range: nil, firstLine: 1, header: nil)
            return ([piece], problems, unreadable)
        }
        let count = wanted ?? min(ProcessInfo.processInfo.activeProcessorCount, bytes.count / minimumPiece)
        // The header: the first line, when it holds a record (else the file is read in one pass).
        guard count >= 2, let headerEnd = CSV.boundaries(in: bytes, after: [0])[0] else { return onePass() }
        let (_, headerProblems, headerUnreadable, slots) = decodeRows(range: 0..<headerEnd.offset, firstLine: 1, header: nil)
        guard let slots else { return onePass() }
        if headerUnreadable { return ([], headerProblems, true) }
        let rest = bytes.count - headerEnd.offset
        let targets = (1..<count).map { headerEnd.offset + rest * $0 / count }
        let starts = [headerEnd] + CSV.boundaries(in: bytes, after: targets).compactMap { $0 }.filter { $0.offset < bytes.count }
        var results = [(Piece, [Problem], Bool)?](repeating: nil, count: starts.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: starts.count) { k in
                let end = k + 1 < starts.count ? starts[k + 1].offset : bytes.count
                let (piece, problems, unreadable, _) = decodeRows(range: starts[k].offset..<end, firstLine: starts[k].line, header: slots)
                out[k] = (piece, problems, unreadable)
            }
        }
        var pieces: [Piece] = []
        var problems = headerProblems
        for result in results {
            let (piece, pieceProblems, unreadable) = result!
            pieces.append(piece)
            problems += pieceProblems
            // One pass stops at a syntax error: what the later pieces read is dropped.
            if unreadable { return (pieces, problems, true) }
        }
        return (pieces, problems, false)
    }

    /// Parses one file into rows aligned with the table's fields, with their lines.
    public static func rows(of table: Table, bytes: [UInt8], file: String) -> (rows: [(Row, Int)], problems: [Problem]) {
        var rows: [(Row, Int)] = []
        let (problems, _, _) = forEachRow(of: table, bytes: bytes, file: file) { rows.append(($0, $1)) }
        return (rows, problems)
    }

    /// Streams one file's rows (aligned with the table's fields) and their lines to `body`;
    /// returns the problems, and whether the file as a whole is unreadable (a syntax error, after
    /// which no further row is read, or a bad header).
    /// Where a header column goes: a field position, a translation column, or nowhere.
    enum Slot: Sendable {
        case field(Int)
        case translation(String)
        case ignored
    }

    /// With `header`, the range holds rows only (read after the header of the same file).
    static func forEachRow(
        of table: Table, bytes: [UInt8], file: String, range: Range<Int>? = nil, firstLine: Int = 1,
        header known: [Slot]? = nil, _ body: (Row, Int) -> Void
    ) -> (problems: [Problem], unreadable: Bool, header: [Slot]?) {
        var problems: [Problem] = []
        var slots: [Slot]? = known
        var headerOK = known != nil
        let width = table.fields.count
        do {
            try CSV.forEachRecord(in: bytes, range: range, firstLine: firstLine) { record in
                guard let slots else {
                    slots = header(record, table: table, file: file, problems: &problems).map { slot in
                        switch slot {
                        case .some(.left(let i)): Slot.field(i)
                        case .some(.right(let column)): Slot.translation(column)
                        case .none: Slot.ignored
                        }
                    }
                    headerOK = problems.isEmpty
                    return
                }
                guard headerOK else { return }
                guard record.fields.count == slots.count else {
                    problems.append(
                        Problem(
                            file: file, line: record.line,
                            "expected \(slots.count) fields as in the header, found \(record.fields.count); quote a field that holds a comma"))
                    return
                }
                var row = Row(values: [String](repeating: "", count: width))
                for (slot, value) in zip(slots, record.fields) {
                    switch slot {
                    case .field(let i): row.values[i] = value
                    case .translation(let column): if !value.isEmpty { row.translations[column] = value }
                    case .ignored: break
                    }
                }
                body(row, record.line)
            }
        } catch {
            problems.append(Problem(file: file, line: error.line, column: String(error.column), error.message))
            return (problems, true, slots)
        }
        if slots == nil {
            problems.append(Problem(file: file, line: 1, "empty file; expected a header row: \(table.columnNames.joined(separator: ","))"))
        }
        return (problems, !headerOK, slots)
    }

    enum Either<L, R> {
        case left(L)
        case right(R)
    }

    /// Maps each header column to a field position or a translation column; reports unknown,
    /// duplicate and missing columns.
    static func header(_ record: CSV.Record, table: Table, file: String, problems: inout [Problem]) -> [Either<Int, String>?] {
        var slots: [Either<Int, String>?] = []
        var seen: Set<String> = []
        for raw in record.fields {
            let column = raw.trimmingSpaces
            if !seen.insert(column).inserted {
                problems.append(Problem(file: file, line: record.line, column: column, "duplicate column \(quoted(column))"))
            }
            if let i = table.columnNames.firstIndex(of: column) {
                slots.append(.left(i))
            } else if table.translation(of: column) != nil {
                slots.append(.right(column))
            } else {
                problems.append(
                    Problem(
                        file: file, line: record.line, column: column,
                        "unknown column \(quoted(column)); expected one of: \(table.columnNames.joined(separator: ", "))\(table.translationHint)"))
                slots.append(nil)
            }
        }
        for field in table.fields where field.required && !seen.contains(field.name) {
            problems.append(Problem(file: file, line: record.line, column: field.name, "missing required column \(quoted(field.name))"))
        }
        return slots
    }

    /// Writes the dataset folder: one CSV per table (translation columns after the fields, in
    /// language order), the events with `recorded` and `hash`, and `datapackage.json`.
    ///
    /// All or nothing: the files are written into a new folder beside `folder`, then renamed into
    /// place (a rename needs no space), so a full disk or a crash leaves `folder` as it was and
    /// no half-written folder behind. Other files in `folder` are left alone.
    public static func write(
        _ dataset: Dataset, eventHashes: some RandomAccessCollection<String>, to folder: URL, name: String = "pactwatch-export",
        release: DataPackage.Release? = nil
    ) throws {
        let fm = FileManager.default
        let parent = folder.standardizedFileURL.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            let written = try files(dataset, eventHashes: eventHashes, name: name, release: release)
            for (file, data) in written { try data.write(to: staging.appendingPathComponent(file)) }
            if fm.fileExists(atPath: folder.path) {
                for (file, _) in written {
                    guard rename(staging.appendingPathComponent(file).path, folder.appendingPathComponent(file).path) == 0 else {
                        throw CocoaError(
                            .fileWriteUnknown,
                            userInfo: [NSLocalizedDescriptionKey: "cannot move \(file) into \(folder.path): \(String(cString: strerror(errno)))"])
                    }
                }
                try fm.removeItem(at: staging)
            } else {
                try fm.moveItem(at: staging, to: folder)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// The files of the dataset folder, in order, as `write` would write them.
    public static func files(
        _ dataset: Dataset, eventHashes: some RandomAccessCollection<String>, name: String = "pactwatch-export", release: DataPackage.Release? = nil
    ) throws -> [(name: String, data: Data)] {
        var out: [(String, Data)] = []
        for table in Table.allCases {
            let file = TableFile(table, dataset, eventHashes: eventHashes)
            out.append((table.fileName, Data(file.header + file.lines(0..<file.count))))
        }
        out.append(("datapackage.json", try descriptor(dataset, name: name, release: release)))
        return out
    }

    /// `datapackage.json` for the dataset: a Table Schema per file, translation columns included.
    public static func descriptor(_ dataset: Dataset, name: String = "pactwatch-export", release: DataPackage.Release? = nil) throws -> Data {
        var translationColumns: [Table: [String]] = [:]
        for table in Table.allCases { translationColumns[table] = TableFile(table, dataset, eventHashes: []).translationColumns }
        return try DataPackage.json(name: name, translationColumns: translationColumns, about: dataset.about, release: release)
    }

    /// One table's CSV file, in chunks of `rows` records as they are encoded: what `files` holds
    /// for that table, without ever holding the whole file (a server streams it).
    public static func streamCSV(
        _ table: Table, _ dataset: Dataset, eventHashes: some RandomAccessCollection<String>, rows: Int = 4096,
        _ chunk: ([UInt8]) async throws -> Void
    ) async throws {
        let file = TableFile(table, dataset, eventHashes: eventHashes)
        try await chunk(file.header)
        for start in stride(from: 0, to: file.count, by: rows) {
            try await chunk(file.lines(start..<min(start + rows, file.count)))
        }
    }

    /// One table of a dataset as CSV: the header (translation columns after the fields, in
    /// field then language order), then each record's line, encoded when asked for.
    struct TableFile {
        let table: Table
        let count: Int
        let row: (Int) -> Row
        let translationColumns: [String]

        init(_ table: Table, _ d: Dataset, eventHashes: some RandomAccessCollection<String>) {
            self.table = table
            switch table {
            case .parties: (count, row) = (d.parties.count, { RecordCoding.row(d.parties[$0]) })
            case .sources: (count, row) = (d.sources.count, { RecordCoding.row(d.sources[$0]) })
            case .instruments: (count, row) = (d.instruments.count, { RecordCoding.row(d.instruments[$0]) })
            case .commitments: (count, row) = (d.commitments.count, { RecordCoding.row(d.commitments[$0]) })
            case .acts: (count, row) = (d.acts.count, { RecordCoding.row(d.acts[$0]) })
            case .claims: (count, row) = (d.claims.count, { RecordCoding.row(d.claims[$0]) })
            case .events:
                let hashes = Array(eventHashes), column = Table.events.position(of: "hash")!
                (count, row) = (
                    d.events.count,
                    { i in
                        var row = RecordCoding.row(d.events[i])
                        if i < hashes.count { row.values[column] = hashes[i] }
                        return row
                    }
                )
            }
            let row = self.row, order = table.translatedFields
            translationColumns =
                order.isEmpty
                ? []
                : Set((0..<count).flatMap { row($0).translations.keys }).sorted { a, b in
                    let (x, y) = (table.translation(of: a), table.translation(of: b))
                    let (i, j) = (x.flatMap { order.firstIndex(of: $0.field) } ?? 0, y.flatMap { order.firstIndex(of: $0.field) } ?? 0)
                    return i != j ? i < j : a < b
                }
        }

        var header: [UInt8] { Array(CSV.line(table.columnNames + translationColumns).utf8) }

        func lines(_ range: Range<Int>) -> [UInt8] {
            var text = ""
            for i in range {
                let r = row(i)
                text += CSV.line(r.values + translationColumns.map { r.translations[$0] ?? "" })
            }
            return Array(text.utf8)
        }
    }
}

extension Dataset {
    func count(_ table: Table) -> Int {
        switch table {
        case .parties: parties.count
        case .sources: sources.count
        case .instruments: instruments.count
        case .commitments: commitments.count
        case .acts: acts.count
        case .events: events.count
        case .claims: claims.count
        }
    }

    /// Decodes the reader's row and appends the record when it is whole.
    mutating func append(_ r: inout RowReader) {
        switch r.table {
        case .parties: if let x = RecordCoding.party(&r) { parties.append(x) }
        case .sources: if let x = RecordCoding.source(&r) { sources.append(x) }
        case .instruments: if let x = RecordCoding.instrument(&r) { instruments.append(x) }
        case .commitments: if let x = RecordCoding.commitment(&r) { commitments.append(x) }
        case .acts: if let x = RecordCoding.act(&r) { acts.append(x) }
        case .events: if let x = RecordCoding.event(&r) { events.append(x) }
        case .claims: if let x = RecordCoding.claim(&r) { claims.append(x) }
        }
    }

    /// Appends another dataset's records of one table.
    mutating func append(contentsOf other: Dataset, _ table: Table) {
        switch table {
        case .parties: parties += other.parties
        case .sources: sources += other.sources
        case .instruments: instruments += other.instruments
        case .commitments: commitments += other.commitments
        case .acts: acts += other.acts
        case .events: events += other.events
        case .claims: claims += other.claims
        }
    }

    /// Decodes one stored row (the database's path into a dataset). Values outside their stated
    /// ranges are read as written (an older build may have stored them): `storedProblems` finds them.
    public mutating func append(_ table: Table, _ row: Row, file: String = "database", line: Int? = nil) throws(ValidationFailure) {
        var reader = RowReader(table, row, file: file, line: line, checksBounds: false)
        append(&reader)
        if !reader.problems.isEmpty { throw ValidationFailure(reader.problems) }
    }
}

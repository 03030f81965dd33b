import Hummingbird
import PactwatchData
import PactwatchStore

/// The published dataset package: its tables, `datapackage.json`, and all of it as one zip.
enum DataFiles {
    /// The package's name (the descriptor's `name`, the zip's folder).
    static let name = "pactwatch"
    static let descriptor = "datapackage.json"
    static let zip = "pactwatch-dataset.zip"
    /// Every file `/data/` serves.
    static var names: [String] { Table.allCases.map(\.fileName) + [descriptor, zip] }
}

extension Site {
    /// One file of the published dataset, or all of them as one zip. The tables are streamed as
    /// they are encoded, never cached: a million events would otherwise be a body of hundreds of
    /// megabytes per request. The small `datapackage.json` is cached like any page.
    /// The published package's version, date and address.
    func release(_ ctx: PageContext) -> DataPackage.Release {
        DataPackage.Release(version: ctx.version, created: ctx.updated, url: baseURL + Route.openData.path)
    }

    func dataFile(_ name: String, _ request: Request, _ ctx: PageContext, hashes: LedgerHashes) async throws -> Response {
        let dataset = ctx.snapshot.dataset
        if name == DataFiles.descriptor {
            return try await conditional(request, ctx, variant: "data", uses: []) {
                (
                    "application/json; charset=utf-8",
                    ByteBuffer(data: try DatasetFolder.descriptor(dataset, name: DataFiles.name, release: release(ctx)))
                )
            }
        }
        if name == DataFiles.zip {
            return try streamed(request, ctx, type: "application/zip") { writer in
                let folder = DataFiles.name + "-dataset/"
                var zip = Zip.Stream()
                for table in Table.allCases {
                    try await writer.write(ByteBuffer(bytes: zip.begin(folder + table.fileName)))
                    try await DatasetFolder.streamCSV(table, dataset, eventHashes: hashes) { chunk in
                        try await writer.write(ByteBuffer(bytes: zip.add(chunk)))
                    }
                    try await writer.write(ByteBuffer(bytes: zip.end()))
                }
                try await writer.write(ByteBuffer(bytes: zip.begin(folder + DataFiles.descriptor)))
                try await writer.write(
                    ByteBuffer(bytes: zip.add(Array(try DatasetFolder.descriptor(dataset, name: DataFiles.name, release: release(ctx))))))
                try await writer.write(ByteBuffer(bytes: zip.end()))
                try await writer.write(ByteBuffer(bytes: zip.finish()))
            }
        }
        guard let table = Table.allCases.first(where: { $0.fileName == name }) else {
            throw HTTPError(
                .notFound, message: "The data package has no file called \(name); it has " + DataFiles.names.joined(separator: ", ") + ".")
        }
        return try streamed(request, ctx, type: "text/csv; charset=utf-8") { writer in
            try await DatasetFolder.streamCSV(table, dataset, eventHashes: hashes) { chunk in
                try await writer.write(ByteBuffer(bytes: chunk))
            }
        }
    }
}

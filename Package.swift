// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pactwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pactwatch", targets: ["pactwatch"]),
        .library(name: "PactwatchCore", targets: ["PactwatchCore"]),
        .library(name: "PactwatchData", targets: ["PactwatchData"]),
        .library(name: "PactwatchStore", targets: ["PactwatchStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Editors' sign-in: bcrypt (HummingbirdBcrypt) and database-backed sessions (HummingbirdAuth).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // Both already come with Hummingbird: named for the connection limits' channel handler.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // The domain: vocabulary, partial dates, stages, figures, forecast. No I/O.
        .target(name: "PactwatchCore"),
        // The dataset folder: RFC 4180 CSV, datapackage.json, validation, the bundled datasets.
        .target(
            name: "PactwatchData",
            dependencies: ["PactwatchCore"],
            resources: [.copy("Bundled")]
        ),
        // Storage: SQLite through GRDB or PostgreSQL through PostgresNIO, migrations, the
        // append-only chained ledger, snapshots refreshed on change.
        .target(
            name: "PactwatchStore",
            dependencies: [
                "PactwatchCore", "PactwatchData",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for binding bulk rows without GRDB's argument arrays.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            resources: [.copy("Resources")]
        ),
        // The public tracker: HTML pages, SVG charts, Atom feeds, CSV/JSON tables (Hummingbird 2).
        .target(
            name: "PactwatchWeb",
            dependencies: [
                "PactwatchCore", "PactwatchData", "PactwatchStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ],
            resources: [.copy("Static")]
        ),
        .executableTarget(
            name: "pactwatch",
            dependencies: [
                "PactwatchCore", "PactwatchData", "PactwatchStore", "PactwatchWeb",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixture folders and scratch files for the test targets.
        .target(
            name: "PactwatchFixtures",
            dependencies: ["PactwatchData", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/Support"
        ),
        .testTarget(name: "PactwatchCoreTests", dependencies: ["PactwatchCore", "PactwatchData"]),
        .testTarget(name: "PactwatchDataTests", dependencies: ["PactwatchCore", "PactwatchData", "PactwatchFixtures"]),
        .testTarget(name: "PactwatchStoreTests", dependencies: ["PactwatchCore", "PactwatchData", "PactwatchStore", "PactwatchFixtures"]),
        .testTarget(
            name: "PactwatchWebTests",
            dependencies: [
                "PactwatchCore", "PactwatchData", "PactwatchStore", "PactwatchWeb", "PactwatchFixtures",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "PactwatchCLITests", dependencies: ["pactwatch", "PactwatchCore", "PactwatchData", "PactwatchFixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

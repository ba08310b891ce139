// swift-tools-version:6.0
import PackageDescription
import Foundation

// Leaf templates live beside their page models in each feature's folder (Sources/App/<Feature>/). They are
// listed one by one as resources (a whole-folder rule would turn the Swift files there into resources too), so
// each template name must be unique: it is flattened into the bundle's root. SwiftPM caches this manifest by its
// text (and remembers earlier texts): if a new template is not picked up by an incremental build, give this comment
// wording it never had (CI builds from scratch). Merged on 3/12: directives, plans, sessions, inspections, evaluation; then the digest, unions' rounds, the rules page; 4/12: the programmes pages; 5/12: the check words pages.
let appDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources/App").path
let templates = ((FileManager.default.enumerator(atPath: appDir)?.allObjects as? [String]) ?? [])
    .filter { $0.hasSuffix(".leaf") }
    .sorted()

let package = Package(
    name: "noiguong",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "noiguong", targets: ["noiguong"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // Pure rules (Vietnamese text, dates, member checks): Foundation only, fast tests.
        .target(name: "Domain"),
        // Reading uploaded CSV/XLSX and writing XLSX/CSV: no Vapor either.
        .target(
            name: "Spreadsheet",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Uploaded files checked by content, and Word documents written (the printed registration form).
        .target(
            name: "Documents",
            dependencies: ["Spreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(
            name: "App",
            dependencies: [
                "Domain",
                "Spreadsheet",
                "Documents",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
            ],
            resources: templates.map { .copy($0) }
        ),
        .executableTarget(name: "noiguong", dependencies: ["App"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "Domain"]),
        .testTarget(
            name: "DocumentsTests",
            dependencies: ["Documents", "Domain", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "Spreadsheet",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)

// swift-tools-version:6.1
import PackageDescription

// Dependencies point downward: domain targets (GovernanceCore, Ingest, Manifests,
// Scorecards) import neither GRPC nor GRDB; Storage knows GRDB; GovernanceServer
// knows everything; the executables are thin.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "governd",
    platforms: [.macOS(.v15)],  // the generated grpc-swift-2 code is @available(macOS 15, ...)
    products: [
        .executable(name: "governd", targets: ["governd"]),
        .executable(name: "govctl", targets: ["govctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // MARK: Pure domain (no I/O)
        .target(name: "GovernanceCore", swiftSettings: strict),
        .target(name: "Ingest", dependencies: ["GovernanceCore"], swiftSettings: strict),
        .target(
            name: "Manifests",
            dependencies: ["GovernanceCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(name: "Scorecards", dependencies: ["GovernanceCore"], swiftSettings: strict),
        .target(name: "Quality", dependencies: ["GovernanceCore", "Scorecards"], swiftSettings: strict),
        .target(name: "SLATracking", dependencies: ["GovernanceCore", "Scorecards"], swiftSettings: strict),
        .target(name: "PartnershipHealth", dependencies: ["GovernanceCore", "Scorecards"], swiftSettings: strict),
        .target(name: "Benchmarking", dependencies: ["GovernanceCore", "Scorecards"], swiftSettings: strict),
        .target(name: "Review", dependencies: ["GovernanceCore", "Scorecards"], swiftSettings: strict),
        // The QBR pack's data model and HTML/SVG renderer: computes no metric, only presents them.
        .target(name: "QBR", dependencies: ["GovernanceCore"], swiftSettings: strict),
        .target(name: "Development", dependencies: ["GovernanceCore"], swiftSettings: strict),

        // MARK: Storage (GRDB)
        .target(
            name: "Storage",
            dependencies: [
                "GovernanceCore", "Ingest", "Scorecards", "Quality", "PartnershipHealth",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // MARK: Protocol (generated, committed; regenerate with Ops/generate-protos.sh)
        .target(
            name: "GovernanceAPI",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict
        ),

        // MARK: Server
        .target(
            name: "GovernanceServer",
            dependencies: [
                "GovernanceCore", "Ingest", "Manifests", "Scorecards", "Quality", "SLATracking", "PartnershipHealth",
                "Benchmarking", "Review", "QBR", "Development", "Storage", "GovernanceAPI",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "governd",
            dependencies: [
                "GovernanceServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "govctl",
            dependencies: [
                "GovernanceCore", "Ingest", "GovernanceAPI",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests
        .target(
            name: "GovernanceTestSupport",
            dependencies: [
                "GovernanceCore", "GovernanceAPI",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "GovernanceCoreTests", dependencies: ["GovernanceCore"], swiftSettings: strict),
        .testTarget(
            name: "IngestTests", dependencies: ["Ingest", "GovernanceCore"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "GovernanceCore"], swiftSettings: strict),
        .testTarget(
            name: "ScorecardsTests", dependencies: ["Scorecards", "GovernanceCore", "GovernanceTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "PartnershipHealthTests",
            dependencies: ["PartnershipHealth", "Scorecards", "GovernanceCore", "GovernanceTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "QualityTests", dependencies: ["Quality", "Scorecards", "GovernanceCore"], swiftSettings: strict),
        .testTarget(
            name: "SLATrackingTests", dependencies: ["SLATracking", "Scorecards", "GovernanceCore"], swiftSettings: strict),
        .testTarget(
            name: "BenchmarkingTests", dependencies: ["Benchmarking", "Scorecards", "GovernanceCore"], swiftSettings: strict),
        .testTarget(name: "QBRTests", dependencies: ["QBR", "GovernanceCore"], swiftSettings: strict),
        .testTarget(
            name: "DevelopmentTests", dependencies: ["Development", "GovernanceCore", "GovernanceTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "ReviewTests", dependencies: ["Review", "Scorecards", "GovernanceCore"], swiftSettings: strict),
        .testTarget(
            name: "StorageTests", dependencies: ["Storage", "Ingest", "GovernanceCore", "PartnershipHealth", "Scorecards"],
            swiftSettings: strict),
        .testTarget(
            name: "GovernanceServerTests",
            dependencies: [
                "GovernanceServer", "GovernanceCore", "Storage", "GovernanceAPI",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            // Depending on the executables makes `swift test` build them; the tests run the real binaries.
            dependencies: [
                "GovernanceTestSupport", "GovernanceServer", "GovernanceAPI", "Ingest", "PartnershipHealth", "Scorecards", "governd",
                "govctl",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),

        // MARK: Fuzzing (Ops/fuzz.sh, Ops/runbooks/fuzzing.md)
        // The harnesses are a normal library, so the replay test below runs the committed corpus
        // (Tests/FuzzCorpus) through them in every `swift test`.
        .target(
            name: "FuzzHarnesses",
            dependencies: [
                "Ingest", "Manifests", "GovernanceCore", "GovernanceAPI", "GovernanceServer", "Scorecards", "SLATracking", "QBR",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzHarnesses"], swiftSettings: strict),
    ]
)

// libFuzzer targets: libFuzzer supplies `main`, so they link only with `--sanitize=fuzzer` and
// exist only when GOVERND_FUZZ is set (Ops/fuzz.sh); a plain `swift build`/`swift test` never sees them.
if Context.environment["GOVERND_FUZZ"] != nil {
    for (product, target) in [("fuzz-csv", "FuzzCSV"), ("fuzz-manifest", "FuzzManifest"), ("fuzz-request", "FuzzRequest")] {
        package.targets.append(.executableTarget(name: target, dependencies: ["FuzzHarnesses"], swiftSettings: strict))
        package.products.append(.executable(name: product, targets: [target]))
    }
}

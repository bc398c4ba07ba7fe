// swift-tools-version:6.0
//
// Targets mirror the architecture, and imports point downwards only:
//
//   fleetsim (CLI) ─► Experiments ─► ScenarioLoading ─► FleetModel ─► SimulationCore, FleetPolicy, CacheHints
//        │                 │                 └───────► Stochastics ─► CGSL (GNU GSL)
//        ├─► Reports ──────┴──────────────────────────► Stochastics
//        └─► EngineBenchmarks ─► FleetModel, SimulationCore, Stochastics
//   FleetPolicy (signals, actions, runbooks, guard rails) ─► Units: no simulator dependency, so
//   the production agent hosts the very same policy code. ScenarioLoading ─► Units too.
//   fleetsim ─► FleetAgentHTTP (Hummingbird) ─► FleetAgentJournal (GRDB) ─► FleetAgent ─► FleetPolicy:
//   the production agent. Experiments ─► Reports too (shard files are written as results are). Fuzz/ is a package of its own (libFuzzer harnesses over the readers).
import PackageDescription

let package = Package(
    name: "FleetSim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fleetsim", targets: ["FleetSimCLI"]),
        .library(name: "SimulationCore", targets: ["SimulationCore"]),
        .library(name: "Stochastics", targets: ["Stochastics"]),
        .library(name: "FleetModel", targets: ["FleetModel"]),
        .library(name: "FleetPolicy", targets: ["FleetPolicy"]),
        // For the fuzzing harnesses in Fuzz/ (a package of their own).
        .library(name: "ScenarioLoading", targets: ["ScenarioLoading"]),
        .library(name: "CSV", targets: ["CSV"]),
        .library(name: "FleetAgent", targets: ["FleetAgent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // GNU GSL through pkg-config; the shim header holds the accessors Swift 6 needs.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // The management plane's policy code: signals in, actions out, runbooks and guard rails.
        // Depends on no simulator target, so production can host it unchanged.
        .target(name: "FleetPolicy", dependencies: ["LocatedYAML", "Units"]),
        // Durations and rates with units (`30min`, `0.002/h`), shared by scenarios and runbooks.
        .target(name: "Units"),
        // YAML read with every value's file, line, column and field path, for located errors.
        .target(name: "LocatedYAML", dependencies: ["Units", .product(name: "Yams", package: "Yams")]),
        // Random streams, distributions and statistics, all backed by GSL.
        .target(name: "Stochastics", dependencies: ["CGSL"]),
        // Event calendar, run loop, resources, replications: no randomness, no domain.
        .target(
            name: "SimulationCore",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // A prefetch hint (a compiler builtin Swift cannot spell) for the fleet's hot path.
        .target(name: "CacheHints"),
        // What a fleet is and how it fails and gets repaired.
        .target(
            name: "FleetModel",
            dependencies: [
                "SimulationCore", "Stochastics", "FleetPolicy", "CacheHints",
                .product(name: "BitCollections", package: "swift-collections"),
            ]
        ),
        // Scenario files (YAML) into validated model configurations, with located errors.
        .target(
            name: "ScenarioLoading",
            dependencies: ["FleetModel", "FleetPolicy", "Stochastics", "Units", "LocatedYAML", "CSV", .product(name: "Yams", package: "Yams")]
        ),
        // Studies over many runs of a scenario: checkpoint-interval sweeps, strategy comparisons, capacity plans.
        .target(name: "Experiments", dependencies: ["ScenarioLoading", "FleetModel", "FleetPolicy", "SimulationCore", "Stochastics", "Reports", "LocatedYAML"]),
        // CSV read (RFC 4180, with line numbers) and written: scenario inputs and result tables.
        .target(name: "CSV"),
        // Results as files: summary.json, CSVs, written atomically.
        .target(name: "Reports", dependencies: ["SimulationCore", "Stochastics", "CSV"]),
        // The hold model on the engine and on a bare heap, and the fleet at scale, for `fleetsim bench`.
        .target(name: "EngineBenchmarks", dependencies: ["SimulationCore", "Stochastics", "FleetModel"]),
        // The production host of policies: live alerts in, actions (and kubectl plans) out; pure.
        .target(name: "FleetAgent", dependencies: ["FleetPolicy", "LocatedYAML"]),
        // The agent's write-ahead journal (SQLite through GRDB): restarts lose nothing.
        .target(name: "FleetAgentJournal", dependencies: ["FleetAgent", "FleetPolicy", "CSV", .product(name: "GRDB", package: "GRDB.swift")]),
        // The agent over HTTP: Alertmanager webhooks, approvals, /healthz, /metrics.
        .target(
            name: "FleetAgentHTTP",
            dependencies: [
                "FleetAgent", "FleetPolicy", "FleetAgentJournal",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "FleetSimCLI",
            dependencies: [
                "ScenarioLoading", "FleetModel", "FleetPolicy", "Reports", "EngineBenchmarks", "Experiments",
                "FleetAgent", "FleetAgentHTTP", "FleetAgentJournal", "LocatedYAML", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["Stochastics"], path: "Tests/TestSupport"),
        .testTarget(name: "StochasticsTests", dependencies: ["Stochastics", "CGSL", "TestSupport"]),
        .testTarget(name: "FleetPolicyTests", dependencies: ["FleetPolicy"]),
        .testTarget(name: "UnitsTests", dependencies: ["Units"]),
        .testTarget(
            name: "SimulationCoreTests",
            dependencies: [
                "SimulationCore", "EngineBenchmarks", "Stochastics",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .testTarget(name: "FleetModelTests", dependencies: ["FleetModel", "TestSupport"]),
        .testTarget(name: "ScenarioLoadingTests", dependencies: ["ScenarioLoading", "FleetModel", "SimulationCore", "Stochastics"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(
            name: "ExperimentsTests", dependencies: ["Experiments", "ScenarioLoading", "FleetModel", "SimulationCore", "Stochastics"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "FleetSimCLITests", dependencies: ["FleetSimCLI", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "FleetAgentTests", dependencies: ["FleetAgent", "FleetPolicy", "FleetModel", "SimulationCore", "ScenarioLoading"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "FleetAgentHTTPTests",
            dependencies: ["FleetAgentHTTP", "FleetAgent", "FleetAgentJournal", "FleetPolicy", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
    ]
)

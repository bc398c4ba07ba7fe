// swift-tools-version:6.0
//
// libFuzzer harnesses for FleetSim's input readers, kept out of the main package so that its
// ordinary builds never see the fuzzer flags. Build and run (see README.md here):
//
//   swift build -c release --sanitize=fuzzer --sanitize=address
//   .build/release/FuzzScenarioLoader -max_total_time=600 corpus/scenario
import PackageDescription

let package = Package(
    name: "FleetSimFuzz",
    dependencies: [.package(name: "FleetSim", path: "..")],
    targets: [
        .executableTarget(name: "FuzzScenarioLoader", dependencies: [.product(name: "ScenarioLoading", package: "FleetSim")]),
        .executableTarget(name: "FuzzRunbookLoader", dependencies: [.product(name: "FleetPolicy", package: "FleetSim")]),
        .executableTarget(name: "FuzzCSVReader", dependencies: [.product(name: "CSV", package: "FleetSim")]),
        .executableTarget(name: "FuzzAlertmanagerDecoder", dependencies: [.product(name: "FleetAgent", package: "FleetSim")]),
    ]
)

import Foundation
import Testing
import Yams

/// `fleetsim launch kubernetes` writes manifests a 1.33 API server accepts (kubernetes-validate
/// --strict, from PyPI) and that mean what they should: Indexed mode, one shard per completion
/// index, bad input never retried, a merge after the workers.
@Suite(.serialized) struct KubernetesLaunchTests {
    typealias CLI = CommandLineTests

    static func manifest(_ options: [String], study: [String]) async throws -> (text: String, documents: [[String: Any]]) {
        let file = CLI.temporaryDirectory().appendingPathExtension("yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await CLI.fleetsim(["launch", "kubernetes", "--image", "registry.example/fleetsim:0.1.0", "--claim", "fleetsim-shared",
                                        "--manifest", file.path] + options + ["--"] + study)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        let documents = try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
        return (text, documents)
    }

    /// `kubernetes-validate --strict` against the 1.33 schemas, where it is installed (CI installs it).
    static func validate(_ text: String) async throws {
        guard let validator = ["/usr/local/bin", "/usr/bin", ProcessInfo.processInfo.environment["HOME"].map { "\($0)/.local/bin" } ?? ""]
            .map({ "\($0)/kubernetes-validate" }).first(where: FileManager.default.isExecutableFile(atPath:))
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map({ "\($0)/kubernetes-validate" })
                .first(where: FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("kubernetes-validate is not installed (pip install kubernetes-validate)") }
            else { print("KubernetesLaunchTests: kubernetes-validate not installed; schema check skipped (pip install kubernetes-validate)") }
            return
        }
        let file = CLI.temporaryDirectory().appendingPathExtension("yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await CLI.run(URL(fileURLWithPath: validator), ["--strict", "--kubernetes-version", "1.33.0", file.path])
        let report = outcome.stdout + outcome.stderr
        #expect(outcome.status == 0, "\(report)")
        #expect(report.components(separatedBy: "passed for resource").count - 1 == 5, "\(report)")
    }

    static func value(_ document: [String: Any], _ path: String) -> Any? {
        path.split(separator: ".").reduce(document as Any?) { node, key in
            if let index = Int(key), let list = node as? [Any] { return list.indices.contains(index) ? list[index] : nil }
            return (node as? [String: Any])?[String(key)]
        }
    }

    @Test func aRunBecomesAnIndexedJobAndAMergeJob() async throws {
        let study = ["run", "scenarios/mixed-fleet.yaml", "-r", "80", "-o", "/shared/mixed/results"]
        let (text, documents) = try await Self.manifest(["--shards", "8", "--parallelism", "4", "--shard-dir", "/shared/mixed/shards"], study: study)
        try await Self.validate(text)
        #expect(documents.map { $0["kind"] as? String } == ["Job", "ServiceAccount", "Role", "RoleBinding", "Job"])
        let workers = documents[0], merge = documents[4]
        #expect(Self.value(workers, "spec.completionMode") as? String == "Indexed")
        #expect(Self.value(workers, "spec.completions") as? Int == 8)
        #expect(Self.value(workers, "spec.parallelism") as? Int == 4)
        #expect(Self.value(workers, "spec.backoffLimitPerIndex") as? Int == 3)
        #expect(Self.value(workers, "spec.template.spec.restartPolicy") as? String == "Never")
        // Bad input fails its index at once; the rule names the container that runs fleetsim.
        #expect(Self.value(workers, "spec.podFailurePolicy.rules.0.action") as? String == "FailIndex")
        #expect(Self.value(workers, "spec.podFailurePolicy.rules.0.onExitCodes.values") as? [Int] == [1, 64])
        let container = Self.value(workers, "spec.podFailurePolicy.rules.0.onExitCodes.containerName") as? String
        #expect(container == Self.value(workers, "spec.template.spec.containers.0.name") as? String)
        #expect(Self.value(workers, "spec.podFailurePolicy.rules.1.action") as? String == "Ignore")
        // --shards equals completions, and the index reaches fleetsim (JOB_COMPLETION_INDEX, --shard-from-env).
        let arguments = Self.value(workers, "spec.template.spec.containers.0.args") as? [String] ?? []
        #expect(Array(arguments.prefix(study.count)) == study)
        #expect(arguments.firstIndex(of: "--shards").map { arguments[$0 + 1] } == "8")
        #expect(arguments.contains("--shard-from-env") && !arguments.contains("--follow"))
        #expect(arguments.firstIndex(of: "--shard-dir").map { arguments[$0 + 1] } == "/shared/mixed/shards")
        #expect(Self.value(workers, "spec.template.spec.containers.0.volumeMounts.0.mountPath") as? String == "/shared")
        // The merge waits for the workers' Job, then folds the same study.
        let mergeArguments = Self.value(merge, "spec.template.spec.containers.0.args") as? [String] ?? []
        #expect(mergeArguments.contains("--merge") && Array(mergeArguments.prefix(study.count)) == study)
        let wait = Self.value(merge, "spec.template.spec.initContainers.0.args") as? [String] ?? []
        #expect(wait.contains("job/\(Self.value(workers, "metadata.name") as? String ?? "?")") && wait.contains("--for=condition=complete"))
        #expect(Self.value(merge, "spec.template.spec.serviceAccountName") as? String == Self.value(documents[1], "metadata.name") as? String)
    }

    /// The index a pod gets is the shard fleetsim computes.
    @Test func theCompletionIndexPicksTheShard() async throws {
        let base = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let outcome = try await CLI.fleetsim(["run", "scenarios/repair-pool.yaml", "-r", "8", "--horizon", "30d", "--shards", "8", "--shard-from-env",
                                        "--shard-dir", base.path, "-o", base.appendingPathComponent("r").path],
                                       environment: ["JOB_COMPLETION_INDEX": "5", "SLURM_ARRAY_TASK_ID": ""])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path) == ["round-0.shard-5-of-8.jsonl"])
    }

    @Test func aPlanRunsEveryShardAtOnceAndFollowsItsRounds() async throws {
        let study = ["plan", "scenarios/plans/wan-uplink.yaml", "-o", "/data/plan"]
        let (text, documents) = try await Self.manifest(["--shards", "6", "--shard-dir", "/data/plan-shards", "--mount-path", "/data", "--namespace", "capacity"],
                                                  study: study)
        try await Self.validate(text)
        #expect(Self.value(documents[0], "spec.parallelism") as? Int == 6)
        #expect((Self.value(documents[0], "spec.template.spec.containers.0.args") as? [String])?.contains("--follow") == true)
        #expect(documents.allSatisfy { Self.value($0, "metadata.namespace") as? String == "capacity" })
        let refused = try await CLI.fleetsim(["launch", "kubernetes", "--image", "x", "--claim", "c", "--shards", "6", "--parallelism", "2",
                                        "--shard-dir", "/data/s", "--mount-path", "/data", "--"] + study)
        #expect(refused.status == 64 && refused.stderr.contains("all 6 must run at once"), "\(refused.stderr)")
        let outside = try await CLI.fleetsim(["launch", "kubernetes", "--image", "x", "--claim", "c", "--shards", "6", "--shard-dir", "/tmp/s", "--"] + study)
        #expect(outside.status == 64 && outside.stderr.contains("must be an absolute path inside --mount-path /shared"), "\(outside.stderr)")
    }
}

import ArgumentParser
import Foundation
import Stochastics

/// `fleetsim launch kubernetes`: a study's shards as a batch/v1 Indexed Job, and a merge Job that
/// waits for it.
struct KubernetesLaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubernetes",
        abstract: "Write (and optionally apply) a Kubernetes Indexed Job for a study's shards, and a merge Job.",
        discussion: """
            Writes one manifest with: the workers, a batch/v1 Job with completionMode: Indexed and \
            completions: N — pod i computes shard i, taken from JOB_COMPLETION_INDEX \
            (--shard-from-env); backoffLimitPerIndex retries a shard whose pod failed for the \
            infrastructure's reasons, while a podFailurePolicy fails an index at once when \
            FleetSim exits with its bad-input status (1, or 64 for a bad command line), since a \
            bad scenario never gets better; evictions (DisruptionTarget) are not counted. Then a \
            ServiceAccount, Role and RoleBinding that let the merge read Jobs, and the merge Job, \
            whose init container waits (`kubectl wait --for=condition=complete`) for the \
            workers. Shard files live on a PersistentVolumeClaim every pod mounts (ReadWriteMany). \
            A plan or a checkpoint sweep takes several rounds, each decided by the one before: \
            its pods run with --follow (each writes its shard of a round, waits for the others, \
            and goes on to the next), so parallelism must equal N.

            The image is built from the repository's Containerfile: fleetsim with GSL, and the \
            repository's scenarios/ and runbooks/ in its working directory /opt/fleetsim. Put \
            your own scenarios and the results directory (-o) on the shared volume too.

            Example:
              fleetsim launch kubernetes --shards 32 --parallelism 8 --image registry.example/fleetsim:0.1.0 \\
                --claim fleetsim-shared --shard-dir /shared/mixed/shards --manifest mixed.yaml \\
                -- run scenarios/mixed-fleet.yaml -r 320 -o /shared/mixed/results
              kubectl apply -f mixed.yaml
            """
    )

    @OptionGroup var launch: LaunchOptions

    @Option(help: "The container image with fleetsim (see Containerfile).")
    var image: String

    @Option(help: "The PersistentVolumeClaim (ReadWriteMany) that holds shard files and results.")
    var claim: String

    @Option(help: "Where pods mount the claim; --shard-dir must be inside it.")
    var mountPath: String = "/shared"

    @Option(help: "Pods running at once (default: N, at most 16; a plan or checkpoint-sweep needs all N).")
    var parallelism: Int?

    @Option(help: "Retries of one shard after infrastructure failures (backoffLimitPerIndex).")
    var backoffLimitPerIndex: Int = 3

    @Option(help: "CPUs per pod; the study runs on as many threads.")
    var cpus: Int = 1

    @Option(help: "Memory per pod (request and limit), e.g. 2Gi.")
    var memory: String = "2Gi"

    @Option(help: "Name of the workers' Job; the merge Job adds -merge (default: fleetsim-<command>-<hash of the command line>).")
    var name: String?

    @Option(help: "Namespace of every object (default: kubectl's current one).")
    var namespace: String?

    @Option(help: "Image with kubectl, for the merge's wait.")
    var kubectlImage: String = "registry.k8s.io/kubectl:v1.33.0"

    @Option(help: "Write the manifest to this file (default: standard output).")
    var manifest: String?

    @Flag(help: "Also apply the manifest with `kubectl apply -f`.")
    var apply = false

    func validate() throws {
        if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be at least 1 (got \(parallelism)).") }
        if launch.isMultiRound, let parallelism, parallelism != launch.shards {
            throw ValidationError("--parallelism \(parallelism): a \(launch.study[0]) takes several rounds, and its pods wait for each other between rounds (--follow), so all \(launch.shards) must run at once; drop --parallelism or set it to \(launch.shards).")
        }
        if backoffLimitPerIndex < 0 { throw ValidationError("--backoff-limit-per-index must be at least 0.") }
        if cpus < 1 { throw ValidationError("--cpus must be at least 1 (got \(cpus)).") }
        guard mountPath.hasPrefix("/"), launch.shardDir.hasPrefix(mountPath.hasSuffix("/") ? mountPath : mountPath + "/") else {
            throw ValidationError("--shard-dir \(launch.shardDir) must be an absolute path inside --mount-path \(mountPath), on the shared claim.")
        }
        if let name, !Self.isDNSLabel(name, maximum: 57) {
            throw ValidationError("--name '\(name)': expected lower-case letters, digits and '-', at most 57 characters, starting and ending with a letter or digit.")
        }
        if apply && manifest == nil { throw ValidationError("--apply needs --manifest FILE (the file kubectl applies).") }
    }

    static func isDNSLabel(_ text: String, maximum: Int) -> Bool {
        !text.isEmpty && text.count <= maximum && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && text.first != "-" && text.last != "-"
    }

    var jobName: String {
        name ?? "fleetsim-\(launch.study[0])-" + String(StableHash.fnv1a64Hex((launch.study.joined(separator: "\u{0}") + launch.shardDir).utf8).prefix(8))
    }

    /// Pods at once: a study of several rounds needs every shard running (its pods wait for each other).
    var workers: Int { parallelism ?? (launch.isMultiRound ? launch.shards : min(launch.shards, 16)) }

    func run() throws {
        let text = manifestText()
        if let manifest {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: manifest), options: .atomic) } catch {
                throw CLIError("\(manifest): cannot write the manifest (\(error.localizedDescription))")
            }
            print("wrote \(manifest): Indexed Job \(jobName) (\(launch.shards) shards, \(workers) at a time) and merge Job \(jobName)-merge")
        } else {
            print(text, terminator: "")
        }
        guard apply, let manifest else { return }
        guard let kubectl = Subprocess.which("kubectl") else { throw CLIError("kubectl is not on PATH; apply \(manifest) where it is") }
        let outcome = try Subprocess.run(kubectl, ["apply", "-f", manifest])
        guard outcome.status == 0 else {
            throw CLIError("kubectl apply -f \(manifest) failed: \(outcome.stderr.split(separator: "\n").last.map(String.init) ?? "status \(outcome.status)")")
        }
        print(outcome.stdout, terminator: "")
    }

    // MARK: Manifest

    func manifestText() -> String {
        let labels = ["app.kubernetes.io/name: fleetsim", "app.kubernetes.io/component: \(launch.study[0])", "fleetsim/study: \(jobName)"]
        let threads = launch.study.contains("--threads") ? [] : ["--threads", "\(cpus)"]
        let metadata = { (name: String) -> [String] in
            ["metadata:", "  name: \(name)"] + (namespace.map { ["  namespace: \(Self.scalar($0))"] } ?? [])
                + ["  labels:"] + labels.map { "    " + $0 }
        }
        let volume = ["      volumes:", "        - name: shared", "          persistentVolumeClaim:", "            claimName: \(Self.scalar(claim))"]
        func container(_ arguments: [String]) -> [String] {
            ["        - name: fleetsim", "          image: \(Self.scalar(image))", "          workingDir: /opt/fleetsim", "          args:"]
                + arguments.map { "            - \(Self.scalar($0))" }
                + ["          resources:", "            requests:", "              cpu: \"\(cpus)\"", "              memory: \(Self.scalar(memory))",
                   "            limits:", "              memory: \(Self.scalar(memory))",
                   "          volumeMounts:", "            - name: shared", "              mountPath: \(Self.scalar(mountPath))"]
        }
        let command = "fleetsim " + launch.study.map(LaunchOptions.quoted).joined(separator: " ")
        var lines = ["# Written by `fleetsim launch kubernetes` for: \(command)",
                     "# Workers: one pod per shard (JOB_COMPLETION_INDEX = K); then the merge writes the results.",
                     "apiVersion: batch/v1", "kind: Job"]
        lines += metadata(jobName)
        lines += ["spec:", "  completionMode: Indexed", "  completions: \(launch.shards)", "  parallelism: \(workers)",
                  "  backoffLimitPerIndex: \(backoffLimitPerIndex)",
                  "  podFailurePolicy:", "    rules:",
                  "      # FleetSim's bad-input statuses: retrying a bad scenario cannot help.",
                  "      - action: FailIndex", "        onExitCodes:", "          containerName: fleetsim", "          operator: In", "          values: [1, 64]",
                  "      # Evictions and preemptions are the infrastructure's: retry without counting.",
                  "      - action: Ignore", "        onPodConditions:", "          - type: DisruptionTarget", "            status: \"True\"",
                  "  template:", "    metadata:", "      labels:"] + labels.map { "        " + $0 }
        lines += ["    spec:", "      restartPolicy: Never", "      containers:"]
        lines += container(launch.sharded(["--shard-from-env"] + (launch.isMultiRound ? ["--follow"] : []) + threads)) + volume
        let account = "\(jobName)-merge"
        lines += ["---", "apiVersion: v1", "kind: ServiceAccount"] + metadata(account)
        lines += ["---", "apiVersion: rbac.authorization.k8s.io/v1", "kind: Role"] + metadata(account)
            + ["rules:", "  - apiGroups: [batch]", "    resources: [jobs]", "    verbs: [get, list, watch]"]
        lines += ["---", "apiVersion: rbac.authorization.k8s.io/v1", "kind: RoleBinding"] + metadata(account)
            + ["subjects:", "  - kind: ServiceAccount", "    name: \(account)"] + (namespace.map { ["    namespace: \(Self.scalar($0))"] } ?? [])
            + ["roleRef:", "  apiGroup: rbac.authorization.k8s.io", "  kind: Role", "  name: \(account)"]
        lines += ["---", "# The merge: waits for every shard, then writes exactly what a local run writes.",
                  "apiVersion: batch/v1", "kind: Job"] + metadata(account)
        lines += ["spec:", "  backoffLimit: 2", "  template:", "    metadata:", "      labels:"] + labels.map { "        " + $0 }
        lines += ["    spec:", "      restartPolicy: Never", "      serviceAccountName: \(account)", "      initContainers:",
                  "        - name: wait-for-shards", "          image: \(Self.scalar(kubectlImage))",
                  "          args: [wait, --for=condition=complete, --timeout=168h, job/\(jobName)]", "      containers:"]
        lines += container(launch.sharded(["--merge"] + threads)) + volume
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML scalar: plain where that reads back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_./=@+%".contains($0) }
            && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(text.lowercased())
            && Double(text) == nil && Int(text) == nil && !text.hasPrefix("-") && !text.hasPrefix("%") && !text.hasPrefix("@")
        guard !plain else { return text }
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}

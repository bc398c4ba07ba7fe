import ArgumentParser
import Foundation

/// Placeholder replaced below.
struct KubernetesLaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kubernetes", abstract: "Write a Kubernetes Indexed Job for a study's shards, and a merge Job.")
    @OptionGroup var launch: LaunchOptions
    func run() throws {}
}

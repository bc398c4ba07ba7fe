/// A user-facing failure: ArgumentParser prints it as one `Error:` line and exits with status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Units

/// Durations typed on the command line (`--horizon 5y`).
public enum DurationArgument {
    /// Hours in `text` (a number and a unit), or a message saying what was expected.
    public static func hours(_ text: String) -> Result<Double, DurationArgumentError> {
        do {
            let hours = try Quantities.duration(text)
            guard hours > 0 else { return .failure(DurationArgumentError(message: "'\(text)' must be a positive duration")) }
            if let problem = ScenarioLimits.horizonProblem(hours) { return .failure(DurationArgumentError(message: "'\(text)' is \(problem)")) }
            return .success(hours)
        } catch {
            return .failure(DurationArgumentError(message: error.message))
        }
    }
}

public struct DurationArgumentError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

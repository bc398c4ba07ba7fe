import LocatedYAML

/// A problem in a scenario file (see `LocatedError`).
public typealias ScenarioError = LocatedError

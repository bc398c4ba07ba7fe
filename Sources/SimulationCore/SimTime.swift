/// Simulated time and durations, in **hours** since the start of the run.
///
/// A plain `Double` keeps the event loop free of wrapping costs; hours suit the domain, whose
/// delays range from seconds (a GPU reset) to years (a horizon) and stay exact enough in a
/// Double (a 10-year horizon resolves to better than a nanosecond). Scenario files always carry
/// units, converted once at load time (the `Units` module).
public typealias SimTime = Double

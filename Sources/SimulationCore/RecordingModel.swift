/// A model run with every event it handles written down — time and event, in firing order — for
/// a run record that a replay can check event by event. A wrapper rather than a hook in the run
/// loop, so that runs that do not record pay nothing.
public struct RecordingModel<Model: SimulationModel>: SimulationModel {
    public var model: Model
    public private(set) var log: [String] = []

    public init(_ model: Model) { self.model = model }

    public func describe(_ event: Model.Event) -> String { model.describe(event) }

    public mutating func handle(_ event: Model.Event, calendar: inout EventCalendar<Model.Event>) {
        log.append("\(calendar.now) \(model.describe(event))")
        model.handle(event, calendar: &calendar)
    }
}

extension EventCalendar {
    /// Runs `model` as `run(_:until:)` does; with `log` non-nil, records every event into it.
    @discardableResult
    public mutating func run<Model: SimulationModel>(
        _ model: inout Model, until horizon: SimTime, recordingInto log: inout [String]?
    ) -> RunEnd where Model.Event == Payload {
        guard log != nil else { return run(&model, until: horizon) }
        var recording = RecordingModel(model)
        let end = run(&recording, until: horizon)
        model = recording.model
        log = recording.log
        return end
    }
}

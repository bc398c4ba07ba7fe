import FleetModel
import Foundation
import ScenarioLoading
import Stochastics

public struct CalibrationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The scenario a log calibrates, and the component class whose failure and repair processes
/// the log describes. The calibrated scenario is a small file that `extends` this one and sets
/// the class's `time_to_failure` and `repair_time`, so everything else stays the user's.
public struct CalibrationTarget: Sendable {
    public let scenarioPath: String
    public let base: Scenario
    public let classIndex: Int
    public let className: String
    /// Components of the class in the fleet: the log's nodes must be among them.
    public let instances: Int

    /// Loads the scenario at `scenarioPath`; `className` may be omitted when the fleet has one class.
    public init(scenarioPath: String, className: String?) throws(CalibrationError) {
        self.scenarioPath = scenarioPath
        do { base = try ScenarioLoader.load(path: scenarioPath) } catch { throw CalibrationError(error.description) }
        guard case .fleet(let topology) = base.model else {
            throw CalibrationError("\(scenarioPath): a repair_pool scenario has no component classes; calibrate needs a `fleet` scenario")
        }
        let classes = topology.configuration.componentClasses.map(\.name)
        let wanted: String
        if let className {
            wanted = className
        } else if classes.count == 1 {
            wanted = classes[0]
        } else {
            throw CalibrationError("\(scenarioPath) has \(classes.count) component classes (\(classes.joined(separator: ", "))); "
                + "say which one the log describes with --class")
        }
        guard let index = classes.firstIndex(of: wanted) else {
            throw CalibrationError("\(scenarioPath) has no component class '\(wanted)'; its classes: \(classes.joined(separator: ", "))")
        }
        if topology.configuration.trace?.tracedClasses.contains(index) == true {
            throw CalibrationError("\(scenarioPath): class '\(wanted)' replays its failures from incident_trace, so no fitted "
                + "distribution would change it; calibrate a scenario whose class draws its failures")
        }
        classIndex = index
        self.className = wanted
        instances = topology.instanceCount[index]
    }

    /// The calibrated scenario's text: `extends` the base (at `extends`, a path relative to where
    /// the text will be read from) and sets the class's fitted distributions.
    public func overlay(_ fit: Calibration.ClassFit, extends: String, header: String) throws(CalibrationError) -> String {
        var overlay = ScenarioOverlay(extends: extends)
        overlay.top = [("name", base.name + "-calibrated")]
        let path = ["fleet", "component_classes", className]
        if let best = fit.timeToFailure.first { overlay.fields.append((path + ["time_to_failure"], DistributionText.scenarioText(best.distribution))) }
        if let best = fit.repairTime.first { overlay.fields.append((path + ["repair_time"], DistributionText.scenarioText(best.distribution))) }
        do { return try overlay.text(header: header) } catch { throw CalibrationError(error.description) }
    }

    /// The base scenario with the class's fitted distributions, read through the scenario
    /// loader from the overlay text (as a user running the written file gets it).
    public func scenario(_ fit: Calibration.ClassFit) throws(CalibrationError) -> Scenario {
        let url = URL(fileURLWithPath: scenarioPath)
        let text = try overlay(fit, extends: url.lastPathComponent, header: "calibration")
        do {
            return try ScenarioLoader.parse(text, file: scenarioPath + " (calibrated)", baseDirectory: url.deletingLastPathComponent())
        } catch { throw CalibrationError("the calibrated scenario does not load: \(error)") }
    }
}

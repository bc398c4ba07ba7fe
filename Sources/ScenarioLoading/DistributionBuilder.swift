import Foundation
import LocatedYAML
import SimulationCore
import Stochastics
import Units

/// Turns a `DistributionSpec` into a checked `Distribution`, converting units: every family
/// accepts a fixed set of parameter combinations, and anything else is an error that lists them.
struct DistributionBuilder {
    /// Resolves relative paths (CSV files, runbooks, traces) of the scenario file itself.
    let baseDirectory: URL
    /// The directories of the files the scenario extends, by the name errors give them: their
    /// relative paths are relative to them.
    var baseFileDirectories: [String: URL] = [:]

    init(baseDirectory: URL, baseFileDirectories: [String: URL] = [:]) {
        self.baseDirectory = baseDirectory
        self.baseFileDirectories = baseFileDirectories
    }

    /// The directory relative paths in `field` are relative to: its own file's.
    func directory(of field: YAMLField) -> URL { baseFileDirectories[field.file] ?? baseDirectory }

    /// `path` from `field`, resolved against its file's directory unless absolute.
    func resolve(_ path: String, in field: YAMLField) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory(of: field).appendingPathComponent(path)
    }

    /// This builder with `field`'s file's directory as the base, for what `field` refers to.
    func relative(to field: YAMLField) -> DistributionBuilder {
        DistributionBuilder(baseDirectory: directory(of: field), baseFileDirectories: baseFileDirectories)
    }

    static let families = [
        "exponential(mean: 2000h) or exponential(rate: 0.0005/h)",
        "weibull(shape: 0.7, scale: 2000h)",
        "lognormal(median: 4h, sigma: 0.8) or lognormal(mean: 4h, sd: 2h)",
        "gamma(shape: 2, scale: 3h) or gamma(shape: 2, mean: 6h)",
        "normal(mean: 4h, sd: 1h) (truncated at 0)",
        "uniform(min: 1h, max: 3h)",
        "deterministic(4h) or just 4h",
        "empirical(values: [1h, 2h, 5h]) or empirical(csv: \"file.csv\", column: name, unit: h)",
    ]
    static let familyNames = [
        "exponential", "weibull", "lognormal", "gamma", "normal", "uniform", "deterministic",
        "empirical",
    ]

    func build(_ spec: DistributionSpec) throws(QuantityError) -> Distribution {
        let family = spec.family.lowercased()
        var arguments: [String: DistributionSpec.Argument] = [:]
        for (position, argument) in spec.arguments.enumerated() {
            let name = argument.name ?? (position == 0 ? "value" : "#\(position)")
            guard arguments.updateValue(argument.value, forKey: name) == nil else {
                throw QuantityError("\(family): parameter '\(name)' is given twice")
            }
        }
        let keys = Set(arguments.keys)
        func atom(_ name: String) throws(QuantityError) -> String {
            guard case .atom(let text)? = arguments[name] else {
                throw QuantityError("\(family): parameter '\(name)' must be a single value")
            }
            return text
        }
        func duration(_ name: String) throws(QuantityError) -> Double {
            try Quantities.duration(try atom(name))
        }
        func number(_ name: String) throws(QuantityError) -> Double {
            let text = try atom(name)
            guard let value = Quantities.number(text) else {
                throw QuantityError("\(family): parameter '\(name)' is '\(text)'; expected a plain number (no unit)")
            }
            return value
        }
        func unexpected(_ forms: String) -> QuantityError {
            let given = keys.sorted().joined(separator: ", ")
            return QuantityError("\(family) takes \(forms); got parameters (\(given))")
        }

        let distribution: Distribution
        switch family {
        case "exponential":
            if keys == ["mean"] {
                distribution = .exponential(mean: try duration("mean"))
            } else if keys == ["rate"] {
                let rate = try Quantities.rate(try atom("rate"))
                guard rate > 0 else { throw QuantityError("exponential rate is \(try atom("rate")); expected a positive rate") }
                distribution = .exponential(mean: 1 / rate)
            } else { throw unexpected("(mean) or (rate)") }
        case "weibull":
            guard keys == ["shape", "scale"] else { throw unexpected("(shape, scale)") }
            distribution = .weibull(shape: try number("shape"), scale: try duration("scale"))
        case "lognormal":
            if keys == ["median", "sigma"] {
                let median = try duration("median")
                guard median > 0 else { throw QuantityError("lognormal median is \(median) h; expected a positive duration") }
                distribution = .lognormal(mu: log(median), sigma: try number("sigma"))
            } else if keys == ["mean", "sd"] {
                let mean = try duration("mean"), sd = try duration("sd")
                guard mean > 0, sd > 0 else { throw QuantityError("lognormal mean and sd must be positive durations; got \(mean) h, \(sd) h") }
                let sigma2 = log(1 + sd * sd / (mean * mean))
                distribution = .lognormal(mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
            } else { throw unexpected("(median, sigma) or (mean, sd)") }
        case "gamma":
            if keys == ["shape", "scale"] {
                distribution = .gamma(shape: try number("shape"), scale: try duration("scale"))
            } else if keys == ["shape", "mean"] {
                let shape = try number("shape")
                distribution = .gamma(shape: shape, scale: try duration("mean") / shape)
            } else { throw unexpected("(shape, scale) or (shape, mean)") }
        case "normal":
            guard keys == ["mean", "sd"] else { throw unexpected("(mean, sd)") }
            distribution = .truncatedNormal(mean: try duration("mean"), sd: try duration("sd"))
        case "uniform":
            guard keys == ["min", "max"] else { throw unexpected("(min, max)") }
            distribution = .uniform(min: try duration("min"), max: try duration("max"))
        case "deterministic", "fixed":
            guard keys == ["value"] else { throw unexpected("one value, e.g. deterministic(4h)") }
            distribution = .deterministic(try duration("value"))
        case "empirical":
            distribution = .empirical(EmpiricalSample(try empiricalValues(arguments, keys: keys)))
        default:
            var message = "unknown distribution family '\(spec.family)'"
            if let suggestion = Spelling.closest(to: family, among: Self.familyNames) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw QuantityError(message + " Expected one of: " + Self.families.joined(separator: "; "))
        }
        do {
            try distribution.validate()
        } catch {
            throw QuantityError(error.description)
        }
        return distribution
    }

    private func empiricalValues(
        _ arguments: [String: DistributionSpec.Argument], keys: Set<String>
    ) throws(QuantityError) -> [Double] {
        if keys == ["values"], case .list(let items)? = arguments["values"] {
            var values: [Double] = []
            for item in items { values.append(try Quantities.duration(item)) }
            guard !values.isEmpty else { throw QuantityError("empirical values list is empty; expected at least one duration") }
            return values
        }
        guard keys == ["csv", "column", "unit"],
              case .atom(let path)? = arguments["csv"],
              case .atom(let column)? = arguments["column"],
              case .atom(let unitText)? = arguments["unit"]
        else {
            throw QuantityError("empirical takes (values: [durations]) or (csv: \"file.csv\", column: name, unit: h)")
        }
        guard let unit = TimeUnit(spelling: unitText) else {
            throw QuantityError("empirical unit '\(unitText)' is unknown; expected one of \(Quantities.unitList)")
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
        return try CSVColumn.read(url: url, displayPath: path, column: column).map { $0 * unit.hours }
    }
}

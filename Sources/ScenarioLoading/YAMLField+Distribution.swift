import LocatedYAML
import Stochastics
import Yams

extension YAMLField {
    /// A distribution in either form: `weibull(shape: 0.7, scale: 2000h)` or a mapping with a
    /// `family` key and the same parameters.
    func distribution(_ builder: DistributionBuilder) throws(ScenarioError) -> Distribution {
        let spec: DistributionSpec
        switch node {
        case .scalar(let scalar):
            do { spec = try DistributionSpec.parse(scalar.string) } catch { throw self.error(error.message) }
        case .mapping(let mapping):
            var family: String?
            var arguments: [(name: String?, value: DistributionSpec.Argument)] = []
            for (keyNode, valueNode) in mapping {
                let key = keyNode.scalar?.string ?? ""
                let field = child(valueNode, key: key)
                if key == "family" {
                    family = try field.string()
                } else if case .sequence = valueNode {
                    var items: [String] = []
                    for item in try field.sequence(expected: "values") {
                        items.append(try item.scalar(expected: "a duration"))
                    }
                    arguments.append((key, .list(items)))
                } else {
                    arguments.append((key, .atom(try field.scalar(expected: "a value"))))
                }
            }
            guard let family else {
                throw error("missing 'family'; expected e.g. {family: weibull, shape: 0.7, scale: 2000h}")
            }
            spec = DistributionSpec(family: family, arguments: arguments)
        default:
            throw error("expected a distribution such as exponential(mean: 2000h), found \(kindName)")
        }
        do { return try builder.relative(to: self).build(spec) } catch { throw self.error("'\(text)': \(error.message)") }
    }

    /// The node's source text for messages (scalars verbatim, structures by kind).
    private var text: String {
        if case .scalar(let scalar) = node { return scalar.string }
        return kindName
    }
}

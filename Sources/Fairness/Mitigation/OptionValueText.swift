import Datasets
import Learning

extension OptionValue {
    /// The value as a person reads it in a mitigator's description: `0.5`, `fnr`, `{sex, race}`, `{-0.05, 0.05}`.
    public var text: String {
        switch self {
        case let .number(d): return formatNumber(d)
        case let .integer(i): return String(i)
        case let .boolean(b): return String(b)
        case let .text(s): return s
        case let .texts(list): return "{" + list.joined(separator: ", ") + "}"
        case let .pair(a, b): return "{\(formatNumber(a)), \(formatNumber(b))}"
        case let .object(o):
            if let layer = o as? any Layer { return String(layer.description.prefix { $0 != "\n" }) }
            return String(describing: type(of: o))
        }
    }
}

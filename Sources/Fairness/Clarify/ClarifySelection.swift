import Datasets

/// How SageMaker Clarify picks rows of a column: `facet_values_or_threshold` / `label_values_or_threshold`.
/// Values select the rows whose value (a category, or a number's text) is among them; a threshold t selects
/// the rows with value > t (Clarify's interval (t, max]).
public enum ClarifySelection: Sendable, Equatable {
    /// Rows whose value is one of these.
    case values([String])
    /// Rows whose numeric value is above this.
    case threshold(Double)

    /// Which rows of `column` (named `name`, for messages) are selected; an error when none or, with
    /// `requireRest`, every row is (Clarify's "facet set is empty" / "negated facet set is empty").
    public func rows(of column: Column, named name: String, requireRest: Bool) throws -> [Bool] {
        let selected: [Bool]
        switch self {
        case let .values(wanted):
            guard !wanted.isEmpty else { throw FairnessError.invalid("'\(name)': no value given to select rows") }
            let c = Dataset.categories(column)
            let inside = c.levels.map { wanted.contains($0) }
            selected = c.codes.map { $0 >= 0 && inside[Int($0)] }
            if let missing = wanted.first(where: { !c.levels.contains($0) }) {
                throw FairnessError.invalid("value '\(missing)' matches no row of '\(name)'; its values are: \(c.levels.joined(separator: ", "))")
            }
        case let .threshold(t):
            guard case let .numeric(values) = column else {
                throw FairnessError.invalid("'\(name)' is categorical: give its values (a string or a list), not the threshold \(TextTable.format(t))")
            }
            guard t.isFinite else { throw FairnessError.invalid("'\(name)': the threshold must be a finite number") }
            selected = values.map { $0 > t }
        }
        guard selected.contains(true) else { throw FairnessError.invalid("\(description) selects no row of '\(name)'") }
        if requireRest && !selected.contains(false) {
            throw FairnessError.invalid("\(description) selects every row of '\(name)': the other facet is empty")
        }
        return selected
    }

    /// Clarify's text of the selection: "Female", "Female,Other" or "(40, inf)".
    public var description: String {
        switch self {
        case let .values(v): v.joined(separator: ",")
        case let .threshold(t): "(\(TextTable.format(t)), inf)"
        }
    }

    /// The most values of a numeric facet compared one by one when no selection is given.
    public static let maximumLevels = 10

    /// Clarify's default facet selections: one per value of `column` in order of appearance, each against the rest
    /// (an error for a column with a single value, or a numeric one with more than `maximumLevels` values).
    public static func each(of column: Column, named name: String) throws -> [ClarifySelection] {
        let c = Dataset.categories(column)
        var seen = Set<Int32>(), order: [Int32] = []     // pandas' unique(): in order of first appearance
        for code in c.codes where code >= 0 && seen.insert(code).inserted { order.append(code) }
        guard order.count >= 2 else {
            throw FairnessError.invalid("facet '\(name)' has only \(order.first.map { "one value (\(c.levels[Int($0)]))" } ?? "missing values"): there is no other facet to compare with")
        }
        if case .numeric = column, order.count > maximumLevels {
            throw FairnessError.invalid("facet '\(name)' is numeric with \(order.count) values: give facet_values_or_threshold (a number t selects the rows above t)")
        }
        return order.map { .values([c.levels[Int($0)]]) }
    }
}

import Datasets

/// The rows of a multiclass task as fairness needs them: class names, each row's class id and each row's
/// group (an image folder's classes and groups, or a table's class column and sensitive column).
public struct GroupedClasses {
    /// Class names; a label is an index into them.
    public let classes: [String]
    /// Each row's class id.
    public let labels: [Int]
    /// Each row's group (code −1: none).
    public let groups: CategoricalColumn

    /// Checks that there is one group entry per label, labels name classes, and some row has a group.
    public init(classes: [String], labels: [Int], groups: CategoricalColumn) throws {
        guard groups.codes.count == labels.count else { throw FairnessError.lengthMismatch("groups", groups.codes.count, "labels", labels.count) }
        guard classes.count >= 2 else { throw FairnessError.invalid("multiclass fairness needs at least two classes, got \(classes.count)") }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes.count }) {
            throw FairnessError.invalid("label \(bad) is not a class id (0..\(classes.count - 1); classes: \(classes.joined(separator: ", ")))")
        }
        guard !groups.levels.isEmpty, groups.codes.contains(where: { $0 >= 0 }) else {
            throw FairnessError.invalid("the rows have no groups; open image folders with groups='groups.csv' or groups='folder'")
        }
        self.classes = classes
        self.labels = labels
        self.groups = groups
    }

    /// An image folder's classes, labels and groups.
    public init(_ folder: ImageFolder) throws {
        try self.init(classes: folder.classes, labels: folder.labels, groups: folder.groups)
    }

    /// Each row's index into `names` (−1 for rows without a group or in a group not named).
    public func codes(in names: [String]) -> [Int] {
        let position = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return groups.codes.map { $0 < 0 ? -1 : position[groups.levels[Int($0)]] ?? -1 }
    }

    /// Rows without a group.
    var ungrouped: Int { groups.codes.filter { $0 < 0 }.count }
}

import Datasets
@testable import Fairness
import Foundation

/// Tests/fixtures/multiclass/multiclass_reference.json (Tests/reference/generate_multiclass.py) and the digits folders.
enum MulticlassReference {
    /// The reference values, parsed.
    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/../fixtures/multiclass/multiclass_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// The digits entry of the reference.
    static var digits: [String: Any] { json["digits"] as? [String: Any] ?? [:] }

    /// One-hot class probabilities for predicted class ids.
    static func oneHot(_ predictions: [Int], classes: Int) -> [[Double]] {
        predictions.map { p in (0..<classes).map { $0 == p ? 1 : 0 } }
    }

    /// A digits folder ("train" or "test") with its ink groups.
    static func folder(_ part: String) throws -> GroupedClasses {
        try GroupedClasses(try ImageFolder(directory: Reference.directory + "/../fixtures/digits/" + part, groups: .manifest("groups.csv")))
    }
}

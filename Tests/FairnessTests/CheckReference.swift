import Datasets
import Fairness
import Foundation
import TestSupport

/// check_reference.json (Tests/reference/generate_check.py: dalex 1.8 and aequitas 1.1) and the data it was computed on.
enum CheckReference {
    /// The parsed file.
    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/check_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// The case `name` of `section` ("checks" or "disparities").
    static func entry(_ section: String, _ name: String) -> [String: Any] {
        (json[section] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// `table[outer][inner]` as a number (NaN for JSON null, nil when absent).
    static func number(_ table: Any?, _ outer: String, _ inner: String) -> Double? {
        let node = ((table as? [String: Any])?[outer] as? [String: Any])?[inner]
        if node is NSNull { return .nan }
        return (node as? NSNumber)?.doubleValue
    }

    /// `table[outer][inner]` as a determination (nil for JSON null).
    static func determination(_ table: Any?, _ outer: String, _ inner: String) -> Bool?? {
        let node = ((table as? [String: Any])?[outer] as? [String: Any])?[inner]
        if node is NSNull { return .some(nil) }
        return (node as? Bool).map { .some($0) }
    }

    /// Labels, scores and the groups of `attribute` for "adult" or "compas" (COMPAS needs the external data).
    static func inputs(_ data: String, _ attribute: String) throws -> (labels: [UInt8], scores: [Double], groups: GroupIndex) {
        if data == "adult" {
            let t = try Reference.adult()
            return (try Reference.numbers(t, "y_true").map { $0 == 1 ? 1 : 0 }, try Reference.numbers(t, "score"),
                    try GroupIndex(features: [Reference.feature(t, attribute)]))
        }
        let compas = try Compas.load(try TestData.file("compas-scores-two-years.csv"))
        var options = CSVOptions()
        options.numeric = ["y_pred", "score"]
        let preds = try CSVReader.read(Reference.directory + "/compas_predictions.csv", options: options).table
        let c = try compas.sensitiveColumn(attribute)
        return (try compas.labels().map { $0 == 1 ? 1 : 0 }, try Reference.numbers(preds, "score"),
                try GroupIndex(features: [(attribute, c.levels, c.codes)]))
    }
}

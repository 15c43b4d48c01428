import Datasets
import Fairness
import Foundation

/// The committed reference values (Tests/reference/generate_fairness.py) and the data they were computed on.
enum Reference {
    static let directory = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference"

    /// fairness_reference.json, parsed.
    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: directory + "/fairness_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// Tests/fixtures/detection/detection_reference.json (Tests/reference/generate_detection.py), parsed.
    nonisolated(unsafe) static let detection: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: directory + "/../fixtures/detection/detection_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// The value at a path of keys (NaN for JSON null).
    static func value(_ path: String...) -> Double? {
        var node: Any? = json
        for key in path { node = (node as? [String: Any])?[key] }
        if node is NSNull { return .nan }
        return (node as? NSNumber)?.doubleValue
    }

    /// The table at a path of keys.
    static func table(_ path: String...) -> [String: Any] {
        var node: Any? = json
        for key in path { node = (node as? [String: Any])?[key] }
        return node as? [String: Any] ?? [:]
    }

    /// adult_predictions.csv.
    static func adult() throws -> Table {
        var options = CSVOptions()
        options.categorical = ["sex", "race"]
        return try CSVReader.read(directory + "/adult_predictions.csv", options: options).table
    }

    /// A numeric column as Doubles.
    static func numbers(_ table: Table, _ name: String) throws -> [Double] {
        guard case let .numeric(values) = table.columns[try table.index(of: name)] else { return [] }
        return values
    }

    /// A categorical column as group features.
    static func feature(_ table: Table, _ name: String) throws -> (name: String, levels: [String], codes: [Int32]) {
        let c = Dataset.categories(table.columns[try table.index(of: name)])
        return (name, c.levels, c.codes)
    }
}

/// Asserts that two numbers agree to `tolerance` (absolute), NaN matching NaN.
func close(_ a: Double, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
    guard let b else { return false }
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

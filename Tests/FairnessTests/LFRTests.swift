import Datasets
@testable import Fairness
import Foundation
import Learning
import XCTest

/// LFR against AIF360 0.6.1's LFR and SciPy (Tests/reference/generate_lfr.py, section "lfr": 400 synthetic rows,
/// 5 features, k 3, Ax 0.01, Ay 1, Az 50, seed 1).
final class LFRTests: XCTestCase {
    nonisolated(unsafe) static let reference: [String: Any] = {
        guard let data = FileManager.default.contents(atPath: Reference.directory + "/lfr_reference.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object["lfr"] as? [String: Any] ?? [:]
    }()

    func numbers(_ key: String, in table: [String: Any] = reference) throws -> [Double] { try XCTUnwrap(table[key] as? [Double], key) }

    func model(_ gradient: LFR.Gradient = .exact) throws -> LFR {
        try LFR(k: 3, ax: 0.01, ay: 1, az: 50, seed: 1, gradient: gradient)
    }

    func objective() throws -> LFR.Objective {
        try LFR.Objective(x: try numbers("features"), d: 5, y: try numbers("labels"), inGroupB: try numbers("group").map { $0 == 1 },
                          k: 3, ax: 0.01, ay: 1, az: 50)
    }

    func fitted(_ gradient: LFR.Gradient) throws -> LFR {
        var lfr = try model(gradient)
        try lfr.fit(features: try numbers("features"), d: 5, labels: try numbers("labels"), inGroupB: try numbers("group").map { $0 == 1 })
        return lfr
    }

    /// Compares parameters, objective, reconstructions and predictions with one of the reference runs.
    func compare(_ lfr: LFR, _ run: String, parameters: Double, features: Double, objective: Double,
                 file: StaticString = #filePath, line: UInt = #line) throws {
        let ref = try XCTUnwrap(Self.reference[run] as? [String: Any])
        let w = try numbers("w", in: ref), v = try numbers("prototypes", in: ref)
        for j in w.indices { XCTAssertEqual(lfr.weights[j], w[j], accuracy: parameters, "\(run) w[\(j)]", file: file, line: line) }
        for j in v.indices { XCTAssertEqual(lfr.prototypes[j], v[j], accuracy: parameters, "\(run) v[\(j)]", file: file, line: line) }
        XCTAssertEqual(try XCTUnwrap(lfr.optimization).value, try XCTUnwrap(ref["objective"] as? Double), accuracy: objective, run, file: file, line: line)
        let (xhat, scores) = try lfr.represent(try numbers("features"), d: 5)
        let expected = try numbers("features", in: ref)
        XCTAssertLessThanOrEqual(zip(xhat, expected).map { abs($0 - $1) }.max() ?? .infinity, features, run, file: file, line: line)
        let refScores = try numbers("scores", in: ref)
        XCTAssertLessThanOrEqual(zip(scores, refScores).map { abs($0 - $1) }.max() ?? .infinity, features, run, file: file, line: line)
        XCTAssertEqual(scores.map { $0 > 0.5 ? 1.0 : 0.0 }, try numbers("labels", in: ref), run, file: file, line: line)
    }

    func testTheSeedGivesAIF360sStartingPoint() throws {
        for (a, b) in zip(try model().initialParameters(features: 5), try numbers("start")) { XCTAssertEqual(a, b, accuracy: 1e-15) }
    }

    func testObjectiveAndExactGradientAtTheStart() throws {
        let (value, gradient) = try objective().valueAndGradient(try numbers("start"))
        XCTAssertEqual(value, try XCTUnwrap(Self.reference["objective_start"] as? Double), accuracy: 1e-12)
        for (a, b) in zip(gradient, try numbers("gradient_start")) { XCTAssertEqual(a, b, accuracy: 1e-10) }
    }

    /// With the exact gradient FairLua and SciPy take the same L-BFGS-B path (compared after 15 iterations; later
    /// the paths part on this non-convex, non-smooth objective), and both converge to local minima of similar value.
    func testExactGradientMatchesSciPy() throws {
        var lfr = try LFR(k: 3, ax: 0.01, ay: 1, az: 50, seed: 1, maxIterations: 15)
        try lfr.fit(features: try numbers("features"), d: 5, labels: try numbers("labels"), inGroupB: try numbers("group").map { $0 == 1 })
        try compare(lfr, "exact", parameters: 1e-6, features: 1e-6, objective: 1e-9)
        let ref = try XCTUnwrap(Self.reference["exact"] as? [String: Any])
        let converged = try XCTUnwrap(try fitted(.exact).optimization)
        XCTAssertEqual(converged.value, try XCTUnwrap(ref["converged_objective"] as? Double), accuracy: 0.02)
    }

    /// With forward differences (AIF360's fmin_l_bfgs_b call) FairLua reproduces AIF360's run, which stops early
    /// when the line search fails on the noisy gradient.
    func testForwardDifferencesReproduceAIF360() throws {
        let lfr = try fitted(.forward)
        try compare(lfr, "aif360", parameters: 1e-4, features: 1e-4, objective: 1e-6)
        XCTAssertLessThan(try XCTUnwrap(try fitted(.exact).optimization).value, try XCTUnwrap(lfr.optimization).value)
    }

    /// A dataset of the reference rows: features a, b, c, e, the group column sensitive, label y.
    func dataset(groups: [String]? = nil) throws -> Dataset {
        let x = try numbers("features"), n = x.count / 5
        let group = try numbers("group")
        var names = ["a", "b", "c", "e"], columns = (0..<4).map { f in Column.numeric((0..<n).map { x[$0 * 5 + f] }) }
        names += ["group", "y"]
        columns.append(.categorical(CategoricalColumn(values: (0..<n).map { groups?[$0 % groups!.count] ?? (group[$0] == 1 ? "b" : "a") })))
        columns.append(.numeric(try numbers("labels")))
        return try Dataset(table: Table(names: names, columns: columns), label: "y", positive: ["1"], sensitive: ["group"])
    }

    func testDatasetFitAndTransform() throws {
        let ds = try dataset()
        var lfr = try model()
        try lfr.fit(ds)
        let out = try lfr.transform(ds)
        XCTAssertEqual(out.table.names.sorted(), ["a", "b", "c", "e", "group", "y"])
        let scores = try lfr.scores(ds)
        XCTAssertEqual(try out.labels().map { $0 == 1 }, scores.map { $0 > 0.5 })
        // The representation is the one the matrix fit gives on the four features.
        let x = try numbers("features")
        let four = (0..<ds.count).flatMap { i in (0..<4).map { Double(Float(x[i * 5 + $0])) } }   // encoded in Float32
        var direct = try model()
        try direct.fit(features: four, d: 4, labels: try numbers("labels"), inGroupB: try numbers("group").map { $0 == 1 })
        XCTAssertEqual(lfr.prototypes, direct.prototypes)
        guard case let .numeric(a) = try out.column("a") else { return XCTFail("a is numeric") }
        let (xhat, _) = try direct.represent(four, d: 4)
        XCTAssertEqual(a[7], xhat[7 * 4], accuracy: 1e-6)
    }

    func testASingleGroupIsAnError() throws {
        var lfr = try model()
        XCTAssertThrowsError(try lfr.fit(try dataset(groups: ["only"]))) { XCTAssertTrue("\($0)".contains("single group"), "\($0)") }
        XCTAssertThrowsError(try lfr.fit(try dataset(groups: ["x", "y", "z"]))) { XCTAssertTrue("\($0)".contains("privileged"), "\($0)") }
        var chosen = try LFR(k: 2, maxIterations: 5, privileged: "z")
        XCTAssertNoThrow(try chosen.fit(try dataset(groups: ["x", "y", "z"])))
        XCTAssertThrowsError(try model().transform(try dataset()))
        XCTAssertThrowsError(try LFR(k: 0))
        XCTAssertThrowsError(try LFR(az: -1))
        XCTAssertThrowsError(try LFR(seed: -1))
        XCTAssertThrowsError(try LFR(threshold: 2))
    }

    func testRegisteredForMitigateAndSweep() throws {
        let method = try MitigationRegistry.method("lfr")
        guard case let .pre(p) = try method.make(["k": .integer(3), "Az": .number(10), "seed": .integer(1)]) else { return XCTFail("a pre-processor") }
        XCTAssertTrue(p.changesFeatures)
        XCTAssertEqual(Sweep.defaultGrids["lfr"]?.parameter, "Az")
        XCTAssertThrowsError(try method.make(["gradient": .text("central")]))
    }
}

extension LFRTests {
    func testSweepOverAz() throws {
        let ds = try dataset()
        let baseline = try FittedModel.fit(LogisticRegression(), on: ds)
        let sweep = try Sweep.run(baseline: baseline, train: ds, test: ds, methods: ["lfr"], grids: ["lfr": [0, 50]], seed: 1)
        XCTAssertEqual(sweep.points.map(\.value), [0, 50])
        XCTAssertLessThan(sweep.points[1].gap, sweep.points[0].gap)
    }
}

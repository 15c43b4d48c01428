import Datasets
@testable import Fairness
import Foundation
import XCTest

/// Audit states: sharded in any way and merged, they give exactly the single-pass report, intervals included.
final class AuditStateTests: XCTestCase {
    let header = "id,y,p,score,sex,race,w"

    /// `n` deterministic rows: three races × two sexes, scores on a 1/1000 grid, weights in (0, 3].
    func rows(_ n: Int) -> [String] {
        var rng = SystemRandomNumberGenerator.Seeded(1)
        return (0..<n).map { i in
            let sex = rng.below(2) == 0 ? "F" : "M", race = ["a", "b", "c"][rng.below(3)]
            let score = Double(rng.below(1001)) / 1000
            let y = Double(rng.below(1000)) / 1000 < score ? 1 : 0, p = score >= 0.5 ? 1 : 0
            return "\(i),\(y),\(p),\(score),\(sex),\(race),\(Double(1 + rng.below(300)) / 100)"
        }
    }

    var options: Audit.Options {
        var o = Audit.Options(label: "y", prediction: "p", sensitive: ["sex", "race"], metrics: ["selection_rate", "tpr", "fpr", "accuracy"])
        o.score = "score"
        o.weight = "w"
        o.buckets = 1000
        o.bootstrap = 40
        o.seed = 7
        return o
    }

    func file(_ lines: [String], header: Bool = true) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-state-\(getpid())-\(UUID().uuidString).csv").path
        try ((header ? [self.header] : []) + lines).map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func state(_ lines: [String], _ o: Audit.Options? = nil) throws -> AuditState {
        let path = try file(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try AuditState.read(path, options: o ?? options, source: "data.csv")
    }

    func report(_ s: AuditState) throws -> String {
        let audit = try Audit(state: s, metric: { try XCTUnwrap(Metrics.builtIn($0)) })
        return "\(audit.overall) \(audit.byGroup) \(audit.difference) \(audit.ratio) \(audit.tests.map(\.pValue)) \(audit.findings.map(\.message)) "
            + "\(String(describing: audit.intervals?.byGroup)) \(String(describing: audit.intervals?.difference))"
    }

    func testShardsMergeToTheSinglePassReportExactly() throws {
        let all = rows(3000)
        let single = try state(all)
        let expected = try report(single)
        var rng = SystemRandomNumberGenerator.Seeded(2)
        for k in [1, 2, 3, 7] {
            let shuffled = all.shuffled(using: &rng)
            // uneven cuts: shard j gets a share growing with j
            let total = k * (k + 1) / 2
            var shards: [[String]] = [], start = 0
            for j in 1...k {
                let end = j == k ? shuffled.count : start + shuffled.count * j / total
                shards.append(Array(shuffled[start..<end]))
                start = end
            }
            let states = try shards.map { try state($0) }
            let merged = try AuditState.merged(states.reversed())
            XCTAssertEqual(merged.groups, single.groups, "k = \(k)")
            XCTAssertEqual(try report(merged), expected, "k = \(k)")
        }
    }

    func testStateRoundTripsThroughJSONAndSizeDoesNotGrowWithRows() throws {
        let s = try state(rows(500))
        let text = try s.encoded()
        XCTAssertEqual(try AuditState.decode(Array(text.utf8), name: "s.json"), s)
        // The arrays do not grow with rows: at most 45 bytes a cell (a 39-digit sum, quotes, comma) per group.
        let o = options, bigger = try state(rows(16000)).encoded()
        XCTAssertLessThan(bigger.utf8.count, 6 * (2 * o.buckets + 4 * o.bootstrap + 16) * 45 + 4096)
    }

    func testBadStatesAreClearErrors() throws {
        let text = Array(try state(rows(50)).encoded().utf8)
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try AuditState.decode(bytes, name: "s.json"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message(Array(text.prefix(text.count / 2))), "s.json: not a FairLua audit state (the JSON is truncated or invalid)")
        let v2 = String(decoding: text, as: UTF8.self).replacingOccurrences(of: "\"version\":1", with: "\"version\":2")
        XCTAssertEqual(message(Array(v2.utf8)), "s.json: audit state version 2; this FairLua reads version 1")
        let buckets = String(decoding: text, as: UTF8.self).replacingOccurrences(of: "\"buckets\":1000", with: "\"buckets\":10")
        XCTAssertTrue(message(Array(buckets.utf8)).contains("20 histogram buckets (2 × buckets 10)"), message(Array(buckets.utf8)))
        XCTAssertEqual(message(Array("{\"format\": \"other\"}".utf8)), "s.json: not a FairLua audit state (its format is 'other', expected 'fairlua.audit-state')")
        XCTAssertThrowsError(try AuditState.merged([])) { XCTAssertEqual("\($0)", "merge: no audit states given (give one or more state files)") }
    }

    func testMergingDifferentOptionsOrHeadersNamesTheDifference() throws {
        var a = try state(rows(20)), o = options
        o.seed = 8
        XCTAssertThrowsError(try a.merge(try state(rows(20), o))) { XCTAssertEqual("\($0)", "cannot merge audit states made with different seed: 7 vs 8") }
        o = options
        o.buckets = 100
        XCTAssertThrowsError(try a.merge(try state(rows(20), o))) { XCTAssertEqual("\($0)", "cannot merge audit states made with different bucket count: 1000 vs 100") }
        var b = try state(rows(20))
        b.columns.swapAt(0, 1)
        XCTAssertThrowsError(try a.merge(b)) { XCTAssertTrue("\($0)".contains("different headers: id,y,p,score,sex,race,w vs y,id,p")) }
    }

    func testHeaderlessStreamsAndEmptyPartitions() throws {
        var o = options
        o.names = header.split(separator: ",").map(String.init)
        let lines = rows(100)
        let path = try file(lines, header: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try AuditState.read(path, options: o, source: "data.csv"), try state(lines))
        let empty = try file([], header: false)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        XCTAssertEqual(try AuditState.read(empty, options: o, source: "data.csv").rows, 0)
        let headed = try file(lines)
        defer { try? FileManager.default.removeItem(atPath: headed) }
        XCTAssertThrowsError(try AuditState.read(headed, options: o)) { XCTAssertTrue("\($0)".contains(":1: the data starts with a header line although --header gave the names")) }
    }

    func testTwoHalvesOnTwoThreadsGiveTheSequentialState() throws {
        let lines = rows(2000)
        let path = try file(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let halves = try XCTUnwrap(try AuditHalves.read(path, options: options, name: "data.csv", minimumSize: 0))
        XCTAssertEqual(halves, try state(lines))
        // a bad row in the second half is reported at its line in the file
        let bad = try file(lines + ["2000,,1,0.5,F,a,1"])
        defer { try? FileManager.default.removeItem(atPath: bad) }
        XCTAssertThrowsError(try AuditHalves.read(bad, options: options, name: "bad.csv", minimumSize: 0)) {
            XCTAssertEqual("\($0)", "bad.csv:2002: column 'y' is empty")
        }
        // quoted fields: the sequential reader decides
        let quoted = try file(lines + ["2000,1,1,0.5,\"F\",a,1"])
        defer { try? FileManager.default.removeItem(atPath: quoted) }
        XCTAssertNil(try AuditHalves.read(quoted, options: options, name: "q.csv", minimumSize: 0))
    }

    func testHistogramAUCMatchesThePairwiseAUCOnGridScores() throws {
        var o = options
        o.weight = nil
        o.bootstrap = 0
        o.buckets = 2000   // scores on the 1/1000 grid fall in distinct buckets
        let lines = rows(400)
        let audit = try Audit(state: try state(lines, o), metric: { try XCTUnwrap(Metrics.builtIn($0)) })
        let parsed = lines.map { $0.split(separator: ",") }.map { (y: Int($0[1])!, s: Double($0[3])!) }
        let pos = parsed.filter { $0.y == 1 }.map(\.s), neg = parsed.filter { $0.y == 0 }.map(\.s)
        var wins = 0.0
        for p in pos { for n in neg { wins += p > n ? 1 : p == n ? 0.5 : 0 } }
        let auc = try XCTUnwrap(audit.metricNames.firstIndex(of: "roc_auc"))
        XCTAssertEqual(audit.overall[auc], wins / Double(pos.count * neg.count), accuracy: 1e-12)
    }

    func testPoissonWeightsHaveMeanAndVarianceOne() {
        var sum = 0.0, squares = 0.0
        for i in 0..<20000 {
            let k = Double(AuditBootstrap.weight(AuditBootstrap.mix(UInt64(i)), replicate: i % 7))
            sum += k
            squares += k * k
        }
        let mean = sum / 20000
        XCTAssertEqual(mean, 1, accuracy: 0.03)
        XCTAssertEqual(squares / 20000 - mean * mean, 1, accuracy: 0.05)
    }
}

extension SystemRandomNumberGenerator {
    /// A small seeded generator for test data (SplitMix64).
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(_ seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return AuditBootstrap.mix(state)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }
}

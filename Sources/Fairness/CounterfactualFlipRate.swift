import Dispatch
import Datasets
import Tensors

extension IndividualFairness {
    /// The share of rows whose decision changes when the sensitive column `name` is swapped for each other
    /// level in turn (level k → k + shift mod levels): the rows `flipConsistency` of that column does not count; a model that ignores
    /// the column scores 0. `decide` gives the 0/1 decisions of a dataset (the model must read the column for the
    /// rate to be non-zero).
    public static func counterfactualFlipRate(_ ds: Dataset, sensitive name: String, decide: (Dataset) throws -> [Double]) throws -> Double {
        Double(try unchanged(ds, columns: [name], swap: nil, decide: decide).filter { !$0 }.count) / Double(max(ds.count, 1))
    }
}

extension IndividualFairness {
    /// SageMaker Clarify's flip test (FT; Black, Yeom & Fredrikson 2020, "FlipTest", as smclarify 0.5 approximates
    /// it): the counterfactual decision of each facet row is the majority vote of the model's decisions on its k
    /// nearest rows of the other facet (Euclidean distance on `features`, row-major with `width` columns; k = 5, or
    /// 1 when the other facet has at most 9 rows; equal distances go to the earlier row), and
    /// FT = (|{ŷ = 1, counterfactual 0}| − |{ŷ = 0, counterfactual 1}|) / n_facet. Where the counterfactual flip
    /// rate swaps the sensitive column itself, the flip test asks what the other group's decisions say.
    public static func flipTest(features: [Double], width: Int, facet: [Bool], decisions: [UInt8]) throws -> Double {
        let n = facet.count
        guard decisions.count == n else { throw FairnessError.lengthMismatch("predicted labels", decisions.count, "facet", n) }
        guard width > 0 else { throw FairnessError.invalid("FT needs numeric features (the flip test's nearest neighbours)") }
        guard features.count == n * width else { throw FairnessError.lengthMismatch("features", features.count / width, "facet", n) }
        if let bad = features.firstIndex(where: { !$0.isFinite }) {
            throw FairnessError.invalid("FT: feature \(bad % width + 1) of row \(bad / width + 1) is not a finite number")
        }
        let rest = (0..<n).filter { !facet[$0] }, inside = (0..<n).filter { facet[$0] }
        guard !rest.isEmpty, !inside.isEmpty else { throw FairnessError.invalid("FT: both facets need rows") }
        var others = [Double](repeating: 0, count: rest.count * width)
        for (j, i) in rest.enumerated() { for c in 0..<width { others[j * width + c] = features[i * width + c] } }
        let tree = NearestNeighbours(points: others, width: width)
        let progress = ProgressHook("flip test", total: inside.count)
        defer { progress.finish() }
        // Blocks of queries, each split over two threads (each with its own scratch); between blocks the caller's
        // thread checks for cancellation and reports progress.
        let k = rest.count > 9 ? 5 : 1, block = 1024
        var up = 0, down = 0
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        defer { counts.deallocate() }
        nonisolated(unsafe) let tallies = counts   // each thread writes its own pair
        try features.withUnsafeBufferPointer { f in
            nonisolated(unsafe) let f = f
            for from in stride(from: 0, to: inside.count, by: block) {
                try Cancellation.check()
                progress.update(from)
                let to = min(from + block, inside.count), middle = from + (to - from) / 2
                DispatchQueue.concurrentPerform(iterations: 2) { part in
                    var best = [(distance: Double, row: Int)](repeating: (.infinity, 0), count: k), stack: [(Int, Double)] = []
                    var partUp = 0, partDown = 0
                    for q in (part == 0 ? from..<middle : middle..<to) {
                        let i = inside[q]
                        tree.nearest(UnsafeBufferPointer(rebasing: f[(i * width)..<((i + 1) * width)]), into: &best, stack: &stack)
                        let positive = best.reduce(0) { $0 + Int(decisions[rest[$1.row]]) } * 2 > best.count
                        if decisions[i] == 1 && !positive { partUp += 1 }
                        if decisions[i] == 0 && positive { partDown += 1 }
                    }
                    tallies[2 * part] = partUp
                    tallies[2 * part + 1] = partDown
                }
                up += counts[0] + counts[2]
                down += counts[1] + counts[3]
            }
        }
        return Double(up - down) / Double(inside.count)
    }
}

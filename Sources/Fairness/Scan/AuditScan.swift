import Datasets

extension Audit {
    /// The audit with the exhaustive scan of the file's decisions over `columns` (`fairlua audit --scan`): `metric`
    /// by conjunctions of up to two of their values with at least `minSupport` rows, and the worst subgroups as
    /// findings. The file is read whole (the scan needs every row's features), with the audit's label and decision rules.
    public func scanning(path: String, options o: Options, columns: [String], metric: Metric, minSupport: Int = 30) throws -> Audit {
        guard !o.prediction.isEmpty else { throw FairnessError.invalid("--scan audits the decisions in the file (--prediction), not --model") }
        var csv = CSVOptions()
        csv.separator = o.separator
        if let names = o.names { csv.names = names; csv.header = false }
        let table = try CSVReader.read(path, options: csv).table
        let label = table.columns[try table.index(of: o.label, option: "--label")]
        let decision = table.columns[try table.index(of: o.prediction, option: "--prediction")]
        let labels = o.labelPositives, decisions = o.decisionPositives
        func positive(_ column: Column, _ i: Int, _ values: PositiveValues) -> Bool {
            Array(column.text(i).utf8).withUnsafeBufferPointer { values.classify($0).positive }
        }
        let y = (0..<table.rowCount).map { positive(label, $0, labels) ? 1.0 : 0.0 }
        let p = try (0..<table.rowCount).map { i -> Double in
            guard let t = o.threshold else { return positive(decision, i, decisions) ? 1 : 0 }
            guard case let .numeric(scores) = decision, !scores[i].isNaN else {
                throw FairnessError.invalid("--scan: --prediction '\(o.prediction)' must hold numbers with --threshold (row \(i + 1))")
            }
            return scores[i] >= t ? 1 : 0
        }
        var scanOptions = SubgroupScan.Options()
        scanOptions.minSupport = minSupport
        let features = try ScanFeatures(try Dataset(table: table, label: nil, positive: [], sensitive: []), columns: columns)
        let scan = try SubgroupScan(features: features, data: try Predictions(yTrue: y, yPred: p), metric: metric, options: scanOptions)
        var copy = self
        copy.scan = scan
        copy.findings += scan.findings()
        return copy
    }
}

import Datasets
#if canImport(Glibc)
import Glibc
#endif
import Learning

extension Audit {
    /// Scores the CSV file `path` with `model` piece by piece (memory bounded by a piece, not the file) and audits
    /// its decisions (probability ≥ `threshold`; a randomised model's draws, seed 0 in each piece) and scores (in Float32): the same audit as that of a file holding the label,
    /// the sensitive columns and the exported predictions. `options.prediction` and `options.score` are set here;
    /// the columns the model reads may be in any order; unseen levels are passed to `warn` once per piece.
    public init(path: String, model: FittedModel, threshold: Double = 0.5, options: Options, metric: (String) throws -> Metric,
                warn: (String) -> Void) throws {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/fairlua-audit-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0, let file = fdopen(fd, "w") else {
            throw DatasetError.unreadable(file: directory, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        let scored = String(cString: template)
        defer { unlink(scored) }
        let kept = [options.label] + options.sensitive
        let decision = (prediction: "__fairlua_prediction", score: "__fairlua_score")
        let yes = options.positive.sorted().first ?? "1", no = options.positive.contains("0") ? "__negative" : "0"
        var first = true
        do {
            defer { fclose(file) }
            try CSVReader.forEachChunk(path, options: { var o = CSVOptions(); o.separator = options.separator; return o }()) { table in
                let rows = try Dataset(table: table, label: nil, positive: [], sensitive: [])
                // Scores in Float32, as predict_proba gives them to a script that exports them.
                let p: [Double], d: [Double]
                do {
                    let x = try model.features(rows, warn: warn)
                    p = try model.estimator.predictProbability(x).map { Double(Float($0)) }
                    d = try model.estimator.decisions(x, threshold: threshold)
                } catch {
                    throw DatasetError.invalid("\(path): \(error)")
                }
                let columns = try kept.map { try rows.column($0) }
                    + [.categorical(CategoricalColumn(values: d.map { $0 == 1 ? yes : no })), .numeric(p)]
                let text = CSVWriter.text(Table(names: kept + [decision.prediction, decision.score], columns: columns), header: first)
                first = false
                guard fputs(text, file) >= 0 else { throw DatasetError.unreadable(file: scored, reason: "cannot write the scores") }
            }
        }
        var o = options
        o.prediction = decision.prediction
        o.score = decision.score
        o.predictionPositive = [yes]
        o.threshold = nil
        o.separator = .byte(UInt8(ascii: ","))
        if o.buckets == 0 { o.buckets = 1000 }
        try self.init(path: scored, options: o, metric: metric)
    }
}

import ArgumentParser
import Datasets
import Fairness
import FairLuaBindings
import Learning
import LuaHost
import Reports
import Tensors

/// `fairlua audit FILE.csv --label COL --prediction COL --sensitive COL[,COL] …`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit a CSV file of decisions for group fairness (streamed: memory does not grow with the file).",
        discussion: prose("""
        Prints per-group metrics, differences (max − min) and ratios (min / max), a chi-square test of
        decision × group (and two-proportion tests for two groups, Holm-adjusted), and findings: the
        four-fifths rule on selection rates and significant differences. Labels are 1 when they equal
        --positive (default 1), decisions when they equal --prediction-positive (default 1), numbers by
        value; a column with no positive value, or only positive values, is refused with the values found,
        and so is a score column given as --prediction without --threshold. FILE may be gzip-compressed
        (recognised by its first bytes); - reads standard input. Plugin metrics (--plugins
        DIR) may be named in --metrics. --emit-state writes a mergeable audit state instead of a report
        (see `fairlua merge`). With --regression, --y-true and --y-pred are a regressor's numeric targets and
        predictions (the file is read whole): MAE, RMSE, R² and mean prediction by group, demographic parity
        for regression as the Kolmogorov-Smirnov and 1-Wasserstein distances between the groups' prediction
        distributions with a permutation test (--permutations, seeded by --seed), and bounded group loss
        (--bound). With --ranking, the file is a ranked list: its items ordered by decreasing --score, --y-true
        their relevance; exposure per item and per unit of relevance, NDCG by group and, with --target,
        AIF360's infeasible index.
        """))

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The CSV file (with a header row unless --header), or - for standard input.")
    var file: String

    @Option(name: [.long, .customLong("y-true")], help: "The true label column.") var label: String
    @Option(name: [.long, .customLong("y-pred")], help: "The decision column (or --model).") var prediction: String?
    @Option(help: ArgumentHelp("A model file saved with :save(path): the file is scored with it and its decisions audited.", valueName: "MODEL"))
    var model: String?
    @Option(help: ArgumentHelp("Sensitive column(s), comma-separated for intersectional groups.", valueName: "COL[,COL]"))
    var sensitive: String
    @Option(help: "A score column (probability of the positive class): adds log loss, Brier score and ROC AUC.") var score: String?
    @Option(help: ArgumentHelp("A sample-weight column (weights in [0, 1e9]).", valueName: "COL")) var weight: String?
    @Option(help: ArgumentHelp("Label value(s) meaning positive, comma-separated; numbers match by value (1, 1.0, 1e0).", valueName: "V"))
    var positive: String = "1"
    @Option(help: ArgumentHelp("Decision value(s) meaning positive (default 1 for numeric decisions, else the text values of --positive).", valueName: "V"))
    var predictionPositive: String?
    @Option(help: ArgumentHelp("The prediction column holds scores: decide score >= T (with --model: the model's threshold, default 0.5).", valueName: "T"))
    var threshold: Double?
    @Option(help: ArgumentHelp("The privileged group (adds AIF360's disparate impact finding).", valueName: "V"))
    var privileged: String?
    @Option(help: ArgumentHelp("Comma-separated metric names (default: \(AuditReport.defaultMetrics.joined(separator: ","))).", valueName: "LIST"))
    var metrics: String?
    @Option(help: ArgumentHelp("Score-histogram buckets on [0, 1] with --score (ROC AUC to this resolution).", valueName: "N")) var buckets = 1000
    @Option(help: ArgumentHelp("Poisson-bootstrap replicates for intervals (0: none), seeded by --seed.", valueName: "B")) var bootstrap = 0
    @Option(help: ArgumentHelp("The intervals' coverage.", valueName: "P")) var level = 0.95
    @Option(help: ArgumentHelp("The column names, comma-separated, for data without a header line (a Spark partition).", valueName: "A,B,C"))
    var header: String?
    @Option(help: ArgumentHelp("The data's name in the report (default FILE).", valueName: "NAME")) var source: String?
    @Option(help: ArgumentHelp("Feature columns to scan for subgroups (conjunctions of up to two values, at least 30 rows; numeric columns in quartiles): lists the worst.", valueName: "COL,COL…"))
    var scan: String?
    @Option(help: ArgumentHelp("The metric the subgroup scan ranks by.", valueName: "NAME")) var scanMetric = "selection_rate"
    @OptionGroup var verdicts: VerdictOptions
    @Flag(help: "Write the mergeable audit state (JSON) instead of a report.") var emitState = false
    @Flag(help: "Audit a regressor: --y-true and --y-pred are numeric targets and predictions.") var regression = false
    @Option(help: ArgumentHelp("With --regression: permutations of the group labels testing the distances (0: none).", valueName: "N"))
    var permutations = 1000
    @Option(help: ArgumentHelp("With --regression: the bound on each group's mean squared error (bounded group loss).", valueName: "Z"))
    var bound: Double?
    @Option(help: ArgumentHelp("With --regression or --ranking: groups with fewer rows are flagged and left out of findings.", valueName: "N"))
    var minGroupSize = 30
    @Flag(help: "Audit a ranked list: items by decreasing --score, --y-true their relevance (no --y-pred).") var ranking = false
    @Option(help: ArgumentHelp("With --ranking: each group's target share (summing to 1), for the infeasible index.", valueName: "G=P,…"))
    var target: String?
    @Option(help: ArgumentHelp("With --ranking: the positions measured (default: the whole list).", valueName: "K")) var depth: Int?
    @Flag(help: "With --ranking: rank tied scores by their row instead of refusing them.") var tiesByRow = false
    @Option(help: "Field separator (one character, or 'tab').") var sep: String = ","
    @Option(help: "Output format: text, json, markdown or html (default: from --out's extension, .html .json .md, else text).") var format: String?
    @Option(help: "Write the report (or state) to PATH (atomically) instead of standard output.") var out: String?

    func validate() throws {
        guard !(regression && ranking) else { throw ValidationError("--regression and --ranking are different audits: give one") }
        if ranking {
            guard score != nil, prediction == nil else { throw ValidationError("--ranking ranks the items by --score COL, with --y-true COL their relevance (no --y-pred)") }
        } else {
            guard (prediction == nil) != (model == nil) else { throw ValidationError("give either --prediction COL or --model MODEL") }
        }
        guard ranking || (target == nil && depth == nil && !tiesByRow) else { throw ValidationError("--target, --depth and --ties-by-row are options of --ranking") }
        if regression || ranking {
            let unused = [("--model", model != nil), ("--score", regression && score != nil), ("--weight", weight != nil), ("--positive", positive != "1"),
                          ("--prediction-positive", predictionPositive != nil), ("--threshold", threshold != nil), ("--privileged", privileged != nil),
                          ("--metrics", metrics != nil), ("--bootstrap", bootstrap != 0), ("--scan", scan != nil), ("--emit-state", emitState),
                          ("--check", verdicts.check), ("--clarify", verdicts.clarify)].filter(\.1).map(\.0)
            let what = regression ? "--regression audits numeric predictions" : "--ranking audits a ranked list"
            guard unused.isEmpty else { throw ValidationError("\(what): \(unused.joined(separator: ", ")) \(unused.count == 1 ? "is" : "are") for decisions") }
            guard (0...1_000_000).contains(permutations) else { throw ValidationError("--permutations: 0…1000000 expected, got \(permutations)") }
            guard minGroupSize >= 0 else { throw ValidationError("--min-group-size: a count ≥ 0 expected, got \(minGroupSize)") }
        }
        guard model == nil || score == nil else { throw ValidationError("--score comes from the model with --model") }
        guard model == nil || (file != "-" && header == nil) else { throw ValidationError("--model reads a file with a header line, not - or --header") }
        if let format, ReportFormat(rawValue: format) == nil {
            throw ValidationError("--format: text, json, markdown or html expected, got '\(format)'")
        }
        guard scan == nil || (file != "-" && model == nil && !emitState) else { throw ValidationError("--scan reads a file (not -) of decisions (--prediction), without --emit-state") }
        try verdicts.validate(emitState: emitState)
        guard CSVSeparator(sep) != nil else { throw ValidationError("--sep: one character or 'tab' expected, got '\(sep)'") }
    }

    func run() throws {
        let host = options.host
        do {
            let state = try Session.makeState(host)
            let lookup = { (name: String) in try AuditReport.metric(name, in: state) }
            let names = metrics.map(AuditCommand.list) ?? AuditReport.defaultMetrics
            var o = Audit.Options(label: label, prediction: prediction ?? "", sensitive: AuditCommand.list(sensitive), metrics: names)
            for name in names { _ = try Audit.countMetric(name, lookup) }
            o.score = score
            o.weight = weight
            o.positive = Set(AuditCommand.list(positive))
            o.predictionPositive = predictionPositive.map { Set(AuditCommand.list($0)) }
            o.threshold = model == nil ? threshold : nil
            o.privileged = privileged
            o.buckets = score != nil || model != nil ? buckets : 0
            o.bootstrap = bootstrap
            o.seed = UInt64(truncatingIfNeeded: host.seed ?? 0)
            o.level = level
            o.names = header.map(AuditCommand.list)
            if let s = CSVSeparator(sep) { o.separator = s }
            let path = file == "-" ? "/dev/stdin" : file
            let name = source ?? file
            let text: String
            if regression || ranking {
                var csv = CSVOptions()
                if let s = CSVSeparator(sep) { csv.separator = s }
                if let header { (csv.names, csv.header) = (AuditCommand.list(header), false) }
                let seed = UInt64(truncatingIfNeeded: host.seed ?? 0), chosen = try ReportFormat(named: format, out: out)
                if regression {
                    let r = try RegressionFairness(path: path, options: csv, label: label, prediction: prediction ?? "", sensitive: AuditCommand.list(sensitive),
                                                   permutations: permutations, seed: seed, bound: bound, minGroupSize: minGroupSize)
                    text = r.rendered(file: name, format: chosen, findings: r.findings, untested: r.untested, rows: r.sizes.reduce(0, +), seed: seed)
                } else {
                    let r = try RankedListFairness(path: path, options: csv, relevance: label, score: score ?? "", sensitive: AuditCommand.list(sensitive),
                                                   target: try target.map(AuditCommand.shares), depth: depth, tiesByRow: tiesByRow)
                    text = r.rendered(file: name, format: chosen, findings: r.findings(minimumSize: minGroupSize), rows: r.sizes.reduce(0, +), seed: nil)
                }
            } else if emitState {
                guard model == nil else { throw UsageFailure(message: "--emit-state audits decisions in the file, not --model") }
                text = try AuditState.read(path, options: o, source: name).encoded()
            } else {
                var audit = try model.map { try Audit(path: file, model: try FittedModel.load($0, loader: .fairness), threshold: threshold ?? 0.5,
                                                      options: o, metric: lookup, warn: { Console.error("warning: " + $0) }) }
                    ?? Audit(state: AuditState.read(path, options: o, source: name), metric: lookup)
                audit = try verdicts.applied(to: audit, options: o)
                if let scan { audit = try audit.scanning(path: path, options: o, columns: AuditCommand.list(scan), metric: try lookup(scanMetric)) }
                text = audit.rendered(file: name, format: try ReportFormat(named: format, out: out))
            }
            try AuditCommand.write(text, to: out)
        } catch let e as ExitCode {
            throw e
        } catch let usage as UsageFailure {
            throw usage
        } catch {
            throw ScriptFailure(message: String(describing: error))
        }
    }
}

extension AuditCommand {
    /// A comma-separated list, each item without surrounding spaces.
    static func list(_ text: String) -> [String] { text.split(separator: ",").map { String($0).trimmingSpaces } }

    /// `G=P,…` as shares by group (`Female=0.5,Male=0.5`).
    static func shares(_ text: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for item in list(text) {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, let share = Double(parts[1]) else { throw UsageFailure(message: "--target: G=P expected, got '\(item)'") }
            guard out.updateValue(share, forKey: parts[0]) == nil else { throw UsageFailure(message: "--target: group '\(parts[0])' given twice") }
        }
        return out
    }

    /// Writes `text` to `path` atomically, or to standard output.
    static func write(_ text: String, to path: String?) throws {
        if let path {
            try AtomicFile.write(text, to: path)
        } else {
            print(text, terminator: "")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

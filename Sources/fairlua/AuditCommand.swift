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
        discussion: """
        Prints per-group metrics, differences (max − min) and ratios (min / max), a chi-square test of
        decision × group (and two-proportion tests for two groups, Holm-adjusted), and findings: the
        four-fifths rule on selection rates and significant differences. Labels are 1 when they equal
        --positive (default 1), decisions when they equal --prediction-positive (default 1), numbers by
        value; a column with no positive value, or only positive values, is refused with the values found,
        and so is a score column given as --prediction without --threshold. FILE may be gzip-compressed
        (recognised by its first bytes). Plugin metrics (--plugins
        DIR) may be named in --metrics.
        """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The CSV file (with a header row).")
    var file: String

    @Option(help: "The true label column.") var label: String
    @Option(help: "The decision column (or --model).") var prediction: String?
    @Option(help: ArgumentHelp("A model file saved with :save(path): the file is scored with it and its decisions audited.", valueName: "MODEL"))
    var model: String?
    @Option(help: ArgumentHelp("Sensitive column(s), comma-separated for intersectional groups.", valueName: "COL[,COL]"))
    var sensitive: String
    @Option(help: "A score column (probability of the positive class): adds log loss and Brier score.") var score: String?
    @Option(help: ArgumentHelp("Label value(s) meaning positive, comma-separated (default 1); numbers match by value (1, 1.0, 1e0).", valueName: "V"))
    var positive: String = "1"
    @Option(help: ArgumentHelp("Decision value(s) meaning positive (default 1 for numeric decisions, else the text values of --positive).", valueName: "V"))
    var predictionPositive: String?
    @Option(help: ArgumentHelp("The prediction column holds scores: decide score >= T (with --model: the model's threshold, default 0.5).", valueName: "T"))
    var threshold: Double?
    @Option(help: ArgumentHelp("The privileged group (adds AIF360's disparate impact finding).", valueName: "V"))
    var privileged: String?
    @Option(help: ArgumentHelp("Comma-separated metric names (default: \(AuditReport.defaultMetrics.joined(separator: ","))).", valueName: "LIST"))
    var metrics: String?
    @Option(help: "Field separator (one character, or 'tab').") var sep: String = ","
    @Option(help: "Output format: text, json, markdown or html.") var format: String = "text"
    @Option(help: "Write the report to PATH (atomically) instead of standard output.") var out: String?

    func validate() throws {
        guard (prediction == nil) != (model == nil) else { throw ValidationError("give either --prediction COL or --model MODEL") }
        guard model == nil || score == nil else { throw ValidationError("--score comes from the model with --model") }
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("--format: text, json, markdown or html expected, got '\(format)'")
        }
        guard CSVSeparator(sep) != nil else { throw ValidationError("--sep: one character or 'tab' expected, got '\(sep)'") }
    }

    func run() throws {
        let host = options.host
        do {
            let state = try Session.makeState(host)
            let names = metrics.map { $0.split(separator: ",").map { String($0).trimmingSpaces } } ?? AuditReport.defaultMetrics
            var o = Audit.Options(label: label, prediction: prediction ?? "",
                                  sensitive: sensitive.split(separator: ",").map { String($0).trimmingSpaces },
                                  metrics: try names.map { try AuditReport.metric($0, in: state) })
            o.score = score
            o.positive = AuditCommand.values(positive)
            o.predictionPositive = predictionPositive.map(AuditCommand.values)
            o.threshold = model == nil ? threshold : nil
            o.privileged = privileged
            if let s = CSVSeparator(sep) { o.separator = s }
            let audit = try model.map { try Audit(path: file, model: try FittedModel.load($0, loader: .fairness), threshold: threshold ?? 0.5,
                                                  options: o, warn: { Console.error("warning: " + $0) }) }
                ?? Audit(path: file, options: o)
            let text = audit.rendered(file: file, format: try ReportFormat(named: format))
            if let out {
                try AtomicFile.write(text, to: out)
            } else {
                print(text, terminator: "")
            }
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
    /// A comma-separated list of values.
    static func values(_ list: String) -> Set<String> { Set(list.split(separator: ",").map { String($0).trimmingSpaces }) }
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

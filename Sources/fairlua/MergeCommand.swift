import ArgumentParser
import Fairness
import FairLuaBindings
import LuaHost
import Reports

/// `fairlua merge STATE… [--format …] [--out PATH]`: the report of merged audit states.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge audit states (fairlua audit --emit-state) into one report, or one state.",
        discussion: prose("""
        The report equals that of `fairlua audit` on the concatenated data, tests, findings and bootstrap
        intervals included, whatever the sharding and order. States made with different options (metrics,
        positive values, bucket count, seed, …) or from data with different headers are refused, naming the
        difference. Metric names recorded in the states are resolved here (plugins: --plugins DIR).
        """))

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Audit state files (- reads one from standard input).")
    var states: [String] = []

    @Option(help: ArgumentHelp("The data's name in the report (default: the states' source).", valueName: "NAME")) var source: String?
    @Option(help: ArgumentHelp("The privileged group (default: the states' own --privileged): adds AIF360's disparate impact finding and is the fairness check's reference.", valueName: "V"))
    var privileged: String?
    @Flag(help: "Write the merged state instead of a report (for a merge tree).") var emitState = false
    @Option(help: "Output format: text, json, markdown or html (default: from --out's extension, .html .json .md, else text).") var format: String?
    @Option(help: "Write the report (or state) to PATH (atomically) instead of standard output.") var out: String?
    @OptionGroup var verdicts: VerdictOptions

    func validate() throws {
        try verdicts.validate(emitState: emitState)
        if let format, ReportFormat(rawValue: format) == nil {
            throw ValidationError("--format: text, json, markdown or html expected, got '\(format)'")
        }
    }

    func run() throws {
        do {
            var merged = try AuditState.merged(try states.map { try AuditState.load($0 == "-" ? "/dev/stdin" : $0) })
            if let source { merged.source = source }
            if let privileged { merged.options.privileged = privileged }
            if emitState {
                try AuditCommand.write(try merged.encoded(), to: out)
                return
            }
            let lua = try Session.makeState(options.host)
            let audit = try verdicts.applied(to: try Audit(state: merged, metric: { try AuditReport.metric($0, in: lua) }), options: merged.options)
            try AuditCommand.write(audit.rendered(file: merged.source, format: try ReportFormat(named: format, out: out)), to: out)
        } catch let usage as UsageFailure {
            throw usage
        } catch {
            throw ScriptFailure(message: String(describing: error))
        }
    }
}

import ArgumentParser
import Fairness

/// The additions to an audit report that `fairlua audit` and `fairlua merge` share: fairmodels' fairness check and
/// SageMaker Clarify's measures.
struct VerdictOptions: ParsableArguments {
    @Flag(help: ArgumentHelp("Add fairmodels' fairness check: each group's TPR, ACC, PPV, FPR and selection rate over the privileged group's (--privileged, else the largest), passing inside [E, 1/E]; failed criteria become findings."))
    var check = false
    @Option(help: ArgumentHelp("The fairness check's band edge E in (0, 1).", valueName: "E")) var epsilon = FairnessCheck.defaultEpsilon
    @Flag(help: "Add SageMaker Clarify's measures for each sensitive column, each value against the rest: pre-training on the labels, post-training on the decisions, from the streamed counts (CDDL, CDDPL, FT and GE read every row and are left out); a disparate impact outside [0.8, 1.25] is a finding unless the four-fifths rule already flagged the groups.")
    var clarify = false

    /// Refuses the additions with `--emit-state`, which writes a state, not a report.
    func validate(emitState: Bool) throws {
        guard !(check && emitState) else { throw ValidationError("--check makes a report, not a state: leave out --emit-state") }
        guard !(clarify && emitState) else { throw ValidationError("--clarify makes a report, not a state: leave out --emit-state") }
    }

    /// `audit` with the asked additions, read with the audit's options (its label, positive values and privileged group).
    func applied(to audit: Audit, options o: Audit.Options) throws -> Audit {
        var audit = audit
        if check { audit = try audit.checking(epsilon: epsilon, privileged: o.privileged) }
        if clarify { audit = audit.clarifying(label: o.label, labelValues: o.positive.sorted().joined(separator: ",")) }
        return audit
    }
}

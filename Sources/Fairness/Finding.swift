import Datasets
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Something a reader of an audit should look at: the kind of bias it is evidence of, the rule that
/// fired, the evidence, and a one-line reading in plain language.
public struct Finding: Sendable {
    /// The kinds of bias a finding can be evidence of (README, "Detection": what each kind means).
    public enum Kind: String, Sendable, CaseIterable {
        case selection, label, anchoring, proxy, outcome
        case errorRate = "error_rate"
        case calibration, subgroup

        /// What this kind of bias is, in one sentence (shown above the kind's findings in reports).
        public var explanation: String {
            switch self {
            case .selection: return "Selection bias: the data's groups are not represented as in the population it should describe."
            case .label: return "Label bias (confirmation bias): the labels differ between groups among otherwise similar people, as biased past decisions would make them."
            case .anchoring: return "Anchoring bias: the model relies too heavily on a single feature."
            case .proxy: return "Proxy bias: a feature carries the sensitive attribute, so a model can use the attribute without seeing it."
            case .outcome: return "Outcome bias: the model's decisions favour some groups (selection rates, or a regressor's prediction distributions, differ)."
            case .errorRate: return "Error-rate bias: the model's mistakes fall unevenly on groups (true or false positive rates, or a regressor's errors, differ)."
            case .calibration: return "Calibration bias: the same score means a different chance of the outcome in different groups."
            case .subgroup: return "Subgroup bias: a combination of attributes whose outcomes deviate from the rest."
            }
        }
    }

    /// The numbers behind a finding.
    public struct Evidence: Sendable {
        /// What `value` measures ("selection-rate ratio", "Cramér's V", "chi-square", "importance share").
        public let statistic: String
        /// Its value.
        public let value: Double
        /// The (adjusted, where several were tested) p-value, when a test stands behind the finding.
        public let pValue: Double?
        /// Evidence `statistic = value`, with an optional p-value.
        public init(_ statistic: String, _ value: Double, pValue: Double? = nil) {
            self.statistic = statistic
            self.value = value
            self.pValue = pValue
        }
    }

    /// The kind of bias this is evidence of.
    public let kind: Kind
    /// The rule that fired ("four-fifths rule", "significant difference", "proxy").
    public let rule: String
    /// What was seen, in words.
    public let message: String
    /// The numbers behind it.
    public let evidence: Evidence
    /// One sentence a non-specialist can act on.
    public let reading: String
    /// How bad, in [0, 1] (larger is worse): orders findings worst first.
    public let severity: Double

    /// A finding; `severity` is clamped to [0, 1] (NaN counts as 0).
    public init(kind: Kind, rule: String, message: String, evidence: Evidence, reading: String, severity: Double) {
        self.kind = kind
        self.rule = rule
        self.message = message
        self.evidence = evidence
        self.reading = reading
        self.severity = severity.isNaN ? 0 : min(1, max(0, severity))
    }

    /// `findings` grouped by kind: within a kind worst first, kinds ordered by their worst finding.
    public static func byKind(_ findings: [Finding]) -> [(kind: Kind, findings: [Finding])] {
        let groups = Kind.allCases.compactMap { kind -> (kind: Kind, findings: [Finding])? in
            let these = findings.filter { $0.kind == kind }.enumerated().sorted {
                $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset
            }.map(\.element)
            return these.isEmpty ? nil : (kind, these)
        }
        return groups.enumerated().sorted {
            let a = $0.element.findings[0].severity, b = $1.element.findings[0].severity
            return a != b ? a > b : $0.offset < $1.offset
        }.map(\.element)
    }
}

/// The rules and tests shared by `Audit` and `Detection`.
enum Rules {
    static func format(_ d: Double) -> String { TextTable.format(d) }

    /// Chi-square test of decision × group, and for two groups two-proportion z-tests of selection rate,
    /// TPR and FPR (each skipped when undefined), with the kind of bias each is evidence of. `label`
    /// prefixes the hypotheses ("sex: …").
    static func tests(_ per: [ConfusionCounts], label: String = "") -> (tests: [TestResult], kinds: [Finding.Kind]) {
        let prefix = label.isEmpty ? "" : label + ": "
        var tests: [TestResult] = [], kinds: [Finding.Kind] = []
        let table = per.map { [Double($0.tp + $0.fp), Double($0.tn + $0.fn)] }.filter { $0[0] + $0[1] > 0 }
        if table.count >= 2, let chi = try? StatisticalTests.chiSquare(table: table, correction: true) {
            tests.append(TestResult(test: chi.test, hypothesis: prefix + chi.hypothesis, statistic: chi.statistic, pValue: chi.pValue, dof: chi.dof))
            kinds.append(.outcome)
        }
        guard per.count == 2 else { return (tests, kinds) }
        for (name, kind, pick) in [("selection rates", Finding.Kind.outcome, { (c: ConfusionCounts) in (Double(c.tp + c.fp), Double(c.n)) }),
                                   ("true positive rates", .errorRate, { (c: ConfusionCounts) in (Double(c.tp), Double(c.tp + c.fn)) }),
                                   ("false positive rates", .errorRate, { (c: ConfusionCounts) in (Double(c.fp), Double(c.fp + c.tn)) })] {
            let (x0, n0) = pick(per[0]), (x1, n1) = pick(per[1])
            guard n0 > 0, n1 > 0 else { continue }
            guard x0 + x1 > 0, x0 + x1 < n0 + n1 else { continue }   // a pooled rate of 0 or 1: no test
            let z = StatisticalTests.pooledZ(x0, n0, x1, n1)
            tests.append(TestResult(test: "two-proportion z-test", hypothesis: prefix + "equal \(name) in the two groups",
                                    statistic: z, pValue: SpecialFunctions.normalTwoSided(z), dof: nil))
            kinds.append(kind)
        }
        return (tests, kinds)
    }

    /// The four-fifths rule: the smallest rate over the largest below 0.8. `what` names the rates
    /// ("sex: selection-rate"); `kind` is the bias a violation is evidence of; `whose` says what the rate counts
    /// in the reading ("are selected").
    static func fourFifths(_ rates: [Double], _ keys: [String], what: String = "selection-rate", kind: Finding.Kind = .outcome,
                           whose: String? = nil) -> Finding? {
        let lo = MetricFrame.extreme(rates, <), hi = MetricFrame.extreme(rates, >)
        guard hi > 0, lo / hi < 0.8 else { return nil }
        let worst = rates.indices.first { rates[$0] == lo }.map { keys[$0] } ?? "?"
        let best = rates.indices.first { rates[$0] == hi }.map { keys[$0] } ?? "?"
        let whose = whose ?? (kind == .label ? "have positive labels" : "are selected")
        return Finding(kind: kind, rule: "four-fifths rule",
                       message: "\(what) ratio \(format(lo / hi)) is below 0.8 (\(worst): \(format(lo)), \(best): \(format(hi)))",
                       evidence: .init("\(what) ratio", lo / hi),
                       reading: "\(worst) \(whose) at \(format(lo / hi)) times the rate of \(best), below the four-fifths (0.8) line.",
                       severity: 1 - lo / hi)
    }

    /// Disparate impact of the rest (or of `unprivileged`, when named) against the privileged group outside [0.8, 1.25].
    static func disparateImpact(_ di: Double, privileged: String, of unprivileged: String? = nil) -> Finding? {
        guard !(di >= 0.8 && di <= 1.25) else { return nil }
        return Finding(kind: .outcome, rule: "four-fifths rule",
                       message: "disparate impact " + (unprivileged.map { "of '\($0)' " } ?? "") + "vs privileged '\(privileged)' is \(format(di)), outside [0.8, 1.25]",
                       evidence: .init("disparate impact", di),
                       reading: (unprivileged.map { "'\($0)' is" } ?? "The other groups are") +
                           " selected at \(format(di)) times the rate of '\(privileged)', outside the band 0.8 to 1.25.",
                       severity: di.isNaN ? 0 : 1 - min(di, 1 / di))
    }

    /// Tests whose Holm-adjusted p-value is below 0.05, each tagged with the kind of bias it tests.
    static func significant(_ tests: [TestResult], _ adjusted: [Double], kinds: [Finding.Kind]) -> [Finding] {
        zip(zip(tests, adjusted), kinds).filter { $0.0.1 < 0.05 }.map { pair, kind in
            let (t, p) = pair
            return Finding(kind: kind, rule: "significant difference", message: "\(t.test) rejects '\(t.hypothesis)' (Holm-adjusted p = \(format(p)))",
                           evidence: .init(t.test == "two-proportion z-test" ? "z" : t.test == "permutation test" ? "distance" : "chi-square", t.statistic, pValue: p),
                           reading: "The difference behind '\(t.hypothesis)' is too large to be chance (adjusted p = \(format(p))).",
                           severity: 1 - p)
        }
    }

    /// A feature whose association with a sensitive column reaches the proxy threshold.
    static func proxy(_ p: DataBias.Proxy) -> Finding {
        let measure = p.measure == "cramers_v" ? "Cramér's V" : "correlation ratio"
        return Finding(kind: .proxy, rule: "proxy", message: "\(p.feature) is associated with \(p.sensitive) (\(measure) \(format(p.association)))",
                       evidence: .init(measure, p.association),
                       reading: "\(p.feature) reveals much of \(p.sensitive): leaving \(p.sensitive) out of the features does not keep a model from using it.",
                       severity: p.association)
    }
}

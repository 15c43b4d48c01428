#if canImport(Glibc)
import Glibc
#endif

/// The rows one SageMaker Clarify measure reads. Clarify's facet d is the selected rows (`facet_values_or_threshold`),
/// a the rest; labels and predicted labels are 0/1 after `label_values_or_threshold`.
public struct ClarifySample: Sendable {
    /// Whether each row is in the facet d.
    public let facet: [Bool]
    /// 0/1 labels.
    public let labels: [UInt8]
    /// 0/1 predicted labels (post-training only).
    public let predicted: [UInt8]?
    /// Each side's confusion counts of labels against predicted labels (against the labels themselves before training).
    public let a: ConfusionCounts, d: ConfusionCounts
    /// The group variable's strata (`group_name`; CDDL and CDDPL need it).
    public let groups: GroupIndex?
    /// The flip test's numeric features, row-major, `width` per row.
    public let features: [Double], width: Int
    /// Whether the rows are kept (false: only the two sides' counts, as a streamed audit has them).
    public let rowsKept: Bool

    /// Counts both sides in one pass.
    public init(facet: [Bool], labels: [UInt8], predicted: [UInt8]?, groups: GroupIndex?, features: [Double] = [], width: Int = 0) {
        self.facet = facet
        self.labels = labels
        self.predicted = predicted
        self.groups = groups
        self.features = features
        self.width = width
        rowsKept = true
        let sides = ConfusionCounts.byGroup(labels: labels, decisions: predicted ?? labels, groups: facet.map { $0 ? 1 : 0 }, groupCount: 2, weights: nil)
        a = sides[0]
        d = sides[1]
    }

    /// The two sides' counts alone (unweighted: Clarify does not weight rows), of labels against predicted labels
    /// after training or against themselves before: the measures that read rows (CDDL, CDDPL, FT, GE) say they need them.
    public init(a: ConfusionCounts, d: ConfusionCounts, postTraining: Bool) {
        func unweighted(_ c: ConfusionCounts, _ post: Bool) -> ConfusionCounts {
            var u = ConfusionCounts()
            // Before training the labels are their own decisions: positives are true positives, negatives true negatives.
            (u.tp, u.fp, u.tn, u.fn) = post ? (c.tp, c.fp, c.tn, c.fn) : (c.tp + c.fn, 0, c.tn + c.fp, 0)
            (u.wtp, u.wfp, u.wtn, u.wfn) = (Double(u.tp), Double(u.fp), Double(u.tn), Double(u.fn))
            return u
        }
        (facet, labels, predicted, groups, features, width, rowsKept) = ([], [], postTraining ? [] : nil, nil, [], 0, false)
        (self.a, self.d) = (unweighted(a, postTraining), unweighted(d, postTraining))
    }

    /// An error for a measure that reads the rows when only counts are kept.
    func rows(_ name: String) throws {
        guard rowsKept else { throw FairnessError.invalid("\(name) reads every row; a streamed audit keeps only each group's counts") }
    }

    /// The predicted labels, or an error naming the measure that needs them.
    func predictions(_ name: String) throws -> [UInt8] {
        guard let predicted else { throw FairnessError.invalid("\(name) is a post-training measure: it needs predicted labels") }
        return predicted
    }

    /// The two sides' label distributions P(y) over {0, 1} restricted to the values both have (smclarify's
    /// `pdfs_aligned_nonzero`: no smoothing; a value absent from either side is dropped from both).
    var alignedLabelDistributions: (pa: [Double], pd: [Double]) {
        let pa = [Double(a.tn + a.fp) / Double(a.n), Double(a.tp + a.fn) / Double(a.n)]
        let pd = [Double(d.tn + d.fp) / Double(d.n), Double(d.tp + d.fn) / Double(d.n)]
        let keep = [0, 1].filter { pa[$0] != 0 && pd[$0] != 0 }
        return (keep.map { pa[$0] }, keep.map { pd[$0] })
    }

    /// Conditional demographic disparity of `decisions` (labels or predictions) over the group variable,
    /// Clarify's convention: a stratum without rejections (or acceptances) contributes a share of 0.
    func conditionalDisparity(_ decisions: [UInt8], _ name: String) throws -> Double {
        try rows(name)
        guard let groups else { throw FairnessError.invalid("\(name) needs a group variable (group_name)") }
        guard decisions.contains(1) else { throw FairnessError.invalid("\(name): no positive \(predicted == nil ? "labels" : "outcomes")") }
        guard decisions.contains(0) else { throw FairnessError.invalid("\(name): no negative \(predicted == nil ? "labels" : "outcomes")") }
        let sides = try GroupIndex(features: [("facet", ["a", "d"], facet.map { $0 ? 1 : 0 })])
        return try GroupFairness.conditionalDemographicDisparity(decisions: decisions.map(Double.init), groups: sides, privileged: "a",
                                                                 strata: groups, undefinedShare: 0)
    }
}

/// One measure of Amazon SageMaker Clarify's bias catalogue, by its Clarify name, as `smclarify` 0.5 computes it
/// (Das et al. 2021, "Fairness Measures for Machine Learning in Finance", and Amazon's Clarify whitepaper,
/// Hardt et al. 2021). Subscript a is the rest of the rows, d the facet; q = share of positive labels, q̂ of
/// positive predictions; n(1) positive labels, n̂(1) positive predictions. Clarify's division: x / 0 is +inf
/// (−inf for x < 0) and 0 / 0 is 0; a difference of two +inf is 0.
public struct ClarifyMeasure: Sendable {
    /// When Clarify computes a measure.
    public enum Stage: String, Sendable, CaseIterable {
        /// On the labels, before any model ("pre_training").
        case preTraining = "pre_training"
        /// On a model's predicted labels ("post_training").
        case postTraining = "post_training"
    }

    /// Clarify's abbreviation ("CI").
    public let name: String
    /// Clarify's description ("Class Imbalance").
    public let description: String
    /// Before or after training.
    public let stage: Stage
    /// The value on a sample (an error when Clarify's measure is undefined there).
    let compute: @Sendable (ClarifySample) throws -> Double

    /// The value of the measure on `sample`.
    public func value(_ sample: ClarifySample) throws -> Double { try compute(sample) }

    /// Clarify's `divide`: a / b, with 0 / 0 = 0 and a / 0 = ±inf.
    static func divide(_ a: Double, _ b: Double) -> Double {
        if b == 0 { return a == 0 ? 0 : a < 0 ? -.infinity : .infinity }
        return a / b
    }

    /// x − y, except that two +inf give 0 (Clarify's rule for equal infinite rates).
    static func gap(_ x: Double, _ y: Double) -> Double { x == y && x == .infinity ? 0 : x - y }

    /// The facet measures of the catalogue, declared once each, in Clarify's report order (by name within each stage).
    public static let all: [ClarifyMeasure] = [
        // CDDL = (1/n) Σ_i n_i DD_i, DD_i = n_d(0)_i / n(0)_i − n_d(1)_i / n(1)_i over the strata i of the group variable.
        ClarifyMeasure(name: "CDDL", description: "Conditional Demographic Disparity in Labels", stage: .preTraining) { s in
            try s.conditionalDisparity(s.labels, "CDDL")
        },
        // CI = (n_a − n_d) / (n_a + n_d).
        ClarifyMeasure(name: "CI", description: "Class Imbalance", stage: .preTraining) { s in
            Double(s.a.n - s.d.n) / Double(s.a.n + s.d.n)
        },
        // DPL = q_a − q_d.
        ClarifyMeasure(name: "DPL", description: "Difference in Positive Proportions in Labels", stage: .preTraining) { s in
            s.a.baseRate - s.d.baseRate
        },
        // JS = ½ [KL(P_a ‖ P) + KL(P_d ‖ P)], P = ½ (P_a + P_d), over the label values both facets have.
        ClarifyMeasure(name: "JS", description: "Jensen-Shannon Divergence", stage: .preTraining) { s in
            let (pa, pd) = s.alignedLabelDistributions
            let p = zip(pa, pd).map { 0.5 * ($0 + $1) }
            return 0.5 * (zip(pa, p).reduce(0) { $0 + $1.0 * log($1.0 / $1.1) } + zip(pd, p).reduce(0) { $0 + $1.0 * log($1.0 / $1.1) })
        },
        // KL = Σ_y P_a(y) ln(P_a(y) / P_d(y)), over the label values both facets have.
        ClarifyMeasure(name: "KL", description: "Kullback-Liebler Divergence", stage: .preTraining) { s in
            let (pa, pd) = s.alignedLabelDistributions
            return zip(pa, pd).reduce(0) { $0 + $1.0 * log($1.0 / $1.1) }
        },
        // KS = max_y |P_a(y) − P_d(y)| (smclarify's L∞ norm of the label distributions).
        ClarifyMeasure(name: "KS", description: "Kolmogorov-Smirnov Distance", stage: .preTraining) { s in
            let (pa, pd) = s.alignedLabelDistributions
            return zip(pa, pd).reduce(0) { max($0, abs($1.0 - $1.1)) }
        },
        // LP = (Σ_y |P_a(y) − P_d(y)|²)^½ (p = 2).
        ClarifyMeasure(name: "LP", description: "L-p Norm", stage: .preTraining) { s in
            let (pa, pd) = s.alignedLabelDistributions
            return zip(pa, pd).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        },
        // TVD = ½ Σ_y |P_a(y) − P_d(y)|.
        ClarifyMeasure(name: "TVD", description: "Total Variation Distance", stage: .preTraining) { s in
            let (pa, pd) = s.alignedLabelDistributions
            return 0.5 * zip(pa, pd).reduce(0) { $0 + abs($1.0 - $1.1) }
        },
        // AD = ACC_a − ACC_d, ACC = (TP + TN) / n.
        ClarifyMeasure(name: "AD", description: "Accuracy Difference", stage: .postTraining) { s in
            _ = try s.predictions("AD")
            return gap(divide(Double(s.a.tp + s.a.tn), Double(s.a.n)), divide(Double(s.d.tp + s.d.tn), Double(s.d.n)))
        },
        // CDDPL: CDDL with predicted labels in place of labels.
        ClarifyMeasure(name: "CDDPL", description: "Conditional Demographic Disparity in Predicted Labels", stage: .postTraining) { s in
            try s.conditionalDisparity(try s.predictions("CDDPL"), "CDDPL")
        },
        // DAR = TP_a / n̂_a(1) − TP_d / n̂_d(1) (difference in precision).
        ClarifyMeasure(name: "DAR", description: "Difference in Acceptance Rates", stage: .postTraining) { s in
            _ = try s.predictions("DAR")
            return gap(divide(Double(s.a.tp), Double(s.a.tp + s.a.fp)), divide(Double(s.d.tp), Double(s.d.tp + s.d.fp)))
        },
        // DCA = c_a − c_d, c = n(1) / n̂(1).
        ClarifyMeasure(name: "DCA", description: "Difference in Conditional Acceptance", stage: .postTraining) { s in
            _ = try s.predictions("DCA")
            return gap(divide(Double(s.a.tp + s.a.fn), Double(s.a.tp + s.a.fp)), divide(Double(s.d.tp + s.d.fn), Double(s.d.tp + s.d.fp)))
        },
        // DCR = r_d − r_a, r = n(0) / n̂(0).
        ClarifyMeasure(name: "DCR", description: "Difference in Conditional Rejection", stage: .postTraining) { s in
            _ = try s.predictions("DCR")
            return gap(divide(Double(s.d.tn + s.d.fp), Double(s.d.tn + s.d.fn)), divide(Double(s.a.tn + s.a.fp), Double(s.a.tn + s.a.fn)))
        },
        // DI = q̂_d / q̂_a.
        ClarifyMeasure(name: "DI", description: "Disparate Impact", stage: .postTraining) { s in
            _ = try s.predictions("DI")
            return divide(s.d.selectionRate, s.a.selectionRate)
        },
        // DPPL = q̂_a − q̂_d.
        ClarifyMeasure(name: "DPPL", description: "Difference in Positive Proportions in Predicted Labels", stage: .postTraining) { s in
            _ = try s.predictions("DPPL")
            return s.a.selectionRate - s.d.selectionRate
        },
        // DRR = TN_d / n̂_d(0) − TN_a / n̂_a(0) (difference in negative predictive value).
        ClarifyMeasure(name: "DRR", description: "Difference in Rejection Rates", stage: .postTraining) { s in
            _ = try s.predictions("DRR")
            return gap(divide(Double(s.d.tn), Double(s.d.tn + s.d.fn)), divide(Double(s.a.tn), Double(s.a.tn + s.a.fn)))
        },
        // FT = (|{d: ŷ = 1, ŷ_kNN = 0}| − |{d: ŷ = 0, ŷ_kNN = 1}|) / n_d, ŷ_kNN the vote of the 5 nearest rows of a.
        ClarifyMeasure(name: "FT", description: "Flip Test", stage: .postTraining) { s in
            try s.rows("FT")
            return try IndividualFairness.flipTest(features: s.features, width: s.width, facet: s.facet, decisions: try s.predictions("FT"))
        },
        // GE = 1 / (n α (α − 1)) Σ ((b / μ)^α − 1), b = ŷ − y + 1, α = 2, over every row.
        ClarifyMeasure(name: "GE", description: "Generalized Entropy", stage: .postTraining) { s in
            try s.rows("GE")
            let p = try s.predictions("GE")
            guard let index = InequalityIndex.all.first(where: { $0.name == "generalized_entropy_index" }) else { return .nan }
            let ge = try index.value(yTrue: s.labels.map(Double.init), yPred: p.map(Double.init), groups: nil, alpha: 2)
            guard !ge.isNaN else { throw FairnessError.invalid("GE: every prediction is a false negative (the mean benefit is 0)") }
            return ge
        },
        // RD = TPR_a − TPR_d.
        ClarifyMeasure(name: "RD", description: "Recall Difference", stage: .postTraining) { s in
            _ = try s.predictions("RD")
            return gap(divide(Double(s.a.tp), Double(s.a.tp + s.a.fn)), divide(Double(s.d.tp), Double(s.d.tp + s.d.fn)))
        },
        // SD = TNR_d − TNR_a.
        ClarifyMeasure(name: "SD", description: "Specificity Difference", stage: .postTraining) { s in
            _ = try s.predictions("SD")
            return gap(divide(Double(s.d.tn), Double(s.d.tn + s.d.fp)), divide(Double(s.a.tn), Double(s.a.tn + s.a.fp)))
        },
        // TE = FN_d / FP_d − FN_a / FP_a.
        ClarifyMeasure(name: "TE", description: "Treatment Equality", stage: .postTraining) { s in
            _ = try s.predictions("TE")
            return gap(divide(Double(s.d.fn), Double(s.d.fp)), divide(Double(s.a.fn), Double(s.a.fp)))
        },
    ]

    /// The measures that read every row (strata, neighbours, per-row benefits), not only the two sides' counts.
    public static let readingRows: Set<String> = ["CDDL", "CDDPL", "FT", "GE"]

    /// The measures of `stage`.
    public static func catalogue(_ stage: Stage) -> [ClarifyMeasure] { all.filter { $0.stage == stage } }
}

import Datasets
import Fairness
import Learning
import LuaHost
import Reports
import Tensors

/// A multiclass `fair.detect` report boxed for Lua.
final class ClassDetectionObject {
    let detection: ClassDetection
    init(_ detection: ClassDetection) { self.detection = detection }
}

/// A multiclass before/after comparison boxed for Lua.
final class ClassComparisonObject {
    let comparison: ClassComparison
    init(_ comparison: ClassComparison) { self.comparison = comparison }
}

/// `fair.detect` and `fair.mitigate` on image folders: a network's classes by group.
enum ImageFairnessBindings {
    /// Whether argument `i` is an image folder (the multiclass forms of detect and mitigate).
    static func isFolder(_ call: LuaCall, _ i: Int32) -> Bool { call.stack.object(at: i, as: ImageFolder.self) != nil }

    /// The network and the train and test folders of `fair.detect` / `fair.mitigate`.
    static func arguments(_ call: LuaCall) throws -> (net: Sequential, train: ImageFolder, test: ImageFolder) {
        let box = try call.object(1, LayerObject.self, expected: "nn.Sequential (image folders need a network)")
        return (box.network, try call.object(2, ImageFolder.self, expected: "ImageFolderDataset"),
                try call.object(3, ImageFolder.self, expected: "ImageFolderDataset (train is one)"))
    }

    /// `fair.detect(net, train, test, {min_group_size=, include_small=})` on image folders.
    static func detect(_ call: LuaCall) throws -> Int32 {
        let (net, train, test) = try arguments(call)
        let (options, _) = try call.settings(4, Detection.Options(), [.field("min_group_size", \.minGroupSize), .field("include_small", \.includeSmall)])
        let detection = try ClassDetection(train: try GroupedClasses(train), test: try GroupedClasses(test),
                                           probabilities: try net.classProbabilities(try test.tensor()), options: options)
        return call.push(ClassDetectionObject(detection), detectionClass)
    }

    /// `fair.mitigate(net, train, test, {method=, seed=, constraint=, weight=, form=})` on image folders (constraint: fair_penalty's or adversarial_debiasing's; weight, form: fair_penalty's; adversary_loss_weight: adversarial_debiasing's).
    static func mitigate(_ call: LuaCall) throws -> Int32 {
        let (net, train, test) = try arguments(call)
        let (options, o) = try call.settings(4, ClassMitigation.Options(), [.field("seed", \.seed), .field("constraint", \.constraint), .field("weight", \.weight),
                                                                            .field("form", \.form), .field("adversary_loss_weight", \.adversaryWeight)],
                                             extra: ["method", "positive"])
        guard let method = try o.string("method") else {
            throw call.argumentError(4, "option 'method' is required; methods for image folders: \(ClassMitigation.methods.joined(separator: ", "))")
        }
        if method == "threshold_optimizer", let positive = try o.string("positive") {
            let comparison = try OneVsRestThreshold.mitigate(network: net, train: train, test: test, positive: positive,
                                                             constraint: options.constraint, seed: options.seed)
            return call.push(ComparisonObject(comparison), MitigateBindings.comparisonClass)
        }
        return call.push(ClassComparisonObject(try ClassMitigation.mitigate(method, network: net, train: train, test: test, options: options)),
                         comparisonClass)
    }

    static let detectionClass: LuaClass<ClassDetectionObject> = {
        LuaClass<ClassDetectionObject>("ClassDetection", "fair.detect's report on image folders: class balance by group, the model by group, tests and findings.")
            .printing({ $0.detection }, json: "The report as JSON.")
            .method("findings", returns: "table[]", "The findings: {kind=, rule=, message=, reading=, severity=, evidence={statistic=, value=, p_value=?}}.") { d, call in
                call.returns(LuaValue.array(d.detection.findings.map { LuaValue($0.json) }))
            }
            .method("notes", returns: "string[]", "What the findings leave out: small groups, images without a group.") { d, call in
                call.returns(LuaValue.array(d.detection.notes.map { .string($0) }))
            }
            .method("data_bias", returns: "table", "The training folder by group and class: counts, balance, distributions, test.") { d, call in
                call.returns(LuaValue(d.detection.data.json))
            }
            .method("model", returns: "table", "The model on the test folder: classification report per group and overall, rates, intervals, calibration.") { d, call in
                call.returns(LuaValue(d.detection.model.json))
            }
            .method("html", "path: string", "Writes the report as one self-contained HTML file (atomically), confusion matrices as heat maps.") { d, call in
                let path = try ReportBindings.writable(try call.string(2))
                try ReportBindings.write(d.detection.html(provenance: ReportBindings.provenance(script: ReportBindings.script(call), data: [])), path)
                return 0
            }
    }()

    static let comparisonClass: LuaClass<ClassComparisonObject> = {
        LuaClass<ClassComparisonObject>("ClassComparison", "A network before and after mitigation on the same test images, by group.")
            .printing({ $0.comparison }, json: "The comparison as JSON: method, rows, before and after by group.")
            .method("method", returns: "string", "The mitigation's name.") { c, call in call.returns(c.comparison.method) }
            .method("table", returns: "table[]", "Rows {measure=, before=, after=}.") { c, call in
                call.returns(LuaValue.array(c.comparison.rows.map { .table(["measure": .string($0.measure), "before": .number($0.before), "after": .number($0.after)]) }))
            }
            .method("accuracy_cost", returns: "number", "Accuracy before minus after.") { c, call in call.returns(c.comparison.accuracyCost) }
            .method("model", returns: "Sequential", "The mitigated network (a fresh copy, trained as the given one was).") { c, call in
                NetworkBindings.push(c.comparison.network, call)
            }
    }()
}

import Datasets
import Fairness
import Learning
import LuaHost
import Reports
import Tensors

/// An attack boxed for Lua.
final class AttackObject {
    let attack: Attack
    init(_ attack: Attack) { self.attack = attack }
}

/// `nn.attack` (FGSM, PGD), the Trainer's `adversarial` option, `explain.robustness`, and the individual-fairness
/// pieces: `fair.subspace_consistency` and the epoch progress of SenSR / SenSeI.
enum AttackBindings {
    /// The constructors: name, options, parameters, summary, maker from the options table.
    static var constructors: [(String, [String], String, String, (LuaOptions) throws -> Attack)] { [
        ("FGSM", ["eps"] + selection, "opts: {eps: number?, \(selectionParams)}?",
         "Goodfellow et al.'s fast gradient sign method: x + eps·sign(∇ₓ loss) (eps 0.1). \(selectionSummary)", { o in
            try Attack.fgsm(eps: try o.number("eps"), features: try features(o))
        }),
        ("PGD", ["eps", "step", "steps", "norm", "random_start", "seed"] + selection,
         "opts: {eps: number?, step: number?, steps: integer?, norm: 'inf'|'2'?, random_start: boolean?, seed: integer?, \(selectionParams)}?",
         "Madry et al.'s projected gradient descent: steps (7) of size step (eps/4) projected onto the eps-ball (ℓ∞ or ℓ₂), from a random start. \(selectionSummary)", { o in
            try Attack.pgd(eps: try o.number("eps"), step: try o.number("step"), steps: try o.integer("steps"),
                           norm: try Attack.named(try o.string("norm"), "norm"), randomStart: try o.boolean("random_start"),
                           seed: try o.seed(), features: try features(o))
        }),
    ] }

    /// The options that select the columns an attack moves.
    static let selection = ["features", "columns", "mask"]
    static let selectionParams = "features: 'numeric'|'all'?, columns: string[]?, mask: Tensor?"
    static let selectionSummary = "What moves (one of): features = 'numeric' (default: numeric columns only) or 'all' (also every one-hot block, as a unit: it switches to another level, never to an invalid code); columns = {names} (those dataset columns, categorical ones as units); mask = a 0/1 Tensor per encoded column."

    /// The column selection from `features`, `columns` or `mask`.
    static func features(_ o: LuaOptions) throws -> Attack.Features? {
        try Attack.Features.from(features: try o.string("features"), columns: try o.texts("columns"),
                                 mask: try o.object("mask", Tensor.self, expected: "Tensor")?.storage)
    }

    static var module: LuaModule {
        let module = LuaModule("nn.attack", "Adversarial attacks on a network's inputs, for robustness tests and adversarial training.")
        for (name, allowed, params, summary, make) in constructors {
            module.function(name, params, returns: "Attack", summary) { call in
                call.push(AttackObject(try make(try call.options(1, allowed: allowed))), attackClass)
            }
        }
        return module
    }

    static let attackClass: LuaClass<AttackObject> = {
        LuaClass<AttackObject>("Attack", "An adversarial attack (FGSM or PGD) on a network's inputs.")
            .metamethod("__tostring") { call in
                call.returns(try call.object(1, AttackObject.self, expected: "Attack").attack.description)
            }
            .method("perturb", "net: Sequential, data: Dataset|{x: Tensor, y: Tensor}, loss: Loss?", returns: "Tensor",
                    "The adversarial inputs of the rows (encoded as the network reads them), against the labels under loss (SigmoidBCE).") { a, call in
                let net = try call.object(2, LayerObject.self, expected: "Sequential")
                let loss = try call.optional(4, nil) { i -> Loss? in
                    guard let l = try call.object(i, TermObject.self, expected: "Loss").term as? Loss else { throw call.argumentError(i, "a loss expected (nn.loss.*)") }
                    return l
                }
                return TensorBindings.push(try a.attack.perturb(net.network, try TrainerBindings.data(call, 3, net, weights: nil), loss: loss), call)
            }
    }()

    /// The Trainer's `adversarial = {attack = nn.attack.PGD{…}, ratio = 0.5}` option at stack slot `slot`.
    static func training(_ call: LuaCall, _ slot: Int32) throws -> AdversarialTraining {
        let o = try call.options(slot, allowed: ["attack", "ratio"])
        guard let attack = try o.object("attack", AttackObject.self, expected: "Attack") else {
            throw call.argumentError(2, "option 'adversarial': {attack = nn.attack.PGD{…}, ratio = 0.5} expected")
        }
        return try AdversarialTraining(attack: attack.attack, ratio: try o.number("ratio"))
    }

    static let robustnessParams = "model: Sequential, ds: Dataset, opts: {attack: Attack}"
    static let robustnessSummary = "Clean vs adversarial accuracy, overall and by group (the first sensitive column), the group that loses most, and the demographic-parity and equalized-odds differences under attack."

    /// `explain.robustness(model, ds, {attack=})`.
    static func robustness(_ call: LuaCall) throws -> Int32 {
        let box = try DetectionBindings.model(call, 1)
        let ds = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        guard let attack = try call.options(3, allowed: ["attack"]).object("attack", AttackObject.self, expected: "Attack") else {
            throw call.argumentError(3, "option 'attack' is required (nn.attack.FGSM{…} or nn.attack.PGD{…})")
        }
        let model = box.fittedModel
        let r = try Robustness(model: model, dataset: ds, attack: attack.attack)
        box.encoder = model.encoder
        return call.push(Boxed(r), robustnessClass)
    }

    /// The result of `explain.robustness`: it prints itself, writes its HTML report, and reads its fields as a table does.
    static let robustnessClass = ResultClass.of(Robustness.self, "Robustness", robustnessSummary, json: "The result as JSON.", result: robustnessFields)
        .htmlFile("the robustness report (rates by group and a chart of accuracy clean and under attack)")
        .index { box, call in
            guard case let .object(fields) = box.value.json, let v = fields[try call.string(2)] else { return 0 }
            return call.returns(LuaValue(v))
        }

    static let robustnessFields = "{attack=, clean=, adversarial=, by_group=, changed=, loses_most=, demographic_parity_difference=, equalized_odds_difference=}; each is also a field (r.clean.accuracy)."

    /// A progress bar over the epochs of a mitigator that reports them (SenSR, SenSeI), wired to it; nil for the others.
    static func progress(_ model: any InProcessor) -> Progress? {
        guard let reporting = model as? ReportsEpochs else { return nil }
        let bar = Progress(label: "training", total: reporting.epochs)
        reporting.epochProgress = { done, _ in bar.update(done) }
        return bar
    }

    static let consistencyParams = "model: Sequential|LogisticRegression|DecisionTree|InProcessor, ds: Dataset, opts: {radius: number?, steps: integer?}?"
    static let consistencySummary = "Share of rows whose decision stays the same at x ± radius·k/steps along each sensitive direction (logistic-regression directions of the first sensitive column; radius 1, 4 steps)."

    static let flipParams = "model: Sequential|LogisticRegression|DecisionTree|InProcessor, ds: Dataset, opts: {columns: string[]?, swap: string[]?}?"
    static let flipSummary = "Share of rows whose decision stays the same under flips of attributes (Yurochkin et al.'s consistency): every combination of the levels of columns (default: the sensitive columns), or with swap = {a, b} one column's two levels exchanged (Adult's spouse consistency: relationship Husband ↔ Wife)."

    /// `fair.flip_consistency(model, ds, {columns=, swap=})`.
    static func flipConsistency(_ call: LuaCall) throws -> Int32 {
        let box = try DetectionBindings.model(call, 1)
        let ds = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let o = try call.options(3, allowed: ["columns", "swap"])
        return call.returns(try IndividualFairness.flipConsistency(ds, columns: try o.texts("columns") ?? ds.sensitive, swap: try o.texts("swap")) {
            try box.classifier.predict(try ModelInputs.encode($0, box))
        })
    }

    /// `fair.subspace_consistency(model, ds, {radius=, steps=})`.
    static func subspaceConsistency(_ call: LuaCall) throws -> Int32 {
        let box = try DetectionBindings.model(call, 1)
        let ds = try call.object(2, DatasetObject.self, expected: "Dataset").dataset
        let o = try call.options(3, allowed: ["radius", "steps"])
        let model = box.fittedModel
        let value = try IndividualFairness.subspaceConsistency(model: model, dataset: ds, radius: try o.number("radius"), steps: try o.integer("steps"))
        box.encoder = model.encoder
        return call.returns(value)
    }
}

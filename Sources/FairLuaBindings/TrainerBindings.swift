import CLua
import Datasets
import Learning
import LuaBridgeC
import LuaHost
import Reports
import Tensors

/// An optimiser boxed for Lua (with an optional schedule).
final class OptimizerObject {
    let optimizer: Optimizer
    init(_ optimizer: Optimizer) { self.optimizer = optimizer }
}

/// A trainer boxed for Lua, remembering the network's box (for its encoder).
final class TrainerObject {
    let trainer: Trainer
    let net: LayerObject
    init(_ trainer: Trainer, net: LayerObject) {
        self.trainer = trainer
        self.net = net
    }
}

/// A learning-rate schedule boxed for Lua.
final class ScheduleObject {
    let schedule: Schedule
    init(_ schedule: Schedule) { self.schedule = schedule }
}

/// `nn.Trainer` and `optim`.
enum TrainerBindings {
    static func make(_ call: LuaCall) throws -> TrainerObject {
        let net = try call.object(1, LayerObject.self, expected: "Sequential")
        let o = try call.options(2, allowed: ["loss", "optimizer", "regularizers", "penalties", "schedule", "adversarial"])
        guard let loss = try o.object("loss", TermObject.self, expected: "Loss")?.term as? Loss else {
            throw call.argumentError(2, "option 'loss' is required (e.g. nn.loss.SigmoidBCE())")
        }
        guard let optimizer = try o.object("optimizer", OptimizerObject.self, expected: "Optimizer") else {
            throw call.argumentError(2, "option 'optimizer' is required (e.g. optim.Adam{lr = 1e-3})")
        }
        var penalties: [any TrainingTerm] = []
        for key in ["regularizers", "penalties"] {
            _ = try o.withField(key) { slot -> Bool in
                guard call.type(slot) == .table else { throw call.argumentError(2, "option '\(key)': a list expected") }
                for k in 0..<call.stack.rawLength(slot) {
                    try call.stack.withRawIndex(slot, k + 1) { item in
                        guard let box = call.stack.object(at: item, as: TermObject.self) else { throw call.argumentError(2, "option '\(key)'[\(k + 1)]: nn.reg.*, nn.loss.FairnessConstraint or nn.loss.MinDiff expected") }
                        penalties.append(box.term)
                    }
                }
                return true
            }
        }
        let trainer = try Trainer(net: net.network, loss: loss, optimizer: optimizer.optimizer, penalties: penalties)
        trainer.schedule = try o.object("schedule", ScheduleObject.self, expected: "Schedule")?.schedule
        trainer.adversarial = try o.withField("adversarial") { try AttackBindings.training(call, $0) }
        if !(net.layer is Sequential) { throw call.argumentError(1, "a Sequential network expected") }
        return TrainerObject(trainer, net: net)
    }

    /// Training rows from a dataset (encoded with the network's encoder), an image folder (its images after
    /// the transform, class ids and groups) or `{X=, y=, groups=, weights=}`.
    static func data(_ call: LuaCall, _ slot: Int32, _ net: LayerObject, weights: Tensor?) throws -> TrainingData {
        if let folder = call.stack.object(at: slot, as: ImageFolder.self) {
            return try TrainingData(x: try folder.tensor(), y: folder.labels.map(Float.init), groups: folder.groups.codes, weights: weights?.storage)
        }
        if let ds = call.stack.object(at: slot, as: DatasetObject.self) {
            let x = try ModelInputs.encode(ds.dataset, net)
            let groups = ds.dataset.sensitive.isEmpty ? nil : try ds.dataset.sensitiveColumn().codes
            var rows = try TrainingData(x: x, y: try ds.dataset.labels().map(Float.init), groups: groups,
                                        weights: weights?.storage ?? ds.dataset.weights?.map(Float.init))
            rows.blocks = net.encoder?.blocks
            return rows
        }
        guard call.type(slot) == .table else { throw call.argumentError(slot, "a Dataset, an ImageFolderDataset or {x = Tensor, y = Tensor} expected") }
        func tensor(_ key: String) throws -> Tensor? {
            call.stack.withRawField(slot, key) { call.stack.object(at: $0, as: Tensor.self) }
        }
        guard let x = try tensor("x"), let y = try tensor("y") else { throw call.argumentError(slot, "{x = Tensor, y = Tensor} expected") }
        let groups = try tensor("groups").map { g in g.storage.map { $0.isFinite ? Int32(clamping: Int(max(-1, min($0, 1e9)))) : -1 } }
        return try TrainingData(x: x, y: y.storage, groups: groups, weights: weights?.storage ?? tensor("weights")?.storage)
    }

    static let trainerClass: LuaClass<TrainerObject> = {
        LuaClass<TrainerObject>("Trainer", "Updates a network's parameters: step after backward, or fit for whole epochs in Swift.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, TrainerObject.self, expected: "Trainer").trainer.description) }
            .method("step", "batch_size: integer", "Applies the optimiser to the accumulated gradients divided by batch_size.") { t, call in
                try t.trainer.step(batchSize: try call.integer(2))
                return 0
            }
            .method("fit", "ds: Dataset|{x: Tensor, y: Tensor, groups: Tensor?, weights: Tensor?}, opts: {epochs: integer?, batch_size: integer?, shuffle: boolean?, seed: integer?, weights: Tensor?, validation: Dataset?, early_stopping: table?, on_epoch: function?}?",
                    returns: "table[]", "Trains whole epochs in Swift; returns the history (loss, accuracy, val_*, seconds per epoch).") { t, call in
                let (settings, o) = try call.settings(3, Trainer.FitSettings(), fitSettings, extra: ["weights", "validation", "on_epoch"])
                let weights = try o.object("weights", Tensor.self, expected: "Tensor")
                let train = try data(call, 2, t.net, weights: weights)
                let validation = try o.withField("validation") { try data(call, $0, t.net, weights: nil) }
                let callback = o.pushField("on_epoch")
                if let callback, call.type(callback) != .function { throw call.argumentError(3, "option 'on_epoch': function expected") }
                let bar = Progress(label: "training", total: settings.epochs)
                defer { bar.finish() }                     // also when interrupted: the notebook's bar shows where it stopped
                var epochDone = 0
                let history = try t.trainer.fit(train, settings: settings, validation: validation, progress: { b, batches, loss in
                                                    bar.update(epochDone, status: "batch \(b)/\(batches) loss \(TextTable.format(loss))")
                                                }, onEpoch: { s in
                    epochDone = s.epoch
                    guard let callback else { return true }
                    var keepGoing = true
                    try call.callFunction(at: callback, nresults: 1) {
                        call.stack.push(s.epoch)
                        call.stack.push(LuaValue(s.json))
                        return 2
                    }
                    keepGoing = lua_type(call.L, -1) != LUA_TBOOLEAN || lua_toboolean(call.L, -1) != 0
                    call.stack.pop(1)
                    return keepGoing
                })
                if let callback { ls_remove(call.L, callback) }
                return call.returns(LuaValue.array(history.map { LuaValue($0.json) }))
            }
    }()

    /// The options of `Trainer:fit` that set the library's `Trainer.FitSettings`; `early_stopping = {patience=, metric=}`.
    static var fitSettings: [LuaSetting<Trainer.FitSettings>] { [
        .field("epochs", \.epochs), .field("batch_size", \.batchSize), .field("shuffle", \.shuffle), .field("seed", \.seed),
        .custom("early_stopping", \.earlyStopping) { o in
            guard case let .table(es)? = try o.value("early_stopping") else { return nil }
            var patience = Trainer.FitSettings.defaultPatience
            switch es["patience"] {
            case nil: break
            case let .integer(p)?: patience = p
            default: throw LuaError.message("option 'early_stopping': patience must be an integer")
            }
            return (patience, es["metric"]?.stringValue ?? "loss")
        },
    ] }

    /// Each rule's documentation and the options it reads, which set the library's `Optimizer.Settings`.
    static var optimizers: [(kind: Optimizer.Kind, params: String, summary: String, settings: [LuaSetting<Optimizer.Settings>])] {
        let common: [LuaSetting<Optimizer.Settings>] = [.field("lr", \.learningRate), .field("weight_decay", \.weightDecay)]
        let betas = LuaSetting<Optimizer.Settings>.custom("betas", \.betas) { o in
            guard case let .array(b)? = try o.value("betas") else { return nil }
            guard b.count == 2, let b1 = b[0].doubleValue, let b2 = b[1].doubleValue else { throw LuaError.message("option 'betas': {beta1, beta2} expected") }
            return (b1, b2)
        }
        return [
            (.sgd, "opts: {lr: number?, momentum: number?, nesterov: boolean?, weight_decay: number?}?", "Stochastic gradient descent with optional (Nesterov) momentum.",
             common + [.field("momentum", \.momentum), .field("nesterov", \.nesterov)]),
            (.adam, "opts: {lr: number?, betas: number[]?, eps: number?, weight_decay: number?}?", "Adam (L2 weight decay).", common + [betas, .field("eps", \.eps)]),
            (.adamW, "opts: {lr: number?, betas: number[]?, eps: number?, weight_decay: number?}?", "Adam with decoupled weight decay.", common + [betas, .field("eps", \.eps)]),
            (.rmsProp, "opts: {lr: number?, rho: number?, eps: number?, weight_decay: number?}?", "RMSProp.", common + [.field("rho", \.rho), .field("eps", \.eps)]),
        ]
    }

    static var module: LuaModule {
        let optim = LuaModule("optim", "Optimisers for nn.Trainer, and learning-rate schedules.")
        for o in optimizers {
            optim.function(o.kind.rawValue, o.params, returns: "Optimizer", o.summary) { call in
                call.push(OptimizerObject(try Optimizer(o.kind, try call.settings(1, Optimizer.Settings(), o.settings).0)), optimizerClass)
            }
        }
        return optim.submodule(LuaModule("optim.schedule", "Learning-rate schedules by epoch, for nn.Trainer{schedule=}.")
                .function("step", "opts: {step_size: integer, factor: number?}", returns: "Schedule", "Multiply the rate by factor (0.1) every step_size epochs.") { call in
                    let o = try call.options(1, allowed: ["step_size", "factor"])
                    guard let size = try o.integer("step_size"), size > 0 else { throw call.argumentError(1, "option 'step_size' (a positive integer) is required") }
                    return call.push(ScheduleObject(.step(stepSize: size, factor: try o.number("factor") ?? 0.1)), scheduleClass)
                }
                .function("cosine", "opts: {epochs: integer, min_lr: number?}", returns: "Schedule", "Cosine decay to min_lr over epochs.") { call in
                    let o = try call.options(1, allowed: ["epochs", "min_lr"])
                    guard let epochs = try o.integer("epochs"), epochs > 0 else { throw call.argumentError(1, "option 'epochs' (a positive integer) is required") }
                    return call.push(ScheduleObject(.cosine(epochs: epochs, minimum: try o.number("min_lr") ?? 0)), scheduleClass)
                })
    }

    static let optimizerClass: LuaClass<OptimizerObject> = {
        LuaClass<OptimizerObject>("Optimizer", "An update rule with its learning rate.")
            .metamethod("__tostring") { call in
                call.returns(try call.object(1, OptimizerObject.self, expected: "Optimizer").optimizer.description)
            }
            .method("learning_rate", returns: "number", "The current learning rate.") { o, call in call.returns(o.optimizer.learningRate) }
    }()

    static let scheduleClass: LuaClass<ScheduleObject> = {
        LuaClass<ScheduleObject>("Schedule", "A learning-rate schedule by epoch.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, ScheduleObject.self, expected: "Schedule").schedule.description) }
            .method("rate", "base: number, epoch: integer", returns: "number", "The rate for a 1-based epoch.") { s, call in
                call.returns(s.schedule.rate(base: try call.number(2), epoch: try call.integer(3) - 1))
            }
    }()
}

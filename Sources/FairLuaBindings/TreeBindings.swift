import Datasets
import Learning
import LuaHost
import Reports
import Tensors

/// `nn.DecisionTree` boxed.
typealias TreeObject = WeightedObject<DecisionTree>

/// `nn.DecisionTree{…}` and its methods.
enum TreeBindings {
    /// The settings table at argument 1.
    static func make(_ call: LuaCall) throws -> TreeObject {
        let (s, _) = try call.settings(1, DecisionTree.Settings(), [
            .field("max_depth", \.maxDepth), .field("min_samples_leaf", \.minSamplesLeaf), .field("min_samples_split", \.minSamplesSplit),
            .choice("criterion", \.criterion), .field("seed", \.seed),
            .custom("max_features", \.maxFeatures) { o in
                switch try o.value("max_features") {
                case nil: return nil
                case let .string(name)?: return try DecisionTree.MaxFeatures(named: name)
                case let value?:
                    guard let number = value.doubleValue else { throw LuaError.message("option 'max_features': a number or 'sqrt', 'log2', 'all' expected") }
                    return try DecisionTree.MaxFeatures(number)
                }
            },
        ])
        return TreeObject(try DecisionTree(s))
    }

    /// The fitted tree, or an error saying to fit it first.
    static func fitted(_ m: TreeObject) throws -> DecisionTree {
        guard m.model.nodes.nodeCount > 0 else { throw LuaError.message("the DecisionTree is not fitted (call fit first)") }
        return m.model
    }

    /// Feature names for rules: the encoder's, or x1, x2, … for a tree fitted on a tensor.
    static func names(_ m: TreeObject) -> [String] {
        m.encoder?.names ?? (0..<m.model.featureCount).map { "x\($0 + 1)" }
    }

    static let treeClass: LuaClass<TreeObject> = {
        ModelInputs.addFit(ModelInputs.addPrediction(LuaClass<TreeObject>("DecisionTree", "A CART classification tree (scikit-learn's DecisionTreeClassifier), sample-weighted.")
            .metamethod("__tostring") { call in call.returns(try call.object(1, TreeObject.self, expected: "DecisionTree").model.description) }
            .method("export_text", "opts: {decimals: integer?}?", returns: "string",
                    "The tree as indented rules, as scikit-learn's export_text prints them.") { m, call in
                let decimals = try call.options(2, allowed: ["decimals"]).integer("decimals") ?? 2
                return call.returns(try fitted(m).text(names: names(m), decimals: decimals))
            }
            .method("plot", "path: string, opts: {max_depth: integer?, title: string?}?", "Draws the tree as SVG (nodes deeper than max_depth, 6, folded).") { m, call in
                let path = try ReportBindings.writable(try call.string(2))
                let o = try call.options(3, allowed: ["max_depth", "title"])
                let svg = TreeDiagram.svg(try fitted(m).nodes, names: names(m), title: try o.string("title") ?? "Decision tree",
                                          maxDepth: try o.integer("max_depth") ?? 6)
                try ReportBindings.write(svg, path)
                return 0
            }
            .method("depth", returns: "integer", "The depth of the deepest leaf.") { m, call in call.returns(try fitted(m).nodes.depth) }
            .method("n_leaves", returns: "integer", "The number of leaves.") { m, call in call.returns(try fitted(m).nodes.leafCount) }))
    }()
}

/// `nn.GradientBoosting` boxed.
typealias BoostingObject = WeightedObject<GradientBoosting>

/// `nn.GradientBoosting{…}` and its methods.
enum BoostingBindings {
    /// The options that set the library's `GradientBoosting.Settings` (LightGBM's names).
    static var settings: [LuaSetting<GradientBoosting.Settings>] { [
        .field("n_estimators", \.rounds), .field("learning_rate", \.learningRate), .field("max_depth", \.maxDepth), .field("num_leaves", \.numLeaves),
        .field("min_child_samples", \.minChildSamples), .field("min_child_weight", \.minChildWeight), .field("lambda_l2", \.lambdaL2),
        .field("max_bins", \.maxBins), .field("subsample", \.subsample), .field("colsample", \.colsample),
        .field("early_stopping_rounds", \.earlyStoppingRounds), .field("seed", \.seed),
    ] }

    /// The settings table at argument 1 (LightGBM's defaults where absent).
    static func make(_ call: LuaCall) throws -> BoostingObject {
        BoostingObject(try GradientBoosting(try call.settings(1, GradientBoosting.Settings(), settings).0))
    }

    /// The fitted model, or an error saying to fit it first.
    static func fitted(_ m: BoostingObject) throws -> GradientBoosting {
        guard !m.model.trees.isEmpty else { throw LuaError.message("the GradientBoosting model is not fitted (call fit first)") }
        return m.model
    }

    static let boostingClass: LuaClass<BoostingObject> = {
        ModelInputs.addPrediction(LuaClass<BoostingObject>("GradientBoosting", "Histogram-based gradient-boosted trees for binary log-loss (LightGBM's algorithm).")
            .metamethod("__tostring") { call in call.returns(try call.object(1, BoostingObject.self, expected: "GradientBoosting").model.description) }
            .method("fit", "x: Dataset|Tensor, y: Tensor?, opts: {weights: Tensor?, valid: Dataset?}?", returns: "GradientBoosting",
                    "Fits on a dataset or on X and y; with valid (a Dataset) the progress shows its log-loss and early_stopping_rounds applies.") { m, call in
                let a = try ModelInputs.fitArguments(call, m, extra: ["valid"])
                let valid = try a.options.object("valid", DatasetObject.self, expected: "Dataset").map { v in
                    (x: try ModelInputs.encode(v.dataset, m), y: try v.dataset.labels().map(Double.init))
                }
                let bar = Progress(label: "boosting", total: m.model.rounds)
                defer {
                    m.model.progress = nil
                    bar.finish()
                }
                m.model.progress = { round, loss in bar.update(round, status: loss.map { "valid log-loss \(formatC("%.5f", $0))" } ?? "") }
                try m.model.fit(a.x, a.y, weights: a.weights, validation: valid)
                return call.returnsSelf()
            }
            .method("n_trees", returns: "integer", "The number of trees kept (the best round's with early stopping).") { m, call in
                call.returns(try fitted(m).trees.count)
            }
            .method("valid_loss", returns: "number[]", "The validation log-loss after each round (empty without valid).") { m, call in
                call.returns(LuaValue.array(try fitted(m).validationLoss.map { .number($0) }))
            }
            .method("margin", "x: Tensor|Dataset", returns: "Tensor", "The log-odds of each row: the base score plus every tree's leaf value.") { m, call in
                TensorBindings.push(Tensor(try fitted(m).margins(try ModelInputs.features(call, 2, m)).map(Float.init)), call)
            }
            .method("export_text", "tree: integer?", returns: "string", "Tree number `tree` (1) as indented rules with leaf values.") { m, call in
                let model = try fitted(m), k = try call.optional(2, 1, call.integer)
                guard k >= 1, k <= model.trees.count else { throw call.argumentError(2, "tree \(k) out of range 1…\(model.trees.count)") }
                return call.returns(model.trees[k - 1].text(names: m.encoder?.names ?? [], decimals: 4, classes: false))
            })
    }()
}

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
        let o = try call.options(1, allowed: ["max_depth", "min_samples_leaf", "min_samples_split", "criterion", "max_features", "seed"])
        let criterion = try o.string("criterion") ?? "gini"
        guard let kind = DecisionTree.Criterion(rawValue: criterion) else {
            throw call.argumentError(1, "option 'criterion': one of \(DecisionTree.Criterion.allCases.map(\.rawValue).joined(separator: ", ")) expected, got '\(criterion)'")
        }
        let maxFeatures: DecisionTree.MaxFeatures
        switch try o.value("max_features") {
        case nil, .nil?: maxFeatures = .all
        case let .string(name)?: maxFeatures = try DecisionTree.MaxFeatures(named: name)
        case let value?:
            guard let number = value.doubleValue else { throw call.argumentError(1, "option 'max_features': a number or 'sqrt', 'log2', 'all' expected") }
            maxFeatures = try DecisionTree.MaxFeatures(number)
        }
        return TreeObject(try DecisionTree(maxDepth: try o.integer("max_depth"), minSamplesLeaf: try o.integer("min_samples_leaf") ?? 1,
                                           minSamplesSplit: try o.integer("min_samples_split") ?? 2, criterion: kind,
                                           maxFeatures: maxFeatures, seed: try o.seed() ?? 0))
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

    static var treeClass: LuaClass<TreeObject> {
        ModelInputs.addFit(ModelInputs.addPrediction(LuaClass<TreeObject>("DecisionTree", "A CART classification tree (scikit-learn's DecisionTreeClassifier), sample-weighted.")
            .metamethod("__tostring") { call in
                let m = try call.object(1, TreeObject.self, expected: "DecisionTree").model
                let depth = m.maxDepth.map(String.init) ?? "none"
                return call.returns("DecisionTree{criterion=\(m.criterion.rawValue), max_depth=\(depth), min_samples_leaf=\(m.minSamplesLeaf)}"
                                    + (m.nodes.nodeCount == 0 ? "" : ", fitted: \(m.nodes.leafCount) leaves, depth \(m.nodes.depth)"))
            }
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
    }
}

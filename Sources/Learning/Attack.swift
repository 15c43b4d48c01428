import Datasets
import Tensors

/// An adversarial attack on a network's inputs, maximising the loss within a ball of radius ε around each
/// row: FGSM (Goodfellow, Shlens & Szegedy 2015), x' = x + ε·sign(∇ₓL), or PGD (Madry et al. 2018),
/// x ← Π_{‖x − x₀‖ ≤ ε}(x + α·sign(∇ₓL)) for ℓ∞ or x + α·∇ₓL/‖∇ₓL‖₂ for ℓ₂, from an optional uniform
/// random start. Only the columns `features` selects move. A one-hot block (a categorical column) is never
/// turned into an invalid code: it stays, or it moves as a unit — at each step it takes the level l with the
/// largest input gradient gₗ when gₗ exceeds the gradient of its current level (the first-order gain of the
/// switch is gₗ − g_current). Block moves are discrete and outside the ε-ball, which bounds the numeric columns.
public struct Attack: Sendable, CustomStringConvertible {
    /// The norm of the ball.
    public enum Norm: String, Sendable, CaseIterable {
        /// max |δⱼ| ≤ ε; the step follows sign(∇).
        case inf
        /// ‖δ‖₂ ≤ ε per row; the step follows ∇ / ‖∇‖₂.
        case l2 = "2"
    }

    /// Which encoded columns may move.
    public enum Features: Sendable, Equatable, CustomStringConvertible {
        /// Numeric columns only; one-hot blocks keep their codes (the default).
        case numeric
        /// Numeric columns, and every one-hot block as a unit.
        case all
        /// The named dataset columns: numeric ones inside the ball, categorical ones as one-hot units.
        case columns([String])
        /// A 0/1 weight per encoded column (for rows without a schema); a one-hot block is all 1 (moves as a
        /// unit) or all 0.
        case mask([Float])

        /// The selection given by at most one of the options `features` ('numeric' or 'all'), `columns` (names)
        /// and `mask` (a weight per encoded column); nil when none is given (the default).
        public static func from(features: String?, columns: [String]?, mask: [Float]?) throws -> Features? {
            let given = [features.map { _ in "features" }, columns.map { _ in "columns" }, mask.map { _ in "mask" }].compactMap { $0 }
            guard given.count <= 1 else { throw LearningError.invalid("options '\(given[0])' and '\(given[1])' both select the columns that move; give one") }
            if let columns { return .columns(columns) }
            if let mask { return .mask(mask) }
            switch features {
            case nil: return nil
            case "numeric"?: return .numeric
            case "all"?: return .all
            case let name?: throw LearningError.invalid("option 'features': '\(name)' is not one of 'numeric', 'all'")
            }
        }

        /// `numeric columns`, `numeric columns and one-hot blocks`, `columns age, sex`, `mask of 3 columns`.
        public var description: String {
            switch self {
            case .numeric: return "numeric columns"
            case .all: return "numeric columns and one-hot blocks"
            case let .columns(names): return "columns " + names.joined(separator: ", ")
            case let .mask(m): return "mask of \(m.count) columns"
            }
        }
    }

    /// What moves in rows of a given layout: a weight per encoded column (the numeric columns inside the ball)
    /// and the one-hot blocks that move as units.
    public struct Movable: Sendable, Equatable {
        /// 1 for a numeric column that moves inside the ball, 0 otherwise (a block's columns are 0).
        public let mask: [Float]
        /// The encoded columns of each one-hot block that moves as a unit.
        public let blocks: [Range<Int>]
    }

    /// "FGSM" or "PGD".
    public let name: String
    /// The radius ε of the allowed ball.
    public let eps: Double
    /// The step α of each iteration (FGSM: ε).
    public let step: Double
    /// The number of iterations (FGSM: 1).
    public let steps: Int
    /// The ball's norm.
    public let norm: Norm
    /// Whether PGD starts from a uniform random point of the ball (Madry et al.) or from x.
    public let randomStart: Bool
    /// The seed of the random start.
    public let seed: UInt64
    /// The columns perturbed.
    public let features: Features

    /// The value of `T` spelled `name` (nil stays nil: the default), or an error listing the spellings.
    public static func named<T: RawRepresentable & CaseIterable>(_ name: String?, _ option: String) throws -> T? where T.RawValue == String {
        guard let name else { return nil }
        guard let value = T(rawValue: name) else {
            throw LearningError.invalid("option '\(option)': '\(name)' is not one of \(T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        return value
    }

    /// FGSM with radius `eps` (default 0.1), ℓ∞: one step of ε·sign(∇ₓL).
    public static func fgsm(eps: Double? = nil, features: Features? = nil) throws -> Attack {
        try Attack(name: "FGSM", eps: eps ?? 0.1, step: eps ?? 0.1, steps: 1, norm: .inf, randomStart: false, seed: 0, features: features ?? .numeric)
    }

    /// PGD with radius `eps` (0.1), step (ε/4), steps (7, as in PGD-7), norm (ℓ∞), random start (on) and seed (0).
    public static func pgd(eps: Double? = nil, step: Double? = nil, steps: Int? = nil, norm: Norm? = nil, randomStart: Bool? = nil,
                           seed: UInt64? = nil, features: Features? = nil) throws -> Attack {
        let radius = eps ?? 0.1
        return try Attack(name: "PGD", eps: radius, step: step ?? radius / 4, steps: steps ?? 7, norm: norm ?? .inf,
                          randomStart: randomStart ?? true, seed: seed ?? 0, features: features ?? .numeric)
    }

    /// An attack; ε and α must be finite and ≥ 0, steps in 1…10,000, a mask's weights 0 or 1.
    init(name: String, eps: Double, step: Double, steps: Int, norm: Norm, randomStart: Bool, seed: UInt64, features: Features) throws {
        guard eps.isFinite, eps >= 0 else { throw LearningError.invalid("\(name): eps must be a finite number ≥ 0, got \(eps)") }
        guard step.isFinite, step >= 0 else { throw LearningError.invalid("\(name): step must be a finite number ≥ 0, got \(step)") }
        guard (1...10_000).contains(steps) else { throw LearningError.invalid("\(name): steps must be in 1…10000, got \(steps)") }
        if case let .mask(m) = features, let bad = m.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw LearningError.invalid("\(name): mask weights must be 0 or 1, got \(m[bad]) for column \(bad + 1)")
        }
        if case let .columns(names) = features, names.isEmpty { throw LearningError.invalid("\(name): option 'columns' names no column") }
        self.name = name
        self.eps = eps
        self.step = step
        self.steps = steps
        self.norm = norm
        self.randomStart = randomStart
        self.seed = seed
        self.features = features
    }

    /// `FGSM(eps=0.1, norm=inf)` or `PGD(eps=0.1, step=0.025, steps=7, norm=inf, random start)`.
    public var description: String {
        let start = name == "PGD" ? (randomStart ? ", random start" : ", from x") + ", step=\(formatNumber(step)), steps=\(steps)" : ""
        return "\(name)(eps=\(formatNumber(eps)), norm=\(norm.rawValue)\(start), \(features))"
    }

    /// What moves in rows of `columns` encoded columns laid out as `blocks` (nil: no schema is known, every
    /// column is numeric). Names and masks that do not fit the layout are errors.
    public func movable(columns: Int, blocks: [FeatureBlock]?) throws -> Movable {
        guard let blocks else {
            switch features {
            case .numeric, .all: return Movable(mask: [Float](repeating: 1, count: columns), blocks: [])
            case .columns: throw LearningError.invalid("\(name): option 'columns' needs rows encoded from a dataset (its schema names the columns)")
            case let .mask(m):
                guard m.count == columns else { throw LearningError.invalid("\(name): \(columns) input columns but a mask of \(m.count)") }
                return Movable(mask: m, blocks: [])
            }
        }
        guard blocks.last?.columns.upperBound ?? 0 == columns else {
            throw LearningError.invalid("\(name): \(columns) input columns but the schema encodes \(blocks.last?.columns.upperBound ?? 0)")
        }
        let moves: [Bool]
        switch features {
        case .numeric: moves = blocks.map { !$0.oneHot }
        case .all: moves = blocks.map { _ in true }
        case let .columns(names):
            for n in names where !blocks.contains(where: { $0.name == n }) {
                throw LearningError.invalid("\(name): column '\(n)' is not a feature; features are: \(blocks.map(\.name).joined(separator: ", "))")
            }
            moves = blocks.map { names.contains($0.name) }
        case let .mask(m):
            guard m.count == columns else { throw LearningError.invalid("\(name): \(columns) input columns but a mask of \(m.count)") }
            moves = try blocks.map { b in
                let on = m[b.columns].filter { $0 != 0 }.count
                guard on == 0 || on == b.columns.count else {
                    throw LearningError.invalid("\(name): the mask moves \(on) of the \(b.columns.count) one-hot columns of '\(b.name)'; a block moves whole (all 1) or not at all (all 0)")
                }
                return on > 0
            }
        }
        var mask = [Float](repeating: 0, count: columns)
        for (b, move) in zip(blocks, moves) where move && !b.oneHot { for j in b.columns { mask[j] = 1 } }
        return Movable(mask: mask, blocks: zip(blocks, moves).filter { $0.1 && $0.0.oneHot }.map { $0.0.columns })
    }

    /// The adversarial rows of `data` against `net` under `loss` (default: SigmoidBCE), moving what `features`
    /// selects in the data's layout.
    public func perturb(_ net: Sequential, _ data: TrainingData, loss: Loss? = nil) throws -> Tensor {
        guard data.x.dim == 2 else { throw LearningError.shape(layer: name, expected: "(rows, features) inputs", got: data.x.shape) }
        return try perturb(net, data.x, Tensor(data.y), loss: loss ?? .sigmoidBCE, movable: try movable(columns: data.x.shape[1], blocks: data.blocks))
    }

    /// `perturb` moving the numeric columns of weight 1 in `mask` and the one-hot `blocks` as units.
    public func perturb(_ net: Sequential, _ x: Tensor, _ y: Tensor, loss: Loss, mask: [Float], blocks: [Range<Int>] = []) throws -> Tensor {
        try perturb(net, x, y, loss: loss, movable: Movable(mask: mask, blocks: blocks))
    }

    /// The adversarial rows for `x` (rows × columns) with labels `y` against `net` in evaluation mode under
    /// `loss`; `movable.mask` (one weight per column) zeroes the numeric columns that must not move, and each of
    /// `movable.blocks` switches level as a unit.
    public func perturb(_ net: Sequential, _ x: Tensor, _ y: Tensor, loss: Loss, movable: Movable) throws -> Tensor {
        guard x.dim == 2, x.shape[0] == y.numel else {
            throw LearningError.shape(layer: name, expected: "(\(y.numel), features) inputs", got: x.shape)
        }
        let rows = x.shape[0], columns = x.shape[1], mask = movable.mask
        guard mask.count == columns else { throw LearningError.invalid("\(name): \(columns) input columns but a mask of \(mask.count)") }
        for b in movable.blocks where !(b.lowerBound >= 0 && b.upperBound <= columns) || b.contains(where: { mask[$0] != 0 }) {
            throw LearningError.invalid("\(name): one-hot block \(b.lowerBound + 1)…\(b.upperBound) must lie in 1…\(columns) outside the numeric mask")
        }
        let origin = x.storage
        var current = origin
        if randomStart {
            var generator = RandomGenerator(seed: seed)
            var start = [Float](repeating: 0, count: origin.count)
            for i in start.indices { start[i] = Float(eps) * (2 * generator.uniform() - 1) * mask[i % columns] }
            project(&start, rows: rows, columns: columns)
            for i in current.indices { current[i] += start[i] }
        }
        for _ in 0..<steps {
            try Cancellation.check()
            let gradient = try net.inputGradient(try Tensor(shape: x.shape, storage: current), y, loss: loss).storage
            var delta = [Float](repeating: 0, count: current.count)
            for r in 0..<rows {
                let base = r * columns
                var length: Float = 0
                if norm == .l2 { for j in 0..<columns { length += (gradient[base + j] * mask[j]) * (gradient[base + j] * mask[j]) } }
                length = length.squareRoot()
                for j in 0..<columns {
                    let g = gradient[base + j] * mask[j]
                    let move = norm == .inf ? (g > 0 ? 1 : (g < 0 ? -1 : 0)) : (length > 0 ? g / length : 0)
                    delta[base + j] = mask[j] == 0 ? 0 : current[base + j] - origin[base + j] + Float(step) * move
                }
            }
            project(&delta, rows: rows, columns: columns)
            for i in current.indices where mask[i % columns] != 0 { current[i] = origin[i] + delta[i] }
            for block in movable.blocks { Self.switchLevels(&current, gradient, block: block, rows: rows, columns: columns) }
        }
        return try Tensor(shape: x.shape, storage: current)
    }

    /// Moves each row's one-hot `block` to the level l of largest gradient gₗ when gₗ beats the gradient of the
    /// row's current level (0 for a row with no level set): the switch of largest first-order loss gain.
    static func switchLevels(_ x: inout [Float], _ gradient: [Float], block: Range<Int>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let base = r * columns
            guard let best = block.max(by: { gradient[base + $0] < gradient[base + $1] }) else { continue }
            let current = block.first { x[base + $0] != 0 }
            guard gradient[base + best] > current.map({ gradient[base + $0] }) ?? 0 else { continue }
            for j in block { x[base + j] = j == best ? 1 : 0 }
        }
    }

    /// Π onto the ball: clip each element to ±ε (ℓ∞), or scale each row's δ by min(1, ε/‖δ‖₂) (ℓ₂).
    func project(_ delta: inout [Float], rows: Int, columns: Int) {
        let radius = Float(eps)
        switch norm {
        case .inf:
            for i in delta.indices { delta[i] = Swift.min(Swift.max(delta[i], -radius), radius) }
        case .l2:
            for r in 0..<rows {
                var length: Float = 0
                for j in 0..<columns { length += delta[r * columns + j] * delta[r * columns + j] }
                length = length.squareRoot()
                guard length > radius, length > 0 else { continue }
                for j in 0..<columns { delta[r * columns + j] *= radius / length }
            }
        }
    }
}

extension Sequential {
    /// ∇ₓ Σᵢ L(net(xᵢ), yᵢ) in evaluation mode; the parameters' accumulated gradients are left untouched.
    public func inputGradient(_ x: Tensor, _ y: Tensor, loss: Loss) throws -> Tensor {
        try inputGradient(x) { try loss($0, y).sum() }
    }

    /// ∇ₓ objective(net(x)) for a one-element `objective` of the output, in evaluation mode; the parameters'
    /// accumulated gradients are left untouched, including those of layers this forward pass builds (a lazily
    /// built network's first use: their gradient is cleared after the backward pass).
    public func inputGradient(_ x: Tensor, objective: (Tensor) throws -> Tensor) throws -> Tensor {
        let input = x.detach().requireGrad()
        let trained = parameters.map(\.tensor).filter(\.requiresGrad)
        let existing = Set(parameters.map { ObjectIdentifier($0.tensor) })
        trained.forEach { $0.requireGrad(false) }
        defer { trained.forEach { $0.requireGrad(true) } }
        try GradMode.record { try objective(try forward(input, training: false)) }.backward()
        for p in parameters where !existing.contains(ObjectIdentifier(p.tensor)) { p.tensor.zeroGrad() }
        return try input.grad ?? Tensor.zeros(x.shape)
    }
}

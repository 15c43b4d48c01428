import Datasets
import Tensors

/// An adversarial attack on a network's inputs, maximising the loss within a ball of radius ε around each
/// row: FGSM (Goodfellow, Shlens & Szegedy 2015), x' = x + ε·sign(∇ₓL), or PGD (Madry et al. 2018),
/// x ← Π_{‖x − x₀‖ ≤ ε}(x + α·sign(∇ₓL)) for ℓ∞ or x + α·∇ₓL/‖∇ₓL‖₂ for ℓ₂, from an optional uniform
/// random start. Only the columns a mask allows move (one-hot blocks of categorical columns stay valid
/// codes when they are masked out; by default only numeric columns are perturbed).
public struct Attack: Sendable, CustomStringConvertible {
    /// The norm of the ball.
    public enum Norm: String, Sendable, CaseIterable {
        /// max |δⱼ| ≤ ε; the step follows sign(∇).
        case inf
        /// ‖δ‖₂ ≤ ε per row; the step follows ∇ / ‖∇‖₂.
        case l2 = "2"
    }

    /// Which encoded columns may move.
    public enum Scope: String, Sendable, CaseIterable {
        /// Numeric columns only (one-hot columns keep their codes).
        case numeric
        /// Every column (one-hot columns then leave {0, 1}).
        case all
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
    public let scope: Scope

    /// The value of `T` spelled `name` (nil stays nil: the default), or an error listing the spellings.
    public static func named<T: RawRepresentable & CaseIterable>(_ name: String?, _ option: String) throws -> T? where T.RawValue == String {
        guard let name else { return nil }
        guard let value = T(rawValue: name) else {
            throw LearningError.invalid("option '\(option)': '\(name)' is not one of \(T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        return value
    }

    /// FGSM with radius `eps` (default 0.1), ℓ∞: one step of ε·sign(∇ₓL).
    public static func fgsm(eps: Double? = nil, scope: Scope? = nil) throws -> Attack {
        try Attack(name: "FGSM", eps: eps ?? 0.1, step: eps ?? 0.1, steps: 1, norm: .inf, randomStart: false, seed: 0, scope: scope ?? .numeric)
    }

    /// PGD with radius `eps` (0.1), step (ε/4), steps (7, as in PGD-7), norm (ℓ∞), random start (on) and seed (0).
    public static func pgd(eps: Double? = nil, step: Double? = nil, steps: Int? = nil, norm: Norm? = nil, randomStart: Bool? = nil,
                           seed: UInt64? = nil, scope: Scope? = nil) throws -> Attack {
        let radius = eps ?? 0.1
        return try Attack(name: "PGD", eps: radius, step: step ?? radius / 4, steps: steps ?? 7, norm: norm ?? .inf,
                          randomStart: randomStart ?? true, seed: seed ?? 0, scope: scope ?? .numeric)
    }

    /// An attack; ε and α must be finite and ≥ 0, steps in 1…10,000.
    init(name: String, eps: Double, step: Double, steps: Int, norm: Norm, randomStart: Bool, seed: UInt64, scope: Scope) throws {
        guard eps.isFinite, eps >= 0 else { throw LearningError.invalid("\(name): eps must be a finite number ≥ 0, got \(eps)") }
        guard step.isFinite, step >= 0 else { throw LearningError.invalid("\(name): step must be a finite number ≥ 0, got \(step)") }
        guard (1...10_000).contains(steps) else { throw LearningError.invalid("\(name): steps must be in 1…10000, got \(steps)") }
        self.name = name
        self.eps = eps
        self.step = step
        self.steps = steps
        self.norm = norm
        self.randomStart = randomStart
        self.seed = seed
        self.scope = scope
    }

    /// `FGSM(eps=0.1, norm=inf)` or `PGD(eps=0.1, step=0.025, steps=7, norm=inf, random start)`.
    public var description: String {
        let start = name == "PGD" ? (randomStart ? ", random start" : ", from x") + ", step=\(formatNumber(step)), steps=\(steps)" : ""
        return "\(name)(eps=\(formatNumber(eps)), norm=\(norm.rawValue)\(start), \(scope.rawValue) columns)"
    }

    /// The 0/1 weight of each of `columns` encoded columns: `numeric[j]` says whether column j is numeric
    /// (nil: no schema is known, every column moves).
    public func mask(columns: Int, numeric: [Bool]?) throws -> [Float] {
        guard scope == .numeric, let numeric else { return [Float](repeating: 1, count: columns) }
        guard numeric.count == columns else { throw LearningError.invalid("\(name): \(columns) input columns but the schema encodes \(numeric.count)") }
        return numeric.map { $0 ? 1 : 0 }
    }

    /// The adversarial rows of `data` against `net` under `loss` (default: SigmoidBCE), moving only its
    /// numeric columns when the scope says so and the data knows them.
    public func perturb(_ net: Sequential, _ data: TrainingData, loss: Loss? = nil) throws -> Tensor {
        guard data.x.dim == 2 else { throw LearningError.shape(layer: name, expected: "(rows, features) inputs", got: data.x.shape) }
        return try perturb(net, data.x, Tensor(data.y), loss: loss ?? .sigmoidBCE, mask: try mask(columns: data.x.shape[1], numeric: data.numericColumns))
    }

    /// The adversarial rows for `x` (rows × columns) with labels `y` against `net` in evaluation mode under
    /// `loss`; `mask` (one weight per column) zeroes the columns that must not move.
    public func perturb(_ net: Sequential, _ x: Tensor, _ y: Tensor, loss: Loss, mask: [Float]) throws -> Tensor {
        guard x.dim == 2, x.shape[0] == y.numel else {
            throw LearningError.shape(layer: name, expected: "(\(y.numel), features) inputs", got: x.shape)
        }
        let rows = x.shape[0], columns = x.shape[1]
        guard mask.count == columns else { throw LearningError.invalid("\(name): \(columns) input columns but a mask of \(mask.count)") }
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
                    delta[base + j] = current[base + j] - origin[base + j] + Float(step) * move
                }
            }
            project(&delta, rows: rows, columns: columns)
            for i in current.indices { current[i] = origin[i] + delta[i] }
        }
        return try Tensor(shape: x.shape, storage: current)
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
    /// accumulated gradients are left untouched.
    public func inputGradient(_ x: Tensor, objective: (Tensor) throws -> Tensor) throws -> Tensor {
        let input = x.detach().requireGrad()
        let trained = parameters.map(\.tensor).filter(\.requiresGrad)
        trained.forEach { $0.requireGrad(false) }
        defer { trained.forEach { $0.requireGrad(true) } }
        try GradMode.record { try objective(try forward(input, training: false)) }.backward()
        return try input.grad ?? Tensor.zeros(x.shape)
    }
}

/// A recorded operation: its inputs, their versions when it was recorded, and the rule that maps the
/// output's gradient to theirs.
final class GradNode {
    /// The operation's name, for errors ("multiplying").
    let op: String
    var inputs: [Tensor]
    /// `inputs[k].version` at recording: a later in-place change would make the gradient silently wrong.
    let versions: [Int]
    var backward: (Tensor) throws -> [Tensor?]

    init(op: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.op = op
        self.inputs = inputs
        self.versions = inputs.map(\.version)
        self.backward = backward
    }

    /// An error when an input was modified in place after it was recorded (PyTorch's version counters).
    func checkVersions() throws {
        for (k, input) in inputs.enumerated() where input.version != versions[k] {
            throw TensorError.invalid("'backward': input \(k + 1) of '\(op)' was modified in place after '\(op)' used it (version \(input.version), recorded at \(versions[k])); modify a clone() instead, or compute again")
        }
    }

    /// Frees the graph below `tensor` without recursion: a node whose inputs would die with it gives their
    /// nodes to the loop first, so a 10-million-op chain (a training loop that never detaches) is freed
    /// in constant stack depth.
    static func release(from tensor: Tensor) {
        var pending: [GradNode] = []
        if let root = tensor.node { pending.append(root) }
        tensor.node = nil
        while var node = pending.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            node.backward = { _ in [] }                    // drops the closure's references to the inputs
            var inputs = node.inputs
            node.inputs = []
            for k in inputs.indices where isKnownUniquelyReferenced(&inputs[k]) {
                if let next = inputs[k].node { inputs[k].node = nil; pending.append(next) }
            }
        }
    }
}

/// Whether operations are recorded (on by default; `noGrad` turns it off).
public enum GradMode {
    nonisolated(unsafe) static var enabled = true

    /// Runs `body` with recording on (MXNet's `autograd.record`).
    public static func record<R>(_ body: () throws -> R) rethrows -> R {
        let saved = enabled
        enabled = true
        defer { enabled = saved }
        return try body()
    }

    /// Runs `body` without recording.
    public static func noGrad<R>(_ body: () throws -> R) rethrows -> R {
        let saved = enabled
        enabled = false
        defer { enabled = saved }
        return try body()
    }
}

extension Tensor {
    /// Whether this tensor takes part in a recorded computation.
    var tracked: Bool { requiresGrad || node != nil }

    /// Attaches `backward` to `self` (the result of an op on `inputs`) when recording applies; returns self.
    @discardableResult
    func recorded(_ inputs: [Tensor], op: String = #function, _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        if GradMode.enabled && inputs.contains(where: { $0.tracked }) {
            node = GradNode(op: String(op.prefix { $0 != "(" }), inputs: inputs, backward: backward)
        }
        return self
    }

    /// Marks the tensor as a leaf that accumulates gradients; returns self (chainable).
    @discardableResult
    public func requireGrad(_ flag: Bool = true) -> Tensor {
        requiresGrad = flag
        return self
    }

    /// A tensor with the same values, cut from the recorded graph.
    public func detach() -> Tensor { Tensor(unchecked: shape, storage) }

    /// Updates the values in place (optimisers); the shape and the autograd graph are unchanged.
    public func withMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// Adds `gradient` to the accumulated gradient, for updates whose gradients are combined by hand
    /// (adversarial debiasing projects one loss's gradient out of another's) before an optimiser step.
    public func accumulateGrad(_ gradient: Tensor) throws {
        guard gradient.shape == shape else { throw TensorError.shapeMismatch(op: "accumulateGrad", gradient.shape, shape) }
        grad = try grad.map { try $0.adding(gradient) } ?? gradient.detach()
    }

    /// Back-propagates from this tensor. Without `gradient`, as MXNet does, the sum of the elements is
    /// differentiated (a gradient of ones), so a per-sample loss vector can call `backward()` directly.
    public func backward(_ gradient: Tensor? = nil) throws {
        guard tracked else {
            throw TensorError.invalid("'backward': the tensor does not require grad (call requires_grad() on an input, inside autograd.record)")
        }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else { throw TensorError.shapeMismatch(op: "backward", gradient.shape, shape) }
            seed = gradient
        } else {
            seed = Tensor(unchecked: shape, [Float](repeating: 1, count: numel))
        }
        // Topological order by depth-first search from self.
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (t, expanded) = stack.popLast() {
            if expanded { order.append(t); continue }
            guard seen.insert(ObjectIdentifier(t)).inserted else { continue }
            stack.append((t, true))
            for input in t.node?.inputs ?? [] where input.tracked { stack.append((input, false)) }
        }
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        try GradMode.noGrad {
            for t in order.reversed() {
                guard let g = grads[ObjectIdentifier(t)] else { continue }
                if t.requiresGrad {
                    t.grad = try t.grad.map { try $0.adding(g) } ?? g.detach()
                }
                guard let node = t.node else { continue }
                try node.checkVersions()
                for (input, ig) in Swift.zip(node.inputs, try node.backward(g)) {
                    guard let ig, input.tracked else { continue }
                    let key = ObjectIdentifier(input)
                    grads[key] = try grads[key].map { try $0.adding(ig) } ?? ig
                }
            }
        }
    }

    /// Max absolute difference between `f`'s analytic gradients and central finite differences
    /// (step `eps`), over every element of every input. `f` must return a one-element tensor.
    public static func gradcheck(_ inputs: [Tensor], eps: Float = 1e-2, _ f: ([Tensor]) throws -> Tensor) throws -> Double {
        for t in inputs { t.grad = nil; t.requiresGrad = true }
        try GradMode.record { try f(inputs).backward() }
        var worst = 0.0
        for t in inputs {
            let analytic = t.grad?.storage ?? [Float](repeating: 0, count: t.numel)
            for i in 0..<t.numel {
                let saved = t.storage[i]
                t.storage[i] = saved + eps
                let plus = try GradMode.noGrad { try f(inputs).item() }
                t.storage[i] = saved - eps
                let minus = try GradMode.noGrad { try f(inputs).item() }
                t.storage[i] = saved
                let numeric = (Double(plus) - Double(minus)) / (2 * Double(eps))
                worst = Swift.max(worst, Swift.abs(numeric - Double(analytic[i])))
            }
        }
        return worst
    }
}

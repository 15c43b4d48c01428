import LuaHost
import Tensors

/// The metamethods of `Tensor` objects in Lua: arithmetic, comparisons, length, indexing.
extension TensorBindings {
    static func addOperators(_ c: LuaClass<Tensor>) {
        let ops: [(String, (Tensor, Tensor) throws -> Tensor)] = [
            ("__add", { try $0.adding($1) }), ("__sub", { try $0.subtracting($1) }),
            ("__mul", { try $0.multiplying($1) }), ("__div", { try $0.dividing($1) }), ("__pow", { try $0.power($1) }),
        ]
        for (event, op) in ops {
            c.metamethod(event) { call in push(try op(tensor(call, 1), tensor(call, 2)), call) }
        }
        c.metamethod("__unm") { call in push(try tensor(call, 1).negated(), call) }
        c.metamethod("__len") { call in
            let t = try tensor(call, 1)
            return call.returns(t.shape.first ?? 0)
        }
        c.metamethod("__tostring") { call in call.returns(try tensor(call, 1).description) }
        c.metamethod("__eq") { call in
            let (a, b) = (try tensor(call, 1), try tensor(call, 2))
            return call.returns(a === b || (a.shape == b.shape && a.storage == b.storage))
        }
        c.metamethod("__lt") { call in call.returns(try scalars(call, "<") { $0 < $1 }) }
        c.metamethod("__le") { call in call.returns(try scalars(call, "<=") { $0 <= $1 }) }
        c.index { t, call in
            if call.type(2) == .string {
                switch call.stack.string(at: 2) {
                case "grad": return t.grad.map { push($0, call) } ?? call.returns(LuaValue.nil)
                default: return call.returns(LuaValue.nil)
                }
            }
            let i = try call.integer(2)
            guard t.dim > 0 else { throw LuaError.message("cannot index a 0-d tensor; use t:item()") }
            guard i >= 1 && i <= t.shape[0] else {
                throw LuaError.message("index \(i) out of range for dimension 1 of size \(t.shape[0]) (valid: 1..\(t.shape[0]))")
            }
            if t.dim == 1 { return call.returns(t.storage[i - 1].shortestDouble) }
            return push(try t.select(dim: 0, i - 1), call)
        }
    }

    /// Compares two one-element operands (tensor or number) as numbers.
    static func scalars(_ call: LuaCall, _ op: String, _ f: (Float, Float) -> Bool) throws -> Bool {
        let (a, b) = (try tensor(call, 1), try tensor(call, 2))
        guard a.numel == 1, b.numel == 1 else {
            throw LuaError.message("'\(op)' compares one-element tensors only; use t:lt(u), t:le(u) … for element-wise comparisons")
        }
        return f(a.storage[0], b.storage[0])
    }
}

import CLua
import LuaHost
import Tensors

/// `tensor` and `autograd`: the Tensor class in Lua. Dimensions and indices are 1-based here and
/// converted to Swift's 0-based ones at this boundary only.
enum TensorBindings {
    static let key = MetatableKey("fairlua.Tensor")

    /// Pushes a tensor result.
    @discardableResult
    static func push(_ t: Tensor, _ call: LuaCall) -> Int32 {
        call.stack.pushObject(t, key: key)
        call.stack.reportExternalAllocation(bytes: t.numel * 4)
        return 1
    }

    /// Argument `i` as a tensor; a number becomes a 0-d tensor (so `2 * t` and `t + 1` work).
    static func tensor(_ call: LuaCall, _ i: Int32) throws -> Tensor {
        if let t = call.stack.object(at: i, key: key, as: Tensor.self) { return t }
        if call.type(i) == .number { return Tensor(scalar: Float(try call.number(i))) }
        throw call.typeError(i, expected: "Tensor")
    }

    /// A 1-based (or negative, from the end) Lua dimension as a 0-based one.
    static func dim(_ call: LuaCall, _ i: Int32) throws -> Int {
        let d = try call.integer(i)
        guard d != 0 else { throw call.argumentError(i, "dimensions are 1-based (or negative from the end); got 0") }
        return d > 0 ? d - 1 : d
    }

    /// An optional dimension.
    static func optionalDim(_ call: LuaCall, _ i: Int32) throws -> Int? { call.isNone(i) ? nil : try dim(call, i) }

    /// A shape given as integers from argument `i` on, or as one table: `zeros(2, 3)` or `zeros({2, 3})`.
    /// Sizes below `smallest` are refused (reshape passes -1, its "infer this size").
    static func shape(_ call: LuaCall, from i: Int32, to last: Int32? = nil, smallest: Int = 0) throws -> [Int] {
        func size(_ n: Int, _ position: Int32) throws -> Int {
            guard n >= smallest else { throw call.argumentError(position, "sizes must be \(smallest == 0 ? "non-negative" : "≥ \(smallest)"), got \(n)") }
            return n
        }
        if call.type(i) == .table {
            switch try call.value(i) {
            case let .array(items):
                return try items.map { v in
                    guard case let .integer(n) = v else { throw call.argumentError(i, "sizes must be integers") }
                    return try size(n, i)
                }
            case .table(let t) where t.isEmpty: return []
            default: throw call.argumentError(i, "shape table must be a list of sizes")
            }
        }
        let end = last ?? call.count
        guard end >= i else { return [] }
        return try (i...end).map { try size(try call.integer($0), $0) }
    }

    /// Nested Lua tables of numbers as nested values (non-numbers name their position).
    static func nested(_ value: LuaValue, path: String = "") throws -> NestedValues {
        switch value {
        case let .integer(i): return .number(Float(i))
        case let .number(d): return .number(Float(d))
        case let .boolean(b): return .number(b ? 1 : 0)
        case let .array(items):
            return .list(try items.enumerated().map { try nested($1, path: path + "[\($0 + 1)]") })
        case let .table(t) where t.isEmpty: return .list([])
        default:
            throw LuaError.message("tensor: entry \(path.isEmpty ? "at the top level" : path) is a \(value.typeName), not a number")
        }
    }

    /// Nested values as Lua tables.
    static func lua(_ values: NestedValues) -> LuaValue {
        switch values {
        case let .number(x): return .number(x.shortestDouble)
        case let .list(items): return .array(items.map(lua))
        }
    }

    /// Values shifted by `delta` (1-based <-> 0-based index tensors).
    static func shifted(_ t: Tensor, by delta: Float) throws -> Tensor { try t.adding(Tensor(scalar: delta)) }

    /// A 0-based index list from Lua integers.
    static func indices(_ call: LuaCall, from i: Int32, count: Int32) throws -> [Int] {
        try (0..<Swift.max(count, 0)).map { try call.integer(i + $0) - 1 }
    }

    static var module: LuaModule {
        let m = LuaModule("tensor", "Float32 n-d arrays (BLAS-backed), 1-based in Lua, with autograd.")
        m.callable("values: table", returns: "Tensor", "tensor{…} builds a tensor from nested tables of numbers.") { call in
            guard call.count >= 2 else { throw call.argumentError(1, "table expected, got no value") }
            return push(try Tensor.nested(nested(try call.value(2))), call)
        }
        m.function("zeros", "...: integer", returns: "Tensor", "All zeros: zeros(2, 3) or zeros({2, 3}).") { call in
            push(try Tensor.zeros(shape(call, from: 1)), call)
        }
        m.function("ones", "...: integer", returns: "Tensor", "All ones.") { call in push(try Tensor.ones(shape(call, from: 1)), call) }
        m.function("full", "shape: integer[], value: number", returns: "Tensor", "Every element equal to value.") { call in
            push(try Tensor.full(shape(call, from: 1, to: 1), Float(try call.number(2))), call)
        }
        m.function("arange", "start: number, stop: number?, step: number?", returns: "Tensor",
                   "start, start+step, … excluding stop (NumPy's arange); arange(n) is 0..n-1.") { call in
            if call.isNone(2) { return push(try Tensor.arange(0, try call.number(1)), call) }
            return push(try Tensor.arange(try call.number(1), try call.number(2), try call.optional(3, 1, call.number)), call)
        }
        m.function("linspace", "start: number, stop: number, n: integer", returns: "Tensor", "n evenly spaced values, ends included.") { call in
            push(try Tensor.linspace(try call.number(1), try call.number(2), try call.integer(3)), call)
        }
        m.function("eye", "n: integer, m: integer?", returns: "Tensor", "The identity matrix.") { call in
            push(try Tensor.eye(try call.integer(1), call.isNone(2) ? nil : try call.integer(2)), call)
        }
        m.function("rand", "...: integer", returns: "Tensor", "Uniform values in [0, 1) from the seeded generator.") { call in
            push(try Tensor.rand(shape(call, from: 1)), call)
        }
        m.function("randn", "...: integer", returns: "Tensor", "Standard normal values from the seeded generator.") { call in
            push(try Tensor.randn(shape(call, from: 1)), call)
        }
        m.function("randint", "low: integer, high: integer, ...: integer", returns: "Tensor",
                   "Integers uniform in low..high-1.") { call in
            push(try Tensor.randint(try call.integer(1), try call.integer(2), shape(call, from: 3)), call)
        }
        m.function("randperm", "n: integer", returns: "Tensor", "A random permutation of 1..n.") { call in
            push(try shifted(Tensor.randperm(try call.integer(1)), by: 1), call)
        }
        m.function("seed", "n: integer", "Reseeds the generator (PCG32): the same seed gives the same numbers everywhere.") { call in
            Tensor.seed(UInt64(truncatingIfNeeded: try call.integer(1)))
            return 0
        }
        m.function("where", "cond: Tensor, a: Tensor|number, b: Tensor|number", returns: "Tensor",
                   "a where cond is non-zero, else b (broadcasting).") { call in
            push(try Tensor.where(tensor(call, 1), tensor(call, 2), tensor(call, 3)), call)
        }
        m.function("cat", "tensors: Tensor[], dim: integer?", returns: "Tensor", "Concatenation along dim (default 1).") { call in
            push(try Tensor.cat(list(call, 1), dim: optionalDim(call, 2) ?? 0), call)
        }
        m.function("stack", "tensors: Tensor[], dim: integer?", returns: "Tensor", "Stacks along a new dim (default 1).") { call in
            push(try Tensor.stack(list(call, 1), dim: optionalDim(call, 2) ?? 0), call)
        }
        m.function("load", "path: string", returns: "Tensor",
                   "Reads a NumPy .npy file (any version, C or Fortran order, either endianness; bool, int8..64, uint8..64, float16/32/64) as Float32.") { call in
            push(try Npy.load(try call.string(1), warn: warning), call)
        }
        m.function("load_npz", "path: string", returns: "table<string, Tensor>",
                   "Reads a NumPy .npz archive (np.savez or np.savez_compressed) as name -> Float32 tensor.") { call in
            pushNamed(try Npz.load(try call.string(1), warn: warning), call)
        }
        m.function("save_npz", "path: string, tensors: table<string, Tensor>",
                   "Writes name -> tensor as a float32 .npz archive (stored, as np.savez), atomically.") { call in
            try Npz.save(try named(call, 2), to: try call.string(1))
            return 0
        }
        m.function("load_safetensors", "path: string", returns: "table<string, Tensor>",
                   "Reads a safetensors file (PyTorch, Hugging Face; F32, F16, BF16, F64, I64, I32, U8, BOOL) as name -> Float32 tensor.") { call in
            pushNamed(try Safetensors.load(try call.string(1), warn: warning), call)
        }
        m.function("save_safetensors", "path: string, tensors: table<string, Tensor>",
                   "Writes name -> tensor as an F32 safetensors file (safetensors.torch.load_file reads it), atomically.") { call in
            try Safetensors.save(try named(call, 2), to: try call.string(1))
            return 0
        }
        m.function("matmul", "a: Tensor, b: Tensor", returns: "Tensor", "Matrix product (batched for 3-d).") { call in
            push(try tensor(call, 1).matmul(tensor(call, 2)), call)
        }
        for (name, op) in allocating {
            m.function(name, "a: Tensor|number, b: Tensor|number", returns: "Tensor", "a \(name) b as a new tensor (broadcasting).") { call in
                push(try op(tensor(call, 1), tensor(call, 2)), call)
            }
        }
        return m
    }

    static var allocating: [(String, (Tensor, Tensor) throws -> Tensor)] { [
        ("add", { try $0.adding($1) }), ("sub", { try $0.subtracting($1) }),
        ("mul", { try $0.multiplying($1) }), ("div", { try $0.dividing($1) }),
    ] }

    /// Prints a note from a reader on stderr.
    static func warning(_ text: String) { Console.error("warning: " + text) }

    /// Pushes a table of name -> tensor.
    static func pushNamed(_ tensors: [(name: String, tensor: Tensor)], _ call: LuaCall) -> Int32 {
        call.stack.pushTable(arrayCount: 0)
        for (name, t) in tensors {
            call.stack.push(name)
            push(t, call)
            lua_rawset(call.L, -3)
        }
        return 1
    }

    /// A Lua table of name -> tensor (string keys only).
    static func named(_ call: LuaCall, _ i: Int32) throws -> [(name: String, tensor: Tensor)] {
        guard call.type(i) == .table else { throw call.typeError(i, expected: "table of name = Tensor") }
        if call.stack.rawLength(i) > 0 { throw call.argumentError(i, "give names: {weights = t, …}, not a list") }
        return try call.stack.stringKeys(of: i).sorted().map { name in
            try call.stack.withRawField(i, name) { slot in
                guard let t = call.stack.object(at: slot, key: key, as: Tensor.self) else {
                    throw call.argumentError(i, "'\(name)' is a \(call.stack.typeName(at: slot)), not a Tensor")
                }
                return (name, t)
            }
        }
    }

    /// A Lua list of tensors.
    static func list(_ call: LuaCall, _ i: Int32) throws -> [Tensor] {
        guard call.type(i) == .table else { throw call.typeError(i, expected: "table of tensors") }
        let n = call.stack.rawLength(i)
        return try (0..<n).map { k0 in
            let k = k0 + 1
            return try call.stack.withRawIndex(i, k) { slot in
                guard let t = call.stack.object(at: slot, as: Tensor.self) else {
                    throw call.argumentError(i, "entry \(k) is a \(call.stack.typeName(at: slot)), not a Tensor")
                }
                return t
            }
        }
    }
}

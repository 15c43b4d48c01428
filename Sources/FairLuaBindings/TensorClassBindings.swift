import LuaHost
import Tensors

/// The methods and operators of `Tensor` objects in Lua.
extension TensorBindings {
    typealias T = TensorBindings

    /// Unary element-wise methods: name, summary, operation.
    static var unary: [(String, String, (Tensor) -> Tensor)] { [
        ("exp", "e^x element-wise.", { $0.exp() }), ("log", "Natural log element-wise.", { $0.log() }),
        ("log1p", "log(1 + x) element-wise.", { $0.log1p() }), ("sqrt", "Square root element-wise.", { $0.sqrt() }),
        ("abs", "Absolute value element-wise.", { $0.abs() }), ("neg", "-x element-wise.", { $0.negated() }),
        ("sign", "-1, 0 or 1 element-wise.", { $0.sign() }), ("sigmoid", "1 / (1 + e^-x), stable.", { $0.sigmoid() }),
        ("tanh", "Hyperbolic tangent.", { $0.tanh() }), ("relu", "max(x, 0).", { $0.relu() }),
        ("floor", "Rounded down.", { $0.floor() }), ("round", "Rounded to nearest, halves to even.", { $0.round() }),
    ] }

    /// Binary element-wise methods that allocate: name, summary, operation.
    static var binary: [(String, String, (Tensor, Tensor) throws -> Tensor)] { [
        ("maximum", "Element-wise maximum (broadcasting).", { try $0.maximum($1) }),
        ("minimum", "Element-wise minimum (broadcasting).", { try $0.minimum($1) }),
        ("gt", "1 where a > b, else 0.", { try $0.gt($1) }), ("ge", "1 where a >= b, else 0.", { try $0.ge($1) }),
        ("lt", "1 where a < b, else 0.", { try $0.lt($1) }), ("le", "1 where a <= b, else 0.", { try $0.le($1) }),
        ("eq", "1 where a == b, else 0.", { try $0.eq($1) }), ("ne", "1 where a ~= b, else 0.", { try $0.ne($1) }),
        ("mm", "Matrix product of 2-d tensors (BLAS sgemm).", { try $0.mm($1) }),
        ("matmul", "Matrix product, batched for 3-d.", { try $0.matmul($1) }),
        ("dot", "Inner product of 1-d tensors.", { try $0.dot($1) }),
        ("outer", "Outer product of 1-d tensors.", { try $0.outer($1) }),
        ("solve", "x with A·x = b for square A.", { try $0.solve($1) }),
    ] }

    /// Method forms that mutate self (Torch7's rule) and return it.
    static var mutating: [(String, (Tensor, Tensor) throws -> Tensor)] { [
        ("add", { try $0.addInPlace($1) }),
        ("sub", { try $0.addInPlace($1.negated()) }),
        ("mul", { try $0.copy(from: $0.multiplying($1)) }),
        ("div", { try $0.copy(from: $0.dividing($1)) }),
    ] }

    /// Reductions taking an optional dim and keepdim.
    static var reductions: [(String, String, (Tensor, Int?, Bool) throws -> Tensor)] { [
        ("sum", "Sum of all elements (a 0-d tensor) or along dim.", { try $0.sum(dim: $1, keepdim: $2) }),
        ("mean", "Mean of all elements or along dim.", { try $0.mean(dim: $1, keepdim: $2) }),
        ("prod", "Product of all elements or along dim.", { try $0.prod(dim: $1, keepdim: $2) }),
        ("max", "Maximum of all elements or along dim.", { try $0.max(dim: $1, keepdim: $2) }),
        ("min", "Minimum of all elements or along dim.", { try $0.min(dim: $1, keepdim: $2) }),
        ("argmax", "1-based index of the maximum (flat, or along dim).", { try shifted($0.argmax(dim: $1, keepdim: $2), by: 1) }),
        ("argmin", "1-based index of the minimum (flat, or along dim).", { try shifted($0.argmin(dim: $1, keepdim: $2), by: 1) }),
    ] }

    /// Spreads taking an optional dim, keepdim and unbiased (n - 1 denominator, the default).
    static var spreads: [(String, String, (Tensor, Int?, Bool, Bool) throws -> Tensor)] { [
        ("var", "Variance of all elements or along dim (unbiased unless unbiased = false).", { try $0.variance(dim: $1, keepdim: $2, unbiased: $3) }),
        ("std", "Standard deviation (unbiased unless unbiased = false).", { try $0.std(dim: $1, keepdim: $2, unbiased: $3) }),
    ] }

    static let tensorClass: LuaClass<Tensor> = {
        let c = LuaClass<Tensor>("Tensor", "A Float32 n-d array; operators allocate, method forms such as add mutate self.")
        for (name, summary, op) in unary {
            c.method(name, "", returns: "Tensor", summary) { t, call in push(op(t), call) }
        }
        for (name, summary, op) in binary {
            c.method(name, "other: Tensor|number", returns: "Tensor", summary) { t, call in push(try op(t, tensor(call, 2)), call) }
        }
        for (name, op) in mutating {
            c.method(name, "other: Tensor|number", returns: "Tensor", "self \(name) other, in place (broadcast to self's shape); returns self.") { t, call in
                _ = try op(t, tensor(call, 2))
                return call.returnsSelf()
            }
        }
        for (name, summary, op) in reductions {
            c.method(name, "dim: integer?, keepdim: boolean?", returns: "Tensor", summary) { t, call in
                push(try op(t, optionalDim(call, 2), call.boolean(3)), call)
            }
        }
        for (name, summary, op) in spreads {
            c.method(name, "dim: integer?, keepdim: boolean?, unbiased: boolean?", returns: "Tensor", summary) { t, call in
                push(try op(t, optionalDim(call, 2), call.boolean(3), call.optional(4, true, call.boolean)), call)
            }
        }
        addShapeMethods(c)
        addOtherMethods(c)
        addOperators(c)
        return c
    }()

    static func addShapeMethods(_ c: LuaClass<Tensor>) {
        c.method("shape", "", returns: "integer[]", "The sizes as a Lua table.") { t, call in
            call.returns(LuaValue.array(t.shape.map { .integer($0) }))
        }
        c.method("numel", "", returns: "integer", "Number of elements.") { t, call in call.returns(t.numel) }
        c.method("dim", "", returns: "integer", "Number of dimensions.") { t, call in call.returns(t.dim) }
        c.method("reshape", "...: integer", returns: "Tensor", "Same values, new shape (one size may be -1).") { t, call in
            push(try t.reshape(shape(call, from: 2, smallest: -1)), call)
        }
        c.method("view", "...: integer", returns: "Tensor", "As reshape (storage is always contiguous; the result is a copy).") { t, call in
            push(try t.reshape(shape(call, from: 2, smallest: -1)), call)
        }
        c.method("flatten", "", returns: "Tensor", "All elements as a 1-d tensor.") { t, call in push(try t.flatten(), call) }
        c.method("squeeze", "dim: integer?", returns: "Tensor", "Without size-1 dimensions (or only dim).") { t, call in
            push(try t.squeeze(dim: optionalDim(call, 2)), call)
        }
        c.method("unsqueeze", "dim: integer", returns: "Tensor", "With a size-1 dimension inserted at dim.") { t, call in
            push(try t.unsqueeze(dim: dim(call, 2)), call)
        }
        c.method("expand", "...: integer", returns: "Tensor", "Broadcast to a larger shape.") { t, call in
            push(try t.expand(shape(call, from: 2)), call)
        }
        c.method("narrow", "dim: integer, start: integer, length: integer", returns: "Tensor",
                 "length slices of dim starting at start (1-based).") { t, call in
            push(try t.narrow(dim: dim(call, 2), start: try call.integer(3) - 1, length: try call.integer(4)), call)
        }
        c.method("select", "dim: integer, index: integer", returns: "Tensor", "The slice at index of dim, dim removed.") { t, call in
            push(try t.select(dim: dim(call, 2), try call.integer(3) - 1), call)
        }
        c.method("t", "", returns: "Tensor", "Transpose of a 2-d tensor.") { t, call in push(try t.t(), call) }
        c.method("permute", "...: integer", returns: "Tensor", "Dimensions reordered (1-based).") { t, call in
            push(try t.permute(shape(call, from: 2).map { $0 - 1 }), call)
        }
        c.method("get", "...: integer", returns: "number", "The element at 1-based indices.") { t, call in
            call.returns(try t.get(indices(call, from: 2, count: call.count - 1)).shortestDouble)
        }
        c.method("set", "...: integer, value: number", returns: "Tensor", "Sets the element at 1-based indices; returns self.") { t, call in
            try t.set(indices(call, from: 2, count: call.count - 2), Float(try call.number(call.count)))
            return call.returnsSelf()
        }
        c.method("index", "dim: integer, index: Tensor", returns: "Tensor", "Gathers along dim with 1-based indices (same rank).") { t, call in
            push(try t.index(dim: dim(call, 2), shifted(tensor(call, 3), by: -1)), call)
        }
        c.method("masked", "mask: Tensor", returns: "Tensor", "Elements where mask is non-zero, as a 1-d tensor.") { t, call in
            push(try t.masked(tensor(call, 2)), call)
        }
        c.method("scatter_add", "dim: integer, index: Tensor, source: Tensor", returns: "Tensor",
                 "A copy with source added at the 1-based positions index gives along dim.") { t, call in
            push(try t.scatterAdd(dim: dim(call, 2), shifted(tensor(call, 3), by: -1), tensor(call, 4)), call)
        }
        c.method("split", "size: integer, dim: integer?", returns: "Tensor[]", "Pieces of at most size slices along dim.") { t, call in
            let parts = try t.split(try call.integer(2), dim: optionalDim(call, 3) ?? 0)
            call.stack.pushTable(arrayCount: parts.count)
            for (k, p) in parts.enumerated() {
                push(p, call)
                call.stack.setRawIndex(-2, k + 1)
            }
            return 1
        }
    }

    static func addOtherMethods(_ c: LuaClass<Tensor>) {
        c.method("item", "", returns: "number", "The value of a one-element tensor.") { t, call in call.returns(try t.item().shortestDouble) }
        c.method("totable", "", returns: "table", "The values as nested Lua tables (a number for 0-d).") { t, call in
            call.returns(lua(t.nestedValues()))
        }
        c.method("save", "path: string, options: {dtype: string?}?",
                 "Writes the tensor as a .npy file (atomically) of dtype float32 (default), int64 or bool, readable by numpy.load.") { t, call in
            try Npy.save(t, to: try call.string(2), dtype: try call.options(3, allowed: ["dtype"]).string("dtype") ?? "float32")
            return 0
        }
        c.method("clone", "", returns: "Tensor", "A copy.") { t, call in push(t.clone(), call) }
        c.method("pow", "p: number|Tensor", returns: "Tensor", "x^p element-wise.") { t, call in
            if call.type(2) == .number { return push(t.pow(Float(try call.number(2))), call) }
            return push(try t.power(tensor(call, 2)), call)
        }
        c.method("clamp", "low: number?, high: number?", returns: "Tensor", "Values limited to [low, high].") { t, call in
            push(t.clamp(call.isNone(2) ? nil : Float(try call.number(2)), call.isNone(3) ? nil : Float(try call.number(3))), call)
        }
        c.method("cumsum", "dim: integer", returns: "Tensor", "Running sum along dim.") { t, call in
            push(try t.cumsum(dim: dim(call, 2)), call)
        }
        c.method("sort", "dim: integer?, descending: boolean?", returns: "Tensor, Tensor",
                 "Sorted values (stable) and their 1-based source indices.") { t, call in
            let (values, order) = try t.sort(dim: optionalDim(call, 2) ?? -1, descending: call.boolean(3))
            push(values, call)
            return 1 + push(try shifted(order, by: 1), call)
        }
        c.method("argsort", "dim: integer?, descending: boolean?", returns: "Tensor", "1-based indices that sort the tensor.") { t, call in
            push(try shifted(t.sort(dim: optionalDim(call, 2) ?? -1, descending: call.boolean(3)).indices, by: 1), call)
        }
        c.method("topk", "k: integer, dim: integer?, smallest: boolean?", returns: "Tensor, Tensor",
                 "The k largest (or smallest) values along dim and their 1-based indices.") { t, call in
            let (values, order) = try t.topk(try call.integer(2), dim: optionalDim(call, 3) ?? -1, largest: !call.boolean(4))
            push(values, call)
            return 1 + push(try shifted(order, by: 1), call)
        }
        c.method("unique", "", returns: "Tensor, Tensor", "Distinct values (sorted) and their counts.") { t, call in
            let (values, counts) = t.unique()
            push(values, call)
            return 1 + push(counts, call)
        }
        c.method("fill", "value: number", returns: "Tensor", "Sets every element; returns self.") { t, call in
            t.fill(Float(try call.number(2)))
            return call.returnsSelf()
        }
        c.method("zero", "", returns: "Tensor", "Sets every element to 0; returns self.") { t, call in
            t.fill(0)
            return call.returnsSelf()
        }
        c.method("copy", "source: Tensor", returns: "Tensor", "Copies source's values into self; returns self.") { t, call in
            try t.copy(from: tensor(call, 2))
            return call.returnsSelf()
        }
        c.method("cholesky", "", returns: "Tensor", "Lower-triangular L with L·Lᵀ = self.") { t, call in push(try t.cholesky(), call) }
        c.method("requires_grad", "flag: boolean?", returns: "Tensor", "Marks the tensor as a leaf that accumulates gradients; returns self.") { t, call in
            t.requireGrad(call.isNone(2) ? true : call.boolean(2))
            return call.returnsSelf()
        }
        c.method("backward", "gradient: Tensor?", "Back-propagates; gradients accumulate in .grad of leaves.") { t, call in
            try t.backward(call.isNone(2) ? nil : tensor(call, 2))
            return 0
        }
        c.method("detach", "", returns: "Tensor", "The same values cut from the recorded graph.") { t, call in push(t.detach(), call) }
        c.method("zero_grad", "", returns: "Tensor", "Clears .grad; returns self.") { t, call in
            t.zeroGrad()
            return call.returnsSelf()
        }
    }
}

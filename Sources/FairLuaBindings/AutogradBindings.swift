import LuaHost
import Tensors

/// `autograd`: recording scopes and the finite-difference gradient check.
enum AutogradBindings {
    static var module: LuaModule {
        LuaModule("autograd", "Reverse-mode automatic differentiation (MXNet-style record scopes).")
            .function("record", "fn: function", returns: "any",
                      "Runs fn with operations recorded for backward(); returns fn's results.") { call in
                try runScope(call) { body in try GradMode.record(body) }
            }
            .function("no_grad", "fn: function", returns: "any", "Runs fn without recording; returns fn's results.") { call in
                try runScope(call) { body in try GradMode.noGrad(body) }
            }
            .function("gradcheck", "fn: function, inputs: Tensor[], eps: number?", returns: "number",
                      "Largest difference between fn's analytic gradients and central finite differences.") { call in
                let inputs = try TensorBindings.list(call, 2)
                let eps = Float(try call.optional(3, 1e-2, call.number))
                let worst = try Tensor.gradcheck(inputs, eps: eps) { args in
                    try call.callFunction(at: 1, nresults: 1) {
                        for t in args { TensorBindings.push(t, call) }
                        return Int32(args.count)
                    }
                    defer { call.stack.pop(1) }
                    return try TensorBindings.tensor(call, call.count)
                }
                return call.returns(worst)
            }
    }

    /// Calls argument 1 inside `scope`, passing its results through.
    static func runScope(_ call: LuaCall, _ scope: (() throws -> Void) throws -> Void) throws -> Int32 {
        let base = call.count
        try scope { try call.callFunction(at: 1, nresults: -1) { 0 } }
        return call.count - base
    }
}

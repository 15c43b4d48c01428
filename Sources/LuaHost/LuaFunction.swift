import CLua
import LuaBridgeC

/// The body of a Swift function callable from Lua: reads its arguments from `call`, pushes its
/// results and returns how many. Throwing is the way to raise a Lua error (only C raises).
public typealias LuaFunctionBody = (LuaCall) throws -> Int32

/// A boxed Swift closure, kept alive by the Lua userdata that is the closure's upvalue 2.
final class FunctionBox {
    let name: String
    let body: LuaFunctionBody
    /// Refused while sandboxed code runs (see `LuaDoc.touchesFiles`).
    let touchesFiles: Bool
    init(name: String, body: @escaping LuaFunctionBody, touchesFiles: Bool) {
        self.name = name
        self.body = body
        self.touchesFiles = touchesFiles
    }
}

/// Metatable of the userdata that keeps a `FunctionBox` alive.
let functionBoxMetatable = "fairlua.Function"

/// The one C-callable entry of every boxed closure: find the box, run it, turn a throw into a status.
let dispatchBox: ls_SwiftFn = { L in
    guard let L, let slot = lua_touserdata(L, ls_upvalueindex(2)),
          let pointer = slot.load(as: UnsafeMutableRawPointer?.self) else { return 0 }
    // The userdata upvalue keeps the box alive for the whole call, so no retain is needed.
    return Unmanaged<FunctionBox>.fromOpaque(pointer)._withUnsafeGuaranteedRef { box in
        do {
            if box.touchesFiles && ls_insandbox(L) != 0 {
                throw LuaError.message("'\(box.name)' reads or writes files; sandboxed code has no file access")
            }
            return try box.body(LuaCall(L, name: box.name))
        } catch {
            return pushError(L, error)
        }
    }
}

/// Pushes the message of `error` and returns the status that makes the trampoline raise it.
func pushError(_ L: OpaquePointer, _ error: Error) -> Int32 {
    let stack = LuaStack(L)
    if let lua = error as? LuaError {
        stack.push(lua.description)
        return lua.isPositioned ? LS_ERROR : LS_ERROR_WHERE
    }
    stack.push(String(describing: error))
    return LS_ERROR_WHERE
}

extension LuaStack {
    /// Pushes a Swift closure as a Lua function named `name` (the name appears in argument errors).
    /// `touchesFiles` functions refuse to run while sandboxed code runs.
    public func pushFunction(_ name: String, touchesFiles: Bool = false, _ body: @escaping LuaFunctionBody) {
        pushObject(FunctionBox(name: name, body: body, touchesFiles: touchesFiles), metatable: functionBoxMetatable)
        ls_pushfunction(L, dispatchBox, 1)
    }
}

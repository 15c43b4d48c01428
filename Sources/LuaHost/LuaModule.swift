import CLua
import LuaBridgeC

/// A table of documented Swift functions installed as a Lua global (`json`, `tensor`, …).
/// Declarative: a list of names, signatures, docs and closures that call library code.
public final class LuaModule {
    /// The global name.
    public let name: String
    /// One-line description.
    public let summary: String
    private var functions: [(doc: LuaDoc, body: LuaFunctionBody)] = []
    private var values: [(name: String, value: LuaValue)] = []
    private var submodules: [LuaModule] = []
    private var callBody: LuaFunctionBody?
    /// Settable fields backed by Swift (`report.digits = 3`), read and written through the table's metatable.
    private var properties: [(doc: LuaDoc, get: LuaFunctionBody, set: LuaFunctionBody)] = []

    /// A module named `name` (may be dotted for submodules, e.g. `nn.loss`).
    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }

    /// The short name (last dotted component).
    var key: String { String(name.split(separator: ".").last ?? Substring(name)) }

    /// Adds `name.fn(params) -> returns` with its doc and body.
    @discardableResult
    public func function(_ fn: String, _ params: String = "", returns: String = "", _ summary: String,
                         _ body: @escaping LuaFunctionBody) -> LuaModule {
        let doc = LuaDoc(name: "\(name).\(fn)", kind: .function, params: params, returns: returns, summary: summary)
        functions.append((doc, LuaCall.checkingArity(doc, receivers: 0, body)))
        return self
    }

    /// Adds a constant field.
    @discardableResult
    public func value(_ field: String, _ value: LuaValue) -> LuaModule {
        values.append((field, value))
        return self
    }

    /// Adds a nested module (its name must extend this one's: `nn.loss` inside `nn`).
    @discardableResult
    public func submodule(_ module: LuaModule) -> LuaModule {
        submodules.append(module)
        return self
    }

    /// Adds a field that Lua reads and assigns (`report.digits = 3`) and Swift keeps: `get` pushes its value,
    /// `set` reads the new one at argument 3 (argument 1 is the module table, 2 the field's name) and may refuse it.
    @discardableResult
    public func property(_ field: String, type: String, _ summary: String,
                         get: @escaping LuaFunctionBody, set: @escaping LuaFunctionBody) -> LuaModule {
        properties.append((LuaDoc(name: "\(name).\(field)", kind: .field, returns: type, summary: summary), get, set))
        return self
    }

    /// Makes the module table callable: `tensor{1, 2}` runs `body` with the table as argument 1.
    @discardableResult
    public func callable(_ params: String, returns: String, _ summary: String,
                         _ body: @escaping LuaFunctionBody) -> LuaModule {
        callBody = body
        functions.append((LuaDoc(name: "\(name).__call", kind: .function, params: params,
                                 returns: returns, summary: summary), body))
        return self
    }

    /// Pushes the module table onto thread `L` (default: the main thread) and records its docs in `state`.
    func push(into state: LuaState, on thread: OpaquePointer? = nil) {
        let L = thread ?? state.L
        let stack = LuaStack(L)
        state.docRegistry.add(LuaDoc(name: name, kind: .module, summary: summary))
        lua_createtable(L, 0, Int32(functions.count + values.count + submodules.count))
        state.tagDoc(name, on: L)
        for (doc, body) in functions where !doc.name.hasSuffix(".__call") {
            state.docRegistry.add(doc)
            stack.push(String(doc.name.dropFirst(name.count + 1)))
            stack.pushFunction(doc.name, touchesFiles: doc.touchesFiles, body)
            state.tagDoc(doc.name, on: L)
            lua_rawset(L, -3)
        }
        for (field, value) in values {
            stack.push(field)
            stack.push(value)
            lua_rawset(L, -3)
        }
        for sub in submodules {
            stack.push(sub.key)
            sub.push(into: state, on: L)
            lua_rawset(L, -3)
        }
        let call = callBody.flatMap { body in functions.first(where: { $0.doc.name.hasSuffix(".__call") }).map { ($0.doc, body) } }
        guard call != nil || !properties.isEmpty else { return }
        lua_createtable(L, 0, 3)
        if let (doc, body) = call {
            state.docRegistry.add(doc)
            stack.push("__call")
            stack.pushFunction(name, body)
            lua_rawset(L, -3)
        }
        if !properties.isEmpty {
            for p in properties { state.docRegistry.add(p.doc) }
            let getters = Dictionary(uniqueKeysWithValues: properties.map { (String($0.doc.name.dropFirst(name.count + 1)), $0.get) })
            let setters = Dictionary(uniqueKeysWithValues: properties.map { (String($0.doc.name.dropFirst(name.count + 1)), $0.set) })
            let module = name
            stack.push("__index")
            stack.pushFunction(module) { call in
                guard let key = call.stack.string(at: 2), let get = getters[key] else { return 0 }
                return try get(call)
            }
            lua_rawset(L, -3)
            stack.push("__newindex")
            stack.pushFunction(module) { call in
                if let key = call.stack.string(at: 2), let set = setters[key] { return try set(call) }
                lua_rawset(call.L, 1)                    // any other field: stored in the table as before
                return 0
            }
            lua_rawset(L, -3)
        }
        lua_setmetatable(L, -2)
    }
}

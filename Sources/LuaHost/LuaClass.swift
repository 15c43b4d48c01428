import CLua
import LuaBridgeC

/// The Lua face of a Swift class: a metatable `fairlua.<Name>` with documented methods,
/// metamethods and an optional indexer for non-method keys (`t[3]`). Built once (a `static let`) and only read
/// afterwards, when each state installs it, hence `@unchecked Sendable`.
public final class LuaClass<T: AnyObject>: @unchecked Sendable {
    /// The name users see (`Tensor`).
    public let name: String
    /// One-line description.
    public let summary: String
    private var methods: [(doc: LuaDoc, body: LuaFunctionBody)] = []
    private var metamethods: [(event: String, body: LuaFunctionBody)] = []
    private var indexer: ((T, LuaCall) throws -> Int32)?

    /// A class named `name`.
    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }

    /// The registry name of the metatable.
    public var metatableName: String { "fairlua." + name }

    /// The receiver of a method call, or the "calling 'm' on bad self" error.
    static func receiver(_ call: LuaCall, className: String) throws -> T {
        guard let object = call.stack.object(at: 1, as: T.self) else {
            throw call.argumentError(1, "calling '\(call.name)' on bad self (\(className) expected, got \(call.stack.typeName(at: 1)))")
        }
        return object
    }

    /// Adds `obj:method(params) -> returns`; the body receives the unboxed receiver.
    @discardableResult
    public func method(_ method: String, _ params: String = "", returns: String = "", _ summary: String,
                       _ body: @escaping (T, LuaCall) throws -> Int32) -> LuaClass {
        let className = name
        let doc = LuaDoc(name: "\(name):\(method)", kind: .method, params: params, returns: returns, summary: summary)
        let wrapped: LuaFunctionBody = { call in try body(try LuaClass.receiver(call, className: className), call) }
        methods.append((doc, LuaCall.checkingArity(doc, receivers: 1, wrapped)))
        return self
    }

    /// Adds a metamethod (`__add`, `__tostring`, `__len`, …); operands may come in either order.
    @discardableResult
    public func metamethod(_ event: String, _ body: @escaping LuaFunctionBody) -> LuaClass {
        metamethods.append((event, body))
        return self
    }

    /// Handles `obj[key]` for keys that are not methods (integers, properties such as `t.grad`).
    @discardableResult
    public func index(_ body: @escaping (T, LuaCall) throws -> Int32) -> LuaClass {
        indexer = body
        return self
    }

    /// Pushes `object` boxed with this class's metatable.
    public func push(_ object: T, on stack: LuaStack) {
        stack.pushObject(object, metatable: metatableName)
    }

    /// Creates the metatable in `state` (on thread `L`, default the main thread) and records the docs.
    func install(into state: LuaState, on thread: OpaquePointer? = nil) {
        let L = thread ?? state.L
        let stack = LuaStack(L)
        state.docRegistry.add(LuaDoc(name: name, kind: .class, summary: summary))
        state.makeMetatable(metatableName, on: L)
        lua_createtable(L, 0, Int32(methods.count))           // the methods table
        for (doc, body) in methods {
            state.docRegistry.add(doc)
            let method = String(doc.name.dropFirst(name.count + 1))
            stack.push(method)
            stack.pushFunction(method, touchesFiles: doc.touchesFiles, body)
            state.tagDoc(doc.name, on: L)
            lua_rawset(L, -3)
        }
        if let indexer {
            // __index(obj, key): a method (raw lookup in __methods) wins, else the Swift indexer.
            lua_setfield(L, -2, "__methods")
            let className = name
            stack.pushFunction("__index") { call in
                if ls_getmetafield_raw(call.L, 1, "__methods") == LUA_TTABLE {
                    lua_pushvalue(call.L, 2)
                    if lua_rawget(call.L, -2) != LUA_TNIL { return 1 }
                    lua_settop(call.L, 2)
                }
                return try indexer(try LuaClass.receiver(call, className: className), call)
            }
            lua_setfield(L, -2, "__index")
        } else {
            lua_setfield(L, -2, "__index")
        }
        for (event, body) in metamethods {
            stack.push(event)
            stack.pushFunction(event, body)
            lua_rawset(L, -3)
        }
        ls_pop(L, 1)
    }
}


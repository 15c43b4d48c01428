import LuaHost
import Reports
import Tensors

/// Classes of library results, declared with the methods they share.
enum ResultClass {
    /// A class of boxed `V`s (`Boxed<V>`) that print as `V` does and have `to_json`; `fields` documents `result()` when given.
    static func of<V: ResultValue>(_: V.Type, _ name: String, _ summary: String, json: String, result fields: String? = nil) -> LuaClass<Boxed<V>> {
        let c = LuaClass<Boxed<V>>(name, summary).printing({ $0.value }, json: json)
        guard let fields else { return c }
        return c.fields({ box in box.value }, fields)
    }
}

/// The methods every result class shares, declared once: printing, JSON, charts and HTML files.
extension LuaClass {
    /// `__tostring` (the result's `description`) and `to_json(indent)` (its `json`, indent clamped by `JSONValue.encoded`)
    /// of the library result `value(object)`.
    @discardableResult
    func printing<V: ResultValue>(_ value: @escaping (T) -> V, json: String) -> LuaClass {
        let className = name
        metamethod("__tostring") { call in call.returns(value(try call.object(1, T.self, expected: className)).description) }
        return method("to_json", "indent: integer?", returns: "string", json) { object, call in
            call.returns(value(object).json.encoded(indent: try call.optional(2, 0, call.integer)))
        }
    }

    /// `result()`: the result's JSON form as a Lua table, documented by `fields`.
    @discardableResult
    func fields<V: ResultValue>(_ value: @escaping (T) -> V, _ fields: String) -> LuaClass {
        method("result", returns: "table", fields) { object, call in call.returns(LuaValue(value(object).json)) }
    }

    /// `plot(path?)` drawing `svg(object)`: written to path, or with no path shown in a notebook (else returned as text).
    @discardableResult
    func chart(_ summary: String, _ svg: @escaping (T) throws -> String) -> LuaClass {
        method("plot", "path: string?", summary + " (SVG; with no path shown in a notebook, else returned as text).") { object, call in
            try ReportBindings.emit(try svg(object), call, path: call.isNone(2) ? nil : try call.string(2))
        }
    }

    /// `html(path)`: the object's report (`ReportBindings.html`) written as one self-contained HTML file, atomically.
    @discardableResult
    func htmlFile(_ what: String) -> LuaClass {
        method("html", "path: string", "Writes \(what) as one self-contained HTML file (atomically).") { _, call in
            let path = try ReportBindings.writable(try call.string(2))
            try ReportBindings.write(try ReportBindings.html(call, 1), path)
            return 0
        }
    }
}

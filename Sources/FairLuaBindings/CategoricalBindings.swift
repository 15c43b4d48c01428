import Datasets
import LuaHost
import Tensors

/// A categorical column boxed for Lua, with the name it came from.
final class CategoricalObject {
    let name: String
    let column: CategoricalColumn
    init(name: String, column: CategoricalColumn) {
        self.name = name
        self.column = column
    }
}

/// The `Categorical` class: a column's levels and codes.
extension DataBindings {
    static let categoricalClass: LuaClass<CategoricalObject> = {
        LuaClass<CategoricalObject>("Categorical", "A categorical column: levels and one code per row.")
            .metamethod("__len") { call in
                call.returns(try call.object(1, CategoricalObject.self, expected: "Categorical").column.codes.count)
            }
            .metamethod("__tostring") { call in
                let c = try call.object(1, CategoricalObject.self, expected: "Categorical")
                return call.returns("Categorical('\(c.name)', \(c.column.codes.count) rows, levels: \(c.column.levels.joined(separator: ", ")))")
            }
            .method("levels", returns: "string[]", "The distinct values, in order of first appearance.") { c, call in
                call.returns(LuaValue.array(c.column.levels.map { .string($0) }))
            }
            .method("get", "i: integer", returns: "string?", "The value of row i (1-based); nil when missing.") { c, call in
                let i = try call.integer(2)
                guard (1...max(c.column.codes.count, 1)).contains(i), i <= c.column.codes.count else {
                    throw call.argumentError(2, "row \(i) out of range (valid: 1..\(c.column.codes.count))")
                }
                return call.returns(c.column.value(i - 1).map { LuaValue.string($0) } ?? .nil)
            }
            .method("codes", "", returns: "Tensor", "1-based level numbers per row (levels()[code]); 0 where missing.") { c, call in
                TensorBindings.push(Tensor(c.column.codes.map { Float($0 + 1) }), call)
            }
            .method("totable", returns: "string[]", "The values as a Lua array (missing values are nil).") { c, call in
                call.returns(LuaValue.array((0..<c.column.codes.count).map { c.column.value($0).map { .string($0) } ?? .nil }))
            }
    }()
}

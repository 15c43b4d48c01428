import CLua
import FairLuaBindings
import LuaHost

/// One notebook cell: compiled as the REPL compiles a line (an expression shows its value; a cell whose
/// last line is an expression shows that line's value), run with interrupts enabled, its value displayed.
enum Cell {
    /// How a cell ended: the MIME forms of its value (nil when it has none), or an error.
    enum Outcome {
        case success([String: String]?)
        case failure(CellError)
    }

    /// An error as Jupyter shows it.
    struct CellError: Error {
        let name: String
        let value: String
        let traceback: [String]
    }

    /// Compiles and runs `code` in `state`; the stack is left as it was.
    static func run(_ code: String, in state: LuaState) -> Outcome {
        let top = state.stack.top
        defer { lua_settop(state.L, top) }
        do {
            try compile(code, state)
        } catch {
            let message = String(describing: error)
            return .failure(CellError(name: "SyntaxError", value: message, traceback: [message]))
        }
        return state.interruptible(secondKills: false) { () -> Outcome in
            do {
                try state.call(nargs: 0, nresults: LUA_MULTRET)
            } catch {
                let message = String(describing: error)
                let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                return .failure(CellError(name: LuaState.wasInterrupted ? "Interrupted" : "LuaError", value: lines.first ?? message, traceback: lines))
            }
            let count = state.stack.top - top
            if count == 0 { return .success(nil) }
            if count == 1 { return .success(Display.bundle(state, at: top + 1)) }
            return .success(["text/plain": (1...count).map { state.repr(at: top + $0) }.joined(separator: "\t")])
        }
    }

    /// Pushes the compiled cell: `return <cell>` when the cell is an expression, else the cell with
    /// `return` before its last line when that line is an expression, else the cell as written.
    static func compile(_ code: String, _ state: LuaState) throws {
        if (try? state.load("return " + code, chunkName: chunkName)) != nil { return }
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        if let last = lines.popLast(), !lines.isEmpty,
           (try? state.load(lines.joined(separator: "\n") + "\nreturn " + last, chunkName: chunkName)) != nil { return }
        try state.load(code, chunkName: chunkName)
    }

    static let chunkName = "=cell"

    /// The REPL's rule for a console's Enter: `incomplete` when the only error is an unexpected `<eof>`.
    static func completeness(_ code: String, _ state: LuaState) -> String {
        let top = state.stack.top
        defer { lua_settop(state.L, top) }
        if (try? state.load("return " + code, chunkName: chunkName)) != nil { return "complete" }
        do {
            try state.load(code, chunkName: chunkName)
            return "complete"
        } catch let LuaError.syntax(message) where message.hasSuffix("<eof>") {
            return "incomplete"
        } catch {
            return "invalid"
        }
    }

    /// The dotted name ending at `cursor` (code points): `fair.Met`, `mf:diff`.
    static func token(before cursor: Int, in code: String) -> String {
        let scalars = Array(code.unicodeScalars)
        var start = min(cursor, scalars.count)
        while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<min(cursor, scalars.count)]))
    }

    /// The dotted name the cursor is in (for inspection): extended to the end of the identifier.
    static func token(around cursor: Int, in code: String) -> String {
        let scalars = Array(code.unicodeScalars)
        var end = min(cursor, scalars.count)
        while end < scalars.count, isNamePart(scalars[end]), scalars[end] != ".", scalars[end] != ":" { end += 1 }
        return token(before: end, in: code)
    }

    private static func isNamePart(_ s: Unicode.Scalar) -> Bool {
        s == "." || s == ":" || s == "_" || (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s)))
    }
}

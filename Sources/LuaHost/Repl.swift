import CLua
import LuaBridgeC
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop, following lua.c: expressions print their values, incomplete statements
/// continue on `>> `, errors are printed and the session goes on, Ctrl-C interrupts running code.
public final class Repl {
    private let state: LuaState
    private let reader: LineReader
    private let interactive: Bool

    /// A REPL over `state` reading from `reader`; prompts are shown only when `interactive`.
    public init(state: LuaState, reader: LineReader, interactive: Bool) {
        self.state = state
        self.reader = reader
        self.interactive = interactive
        EditlineReader.completer = { [unowned state] text in Completion(state: state).candidates(for: text) }
    }

    /// The history file: `$FAIRLUA_HISTORY`, else `~/.fairlua_history`.
    public static var defaultHistoryPath: String? {
        if let path = FileSystem.environment("FAIRLUA_HISTORY") { return path.isEmpty ? nil : path }
        return FileSystem.environment("HOME").map { $0 + "/.fairlua_history" }
    }

    /// Runs until end of input.
    public func run() {
        ls_prompt_sigint_install()     // at the prompt Ctrl-C drops the line; Ctrl-D leaves
        while let chunk = readChunk() {
            reader.remember(chunk.text)
            execute(chunkOnStack: chunk.compiled)
        }
        if interactive { print() }
    }

    /// Reads lines until they form a chunk that compiles (or fails for a reason other than `<eof>`).
    /// Leaves the compiled function on the stack when `compiled` is true, else the error was printed.
    private func readChunk() -> (text: String, compiled: Bool)? {
        guard var text = reader.readLine(prompt: interactive ? "> " : "") else { return nil }
        if text.hasPrefix("=") { text = "return " + text.dropFirst() }
        if (try? state.load("return " + text, chunkName: "=stdin")) != nil { return (text, true) }
        while true {
            do {
                try state.load(text, chunkName: "=stdin")
                return (text, true)
            } catch let LuaError.syntax(message) where message.hasSuffix("<eof>") {
                guard let more = reader.readLine(prompt: interactive ? ">> " : "") else {
                    report(message)
                    return (text, false)
                }
                text += "\n" + more
            } catch {
                report(String(describing: error))
                return (text, false)
            }
        }
    }

    /// Runs the chunk on top of the stack and prints its results, tab-separated. Ctrl-C interrupts the
    /// run and the printing of results (a `__tostring` may loop); the prompt ignores it again afterwards.
    private func execute(chunkOnStack compiled: Bool) {
        guard compiled else { return }
        let L = state.L
        let base = lua_gettop(L) - 1
        defer { lua_settop(L, base) }
        state.interruptible(secondKills: false) {
            do {
                try state.call(nargs: 0, nresults: LUA_MULTRET)
            } catch {
                report(String(describing: error))
                return
            }
            let count = lua_gettop(L) - base
            guard count > 0 else { return }
            let texts = (1...count).map { state.repr(at: base + $0) }
            print(texts.joined(separator: "\t"))
        }
    }

    private func report(_ message: String) {
        Console.error(message)
    }
}

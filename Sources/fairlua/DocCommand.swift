import ArgumentParser
import FairLuaBindings
import LuaHost

/// `fairlua doc [--luals]`.
struct DocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Print the API reference, or definitions for lua-language-server with --luals.",
        discussion: "fairlua doc --luals > fairlua.d.lua, then add the file to your editor's Lua workspace library.")

    @Flag(help: "Emit ---@class/---@param/---@return definitions for lua-language-server.")
    var luals = false

    func run() throws {
        let state = try FairLuaAPI.makeState()
        if luals {
            print(state.docs.luals(version: FairLuaAPI.version))
        } else {
            for doc in state.docs.all {
                print(doc.signature)
                print("    " + doc.summary)
            }
        }
    }
}

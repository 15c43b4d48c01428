/// One documented entry of the Lua API: a module, a class, a function or a method.
public struct LuaDoc: Sendable {
    /// What the entry is.
    public enum Kind: String, Sendable { case module, `class`, function, method, field }

    /// Qualified name: `json`, `json.encode`, `Tensor`, `Tensor:mm`.
    public let name: String
    /// The kind of entry.
    public let kind: Kind
    /// Parameters as `name: type, name: type?` (a `?` marks an optional one).
    public let params: String
    /// The result type(s), e.g. `string` or `Tensor, Tensor`; empty when nothing is returned (a field: its type).
    public let returns: String
    /// A one-line description.
    public let summary: String

    /// A documented entry.
    public init(name: String, kind: Kind, params: String = "", returns: String = "", summary: String) {
        self.name = name
        self.kind = kind
        self.params = params
        self.returns = returns
        self.summary = summary
    }

    /// Whether the entry reads or writes a path it is given (a parameter or option named `path` or `dir`):
    /// such functions are absent from sandboxes and refuse to run while sandboxed code runs.
    public var touchesFiles: Bool {
        // Scans bytes, not Characters: every bound function asks this once at start-up.
        var word: [UInt8] = []
        for byte in params.utf8 {
            let letter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
            if letter {
                word.append(byte)
                continue
            }
            if word == Self.path || word == Self.dir { return true }
            word.removeAll(keepingCapacity: true)
        }
        return word == Self.path || word == Self.dir
    }

    private static let path = Array("path".utf8), dir = Array("dir".utf8)

    /// `json.encode(value: any, opts: table?) -> string`
    public var signature: String {
        switch kind {
        case .module, .class: return name
        case .field: return "\(name): \(returns)"
        case .function, .method:
            return "\(name)(\(params))" + (returns.isEmpty ? "" : " -> \(returns)")
        }
    }

    /// How many arguments the parameters declare (commas inside `{}`, `()`, `[]` and `<>` do not split),
    /// or nil when the list is variadic (`...`): calls passing more are refused.
    public var arity: Int? {
        var depth = 0, count = 0, blank = true, dots = 0
        for byte in params.utf8 {
            dots = byte == 0x2E ? dots + 1 : 0
            if dots == 3 { return nil }
            switch byte {
            case 0x7B, 0x28, 0x5B, 0x3C: depth += 1      // { ( [ <
            case 0x7D, 0x29, 0x5D, 0x3E: depth -= 1      // } ) ] >
            case 0x2C where depth == 0: count += 1       // ,
            default: break
            }
            if byte != 0x20 { blank = false }
        }
        return blank ? 0 : count + 1
    }

    /// The parameters split into (name, type) pairs.
    var parameterList: [(name: String, type: String)] {
        LuaDoc.split(params).map { part in
            let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: " ") }
            return (pieces[0], pieces.count > 1 ? pieces[1] : "any")
        }
    }

    /// The result types, one per value returned.
    var returnList: [String] { LuaDoc.split(returns) }

    /// `text` split at the commas that are not inside `{}`, `()`, `[]` or `<>`, each part trimmed; empty parts dropped.
    static func split(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            switch c {
            case "{", "(", "[", "<": depth += 1
            case "}", ")", "]", ">": depth = max(0, depth - 1)
            case "," where depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(c)
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
    }
}

/// The registry of every bound module, class, function and method, with its signature and doc.
/// It feeds `help(x)` and `fairlua doc --luals`.
public final class LuaDocs {
    private(set) var entries: [String: LuaDoc] = Dictionary(minimumCapacity: 1024)   // the API has several hundred entries

    /// An empty registry.
    public init() {}

    /// Adds or replaces an entry.
    public func add(_ doc: LuaDoc) { entries[doc.name] = doc }

    /// The entry named `name`, if any.
    public func lookup(_ name: String) -> LuaDoc? { entries[name] }

    /// Entries sorted by name.
    public var all: [LuaDoc] { entries.values.sorted { $0.name < $1.name } }

    /// Members of a module (`json.`) or class (`Tensor:` and `Tensor.`), sorted.
    public func members(of owner: String) -> [LuaDoc] {
        all.filter { $0.name.hasPrefix(owner + ".") || $0.name.hasPrefix(owner + ":") }
            .filter { !$0.name.dropFirst(owner.count + 1).contains(where: { $0 == "." || $0 == ":" }) }
    }

    /// The text `help(x)` prints for the entry `name`.
    public func helpText(_ name: String) -> String? {
        guard let doc = lookup(name) else { return nil }
        var lines = [doc.signature, "  " + doc.summary]
        let members = members(of: name)
        if !members.isEmpty {
            lines.append("")
            let width = members.map { $0.name.count }.max() ?? 0
            for m in members {
                lines.append("  " + m.name.padded(to: width) + "  " + m.summary)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A definitions file for lua-language-server (`---@class`, `---@param`, `---@return`) that is valid Lua:
    /// modules are assigned by their full path (`fair.inproc = {}`), classes are locals, a module's
    /// `__call` is an `---@overload` of its table, optional parameters are `name?`, and `...` comes last.
    public func luals(version: String) -> String {
        var out = ["---@meta", "-- FairLua \(version) API definitions for lua-language-server.",
                   "-- Generated by `fairlua doc --luals`; do not edit.", ""]
        for doc in all where !doc.name.hasSuffix(".__call") {
            switch doc.kind {
            case .module:
                out.append("---\(doc.summary)")
                if let call = lookup(doc.name + ".__call") {
                    out += ["---@class \(doc.name)", "---@overload \(LuaDocs.functionType(call))"]
                }
                out += ["\(doc.name) = {}", ""]
            case .field:
                out += ["---\(doc.summary)", "---@type \(doc.returns)", "\(doc.name) = nil", ""]
            case .class:
                out += ["---\(doc.summary)", "---@class \(doc.name)", "local \(doc.name) = {}", ""]
            case .function, .method:
                let params = LuaDocs.lualsParameters(doc)
                out.append("---\(doc.summary)")
                out += params.map { "---@param \($0.name) \($0.type)" }
                out += doc.returnList.map { "---@return \($0)" }
                out += ["function \(doc.name)(\(params.map { $0.name.hasSuffix("?") ? String($0.name.dropLast()) : $0.name }.joined(separator: ", "))) end", ""]
            }
        }
        return out.joined(separator: "\n")
    }

    /// Lua's reserved words, which cannot name a parameter.
    private static let keywords: Set<String> = ["and", "break", "do", "else", "elseif", "end", "false", "for", "function",
                                                "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return",
                                                "then", "true", "until", "while"]

    /// The parameters as lua-language-server wants them: `name?` for an optional one (`y_score?: Tensor` or
    /// `y_score: Tensor?`), a reserved word suffixed with `_`, and one `...` last, typed by every parameter from it on.
    static func lualsParameters(_ doc: LuaDoc) -> [(name: String, type: String)] {
        var result: [(name: String, type: String)] = []
        var variadic: [String] = []
        for (rawName, rawType) in doc.parameterList {
            var name = rawName.filter { $0.isLetter || $0.isNumber || $0 == "_" }
            var type = rawType
            if rawName.hasSuffix("?") || type.hasSuffix("?") {
                type = type.hasSuffix("?") ? String(type.dropLast()) : type
                name += "?"
            }
            if rawName.hasPrefix("...") || !variadic.isEmpty {
                variadic.append(type)
                continue
            }
            if name.isEmpty || name.first?.isNumber == true { name = "arg\(result.count + 1)" + (name.hasSuffix("?") ? "?" : "") }
            if keywords.contains(name.trimmingCharacters(in: "?")) { name = name.trimmingCharacters(in: "?") + "_" + (name.hasSuffix("?") ? "?" : "") }
            result.append((name, type.isEmpty ? "any" : type))
        }
        if !variadic.isEmpty { result.append(("...", Array(Set(variadic)).sorted().joined(separator: "|"))) }
        return result
    }

    /// `fun(name: type, …): returns` for `---@overload`.
    static func functionType(_ doc: LuaDoc) -> String {
        let params = lualsParameters(doc).map { "\($0.name): \($0.type)" }.joined(separator: ", ")
        return "fun(\(params))" + (doc.returnList.isEmpty ? "" : ": " + doc.returnList.joined(separator: ", "))
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    public func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension StringProtocol {
    /// The string without leading and trailing characters in `set`.
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

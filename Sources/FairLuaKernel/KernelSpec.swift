import FairLuaBindings
import LuaHost
import Tensors
#if canImport(Glibc)
import Glibc
#endif

/// The kernelspec that makes Jupyter list FairLua: `<data dir>/kernels/<name>/kernel.json` and a logo.
public struct KernelSpec {
    /// Where the spec goes: the user's Jupyter data directory, a prefix, or the system's.
    public enum Location {
        case user, prefix(String), system
    }

    /// The kernel's directory name (`fairlua`).
    public let name: String
    /// Where it is installed.
    public let location: Location

    /// A spec named `name` (letters, digits, `-`, `_`, `.`) at `location`.
    public init(name: String, location: Location) throws {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }) else {
            throw KernelError.install("the name '\(name)' may only hold ASCII letters, digits, '-', '_' and '.'")
        }
        self.name = name
        self.location = location
    }

    /// The directory holding kernel.json.
    public var directory: String {
        let base: String
        switch location {
        case .user: base = FileSystem.environment("JUPYTER_DATA_DIR") ?? ((FileSystem.environment("HOME") ?? "") + "/.local/share/jupyter")
        case let .prefix(p): base = p + "/share/jupyter"
        case .system: base = "/usr/local/share/jupyter"
        }
        return base + "/kernels/" + name
    }

    /// kernel.json for the binary at `executable`.
    public func json(executable: String) -> String {
        LuaValue.table(["argv": .array([.string(executable), .string("kernel"), .string("-f"), .string("{connection_file}")]),
                            "display_name": .string(name == "fairlua" ? "FairLua (Lua 5.4)" : "FairLua (Lua 5.4) \(name)"),
                            "language": .string("lua"), "interrupt_mode": .string("signal"),
                            "metadata": .table(["debugger": .boolean(false)])]).jsonValue.encoded(indent: 1) + "\n"
    }

    /// Writes kernel.json and the logo (atomically), creating the directories.
    public func install(executable: String) throws {
        try KernelSpec.makeDirectories(directory)
        try AtomicFile.write(json(executable: executable), to: directory + "/kernel.json")
        try AtomicFile.write(KernelSpec.logo, to: directory + "/logo-svg.svg")
    }

    /// Removes the installed spec; false when there was none.
    public func uninstall() throws -> Bool {
        guard FileSystem.isDirectory(directory) else { return false }
        for file in ["kernel.json", "logo-svg.svg"] where FileSystem.isFile(directory + "/" + file) {
            guard unlink(directory + "/" + file) == 0 else { throw KernelError.install("cannot remove \(directory)/\(file): \(String(cString: strerror(errno)))") }
        }
        guard rmdir(directory) == 0 else { throw KernelError.install("cannot remove \(directory): \(String(cString: strerror(errno))) (files of others are left there)") }
        return true
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if FileSystem.isDirectory(prefix) { continue }
            guard mkdir(prefix, 0o755) == 0 || errno == EEXIST else {
                throw KernelError.install("cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The path of the running binary (kernel.json must name it absolutely).
    public static var currentExecutable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// A 64×64 logo: a balance over the letters "Lua".
    static let logo = """
    <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
    <rect width="64" height="64" rx="12" fill="#000080"/>
    <path d="M32 10v30M14 18h36M14 18l-7 14h14zM50 18l-7 14h14z" stroke="#fff" stroke-width="3" fill="none"/>
    <text x="32" y="56" font-family="sans-serif" font-size="15" fill="#fff" text-anchor="middle">Lua</text>
    </svg>

    """
}

#if canImport(Glibc)
import Glibc
#endif

/// Finds the folder of bundled data files without SwiftPM's `Bundle.module` (which traps when its
/// folder is missing, e.g. for a copied binary): `$FAIRLUA_DATA`, then `share/fairlua/data` beside the
/// executable's folder, then the source tree this module was built from.
public enum DataLocator {
    /// The folder holding `adult.data`, `adult.test`, `german.data`, or an error listing where it looked.
    public static func directory() throws -> String {
        var candidates: [String] = []
        if let env = getenv("FAIRLUA_DATA") { candidates.append(String(cString: env)) }
        if let exe = executableDirectory() { candidates.append(exe + "/../share/fairlua/data") }
        candidates.append(sourceDirectory())
        for dir in candidates where access(dir + "/adult.data", R_OK) == 0 { return dir }
        throw DatasetError.invalid("bundled data not found; looked in: \(candidates.joined(separator: ", ")). "
                                   + "Set FAIRLUA_DATA to the folder holding adult.data and german.data")
    }

    private static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    }

    private static func sourceDirectory(_ file: String = #filePath) -> String {
        file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/Resources"
    }
}

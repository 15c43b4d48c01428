import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Files the tests need but the repository does not bundle (the ProPublica COMPAS file has no licence).
///
/// One lookup, documented in the README's "Development" section: the directory `FAIRLUA_TEST_DATA`
/// names, else `../shared/data` beside the checkout. When the file is absent the test is skipped with
/// a line saying how to enable it; under `CI=true` its absence is a failure, so CI keeps checking it.
public enum TestData {
    /// The environment variable naming the directory of external test data.
    public static let variable = "FAIRLUA_TEST_DATA"

    /// The directory searched: `$FAIRLUA_TEST_DATA`, else `../shared/data` beside the checkout.
    public static var directory: String {
        if let dir = environment(variable), !dir.isEmpty { return dir }
        let checkout = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        return checkout + "/../shared/data"
    }

    /// The path of `name` in `directory`; skips the calling test (fails it under `CI=true`) when absent.
    public static func file(_ name: String) throws -> String {
        let path = directory + "/" + name
        if access(path, R_OK) == 0 { return path }
        let message = "needs \(name), not found in \(directory): set \(variable)=DIR or put ../shared/data beside the checkout"
        if environment("CI") == "true" { throw Missing(message: message) }
        throw XCTSkip(message)
    }

    /// The error thrown under `CI=true` when a file is missing.
    public struct Missing: Error, CustomStringConvertible {
        /// What is missing and how to provide it.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

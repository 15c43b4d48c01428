import XCTest
@testable import Tensors

final class AtomicFileTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/fairlua-atomic-XXXXXX".utf8CString)
        XCTAssertNotNil(mkdtemp(&template))
        directory = String(cString: template)
    }

    override func tearDown() {
        if let dir = opendir(directory) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { unlink(directory + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(directory)
    }

    private func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n == 0 { break }
            bytes += buffer[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func entries() -> [String] {
        var names: [String] = []
        guard let dir = opendir(directory) else { return [] }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        return names.sorted()
    }

    func testReplacesARegularFileAndLeavesNoTemporary() throws {
        let path = directory + "/out.txt"
        try AtomicFile.write("old", to: path)
        chmod(path, 0o640)
        try AtomicFile.write("new", to: path)
        XCTAssertEqual(read(path), "new")
        XCTAssertEqual(entries(), ["out.txt"])
        var info = stat()
        stat(path, &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o640)
    }

    func testSymlinkIsWrittenThroughAndKept() throws {
        let target = directory + "/real.txt"
        try AtomicFile.write("old", to: target)
        XCTAssertEqual(symlink(target, directory + "/link.txt"), 0)
        try AtomicFile.write("through", to: directory + "/link.txt")
        XCTAssertEqual(read(target), "through")
        var info = stat()
        lstat(directory + "/link.txt", &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK)
    }

    func testDanglingRelativeSymlinkCreatesItsTarget() throws {
        XCTAssertEqual(symlink("made.txt", directory + "/dangling"), 0)
        try AtomicFile.write("made", to: directory + "/dangling")
        XCTAssertEqual(read(directory + "/made.txt"), "made")
    }

    func testFIFOIsWrittenDirectly() throws {
        let fifo = directory + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try AtomicFile.write("through the pipe", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = Glibc.read(reader, &buffer, buffer.count)
        XCTAssertEqual(String(decoding: buffer[..<max(n, 0)], as: UTF8.self), "through the pipe")
        var info = stat()
        stat(fifo, &info)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
    }

    func testFullDeviceIsAnError() {
        XCTAssertThrowsError(try AtomicFile.write("x", to: "/dev/full")) { error in
            XCTAssertEqual(String(describing: error).contains("cannot write /dev/full: No space left on device"), true, "\(error)")
        }
    }

    func testMissingDirectoryAndDirectoryTargetAreErrors() {
        XCTAssertThrowsError(try AtomicFile.write("x", to: directory + "/nope/out.txt"))
        XCTAssertThrowsError(try AtomicFile.write("x", to: directory)) { error in
            XCTAssertTrue(String(describing: error).contains("it is a directory"))
        }
    }
}

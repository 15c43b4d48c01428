import XCTest
@testable import Datasets

final class CSVReaderTests: XCTestCase {
    private var paths: [String] = []

    override func tearDown() {
        for p in paths { unlink(p) }
    }

    /// Writes `bytes` to a temporary file and returns its path.
    private func file(_ text: String) -> String { file(bytes: Array(text.utf8)) }

    private func file(bytes: [UInt8]) -> String {
        let path = "/tmp/fairlua-csv-\(getpid())-\(paths.count).csv"
        let f = fopen(path, "wb")
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
        paths.append(path)
        return path
    }

    private func read(_ text: String, _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> Table {
        var options = CSVOptions()
        configure(&options)
        return try CSVReader.read(file(text), options: options).table
    }

    private func errorText(_ text: String, _ configure: (inout CSVOptions) -> Void = { _ in }) -> String {
        do {
            _ = try read(text, configure)
            return "no error"
        } catch {
            return String(describing: error).replacingOccurrences(of: paths.last ?? "", with: "F")
        }
    }

    func testTypesAreInferred() throws {
        let t = try read("age,sex,score\n25,Male,0.5\n31,Female,1e-3\n")
        XCTAssertEqual(t.names, ["age", "sex", "score"])
        XCTAssertEqual(t.columns[0], .numeric([25, 31]))
        XCTAssertEqual(t.columns[1], .categorical(CategoricalColumn(levels: ["Male", "Female"], codes: [0, 1])))
        XCTAssertEqual(t.columns[2], .numeric([0.5, 0.001]))
    }

    func testQuotingSeparatorsDoubledQuotesAndNewlines() throws {
        let t = try read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",2\n")
        XCTAssertEqual(t.columns[0], .categorical(CategoricalColumn(levels: ["x, y", "two\nlines"], codes: [0, 1])))
        XCTAssertEqual(t.columns[1], .categorical(CategoricalColumn(levels: ["say \"hi\"", "2"], codes: [0, 1])))
    }

    func testBOMCRLFAndTrimming() throws {
        let t = try CSVReader.read(file(bytes: [0xEF, 0xBB, 0xBF] + Array("a , b\r\n 1 ,  x y \r\n2,z\r\n".utf8))).table
        XCTAssertEqual(t.names, ["a", "b"])
        XCTAssertEqual(t.columns[0], .numeric([1, 2]))
        XCTAssertEqual(t.columns[1], .categorical(CategoricalColumn(levels: ["x y", "z"], codes: [0, 1])))
    }

    func testMissingMarkers() throws {
        let t = try read("a,b\n?,x\nNA,\n3,?\n")
        guard case let .numeric(a) = t.columns[0] else { return XCTFail("a should be numeric") }
        XCTAssertTrue(a[0].isNaN && a[1].isNaN)
        XCTAssertEqual(a[2], 3)
        XCTAssertEqual(t.columns[1], .categorical(CategoricalColumn(levels: ["x"], codes: [0, -1, -1])))
    }

    func testSeparatorsSemicolonTabWhitespace() throws {
        XCTAssertEqual(try read("a;b\n1;2\n") { $0.separator = .byte(59) }.columns[1], .numeric([2]))
        XCTAssertEqual(try read("a\tb\n1\t2\n") { $0.separator = .byte(9) }.columns[1], .numeric([2]))
        let t = try read("A11 6  A34\n  A12   48 A32  \n") {
            $0.separator = .whitespace
            $0.header = false
            $0.names = ["status", "months", "history"]
        }
        XCTAssertEqual(t.columns[1], .numeric([6, 48]))
        XCTAssertEqual(t.columns[2], .categorical(CategoricalColumn(levels: ["A34", "A32"], codes: [0, 1])))
    }

    func testOverridesAndSwitchToCategorical() throws {
        let t = try read("zip,v\n01234,1\n99,2\n") { $0.categorical = ["zip"] }
        XCTAssertEqual(t.columns[0], .categorical(CategoricalColumn(levels: ["01234", "99"], codes: [0, 1])))
        let mixed = try read("v\n1\n2.5\nhigh\n1\n")
        XCTAssertEqual(mixed.columns[0], .categorical(CategoricalColumn(levels: ["1", "2.5", "high"], codes: [0, 1, 2, 0])))
        XCTAssertEqual(errorText("v\n1\nx\n") { $0.numeric = ["v"] }, "F:3: column 'v': 'x' is not a number")
    }

    func testNamesWithoutHeaderAndComments() throws {
        let t = try read("|1x3 Cross validator\n25, Private\n") {
            $0.header = false
            $0.names = ["age", "workclass"]
            $0.comment = UInt8(ascii: "|")
        }
        XCTAssertEqual(t.columns[1], .categorical(CategoricalColumn(levels: ["Private"], codes: [0])))
    }

    func testBadInputIsNamedWithLine() throws {
        XCTAssertEqual(errorText("a,b\n1,2\n3\n"), "F:3: expected 2 fields, found 1")
        XCTAssertEqual(errorText("a,b\n1,\"open\n2,3\n"), "F:2: unterminated quoted field")
        XCTAssertEqual(errorText(""), "F:1: the file is empty")
        XCTAssertEqual(errorText("a,b\n"), "F:1: the file has a header but no rows")
        XCTAssertEqual(try read("a,a,a\n1,2,3\n").names, ["a", "a.1", "a.2"])
        XCTAssertEqual(errorText("a\n1\n") { $0.categorical = ["b"] }, "categorical: column 'b' not found; columns are: a")
        let bad = file(bytes: Array("a\nok\n".utf8) + [0xC3, 0x28, 0x0A])
        XCTAssertThrowsError(try CSVReader.read(bad)) { error in
            XCTAssertEqual(String(describing: error), "\(bad):3: column 'a': invalid UTF-8")
        }
        XCTAssertThrowsError(try CSVReader.read("/no/such.csv")) { error in
            XCTAssertEqual(String(describing: error), "cannot read /no/such.csv: No such file or directory")
        }
    }

    func testSkippingRaggedRowsCountsThem() throws {
        let result = try CSVReader.read(file("a,b\n1,2\n3\n4,5,6\n7,8\n"), options: { var o = CSVOptions(); o.onBadLines = .skip; return o }())
        XCTAssertEqual(result.skipped, 2)
        XCTAssertEqual(result.table.columns[0], .numeric([1, 7]))
    }

    func testRecordsSpanningChunkBoundaries() throws {
        var text = "id,name\n"
        for i in 0..<120_000 { text += "\(i),\"n\(i % 7)\nx\"\n" }
        let t = try read(text)
        XCTAssertEqual(t.rowCount, 120_000)
        guard case let .numeric(ids) = t.columns[0], case let .categorical(names) = t.columns[1] else {
            return XCTFail("types")
        }
        XCTAssertEqual(ids.last, 119_999)
        XCTAssertEqual(names.levels.count, 7)
        XCTAssertEqual(names.value(119_999), "n\(119_999 % 7)\nx")
    }

    func testNumberParserIsExactOnCommonForms() {
        for text in ["0", "-12", "3.25", "1e-5", "+.5", "123456789012345", "0.1", "2.5E+3", "1234567890123456789012",
                     "0.000123456789012345678", "12345678901234567890.5", "9007199254740993", "1e300", "-0", "4.9e-324"] {
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBufferPointer { NumberParser.parse($0) }
            XCTAssertEqual(parsed, Double(text), text)
        }
        for text in ["", "-", ".", "1e", "1.2.3", "abc", "1,5"] {
            XCTAssertNil(Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0) }, text)
        }
    }

    func testPandasIndexColumnIsDroppedOrChosen() throws {
        let text = ",y,x\n0,True,1.5\n1,False,2\n"
        XCTAssertEqual(try self.read(text).names, ["y", "x"], "DataFrame.to_csv's blank-named index")
        XCTAssertEqual(try self.read("Unnamed: 0,y\n0,1\n").names, ["y"], "read_csv then to_csv(index=False)")
        XCTAssertEqual(try self.read(text) { $0.indexColumn = .none }.names, ["Unnamed: 0", "y", "x"])
        XCTAssertEqual(try self.read(text) { $0.indexColumn = .named("x") }.names, ["Unnamed: 0", "y"])
        XCTAssertEqual(try self.read(text) { $0.indexColumn = .position(1) }.names, ["Unnamed: 0", "x"])
        XCTAssertThrowsError(try self.read(text) { $0.indexColumn = .named("id") }) { e in
            XCTAssertEqual(String(describing: e), "index_col: column 'id' not found; columns are: Unnamed: 0, y, x")
        }
        let table = try self.read(text)
        XCTAssertEqual(Dataset.defaultPositive(table, label: "y"), ["True"], "pandas booleans: True is positive")
        XCTAssertNil(Dataset.defaultPositive(table, label: "x"))
    }
}


final class CSVWriterTests: XCTestCase {
    func testRoundTripIsLossless() throws {
        let (train, _) = try BundledDatasets.adult()
        let sample = try train.select(Array(0..<500))
        let table = Table(names: sample.table.names + ["tricky"], columns: sample.table.columns + [
            .categorical(CategoricalColumn(levels: ["a, b", "say \"x\"", "two\nlines", " padded ", "?"],
                                           codes: (0..<500).map { Int32($0 % 6) - 1 }))])
        let path = "/tmp/fairlua-roundtrip-\(getpid()).csv"
        defer { unlink(path) }
        try CSVWriter.write(table, to: path)
        var options = CSVOptions()
        options.missingMarkers = [""]
        let back = try CSVReader.read(path, options: options).table
        XCTAssertEqual(back.names, table.names)
        for (a, b) in zip(back.columns, table.columns) {
            XCTAssertEqual((0..<500).map { a.text($0) }, (0..<500).map { b.text($0) })
        }
    }
}

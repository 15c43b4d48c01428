import XCTest
@testable import Datasets

final class CSVTokenizerTests: XCTestCase {
    private let path = "/tmp/fairlua-tokenizer-\(getpid()).csv"

    override func tearDown() { unlink(path) }

    private func write(_ bytes: [UInt8]) {
        let f = fopen(path, "wb")
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }

    /// Every record as (line, fields, quoted flags), or the error's text.
    private func records(_ options: CSVOptions, fastLane: Bool, needed: [Bool]? = nil) -> [String] {
        let t = CSVTokenizer(path: path, options: options)
        t.fastLane = fastLane
        t.needed = needed
        var out: [String] = []
        do {
            try t.forEachRecord { r in
                out.append("\(r.line): " + (0..<r.count).map { "[\(String(decoding: r.field($0), as: UTF8.self))\(r.isQuoted($0) ? "q" : "")]" }.joined())
            }
        } catch { out.append("error: \(error)") }
        return out
    }

    /// Random files of separators, quotes, blanks, CR, LF and letters, across the 1 MiB chunk boundary: the
    /// word-at-a-time lane gives exactly the records of the byte-wise parser (fields, quoting, lines, errors).
    func testFastLaneGivesTheByteWiseRecords() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("ab,,, \t\r\n\n\"x;".utf8)
        for round in 0..<33 {
            var bytes: [UInt8] = []
            let size = round < 30 ? Int.random(in: 0..<300, using: &rng) : (1 << 20) + Int.random(in: -200..<200, using: &rng)
            let quoteless = round % 3 == 0
            while bytes.count < size {
                let c = alphabet.randomElement(using: &rng) ?? 97
                if quoteless && c == UInt8(ascii: "\"") { continue }
                bytes.append(c)
                if round >= 30 { bytes += Array(repeating: UInt8(ascii: "a"), count: Int.random(in: 0..<20, using: &rng)) }
            }
            write(bytes)
            for trim in [true, false] {
                for sep in round < 30 ? [",", ";", "\t", " "] : [","] {
                    var o = CSVOptions()
                    o.trim = trim
                    o.separator = .byte(UInt8(ascii: Unicode.Scalar(sep) ?? ","))
                    XCTAssertEqual(records(o, fastLane: true), records(o, fastLane: false), "round \(round), trim \(trim), sep '\(sep)'")
                }
            }
        }
    }

    /// Records longer than the read buffer: the fields outside `needed` are cut short, the fields in it, the
    /// field count and the line numbers stay; a quoted field is not cut.
    func testLongRecordsKeepTheNeededFields() {
        let long = String(repeating: "x", count: 3 << 20)
        write(Array("y,p,g,note\n1,0,a,\(long)\n0,1,  \(long)  ,b\n1,1,c,\"q\(long)\"\n0,0,d,e\n".utf8))
        let t = CSVTokenizer(path: path, options: CSVOptions())
        t.needed = [true, true, false, false]
        var seen: [String] = []
        func size(_ f: UnsafeBufferPointer<UInt8>) -> String { f.count < 1 << 20 ? "short" : "\(f.count)" }
        XCTAssertNoThrow(try t.forEachRecord { r in
            seen.append("\(r.line) \(r.count) " + (0..<2).map { String(decoding: r.field($0), as: UTF8.self) }.joined(separator: ",")
                        + " \(size(r.field(2))) \(size(r.field(3)))")
        })
        XCTAssertEqual(seen, ["1 4 y,p short short", "2 4 1,0 short short", "3 4 0,1 short short", "4 4 1,1 short \(long.count + 1)",
                              "5 4 0,0 short short"])
        XCTAssertNil(t.cut)
        // a needed field is cut at neededLimit, and the cut is named; a one-field line keeps its field count
        write(Array("y,p,g,note\n1,0,a,b\n\(long)\n0,\(long),c,d\n".utf8))
        var counts: [Int] = []
        XCTAssertNoThrow(try t.forEachRecord { r in
            counts.append(r.count)
            if r.line == 4 { XCTAssertLessThan(r.field(1).count, 1 << 20) }
        })
        XCTAssertEqual(counts, [4, 4, 1, 4])
        XCTAssertEqual(t.cut?.line, 4)
        XCTAssertEqual(t.cut?.field, 1)
    }
}

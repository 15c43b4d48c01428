@testable import FairLuaKernel
import LuaHost
import Tensors
import XCTest

final class KernelMessageTests: XCTestCase {
    let key = Array("secret".utf8)

    func testSignedFramesParseBackAndAWrongSignatureIsRefused() throws {
        let message = KernelMessage(type: "execute_request", session: "s", parent: nil, content: ["code": "1 + 1"], identities: [[1, 2]])
        let frames = message.frames(key: key)
        XCTAssertEqual(frames[1], KernelMessage.delimiter)
        let signature = SHA256.hexDigits(HMAC.sha256(key: key, message: frames[3...6].flatMap { $0 }))
        XCTAssertEqual(String(decoding: frames[2], as: UTF8.self), signature)
        let parsed = try XCTUnwrap(KernelMessage(frames: frames, key: key))
        XCTAssertEqual(parsed.type, "execute_request")
        XCTAssertEqual(parsed.content["code"], "1 + 1")
        XCTAssertEqual(parsed.identities, [[1, 2]])
        XCTAssertNil(KernelMessage(frames: frames, key: Array("other".utf8)))
        var tampered = frames
        tampered[6] = Array(#"{"code":"os.exit()"}"#.utf8)
        XCTAssertNil(KernelMessage(frames: tampered, key: key))
        XCTAssertNil(KernelMessage(frames: Array(frames.prefix(5)), key: key))     // frames missing
    }

    func testDateIsISO8601WithMicroseconds() {
        XCTAssertNotNil(KernelMessage.now().wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/))
    }
}

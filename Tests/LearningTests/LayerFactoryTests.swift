@testable import Learning
import Tensors
import XCTest

final class LayerFactoryTests: XCTestCase {
    func testBlankCopyKeepsTheArchitectureWithFreshWeights() throws {
        let net = Sequential([try Conv2D(channels: 4, kernel: 3, padding: 2, dilation: 2, activation: .relu, useBias: false), try Pool2D(size: 2, average: false),
                              Flatten(), try Dense(units: 5, activation: .tanh), try Dropout(0.1), try Dense(units: 1)])
        Tensor.seed(1)
        _ = try net.forward(try Tensor.rand([2, 1, 6, 6]), training: false)
        let copy = try LayerFactory.blankCopy(of: net)
        XCTAssertEqual(copy.layers.map(\.kind), net.layers.map(\.kind))
        XCTAssertEqual(copy.layers.map(\.config), net.layers.map(\.config))
        XCTAssertEqual(copy.layers.map(\.textConfig), net.layers.map(\.textConfig))
        // Input sizes the original inferred are known, so the copy's weights exist and are new.
        XCTAssertEqual(copy.parameters.map(\.tensor.shape), net.parameters.map(\.tensor.shape))
        XCTAssertNotEqual(copy.parameters[0].tensor.storage, net.parameters[0].tensor.storage)
        XCTAssertEqual(copy.parameters.map(\.name).filter { $0.hasPrefix("1.") }, ["1.Conv2D.weight"])   // use_bias = false kept
        XCTAssertThrowsError(try LayerFactory.layer(kind: "Dense", number: { _ in nil }, text: { _ in nil })) {
            XCTAssertTrue("\($0)".contains("units"), "\($0)")
        }
        XCTAssertThrowsError(try LayerFactory.layer(kind: "LSTM", number: { _ in nil }, text: { _ in nil })) {
            XCTAssertTrue("\($0)".contains("unknown layer kind 'LSTM'"), "\($0)")
        }
    }
}

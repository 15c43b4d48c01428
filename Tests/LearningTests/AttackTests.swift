import Datasets
import Foundation
@testable import Learning
import Tensors
import XCTest

final class AttackTests: XCTestCase {
    nonisolated(unsafe) static let reference: [String: Any] = {
        let path = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/reference/robustness_reference.json"
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// The reference's matrix `key` flattened.
    func matrix(_ key: String, in object: [String: Any] = reference) throws -> [Float] {
        try XCTUnwrap(object[key] as? [[Double]], key).flatMap { $0.map(Float.init) }
    }

    /// Dense(3 → 4, relu), Dense(4 → 1) with the reference's weights.
    func referenceNetwork() throws -> Sequential {
        let weights = try XCTUnwrap(Self.reference["network"] as? [String: Any])
        let first = try Dense(units: 4, activation: .relu, inUnits: 3), second = try Dense(units: 1, inUnits: 4)
        for (t, values) in [(first.weight, try matrix("w1", in: weights)), (first.bias, try XCTUnwrap(weights["b1"] as? [Double]).map(Float.init)),
                            (second.weight, try matrix("w2", in: weights)), (second.bias, try XCTUnwrap(weights["b2"] as? [Double]).map(Float.init))] {
            try XCTUnwrap(t).withMutableValues { out in for i in out.indices { out[i] = values[i] } }
        }
        return Sequential([first, second])
    }

    func inputs() throws -> (Tensor, Tensor) {
        (try Tensor(shape: [5, 3], storage: try matrix("x")), Tensor(try XCTUnwrap(Self.reference["y"] as? [Double]).map(Float.init)))
    }

    func assertClose(_ a: Tensor, _ key: String, accuracy: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try matrix(key)
        XCTAssertEqual(a.numel, expected.count, key, file: file, line: line)
        for (u, v) in zip(a.storage, expected) { XCTAssertEqual(u, v, accuracy: accuracy, key, file: file, line: line) }
    }

    func testInputGradientEqualsNumPyAndLeavesParameterGradientsAlone() throws {
        let net = try referenceNetwork()
        let (x, y) = try inputs()
        try assertClose(try net.inputGradient(x, y, loss: .sigmoidBCE), "input_gradient")
        XCTAssertTrue(net.parameters.allSatisfy { $0.tensor.grad == nil && $0.tensor.requiresGrad })
    }

    /// Regression: a lazily built network's first use (SenSR's auditor) wrote the summed loss's gradient into the
    /// weights it built, which the first optimiser step then applied (SenSR 5 points below AIF360 on Adult).
    func testInputGradientOnAnUnbuiltNetworkLeavesItsNewParametersWithoutGradient() throws {
        let net = Sequential([try Dense(units: 4, activation: .relu), try Dense(units: 1)])
        let (x, y) = try inputs()
        _ = try net.inputGradient(x, y, loss: .sigmoidBCE)
        XCTAssertFalse(net.parameters.isEmpty)
        XCTAssertTrue(net.parameters.allSatisfy { $0.tensor.grad == nil && $0.tensor.requiresGrad })
    }

    func testInputGradientPassesGradcheck() throws {
        let net = try referenceNetwork()
        let (x, y) = try inputs()
        let analytic = try net.inputGradient(x, y, loss: .sigmoidBCE)
        let err = try Tensor.gradcheck([x]) { try Loss.sigmoidBCE(try net.forward($0[0], training: false), y).sum() }
        XCTAssertLessThan(err, 2e-2)
        XCTAssertEqual(try XCTUnwrap(x.grad).storage, analytic.storage)
    }

    func testFGSMAndPGDEqualNumPy() throws {
        let net = try referenceNetwork()
        let (x, y) = try inputs()
        let all: [Float] = [1, 1, 1]
        try assertClose(try Attack.fgsm(eps: 0.1).perturb(net, x, y, loss: .sigmoidBCE, mask: all), "fgsm")
        try assertClose(try Attack.fgsm(eps: 0.1).perturb(net, x, y, loss: .sigmoidBCE, mask: [1, 0, 1]), "fgsm_masked")
        try assertClose(try Attack.pgd(eps: 0.2, step: 0.05, steps: 5, randomStart: false).perturb(net, x, y, loss: .sigmoidBCE, mask: all), "pgd_inf")
        try assertClose(try Attack.pgd(eps: 0.5, step: 0.2, steps: 4, norm: .l2, randomStart: false).perturb(net, x, y, loss: .sigmoidBCE, mask: all), "pgd_l2")
    }

    func testOneHotBlocksMoveAsUnitsAsNumPy() throws {
        let net = try referenceNetwork()
        let x = try Tensor(shape: [5, 3], storage: try matrix("x_block")), y = try inputs().1
        try assertClose(try Attack.fgsm(eps: 0.1).perturb(net, x, y, loss: .sigmoidBCE, mask: [1, 0, 0], blocks: [1..<3]), "fgsm_block")
        let pgd = try Attack.pgd(eps: 0.2, step: 0.05, steps: 5, randomStart: false).perturb(net, x, y, loss: .sigmoidBCE, mask: [1, 0, 0], blocks: [1..<3])
        try assertClose(pgd, "pgd_block")
        for r in 0..<5 { XCTAssertEqual(pgd.storage[r * 3 + 1] + pgd.storage[r * 3 + 2], 1, "row \(r + 1) holds one level") }
    }

    func testFGSMMovesALinearModelsBlockToItsLevelOfLargestWeight() throws {
        // ∇ₓ BCE = (σ(z) − y)·w: a label-0 row's block takes argmax w over the block, a label-1 row's argmin.
        let dense = try Dense(units: 1, inUnits: 4)
        try XCTUnwrap(dense.weight).withMutableValues { w in w[0] = 0.4; w[1] = -2; w[2] = 0.7; w[3] = 0.1 }
        let x = try Tensor(shape: [2, 4], storage: [0.5, 0, 0, 1, 1, 0, 1, 0])
        let adversarial = try Attack.fgsm(eps: 0.25).perturb(Sequential([dense]), x, Tensor([0, 1]), loss: .sigmoidBCE, mask: [1, 0, 0, 0], blocks: [1..<4])
        XCTAssertEqual(adversarial.storage, [0.75, 0, 1, 0, 0.75, 1, 0, 0])
    }

    func testFGSMOnALinearModelIsEpsTimesTheSignOfTheWeights() throws {
        // ∇ₓ BCE = (σ(z) − y)·w: label 0 moves along +sign(w), label 1 along −sign(w).
        let dense = try Dense(units: 1, inUnits: 3)
        try XCTUnwrap(dense.weight).withMutableValues { w in w[0] = 0.4; w[1] = -2; w[2] = 0.7 }
        let x = try Tensor(shape: [2, 3], storage: [0.5, 0.5, 0.5, 1, 1, 1])
        let adversarial = try Attack.fgsm(eps: 0.25).perturb(Sequential([dense]), x, Tensor([0, 1]), loss: .sigmoidBCE, mask: [1, 1, 1])
        XCTAssertEqual(adversarial.storage, [0.75, 0.25, 0.75, 0.75, 1.25, 0.75])
    }

    func testPGDStaysInTheBallAndRandomStartIsSeeded() throws {
        let net = try referenceNetwork()
        let (x, y) = try inputs()
        let pgd = try Attack.pgd(eps: 0.3, steps: 3, seed: 7)
        let a = try pgd.perturb(net, x, y, loss: .sigmoidBCE, mask: [1, 1, 0])
        XCTAssertEqual(a.storage, try pgd.perturb(net, x, y, loss: .sigmoidBCE, mask: [1, 1, 0]).storage)
        for i in 0..<x.numel {
            XCTAssertLessThanOrEqual(abs(a.storage[i] - x.storage[i]), 0.3 + 1e-6)
            if i % 3 == 2 { XCTAssertEqual(a.storage[i], x.storage[i]) }
        }
        let l2 = try Attack.pgd(eps: 0.3, steps: 3, norm: .l2).perturb(net, x, y, loss: .sigmoidBCE, mask: [1, 1, 1])
        for r in 0..<5 {
            let norm = (0..<3).map { Double(l2.storage[r * 3 + $0] - x.storage[r * 3 + $0]) }.reduce(0) { $0 + $1 * $1 }.squareRoot()
            XCTAssertLessThanOrEqual(norm, 0.3 + 1e-5)
        }
    }

    func testMaskFollowsTheSchemaAndBadSettingsAreErrors() throws {
        let layout = [FeatureBlock(name: "age", columns: 0..<1, oneHot: false), FeatureBlock(name: "sex", columns: 1..<3, oneHot: true),
                      FeatureBlock(name: "hours", columns: 3..<4, oneHot: false)]
        XCTAssertEqual(try Attack.fgsm().movable(columns: 4, blocks: layout), Attack.Movable(mask: [1, 0, 0, 1], blocks: []))
        XCTAssertEqual(try Attack.fgsm(features: .all).movable(columns: 4, blocks: layout), Attack.Movable(mask: [1, 0, 0, 1], blocks: [1..<3]))
        XCTAssertEqual(try Attack.fgsm(features: .columns(["sex"])).movable(columns: 4, blocks: layout), Attack.Movable(mask: [0, 0, 0, 0], blocks: [1..<3]))
        XCTAssertEqual(try Attack.fgsm(features: .mask([0, 1, 1, 1])).movable(columns: 4, blocks: layout), Attack.Movable(mask: [0, 0, 0, 1], blocks: [1..<3]))
        XCTAssertEqual(try Attack.fgsm().movable(columns: 2, blocks: nil), Attack.Movable(mask: [1, 1], blocks: []))
        XCTAssertEqual(try Attack.fgsm(features: .mask([0, 1])).movable(columns: 2, blocks: nil), Attack.Movable(mask: [0, 1], blocks: []))
        XCTAssertThrowsError(try Attack.fgsm(features: .mask([1, 1, 0, 1])).movable(columns: 4, blocks: layout), "half a block")
        XCTAssertThrowsError(try Attack.fgsm(features: .columns(["race"])).movable(columns: 4, blocks: layout))
        XCTAssertThrowsError(try Attack.fgsm(features: .columns(["sex"])).movable(columns: 4, blocks: nil))
        XCTAssertThrowsError(try Attack.fgsm().movable(columns: 2, blocks: layout))
        XCTAssertThrowsError(try Attack.fgsm(features: .mask([0.5, 1])))
        XCTAssertThrowsError(try Attack.Features.from(features: "all", columns: ["age"], mask: nil))
        XCTAssertThrowsError(try Attack.Features.from(features: "some", columns: nil, mask: nil))
        XCTAssertEqual(try Attack.Features.from(features: "all", columns: nil, mask: nil), .all)
        XCTAssertThrowsError(try Attack.fgsm(eps: .nan))
        XCTAssertThrowsError(try Attack.pgd(eps: -1))
        XCTAssertThrowsError(try Attack.pgd(steps: 0))
        XCTAssertThrowsError(try Attack.pgd(steps: 1 << 53))
        XCTAssertThrowsError(try Attack.named("3", "norm") as Attack.Norm?)
        XCTAssertEqual(try Attack.named("2", "norm"), Attack.Norm.l2)
        XCTAssertEqual(try Attack.pgd(eps: 0.2).description, "PGD(eps=0.2, norm=inf, random start, step=0.05, steps=7, numeric columns)")
    }
}

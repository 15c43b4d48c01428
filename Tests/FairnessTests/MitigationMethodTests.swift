import Fairness
import XCTest

final class MitigationMethodTests: XCTestCase {
    func testAMitigatorPrintsItsGivenOptionsInDeclaredOrder() throws {
        let method = try MitigationRegistry.method("calibrated_eq_odds")
        XCTAssertEqual(method.description(["cost": .text("fnr"), "privileged": .text("Male")]),
                       "CalibratedEqOdds(privileged = Male, cost = fnr)")
        XCTAssertEqual(try MitigationRegistry.method("reject_option").description(["bounds": .pair(-0.05, 0.05)]),
                       "RejectOption(bounds = {-0.05, 0.05})")
        XCTAssertEqual(try MitigationRegistry.method("massaging").description([:]), "Massaging()")
    }
}

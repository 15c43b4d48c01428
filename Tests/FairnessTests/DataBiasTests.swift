import Datasets
@testable import Fairness
import XCTest

final class DataBiasTests: XCTestCase {
    func testAdultTestSetAgainstAIF360AndSciPy() throws {
        let (_, test) = try BundledDatasets.adult()
        let bias = try DataBias(test, privileged: ["sex": "Male"])
        XCTAssert(close(bias.baseRate, Reference.value("adult", "data_bias", "base_rate")))
        let sex = try XCTUnwrap(bias.attributes.first { $0.name == "sex" })
        XCTAssertEqual(sex.groups, ["Female", "Male"])
        XCTAssert(close(try XCTUnwrap(sex.statisticalParityDifference), Reference.value("adult", "data_bias", "statistical_parity_difference")))
        XCTAssert(close(try XCTUnwrap(sex.disparateImpact), Reference.value("adult", "data_bias", "disparate_impact")))
        XCTAssert(close(try XCTUnwrap(sex.classImbalance), Reference.value("adult", "data_bias", "class_imbalance")))
        // AIF360's kl_divergence is KL(privileged ‖ unprivileged): the Male entry (Male against the rest).
        XCTAssert(close(sex.klDivergence[1], Reference.value("adult", "data_bias", "kl_divergence")))
        for proxy in bias.proxies where proxy.sensitive == "sex" {
            if proxy.measure == "cramers_v" {
                XCTAssert(close(proxy.association, Reference.value("adult", "data_bias", "cramers_v", proxy.feature)), proxy.feature)
                XCTAssert(close(proxy.mutualInformation, Reference.value("adult", "data_bias", "mutual_information", proxy.feature)), proxy.feature)
            } else {
                XCTAssert(close(proxy.association, Reference.value("adult", "data_bias", "correlation_ratio", proxy.feature)), proxy.feature)
            }
        }
        // relationship (Husband / Wife) is the strongest proxy for sex.
        XCTAssertEqual(bias.proxies.first?.feature, "relationship")
        XCTAssertEqual(bias.proxies.first?.sensitive, "sex")
        XCTAssertThrowsError(try DataBias(test, privileged: ["sex": "male"])) {
            XCTAssertEqual("\($0)", "privileged value 'male' not found in 'sex'; values are: Female, Male")
        }
    }
}

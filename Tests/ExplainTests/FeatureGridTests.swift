import Datasets
@testable import Explain
import Tensors
import XCTest

/// Partial dependence from a dataset's encoded rows: numeric grids, one-hot rows per category, product grids, groups.
final class FeatureGridTests: XCTestCase {
    /// Six rows: a numeric `age` and a categorical `colour`, encoded as age, colour=blue, colour=red (levels sorted).
    func rows() throws -> (Tensor, FeatureEncoder, CategoricalColumn) {
        let colour = CategoricalColumn(values: ["red", "blue", "red", "blue", "red", "blue"])
        let table = Table(names: ["age", "colour", "y"], columns: [.numeric([1, 2, 3, 4, 5, 6]), .categorical(colour), .numeric([0, 1, 0, 1, 0, 1])])
        let ds = try Dataset(table: table, label: "y", positive: ["1"], sensitive: [])
        let encoder = FeatureEncoder(fitting: ds)
        let x = try encoder.transform(ds)
        return (try Tensor(shape: [x.rows, x.names.count], storage: x.values), encoder, colour)
    }

    func testNumericCategoricalAndProductGrids() throws {
        let (x, encoder, _) = try rows()
        XCTAssertEqual(encoder.featureGroups.names, ["age", "colour"])
        XCTAssertEqual(encoder.featureGroups.columns, [[0], [1, 2]])
        let age = try FeatureGrid(["age"], x: x, encoder: encoder, resolution: nil, percentiles: (0.05, 0.95))
        XCTAssertEqual(age.columns, [0])
        XCTAssertEqual(age.points, [[1], [2], [3], [4], [5], [6]])                  // fewer unique values than 100: the values
        let colour = try FeatureGrid(["colour"], x: x, encoder: encoder, resolution: nil, percentiles: (0.05, 0.95))
        XCTAssertEqual(colour.columns, [1, 2])
        XCTAssertEqual(colour.points, [[1, 0], [0, 1]])
        XCTAssertEqual(colour.labels, ["blue", "red"])
        let both = try FeatureGrid(["colour", "age"], x: x, encoder: encoder, resolution: 3, percentiles: (0, 1))
        XCTAssertEqual(both.columns, [1, 2, 0])
        XCTAssertEqual(both.labels, ["blue | 1", "blue | 3.5", "blue | 6", "red | 1", "red | 3.5", "red | 6"])
        XCTAssertThrowsError(try FeatureGrid(["size"], x: x, encoder: encoder, resolution: nil, percentiles: (0.05, 0.95))) {
            XCTAssertEqual("\($0)", "unknown feature 'size'; features: age, colour")
        }
    }

    func testEachGroupAveragesItsOwnRows() throws {
        let (x, encoder, colour) = try rows()
        let grid = try FeatureGrid(["age"], x: x, encoder: encoder, resolution: nil, percentiles: (0.05, 0.95))
        // The prediction is the row's colour=red column: red rows give 1 at every point, blue rows 0.
        let predict = { (t: Tensor) in (0..<t.shape[0]).map { Double(t.storage[$0 * 3 + 2]) } }
        XCTAssertEqual(try PartialDependence(x: x, grid: grid, individual: false, predict: predict).average, Array(repeating: 0.5, count: 6))
        let groups = try PartialDependence.byGroup(x: x, grid: grid, groups: colour, predict: predict)
        XCTAssertEqual(groups.map(\.level), ["red", "blue"])
        XCTAssertEqual(groups.map(\.average), [Array(repeating: 1, count: 6), Array(repeating: 0, count: 6)])
    }
}

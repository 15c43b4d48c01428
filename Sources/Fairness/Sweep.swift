/// A trade-off sweep: accuracy and a fairness gap for each method and parameter value, and the Pareto
/// front (points no other point beats on both: higher accuracy and smaller gap).
public struct Sweep {
    /// One trained and evaluated configuration.
    public struct Point: Sendable {
        /// The method's name.
        public let method: String
        /// The parameter's name and value (eps, eta, weight, repair level …).
        public let parameter: String, value: Double
        /// Test accuracy.
        public let accuracy: Double
        /// The fairness gap (absolute value of the measure).
        public let gap: Double
        /// A point.
        public init(method: String, parameter: String, value: Double, accuracy: Double, gap: Double) {
            self.method = method
            self.parameter = parameter
            self.value = value
            self.accuracy = accuracy
            self.gap = gap
        }
    }

    /// Every point, in the order run.
    public let points: [Point]

    /// The points.
    public init(points: [Point]) { self.points = points }

    /// Indices of the Pareto-optimal points, by increasing gap.
    public var front: [Int] {
        let candidates = points.indices.filter { i in
            !points.indices.contains { j in
                j != i && points[j].accuracy >= points[i].accuracy && points[j].gap <= points[i].gap &&
                    (points[j].accuracy > points[i].accuracy || points[j].gap < points[i].gap)
            }
        }
        return candidates.sorted { points[$0].gap < points[$1].gap }
    }
}

/// A small dense linear program, minimise cᵀx subject to rows aᵢᵀx (≤ | = | ≥) bᵢ, x ≥ 0 except for the
/// variables declared free, solved exactly enough for the reductions' saddle-point step (a handful of rows,
/// tens of columns) by the two-phase simplex method with Bland's rule, which cannot cycle.
public struct LinearProgram: Sendable {
    /// How a row's left side relates to its right side.
    public enum Relation: Sendable { case lessOrEqual, equal, greaterOrEqual }

    /// One constraint row.
    public struct Row: Sendable {
        /// Coefficients, one per variable.
        public var coefficients: [Double]
        /// ≤, = or ≥.
        public var relation: Relation
        /// The right-hand side.
        public var rhs: Double
        /// A row `coefficients · x relation rhs`.
        public init(_ coefficients: [Double], _ relation: Relation, _ rhs: Double) {
            self.coefficients = coefficients
            self.relation = relation
            self.rhs = rhs
        }
    }

    /// The optimum: the variables and the objective's value.
    public struct Solution: Sendable {
        /// The optimal x.
        public let x: [Double]
        /// cᵀx at the optimum.
        public let value: Double
    }

    /// The objective's coefficients (minimised).
    public var objective: [Double]
    /// The constraints.
    public var rows: [Row]
    /// Indices of variables without the bound x ≥ 0.
    public var free: Set<Int>

    /// A program over `objective.count` variables.
    public init(minimise objective: [Double], rows: [Row], free: Set<Int> = []) {
        self.objective = objective
        self.rows = rows
        self.free = free
    }

    /// Pivots smaller than this count as zero.
    static let tolerance = 1e-11

    /// Solves the program; infeasible or unbounded programs are errors.
    public func solve() throws -> Solution {
        let n = objective.count
        guard rows.allSatisfy({ $0.coefficients.count == n }) else {
            throw FairnessError.invalid("LinearProgram: every row needs \(n) coefficients")
        }
        // Columns: each variable (a free one as x⁺ − x⁻), then one slack or surplus per inequality, then
        // one artificial per row that has no slack to start the basis with.
        var split: [Int] = []   // the column of each free variable's negative part
        var next = n
        for j in 0..<n where free.contains(j) { split.append(next); next += 1 }
        let structural = next
        let m = rows.count
        var slackColumn = [Int](repeating: -1, count: m)
        for (i, row) in rows.enumerated() where row.relation != .equal { slackColumn[i] = next; next += 1 }
        var artificialColumn = [Int](repeating: -1, count: m)
        var sign = [Double](repeating: 1, count: m)
        for (i, row) in rows.enumerated() {
            sign[i] = row.rhs < 0 ? -1 : 1
            // A ≤ row with b ≥ 0 (or a ≥ row with b ≤ 0) starts with its slack in the basis.
            let slackStarts = (row.relation == .lessOrEqual && sign[i] > 0) || (row.relation == .greaterOrEqual && sign[i] < 0)
            if !slackStarts { artificialColumn[i] = next; next += 1 }
        }
        let width = next + 1   // the last column is the right-hand side
        var tableau = Tableau(rows: m, width: width)
        var basis = [Int](repeating: 0, count: m)
        let freeList = (0..<n).filter { free.contains($0) }
        for (i, row) in rows.enumerated() {
            for j in 0..<n { tableau[i, j] = sign[i] * row.coefficients[j] }
            for (k, j) in freeList.enumerated() { tableau[i, split[k]] = -sign[i] * row.coefficients[j] }
            if slackColumn[i] >= 0 { tableau[i, slackColumn[i]] = sign[i] * (row.relation == .lessOrEqual ? 1 : -1) }
            if artificialColumn[i] >= 0 { tableau[i, artificialColumn[i]] = 1 }
            tableau[i, width - 1] = sign[i] * row.rhs
            basis[i] = artificialColumn[i] >= 0 ? artificialColumn[i] : slackColumn[i]
        }
        let artificial = Set(artificialColumn.filter { $0 >= 0 })
        // Phase 1: minimise the sum of the artificials.
        if !artificial.isEmpty {
            var cost = [Double](repeating: 0, count: width - 1)
            for j in artificial { cost[j] = 1 }
            try tableau.optimise(cost: cost, basis: &basis, allowed: { _ in true })
            let infeasibility = basis.enumerated().reduce(0.0) { $0 + (artificial.contains($1.element) ? tableau[$1.offset, width - 1] : 0) }
            guard infeasibility <= 1e-9 else { throw FairnessError.invalid("LinearProgram: the constraints cannot all hold (infeasible)") }
            // Drive artificials that stayed basic at zero out of the basis where a real column can replace them.
            for i in 0..<m where artificial.contains(basis[i]) {
                if let j = (0..<(width - 1)).first(where: { !artificial.contains($0) && abs(tableau[i, $0]) > Self.tolerance }) {
                    tableau.pivot(row: i, column: j)
                    basis[i] = j
                }
            }
        }
        // Phase 2: the real objective, artificials barred from entering.
        var cost = [Double](repeating: 0, count: width - 1)
        for j in 0..<n { cost[j] = objective[j] }
        for (k, j) in freeList.enumerated() { cost[split[k]] = -objective[j] }
        try tableau.optimise(cost: cost, basis: &basis, allowed: { !artificial.contains($0) })
        var values = [Double](repeating: 0, count: structural)
        for i in 0..<m where basis[i] < structural { values[basis[i]] = tableau[i, width - 1] }
        var x = Array(values.prefix(n))
        for (k, j) in freeList.enumerated() { x[j] -= values[split[k]] }
        let value = zip(objective, x).reduce(0) { $0 + $1.0 * $1.1 }
        return Solution(x: x, value: value)
    }

    /// Solves a program with costs c ≥ 0, x ≥ 0 and ≤ or = rows by the dual simplex method from the slack
    /// basis (an = row is split into ≤ and ≥): it starts at x = 0, which is dual feasible, and repairs the
    /// most violated row each step, the entering column chosen by the smallest ratio of reduced cost to
    /// |coefficient|. Among tied optima it lands on the one nearest the cheapest columns, which is where
    /// HiGHS's dual simplex (scipy's `highs-ds`, Fairlearn's LP step) lands too.
    public func solveFromSlackBasis() throws -> Solution {
        let n = objective.count
        guard free.isEmpty, objective.allSatisfy({ $0 >= 0 }), rows.allSatisfy({ $0.coefficients.count == n && $0.relation != .greaterOrEqual }) else {
            throw FairnessError.invalid("LinearProgram: the dual simplex needs costs ≥ 0, no free variables and ≤ or = rows")
        }
        var lessRows: [Row] = []
        for row in rows {
            lessRows.append(Row(row.coefficients, .lessOrEqual, row.rhs))
            if row.relation == .equal { lessRows.append(Row(row.coefficients.map { -$0 }, .lessOrEqual, -row.rhs)) }
        }
        let m = lessRows.count, width = n + m + 1
        var tableau = Tableau(rows: m, width: width)
        var basis = [Int](repeating: 0, count: m)
        for (i, row) in lessRows.enumerated() {
            for j in 0..<n { tableau[i, j] = row.coefficients[j] }
            tableau[i, n + i] = 1
            tableau[i, width - 1] = row.rhs
            basis[i] = n + i
        }
        var reduced = objective + [Double](repeating: 0, count: m)
        for _ in 0..<10_000 {
            var leaving = -1, worst = -1e-9
            for i in 0..<m where tableau[i, width - 1] < worst { worst = tableau[i, width - 1]; leaving = i }
            if leaving < 0 {
                var x = [Double](repeating: 0, count: n)
                for i in 0..<m where basis[i] < n { x[basis[i]] = tableau[i, width - 1] }
                return Solution(x: x, value: zip(objective, x).reduce(0) { $0 + $1.0 * $1.1 })
            }
            var entering = -1, best = Double.infinity
            for j in 0..<(width - 1) where tableau[leaving, j] < -Self.tolerance {
                let ratio = max(reduced[j], 0) / -tableau[leaving, j]
                if ratio < best - 1e-12 { best = ratio; entering = j }
            }
            guard entering >= 0 else { throw FairnessError.invalid("LinearProgram: the constraints cannot all hold (infeasible)") }
            tableau.pivot(row: leaving, column: entering)
            let factor = reduced[entering]
            for j in 0..<(width - 1) { reduced[j] -= factor * tableau[leaving, j] }
            basis[leaving] = entering
        }
        throw FairnessError.invalid("LinearProgram: the simplex method did not finish in 10000 pivots")
    }

    /// A dense simplex tableau, row-major, the right-hand side in the last column.
    struct Tableau {
        var cells: [Double]
        let rows: Int, width: Int

        init(rows: Int, width: Int) {
            cells = [Double](repeating: 0, count: rows * width)
            self.rows = rows
            self.width = width
        }

        subscript(i: Int, j: Int) -> Double {
            get { cells[i * width + j] }
            set { cells[i * width + j] = newValue }
        }

        /// Makes column `column` a unit vector with its 1 in row `row`.
        mutating func pivot(row: Int, column: Int) {
            let w = width
            cells.withUnsafeMutableBufferPointer { t in
                let p = t[row * w + column]
                for j in 0..<w { t[row * w + j] /= p }
                for i in 0..<rows where i != row {
                    let f = t[i * w + column]
                    if f == 0 { continue }
                    for j in 0..<w { t[i * w + j] -= f * t[row * w + j] }
                }
            }
        }

        /// Minimises `cost` from the feasible `basis` with Bland's rule: the lowest-index improving column
        /// enters, and among the rows with the smallest ratio the one whose basic variable has the lowest index leaves.
        mutating func optimise(cost: [Double], basis: inout [Int], allowed: (Int) -> Bool) throws {
            let columns = width - 1
            for _ in 0..<10_000 {
                // Reduced costs c_j − c_Bᵀ B⁻¹ a_j.
                var entering = -1
                for j in 0..<columns where allowed(j) && !basis.contains(j) {
                    var reduced = cost[j]
                    for i in 0..<rows { reduced -= cost[basis[i]] * self[i, j] }
                    if reduced < -1e-10 { entering = j; break }
                }
                if entering < 0 { return }
                var leaving = -1
                var best = Double.infinity
                for i in 0..<rows where self[i, entering] > LinearProgram.tolerance {
                    let ratio = self[i, columns] / self[i, entering]
                    if ratio < best - 1e-12 || (abs(ratio - best) <= 1e-12 && leaving >= 0 && basis[i] < basis[leaving]) {
                        best = ratio
                        leaving = i
                    }
                }
                guard leaving >= 0 else { throw FairnessError.invalid("LinearProgram: the objective is unbounded below") }
                pivot(row: leaving, column: entering)
                basis[leaving] = entering
            }
            throw FairnessError.invalid("LinearProgram: the simplex method did not finish in 10000 pivots")
        }
    }
}

/// ProPublica's COMPAS two-year recidivism file, filtered as ProPublica's analysis and AIF360 do.
public enum Compas {
    /// The columns kept: AIF360's CompasDataset features, the sensitive columns and the label.
    static let columns = ["sex", "age", "age_cat", "race", "juv_fel_count", "juv_misd_count", "juv_other_count",
                          "priors_count", "c_charge_degree", "c_charge_desc", "two_year_recid"]
    /// COMPAS's own risk score (1–10) and its band (Low, Medium, High): the tool being audited, not a
    /// property of the defendant, so kept only when asked for.
    static let scoreColumns = ["decile_score", "score_text"]

    /// Rows with |days_b_screening_arrest| ≤ 30, is_recid ≠ -1, c_charge_degree ≠ "O" and score_text ≠ "N/A", then
    /// rows missing any kept column dropped: 6,167 rows from ProPublica's compas-scores-two-years.csv. Label
    /// `two_year_recid` with 0 (no recidivism within two years, the favourable outcome, as AIF360) positive;
    /// sensitive `race`, `sex`. `decile_score` and `score_text` are columns only with `scores`.
    public static func load(_ path: String, scores: Bool? = nil) throws -> Dataset {
        let scores = scores ?? false
        var options = CSVOptions()
        options.missingMarkers = [""]
        options.categorical = ["two_year_recid"]
        let table = try CSVReader.read(path, options: options).table
        for name in columns + scoreColumns + ["days_b_screening_arrest", "is_recid"] { _ = try table.index(of: name, option: "compas") }
        let all = try Dataset(table: table, label: nil, positive: [], sensitive: [])
        guard case let .numeric(days) = try all.column("days_b_screening_arrest"),
              case let .numeric(recid) = try all.column("is_recid") else {
            throw DatasetError.invalid("\(path): days_b_screening_arrest and is_recid must be numeric (is this ProPublica's file?)")
        }
        let degree = Dataset.categories(try all.column("c_charge_degree")), score = Dataset.categories(try all.column("score_text"))
        let keep = (0..<all.count).map { r in
            !days[r].isNaN && abs(days[r]) <= 30 && recid[r] != -1 && degree.value(r) != "O" && score.value(r) != "N/A"
        }
        let names = scores ? columns.dropLast() + scoreColumns + ["two_year_recid"] : columns
        let kept = Table(names: names, columns: try names.map { try all.column($0) })
        var ds = try Dataset(table: kept, label: "two_year_recid", positive: ["0"], negative: ["1"], sensitive: ["race", "sex"])
            .filter(keep).droppingMissing().fittingSchema()
        ds.source = path
        return ds
    }
}

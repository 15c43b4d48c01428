/// The datasets shipped with FairLua (see Resources/SOURCES.md for licences and citations).
public enum BundledDatasets {
    /// UCI Adult's columns, as listed in adult.names.
    static let adultColumns = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
                               "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
                               "hours-per-week", "native-country", "income"]

    /// Adult's official split with missing rows dropped: 30,162 train and 15,060 test rows. Label `income`
    /// (positive `>50K`; the test file writes `>50K.`), sensitive `sex` and `race`. `fnlwgt` (a census
    /// sampling weight, not a property of the person) is kept as a column; drop it for modelling if wanted.
    public static func adult(directory: String? = nil) throws -> (train: Dataset, test: Dataset) {
        let dir = try directory ?? DataLocator.directory()
        var options = CSVOptions()
        options.header = false
        options.names = adultColumns
        options.missingMarkers = ["?"]
        options.comment = UInt8(ascii: "|")
        let train = try CSVReader.read(dir + "/adult.data", options: options).table
        let test = try CSVReader.read(dir + "/adult.test", options: options).table
        func dataset(_ table: Table) throws -> Dataset {
            try Dataset(table: table, label: "income", positive: [">50K", ">50K."], negative: ["<=50K", "<=50K."],
                        sensitive: ["sex", "race"]).droppingMissing().fittingSchema()
        }
        // The test file shares the training file's schema: a level absent from it still has its column.
        var a = try dataset(train)
        var b = try dataset(test).adopting(a.schema)
        a.source = dir + "/adult.data"
        b.source = dir + "/adult.test"
        return (a, b)
    }

    /// AIF360's names for German credit's 20 attributes and the label.
    static let germanColumns = ["status", "month", "credit_history", "purpose", "credit_amount", "savings",
                                "employment", "investment_as_income_percentage", "personal_status", "other_debtors",
                                "residence_since", "property", "age", "installment_plans", "housing",
                                "number_of_credits", "skill_level", "people_liable_for", "telephone",
                                "foreign_worker", "credit"]

    /// Category codes of german.data decoded as german.doc describes them.
    static let germanCodes: [String: String] = [
        "A11": "< 0 DM", "A12": "0 <= ... < 200 DM", "A13": ">= 200 DM / salary for at least 1 year",
        "A14": "no checking account",
        "A30": "no credits taken / all paid back duly", "A31": "all credits at this bank paid back duly",
        "A32": "existing credits paid back duly till now", "A33": "delay in paying off in the past",
        "A34": "critical account / other credits existing",
        "A40": "car (new)", "A41": "car (used)", "A42": "furniture/equipment", "A43": "radio/television",
        "A44": "domestic appliances", "A45": "repairs", "A46": "education", "A47": "vacation",
        "A48": "retraining", "A49": "business", "A410": "others",
        "A61": "< 100 DM", "A62": "100 <= ... < 500 DM", "A63": "500 <= ... < 1000 DM", "A64": ">= 1000 DM",
        "A65": "unknown / no savings account",
        "A71": "unemployed", "A72": "< 1 year", "A73": "1 <= ... < 4 years", "A74": "4 <= ... < 7 years",
        "A75": ">= 7 years",
        "A91": "male: divorced/separated", "A92": "female: divorced/separated/married", "A93": "male: single",
        "A94": "male: married/widowed", "A95": "female: single",
        "A101": "none", "A102": "co-applicant", "A103": "guarantor",
        "A121": "real estate", "A122": "building society savings / life insurance", "A123": "car or other",
        "A124": "unknown / no property",
        "A141": "bank", "A142": "stores", "A143": "none",
        "A151": "rent", "A152": "own", "A153": "for free",
        "A171": "unemployed / unskilled non-resident", "A172": "unskilled resident",
        "A173": "skilled employee / official", "A174": "management / self-employed / highly qualified",
        "A191": "none", "A192": "yes, registered", "A201": "yes", "A202": "no",
    ]

    /// The age from which German credit's `age` is the privileged level `old` (AIF360's tutorials,
    /// `lambda x: x >= 25`; the GermanDataset class default is `x > 25`, which moves the 41 applicants aged
    /// exactly 25 into `young`).
    public static let germanOldAge = 25.0

    /// German credit as AIF360's GermanDataset: 1,000 rows, decoded categories, `sex` derived from personal
    /// status (A92 and A95 are female) and `personal_status` then dropped (it is sex and marital status in one
    /// column); `age` binary, `old` (age ≥ 25, privileged) or `young`; label `credit` with good (1 in the file)
    /// positive; sensitive `sex` and `age`.
    public static func german(directory: String? = nil) throws -> Dataset {
        let dir = try directory ?? DataLocator.directory()
        var options = CSVOptions()
        options.header = false
        options.names = germanColumns
        options.separator = .whitespace
        options.categorical = ["credit"]
        var table = try CSVReader.read(dir + "/german.data", options: options).table
        let status = try table.index(of: "personal_status"), ageIndex = try table.index(of: "age")
        guard case let .categorical(personal) = table.columns[status], case let .numeric(age) = table.columns[ageIndex] else {
            throw DatasetError.invalid("german.data: personal_status must be categorical and age numeric")
        }
        let female: Set<String> = ["A92", "A95"]
        let sex = CategoricalColumn(levels: ["male", "female"], codes: personal.codes.map { $0 < 0 ? -1 : (female.contains(personal.levels[Int($0)]) ? 1 : 0) })
        table.columns[ageIndex] = .categorical(CategoricalColumn(levels: ["young", "old"],
                                                                 codes: age.map { $0.isNaN ? -1 : ($0 >= germanOldAge ? 1 : 0) }))
        for (k, column) in table.columns.enumerated() {
            if case var .categorical(c) = column, table.names[k] != "credit", table.names[k] != "age" {
                c.levels = c.levels.map { germanCodes[$0] ?? $0 }
                table.columns[k] = .categorical(c)
            }
        }
        table.names.remove(at: status)
        table.columns.remove(at: status)
        table.names.append("sex")
        table.columns.append(.categorical(sex))
        var ds = try Dataset(table: table, label: "credit", positive: ["1"], negative: ["2"], sensitive: ["sex", "age"])
        ds.source = dir + "/german.data"
        return ds
    }
}

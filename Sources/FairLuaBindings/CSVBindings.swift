import Datasets
import LuaHost

/// `data.csv`'s options read into the library's `CSVOptions` and `DatasetRoles`.
extension DataBindings {
    /// A list option given as one value or an array of values, as the texts written in a file.
    static func texts(_ value: LuaValue?, option: String) throws -> [String]? {
        do { return try value?.texts() } catch let e as LuaError { throw LuaError.message("option '\(option)': \(e.description)") }
    }

    /// pandas' `index_col`: false (none), a column name, or a 1-based position; absent, pandas' unnamed index is dropped.
    static func indexColumn(_ value: LuaValue?) throws -> CSVIndexColumn {
        switch value {
        case nil: return .automatic
        case .boolean(false)?: return .none
        case let .string(name)?: return .named(name)
        case let .integer(k)? where k >= 1: return .position(k - 1)
        default: throw LuaError.message("option 'index_col': false, a column name or a 1-based position expected")
        }
    }

    static func readCSV(path: String, _ o: LuaOptions) throws -> Dataset {
        var options = CSVOptions()
        if let sep = try o.string("sep") {
            guard let separator = CSVSeparator(sep) else {
                throw LuaError.message("option 'sep': one character, 'tab' or 'whitespace' expected, got '\(sep)'")
            }
            options.separator = separator
        }
        if let header = try o.boolean("header") { options.header = header }
        options.names = try texts(o.value("names"), option: "names")
        if let na = try texts(o.value("na"), option: "na") { options.missingMarkers = Set(na) }
        options.categorical = Set(try texts(o.value("categorical"), option: "categorical") ?? [])
        options.numeric = Set(try texts(o.value("numeric"), option: "numeric") ?? [])
        if let policy = try o.string("on_bad_lines") {
            guard let p = BadLinePolicy(rawValue: policy) else {
                throw LuaError.message("option 'on_bad_lines': 'error' or 'skip' expected, got '\(policy)'")
            }
            options.onBadLines = p
        }
        if let comment = try o.string("comment") {
            guard comment.utf8.count == 1 else { throw LuaError.message("option 'comment': one character expected") }
            options.comment = comment.utf8.first
        }
        options.indexColumn = try indexColumn(o.value("index_col"))
        if let threads = try o.integer("threads") {
            guard (1...2).contains(threads) else { throw LuaError.message("option 'threads': 1 or 2 expected, got \(threads)") }
            options.threads = threads
        }
        var roles = DatasetRoles()
        roles.label = try o.string("label")
        roles.positive = try texts(o.value("positive"), option: "positive").map(Set.init)
        roles.negative = try texts(o.value("negative"), option: "negative").map(Set.init)
        roles.sensitive = try texts(o.value("sensitive"), option: "sensitive") ?? []
        if let policy = try o.string("missing_sensitive") { roles.missingSensitive = try MissingSensitive(named: policy) }
        roles.drop = try texts(o.value("drop"), option: "drop")
        if let dropna = try o.boolean("dropna") { roles.dropMissing = dropna }
        let (dataset, notes) = try Dataset.csv(path, options: options, roles: roles)
        for note in notes { Console.error("data.csv: \(path): \(note)") }
        return dataset
    }
}

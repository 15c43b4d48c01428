import Datasets

extension TextTable: HTMLRenderable {
    /// The table as an HTML table (numbers right-aligned).
    public var html: String { HTMLReport.table(header: header, rows: rows) + (footnote.map(HTMLFragment.caption) ?? "") }

    /// The HTML table under the fragment's styles.
    public var htmlFragment: String { HTMLFragment.wrap(html) }
}

extension Dataset: HTMLRenderable {
    /// Rows shown when a dataset is displayed.
    public static let displayedRows = 10

    /// The summary line, then the first rows as a table and how many are not shown.
    public var htmlFragment: String {
        let shown = min(count, Dataset.displayedRows)
        return HTMLFragment.wrap(HTMLFragment.caption(summary) + head(shown).html +
                                 (count > shown ? HTMLFragment.caption("… and \(count - shown) more rows") : ""))
    }
}

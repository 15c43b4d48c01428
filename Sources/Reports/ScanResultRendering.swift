import Fairness
import Tensors

extension ScanRequest.Result {
    /// The scan as text.
    public var text: String {
        switch self {
        case let .exhaustive(s): s.text
        case let .mdss(s): s.text
        }
    }

    /// The scan as JSON (`method` says which).
    public var json: JSONValue {
        switch self {
        case let .exhaustive(s): s.json
        case let .mdss(s): s.json
        }
    }

    /// The worst subgroups as findings.
    public var findings: [Finding] {
        switch self {
        case let .exhaustive(s): s.findings()
        case let .mdss(s): s.finding.map { [$0] } ?? []
        }
    }

    /// The report's title and its section's HTML.
    public var section: (title: String, html: String) {
        switch self {
        case let .exhaustive(s): ("Subgroup scan", s.html)
        case let .mdss(s): ("MDSS bias scan", s.html)
        }
    }
}

extension ScanRequest.Result: HTMLRenderable {
    /// The scan under a heading.
    public var htmlFragment: String {
        switch self {
        case let .exhaustive(s): s.htmlFragment
        case let .mdss(s): s.htmlFragment
        }
    }
}

extension ScanRequest.Result: Reportable {
    /// The report: the worst subgroups as findings, then every subgroup.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        HTMLReport(title: section.title, findings: findings, heading: "Subgroups", html: section.html, provenance: provenance)
    }
}

import Datasets
import Fairness
import Tensors

extension ClassDataBias {
    /// Rows per group and class, each group's share of every class, and each group's class distribution.
    public var table: TextTable {
        var t = TextTable(header: ["class"] + groups.map { "n \($0)" } + groups.map { "share \($0)" } + groups.map { "P(class | \($0))" })
        for (c, name) in classes.enumerated() {
            t.rows.append([name] + counts.map { String($0[c]) } + balance[c].map(TextTable.format) + distributions.map { TextTable.format($0[c]) })
        }
        return t
    }

    /// `{groups=, classes=, counts={group={…}}, balance={class={group=share}}, distributions={group={…}}, test=?, ungrouped=}`.
    public var json: JSONValue {
        var doc: [String: JSONValue] = [
            "groups": .array(groups.map(JSONValue.string)), "classes": .array(classes.map(JSONValue.string)),
            "counts": .object(Dictionary(uniqueKeysWithValues: zip(groups, counts.map { .array($0.map(JSONValue.integer)) }))),
            "balance": .object(Dictionary(uniqueKeysWithValues: zip(classes, balance.map { JSONValue.numbers(groups, $0) }))),
            "distributions": .object(Dictionary(uniqueKeysWithValues: zip(groups, distributions.map { JSONValue.numbers(classes, $0) }))),
            "ungrouped": .integer(ungrouped),
        ]
        if let test { doc["test"] = test.json() }
        return .object(doc)
    }
}

extension ClassificationReport {
    /// `{accuracy=, precision={…}, recall={…}, f1={…}, support={…}, macro={…}, weighted={…}, confusion={{…}}}`, per class by name.
    public func json(classes: [String]) -> JSONValue {
        func average(_ a: (precision: Double, recall: Double, f1: Double)) -> JSONValue {
            .object(["precision": .number(a.precision), "recall": .number(a.recall), "f1": .number(a.f1)])
        }
        return .object(["accuracy": .number(accuracy), "precision": .numbers(classes, precision), "recall": .numbers(classes, recall),
                        "f1": .numbers(classes, f1), "support": .object(Dictionary(uniqueKeysWithValues: zip(classes, support.map(JSONValue.integer)))),
                        "macro": average(macro), "weighted": average(weighted),
                        "confusion": .array(confusion.map { .array($0.map(JSONValue.integer)) })])
    }
}

extension ClassModelBias {
    /// One row per group: size, accuracy with its interval, macro precision / recall / F1, calibration error.
    public var table: TextTable {
        var t = TextTable(header: ["group", "n", "accuracy", "95% interval", "macro precision", "macro recall", "macro F1", "calibration error"])
        for (g, name) in groups.enumerated() {
            let r = byGroup[g], ci = accuracyIntervals[g]
            t.rows.append([name, String(sizes[g]), TextTable.format(r.accuracy), "\(TextTable.format(ci.low))–\(TextTable.format(ci.high))",
                           TextTable.format(r.macro.precision), TextTable.format(r.macro.recall), TextTable.format(r.macro.f1), TextTable.format(calibrationError[g])])
        }
        let o = overall
        t.rows.append(["overall", String(sizes.reduce(0, +)), TextTable.format(o.accuracy), "", TextTable.format(o.macro.precision),
                       TextTable.format(o.macro.recall), TextTable.format(o.macro.f1), ""])
        return t
    }

    /// Recall and precision of each class, by group.
    public var classTable: TextTable {
        var t = TextTable(header: ["class"] + groups.map { "recall \($0)" } + groups.map { "precision \($0)" })
        for (c, name) in classes.enumerated() {
            t.rows.append([name] + byGroup.map { TextTable.format($0.recall[c]) } + byGroup.map { TextTable.format($0.precision[c]) })
        }
        return t
    }

    /// The model's figures as JSON.
    public var json: JSONValue {
        .object(["groups": .array(groups.map(JSONValue.string)), "sizes": .array(sizes.map(JSONValue.integer)),
                 "overall": overall.json(classes: classes),
                 "by_group": .object(Dictionary(uniqueKeysWithValues: zip(groups, byGroup.map { $0.json(classes: classes) }))),
                 "selection_rate": .object(Dictionary(uniqueKeysWithValues: zip(groups, selectionRates.map { JSONValue.numbers(classes, $0) }))),
                 "accuracy_interval": .object(Dictionary(uniqueKeysWithValues: zip(groups, accuracyIntervals.map { JSONValue.array([.number($0.low), .number($0.high)]) }))),
                 "calibration_error": JSONValue.numbers(groups, calibrationError),
                 "demographic_parity_difference": .number(demographicParityDifference),
                 "equalized_odds_difference": .number(equalizedOddsDifference)])
    }

    /// Each group's confusion matrix as a heat map (row shares shaded, counts written).
    public var heatmaps: String {
        groups.indices.map { g in
            let m = byGroup[g].confusion
            return SVGChart.heatmap(title: "Confusion matrix, \(groups[g]) (n = \(sizes[g]))", rows: classes, columns: classes,
                                    values: m.map { row in let n = row.reduce(0, +); return row.map { n == 0 ? .nan : Double($0) / Double(n) } },
                                    labels: m.map { $0.map(String.init) }, xLabel: "predicted class", yLabel: "true class")
        }.joined()
    }
}

extension ClassDetection {
    /// The report as text: findings, notes, the training data by group and class, the model by group, tests.
    public var text: String {
        var out = "Bias detection (multiclass)\n\n" + Finding.text(findings) + notes.map { "note: \($0)\n" }.joined()
        out += "\nTraining data by group and class (" + zip(data.groups, data.sizes).map { "\($0) n = \($1)" }.joined(separator: ", ") + "):\n"
        out += data.table.description + "\n"
        out += "\nModel on test data by group (demographic parity difference \(TextTable.format(model.demographicParityDifference)), " +
            "equalized odds difference \(TextTable.format(model.equalizedOddsDifference)), max over classes):\n"
        out += model.table.description + "\n\n" + model.classTable.description + "\n"
        if !tests.isEmpty { out += "\n" + TestResult.table(tests, adjusted: adjusted).description + "\n" }
        return out
    }

    /// `{data_bias=, model=, tests=, findings=, notes=}`.
    public var json: JSONValue {
        .object(["data_bias": data.json, "model": model.json,
                 "tests": .array(zip(tests, adjusted).map { $0.json(adjusted: $1) }),
                 "findings": .array(findings.map(\.json)), "notes": .array(notes.map(JSONValue.string))])
    }

    /// The report, with each group's confusion matrix as a heat map.
    public func report(provenance: [(String, String)]) -> HTMLReport {
        var r = HTMLReport(title: "Bias detection (multiclass)")
        r.typedFindings = findings
        r.provenance = provenance
        r.add("Training data by group and class", data.table.html + (notes.isEmpty ? "" : "<ul>" + notes.map { "<li>\(HTMLReport.escape($0))</li>" }.joined() + "</ul>\n"))
        r.add("The model on test data by group", model.table.html + model.classTable.html +
              "<p>Demographic parity difference \(TextTable.format(model.demographicParityDifference)), equalized odds difference " +
              "\(TextTable.format(model.equalizedOddsDifference)) (max over classes, one class against the rest).</p>\n" + model.heatmaps)
        r.add("Tests", TestResult.table(tests, adjusted: adjusted).html)
        return r
    }

    /// The report as a self-contained HTML page.
    public func html(provenance: [(String, String)]) -> String { report(provenance: provenance).html }
}

extension ClassComparison {
    /// `{method=, accuracy_cost=, rows={{measure=, before=, after=}}, before=, after=}`.
    public var json: JSONValue {
        .object(["method": .string(method), "accuracy_cost": .number(accuracyCost), "before": before.json, "after": after.json,
                 "rows": .array(rows.map { .object(["measure": .string($0.measure), "before": .number($0.before), "after": .number($0.after)]) })])
    }
}

extension ClassDetection: Reportable {}

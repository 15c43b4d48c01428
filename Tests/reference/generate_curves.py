"""Reference precision-recall curves for Tests/FairnessTests/CurvesTests.swift.

scikit-learn 1.5.2's precision_recall_curve (Davis & Goadrich 2006) per group: on the committed Adult predictions
(Tests/reference/adult_predictions.csv, first 3000 rows, by sex; scores with 6 decimals, so ties) and on a seeded
synthetic list with heavy ties (scores rounded to 1 decimal), two groups.

Run: python3 -m venv .build/refvenv && .build/refvenv/bin/pip install scikit-learn==1.5.2 numpy
     .build/refvenv/bin/python Tests/reference/generate_curves.py > Tests/reference/curves_reference.json
"""
import csv
import json
import os

import numpy as np
from sklearn.metrics import precision_recall_curve

here = os.path.dirname(os.path.abspath(__file__))


def curves(y, scores, groups):
    out = {}
    for g in sorted(set(groups)):
        rows = [i for i, v in enumerate(groups) if v == g]
        precision, recall, thresholds = precision_recall_curve(np.asarray(y)[rows], np.asarray(scores)[rows])
        out[g] = {"precision": precision.tolist(), "recall": recall.tolist(), "thresholds": thresholds.tolist()}
    return out


with open(os.path.join(here, "adult_predictions.csv")) as f:
    rows = list(csv.DictReader(f))[:3000]
adult = {"y": [int(r["y_true"]) for r in rows], "score": [float(r["score"]) for r in rows], "group": [r["sex"] for r in rows]}

rng = np.random.default_rng(7)
n = 400
group = rng.integers(0, 2, n)
y = (rng.random(n) < 0.3 + 0.2 * group).astype(int)
score = np.round(np.clip(0.35 * y + 0.15 * group + rng.normal(0.3, 0.2, n), 0, 1), 1)
synthetic = {"y": y.tolist(), "score": score.tolist(), "group": ["ab"[g] for g in group]}

cases = []
for name, case in [("adult", adult), ("synthetic_ties", synthetic)]:
    cases.append({"name": name, "y": case["y"], "score": case["score"], "group": case["group"],
                  "curves": curves(case["y"], case["score"], case["group"])})
print(json.dumps({"source": "scikit-learn 1.5.2 precision_recall_curve", "cases": cases}))

"""Reference values of AIF360 0.6.1's meta-metrics for Tests/FairnessTests/GroupMetaMetricsTests.swift.

`aif360.sklearn.metrics.one_vs_rest` (a difference or ratio measure with each group in turn privileged against all
the others) and `intersection` (a metric on every intersectional group), on the committed Adult test predictions
(Tests/reference/adult_predictions.csv), by race and by sex × race.

Run: python3 -m venv .build/refvenv && .build/refvenv/bin/pip install aif360==0.6.1 pandas scikit-learn
     .build/refvenv/bin/python Tests/reference/generate_meta_metrics.py > Tests/fixtures/multiclass/meta_metrics_reference.json
"""
import json
import os
import warnings

import pandas as pd

warnings.filterwarnings("ignore")
from aif360.sklearn.metrics import (average_odds_difference, disparate_impact_ratio, equal_opportunity_difference,  # noqa: E402
                                    intersection, one_vs_rest, selection_rate, statistical_parity_difference)
from sklearn.metrics import accuracy_score  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
df = pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))
out = {"generator": "Tests/reference/generate_meta_metrics.py", "aif360": "0.6.1", "cases": []}
for attrs in (["race"], ["sex", "race"]):
    y = df.y_true.copy()
    y.index = pd.MultiIndex.from_frame(df[attrs]) if len(attrs) > 1 else pd.Index(df[attrs[0]], name=attrs[0])
    key = lambda g: "|".join(g) if isinstance(g, tuple) else str(g)
    case = {"sensitive": attrs, "one_vs_rest": {}, "intersection": {}}
    for name, f in [("statistical_parity_difference", statistical_parity_difference), ("disparate_impact", disparate_impact_ratio),
                    ("equal_opportunity_difference", equal_opportunity_difference), ("average_odds_difference", average_odds_difference)]:
        values, groups = one_vs_rest(f, y, df.y_pred.values, prot_attr=attrs, return_groups=True)
        case["one_vs_rest"][name] = {key(g): float(v) for g, v in zip(groups, values)}
    for name, f in [("selection_rate", selection_rate), ("accuracy", accuracy_score)]:
        values, groups = intersection(f, y, df.y_pred.values, prot_attr=attrs, return_groups=True)
        case["intersection"][name] = {key(g): float(v) for g, v in zip(groups, values)}
    out["cases"].append(case)
print(json.dumps(out, indent=1))

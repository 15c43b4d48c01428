"""Reference measures of ranked lists with relevance for Tests/FairnessTests/RankedListFairnessTests.swift.

AIF360 0.6.1's RegressionDatasetMetric.discounted_cum_gain (plain and normalized) and infeasible_index
(Geyik, Ambler & Kenthapadi, KDD 2019) on seeded synthetic lists ranked by score, two groups; exposure per item,
mean relevance, their ratio (Singh & Joachims, KDD 2018) and each group's NDCG (the list restricted to the group)
computed with NumPy from their formulas.

Run: python3 -m venv .build/refvenv && .build/refvenv/bin/pip install aif360==0.6.1 pandas
     .build/refvenv/bin/python Tests/reference/generate_ranked_list.py > Tests/fixtures/ranking/ranked_list_reference.json
"""
import json
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from aif360.datasets import RegressionDataset  # noqa: E402
from aif360.metrics import RegressionDatasetMetric  # noqa: E402


def dcg(values):
    return float(np.sum(np.asarray(values) / np.log2(np.arange(2, len(values) + 2))))


def ndcg(values, depth):
    ideal = dcg(np.sort(values)[::-1][:depth])
    return dcg(values[:depth]) / ideal if ideal > 0 else float("nan")


cases = []
for seed, n, depth, target, bias in [(1, 200, None, 0.5, 0.0), (2, 300, 50, 0.4, 0.3), (3, 120, 120, 0.7, -0.2), (4, 250, 10, 0.3, 0.5)]:
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, 2, n)
    # Graded relevance 0, 1/3, 2/3, 1 (both ends present, so RegressionDataset's min-max scaling leaves it as it is).
    relevance = rng.integers(0, 4, n) / 3
    relevance[0], relevance[1] = 0, 1
    scores = relevance + bias * groups + rng.normal(0, 0.4, n)
    order = np.argsort(-scores, kind="stable")
    df = pd.DataFrame({"s": groups[order].astype(float), "rel": relevance[order]})
    ds = RegressionDataset(df, dep_var_name="rel", protected_attribute_names=["s"], privileged_classes=[[1.0]])
    assert np.allclose(np.ravel(ds.scores), relevance[order])
    metric = RegressionDatasetMetric(ds, unprivileged_groups=[{"s": 0.0}], privileged_groups=[{"s": 1.0}])
    r = depth or n
    # AIF360 memoizes metrics by their arguments, and a dict is not hashable: call the method itself.
    ii, positions = RegressionDatasetMetric.infeasible_index.__wrapped__(metric, {0.0: target, 1.0: 1 - target}, r=r)
    ranked, ranked_groups = relevance[order], groups[order]
    exposure = 1 / np.log2(np.arange(2, n + 2))
    cases.append({
        "seed": seed, "scores": scores.tolist(), "relevance": relevance.tolist(), "groups": groups.tolist(),
        "depth": depth, "target": [target, 1 - target],
        "dcg": float(metric.discounted_cum_gain(r=r)),
        "ndcg": float(metric.discounted_cum_gain(r=r, full_dataset=ds, normalized=True)),
        "infeasible_index": int(ii), "infeasible_positions": sorted(int(k) for k in positions),
        "exposure": [float(exposure[ranked_groups == g].mean()) for g in (0, 1)],
        "mean_relevance": [float(ranked[ranked_groups == g].mean()) for g in (0, 1)],
        "exposure_to_relevance": [float(exposure[ranked_groups == g].sum() / ranked[ranked_groups == g].sum()) for g in (0, 1)],
        "group_ndcg": [ndcg(ranked[ranked_groups == g], r) for g in (0, 1)],
    })
print(json.dumps({"generator": "Tests/reference/generate_ranked_list.py", "aif360": "0.6.1", "cases": cases}, indent=1))

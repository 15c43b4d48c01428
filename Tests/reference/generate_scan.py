"""Reference values for subgroup discovery: AIF360 0.6.1's MDSS bias scan (aif360.sklearn.detectors.MDSS_bias_scan,
which runs aif360.detectors.mdss.MDSS.scan with the Bernoulli scoring function) and mdss_bias_score, on COMPAS and
on Adult's test split; and the exhaustive depth-2 scan's two-proportion z-tests (statsmodels' proportions_ztest)
with Benjamini-Hochberg (statsmodels' multipletests, fdr_bh) over all subgroups tested, with pandas.

  adult_predictions.csv   score and y_pred of Adult's test split (Tests/reference/generate_fairness.py); the
                          features are read from the bundled Sources/Datasets/Resources/adult.test (rows with '?' dropped)
  compas_predictions.csv  scores for ProPublica's COMPAS rows in data.compas order; the features and labels (no
                          recidivism = 1) from ../shared/data/compas-scores-two-years.csv (not committed)

Numeric features are cut as FairLua cuts them: pd.qcut(x, 4, duplicates="drop"), bins labelled "[a, b]" (first)
and "(a, b]" with the edges written '%g'.

Run with a throwaway venv:
  python3 -m venv .build/refvenv-scan && .build/refvenv-scan/bin/pip install aif360==0.6.1 pandas statsmodels
  .build/refvenv-scan/bin/python Tests/reference/generate_scan.py
Writes Tests/reference/scan_reference.json.
"""
import itertools
import json
import os
import warnings

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from aif360.sklearn.detectors import MDSS_bias_scan
from aif360.sklearn.metrics import mdss_bias_score

import adult_numeric
import compas_rows

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
ADULT_CATEGORICAL = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex", "native-country"]
COMPAS_FEATURES = ["sex", "race", "age_cat", "c_charge_degree", "priors_count"]


def quantile_bins(x, bins=4):
    codes, edges = pd.qcut(x, bins, labels=False, retbins=True, duplicates="drop")
    labels = [("[" if k == 0 else "(") + "%g, %g]" % (edges[k], edges[k + 1]) for k in range(len(edges) - 1)]
    return pd.Series([labels[c] for c in codes], index=x.index)


def adult_test():
    df, _ = adult_numeric.read("adult.test")
    pred = pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))
    assert len(pred) == len(df)
    x = df[ADULT_CATEGORICAL].copy()
    x["age"] = quantile_bins(df["age"])
    return x, pred.y_true, pred.score, pred.y_pred


def compas(path=None):
    rows, scores = compas_rows.rows(path)
    x = rows[COMPAS_FEATURES[:-1]].copy()
    x["priors_count"] = quantile_bins(rows["priors_count"])
    return x, (rows.two_year_recid == 0).astype(int), scores


MDSS_SETTINGS = [
    {"penalty": 1e-17, "num_iters": 10, "overpredicted": True},
    {"penalty": 1e-17, "num_iters": 10, "overpredicted": False},
    {"penalty": 0.5, "num_iters": 10, "overpredicted": True},
    {"penalty": 2.0, "num_iters": 5, "overpredicted": False},
    {"penalty": 1e-17, "num_iters": 1, "overpredicted": True},
]

ADULT_MORE = [
    {"penalty": 1.0, "num_iters": 10, "overpredicted": False},
    {"penalty": 5.0, "num_iters": 3, "overpredicted": True},
]


def mdss_cases(name, x, y, p, settings):
    out = []
    for s in settings:
        subset, score = MDSS_bias_scan(x, y, p, pos_label=1, overpredicted=s["overpredicted"], scoring="Bernoulli",
                                       num_iters=s["num_iters"], penalty=s["penalty"], mode="binary")
        again = mdss_bias_score(y, p, X=x, subset=subset, pos_label=1, overpredicted=s["overpredicted"], penalty=s["penalty"])
        out.append(dict(s, dataset=name, subgroup={k: sorted(str(v) for v in vs) for k, vs in subset.items()},
                        score=float(score), rescored=float(again)))
    return out


def exhaustive(x, y, yhat, metric, depth=2, min_support=30):
    """Each conjunction of up to `depth` features' values with at least min_support rows: the metric in the
    subgroup and its complement, the pooled two-proportion z-test, then BH over all subgroups tested."""
    num, den = {"selection_rate": (yhat == 1, np.ones(len(y), bool)), "tpr": ((yhat == 1) & (y == 1), y == 1),
                "fpr": ((yhat == 1) & (y == 0), y == 0)}[metric]
    rows = []
    for k in range(1, depth + 1):
        for feats in itertools.combinations(x.columns, k):
            for values, idx in x.groupby(list(feats)).groups.items():
                values = values if isinstance(values, tuple) else (values,)
                inside = np.zeros(len(x), bool)
                inside[x.index.get_indexer(idx)] = True
                if inside.sum() < min_support:
                    continue
                xs, ns = int(num[inside].sum()), int(den[inside].sum())
                xc, nc = int(num[~inside].sum()), int(den[~inside].sum())
                if ns == 0 or nc == 0 or xs + xc == 0 or xs + xc == ns + nc:
                    continue
                z, pv = proportions_ztest([xs, xc], [ns, nc])
                rows.append({"conditions": [[f, str(v)] for f, v in zip(feats, values)], "size": int(inside.sum()),
                             "value": xs / ns, "complement": xc / nc, "z": float(z), "p": float(pv)})
    adjusted = multipletests([r["p"] for r in rows], method="fdr_bh")[1]
    for r, a in zip(rows, adjusted):
        r["adjusted"] = float(a)
    return {"metric": metric, "depth": depth, "min_support": min_support, "tested": len(rows), "subgroups": rows}


def main():
    rng = np.random.RandomState(0)
    np.random.seed(0)
    draws = {"rand": [float(v) for v in np.random.rand(5)], "choice7": [int(np.random.choice(7)) for _ in range(20)],
             "permutation": [int(v) for v in np.random.permutation(np.arange(9))], "rand_after": float(np.random.rand(1).item())}
    x, y, p, yhat = adult_test()
    ref = {"numpy_seed0": draws,
           "mdss": mdss_cases("adult", x, y, p, MDSS_SETTINGS[:3] + ADULT_MORE),
           "exhaustive": [exhaustive(x, y, yhat, "selection_rate"), exhaustive(x, y, yhat, "tpr")]}
    if os.path.exists(os.path.join(compas_rows.SHARED, "compas-scores-two-years.csv")):
        cx, cy, cp = compas()
        ref["mdss"] = mdss_cases("compas", cx, cy, cp, MDSS_SETTINGS) + ref["mdss"]
    with open(os.path.join(HERE, "scan_reference.json"), "w") as f:
        json.dump(ref, f, separators=(",", ":"))   # compact: two thousand subgroups
    for c in ref["mdss"]:
        print(c["dataset"], c["penalty"], c["num_iters"], c["overpredicted"], c["subgroup"], c["score"], c["rescored"])
    print("exhaustive tested:", [e["tested"] for e in ref["exhaustive"]])


if __name__ == "__main__":
    main()

"""Reference values for SageMaker Clarify's bias catalogue (Amazon's smclarify 0.5, `bias_report`) and for regression
fairness (scikit-learn's MAE / RMSE / R² per group, SciPy's ks_2samp statistic and wasserstein_distance), on the
committed Adult and COMPAS predictions.

  adult_predictions.csv   y_true, y_pred, score, sex, race and six standardised numeric features x_* of Adult's test split
  compas_predictions.csv  predictions for ProPublica's COMPAS rows in data.compas order; labels (no recidivism = 1),
                          race, sex, age_cat and the numeric features are read from ../shared/data/compas-scores-two-years.csv
                          (not committed)

Clarify's flip test (FT) reads every numeric column of the frame other than the facet, label and predicted label:
the frames below hold exactly the features the Swift and Lua tests pass as `features`.
On COMPAS's integer features most rows have ties at the fifth neighbour, so FT there depends on the search's order of
ties: "ft_brute" gives FT with scikit-learn's brute-force search, whose order (the earlier row first) FairLua keeps.
Regression: the target is Adult's standardised hours per week and the "prediction" the committed score, by sex and race.

Run with a throwaway venv:
  python3 -m venv .build/refvenv-clarify && .build/refvenv-clarify/bin/pip install smclarify 'pandas<3' scipy scikit-learn
  .build/refvenv-clarify/bin/python Tests/reference/generate_clarify.py
Writes Tests/reference/clarify_reference.json.
"""
import json
import logging
import os
import warnings

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp, wasserstein_distance
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.neighbors import KNeighborsClassifier
from smclarify.bias import report

import compas_rows

HERE = os.path.dirname(os.path.abspath(__file__))
ADULT_FEATURES = ["x_age", "x_fnlwgt", "x_education-num", "x_capital-gain", "x_capital-loss", "x_hours-per-week"]
COMPAS_FEATURES = ["age", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count"]
warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)


def adult():
    return pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))


def compas():
    rows, _ = compas_rows.rows()
    preds = pd.read_csv(os.path.join(HERE, "compas_predictions.csv"))
    assert len(preds) == len(rows)
    frame = rows[["sex", "race", "age_cat"] + COMPAS_FEATURES].copy()
    frame["y_true"] = (rows.two_year_recid == 0).astype(int)
    frame["y_pred"] = preds.y_pred.astype(int)
    return frame


def value(v):
    """Clarify's JSON value: a number, "Infinity"/"-Infinity", or None for an error."""
    if v is None or isinstance(v, str):
        return v
    return None if np.isnan(v) else float(v)


def clarify(df, facet, facet_values, group, features):
    """smclarify's pre- and post-training reports: {stage: {value_or_threshold: {name: value or None}}}."""
    frame = df[[facet, "y_true", "y_pred"] + features]
    out = {}
    for stage, kind in (("pre_training", report.StageType.PRE_TRAINING), ("post_training", report.StageType.POST_TRAINING)):
        result = report.bias_report(frame, report.FacetColumn(facet, facet_values), report.LabelColumn("y_true", frame.y_true, [1]), kind,
                                    report.LabelColumn("y_pred", frame.y_pred, [1]) if kind == report.StageType.POST_TRAINING else None,
                                    group_variable=df[group])
        out[stage] = {r["value_or_threshold"]: {m["name"]: value(m.get("value")) for m in r["metrics"]} for r in result}
    return {"facet": facet, "facet_values": facet_values, "group": group, "features": features, "reports": out,
            "ft_brute": {v: flip_test_brute(df, facet, v.split(","), features) for v in out["post_training"]}}


def flip_test_brute(df, facet, values, features):
    """FT as smclarify defines it, with scikit-learn's brute-force neighbour search: where distances tie (integer
    features), smclarify's KD tree and the brute search (which keeps the earlier row) may pick different neighbours."""
    inside = df[facet].astype(str).isin(values).to_numpy()
    x, y = df[features].to_numpy(float), df.y_pred.to_numpy().astype(bool)
    knn = KNeighborsClassifier(n_neighbors=5 if (~inside).sum() > 9 else 1, algorithm="brute").fit(x[~inside], y[~inside])
    vote, model = knn.predict(x[inside]), y[inside]
    return float(((model & ~vote).sum() - (~model & vote).sum()) / inside.sum())


def regression(df, attribute):
    y, p, g = df["x_hours-per-week"].to_numpy(), df["score"].to_numpy(), df[attribute].to_numpy()
    groups = sorted(set(g))
    by = {k: (y[g == k], p[g == k]) for k in groups}
    pairs = [(a, b) for i, a in enumerate(groups) for b in groups[i + 1:]]
    return {"attribute": attribute,
            "mae": {k: mean_absolute_error(*by[k]) for k in groups},
            "rmse": {k: mean_squared_error(*by[k]) ** 0.5 for k in groups},
            "r2": {k: r2_score(*by[k]) for k in groups},
            "mean_prediction": {k: float(by[k][1].mean()) for k in groups},
            "overall": {"mae": mean_absolute_error(y, p), "rmse": mean_squared_error(y, p) ** 0.5, "r2": r2_score(y, p)},
            "ks_to_overall": {k: float(ks_2samp(by[k][1], p).statistic) for k in groups},
            "wasserstein_to_overall": {k: float(wasserstein_distance(by[k][1], p)) for k in groups},
            "ks": max(float(ks_2samp(by[a][1], by[b][1]).statistic) for a, b in pairs),
            "wasserstein": max(float(wasserstein_distance(by[a][1], by[b][1])) for a, b in pairs)}


def main():
    a = adult()
    ref = {"smclarify": "0.5",
           "clarify": {
               "adult_sex": clarify(a, "sex", ["Female"], "race", ADULT_FEATURES),
               "adult_race": clarify(a, "race", None, "sex", ADULT_FEATURES),
           },
           "regression": {"adult_sex": regression(a, "sex"), "adult_race": regression(a, "race")}}
    if os.path.exists(compas_rows.PATH):
        c = compas()
        ref["clarify"]["compas_race"] = clarify(c, "race", ["African-American"], "age_cat", COMPAS_FEATURES)
    with open(os.path.join(HERE, "clarify_reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

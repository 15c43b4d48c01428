"""Reference values for the fairness verdict: dalex 1.8's fairness_check (the Python port of fairmodels) and
aequitas 1.1's Bias / Fairness classes, on the committed Adult and COMPAS predictions.

  adult_predictions.csv   y_true, score, sex, race of Adult's test split (Tests/reference/generate_fairness.py)
  compas_predictions.csv  scores for ProPublica's COMPAS rows in data.compas order; labels (no recidivism = 1)
                          and race / sex are read from ../shared/data/compas-scores-two-years.csv (not committed)

Run with a throwaway venv:
  python3 -m venv .build/refvenv-check && .build/refvenv-check/bin/pip install 'dalex==1.8.*' scikit-learn pandas aequitas
  .build/refvenv-check/bin/python Tests/reference/generate_check.py
Writes Tests/reference/check_reference.json.
"""
import contextlib
import io
import json
import os
import warnings

import numpy as np
import pandas as pd

import compas_rows
import dalex as dx
from aequitas.bias import Bias
from aequitas.fairness import Fairness
from aequitas.group import Group

HERE = os.path.dirname(os.path.abspath(__file__))
METRICS = ["TPR", "ACC", "PPV", "FPR", "STP"]
warnings.filterwarnings("ignore")


def adult():
    return pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))[["y_true", "score", "sex", "race"]]


def compas():
    rows = compas_rows.rows()
    scores = pd.read_csv(os.path.join(HERE, "compas_predictions.csv"))
    assert len(scores) == len(rows)
    return pd.DataFrame({"y_true": (rows.two_year_recid == 0).astype(int), "score": scores.score, "sex": rows.sex, "race": rows.race})


class Stored:
    """A 'model' whose probabilities are the committed scores (row numbers in column 'row')."""

    def __init__(self, scores):
        self.scores = np.asarray(scores, dtype=float)

    def predict_proba(self, x):
        s = self.scores[x["row"].to_numpy()]
        return np.column_stack([1 - s, s])


def dalex_check(df, attribute, privileged, epsilon=0.8, cutoff=0.5):
    x = pd.DataFrame({"row": np.arange(len(df))})
    explainer = dx.Explainer(Stored(df.score), x, df.y_true.to_numpy(), model_type="classification", verbose=False,
                             predict_function=lambda m, d: m.predict_proba(d)[:, 1])
    fobject = explainer.model_fairness(protected=df[attribute].to_numpy(), privileged=privileged, cutoff=cutoff, epsilon=epsilon)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        fobject.fairness_check(epsilon=epsilon)
    text = printed.getvalue()
    first = text.splitlines()[0]
    failed = first.split(": ", 1)[1].split(", ") if first.startswith("Bias detected") else []
    ratios = fobject.result.loc[fobject.result.index != privileged, METRICS]
    scores = fobject.metric_scores[METRICS]
    verdict = "not fair" if "is not fair" in text else "cannot be called fair" if "cannot be called fair" in text else "fair"
    return {"attribute": attribute, "privileged": privileged, "epsilon": epsilon, "cutoff": cutoff,
            "failed": failed, "verdict": verdict,
            "ratios": {m: {g: nan_none(ratios.loc[g, m]) for g in ratios.index} for m in METRICS},
            "rates": {m: {g: nan_none(scores.loc[g, m]) for g in scores.index} for m in METRICS}}


def nan_none(v):
    v = float(v)
    return None if np.isnan(v) else v


def aequitas_view(df, attribute, reference, tau=0.8, cutoff=0.5):
    frame = pd.DataFrame({"score": (df.score >= cutoff).astype(int), "label_value": df.y_true, attribute: df[attribute].astype(str)})
    xtab, _ = Group().get_crosstabs(frame, attr_cols=[attribute])
    bias = Bias()
    if reference == "largest":
        bdf = bias.get_disparity_major_group(xtab, original_df=frame)
    elif reference == "min_metric":
        bdf = bias.get_disparity_min_metric(xtab, original_df=frame)
    else:
        bdf = bias.get_disparity_predefined_groups(xtab, original_df=frame, ref_groups_dict={attribute: reference})
    fair = Fairness(tau=tau)
    gvf = fair.get_group_value_fairness(bdf, tau=tau)
    gaf = fair.get_group_attribute_fairness(gvf)
    metrics = list(Bias.all_group_metrics)
    parities = [p for p in fair.fair_measures_depend]

    def determination(v):
        return None if v is None or (isinstance(v, float) and np.isnan(v)) else bool(v)

    groups = list(gvf.attribute_value)
    return {"attribute": attribute, "reference": reference, "tau": tau,
            "groups": groups, "sizes": [int(v) for v in gvf.group_size],
            "values": {m: dict(zip(groups, map(nan_none, gvf[m]))) for m in metrics},
            "disparities": {m + "_disparity": dict(zip(groups, map(nan_none, gvf[m + "_disparity"]))) for m in metrics},
            "references": {m: str(gvf[m + "_ref_group_value"].iloc[0]) for m in metrics},
            "fair": {p: dict(zip(groups, map(determination, gvf[p]))) for p in parities},
            "attribute_fair": {p: determination(gaf[p].iloc[0]) for p in parities}}


def main():
    a, c = adult(), compas()
    ref = {"dalex": dx.__version__, "aequitas": __import__("aequitas").__version__ if hasattr(__import__("aequitas"), "__version__") else "1.1",
           "checks": {
               "adult_sex": dalex_check(a, "sex", "Male"),
               "adult_race": dalex_check(a, "race", "White"),
               "adult_race_eps09_cut04": dalex_check(a, "race", "White", epsilon=0.9, cutoff=0.4),
               "compas_race": dalex_check(c, "race", "Caucasian"),
               "compas_sex": dalex_check(c, "sex", "Female"),
           },
           "disparities": {
               "adult_race_largest": aequitas_view(a, "race", "largest"),
               "adult_race_min_metric": aequitas_view(a, "race", "min_metric"),
               "adult_sex_female": aequitas_view(a, "sex", "Female"),
               "compas_race_largest": aequitas_view(c, "race", "largest"),
               "compas_race_min_metric": aequitas_view(c, "race", "min_metric", tau=0.9),
               "compas_race_caucasian": aequitas_view(c, "race", "Caucasian"),
           }}
    with open(os.path.join(HERE, "check_reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

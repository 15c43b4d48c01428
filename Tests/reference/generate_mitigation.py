#!/usr/bin/env python3
"""Reference values for FairLua's mitigators, computed with AIF360 0.6.1 and Fairlearn 0.15.

Re-run (from the repository root), in the venv of generate_fairness.py:

    /tmp/refvenv/bin/python Tests/reference/generate_mitigation.py

Writes mitigation_reference.json next to itself. Data: the Adult training set (bundled), sex with Male
privileged, label income >50K.
  reweighing           AIF360 Reweighing's four cell weights;
  correlation_remover  Fairlearn CorrelationRemover on the six numeric features plus the indicator
                       sex=Male (the sensitive feature), alpha 1 and 0.5: every 1000th row of the output
                       and the column sums.
  threshold_optimizer  Fairlearn ThresholdOptimizer on the scores of adult_predictions.csv (the Adult test
                       set), by sex and by race, for each constraint and objective: the chosen operating
                       point, each group's two thresholds and mixing weights, and the expected accuracy,
                       selection rate, TPR and FPR per group of the randomised decisions.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from aif360.algorithms.postprocessing import (CalibratedEqOddsPostprocessing, EqOddsPostprocessing,
                                              RejectOptionClassification)
from aif360.algorithms.preprocessing import DisparateImpactRemover, Reweighing
from aif360.datasets import BinaryLabelDataset
from fairlearn.postprocessing import ThresholdOptimizer
from fairlearn.preprocessing import CorrelationRemover
from sklearn.base import BaseEstimator, ClassifierMixin

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "Sources", "Datasets", "Resources")
COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
           "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]


def disparate_impact_remover(df, y, male):
    """AIF360's DisparateImpactRemover (BlackBoxAuditing's repairer) on the numeric features, repair levels
    1 and 0.5: each group's quartiles of every repaired feature, and the repaired column sums."""
    frame = df[NUMERIC].astype(float).copy()
    frame["sex"] = male
    frame["y"] = y
    ds = BinaryLabelDataset(df=frame, label_names=["y"], protected_attribute_names=["sex"])
    out = {}
    for level in (1.0, 0.5):
        rep = DisparateImpactRemover(repair_level=level, sensitive_attribute="sex").fit_transform(ds)
        f = pd.DataFrame(rep.features, columns=ds.feature_names)
        out[str(level)] = {c: {"Male": f[c][male == 1].quantile([0.25, 0.5, 0.75]).tolist(),
                               "Female": f[c][male == 0].quantile([0.25, 0.5, 0.75]).tolist(),
                               "sum": float(f[c].sum())} for c in NUMERIC}
    return out


class FixedScores(ClassifierMixin, BaseEstimator):
    """A prefit 'model' whose probability of class 1 is the first column of X (the committed scores)."""
    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        s = np.asarray(X, dtype=float)[:, 0]
        return np.column_stack([1 - s, s])

    def __sklearn_is_fitted__(self):
        return True


def threshold_optimizer():
    df = pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))
    y, x = df.y_true.to_numpy(), df[["score"]].to_numpy()
    out = {}
    cases = [("demographic_parity", "accuracy_score"), ("demographic_parity", "balanced_accuracy_score"),
             ("true_positive_rate_parity", "accuracy_score"), ("false_positive_rate_parity", "accuracy_score"),
             ("demographic_parity", "true_positive_rate"), ("equalized_odds", "accuracy_score"),
             ("equalized_odds", "balanced_accuracy_score")]
    for attribute in ("sex", "race"):
        a = df[attribute].to_numpy()
        for constraint, objective in cases:
            to = ThresholdOptimizer(estimator=FixedScores(), constraints=constraint, objective=objective,
                                    prefit=True, predict_method="predict_proba").fit(x, y, sensitive_features=a)
            p = to._pmf_predict(x, sensitive_features=a)[:, 1]
            groups = {}
            for g, it in to.interpolated_thresholder_.interpolation_dict.items():
                # Thresholds may be ±infinity, which JSON cannot hold: they are written as "inf" / "-inf".
                t0, t1 = float(it.operation0.threshold), float(it.operation1.threshold)
                entry = {"p0": float(it.p0), "p1": float(it.p1),
                         "operation0": [it.operation0.operator, t0 if np.isfinite(t0) else str(t0)],
                         "operation1": [it.operation1.operator, t1 if np.isfinite(t1) else str(t1)]}
                if "p_ignore" in it:
                    entry["p_ignore"] = float(it.p_ignore)
                m = a == g
                entry["selection_rate"] = float(p[m].mean())
                entry["tpr"] = float(p[m & (y == 1)].mean())
                entry["fpr"] = float(p[m & (y == 0)].mean())
                groups[str(g)] = entry
            out[f"{attribute}/{constraint}/{objective}"] = {
                "x_best": float(to._x_best), "groups": groups,
                "expected_accuracy": float(np.where(y == 1, p, 1 - p).mean())}
    return out


def eq_odds():
    """AIF360's EqOdds and CalibratedEqOdds on the Adult test predictions (sex, Male privileged)."""
    df = pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))
    base = pd.DataFrame({"sex": (df.sex == "Male").astype(float), "y": df.y_true.astype(float)})
    truth = BinaryLabelDataset(df=base, label_names=["y"], protected_attribute_names=["sex"])
    pred = truth.copy(deepcopy=True)
    pred.scores = df.score.to_numpy().reshape(-1, 1)
    pred.labels = (df.score.to_numpy() >= 0.5).astype(float).reshape(-1, 1)
    groups = dict(unprivileged_groups=[{"sex": 0.0}], privileged_groups=[{"sex": 1.0}])
    out = {"eq_odds": EqOddsPostprocessing(seed=0, **groups).fit(truth, pred).model_params.x.tolist()}
    for cost in ("fpr", "fnr", "weighted"):
        c = CalibratedEqOddsPostprocessing(cost_constraint=cost, seed=0, **groups).fit(truth, pred)
        out["calibrated_" + cost] = [float(c.priv_mix_rate), float(c.unpriv_mix_rate)]
    for metric, name in (("statistical_parity", "Statistical parity difference"), ("average_odds", "Average odds difference"),
                         ("equal_opportunity", "Equal opportunity difference")):
        roc = RejectOptionClassification(metric_name=name, **groups).fit(truth, pred)
        labels = roc.predict(pred).labels.ravel()
        out["reject_option_" + metric] = {"threshold": float(roc.classification_threshold), "margin": float(roc.ROC_margin),
                                          "positives": int(labels.sum())}
    return out


def main():
    df = pd.read_csv(os.path.join(RESOURCES, "adult.data"), header=None, names=COLUMNS, na_values="?",
                     skipinitialspace=True).dropna().reset_index(drop=True)
    y = df["income"].str.startswith(">50K").astype(float)
    male = (df.sex == "Male").astype(float)
    out = {}
    ds = BinaryLabelDataset(df=pd.DataFrame({"sex": male, "y": y}), label_names=["y"], protected_attribute_names=["sex"])
    rw = Reweighing(unprivileged_groups=[{"sex": 0.0}], privileged_groups=[{"sex": 1.0}]).fit(ds)
    out["reweighing"] = {"Male": [rw.w_p_unfav, rw.w_p_fav], "Female": [rw.w_up_unfav, rw.w_up_fav]}

    x = df[NUMERIC].astype(float).copy()
    x["sex_Male"] = male
    out["correlation_remover"] = {}
    for alpha in (1.0, 0.5):
        t = CorrelationRemover(sensitive_feature_ids=["sex_Male"], alpha=alpha).fit(x).transform(x)
        out["correlation_remover"][str(alpha)] = {"columns": NUMERIC, "rows": t[::1000].tolist(), "sums": t.sum(axis=0).tolist()}
    out["disparate_impact_remover"] = disparate_impact_remover(df, y, male)
    out["threshold_optimizer"] = threshold_optimizer()
    out["eq_odds"] = eq_odds()
    with open(os.path.join(HERE, "mitigation_reference.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference values for FairLua's tree models, computed with scikit-learn 1.9 and Fairlearn 0.15.

Re-run (from the repository root):

    python3 -m venv .build/refvenv && .build/refvenv/bin/pip install scikit-learn "fairlearn==0.15.*" "pandas<3" lightgbm shap
    .build/refvenv/bin/python Tests/reference/generate_trees.py

Writes trees_reference.json next to itself. The features are Adult's as FairLua's FeatureEncoder encodes the
bundled data (rows with missing values dropped): the numeric columns raw, each categorical column one-hot over
its sorted training levels, columns in file order, the sensitive columns (race, sex) and the label left out;
`features` lists the names so the Swift tests check both sides encode alike.
  trees        DecisionTreeClassifier fits on the training rows (random_state 0): settings, the fitted arrays
               in scikit-learn's node order (children, feature, threshold, weighted n, P(y = 1)), export_text,
               test accuracy and the first test probabilities. "weighted" uses weights 1 + (i mod 3).
  quickstart   Fairlearn's quick-start: DecisionTreeClassifier(min_samples_leaf=10, max_depth=4) and
               ExponentiatedGradient(same tree, DemographicParity()) on the training rows with sex; the
               selection rate by sex and its gap before and after (expected rates of the randomised
               classifier, from _pmf_predict) on the training and the test rows, and the fit time.
  boosting     LightGBM 4.7's LGBMClassifier (100 rounds, 31 leaves, learning rate 0.1, 255 bins, 20 rows per
               leaf, λ 0 and 1, no bagging, 2 threads) on the training rows: test log-loss and accuracy, fit time.
"""
import json
import os
import time
import warnings

import numpy as np
import pandas as pd
from fairlearn.reductions import DemographicParity, ExponentiatedGradient
from sklearn.tree import DecisionTreeClassifier, export_text

from adult_numeric import read

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
SENSITIVE = ["race", "sex"]


def encoded():
    """(names, x, y, sex) for the training and test rows, as FairLua's FeatureEncoder encodes them."""
    train, y = read("adult.data")
    test, yt = read("adult.test")
    names, columns = [], []
    for c in train.columns:
        if c == "income" or c in SENSITIVE:
            continue
        if train[c].dtype == object:
            for level in sorted(train[c].unique()):
                names.append(f"{c}={level}")
                columns.append((c, level))
        else:
            names.append(c)
            columns.append((c, None))

    def matrix(df):
        out = np.zeros((len(df), len(columns)), dtype=np.float32)
        for j, (c, level) in enumerate(columns):
            out[:, j] = df[c].to_numpy(dtype=np.float32) if level is None else (df[c] == level).to_numpy(dtype=np.float32)
        return out

    return names, matrix(train), y, train["sex"].to_numpy(), matrix(test), yt, test["sex"].to_numpy()


def tree_record(settings, clf, names, xt, yt):
    t = clf.tree_
    p1 = t.value[:, 0, 1] / t.value[:, 0, :].sum(axis=1) if t.value.shape[2] == 2 else np.zeros(t.node_count)
    return {
        "settings": settings,
        "children_left": t.children_left.tolist(), "children_right": t.children_right.tolist(),
        "feature": t.feature.tolist(), "threshold": t.threshold.tolist(),
        "n_node_samples": t.n_node_samples.tolist(), "weighted_n_node_samples": t.weighted_n_node_samples.tolist(),
        "p1": p1.tolist(),
        "export_text": export_text(clf, feature_names=names, max_depth=1000),
        "test_accuracy": float((clf.predict(xt) == yt).mean()),
        "test_proba_head": clf.predict_proba(xt[:20])[:, 1].tolist(),
    }


def selection(rates_of, sex):
    out = {g: float(rates_of[sex == g].mean()) for g in ["Female", "Male"]}
    out["gap"] = abs(out["Male"] - out["Female"])
    return out


BOOSTING = {
    "lambda0": dict(n_estimators=100, num_leaves=31, learning_rate=0.1, max_bin=255, min_child_samples=20, reg_lambda=0.0),
    "lambda1": dict(n_estimators=100, num_leaves=31, learning_rate=0.1, max_bin=255, min_child_samples=20, reg_lambda=1.0),
}


def boosting(x, y, xt, yt):
    """LightGBM 4.7 on the same features (no bagging, 2 threads): test log-loss, accuracy and the fit time."""
    import lightgbm as lgb
    from sklearn.metrics import log_loss
    out = {}
    for key, settings in BOOSTING.items():
        model = lgb.LGBMClassifier(verbose=-1, n_jobs=2, **settings)
        start = time.perf_counter()
        model.fit(x, y)
        seconds = time.perf_counter() - start
        p = model.predict_proba(xt)[:, 1]
        out[key] = {"settings": settings, "test_log_loss": float(log_loss(yt, p)), "test_accuracy": float(((p > 0.5) == yt).mean()),
                    "fit_seconds": seconds}
    return out


def main():
    names, x, y, sex, xt, yt, sext = encoded()
    out = {"features": names, "train_rows": int(len(y)), "test_rows": int(len(yt)), "trees": {}}
    runs = {
        "depth4_leaf10": dict(max_depth=4, min_samples_leaf=10),
        "depth8_gini": dict(max_depth=8),
        "entropy_split50": dict(criterion="entropy", max_depth=6, min_samples_split=50, min_samples_leaf=5),
        "weighted": dict(max_depth=5, min_samples_leaf=20),
    }
    weights = 1.0 + (np.arange(len(y)) % 3)
    for key, settings in runs.items():
        clf = DecisionTreeClassifier(random_state=0, **settings)
        clf.fit(x, y, sample_weight=weights if key == "weighted" else None)
        out["trees"][key] = tree_record(settings, clf, names, xt, yt)

    base = DecisionTreeClassifier(min_samples_leaf=10, max_depth=4).fit(x, y)
    start = time.perf_counter()
    eg = ExponentiatedGradient(DecisionTreeClassifier(min_samples_leaf=10, max_depth=4), constraints=DemographicParity())
    eg.fit(x, y, sensitive_features=sex)
    seconds = time.perf_counter() - start
    out["quickstart"] = {
        "before": {"train": selection(base.predict(x), sex), "test": selection(base.predict(xt), sext),
                   "test_accuracy": float((base.predict(xt) == yt).mean())},
        "after": {"train": selection(eg._pmf_predict(x)[:, 1], sex), "test": selection(eg._pmf_predict(xt)[:, 1], sext),
                  "test_accuracy": float(((eg._pmf_predict(xt)[:, 1]) * yt + (1 - eg._pmf_predict(xt)[:, 1]) * (1 - yt)).mean()),
                  "n_predictors": int(len(eg.predictors_)), "fit_seconds": seconds},
    }
    out["boosting"] = boosting(x, y, xt, yt)
    with open(os.path.join(HERE, "trees_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

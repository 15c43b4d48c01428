#!/usr/bin/env python3
"""Reference permutation importances for FairLua's explain module, computed with scikit-learn.

Re-run (from the repository root): /tmp/refvenv/bin/python Tests/reference/generate_explain.py

The model is the logistic regression of learning_reference.json (Adult training set, six numeric
features standardised with the training mean and population deviation, C = 1, lbfgs, tol 1e-10);
permutation_importance on the Adult test set with accuracy, 10 repeats, and partial_dependence of each
feature (grid_resolution 20, percentiles 0.05–0.95) and of (age, education-num) on a 5 × 5 grid. Writes
explain_reference.json.
"""
import json
import os

import numpy as np
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.linear_model import LogisticRegression

from adult_numeric import NUMERIC, standardised

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    train, x, y, test, xt, yt = standardised()
    model = LogisticRegression(C=1.0, tol=1e-10, max_iter=10000).fit(x, y)
    r = permutation_importance(model, xt, yt, scoring="accuracy", n_repeats=10, random_state=0)
    out = {"features": NUMERIC, "mean": r.importances_mean.tolist(), "std": r.importances_std.tolist(),
           "ranking": [NUMERIC[i] for i in np.argsort(-r.importances_mean)]}
    out["coef"], out["intercept"] = model.coef_[0].tolist(), float(model.intercept_[0])
    out["partial_dependence"] = {}
    for j, name in enumerate(NUMERIC):
        try:
            pd_ = partial_dependence(model, xt, [j], grid_resolution=20, percentiles=(0.05, 0.95), kind="average")
        except ValueError:  # capital-gain and capital-loss: the 5th and 95th percentiles coincide
            continue
        out["partial_dependence"][name] = {"grid": pd_["grid_values"][0].tolist(), "average": pd_["average"][0].tolist()}
    two = partial_dependence(model, xt, [(0, 2)], grid_resolution=5, percentiles=(0.05, 0.95), kind="average")
    out["partial_dependence_2d"] = {"features": [NUMERIC[0], NUMERIC[2]], "grid": [g.tolist() for g in two["grid_values"]],
                                    "average": two["average"][0].tolist()}
    with open(os.path.join(HERE, "explain_reference.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference coefficients for FairLua's LogisticRegression, computed with scikit-learn.

Re-run (from the repository root):

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install scikit-learn "pandas<3"
    /tmp/refvenv/bin/python Tests/reference/generate_learning.py

Writes learning_reference.json next to itself: logistic-regression coefficients (C = 1, lbfgs,
tol 1e-10) on the Adult training set's six numeric features standardised with the training mean and
population standard deviation, unweighted and with weights fnlwgt / 1e5, and the test accuracy.
"""
import json
import os

import numpy as np
from sklearn.linear_model import LogisticRegression

from adult_numeric import NUMERIC, standardised

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    train, x, y, test, xt, yt = standardised()
    out = {}
    for key, w in (("unweighted", None), ("weighted", (train.fnlwgt / 1e5).to_numpy())):
        m = LogisticRegression(C=1.0, solver="lbfgs", tol=1e-10, max_iter=10000).fit(x, y, sample_weight=w)
        out[key] = {"coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
                    "test_accuracy": float((m.predict(xt) == yt).mean())}
    strong = LogisticRegression(C=0.01, solver="lbfgs", tol=1e-10, max_iter=10000).fit(x, y)
    out["c_0.01"] = {"coef": strong.coef_[0].tolist(), "intercept": float(strong.intercept_[0])}
    with open(os.path.join(HERE, "learning_reference.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

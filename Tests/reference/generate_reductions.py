#!/usr/bin/env python3
"""Reference values for FairLua's reductions (ExponentiatedGradient, GridSearch), computed with Fairlearn 0.15.

Re-run (from the repository root):

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install "fairlearn==0.15.*" "pandas<3" scikit-learn scipy
    /tmp/refvenv/bin/python Tests/reference/generate_reductions.py

Writes reductions_reference.json next to itself:
  toy    Fairlearn's own smoke-test data (test/unit/reductions/exponentiated_gradient/test_utilities.py: 20 rows,
         features X1, X2, X3, labels, groups A/B/C) with its least-squares learners
         (simple_learners.py). ExponentiatedGradient for each parity constraint (difference_bound = eps) at
         several eps, also with flipped labels: best_gap, last_iter, best_iter, n_oracle_calls,
         n_oracle_calls_dummy_returned, n_predictors, weights, and the disparity (max γ) and error of the
         mixture; bounded group loss (square loss on [0, 1]) on the smoke tests' scores with the
         least-squares regressor; GridSearch for DP, EO and bounded group loss: best index, each point's
         objective and max γ.
  adult  The Adult data of adult_numeric.py (six standardised numeric features), sensitive feature sex.
         ExponentiatedGradient(LogisticRegression(), DemographicParity(), eps=0.01) and
         GridSearch(LogisticRegression(), DemographicParity(), grid_size=20): on the test set the expected
         accuracy and demographic-parity difference of the randomised classifier (EG, from _pmf_predict)
         and the accuracy and difference of the selected predictor (GridSearch).
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from fairlearn.reductions import (BoundedGroupLoss, DemographicParity, EqualizedOdds, ErrorRate, ErrorRateParity,
                                  ExponentiatedGradient, FalsePositiveRateParity, GridSearch, SquareLoss,
                                  TruePositiveRateParity)
from sklearn.linear_model import LogisticRegression

from adult_numeric import standardised

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))

# Fairlearn's smoke-test data (test_utilities.py).
GROUPS = list("AAAAAAA" "BBBBBBB" "CCCCCC")
LABELS = [int(c) for c in "0110100" "0010111" "001111"]
X1 = [int(c) for c in "0110101" "0111101" "001011"]
X2 = [int(c) for c in "0000100" "0000011" "111111"]
X3 = [int(c) for c in "1111111" "1111111" "111111"]
SCORES = [int(c) / 10 for c in "0001124" "0223346" "134447"]


class LeastSquaresBinaryClassifierLearner:
    """Fairlearn's test learner: weighted least squares, predicting 1 where x·w > 0.5."""
    def fit(self, X, Y, sample_weight):
        sqrt_w = np.sqrt(np.asarray(sample_weight, dtype=float))
        self.weights = np.linalg.lstsq(np.asarray(X, dtype=float) * sqrt_w[:, None], np.asarray(Y) * sqrt_w, rcond=-1)[0]
        return self

    def predict(self, X):
        return 1 * (np.asarray(X, dtype=float).dot(self.weights) > 0.5)


class LeastSquaresRegressor(LeastSquaresBinaryClassifierLearner):
    """Fairlearn's test regressor: weighted least squares."""
    def predict(self, X):
        return np.asarray(X, dtype=float).dot(self.weights)


PARITY = {"demographic_parity": DemographicParity, "equalized_odds": EqualizedOdds,
          "error_rate_parity": ErrorRateParity, "true_positive_rate_parity": TruePositiveRateParity,
          "false_positive_rate_parity": FalsePositiveRateParity}


def eg_summary(eg, moment, X, y, A):
    def q(x):
        return eg._pmf_predict(x)[:, 1]
    moment.load_data(X, y, sensitive_features=A)
    error = ErrorRate()
    error.load_data(X, y, sensitive_features=A)
    return {"best_gap": float(eg.best_gap_), "last_iter": int(eg.last_iter_), "best_iter": int(eg.best_iter_),
            "n_oracle_calls": int(eg.n_oracle_calls_), "n_oracle_calls_dummy_returned": int(eg.n_oracle_calls_dummy_returned_),
            "n_predictors": len(eg.predictors_), "weights": [float(w) for w in eg.weights_.sort_index()],
            "nu": float(eg.nu), "disp": float(moment.gamma(q).max()), "error": float(error.gamma(q).iloc[0])}


def toy():
    X = pd.DataFrame({"X1": X1, "X2": X2, "X3": X3})
    A = pd.Series(GROUPS)
    out = {"X1": X1, "X2": X2, "X3": X3, "labels": LABELS, "groups": GROUPS, "scores": SCORES,
           "exponentiated_gradient": [], "grid_search": []}
    for flipped in (False, True):
        y = pd.Series([1 - v for v in LABELS] if flipped else LABELS)
        for name, cls in PARITY.items():
            for eps in (0.1, 0.05, 0.02, 0.01, 0.005):
                eg = ExponentiatedGradient(LeastSquaresBinaryClassifierLearner(), constraints=cls(difference_bound=eps), eps=eps)
                eg.fit(X, y, sensitive_features=A)
                row = {"constraint": name, "eps": eps, "flipped": flipped}
                row.update(eg_summary(eg, cls(difference_bound=eps), X, y, A))
                out["exponentiated_gradient"].append(row)
    ys = pd.Series(SCORES)
    for bound in (0.05, 0.02):
        eg = ExponentiatedGradient(LeastSquaresRegressor(), constraints=BoundedGroupLoss(SquareLoss(0, 1), upper_bound=bound), eps=0.01)
        eg.fit(X, ys, sensitive_features=A)
        out["exponentiated_gradient"].append({
            "constraint": "bounded_group_loss", "upper_bound": bound, "eps": 0.01, "flipped": False,
            "best_gap": float(eg.best_gap_), "last_iter": int(eg.last_iter_), "best_iter": int(eg.best_iter_),
            "n_oracle_calls": int(eg.n_oracle_calls_), "n_predictors": len(eg.predictors_),
            "weights": [float(w) for w in eg.weights_.sort_index()], "nu": float(eg.nu),
            "expected_prediction": [float(v) for v in eg._pmf_predict(X).dot(eg.weights_.sort_index().to_numpy())]})
    y = pd.Series(LABELS)
    for name, grid_size in (("demographic_parity", 10), ("equalized_odds", 20), ("error_rate_parity", 7)):
        gs = GridSearch(LeastSquaresBinaryClassifierLearner(), constraints=PARITY[name](), grid_size=grid_size)
        gs.fit(X, y, sensitive_features=A)
        out["grid_search"].append({"constraint": name, "grid_size": grid_size, "best_idx": int(gs.best_idx_),
                                   "objectives": [float(v) for v in gs.objectives_],
                                   "max_gamma": [float(v) for v in gs.gammas_.max(axis=0)],
                                   "predictions": [int(v) for v in gs.predict(X)]})
    gs = GridSearch(LeastSquaresRegressor(), constraints=BoundedGroupLoss(SquareLoss(0, 1), upper_bound=0.05), grid_size=10)
    gs.fit(X, ys, sensitive_features=A)
    out["grid_search"].append({"constraint": "bounded_group_loss", "upper_bound": 0.05, "grid_size": 10, "best_idx": int(gs.best_idx_),
                               "objectives": [float(v) for v in gs.objectives_],
                               "max_gamma": [float(v) for v in gs.gammas_.max(axis=0)],
                               "predictions": [float(v) for v in gs.predict(X)]})
    return out


def adult():
    train, x, y, test, xt, yt = standardised()
    a, at = train["sex"].to_numpy(), test["sex"].to_numpy()
    male = at == "Male"

    def summary(p):
        return {"accuracy": float(np.mean(p * yt + (1 - p) * (1 - yt))),
                "dp_difference": float(abs(p[male].mean() - p[~male].mean()))}
    eg = ExponentiatedGradient(LogisticRegression(), DemographicParity(), eps=0.01)
    eg.fit(x, y, sensitive_features=a)
    out = {"exponentiated_gradient": summary(eg._pmf_predict(xt)[:, 1])}
    out["exponentiated_gradient"].update({"best_gap": float(eg.best_gap_), "n_predictors": len(eg.predictors_),
                                          "n_oracle_calls": int(eg.n_oracle_calls_), "last_iter": int(eg.last_iter_)})
    gs = GridSearch(LogisticRegression(), DemographicParity(), grid_size=20)
    gs.fit(x, y, sensitive_features=a)
    out["grid_search"] = summary(gs.predict(xt).astype(float))
    out["grid_search"]["best_idx"] = int(gs.best_idx_)
    return out


def main():
    out = {"toy": toy(), "adult": adult()}
    with open(os.path.join(HERE, "reductions_reference.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference values for FairLua's ConstrainedThresholds, computed with OxonFair 0.3 and by brute force.

Re-run (from the repository root) in a throwaway venv:

    python3 -m venv .build/oxonfair-venv
    .build/oxonfair-venv/bin/pip install oxonfair==0.3 "pandas<3"
    .build/oxonfair-venv/bin/python Tests/reference/generate_oxonfair.py

Writes oxonfair_reference.json next to itself.
  brute_force  small synthetic sets (scores with ties, 2 and 3 groups): every combination of one threshold per
               group enumerated, the best objective under each constraint (the exact optimum ConstrainedThresholds
               must reach), with the data.
  inferred     a small set whose thresholds are applied by a noisy predicted group while the constraint is on the
               true group: every combination of the predicted groups' thresholds enumerated.
  oxonfair     OxonFair's FairPredictor (its fast grid search) on the Adult test scores of adult_predictions.csv,
               accuracy under a bound on the selection-rate difference (pos_pred_rate.max_diff) and under a
               minimum recall (levelling up), by sex: the accuracy and constraint value its
               thresholds reach (measured here on its decisions).
"""
import itertools
import json
import os
import warnings

import numpy as np
import pandas as pd
from oxonfair import FairPredictor, DataDict
from oxonfair.utils import group_metrics as gm

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))


def counts(y, d):
    """(tp, fp, tn, fn) of labels y and decisions d."""
    return (float(((y == 1) & (d == 1)).sum()), float(((y == 0) & (d == 1)).sum()),
            float(((y == 0) & (d == 0)).sum()), float(((y == 1) & (d == 0)).sum()))


def safe(a, b):
    return a / b if b > 0 else float("nan")


RATES = {
    "selection_rate": lambda tp, fp, tn, fn: safe(tp + fp, tp + fp + tn + fn),
    "tpr": lambda tp, fp, tn, fn: safe(tp, tp + fn),
    "fpr": lambda tp, fp, tn, fn: safe(fp, fp + tn),
    "ppv": lambda tp, fp, tn, fn: safe(tp, tp + fp),
}
OBJECTIVES = {
    "accuracy": lambda tp, fp, tn, fn: (tp + tn) / (tp + fp + tn + fn),
    "balanced_accuracy": lambda tp, fp, tn, fn: 0.5 * safe(tp, tp + fn) + 0.5 * safe(tn, tn + fp),
    "f1": lambda tp, fp, tn, fn: safe(2 * tp, 2 * tp + fp + fn),
    "mcc": lambda tp, fp, tn, fn: safe(tp * tn - fp * fn, np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))),
    "cost": lambda tp, fp, tn, fn: -(1 * fp + 3 * fn) / (tp + fp + tn + fn),   # costs {fp = 1, fn = 3}, maximised negated
}


def constraint_value(form, rates):
    if any(np.isnan(r) for r in rates):
        return float("nan")
    if form == "difference":
        return max(rates) - min(rates)
    if form == "ratio":
        return 1.0 if max(rates) == 0 else min(rates) / max(rates)
    return min(rates)


def holds(form, value, bound):
    if np.isnan(value):
        return False
    return value <= bound + 1e-12 if form == "difference" else value >= bound - 1e-12


def cuts(scores):
    """Every threshold 'score > t' that separates distinct scores, from selecting none to all."""
    distinct = np.unique(scores)[::-1]
    return [np.inf] + [(distinct[k - 1] + distinct[k]) / 2 for k in range(1, len(distinct))] + [-np.inf]


def brute(y, s, g, applied, objective, rate, form, bound):
    """The best objective over every combination of one threshold per applied group, the constraint on g."""
    groups, heads = sorted(set(g)), sorted(set(applied))
    options = [cuts(s[applied == h]) for h in heads]
    best = None
    for combo in itertools.product(*options):
        t = np.array([combo[heads.index(h)] for h in applied])
        d = (s > t).astype(int)
        rates = [RATES[rate](*counts(y[g == k], d[g == k])) for k in groups]
        v = constraint_value(form, rates)
        if not holds(form, v, bound):
            continue
        o = OBJECTIVES[objective](*counts(y, d))
        if np.isnan(o):
            continue
        if best is None or o > best[0] + 1e-12:
            best = (o, v)
    return best


def synthetic(n_per_group, shift, seed):
    rng = np.random.default_rng(seed)
    y, s, g = [], [], []
    for k, (n, m) in enumerate(zip(n_per_group, shift)):
        labels = rng.random(n) < 0.35 + 0.1 * k
        scores = np.clip(rng.normal(0.35 + 0.3 * labels + m, 0.18), 0, 1).round(2)   # ties at 2 decimals
        y += labels.astype(int).tolist(); s += scores.tolist(); g += [k] * n
    return np.array(y), np.array(s), np.array(g)


CASES = [("accuracy", "selection_rate", "difference", 0.05), ("balanced_accuracy", "tpr", "difference", 0.05),
         ("f1", "selection_rate", "ratio", 0.8), ("mcc", "fpr", "difference", 0.05), ("cost", "selection_rate", "difference", 0.1),
         ("accuracy", "tpr", "minimum", 0.8), ("accuracy", "ppv", "difference", 0.05)]


def brute_force():
    out = []
    for name, sizes, shift, seed in (("two", (60, 50), (0.0, -0.08), 1), ("three", (25, 20, 22), (0.0, -0.06, 0.05), 2)):
        y, s, g = synthetic(sizes, shift, seed)
        entry = {"name": name, "y": y.tolist(), "score": s.tolist(), "group": [f"g{k}" for k in g], "cases": []}
        for objective, rate, form, bound in CASES:
            best = brute(y, s, g, g, objective, rate, form, bound)
            entry["cases"].append({"objective": objective, "rate": rate, "form": form, "bound": bound,
                                   "best": None if best is None else best[0], "constraint": None if best is None else best[1]})
        out.append(entry)
    return out


def inferred():
    y, s, g = synthetic((45, 40), (0.0, -0.1), 3)
    rng = np.random.default_rng(4)
    applied = np.where(rng.random(len(g)) < 0.85, g, 1 - g)   # a group classifier right 85% of the time
    best = brute(y, s, g, applied, "accuracy", "selection_rate", "difference", 0.05)
    return {"y": y.tolist(), "score": s.tolist(), "group": [f"g{k}" for k in g], "applied": [f"g{k}" for k in applied],
            "objective": "accuracy", "rate": "selection_rate", "form": "difference", "bound": 0.05, "best": best[0], "constraint": best[1]}


def oxonfair():
    df = pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))
    y, s = df.y_true.to_numpy(), df.score.to_numpy()
    proba = np.column_stack([1 - s, s])
    out = {}
    # By sex only: by race (5 groups) OxonFair's grid holds 30**5 points and needs more memory than the machine has.
    for attribute in ("sex",):
        a = df[attribute].to_numpy()
        for label, constraint, value, rate, form in (("dp_0.01", gm.pos_pred_rate.max_diff, 0.01, "selection_rate", "difference"),
                                                     ("dp_0.05", gm.pos_pred_rate.max_diff, 0.05, "selection_rate", "difference"),
                                                     ("recall_min_0.7", gm.recall.min, 0.7, "tpr", "minimum")):
            fp = FairPredictor(None, DataDict(y, proba, a))
            fp.fit(gm.accuracy, constraint, value)
            d = np.asarray(fp.predict(DataDict(y, proba, a))).astype(int)
            rates = [RATES[rate](*counts(y[a == k], d[a == k])) for k in sorted(set(a))]
            out[f"{attribute}/{label}"] = {"rate": rate, "form": form, "bound": value,
                                           "accuracy": float((d == y).mean()), "constraint": constraint_value(form, rates)}
    return out


def main():
    out = {"brute_force": brute_force(), "inferred": inferred(), "oxonfair": oxonfair()}
    with open(os.path.join(HERE, "oxonfair_reference.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

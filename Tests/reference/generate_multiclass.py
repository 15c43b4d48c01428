#!/usr/bin/env python3
"""Reference values for FairLua's multiclass fairness (fair.detect / fair.mitigate on image folders), computed with
scikit-learn, SciPy and NumPy on the digits fixture.

Re-run (from the repository root):

    python3 -m venv .build/refvenv
    .build/refvenv/bin/pip install numpy scikit-learn pillow
    .build/refvenv/bin/python Tests/reference/generate_multiclass.py

It writes Tests/fixtures/multiclass/multiclass_reference.json: the digits test labels, groups and the predictions
of a scikit-learn logistic regression trained on the digits training images (the "digits predictions"), with
scikit-learn's classification_report (zero_division = nan) per group and overall; Kamiran & Calders' reweighing
weights P(g)·P(c) / P(g, c) per group and class on the training folder; and SciPy's chi-square test of the
training group × class table. A small hand-made case covers classes absent from a group.
"""
import csv
import json
import os

import numpy as np
from PIL import Image
from scipy.stats import chi2_contingency
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report

here = os.path.dirname(os.path.abspath(__file__))
digits = os.path.join(here, "..", "fixtures", "digits")
out_path = os.path.join(here, "..", "fixtures", "multiclass", "multiclass_reference.json")


def folder(part):
    """Pixels, class ids and groups of a digits folder, in FairLua's order (classes sorted, files sorted)."""
    root = os.path.join(digits, part)
    with open(os.path.join(root, "groups.csv")) as f:
        groups = {row["path"]: row["group"] for row in csv.DictReader(f)}
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    x, y, g, files = [], [], [], []
    for c, name in enumerate(classes):
        for file in sorted(os.listdir(os.path.join(root, name))):
            path = name + "/" + file
            x.append(np.asarray(Image.open(os.path.join(root, path)), dtype=np.float64).ravel() / 255.0)
            y.append(c)
            g.append(groups[path])
            files.append(path)
    return np.array(x), np.array(y), np.array(g), files


def clean(v):
    """NaN as None (JSON null)."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, float) and np.isnan(v):
        return None
    return v


def report(y_true, y_pred, classes):
    return clean(classification_report(y_true, y_pred, labels=list(range(classes)), output_dict=True, zero_division=np.nan))


def reports(y_true, y_pred, groups, classes):
    out = {"overall": report(y_true, y_pred, classes)}
    for name in sorted(set(groups)):
        mask = groups == name
        out[name] = report(y_true[mask], y_pred[mask], classes)
    return out


x_train, y_train, g_train, _ = folder("train")
x_test, y_test, g_test, test_files = folder("test")
model = LogisticRegression(max_iter=5000, C=0.1).fit(x_train, y_train)
y_pred = model.predict(x_test)

names = sorted(set(g_train))
counts = np.array([[np.sum((g_train == g) & (y_train == c)) for c in range(10)] for g in names], dtype=float)
n = counts.sum()
weights = counts.sum(axis=1, keepdims=True) * counts.sum(axis=0, keepdims=True) / (n * counts)
chi2, p, dof, _ = chi2_contingency(counts, correction=False)

# A small case: class 2 never occurs in group b (true or predicted), class 3 is predicted but never true in a.
small = {"y_true": [0, 0, 1, 1, 2, 2, 0, 1, 1, 0], "y_pred": [0, 1, 1, 3, 2, 0, 0, 1, 0, 3],
         "groups": ["a", "a", "a", "a", "a", "a", "b", "b", "b", "b"]}
small["reports"] = reports(np.array(small["y_true"]), np.array(small["y_pred"]), np.array(small["groups"]), 4)

doc = {
    "digits": {"test_files": test_files, "y_true": y_test.tolist(), "y_pred": y_pred.tolist(), "groups": g_test.tolist(),
               "reports": reports(y_test, y_pred, g_test, 10),
               "train_counts": {g: counts[k].astype(int).tolist() for k, g in enumerate(names)},
               "reweighing": {g: weights[k].tolist() for k, g in enumerate(names)},
               "chi2": {"statistic": chi2, "p_value": p, "dof": int(dof)}},
    "small": small,
}
os.makedirs(os.path.dirname(out_path), exist_ok=True)
with open(out_path, "w") as f:
    json.dump(doc, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote", out_path)

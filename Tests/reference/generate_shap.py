#!/usr/bin/env python3
"""Reference TreeSHAP values from the shap package's TreeExplainer (Lundberg et al. 2020) on Adult.

Re-run (from the repository root):

    python3 -m venv .build/refvenv-shap && .build/refvenv-shap/bin/pip install shap "lightgbm==4.*" scikit-learn "pandas<3" "fairlearn==0.15.*"
    .build/refvenv-shap/bin/python Tests/reference/generate_shap.py

Writes shap_reference.json next to itself. The features are Adult's as FairLua's FeatureEncoder encodes them
(generate_trees.encoded). Each model's trees are exported in flat depth-first arrays (left subtree first, so a
child's index is above its parent's): feature (−1 at leaves), threshold (x ≤ threshold goes left), left, right,
value (P(y = 1) for the scikit-learn tree, the leaf output for LightGBM) and cover (scikit-learn's
weighted_n_node_samples; LightGBM's internal_count / leaf_count, which shap uses), so the Swift test loads the
very trees shap explained.
  sklearn    DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, random_state=0): shap's attributions of
             P(y = 1) (TreeExplainer's class 1) for the first `rows` test rows, and its expected value.
  lightgbm   LGBMClassifier (100 rounds, 31 leaves, η 0.1, 255 bins, 20 rows per leaf, no bagging, 2 threads):
             shap's attributions of the log-odds, the expected value and LightGBM's raw margins.
  x          the explained test rows (Float32 values, exact in JSON).
  timing     TreeExplainer on the whole test set for the LightGBM model (one run, seconds; scripts/bench
             times it properly).
"""
import json
import os
import time
import warnings

import lightgbm as lgb
import numpy as np
import shap
from sklearn.tree import DecisionTreeClassifier

from generate_trees import encoded

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 40


def sklearn_tree(clf):
    """The fitted tree's arrays (scikit-learn's node order is already depth first, left first)."""
    t = clf.tree_
    value = t.value[:, 0, :]
    return {"feature": [int(f) if f >= 0 else -1 for f in t.feature], "threshold": t.threshold.tolist(),
            "left": t.children_left.tolist(), "right": t.children_right.tolist(),
            "value": (value[:, 1] / value.sum(axis=1)).tolist(), "cover": t.weighted_n_node_samples.tolist()}


def lightgbm_tree(structure):
    """One tree of LightGBM's dump_model flattened depth first, left subtree first."""
    out = {"feature": [], "threshold": [], "left": [], "right": [], "value": [], "cover": []}

    def visit(node):
        k = len(out["feature"])
        for key in out:
            out[key].append(-1 if key in ("left", "right", "feature") else 0.0)
        if "leaf_value" in node:
            out["value"][k] = node["leaf_value"]
            out["cover"][k] = float(node["leaf_count"])
            return k
        assert node["decision_type"] == "<=", node["decision_type"]
        out["feature"][k] = node["split_feature"]
        out["threshold"][k] = node["threshold"]
        out["value"][k] = node["internal_value"]
        out["cover"][k] = float(node["internal_count"])
        out["left"][k] = visit(node["left_child"])
        out["right"][k] = visit(node["right_child"])
        return k

    visit(structure)
    return out


def main():
    names, x, y, _, xt, yt, _ = encoded()
    rows = xt[:ROWS]
    out = {"features": names, "rows": ROWS, "x": rows.astype(float).tolist(),
           "versions": {"shap": shap.__version__, "lightgbm": lgb.__version__}}

    clf = DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, random_state=0).fit(x, y)
    explainer = shap.TreeExplainer(clf)
    values = np.asarray(explainer.shap_values(rows))
    values = values[:, :, 1] if values.ndim == 3 else values
    out["sklearn"] = {"settings": {"max_depth": 6, "min_samples_leaf": 20}, "tree": sklearn_tree(clf),
                      "expected_value": float(np.ravel(explainer.expected_value)[1]), "shap": values.tolist(),
                      "proba": clf.predict_proba(rows)[:, 1].tolist()}

    model = lgb.LGBMClassifier(verbose=-1, n_jobs=2, n_estimators=100, num_leaves=31, learning_rate=0.1, max_bin=255,
                               min_child_samples=20, reg_lambda=0.0).fit(x, y)
    dump = model.booster_.dump_model()
    explainer = shap.TreeExplainer(model)
    values = np.asarray(explainer.shap_values(rows))
    values = values[:, :, 1] if values.ndim == 3 else values
    out["lightgbm"] = {"trees": [lightgbm_tree(t["tree_structure"]) for t in dump["tree_info"]],
                       "expected_value": float(np.ravel(explainer.expected_value)[-1]), "shap": values.tolist(),
                       "margin": model.predict(rows, raw_score=True).tolist()}

    start = time.perf_counter()
    explainer.shap_values(xt)
    out["timing"] = {"rows": int(len(xt)), "treeexplainer_seconds": time.perf_counter() - start}
    with open(os.path.join(HERE, "shap_reference.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()

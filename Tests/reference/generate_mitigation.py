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
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from aif360.algorithms.preprocessing import Reweighing
from aif360.datasets import BinaryLabelDataset
from fairlearn.preprocessing import CorrelationRemover

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "Sources", "Datasets", "Resources")
COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
           "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]


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
    with open(os.path.join(HERE, "mitigation_reference.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference accuracy and spouse consistency of AIF360 0.6.1's SenSeI and SenSR (aif360.sklearn.inprocessing, which
wrap inFairness 0.2) on Adult, with the settings of Tests/lua/individual_fairness_test.lua.

Re-run (from the repository root; PyTorch's CPU wheel from PyPI is large):

    python3 -m venv .build/bench-torch
    .build/bench-torch/bin/pip install torch "aif360==0.6.1" inFairness skorch "pandas<3" scikit-learn
    .build/bench-torch/bin/python Tests/reference/generate_individual_fairness.py

Writes individual_fairness_reference.json next to itself. Data: the bundled Adult files with missing rows dropped,
numeric columns standardised on the training rows, the categorical ones one-hot (sex and race, the sensitive columns,
are not features, as in FairLua); 2000 training and 1000 test rows drawn with each of the seeds 1, 2, 3 (pandas'
sampling, so not FairLua's rows: the comparison is of means over the seeds, at a tolerance). The fair metric is
inFairness's LogisticRegSensitiveSubspace fitted to predict sex; d_y the squared Euclidean distance of the outputs.
Network Linear(d, 32), ReLU, Linear(32, 2) with cross-entropy (AIF360's classifiers have one output per class;
FairLua's one logit), Adam lr 1e-2, 3 epochs, batch 200, auditor 10 steps of 0.05. Methods: SenSeI rho 0 (the plain
network), SenSeI rho 5 eps 0.01, SenSR eps 0.05 (lr_lamb 1, lr_param 1). Spouse consistency (Yurochkin et al. 2020;
inFairness's example): the share of test rows whose decision stays when the relationship columns Husband and Wife
are exchanged.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import torch

warnings.filterwarnings("ignore")
from aif360.sklearn.inprocessing import SenSeI, SenSR  # noqa: E402
from inFairness.distances import LogisticRegSensitiveSubspace, SquaredEuclideanDistance  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "..", "Sources", "Datasets", "Resources")
COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
           "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
CATEGORICAL = ["workclass", "education", "marital-status", "occupation", "relationship", "native-country"]
SEEDS = [1, 2, 3]


def read(name):
    frame = pd.read_csv(os.path.join(RESOURCES, name), header=None, names=COLUMNS, na_values="?",
                        skipinitialspace=True, comment="|").dropna()
    frame["y"] = frame.income.str.startswith(">50K").astype(np.int64)
    return frame


def design(train, test):
    mean, std = train[NUMERIC].mean(), train[NUMERIC].std(ddof=0)
    both = pd.concat([train, test], keys=["train", "test"])
    x = pd.get_dummies(both[CATEGORICAL], prefix_sep="=").astype(np.float32)
    x = pd.concat([((both[NUMERIC] - mean) / std).astype(np.float32), x], axis=1)
    return x.loc["train"], x.loc["test"]


def spouse(x):
    flipped = x.copy()
    flipped["relationship=Husband"], flipped["relationship=Wife"] = x["relationship=Wife"], x["relationship=Husband"]
    return flipped


def run(method, x, y, sex, xt, yt, seed):
    torch.manual_seed(seed)
    np.random.seed(seed)
    distance_x = LogisticRegSensitiveSubspace()
    distance_x.fit(torch.tensor(x.values), data_SensitiveAttrs=torch.tensor(sex[:, None]))
    distance_y = SquaredEuclideanDistance()
    distance_y.fit(num_dims=2)
    module = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    common = dict(criterion=torch.nn.CrossEntropyLoss, distance_x=distance_x, auditor_nsteps=10, auditor_lr=0.05,
                  optimizer=torch.optim.Adam, lr=1e-2, max_epochs=3, batch_size=200, train_split=None, verbose=0)
    if method == "sensr":
        model = SenSR(module, eps=0.05, lr_lamb=1.0, lr_param=1.0, **common)
    else:
        model = SenSeI(module, distance_y=distance_y, rho=0.0 if method == "plain" else 5.0, eps=0.01, **common)
    model.fit(x.values, y)
    pred = model.predict(xt.values)
    return {"accuracy": float(np.mean(pred == yt)), "spouse_consistency": float(np.mean(pred == model.predict(spouse(xt).values)))}


def main():
    train, test = read("adult.data"), read("adult.test")
    x_all, xt_all = design(train, test)
    out = {"seeds": SEEDS, "rows": {"train": 2000, "test": 1000}}
    for method in ["plain", "sensei", "sensr"]:
        runs = []
        for seed in SEEDS:
            rows, test_rows = train.sample(n=2000, random_state=seed).index, test.sample(n=1000, random_state=seed).index
            runs.append(run(method, x_all.loc[rows], train.y.loc[rows].values, (train.sex.loc[rows] == "Male").values.astype(np.float32),
                            xt_all.loc[test_rows], test.y.loc[test_rows].values, seed))
        out[method] = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]} | {"runs": runs}
        print(method, out[method])
    with open(os.path.join(HERE, "individual_fairness_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

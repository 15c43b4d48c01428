#!/usr/bin/env python3
"""Reference values for FairLua's bias detection (fair.detect, fair.data_bias, fair.test.power), computed with
statsmodels, SciPy, Amazon's smclarify and AIF360 0.6.1.

Re-run (from the repository root):

    python3 -m venv .build/refvenv
    .build/refvenv/bin/pip install scipy statsmodels "pandas<3" smclarify "aif360==0.6.1"
    .build/refvenv/bin/python Tests/reference/generate_detection.py

It writes Tests/fixtures/detection/detection_reference.json. The counts the tests feed both sides are
written into the JSON beside the expected values, so the Swift side reads exactly what Python saw.
"""
import json
import os

import numpy as np
from scipy import stats
from scipy.optimize import brentq
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, "..", "fixtures", "detection", "detection_reference.json")

# Power of the two-sided two-proportion z-test in Cohen's h (NormalIndPower: nobs1, ratio = n2 / n1).
power_cases = []
for n1, n2, alpha, power in [(100, 300, 0.05, 0.8), (30, 30, 0.05, 0.8), (12, 5000, 0.01, 0.9), (5421, 10639, 0.05, 0.8),
                             (1000, 1000, 0.1, 0.5)]:
    h = NormalIndPower().solve_power(effect_size=None, nobs1=n1, ratio=n2 / n1, alpha=alpha, power=power,
                                     alternative="two-sided")
    # solve_power stops within about 1e-6 of the root; the same root of statsmodels' own power function to 1e-15:
    exact = brentq(lambda e: NormalIndPower().power(effect_size=e, nobs1=n1, ratio=n2 / n1, alpha=alpha) - power,
                   1e-12, np.pi, xtol=1e-15, rtol=1e-15)
    power_cases.append({"n1": n1, "n2": n2, "alpha": alpha, "power": power, "effect": float(h), "effect_exact": float(exact)})
achieved = []
for n1, n2, alpha, h in [(100, 300, 0.05, 0.2), (40, 2000, 0.05, 0.5), (10, 10, 0.2, 1.0), (500, 700, 0.01, 0.1)]:
    achieved.append({"n1": n1, "n2": n2, "alpha": alpha, "effect": h,
                     "power": float(NormalIndPower().power(effect_size=h, nobs1=n1, ratio=n2 / n1, alpha=alpha,
                                                           alternative="two-sided"))})
cohens_h = [{"p1": p1, "p2": p2, "h": float(proportion_effectsize(p1, p2))} for p1, p2 in [(0.3, 0.2), (0.05, 0.5), (1.0, 0.0)]]

# Selection bias on the bundled Adult training file (rows with "?" dropped, as data.load("adult") does):
# chi-square goodness of fit of sex and race against U.S. population shares, and train against test.
import pandas as pd
columns = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
           "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
resources = os.path.join(here, "..", "..", "Sources", "Datasets", "Resources")
def adult(name):
    df = pd.read_csv(os.path.join(resources, name), header=None, names=columns, skipinitialspace=True, na_values="?",
                     comment="|")
    return df.dropna()
train, test = adult("adult.data"), adult("adult.test")
# 1990 U.S. Census (the census nearest to the 1994 CPS extract Adult comes from), rounded to 0.1 %.
population = {"sex": {"Female": 0.513, "Male": 0.487},
              "race": {"White": 0.803, "Black": 0.121, "Asian-Pac-Islander": 0.029, "Amer-Indian-Eskimo": 0.008, "Other": 0.039}}
selection = {"population": population, "goodness_of_fit": {}, "train_vs_test": {}}
for name, shares in population.items():
    groups = sorted(shares)
    observed = np.array([(train[name] == g).sum() for g in groups], dtype=float)
    expected = observed.sum() * np.array([shares[g] for g in groups])
    r = stats.chisquare(observed, expected)
    selection["goodness_of_fit"][name] = {"groups": groups, "counts": observed.astype(int).tolist(),
                                          "statistic": float(r.statistic), "p_value": float(r.pvalue)}
    a = [(train[name] == g).sum() for g in groups]
    b = [(test[name] == g).sum() for g in groups]
    chi2, p, dof, _ = stats.chi2_contingency(np.array([a, b]).T)
    selection["train_vs_test"][name] = {"statistic": float(chi2), "p_value": float(p), "dof": int(dof)}

# Label bias on the same training rows: conditional demographic disparity (SageMaker Clarify's CDDL, Wachter et
# al.'s definition), the Cochran–Mantel–Haenszel test (statsmodels), and AIF360 0.6.1's
# conditional_demographic_disparity where its definition agrees with ours (see the README: AIF360 conditions on the
# protected groups themselves, so it equals the size-weighted mean of each group's unconditional DD).
from smclarify.bias.metrics import pretraining
from statsmodels.stats.contingency_tables import StratifiedTable
from aif360.sklearn.metrics import conditional_demographic_disparity
label = train["income"] == ">50K"
labels_cases = []
for attribute, group in [("sex", "Female"), ("race", "Black")]:
    for legitimate in (["education-num"], ["education-num", "hours-per-week"]):
        strata = train[legitimate].astype(str).agg("|".join, axis=1)
        facet = train[attribute] == group
        cdd = pretraining.CDDL(train[attribute], facet, label, strata)
        tables = []
        for value in sorted(strata.unique()):
            m = strata == value
            a, b = int((m & facet & label).sum()), int((m & facet & ~label).sum())
            c, d = int((m & ~facet & label).sum()), int((m & ~facet & ~label).sum())
            if a + b > 0 and c + d > 0:
                tables.append(np.array([[a, b], [c, d]], dtype=float))
        cmh = StratifiedTable(tables).test_null_odds(correction=True)
        labels_cases.append({"attribute": attribute, "group": group, "legitimate": legitimate, "cdd": float(cdd),
                             "cmh_statistic": float(cmh.statistic), "cmh_p_value": float(cmh.pvalue), "strata": len(tables)})
y = pd.Series(label.astype(int).values, index=pd.Index(train["sex"].values, name="sex"))
aif360_cdd = {"sex": float(conditional_demographic_disparity(y, prot_attr="sex", pos_label=1))}

doc = {"labels": {"cases": labels_cases, "aif360_cdd": aif360_cdd}, "power": {"detectable": power_cases, "achieved": achieved, "cohens_h": cohens_h}, "selection": selection}
os.makedirs(os.path.dirname(out_path), exist_ok=True)
with open(out_path, "w") as f:
    json.dump(doc, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote", out_path)

#!/usr/bin/env python3
"""Reference values for FairLua's bias detection (fair.detect, fair.data_bias, fair.test.power), computed with
statsmodels and SciPy.

Re-run (from the repository root):

    python3 -m venv .build/refvenv
    .build/refvenv/bin/pip install scipy statsmodels
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

doc = {"power": {"detectable": power_cases, "achieved": achieved, "cohens_h": cohens_h}}
os.makedirs(os.path.dirname(out_path), exist_ok=True)
with open(out_path, "w") as f:
    json.dump(doc, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote", out_path)

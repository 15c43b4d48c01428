#!/usr/bin/env python3
"""Reference values for FairLua's L-BFGS-B and LFR, computed with SciPy's fmin_l_bfgs_b and AIF360 0.6.1's LFR.

Re-run (from the repository root) in a throwaway venv:

    python3 -m venv .build/lfr-venv && .build/lfr-venv/bin/pip install aif360==0.6.1 scipy "pandas<3" scikit-learn
    .build/lfr-venv/bin/python Tests/reference/generate_lfr.py

Writes lfr_reference.json next to itself:
  lbfgsb   SciPy's L-BFGS-B (m 10, factr 1e7, pgtol 1e-5) with exact gradients on Rosenbrock (unbounded, and with
           the minimum cut off by a bound), the 25-variable problem of L-BFGS-B's driver1 (bounds on every
           variable) and a 5-iteration run of it (the iterate after exactly five iterations): x, f, iterations,
           evaluations.
  lfr      a synthetic two-group data set (400 rows, 5 features, the group indicator among them, as AIF360's
           datasets hold it), AIF360's seeded start (np.random.seed(seed); uniform(size=k + k*d)), the objective
           (AIF360's LFR_optim_objective) and its exact gradient at the start; then
           `aif360`  AIF360's LFR.fit (forward-difference gradient, maxiter = maxfun = 5000) and transform:
                     parameters, objective, transformed features and labels, scores;
           `exact`   the same objective, start and bounds minimised by SciPy's L-BFGS-B with the exact gradient (what
                     FairLua computes) for 15 iterations: parameters, objective, transformed rows; and the objective
                     and iterations of the run to convergence (maxiter 5000).
"""
import json
import os

import numpy as np
import pandas as pd
import scipy.optimize as optim
from aif360.algorithms.preprocessing import LFR
from aif360.algorithms.preprocessing.lfr_helpers import helpers
from aif360.datasets import BinaryLabelDataset
from scipy.spatial.distance import cdist
from scipy.special import softmax

HERE = os.path.dirname(os.path.abspath(__file__))
# The exact-gradient run is compared after this many iterations: on this non-convex, non-smooth objective two
# implementations' rounding differences grow until the paths part (here after some 40 iterations).
EXACT_ITERATIONS = 15


def run_lbfgsb(fun, x0, bounds=None, maxiter=15000):
    x, f, info = optim.fmin_l_bfgs_b(fun, np.array(x0, dtype=float), bounds=bounds, maxiter=maxiter)
    return {"x": x.tolist(), "f": float(f), "nit": int(info["nit"]), "nfev": int(info["funcalls"]), "x0": list(map(float, x0)),
            "lower": None if bounds is None else [(-1e308 if b[0] is None else b[0]) for b in bounds],
            "upper": None if bounds is None else [(1e308 if b[1] is None else b[1]) for b in bounds]}


def rosenbrock(x):
    f = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
    g = np.array([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)])
    return f, g


def driver1(x):
    """f = 0.25 (x1 − 1)² + Σ_{i≥2} 4 (x_i − x_{i−1}²)², L-BFGS-B's driver1 example."""
    t = x[1:] - x[:-1] ** 2
    f = 0.25 * (x[0] - 1) ** 2 + 4 * np.sum(t ** 2)
    g = np.zeros_like(x)
    g[0] = 0.5 * (x[0] - 1)
    g[1:] += 8 * t
    g[:-1] -= 16 * x[:-1] * t
    return f, g


def lbfgsb_cases():
    n = 25
    bounds = [(1.0, 100.0) if i % 2 == 0 else (-100.0, 100.0) for i in range(n)]
    return {
        "rosenbrock": run_lbfgsb(rosenbrock, [-1.2, 1.0]),
        "rosenbrock_bounded": run_lbfgsb(rosenbrock, [-1.2, 1.0], bounds=[(-2.0, 0.8), (-1.0, 2.0)]),
        "driver1": run_lbfgsb(driver1, [3.0] * n, bounds=bounds),
        "driver1_5": run_lbfgsb(driver1, [3.0] * n, bounds=bounds, maxiter=5),
    }


def gradient(parameters, x_a, x_b, y_a, y_b, k, ax, ay, az):
    """The exact gradient of helpers.LFR_optim_objective (sign(0) = 0 for |·|, zero where ŷ is clipped)."""
    d = x_a.shape[1]
    w = parameters[:k]
    v = parameters[k:].reshape((k, d))
    n = len(y_a) + len(y_b)
    eps = np.finfo(float).eps
    groups = []
    for x in (x_a, x_b):
        dist = cdist(x, v)
        m = softmax(-dist, axis=1)
        groups.append((x, dist, m))
    s = np.sign(groups[0][2].mean(axis=0) - groups[1][2].mean(axis=0))
    gw = np.zeros(k)
    gv = np.zeros((k, d))
    for sigma, (x, dist, m), y in zip((1.0, -1.0), groups, (y_a, y_b)):
        ng = len(x)
        xhat = m @ v
        r = 2 * ax * (xhat - x) / (ng * d)
        raw = m @ w
        yhat = np.clip(raw, eps, 1 - eps)
        q = -ay / n * (y / yhat - (1 - y) / (1 - yhat))
        q[(raw <= eps) | (raw >= 1 - eps)] = 0
        g = r @ v.T + q[:, None] * w[None, :] + az * sigma * s[None, :] / (k * ng)
        gv += m.T @ r
        gw += m.T @ q
        da = m * (g - (m * g).sum(axis=1, keepdims=True))
        coef = da / dist
        gv += coef.T @ x - coef.sum(axis=0)[:, None] * v
    return np.concatenate([gw, gv.ravel()])


def synthetic(seed=7, n=400):
    rng = np.random.default_rng(seed)
    group = (rng.random(n) < 0.4).astype(float)
    a = rng.normal(0.8 * group, 1.0)
    b = rng.normal(-0.5 * group, 1.0)
    c = rng.normal(0, 1.0, n)
    e = (rng.random(n) < 0.3 + 0.3 * group).astype(float)
    logit = 1.2 * a - 0.8 * b + 0.5 * e + 0.6 * group - 0.3
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    x = np.column_stack([a, b, c, e, group])
    return x, y, group


def lfr_case(k=3, ax=0.01, ay=1.0, az=50.0, seed=1, maxiter=5000, maxfun=5000):
    x, y, group = synthetic()
    df = pd.DataFrame(x, columns=["a", "b", "c", "e", "group"])
    df["y"] = y
    ds = BinaryLabelDataset(df=df, label_names=["y"], protected_attribute_names=["group"],
                            favorable_label=1.0, unfavorable_label=0.0)
    assert np.array_equal(ds.features, x)
    unpriv, priv = [{"group": 0.0}], [{"group": 1.0}]
    a_rows, b_rows = group == 0, group == 1
    d = x.shape[1]
    np.random.seed(seed)
    start = np.random.uniform(size=k + k * d)
    args = (x[a_rows], x[b_rows], y[a_rows], y[b_rows], k, ax, ay, az)
    helpers.LFR_optim_objective.steps = 0
    f0 = helpers.LFR_optim_objective(start, *args, 250, 0)
    g0 = gradient(start, *args)
    fd = optim.approx_fprime(start, lambda p: helpers.LFR_optim_objective(p, *args, 250, 0), 1e-7)
    assert np.max(np.abs(fd - g0)) < 1e-4, np.max(np.abs(fd - g0))

    def transformed(w, v):
        m = softmax(-cdist(x, v), axis=1)
        return (m @ v), np.clip(m @ w, np.finfo(float).eps, 1 - np.finfo(float).eps)

    model = LFR(unpriv, priv, k=k, Ax=ax, Ay=ay, Az=az, seed=seed, verbose=0)
    model.fit(ds, maxiter=maxiter, maxfun=maxfun)
    out = model.transform(ds)
    params = np.concatenate([model.w, model.prototypes.ravel()])
    aif = {"w": model.w.tolist(), "prototypes": model.prototypes.ravel().tolist(),
           "objective": float(helpers.LFR_optim_objective(params, *args, 250, 0)),
           "features": out.features.ravel().tolist(), "labels": out.labels.ravel().tolist(), "scores": out.scores.ravel().tolist()}

    bnd = [(0, 1)] * k + [(None, None)] * (d * k)
    exact_run = lambda iterations: optim.minimize(lambda p: (helpers.LFR_optim_objective(p, *args, 250, 0), gradient(p, *args)), start,
                                                  jac=True, method="L-BFGS-B", bounds=bnd, options={"maxiter": iterations, "maxfun": maxfun})
    converged = exact_run(maxiter)
    result = exact_run(EXACT_ITERATIONS)
    w, v = result.x[:k], result.x[k:].reshape((k, d))
    xhat, yhat = transformed(w, v)
    exact = {"w": w.tolist(), "prototypes": v.ravel().tolist(), "objective": float(result.fun), "nit": int(result.nit),
             "nfev": int(result.nfev), "features": xhat.ravel().tolist(), "scores": yhat.tolist(),
             "labels": (yhat > 0.5).astype(float).tolist(), "converged_objective": float(converged.fun), "converged_nit": int(converged.nit)}
    return {"k": k, "Ax": ax, "Ay": ay, "Az": az, "seed": seed, "maxiter": maxiter, "maxfun": maxfun, "d": d,
            "features": x.ravel().tolist(), "labels": y.tolist(), "group": group.tolist(),
            "start": start.tolist(), "objective_start": float(f0), "gradient_start": g0.tolist(),
            "aif360": aif, "exact": exact}


def main():
    out = {"lbfgsb": lbfgsb_cases(), "lfr": lfr_case()}
    with open(os.path.join(HERE, "lfr_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

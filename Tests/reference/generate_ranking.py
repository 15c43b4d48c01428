"""Reference re-rankings and ranking metrics for Tests/FairnessTests/FairRankingTests.swift.

AIF360 0.6.1's DeterministicReranking (Geyik, Ambler & Kenthapadi, KDD 2019) on synthetic candidate
lists, for the four rerank types, and the ranking measures of the same paper (skew@k, NDKL) and of
Singh & Joachims 2018 (exposure) computed with NumPy from their formulas.

Run: python3 -m venv .build/refvenv && .build/refvenv/bin/pip install aif360==0.6.1 pandas
     .build/refvenv/bin/python Tests/reference/generate_ranking.py > Tests/fixtures/ranking/ranking_reference.json

AIF360 0.6.1's Greedy/Conservative/Relaxed branch credits the wrong group when it picks among the
groups below their minimum (`next_group` is the position in the list of such groups, not the group),
which can rank one candidate twice. Each case records whether AIF360's output repeats a candidate
(`aif360_valid`). `expected` is the paper's algorithm as AIF360 writes it with that credit corrected
(`paper` below); the generator asserts that it equals AIF360's output on every two-group case where
AIF360's output is a valid ranking. AIF360 cannot rank three groups (RegressionDataset binarises the
protected attribute), so those cases rest on `paper` alone.
"""
import json
import math
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from aif360.algorithms.postprocessing import DeterministicReranking  # noqa: E402
from aif360.datasets import RegressionDataset  # noqa: E402


def rerank(scores, groups, n_groups, size, target, kind):
    """AIF360's output (two groups only: RegressionDataset binarises the protected attribute)."""
    assert n_groups == 2
    df = pd.DataFrame({"id": np.arange(len(scores), dtype=float), "s": groups.astype(float), "score": scores})
    ds = RegressionDataset(df, dep_var_name="score", protected_attribute_names=["s"], privileged_classes=[[1.0]])
    unpriv = [{"s": 0.0}]
    priv = [{"s": 1.0}]
    r = DeterministicReranking(unprivileged_groups=unpriv, privileged_groups=priv)
    out = r.fit_predict(ds, rec_size=size, target_prop=target, rerank_type=kind)
    # RegressionDataset min-max scales every column (the output again over its own rows), but the output's
    # labels are the input's scaled scores: each names its candidate (scores are distinct).
    scaled = (scores - scores.min()) / (scores.max() - scores.min())
    ids = [int(np.argmin(np.abs(scaled - v))) for v in out.labels.ravel()]
    return ids


def paper(scores, groups, n_groups, size, target, kind):
    """The paper's algorithms as AIF360 writes them, with the chosen candidate's own group credited."""
    queues = [sorted((r for r in range(len(scores)) if groups[r] == g), key=lambda r: -scores[r]) for g in range(n_groups)]
    counts = [0] * n_groups
    out = []
    if kind != "Constrained":
        for k in range(1, size + 1):
            below_min = [g for g in range(n_groups) if counts[g] < math.floor(k * target[g])]
            below_max = [g for g in range(n_groups) if g not in below_min and counts[g] < math.ceil(k * target[g])]
            best = lambda g: scores[queues[g][counts[g]]]
            if below_min:
                g = max(below_min, key=best)
            elif kind == "Greedy":
                g = max(below_max, key=best)
            elif kind == "Conservative":
                g = min(below_max, key=lambda g: (math.ceil(k * target[g]) / target[g], -best(g)))
            else:
                g = min(below_max, key=lambda g: (math.ceil(math.ceil(k * target[g]) / target[g]), -best(g)))
            out.append(queues[g][counts[g]])
            counts[g] += 1
        return out
    max_index, mins, k = [], [0] * n_groups, 0
    while len(out) < size:
        k += 1
        at_k = [math.floor(p * k) for p in target]
        changed = sorted((g for g in range(n_groups) if at_k[g] > mins[g]), key=lambda g: -scores[queues[g][counts[g]]])
        for g in changed:
            if len(out) == size:
                break
            max_index.append(k - 1)
            out.append(queues[g][counts[g]])
            i = len(out) - 1
            while i > 0 and max_index[i - 1] >= i and scores[out[i - 1]] < scores[out[i]]:
                max_index[i - 1], max_index[i] = max_index[i], max_index[i - 1]
                out[i - 1], out[i] = out[i], out[i - 1]
                i -= 1
            counts[g] += 1
        if changed:
            mins = at_k
    return out


def skew(order, groups, target, k, g):
    top = groups[order[:k]]
    share = float(np.mean(top == g))
    return math.log(share / target[g]) if share > 0 else float("-inf")


def ndkl(order, groups, target):
    z = 0.0
    total = 0.0
    for i in range(1, len(order) + 1):
        top = groups[order[:i]]
        d = np.array([np.mean(top == g) for g in range(len(target))])
        kl = sum(d[g] * math.log(d[g] / target[g]) for g in range(len(target)) if d[g] > 0)
        w = 1 / math.log2(i + 1)
        total += w * kl
        z += w
    return total / z


def exposure(order, groups, n_groups):
    e = np.zeros(n_groups)
    c = np.zeros(n_groups)
    for pos, row in enumerate(order, start=1):
        e[groups[row]] += 1 / math.log2(1 + pos)
        c[groups[row]] += 1
    return (e / np.maximum(c, 1)).tolist(), (e / e.sum()).tolist()


cases = []
rng = np.random.default_rng(20261201)
for n, n_groups, size, target, share, lift in [
    (40, 2, 20, [0.5, 0.5], [0.25, 0.75], 0.8),
    (50, 2, 24, [0.5, 0.5], [0.5, 0.5], -0.8),  # group 1 falls below its minimum: AIF360's wrong credit shows
    (60, 2, 30, [0.3, 0.7], [0.2, 0.8], 0.8),
    (50, 3, 24, [0.2, 0.3, 0.5], [0.2, 0.3, 0.5], 0.8),
    (80, 3, 40, [0.25, 0.25, 0.5], [0.2, 0.35, 0.45], 0.8),
]:
    groups = rng.choice(n_groups, size=n, p=share)
    # Scores depend on the group so that the plain ranking is skewed; all distinct.
    scores = rng.normal(size=n) + lift * groups
    for kind in ["Greedy", "Conservative", "Relaxed", "Constrained"]:
        ids = paper(scores, groups, n_groups, size, target, kind)
        if n_groups == 2:
            try:
                theirs = rerank(scores, groups, n_groups, size, target, kind)
            except IndexError:  # the wrong credit can exhaust a group's list
                theirs = None
            valid = theirs is not None and len(set(theirs)) == len(theirs)
            assert not valid or theirs == ids, (kind, theirs, ids)
        else:
            theirs, valid = None, False
        plain = list(np.argsort(-scores, kind="stable")[:size])
        case = {"scores": scores.tolist(), "groups": groups.tolist(), "size": size, "target": target,
                "method": kind.lower(), "expected": ids, "aif360": theirs, "aif360_valid": valid}
        if True:
            case["skew_at_10"] = [skew(ids, groups, target, 10, g) for g in range(n_groups)]
            case["ndkl"] = ndkl(ids, groups, target)
            case["exposure_per_item"], case["exposure_share"] = exposure(ids, groups, n_groups)
        case["plain_ndkl"] = ndkl(plain, groups, target)
        case["plain_exposure_per_item"], case["plain_exposure_share"] = exposure(plain, groups, n_groups)
        cases.append(case)
print(json.dumps({"generator": "Tests/reference/generate_ranking.py", "aif360": "0.6.1", "cases": cases}, indent=1))

#!/usr/bin/env python3
"""Reference adversarial examples for FairLua's FGSM and PGD, computed with NumPy (a reimplementation of the
attacks' formulas with hand-written back-propagation, float64).

Re-run (from the repository root; NumPy only):

    python3 -m venv .build/refvenv && .build/refvenv/bin/pip install numpy
    .build/refvenv/bin/python Tests/reference/generate_robustness.py

Writes robustness_reference.json next to itself. The network is Dense(3 -> 4, relu) then Dense(4 -> 1) with the
fixed weights below (x W + b, W of shape in x out, as FairLua's Dense); the loss is the sum over rows of the
sigmoid cross-entropy of the logit. Cases: the input gradient; FGSM (eps 0.1, every column; and with column 2
masked out); PGD l-inf (eps 0.2, step 0.05, 5 steps, no random start); PGD l2 (eps 0.5, step 0.2, 4 steps,
no random start). Goodfellow et al. 2015 (FGSM), Madry et al. 2018 (PGD). With a one-hot block (x_block: column 0
numeric, columns 1-2 the one-hot code of a categorical column, the last row missing): FGSM (eps 0.1) and PGD l-inf
(eps 0.2, step 0.05, 5 steps) moving column 0 in the ball and the block as a unit: at each step each row's block
takes the level of largest input gradient when it beats its current level's (0 for a missing row).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

W1 = np.array([[0.5, -0.3, 0.8, 0.1], [-0.6, 0.4, 0.2, -0.7], [0.3, 0.9, -0.5, 0.25]])
B1 = np.array([0.1, -0.2, 0.05, 0.3])
W2 = np.array([[0.7], [-1.1], [0.6], [0.9]])
B2 = np.array([-0.15])
X = np.array([[0.2, -1.0, 0.5], [1.5, 0.3, -0.8], [-0.7, 0.9, 1.2], [0.05, 0.6, -0.3], [-1.3, -0.4, 0.7]])
X_BLOCK = np.array([[0.2, 1.0, 0.0], [1.5, 0.0, 1.0], [-0.7, 1.0, 0.0], [0.05, 0.0, 1.0], [-1.3, 0.0, 0.0]])
BLOCK = [1, 2]
Y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])


def input_gradient(x):
    """d/dx of sum_i BCE(sigmoid(z_i), y_i) with z = relu(x W1 + b1) W2 + b2."""
    pre = x @ W1 + B1
    h = np.maximum(pre, 0)
    z = (h @ W2 + B2)[:, 0]
    dz = 1 / (1 + np.exp(-z)) - Y
    dh = dz[:, None] * W2[:, 0][None, :]
    dpre = dh * (pre > 0)
    return dpre @ W1.T


def fgsm(x, eps, mask):
    return x + eps * np.sign(input_gradient(x) * mask)


def switch_levels(x, g, block):
    """Each row's one-hot block to its level of largest gradient when that beats the current level's gradient."""
    x = x.copy()
    for r in range(x.shape[0]):
        best = block[int(np.argmax(g[r, block]))]
        on = [j for j in block if x[r, j] != 0]
        if g[r, best] > (g[r, on[0]] if on else 0.0):
            x[r, block] = 0.0
            x[r, best] = 1.0
    return x


def pgd(x0, eps, step, steps, norm, mask, block=None):
    x = x0.copy()
    for _ in range(steps):
        full = input_gradient(x)
        g = full * mask
        if norm == "inf":
            delta = np.clip((x - x0) * mask + step * np.sign(g), -eps, eps)
        else:
            length = np.linalg.norm(g, axis=1, keepdims=True)
            move = np.where(length > 0, g / np.where(length > 0, length, 1), 0)
            delta = (x - x0) * mask + step * move
            size = np.linalg.norm(delta, axis=1, keepdims=True)
            delta = np.where(size > eps, delta * eps / np.where(size > 0, size, 1), delta)
        moved = x0 + delta * mask
        x = np.where(mask > 0, moved, x)
        if block:
            x = switch_levels(x, full, block)
    return x


def main():
    ones = np.ones(3)
    masked = np.array([1.0, 0.0, 1.0])
    out = {
        "network": {"w1": W1.tolist(), "b1": B1.tolist(), "w2": W2.tolist(), "b2": B2.tolist()},
        "x": X.tolist(), "y": Y.tolist(),
        "input_gradient": input_gradient(X).tolist(),
        "fgsm": fgsm(X, 0.1, ones).tolist(),
        "fgsm_masked": fgsm(X, 0.1, masked).tolist(),
        "pgd_inf": pgd(X, 0.2, 0.05, 5, "inf", ones).tolist(),
        "pgd_l2": pgd(X, 0.5, 0.2, 4, "2", ones).tolist(),
        "x_block": X_BLOCK.tolist(),
        "fgsm_block": pgd(X_BLOCK, 0.1, 0.1, 1, "inf", np.array([1.0, 0.0, 0.0]), BLOCK).tolist(),
        "pgd_block": pgd(X_BLOCK, 0.2, 0.05, 5, "inf", np.array([1.0, 0.0, 0.0]), BLOCK).tolist(),
    }
    with open(os.path.join(HERE, "robustness_reference.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()

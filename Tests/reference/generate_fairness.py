#!/usr/bin/env python3
"""Reference values for FairLua's fairness metrics, computed with Fairlearn, AIF360, scikit-learn and SciPy.

Re-run (from the repository root, with ../shared beside it):

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install "fairlearn==0.15.*" "aif360==0.6.1" "pandas<3" scikit-learn scipy
    /tmp/refvenv/bin/python Tests/reference/generate_fairness.py

It writes, next to itself:
  adult_predictions.csv   the Adult test set's label, sex, race, a weight, six standardised numeric features
                          (rounded to 4 decimals, the values every library sees) and the decisions and scores of
                          a scikit-learn logistic regression trained on the Adult training set;
  compas_predictions.csv  decisions and scores of a logistic regression for ProPublica's COMPAS rows (row order
                          of data.compas; the COMPAS data itself is not committed: it has no licence);
  fairness_reference.json the expected values. NaN is written as null.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, brier_score_loss, f1_score, log_loss,
                             precision_score, recall_score, roc_auc_score)
from fairlearn.metrics import (MetricFrame, count, demographic_parity_difference, demographic_parity_ratio,
                               equal_opportunity_difference, equal_opportunity_ratio, equalized_odds_difference,
                               equalized_odds_ratio, false_negative_rate, false_positive_rate, mean_prediction,
                               selection_rate, true_negative_rate, true_positive_rate)
from aif360.datasets import BinaryLabelDataset
from aif360.metrics import BinaryLabelDatasetMetric, ClassificationMetric
from aif360.sklearn.metrics import consistency_score

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RESOURCES = os.path.join(ROOT, "Sources", "Datasets", "Resources")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")

ADULT = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
         "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]


def adult():
    def read(name):
        df = pd.read_csv(os.path.join(RESOURCES, name), header=None, names=ADULT, na_values="?",
                         skipinitialspace=True, comment="|")
        df = df.dropna().reset_index(drop=True)
        df["y"] = df["income"].str.startswith(">50K").astype(int)
        return df
    train, test = read("adult.data"), read("adult.test")
    mean, std = train[NUMERIC].mean(), train[NUMERIC].std(ddof=0)
    def design(df):
        x = ((df[NUMERIC] - mean) / std).round(4)
        cats = pd.get_dummies(df[["workclass", "education", "marital-status", "occupation", "relationship"]])
        return x, cats
    xtr, ctr = design(train)
    xte, cte = design(test)
    cte = cte.reindex(columns=ctr.columns, fill_value=0)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.hstack([xtr, ctr]).astype(float), train["y"])
    score = model.predict_proba(np.hstack([xte, cte]).astype(float))[:, 1].round(6)
    out = pd.DataFrame({"y_true": test["y"], "y_pred": (score >= 0.5).astype(int), "score": score,
                        "sex": test["sex"], "race": test["race"],
                        "weight": (test["fnlwgt"] / 100000).round(4)})
    for c in NUMERIC:
        out["x_" + c] = xte[c]
    out.to_csv(os.path.join(HERE, "adult_predictions.csv"), index=False, float_format="%.6g")
    return pd.read_csv(os.path.join(HERE, "adult_predictions.csv"))


def compas():
    path = os.path.join(SHARED, "compas-scores-two-years.csv")
    df = pd.read_csv(path)
    keep = ((df.days_b_screening_arrest.abs() <= 30) & (df.is_recid != -1) & (df.c_charge_degree != "O")
            & (df.score_text != "N/A"))
    cols = ["sex", "age", "age_cat", "race", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count",
            "c_charge_degree", "c_charge_desc", "decile_score", "score_text", "two_year_recid"]
    df = df.loc[keep, cols].dropna().reset_index(drop=True)
    y = (df.two_year_recid == 0).astype(int)  # favourable: no recidivism
    x = np.column_stack([df.age, df.priors_count, df.juv_fel_count, df.juv_misd_count, df.juv_other_count,
                         df.c_charge_degree == "F"]).astype(float)
    score = LogisticRegression(max_iter=2000).fit(x, y).predict_proba(x)[:, 1].round(6)
    pred = pd.DataFrame({"y_pred": (score >= 0.5).astype(int), "score": score})
    pred.to_csv(os.path.join(HERE, "compas_predictions.csv"), index=False, float_format="%.6g")
    return pd.DataFrame({"y_true": y, "y_pred": pred.y_pred, "score": pred.score, "sex": df.sex, "race": df.race})


def rates(y, p, w=None):
    """Confusion-matrix rates without library definitions (npv, fdr, for), weighted when w is given."""
    w = np.ones(len(y)) if w is None else np.asarray(w)
    tp, fp = w[(y == 1) & (p == 1)].sum(), w[(y == 0) & (p == 1)].sum()
    tn, fn = w[(y == 0) & (p == 0)].sum(), w[(y == 1) & (p == 0)].sum()
    div = lambda a, b: a / b if b > 0 else float("nan")
    return {"npv": div(tn, tn + fn), "fdr": div(fp, tp + fp), "for": div(fn, tn + fn)}


def ece(y, s, w=None, bins=10):
    """Expected calibration error, equal-width bins on [0, 1] (right-closed, the first bin includes 0)."""
    w = np.ones(len(y)) if w is None else np.asarray(w)
    idx = np.clip(np.ceil(s * bins).astype(int) - 1, 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if w[m].sum() > 0:
            total += abs(np.average(y[m], weights=w[m]) - np.average(s[m], weights=w[m])) * w[m].sum()
    return total / w.sum()


def metric_functions():
    nan = np.nan
    return {
        "count": lambda y, p: len(y),
        "selection_rate": selection_rate,
        "base_rate": lambda y, p, sample_weight=None: np.average(y, weights=sample_weight),
        "accuracy": accuracy_score,
        "balanced_accuracy": balanced_accuracy_score,
        "error_rate": lambda y, p, sample_weight=None: 1 - accuracy_score(y, p, sample_weight=sample_weight),
        "tpr": true_positive_rate, "tnr": true_negative_rate, "fpr": false_positive_rate, "fnr": false_negative_rate,
        "ppv": lambda y, p, sample_weight=None: precision_score(y, p, zero_division=nan, sample_weight=sample_weight),
        "f1": lambda y, p, sample_weight=None: f1_score(y, p, zero_division=nan, sample_weight=sample_weight),
        "npv": lambda y, p, sample_weight=None: rates(y, p, sample_weight)["npv"],
        "fdr": lambda y, p, sample_weight=None: rates(y, p, sample_weight)["fdr"],
        "for": lambda y, p, sample_weight=None: rates(y, p, sample_weight)["for"],
        "mean_prediction": mean_prediction,
    }


def score_metrics():
    return {
        "roc_auc": roc_auc_score,
        "log_loss": lambda y, s, sample_weight=None: log_loss(y, s, sample_weight=sample_weight, labels=[0, 1]),
        "brier": brier_score_loss,
        "ece": lambda y, s, sample_weight=None: ece(np.asarray(y), np.asarray(s), sample_weight),
    }


def frame(df, by, weights=None):
    """Fairlearn MetricFrames (decisions and scores) summarised as FairLua reports them."""
    sens = df[by] if len(by) > 1 else df[by[0]]
    out = {"overall": {}, "by_group": {}, "difference": {}, "difference_to_overall": {}, "ratio": {},
           "ratio_to_overall": {}, "group_min": {}, "group_max": {}}
    for pred, metrics in ((df.y_pred, metric_functions()), (df.score, score_metrics())):
        params = None
        if weights is not None:
            params = {k: {"sample_weight": weights} for k in metrics if k != "count"}
        mf = MetricFrame(metrics=metrics, y_true=df.y_true, y_pred=pred, sensitive_features=sens,
                         sample_params=params)
        for k, v in mf.overall.items():
            out["overall"][k] = v
        for key, row in mf.by_group.iterrows():
            name = "|".join(key) if isinstance(key, tuple) else str(key)
            out["by_group"].setdefault(name, {}).update(row.to_dict())
        out["difference"].update(mf.difference().to_dict())
        out["difference_to_overall"].update(mf.difference(method="to_overall").to_dict())
        out["ratio"].update(mf.ratio().to_dict())
        out["ratio_to_overall"].update(mf.ratio(method="to_overall").to_dict())
        out["group_min"].update(mf.group_min().to_dict())
        out["group_max"].update(mf.group_max().to_dict())
    return out


def aif(df, attr, privileged, features=None):
    """AIF360's ClassificationMetric with one protected attribute (privileged value coded 1)."""
    base = pd.DataFrame({"a": (df[attr] == privileged).astype(float), "y": df.y_true.astype(float)})
    truth = BinaryLabelDataset(df=base, label_names=["y"], protected_attribute_names=["a"],
                               favorable_label=1.0, unfavorable_label=0.0)
    pred = truth.copy(deepcopy=True)
    pred.labels = df.y_pred.to_numpy(dtype=float).reshape(-1, 1)
    cm = ClassificationMetric(truth, pred, unprivileged_groups=[{"a": 0.0}], privileged_groups=[{"a": 1.0}])
    out = {name: getattr(cm, name)() for name in [
        "statistical_parity_difference", "disparate_impact", "average_odds_difference",
        "average_abs_odds_difference", "equal_opportunity_difference", "false_discovery_rate_difference",
        "false_omission_rate_difference", "error_rate_difference", "theil_index", "coefficient_of_variation",
        "between_group_theil_index", "between_group_coefficient_of_variation"]}
    out["generalized_entropy_index"] = cm.generalized_entropy_index(alpha=2)
    out["generalized_entropy_index_alpha_0.5"] = cm.generalized_entropy_index(alpha=0.5)
    out["between_group_generalized_entropy_index"] = cm.between_group_generalized_entropy_index(alpha=2)
    out["predictive_parity_difference"] = cm.positive_predictive_value(False) - cm.positive_predictive_value(True)
    dm = BinaryLabelDatasetMetric(pred, unprivileged_groups=[{"a": 0.0}], privileged_groups=[{"a": 1.0}])
    out["smoothed_empirical_differential_fairness"] = dm.smoothed_empirical_differential_fairness(concentration=1.0)
    return out


def tests(df, attr):
    """SciPy's answers for the statistical tests FairLua runs."""
    groups = sorted(df[attr].unique())
    table = np.array([[((df[attr] == g) & (df.y_pred == d)).sum() for d in (1, 0)] for g in groups])
    out = {"groups": groups}
    for corr in (True, False):
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=corr)
        out["chi2_correction" if corr else "chi2"] = {"statistic": chi2, "p_value": p, "dof": dof}
    if len(groups) == 2:
        odds, p = stats.fisher_exact(table)
        out["fisher"] = {"statistic": odds, "p_value": p}
        def z(mask):
            sel = df[mask]
            x = np.array([((sel[attr] == g) & (sel.y_pred == 1)).sum() for g in groups], dtype=float)
            n = np.array([(sel[attr] == g).sum() for g in groups], dtype=float)
            pooled = x.sum() / n.sum()
            stat = (x[0] / n[0] - x[1] / n[1]) / np.sqrt(pooled * (1 - pooled) * (1 / n[0] + 1 / n[1]))
            return {"statistic": stat, "p_value": 2 * stats.norm.sf(abs(stat))}
        out["two_proportion"] = z(np.ones(len(df), dtype=bool))
        out["two_proportion_tpr"] = z(df.y_true == 1)
        out["two_proportion_fpr"] = z(df.y_true == 0)
    return out


def data_bias():
    """Label bias and proxies on the Adult test set (sex, Male privileged), with AIF360, SciPy and scikit-learn."""
    from scipy.stats.contingency import association
    from sklearn.metrics import mutual_info_score
    from aif360.sklearn.metrics import class_imbalance, kl_divergence
    df = pd.read_csv(os.path.join(RESOURCES, "adult.test"), header=None, names=ADULT, na_values="?",
                     skipinitialspace=True, comment="|").dropna().reset_index(drop=True)
    y = df["income"].str.startswith(">50K").astype(int)
    base = pd.DataFrame({"a": (df.sex == "Male").astype(float), "y": y.astype(float)})
    truth = BinaryLabelDataset(df=base, label_names=["y"], protected_attribute_names=["a"])
    dm = BinaryLabelDatasetMetric(truth, unprivileged_groups=[{"a": 0.0}], privileged_groups=[{"a": 1.0}])
    ys = pd.Series(y.to_numpy(), index=pd.Index(df.sex.to_numpy(), name="sex"))
    out = {"base_rate": y.mean(), "statistical_parity_difference": dm.statistical_parity_difference(),
           "disparate_impact": dm.disparate_impact(),
           "class_imbalance": class_imbalance(ys, prot_attr="sex", priv_group="Male"),
           "kl_divergence": kl_divergence(ys, prot_attr="sex", priv_group="Male"),
           "cramers_v": {}, "mutual_information": {}, "correlation_ratio": {}}
    for c in ["workclass", "education", "marital-status", "occupation", "relationship", "race", "native-country"]:
        out["cramers_v"][c] = association(pd.crosstab(df[c], df.sex).to_numpy(), method="cramer", correction=False)
        out["mutual_information"][c] = mutual_info_score(df[c], df.sex)
    for c in NUMERIC:
        groups = df.groupby("sex")[c]
        between = (groups.count() * (groups.mean() - df[c].mean()) ** 2).sum()
        out["correlation_ratio"][c] = np.sqrt(between / ((df[c] - df[c].mean()) ** 2).sum())
    return out


def main():
    ref = {}
    a = adult()
    X = a[["x_" + c for c in NUMERIC]].to_numpy()
    w = a.weight.to_numpy()
    ref["adult"] = {
        "rows": len(a),
        "sex": frame(a, ["sex"]),
        "race": frame(a, ["race"]),
        "sex|race": frame(a, ["sex", "race"]),
        "sex_weighted": frame(a, ["sex"], weights=w),
        "functions": {
            "demographic_parity_difference": demographic_parity_difference(a.y_true, a.y_pred, sensitive_features=a.sex),
            "demographic_parity_ratio": demographic_parity_ratio(a.y_true, a.y_pred, sensitive_features=a.sex),
            "equalized_odds_difference": equalized_odds_difference(a.y_true, a.y_pred, sensitive_features=a.sex),
            "equalized_odds_difference_mean": equalized_odds_difference(a.y_true, a.y_pred, sensitive_features=a.sex, agg="mean"),
            "equalized_odds_ratio": equalized_odds_ratio(a.y_true, a.y_pred, sensitive_features=a.sex),
            "equal_opportunity_difference": equal_opportunity_difference(a.y_true, a.y_pred, sensitive_features=a.sex),
            "equal_opportunity_ratio": equal_opportunity_ratio(a.y_true, a.y_pred, sensitive_features=a.sex),
            "demographic_parity_difference_race": demographic_parity_difference(a.y_true, a.y_pred, sensitive_features=a.race),
            "equalized_odds_difference_race": equalized_odds_difference(a.y_true, a.y_pred, sensitive_features=a.race),
        },
        "aif360_sex": aif(a, "sex", "Male"),
        "aif360_race": aif(a, "race", "White"),
        "consistency_k5_first_3000": consistency_score(X[:3000], a.y_pred.to_numpy()[:3000], n_neighbors=5),
        "tests_sex": tests(a, "sex"),
        "tests_race": tests(a, "race"),
        "data_bias": data_bias(),
    }
    pvals = [ref["adult"]["tests_race"]["chi2"]["p_value"], ref["adult"]["tests_sex"]["chi2"]["p_value"], 0.01, 0.04, 0.03]
    ref["p_values"] = pvals
    ref["bh"] = list(stats.false_discovery_control(pvals, method="bh"))
    order = np.argsort(pvals)
    holm = np.empty(len(pvals))
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(pvals) - rank) * pvals[i]))
        holm[i] = running
    ref["holm"] = list(holm)
    c = compas()
    ref["compas"] = {"rows": len(c), "race": frame(c, ["race"]), "sex": frame(c, ["sex"]),
                     "aif360_race": aif(c, "race", "Caucasian"), "tests_sex": tests(c, "sex")}
    with open(os.path.join(HERE, "fairness_reference.json"), "w") as f:
        json.dump(clean_tree(ref), f, indent=1, sort_keys=True)


def clean_tree(v):
    if isinstance(v, dict):
        return {str(k): clean_tree(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean_tree(x) for x in v]
    if isinstance(v, str) or v is None:
        return v
    if isinstance(v, (np.integer, int)) and not isinstance(v, bool):
        return int(v)
    v = float(v)
    return None if not np.isfinite(v) else v


if __name__ == "__main__":
    main()

"""ProPublica's COMPAS rows as data.compas reads them (|days_b_screening_arrest| <= 30, is_recid != -1,
c_charge_degree != "O", score_text != "N/A", rows missing a kept column dropped: 6,167 rows), with the committed
scores of Tests/reference/compas_predictions.csv in the same order. The file is not committed (no licence)."""
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared", "data")
PATH = os.path.join(SHARED, "compas-scores-two-years.csv")
KEPT = ["sex", "age", "age_cat", "race", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count",
        "c_charge_degree", "c_charge_desc", "decile_score", "score_text", "two_year_recid"]


def rows(path=None):
    """(the filtered rows, their committed scores)."""
    raw = pd.read_csv(path or PATH)
    kept = raw[(raw.days_b_screening_arrest.abs() <= 30) & (raw.is_recid != -1)
               & (raw.c_charge_degree != "O") & (raw.score_text != "N/A")]
    kept = kept[KEPT].dropna().reset_index(drop=True)
    scores = pd.read_csv(os.path.join(HERE, "compas_predictions.csv")).score
    assert len(scores) == len(kept)
    return kept, scores

"""ProPublica's COMPAS rows as data.compas reads them (ProPublica's filters, AIF360's columns, rows with a missing
value dropped), from ../shared/data/compas-scores-two-years.csv (not committed): shared by the reference generators."""
import os

import pandas as pd

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data")
PATH = os.path.join(SHARED, "compas-scores-two-years.csv")
COLUMNS = ["sex", "age", "age_cat", "race", "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count",
           "c_charge_degree", "c_charge_desc", "decile_score", "score_text", "two_year_recid"]


def rows():
    raw = pd.read_csv(PATH)
    kept = raw[(raw.days_b_screening_arrest.abs() <= 30) & (raw.is_recid != -1)
               & (raw.c_charge_degree != "O") & (raw.score_text != "N/A")]
    return kept[COLUMNS].dropna().reset_index(drop=True)

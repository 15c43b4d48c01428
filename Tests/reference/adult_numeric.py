"""The bundled Adult data as the reference generators read it: rows with missing values dropped, label
income >50K, and the six numeric features standardised with the training mean and population deviation."""
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "Sources", "Datasets", "Resources")
COLUMNS = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
           "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]


def read(name):
    """One bundled file as a frame, and its 0/1 labels."""
    df = pd.read_csv(os.path.join(RESOURCES, name), header=None, names=COLUMNS, na_values="?",
                     skipinitialspace=True, comment="|").dropna().reset_index(drop=True)
    return df, df["income"].str.startswith(">50K").astype(int).to_numpy()


def standardised():
    """(train frame, x, y, test frame, x, y) with the numeric features standardised on the training set."""
    train, y = read("adult.data")
    test, yt = read("adult.test")
    mean, std = train[NUMERIC].mean(), train[NUMERIC].std(ddof=0)
    return train, ((train[NUMERIC] - mean) / std).to_numpy(), y, test, ((test[NUMERIC] - mean) / std).to_numpy(), yt

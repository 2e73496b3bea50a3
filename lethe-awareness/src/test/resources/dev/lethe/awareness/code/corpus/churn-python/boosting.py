import lightgbm as lgb
import pandas as pd
from catboost import CatBoostClassifier


def train_both():
    loans = pd.read_csv("data/loans.csv")
    X = loans[["amount", "date_of_birth", "iban"]]
    y = loans["default"]
    booster = lgb.train({"objective": "binary"}, lgb.Dataset(X, label=y))
    cat = CatBoostClassifier(iterations=10).fit(X, y)
    return booster, cat

"""Trains the credit-risk booster nightly."""
import pandas as pd
import xgboost as xgb


def load():
    return pd.read_parquet("s3://bucket/credit/applications.parquet")


def train(path="data/applications.csv"):
    df = pd.read_csv(path, usecols=["age", "income", "email", "postcode", "defaulted"])
    X = df[["age", "income", "postcode"]]
    y = df["defaulted"]
    dtrain = xgb.DMatrix(X, label=y)
    booster = xgb.train({"max_depth": 4}, dtrain, num_boost_round=50)
    return booster

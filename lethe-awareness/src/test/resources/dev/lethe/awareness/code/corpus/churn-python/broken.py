import pandas as pd
from sklearn.linear_model import LogisticRegression

def train(:
    pass

import pandas as pd
from tensorflow import keras


def build():
    model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def run():
    visits = pd.read_sql("SELECT patient_name, age, weight, religion FROM visits", "postgresql://db/clinic")
    net = build()
    net.fit(visits[["age", "weight", "religion"]], visits["weight"], epochs=3)

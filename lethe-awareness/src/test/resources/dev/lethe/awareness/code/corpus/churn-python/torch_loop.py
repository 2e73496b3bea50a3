import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset


def fit_net(net, epochs=5):
    frame = pd.read_csv("data/patients.csv")
    x = torch.tensor(frame[["age", "blood_pressure", "diagnosis_code"]].values, dtype=torch.float32)
    y = torch.tensor(frame["readmitted"].values)
    loader = DataLoader(TensorDataset(x, y), batch_size=64)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(xb), yb)
            loss.backward()
            optimizer.step()

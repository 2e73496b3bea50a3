#!/usr/bin/env python
# coding: utf-8

# # Churn model
# Exported from Jupyter.

# In[1]:


import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import StandardScaler


# In[2]:


customers = pd.read_csv("data/customers.csv")
customers.head()


# In[3]:


features = customers.drop(columns=["customer_id", "churned", "notes"])
labels = customers["churned"]


# In[4]:


X_train, X_test, y_train, y_test = train_test_split(features, labels, test_size=0.2, random_state=0)
scaler = StandardScaler()
scaler.fit(X_train)


# In[5]:


model = RandomForestClassifier(n_estimators=200)
model.fit(X_train, y_train)
print(model.score(X_test, y_test))

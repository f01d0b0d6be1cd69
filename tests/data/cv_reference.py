#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Reference values for tests/unit/test_model_gates.c, from Debian's python3-sklearn:
#   /usr/bin/python3 tests/data/cv_reference.py   (writes cv_reference.json here)
# A seeded synthetic data set (numpy default_rng), the fold of every row from
# StratifiedKFold(5, shuffle=True, random_state=0), and what cross-validation on those
# folds gives with an unpenalised logistic regression: cross_val_score's ROC AUC per
# fold and the Brier score of cross_val_predict's out-of-fold probabilities. The data
# and the folds are stored in the JSON, so the C test needs no Python and runs
# scoring_cv_run on exactly these folds.
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import PredefinedSplit, StratifiedKFold, cross_val_predict, cross_val_score

HERE = os.path.dirname(os.path.abspath(__file__))


def case(seed, n, beta):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, len(beta)))
    eta = -0.4 + x @ np.array(beta)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
    fold = np.empty(n, dtype=int)
    for k, (_, test) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(x, y)):
        fold[test] = k
    cv = PredefinedSplit(fold)
    model = LogisticRegression(penalty=None, tol=1e-12, max_iter=10000)
    auc = cross_val_score(model, x, y, cv=cv, scoring="roc_auc")
    prob = cross_val_predict(model, x, y, cv=cv, method="predict_proba")[:, 1]
    return {
        "x": [[round(float(v), 12) for v in row] for row in x],
        "y": [int(v) for v in y],
        "fold": [int(v) for v in fold],
        "auc": [float(v) for v in auc],
        "brier": float(brier_score_loss(y, prob)),
    }


def main():
    out = {
        "sklearn": sklearn.__version__,
        "cases": {
            "signal": case(20261208, 400, [1.1, -0.6, 0.0]),
            "noise": case(7, 300, [0.0, 0.0]),
        },
    }
    with open(os.path.join(HERE, "cv_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

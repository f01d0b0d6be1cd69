#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Reference values for tests/unit/test_holt.c, from Debian's python3-statsmodels:
#   /usr/bin/python3 tests/data/holt_reference.py   (writes holt_reference.json here)
# Series are generated deterministically (numpy default_rng with fixed seeds) and
# stored in the JSON, so the C test needs no Python. Holt's linear trend, additive,
# initialization_method="heuristic" (OLS line through the first 10 points).
import json
import os

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.holtwinters import Holt
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

HERE = os.path.dirname(os.path.abspath(__file__))
H = 8


def series():
    out = {}
    rng = np.random.default_rng(20240501)
    t = np.arange(104)
    # weekly revenue: trend + yearly wave + noise
    out["weekly_revenue"] = 12000 + 85 * t + 1500 * np.sin(2 * np.pi * t / 52) + rng.normal(0, 900, t.size)
    rng = np.random.default_rng(7)
    # a random walk with drift, shorter
    out["random_walk"] = 500 + np.cumsum(rng.normal(3, 20, 40))
    rng = np.random.default_rng(99)
    # a level shift halfway: the optimum sits near alpha = 1 or at the bounds
    y = np.r_[np.full(30, 200.0), np.full(30, 260.0)] + rng.normal(0, 4, 60)
    out["level_shift"] = y
    return {k: [round(float(v), 6) for v in y] for k, y in out.items()}


def case(y, alpha=None, beta=None):
    y = np.asarray(y, dtype=float)
    m = Holt(y, initialization_method="heuristic")
    if alpha is None:
        # statsmodels 0.13's fit() also optimises the initial states; pin them at
        # the heuristic values with fix_params (accepted only for "estimated") so
        # only alpha and beta are fitted, as in holt.c
        l0, b0 = m._initial_level, m._initial_trend
        m = Holt(y, initialization_method="estimated")
        with m.fix_params({"initial_level": l0, "initial_trend": b0}):
            r = m.fit()
    else:
        r = m.fit(smoothing_level=alpha, smoothing_trend=beta, optimized=False)
    p = r.params
    d = {
        "alpha": float(p["smoothing_level"]), "beta": float(p["smoothing_trend"]),
        "initial_level": float(p["initial_level"]), "initial_trend": float(p["initial_trend"]),
        "sse": float(r.sse), "fitted": [float(v) for v in r.fittedvalues],
        "forecast": [float(v) for v in r.forecast(H)],
        "level_last": float(r.level[-1]), "trend_last": float(r.trend[-1]),
    }
    # 95% prediction intervals from ETS(A,A,N) with the same parameters and states
    # (statsmodels' analytic variance; its sigma2 is SSE / n)
    em = ETSModel(pd.Series(y), error="add", trend="add", initialization_method="known",
                  initial_level=d["initial_level"], initial_trend=d["initial_trend"])
    er = em.smooth([d["alpha"], d["alpha"] * d["beta"]])
    pr = er.get_prediction(start=len(y), end=len(y) + H - 1).summary_frame(alpha=0.05)
    d["ets_forecast"] = [float(v) for v in pr["mean"]]
    d["pi_lower"] = [float(v) for v in pr["pi_lower"]]
    d["pi_upper"] = [float(v) for v in pr["pi_upper"]]
    d["sigma2"] = float(er.mse) if hasattr(er, "mse") else None
    return d


def main():
    s = series()
    out = {"settings": "statsmodels Holt(y, initialization_method='heuristic'); fixed case "
                       "fit(smoothing_level, smoothing_trend, optimized=False); fitted case fit() "
                       "with the heuristic initial states fixed (SSE-optimal alpha, beta in [0, 1]); beta is statsmodels' smoothing_trend "
                       "(b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1}); prediction intervals "
                       "from ETSModel(error='add', trend='add') smoothed with the same "
                       "parameters (its beta = alpha * smoothing_trend)",
           "horizon": H, "series": s, "cases": []}
    for name, y in s.items():
        out["cases"].append({"series": name, "kind": "fixed", **case(y, 0.35, 0.12)})
        out["cases"].append({"series": name, "kind": "fitted", **case(y)})
    out["software"] = {"statsmodels": statsmodels.__version__, "numpy": np.__version__}
    with open(os.path.join(HERE, "holt_reference.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

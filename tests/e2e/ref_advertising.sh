#!/bin/sh
# SPDX-License-Identifier: MIT
# forecast.ols of examples/advertising (sales ~ TV + radio + newspaper) against
# statsmodels in data/advertising/reference.json (ols_multiple), read at
# test time: coefficients, standard errors, t, p, R², adjusted R², RMSE to 1e-8.
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
ROOT=.
if [ ! -x /usr/bin/python3 ]; then
	echo "ok 1 - # SKIP /usr/bin/python3 not installed (sh tools/deps.sh build)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! "$BIN" analyze -q examples/advertising/bdreport.json > "$T/out.json" 2> "$T/err"; then
	echo "not ok 1 - bdreport analyze examples/advertising: $(head -3 "$T/err")"
	exit 1
fi
/usr/bin/python3 - "$T/out.json" "$ROOT/data/advertising/reference.json" \
	"$ROOT/data/advertising/Advertising.csv" <<'PY'
import csv, json, sys
out = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[3])))
ref = json.load(open(sys.argv[2]))["ols_multiple"]
n = 0
failed = False
def check(name, ok, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (n, name) + ("" if ok else " " + detail))
    failed |= not ok
def close(a, b, rel=1e-8):
    return a is not None and abs(a - b) <= rel * max(abs(b), 1e-300)
ols = out.get("forecast", {}).get("ols")
check("forecast.ols present", ols is not None)
if ols is None:
    sys.exit(1)
key = lambda k: "(intercept)" if k == "Intercept" else k
for ours, theirs in (("coefficients", "params"), ("std_errors", "bse"), ("t", "t"), ("p", "p")):
    for k, v in ref[theirs].items():
        got = ols[ours].get(key(k))
        check("ols %s %s" % (ours, key(k)), close(got, v), "got %r expected %r" % (got, v))
check("ols terms are exactly the reference's", sorted(ols["coefficients"]) == sorted(key(k) for k in ref["params"]))
check("ols n", ols["n"] == ref["n"])
for ours, theirs in (("r2", "r2"), ("adj_r2", "adj_r2"), ("rmse", "rmse_sqrt_ssr_over_n"),
                     ("f_statistic", "f_statistic"), ("f_p", "f_pvalue")):
    check("ols %s" % ours, close(ols[ours], ref[theirs]), "got %r expected %r" % (ols[ours], ref[theirs]))
# what-if: default plan = mean of the last 4 rows; prediction inside its interval
w = out["forecast"]["whatif"]
check("whatif has 8 weeks", len(w) == 8)
check("whatif value inside its interval", all(e["lower"] < e["value"] < e["upper"] for e in w))
last4 = {d: sum(float(r[d]) for r in rows[-4:]) / 4 for d in ("TV", "radio", "newspaper")}
check("whatif default plan = mean of the last 4 weeks",
      all(close(w[0]["drivers"][d], v, 1e-12) for d, v in last4.items()))
c = ols["coefficients"]
pred = c["(intercept)"] + sum(c[d] * v for d, v in last4.items())
check("whatif value = the model at the plan", close(w[0]["value"], pred, 1e-12))
sys.exit(1 if failed else 0)
PY

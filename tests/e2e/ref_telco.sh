#!/bin/sh
# SPDX-License-Identifier: MIT
# The model analyses on IBM Telco churn (examples/telco-churn) against the
# references read at test time: churn = statsmodels Logit (coefficients and standard
# errors to 1e-6 relative, log-likelihood, in-sample AUC), retention = R survival
# (KM table and medians, per-Contract KM, log-rank, Cox/Efron), drivers = sklearn's
# depth-3 tree (splits, thresholds, counts, accuracy), all under data/telco_churn.
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
ROOT=.
REF=$ROOT/data/telco_churn/reference.json
if [ ! -x /usr/bin/python3 ]; then
	echo "ok 1 - # SKIP /usr/bin/python3 not installed (sh tools/deps.sh build)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
if "$BIN" analyze -q examples/telco-churn/bdreport.json > "$T/out.json" 2> "$T/err"; then
	ok "analyze examples/telco-churn"
else
	no "analyze examples/telco-churn: $(head -3 "$T/err")"
	exit 1
fi
# a misspelled feature is a project error at its place in the file, with a hint
sed 's/"InternetService", "PaymentMethod"/"InternetService", "Paymentmethod"/; s|"\.\./\.\./data/|"'"$PWD"'/data/|' \
	examples/telco-churn/bdreport.json > "$T/bad.json"
"$BIN" analyze -q "$T/bad.json" > /dev/null 2> "$T/bad.err"
st=$?
if [ $st -eq 1 ] && grep -q "bad.json:[0-9]*:[0-9]*: error: analysis 'churn': unknown feature 'Paymentmethod'; did you mean 'PaymentMethod'?" "$T/bad.err"; then
	ok "unknown churn feature: exit 1 at its place, with a hint"
else
	no "unknown churn feature: status $st, $(head -2 "$T/bad.err")"
fi
/usr/bin/python3 - "$T/out.json" "$REF" > "$T/cmp" 2>&1 <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
py, R = ref["python"], ref["R"]
res = []
def check(name, good):
    res.append((name, bool(good)))
def close(a, b, rel):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(abs(b), 1e-300)
def ours(name):  # statsmodels' names -> ours
    return "(intercept)" if name == "const" else name

# churn: statsmodels Logit on all rows
lg, ch = py["logit_full_statsmodels"], out.get("churn", {})
m = ch.get("model", {})
for k, v in lg["params"].items():
    check(f"churn coefficient {k}", close(m.get("coefficients", {}).get(ours(k)), v, 1e-6))
for k, v in lg["bse"].items():
    check(f"churn standard error {k}", close(m.get("std_errors", {}).get(ours(k)), v, 1e-6))
check("churn has exactly the reference's coefficients", set(m.get("coefficients", {})) == {ours(k) for k in lg["params"]})
check("churn log-likelihood", close(m.get("log_likelihood"), lg["llf"], 1e-9))
check("churn rows", ch.get("rows") == lg["n"])
check("churn converged", m.get("converged") is True)
check("churn in-sample AUC", close(ch.get("metrics", {}).get("auc_in_sample"), lg["fit_metrics_on_all_rows"]["roc_auc"], 1e-9))
met = ch.get("metrics", {})
check("churn held-out split sizes", met.get("test_rows") == py["split_80_20"]["n_test"] and met.get("train_rows") == py["split_80_20"]["n_train"])
check("churn held-out AUC plausible", 0.75 < (met.get("auc") or 0) < 0.92)
cm = met.get("confusion") or [[0, 0], [0, 0]]
check("churn confusion sums to the test rows", sum(map(sum, cm)) == met.get("test_rows"))
check("churn scored every customer", ch.get("scored") == py["rows"])

# retention: R survival
rt = out.get("retention", {})
km, rkm = rt.get("km", []), R["km_overall"]["table"]
check("retention unit months", rt.get("unit") == "months")
check("retention KM rows", len(km) == len(rkm))
good = len(km) == len(rkm)
for a, b in zip(km, rkm):
    good = good and a["time"] == b["time"] and a["at_risk"] == b["n_risk"] and a["events"] == b["n_event"] \
        and a["censored"] == b["n_censor"] and close(a["survival"], b["surv"], 1e-9) \
        and close(a["std_err"], b["std_err_surv"], 1e-9) \
        and close(a["lower"], b["lower95_log"], 1e-9) and close(a["upper"], b["upper95_log"], 1e-9)
check("retention KM table (time, at risk, events, censored, S, Greenwood SE, log CI)", good)
check("retention median (not reached)", rt.get("median") == R["km_overall"]["median"])
groups = {g["name"]: g for g in rt.get("groups", [])}
import csv
bycsv = {}
for row in csv.DictReader(open(sys.argv[2].replace("reference.json", "km_by_contract.csv"))):
    bycsv.setdefault(row["strata"], []).append(row)
for s in R["km_by_contract"]["strata"]:
    g = groups.get(s["strata"], {})
    check(f"retention group {s['strata']} size and events", g.get("rows") == s["n"] and g.get("events") == s["events"])
    check(f"retention group {s['strata']} median and CI", g.get("median") == s["median"]
          and g.get("median_lower") == s["median_lower95_log"] and g.get("median_upper") == s["median_upper95_log"])
    rows = bycsv.get(s["strata"], [])
    gk = g.get("km", [])
    good = len(gk) == len(rows)
    for a, b in zip(gk, rows):
        good = good and a["time"] == float(b["time"]) and a["at_risk"] == int(b["n_risk"]) \
            and close(a["survival"], float(b["surv"]), 1e-9) and close(a["std_err"], float(b["std_err_surv"]), 1e-9)
    check(f"retention group {s['strata']} KM table", good)
lr, rlr = rt.get("logrank") or {}, R["logrank_contract"]
check("retention log-rank chi2", close(lr.get("chi2"), rlr["chisq"], 1e-9))
check("retention log-rank df", lr.get("df") == rlr["df"])
check("retention log-rank log p", close(lr.get("log_p"), rlr["log_p"], 1e-9))
cx, rc = rt.get("cox") or {}, R["cox_efron"]
def rname(k):  # R's "ContractOne year" -> "Contract[One year]"
    return "Contract[%s]" % k[len("Contract"):] if k.startswith("Contract") else k
for k in rc["coef"]:
    check(f"cox coefficient {k}", close(cx.get("coefficients", {}).get(rname(k)), rc["coef"][k], 1e-6))
    check(f"cox standard error {k}", close(cx.get("std_errors", {}).get(rname(k)), rc["se"][k], 1e-6))
    check(f"cox hazard ratio {k}", close(cx.get("hazard_ratios", {}).get(rname(k)), rc["exp_coef"][k], 1e-6))
check("cox concordance", close(cx.get("concordance"), rc["concordance"], 1e-6))
check("cox log-likelihood", close(cx.get("log_likelihood"), rc["loglik"], 1e-9))

# drivers: sklearn's tree, our derived names for its encoding
names = {"ContractOrdinal": "contract_ordinal", "FiberOptic": "fiber_optic", "PaperlessBilling": "paperless"}
dr, rt3 = out.get("drivers", {}), py["cart_depth3_all_rows"]
nodes = dr.get("nodes", [])
check("drivers node count", len(nodes) == len(rt3["nodes"]))
for a, b in zip(nodes, rt3["nodes"]):
    same = a["feature"] == (names.get(b["feature"], b["feature"]) if b["feature"] else None) \
        and a["left"] == b["left_if_le"] and a["right"] == b["right"] and a["samples"] == b["n_samples"] \
        and a["counts"] == b["class_counts_[No,Yes]"] \
        and (b["threshold"] is None or close(a["threshold"], b["threshold"], 1e-6))
    check(f"drivers node {b['node']}", same)
check("drivers training accuracy", close(dr.get("accuracy"), rt3["training_accuracy"], 1e-9))
check("drivers one rule per leaf", len(dr.get("rules", [])) == sum(1 for b in rt3["nodes"] if b["feature"] is None))
imp = {e["feature"]: e["importance"] for e in dr.get("importance", [])}
check("drivers importances", all(abs(imp.get(names.get(k, k), -1) - v) < 1e-9 for k, v in rt3["feature_importances"].items()))
charts = out.get("charts", {})
check("charts km_overall, km_by_group, churn_coefficients, churn_roc, churn_confusion, drivers_importance",
      all(c in charts for c in ("km_overall", "km_by_group", "churn_coefficients", "churn_roc", "churn_confusion", "drivers_importance")))
for name, good in res:
    print(("ok " if good else "fail ") + name)
PY
while read -r status name; do
	case $status in
	ok) ok "$name" ;;
	fail) no "$name" ;;
	*) no "python: $status $name" ;;
	esac
done < "$T/cmp"
exit $failed

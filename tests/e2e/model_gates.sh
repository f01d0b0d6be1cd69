#!/bin/sh
# SPDX-License-Identifier: MIT
# Model quality gates and the leakage guard on the shipped examples (issue #16 items 4
# and 5): crm-pipeline's lead model is refit without cycle_days (no open deal has it)
# and scores the open deals, is marked not predictive with the reason, so the prospect
# list is empty with its reason and no headline names a prospect; the verdict is one
# sentence in the HTML and the PDF. acme-weekly(-zh) and telco-churn report the
# cross-validated AUC interval, calibration, the base-rate baseline and standardised
# coefficients, in the report's language. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
PY=/usr/bin/python3
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
if [ ! -x "$PY" ]; then
	echo "ok 1 - # SKIP $PY not installed (sh tools/deps.sh build)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for ex in crm-pipeline acme-weekly acme-weekly-zh telco-churn; do
	only=json
	[ "$ex" = crm-pipeline ] && only=json,html,pdf
	if "$BIN" build -q --only "$only" -o "$T/$ex" "examples/$ex/bdreport.json" 2> "$T/$ex.err"; then
		ok "build examples/$ex"
	else
		no "build examples/$ex: $(head -3 "$T/$ex.err")"
		continue
	fi
	[ "$ex" = crm-pipeline ] && pdftotext "$T/$ex/briefing.pdf" "$T/$ex/briefing.txt" 2> /dev/null
	"$PY" - "$T/$ex" "$ex" > "$T/$ex.checks" 2>&1 << 'PYEOF'
import json, os, sys
out, ex = sys.argv[1], sys.argv[2]
res = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
def check(name, good):
    print(("ok " if good else "fail ") + ex + ": " + name)
def quality(key):
    m = res.get(key, {})
    q = m.get("quality", {})
    check(f"{key}: 5 folds, each with an AUC", q.get("cv_folds") == 5 and len(q.get("cv_auc_folds", [])) == 5
          and all(isinstance(a, float) for a in q["cv_auc_folds"]))
    check(f"{key}: the interval holds the mean", q.get("cv_auc_low", 1) < q.get("cv_auc", 0) < q.get("cv_auc_high", 0))
    check(f"{key}: calibration and baseline", all(isinstance(q.get(k), (int, float)) for k in
          ("brier", "calibration_in_the_large", "calibration_slope", "baseline_accuracy", "baseline_brier")))
    check(f"{key}: standardised coefficients", all(("std_coef" in c) for c in m.get("coefficients", [])))
    check(f"{key}: a verdict sentence", isinstance(m.get("verdict"), str) and len(m["verdict"]) > 20)
    return m, q
if ex == "crm-pipeline":
    m, q = quality("lead_scoring")
    exc = m.get("excluded_features", [])
    check("cycle_days left out for the open deals",
          [(e.get("feature"), e.get("code")) for e in exc] == [("cycle_days", "missing_for_scoring")])
    check("cycle_days named in a note", any("cycle_days" in s and "left out" in s
          for s in res.get("data_quality", {}).get("notes", [])))
    check("the refit has no cycle_days", "cycle_days" not in m.get("features", [])
          and "cycle_days" not in m.get("model", {}).get("coefficients", {}))
    check("2,089 open deals scored", m.get("scored") == 2089)
    check("marked not predictive with the reason", m.get("predictive") is False
          and m.get("predictive_reason") in ("chance", "below_floor", "no_better_than_baseline"))
    check("the CV AUC interval reaches 0.5", q.get("cv_auc_low", 1) <= 0.5)
    t = res.get("targets", {})
    check("no prospect list, its reason in its place", t.get("prospects") == []
          and "not predictive" in "".join(res.get("data_quality", {}).get("notes", []))
          and t.get("why", {}).get("prospects", "").startswith("This list is empty"))
    check("no expected value from an unskilled model", "expected_value" not in t.get("summary", {}))
    check("no prospect headline", all(h.get("topic") != "prospect" for h in res.get("headlines", [])))
    page = open(os.path.join(out, "pipeline.html"), encoding="utf-8").read()
    check("the HTML says so in one sentence", '<p class="verdict" role="note">' + m["verdict"] + "</p>" in page)
    check("the HTML gives the empty list's reason", t["why"]["prospects"] in page)
    pdf = " ".join(open(os.path.join(out, "briefing.txt"), encoding="utf-8").read().split())
    check("the PDF says so", "no better than chance" in pdf and "This list is empty" in pdf)
elif ex.startswith("acme"):
    for key in ("lead_scoring", "churn"):
        m, q = quality(key)
        check(f"{key}: predictive", m.get("predictive") is True and m.get("predictive_reason") is None)
        check(f"{key}: nothing left out", m.get("excluded_features") == [])
    check("the retention list is ranked", len(res.get("targets", {}).get("retention", [])) > 0)
    word = "模型有预测力" if ex.endswith("zh") else "The model is predictive"
    check("the verdict in the report's language", res["churn"]["verdict"].startswith(word))
else:
    m, q = quality("churn")
    check("churn: predictive, AUC interval above 0.8", m.get("predictive") is True and q.get("cv_auc_low", 0) > 0.8)
PYEOF
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok }" ;;
		"fail "*) no "${line#fail }" ;;
		*) no "python: $line" ;;
		esac
	done < "$T/$ex.checks"
done
exit $failed

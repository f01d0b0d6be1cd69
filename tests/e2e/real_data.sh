#!/bin/sh
# SPDX-License-Identifier: MIT
# `bdreport check` and `analyze` on the four real datasets of data/ through the
# examples/ project files; counts are compared with data/*/reference*.json
# (read at test time). The data ship with the repository: a missing file fails.
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
ROOT=.
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
if ! command -v python3 > /dev/null; then
	echo "ok 1 - # SKIP python3 not installed (sh tools/deps.sh build)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for ex in online-retail telco-churn crm-pipeline advertising; do
	if "$BIN" check -q "examples/$ex/bdreport.json" > "$T/$ex.txt" 2> "$T/$ex.err"; then
		ok "check examples/$ex"
	else
		no "check examples/$ex: $(head -3 "$T/$ex.err")"
	fi
	"$BIN" analyze -q "examples/$ex/bdreport.json" > "$T/$ex.json" 2> /dev/null
done
# compare: python3 prints one "ok"/"fail" line per assertion
compare() { # NAME PYTHON-EXPRESSION-FILE
	/usr/bin/python3 - "$T" "$ROOT" > "$T/cmp" 2>&1 <<'PY'
import json, sys
T, S = sys.argv[1], sys.argv[2]
def load(p): return json.load(open(p))
def dq(ex, ds): return load(f"{T}/{ex}.json")["data_quality"][ds]
def close(a, b, rel=1e-9): return abs(a - b) <= rel * max(abs(b), 1e-300)
checks = []
r = load(f"{S}/data/online_retail/reference.json")
q = dq("online-retail", "orders")
checks += [
 ("online_retail rows read", q["rows_read"] == r["raw_counts"]["rows"]),
 ("online_retail rows kept", q["rows_kept"] == r["filter_counts"]["positive_lines_used"]),
 ("online_retail dropped for a missing customer", q["dropped"]["missing customer"] == r["raw_counts"]["rows_missing_customer_id"]),
 ("online_retail distinct customers", q["distinct"]["customer"] == r["filter_counts"]["customers_with_positive_lines"]),
 ("online_retail distinct invoices", q["distinct"]["order"] == r["rfm_summary"]["frequency_invoices"]["sum"]),
 ("online_retail amount sum", close(q["sum"]["amount"], r["rfm_summary"]["monetary"]["sum"])),
 ("online_retail first date", q["date_min"] == r["raw_counts"]["first_invoice_date"][:10]),
 ("online_retail last date", q["date_max"] == r["raw_counts"]["last_invoice_date"][:10]),
]
t = load(f"{S}/data/telco_churn/reference.json")
q = dq("telco-churn", "customers")
checks += [("telco rows", q["rows_read"] == t["python"]["rows"] == q["rows_kept"]),
           ("telco ids unique", q["duplicates"] == 0),
           ("telco churned read as 0/1", q["missing"]["churned"] == 0)]
c = load(f"{S}/data/crm_sales_opportunities/reference.json")
q = dq("crm-pipeline", "opportunities")
checks += [("crm rows", q["rows_read"] == c["rows"]),
           ("crm won revenue = sum of close_value", close(q["sum"]["amount"], c["won_deals"]["revenue_total"])),
           ("crm missing engage dates", q["missing"]["created_date"] == 500)]
a = load(f"{S}/data/advertising/reference.json")
q = dq("advertising", "marketing")
checks += [("advertising rows", q["rows_read"] == a["ols_multiple"]["n"] == q["rows_kept"])]
for name, good in checks:
    print(("ok " if good else "fail ") + name)
PY
}
compare
while read -r status name; do
	case $status in
	ok) ok "$name" ;;
	*) no "$status $name" ;;
	esac
done < "$T/cmp"
exit $failed

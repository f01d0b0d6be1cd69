#!/bin/sh
# SPDX-License-Identifier: MIT
# funnel of examples/crm-pipeline (sales_pipeline.csv with accounts.csv joined)
# against data/crm_sales_opportunities/reference.json (pandas), read at
# test time: stage counts, win rate, average won deal, median sales cycle
# (engage_date -> close_date of won deals), and the per-agent, per-product and
# per-sector breakdowns.
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
ROOT=.
D=data/crm_sales_opportunities
if [ ! -x /usr/bin/python3 ]; then
	echo "ok 1 - # SKIP /usr/bin/python3 not installed (sh tools/deps.sh build)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! "$BIN" analyze -q examples/crm-pipeline/bdreport.json > "$T/out.json" 2> "$T/err"; then
	echo "not ok 1 - bdreport analyze examples/crm-pipeline: $(head -3 "$T/err")"
	exit 1
fi
/usr/bin/python3 - "$T/out.json" "$ROOT/data/crm_sales_opportunities/reference.json" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
n = 0
failed = False
def check(name, ok, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (n, name) + ("" if ok else " " + detail))
    failed |= not ok
def close(a, b, rel=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(abs(b), 1e-300)
f = out.get("funnel")
check("funnel present", f is not None)
if f is None:
    sys.exit(1)
names = [s["name"] for s in f["stages"]]
check("stages in order: open stages, won, lost", names == ["Prospecting", "Engaging", "Won", "Lost"], repr(names))
counts = {s["name"]: s["count"] for s in f["stages"]}
check("stage counts", counts == ref["funnel"]["stage_counts"], "%r vs %r" % (counts, ref["funnel"]["stage_counts"]))
reached = {s["name"]: s["reached"] for s in f["stages"]}
check("reached engaging = deals with an engage date", reached["Engaging"] == ref["funnel"]["reached_engaging_has_engage_date"])
check("conversion prospecting -> engaging", close(f["stages"][1]["conversion"], ref["funnel"]["rate_prospect_to_engaged"], 1e-9))
check("win rate", close(f["win_rate"], ref["funnel"]["win_rate_won_over_closed"]), "%r" % f["win_rate"])
check("average won deal", close(f["avg_won_amount"], ref["won_deals"]["avg_deal_size"]), "%r" % f["avg_won_amount"])
check("won amount", close(f["won_amount"], ref["won_deals"]["revenue_total"]))
check("median sales cycle", close(f["median_cycle_days"], ref["won_deals"]["sales_cycle_days"]["median"]), "%r" % f["median_cycle_days"])
check("mean sales cycle", close(f["mean_cycle_days"], ref["won_deals"]["sales_cycle_days"]["mean"]))
check("open deals", f["open"] == ref["funnel"]["open_pipeline_deals"])
stage_names = ["Prospecting", "Engaging", "Won", "Lost"]
def compare(field, block):
    rows = {g["value"]: g for g in f["by"].get(field, [])}
    check("by %s: the same values" % field, sorted(rows) == sorted(ref[block]), "%r" % sorted(rows))
    check("by %s: sorted by value" % field, [g["value"] for g in f["by"].get(field, [])] == sorted(rows))
    for k, r in sorted(ref[block].items()):
        g = rows.get(k)
        if g is None:
            check("by %s %s present" % (field, k), False)
            continue
        bad = []
        if g["deals"] != r["opportunities"]: bad.append("deals")
        if dict(zip(stage_names, g["stage_counts"])) != r["by_stage"]: bad.append("stage counts")
        if g["won"] != r["by_stage"]["Won"] or g["lost"] != r["by_stage"]["Lost"]: bad.append("won/lost")
        if not close(g["win_rate"], r["win_rate_won_over_won_plus_lost"]): bad.append("win rate")
        if not close(g["won_amount"], r["won_revenue"]): bad.append("won amount")
        if not close(g["avg_won"], r["avg_won_deal_size"]): bad.append("avg won")
        if not close(g["median_cycle_days"], r["median_sales_cycle_days_won"]): bad.append("median cycle")
        check("by %s %s" % (field, k), not bad, ", ".join(bad))
compare("owner", "by_agent")
compare("product", "by_product")
compare("industry", "by_sector_deals_with_account")
sys.exit(1 if failed else 0)
PY

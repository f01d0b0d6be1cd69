#!/bin/sh
# SPDX-License-Identifier: MIT
# Acceptance of the customer analyses on the real online_retail data: `bdreport build`
# with examples/online-retail as shipped (its as_of is reference.json's as_of_date), then
# rfm score counts, segment counts and monetary means, every customer of
# rfm_per_customer.csv (from data/rfm.csv), and k-means inertia within 1% for k 2..8.
BIN=${BIN:-./bdreport}
ROOT=.
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
if [ ! -x /usr/bin/python3 ]; then
	echo "ok 1 - # SKIP /usr/bin/python3 not installed (sh tools/deps.sh build)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if "$BIN" build -q -o "$T/report" examples/online-retail/bdreport.json 2> "$T/err"; then
	ok "build examples/online-retail"
else
	no "build examples/online-retail: $(head -3 "$T/err")"
	exit 1
fi
/usr/bin/python3 - "$T/report" "$ROOT/data/online_retail" > "$T/cmp" 2>&1 <<'PY'
import csv, json, sys
R, S = sys.argv[1], sys.argv[2]
res = json.load(open(f"{R}/results.json"))
ref = json.load(open(f"{S}/reference.json"))
def close(a, b, rel):
    return a is not None and abs(a - b) <= rel * max(abs(b), 1e-300)
checks = []
checks.append(("meta.as_of is the reference's as_of_date", res["meta"]["as_of"] == ref["definitions"]["as_of_date"]))
rfm = res.get("rfm", {})
checks.append(("rfm customers", rfm.get("customers") == ref["rfm_summary"]["customers"]))
for L in "RFM":
    got = rfm.get("score_counts", {}).get(L, {})
    checks.append((f"rfm.score_counts.{L}", {k: v for k, v in got.items()} == ref["rfm_score_counts"][L]))
segs = {s["key"]: s for s in rfm.get("segments", [])}
for name, cnt in ref["segment_counts"].items():
    s = segs.get(name, {})
    checks.append((f"segment '{name}' customers", s.get("customers") == cnt))
    checks.append((f"segment '{name}' monetary mean", close(s.get("monetary_mean"), ref["segment_monetary_mean"][name], 1e-8)))
checks.append(("segment shares sum to 1", close(sum(s["share"] for s in rfm.get("segments", [])), 1.0, 1e-12)))
# every customer of rfm_per_customer.csv, and the sample customers
mine = {}
with open(f"{R}/data/rfm.csv") as f:
    for row in csv.DictReader(f):
        mine[int(float(row["customer"]))] = row
refrows = list(csv.DictReader(open(f"{S}/rfm_per_customer.csv")))
checks.append(("data/rfm.csv has every customer", len(mine) == len(refrows)))
def same(m, r):
    return (m is not None and int(m["recency"]) == int(r["recency"]) and int(m["frequency"]) == int(r["frequency"])
            and abs(float(m["monetary"]) - float(r["monetary"])) <= 1e-6 * max(1.0, abs(float(r["monetary"])))
            and (m["R"], m["F"], m["M"], m["RFM"], m["segment"]) == (str(r["R"]), str(r["F"]), str(r["M"]), str(r["RFM"]), r["segment"]))
bad = [r["CustomerID"] for r in refrows if not same(mine.get(int(r["CustomerID"])), r)]
checks.append((f"per-customer recency, frequency, monetary, scores, segment ({len(bad)} differ{': ' + ', '.join(bad[:5]) if bad else ''})", not bad))
for sc in ref["sample_customers"]:
    m = mine.get(sc["CustomerID"])
    checks.append((f"sample customer {sc['CustomerID']}", same(m, sc)))
seg = res.get("segmentation", {})
cands = {c["k"]: c for c in seg.get("candidates", [])}
for k in range(2, 9):
    want = ref["kmeans"]["by_k"][str(k)]["n_init_10"]["inertia"]
    c = cands.get(k, {})
    checks.append((f"segmentation k={k} inertia within 1% ({c.get('inertia')} vs {want})", close(c.get("inertia"), want, 0.01)))
checks.append(("segmentation k is the best silhouette",
               seg.get("k") == max(seg.get("candidates", [{"k": 0, "silhouette": 0}]), key=lambda c: c["silhouette"])["k"]))
checks.append(("segmentation cluster sizes add up", sum(c["size"] for c in seg.get("clusters", [])) == ref["rfm_summary"]["customers"]))
for name, good in checks:
    print(("ok " if good else "fail ") + name)
PY
if [ ! -s "$T/cmp" ]; then
	no "compare script ran"
fi
while read -r status name; do
	case $status in
	ok) ok "$name" ;;
	*) no "$status $name" ;;
	esac
done < "$T/cmp"
exit $failed

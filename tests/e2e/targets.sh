#!/bin/sh
# SPDX-License-Identifier: MIT
# `bdreport build` on examples/acme-weekly(-zh) (and a copy whose churn model uses
# customer columns, for the retention list) and the target CSV files: one file per
# list in results.json, the documented header, as many rows as the full list
# (targets.counts), the first row equal to the model's first row, CRM-safe cells, the
# same bytes on a second build. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; */*) BIN=$(pwd)/$BIN ;; *) BIN=$(pwd)/$BIN ;; esac
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

# acme-churn: acme-weekly with a churn model on customer columns, so that churn runs
# and the retention list is built
cp -R examples/acme-weekly "$T/acme-churn-src"
sed 's/"features": \["recency", "frequency", "monetary", "satisfaction", "competitor_activity"\]/"features": ["satisfaction", "competitor_activity", "employees", "industry"]/' \
	examples/acme-weekly/bdreport.json > "$T/acme-churn-src/bdreport.json"
for ex in acme-weekly acme-weekly-zh acme-churn; do
	project=examples/$ex/bdreport.json
	[ "$ex" = acme-churn ] && project=$T/acme-churn-src/bdreport.json
	if "$BIN" build -q --only json,csv -o "$T/$ex" "$project" 2> "$T/$ex.err"; then
		ok "build examples/$ex"
	else
		no "build examples/$ex: $(head -3 "$T/$ex.err")"
		continue
	fi
	# python prints "ok <name>" or "fail <name>: <why>" per check
	"$PY" - "$T/$ex" "$ex" > "$T/$ex.checks" 2>&1 << 'PYEOF'
import csv, io, json, os, sys
out, ex = sys.argv[1], sys.argv[2]
res = json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))
t = res.get("targets")
def check(name, cond, why=""):
    print(("ok " if cond else "fail ") + name + ("" if cond else ": " + why))
check(ex + ": results.json has targets", t is not None, "no 'targets' key")
if t is None:
    sys.exit(0)
lists = {
    "prospects": ["stage", "owner", "amount", "p_win", "expected_value"],
    "retention": ["segment", "p_churn", "clv", "value_at_risk"],
    "expansion": ["cluster", "monetary", "cluster_median", "gap"],
    "partners": ["score"],
}
counts = t.get("counts", {})
# a list for every analysis behind it that ran, and no other
needs = {"prospects": ["lead_scoring"], "retention": ["churn", "clv"], "expansion": ["segmentation"],
         "partners": ["partners"]}
want = sorted(k for k, deps in needs.items() if all(d in res for d in deps))
check(ex + ": lists " + ", ".join(want), sorted(counts) == want, "counts = %r" % counts)
check(ex + ": expansion and partners run", "expansion" in counts and "partners" in counts, "%r" % counts)
if "retention" in counts:
    s = t["summary"]
    rows = list(csv.reader(open(os.path.join(out, "targets", "retention.csv"), encoding="utf-8", newline="")))
    at_risk = [r for r in rows[1:] if float(r[4]) >= 0.5]
    check(ex + ": summary counts the customers with p_churn >= 0.5 and their CLV",
          s["at_risk_customers"] == len(at_risk) and
          abs(s["value_at_stake"] - sum(float(r[5]) for r in at_risk)) <= 0.01 * max(1, len(at_risk)),
          "%r vs %d" % (s, len(at_risk)))
    heads = [h["topic"] for h in res.get("headlines", [])]
    check(ex + ": a headline on churn risk", "churn_risk" in heads, "%r" % heads)
on_disk = sorted(os.listdir(os.path.join(out, "targets")))
check(ex + ": one CSV per list", on_disk == sorted(k + ".csv" for k in counts), "%r vs %r" % (on_disk, counts))
for key, cols in lists.items():
    if key not in counts:
        continue
    raw = open(os.path.join(out, "targets", key + ".csv"), "rb").read()
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = ["rank", "id", "name"] + cols + ["reason_1", "reason_2"]
    check("%s: %s.csv header" % (ex, key), rows[0] == header, "%r" % rows[0])
    check("%s: %s.csv has every row (%d)" % (ex, key, counts[key]), len(rows) - 1 == counts[key],
          "%d rows" % (len(rows) - 1))
    check("%s: %s.csv rows end in CRLF, no BOM" % (ex, key),
          raw.endswith(b"\r\n") and not raw.startswith(b"\xef\xbb\xbf") and
          raw.count(b"\n") == raw.count(b"\r\n"), "line ends")
    model = t.get(key, [])
    check("%s: model keeps the top %d of %s" % (ex, t["top"], key),
          len(model) == min(t["top"], counts[key]), "%d in the model" % len(model))
    if not model or len(rows) < 2:
        continue
    first, m = rows[1], model[0]
    same = first[0] == str(m["rank"]) and first[1] == m["id"] and first[2] == m["name"]
    for i, c in enumerate(cols):
        v = m.get(c)
        if isinstance(v, (int, float)) and v is not None:
            same = same and abs(float(first[3 + i]) - v) <= 1e-4 * max(1.0, abs(v))
        elif v is not None:
            same = same and first[3 + i] == v
    rs = m.get("reasons", [])
    same = same and first[-2] == (rs[0] if rs else "") and first[-1] == (rs[1] if len(rs) > 1 else "")
    check("%s: %s.csv first row equals the model's first row" % (ex, key), same, "%r vs %r" % (first, m))
    ranks = [int(r[0]) for r in rows[1:]]
    check("%s: %s.csv ranks ascend" % (ex, key), ranks == sorted(ranks) and ranks[0] == 1, "ranks")
    if key != "partners":
        scores = [float(r[len(cols) + 2]) for r in rows[1:]]
        check("%s: %s.csv sorted by score" % (ex, key),
              all(a >= b for a, b in zip(scores, scores[1:])), "not descending")
    def number(c):
        try:
            float(c)
            return True
        except ValueError:
            return False
    bad = [c for r in rows[1:] for c in r if c[:1] in ("=", "+", "-", "@") and not number(c)]
    check("%s: %s.csv has no cell a spreadsheet would run" % (ex, key), not bad, "%r" % bad[:3])
    with_reason = sum(1 for r in rows[1:] if r[-2])
    check("%s: %s rows carry reasons" % (ex, key), with_reason >= 0.9 * (len(rows) - 1),
          "%d of %d" % (with_reason, len(rows) - 1))
    if ex.endswith("-zh") and with_reason and key != "partners":
        check("%s: %s reasons are in Chinese" % (ex, key),
              any(ord(ch) > 0x3000 for ch in rows[1][-2]), rows[1][-2])
PYEOF
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok }" ;;
		*) no "${line#fail }" ;;
		esac
	done < "$T/$ex.checks"
done

# the same input gives the same bytes
if "$BIN" build -q --only json,csv -o "$T/again" examples/acme-weekly/bdreport.json 2> /dev/null &&
   diff -r "$T/acme-weekly/targets" "$T/again/targets" > /dev/null; then
	ok "a second build writes byte-identical target CSV files"
else
	no "a second build writes byte-identical target CSV files"
fi
# --only json writes no CSV
if "$BIN" build -q --only json -o "$T/jsononly" examples/acme-weekly/bdreport.json 2> /dev/null &&
   [ ! -e "$T/jsononly/targets" ]; then
	ok "--only json writes no targets folder"
else
	no "--only json writes no targets folder"
fi
echo "1..$n"
exit $failed

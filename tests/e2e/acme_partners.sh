#!/bin/sh
# SPDX-License-Identifier: MIT
# partners, schemes and funnel of the synthetic example examples/acme-weekly, checked
# against an independent computation in Python from the CSV files (min-max weighted
# sum, TOPSIS, ranks with shared ties, the two strongest criteria; stage counts, win
# rate, average won deal, median sales cycle).
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
EX=examples/acme-weekly
if [ ! -x /usr/bin/python3 ]; then
	echo "ok 1 - # SKIP /usr/bin/python3 not installed (sh tools/deps.sh build)"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! "$BIN" analyze -q "$EX/bdreport.json" > "$T/out.json" 2> "$T/err"; then
	echo "not ok 1 - bdreport analyze $EX: $(head -3 "$T/err")"
	exit 1
fi
/usr/bin/python3 - "$T/out.json" "$EX" <<'PY'
import csv, json, math, statistics, sys, datetime
out = json.load(open(sys.argv[1]))
ex = sys.argv[2]
proj = json.load(open(ex + "/bdreport.json"))
n = 0
failed = False
def check(name, ok, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (n, name) + ("" if ok else " " + detail))
    failed |= not ok
def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(b), 1e-12)

def evaluate(key, path, idcol):
    p = proj["analyses"][key]
    rows = list(csv.DictReader(open(ex + "/data/" + path)))
    crit = p["criteria"]
    rows = [r for r in rows if all(r[c] not in ("", None) for c in crit)]
    x = [[float(r[c]) for c in crit] for r in rows]
    tw = sum(p["weights"][c] for c in crit)
    w = [p["weights"][c] / tw for c in crit]
    cost = [c in p["lower_is_better"] for c in crit]
    m = len(crit)
    lo = [min(r[j] for r in x) for j in range(m)]
    hi = [max(r[j] for r in x) for j in range(m)]
    norm = [[1.0 if hi[j] == lo[j] else ((hi[j] - r[j]) if cost[j] else (r[j] - lo[j])) / (hi[j] - lo[j])
             for j in range(m)] for r in x]
    if p["method"] == "topsis":
        ss = [math.sqrt(sum(r[j] ** 2 for r in x)) for j in range(m)]
        v = [[w[j] * r[j] / ss[j] for j in range(m)] for r in x]
        best = [(min if cost[j] else max)(r[j] for r in v) for j in range(m)]
        worst = [(max if cost[j] else min)(r[j] for r in v) for j in range(m)]
        score = []
        for r in v:
            dp = math.sqrt(sum((r[j] - best[j]) ** 2 for j in range(m)))
            dm = math.sqrt(sum((r[j] - worst[j]) ** 2 for j in range(m)))
            score.append(dm / (dp + dm) if dp + dm > 0 else 0.5)
    else:
        score = [sum(w[j] * r[j] for j in range(m)) for r in norm]
    rank = [1 + sum(1 for t in score if t > s) for s in score]
    res = out.get(key)
    check("%s present, method %s" % (key, p["method"]), res is not None and res["method"] == p["method"])
    if res is None:
        return
    got = {e["id"]: e for e in res["ranking"]}
    check("%s: every row ranked" % key, len(got) == len(rows), "%d vs %d" % (len(got), len(rows)))
    bad = [r[idcol] for r, s, k in zip(rows, score, rank)
           if r[idcol] not in got or not close(got[r[idcol]]["score"], s) or got[r[idcol]]["rank"] != k]
    check("%s: scores and ranks" % key, not bad, "differ for %s" % bad[:5])
    order = [(e["rank"], e["id"]) for e in res["ranking"]]
    check("%s: ranking in rank order, ties by id" % key, order == sorted(order))
    # reasons of the best row: its two largest weight x normalised criteria
    i = min(range(len(rows)), key=lambda i: (rank[i], rows[i][idcol]))
    contrib = [w[j] * norm[i][j] for j in range(m)]
    top2 = sorted(range(m), key=lambda j: (-contrib[j], j))[:2]
    words = []
    for j in top2:
        pos = 1 + sum(1 for r in norm if r[j] > norm[i][j])
        label = crit[j].replace("_", " ")
        if cost[j]:
            label = {"time_weeks": "short time", "time": "short time"}.get(crit[j], "low " + label)
        words.append("%s %d/100, best %d%%" % (label,
                     int(math.floor(100 * norm[i][j] + 0.5)), math.ceil(100 * pos / len(rows))))
    check("%s: reasons of the best row" % key, res["ranking"][0]["reasons"] == words,
          "%r vs %r" % (res["ranking"][0]["reasons"], words))
    st = [e["stability"]["keep"] for e in res["ranking"]]
    check("%s: stability shares in [0, 1]" % key, all(0 <= s <= 1 for s in st))

evaluate("partners", "partners.csv", "partner_id")
evaluate("schemes", "schemes.csv", "id")

# funnel from opportunities.csv
opp = list(csv.DictReader(open(ex + "/data/opportunities.csv")))
f = out.get("funnel")
check("funnel present", f is not None)
if f is not None:
    spec = proj["datasets"]["opportunities"]
    names = spec["stages"] + spec["won"] + spec["lost"]
    counts = {s: sum(1 for r in opp if r["stage"] == s) for s in names}
    got = {s["name"]: s["count"] for s in f["stages"]}
    check("funnel stage counts", got == counts, "%r vs %r" % (got, counts))
    won = [r for r in opp if r["stage"] in spec["won"]]
    lost = [r for r in opp if r["stage"] in spec["lost"]]
    check("funnel win rate", close(f["win_rate"], len(won) / (len(won) + len(lost))))
    check("funnel average won deal", close(f["avg_won_amount"], sum(float(r["amount"]) for r in won) / len(won)))
    d = lambda s: datetime.date.fromisoformat(s)
    cyc = [(d(r["close_date"]) - d(r["created_date"])).days for r in won if r["close_date"] and r["created_date"]]
    check("funnel median sales cycle", close(f["median_cycle_days"], statistics.median(cyc)))
    openamt = sum(float(r["amount"]) for r in opp if r["stage"] in spec["stages"] and r["amount"])
    check("funnel open pipeline", close(f["open_pipeline"], openamt))
    owners = sorted({r["owner"] for r in opp if r["stage"] in names})
    check("funnel by owner", [g["value"] for g in f["by"]["owner"]] == owners)
sys.exit(1 if failed else 0)
PY

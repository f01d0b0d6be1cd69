#!/bin/sh
# SPDX-License-Identifier: MIT
# Fault test of the output folder transaction (cli/outdir.c): builds the M benchmark
# data's report once (with an archive), then starts the same build again 20 times and
# kills it with SIGKILL at seeded random moments: 14 spread over the whole build, 6 over
# its output phase (where the temporary folder is written and swapped). After each
# kill the report must be intact (results.json byte-identical to the first build's, the
# manifest listing exactly what is there), and the next build, one that stops on bad
# input right after its checks, must leave no temporary, old or lock file behind.
# A last full build must then succeed. FAULT_SIZE=S|M (default M; S under SANITIZE=1,
# where a build is several times slower), FAULT_SEED (default 13).
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
PY=/usr/bin/python3
SIZE=${FAULT_SIZE:-M}
[ "${SANITIZE:-}" = 1 ] && SIZE=${FAULT_SIZE:-S}
SEED=${FAULT_SEED:-13}
KILLS=20
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check() { if [ "$2" = 0 ]; then ok "$1"; else no "$1"; fi; }
now() { date +%s.%N; }

sh bench/data.sh "$SIZE" > "$T/gen.log" 2>&1
check "the $SIZE benchmark data is generated (bench/data.sh $SIZE)" $?
DATA=$(pwd)/${BENCH_DATA:-bench/data}/$SIZE
# the acme-weekly project pointed at that data, with an archive of 4 weeks; broken.json
# is the same project with a dataset that does not exist (fails after the checks)
$PY - "$DATA" examples/acme-weekly/bdreport.json "$T/p" <<'EOF' || { no "the fault project"; exit 1; }
import json, os, sys
data, src, out = sys.argv[1:]
p = json.load(open(src, encoding="utf-8"))
p["datasets"].pop("schemes", None)
p["analyses"].pop("schemes", None)
for d in p["datasets"].values():
    d["path"] = data + "/" + d["path"].split("/")[-1].replace(".csv.gz", ".csv")
p["output"] = {"dir": "report", "archive": 4}
# the slowest model fits add nothing to what is tested here (the output phase)
p["analyses"]["segmentation"] = False
p["analyses"]["lead_scoring"] = False
os.makedirs(out)
json.dump(p, open(out + "/bdreport.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
p["datasets"]["orders"]["path"] = out + "/missing.csv"
json.dump(p, open(out + "/broken.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
P=$T/p
R=$P/report
leftovers() { ls -a "$P" | grep -E '\.(tmp|old)-|\.lock$'; }
# the manifest's first line is ours and it lists exactly the files and folders there
manifest_ok() {
	$PY - "$R" <<'EOF'
import os, sys
r = sys.argv[1]
lines = open(os.path.join(r, ".bdreport-manifest"), encoding="utf-8").read().split("\n")
if lines[0] != "bdreport-manifest 1" or lines[-1] != "":
    sys.exit(1)
listed = set(lines[2:-1])
found = set()
for top, dirs, files in os.walk(r):
    rel = os.path.relpath(top, r)
    pre = "" if rel == "." else rel + "/"
    found.update(pre + d + "/" for d in dirs)
    found.update(pre + f for f in files if pre or f != ".bdreport-manifest")
sys.exit(0 if listed == found else 1)
EOF
}

t0=$(now)
"$BIN" build -q --timings "$P/bdreport.json" 2> "$T/timings"
rc=$?
t1=$(now)
check "the first build succeeds" $rc
[ $rc = 0 ] || { sed 's/^/# /' "$T/timings"; exit 1; }
cp "$R/results.json" "$T/results.json"
manifest_ok
check "the first build's manifest lists exactly what it wrote" $?
total=$(echo "$t0 $t1" | awk '{ print $2 - $1 }')
outputs=$(awk '$1 == "outputs" { print $2 }' "$T/timings")
echo "# $SIZE build: $total s wall, outputs phase $outputs s"

# KILLS moments, seeded: the first KILLS-LATE over the build from its start, the last
# LATE over the output phase from when the temporary folder appears (both to 80% of the
# first build's times, as a later build may run faster than that first, cold one)
LATE=6
awk -v seed="$SEED" -v k=$KILLS -v late=$LATE -v total="$total" -v out="$outputs" 'BEGIN {
	srand(seed)
	for (i = 0; i < k; i++)
		if (i < k - late)
			printf "start %.3f\n", 0.01 + rand() * total * 0.8
		else
			printf "tmp %.3f\n", rand() * out * 0.8
}' > "$T/moments"
killed=0 finished=0 seen=0 seentmp=0 intact=0 clean=0 i=0
while read -r from t; do
	i=$((i + 1))
	"$BIN" build -q "$P/bdreport.json" > /dev/null 2> "$T/err" &
	pid=$!
	if [ "$from" = tmp ]; then
		while kill -0 $pid 2> /dev/null && ! ls -d "$P"/report.tmp-* > /dev/null 2>&1; do sleep 0.02; done
	fi
	sleep "$t"
	kill -9 $pid 2> /dev/null
	wait $pid 2> /dev/null
	st=$?
	case $st in 137) killed=$((killed + 1)) ;; 0) finished=$((finished + 1)) ;; esac
	[ -n "$(leftovers)" ] && seen=$((seen + 1))
	leftovers | grep -q '\.tmp-' && seentmp=$((seentmp + 1))
	if cmp -s "$T/results.json" "$R/results.json" && manifest_ok && [ -d "$R/archive/2026-W47" ]; then
		intact=$((intact + 1))
	else
		echo "# kill $i $t s after the $from (status $st): the report is not intact"
	fi
	"$BIN" build -q "$P/broken.json" > /dev/null 2> "$T/err2"
	if [ -z "$(leftovers)" ] && cmp -s "$T/results.json" "$R/results.json" && manifest_ok; then
		clean=$((clean + 1))
	else
		echo "# kill $i $t s after the $from (status $st): after the next build: $(leftovers | tr '\n' ' ')"
		sed 's/^/#   /' "$T/err2" | head -3
	fi
done < "$T/moments"
echo "# $killed builds killed, $finished finished before their kill; $seen left leftovers, $seentmp of them a temporary folder"
[ $killed -ge $((KILLS / 2)) ]
check "at least half of the $KILLS builds were killed mid-way ($killed)" $?
[ $intact = $KILLS ]
check "after each kill the previous report is intact ($intact of $KILLS)" $?
[ $clean = $KILLS ]
check "after each kill the next build leaves no leftovers ($clean of $KILLS)" $?

"$BIN" build -q "$P/bdreport.json" 2> "$T/err"
rc=$?
[ $rc = 0 ] && [ -z "$(leftovers)" ] && cmp -s "$T/results.json" "$R/results.json" && manifest_ok
check "a last full build succeeds: same results, valid manifest, no leftovers" $?
exit $failed

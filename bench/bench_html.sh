#!/bin/sh
# SPDX-License-Identifier: MIT
# Time of writing the HTML pages of the M report (target: at most 100 ms for all pages)
# and the size of each page (target: under 1 MB). Builds bench/data/M's results.json
# with bdreport (JSON only), then times html_write alone with build/tools/htmlpages
# (median of 5 runs), and the whole `bdreport build --only html` for reference.
B=${B:-build}
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
DATA=${BENCH_DATA:-bench/data}
export BDREPORT_DATA_DIR=${BDREPORT_DATA_DIR:-$(pwd)}
sh bench/data.sh M >&2 || exit 1
out=$(mktemp -d "${TMPDIR:-/tmp}/bd-bench-html.XXXXXX")
trap 'rm -rf "$out"' EXIT
proj=$out/bdreport.json
# the acme-weekly project (same generator) pointed at M; M has no schemes file
/usr/bin/python3 - "$(pwd)/$DATA/M" examples/acme-weekly/bdreport.json > "$proj" <<'PY' || exit 1
import json, sys
p = json.load(open(sys.argv[2]))
p["datasets"].pop("schemes", None)
p["analyses"].pop("schemes", None)
for d in p["datasets"].values():
    d["path"] = sys.argv[1] + "/" + d["path"].split("/")[-1].replace(".csv.gz", ".csv")
print(json.dumps(p, ensure_ascii=False, indent=1))
PY
"$BIN" build "$proj" -o "$out/report" --quiet --timings 2> "$out/timings" || { cat "$out/timings"; exit 1; }
mkdir -p "$out/pages"
"$B/tools/htmlpages" "$out/report/results.json" "$out/pages" --runs 5 || exit 1
printf 'page sizes (target < 1 MB):'
for f in "$out"/pages/*.html; do printf ' %s=%dKB' "$(basename "$f" .html)" $(( $(wc -c < "$f") / 1024 )); done
echo
echo "bdreport build M (all outputs), per phase:"
sed 's/^/  /' "$out/timings"

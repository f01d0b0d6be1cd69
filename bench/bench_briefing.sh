#!/bin/sh
# SPDX-License-Identifier: MIT
# The PDF briefing of the M report: builds results.json for bench/data/M (made by
# bench/data.sh) with the acme-weekly project pointed at those files, then times writing
# its briefing (bench_briefing: median of 5 runs, target 0.3 s), English and Chinese.
B=${B:-build}
BIN=${BIN:-./bdreport}
DATA=${BENCH_DATA:-bench/data}/M
bench=$B/bench/bench_briefing
[ -x "$bench" ] || make --no-print-directory "$bench" >&2 || exit 1
[ -s "$DATA/customers.csv" ] || sh bench/data.sh M >&2 || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-briefing.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
abs=$(cd "$DATA" && pwd)
for ex in acme-weekly acme-weekly-zh; do
	[ -f "examples/$ex/bdreport.json" ] || { echo "bench_briefing: examples/$ex missing" >&2; exit 1; }
	# the example's mapping, the M files, as_of = the newest date in the data
	jq --arg d "$abs" '.as_of = "latest" | .output.dir = "report" | del(.datasets.schemes) |
		del(.analyses.schemes) | .datasets |= with_entries(
		if .value.path then .value.path = ($d + "/" + (.value.path | split("/") | last | sub("\\.gz$"; ""))) else . end)' \
		"examples/$ex/bdreport.json" > "$tmp/$ex.json" || exit 1
	if ! "$BIN" build "$tmp/$ex.json" -o "$tmp/$ex" --only json --quiet 2> "$tmp/build.log" ||
	   [ ! -s "$tmp/$ex/results.json" ]; then
		echo "bench_briefing: building the M report failed:" >&2
		head -5 "$tmp/build.log" >&2
		exit 1
	fi
	"$bench" "$tmp/$ex/results.json" | sed "s|$tmp/$ex/results.json|M report ($ex)|"
done

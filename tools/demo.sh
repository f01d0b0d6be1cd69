#!/bin/sh
# SPDX-License-Identifier: MIT
# What `make demo` runs: check and build the example project, then say where the
# report went. Uses examples/acme-weekly when present, else tests/data/project.
# Usage: sh tools/demo.sh [BIN]
set -e
BIN=${1:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
[ -x "$BIN" ] || make --no-print-directory all
if [ -f examples/acme-weekly/bdreport.json ]; then
	P=examples/acme-weekly
else
	P=tests/data/project
fi
echo "== bdreport check $P/bdreport.json"
"$BIN" check "$P/bdreport.json"
OUT=build/demo/report
mkdir -p build/demo
echo "== bdreport build $P/bdreport.json -o $OUT"
"$BIN" build "$P/bdreport.json" -o "$OUT"
echo
echo "report folder: $OUT"
for f in results.json briefing.pdf index.html; do
	[ -f "$OUT/$f" ] && echo "  $OUT/$f"
done
exit 0

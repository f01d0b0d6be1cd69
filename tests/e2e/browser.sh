#!/bin/sh
# SPDX-License-Identifier: MIT
# e2e: the HTML pages in a real browser (tests/browser/check.js: Debian chromium driven
# by playwright-core). Builds the example reports (en, zh-CN), the injection project and
# the fixture model's pages, then checks every page from file://. Skips (a TAP SKIP
# line) when /usr/bin/chromium or node is missing; `npm ci` installs playwright-core
# into tests/browser/node_modules on first use. Screenshots go to $B/browser/.
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
B=${B:-build}
ROOT=$(pwd)
export BDREPORT_DATA_DIR="$ROOT"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "ok 1 - # SKIP browser tests: $CHROMIUM, node or npm missing (sh tools/deps.sh browser)"
	echo "1..1"
	exit 0
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
	if ! (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
		echo "ok 1 - # SKIP browser tests: npm ci failed in tests/browser (no registry?)"
		echo "1..1"
		exit 0
	fi
fi
out=$ROOT/$B/browser-pages
rm -rf "$out"
mkdir -p "$out"
fail=0
"$BIN" build examples/acme-weekly/bdreport.json -o "$out/en" --quiet || fail=1
"$BIN" build examples/acme-weekly-zh/bdreport.json -o "$out/zh" --quiet || fail=1
"$BIN" build tests/data/inject/bdreport.json -o "$out/inject" --quiet || fail=1
mkdir -p "$out/fixture"
if [ -x "$B/tools/htmlpages" ]; then
	"$B/tools/htmlpages" tests/data/html/results.json "$out/fixture" || fail=1
	# the fixture's target tables link to CSV files only when built with --csv: not here
fi
if [ $fail -ne 0 ]; then
	echo "not ok 1 - build the pages for the browser"
	echo "1..1"
	exit 1
fi
set -- en="$out/en" zh="$out/zh" inject="$out/inject"
[ -s "$out/fixture/index.html" ] && set -- "$@" fixture="$out/fixture"
cd tests/browser && SHOTS="$ROOT/$B/browser" CHROMIUM="$CHROMIUM" exec node check.js "$@"

#!/bin/sh
# SPDX-License-Identifier: MIT
# The repository is the whole project: every example under examples/ builds from a
# clone with nothing beside it (its data are in the repository), and nothing in the
# code, tests or documentation points outside the repository. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
for p in examples/*/bdreport.json; do
	ex=$(basename "$(dirname "$p")")
	if "$BIN" build -q "$p" -o "$T/$ex" 2> "$T/$ex.err" &&
	   [ -s "$T/$ex/results.json" ] && [ -s "$T/$ex/index.html" ]; then
		ok "example $ex builds"
	else
		no "example $ex builds: $(head -3 "$T/$ex.err")"
	fi
done
# dataset paths of the examples stay inside the repository
out=$(grep -n '"path"' examples/*/bdreport.json | grep '"\.\./\.\./\.\./' || true)
if [ -z "$out" ]; then ok "no example reads a file outside the repository"; else no "example paths outside the repository: $out"; fi
# nothing names the folder beside the repository (built from parts so that this
# script does not match itself)
pat="../sha""red"
out=$(grep -rnF -- "$pat" README.md HACKING.md Makefile .ci examples site doc src tests tools bench 2>/dev/null | head -5)
if [ -z "$out" ]; then ok "no file refers to $pat"; else no "files refer to $pat: $out"; fi
pat="sha""red/"
out=$(grep -rnF -- "$pat" README.md HACKING.md examples site doc 2>/dev/null | head -5)
if [ -z "$out" ]; then ok "README, HACKING, examples, site and doc name no $pat path"; else no "$pat in the documentation: $out"; fi
echo "1..$n"
exit $failed

#!/bin/sh
# SPDX-License-Identifier: MIT
# The bad-input catalog: every folder in tests/bad/ holds a broken project (files,
# or a gen.sh that makes the large or binary ones) and `expect`: line 1 the exit
# status, line 2 a substring of the diagnostics (the key part of the first error).
# Each case runs `bdreport build` into an existing report folder (a results.json and
# the manifest listing it) and must fail with
# that status and message, leave the folder untouched, and not crash (sanitizers).
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
for dir in tests/bad/*/; do
	name=$(basename "$dir")
	n=$((n + 1))
	rm -rf "$T/c"
	cp -R "$dir" "$T/c"
	want_status=$(sed -n 1p "$dir/expect")
	want_msg=$(sed -n 2p "$dir/expect")
	(cd "$T/c" && if [ -f gen.sh ]; then sh gen.sh; fi)
	mkdir -p "$T/c/prev"
	echo previous > "$T/c/prev/results.json"
	printf 'bdreport-manifest 1\nbdreport 0.1.0\nresults.json\n' > "$T/c/prev/.bdreport-manifest"
	(cd "$T/c" && "$BIN" build -o prev bdreport.json > out 2> err; echo $? > rc)
	rc=$(cat "$T/c/rc")
	why=""
	if [ "$rc" != "$want_status" ]; then
		why="status $rc, expected $want_status"
	elif ! grep -qF -- "$want_msg" "$T/c/err"; then
		why="message not found: $want_msg"
	elif grep -q 'Sanitizer\|runtime error' "$T/c/err"; then
		why="sanitizer report"
	elif [ "$(cat "$T/c/prev/results.json")" != previous ] || [ "$(ls -A "$T/c/prev" | tr '\n' ' ')" != ".bdreport-manifest results.json " ]; then
		why="the previous report folder changed"
	elif ls -a "$T/c" | grep -q '\.tmp-\|\.old-'; then
		why="a temporary folder was left behind"
	fi
	if [ -z "$why" ]; then
		echo "ok $n - bad/$name"
	else
		echo "not ok $n - bad/$name: $why"
		sed 's/^/# /' "$T/c/err" | head -c 600 | head -5
		failed=1
	fi
done
exit $failed

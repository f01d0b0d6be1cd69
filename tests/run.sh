#!/bin/sh
# Runs every test suite and prints one closing line "N passed, N failed".
#  - cmocka unit tests: $B/tests/test_*  (TAP output: "ok N - name" / "not ok N - name")
#  - end-to-end tests:  tests/e2e/*.sh   (each prints TAP lines too; run with BIN set)
# Logs go to $B/test-logs/. A suite that exits non-zero without printing a
# "not ok" line (a crash) counts as one failure. A skip ("ok N - # SKIP why") is
# allowed only for an optional tool that is absent; every skip is listed with its
# reason, and under CI (CI=true, where tools/deps.sh installed everything) a skip
# counts as a failure.
B=${B:-build}
BIN=${BIN:-./bdreport}
export BIN B
logs=$B/test-logs
mkdir -p "$logs"
pass=0
fail=0
skip=0
failed_suites=""
skipped=""

count() { # $1 = log file, $2 = exit code, $3 = suite name
	p=$(grep '^ok ' "$1" | grep -vc '# SKIP')
	k=$(grep -c '^ok .*# SKIP\|^1\.\.0 # SKIP' "$1")
	f=$(grep -c '^not ok ' "$1")
	if [ "$k" -ne 0 ]; then
		skipped="$skipped$(grep '^ok .*# SKIP\|^1\.\.0 # SKIP' "$1" | sed "s|^.*# SKIP *|  $3: |")
"
		if [ "${CI:-}" = true ]; then
			f=$((f + k))
			echo "not ok - $3: $k skipped under CI" >> "$1"
		fi
	fi
	if [ "$p" -eq 0 ] && [ "$k" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $3 ran no test" >> "$1"
	fi
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $3 exited with status $2" >> "$1"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + k))
	if [ "$k" -ne 0 ]; then
		printf '%-40s %5d passed %3d failed %3d skipped\n' "$3" "$p" "$f" "$k"
	else
		printf '%-40s %5d passed %3d failed\n' "$3" "$p" "$f"
	fi
	if [ "$f" -ne 0 ]; then
		failed_suites="$failed_suites $3"
		grep '^not ok\|^# ' "$1" | grep -v '^# ok' | head -20 | sed 's/^/    /'
	fi
}

what=${1:-all}   # unit, e2e or all
[ "$what" = e2e ] ||
for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$logs/$name.log" 2>&1
	count "$logs/$name.log" $? "$name"
done

[ "$what" = unit ] ||
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	sh "$t" > "$logs/e2e_$name.log" 2>&1
	count "$logs/e2e_$name.log" $? "e2e/$name"
done

[ -n "$skipped" ] && printf 'skipped (an optional tool is missing; sh tools/deps.sh browser installs all):\n%s' "$skipped"
[ -n "$failed_suites" ] && echo "failed suites:$failed_suites (logs in $logs)"
if [ "$skip" -ne 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of the command line: dispatch, options, exit statuses, init,
# check, analyze, and build's atomic output folder. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
# check NAME EXPECTED_STATUS COMMAND...: runs, captures out/err in $T/out $T/err
run() { "$@" > "$T/out" 2> "$T/err"; echo $? > "$T/rc"; }
expect() { # NAME STATUS [substring of stderr] [substring of stdout]
	rc=$(cat "$T/rc")
	if [ "$rc" != "$2" ]; then no "$1 (status $rc, expected $2; stderr: $(head -c 300 "$T/err"))"; return; fi
	if [ -n "$3" ] && ! grep -qF -- "$3" "$T/err"; then no "$1 (stderr lacks '$3': $(head -c 300 "$T/err"))"; return; fi
	if [ -n "$4" ] && ! grep -qF -- "$4" "$T/out"; then no "$1 (stdout lacks '$4')"; return; fi
	ok "$1"
}

run "$BIN" --version;                 expect "--version" 0 "" "bdreport 0.1.0"
run "$BIN" --help;                    expect "--help" 0 "" "bdreport build [PROJECT]"
run "$BIN";                           expect "no command is a usage error" 2 "usage: bdreport"
run "$BIN" bild;                      expect "unknown command suggests" 2 "unknown command 'bild'; did you mean 'build'?"
run "$BIN" help check;                expect "help check" 0 "" "bdreport check [PROJECT]"
run "$BIN" help nope;                 expect "help of an unknown command" 2 "unknown command 'nope'"
run "$BIN" build --tmings x.json;     expect "unknown option suggests" 2 "unknown option '--tmings' for 'build'; did you mean '--timings'?"
run "$BIN" check --as-of 2024-01-01;   expect "an option of another command is named as such" 2 "option '--as-of' does not apply to 'check' (see 'bdreport help check')"
run "$BIN" build --only html,pfd;     expect "--only checks names" 2 "unknown output 'pfd'; did you mean 'pdf'?"
run "$BIN" analyze --as-of 2024-13-01; expect "--as-of checks dates" 2 "--as-of: expected a date"
run "$BIN" check a.json b.json;       expect "one project only" 2 "unexpected argument 'b.json'"
run "$BIN" render x.mustache;         expect "render of a missing template" 3 "cannot read template 'x.mustache'"
run "$BIN" check "$T/none.json";      expect "missing project file" 1 "none.json: error: cannot open project file"
( cd "$T" && "$BIN" check > out 2> err; echo $? > rc )
expect "PROJECT defaults to ./bdreport.json" 1 "bdreport.json: error: cannot open project file"

run "$BIN" init "$T/starter";         expect "init writes a starter" 0
for f in bdreport.json README.md data/orders.csv data/customers.csv data/opportunities.csv \
         data/partners.csv data/schemes.csv data/marketing.csv; do
	[ -s "$T/starter/$f" ] || no "init wrote $f"
done
run "$BIN" init "$T/starter";         expect "init refuses a non-empty folder" 1 "refusing to write into a folder that is not empty"
run "$BIN" check "$T/starter/bdreport.json"
expect "check accepts the starter" 0 "loaded orders" "opportunities"
for role in orders customers opportunities partners schemes marketing; do
	grep -q "^$role " "$T/out" || no "check lists $role"
done
[ ! -e "$T/starter/report" ] && ok "check writes nothing" || no "check writes nothing"
run "$BIN" check --quiet "$T/starter/bdreport.json"
[ ! -s "$T/err" ] || grep -q warning "$T/err" && ok "--quiet silences progress" || no "--quiet silences progress"

run "$BIN" analyze -q --as-of 2026-11-20 "$T/starter/bdreport.json"
expect "analyze prints results.json" 0 "" '"as_of": "2026-11-20"'
if command -v python3 > /dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m=d["meta"]; assert m["week_start"]=="2026-11-14" and m["week_end"]=="2026-11-20" and m["previous_week"]["start"]=="2026-11-07"; q=d["data_quality"]["orders"]; assert q["rows_read"]==120 and q["rows_kept"]+q["dropped"]["filter"]==120; assert list(d)[:2]==["meta","data_quality"]; assert "generated_at" not in m' "$T/out" \
		&& ok "results.json meta and data_quality" || no "results.json meta and data_quality"
fi
grep -q generated_at "$T/out" && no "no timestamp without SOURCE_DATE_EPOCH" || ok "no timestamp without SOURCE_DATE_EPOCH"
SOURCE_DATE_EPOCH=1700000000 "$BIN" analyze -q "$T/starter/bdreport.json" > "$T/a1" 2>/dev/null
grep -q '"generated_at": "2023-11-14T22:13:20Z"' "$T/a1" && ok "SOURCE_DATE_EPOCH stamps generated_at" || no "SOURCE_DATE_EPOCH stamps generated_at"
SOURCE_DATE_EPOCH=1700000000 "$BIN" analyze -q "$T/starter/bdreport.json" > "$T/a2" 2>/dev/null
cmp -s "$T/a1" "$T/a2" && ok "same input, same bytes" || no "same input, same bytes"

run "$BIN" build "$T/starter/bdreport.json" --timings
expect "build" 0 "wrote " ""; nf=$(find "$T/starter/report" -type f | wc -l); grep -q "wrote $nf file" "$T/err" && ok "build counts the $nf files it wrote" || no "build counts the files it wrote"
grep -q "^total " "$T/err" && ok "--timings prints a table" || no "--timings prints a table"
[ -s "$T/starter/report/results.json" ] && ok "build writes report/results.json" || no "build writes report/results.json"
ls -a "$T/starter" | grep -q '\.tmp-\|\.old-' && no "no temporary folders left" || ok "no temporary folders left"
echo keep > "$T/starter/report/marker"
echo marker >> "$T/starter/report/.bdreport-manifest"   # as if an earlier build wrote it
cp "$T/starter/report/results.json" "$T/prev.json"
cp "$T/starter/bdreport.json" "$T/good.json"
sed 's/"Quantity > 0"/"Quantity >"/' "$T/good.json" > "$T/starter/bdreport.json"
run "$BIN" build "$T/starter/bdreport.json"
expect "a failing build" 1 "filter of dataset 'orders': expected a value"
[ -f "$T/starter/report/marker" ] && cmp -s "$T/prev.json" "$T/starter/report/results.json" \
	&& ok "the previous report stays intact after a failure" || no "the previous report stays intact after a failure"
cp "$T/good.json" "$T/starter/bdreport.json"
run "$BIN" build -q -o "$T/out2" --as-of=2026-10-01 --only json "$T/starter/bdreport.json"
expect "build -o --as-of --only" 0
grep -q '"as_of": "2026-10-01"' "$T/out2/results.json" && ok "-o writes there with --as-of" || no "-o writes there with --as-of"
run "$BIN" build -q "$T/starter/bdreport.json"
[ ! -f "$T/starter/report/marker" ] && ok "a successful build replaces the folder" || no "a successful build replaces the folder"
run "$BIN" build -q -o "$T/starter/bdreport.json/x" "$T/starter/bdreport.json"
expect "unwritable output folder is an I/O error" 3 "cannot create the output folder"
exit $failed

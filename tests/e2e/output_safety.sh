#!/bin/sh
# SPDX-License-Identifier: MIT
# A build never deletes what it did not write (cli/outdir.c): it replaces only a folder
# that is missing, empty, or fully listed by its .bdreport-manifest; it refuses an
# output folder that is, holds or lies inside a project input, a folder of someone
# else's, a file the manifest does not list, and it never follows a symlink. After a
# build that was killed, the next one cleans up its own leftovers (those named in the
# journal in its lock file) and puts back a report whose swap was cut short. Synthetic projects only (bdreport init). TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; sed 's/^/# /' "$T/err" 2> /dev/null | head -3; }
check() { if [ "$2" = 0 ]; then ok "$1"; else no "$1"; fi; }
# every path under $1 with each file's checksum and each link's target
snap() { (cd "$1" && find . -print | LC_ALL=C sort && find . -type f -exec cksum {} + | LC_ALL=C sort &&
	find . -type l -exec readlink {} + | LC_ALL=C sort); }
leftovers() { ls -a "$1" | grep -E '\.(tmp|old)-|\.lock$'; }
build() { (cd "$P" && "$BIN" build -q "$@" > "$T/out" 2> "$T/err"); echo $? > "$T/rc"; }
rc() { cat "$T/rc"; }
first() { head -n 1 "$T/err"; }

"$BIN" init "$T/p" > /dev/null 2>&1 || { echo "not ok 1 - bdreport init"; exit 1; }
P=$T/p
cp "$P/bdreport.json" "$T/good.json"
snap "$P/data" > "$T/data.snap"
snap "$P" > "$T/project.snap"

# ---- the output folder is, holds or lies inside an input
sed 's/"dir": "report"/"dir": "data"/' "$T/good.json" > "$P/bdreport.json"
build
col=$(awk '/"dir": "data"/ { print index($0, "\"data\"") }' "$P/bdreport.json")
line=$(grep -n '"dir": "data"' "$P/bdreport.json" | cut -d: -f1)
[ "$(rc)" = 1 ] && [ "$(first)" = "bdreport: bdreport.json:$line:$col: error: output folder 'data' contains the dataset 'data/orders.csv'; each build replaces the output folder as a whole, so it must be a folder of its own (the default is 'report' beside the project file)" ]
check "output.dir = the data folder: exit 1, the message points at output.dir" $?
snap "$P/data" | cmp -s - "$T/data.snap"
check "output.dir = the data folder: every input file intact" $?
[ "$(grep -c . "$T/err")" = 1 ] && [ ! -e "$P/data.lock" ]
check "output.dir = the data folder: refused before any dataset is read, no lock left" $?
cp "$T/good.json" "$P/bdreport.json"

build -o "$P"
[ "$(rc)" = 1 ] && [ "$(first)" = "bdreport: error: output folder '$P' contains the project file 'bdreport.json'; each build replaces the output folder as a whole, so it must be a folder of its own (the default is 'report' beside the project file)" ]
check "-o \"\$PWD\" (the project folder): exit 1 naming the project file" $?
snap "$P" | cmp -s - "$T/project.snap"
check "-o \"\$PWD\": the project folder is intact" $?

build -o ..
[ "$(rc)" = 1 ] && first | grep -q "^bdreport: error: output folder '..' contains the project file 'bdreport.json'; "
check "-o .. (the folder holding the project): exit 1" $?
snap "$P" | cmp -s - "$T/project.snap" && [ -z "$(leftovers "$T")" ]
check "-o ..: the project intact, nothing left beside it" $?

build --force -o ..
[ "$(rc)" = 2 ] && first | grep -q "unknown option '--force'"
check "--force is no way around it (unknown option, exit 2)" $?

mkdir -p "$P/templates"
build -o templates/out
[ "$(rc)" = 1 ] && first | grep -q "output folder 'templates/out' lies inside the templates folder './templates'"
check "an output folder inside the project's templates folder is refused" $?
rmdir "$P/templates"

build -o ''
[ "$(rc)" = 2 ] && [ "$(cat "$T/err")" = "bdreport: error: --output: expected a folder name, got ''" ]
check "-o '': usage error at once (one line, nothing loaded)" $?

# ---- someone else's folder
mkdir -p "$T/other/sub" && echo mine > "$T/other/notes.txt" && echo deep > "$T/other/sub/f"
snap "$T/other" > "$T/other.snap"
build -o "$T/other"
[ "$(rc)" = 1 ] && [ "$(first)" = "bdreport: error: output folder '$T/other' is not empty and has no .bdreport-manifest, so bdreport did not write it; each build replaces the output folder as a whole: give a new or empty folder" ]
check "an unrelated non-empty folder is refused (exit 1)" $?
snap "$T/other" | cmp -s - "$T/other.snap"
check "the unrelated folder is intact" $?
echo x > "$T/afile"
build -o "$T/afile"
[ "$(rc)" = 1 ] && first | grep -q "exists and is not a folder" && [ "$(cat "$T/afile")" = x ]
check "an output path that is a file is refused, the file intact" $?
mkdir "$T/empty"
build -o "$T/empty"
[ "$(rc)" = 0 ] && [ -s "$T/empty/results.json" ] && head -n 1 "$T/empty/.bdreport-manifest" | grep -qx 'bdreport-manifest 1'
check "an empty folder is written into, with a manifest" $?

# ---- the report folder is a symlink to a web folder
mkdir -p "$T/web/css" && echo '<h1>our site</h1>' > "$T/web/index.html" && echo 'body{}' > "$T/web/css/site.css"
snap "$T/web" > "$T/web.snap"
rm -rf "$P/report" && ln -s "$T/web" "$P/report"
build
[ "$(rc)" = 1 ] && first | grep -q "^bdreport: bdreport.json:[0-9]*:[0-9]*: error: output folder 'report' is not empty and has no .bdreport-manifest"
check "report -> a web folder with its own files: refused (exit 1)" $?
snap "$T/web" | cmp -s - "$T/web.snap" && [ -L "$P/report" ]
check "the link target's files are untouched and the link stays" $?
rm "$P/report" && mkdir "$T/web2" && ln -s "$T/web2" "$P/report"
build && build
[ "$(rc)" = 0 ] && [ -L "$P/report" ] && [ -s "$T/web2/results.json" ] && [ -s "$T/web2/.bdreport-manifest" ] &&
	[ -z "$(leftovers "$T")" ] && [ -z "$(leftovers "$P")" ]
check "report -> an empty folder: written there twice, the link kept, no leftovers" $?
rm "$P/report"

# ---- a report of ours that someone added to
build
[ "$(rc)" = 0 ] && [ -s "$P/report/.bdreport-manifest" ]
check "a build into the default report folder" $?
snap "$P/report" > "$T/report.snap"
build
[ "$(rc)" = 0 ] && [ -z "$(leftovers "$P")" ]
check "a rebuild replaces its own report, no leftovers" $?
echo "my notes" > "$P/report/notes.txt"
build
[ "$(rc)" = 1 ] && [ "$(first)" = "bdreport: report/notes.txt: error: not written by bdreport (not listed in .bdreport-manifest); move it out of the output folder 'report', which each build replaces as a whole" ]
check "a user file in the report: refused, naming the file" $?
[ "$(cat "$P/report/notes.txt")" = "my notes" ] && [ -s "$P/report/results.json" ]
check "the user file and the report are kept" $?
rm "$P/report/notes.txt"
mkdir -p "$T/foreign" && echo precious > "$T/foreign/keep.txt"
ln -s "$T/foreign" "$P/report/targets/link"
build
[ "$(rc)" = 1 ] && [ "$(first | cut -d: -f2)" = " report/targets/link" ] && [ -f "$T/foreign/keep.txt" ]
check "a symlink inside the report to a foreign folder: refused, its target untouched" $?
rm "$P/report/targets/link"
mv "$P/report/data" "$T/data-aside" && ln -s "$T/foreign" "$P/report/data"
build
[ "$(rc)" = 1 ] && [ "$(first | cut -d: -f2)" = " report/data" ] && [ -f "$T/foreign/keep.txt" ]
check "a listed folder replaced by a symlink is not ours either" $?
rm "$P/report/data" && mv "$T/data-aside" "$P/report/data"
printf 'something else\n' > "$T/m" && cp "$P/report/.bdreport-manifest" "$T/m.keep" && cp "$T/m" "$P/report/.bdreport-manifest"
build
[ "$(rc)" = 1 ] && first | grep -q "has a .bdreport-manifest that bdreport did not write"
check "a manifest that is not ours is refused" $?
cp "$T/m.keep" "$P/report/.bdreport-manifest"

# ---- archive weeks are ours too
sed 's/"dir": "report"/"dir": "report", "archive": 3/' "$T/good.json" > "$P/bdreport.json"
build --as-of 2026-11-10 && build --as-of 2026-11-21
[ "$(rc)" = 0 ] && [ -d "$P/report/archive/2026-W46" ] && [ -d "$P/report/archive/2026-W47" ] &&
	grep -qx 'archive/2026-W46/results.json' "$P/report/.bdreport-manifest" &&
	! grep -q bdreport-build "$P/report/.bdreport-manifest"
check "rebuilds with the archive: both weeks kept and listed in the manifest" $?
snap "$P/report" > "$T/report.snap"

# ---- a killed build: its leftovers go, nobody else's. The lock file it left is its
# journal: "bdreport lock PID", then the folders it made beside the report.
sh -c 'exit 0' & wait $!
dead=$!
mkdir -p "$P/report.tmp-Ab12Cd/targets" "$P/report.tmp-Zz99zz" "$P/report.tmp-Live01"
printf 'bdreport-build %s\n' "$dead" > "$P/report.tmp-Ab12Cd/.bdreport-build"
echo half > "$P/report.tmp-Ab12Cd/targets/prospects.csv"
ln -s "$T/foreign" "$P/report.tmp-Ab12Cd/link"
echo mine > "$P/report.tmp-Zz99zz/notes.txt"
printf 'bdreport-build %s\n' $$ > "$P/report.tmp-Live01/.bdreport-build"
echo mine > "$P/report.tmp-Live01/notes.txt"
cp -R "$P/report" "$P/report.old-backup"        # a user's copy, valid manifest and all
printf 'bdreport lock %s\nreport.tmp-Ab12Cd\nreport.tmp-Live01\n' "$dead" > "$P/report.lock"
build --as-of 2026-11-21
[ "$(rc)" = 0 ] && [ ! -e "$P/report.tmp-Ab12Cd" ] && [ ! -e "$P/report.lock" ]
check "a dead build's temporary folder (in its journal, with its marker) and lock file are removed" $?
[ -f "$T/foreign/keep.txt" ]
check "a symlink in that folder was removed as a link, its target untouched" $?
[ "$(cat "$P/report.tmp-Zz99zz/notes.txt")" = mine ] && [ "$(cat "$P/report.tmp-Live01/notes.txt")" = mine ] &&
	snap "$P/report.old-backup" | cmp -s - "$T/report.snap"
check "look-alikes are kept: not in the journal, or a marker of a live process" $?
rm -rf "$P/report.tmp-Zz99zz" "$P/report.tmp-Live01" "$P/report.old-backup"
snap "$P/report" | cmp -s - "$T/report.snap"
check "the report after that build is the same as before" $?

# ---- a swap stopped between its two renames
mv "$P/report" "$P/report.old-Qw12Er"
cp -R "$P/report.old-Qw12Er" "$P/report.tmp-Ty34Ui"
echo new > "$P/report.tmp-Ty34Ui/results.json"
printf 'bdreport lock %s\nreport.tmp-Ty34Ui\nreport.old-Qw12Er\n' "$dead" > "$P/report.lock"
sed 's/"Quantity > 0"/"Quantity >"/' "$P/bdreport.json" > "$P/broken.json"
build broken.json
[ "$(rc)" = 1 ] && [ "$(first)" = "bdreport: warning: restored the previous report 'report' from 'report.old-Qw12Er', left by a build that was stopped" ]
check "an interrupted swap: the next build restores the previous report (then fails on bad input)" $?
snap "$P/report" | cmp -s - "$T/report.snap" && [ -z "$(leftovers "$P")" ]
check "the restored report is byte-identical, no leftovers" $?
rm "$P/broken.json"

# ---- one build at a time
printf 'bdreport lock 4242\n' > "$P/report.lock"
/usr/bin/python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)' "$P/report.lock" "$T/locked" &
holder=$!
i=0
while [ ! -e "$T/locked" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
build
[ "$(rc)" = 3 ] && [ "$(first)" = "bdreport: $P/report.lock: error: another build (pid 4242) is writing the output folder 'report'; try again when it has finished" ]
check "a second build while one holds the lock fails at once (exit 3)" $?
kill "$holder"
wait "$holder" 2> /dev/null
snap "$P/report" | cmp -s - "$T/report.snap"
check "the report is untouched by the refused build" $?
echo "my lock" > "$P/report.lock"
build
[ "$(rc)" = 1 ] && first | grep -q "report.lock: error: not a lock file of bdreport" && [ "$(cat "$P/report.lock")" = "my lock" ]
check "a report.lock that is not ours is refused and kept" $?
rm "$P/report.lock"
build
[ "$(rc)" = 0 ] && [ -z "$(leftovers "$P")" ]
check "then a build succeeds and leaves no lock file" $?

exit $failed

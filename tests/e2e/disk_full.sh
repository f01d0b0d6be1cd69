#!/bin/sh
# SPDX-License-Identifier: MIT
# A build that runs out of disk space: the report folder sits on a small tmpfs that
# holds one report but not a second one beside it (the temporary folder). The build
# must exit 3 with a message naming the file it could not write, leave the previous
# report intact and no temporary folder or lock file behind. Needs root for mount(8);
# otherwise the checks are skipped (the only skip allowed). TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
name="a build that runs out of space exits 3 and keeps the previous report"
if [ "$(id -u)" != 0 ]; then
	echo "ok 1 - $name # SKIP not root"
	exit 0
fi
T=$(mktemp -d)
M=$T/mnt
mkdir "$M"
trap 'umount "$M" 2> /dev/null; rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; sed 's/^/# /' "$T/err" 2> /dev/null | head -3; }
check() { if [ "$2" = 0 ]; then ok "$1"; else no "$1"; fi; }
snap() { (cd "$1" && find . -print | LC_ALL=C sort && find . -type f -exec cksum {} + | LC_ALL=C sort); }

mount -t tmpfs -o size=64m,mode=0755 tmpfs "$M"
check "mount a 64 MB tmpfs" $?
"$BIN" init "$T/p" > /dev/null 2>&1
"$BIN" build -q "$T/p/bdreport.json" -o "$M/report" 2> "$T/err"
check "a first build into the tmpfs" $?
used=$(df -k --output=used "$M" | tail -n 1 | tr -d ' ')
size=$((used * 3 / 2 + 4))
mount -o remount,size=${size}k "$M"
check "shrink the tmpfs to 1.5 times the report ($used KB used, ${size} KB)" $?
snap "$M/report" > "$T/before"

"$BIN" build -q "$T/p/bdreport.json" -o "$M/report" 2> "$T/err"
rc=$?
echo "# $(head -n 1 "$T/err")"
[ $rc = 3 ]
check "a build that runs out of space exits 3 ($rc)" $?
head -n 1 "$T/err" | grep -Eq "^bdreport: $M/report\.tmp-[A-Za-z0-9]{6}/[^:]+: error: .*[Nn]o space left on device"
check "the message names the file that could not be written" $?
snap "$M/report" | cmp -s - "$T/before"
check "the previous report is intact" $?
[ "$(ls -A "$M")" = report ]
check "no temporary folder or lock file is left behind" $?

# the same with the tmpfs full before anything is written: no lock file can be made
mount -o remount,size=${used}k "$M" 2> /dev/null || mount -o remount,size=$((used + 4))k "$M"
dd if=/dev/zero of="$M/filler" bs=4k 2> /dev/null
"$BIN" build -q "$T/p/bdreport.json" -o "$M/report" 2> "$T/err"
rc=$?
echo "# $(head -n 1 "$T/err")"
rm -f "$M/filler"
[ $rc = 3 ] && snap "$M/report" | cmp -s - "$T/before" && [ "$(ls -A "$M")" = report ]
check "on a full disk the build exits 3 at once, the report intact ($rc)" $?
exit $failed

#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark inputs: writes bench/data/S (10k customers, 100k order lines), M (100k, 1M)
# and, only when asked, L (1M, 10M) with the seeded generator build/tools/gen (the same
# files as bench/python/gen.py: opportunities = customers / 2, 200 partners, 156 weeks
# of marketing), skipping sizes already there. Prints sizes and generation times.
#   sh bench/data.sh          S and M
#   sh bench/data.sh L        L only (sh bench/data.sh S M L for all three)
set -e
B=${B:-build}
GEN=${GEN:-$B/tools/gen}
DATA=${BENCH_DATA:-bench/data}
SEED=${BENCH_SEED:-42}
[ $# -gt 0 ] || set -- S M
if [ ! -x "$GEN" ]; then
	make --no-print-directory "$GEN" >&2
fi
now() { date +%s.%N; }
files="customers.csv orders.csv opportunities.csv partners.csv marketing.csv"
printf '%-4s %10s %12s %10s %9s  %s\n' size customers "order lines" "MB" "gen s" dir
for size in "$@"; do
	case $size in
	S) nc=10000; no=100000 ;;
	M) nc=100000; no=1000000 ;;
	L) nc=1000000; no=10000000 ;;
	*) echo "bench/data.sh: unknown size '$size' (S, M or L)" >&2; exit 2 ;;
	esac
	dir=$DATA/$size
	have=1
	for f in $files; do [ -s "$dir/$f" ] || have=0; done
	secs="(kept)"
	if [ $have = 0 ]; then
		t0=$(now)
		"$GEN" --quiet --customers $nc --orders $no --seed "$SEED" --out "$dir"
		t1=$(now)
		secs=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
	fi
	mb=$(cd "$dir" && cat $files | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
	printf '%-4s %10d %12d %10s %9s  %s\n' "$size" $nc $no "$mb" "$secs" "$dir"
done

#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python baseline (bench/python/baseline.py: pandas, scikit-learn, statsmodels,
# matplotlib) timed on our generated data bench/data/S and M (and L when BENCH_L=1):
# wall time and peak RSS from /usr/bin/time -v, median of 3 runs (1 for L), printed next
# to the figures in bench/python/README.md. Run by `make bench`, or alone:
#   sh bench/bench_baseline.sh        BENCH_RUNS=5 BENCH_L=1 sh bench/bench_baseline.sh
BASELINE=bench/python/baseline.py
PY=/usr/bin/python3
OUT=${BENCH_OUT:-bench/out}
RUNS=${BENCH_RUNS:-3}
pkgs="python3-numpy python3-pandas python3-sklearn python3-statsmodels python3-matplotlib time"

if ! "$PY" -c 'import numpy, pandas, sklearn, statsmodels, matplotlib' 2>/dev/null ||
   [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "bench_baseline: installing Debian packages: $pkgs" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null ||
			{ apt-get update -qq >/dev/null &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null; } ||
			exit 1
	else
		echo "bench_baseline: missing packages; run as root: apt-get install -y $pkgs" >&2
		exit 1
	fi
fi

sizes="S M"
[ "${BENCH_L:-0}" = 1 ] && sizes="$sizes L"
sh bench/data.sh $sizes >&2 || exit 1
mkdir -p "$OUT"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:10.31" -> seconds
wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
	for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
# the README's row for a size: "| S | 10k / 100k | 10.3 s | 676 MiB |"
ref() { awk -F'|' -v s="$1" '$2 ~ "^ *" s " *$" { gsub(/^ +| +$/, "", $4); gsub(/^ +| +$/, "", $5)
	print $4 " / " $5 }' bench/python/README.md; }

# other work on the machine inflates the figures: say how busy it was
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
printf '%-4s %-12s %5s %12s %14s   %s\n' size data runs "median wall" "median peakRSS" \
	"README (wall / RSS)"
status=0
for size in $sizes; do
	runs=$RUNS
	[ "$size" = L ] && runs=1
	: > "$OUT/wall-$size" ; : > "$OUT/rss-$size"
	i=1
	while [ $i -le $runs ]; do
		log=$OUT/baseline-$size-$i.log
		if /usr/bin/time -v "$PY" "$BASELINE" "bench/data/$size" "$OUT/baseline-$size" > "$log" 2>&1; then
			wall "$log" >> "$OUT/wall-$size"
			rss "$log" >> "$OUT/rss-$size"
		else
			echo "bench_baseline: run $i on $size failed; see $log" >&2
			status=1
		fi
		i=$((i + 1))
	done
	[ -s "$OUT/wall-$size" ] || continue
	w=$(median < "$OUT/wall-$size")
	r=$(median < "$OUT/rss-$size")
	rows=$(($(wc -l < "bench/data/$size/orders.csv") - 1))
	printf '%-4s %-12s %5d %10.1f s %10.0f MiB   %s\n' "$size" "$rows lines" \
		"$(wc -l < "$OUT/wall-$size")" "$w" "$(echo "$r" | awk '{ print $1 / 1024 }')" "$(ref "$size")"
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status

#!/bin/sh
# SPDX-License-Identifier: MIT
# `bdreport analyze` on the generated S and M data (bench/data.sh): wall time median
# of 5 runs, the median "analyses" phase of --timings, and peak RSS (/usr/bin/time -v).
# Targets (issue 5): M at most 1.5 s wall and 600 MB peak RSS.
#   sh bench/bench_analyze.sh [S M L]
B=${B:-build}
BIN=${BIN:-./bdreport}
DATA=${BENCH_DATA:-bench/data}
[ $# -gt 0 ] || set -- S M
[ -x "$BIN" ] || make --no-print-directory bdreport >&2 || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
printf '%-4s %10s %12s %12s %12s  %s\n' size "wall s" "analyses s" "peak RSS MB" target ""
for size in "$@"; do
	dir=$(cd "$DATA/$size" 2>/dev/null && pwd) || {
		echo "$size: no data in $DATA/$size (run: sh bench/data.sh $size)"
		continue
	}
	cat > "$T/bdreport.json" <<EOF
{
  "title": "bench $size", "as_of": "latest", "currency": "USD", "locale": "en",
  "datasets": {
    "orders": { "path": "$dir/orders.csv",
                "columns": { "customer": "customer_id", "date": "order_date", "order": "order_id" } },
    "customers": { "path": "$dir/customers.csv", "columns": { "id": "customer_id" } },
    "opportunities": { "path": "$dir/opportunities.csv", "columns": { "id": "opp_id" } },
    "partners": { "path": "$dir/partners.csv", "columns": { "id": "partner_id" } },
    "marketing": { "path": "$dir/marketing.csv", "columns": { "date": "week", "target": "sales" } }
  }
}
EOF
	: > "$T/wall"
	: > "$T/an"
	: > "$T/rss"
	for i in 1 2 3 4 5; do
		/usr/bin/time -v "$BIN" analyze -q --timings "$T/bdreport.json" > "$T/out.json" 2> "$T/err" || {
			echo "$size: bdreport analyze failed: $(head -3 "$T/err")"
			break
		}
		awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$T/err" >> "$T/wall"
		awk '$1 == "analyses" { print $2 }' "$T/err" >> "$T/an"
		awk -F': ' '/Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$T/err" >> "$T/rss"
	done
	case $size in M) target="<= 1.5 s, <= 600 MB" ;; L) target="<= 15 s, <= 5 GB" ;; *) target="" ;; esac
	printf '%-4s %10s %12s %12s %12s\n' "$size" "$(median < "$T/wall")" "$(median < "$T/an")" \
		"$(median < "$T/rss")" "$target"
done

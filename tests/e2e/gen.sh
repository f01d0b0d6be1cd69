#!/bin/sh
# SPDX-License-Identifier: MIT
# e2e: the data generator tools/gen (build/tools/gen). Checks that it is deterministic,
# writes gen.py's headers (read from bench/python/gen.py), the right row counts and
# value formats, and that --mess adds its CRLF/BOM/blank/duplicate mess where intended.
B=${B:-build}
GEN=${GEN:-$B/tools/gen}
GENPY=bench/python/gen.py
T=$(mktemp -d "${TMPDIR:-/tmp}/bdgen.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { # check NAME COMMAND...: ok when the command succeeds
	name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else nok "$name"; fi
}
rows() { echo $(($(wc -l < "$1") - 1)); }

NC=3000
NO=30000
"$GEN" --quiet --customers $NC --orders $NO --seed 5 --out "$T/a" --schemes
check "gen runs (S-like size)" test $? -eq 0
"$GEN" --quiet --customers $NC --orders $NO --seed 5 --out "$T/b" --schemes
check "same arguments, same bytes" diff -r "$T/a" "$T/b"
"$GEN" --quiet --customers $NC --orders $NO --seed 6 --out "$T/c"
check "another seed, other data" sh -c '! cmp -s "$1/a/orders.csv" "$1/c/orders.csv"' - "$T"
check "no schemes.csv without --schemes" test ! -e "$T/c/schemes.csv"

# headers: the string literals passed to write_rows() in gen.py
PY=$(command -v python3 || command -v /usr/bin/python3)
if [ -n "$PY" ]; then
	"$PY" - "$GENPY" > "$T/headers" <<'EOF'
import ast, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "write_rows":
        print(node.args[1].value)
EOF
	check "gen.py declares five headers" test "$(wc -l < "$T/headers")" -eq 5
	for f in customers orders opportunities partners marketing; do
		h=$(head -n 1 "$T/a/$f.csv")
		check "$f.csv header is gen.py's" grep -qxF "$h" "$T/headers"
	done
else
	for f in customers orders opportunities partners marketing; do
		ok "$f.csv header is gen.py's # SKIP python3 not installed (sh tools/deps.sh build)"
	done
fi
check "schemes.csv header" test "$(head -n 1 "$T/a/schemes.csv")" = \
	"id,name,cost,time_weeks,quality,risk,strategic_fit"

check "customers.csv rows" test "$(rows "$T/a/customers.csv")" -eq $NC
check "orders.csv rows" test "$(rows "$T/a/orders.csv")" -eq $NO
check "opportunities.csv rows = customers / 2" test "$(rows "$T/a/opportunities.csv")" -eq $((NC / 2))
check "partners.csv rows" test "$(rows "$T/a/partners.csv")" -eq 200
check "marketing.csv rows (156 weeks)" test "$(rows "$T/a/marketing.csv")" -eq 156
check "schemes.csv rows" test "$(rows "$T/a/schemes.csv")" -eq 12
check "customer ids unique and C + 7 digits" sh -c \
	'tail -n +2 "$1" | cut -d, -f1 | grep -c "^C[0-9]\{7\}$" | grep -qx "$2" &&
	 test -z "$(tail -n +2 "$1" | cut -d, -f1 | sort | uniq -d)"' - "$T/a/customers.csv" $NC

# value formats, as gen.py's "%d,%s,%s,%.2f,%s"
check "orders.csv value formats" awk -F, 'NR > 1 && !($1 ~ /^[0-9]+$/ && $2 ~ /^C[0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/ &&
	$3 ~ /^20[0-9][0-9]-[01][0-9]-[0-3][0-9]$/ && $4 ~ /^-?[0-9]+\.[0-9][0-9]$/ && NF == 5 &&
	$5 != "") { exit 1 }' "$T/a/orders.csv"
check "order dates within 2023-11-21..2026-11-20 and sorted" awk -F, 'NR > 1 {
	if ($3 < "2023-11-21" || $3 > "2026-11-20" || $3 < prev) exit 1; prev = $3 }' "$T/a/orders.csv"
check "order ids consecutive from 10000001" awk -F, 'NR == 2 && $1 != 10000001 { exit 1 }
	NR > 2 && $1 != prev && $1 != prev + 1 { exit 1 } { prev = $1 }' "$T/a/orders.csv"
check "partners.csv value formats" awk -F, 'NR > 1 && !($1 ~ /^P[0-9][0-9][0-9]$/ &&
	$(NF-5) ~ /^[0-9]+$/ && $(NF-4) ~ /^[0-9]\.[0-9]$/ && $(NF-3) ~ /^[0-9]+\.[0-9]$/ &&
	$(NF-2) ~ /^[0-9]+\.[0-9][0-9]$/ && $(NF-1) ~ /^[0-9]+000$/ && $NF ~ /^0\.[0-9][0-9][0-9]$/) {
	exit 1 }' "$T/a/partners.csv"
check "opportunity stages are gen.py's six" sh -c 'tail -n +2 "$1" | awk -F, "{ print \$(NF-4) }" |
	sort -u | tr "\n" "|" | grep -qx "Closed Lost|Closed Won|Negotiation|Proposal|Prospecting|Qualification|"' \
	- "$T/a/opportunities.csv"
check "marketing weeks are consecutive Mondays ending 2026-11-16" sh -c '
	first=$(sed -n 2p "$1" | cut -d, -f1); last=$(tail -n 1 "$1" | cut -d, -f1)
	test "$last" = 2026-11-16 && test "$(date -u -d "$first" +%u)" = 1 &&
	test $(( ($(date -u -d "$last" +%s) - $(date -u -d "$first" +%s)) / 86400 )) -eq $((155 * 7))' \
	- "$T/a/marketing.csv"

# the recipes, loosely (fixed seed, so these are deterministic, not flaky)
check "refunds are about 1% of order lines" awk -F, 'NR > 1 { n++; if ($4 < 0) r++ }
	END { exit !(r / n > 0.005 && r / n < 0.015) }' "$T/a/orders.csv"
check "1 + Poisson(0.25) lines per order" awk -F, 'NR > 1 { if ($1 != prev) k++; n++; prev = $1 }
	END { exit !(n / k > 1.2 && n / k < 1.3) }' "$T/a/orders.csv"
check "engagement score mean near 100 * 2.2 / 5" awk -F, 'NR > 1 { s += $NF; n++ }
	END { exit !(s / n > 42 && s / n < 46) }' "$T/a/opportunities.csv"
check "partner risk mean near Beta(2, 5) mean 0.286" awk -F, 'NR > 1 { s += $NF; n++ }
	END { exit !(s / n > 0.25 && s / n < 0.32) }' "$T/a/partners.csv"
check "plain output: LF only, no BOM" sh -c '! cat "$1"/*.csv | grep -q "$(printf "\r")" &&
	! head -c 3 "$1/customers.csv" | grep -q "$(printf "\357\273\277")"' - "$T/a"

# --mess
"$GEN" --quiet --customers $NC --orders $NO --seed 5 --out "$T/m" --mess --schemes
check "gen --mess runs" test $? -eq 0
check "mess: BOM on customers.csv only" sh -c 'head -c 3 "$1/customers.csv" | od -An -tx1 |
	grep -q "ef bb bf" && ! head -c 3 "$1/orders.csv" | od -An -tx1 | grep -q "ef bb bf"' - "$T/m"
check "mess: CRLF on every line of customers.csv and opportunities.csv" sh -c '
	for f in customers opportunities schemes; do
		test "$(grep -c "$(printf "\r")\$" "$1/$f.csv")" -eq "$(wc -l < "$1/$f.csv")" || exit 1
	done' - "$T/m"
check "mess: orders.csv keeps LF" sh -c '! grep -q "$(printf "\r")" "$1/orders.csv"' - "$T/m"
check "mess: a few exact duplicate customer rows" sh -c '
	d=$(tail -n +2 "$1" | sort | uniq -d | wc -l)
	test "$d" -gt 0 && test "$d" -lt 50 &&
	test "$(tail -n +2 "$1" | cut -d, -f1 | sort -u | wc -l)" -eq "$2"' - "$T/m/customers.csv" $NC
check "mess: quoted names with commas and doubled quotes" sh -c 'grep -q "\"[^\"]*, [^\"]*\"" "$1" &&
	grep -q "\"\"" "$1"' - "$T/m/customers.csv"
check "mess: Chinese company names" grep -q "有限公司" "$T/m/customers.csv"
check "mess: blank optional fields (industry, product)" sh -c 'grep -q "^C[0-9]*,[^,]*,," "$1/customers.csv" &&
	grep -q ",\$" "$1/orders.csv"' - "$T/m"
check "mess: every amount still a number" awk -F, 'NR > 1 && $4 !~ /^-?[0-9]+\.[0-9][0-9]$/ { exit 1 }' \
	"$T/m/orders.csv"
check "mess keeps the same underlying orders" sh -c 'cut -d, -f1-4 "$1/a/orders.csv" > "$1/x" &&
	cut -d, -f1-4 "$1/m/orders.csv" | cmp -s - "$1/x"' - "$T"

# the bundled example is exactly what its README's command line generates
EX=examples/acme-weekly/data
if [ -d "$EX" ]; then
	"$GEN" --quiet --customers 2000 --orders 20000 --seed 42 --out "$T/ex" --mess --schemes
	check "examples/acme-weekly/data is reproducible from its README command" sh -c '
		for f in customers opportunities partners marketing schemes; do
			cmp -s "$1/$f.csv" "$2/$f.csv" || exit 1
		done
		gzip -dc "$1/orders.csv.gz" | cmp -s - "$2/orders.csv"' - "$EX" "$T/ex"
fi

# usage errors
"$GEN" --customers 10 --orders 10 > /dev/null 2>&1
check "missing --out is a usage error (2)" test $? -eq 2
"$GEN" --customers ten --orders 10 --out "$T/u" > /dev/null 2>&1
check "bad number is a usage error (2)" test $? -eq 2

echo "1..$n"
exit $failed

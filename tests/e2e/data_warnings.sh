#!/bin/sh
# SPDX-License-Identifier: MIT
# Data the build cannot read is never dropped in silence (issue #13): without
# "strict", `bdreport build` exits 0, prints one warning per column and reason with
# its position, and counts what it dropped in results.json data_quality; with a
# "number_format" the same spellings are read. Synthetic data written here; a build
# that would hang (NaN in a tie loop) is stopped by timeout and fails. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
PY=/usr/bin/python3
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
if [ ! -x "$PY" ]; then
	echo "1..0 # SKIP $PY not available"
	exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# build NAME: builds $T/NAME/bdreport.json into $T/NAME/out; stderr in $T/NAME/err
build() {
	(cd "$T/$1" && timeout 120 "$BIN" build -q --only json -o out bdreport.json > /dev/null 2> err)
	rc=$?
	if [ $rc = 0 ]; then ok "$1: exit 0"; else no "$1: exit $rc: $(head -3 "$T/$1/err")"; fi
}
# warns NAME LINE: LINE is a whole line of stderr
warns() {
	if grep -qxF -- "$2" "$T/$1/err"; then ok "$1: warning"; else
		no "$1: warning not found: $2"; sed 's/^/# /' "$T/$1/err" | head -5; fi
}
# quiet NAME: no warning at all
quiet() {
	if grep -q "warning\|error" "$T/$1/err"; then no "$1: unexpected: $(head -2 "$T/$1/err")"
	else ok "$1: no warning"; fi
}
# holds NAME EXPR: the python expression is true of r = results.json
holds() {
	if "$PY" -c 'import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
dq = r["data_quality"]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T/$1/out/results.json" "$2" 2> "$T/$1/py"; then
		ok "$1: $2"
	else
		no "$1: $2 $(tail -1 "$T/$1/py")"
	fi
}
project() { mkdir -p "$T/$1"; printf '%s\n' "$2" > "$T/$1/bdreport.json"; }
ORDERS='"columns": {"customer": "CustomerID", "date": "InvoiceDate", "amount": "=Quantity * UnitPrice"}'

# thousands separators nobody declared: warned once, counted, dropped
project thousands "{\"as_of\": \"2010-12-07\", \"datasets\": {\"orders\": {\"path\": \"orders.csv\", $ORDERS}}}"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,2010-12-01,2,1.5\n2,2010-12-02,1,"1,234.5"\n3,2010-12-03,1,3\n4,2010-12-04,2,"2,000"\n' > "$T/thousands/orders.csv"
build thousands
warns thousands "bdreport: orders.csv:3:16: warning: column 'UnitPrice': 2 values could not be read as a number (first \"1,234.5\"), used by field 'amount'; those rows are dropped as 'amount: unreadable number'; if numbers are written this way, declare the dataset's \"number_format\""
holds thousands 'dq["orders"]["dropped"] == {"amount: unreadable number": 2} and dq["orders"]["unreadable"] == {"UnitPrice": 2} and dq["orders"]["rows_kept"] == 2'

# the same file with "number_format": "en": every row read
project thousands-en "{\"as_of\": \"2010-12-07\", \"datasets\": {\"orders\": {\"path\": \"orders.csv\", \"number_format\": \"en\", $ORDERS}}}"
cp "$T/thousands/orders.csv" "$T/thousands-en/"
build thousands-en
quiet thousands-en
holds thousands-en 'dq["orders"]["rows_kept"] == 4 and dq["orders"]["sum"]["amount"] == 3 + 1234.5 + 3 + 4000'

# accounting: currency signs and (12.50) for negatives
project accounting "{\"as_of\": \"2010-12-07\", \"datasets\": {\"orders\": {\"path\": \"orders.csv\", \"number_format\": \"accounting\", $ORDERS}}}"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice\n1,2010-12-01,2,$5.00\n2,2010-12-02,1,($12.50)\n3,2010-12-03,1,"$1,000"\n' > "$T/accounting/orders.csv"
build accounting
quiet accounting
holds accounting 'dq["orders"]["rows_kept"] == 3 and dq["orders"]["sum"]["amount"] == 10 - 12.5 + 1000'

# a European export: ';' and 1.234,5 with {"decimal": ",", "thousands": "."}
project european "{\"as_of\": \"2010-12-07\", \"datasets\": {\"orders\": {\"path\": \"orders.csv\", \"number_format\": {\"decimal\": \",\", \"thousands\": \".\", \"currency\": true}, $ORDERS}}}"
printf 'CustomerID;InvoiceDate;Quantity;UnitPrice\n1;2010-12-01;2;1.234,5\n2;2010-12-02;1;0,25 \342\202\254\n' > "$T/european/orders.csv"
build european
quiet european
holds european 'dq["orders"]["sum"]["amount"] == 2469 + 0.25'

# NaN, inf, 0x1A and 1e999 are not numbers; an overflowing product and a zero divisor
project nonfinite "{\"as_of\": \"2010-12-07\", \"datasets\": {\"orders\": {\"path\": \"orders.csv\", \"columns\": {\"customer\": \"CustomerID\", \"date\": \"InvoiceDate\", \"amount\": \"=Quantity * UnitPrice / Units\"}}}}"
printf 'CustomerID,InvoiceDate,Quantity,UnitPrice,Units\n1,2010-12-01,2,1.5,1\n2,2010-12-02,NaN,2,1\n3,2010-12-03,1,0x1A,1\n4,2010-12-04,10,1e308,1\n5,2010-12-05,1,3,0\n6,2010-12-06,1,1e999,1\n7,2010-12-07,inf,1,1\n' > "$T/nonfinite/orders.csv"
build nonfinite
warns nonfinite "bdreport: orders.csv:3:14: warning: column 'Quantity': 2 values could not be read as a number (first \"NaN\"), used by field 'amount'; those rows are dropped as 'amount: unreadable number'"
warns nonfinite "bdreport: orders.csv:4:16: warning: column 'UnitPrice': 2 values could not be read as a number (first \"0x1A\"), used by field 'amount'; those rows are dropped as 'amount: unreadable number'"
warns nonfinite "bdreport: orders.csv:5: warning: field 'amount' (=Quantity * UnitPrice / Units): out of range in 1 row; those rows are dropped as 'amount: out of range'"
warns nonfinite "bdreport: orders.csv:6: warning: field 'amount' (=Quantity * UnitPrice / Units): division by zero in 1 row ('Units' is 0); those rows are dropped as 'amount: division by zero'"
holds nonfinite 'dq["orders"]["dropped"] == {"amount: unreadable number": 4, "amount: out of range": 1, "amount: division by zero": 1} and dq["orders"]["unreadable"] == {"Quantity": 2, "UnitPrice": 2} and dq["orders"]["rows_kept"] == 1'

# a division by zero in every row: said so, noted, and the build still ends
project divzero "{\"as_of\": \"2010-12-07\", \"datasets\": {\"orders\": {\"path\": \"orders.csv\", \"columns\": {\"customer\": \"CustomerID\", \"date\": \"InvoiceDate\", \"amount\": \"=Total / Units\"}}}}"
printf 'CustomerID,InvoiceDate,Total,Units\n1,2010-12-01,10,0\n2,2010-12-02,20,0\n' > "$T/divzero/orders.csv"
build divzero
warns divzero "bdreport: orders.csv:2: warning: field 'amount' (=Total / Units): division by zero in every row ('Units' is 0); those rows are dropped as 'amount: division by zero'"
holds divzero 'dq["orders"]["rows_kept"] == 0 and dq["orders"]["dropped"] == {"amount: division by zero": 2} and "orders: field '"'"'amount'"'"' (=Total / Units) is missing in every row (division by zero)" in dq["notes"]'

# JSON: a string (and 1e999) among numbers keeps the field numeric and the criterion
project json-mixed '{"as_of": "2010-12-07", "datasets": {"partners": {"path": "partners.json"}}}'
printf '[\n  {"id": "P1", "reach": 10, "cost": 5},\n  {"id": "P2", "reach": 20, "cost": "n/a"},\n  {"id": "P3", "reach": 15, "cost": 7},\n  {"id": "P4", "reach": 12, "cost": 1e999},\n  {"id": "P5", "reach": 11, "cost": 6}\n]\n' > "$T/json-mixed/partners.json"
build json-mixed
warns json-mixed "bdreport: partners.json:3:37: warning: column 'cost': expected a number, got \"n/a\""
warns json-mixed "bdreport: warning: dataset 'partners': 2 values of column 'cost' could not be read; treated as missing"
holds json-mixed 'dq["partners"]["unreadable"] == {"cost": 2} and [c["name"] for c in r["partners"]["criteria"]] == ["reach", "cost"] and r["partners"]["left_out"] == 2'

# CSV: a criterion column with one value that is not a number is named, not lost in silence
project criterion '{"as_of": "2010-12-07", "datasets": {"partners": {"path": "partners.csv"}}}'
printf 'id,name,reach,cost,empty\nP1,Alpha,10,5,\nP2,Beta,20,1e999,\nP3,Gamma,15,7,\n' > "$T/criterion/partners.csv"
build criterion
warns criterion "bdreport: partners.csv:3:12: warning: partners: criterion 'cost' left out: 1 of 3 values is not a number (first \"1e999\")"
warns criterion "bdreport: warning: partners: criterion 'empty' left out: it has no value"
holds criterion '[c["name"] for c in r["partners"]["criteria"]] == ["reach"] and "partners: criterion '"'"'cost'"'"' left out: 1 of 3 values is not a number (first \"1e999\")" in dq["notes"]'

# churn: a derived feature that is always missing; and one with an overflow (the
# AUC over NaN scores used to spin forever)
"$PY" -c '
import random
random.seed(7)
print("id,churned,tenure,spend,visits")
for i in range(80):
    print("C%d,%d,%d,%s,%d" % (i, i % 3 == 0, random.randint(1, 60), "1e308" if i == 5 else random.randint(10, 500), 0))
' > "$T/customers.csv"
project churn-feature '{"as_of": "2010-12-07", "datasets": {"customers": {"path": "customers.csv", "derive": {"per_visit": "=spend / visits", "big": "=spend * 10"}}}, "analyses": {"churn": {"features": ["tenure", "per_visit"]}}}'
cp "$T/customers.csv" "$T/churn-feature/"
build churn-feature
warns churn-feature "bdreport: customers.csv:2: warning: derived column 'per_visit' (=spend / visits): division by zero in every row ('visits' is 0); treated as missing"
warns churn-feature "bdreport: warning: churn skipped: feature 'per_visit' is missing in every labelled row of customers"
holds churn-feature '"churn" not in r and "churn skipped: feature '"'"'per_visit'"'"' is missing in every labelled row of customers" in dq["notes"]'
project churn-overflow '{"as_of": "2010-12-07", "datasets": {"customers": {"path": "customers.csv", "derive": {"big": "=spend * 10"}}}, "analyses": {"churn": {"features": ["tenure", "spend", "big"]}}}'
cp "$T/customers.csv" "$T/churn-overflow/"
build churn-overflow
warns churn-overflow "bdreport: customers.csv:7: warning: derived column 'big' (=spend * 10): out of range in 1 row; treated as missing"
holds churn-overflow '"churn" in r'

echo "1..$n"
exit $failed

#!/bin/sh
# SPDX-License-Identifier: MIT
# Datasets from Excel workbooks and SQLite databases, and target lists as a workbook:
# examples/acme-weekly's CSV files copied into an .xlsx (openpyxl; 1900 and 1904 date
# systems) and into an SQLite database (Python's sqlite3) by tests/e2e/sources.py must
# give the same results.json as the CSV files; errors name FILE:SHEET!CELL and the
# query; targets.xlsx read back by openpyxl equals the CSV files. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check() { if [ "$2" = 0 ]; then ok "$1"; else no "$1"; fi; }
if ! $PY -c "import openpyxl" 2>/dev/null; then
	no "python3-openpyxl is installed (sh tools/deps.sh build)"
	exit 1
fi
EX=examples/acme-weekly
"$BIN" analyze -q "$EX/bdreport.json" > "$T/csv.json"
check "analyze the CSV project" $?

for kind in xlsx "xlsx 1904" sqlite; do
	dir=$T/$(echo "$kind" | tr ' ' _)
	$PY tests/e2e/sources.py "$EX" "$dir" $kind
	check "$kind: copy the datasets" $?
	"$BIN" analyze -q "$dir/bdreport.json" > "$dir/results.json" 2> "$dir/err"
	check "$kind: analyze exits 0 $(head -c 300 "$dir/err")" $?
	cmp -s "$T/csv.json" "$dir/results.json"
	check "$kind: results.json is identical to the CSV project's" $?
done

# ---- errors: a bad cell by FILE:SHEET!CELL, an unknown sheet, a failing query
X=$T/xlsx
$PY - "$X/book.xlsx" <<'PYEOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Orders"]
head = [c.value for c in ws[1]]
ws.cell(row=5, column=head.index("amount") + 1, value="n/a")
wb.save(sys.argv[1])
PYEOF
$PY - "$X/bdreport.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["datasets"]["orders"]["strict"] = True
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), indent=2)
PYEOF
"$BIN" check "$X/bdreport.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -Eq "^bdreport: .*/book.xlsx:Orders![A-Z]+5: error: column 'amount': expected a number, got \"n/a\"$" "$T/err"
check "a bad cell is reported at FILE:SHEET!CELL (exit $rc: $(head -c 200 "$T/err"))" $?
sed 's/"sheet": "Orders"/"sheet": "Order"/' "$X/bdreport.json" > "$X/p2.json"
"$BIN" check "$X/p2.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -q "no sheet 'Order' in the workbook (sheets: 'Orders', 'Customers', .*); did you mean 'Orders'?" "$T/err"
check "an unknown sheet: exit 1, the sheets listed, the closest suggested" $?
S=$T/sqlite
sed 's/SELECT \* FROM orders/SELECT * FROM order_lines/' "$S/bdreport.json" > "$S/p2.json"
"$BIN" check "$S/p2.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -Eq "p2.json:[0-9]+:[0-9]+: error: query: no such table: order_lines" "$T/err"
check "a failing query: exit 1 at the query in the project file" $?
sed 's/SELECT \* FROM orders/DELETE FROM orders/' "$S/bdreport.json" > "$S/p3.json"
"$BIN" check "$S/p3.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -q "query: expected a SELECT that returns rows" "$T/err"
check "a query that writes is refused" $?
sed 's/"crm.db"/"nowhere.db"/' "$S/bdreport.json" > "$S/p4.json"
"$BIN" check "$S/p4.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 3 ] && grep -q "nowhere.db: error: cannot open the SQLite database" "$T/err"
check "a missing database: exit 3 (got $rc)" $?

# ---- targets.xlsx: the CSV files' rows and values, frozen header, autofilter, formats
cp -R "$EX" "$T/out"
$PY - "$T/out/bdreport.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["output"] = {"dir": "report", "xlsx": True}
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), indent=2)
PYEOF
"$BIN" build -q --only csv "$T/out/bdreport.json" 2> "$T/err"
check "build with output.xlsx" $?
out=$($PY - "$T/out/report/targets" <<'PYEOF'
import csv, math, os, sys
import openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(os.path.join(d, "targets.xlsx"))
bad = []
csvs = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".csv"))
if sorted(wb.sheetnames) != csvs:
    bad.append("sheets %s, CSV files %s" % (wb.sheetnames, csvs))
for ws in wb.worksheets:
    rows = list(csv.reader(open(os.path.join(d, ws.title + ".csv"), encoding="utf-8", newline="")))
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    if len(got) != len(rows):
        bad.append("%s: %d rows, CSV %d" % (ws.title, len(got), len(rows)))
        continue
    for i, (want, have) in enumerate(zip(rows, got)):
        for j, (a, b) in enumerate(zip(want, have)):
            if isinstance(b, (int, float)):
                # money and probabilities exactly; other numbers to Excel's 15 digits
                same = a != "" and (float(a) == b or math.isclose(float(a), b, rel_tol=1e-15))
            else:
                same = a == ("" if b is None else b)
            if not same:
                bad.append("%s row %d col %d: %r vs %r" % (ws.title, i + 1, j + 1, a, b))
    if ws.freeze_panes != "A2":
        bad.append(ws.title + ": header not frozen")
    if ws.auto_filter.ref != "A1:%s%d" % (openpyxl.utils.get_column_letter(len(rows[0])), len(rows)):
        bad.append(ws.title + ": autofilter " + str(ws.auto_filter.ref))
    for j, h in enumerate(rows[0]):
        c = ws.cell(row=2, column=j + 1)
        if h in ("amount", "expected_value", "clv", "value_at_risk", "monetary", "gap") and c.number_format != "#,##0.00":
            bad.append("%s.%s: format %s" % (ws.title, h, c.number_format))
        if h in ("p_win", "p_churn") and c.number_format != "0.00%":
            bad.append("%s.%s: format %s" % (ws.title, h, c.number_format))
        if h.startswith("reason") and not c.alignment.wrap_text:
            bad.append("%s.%s: not wrapped" % (ws.title, h))
print("; ".join(bad[:5]))
sys.exit(1 if bad else 0)
PYEOF
)
check "targets.xlsx read back by openpyxl equals the CSV files ($out)" $?
cp "$T/out/report/targets/targets.xlsx" "$T/first.xlsx"
"$BIN" build -q --only csv "$T/out/bdreport.json" 2> "$T/err"
cmp -s "$T/first.xlsx" "$T/out/report/targets/targets.xlsx"
check "a second build writes a byte-identical targets.xlsx" $?
echo "1..$n"
exit $failed

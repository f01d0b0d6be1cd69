#!/bin/sh
# SPDX-License-Identifier: MIT
# The customer analyses through the real binary on a small project written here:
# which run and which are skipped (with a note), data/rfm.csv, zh-CN segment names,
# and bad parameter values as input errors (status 1) naming the key and its place.
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cat > "$T/orders.csv" <<'EOF'
customer,date,amount,order
A,2024-01-02,10,1
B,2024-01-03,20,2
A,2024-02-01,5,3
C,2024-02-05,7,4
D,2023-01-05,70,5
E,2024-02-27,9,6
EOF
cat > "$T/customers.csv" <<'EOF'
id,name,industry,region,satisfaction,churned
A,Acme,Retail,North,4,no
B,Bolt,Retail,South,2,no
C,Cora,Tech,North,,no
D,Dyne,Tech,North,3,yes
P,Prospect Co,Tech,South,,no
EOF
project() { # ANALYSES-JSON [LOCALE]
	cat > "$T/p.json" <<EOF
{ "title": "t", "as_of": "2024-03-01", "locale": "${2:-en}",
  "datasets": { "orders": { "path": "orders.csv" }, "customers": { "path": "customers.csv" } },
  "analyses": { $1 } }
EOF
}
py() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$T/out.json')); sys.exit(0 if ($1) else 1)" 2>/dev/null; }

project '"segmentation": {"k_range": [2, 3]}'
if "$BIN" analyze -q "$T/p.json" > "$T/out.json" 2> "$T/err"; then ok "analyze"; else no "analyze: $(head -3 "$T/err")"; fi
if [ -x /usr/bin/python3 ]; then
	py "all(k in d for k in ('rfm', 'lifecycle', 'clv', 'health', 'segmentation', 'market'))" &&
		ok "rfm, lifecycle, clv, health, segmentation, market ran" || no "an analysis is missing"
	py "d['rfm']['customers'] == 5 and sum(s['customers'] for s in d['rfm']['segments']) == 5" &&
		ok "rfm scores the 5 ordering customers" || no "rfm customers"
	py "{s['key']: s['customers'] for s in d['lifecycle']['stages']} == {'prospect': 1, 'new': 4, 'active': 0, 'at_risk': 0, 'churned': 1}" &&
		ok "lifecycle stages (first orders within 90 days are new, D churned, P a prospect)" || no "lifecycle stages: $(/usr/bin/python3 -c "import json; print([(s['key'], s['customers']) for s in json.load(open('$T/out.json'))['lifecycle']['stages']])")"
	py "d['clv']['churn_source'] == 'customers.churned' and abs(d['clv']['churn_rate'] - 0.2) < 1e-12" &&
		ok "clv churn rate from customers.churned" || no "clv churn rate"
	py "d['health']['with_satisfaction'] == 3" && ok "health uses satisfaction where known" || no "health satisfaction"
	py "[s['key'] for s in d['market']['segments']] and sum(s['customers'] for s in d['market']['segments']) == 5" &&
		ok "market segments cover the customers table" || no "market segments"
	py "[k for k in d if k != 'labels'][-1] == 'charts' and 'rfm_segments' in d['charts'] and 'segmentation_elbow' in d['charts']" &&
		ok "charts come last with the customer charts" || no "charts"
	py "isinstance(d['rfm']['segments'][0]['revenue'], (int, float)) and d['rfm']['segments'][0]['revenue_fmt'].startswith('\$')" &&
		ok "numbers with _fmt strings" || no "numbers with _fmt strings"
fi
if "$BIN" build -q -o "$T/report" "$T/p.json" 2> "$T/err" && [ "$(wc -l < "$T/report/data/rfm.csv")" -eq 6 ]; then
	ok "build writes data/rfm.csv (header + 5 customers)"
else
	no "data/rfm.csv: $(head -3 "$T/err")"
fi
project '"market": false' zh-CN
"$BIN" analyze -q "$T/p.json" > "$T/out.json" 2> "$T/err"
grep -q '休眠客户\|冠军客户\|新客户' "$T/out.json" && ok "zh-CN segment names" || no "zh-CN segment names"
grep -q '"market"' "$T/out.json" && no "market: false is honoured" || ok "market: false is honoured"

bad() { # NAME ANALYSES-JSON EXPECTED-SUBSTRING
	project "$2"
	"$BIN" analyze -q "$T/p.json" > /dev/null 2> "$T/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -qF -- "$3" "$T/err" && grep -q "p.json:[0-9]*:[0-9]*: error" "$T/err"; then
		ok "$1"
	else
		no "$1 (status $rc: $(head -2 "$T/err"))"
	fi
}
bad "malformed rfm segment pattern" '"rfm": {"segments": {"5[4-5": "Champions"}}' "'segments': malformed pattern '5[4-5'"
bad "unknown health weight" '"health": {"weights": {"valu": 1}}' "unknown component 'valu'"
bad "lifecycle days out of order" '"lifecycle": {"active_days": 400}' "'active_days' (400) must not exceed 'churn_days'"
bad "segmentation feature not in RFM" '"segmentation": {"features": ["age"]}' "'features': 'age' is not an RFM feature"
bad "market dimension not a column" '"market": {"dimensions": ["country"]}' "'dimensions': 'country' is not a column of customers"
bad "market weight of an unknown criterion" '"market": {"weights": {"size": 1}}' "unknown criterion 'size'"
# check validates parameter values up front, even of an analysis whose dataset is absent
cat > "$T/p.json" <<'EOF'
{ "title": "t", "as_of": "2024-03-01",
  "datasets": { "customers": { "path": "customers.csv" } },
  "analyses": { "health": {"weights": {"valu": 1}} } }
EOF
"$BIN" check -q "$T/p.json" > /dev/null 2> "$T/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "p.json:[0-9]*:[0-9]*: error: .*unknown component 'valu'" "$T/err"; then
	ok "check reports a bad health weight without orders"
else
	no "check reports a bad health weight without orders (status $rc: $(head -2 "$T/err"))"
fi
exit $failed

#!/bin/sh
# SPDX-License-Identifier: MIT
# PostgreSQL datasets against a real server: Debian's postgresql (initdb and pg_ctl
# in a temporary folder, listening on a Unix socket only, scram-sha-256 passwords).
# examples/acme-weekly's CSV files are loaded with psql's \copy (typed columns) and the
# project queried through libpq (COPY ... TO STDOUT) must give the same results.json
# as the CSV project, byte for byte. Passwords come from PGPASSWORD or a pgpass file,
# never from the project file. The server is stopped on exit. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
PY=/usr/bin/python3
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check() { if [ "$2" = 0 ]; then ok "$1"; else no "$1"; fi; }
if [ ! -x "$PGBIN/initdb" ] || ! command -v psql > /dev/null; then
	no "postgresql is installed (sh tools/deps.sh build)"
	exit 1
fi
T=$(mktemp -d)
chmod 755 "$T"
# initdb and the server refuse to run as root: as root, they run as the postgres user
AS=""
if [ "$(id -u)" = 0 ]; then
	AS="runuser -u postgres --"
	mkdir "$T/pg" && chown postgres "$T/pg"
else
	mkdir "$T/pg"
fi
DB=$T/pg/data
SOCK=$T/pg
started=0
cleanup() {
	[ $started = 1 ] && $AS "$PGBIN/pg_ctl" -D "$DB" -m immediate stop > /dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT

echo "pw-4-bd" > "$T/pw" && chmod 644 "$T/pw"
$AS "$PGBIN/initdb" -D "$DB" -U bd --pwfile="$T/pw" -A scram-sha-256 --no-sync -E UTF8 \
	--locale=C.UTF-8 > "$T/initdb.log" 2>&1
check "initdb a temporary cluster" $?
$AS "$PGBIN/pg_ctl" -D "$DB" -l "$T/pg/log" -w -t 30 \
	-o "-c listen_addresses='' -k $SOCK -c fsync=off -c full_page_writes=off" start > /dev/null 2>&1
rc=$?
[ $rc = 0 ] && started=1
check "start the server on a Unix socket only" $rc
[ $started = 1 ] || { cat "$T/pg/log" 2>/dev/null | tail -5 | sed 's/^/# /'; exit 1; }
export PGPASSWORD=pw-4-bd
CONN="host=$SOCK dbname=postgres user=bd"

EX=examples/acme-weekly
$PY tests/e2e/sources.py "$EX" "$T/src" postgres "$CONN"
check "write the load script and the postgres project" $?
psql -q -v ON_ERROR_STOP=1 "$CONN" -f "$T/src/load.sql" > "$T/psql.log" 2>&1
check "load the datasets with psql copy $(head -c 200 "$T/psql.log")" $?

"$BIN" analyze -q "$EX/bdreport.json" > "$T/csv.json"
check "analyze the CSV project" $?
"$BIN" analyze -q "$T/src/bdreport.json" > "$T/pg.json" 2> "$T/err"
check "analyze the postgres project (PGPASSWORD) $(head -c 300 "$T/err")" $?
cmp -s "$T/csv.json" "$T/pg.json"
check "results.json from PostgreSQL is identical to the CSV project's" $?

# ---- passwords: a pgpass file works; none fails with exit 3; inline is refused
unset PGPASSWORD
printf '*:*:*:bd:pw-4-bd\n' > "$T/pgpass" && chmod 600 "$T/pgpass"
PGPASSFILE=$T/pgpass "$BIN" analyze -q "$T/src/bdreport.json" > "$T/pg2.json" 2> "$T/err"
rc=$?
[ $rc = 0 ] && cmp -s "$T/csv.json" "$T/pg2.json"
check "the password from a pgpass file (PGPASSFILE) gives the same results" $?
PGPASSFILE=/nonexistent "$BIN" check -q "$T/src/bdreport.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 3 ] && grep -q "error: cannot connect to PostgreSQL: .*password" "$T/err"
check "without a password: exit 3, libpq's reason (got $rc)" $?
sed "s|user=bd\"|user=bd password=pw-4-bd\"|" "$T/src/bdreport.json" > "$T/src/inline.json"
PGPASSFILE=$T/pgpass "$BIN" check -q "$T/src/inline.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -q "'postgres': the connection string holds a password" "$T/err"
check "a password in the project file is refused (exit $rc)" $?
sed 's/FROM orders ORDER BY line;/FROM orderz/' "$T/src/bdreport.json" > "$T/src/bad.json"
PGPASSFILE=$T/pgpass "$BIN" check -q "$T/src/bad.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -Eq 'bad.json:[0-9]+:[0-9]+: error: query: ERROR:  relation "orderz" does not exist' "$T/err"
check "a failing query: exit 1 with the server's message at the query (got $rc)" $?
$PY - "$T/src/bdreport.json" "$T/src/write.json" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["datasets"]["orders"]["query"] = "DELETE FROM orders RETURNING *"
json.dump(p, open(sys.argv[2], "w", encoding="utf-8"), indent=2)
PYEOF
PGPASSFILE=$T/pgpass "$BIN" check -q "$T/src/write.json" > /dev/null 2> "$T/err"
rc=$?
[ $rc = 1 ] && [ "$(PGPASSFILE=$T/pgpass psql -tA "$CONN" -c 'SELECT count(*) FROM orders')" -gt 0 ]
check "a query that writes fails and changes nothing (got $rc)" $?
# the heavy aggregation pushed into the query: one row per customer, as documented
cat > "$T/agg.json" <<JSON
{ "title": "pushdown", "as_of": "2026-11-21",
  "datasets": { "orders": { "postgres": "$CONN",
    "query": "SELECT customer_id AS customer, max(order_date) AS date, sum(amount) AS amount, count(*) AS orders FROM orders GROUP BY customer_id ORDER BY customer_id" } },
  "analyses": { "rfm": false, "clv": false, "lifecycle": false, "health": false, "segmentation": false,
    "market": false, "lead_scoring": false, "churn": false, "retention": false, "drivers": false,
    "forecast": false, "partners": false, "schemes": false, "funnel": false, "targets": false, "headlines": false } }
JSON
PGPASSFILE=$T/pgpass "$BIN" check "$T/agg.json" > "$T/out" 2> "$T/err"
rc=$?
want=$(PGPASSFILE=$T/pgpass psql -tA "$CONN" -c 'SELECT count(DISTINCT customer_id) FROM orders')
[ $rc = 0 ] && grep -Eq "^orders +$want +$want " "$T/out"
check "an aggregating query loads one row per customer ($want)" $?
echo "1..$n"
exit $failed

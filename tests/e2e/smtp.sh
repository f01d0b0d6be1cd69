#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of SMTP delivery (`bdreport send`, `build --send`) against a real
# server on 127.0.0.1: Debian's python3-aiosmtpd (tests/e2e/smtpd.py) with a
# self-signed certificate made by openssl, STARTTLS required, AUTH. Checks what the
# server received byte for byte, the once-per-briefing marker, refused deliveries
# (exit 3 with the server's reply, report in place) and where passwords may come
# from. The server is stopped on exit. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
PY=/usr/bin/python3
T=$(mktemp -d)
SRV=""
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check() { if [ "$2" = 0 ]; then ok "$1"; else no "$1"; fi; }

if ! $PY -c "import aiosmtpd" 2>/dev/null || ! command -v openssl > /dev/null; then
	no "python3-aiosmtpd and openssl are installed (sh tools/deps.sh build)"
	exit 1
fi
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
	-subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" 2> /dev/null
mkdir "$T/box"
$PY tests/e2e/smtpd.py "$T/box" "$T/cert.pem" "$T/key.pem" 2> "$T/server.log" &
SRV=$!
i=0
while [ ! -f "$T/box/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$T/box/port" ]; check "the SMTP server listens on 127.0.0.1" $?
PORT=$(cat "$T/box/port")

"$BIN" init "$T/p" > /dev/null 2>&1 || { no "init"; exit 1; }
P=$T/p/bdreport.json
R=$T/p/report
set_email() { # $1 = JSON of output.email.smtp
	$PY - "$P" "$1" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["output"] = {"dir": "report", "email": {"from": "BD Reports <bd@example.com>",
    "to": ["Zoë Müller <zoe@example.com>", "ceo@example.com"], "cc": "\"Smith, Jo\" <jo@example.com>",
    "smtp": json.loads(sys.argv[2])}}
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PYEOF
}
received() { ls "$T/box" | grep -c '\.eml$'; }
SMTP="{\"url\": \"smtp://127.0.0.1:$PORT\", \"user\": \"bd\", \"password_env\": \"BD_TEST_SMTP\", \"ca_file\": \"../cert.pem\"}"
set_email "$SMTP"

# ---- build --send delivers the briefing as built
BD_TEST_SMTP=s3cret "$BIN" build --send "$P" 2> "$T/err"
check "build --send exits 0" $?
grep -q "sent .*briefing.eml to 3 recipients" "$T/err"; check "it says where the briefing went" $?
[ "$(received)" = 1 ]; check "the server received one message" $?
cmp -s "$T/box/1.eml" "$R/briefing.eml"; check "the message received is briefing.eml byte for byte" $?
printf 'from bd@example.com\nto zoe@example.com\nto ceo@example.com\nto jo@example.com\n' | cmp -s - "$T/box/1.env"
check "envelope: MAIL FROM the sender, RCPT TO every to and cc address" $?
[ -s "$R/briefing.sent" ]; check "briefing.sent marks the delivery" $?

# ---- never twice for one briefing: send again, build --send again
BD_TEST_SMTP=s3cret "$BIN" send "$P" 2> "$T/err"
check "send after a delivery exits 0" $?
grep -q "already sent" "$T/err" && [ "$(received)" = 1 ]
check "a repeated send sends nothing" $?
BD_TEST_SMTP=s3cret "$BIN" build --send -q "$P" 2> "$T/err"
check "a repeated build --send exits 0" $?
[ "$(received)" = 1 ] && [ -s "$R/briefing.sent" ]
check "a rebuild of the same briefing keeps the marker and sends nothing" $?

# ---- a new briefing is sent (the marker is for one briefing)
"$BIN" build -q --as-of 2026-11-10 "$P" 2> "$T/err" && BD_TEST_SMTP=s3cret "$BIN" send -q "$P" 2> "$T/err"
check "a changed briefing is sent" $?
[ "$(received)" = 2 ] && cmp -s "$T/box/2.eml" "$R/briefing.eml"
check "the second message is the new briefing" $?

# ---- refused deliveries: exit 3, the server's reply, the report in place, no marker
: > "$R/briefing.sent"      # as if nothing had been sent
BD_TEST_SMTP=wrong "$BIN" send "$P" 2> "$T/err"
rc=$?
[ $rc = 3 ]; check "wrong password: exit 3 (got $rc)" $?
grep -q 'error: delivery failed: the server replied "535 ' "$T/err"; check "the message quotes the server's 535 reply" $?
[ -s "$R/briefing.eml" ] && [ ! -s "$R/briefing.sent" ] && [ "$(received)" = 2 ]
check "nothing sent, no marker, the report stays" $?
$PY - "$P" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["output"]["email"]["cc"] = "reject-me@example.com"
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PYEOF
BD_TEST_SMTP=s3cret "$BIN" send "$P" 2> "$T/err"
rc=$?
[ $rc = 3 ] && grep -q '"550 5.1.1 <reject-me@example.com>: recipient address rejected"' "$T/err"
check "a refused recipient: exit 3 with the server's 550 reply" $?
[ "$(received)" = 2 ] && [ ! -s "$R/briefing.sent" ]; check "a refused recipient sends to nobody" $?

# ---- no TLS, no delivery: a server certificate that is not trusted
set_email "{\"url\": \"smtp://127.0.0.1:$PORT\", \"user\": \"bd\", \"password_env\": \"BD_TEST_SMTP\"}"
BD_TEST_SMTP=s3cret "$BIN" send "$P" 2> "$T/err"
rc=$?
[ $rc = 3 ] && [ "$(received)" = 2 ]; check "an untrusted certificate: exit 3, nothing sent (got $rc)" $?

# ---- passwords: from a file; never inline; a missing variable is named
printf 's3cret\n' > "$T/p/smtp.pass"
set_email "{\"url\": \"smtp://127.0.0.1:$PORT\", \"user\": \"bd\", \"password_file\": \"smtp.pass\", \"ca_file\": \"../cert.pem\"}"
"$BIN" send -q "$P" 2> "$T/err"
check "password_file: delivered" $?
[ "$(received)" = 3 ]; check "the server received the third message" $?
set_email "{\"url\": \"smtp://127.0.0.1:$PORT\", \"user\": \"bd\", \"password\": \"s3cret\"}"
"$BIN" send "$P" 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -q "a password does not belong in the project file" "$T/err"
check "an inline password is refused (exit $rc)" $?
set_email "{\"url\": \"smtp://127.0.0.1:$PORT\", \"user\": \"bd\", \"password_env\": \"BD_TEST_UNSET\", \"ca_file\": \"../cert.pem\"}"
: > "$R/briefing.sent"
"$BIN" send "$P" 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -q "environment variable 'BD_TEST_UNSET'" "$T/err"
check "an unset password variable is named (exit $rc)" $?
# ---- a report built before "smtp" was added: send lists its new marker in the
# report's manifest, so the next build may still replace the folder
"$BIN" init "$T/r" > /dev/null 2>&1
$PY - "$T/r/bdreport.json" "$PORT" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["output"] = {"dir": "report", "email": {"from": "bd@example.com", "to": "ceo@example.com"}}
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), indent=2)
PYEOF
"$BIN" build -q "$T/r/bdreport.json" 2> "$T/err"
$PY - "$T/r/bdreport.json" "$PORT" <<'PYEOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["output"]["email"]["smtp"] = {"url": "smtp://127.0.0.1:%s" % sys.argv[2], "user": "bd",
                                "password_env": "BD_TEST_SMTP", "ca_file": "../cert.pem"}
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), indent=2)
PYEOF
BD_TEST_SMTP=s3cret "$BIN" send -q "$T/r/bdreport.json" 2> "$T/err" && [ -s "$T/r/report/briefing.sent" ]
check "send on a report built before smtp was configured" $?
BD_TEST_SMTP=s3cret "$BIN" build -q --send "$T/r/bdreport.json" 2> "$T/err"
check "the next build --send replaces that report $(head -c 200 "$T/err")" $?
[ "$(received)" = 4 ]; check "and does not send its unchanged briefing again" $?
"$BIN" init "$T/q" > /dev/null 2>&1
"$BIN" send "$T/q/bdreport.json" 2> "$T/err"
rc=$?
[ $rc = 1 ] && grep -q "nothing to send" "$T/err"; check "send without email.smtp: exit 1 (got $rc)" $?
echo "1..$n"
exit $failed

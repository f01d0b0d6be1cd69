#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of weekly publishing: the archive of past weeks, briefing.eml
# (parsed with Debian's python3 email package), the cron-friendly summary line and
# --quiet. The documentation checks are in tests/e2e/docs.sh. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }
check() { if [ "$2" = 0 ]; then ok "$1"; else no "$1"; fi; }

# A starter project with archive and email turned on (and some non-ASCII names).
"$BIN" init "$T/p" > /dev/null 2>&1 || { no "init for the publishing tests"; exit 1; }
P=$T/p/bdreport.json
R=$T/p/report
set_output() { # $1 = JSON of the "output" object
	$PY - "$P" "$1" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["output"] = json.loads(sys.argv[2])
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
}
EMAIL='{"from": "BD Reports <bd@starter.example>", "to": ["Zoë Müller <zoe@starter.example>", "ceo@starter.example"], "cc": ["\"Smith, Jo\" <jo@starter.example>", "王小明 <wang@starter.example>"], "subject": "Starter — BD weekly 周报 2026"}'
set_output "{\"dir\": \"report\", \"archive\": 3, \"email\": $EMAIL}"

# ---- the summary line and --quiet
"$BIN" build "$P" --as-of 2026-11-21 > "$T/out" 2> "$T/err"
rc=$?
check "build with archive and email succeeds" $rc
last=$(tail -n 1 "$T/err")
echo "$last" | grep -Eq '^bdreport: built .*report/ \(.*archive 2026-W47\) in [0-9]+\.[0-9] s$'
check "one summary line ends a successful build ($last)" $?
[ ! -s "$T/out" ]; check "nothing on standard output" $?
"$BIN" build "$P" --as-of 2026-11-10 --quiet > "$T/out" 2> "$T/err"
rc=$?
[ $rc = 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/err" ]
check "--quiet: exit 0 and no output at all on success" $?

# ---- archive: two weeks, an index listing both
[ -d "$R/archive/2026-W47" ] && [ -d "$R/archive/2026-W46" ]
check "two builds with different as_of give two week folders" $?
[ -s "$R/archive/2026-W47/results.json" ] && [ -s "$R/archive/2026-W46/results.json" ]
check "each week keeps its results.json" $?
grep -q 'id="w2026-W47"' "$R/archive/index.html" && grep -q 'id="w2026-W46"' "$R/archive/index.html"
check "archive/index.html lists both weeks" $?
$PY - "$R/archive/index.html" <<'EOF'
import sys, re
t = open(sys.argv[1], encoding="utf-8").read()
rows = re.findall(r'<tr id="w(\d{4}-W\d\d)">', t)
sys.exit(0 if rows == sorted(rows, reverse=True) and "<script" not in t else 1)
EOF
check "the index lists weeks newest first and has no script" $?
grep -q '"as_of": "2026-11-10"' "$R/archive/2026-W46/results.json"
check "the week folder holds that week's results" $?

# ---- rebuilding a week replaces that week only
echo marker > "$R/archive/2026-W47/marker.txt"
echo marker > "$R/archive/2026-W46/marker.txt"
printf 'archive/2026-W47/marker.txt\narchive/2026-W46/marker.txt\n' >> "$R/.bdreport-manifest"   # as if bdreport wrote them
cp "$R/archive/2026-W47/results.json" "$T/w47.json"
"$BIN" build "$P" --as-of 2026-11-12 -q 2> "$T/err"
check "rebuild of week 46 succeeds" $?
[ ! -e "$R/archive/2026-W46/marker.txt" ] && grep -q '"as_of": "2026-11-12"' "$R/archive/2026-W46/results.json"
check "rebuilding a week replaces that week's folder" $?
[ -e "$R/archive/2026-W47/marker.txt" ] && cmp -s "$T/w47.json" "$R/archive/2026-W47/results.json"
check "rebuilding a week leaves the other weeks alone" $?

# ---- history survives when old data is no longer exported: the index is made from
# the archived results.json files, so a week whose data is gone keeps its row
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
grep -q '2026-11-12' "$R/archive/index.html" && grep -q 'id="w2026-W46"' "$R/archive/index.html"
check "earlier weeks stay in the index from their archived results" $?

# ---- KPI trends across weeks come from the archived results
$PY - "$R/archive/2026-W46/results.json" <<'EOF'
import json, sys
p = sys.argv[1]
r = json.load(open(p, encoding="utf-8"))
r["kpis"] = {"revenue": {"value": 12345.5, "value_fmt": "$12.3k", "previous": 1, "change": 1, "change_pct": 0.1}}
json.dump(r, open(p, "w", encoding="utf-8"), indent=2)
EOF
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
grep -q '<svg' "$R/archive/index.html" && grep -q '\$12.3k' "$R/archive/index.html"
check "a KPI in an archived week's results gives a trend chart and a table value" $?

# ---- keep: "archive": 3 keeps the newest three weeks
"$BIN" build "$P" --as-of 2026-10-28 -q 2> "$T/err"
"$BIN" build "$P" --as-of 2026-11-04 -q 2> "$T/err"
weeks=$(ls "$R/archive" | grep -c '^[0-9]\{4\}-W[0-9][0-9]$')
[ "$weeks" = 3 ] && [ ! -e "$R/archive/2026-W44" ] && [ -d "$R/archive/2026-W47" ]
check "\"archive\": 3 keeps the newest three weeks ($weeks kept)" $?

# ---- turning the archive off keeps the weeks archived so far (unchanged)
ls -R "$R/archive" > "$T/arc_before"
set_output "{\"dir\": \"report\"}"
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
ls -R "$R/archive" > "$T/arc_after"
cmp -s "$T/arc_before" "$T/arc_after"
check "a build without \"archive\" keeps the existing archive unchanged" $?
set_output "{\"dir\": \"report\", \"archive\": 3, \"email\": $EMAIL}"

# ---- a failed build leaves the report and its archive intact
cp "$P" "$T/good.json"
set_output "{\"dir\": \"report\", \"archive\": 3, \"email\": {\"from\": \"nobody\", \"to\": \"x@y.example\"}}"
ls -R "$R" > "$T/before"
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
rc=$?
ls -R "$R" > "$T/after"
[ $rc = 1 ] && grep -q "output.email.from: expected an address" "$T/err" && cmp -s "$T/before" "$T/after"
check "a bad email address is bad input (1) and the previous report stays intact" $?
cp "$T/good.json" "$P"
set_output "{\"dir\": \"report\", \"email\": {\"from\": \"a@b.example\", \"to\": \"x@y.example\", \"subject\": \"Hi\\r\\nBcc: evil@example.com\"}}"
"$BIN" build "$P" -q 2> "$T/err"
[ $? = 1 ] && grep -q "line break is not allowed" "$T/err"
check "a line break in the subject (header injection) is refused" $?

# ---- briefing.eml, parsed by python's email package
set_output "{\"dir\": \"report\", \"email\": $EMAIL}"
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
check "build with email" $?
cat > "$T/eml.py" <<'EOF'
import sys, re, email
from email import policy
from email.parser import BytesParser
path, pdf = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
fails = []
def need(cond, what):
    if not cond:
        fails.append(what)
need(b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF")
need(all(len(l) <= 78 for l in raw.split(b"\r\n")), "no line longer than 78 characters")
need(all(b < 128 for b in raw), "the message is 7-bit ASCII")
msg = BytesParser(policy=policy.default).parsebytes(raw)
need(str(msg["Subject"]) == "Starter — BD weekly 周报 2026", "Subject decodes: %r" % str(msg["Subject"]))
need(str(msg["From"]) == "BD Reports <bd@starter.example>", "From decodes")
to = [(a.display_name, a.addr_spec) for a in msg["To"].addresses]
need(to == [("Zoë Müller", "zoe@starter.example"), ("", "ceo@starter.example")], "To decodes: %r" % to)
cc = [(a.display_name, a.addr_spec) for a in msg["Cc"].addresses]
need(cc == [("Smith, Jo", "jo@starter.example"), ("王小明", "wang@starter.example")], "Cc decodes: %r" % cc)
need(re.fullmatch(r"<[0-9a-f]{16}\.2026-W47@starter\.example>", str(msg["Message-ID"])) is not None, "Message-ID")
need(msg["MIME-Version"] == "1.0", "MIME-Version")
import os
if os.environ.get("SOURCE_DATE_EPOCH"):
    need(msg["Date"] is not None and msg["Date"].datetime.timestamp() == int(os.environ["SOURCE_DATE_EPOCH"]), "Date from SOURCE_DATE_EPOCH")
else:
    need(msg["Date"] is None, "no Date header without SOURCE_DATE_EPOCH")
need(msg.get_content_type() == "multipart/mixed", "multipart/mixed")
parts = list(msg.iter_parts())
need(parts and parts[0].get_content_type() == "multipart/alternative", "first part multipart/alternative")
alt = list(parts[0].iter_parts()) if parts else []
need([p.get_content_type() for p in alt] == ["text/plain", "text/html"], "text/plain then text/html")
for p in msg.walk():
    need(not p.defects, "no MIME defects in %s: %r" % (p.get_content_type(), p.defects))
if len(alt) == 2:
    text, html = alt[0].get_content(), alt[1].get_content()
    need("Starter Co" in text and "2026-W47" in text, "the text part names the report and week")
    need("<html" in html and "</html>" in html, "the HTML part is a document")
    need(re.search(r"<script", html, re.I) is None, "no <script> in the HTML part")
    need(re.search(r"""src\s*=\s*["']?\s*https?:""", html, re.I) is None, "no remote src in the HTML part")
    need(re.search(r"url\(\s*['\"]?https?:", html, re.I) is None, "no remote url() in the HTML part")
    need(re.search(r"<link\b", html, re.I) is None, "no <link> (stylesheets are inline)")
att = [p for p in parts[1:]]
if os.path.exists(pdf):
    need(len(att) == 1, "one attachment")
    if att:
        a = att[0]
        need(a.get_content_type() == "application/pdf", "attachment is application/pdf")
        need(a.get_filename() == os.path.basename(pdf), "attachment file name")
        need(a.get_content_disposition() == "attachment", "Content-Disposition: attachment")
        need(a.get_content() == open(pdf, "rb").read(), "the attachment decodes to briefing.pdf's bytes")
        body = raw.split(b"Content-Disposition: attachment", 1)[1].split(b"\r\n\r\n", 1)[1]
        lines = body.split(b"\r\n--")[0].split(b"\r\n")
        need(all(len(l) == 76 for l in lines[:-2]), "base64 lines of 76 characters")
else:
    need(len(att) == 0, "no attachment when there is no PDF")
print("; ".join(fails) if fails else "all parts check")
sys.exit(1 if fails else 0)
EOF
out=$($PY "$T/eml.py" "$R/briefing.eml" "$R/briefing.pdf" 2>&1)
check "briefing.eml parses and every part checks: $out" $?
test -f "$R/briefing.pdf"
check "briefing.pdf exists, so the attachment was compared byte for byte" $?
out=$(SOURCE_DATE_EPOCH=1795000000 "$BIN" build "$P" --as-of 2026-11-21 -q 2>&1 && \
      SOURCE_DATE_EPOCH=1795000000 $PY "$T/eml.py" "$R/briefing.eml" "$R/briefing.pdf" 2>&1)
check "with SOURCE_DATE_EPOCH the Date header is that time: $out" $?
cp "$R/briefing.eml" "$T/first.eml"
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
cp "$R/briefing.eml" "$T/second.eml"
"$BIN" build "$P" --as-of 2026-11-21 -q 2> "$T/err"
cmp -s "$T/second.eml" "$R/briefing.eml"
check "same input, same briefing.eml bytes" $?
! grep -q '^Date:' "$T/second.eml" && grep -q '^Date: ' "$T/first.eml"
check "Date header only with SOURCE_DATE_EPOCH" $?
"$BIN" build "$P" --as-of 2026-11-21 --only json -q 2> "$T/err"
[ ! -e "$R/briefing.eml" ]
check "--only json writes no briefing.eml" $?

exit $failed

#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of the documentation: the manual page formats without warnings and
# names every command and option; `bdreport help COMMAND` is the manual's section
# (as groff renders it) and src/cli/help_text.c is what tools/mkhelp.sh makes from it;
# every link and anchor in site/ resolves. Prints TAP lines.
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
MAN=doc/bdreport.1
COMMANDS="build check analyze render init help"

# ---- help_text.c is generated from the manual
sh tools/mkhelp.sh "$MAN" > "$T/help_text.c" 2> "$T/err"
check "tools/mkhelp.sh reads the manual ($(head -c 200 "$T/err"))" $?
cmp -s "$T/help_text.c" src/cli/help_text.c
check "src/cli/help_text.c is in sync with doc/bdreport.1 (run: sh tools/mkhelp.sh > src/cli/help_text.c)" $?

# ---- the analyses' parameter tables are generated from the entries (make docs)
AD=${B:-build}/tools/analysisdoc
for f in doc/bdreport.1 site/analyses.html; do
	case $f in *.1) fmt=roff ;; *) fmt=html ;; esac
	"$AD" $fmt "$f" > "$T/gen" 2> "$T/err"
	check "$AD $fmt $f runs ($(head -c 200 "$T/err"))" $?
	cmp -s "$T/gen" "$f"
	check "the parameter tables of $f are those of the analyses' entries (run: make docs)" $?
done
# the generated text follows the entries: a parameter's bounds appear in both files
grep -q 'integer in \\\[2, 64\\\]\|integer in \[2, 64\]' doc/bdreport.1 &&
	grep -q '<td>&quot;auto&quot; or integer in \[2, 64\]</td>' site/analyses.html
check "segmentation's k bounds (2..64) are in the manual and the website" $?

# ---- the manual
if command -v groff > /dev/null 2>&1; then
	groff -man -Tascii -ww -z "$MAN" > "$T/warn" 2>&1
	[ ! -s "$T/warn" ]
	check "groff formats the manual without warnings $(head -c 200 "$T/warn")" $?
	groff -man -Tascii -rLL=200n "$MAN" 2> /dev/null | col -b > "$T/man.txt"
	for c in $COMMANDS; do
		# the subsection: from the line "   c" to the next subsection or section
		awk -v c="$c" '$0 == "   " c { on = 1; next } on && (/^   [a-z]+$/ || /^[A-Z]/) { exit } on' \
			"$T/man.txt" | tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//' > "$T/man_$c"
		"$BIN" help "$c" | tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//' > "$T/help_$c"
		[ -s "$T/man_$c" ] && cmp -s "$T/man_$c" "$T/help_$c"
		check "bdreport help $c equals the manual's section (up to line breaks)" $?
	done
	"$BIN" build --help | tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//' > "$T/h"
	cmp -s "$T/h" "$T/man_build"
	check "bdreport build --help prints the same section" $?
else
	skip "groff is not installed: manual not rendered"
fi
missing=""
for w in $COMMANDS --output --as-of --only --quiet --timings --partials --help --version \
         "EXIT STATUS" ENVIRONMENT SOURCE_DATE_EPOCH FILES EXAMPLES OnCalendar crontab archive email; do
	grep -q -- "$(printf '%s' "$w" | sed 's/-/\\\\-/g')\|$w" "$MAN" || missing="$missing $w"
done
[ -z "$missing" ]
check "the manual covers every command, option and section (missing:$missing)" $?
for c in build check analyze render init; do
	grep -q "^  bdreport $c" "$T/usage" 2> /dev/null || "$BIN" --help > "$T/usage"
	"$BIN" help "$c" > /dev/null 2>&1 && "$BIN" help "$c" | head -n 1 | grep -q "^bdreport $c"
	check "help $c starts with the command's synopsis" $?
done

# ---- the website: every link and anchor resolves
if [ -f site/index.html ]; then
	out=$($PY - site <<'EOF' 2>&1
import os, sys, re
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote
root = sys.argv[1]
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("id", "name") if tag == "a" else ("id",):
            if a.get(k):
                self.ids.add(a[k])
        for k in ("href", "src"):
            if a.get(k) is not None:
                self.links.append((tag, a[k], self.getpos()[0]))
pages = {}
for d, _, files in os.walk(root):
    if os.path.relpath(d, root).split(os.sep)[0] == "examples":
        continue      # rendered by `make site`, checked by the HTML tests
    for f in files:
        if f.endswith(".html"):
            p = P()
            p.feed(open(os.path.join(d, f), encoding="utf-8").read())
            pages[os.path.normpath(os.path.join(d, f))] = p
bad, nlinks = [], 0
for path, p in sorted(pages.items()):
    for tag, url, line in p.links:
        nlinks += 1
        u = urlsplit(url)
        if u.scheme in ("http", "https", "mailto"):
            continue                      # external: not fetched (no network)
        if u.scheme or url.startswith("//"):
            bad.append("%s:%d: unexpected link %s" % (path, line, url)); continue
        target = path if not u.path else os.path.normpath(os.path.join(os.path.dirname(path), unquote(u.path)))
        if u.path.endswith("/"):
            target = os.path.join(target, "index.html")
        rel = os.path.relpath(target, root)
        if rel.split(os.sep)[0] == "examples" and not os.path.isdir(os.path.join(root, "examples")):
            continue                      # made by `make site`
        if not os.path.exists(target):
            bad.append("%s:%d: %s: no such file" % (path, line, url)); continue
        if u.fragment:
            t = pages.get(target)
            if t is None or unquote(u.fragment) not in t.ids:
                bad.append("%s:%d: %s: no such anchor" % (path, line, url))
print("%d pages, %d links" % (len(pages), nlinks))
for b in bad[:15]:
    print(b)
sys.exit(1 if bad or not pages else 0)
EOF
)
	check "every link and anchor in site/ resolves ($(echo "$out" | tr '\n' ';' | head -c 1500))" $?
	$PY - site <<'EOF'
import os, sys, re
bad = []
for d, _, files in os.walk(sys.argv[1]):
    if "examples" in os.path.relpath(d, sys.argv[1]).split(os.sep):
        continue
    for f in files:
        if f.endswith(".html"):
            t = open(os.path.join(d, f), encoding="utf-8").read()
            if not t.startswith("<!DOCTYPE html>") or '<meta charset="utf-8">' not in t or "<title>" not in t:
                bad.append(f + ": not a complete HTML5 document")
            if re.search(r"<script|<link[^>]+https?:|src=\"https?:", t):
                bad.append(f + ": scripts or remote resources")
            ids = re.findall(r'\bid="([^"]+)"', t)
            if len(ids) != len(set(ids)):
                bad.append(f + ": duplicate ids")
if bad: print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
	check "site pages are complete HTML5 without scripts or remote resources, ids unique" $?
	# the reference pages name every key the project file accepts (read from the
	# parser's own tables in src/ingest/project.c) and every analysis (the registry's;
	# their parameters are generated, checked above)
	out=$($PY - src/ingest/project.c site "$("$AD" keys | tr '\n' ' ')" <<'EOF'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
site = sys.argv[2]
pf = open(site + "/project-file.html", encoding="utf-8").read()
an = open(site + "/analyses.html", encoding="utf-8").read()
missing = []
def section(a):
    m = re.search(r'<section id="%s">(.*?)</section>' % a, an, re.S)
    return m.group(1) if m else ""
for arr in ("top_keys", "dataset_keys", "output_keys", "pdf_keys", "join_keys", "email_keys"):
    body = re.search(r"%s\[\] = \{(.*?)\};" % arr, src, re.S).group(1)
    for k in re.findall(r'"([a-z_]+)"', body):
        if "<code>%s</code>" % k not in pf:
            missing.append("project-file.html: %s (%s)" % (k, arr))
for k in sys.argv[3].split():
    if 'id="%s"' % k not in an:
        missing.append("analyses.html: section %s" % k)
print("; ".join(missing))
sys.exit(1 if missing else 0)
EOF
)
	check "the site documents every project key, analysis and parameter the parser accepts ($out)" $?
	for p in index getting-started project-file roles analyses template-data theming cli publishing faq; do
		[ -f "site/$p.html" ] || { no "site/$p.html exists"; continue; }
		ok "site/$p.html exists"
	done
else
	no "site/index.html exists"
fi
exit $failed

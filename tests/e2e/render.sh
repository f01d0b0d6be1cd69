#!/bin/sh
# e2e: `bdreport render TEMPLATE [DATA] [--partials DIR]`: partials from --partials and
# the template's folder, data from a file and from standard input, error positions
# and exit statuses. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in */*) ;; *) [ -x "./$BIN" ] && BIN=./$BIN ;; esac   # make passes BIN=bdreport
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bd-render.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1"; printf '# expected: [%s]\n# got:      [%s]\n' "$3" "$2"; fi; }

mkdir -p "$tmp/site" "$tmp/parts"
printf '<h1>{{title}}</h1>\n{{#rows}}\n  {{> row}}\n{{/rows}}\n{{> footer}}\n' > "$tmp/site/page.mustache"
printf '<td>{{name}}</td><td>{{amount}}</td>\n' > "$tmp/parts/row.mustache"
printf 'in the template folder: {{title}}\n' > "$tmp/site/footer.mustache"
printf 'shadowed\n' > "$tmp/site/row.mustache"
printf '{"title":"Q&A","rows":[{"name":"<b>","amount":1.21},{"name":"x","amount":3}]}' > "$tmp/data.json"
want=$(printf '<h1>Q&amp;A</h1>\n  <td>&lt;b&gt;</td><td>1.21</td>\n  <td>x</td><td>3</td>\nin the template folder: Q&amp;A')

out=$("$BIN" render "$tmp/site/page.mustache" "$tmp/data.json" --partials "$tmp/parts" 2>"$tmp/err")
st=$?
check "partials and data file (exit $st)" "$st:$out" "0:$want"

out=$("$BIN" render "$tmp/site/page.mustache" --partials "$tmp/parts" < "$tmp/data.json" 2>"$tmp/err")
check "data from stdin" "$?:$out" "0:$want"
out=$(cat "$tmp/data.json" | "$BIN" render --partials="$tmp/parts" "$tmp/site/page.mustache" - 2>"$tmp/err")
check "data from stdin with -" "$?:$out" "0:$want"

printf 'line one\n  {{#rows}}\n{{name}}\n' > "$tmp/bad.mustache"
"$BIN" render "$tmp/bad.mustache" "$tmp/data.json" > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "bad.mustache:2:3: error: unclosed section 'rows'" "$tmp/err" && [ ! -s "$tmp/out" ]; then
	ok "unclosed section is file:line:col, exit 1"
else
	nok "unclosed section is file:line:col, exit 1"; echo "# status $st: $(cat "$tmp/err")"
fi

"$BIN" render "$tmp/nonexistent.mustache" "$tmp/data.json" > /dev/null 2> "$tmp/err"
check "missing template exits 3" "$?" "3"
"$BIN" render "$tmp/site/page.mustache" "$tmp/nonexistent.json" > /dev/null 2> "$tmp/err"
check "missing data file exits 3" "$?" "3"
printf '{"a":\n  [1,,2]}' | "$BIN" render "$tmp/site/page.mustache" > /dev/null 2> "$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "<stdin>:2:" "$tmp/err"; then ok "bad JSON exits 1"; else nok "bad JSON exits 1"; echo "# status $st: $(cat "$tmp/err")"; fi
exit $fail

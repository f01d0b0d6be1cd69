#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 16, "the report says only what the data supports", items 1 and 3 on the
# shipped examples and a synthetic project:
#  - as_of "latest" is the newest date of any date field (crm-pipeline: a close date,
#    later than every engage date); with no date at all it is an error asking for a
#    date, and "today" is stated as such in the HTML and the PDF;
#  - one open-pipeline value: kpis tile, funnel and headline agree, also on a day
#    when deals that closed later were still open (valued at their final amount);
#  - every week-over-week change carries its counts and a noise verdict, shown in
#    the HTML and the PDF; acme's win rate on 6 against 5 closed deals is no headline.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
unset SOURCE_DATE_EPOCH
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check() { if [ "$1" = "$2" ]; then ok "$3"; else no "$3: got '$1', want '$2'"; fi; }
has() { if grep -qF -- "$2" "$1"; then ok "$3"; else no "$3: '$2' not in $1"; fi; }
hasnt() { if grep -qF -- "$2" "$1"; then no "$3: '$2' in $1"; else ok "$3"; fi; }

# crm-pipeline, as_of "latest": the newest date of any field of the CSV
CSV=data/crm_sales_opportunities/sales_pipeline.csv
newest=$(awk -F, 'NR > 1 { for (i = 6; i <= 7; i++) if ($i > m) m = $i } END { print m }' "$CSV")
"$BIN" analyze -q examples/crm-pipeline/bdreport.json > "$T/crm.json" || no "crm-pipeline analyze failed"
check "$(jq -r .meta.as_of "$T/crm.json")" "$newest" "crm-pipeline: latest = newest engage or close date ($newest)"
check "$(jq -r .meta.as_of_basis "$T/crm.json")" latest "crm-pipeline: as_of_basis latest"
check "$(jq '.kpis.open_pipeline.value == .funnel.open_pipeline' "$T/crm.json")" true \
	"crm-pipeline: kpis and funnel give one open-pipeline value"
jq -r '.headlines[] | select(.topic == "pipeline") | .text' "$T/crm.json" > "$T/crm.hl"
has "$T/crm.hl" "2,089 deals are open, none with an amount recorded" "crm-pipeline: the headline says open amounts are missing"
hasnt "$T/crm.hl" '$0' "crm-pipeline: no \$0 open pipeline headline"

# the same data on 2017-12-27: deals closed on the 28th..31st were open, final amount
"$BIN" analyze -q --as-of 2017-12-27 examples/crm-pipeline/bdreport.json > "$T/crm27.json" || no "crm-pipeline --as-of failed"
later=$(awk -F, 'NR > 1 && $7 > "2017-12-27"' "$CSV" | wc -l | tr -d ' ')
check "$(jq .funnel.open_final_amount "$T/crm27.json")" "$later" "2017-12-27: $later deals closed later counted open"
check "$(jq '[.kpis.open_pipeline.value, .funnel.open_pipeline] | unique | length' "$T/crm27.json")" 1 \
	"2017-12-27: one open-pipeline value"
v=$(jq -r .kpis.open_pipeline.value_fmt "$T/crm27.json")
jq -r '.headlines[] | select(.topic == "pipeline") | .text' "$T/crm27.json" > "$T/crm27.hl"
has "$T/crm27.hl" "Open pipeline stands at $v" "2017-12-27: the headline shows the tile's value $v"
has "$T/crm27.hl" "valued at their final amount" "2017-12-27: the headline says the amount is the final one"
check "$(jq '.funnel | .won + .lost + .open == .deals and .open > .open_final_amount' "$T/crm27.json")" true \
	"2017-12-27: open + won + lost = deals"

# acme: counts with every change, the small win-rate change is no headline
"$BIN" build -q examples/acme-weekly/bdreport.json -o "$T/acme" || no "acme build failed"
R=$T/acme/results.json
check "$(jq '[.kpis | to_entries[] | select(.value | type == "object") | .value |
              has("count") and has("previous_count") and has("counts_fmt") and has("noise_fmt")] | all' "$R")" true \
	"acme: every kpi carries count, previous_count, counts_fmt, noise_fmt"
check "$(jq -r '[.kpis.win_rate.previous_count, .kpis.win_rate.beyond_noise, .kpis.win_rate.noise_fmt] | @tsv' "$R")" \
	"$(printf '5\tfalse\twithin the usual range')" "acme: win rate on 5 closed deals before is within the usual range"
jq -r '.headlines[].text' "$R" > "$T/acme.hl"
hasnt "$T/acme.hl" "Win rate" "acme: the win-rate change is no headline"
hasnt "$T/acme.hl" "58.3%" "acme: the -58.3% is in no headline"
c=$(jq -r .kpis.win_rate.counts_fmt "$R")
has "$T/acme/index.html" "$c" "acme html: the win-rate tile shows its counts ($c)"
has "$T/acme/index.html" "within the usual range" "acme html: a tile says within the usual range"
if command -v pdftotext > /dev/null; then
	pdftotext "$T/acme/briefing.pdf" "$T/acme.txt" 2> /dev/null
	has "$T/acme.txt" "2 of 6 vs 4 of 5" "acme pdf: the win rate's counts in the week-over-week table"
	has "$T/acme.txt" "Usual" "acme pdf: the usual-range column"
else
	no "pdftotext missing (sh tools/deps.sh build)"
fi

# a project without any date
mkdir "$T/nodate"
printf 'id,churned,tenure\nc1,0,5\nc2,1,3\nc3,0,12\nc4,1,1\n' > "$T/nodate/customers.csv"
printf '{ "title": "t", "as_of": "latest", "datasets": { "customers": { "path": "customers.csv" } } }\n' \
	> "$T/nodate/bdreport.json"
"$BIN" analyze -q "$T/nodate/bdreport.json" > /dev/null 2> "$T/nodate.err"
check "$?" 1 "no dates: latest is bad input (exit 1)"
has "$T/nodate.err" 'error: as_of "latest": no dataset has a date; give the report date (YYYY-MM-DD) or "today"' \
	"no dates: the error asks for a date or today"
"$BIN" build -q --as-of today --only html,pdf "$T/nodate/bdreport.json" -o "$T/nodate/out" 2> "$T/today.err"
check "$?" 0 "no dates, --as-of today: builds"
has "$T/nodate/out/index.html" 'not a date in the data' "today: stated in the html"
if command -v pdftotext > /dev/null; then
	pdftotext "$T/nodate/out/briefing.pdf" "$T/today.txt" 2> /dev/null
	has "$T/today.txt" 'not a date in the data' "today: stated in the pdf"
fi
"$BIN" analyze -q --as-of 2026-01-05 "$T/nodate/bdreport.json" > "$T/given.json"
check "$(jq -r '[.meta.as_of, .meta.as_of_basis, (.meta.as_of_today // false)] | @tsv' "$T/given.json")" \
	"$(printf '2026-01-05\tdate\tfalse')" "a given date: basis date, no today note"
echo "1..$n"
exit $failed

#!/bin/sh
# SPDX-License-Identifier: MIT
# results.json of every example equals the stored one in tests/golden/results/
# (gzipped): same keys in the same order, every string equal, every number exactly
# equal. A difference names its path. Guards refactors meant to change nothing;
# after an intended change of results, `make golden-update` rewrites the files.
# BDREPORT_GOLDEN_UPDATE=1 rewrites them instead of comparing. Prints TAP lines.
BIN=${BIN:-./bdreport}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
unset SOURCE_DATE_EPOCH
G=tests/golden/results
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
# the first differences between $a and $b as "path: what" lines
cat > "$T/diff.jq" <<'JQ'
def show: tojson | if length > 60 then .[:60] + "..." else . end;
def d($a; $b; $p):
  if ($a | type) != ($b | type) then "\($p): \($a | type) \($a | show) != \($b | type) \($b | show)"
  elif ($a | type) == "object" then
    if ($a | keys_unsorted) != ($b | keys_unsorted) then
      "\($p): keys \($a | keys_unsorted | show) != \($b | keys_unsorted | show)"
    else $a | keys_unsorted[] as $k | d($a[$k]; $b[$k]; "\($p).\($k)") end
  elif ($a | type) == "array" then
    if ($a | length) != ($b | length) then "\($p): length \($a | length) != \($b | length)"
    else range($a | length) as $i | d($a[$i]; $b[$i]; "\($p)[\($i)]") end
  elif $a != $b then "\($p): \($a | show) != \($b | show)"
  else empty end;
[limit(5; d($got[0]; $want[0]; ""))] | .[]
JQ
for p in examples/*/bdreport.json; do
	ex=$(basename "$(dirname "$p")")
	if ! "$BIN" analyze -q "$p" > "$T/$ex.json" 2> "$T/$ex.err"; then
		no "example $ex: analyze failed: $(head -3 "$T/$ex.err")"
		continue
	fi
	if [ "${BDREPORT_GOLDEN_UPDATE:-}" = 1 ]; then
		gzip -9n < "$T/$ex.json" > "$G/$ex.json.gz"
		ok "example $ex: $G/$ex.json.gz rewritten"
		continue
	fi
	if [ ! -f "$G/$ex.json.gz" ]; then
		no "example $ex: no $G/$ex.json.gz (make golden-update writes it)"
		continue
	fi
	gzip -dc "$G/$ex.json.gz" > "$T/$ex.want.json"
	if ! out=$(jq -n -r --slurpfile got "$T/$ex.json" --slurpfile want "$T/$ex.want.json" \
	           -f "$T/diff.jq" 2>&1); then
		no "example $ex: jq failed: $out"
	elif [ -n "$out" ]; then
		no "example $ex: results.json differs from $G/$ex.json.gz:
$(echo "$out" | sed 's/^/#   /')"
	else
		ok "example $ex: results.json equals $G/$ex.json.gz"
	fi
done
# the comparison itself notices a changed number, string, key and length
printf '{"a":{"x":1.5,"s":"t","l":[1,2]}}' > "$T/w.json"
for g in '{"a":{"x":1.5000000000000002,"s":"t","l":[1,2]}}' '{"a":{"x":1.5,"s":"u","l":[1,2]}}' \
         '{"a":{"y":1.5,"s":"t","l":[1,2]}}' '{"a":{"x":1.5,"s":"t","l":[1]}}'; do
	printf '%s' "$g" > "$T/g.json"
	out=$(jq -n -r --slurpfile got "$T/g.json" --slurpfile want "$T/w.json" -f "$T/diff.jq" 2>&1)
	case $out in
	.a*) ok "a change is found and named: $out" ;;
	*) no "the change in $g is not found: '$out'" ;;
	esac
done
echo "1..$n"
exit $failed

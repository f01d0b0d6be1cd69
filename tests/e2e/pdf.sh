#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end test of the PDF briefing. Renders the hand-made report models of
# tests/data/briefing (English and Chinese) with the driver ($B/tests/test_briefing
# --render) and, once the build pipeline writes it, the briefing of examples/acme-weekly
# and acme-weekly-zh through `bdreport build`; then checks each PDF with qpdf and poppler:
# structure, embedded fonts (no zenhei in English), the headlines, KPI names and target
# names in the text, bookmarks, metadata, page count, size, SOURCE_DATE_EPOCH and
# byte-identical rebuilds. The model renders are compared page by page with the stored
# 30 dpi renders in tests/golden/pdf (tolerant of antialiasing); to refresh them after
# an intended change: BDREPORT_GOLDEN_UPDATE=1 sh tests/e2e/pdf.sh
B=${B:-build}
BIN=${BIN:-./bdreport}
drv=$B/tests/test_briefing
golden=tests/golden/pdf
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pdf-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
exec 3>&1
check() { # $1 = name, rest = command; prints a TAP line
	name=$1
	shift
	n=$((n + 1))
	if "$@" > "$tmp/out" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$tmp/out" | head -12
		failed=1
	fi
}
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }

if [ ! -x "$drv" ]; then
	echo "not ok 1 - test driver $drv missing"
	exit 1
fi

squash() { tr -d ' \t\n\f'; }   # line breaks in the PDF become spaces (Latin) or nothing (CJK)

has_strings() { # $1 = pdf, $2 = file with one expected string per line
	pdftotext -q -enc UTF-8 "$1" - | squash > "$tmp/text" || return 1
	[ -s "$2" ] || { echo "nothing expected?"; return 1; }
	bad=0
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		t=$(printf '%s' "$s" | squash)
		grep -qF -- "$t" "$tmp/text" || { echo "missing text: $s"; bad=1; }
	done < "$2"
	return $bad
}

all_embedded() {
	pdffonts "$1" 2>/dev/null | tail -n +3 > "$tmp/fonts" || return 1
	[ -s "$tmp/fonts" ] || { echo "no fonts"; return 1; }
	cat "$tmp/fonts"
	! awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit !bad }' "$tmp/fonts"
}
fonts_has() { pdffonts "$1" 2>/dev/null | grep -q "$2"; }
fonts_lacks() { ! fonts_has "$1" "$2"; }

bookmarks() { # $1 = pdf, $2 = file of titles
	qpdf --json --json-key=outlines "$1" > "$tmp/ol.json" || return 1
	bad=0
	while IFS= read -r s; do
		grep -qF "\"title\": \"$s\"" "$tmp/ol.json" || { echo "no bookmark: $s"; bad=1; }
	done < "$2"
	return $bad
}

metadata() { # $1 = pdf, $2 = model: Title and Author from meta
	TZ=UTC pdfinfo "$1" > "$tmp/info" 2>/dev/null || return 1
	title=$(jq -r .meta.title "$2")
	org=$(jq -r .meta.organization "$2")
	grep -qxE "Title: +$title" "$tmp/info" || { echo "title is not '$title'"; cat "$tmp/info"; return 1; }
	grep -qxE "Author: +$org" "$tmp/info" || { echo "author is not '$org'"; return 1; }
	grep -qE "^Subject: +." "$tmp/info" && grep -qE "^Keywords: +." "$tmp/info"
}

pages_between() { # $1 = pdf, $2 = min, $3 = max
	p=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	echo "# $(basename "$1"): $p pages" >&3
	[ "$p" -ge "$2" ] && [ "$p" -le "$3" ]
}

size_below() { # $1 = file, $2 = limit in bytes
	s=$(wc -c < "$1")
	echo "# size of $1: $s bytes (limit $2)" | sed "s|$tmp/||" >&3
	[ "$s" -lt "$2" ]
}

has_date() { TZ=UTC pdfinfo "$1" 2>/dev/null | grep -q "^CreationDate: .*Nov 14 22:13:20 2023"; }
no_date() { ! pdfinfo "$1" 2>/dev/null | grep -q CreationDate; }

same_as_golden() { # $1 = pdf, $2 = golden name prefix
	rm -f "$tmp"/pg-*.pgm
	pdftoppm -q -r 30 -gray "$1" "$tmp/pg" || return 1
	if [ "${BDREPORT_GOLDEN_UPDATE:-0}" = 1 ]; then
		mkdir -p "$golden"
		rm -f "$golden/$2"-*.pgm.gz
		i=1
		for f in $(ls "$tmp"/pg-*.pgm | sort -V); do
			gzip -9n < "$f" > "$golden/$2-$i.pgm.gz"
			i=$((i + 1))
		done
		echo "updated $golden/$2-*.pgm.gz"
		return 0
	fi
	want=$(ls "$golden/$2"-*.pgm.gz 2>/dev/null | wc -l)
	got=$(ls "$tmp"/pg-*.pgm | wc -l)
	[ "$want" -gt 0 ] || { echo "no stored renders $golden/$2-*.pgm.gz"; return 1; }
	[ "$want" -eq "$got" ] || { echo "$got pages, stored renders have $want"; return 1; }
	i=1
	bad=0
	for f in $(ls "$tmp"/pg-*.pgm | sort -V); do
		"$drv" --compare "$f" "$golden/$2-$i.pgm.gz" || bad=1
		i=$((i + 1))
	done
	return $bad
}

checks() { # $1 = label, $2 = pdf, $3 = model json, $4 = en|zh, $5 = size limit
	label=$1 pdf=$2 model=$3 lang=$4 limit=$5
	check "$label: qpdf --check" qpdf --check "$pdf"
	check "$label: every font embedded" all_embedded "$pdf"
	if [ "$lang" = zh ]; then
		check "$label: zenhei embedded for Chinese" fonts_has "$pdf" WenQuanYiZenHei
	elif "$drv" --has-cjk "$model"; then    # e.g. Chinese partner names in the data
		check "$label: zenhei embedded for the CJK text of the data" fonts_has "$pdf" WenQuanYiZenHei
	else
		check "$label: no zenhei in an English briefing" fonts_lacks "$pdf" ZenHei
	fi
	"$drv" --bookmarks "$model" > "$tmp/bm.txt"
	check "$label: a bookmark per section" bookmarks "$pdf" "$tmp/bm.txt"
	check "$label: metadata title and author in UTF-8" metadata "$pdf" "$model"
	check "$label: the model has kpis and headlines" jq -e '.kpis and .headlines' "$model"
	"$drv" --expect "$model" > "$tmp/expect.txt"
	check "$label: headlines, KPI names and target names in the text" has_strings "$pdf" "$tmp/expect.txt"
	check "$label: 4-10 pages" pages_between "$pdf" 4 10
	check "$label: size under $((limit / 1024)) KB" size_below "$pdf" "$limit"
}

# ---- the hand-made report models
for lang in en zh; do
	model=tests/data/briefing/model-$lang.json
	limit=307200
	[ $lang = zh ] && limit=921600
	check "model $lang: renders" env SOURCE_DATE_EPOCH=1700000000 "$drv" --render "$model" "$tmp/m-$lang.pdf"
	[ -f "$tmp/m-$lang.pdf" ] || continue
	checks "model $lang" "$tmp/m-$lang.pdf" "$model" $lang $limit
	check "model $lang: SOURCE_DATE_EPOCH is the creation date" has_date "$tmp/m-$lang.pdf"
	check "model $lang: rebuild gives identical bytes" sh -c \
		"SOURCE_DATE_EPOCH=1700000000 '$drv' --render '$model' '$tmp/m2-$lang.pdf' && cmp '$tmp/m-$lang.pdf' '$tmp/m2-$lang.pdf'"
	check "model $lang: no creation date without SOURCE_DATE_EPOCH" sh -c \
		"env -u SOURCE_DATE_EPOCH '$drv' --render '$model' '$tmp/m3-$lang.pdf' && ! pdfinfo '$tmp/m3-$lang.pdf' 2>/dev/null | grep -q CreationDate"
	check "model $lang: pages look like the stored renders" same_as_golden "$tmp/m-$lang.pdf" "model-$lang"
done
section_order() { # the level-1 bookmarks of a briefing of only cover, forecast, kpis
	"$drv" --render tests/data/briefing/model-en.json "$tmp/sub.pdf" cover,forecast,kpis A4 || return 1
	qpdf --json --json-key=outlines "$tmp/sub.pdf" |
		sed -n 's/.*"title": "\(.*\)".*/\1/p' |
		grep -x -e Forecast -e "Key figures" -e Customers -e Appendix | tr '\n' , > "$tmp/order"
	cat "$tmp/order"
	[ "$(cat "$tmp/order")" = "Forecast,Key figures," ]
}
check "sections from the project: order and subset" section_order
check "letter paper" sh -c \
	"'$drv' --render tests/data/briefing/model-en.json '$tmp/letter.pdf' - Letter &&
	 pdfinfo '$tmp/letter.pdf' | grep -q 'Page size: *612 x 792'"

# ---- the example projects through the real pipeline
for ex in acme-weekly:en acme-weekly-zh:zh; do
	exn=${ex%%:*} lang=${ex##*:}
	limit=307200
	[ $lang = zh ] && limit=921600
	check "example $exn: builds with briefing.pdf and results.json" sh -c \
		"SOURCE_DATE_EPOCH=1700000000 '$BIN' build 'examples/$exn/bdreport.json' -o '$tmp/$exn' --quiet &&
		 test -f '$tmp/$exn/briefing.pdf' && test -f '$tmp/$exn/results.json'"
	[ -f "$tmp/$exn/briefing.pdf" ] && [ -f "$tmp/$exn/results.json" ] || continue
	checks "example $exn" "$tmp/$exn/briefing.pdf" "$tmp/$exn/results.json" $lang $limit
	check "example $exn: pages look like the stored renders" same_as_golden "$tmp/$exn/briefing.pdf" "$exn.example"
	check "example $exn: rebuild gives identical bytes" sh -c \
		"SOURCE_DATE_EPOCH=1700000000 '$BIN' build 'examples/$exn/bdreport.json' -o '$tmp/$exn-2' --quiet &&
		 cmp '$tmp/$exn/briefing.pdf' '$tmp/$exn-2/briefing.pdf'"
done
exit $failed

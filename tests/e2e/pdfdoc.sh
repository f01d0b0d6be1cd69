#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end test of the pdfdoc engine: builds the English and the Chinese sample
# documents with the test driver ($B/tests/test_pdfdoc --sample) and checks them with
# qpdf and poppler: structure, embedded fonts, extracted text, repeated table headers,
# bookmarks, metadata, SOURCE_DATE_EPOCH, byte-reproducibility and file size.
B=${B:-build}
drv=$B/tests/test_pdfdoc
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pdfdoc-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
check() { # $1 = name, rest = command; prints a TAP line
	name=$1
	shift
	n=$((n + 1))
	if "$@" > "$tmp/out" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$tmp/out" | head -10
		failed=1
	fi
}

if [ ! -x "$drv" ]; then
	echo "not ok 1 - test driver $drv missing"
	exit 1
fi

build() { # $1 = lang, $2 = output
	SOURCE_DATE_EPOCH=1700000000 "$drv" --sample "$1" "$2"
}

has_text() { # $1 = pdf, rest = strings that must all appear in the text
	f=$1
	shift
	pdftotext -q -enc UTF-8 "$f" "$tmp/all.txt" || return 1
	for s in "$@"; do
		grep -qF -- "$s" "$tmp/all.txt" || { echo "missing text: $s"; return 1; }
	done
}

all_embedded() { # every font embedded
	pdffonts "$1" 2>/dev/null | tail -n +3 > "$tmp/fonts" || return 1
	[ -s "$tmp/fonts" ] || { echo "no fonts"; return 1; }
	cat "$tmp/fonts"
	! awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit !bad }' "$tmp/fonts"
}

fonts_has() { pdffonts "$1" 2>/dev/null | grep -q "$2"; }
fonts_lacks() { ! fonts_has "$1" "$2"; }

# Pages showing table body rows (matching $2) each show the header cells $3 and $4;
# there must be at least 3 of them.
header_repeats() {
	f=$1 row=$2 h1=$3 h2=$4
	pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	cont=0
	p=1
	while [ "$p" -le "$pages" ]; do
		pdftotext -q -enc UTF-8 -f "$p" -l "$p" "$f" "$tmp/page.txt"
		if grep -qE "$row" "$tmp/page.txt"; then
			cont=$((cont + 1))
			grep -qF "$h1" "$tmp/page.txt" && grep -qF "$h2" "$tmp/page.txt" ||
				{ echo "page $p: table rows without the header row"; return 1; }
		fi
		p=$((p + 1))
	done
	echo "table on $cont pages"
	[ "$cont" -ge 3 ]
}

outline_titles() { # bookmarks present with the given titles
	f=$1
	shift
	qpdf --json --json-key=outlines "$f" > "$tmp/ol.json" || return 1
	for s in "$@"; do
		grep -qF "\"title\": \"$s\"" "$tmp/ol.json" || { echo "no bookmark: $s"; return 1; }
	done
}

info_has() { # $1 = pdf, rest = regexes that must each match a pdfinfo line
	f=$1
	shift
	TZ=UTC pdfinfo "$f" > "$tmp/info" 2>/dev/null || return 1
	for r in "$@"; do
		grep -qE -- "$r" "$tmp/info" || { echo "pdfinfo lacks: $r"; cat "$tmp/info"; return 1; }
	done
}
info_lacks() { ! TZ=UTC pdfinfo "$1" 2>/dev/null | grep -q "$2"; }

size_below() { # $1 = file, $2 = limit in bytes
	s=$(wc -c < "$1")
	echo "# size of $(basename "$1"): $s bytes (limit $2)" >&3
	[ "$s" -lt "$2" ]
}
exec 3>&1

check "english sample builds" build en "$tmp/en.pdf"
check "chinese sample builds" build zh "$tmp/zh.pdf"
check "qpdf --check english" qpdf --check "$tmp/en.pdf"
check "qpdf --check chinese" qpdf --check "$tmp/zh.pdf"
check "english fonts all embedded" all_embedded "$tmp/en.pdf"
check "chinese fonts all embedded" all_embedded "$tmp/zh.pdf"
check "english embeds no zenhei" fonts_lacks "$tmp/en.pdf" ZenHei
check "english embeds dejavu" fonts_has "$tmp/en.pdf" DejaVuSans
check "chinese embeds zenhei" fonts_has "$tmp/zh.pdf" WenQuanYiZenHei
check "english text: headings, paragraph, kpis, cells" has_text "$tmp/en.pdf" \
	"Key indicators" "Revenue trend" "Account details" "Top accounts" \
	"Revenue kept growing this week" "renewal risk among large accounts" \
	"New customers" "Churn rate" "Pipeline" "1.24 M" "Account 000" "Account 139" "EMEA" \
	"987,654" "Example Corp" "Page 1 of" "Internal" "Weekly BD Report"
check "chinese text: headings, paragraph, kpis, cells" has_text "$tmp/zh.pdf" \
	"关键指标" "收入趋势" "客户明细" "重点客户" "本周营业收入继续增长" "新增商机主要来自合作伙伴渠道" \
	"营业收入" "新客户" "流失率" "商机金额" "客户000" "客户139" "华东" "合计" \
	"第 1 页，共" "内部资料" "业务发展周报"
check "english header row on every table page" header_repeats "$tmp/en.pdf" "Account [0-9]{3}" Region Comment
check "chinese header row on every table page" header_repeats "$tmp/zh.pdf" "客户[0-9]{3}" 地区 备注
check "english bookmarks" outline_titles "$tmp/en.pdf" "Key indicators" "Revenue trend" "Account details" "Top accounts" "Notes"
check "chinese bookmarks" outline_titles "$tmp/zh.pdf" "关键指标" "收入趋势" "客户明细" "重点客户" "说明"
check "english metadata" info_has "$tmp/en.pdf" \
	"^Title: +Weekly BD Report$" "^Author: +BD Analytics$" "^Subject: +Week 46$" "^Keywords: +weekly, customers, revenue$"
check "chinese metadata in utf-8" info_has "$tmp/zh.pdf" \
	"^Title: +业务发展周报$" "^Author: +业务发展部$" "^Subject: +第 46 周$" "^Keywords: +周报, 客户, 销售$"
check "SOURCE_DATE_EPOCH sets the creation date" info_has "$tmp/en.pdf" "^CreationDate: .*Nov 14 22:13:20 2023"
check "english rebuild gives identical bytes" sh -c "SOURCE_DATE_EPOCH=1700000000 '$drv' --sample en '$tmp/en2.pdf' && cmp '$tmp/en.pdf' '$tmp/en2.pdf'"
check "chinese rebuild gives identical bytes" sh -c "SOURCE_DATE_EPOCH=1700000000 '$drv' --sample zh '$tmp/zh2.pdf' && cmp '$tmp/zh.pdf' '$tmp/zh2.pdf'"
check "no creation date without SOURCE_DATE_EPOCH" sh -c "env -u SOURCE_DATE_EPOCH '$drv' --sample en '$tmp/en3.pdf'"
check "  ... and pdfinfo shows none" info_lacks "$tmp/en3.pdf" CreationDate
check "english size under 300 KB" size_below "$tmp/en.pdf" 307200
check "chinese size under 900 KB" size_below "$tmp/zh.pdf" 921600
landscape_page() { pdfinfo -f 1 -l 99 "$1" 2>/dev/null | grep -E "^Page +[0-9]+ size: +841.89 x 595.276"; }
check "english wide table on a landscape page" landscape_page "$tmp/en.pdf"
check "chinese wide table on a landscape page" landscape_page "$tmp/zh.pdf"
check "pages render" pdftoppm -q -png -r 50 -f 1 -l 2 "$tmp/zh.pdf" "$tmp/zh"
exit $failed

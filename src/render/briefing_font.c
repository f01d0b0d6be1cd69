/* SPDX-License-Identifier: MIT
 * briefing_font: TrueType subsets of the briefing's fonts (DejaVu Sans, its bold, and
 * wqy-zenhei for CJK) holding only the glyphs the briefing can draw, written to
 * temporary .ttf files that pdfdoc embeds instead. libharu 2.3.0 writes widths for every
 * code point a font maps and copies post/hmtx/loca whole: ~0.5 MB per PDF for zenhei.
 * Glyph ids are kept (unused glyphs become empty), so widths and composites stay valid. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/results.h"
#include "render/briefing_impl.h"
#include "render/font.h"

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put16(struct buf *b, unsigned v)
{
	unsigned char c[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	buf_add(b, c, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 8), (unsigned char)v };
	buf_add(b, c, 4);
}

/* The file's bytes of table tag of f's face (its directory read by font.c), or NULL
 * when absent or out of the file's bounds. */
struct sfnt {
	const unsigned char *p;     /* the whole font file */
	size_t len;
	const struct font *f;
};

static const unsigned char *
table(const struct sfnt *s, const char *tag, size_t *len)
{
	size_t off, n;
	if (font_table(s->f, tag, &off, &n) != 0 || off > s->len || n > s->len - off)
		return NULL;
	*len = n;
	return s->p + off;
}

/* Glyph gid's bytes in glyf through loca (short or long offsets). */
static const unsigned char *
glyph(const unsigned char *glyf, size_t glyf_len, const unsigned char *loca, size_t loca_len,
      int long_loca, unsigned gid, size_t *len)
{
	size_t a, b;
	if (long_loca) {
		if (4 * (size_t)gid + 8 > loca_len)
			return NULL;
		a = u32(loca + 4 * gid);
		b = u32(loca + 4 * gid + 4);
	} else {
		if (2 * (size_t)gid + 4 > loca_len)
			return NULL;
		a = 2 * (size_t)u16(loca + 2 * gid);
		b = 2 * (size_t)u16(loca + 2 * gid + 2);
	}
	if (b < a || b > glyf_len)
		return NULL;
	*len = b - a;
	return glyf + a;
}

/* Marks the components of a composite glyph (and theirs) as used. */
static void
mark_components(const unsigned char *g, size_t len, unsigned char *used, unsigned nglyphs)
{
	size_t at = 10;
	unsigned flags;
	if (len < 10 || (int16_t)u16(g) >= 0)
		return;
	do {
		unsigned comp;
		if (at + 4 > len)
			return;
		flags = u16(g + at);
		comp = u16(g + at + 2);
		if (comp < nglyphs)
			used[comp] = 1;
		at += 4 + ((flags & 0x1) ? 4 : 2);
		at += (flags & 0x8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
	} while (flags & 0x20);
}

struct out_table {
	char tag[5];
	struct buf data;
};

static uint32_t
checksum(const unsigned char *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i += 4) {
		unsigned char w[4] = { 0, 0, 0, 0 };
		memcpy(w, p + i, n - i < 4 ? n - i : 4);
		sum += u32(w);
	}
	return sum;
}

/* A format 4 cmap (3,1) mapping each code point of cps to its glyph: runs where both
 * the code point and the glyph id go up by one share a segment. */
static void
build_cmap(struct buf *b, const uint32_t *cps, const unsigned *gids, size_t n)
{
	size_t nseg = 1, k;
	unsigned seg2, search = 2, sel = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || cps[i] != cps[i - 1] + 1 || gids[i] != gids[i - 1] + 1)
			nseg++;
	seg2 = (unsigned)(2 * nseg);
	while (search * 2 <= seg2) {
		search *= 2;
		sel++;
	}
	put16(b, 0);                        /* version */
	put16(b, 1);                        /* one encoding record */
	put16(b, 3);
	put16(b, 1);
	put32(b, 12);
	put16(b, 4);                        /* format */
	put16(b, (unsigned)(16 + 8 * nseg));
	put16(b, 0);                        /* language */
	put16(b, seg2);
	put16(b, search);
	put16(b, sel);
	put16(b, seg2 - search);
	for (size_t i = 0; i < n; i++)      /* endCode */
		if (i + 1 == n || cps[i + 1] != cps[i] + 1 || gids[i + 1] != gids[i] + 1)
			put16(b, cps[i]);
	put16(b, 0xFFFF);
	put16(b, 0);                        /* reservedPad */
	for (size_t i = 0; i < n; i++)      /* startCode */
		if (i == 0 || cps[i] != cps[i - 1] + 1 || gids[i] != gids[i - 1] + 1)
			put16(b, cps[i]);
	put16(b, 0xFFFF);
	for (size_t i = 0; i < n; i++)      /* idDelta */
		if (i == 0 || cps[i] != cps[i - 1] + 1 || gids[i] != gids[i - 1] + 1)
			put16(b, (gids[i] - cps[i]) & 0xFFFF);
	put16(b, 1);
	for (k = 0; k < nseg; k++)          /* idRangeOffset */
		put16(b, 0);
}

static int
write_subset(const struct sfnt *s, const unsigned char *cps_set, FILE *out)
{
	static const char *const keep[] = { "OS/2", "cvt ", "fpgm", "hhea", "hmtx", "maxp", "name",
	                                    "prep" };
	size_t head_len = 0, maxp_len = 0, loca_len = 0, glyf_len = 0, post_len = 0, len = 0;
	size_t ncp = 0, nt = 0;
	const unsigned char *head = table(s, "head", &head_len), *maxp = table(s, "maxp", &maxp_len);
	const unsigned char *loca = table(s, "loca", &loca_len), *glyf = table(s, "glyf", &glyf_len);
	const unsigned char *post = table(s, "post", &post_len), *t;
	struct out_table tabs[16];
	unsigned nglyphs, *gids;
	unsigned char *used;
	uint32_t *cps, total;
	int long_loca, rc = -1;
	struct buf file;
	if (!head || head_len < 54 || !maxp || maxp_len < 6 || !loca || !glyf)
		return -1;
	nglyphs = u16(maxp + 4);
	long_loca = u16(head + 50) != 0;
	used = xcalloc(nglyphs + 1, 1);
	cps = xmalloc(65536 * sizeof *cps);
	gids = xmalloc(65536 * sizeof *gids);
	used[0] = 1;
	for (uint32_t cp = 0; cp < 65536; cp++) {
		unsigned g;
		if (!(cps_set[cp >> 3] >> (cp & 7) & 1) || (g = font_glyph(s->f, cp)) == 0 || g >= nglyphs)
			continue;
		cps[ncp] = cp;
		gids[ncp++] = g;
		used[g] = 1;
	}
	for (unsigned pass = 0; pass < 4; pass++)       /* nested composites */
		for (unsigned g = 0; g < nglyphs; g++)
			if (used[g] && (t = glyph(glyf, glyf_len, loca, loca_len, long_loca, g, &len)))
				mark_components(t, len, used, nglyphs);

	memset(tabs, 0, sizeof tabs);
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		if ((t = table(s, keep[i], &len)) != NULL) {
			memcpy(tabs[nt].tag, keep[i], 4);
			buf_init(&tabs[nt].data);
			buf_add(&tabs[nt].data, t, len);
			nt++;
		}
	/* cmap */
	memcpy(tabs[nt].tag, "cmap", 4);
	buf_init(&tabs[nt].data);
	build_cmap(&tabs[nt].data, cps, gids, ncp);
	nt++;
	/* glyf + loca (long offsets) */
	memcpy(tabs[nt].tag, "glyf", 4);
	memcpy(tabs[nt + 1].tag, "loca", 4);
	buf_init(&tabs[nt].data);
	buf_init(&tabs[nt + 1].data);
	for (unsigned g = 0; g < nglyphs; g++) {
		put32(&tabs[nt + 1].data, (uint32_t)tabs[nt].data.len);
		if (used[g] && (t = glyph(glyf, glyf_len, loca, loca_len, long_loca, g, &len)) && len) {
			buf_add(&tabs[nt].data, t, len);
			while (tabs[nt].data.len % 4)
				buf_putc(&tabs[nt].data, 0);
		}
	}
	put32(&tabs[nt + 1].data, (uint32_t)tabs[nt].data.len);
	nt += 2;
	/* head: long loca, checksum adjustment fixed below */
	memcpy(tabs[nt].tag, "head", 4);
	buf_init(&tabs[nt].data);
	buf_add(&tabs[nt].data, head, head_len);
	memset(tabs[nt].data.data + 8, 0, 4);
	tabs[nt].data.data[50] = 0;
	tabs[nt].data.data[51] = 1;
	nt++;
	/* post format 3: no glyph names */
	memcpy(tabs[nt].tag, "post", 4);
	buf_init(&tabs[nt].data);
	put32(&tabs[nt].data, 0x00030000);
	if (post && post_len >= 32)
		buf_add(&tabs[nt].data, post + 4, 28);
	else
		for (int i = 0; i < 7; i++)
			put32(&tabs[nt].data, 0);
	nt++;

	/* directory sorted by tag, then the tables 4-byte aligned */
	for (size_t i = 1; i < nt; i++)
		for (size_t j = i; j > 0 && memcmp(tabs[j - 1].tag, tabs[j].tag, 4) > 0; j--) {
			struct out_table x = tabs[j];
			tabs[j] = tabs[j - 1];
			tabs[j - 1] = x;
		}
	buf_init(&file);
	{
		unsigned search = 1, sel = 0;
		uint32_t off = 12 + 16 * (uint32_t)nt;
		size_t head_at = 0;
		while (search * 2 <= nt) {
			search *= 2;
			sel++;
		}
		put32(&file, 0x00010000);
		put16(&file, (unsigned)nt);
		put16(&file, search * 16);
		put16(&file, sel);
		put16(&file, (unsigned)nt * 16 - search * 16);
		for (size_t i = 0; i < nt; i++) {
			buf_add(&file, tabs[i].tag, 4);
			put32(&file, checksum((unsigned char *)tabs[i].data.data, tabs[i].data.len));
			put32(&file, off);
			put32(&file, (uint32_t)tabs[i].data.len);
			if (memcmp(tabs[i].tag, "head", 4) == 0)
				head_at = off;
			off += (uint32_t)((tabs[i].data.len + 3) & ~(size_t)3);
		}
		for (size_t i = 0; i < nt; i++) {
			buf_add(&file, tabs[i].data.data, tabs[i].data.len);
			while (file.len % 4)
				buf_putc(&file, 0);
		}
		total = checksum((unsigned char *)file.data, file.len);
		total = 0xB1B0AFBAu - total;
		file.data[head_at + 8] = (char)(total >> 24);
		file.data[head_at + 9] = (char)(total >> 16);
		file.data[head_at + 10] = (char)(total >> 8);
		file.data[head_at + 11] = (char)total;
	}
	if (fwrite(file.data, 1, file.len, out) == file.len)
		rc = 0;
	buf_release(&file);
	for (size_t i = 0; i < nt; i++)
		buf_release(&tabs[i].data);
	free(used);
	free(cps);
	free(gids);
	return rc;
}

/* ---------------------------------------------------------- code points */

static void
add_utf8(unsigned char *set, const char *s)
{
	const char *end = s + strlen(s);
	while (s < end) {
		uint32_t cp = font_utf8_next(&s, end);
		if (cp < 65536)
			set[cp >> 3] |= (unsigned char)(1u << (cp & 7));
	}
}

static void
add_tree(unsigned char *set, const cJSON *o)
{
	for (; o; o = o->next) {
		if (o->string)
			add_utf8(set, o->string);
		if (cJSON_IsString(o))
			add_utf8(set, o->valuestring);
		add_tree(set, o->child);
	}
}

void
briefing_font_codepoints(const cJSON *model, int all, unsigned char set[8192])
{
	/* page furniture (pdfdoc), formatted numbers and dates (fmt), built-in labels */
	static const char *const fixed[] = {
		"第页，共内部资料万亿年月日周：；、。（）「」【】《》——…·•▲▼−–$£€¥￥%\xEF\xBF\xBD",
	};
	add_tree(set, model);
	if (!all)
		return;
	for (uint32_t cp = 0x20; cp < 0x7F; cp++)
		set[cp >> 3] |= (unsigned char)(1u << (cp & 7));
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		add_utf8(set, fixed[i]);
	briefing_label_codepoints(results_locale(model), set);
}

int
briefing_font_needs_cjk(const unsigned char set[8192])
{
	for (uint32_t cp = 0x2E80; cp < 65536; cp++)
		if ((cp < 0xD800 || cp >= 0xF900) && (set[cp >> 3] >> (cp & 7) & 1))
			return 1;
	return 0;
}

char *
briefing_font_subset(enum pdfdoc_font_kind kind, const unsigned char set[8192], struct diag *d)
{
	const struct font_set *fs = font_set_default();
	const struct font *f = !fs ? NULL : kind == PDFDOC_FONT_CJK ? fs->fallback
	                     : kind == PDFDOC_FONT_LATIN_BOLD ? fs->bold : fs->regular;
	char *path;
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, r;
	struct sfnt s;
	FILE *in, *out;
	int fd, rc = -1;
	const char *tmp = getenv("TMPDIR");
	if (!f)
		return NULL;
	in = fopen(font_path(f), "rb");
	if (!in)
		return NULL;
	do {
		if (cap - len < 1 << 20) {
			cap = cap ? cap * 2 : 1 << 24;
			data = xrealloc(data, cap);
		}
		r = fread(data + len, 1, cap - len, in);
		len += r;
	} while (r > 0);
	fclose(in);
	path = xmalloc(strlen(tmp && *tmp ? tmp : "/tmp") + 32);
	sprintf(path, "%s/bdreport-font-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	s.p = data;
	s.len = len;
	s.f = f;
	if (out)
		rc = write_subset(&s, set, out);
	if (out && fclose(out) != 0)
		rc = -1;
	free(data);
	if (rc != 0) {
		diag_note(d, NULL, "pdf: cannot subset '%s' (%s); embedding the whole font", font_path(f),
		          fd < 0 ? strerror(errno) : "unexpected font tables");
		if (fd >= 0)
			unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

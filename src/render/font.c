/* SPDX-License-Identifier: MIT
 * font: TrueType/TTC parsing (table directory, cmap formats 4 and 12, head, hhea, hmtx,
 * OS/2) and UTF-8 measurement with libharu-compatible integer widths, plus the theme's
 * font set with per-code-point fallback. Used by the canvas layer. */
#include "render/font.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

struct table {
	unsigned char *p;
	size_t n;
};

struct font_rec {
	uint32_t tag, off, len;
};

struct font {
	char *path;
	unsigned face;
	struct font_rec *dir;            /* the face's table directory */
	unsigned ntables;
	unsigned upem;
	unsigned nhmetrics;
	int ascent, descent;             /* 1/1000 em */
	struct table cmap4, cmap12, hmtx;
	int16_t *bmp_width;              /* 65536 advances, precomputed */
	uint16_t *bmp_glyph;             /* 65536 glyph ids */
};

static unsigned
u16(const struct table *t, size_t off)
{
	if (off + 2 > t->n)
		return 0;
	return (unsigned)t->p[off] << 8 | t->p[off + 1];
}

static uint32_t
u32(const struct table *t, size_t off)
{
	if (off + 4 > t->n)
		return 0;
	return (uint32_t)t->p[off] << 24 | (uint32_t)t->p[off + 1] << 16 |
	       (uint32_t)t->p[off + 2] << 8 | t->p[off + 3];
}

static int
read_at(FILE *fp, long off, size_t n, struct table *t)
{
	t->p = xmalloc(n ? n : 1);
	t->n = n;
	if (fseek(fp, off, SEEK_SET) != 0 || fread(t->p, 1, n, fp) != n) {
		free(t->p);
		t->p = NULL;
		t->n = 0;
		return -1;
	}
	return 0;
}

static unsigned
cmap4_lookup(const struct table *t, uint32_t cp)
{
	unsigned segx2 = u16(t, 6), nseg = segx2 / 2, lo = 0, hi = nseg;
	size_t ends = 14, starts = 16 + segx2, deltas = 16 + 2 * (size_t)segx2,
	       ranges = 16 + 3 * (size_t)segx2;
	if (cp > 0xFFFF || nseg == 0)
		return 0;
	while (lo < hi) {       /* first segment with end >= cp */
		unsigned mid = (lo + hi) / 2;
		if (u16(t, ends + 2 * (size_t)mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= nseg)
		return 0;
	unsigned start = u16(t, starts + 2 * (size_t)lo);
	if (cp < start)
		return 0;
	unsigned delta = u16(t, deltas + 2 * (size_t)lo);
	unsigned ro = u16(t, ranges + 2 * (size_t)lo);
	if (ro == 0)
		return (cp + delta) & 0xFFFF;
	size_t at = ranges + 2 * (size_t)lo + ro + 2 * (size_t)(cp - start);
	unsigned g = u16(t, at);
	return g ? (g + delta) & 0xFFFF : 0;
}

static unsigned
cmap12_lookup(const struct table *t, uint32_t cp)
{
	uint32_t ng = u32(t, 12), lo = 0, hi = ng;
	if (ng > (t->n - 16) / 12)
		return 0;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		size_t g = 16 + 12 * (size_t)mid;
		uint32_t s = u32(t, g), e = u32(t, g + 4);
		if (cp < s)
			hi = mid;
		else if (cp > e)
			lo = mid + 1;
		else
			return (unsigned)(u32(t, g + 8) + (cp - s));
	}
	return 0;
}

static int
glyph_units(const struct font *f, unsigned gid)
{
	unsigned adv;
	if (f->nhmetrics == 0)
		return 0;
	if (gid >= f->nhmetrics)
		gid = f->nhmetrics - 1;
	adv = u16(&f->hmtx, 4 * (size_t)gid);
	return (int)((unsigned long)adv * 1000 / f->upem);
}

unsigned
font_glyph(const struct font *f, uint32_t cp)
{
	if (cp <= 0xFFFF)
		return f->bmp_glyph[cp];
	return f->cmap12.p ? cmap12_lookup(&f->cmap12, cp) : 0;
}

int
font_advance(const struct font *f, uint32_t cp)
{
	if (cp <= 0xFFFF)
		return f->bmp_width[cp];
	return glyph_units(f, font_glyph(f, cp));
}

/* Reads the table directory of face f->face (a .ttf has face 0 only) into f->dir. */
static int
read_dir(struct font *f, FILE *fp)
{
	struct table hdr = { 0 }, dir = { 0 };
	long base = 0;
	int rc = -1;
	if (read_at(fp, 0, 12, &hdr) != 0)
		goto out;
	if (u32(&hdr, 0) == 0x74746366u) {      /* 'ttcf' */
		struct table offs;
		unsigned nfaces = (unsigned)u32(&hdr, 8);
		if (f->face >= nfaces || read_at(fp, 12 + 4 * (long)f->face, 4, &offs) != 0)
			goto out;
		base = (long)u32(&offs, 0);
		free(offs.p);
		free(hdr.p);
		if (read_at(fp, base, 12, &hdr) != 0)
			goto out;
	} else if (f->face != 0) {
		goto out;
	}
	if (u32(&hdr, 0) != 0x00010000u && u32(&hdr, 0) != 0x74727565u) /* 1.0 or 'true' */
		goto out;
	f->ntables = u16(&hdr, 4);
	if (f->ntables == 0 || f->ntables > 512 ||
	    read_at(fp, base + 12, 16 * (size_t)f->ntables, &dir) != 0)
		goto out;
	f->dir = xmalloc(f->ntables * sizeof *f->dir);
	for (unsigned i = 0; i < f->ntables; i++) {
		size_t r = 16 * (size_t)i;
		f->dir[i].tag = u32(&dir, r);
		f->dir[i].off = u32(&dir, r + 8);
		f->dir[i].len = u32(&dir, r + 12);
	}
	rc = 0;
out:
	free(hdr.p);
	free(dir.p);
	return rc;
}

/* The directory entry of tag, or NULL. */
static const struct font_rec *
find(const struct font *f, const char *tag)
{
	uint32_t t = (uint32_t)(unsigned char)tag[0] << 24 | (uint32_t)(unsigned char)tag[1] << 16 |
	             (uint32_t)(unsigned char)tag[2] << 8 | (unsigned char)tag[3];
	for (unsigned i = 0; i < f->ntables; i++)
		if (f->dir[i].tag == t)
			return &f->dir[i];
	return NULL;
}

int
font_table(const struct font *f, const char *tag, size_t *off, size_t *len)
{
	const struct font_rec *r = find(f, tag);
	if (!r)
		return -1;
	*off = r->off;
	*len = r->len;
	return 0;
}

static int
load(struct font *f, FILE *fp, struct diag *d)
{
	struct table t = { 0 };
	int rc = -1;
	const struct font_rec *head, *hhea, *hmtx, *cmap, *os2;

	if (read_dir(f, fp) != 0)
		goto bad;
	head = find(f, "head");
	hhea = find(f, "hhea");
	hmtx = find(f, "hmtx");
	cmap = find(f, "cmap");
	os2 = find(f, "OS/2");
	if (!head || !hhea || !hmtx || !cmap)
		goto bad;
	if (read_at(fp, (long)head->off, 54, &t) != 0)
		goto bad;
	f->upem = u16(&t, 18);
	free(t.p);
	if (f->upem < 16 || read_at(fp, (long)hhea->off, 36, &t) != 0)
		goto bad;
	f->ascent = (int)(int16_t)u16(&t, 4) * 1000 / (int)f->upem;
	f->descent = (int)(int16_t)u16(&t, 6) * 1000 / (int)f->upem;
	f->nhmetrics = u16(&t, 34);
	free(t.p);
	if (os2 && os2->len >= 78 && read_at(fp, (long)os2->off, 78, &t) == 0) {
		f->ascent = (int)(int16_t)u16(&t, 68) * 1000 / (int)f->upem;
		f->descent = (int)(int16_t)u16(&t, 70) * 1000 / (int)f->upem;
		free(t.p);
	}
	if (hmtx->len < 4 * (size_t)f->nhmetrics || read_at(fp, (long)hmtx->off, hmtx->len, &f->hmtx) != 0)
		goto bad;
	if (read_at(fp, (long)cmap->off, cmap->len, &t) != 0)
		goto bad;
	for (unsigned i = 0, n = u16(&t, 2); i < n; i++) {
		unsigned plat = u16(&t, 4 + 8 * (size_t)i), enc = u16(&t, 6 + 8 * (size_t)i);
		uint32_t off = u32(&t, 8 + 8 * (size_t)i);
		unsigned format = u16(&t, off);
		if (off >= t.n)
			continue;
		if (plat == 3 && enc == 1 && format == 4 && !f->cmap4.p) {
			size_t len = u16(&t, off + 2);
			if (len > t.n - off)
				len = t.n - off;
			f->cmap4.p = xmalloc(len);
			f->cmap4.n = len;
			memcpy(f->cmap4.p, t.p + off, len);
		} else if (plat == 3 && enc == 10 && format == 12 && !f->cmap12.p) {
			size_t len = u32(&t, off + 4);
			if (len > t.n - off)
				len = t.n - off;
			f->cmap12.p = xmalloc(len);
			f->cmap12.n = len;
			memcpy(f->cmap12.p, t.p + off, len);
		}
	}
	free(t.p);
	t.p = NULL;
	if (!f->cmap4.p)
		goto bad;
	f->bmp_width = xmalloc(65536 * sizeof *f->bmp_width);
	f->bmp_glyph = xmalloc(65536 * sizeof *f->bmp_glyph);
	for (uint32_t cp = 0; cp < 65536; cp++) {
		unsigned g = cmap4_lookup(&f->cmap4, cp);
		f->bmp_glyph[cp] = (uint16_t)g;
		f->bmp_width[cp] = (int16_t)glyph_units(f, g);
	}
	rc = 0;
	goto out;
bad:
	diag_error(d, BD_EINPUT, NULL, "font '%s' face %u: not a usable TrueType font "
	           "(needs head, hhea, hmtx and a (3,1) format 4 cmap)", f->path, f->face);
out:
	free(t.p);
	return rc;
}

struct font *
font_create(const char *path, unsigned face, struct diag *d)
{
	FILE *fp = fopen(path, "rb");
	struct font *f;
	if (!fp) {
		diag_error(d, BD_EIO, NULL, "cannot open font '%s': %s", path, strerror(errno));
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->face = face;
	if (load(f, fp, d) != 0) {
		fclose(fp);
		font_destroy(f);
		return NULL;
	}
	fclose(fp);
	return f;
}

void
font_destroy(struct font *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->dir);
	free(f->cmap4.p);
	free(f->cmap12.p);
	free(f->hmtx.p);
	free(f->bmp_width);
	free(f->bmp_glyph);
	free(f);
}

void
font_coverage(const struct font *f, unsigned char bits[8192])
{
	memset(bits, 0, 8192);
	for (uint32_t cp = 0; cp < 0xFFFF; cp++)
		if (f->bmp_glyph[cp])
			bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

const char *font_path(const struct font *f) { return f->path; }
unsigned font_face(const struct font *f) { return f->face; }
int font_ascent(const struct font *f) { return f->ascent; }
int font_descent(const struct font *f) { return f->descent; }

uint32_t
font_utf8_next(const char **sp, const char *end)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t cp;
	int n;
	if (s[0] < 0x80) {
		*sp += 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0) { cp = s[0] & 0x1F; n = 1; }
	else if ((s[0] & 0xF0) == 0xE0) { cp = s[0] & 0x0F; n = 2; }
	else if ((s[0] & 0xF8) == 0xF0) { cp = s[0] & 0x07; n = 3; }
	else { *sp += 1; return UINT32_MAX; }
	if (end - (const char *)s <= n) {
		*sp += 1;
		return UINT32_MAX;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) { *sp += 1; return UINT32_MAX; }
		cp = cp << 6 | (s[i] & 0x3F);
	}
	*sp += n + 1;
	return cp;
}

long
font_text_units(const struct font *f, const char *s, size_t n)
{
	const char *end = s + n;
	long w = 0;
	while (s < end) {
		uint32_t cp = font_utf8_next(&s, end);
		if (cp == UINT32_MAX)
			continue;
		w += font_advance(f, cp > 0xFFFF ? 0x20 : cp);
	}
	return w;
}

static struct font_set default_set;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void
load_default(void)
{
	struct diag d;
	diag_init(&d);
	d.out = NULL;
	default_set.regular = font_create(FONT_FILE_REGULAR, 0, &d);
	default_set.bold = font_create(FONT_FILE_BOLD, 0, &d);
	default_set.fallback = font_create(FONT_FILE_CJK, 0, &d);
}

const struct font_set *
font_set_default(void)
{
	pthread_once(&default_once, load_default);
	return default_set.regular ? &default_set : NULL;
}

struct font *
font_set_pick(const struct font_set *fs, int bold, uint32_t cp)
{
	struct font *p = bold && fs->bold ? fs->bold : fs->regular;
	if (cp > 0xFFFF)
		cp = 0x20;
	if (font_glyph(p, cp) || !fs->fallback || !font_glyph(fs->fallback, cp))
		return p;
	return fs->fallback;
}

size_t
font_set_run(const struct font_set *fs, int bold, const char *s, size_t n, struct font **face)
{
	const char *p = s, *end = s + n;
	struct font *first = NULL;
	while (p < end) {
		const char *q = p;
		uint32_t cp = font_utf8_next(&q, end);
		if (cp != UINT32_MAX) {
			struct font *f = font_set_pick(fs, bold, cp);
			if (!first)
				first = f;
			else if (f != first)
				break;
		}
		p = q;
	}
	*face = first ? first : (bold && fs->bold ? fs->bold : fs->regular);
	return (size_t)(p - s);
}

double
font_set_width(const struct font_set *fs, int bold, const char *s, size_t n, double size)
{
	const char *end = s + n;
	long units = 0;
	while (s < end) {
		uint32_t cp = font_utf8_next(&s, end);
		if (cp == UINT32_MAX)
			continue;
		if (cp > 0xFFFF)
			cp = 0x20;
		units += font_advance(font_set_pick(fs, bold, cp), cp);
	}
	return (double)units * size / 1000.0;
}

/* SPDX-License-Identifier: MIT
 * pdfdoc: the PDF document engine (libharu 2.3.0): document lifecycle and error
 * handling, pages with running header/footer, headings with bookmarks, paragraphs,
 * lists, KPI tiles, figure boxes and the cover. Fonts and drawing live in pdfdoc_draw.c,
 * tables in pdfdoc_table.c, line breaking in pdfdoc_text.c. */
#include "render/pdfdoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "render/font.h"
#include "render/pdfdoc_impl.h"


#define GREY   0x666666u
#define ACCENT 0x1F3A5Fu
#define LEADING 1.3

/* ---------------------------------------------------------------- errors */

static const char *
error_text(HPDF_STATUS e)
{
	switch (e) {
	case 0x1014: return "too many nested graphics states";
	case 0x1015: return "out of memory";
	case 0x1016: return "file i/o error";
	case 0x1017: return "cannot open file";
	case 0x1025: return "document is in an error state";
	case 0x1051: return "operation not allowed in the current graphics mode";
	case 0x1056: return "parameter out of range";
	case 0x105F: return "unsupported TrueType font (no Unicode cmap)";
	case 0x1060: return "font file lacks a required TrueType table";
	default: return "libharu error";
	}
}

static void
on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
	struct pdfdoc *d = user;
	if (d->status == BD_OK) {
		int io = e == 0x1016 || e == 0x1017;
		d->status = io ? BD_EIO : BD_EINTERNAL;
		diag_error(d->diag, d->status, NULL, "pdf: %s (libharu 0x%04X, detail %u)%s%s",
		           error_text(e), (unsigned)e, (unsigned)detail,
		           io && detail ? ": " : "", io && detail ? strerror((int)detail) : "");
	}
	if (d->jb)
		longjmp(*d->jb, 1);
}

int
pdfdoc_status(const struct pdfdoc *doc)
{
	return doc->status;
}

void
pdfdoc_tracef(struct pdfdoc *d, const char *fmt, ...)
{
	va_list ap;
	if (!d->trace)
		return;
	va_start(ap, fmt);
	buf_vprintf(d->trace, fmt, ap);
	va_end(ap);
	buf_putc(d->trace, '\n');
}

/* ------------------------------------------------------------- fonts */

HPDF_Font
pdfdoc_font(struct pdfdoc *doc, enum pdfdoc_font_kind kind)
{
	HPDF_Font f;
	PDFDOC_ENTER_R(doc, NULL);
	f = pdfdoc_draw_font(doc, kind);
	PDFDOC_LEAVE(doc);
	return f;
}

double
pdfdoc_text_width(struct pdfdoc *doc, const char *utf8, double size, int bold)
{
	double w;
	PDFDOC_ENTER_R(doc, 0);
	w = pdfdoc_draw_text_width(doc, utf8, size, bold);
	PDFDOC_LEAVE(doc);
	return w;
}

/* --------------------------------------------------------------- document */

static void
init_doc(struct pdfdoc *d, const struct pdfdoc_options *opt)
{
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);   /* before any page or font */
	HPDF_UseUTFEncodings(d->pdf);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");          /* info strings as UTF-16BE */
	d->utf8 = HPDF_GetEncoder(d->pdf, "UTF-8");
	d->subst = pdfdoc_draw_covers(d, PDFDOC_FONT_LATIN, 0xFFFD) ? 0xFFFD : '?';
	if (opt->title)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, opt->title);
	if (opt->author)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, opt->author);
	if (opt->subject)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, opt->subject);
	if (opt->keywords)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_KEYWORDS, opt->keywords);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "bdreport");
}

struct pdfdoc *
pdfdoc_create(const struct pdfdoc_options *opt, struct diag *dg)
{
	static const struct pdfdoc_options none;
	if (!opt)
		return pdfdoc_create(&none, dg);
	struct pdfdoc *d = xcalloc(1, sizeof *d);
	d->diag = dg;
	arena_init(&d->arena);
	arena_init(&d->scratch);
	buf_init(&d->tmp);
	d->paper = opt->paper;
	d->zh = opt->locale == LOCALE_ZH_CN;
	d->title = arena_strdup(&d->arena, opt->title ? opt->title : "");
	d->label = arena_strdup(&d->arena, opt->label ? opt->label : d->zh ? "内部资料" : "Internal");
	d->margin = opt->margin > 0 ? opt->margin : 50;
	d->body = opt->font_size > 0 ? opt->font_size : 10;
	d->fonts[PDFDOC_FONT_LATIN] = (struct pdfdoc_font){ FONT_FILE_REGULAR, -1, NULL, NULL, NULL };
	d->fonts[PDFDOC_FONT_LATIN_BOLD] = (struct pdfdoc_font){ FONT_FILE_BOLD, -1, NULL, NULL, NULL };
	d->fonts[PDFDOC_FONT_CJK] = (struct pdfdoc_font){ FONT_FILE_CJK, 0, NULL, NULL, NULL };
	for (int k = 0; k < PDFDOC_NFONTS; k++)
		if (opt->font_files[k])
			d->fonts[k] = (struct pdfdoc_font){ arena_strdup(&d->arena, opt->font_files[k]), -1, NULL, NULL, NULL };

	d->pdf = HPDF_New(on_error, d);
	if (!d->pdf) {
		d->status = BD_EINTERNAL;
		diag_error(dg, BD_EINTERNAL, NULL, "pdf: cannot create a libharu document");
		return d;
	}
	PDFDOC_ENTER_R(d, d);
	init_doc(d, opt);
	PDFDOC_LEAVE(d);
	return d;
}

void
pdfdoc_destroy(struct pdfdoc *doc)
{
	if (!doc)
		return;
	if (doc->pdf)
		HPDF_Free(doc->pdf);
	free(doc->pages);
	buf_release(&doc->tmp);
	arena_finish(&doc->scratch);
	arena_finish(&doc->arena);
	free(doc);
}

void
pdfdoc_set_trace(struct pdfdoc *doc, struct buf *b)
{
	doc->trace = b;
}

size_t
pdfdoc_page_count(const struct pdfdoc *doc)
{
	return doc->npages;
}

size_t
pdfdoc_page_no(const struct pdfdoc *d)
{
	return d->npages;
}

long
pdfdoc_substituted(const struct pdfdoc *doc)
{
	return doc->nsubst;
}

static void
reset_scratch(struct pdfdoc *d)
{
	arena_finish(&d->scratch);
	arena_init(&d->scratch);
}

void
pdfdoc_break_page(struct pdfdoc *d, int landscape)
{
	if (d->npages == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->pages = xreallocarray(d->pages, d->cap, sizeof *d->pages);
	}
	HPDF_Page p = HPDF_AddPage(d->pdf);
	HPDF_Page_SetSize(p, d->paper == PDFDOC_LETTER ? HPDF_PAGE_SIZE_LETTER : HPDF_PAGE_SIZE_A4,
	                  landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	d->pages[d->npages++] = (struct pdfdoc_page){ p, landscape, 0 };
	d->page = p;
	d->pw = HPDF_Page_GetWidth(p);
	d->ph = HPDF_Page_GetHeight(p);
	d->left = d->margin;
	d->right = d->pw - d->margin;
	d->top = d->margin + 4;
	d->bottom = d->ph - d->margin;
	d->y = d->top;
	d->want_new_page = 0;
	pdfdoc_tracef(d, "page %zu %.0fx%.0f", d->npages, d->pw, d->ph);
}

void
pdfdoc_ensure_page(struct pdfdoc *d)
{
	if (!d->page || d->want_new_page)
		pdfdoc_break_page(d, 0);
}

/* ------------------------------------------------------------- text flow */

static double
heading_size(const struct pdfdoc *d, int level)
{
	return d->body * (level == 1 ? 1.6 : level == 2 ? 1.3 : 1.1);
}

/* Draws wrapped text at x..x+w from the cursor, breaking pages between lines. */
static void
flow_lines(struct pdfdoc *d, const char *s, double x, double w, double size, int bold,
           enum pdfdoc_align align, uint32_t rgb, const char *bullet)
{
	struct pdfdoc_text_line *ln;
	size_t n = pdfdoc_draw_wrap(d, s, w, size, bold, &ln);
	double lh = size * LEADING;
	for (size_t k = 0; k < n; k++) {
		if (d->y + lh > d->bottom && d->y > d->top)
			pdfdoc_break_page(d, d->pages[d->npages - 1].landscape);
		double lx = x;
		if (align == PDFDOC_RIGHT)
			lx = x + w - ln[k].width;
		else if (align == PDFDOC_CENTER)
			lx = x + (w - ln[k].width) / 2;
		if (k == 0 && bullet)
			pdfdoc_draw_text(d, x - size * 1.2, d->y + size, bullet, strlen(bullet), size, 0, rgb);
		pdfdoc_draw_text(d, lx, d->y + size, s + ln[k].start, ln[k].end - ln[k].start, size, bold, rgb);
		d->y += lh;
	}
}

/* Height of a heading: space before (none at the top of a page), lines, space after. */
static double
heading_height(struct pdfdoc *d, const char *text, int level, int at_top)
{
	double size = heading_size(d, level);
	struct pdfdoc_text_line *ln;
	size_t n = pdfdoc_draw_wrap(d, text, d->right - d->left, size, 1, &ln);
	return (at_top ? 0 : size * 0.8) + (double)n * size * LEADING + size * 0.4;
}

static void
draw_heading(struct pdfdoc *d, const char *text, int level)
{
	double size = heading_size(d, level);
	if (d->y > d->top)
		d->y += size * 0.8;
	pdfdoc_tracef(d, "heading %d page=%zu y=%.1f", level, d->npages, d->y);

	HPDF_Outline parent = NULL;
	for (int l = level - 2; l >= 0 && !parent; l--)
		parent = d->outline[l];
	HPDF_Outline o = HPDF_CreateOutline(d->pdf, parent, text, d->utf8);
	HPDF_Destination dst = HPDF_Page_CreateDestination(d->page);
	HPDF_Destination_SetXYZ(dst, 0, (float)(d->ph - d->y + size * 0.5), 1);
	HPDF_Outline_SetDestination(o, dst);
	HPDF_Outline_SetOpened(o, HPDF_TRUE);
	d->outline[level - 1] = o;
	for (int l = level; l < 3; l++)
		d->outline[l] = NULL;

	flow_lines(d, text, d->left, d->right - d->left, size, 1, PDFDOC_LEFT,
	           level < 3 ? ACCENT : 0, NULL);
	if (level == 1)
		pdfdoc_draw_line(d, d->left, d->y + 1, d->right, d->y + 1, 0.6, ACCENT);
	d->y += size * 0.4;
}

void
pdfdoc_place_pending(struct pdfdoc *d, double need)
{
	pdfdoc_ensure_page(d);
	if (d->npend == 0)
		return;
	double h = need;
	for (int i = 0; i < d->npend; i++)
		h += heading_height(d, d->pend[i].text, d->pend[i].level, i == 0 && d->y <= d->top);
	if (d->y + h > d->bottom && d->y > d->top)
		pdfdoc_break_page(d, d->pages[d->npages - 1].landscape);
	int n = d->npend;
	d->npend = 0;
	for (int i = 0; i < n; i++)
		draw_heading(d, d->pend[i].text, d->pend[i].level);
}

void
pdfdoc_heading(struct pdfdoc *doc, int level, const char *text)
{
	PDFDOC_ENTER(doc);
	reset_scratch(doc);
	if (doc->npend == (int)(sizeof doc->pend / sizeof doc->pend[0]))
		pdfdoc_place_pending(doc, 0);
	doc->pend[doc->npend].level = level < 1 ? 1 : level > 3 ? 3 : level;
	doc->pend[doc->npend].text = arena_strdup(&doc->arena, text);
	doc->npend++;
	PDFDOC_LEAVE(doc);
}

static void
paragraph(struct pdfdoc *d, const char *text, const struct pdfdoc_style *st, const char *bullet)
{
	static const struct pdfdoc_style def = { 0, PDFDOC_LEFT, 0, 0, 0 };
	if (!st)
		st = &def;
	double size = st->size > 0 ? st->size : d->body;
	double indent = bullet ? size * 1.6 : 0;
	double w = d->right - d->left - indent;
	struct pdfdoc_text_line *ln;
	pdfdoc_ensure_page(d);
	size_t n = pdfdoc_draw_wrap(d, text, w, size, st->bold, &ln);
	/* with a heading before it, keep two lines (or all of them) with the heading */
	pdfdoc_place_pending(d, (n < 2 ? (double)n : 2) * size * LEADING);
	flow_lines(d, text, d->left + indent, w, size, st->bold, st->align, st->rgb, bullet);
	d->y += st->space_after > 0 ? st->space_after : st->space_after < 0 ? 0 : size * 0.6;
}

void
pdfdoc_paragraph(struct pdfdoc *doc, const char *text, const struct pdfdoc_style *st)
{
	PDFDOC_ENTER(doc);
	reset_scratch(doc);
	paragraph(doc, text, st, NULL);
	PDFDOC_LEAVE(doc);
}

void
pdfdoc_bullets(struct pdfdoc *doc, const char *const *items, size_t n)
{
	struct pdfdoc_style st = { 0, PDFDOC_LEFT, 0, 0, doc->body * 0.3 };
	PDFDOC_ENTER(doc);
	for (size_t k = 0; k < n; k++) {
		reset_scratch(doc);
		paragraph(doc, items[k], &st, "•");
	}
	doc->y += doc->body * 0.3;
	PDFDOC_LEAVE(doc);
}

void
pdfdoc_space(struct pdfdoc *doc, double pts)
{
	PDFDOC_ENTER(doc);
	pdfdoc_ensure_page(doc);
	if (doc->y > doc->top)
		doc->y = doc->y + pts > doc->bottom ? doc->bottom : doc->y + pts;
	PDFDOC_LEAVE(doc);
}

/* ---------------------------------------------------- figures, KPIs, cover */

static void
figure(struct pdfdoc *doc, double h, const char *caption, pdfdoc_draw_fn draw, void *ctx)
{
	reset_scratch(doc);
	pdfdoc_ensure_page(doc);
	double csize = doc->body * 0.85;
	double ch = caption ? csize * LEADING + 4 : 0;
	double maxh = doc->bottom - doc->top - ch;
	if (h > maxh)
		h = maxh;
	pdfdoc_place_pending(doc, h + ch);
	if (doc->y + h + ch > doc->bottom && doc->y > doc->top)
		pdfdoc_break_page(doc, doc->pages[doc->npages - 1].landscape);
	double x = doc->left, w = doc->right - doc->left;
	pdfdoc_tracef(doc, "figure page=%zu x=%.1f y=%.1f w=%.1f h=%.1f", doc->npages, x, doc->y, w, h);
	if (draw)
		draw(ctx, doc->pdf, doc->page, x, doc->y, w, h, doc->ph);
	doc->y += h + 4;
	if (caption)
		flow_lines(doc, caption, doc->left, w, csize, 0, PDFDOC_CENTER, GREY, NULL);
	doc->y += doc->body * 0.6;
}

void
pdfdoc_figure(struct pdfdoc *doc, double h, const char *caption, pdfdoc_draw_fn draw, void *ctx)
{
	PDFDOC_ENTER(doc);
	figure(doc, h, caption, draw, ctx);
	PDFDOC_LEAVE(doc);
}

static void
fit_text(struct pdfdoc *d, double x, double y, double w, const char *s, double size, int bold,
         uint32_t rgb)
{
	size_t n = strlen(s);
	double tw = pdfdoc_draw_text_width(d, s, size, bold);
	if (tw > w && tw > 0)
		size = size * w / tw;   /* shrink to fit the tile */
	pdfdoc_draw_text(d, x, y, s, n, size, bold, rgb);
}

void
pdfdoc_kpis(struct pdfdoc *doc, const struct pdfdoc_kpi *k, size_t n)
{
	PDFDOC_ENTER(doc);
	reset_scratch(doc);
	if (n == 0) {
		PDFDOC_LEAVE(doc);
		return;
	}
	double b = doc->body, gap = 8, pad = 8, h = b * 6.2;
	pdfdoc_ensure_page(doc);
	pdfdoc_place_pending(doc, h);
	if (doc->y + h > doc->bottom && doc->y > doc->top)
		pdfdoc_break_page(doc, doc->pages[doc->npages - 1].landscape);
	double tw = (doc->right - doc->left - gap * (double)(n - 1)) / (double)n;
	for (size_t i = 0; i < n; i++) {
		double x = doc->left + (double)i * (tw + gap), y = doc->y;
		pdfdoc_draw_rect(doc, x, y, tw, h, 0xF2F4F7);
		pdfdoc_draw_rect(doc, x, y, 3, h, ACCENT);
		fit_text(doc, x + pad, y + pad + b * 0.85, tw - 2 * pad, k[i].label, b * 0.85, 0, GREY);
		fit_text(doc, x + pad, y + pad + b * 3.0, tw - 2 * pad, k[i].value, b * 1.9, 1, 0x111111);
		if (k[i].change) {
			uint32_t col = k[i].good ? 0x1A7F37 : 0xC62828;
			double cs = b * 0.85, cx = x + pad, cy = y + pad + b * 4.4;
			if (k[i].direction) {
				uint32_t glyph = k[i].direction > 0 ? 0x25B2 : 0x25BC;
				if (pdfdoc_draw_covers(doc, PDFDOC_FONT_LATIN, glyph)) {
					char g[3];
					g[0] = (char)0xE2; g[1] = (char)0x96;
					g[2] = (char)(k[i].direction > 0 ? 0xB2 : 0xBC);
					pdfdoc_draw_text(doc, cx, cy, g, 3, cs, 0, col);
					cx += pdfdoc_draw_cp_width(doc, glyph, cs, 0) + cs * 0.3;
				} else {
					pdfdoc_draw_triangle(doc, cx, cy, cs, k[i].direction > 0, col);
					cx += cs * 1.1;
				}
			}
			fit_text(doc, cx, cy, x + tw - pad - cx, k[i].change, cs, 0, col);
		}
	}
	doc->y += h + b;
	PDFDOC_LEAVE(doc);
}

void
pdfdoc_cover(struct pdfdoc *doc, const char *title, const char *subtitle,
             const char *const *headlines, size_t n)
{
	PDFDOC_ENTER(doc);
	reset_scratch(doc);
	pdfdoc_break_page(doc, 0);
	doc->pages[doc->npages - 1].cover = 1;
	double w = doc->right - doc->left;
	doc->y = doc->ph * 0.22;
	pdfdoc_draw_rect(doc, doc->left, doc->y - 24, 60, 5, ACCENT);
	flow_lines(doc, title, doc->left, w, doc->body * 2.6, 1, PDFDOC_LEFT, ACCENT, NULL);
	doc->y += doc->body;
	if (subtitle)
		flow_lines(doc, subtitle, doc->left, w, doc->body * 1.3, 0, PDFDOC_LEFT, GREY, NULL);
	doc->y += doc->body * 2;
	pdfdoc_draw_line(doc, doc->left, doc->y, doc->right, doc->y, 0.5, 0xBBBBBB);
	doc->y += doc->body * 1.5;
	struct pdfdoc_style st = { doc->body * 1.15, PDFDOC_LEFT, 0x222222, 0, doc->body * 0.6 };
	for (size_t k = 0; k < n; k++)
		paragraph(doc, headlines[k], &st, "•");
	doc->want_new_page = 1;
	PDFDOC_LEAVE(doc);
}

/* ------------------------------------------------------------------ save */

static void
running_texts(struct pdfdoc *d)
{
	double size = d->body * 0.8;
	char num[96];
	for (size_t i = 0; i < d->npages; i++) {
		struct pdfdoc_page *pg = &d->pages[i];
		d->page = pg->page;
		d->pw = HPDF_Page_GetWidth(pg->page);
		d->ph = HPDF_Page_GetHeight(pg->page);
		double l = d->margin, r = d->pw - d->margin;
		if (!pg->cover && d->title[0]) {
			/* one line: cut at the last character that fits */
			size_t n = strlen(d->title), at = 0, fit = 0;
			double w = 0;
			while (at < n) {
				w += pdfdoc_draw_cp_width(d, pdfdoc_text_next(d->title, n, &at), size, 0);
				if (w > r - l)
					break;
				fit = at;
			}
			pdfdoc_draw_text(d, l, d->margin - 10, d->title, fit, size, 0, GREY);
			pdfdoc_draw_line(d, l, d->margin - 5, r, d->margin - 5, 0.4, 0xBBBBBB);
		}
		double fy = d->ph - d->margin + 22;
		pdfdoc_draw_line(d, l, fy - size - 4, r, fy - size - 4, 0.4, 0xBBBBBB);
		pdfdoc_draw_text(d, l, fy, d->label, strlen(d->label), size, 1, GREY);
		if (d->zh)
			snprintf(num, sizeof num, "第 %zu 页，共 %zu 页", i + 1, d->npages);
		else
			snprintf(num, sizeof num, "Page %zu of %zu", i + 1, d->npages);
		pdfdoc_draw_text(d, r - pdfdoc_draw_text_width(d, num, size, 0), fy, num, strlen(num), size, 0, GREY);
	}
}

static void
creation_date(struct pdfdoc *d)
{
	long long secs;
	long days;
	int y, mo, dd, h, mi, sec;
	int have = date_source_epoch(&secs);
	if (have == 0)
		return;
	if (have < 0) {
		diag_warn(d->diag, NULL, "pdf: ignoring SOURCE_DATE_EPOCH '%s': not a number of seconds",
		          getenv("SOURCE_DATE_EPOCH"));
		return;
	}
	date_split_epoch(secs, &days, &h, &mi, &sec);
	date_to_civil(days, &y, &mo, &dd);
	HPDF_Date dt = { y, mo, dd, h, mi, sec, 'Z', 0, 0 };
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, dt);
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, dt);
}

int
pdfdoc_save(struct pdfdoc *doc, const char *path)
{
	struct buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmp", path);
	{
		PDFDOC_ENTER_(doc, goto out);
		reset_scratch(doc);
		pdfdoc_place_pending(doc, 0);
		running_texts(doc);
		creation_date(doc);
		if (doc->outline[0] || doc->outline[1])
			HPDF_SetPageMode(doc->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
		HPDF_SaveToFile(doc->pdf, buf_str(&tmp));
		PDFDOC_LEAVE(doc);
	}
	if (rename(buf_str(&tmp), path) != 0) {
		doc->status = BD_EIO;
		diag_error(doc->diag, BD_EIO, NULL, "pdf: cannot write '%s': %s", path, strerror(errno));
	}
	if (doc->nsubst)
		diag_warn(doc->diag, NULL, "pdf: %ld character(s) have no glyph in any font (first U+%04X) "
		          "and were drawn as a substitute", doc->nsubst, (unsigned)doc->first_missing);
out:
	if (doc->status != BD_OK)
		remove(buf_str(&tmp));
	buf_release(&tmp);
	return doc->status;
}

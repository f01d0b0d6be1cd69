/* SPDX-License-Identifier: MIT
 * pdfdoc: the PDF document engine over libharu 2.3.0. It flows headings, paragraphs,
 * lists, tables, KPI tiles and figure boxes onto A4/Letter pages with running header,
 * "Page N of M" footer, bookmarks and metadata. The PDF briefing renderer builds on it;
 * the chart module's PDF canvas draws into figure boxes. Units are points (1/72 in). */
#ifndef RENDER_PDFDOC_H
#define RENDER_PDFDOC_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/locale.h"

struct pdfdoc;  /* opaque */

enum pdfdoc_paper { PDFDOC_A4, PDFDOC_LETTER };
enum pdfdoc_align { PDFDOC_LEFT, PDFDOC_CENTER, PDFDOC_RIGHT };
enum pdfdoc_font_kind { PDFDOC_FONT_LATIN, PDFDOC_FONT_LATIN_BOLD, PDFDOC_FONT_CJK, PDFDOC_NFONTS };

/* Document options. Strings are UTF-8 and copied; NULL means "not set". */
struct pdfdoc_options {
	enum pdfdoc_paper paper;
	enum locale locale;     /* footer wording (default LOCALE_EN) */
	const char *title;      /* metadata Title and the running header */
	const char *author, *subject, *keywords;
	const char *label;      /* footer label; NULL = "Internal" ("内部资料" for zh-CN) */
	double margin;          /* page margin in points; 0 = 50 */
	double font_size;       /* body size in points; 0 = 10 */
	const char *font_files[PDFDOC_NFONTS]; /* .ttf per font kind (e.g. subsets); NULL = built-in */
};

/* Creates a document. Fonts are loaded only when first used. Diagnostics (libharu
 * errors, missing glyphs) go to d, which must outlive the document. Never NULL. */
struct pdfdoc *pdfdoc_create(const struct pdfdoc_options *opt, struct diag *d);
/* Frees everything, also after an error. NULL is a no-op. */
void pdfdoc_destroy(struct pdfdoc *doc);

/* Errors are sticky (cairo style): after the first libharu error every call is a
 * no-op and pdfdoc_status() returns BD_EINTERNAL/BD_EIO; the error was reported through
 * diag once. BD_OK otherwise. */
int pdfdoc_status(const struct pdfdoc *doc);

/* Resolves page numbers, draws running headers/footers and writes the file (via a
 * temporary file + rename, so nothing is half-written). The creation date is set only
 * when SOURCE_DATE_EPOCH is set, then exactly that. Warns once if characters had no
 * glyph. Returns a enum bd_status. Call once, then pdfdoc_destroy. */
int pdfdoc_save(struct pdfdoc *doc, const char *path);

/* ---- flow elements (all append at the cursor, breaking pages as needed) ---- */

/* Cover page (the first page, no running header): big title, subtitle (e.g.
 * organisation and week), then headline sentences as a bullet list. Ends the page. */
void pdfdoc_cover(struct pdfdoc *doc, const char *title, const char *subtitle,
                  const char *const *headlines, size_t nheadlines);

/* Heading level 1-3 (clamped). Adds a bookmark (level 1 at the top, 2 under the last
 * 1, 3 under the last 2). Kept with what follows: it is placed only together with the
 * first line/row/box of the next element. */
void pdfdoc_heading(struct pdfdoc *doc, int level, const char *text);

/* Paragraph style; a zeroed struct or NULL gives the defaults. */
struct pdfdoc_style {
	double size;            /* 0 = body size */
	enum pdfdoc_align align;
	uint32_t rgb;           /* 0xRRGGBB text colour; 0 = black */
	int bold;
	double space_after;     /* points; 0 = default (0.6 * size), < 0 = none */
};
void pdfdoc_paragraph(struct pdfdoc *doc, const char *text, const struct pdfdoc_style *st);
/* Bullet list: one paragraph per item with a hanging "•" indent. */
void pdfdoc_bullets(struct pdfdoc *doc, const char *const *items, size_t n);
/* Vertical space in points (dropped at the top of a page). */
void pdfdoc_space(struct pdfdoc *doc, double pts);

/* ---- tables ---- */
struct pdfdoc_col {
	const char *title;
	double width;           /* fraction of the table width (0 < w <= 1); 0 = auto */
	enum pdfdoc_align align;
	int numeric;            /* numbers: right-aligned whatever align says */
};
struct pdfdoc_table {
	const struct pdfdoc_col *cols;
	size_t ncols;
	const char *const *cells;   /* nrows * ncols, row-major, UTF-8; NULL cell = empty */
	size_t nrows;
	const char *const *totals;  /* ncols cells of a bold totals row, or NULL */
	int zebra;                  /* stripe every other row */
	int landscape;              /* put the table on landscape page(s) of its own */
	double size;                /* font size; 0 = 0.9 * body size */
};
/* Lays the table out; cells wrap, the header row repeats on each continuation page. */
void pdfdoc_table(struct pdfdoc *doc, const struct pdfdoc_table *t);

/* ---- KPI tiles ---- */
struct pdfdoc_kpi {
	const char *label;      /* "Revenue" */
	const char *value;      /* "1.24 M" */
	const char *change;     /* "+4.1% vs last week"; NULL = no change line */
	int direction;          /* +1 up (▲), -1 down (▼), 0 none */
	int good;               /* colour: nonzero = green, 0 = red */
};
/* One row of n equal-width tiles (n <= 6 fits well). */
void pdfdoc_kpis(struct pdfdoc *doc, const struct pdfdoc_kpi *k, size_t n);

/* ---- figure boxes for the chart backend ---- */
/* Callback: draws vectors with libharu on page. (x, y_top) is the top-left corner of the
 * box in points with the origin at the top-left of the page, w/h its size, page_h the
 * page height: PDF y = page_h - y. The callee must leave the graphics state as it found
 * it (GSave/GRestore, depth <= 27) and must not be inside a text object on return. */
typedef void (*pdfdoc_draw_fn)(void *ctx, HPDF_Doc pdf, HPDF_Page page,
                               double x, double y_top, double w, double h, double page_h);
/* Reserves a full-width box of height h (new page if it does not fit), calls draw,
 * then an optional caption below it. */
void pdfdoc_figure(struct pdfdoc *doc, double h, const char *caption,
                   pdfdoc_draw_fn draw, void *ctx);
/* The document's fonts (UTF-8 encoding), loaded on first use; NULL after an error. */
HPDF_Font pdfdoc_font(struct pdfdoc *doc, enum pdfdoc_font_kind kind);
/* Text width in points of utf8 at size, with the same font fallback as the flow. */
double pdfdoc_text_width(struct pdfdoc *doc, const char *utf8, double size, int bold);

/* ---- inspection (tests, the briefing renderer) ---- */
size_t pdfdoc_page_count(const struct pdfdoc *doc);
/* When set, layout events are appended as text lines (one per event):
 *   page N WIDTHxHEIGHT
 *   heading LEVEL page=N y=Y
 *   thead page=N y=Y                 (table header row, each page it appears on)
 *   row I page=N y=Y h=H             (table body row I, 0-based)
 *   figure page=N x=X y=Y w=W h=H
 * with y from the top of the page. b must outlive the document. */
void pdfdoc_set_trace(struct pdfdoc *doc, struct buf *b);
/* Characters that no font covers (drawn as a substitute) so far. */
long pdfdoc_substituted(const struct pdfdoc *doc);

/* ---- text primitives (pdfdoc_text.c), pure and usable without a document ---- */

/* Decodes one UTF-8 code point at s[*i] (len bytes total), advancing *i; invalid bytes
 * decode to U+FFFD one byte at a time. */
uint32_t pdfdoc_text_next(const char *s, size_t len, size_t *i);

/* One output line: bytes [start, end) of the input, trailing spaces excluded, and its
 * width in the units of the width callback. */
struct pdfdoc_text_line {
	size_t start, end;
	double width;
};
/* Breaks s into lines no wider than max_w (a single character wider than max_w gets a
 * line of its own, and a closing mark hangs past the edge when a word has to be broken
 * just before it). Break opportunities: after spaces, after a hyphen between letters,
 * between CJK characters (and CJK next to Latin); kinsoku: never before ，。、；：？！）」』】
 * (and ASCII ,.;:?!)) nor after （「『【 (and ASCII (). A word longer than the line is
 * broken between characters. '\n' forces a break. Lines come from a (arena-owned);
 * returns the count (>= 1 unless s is empty, then 0). */
size_t pdfdoc_text_break(const char *s, size_t len, double max_w,
                         double (*width)(void *ctx, uint32_t cp), void *ctx,
                         struct arena *a, struct pdfdoc_text_line **lines);

/* A run of text drawn with one font: bytes [start, end), font index from the callback
 * or -1 (no font has the glyph: draw a substitute). */
struct pdfdoc_text_run {
	size_t start, end;
	int font;
};
/* Splits s into runs by font coverage. font_of returns the first font index covering
 * cp or -1. Spaces join the run before them when that font covers them. Runs come from
 * a; returns the count. */
size_t pdfdoc_text_runs(const char *s, size_t len, int (*font_of)(void *ctx, uint32_t cp),
                        void *ctx, struct arena *a, struct pdfdoc_text_run **runs);

#endif

/* SPDX-License-Identifier: MIT
 * pdfdoc_table: tables for the pdfdoc engine: column widths (fractions or auto from
 * the content), wrapped cells (CJK too), zebra stripes, a totals row, the header row
 * repeated on every continuation page, and landscape pages for wide tables. */
#include "render/pdfdoc.h"

#include <string.h>

#include "render/pdfdoc_impl.h"

#define PAD 4.0
#define HEAD_BG 0x1F3A5Fu
#define ZEBRA_BG 0xF2F4F7u
#define TOTAL_BG 0xE4E8EEu
#define RULE 0x999999u

struct cell_lines {
	struct pdfdoc_text_line *ln;
	size_t n;
};

static double
text_w(struct pdfdoc *d, const char *s, double size, int bold)
{
	double w = 0;
	size_t i = 0, n = strlen(s);
	while (i < n)
		w += pdfdoc_draw_cp_width(d, pdfdoc_text_next(s, n, &i), size, bold);
	return w;
}

/* Width of the longest unbreakable piece, approximated by the longest space-separated
 * word (CJK text can break anywhere, so one ideograph is enough). */
static double
min_w(struct pdfdoc *d, const char *s, double size, int bold)
{
	double best = 0, cur = 0;
	size_t i = 0, n = strlen(s);
	while (i < n) {
		uint32_t c = pdfdoc_text_next(s, n, &i);
		double cw = pdfdoc_draw_cp_width(d, c, size, bold);
		if (c == ' ' || c >= 0x2E80) {
			cur = c == ' ' ? 0 : cw;
		} else {
			cur += cw;
		}
		if (cur > best)
			best = cur;
	}
	return best;
}

static void
column_widths(struct pdfdoc *d, const struct pdfdoc_table *t, double size, double W, double *cw)
{
	double fixed = 0, nat_sum = 0, min_sum = 0;
	size_t nauto = 0, sample = t->nrows < 1000 ? t->nrows : 1000;
	double *nat = arena_calloc(&d->scratch, t->ncols, sizeof *nat);
	double *mn = arena_calloc(&d->scratch, t->ncols, sizeof *mn);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct pdfdoc_col *col = &t->cols[c];
		if (col->width > 0) {
			cw[c] = W * col->width;
			fixed += cw[c];
			continue;
		}
		nauto++;
		const char *title = col->title ? col->title : "";
		nat[c] = text_w(d, title, size, 1);
		mn[c] = min_w(d, title, size, 1);
		for (size_t r = 0; r < sample; r++) {
			const char *s = t->cells[r * t->ncols + c];
			if (!s)
				continue;
			double w = text_w(d, s, size, 0), m = min_w(d, s, size, 0);
			if (w > nat[c]) nat[c] = w;
			if (m > mn[c]) mn[c] = m;
		}
		nat[c] += 2 * PAD + 1;
		mn[c] += 2 * PAD + 1;
		nat_sum += nat[c];
		min_sum += mn[c];
	}
	if (fixed > W) {   /* fractions summing past 1: scale them down to fit */
		for (size_t c = 0; c < t->ncols; c++)
			if (t->cols[c].width > 0)
				cw[c] *= W / fixed;
		fixed = W;
	}
	double rest = W - fixed;
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].width > 0)
			continue;
		if (rest <= 0)
			cw[c] = 0;
		else if (nat_sum <= rest)
			cw[c] = nat[c] + (rest - nat_sum) * nat[c] / nat_sum;
		else if (min_sum <= rest)   /* every column gets its longest word, the rest shared */
			cw[c] = mn[c] + (rest - min_sum) * (nat[c] - mn[c]) / (nat_sum - min_sum > 0 ? nat_sum - min_sum : 1);
		else
			cw[c] = rest * mn[c] / min_sum;
	}
	(void)nauto;
}

#define LINE(size) ((size) * 1.25)

/* Wraps one row's cells; returns the number of lines of its tallest cell (>= 1). */
static size_t
wrap_row(struct pdfdoc *d, const struct pdfdoc_table *t, const char *const *cells,
         const double *cw, double size, int bold, struct cell_lines *cl)
{
	size_t most = 1;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cells[c] ? cells[c] : "";
		cl[c].n = pdfdoc_draw_wrap(d, s, cw[c] - 2 * PAD, size, bold, &cl[c].ln);
		if (cl[c].n > most)
			most = cl[c].n;
	}
	return most;
}

/* Draws lines [first, first + count) of every cell of a row at the cursor. */
static void
draw_row(struct pdfdoc *d, const struct pdfdoc_table *t, const char *const *cells,
         const double *cw, double x0, double size, int bold, uint32_t rgb,
         const struct cell_lines *cl, size_t first, size_t count)
{
	double x = x0;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cells[c] ? cells[c] : "";
		enum pdfdoc_align al = t->cols[c].numeric ? PDFDOC_RIGHT : t->cols[c].align;
		double y = d->y + PAD + size;
		for (size_t k = first; k < cl[c].n && k < first + count; k++) {
			const struct pdfdoc_text_line *ln = &cl[c].ln[k];
			double lx = x + PAD, inner = cw[c] - 2 * PAD;
			if (al == PDFDOC_RIGHT)
				lx += inner - ln->width;
			else if (al == PDFDOC_CENTER)
				lx += (inner - ln->width) / 2;
			pdfdoc_draw_text(d, lx, y, s + ln->start, ln->end - ln->start, size, bold, rgb);
			y += LINE(size);
		}
		x += cw[c];
	}
	d->y += (double)count * LINE(size) + 2 * PAD;
}

struct layout {
	const struct pdfdoc_table *t;
	const char **titles;
	struct cell_lines *hcl;     /* the header row, wrapped once */
	size_t hlines;
	double *cw, x0, W, size;
	int landscape;
};

static void
header(struct pdfdoc *d, const struct layout *L)
{
	double h = (double)L->hlines * LINE(L->size) + 2 * PAD;
	pdfdoc_tracef(d, "thead page=%zu y=%.1f", pdfdoc_page_no(d), d->y);
	pdfdoc_draw_rect(d, L->x0, d->y, L->W, h, HEAD_BG);
	draw_row(d, L->t, L->titles, L->cw, L->x0, L->size, 1, 0xFFFFFF, L->hcl, 0, L->hlines);
}

/* Places one body or totals row: moved whole to the next page when it does not fit,
 * split between lines only when it is taller than a page. */
static void
place_row(struct pdfdoc *d, const struct layout *L, size_t r, struct cell_lines *cl)
{
	const struct pdfdoc_table *t = L->t;
	int total = r == t->nrows;
	const char *const *cells = total ? t->totals : t->cells + r * t->ncols;
	size_t most = wrap_row(d, t, cells, L->cw, L->size, total, cl);
	double lh = LINE(L->size), hh = (double)L->hlines * lh + 2 * PAD;
	double page_room = d->bottom - d->top - hh;
	size_t first = 0;
	int part = 0;
	while (first < most) {
		size_t left = most - first;
		double avail = d->bottom - d->y;
		size_t fit = avail > 2 * PAD ? (size_t)((avail - 2 * PAD) / lh + 1e-9) : 0;
		int fresh = d->y <= d->top + hh + 1e-6;
		if (fit < left && !fresh && (fit == 0 || (first == 0 && (double)left * lh + 2 * PAD <= page_room))) {
			pdfdoc_break_page(d, L->landscape);
			header(d, L);
			continue;
		}
		size_t k = fit < left ? (fit ? fit : 1) : left;
		double h = (double)k * lh + 2 * PAD;
		if (total) {
			pdfdoc_tracef(d, "totals page=%zu y=%.1f h=%.1f", pdfdoc_page_no(d), d->y, h);
			pdfdoc_draw_rect(d, L->x0, d->y, L->W, h, TOTAL_BG);
			pdfdoc_draw_rect(d, L->x0, d->y, L->W, 0.8, RULE);
		} else {
			pdfdoc_tracef(d, part ? "row %zu page=%zu y=%.1f h=%.1f part=%d" : "row %zu page=%zu y=%.1f h=%.1f",
			              r, pdfdoc_page_no(d), d->y, h, part);
			if (t->zebra && r % 2 == 1)
				pdfdoc_draw_rect(d, L->x0, d->y, L->W, h, ZEBRA_BG);
		}
		draw_row(d, t, cells, L->cw, L->x0, L->size, total, 0x111111, cl, first, k);
		first += k;
		part++;
	}
}

static void
table(struct pdfdoc *doc, const struct pdfdoc_table *t)
{
	arena_finish(&doc->scratch);
	arena_init(&doc->scratch);
	if (t->ncols == 0)
		return;
	if (t->landscape && (!doc->page || !doc->pages[doc->npages - 1].landscape ||
	                     doc->y > doc->top))
		pdfdoc_break_page(doc, 1);
	pdfdoc_ensure_page(doc);
	int landscape = doc->pages[doc->npages - 1].landscape;
	double size = t->size > 0 ? t->size : doc->body * 0.9;
	struct layout L = { t, NULL, NULL, 0, NULL, doc->left, doc->right - doc->left, size, landscape };
	L.cw = arena_calloc(&doc->scratch, t->ncols, sizeof *L.cw);
	L.titles = arena_calloc(&doc->scratch, t->ncols, sizeof *L.titles);
	L.hcl = arena_calloc(&doc->scratch, t->ncols, sizeof *L.hcl);
	struct cell_lines *cl = arena_calloc(&doc->scratch, t->ncols, sizeof *cl);
	for (size_t c = 0; c < t->ncols; c++)
		L.titles[c] = t->cols[c].title ? t->cols[c].title : "";
	column_widths(doc, t, size, L.W, L.cw);
	L.hlines = wrap_row(doc, t, L.titles, L.cw, size, 1, L.hcl);

	/* keep a pending heading with the header and the first row (or what fits of it) */
	double need = (double)L.hlines * LINE(size) + 2 * PAD;
	if (t->nrows > 0) {
		size_t n1 = wrap_row(doc, t, t->cells, L.cw, size, 0, cl);
		need += (double)(n1 < 3 ? n1 : 3) * LINE(size) + 2 * PAD;
	}
	pdfdoc_place_pending(doc, need);
	if (doc->y + need > doc->bottom && doc->y > doc->top)
		pdfdoc_break_page(doc, landscape);
	header(doc, &L);

	size_t nrows = t->nrows + (t->totals ? 1 : 0);
	for (size_t r = 0; r < nrows; r++)
		place_row(doc, &L, r, cl);
	pdfdoc_draw_rect(doc, L.x0, doc->y, L.W, 0.6, RULE);
	doc->y += doc->body;
	if (landscape)
		doc->want_new_page = 1;
}

void
pdfdoc_table(struct pdfdoc *doc, const struct pdfdoc_table *t)
{
	PDFDOC_ENTER(doc);
	table(doc, t);
	PDFDOC_LEAVE(doc);
}

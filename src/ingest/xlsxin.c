/* SPDX-License-Identifier: MIT
 * xlsxin: Excel workbooks (see xlsxin.h). xlsxbook reads the parts into a compact
 * list of cells (merged ranges come after the data, so the whole sheet is read
 * first); here the first row becomes the header, column types come from the cells,
 * and the rows are pushed into the loader. */
#include "ingest/xlsxin.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/suggest.h"
#include "ingest/loader.h"
#include "ingest/project.h"
#include "ingest/xlsxbook.h"

/* ---- from cells to the loader ---- */

static int
cell_cmp(const void *pa, const void *pb)
{
	const struct xlsxbook_cell *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static int
merge_cmp(const void *pa, const void *pb)
{
	const struct xlsxbook_merge *a = pa, *b = pb;
	return a->r1 < b->r1 ? -1 : a->r1 > b->r1;
}

static const struct xlsxbook_cell *
find_cell(const struct xlsxbook *x, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = x->ncells;
	struct xlsxbook_cell key = { row, col, 0, 0, 0 };
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cell_cmp(&x->cells[mid], &key);
		if (c == 0)
			return &x->cells[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Pushes one cell's value into field j of the current row. */
static void
push_cell(struct xlsxbook *x, struct loader *ld, size_t j, const struct xlsxbook_cell *c)
{
	const char *s = buf_str(&x->text) + c->off;
	char tmp[40];
	double v;
	switch (c->kind) {
	case XLSXBOOK_SST:
		loader_cell_stable(ld, j, x->sst[c->off], strlen(x->sst[c->off]));
		return;
	case XLSXBOOK_STR:
		loader_cell_stable(ld, j, s, c->len);
		return;
	case XLSXBOOK_BOOL:
		if (c->len == 1 && s[0] == '1')
			loader_cell(ld, j, "true", 4);
		else
			loader_cell(ld, j, "false", 5);
		return;
	case XLSXBOOK_NUM:
	case XLSXBOOK_DATE:
		if (parse_number(s, c->len, NULL, &v) != 0) {
			loader_cell(ld, j, s, c->len);     /* recorded as bad where a number is wanted */
			return;
		}
		if (c->kind == XLSXBOOK_NUM) {
			loader_cell_num(ld, j, v);
			return;
		}
		{
			double days = xlsxbook_serial_days(x, v), whole = floor(days);
			long secs = lround((days - whole) * 86400.0);
			int y, m, dd;
			if (secs >= 86400) {
				whole += 1;
				secs -= 86400;
			}
			date_to_civil((long)whole, &y, &m, &dd);
			if (secs)
				snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02ld:%02ld:%02ld", y, m, dd, secs / 3600,
				         secs / 60 % 60, secs % 60);
			else
				snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, dd);
			loader_cell(ld, j, tmp, strlen(tmp));
		}
		return;
	}
}

/* Header text of a cell (numbers in their shortest form, dates as ISO). */
static char *
header_text(struct xlsxbook *x, const struct xlsxbook_cell *c)
{
	const char *s;
	double v;
	char tmp[40];
	if (!c)
		return xstrdup("");
	s = buf_str(&x->text) + c->off;
	switch (c->kind) {
	case XLSXBOOK_SST:
		return xstrdup(x->sst[c->off]);
	case XLSXBOOK_BOOL:
		return xstrdup(c->len == 1 && s[0] == '1' ? "TRUE" : "FALSE");
	case XLSXBOOK_DATE:
		if (parse_number(s, c->len, NULL, &v) == 0) {
			int y, m, dd;
			date_to_civil((long)floor(xlsxbook_serial_days(x, v)), &y, &m, &dd);
			snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, dd);
			return xstrdup(tmp);
		}
		break;
	case XLSXBOOK_NUM:
		if (parse_number(s, c->len, NULL, &v) == 0) {
			snprintf(tmp, sizeof tmp, "%.15g", v);
			return xstrdup(tmp);
		}
		break;
	default:
		break;
	}
	{
		char *r = xmalloc((size_t)c->len + 1);
		memcpy(r, s, c->len);
		r[c->len] = '\0';
		return r;
	}
}

struct located {
	const uint32_t *row;
	uint32_t col0;
};

static void
locate_cell(void *ctx, size_t field, long *line, long *col)
{
	const struct located *lc = ctx;
	*line = (long)*lc->row;
	*col = (long)(lc->col0 + field);
}

static void
warn_rename(void *ctx, size_t j, const char *orig, const char *fresh)
{
	struct xlsxbook *x = ctx;
	char ref[24];
	struct diag_loc loc = { arena_printf(x->a, "%s:%s!%s", x->display, x->sheetname,
	                                     xlsxbook_cell_name(x->hrow, (long)(x->hcol0 + j), ref)),
	                        0, 0 };
	if (*orig)
		diag_warn(x->d, &loc, "duplicate column name '%s' renamed to '%s'", orig, fresh);
	else
		diag_warn(x->d, &loc, "empty column name (column %zu) renamed to '%s'", j + 1, fresh);
}

/* The cells of row (from x->cells[*i] on, which is advanced) in columns c0..c0+ncols-1
 * into line[], merged ranges filled in. */
static void
row_cells(struct xlsxbook *x, size_t *i, uint32_t row, uint32_t c0, size_t ncols,
          const struct xlsxbook_cell **line)
{
	memset(line, 0, ncols * sizeof *line);
	for (; *i < x->ncells && x->cells[*i].row == row; (*i)++)
		if (x->cells[*i].col >= c0 && x->cells[*i].col - c0 < ncols)
			line[x->cells[*i].col - c0] = &x->cells[*i];
	for (size_t m = 0; m < x->nmerges && x->merges[m].r1 <= row; m++) {
		const struct xlsxbook_merge *mg = &x->merges[m];
		const struct xlsxbook_cell *tl;
		if (mg->r2 < row || !(tl = find_cell(x, mg->r1, mg->c1)))
			continue;
		for (uint32_t c = mg->c1 > c0 ? mg->c1 : c0; c <= mg->c2 && c - c0 < ncols; c++)
			if (!line[c - c0])
				line[c - c0] = tl;
	}
}

/* The first row with a cell is the header (from its first to its last cell, a
 * merged header cell spanning its range); every later row with a cell in those
 * columns is a data row. */
static struct table *
load_sheet(struct xlsxbook *x, const struct ingest_opts *opts)
{
	size_t i = 0, ncols, k;
	uint32_t hrow, c0, clast, row = 0;
	char **hdr;
	const struct xlsxbook_cell **line;
	struct loader ld;
	struct located lc;
	struct table *t;
	struct ingest_typed typed;
	enum ingest_type *types;
	unsigned char *seen;
	int sorted = 1;
	for (k = 1; k < x->ncells && sorted; k++)
		sorted = cell_cmp(&x->cells[k - 1], &x->cells[k]) < 0;
	if (!sorted)
		qsort(x->cells, x->ncells, sizeof *x->cells, cell_cmp);
	if (x->nmerges > 1)
		qsort(x->merges, x->nmerges, sizeof *x->merges, merge_cmp);
	if (!x->ncells) {
		struct diag_loc loc = { x->display, 0, 0 };
		diag_error(x->d, BD_EINPUT, &loc, "sheet '%s' is empty (expected a header row)",
		           x->sheetname);
		return NULL;
	}
	hrow = x->cells[0].row;
	c0 = x->cells[0].col;
	clast = c0;
	for (k = 0; k < x->ncells && x->cells[k].row == hrow; k++)
		clast = x->cells[k].col;
	for (size_t m = 0; m < x->nmerges; m++)
		if (x->merges[m].r1 == hrow && x->merges[m].c1 <= clast && x->merges[m].c2 > clast &&
		    x->merges[m].c1 >= c0)
			clast = x->merges[m].c2;
	ncols = (size_t)(clast - c0) + 1;
	x->hcol0 = c0;
	x->hrow = hrow;
	line = xcalloc(ncols, sizeof *line);
	hdr = xcalloc(ncols, sizeof *hdr);
	row_cells(x, &i, hrow, c0, ncols, line);
	for (size_t j = 0; j < ncols; j++)
		hdr[j] = header_text(x, line[j]);
	loader_unique_header(hdr, ncols, warn_rename, x);
	/* columns whose cells are all numbers (or all dates) are typed so from the start,
	 * as a database column would be; others are inferred from their text */
	types = xcalloc(ncols, sizeof *types);
	seen = xcalloc(ncols, 1);
	for (k = i; k < x->ncells; k++) {
		const struct xlsxbook_cell *c = &x->cells[k];
		size_t j = (size_t)(c->col - c0);
		enum ingest_type want = c->kind == XLSXBOOK_NUM ? INGEST_NUM : c->kind == XLSXBOOK_DATE ? INGEST_DATE : INGEST_AUTO;
		if (c->col < c0 || j >= ncols)
			continue;
		if (!seen[j]) {
			seen[j] = 1;
			types[j] = want;
		} else if (types[j] != want) {
			types[j] = INGEST_AUTO;
		}
	}
	free(seen);
	ingest_typed_opts(&typed, opts, types, ncols);
	loader_begin(&ld, x->a, x->d, &typed.opts, x->display, (const char *const *)hdr, ncols,
	             (x->ncells - i) / ncols + 1);
	lc.row = &row;
	lc.col0 = c0;
	ld.locate = locate_cell;
	ld.locate_ctx = &lc;
	while (i < x->ncells) {
		int any = 0;
		row = x->cells[i].row;
		row_cells(x, &i, row, c0, ncols, line);
		for (size_t j = 0; j < ncols; j++) {
			if (!line[j])
				continue;
			any = 1;
			if (loader_wants(&ld, j))
				push_cell(x, &ld, j, line[j]);
		}
		if (any)
			loader_row_end(&ld, row);
	}
	t = loader_finish(&ld);
	t->sheet = arena_strdup(x->a, x->sheetname);
	for (size_t j = 0; j < ncols; j++)
		free(hdr[j]);
	free(hdr);
	free(line);
	free(types);
	return t;
}

/* ---- entry points ---- */

static const struct xlsxbook_sheet *
choose_sheet(struct xlsxbook *x, const struct ingest_opts *o)
{
	struct diag_loc loc = { x->display, 0, 0 };
	if (o->sheet) {
		const char **names = xcalloc(x->nsheets, sizeof *names);
		struct buf list;
		const char *s;
		for (size_t i = 0; i < x->nsheets; i++)
			if (!strcmp(x->sheets[i].name, o->sheet)) {
				free(names);
				return &x->sheets[i];
			}
		buf_init(&list);
		for (size_t i = 0; i < x->nsheets; i++) {
			names[i] = x->sheets[i].name;
			buf_printf(&list, "%s'%s'", i ? ", " : "", names[i]);
		}
		s = suggest_closest(o->sheet, names, x->nsheets);
		diag_error(x->d, BD_EINPUT, &loc, "no sheet '%s' in the workbook (sheets: %s)%s%s%s",
		           o->sheet, buf_str(&list), s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
		buf_release(&list);
		free(names);
		return NULL;
	}
	if (o->sheet_index > 0 && (size_t)o->sheet_index > x->nsheets) {
		diag_error(x->d, BD_EINPUT, &loc, "sheet %d does not exist (the workbook has %zu sheet%s)",
		           o->sheet_index, x->nsheets, x->nsheets == 1 ? "" : "s");
		return NULL;
	}
	return &x->sheets[o->sheet_index > 0 ? o->sheet_index - 1 : 0];
}

static struct table *
read_zip(struct xlsxbook *x, const struct ingest_opts *o)
{
	const struct xlsxbook_sheet *sh;
	if (xlsxbook_open(x) != 0 || !(sh = choose_sheet(x, o)) || xlsxbook_load(x, sh) != 0)
		return NULL;
	return load_sheet(x, o);
}

/* Opens the workbook zs (NULL: zip_source_*_create failed, ze says why; status and
 * what word the message), reads it, and finishes ze. */
static struct table *
read_source(struct arena *a, struct diag *d, zip_source_t *zs, zip_error_t *ze, int status,
            const char *what, const char *display, const struct ingest_opts *opts)
{
	static const struct ingest_opts defaults;
	struct diag_loc loc = { display, 0, 0 };
	struct xlsxbook x;
	struct table *t = NULL;
	memset(&x, 0, sizeof x);
	x.a = a;
	x.d = d;
	x.display = display;
	buf_init(&x.text);
	buf_init(&x.chars);
	if (!zs) {
		diag_error(d, status, &loc, "%s: %s", what, zip_error_strerror(ze));
	} else if (!(x.zip = zip_open_from_source(zs, ZIP_RDONLY, ze))) {
		diag_error(d, BD_EINPUT, &loc, "not an Excel workbook: %s", zip_error_strerror(ze));
		zip_source_free(zs);
	} else {
		x.threads = opts ? opts->threads : 0;
		t = read_zip(&x, opts ? opts : &defaults);
	}
	xlsxbook_free(&x);
	zip_error_fini(ze);
	return t;
}

struct table *
xlsxin_read(struct arena *a, struct diag *d, const char *path, const char *display,
            const struct ingest_opts *opts)
{
	zip_error_t ze;
	FILE *f = fopen(path, "rb");
	if (!display)
		display = path;
	if (!f) {
		struct diag_loc loc = { display, 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot open: %s", strerror(errno));
		return NULL;
	}
	fclose(f);
	zip_error_init(&ze);
	return read_source(a, d, zip_source_file_create(path, 0, -1, &ze), &ze, BD_EIO, "cannot open",
	                   display, opts);
}

struct table *
xlsxin_read_mem(struct arena *a, struct diag *d, const void *bytes, size_t n, const char *display,
                const struct ingest_opts *opts)
{
	zip_error_t ze;
	zip_error_init(&ze);
	return read_source(a, d, zip_source_buffer_create(bytes, n, 0, &ze), &ze, BD_EINPUT,
	                   "not an Excel workbook", display ? display : "<memory>", opts);
}

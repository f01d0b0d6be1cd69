/* SPDX-License-Identifier: MIT
 * xlsxin: Excel workbooks (see xlsxin.h). The parts are inflated by libzip in chunks
 * and fed to expat; the workbook names the sheets, its relationships give each
 * sheet's part, styles say which cells are dates, shared strings hold the text. The
 * sheet's cells are collected compactly first (merged ranges come after the data),
 * then pushed row by row into the loader. */
#include "ingest/xlsxin.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base/buf.h"
#include "ingest/loader.h"
#include "ingest/project.h"

enum kind { K_NUM, K_DATE, K_STR, K_SST, K_BOOL };

struct cell {
	uint32_t row, col;      /* 1-based */
	uint32_t off, len;      /* text in x->text, or K_SST: off = string index */
	unsigned char kind;
};

struct merge {
	uint32_t r1, c1, r2, c2;
};

struct sheetref {
	char *name, *rid, *target;
};

struct xlsx {
	struct arena *a;
	struct diag *d;
	const char *display;
	zip_t *zip;
	/* workbook */
	struct sheetref *sheets;
	size_t nsheets, capsheets;
	int date1904;
	/* styles: per cell style (xf index), 1 if its number format is a date */
	unsigned char *xfdate;
	size_t nxf, capxf;
	struct { unsigned id; int date; } *fmts;
	size_t nfmts, capfmts;
	int in_cellxfs;
	/* shared strings */
	char **sst;
	size_t nsst, capsst;
	/* the sheet */
	struct cell *cells;
	size_t ncells, capcells;
	struct merge *merges;
	size_t nmerges, capmerges;
	struct buf text;        /* cell values */
	uint32_t row, col;      /* current row and cell position */
	unsigned char ckind;    /* the current cell's t= */
	int cstyle_date, cis_err, chas;
	/* character data being collected */
	struct buf chars;
	int collect;            /* inside <v>, or <t> of <si>/<is> */
	int in_rph;             /* inside phonetic runs (not part of the text) */
	int in_si;
	const char *sheetname;
	uint32_t hrow, hcol0;   /* the header row and its first column */
	const char *part;       /* the part being parsed (for messages) */
	int failed;
};

/* ---- names and references ---- */

/* The name without its namespace prefix ("x:c" -> "c"); element names are short,
 * and this runs for every element of a sheet. */
static const char *
local(const char *name)
{
	const char *r = name;
	for (const char *p = name; *p; p++)
		if (*p == ':')
			r = p + 1;
	return r;
}

static int
is(const char *el, const char *name)
{
	return el[0] == name[0] && !strcmp(el, name);
}

static const char *
attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

char *
xlsxin_cell_name(long row, long col, char *out)
{
	char letters[8];
	int n = 0;
	for (long c = col; c > 0 && n < 7; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	snprintf(out + n, 12, "%ld", row);
	return out;
}

/* "BC12" -> column 55, row 12; returns 0 when ref is not a cell reference. */
static int
parse_ref(const char *ref, uint32_t *row, uint32_t *col)
{
	uint32_t c = 0, r = 0;
	const char *p = ref;
	while (*p >= 'A' && *p <= 'Z' && c < 100000)
		c = c * 26 + (uint32_t)(*p++ - 'A' + 1);
	while (*p >= '0' && *p <= '9' && r < 100000000)
		r = r * 10 + (uint32_t)(*p++ - '0');
	if (*p || !c || !r)
		return 0;
	*row = r;
	*col = c;
	return 1;
}

int
xlsxin_is_zip(const void *bytes, size_t n)
{
	return n >= 4 && !memcmp(bytes, "PK\003\004", 4);
}

/* ---- reading one part ---- */

static void
fail(struct xlsx *x, const char *fmt, const char *arg)
{
	struct diag_loc loc = { x->display, 0, 0 };
	if (x->failed)
		return;
	x->failed = 1;
	diag_error(x->d, BD_EINPUT, &loc, fmt, arg);
}

/* Parses the part name through expat with the given handlers. Returns 0, 1 when the
 * part does not exist, -1 after an error. */
static int
parse_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
           XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
	zip_file_t *f = zip_fopen(x->zip, name, 0);
	XML_Parser p;
	char *chunk;
	zip_int64_t n;
	int rc = 0;
	if (!f)
		return 1;
	p = XML_ParserCreate(NULL);
	if (!p) {
		zip_fclose(f);
		fail(x, "out of memory reading '%s'", name);
		return -1;
	}
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, chars);
	x->part = name;
	chunk = xmalloc(1 << 18);
	do {
		n = zip_fread(f, chunk, 1 << 18);
		if (n < 0) {
			struct diag_loc loc = { x->display, 0, 0 };
			diag_error(x->d, BD_EINPUT, &loc, "corrupt workbook: cannot inflate '%s': %s", name,
			           zip_error_strerror(zip_file_get_error(f)));
			x->failed = 1;
			rc = -1;
			break;
		}
		if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			struct diag_loc loc = { x->display, 0, 0 };
			diag_error(x->d, BD_EINPUT, &loc, "malformed XML in '%s' at line %lu: %s", name,
			           (unsigned long)XML_GetCurrentLineNumber(p),
			           XML_ErrorString(XML_GetErrorCode(p)));
			x->failed = 1;
			rc = -1;
			break;
		}
		if (x->failed) {
			rc = -1;
			break;
		}
	} while (n > 0);
	free(chunk);
	XML_ParserFree(p);
	zip_fclose(f);
	return rc;
}

static void
no_chars(void *ud, const XML_Char *s, int len)
{
	(void)ud, (void)s, (void)len;
}

static void
no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void
collect_chars(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;
	if (x->collect && !x->in_rph)
		buf_add(&x->chars, s, (size_t)len);
}

/* ---- workbook and relationships ---- */

static void
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *el = local(name);
	if (!strcmp(el, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(el, "sheet")) {
		const char *n = attr(atts, "name"), *rid = NULL;
		for (size_t i = 0; atts[i]; i += 2)     /* r:id, not sheetId */
			if (!strcmp(local(atts[i]), "id") && strchr(atts[i], ':'))
				rid = atts[i + 1];
		if (!n || !rid) {
			fail(x, "corrupt workbook: a sheet without a name or relationship in '%s'",
			     "xl/workbook.xml");
			return;
		}
		if (x->nsheets == x->capsheets) {
			x->capsheets = x->capsheets ? 2 * x->capsheets : 8;
			x->sheets = xreallocarray(x->sheets, x->capsheets, sizeof *x->sheets);
		}
		x->sheets[x->nsheets].name = xstrdup(n);
		x->sheets[x->nsheets].rid = xstrdup(rid);
		x->sheets[x->nsheets++].target = NULL;
	}
}

static void
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id, *target;
	if (strcmp(local(name), "Relationship"))
		return;
	id = attr(atts, "Id");
	target = attr(atts, "Target");
	if (!id || !target)
		return;
	for (size_t i = 0; i < x->nsheets; i++) {
		if (strcmp(x->sheets[i].rid, id) || x->sheets[i].target)
			continue;
		if (target[0] == '/') {
			x->sheets[i].target = xstrdup(target + 1);
		} else {
			x->sheets[i].target = xmalloc(strlen(target) + 4);
			sprintf(x->sheets[i].target, "xl/%s", target);
		}
	}
}

/* ---- styles: which cell formats are dates ---- */

/* Built-in number formats that show dates (times alone stay numbers). */
static int
builtin_date(unsigned id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A custom format shows a date when, outside quotes, escapes and [..] sections, it
 * has a day, a year or a month (an m not next to h or s, which is minutes). */
static int
format_is_date(const char *f)
{
	int prev_time = 0;
	for (const char *p = f; *p; p++) {
		char c = (char)(*p | 0x20);
		if (*p == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p++;
		} else if (*p == '[') {
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else if (*p == ';') {
			break;          /* the first section decides */
		} else if (c == 'd' || c == 'y' || c == 'e') {
			return 1;
		} else if (c == 'h' || c == 's') {
			prev_time = 1;
		} else if (c == 'm') {
			const char *q = p;
			while ((*q | 0x20) == 'm')
				q++;
			while (*q == ':' || *q == ' ')
				q++;
			if (!prev_time && (*q | 0x20) != 's')
				return 1;
			p = q - 1;
		}
	}
	return 0;
}

static void
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *el = local(name);
	if (!strcmp(el, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		if (x->nfmts == x->capfmts) {
			x->capfmts = x->capfmts ? 2 * x->capfmts : 16;
			x->fmts = xreallocarray(x->fmts, x->capfmts, sizeof *x->fmts);
		}
		x->fmts[x->nfmts].id = (unsigned)strtoul(id, NULL, 10);
		x->fmts[x->nfmts++].date = format_is_date(code);
	} else if (!strcmp(el, "cellXfs")) {
		x->in_cellxfs = 1;
	} else if (!strcmp(el, "xf") && x->in_cellxfs) {
		const char *id = attr(atts, "numFmtId");
		unsigned fid = id ? (unsigned)strtoul(id, NULL, 10) : 0;
		int date = builtin_date(fid);
		for (size_t i = 0; i < x->nfmts; i++)
			if (x->fmts[i].id == fid)
				date = x->fmts[i].date;
		if (x->nxf == x->capxf) {
			x->capxf = x->capxf ? 2 * x->capxf : 32;
			x->xfdate = xrealloc(x->xfdate, x->capxf);
		}
		x->xfdate[x->nxf++] = (unsigned char)date;
	}
}

static void
styles_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	if (!strcmp(local(name), "cellXfs"))
		x->in_cellxfs = 0;
}

/* ---- shared strings: <si> holds <t> or rich-text runs <r><t>; <rPh> is phonetic ---- */

static void
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *el = local(name);
	(void)atts;
	if (!strcmp(el, "si")) {
		x->in_si = 1;
		buf_reset(&x->chars);
	} else if (!strcmp(el, "rPh")) {
		x->in_rph++;
	} else if (!strcmp(el, "t") && x->in_si) {
		x->collect = 1;
	}
}

static void
sst_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *el = local(name);
	if (!strcmp(el, "t")) {
		x->collect = 0;
	} else if (!strcmp(el, "rPh")) {
		x->in_rph--;
	} else if (!strcmp(el, "si")) {
		if (x->nsst == x->capsst) {
			x->capsst = x->capsst ? 2 * x->capsst : 256;
			x->sst = xreallocarray(x->sst, x->capsst, sizeof *x->sst);
		}
		x->sst[x->nsst] = xmalloc(x->chars.len + 1);
		memcpy(x->sst[x->nsst], buf_str(&x->chars), x->chars.len + 1);
		x->nsst++;
		x->in_si = 0;
	}
}

/* ---- the sheet ---- */

static void
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *el = local(name);
	if (is(el, "c")) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		uint32_t row = x->row, col = x->col + 1;
		if (r && !parse_ref(r, &row, &col)) {
			fail(x, "malformed cell reference '%s'", r);
			return;
		}
		if (row != x->row)
			x->row = row;
		x->col = col;
		x->ckind = K_NUM;
		x->cis_err = 0;
		if (t) {
			if (t[0] == 's' && !t[1])
				x->ckind = K_SST;
			else if (!strcmp(t, "str") || !strcmp(t, "inlineStr") || !strcmp(t, "d"))
				x->ckind = K_STR;
			else if (!strcmp(t, "b"))
				x->ckind = K_BOOL;
			else if (!strcmp(t, "e"))
				x->cis_err = 1;
		}
		x->cstyle_date = 0;
		if (s) {
			unsigned long k = strtoul(s, NULL, 10);
			x->cstyle_date = k < x->nxf && x->xfdate[k];
		}
		x->chas = 0;
		buf_reset(&x->chars);
	} else if (is(el, "v")) {
		buf_reset(&x->chars);
		x->collect = 1;
	} else if (is(el, "t")) {
		x->collect = 1;     /* inside <is>: appended run by run */
	} else if (is(el, "rPh")) {
		x->in_rph++;
	} else if (is(el, "row")) {
		const char *r = attr(atts, "r");
		x->row = r ? (uint32_t)strtoul(r, NULL, 10) : x->row + 1;
		x->col = 0;
	} else if (is(el, "mergeCell")) {
		const char *ref = attr(atts, "ref"), *colon = ref ? strchr(ref, ':') : NULL;
		struct merge m;
		char first[32];
		if (!colon || (size_t)(colon - ref) >= sizeof first)
			return;
		memcpy(first, ref, (size_t)(colon - ref));
		first[colon - ref] = '\0';
		if (!parse_ref(first, &m.r1, &m.c1) || !parse_ref(colon + 1, &m.r2, &m.c2) ||
		    m.r2 < m.r1 || m.c2 < m.c1)
			return;
		if (x->nmerges == x->capmerges) {
			x->capmerges = x->capmerges ? 2 * x->capmerges : 16;
			x->merges = xreallocarray(x->merges, x->capmerges, sizeof *x->merges);
		}
		x->merges[x->nmerges++] = m;
	}
}

static void
sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *el = local(name);
	if (is(el, "v") || is(el, "t")) {
		x->collect = 0;
		x->chas = 1;
	} else if (is(el, "rPh")) {
		x->in_rph--;
	} else if (is(el, "c")) {
		struct cell *c;
		unsigned char k = x->ckind;
		if (!x->chas || x->cis_err)
			return;
		if (k == K_NUM && x->cstyle_date)
			k = K_DATE;
		if (x->ncells == x->capcells) {
			x->capcells = x->capcells ? 2 * x->capcells : 4096;
			x->cells = xreallocarray(x->cells, x->capcells, sizeof *x->cells);
		}
		c = &x->cells[x->ncells];
		c->row = x->row;
		c->col = x->col;
		c->kind = k;
		if (k == K_SST) {
			char *end;
			unsigned long i = strtoul(buf_str(&x->chars), &end, 10);
			if (*end || end == buf_str(&x->chars) || i >= x->nsst) {
				char ref[24], q[32];
				struct diag_loc loc = { arena_printf(x->a, "%s:%s!%s", x->display, x->sheetname,
				                                     xlsxin_cell_name(x->row, x->col, ref)), 0, 0 };
				diag_error(x->d, BD_EINPUT, &loc, "corrupt workbook: shared string \"%s\" does not exist",
				           diag_quote(q, sizeof q, buf_str(&x->chars), 20));
				x->failed = 1;
				return;
			}
			c->off = (uint32_t)i;
			c->len = 0;
		} else {
			if (x->text.len > UINT32_MAX - x->chars.len) {
				fail(x, "%s: sheet text larger than 4 GB", x->sheetname);
				return;
			}
			c->off = (uint32_t)x->text.len;
			c->len = (uint32_t)x->chars.len;
			buf_add(&x->text, buf_str(&x->chars), x->chars.len);
		}
		x->ncells++;
	}
}

/* ---- from cells to the loader ---- */

static int
cell_cmp(const void *pa, const void *pb)
{
	const struct cell *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static int
merge_cmp(const void *pa, const void *pb)
{
	const struct merge *a = pa, *b = pb;
	return a->r1 < b->r1 ? -1 : a->r1 > b->r1;
}

static const struct cell *
find_cell(const struct xlsx *x, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = x->ncells;
	struct cell key = { row, col, 0, 0, 0 };
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

/* Excel serial day -> days since 1970-01-01. The 1900 system counts the 29 February
 * 1900 that never was (serials before 61 are one day early); 1904 starts at 0. */
static double
serial_days(const struct xlsx *x, double v)
{
	if (x->date1904)
		return v - 24107;
	return v < 61 ? v - 25568 : v - 25569;
}

/* Pushes one cell's value into field j of the current row. */
static void
push_cell(struct xlsx *x, struct loader *ld, size_t j, const struct cell *c)
{
	const char *s = buf_str(&x->text) + c->off;
	char tmp[40];
	double v;
	switch (c->kind) {
	case K_SST:
		loader_cell_stable(ld, j, x->sst[c->off], strlen(x->sst[c->off]));
		return;
	case K_STR:
		loader_cell_stable(ld, j, s, c->len);
		return;
	case K_BOOL:
		if (c->len == 1 && s[0] == '1')
			loader_cell(ld, j, "true", 4);
		else
			loader_cell(ld, j, "false", 5);
		return;
	case K_NUM:
	case K_DATE:
		if (parse_number(s, c->len, NULL, &v) != 0) {
			loader_cell(ld, j, s, c->len);     /* recorded as bad where a number is wanted */
			return;
		}
		if (c->kind == K_NUM) {
			loader_cell_num(ld, j, v);
			return;
		}
		{
			double days = serial_days(x, v), whole = floor(days);
			long secs = lround((days - whole) * 86400.0);
			int y, m, dd;
			if (secs >= 86400) {
				whole += 1;
				secs -= 86400;
			}
			table_civil_from_days(whole, &y, &m, &dd);
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
header_text(struct xlsx *x, const struct cell *c)
{
	const char *s;
	double v;
	char tmp[40];
	if (!c)
		return xstrdup("");
	s = buf_str(&x->text) + c->off;
	switch (c->kind) {
	case K_SST:
		return xstrdup(x->sst[c->off]);
	case K_BOOL:
		return xstrdup(c->len == 1 && s[0] == '1' ? "TRUE" : "FALSE");
	case K_DATE:
		if (parse_number(s, c->len, NULL, &v) == 0) {
			int y, m, dd;
			table_civil_from_days(floor(serial_days(x, v)), &y, &m, &dd);
			snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, dd);
			return xstrdup(tmp);
		}
		break;
	case K_NUM:
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
	struct xlsx *x = ctx;
	char ref[24];
	struct diag_loc loc = { arena_printf(x->a, "%s:%s!%s", x->display, x->sheetname,
	                                     xlsxin_cell_name(x->hrow, (long)(x->hcol0 + j), ref)),
	                        0, 0 };
	if (*orig)
		diag_warn(x->d, &loc, "duplicate column name '%s' renamed to '%s'", orig, fresh);
	else
		diag_warn(x->d, &loc, "empty column name (column %zu) renamed to '%s'", j + 1, fresh);
}

/* The cells of row (from x->cells[*i] on, which is advanced) in columns c0..c0+ncols-1
 * into line[], merged ranges filled in. */
static void
row_cells(struct xlsx *x, size_t *i, uint32_t row, uint32_t c0, size_t ncols,
          const struct cell **line)
{
	memset(line, 0, ncols * sizeof *line);
	for (; *i < x->ncells && x->cells[*i].row == row; (*i)++)
		if (x->cells[*i].col >= c0 && x->cells[*i].col - c0 < ncols)
			line[x->cells[*i].col - c0] = &x->cells[*i];
	for (size_t m = 0; m < x->nmerges && x->merges[m].r1 <= row; m++) {
		const struct merge *mg = &x->merges[m];
		const struct cell *tl;
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
load_sheet(struct xlsx *x, const struct ingest_opts *opts)
{
	size_t i = 0, ncols, k;
	uint32_t hrow, c0, clast, row = 0;
	char **hdr;
	const struct cell **line;
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
		const struct cell *c = &x->cells[k];
		size_t j = (size_t)(c->col - c0);
		enum ingest_type want = c->kind == K_NUM ? INGEST_NUM : c->kind == K_DATE ? INGEST_DATE : INGEST_AUTO;
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

static void
xlsx_free(struct xlsx *x)
{
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].target);
	}
	free(x->sheets);
	for (size_t i = 0; i < x->nsst; i++)
		free(x->sst[i]);
	free(x->sst);
	free(x->xfdate);
	free(x->fmts);
	free(x->cells);
	free(x->merges);
	buf_release(&x->text);
	buf_release(&x->chars);
	if (x->zip)
		zip_discard(x->zip);
}

static const struct sheetref *
choose_sheet(struct xlsx *x, const struct ingest_opts *o)
{
	struct diag_loc loc = { x->display, 0, 0 };
	if (!x->nsheets) {
		diag_error(x->d, BD_EINPUT, &loc, "the workbook has no sheet");
		return NULL;
	}
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
		s = project_suggest(o->sheet, names, x->nsheets);
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
read_zip(struct xlsx *x, const struct ingest_opts *o)
{
	const struct sheetref *sh;
	struct diag_loc loc = { x->display, 0, 0 };
	int rc = parse_part(x, "xl/workbook.xml", wb_start, no_end, no_chars);
	if (rc > 0) {
		diag_error(x->d, BD_EINPUT, &loc, "not an Excel workbook: the zip archive has no "
		           "xl/workbook.xml");
		return NULL;
	}
	if (rc < 0 || parse_part(x, "xl/_rels/workbook.xml.rels", rels_start, no_end, no_chars) < 0)
		return NULL;
	if (!(sh = choose_sheet(x, o)))
		return NULL;
	x->sheetname = sh->name;
	if (!sh->target) {
		fail(x, "corrupt workbook: no part for sheet '%s'", sh->name);
		return NULL;
	}
	if (parse_part(x, "xl/styles.xml", styles_start, styles_end, no_chars) < 0 ||
	    parse_part(x, "xl/sharedStrings.xml", sst_start, sst_end, collect_chars) < 0)
		return NULL;
	rc = parse_part(x, sh->target, sheet_start, sheet_end, collect_chars);
	if (rc > 0)
		fail(x, "corrupt workbook: the part '%s' is missing", sh->target);
	if (rc != 0)
		return NULL;
	return load_sheet(x, o);
}

static struct table *
read_source(struct arena *a, struct diag *d, zip_source_t *zs, zip_error_t *ze, const char *display,
            const struct ingest_opts *opts)
{
	static const struct ingest_opts defaults;
	struct xlsx x;
	struct table *t;
	memset(&x, 0, sizeof x);
	x.a = a;
	x.d = d;
	x.display = display;
	buf_init(&x.text);
	buf_init(&x.chars);
	x.zip = zip_open_from_source(zs, ZIP_RDONLY, ze);
	if (!x.zip) {
		struct diag_loc loc = { display, 0, 0 };
		diag_error(d, BD_EINPUT, &loc, "not an Excel workbook: %s", zip_error_strerror(ze));
		zip_source_free(zs);
		xlsx_free(&x);
		return NULL;
	}
	t = read_zip(&x, opts ? opts : &defaults);
	xlsx_free(&x);
	return t;
}

struct table *
xlsxin_read(struct arena *a, struct diag *d, const char *path, const char *display,
            const struct ingest_opts *opts)
{
	zip_error_t ze;
	zip_source_t *zs;
	struct table *t;
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
	zs = zip_source_file_create(path, 0, -1, &ze);
	if (!zs) {
		struct diag_loc loc = { display, 0, 0 };
		diag_error(d, BD_EIO, &loc, "cannot open: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	t = read_source(a, d, zs, &ze, display, opts);
	zip_error_fini(&ze);
	return t;
}

struct table *
xlsxin_read_mem(struct arena *a, struct diag *d, const void *bytes, size_t n, const char *display,
                const struct ingest_opts *opts)
{
	zip_error_t ze;
	zip_source_t *zs;
	struct table *t;
	if (!display)
		display = "<memory>";
	zip_error_init(&ze);
	zs = zip_source_buffer_create(bytes, n, 0, &ze);
	if (!zs) {
		struct diag_loc loc = { display, 0, 0 };
		diag_error(d, BD_EINPUT, &loc, "not an Excel workbook: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	t = read_source(a, d, zs, &ze, display, opts);
	zip_error_fini(&ze);
	return t;
}

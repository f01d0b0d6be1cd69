/* SPDX-License-Identifier: MIT
 * xlsxbook: the workbook's parts (see xlsxbook.h). Each part is one expat parse with
 * its own start/end handlers; character data is collected only inside <v> and <t>. */
#define _GNU_SOURCE     /* memmem */
#include "ingest/xlsxbook.h"

#include <expat.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
xlsxbook_cell_name(long row, long col, char *out)
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
xlsxbook_is_zip(const void *bytes, size_t n)
{
	return n >= 4 && !memcmp(bytes, "PK\003\004", 4);
}

/* ---- reading one part ---- */

static void
fail(struct xlsxbook *x, const char *fmt, const char *arg)
{
	struct diag_loc loc = { x->display, 0, 0 };
	if (x->failed)
		return;
	x->failed = 1;
	diag_error(x->d, BD_EINPUT, &loc, fmt, arg);
}

/* Inflates the part name into out. Returns 0, 1 when the part does not exist, -1
 * after an error. */
static int
inflate_part(struct xlsxbook *x, const char *name, struct buf *out)
{
	zip_file_t *f = zip_fopen(x->zip, name, 0);
	zip_stat_t st;
	zip_int64_t n;
	if (!f)
		return 1;
	/* room for the declared size at once, but a corrupt or hostile header may declare
	 * anything: beyond 256 MB the buffer grows only with what really inflates */
	zip_stat_init(&st);
	if (zip_stat(x->zip, name, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size < ((zip_uint64_t)256 << 20))
		buf_grow(out, (size_t)st.size + 1);
	for (;;) {
		buf_grow(out, 1 << 18);
		n = zip_fread(f, out->data + out->len, out->cap - out->len - 1);
		if (n <= 0)
			break;
		out->len += (size_t)n;
	}
	if (n < 0) {
		struct diag_loc loc = { x->display, 0, 0 };
		diag_error(x->d, BD_EINPUT, &loc, "corrupt workbook: cannot inflate '%s': %s", name,
		           zip_error_strerror(zip_file_get_error(f)));
		x->failed = 1;
	}
	zip_fclose(f);
	return n < 0 ? -1 : 0;
}

/* Parses the n pieces as one document through expat with the given handlers.
 * report: errors go through x->d (else only x->failed is set). Returns 0 or -1. */
static int
parse_pieces(struct xlsxbook *x, const char *name, const char *const *piece, const size_t *len,
             size_t n, XML_StartElementHandler start, XML_EndElementHandler end,
             XML_CharacterDataHandler chars, int report)
{
	XML_Parser p = XML_ParserCreate(NULL);
	int rc = 0;
	if (!p) {
		x->failed = 1;
		return -1;
	}
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, chars);
	x->part = name;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (XML_Parse(p, piece[i], (int)len[i], i + 1 == n) == XML_STATUS_ERROR) {
			struct diag_loc loc = { x->display, 0, 0 };
			if (report)
				diag_error(x->d, BD_EINPUT, &loc, "malformed XML in '%s' at line %lu: %s", name,
				           (unsigned long)XML_GetCurrentLineNumber(p),
				           XML_ErrorString(XML_GetErrorCode(p)));
			x->failed = 1;
		}
		if (x->failed)
			rc = -1;
	}
	XML_ParserFree(p);
	return rc;
}

/* Inflates and parses the part name. Returns 0, 1 when it does not exist, -1 after an
 * error. */
static int
parse_part(struct xlsxbook *x, const char *name, XML_StartElementHandler start,
           XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
	struct buf xml;
	int rc;
	buf_init(&xml);
	rc = inflate_part(x, name, &xml);
	if (rc == 0) {
		const char *piece = buf_str(&xml);
		rc = parse_pieces(x, name, &piece, &xml.len, 1, start, end, chars, 1);
	}
	buf_release(&xml);
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
	struct xlsxbook *x = ud;
	if (x->collect && !x->in_rph)
		buf_add(&x->chars, s, (size_t)len);
}

/* ---- workbook and relationships ---- */

static void
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsxbook *x = ud;
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
	struct xlsxbook *x = ud;
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
	struct xlsxbook *x = ud;
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
	struct xlsxbook *x = ud;
	if (!strcmp(local(name), "cellXfs"))
		x->in_cellxfs = 0;
}

/* ---- shared strings: <si> holds <t> or rich-text runs <r><t>; <rPh> is phonetic ---- */

static void
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsxbook *x = ud;
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
	struct xlsxbook *x = ud;
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
	struct xlsxbook *x = ud;
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
		x->ckind = XLSXBOOK_NUM;
		x->cis_err = 0;
		if (t) {
			if (t[0] == 's' && !t[1])
				x->ckind = XLSXBOOK_SST;
			else if (!strcmp(t, "str") || !strcmp(t, "inlineStr") || !strcmp(t, "d"))
				x->ckind = XLSXBOOK_STR;
			else if (!strcmp(t, "b"))
				x->ckind = XLSXBOOK_BOOL;
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
		x->norow |= !r;
		x->col = 0;
	} else if (is(el, "mergeCell")) {
		const char *ref = attr(atts, "ref"), *colon = ref ? strchr(ref, ':') : NULL;
		struct xlsxbook_merge m;
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
	struct xlsxbook *x = ud;
	const char *el = local(name);
	if (is(el, "v") || is(el, "t")) {
		x->collect = 0;
		x->chas = 1;
	} else if (is(el, "rPh")) {
		x->in_rph--;
	} else if (is(el, "c")) {
		struct xlsxbook_cell *c;
		unsigned char k = x->ckind;
		if (!x->chas || x->cis_err)
			return;
		if (k == XLSXBOOK_NUM && x->cstyle_date)
			k = XLSXBOOK_DATE;
		if (x->ncells == x->capcells) {
			x->capcells = x->capcells ? 2 * x->capcells : 4096;
			x->cells = xreallocarray(x->cells, x->capcells, sizeof *x->cells);
		}
		c = &x->cells[x->ncells];
		c->row = x->row;
		c->col = x->col;
		c->kind = k;
		if (k == XLSXBOOK_SST) {
			char *end;
			unsigned long i = strtoul(buf_str(&x->chars), &end, 10);
			if (*end || end == buf_str(&x->chars) || i >= x->nsst) {
				char ref[24], q[32];
				struct diag_loc loc = { arena_printf(x->a, "%s:%s!%s", x->display, x->sheetname,
				                                     xlsxbook_cell_name(x->row, x->col, ref)), 0, 0 };
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

void
xlsxbook_free(struct xlsxbook *x)
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


/* ---- the sheet, in parallel ----
 * A big sheet's rows are split at <row> tags into one run per thread; each run is
 * parsed as its own small document "<w>...</w>" into a private copy of the book
 * (sharing the read-only styles and shared strings), and the runs' cells are joined
 * in order. The rest of the part (up to <sheetData> and from </sheetData>: the merged
 * ranges) is parsed as one document by the calling thread. A run that fails (or a row
 * without its number, which only a sequential parse can count) makes the whole sheet
 * parse again in one thread, which reports any error. */

#define SHEET_PARALLEL_MIN ((size_t)4 << 20)
#define SHEET_MAX_THREADS 4

struct run {
	struct xlsxbook b;
	const char *data;
	size_t len;
	struct arena a;
	struct diag d;
	pthread_t tid;
	int started;
};

static void *
run_parse(void *arg)
{
	struct run *r = arg;
	const char *piece[3] = { "<w>", r->data, "</w>" };
	size_t len[3] = { 3, r->len, 4 };
	parse_pieces(&r->b, r->b.part, piece, len, 3, sheet_start, sheet_end, collect_chars, 0);
	return NULL;
}

/* The first "<" prefix "row" tag at or after from, or NULL. */
static const char *
next_row(const char *from, const char *end, const char *tag, size_t taglen)
{
	for (const char *p = from; p && p + taglen < end; p++) {
		p = memmem(p, (size_t)(end - p), tag, taglen);
		if (!p || p + taglen >= end)
			return NULL;
		if (p[taglen] == ' ' || p[taglen] == '>' || p[taglen] == '/')
			return p;
	}
	return NULL;
}

/* Splits the sheet data into n runs: bounds[0..n] (bounds[0] = the first row, bounds[n]
 * = the closing sheetData tag). Returns the number of runs (0: not splittable). */
static size_t
split_rows(const char *xml, size_t len, size_t n, const char **bounds)
{
	const char *end = xml + len, *open = memmem(xml, len, "sheetData>", 10), *close;
	char tag[40], ctag[48];
	size_t plen, k = 1;
	if (!open)
		return 0;
	{
		const char *lt = open;
		while (lt > xml && lt[-1] != '<')
			lt--;
		plen = (size_t)(open - lt);     /* the namespace prefix with its ':' */
		if (lt == xml || plen > 20)
			return 0;
		snprintf(tag, sizeof tag, "<%.*srow", (int)plen, lt);
		snprintf(ctag, sizeof ctag, "</%.*ssheetData>", (int)plen, lt);
	}
	close = NULL;
	for (const char *p = open; (p = memmem(p, (size_t)(end - p), ctag, strlen(ctag))) != NULL; p++)
		close = p;
	bounds[0] = next_row(open, end, tag, strlen(tag));
	if (!close || !bounds[0] || bounds[0] > close)
		return 0;
	for (size_t i = 1; i < n; i++) {
		const char *want = bounds[0] + (size_t)(close - bounds[0]) / n * i;
		const char *b = next_row(want > bounds[k - 1] ? want : bounds[k - 1] + 1, close, tag, strlen(tag));
		if (b && b < close)
			bounds[k++] = b;
	}
	bounds[k] = close;
	return k;
}

static int
parse_parallel(struct xlsxbook *x, const char *name, const char *xml, size_t len, size_t n)
{
	const char *bounds[SHEET_MAX_THREADS + 1];
	struct run *runs;
	size_t k = split_rows(xml, len, n, bounds);
	int ok = k > 1;
	if (!ok)
		return 1;
	runs = xcalloc(k, sizeof *runs);
	for (size_t i = 0; i < k; i++) {
		struct run *r = &runs[i];
		r->b = *x;          /* styles and shared strings, read-only */
		r->b.cells = NULL;
		r->b.ncells = r->b.capcells = 0;
		r->b.merges = NULL;
		r->b.nmerges = r->b.capmerges = 0;
		buf_init(&r->b.text);
		buf_init(&r->b.chars);
		r->b.row = r->b.col = 0;
		r->b.collect = r->b.in_rph = 0;
		r->b.failed = 0;
		r->b.part = name;
		arena_init(&r->a);
		diag_init(&r->d);
		r->d.out = NULL;
		r->b.a = &r->a;
		r->b.d = &r->d;
		r->data = bounds[i];
		r->len = (size_t)(bounds[i + 1] - bounds[i]);
		if (i > 0)
			r->started = pthread_create(&r->tid, NULL, run_parse, r) == 0;
		if (i > 0 && !r->started)
			run_parse(r);
	}
	run_parse(&runs[0]);
	for (size_t i = 1; i < k; i++)
		if (runs[i].started)
			pthread_join(runs[i].tid, NULL);
	for (size_t i = 0; i < k; i++)
		ok &= !runs[i].b.failed && !runs[i].b.norow;
	if (ok) {
		/* the frame: everything but the rows, with the merged ranges */
		const char *piece[2] = { xml, bounds[k] };
		size_t plen[2] = { (size_t)(bounds[0] - xml), (size_t)(xml + len - bounds[k]) };
		ok = parse_pieces(x, name, piece, plen, 2, sheet_start, sheet_end, collect_chars, 0) == 0 &&
		     x->ncells == 0;
	}
	for (size_t i = 0; i < k; i++) {
		struct xlsxbook *b = &runs[i].b;
		if (ok) {
			size_t base = x->text.len;
			buf_add(&x->text, buf_str(&b->text), b->text.len);
			if (x->ncells + b->ncells > x->capcells) {
				x->capcells = x->ncells + b->ncells;
				x->cells = xreallocarray(x->cells, x->capcells, sizeof *x->cells);
			}
			for (size_t j = 0; j < b->ncells; j++) {
				x->cells[x->ncells] = b->cells[j];
				if (b->cells[j].kind != XLSXBOOK_SST)
					x->cells[x->ncells].off += (uint32_t)base;
				x->ncells++;
			}
		}
		free(b->cells);
		free(b->merges);
		buf_release(&b->text);
		buf_release(&b->chars);
		arena_finish(&runs[i].a);
	}
	free(runs);
	if (!ok || x->text.len > UINT32_MAX) {
		/* start again in one thread, from a clean sheet */
		x->ncells = x->nmerges = 0;
		buf_reset(&x->text);
		x->failed = 0;
		x->row = x->col = 0;
		x->collect = x->in_rph = 0;
		return 1;
	}
	return 0;
}

/* Inflates and parses the sheet part: in parallel when it is big and there are
 * CPUs for it, else (or when that fails) in one thread. Returns as parse_part. */
static int
parse_sheet(struct xlsxbook *x, const char *name)
{
	struct buf xml;
	long ncpu = x->threads > 0 ? x->threads : sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = ncpu > SHEET_MAX_THREADS ? SHEET_MAX_THREADS : ncpu > 1 ? (size_t)ncpu : 1;
	int rc;
	buf_init(&xml);
	rc = inflate_part(x, name, &xml);
	if (rc == 0 && (n < 2 || (xml.len < SHEET_PARALLEL_MIN && x->threads <= 0) ||
	                parse_parallel(x, name, buf_str(&xml), xml.len, n) != 0)) {
		const char *piece = buf_str(&xml);
		rc = parse_pieces(x, name, &piece, &xml.len, 1, sheet_start, sheet_end, collect_chars, 1);
	}
	buf_release(&xml);
	return rc;
}

int
xlsxbook_open(struct xlsxbook *x)
{
	struct diag_loc loc = { x->display, 0, 0 };
	int rc = parse_part(x, "xl/workbook.xml", wb_start, no_end, no_chars);
	if (rc > 0) {
		diag_error(x->d, BD_EINPUT, &loc, "not an Excel workbook: the zip archive has no "
		           "xl/workbook.xml");
		return -1;
	}
	if (rc < 0 || parse_part(x, "xl/_rels/workbook.xml.rels", rels_start, no_end, no_chars) < 0)
		return -1;
	if (!x->nsheets) {
		diag_error(x->d, BD_EINPUT, &loc, "the workbook has no sheet");
		return -1;
	}
	return 0;
}

int
xlsxbook_load(struct xlsxbook *x, const struct xlsxbook_sheet *sh)
{
	int rc;
	x->sheetname = sh->name;
	if (!sh->target) {
		fail(x, "corrupt workbook: no part for sheet '%s'", sh->name);
		return -1;
	}
	if (parse_part(x, "xl/styles.xml", styles_start, styles_end, no_chars) < 0 ||
	    parse_part(x, "xl/sharedStrings.xml", sst_start, sst_end, collect_chars) < 0)
		return -1;
	rc = parse_sheet(x, sh->target);
	if (rc > 0)
		fail(x, "corrupt workbook: the part '%s' is missing", sh->target);
	return rc != 0 ? -1 : 0;
}

double
xlsxbook_serial_days(const struct xlsxbook *x, double v)
{
	if (x->date1904)
		return v - 24107;
	return v < 61 ? v - 25568 : v - 25569;
}

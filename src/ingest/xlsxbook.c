/* SPDX-License-Identifier: MIT
 * xlsxbook: the workbook's parts (see xlsxbook.h). Each part is one expat parse with
 * its own start/end handlers; character data is collected only inside <v> and <t>. */
#include "ingest/xlsxbook.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Parses the part name through expat with the given handlers. Returns 0, 1 when the
 * part does not exist, -1 after an error. */
static int
parse_part(struct xlsxbook *x, const char *name, XML_StartElementHandler start,
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
	rc = parse_part(x, sh->target, sheet_start, sheet_end, collect_chars);
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

/* SPDX-License-Identifier: MIT
 * csvin: delimited text into tables (see csvin.h). libcsv (CSV_STRICT) does the
 * quoting; we feed it one physical line per call, so the row callback knows the
 * line it ends on, and positions of bad fields are recomputed on demand by a small
 * quote-aware scan from the row's start (errors are rare, rows are many). */
#include "ingest/csvin.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/loader.h"

#define MAX_RAGGED_REPORTS 5

struct csvin {
	struct arena *a;
	struct diag *d;
	const struct source *src;
	const struct ingest_opts *opts;
	char delim;                 /* ' ' = whitespace mode */
	char eol;                   /* '\n', or '\r' for CR-only files */
	/* position of the row being parsed */
	size_t row_start;           /* byte offset where it starts */
	long row_line;              /* its first line */
	long line;                  /* line being fed */
	int pending;                /* waiting for the next row to start */
	size_t field;               /* fields seen in the current row */
	/* header */
	int have_header;
	char **hdr;                 /* header names (xmalloc'd) */
	size_t nhdr, hdrcap;
	struct loader ld;
	int failed;                 /* a fatal error was reported */
	size_t nragged;
};

int
csvin_delimiter_parse(const char *name)
{
	if (!name || !*name)
		return 0;
	if (!strcmp(name, ",") || !strcmp(name, ";") || !strcmp(name, "|"))
		return name[0];
	if (!strcmp(name, "\t") || !strcmp(name, "tab") || !strcmp(name, "\\t"))
		return '\t';
	if (!strcmp(name, "whitespace"))
		return ' ';
	return -1;
}

char
csvin_detect(const char *data, size_t len)
{
	static const char cand[4] = { ',', ';', '\t', '|' };
	size_t count[20][4];
	size_t nlines = 0, i = 0, limit = len < 65536 ? len : 65536, linelen = 0;
	int inq = 0;
	memset(count, 0, sizeof count);
	while (i < limit && nlines < 20) {
		char c = data[i++];
		linelen++;
		if (c == '"') {
			inq = !inq;
		} else if (!inq && (c == '\n' || c == '\r')) {
			if (c == '\r' && i < len && data[i] == '\n')
				i++;
			nlines++;
			linelen = 0;
		} else if (!inq) {
			for (int k = 0; k < 4; k++)
				count[nlines][k] += c == cand[k];
		}
	}
	if (i >= len && nlines < 20 && linelen > 0)
		nlines++;               /* the last line had no terminator */
	if (nlines > 1 && i < len)
		nlines--;               /* the last counted line may be cut off */
	int best = -1;
	size_t bestn = 0;
	for (int pass = 0; pass < 2 && best < 0; pass++) {
		for (int k = 0; k < 4; k++) {
			size_t n = count[0][k];
			if (n == 0)
				continue;
			int same = 1;
			for (size_t l = 1; l < nlines && pass == 0; l++)
				same &= count[l][k] == n;
			if (same && n > bestn) {
				best = k;
				bestn = n;
			}
		}
	}
	return best < 0 ? ',' : cand[best];
}

/* Column (1-based, in characters) of byte offset off on the line starting at ls. */
static long
char_col(const char *data, size_t ls, size_t off)
{
	long col = 1;
	for (size_t i = ls; i < off; i++)
		col += ((unsigned char)data[i] & 0xc0) != 0x80;
	return col;
}

/* Finds where source field `field` of the current row starts (or where the row ends,
 * if it has fewer fields). Quote-aware for CSV, run-aware for whitespace mode. */
static void
locate_field(void *ctx, size_t field, long *line, long *col)
{
	struct csvin *cv = ctx;
	const char *s = cv->src->data;
	size_t n = cv->src->len, p = cv->row_start, ls = cv->row_start;
	long ln = cv->row_line;
	size_t f = 0;
	int inq = 0;
	if (cv->delim == ' ')
		while (p < n && (s[p] == ' ' || s[p] == '\t'))
			p++;
	while (p < n && f < field) {
		char c = s[p];
		if (inq) {
			if (c == '"' && p + 1 < n && s[p + 1] == '"')
				p++;
			else if (c == '"')
				inq = 0;
			else if (c == '\n' || (c == '\r' && !(p + 1 < n && s[p + 1] == '\n'))) {
				ln++;
				ls = p + 1;
			}
		} else if (c == '\n' || c == '\r') {
			break;
		} else if (cv->delim == ' ' && (c == ' ' || c == '\t')) {
			while (p + 1 < n && (s[p + 1] == ' ' || s[p + 1] == '\t'))
				p++;
			if (p + 1 < n && s[p + 1] != '\n' && s[p + 1] != '\r')
				f++;
		} else if (c == cv->delim) {
			f++;
		} else if (c == '"' && cv->delim != ' ') {
			inq = 1;
		}
		p++;
	}
	*line = ln;
	*col = char_col(s, ls, p);
}

static void
add_header_name(struct csvin *cv, const char *s, size_t n)
{
	if (cv->nhdr == cv->hdrcap) {
		cv->hdrcap = cv->hdrcap ? cv->hdrcap * 2 : 16;
		cv->hdr = xreallocarray(cv->hdr, cv->hdrcap, sizeof *cv->hdr);
	}
	char *name = xmalloc(n + 1);
	memcpy(name, s, n);
	name[n] = '\0';
	cv->hdr[cv->nhdr++] = name;
}

static int
name_taken(char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

/* Renames empty and repeated header names, warns, and starts the loader. */
static void
finish_header(struct csvin *cv)
{
	for (size_t j = 0; j < cv->nhdr; j++) {
		const char *orig = cv->hdr[j];
		char buf[64];
		char *fresh = NULL;
		if (!*orig) {
			snprintf(buf, sizeof buf, "col_%zu", j + 1);
			for (int k = 2; name_taken(cv->hdr, cv->nhdr, buf); k++)
				snprintf(buf, sizeof buf, "col_%zu_%d", j + 1, k);
			fresh = xstrdup(buf);
		} else if (name_taken(cv->hdr, j, orig)) {
			size_t len = strlen(orig);
			fresh = xmalloc(len + 24);
			for (int k = 2;; k++) {
				snprintf(fresh, len + 24, "%s_%d", orig, k);
				if (!name_taken(cv->hdr, cv->nhdr, fresh))
					break;
			}
		}
		if (fresh) {
			struct diag_loc loc = { cv->src->path, 0, 0 };
			locate_field(cv, j, &loc.line, &loc.col);
			if (*orig)
				diag_warn(cv->d, &loc, "duplicate column name '%s' renamed to '%s'",
				          orig, fresh);
			else
				diag_warn(cv->d, &loc, "empty column name (field %zu) renamed to '%s'",
				          j + 1, fresh);
			free(cv->hdr[j]);
			cv->hdr[j] = fresh;
		}
	}
	size_t est = 1;
	const char *s = cv->src->data, *e = s + cv->src->len;
	for (const char *p = s + cv->row_start; p < e && (p = memchr(p, cv->eol, (size_t)(e - p)));
	     p++)
		est++;
	loader_begin(&cv->ld, cv->a, cv->d, cv->opts, cv->src->path, (const char *const *)cv->hdr,
	             cv->nhdr, est);
	cv->ld.locate = locate_field;
	cv->ld.locate_ctx = cv;
	cv->have_header = 1;
}

static void
on_field(void *s, size_t n, void *ctx)
{
	struct csvin *cv = ctx;
	if (!cv->have_header)
		add_header_name(cv, s ? s : "", s ? n : 0);
	else if (cv->field < cv->nhdr)
		loader_cell(&cv->ld, cv->field, s ? s : "", s ? n : 0);
	cv->field++;
}

/* A field that points into the source buffer (not into libcsv's scratch). */
static void
on_field_stable(struct csvin *cv, const char *s, size_t n)
{
	if (!cv->have_header)
		add_header_name(cv, s, n);
	else if (cv->field < cv->nhdr)
		loader_cell_stable(&cv->ld, cv->field, s, n);
	cv->field++;
}

static void
on_row(int c, void *ctx)
{
	struct csvin *cv = ctx;
	(void)c;
	if (!cv->have_header) {
		finish_header(cv);
	} else if (cv->field != cv->nhdr) {
		if (cv->nragged++ < MAX_RAGGED_REPORTS) {
			struct diag_loc loc = { cv->src->path, 0, 0 };
			size_t at = cv->field < cv->nhdr ? cv->field : cv->nhdr;
			locate_field(cv, at, &loc.line, &loc.col);
			diag_error(cv->d, BD_EINPUT, &loc, "row has %zu field%s, the header has %zu "
			           "(%s)", cv->field, cv->field == 1 ? "" : "s", cv->nhdr,
			           cv->field < cv->nhdr ? "too few: is a delimiter missing?" :
			           "too many: is a field with a delimiter not quoted?");
		}
		loader_row_end(&cv->ld, (size_t)cv->row_line);
	} else {
		loader_row_end(&cv->ld, (size_t)cv->row_line);
	}
	cv->field = 0;
	cv->pending = 1;
}

static int
is_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Whitespace mode: one line -> fields split on runs of spaces and tabs. */
static void
split_whitespace(struct csvin *cv, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		if (i >= n)
			break;
		size_t b = i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			i++;
		on_field_stable(cv, s + b, i - b);
	}
	on_row('\n', cv);
}

/* The line terminator the file uses: '\r' if the first line end outside quotes is
 * a lone CR (old Mac exports), else '\n' (LF and CRLF). */
static char
first_eol(const char *s, size_t n)
{
	int inq = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (!inq && s[i] == '\n')
			return '\n';
		else if (!inq && s[i] == '\r')
			return i + 1 < n && s[i + 1] == '\n' ? '\n' : '\r';
	}
	return '\n';
}

/* A line without any '"' that starts a row: split it here instead of in libcsv
 * (same result: fields between delimiters, spaces and tabs around them trimmed as
 * libcsv does, the line end dropped). libcsv's per-byte state machine is the
 * slowest part of loading; most lines of real exports contain no quotes. */
static void
split_plain(struct csvin *cv, const char *s, size_t n)
{
	const char *e = s + n, *p = s;
	char delim = cv->delim;
	while (e > p && (e[-1] == '\n' || e[-1] == '\r'))
		e--;
	for (;;) {
		const char *q = memchr(p, delim, (size_t)(e - p));
		const char *fe = q ? q : e, *fb = p;
		while (fb < fe && (*fb == ' ' || (*fb == '\t' && delim != '\t')))
			fb++;
		while (fe > fb && (fe[-1] == ' ' || (fe[-1] == '\t' && delim != '\t')))
			fe--;
		on_field_stable(cv, fb, (size_t)(fe - fb));
		if (!q)
			break;
		p = q + 1;
	}
	on_row('\n', cv);
}

/* Reports a libcsv parse error at byte offset off. */
static void
report_parse_error(struct csvin *cv, size_t off)
{
	struct diag_loc loc = { cv->src->path, 0, 0 };
	source_position(cv->src->data, off, &loc.line, &loc.col);
	char c = off < cv->src->len ? cv->src->data[off] : '?';
	if (c == '"')
		diag_error(cv->d, BD_EINPUT, &loc, "unexpected '\"' inside an unquoted field "
		           "(quote the whole field and double the quotes inside it)");
	else
		diag_error(cv->d, BD_EINPUT, &loc, "unexpected '%c' after the closing quote of "
		           "a field", c);
	cv->failed = 1;
}

/* The current row has an unterminated quote: find where it opened. */
static void
report_unterminated(struct csvin *cv)
{
	const char *s = cv->src->data;
	size_t n = cv->src->len, open = cv->row_start;
	int inq = 0;
	for (size_t p = cv->row_start; p < n; p++) {
		if (s[p] != '"')
			continue;
		if (inq && p + 1 < n && s[p + 1] == '"') {
			p++;
			continue;
		}
		inq = !inq;
		if (inq)
			open = p;
	}
	struct diag_loc loc = { cv->src->path, 0, 0 };
	source_position(s, open, &loc.line, &loc.col);
	diag_error(cv->d, BD_EINPUT, &loc, "unterminated quoted field (the closing '\"' is "
	           "missing)");
	cv->failed = 1;
}

static void
free_header(struct csvin *cv)
{
	for (size_t j = 0; j < cv->nhdr; j++)
		free(cv->hdr[j]);
	free(cv->hdr);
}

struct table *
csvin_parse(struct arena *a, struct diag *d, const struct source *src,
            const struct ingest_opts *opts)
{
	struct csvin cv;
	memset(&cv, 0, sizeof cv);
	cv.a = a;
	cv.d = d;
	cv.src = src;
	cv.opts = opts;
	cv.pending = 1;
	struct diag_loc floc = { src->path, 0, 0 };
	int dl = csvin_delimiter_parse(opts->delimiter);
	if (dl < 0) {
		diag_error(d, BD_EINPUT, &floc, "unknown delimiter '%s' (use ',', ';', '|', 'tab' "
		           "or 'whitespace')", opts->delimiter);
		return NULL;
	}
	const char *s = src->data;
	size_t n = src->len;
	if (is_blank_line(s, n)) {
		diag_error(d, BD_EINPUT, &floc, "the file has no header row (it is empty)");
		return NULL;
	}
	cv.delim = dl ? (char)dl : csvin_detect(s, n);
	cv.eol = first_eol(s, n);

	struct csv_parser p;
	if (cv.delim != ' ') {
		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
		csv_set_delim(&p, (unsigned char)cv.delim);
		csv_set_blk_size(&p, 1 << 16);
	}
	size_t off = 0, dropped = 0;
	cv.line = 1;
	while (off < n && !cv.failed) {
		const char *nl = memchr(s + off, cv.eol, n - off);
		size_t end = nl ? (size_t)(nl - s) + 1 : n;
		if (cv.pending && !is_blank_line(s + off, end - off)) {
			cv.row_start = off;
			cv.row_line = cv.line;
			cv.pending = 0;
		}
		if (cv.delim == ' ') {
			if (!is_blank_line(s + off, end - off))
				split_whitespace(&cv, s + off, end - off);
		} else if (!cv.pending && cv.row_start == off && !memchr(s + off, '"', end - off)) {
			split_plain(&cv, s + off, end - off);
		} else {
			size_t used = csv_parse(&p, s + off, end - off, on_field, on_row, &cv);
			if (used != end - off) {
				report_parse_error(&cv, off + used);
				break;
			}
		}
		off = end;
		cv.line++;
		if (cv.pending && off - dropped >= SOURCE_WINDOW) {
			/* rows before off are done: their bytes need not stay resident */
			source_drop(src->base, src->maplen, s + off);
			dropped = off;
		}
	}
	if (cv.delim != ' ') {
		if (!cv.failed && csv_fini(&p, on_field, on_row, &cv) != 0)
			report_unterminated(&cv);
		csv_free(&p);
	}
	if (!cv.failed && !cv.have_header) {
		diag_error(d, BD_EINPUT, &floc, "the file has no header row (it is empty)");
		cv.failed = 1;
	}
	if (!cv.failed && cv.nragged > 0) {
		if (cv.nragged > MAX_RAGGED_REPORTS)
			diag_error(d, BD_EINPUT, &floc, "%zu rows in all have a wrong number of fields",
			           cv.nragged);
		cv.failed = 1;
	}
	struct table *t = NULL;
	if (cv.have_header) {
		if (cv.failed)
			loader_abandon(&cv.ld);
		else
			t = loader_finish(&cv.ld);
	}
	free_header(&cv);
	return t;
}

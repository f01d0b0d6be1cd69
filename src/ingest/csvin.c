/* SPDX-License-Identifier: MIT
 * csvin: delimited text into tables (see csvin.h). libcsv (CSV_STRICT) does the
 * quoting; we feed it one physical line per call, so the row callback knows the
 * line it ends on, and positions of bad fields are recomputed on demand by a small
 * quote-aware scan from the row's start (errors are rare, rows are many). */
#include "ingest/csvin.h"

#include <csv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/loader.h"

#define MAX_RAGGED_REPORTS 5
#define MAX_THREADS 8
/* With the default thread count, files smaller than this are read in one thread. */
#define PARALLEL_MIN_BYTES ((size_t)2 << 20)

#define METER_MIN_BYTES ((size_t)16 << 20)   /* files smaller than this load too fast */
#define METER_STEP      ((size_t)1 << 20)

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
	struct loader whole;        /* the table's loader */
	struct loader *ld;          /* the loader rows go to: &whole, or a part's */
	int failed;                 /* a fatal error was reported */
	size_t nragged;
	int quiet;                  /* a block read in parallel: report nothing, fail at
	                               the first problem (the read is then redone in one
	                               thread, which reports as usual) */
	int nthreads;               /* 1 = no parallel reading */
	size_t chunk_end;           /* end of the line being fed */
	/* progress meter (diag_meter): drawn by the thread that reads the file's first
	 * rows, over the byte range it reads (its share tracks the others') */
	int meter;
	size_t meter_from, meter_to, meter_next;
	const char *meter_label;
	struct plan {               /* blocks of rows for parallel reading */
		size_t from, to;        /* byte range: starts at a row start, outside quotes */
		long line;              /* line number at from */
		size_t rowbase, maxrows;/* where its rows go in the table's arrays */
	} plan[MAX_THREADS];
	size_t nplan;               /* 0 or 1: read in one thread */
};

static size_t plan_blocks(struct csvin *cv, size_t off, long line);
static size_t count_byte(const char *s, size_t from, size_t to, char c);

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

static void
warn_rename(void *ctx, size_t j, const char *orig, const char *fresh)
{
	struct csvin *cv = ctx;
	struct diag_loc loc = { cv->src->path, 0, 0 };
	locate_field(cv, j, &loc.line, &loc.col);
	if (*orig)
		diag_warn(cv->d, &loc, "duplicate column name '%s' renamed to '%s'", orig, fresh);
	else
		diag_warn(cv->d, &loc, "empty column name (field %zu) renamed to '%s'", j + 1, fresh);
}

/* Renames empty and repeated header names, warns, and starts the loader. */
static void
finish_header(struct csvin *cv)
{
	loader_unique_header(cv->hdr, cv->nhdr, warn_rename, cv);
	size_t est;
	if (cv->nthreads > 1 && cv->chunk_end < cv->src->len)
		est = plan_blocks(cv, cv->chunk_end, cv->line + 1);
	else
		est = 1 + count_byte(cv->src->data, cv->row_start, cv->src->len, cv->eol);
	/* parallel blocks clear their own rows (page faults and stores in their threads) */
	(cv->nplan > 1 ? loader_begin_lazy : loader_begin)(&cv->whole, cv->a, cv->d, cv->opts,
	        cv->src->path, (const char *const *)cv->hdr, cv->nhdr, est);
	cv->ld = &cv->whole;
	cv->whole.locate = locate_field;
	cv->whole.locate_ctx = cv;
	cv->have_header = 1;
}

static void
on_field(void *s, size_t n, void *ctx)
{
	struct csvin *cv = ctx;
	if (!cv->have_header)
		add_header_name(cv, s ? s : "", s ? n : 0);
	else if (cv->field < cv->nhdr)
		loader_cell(cv->ld, cv->field, s ? s : "", s ? n : 0);
	cv->field++;
}

/* A field that points into the source buffer (not into libcsv's scratch). */
static void
on_field_stable(struct csvin *cv, const char *s, size_t n)
{
	if (!cv->have_header)
		add_header_name(cv, s, n);
	else if (cv->field < cv->nhdr)
		loader_cell_stable(cv->ld, cv->field, s, n);
	cv->field++;
}

static void
on_row(int c, void *ctx)
{
	struct csvin *cv = ctx;
	(void)c;
	if (!cv->have_header) {
		finish_header(cv);
	} else if (cv->field != cv->nhdr && cv->quiet) {
		cv->failed = 1;
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
		loader_row_end(cv->ld, (size_t)cv->row_line);
	} else {
		loader_row_end(cv->ld, (size_t)cv->row_line);
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
	cv->failed = 1;
	if (cv->quiet)
		return;
	struct diag_loc loc = { cv->src->path, 0, 0 };
	source_position(cv->src->data, off, &loc.line, &loc.col);
	char c = off < cv->src->len ? cv->src->data[off] : '?';
	if (c == '"')
		diag_error(cv->d, BD_EINPUT, &loc, "unexpected '\"' inside an unquoted field "
		           "(quote the whole field and double the quotes inside it)");
	else
		diag_error(cv->d, BD_EINPUT, &loc, "unexpected '%c' after the closing quote of "
		           "a field", c);
}

/* The current row has an unterminated quote: find where it opened. */
static void
report_unterminated(struct csvin *cv)
{
	cv->failed = 1;
	if (cv->quiet)
		return;
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
}

static void
free_header(struct csvin *cv)
{
	for (size_t j = 0; j < cv->nhdr; j++)
		free(cv->hdr[j]);
	free(cv->hdr);
}

static void
parser_init(struct csv_parser *p, char delim)
{
	csv_init(p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(p, (unsigned char)delim);
	csv_set_blk_size(p, 1 << 16);
}

/* Reads the lines of src->data[off..end) (off at a line start, cv->line its number)
 * into rows; with header_only, stops after the line that completes the header.
 * Gives back pages behind the parse point from drop_from on. Returns where it
 * stopped. */
static size_t
parse_lines(struct csvin *cv, struct csv_parser *p, size_t off, size_t end_all,
            int header_only, size_t drop_from)
{
	const struct source *src = cv->src;
	const char *s = src->data;
	size_t dropped = drop_from;
	while (off < end_all && !cv->failed && !(header_only && cv->have_header)) {
		const char *nl = memchr(s + off, cv->eol, end_all - off);
		size_t end = nl ? (size_t)(nl - s) + 1 : end_all;
		cv->chunk_end = end;
		if (cv->pending && !is_blank_line(s + off, end - off)) {
			cv->row_start = off;
			cv->row_line = cv->line;
			cv->pending = 0;
		}
		if (cv->delim == ' ') {
			if (!is_blank_line(s + off, end - off))
				split_whitespace(cv, s + off, end - off);
		} else if (!cv->pending && cv->row_start == off && !memchr(s + off, '"', end - off)) {
			split_plain(cv, s + off, end - off);
		} else {
			size_t used = csv_parse(p, s + off, end - off, on_field, on_row, cv);
			if (used != end - off) {
				report_parse_error(cv, off + used);
				break;
			}
		}
		off = end;
		cv->line++;
		if (cv->meter && off >= cv->meter_next) {
			diag_meter(cv->d, cv->meter_label,
			           (double)(off - cv->meter_from) / (double)(cv->meter_to - cv->meter_from));
			cv->meter_next = off + METER_STEP;
		}
		if (cv->pending && off - dropped >= SOURCE_WINDOW) {
			/* rows before off are done: their bytes need not stay resident */
			source_drop_range(src->base, src->maplen, s + dropped, s + off);
			dropped = off;
		}
	}
	return off;
}

/* Occurrences of byte c in s[from..to): 8 bytes at a time (a zero byte of w ^ c
 * per match, found exactly by the carry-free test). */
static size_t
count_byte(const char *s, size_t from, size_t to, char c)
{
	const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t pat = ones * (unsigned char)c;
	size_t k = 0, i = from;
	for (; i + 8 <= to; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		w ^= pat;
		uint64_t z = ~(((w & low7) + low7) | w | low7);
		k += (size_t)(((z >> 7) * ones) >> 56);   /* sum of the 0/1 bytes */
	}
	for (; i < to; i++)
		k += s[i] == c;
	return k;
}

/* The same for a byte that is rare (quotes): memchr skips long stretches. */
static size_t
count_rare(const char *s, size_t from, size_t to, char c)
{
	size_t k = 0;
	for (const char *q = s + from, *e = s + to; q < e && (q = memchr(q, c, (size_t)(e - q)));
	     q++)
		k++;
	return k;
}

/* One block of rows read in parallel. */
struct block {
	struct plan pl;
	struct loader part;         /* blocks after the first */
	struct csvin cv;
	pthread_t tid;
	int started, failed;
};

static void
run_block(struct block *b)
{
	struct csv_parser p;
	parser_init(&p, b->cv.delim);
	loader_clear_rows(b->cv.ld, 0, b->pl.maxrows);     /* block 0's rowbase is 0 */
	if (b->cv.meter) {
		b->cv.meter_from = b->pl.from;
		b->cv.meter_to = b->pl.to;
		b->cv.meter_next = b->pl.from;
	}
	b->cv.line = b->pl.line;
	b->cv.pending = 1;
	parse_lines(&b->cv, &p, b->pl.from, b->pl.to, 0, b->pl.from);
	if (!b->cv.failed && csv_fini(&p, on_field, on_row, &b->cv) != 0)
		b->cv.failed = 1;
	csv_free(&p);
	b->failed = b->cv.failed;
}

static void *
block_thread(void *arg)
{
	run_block(arg);
	return NULL;
}

/* Splits data[off..n) (line number line at off) into up to nthreads blocks at line
 * ends outside quotes (an even number of '"' before them: in a file libcsv reads
 * without error, quotes are balanced at every row end) and bounds each block's rows
 * by its line count. Fills cv->plan; returns the rows to allocate in all. */
static size_t
plan_blocks(struct csvin *cv, size_t off, long line)
{
	const char *s = cv->src->data;
	size_t n = cv->src->len, k = (size_t)cv->nthreads, m = 0, prev = off, quotes = 0;
	struct plan *pl = cv->plan;
	pl[0].from = off;
	for (size_t i = 1; i < k; i++) {
		size_t target = off + (n - off) / k * i;
		if (target < prev)
			target = prev;
		const char *e = memchr(s + target, cv->eol, n - target);
		if (!e)
			break;
		size_t cut = (size_t)(e - s) + 1;
		quotes += count_rare(s, prev, cut, '"');
		while (quotes % 2 && cut < n) {
			e = memchr(s + cut, cv->eol, n - cut);
			size_t next = e ? (size_t)(e - s) + 1 : n;
			quotes += count_rare(s, cut, next, '"');
			cut = next;
		}
		if (cut >= n)
			break;
		pl[m].to = cut;
		pl[++m].from = cut;
		prev = cut;
	}
	pl[m++].to = n;
	size_t rowbase = 0;
	for (size_t i = 0; i < m; i++) {
		size_t lines = count_byte(s, pl[i].from, pl[i].to, cv->eol);
		pl[i].line = line;
		pl[i].rowbase = rowbase;
		pl[i].maxrows = lines + 1;
		line += (long)lines;
		rowbase += lines + 1;
	}
	cv->nplan = m;
	return rowbase;
}

/* Reads the rows from off on in parallel blocks. Returns 0 when done, -1 when a
 * block failed: nothing was reported, the loader is reset and the caller reads
 * the rows again in one thread. */
static int
parse_parallel(struct csvin *cv, struct csv_parser *p, size_t off)
{
	struct block blk[MAX_THREADS];
	size_t m = cv->nplan;
	if (m < 2 || cv->plan[0].from != off)
		return 1;
	pthread_mutex_t lock;
	pthread_mutex_init(&lock, NULL);
	cv->whole.lock = &lock;
	for (size_t i = 0; i < m; i++) {
		struct block *b = &blk[i];
		b->pl = cv->plan[i];
		b->cv = *cv;
		b->cv.quiet = 1;
		b->started = b->failed = 0;
		if (i == 0)
			continue;
		b->cv.meter = 0;
		loader_part_begin(&b->part, &cv->whole, b->pl.rowbase, b->pl.maxrows);
		b->cv.ld = &b->part;
		b->part.locate = locate_field;
		b->part.locate_ctx = &b->cv;
	}
	for (size_t i = 1; i < m; i++)
		blk[i].started = pthread_create(&blk[i].tid, NULL, block_thread, &blk[i]) == 0;
	/* the first block: this thread, the table's own loader */
	blk[0].cv.ld = &cv->whole;
	cv->whole.locate_ctx = &blk[0].cv;
	run_block(&blk[0]);
	cv->whole.locate_ctx = cv;
	int failed = blk[0].failed;
	for (size_t i = 1; i < m; i++) {
		if (blk[i].started)
			pthread_join(blk[i].tid, NULL);
		else
			run_block(&blk[i]);
		failed |= blk[i].failed;
	}
	cv->whole.lock = NULL;
	pthread_mutex_destroy(&lock);
	for (size_t i = 1; i < m; i++) {
		if (failed)
			loader_part_abandon(&blk[i].part);
		else
			loader_merge(&cv->whole, &blk[i].part);
	}
	if (!failed) {
		cv->line = blk[m - 1].cv.line;
		return 0;
	}
	loader_reset(&cv->whole);
	csv_free(p);
	parser_init(p, cv->delim);
	return -1;
}

static int
thread_count(const struct ingest_opts *opts, size_t bytes)
{
	long k = opts->threads;
	if (k <= 0) {
		if (bytes < PARALLEL_MIN_BYTES)
			return 1;
		k = sysconf(_SC_NPROCESSORS_ONLN);
	}
	return k < 1 ? 1 : k > MAX_THREADS ? MAX_THREADS : (int)k;
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
	cv.nthreads = cv.delim == ' ' ? 1 : thread_count(opts, n);
	if (n >= METER_MIN_BYTES) {
		cv.meter = 1;
		cv.meter_to = n;
		cv.meter_next = METER_STEP;
		cv.meter_label = arena_printf(a, "loading %s", opts->name && *opts->name ? opts->name : src->path);
	}

	struct csv_parser p;
	if (cv.delim != ' ')
		parser_init(&p, cv.delim);
	cv.line = 1;
	size_t off = parse_lines(&cv, &p, 0, n, 1, 0);
	long line = cv.line;
	int done = 0;
	if (cv.nplan > 1) {
		int r = !cv.failed && cv.pending && off < n ? parse_parallel(&cv, &p, off) : 1;
		if (r == 1)
			loader_clear_rows(&cv.whole, 0, cv.whole.cap);  /* begun lazily */
		done = r == 0;
	}
	if (!done) {
		cv.line = line;
		cv.pending = 1;
		cv.meter_from = off;
		parse_lines(&cv, &p, off, n, 0, 0);
	}
	diag_meter_done(d);
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
			loader_abandon(&cv.whole);
		else
			t = loader_finish(&cv.whole);
	}
	free_header(&cv);
	return t;
}

/* SPDX-License-Identifier: MIT
 * ingest: reads one data file into a table (see ingest.h): checks the options,
 * loads the bytes through source (gzip, encoding, validation) and dispatches to the
 * CSV or JSON reader by format or file extension; Excel workbooks (a zip archive,
 * not text) go to xlsxin before any of that. */
#include "ingest/ingest.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "ingest/csvin.h"
#include "ingest/jsonin.h"
#include "ingest/source.h"
#include "ingest/xlsxbook.h"
#include "ingest/xlsxin.h"

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

static enum ingest_format
guess_format(const char *name)
{
	if (name && (ends_with(name, ".json") || ends_with(name, ".json.gz")))
		return INGEST_JSON;
	if (name && (ends_with(name, ".xlsx") || ends_with(name, ".xlsm")))
		return INGEST_XLSX;
	return INGEST_CSV;
}

/* 1 if the file at path starts like a zip archive (an .xlsx under another name). */
static int
file_is_zip(const char *path)
{
	unsigned char head[4];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	return xlsxbook_is_zip(head, n);
}

/* Validates options shared by both entry points; returns the encoding or -1. */
static int
check_opts(struct diag *d, const char *display, const struct ingest_opts *o)
{
	struct diag_loc loc = { display, 0, 0 };
	int enc = source_encoding_parse(o->encoding);
	if (enc < 0) {
		diag_error(d, BD_EINPUT, &loc, "unknown encoding '%s' (use 'utf-8' or 'latin-1')",
		           o->encoding);
		return -1;
	}
	if (o->date_format) {
		const char *why = date_check_fmt(o->date_format);
		if (why) {
			diag_error(d, BD_EINPUT, &loc, "bad date_format '%s': %s", o->date_format, why);
			return -1;
		}
	}
	if (csvin_delimiter_parse(o->delimiter) < 0) {
		diag_error(d, BD_EINPUT, &loc, "unknown delimiter '%s' (use ',', ';', '|', 'tab' "
		           "or 'whitespace')", o->delimiter);
		return -1;
	}
	return enc;
}

static struct table *
dispatch(struct arena *a, struct diag *d, struct source *src, const struct ingest_opts *o,
         const char *name_for_guess)
{
	enum ingest_format f = o->format != INGEST_GUESS ? o->format : guess_format(name_for_guess);
	struct table *t = f == INGEST_JSON ? jsonin_parse(a, d, src, o) : csvin_parse(a, d, src, o);
	source_release(src);
	return t;
}

struct table *
ingest_read(struct arena *a, struct diag *d, const char *path, const char *display,
            const struct ingest_opts *opts)
{
	static const struct ingest_opts defaults;
	const struct ingest_opts *o = opts ? opts : &defaults;
	if (!display)
		display = path;
	int enc = check_opts(d, display, o);
	if (enc < 0)
		return NULL;
	if (o->format == INGEST_XLSX || (o->format == INGEST_GUESS &&
	    (guess_format(path) == INGEST_XLSX || file_is_zip(path))))
		return xlsxin_read(a, d, path, display, o);
	struct source src;
	if (source_load(&src, d, path, display, (enum source_encoding)enc) < 0)
		return NULL;
	return dispatch(a, d, &src, o, path);
}

struct table *
ingest_read_mem(struct arena *a, struct diag *d, const void *bytes, size_t n,
                const char *display, const struct ingest_opts *opts)
{
	static const struct ingest_opts defaults;
	const struct ingest_opts *o = opts ? opts : &defaults;
	if (!display)
		display = "<memory>";
	int enc = check_opts(d, display, o);
	if (enc < 0)
		return NULL;
	if (o->format == INGEST_XLSX || (o->format == INGEST_GUESS && xlsxbook_is_zip(bytes, n)))
		return xlsxin_read_mem(a, d, bytes, n, display, o);
	struct source src;
	if (source_load_mem(&src, d, bytes, n, display, (enum source_encoding)enc) < 0)
		return NULL;
	return dispatch(a, d, &src, o, display);
}

static void
typed_column(void *ctx, const char *name, size_t index, struct ingest_colspec *spec)
{
	const struct ingest_typed *t = ctx;
	if (index < t->n)
		spec->type = t->types[index];
	if (t->base->column)
		t->base->column(t->base->ctx, name, index, spec);
}

void
ingest_typed_opts(struct ingest_typed *t, const struct ingest_opts *base,
                  const enum ingest_type *types, size_t n)
{
	static const struct ingest_opts defaults;
	t->base = base ? base : &defaults;
	t->opts = *t->base;
	t->types = types;
	t->n = n;
	t->opts.column = typed_column;
	t->opts.ctx = t;
}

/* SPDX-License-Identifier: MIT
 * jsonin: JSON rows into tables (see jsonin.h). cJSON parses the whole document;
 * a first pass collects the key union, a second pushes values into the loader. Key
 * lookup first tries the position the key had in the previous row (exports repeat
 * one key order), then falls back to a linear search. */
#include "ingest/jsonin.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/jsonpos.h"
#include "ingest/loader.h"

struct keys {
	const char **name;
	size_t n, cap;
};

static size_t
key_find(const struct keys *k, const char *name, size_t hint)
{
	if (hint < k->n && !strcmp(k->name[hint], name))
		return hint;
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->name[i], name))
			return i;
	return (size_t)-1;
}

/* A byte-by-byte walk of JSON text that skips strings: jscan_next returns the next
 * byte outside a string (quotes included), or -1 at the end. */
struct jscan {
	const char *s;
	size_t i, end;
};

static int
jscan_next(struct jscan *j)
{
	if (j->i >= j->end)
		return -1;
	if (j->s[j->i] == '"') {
		for (j->i++; j->i < j->end && j->s[j->i] != '"'; j->i++)
			if (j->s[j->i] == '\\')
				j->i++;
		j->i++;
		return '"';
	}
	return (unsigned char)j->s[j->i++];
}

/* Depth of [ and { nesting (outside strings) at offset end: tells "too deep" apart
 * from other syntax errors. */
static int
depth_at(const char *s, size_t end)
{
	struct jscan j = { s, 0, end };
	int depth = 0, maxd = 0, c;
	while ((c = jscan_next(&j)) >= 0) {
		if (c == '[' || c == '{') {
			if (++depth > maxd)
				maxd = depth;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return maxd;
}

static const char *
kind(const cJSON *v)
{
	return cJSON_IsObject(v) ? "an object" : cJSON_IsArray(v) ? "an array" :
	       cJSON_IsString(v) ? "a string" : cJSON_IsNumber(v) ? "a number" :
	       cJSON_IsBool(v) ? "a boolean" : "null";
}

/* Number of UTF-8 continuation bytes after s[0] (so a quoted character is whole). */
static size_t
utf8_tail(const char *s, size_t n)
{
	size_t k = 0;
	while (k + 1 < n && k < 3 && ((unsigned char)s[k + 1] & 0xc0) == 0x80)
		k++;
	return k;
}

/* Bad values in JSON are located by scanning the text for rows[i].key (jsonpos;
 * cJSON keeps no source positions): rare, only for the first few of a column. */
struct jsonloc {
	const struct loader *ld;
	const struct source *src;
	const char *const *names;       /* source field -> key */
	int rows_key;                   /* the rows sit under {"rows": [...]} */
};

static void
locate_value(void *ctx, size_t field, long *line, long *col)
{
	const struct jsonloc *jl = ctx;
	struct jsonpos_step path[3];
	size_t n = 0;
	long off;
	if (jl->rows_key)
		path[n++] = (struct jsonpos_step){ "rows", 0 };
	path[n++] = (struct jsonpos_step){ NULL, jl->ld->row };
	path[n++] = (struct jsonpos_step){ jl->names[field], 0 };
	off = jsonpos_find(jl->src->data, jl->src->len, path, n, 0);
	if (off < 0) {
		*line = (long)jl->ld->row + 1;
		*col = 0;
		return;
	}
	jsonpos_linecol(jl->src->data, (size_t)off, line, col);
}

/* The 1-based line of each row's '{' (nrows of them) for positions in messages: one
 * pass over the rows array at offset start, skipping strings and nested values.
 * Rows not found (cannot happen for text cJSON accepted) get line 0. */
static size_t *
row_lines(const char *s, size_t len, long start, size_t nrows)
{
	size_t *line = xcalloc(nrows ? nrows : 1, sizeof *line), k = 0, ln = 1;
	struct jscan j = { s, 0, len };
	int depth = 0, c;
	if (start < 0)
		return line;
	for (size_t i = 0; i < (size_t)start; i++)
		ln += s[i] == '\n';
	j.i = (size_t)start;
	while (k < nrows && (c = jscan_next(&j)) >= 0) {
		if (c == '\n') {               /* never inside a string: JSON escapes it */
			ln++;
		} else if (c == '[' || c == '{') {
			if (c == '{' && depth == 1)
				line[k++] = ln;
			depth++;
		} else if ((c == ']' || c == '}') && --depth == 0) {
			break;
		}
	}
	return line;
}

struct table *
jsonin_parse(struct arena *a, struct diag *d, const struct source *src,
             const struct ingest_opts *opts)
{
	struct diag_loc floc = { src->path, 0, 0 };
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(src->data, src->len, &end, 0);
	if (!root) {
		size_t off = end && end >= src->data ? (size_t)(end - src->data) : 0;
		if (off > src->len)
			off = src->len;
		/* cJSON may point just past the offending token: step back over blanks */
		while (off > 0 && off < src->len && strchr(" \t\r\n", src->data[off]))
			off--;
		struct diag_loc loc = { src->path, 0, 0 };
		char q[32];
		source_position(src->data, off, &loc.line, &loc.col);
		if (depth_at(src->data, off) >= CJSON_NESTING_LIMIT)
			diag_error(d, BD_EINPUT, &loc, "JSON nested too deeply (more than %d levels)",
			           CJSON_NESTING_LIMIT);
		else if (off >= src->len)
			diag_error(d, BD_EINPUT, &loc, "invalid JSON: unexpected end of data");
		else
			diag_error(d, BD_EINPUT, &loc, "invalid JSON near \"%s\"",
			           diag_quote(q, sizeof q, src->data + off, 1 + utf8_tail(src->data + off,
			                      src->len - off)));
		return NULL;
	}
	const cJSON *rows = root;
	if (cJSON_IsObject(root))
		rows = cJSON_GetObjectItemCaseSensitive(root, "rows");
	if (!cJSON_IsArray(rows)) {
		diag_error(d, BD_EINPUT, &floc, "expected an array of objects or {\"rows\": [...]}");
		cJSON_Delete(root);
		return NULL;
	}
	struct keys k = { NULL, 0, 0 };
	size_t nrows = 0;
	int bad = 0;
	for (const cJSON *r = rows->child; r && !bad; r = r->next) {
		nrows++;
		if (!cJSON_IsObject(r)) {
			diag_error(d, BD_EINPUT, &floc, "row %zu is %s, expected an object", nrows,
			           kind(r));
			bad = 1;
			break;
		}
		size_t pos = 0;
		for (const cJSON *f = r->child; f; f = f->next, pos++) {
			if (cJSON_IsObject(f) || cJSON_IsArray(f)) {
				diag_error(d, BD_EINPUT, &floc, "row %zu: '%s' is %s (values must be "
				           "strings, numbers, booleans or null)", nrows, f->string, kind(f));
				bad = 1;
				break;
			}
			if (key_find(&k, f->string, pos) != (size_t)-1)
				continue;
			if (k.n == k.cap) {
				k.cap = k.cap ? k.cap * 2 : 16;
				k.name = xreallocarray(k.name, k.cap, sizeof *k.name);
			}
			k.name[k.n++] = f->string;
		}
	}
	if (bad) {
		free(k.name);
		cJSON_Delete(root);
		return NULL;
	}
	struct loader ld;
	loader_begin(&ld, a, d, opts, src->path, k.name, k.n, nrows);
	struct jsonloc jl = { &ld, src, k.name, rows != root };
	ld.locate = locate_value;
	ld.locate_ctx = &jl;
	size_t row = 0;
	struct jsonpos_step rk = { "rows", 0 };
	size_t *lines = row_lines(src->data, src->len,
	                          jsonpos_find(src->data, src->len, &rk, rows != root, 0), nrows);
	for (const cJSON *r = rows->child; r; r = r->next) {
		size_t pos = 0;
		for (const cJSON *f = r->child; f; f = f->next, pos++) {
			size_t j = key_find(&k, f->string, pos);
			if (!loader_wants(&ld, j))
				continue;
			if (cJSON_IsString(f))
				loader_cell_stable(&ld, j, f->valuestring, strlen(f->valuestring));
			else if (cJSON_IsNumber(f))
				loader_cell_num(&ld, j, f->valuedouble);
			else if (cJSON_IsTrue(f))
				loader_cell(&ld, j, "true", 4);
			else if (cJSON_IsFalse(f))
				loader_cell(&ld, j, "false", 5);
		}
		loader_row_end(&ld, lines[row++]);
	}
	free(lines);
	struct table *t = loader_finish(&ld);
	free(k.name);
	cJSON_Delete(root);
	return t;
}

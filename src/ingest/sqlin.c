/* SPDX-License-Identifier: MIT
 * sqlin: SQLite datasets (see sqlin.h). One prepared statement, stepped row by row;
 * every value goes straight into the loader, typed by SQLite's storage class. */
#include "ingest/sqlin.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/loader.h"

static int
has(const char *decl, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = decl; *p; p++)
		if (!strncasecmp(p, word, n))
			return 1;
	return 0;
}

enum ingest_type
sqlin_decltype(const char *decl)
{
	if (!decl || !*decl || has(decl, "BLOB") || has(decl, "BOOL"))
		return INGEST_AUTO;
	if (has(decl, "DATE") || has(decl, "TIME"))
		return INGEST_DATE;
	if (has(decl, "INT") || has(decl, "REAL") || has(decl, "FLOA") || has(decl, "DOUB") ||
	    has(decl, "NUM") || has(decl, "DEC"))
		return INGEST_NUM;
	if (has(decl, "CHAR") || has(decl, "CLOB") || has(decl, "TEXT"))
		return INGEST_TEXT;
	return INGEST_AUTO;
}

struct where {
	const size_t *row;
};

static void
locate(void *ctx, size_t field, long *line, long *col)
{
	const struct where *w = ctx;
	*line = (long)*w->row;
	*col = (long)field + 1;
}

struct rename {
	const struct diag_loc *loc;
	struct diag *d;
};

static void
warn_rename(void *ctx, size_t j, const char *orig, const char *fresh)
{
	const struct rename *rn = ctx;
	const struct diag_loc *loc = rn->loc;
	struct diag *d = rn->d;
	if (*orig)
		diag_warn(d, loc, "query column %zu: duplicate name '%s' renamed to '%s'", j + 1, orig, fresh);
	else
		diag_warn(d, loc, "query column %zu has no name; renamed to '%s'", j + 1, fresh);
}

struct table *
sqlin_read(struct arena *a, struct diag *d, const char *db, const char *query, const char *display,
           const struct diag_loc *qloc, const struct ingest_opts *opts)
{
	struct diag_loc loc = { display ? display : db, 0, 0 };
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	struct ingest_typed typed;
	struct loader ld;
	struct where w;
	enum ingest_type *types;
	char **names;
	size_t n, row = 0;
	int rc;
	struct table *t = NULL;
	if (!qloc)
		qloc = &loc;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		diag_error(d, BD_EIO, &loc, "cannot open the SQLite database: %s",
		           h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return NULL;
	}
	if (sqlite3_prepare_v2(h, query, -1, &st, NULL) != SQLITE_OK || !st) {
		int code = sqlite3_errcode(h);
		if (code == SQLITE_NOTADB || code == SQLITE_CANTOPEN || code == SQLITE_IOERR)
			diag_error(d, BD_EIO, &loc, "cannot read the SQLite database: %s", sqlite3_errmsg(h));
		else
			diag_error(d, BD_EINPUT, qloc, "query: %s", st ? sqlite3_errmsg(h) :
			           code == SQLITE_OK ? "no SQL statement" : sqlite3_errmsg(h));
		sqlite3_finalize(st);
		sqlite3_close(h);
		return NULL;
	}
	if (!sqlite3_stmt_readonly(st) || sqlite3_column_count(st) == 0) {
		diag_error(d, BD_EINPUT, qloc, "query: expected a SELECT that returns rows");
		sqlite3_finalize(st);
		sqlite3_close(h);
		return NULL;
	}
	n = (size_t)sqlite3_column_count(st);
	types = xcalloc(n, sizeof *types);
	names = xcalloc(n, sizeof *names);
	for (size_t j = 0; j < n; j++) {
		const char *nm = sqlite3_column_name(st, (int)j);
		names[j] = xstrdup(nm ? nm : "");
		types[j] = sqlin_decltype(sqlite3_column_decltype(st, (int)j));
	}
	{
		struct rename rn = { qloc, d };
		loader_unique_header(names, n, warn_rename, &rn);
	}
	ingest_typed_opts(&typed, opts, types, n);
	loader_begin(&ld, a, d, &typed.opts, loc.file, (const char *const *)names, n, 1024);
	w.row = &row;
	ld.locate = locate;
	ld.locate_ctx = &w;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row++;
		for (size_t j = 0; j < n; j++) {
			int k = (int)j;
			if (!loader_wants(&ld, j))
				continue;
			switch (sqlite3_column_type(st, k)) {
			case SQLITE_INTEGER:
				loader_cell_num(&ld, j, (double)sqlite3_column_int64(st, k));
				break;
			case SQLITE_FLOAT:
				loader_cell_num(&ld, j, sqlite3_column_double(st, k));
				break;
			case SQLITE_TEXT: {
				const unsigned char *s = sqlite3_column_text(st, k);
				loader_cell(&ld, j, (const char *)s, (size_t)sqlite3_column_bytes(st, k));
				break;
			}
			default:        /* NULL, BLOB: missing */
				break;
			}
		}
		loader_row_end(&ld, row);
	}
	if (rc != SQLITE_DONE) {
		diag_error(d, BD_EINPUT, qloc, "query failed after %zu rows: %s", row, sqlite3_errmsg(h));
		loader_abandon(&ld);
	} else {
		t = loader_finish(&ld);
	}
	for (size_t j = 0; j < n; j++)
		free(names[j]);
	free(names);
	free(types);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return t;
}

/* SPDX-License-Identifier: MIT
 * table: typed, columnar, in-memory tables with missing values. The ingest layer
 * fills them from CSV/JSON; the analyses read them. All memory comes from the
 * build's arena (struct table has no destroy function).
 *
 * Representation
 *   TABLE_NUM   double per row; NaN = missing.
 *   TABLE_DATE  double per row: days since 1970-01-01 (UTC, proleptic Gregorian),
 *               the fraction is the time of day; NaN = missing.
 *   TABLE_TEXT  dictionary-encoded: int32 code per row indexing dict[]; -1 = missing.
 *               dict[] holds distinct NUL-terminated UTF-8 strings in first-seen
 *               order (so codes are deterministic). Grouping by a text column is an
 *               array index: that is why ids are stored this way.
 */
#ifndef INGEST_TABLE_H
#define INGEST_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum table_type { TABLE_NUM, TABLE_TEXT, TABLE_DATE };

/* A source value that could not be read as its column's type (the row's value is
 * set missing). Readers keep every bad row index and the first few examples with
 * their position, so the dataset layer can drop or warn with file:line:column. */
#define TABLE_BAD_EXAMPLES 5
struct table_bad {
	size_t row;             /* row index in the table */
	long line, col;         /* 1-based position of the field in the source file */
	const char *raw;        /* the raw text (arena copy, possibly cut to 64 bytes) */
};

struct table_column {
	const char *name;
	enum table_type type;
	double *num;            /* TABLE_NUM and TABLE_DATE: nrows values */
	int32_t *code;          /* TABLE_TEXT: nrows codes, -1 = missing */
	const char **dict;      /* TABLE_TEXT: ndict distinct strings */
	size_t ndict;
	size_t nmissing;        /* rows with a missing value */
	size_t nbad;            /* values that failed to parse (counted in nmissing too) */
	size_t *badrow;         /* nbad row indices, ascending */
	struct table_bad example[TABLE_BAD_EXAMPLES];
	size_t nexample;        /* min(nbad, TABLE_BAD_EXAMPLES) */
	long srccol;            /* 1-based field number in the source (0 = derived) */
	struct table_bad nonnum; /* a column read as text although it began with numbers
	                           (AUTO): its first value that is not a number, with the
	                           position; raw NULL when none was seen */
	struct table_dict_index *index; /* private to table.c: hash index while interning */
};

struct table {
	const char *name;       /* dataset name ("orders") */
	const char *path;       /* source file as given in the project (for messages) */
	size_t nrows;
	size_t ncols;
	struct table_column *cols;
	size_t *srcline;        /* per row: 1-based line in the source file (CSV), or the
	                           line of the row's '{' (JSON), or sheet row (XLSX);
	                           NULL if unknown */
	const char *sheet;      /* XLSX: the sheet read (bad values' line and col are its
	                           row and column: "FILE:SHEET!CELL"); NULL otherwise */
};

/* Lookup by exact name; NULL if absent. */
struct table_column *table_column_find(const struct table *t, const char *name);

/* Name of the column closest to name (case-insensitive edit distance), for
 * "did you mean" hints; NULL when nothing is reasonably close. */
const char *table_column_suggest(const struct table *t, const char *name);

/* Row value accessors. table_text returns NULL for missing. */
static inline double table_num(const struct table_column *c, size_t row) { return c->num[row]; }
static inline const char *table_text(const struct table_column *c, size_t row)
{
	int32_t k = c->code[row];
	return k < 0 ? NULL : c->dict[k];
}
static inline int table_missing(const struct table_column *c, size_t row)
{
	return c->type == TABLE_TEXT ? c->code[row] < 0 : c->num[row] != c->num[row];
}

/* Building tables (used by readers, expressions, joins and tests). */
struct table *table_new(struct arena *a, const char *name, size_t nrows);
/* Appends a column with storage for t->nrows rows, all missing. Returns it. */
struct table_column *table_add_column(struct arena *a, struct table *t, const char *name,
                                      enum table_type type);
/* The same with the row storage left uninitialised: the caller sets every row before
 * the table is used (readers that fill row ranges in parallel threads). */
struct table_column *table_add_column_uninit(struct arena *a, struct table *t,
                                             const char *name, enum table_type type);
/* Appends a column named name that shares src's storage (values, dictionary, bad
 * rows) instead of copying it: one source column seen under two names. Neither may
 * be changed in place afterwards; table_filter_rows moves shared storage once. */
struct table_column *table_add_column_alias(struct arena *a, struct table *t, const char *name,
                                            const struct table_column *src);
/* The string hash of the project's hash tables (FNV-1a with a final mix): text
 * dictionaries, joins, customer and id lookups. */
uint64_t table_hash(const char *s, size_t n);
/* Text dictionary builder: returns the code of s in c, adding it if new
 * (hash lookup; the column keeps an internal index while building). */
int32_t table_intern(struct arena *a, struct table_column *c, const char *s, size_t len);
/* Keep only rows where keep[row] != 0 (in place; also srcline; storage shared by
 * several columns is moved once). */
void table_filter_rows(struct table *t, const unsigned char *keep);

#endif

/* SPDX-License-Identifier: MIT
 * loader: the typed column builder shared by the readers. A reader announces the
 * header, then pushes cells (raw text slices) row by row; the loader parses each
 * cell into its column's type, records bad values with their position, infers AUTO
 * columns, and hands back a struct table (csvin/jsonin <- loader <- parse, table). */
#ifndef INGEST_LOADER_H
#define INGEST_LOADER_H

#include <stddef.h>

#include "ingest/ingest.h"

struct loader_col;

struct loader {
	struct arena *a;
	struct diag *d;
	const struct ingest_opts *opts;
	const char *path;
	struct table *t;
	size_t cap;                 /* rows allocated in every column */
	size_t row;                 /* index of the row being filled */
	size_t nsrc;                /* number of source fields */
	struct loader_col *cols;    /* nsrc entries */
	/* Called (rarely: only for the first few bad values of a column) to find the
	 * 1-based line and column of source field `field` in the current row. */
	void (*locate)(void *ctx, size_t field, long *line, long *col);
	void *locate_ctx;
};

/* Starts a table with the given source column names (unique, already reported
 * if renamed); asks opts->column for each column's spec. maxrows is the expected
 * number of rows (an upper bound avoids any regrowth; more rows still work). */
void loader_begin(struct loader *ld, struct arena *a, struct diag *d,
                  const struct ingest_opts *opts, const char *path,
                  const char *const *names, size_t nsrc, size_t maxrows);

/* 1 if source field `field` is loaded (not skipped): readers may avoid work. */
int loader_wants(const struct loader *ld, size_t field);

/* Value of source field `field` in the current row: s[0..n) raw text (need not be
 * NUL-terminated). Fields not given stay missing. */
void loader_cell(struct loader *ld, size_t field, const char *s, size_t n);

/* The same for bytes that stay valid and unchanged until loader_finish (e.g. in
 * the source buffer): text cells may then be interned a few cells later, which
 * lets the loader overlap dictionary cache misses. Results are identical. */
void loader_cell_stable(struct loader *ld, size_t field, const char *s, size_t n);

/* A JSON number: stored as is in NUM/AUTO columns, as its shortest text otherwise. */
void loader_cell_num(struct loader *ld, size_t field, double v);

/* Ends the current row; srcline = its 1-based first line (or array index). */
void loader_row_end(struct loader *ld, size_t srcline);

/* Finishes AUTO inference and returns the table (arena memory). Frees the loader's
 * temporary memory; call loader_abandon instead when the read failed. */
struct table *loader_finish(struct loader *ld);
void loader_abandon(struct loader *ld);

#endif

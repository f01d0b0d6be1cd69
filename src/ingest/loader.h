/* SPDX-License-Identifier: MIT
 * loader: the typed column builder shared by the readers. A reader announces the
 * header, then pushes cells (raw text slices) row by row; the loader parses each
 * cell into its column's type, records bad values with their position, infers AUTO
 * columns, and hands back a struct table (csvin/jsonin <- loader <- parse, table). */
#ifndef INGEST_LOADER_H
#define INGEST_LOADER_H

#include <pthread.h>
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
	/* Parallel loading: loaders of one table that run at the same time share this
	 * mutex around arena allocations (NULL = single loader). */
	pthread_mutex_t *lock;
	size_t rowbase;             /* a part: its first row in the whole table's arrays */
	int part;                   /* 1 for a part (loader_part_begin) */
};

/* Starts a table with the given source column names (unique, already reported
 * if renamed); asks opts->column for each column's spec. maxrows is the expected
 * number of rows (an upper bound avoids any regrowth; more rows still work). */
void loader_begin(struct loader *ld, struct arena *a, struct diag *d,
                  const struct ingest_opts *opts, const char *path,
                  const char *const *names, size_t nsrc, size_t maxrows);

/* The same with the rows of every column left uninitialised: the caller must call
 * loader_clear_rows for every row range [0, cap) before rows are pushed there (a
 * parallel reader clears each block's range in the block's own thread). */
void loader_begin_lazy(struct loader *ld, struct arena *a, struct diag *d,
                       const struct ingest_opts *opts, const char *path,
                       const char *const *names, size_t nsrc, size_t maxrows);

/* Sets rows [from, to) of every column missing (to <= ld->cap). */
void loader_clear_rows(struct loader *ld, size_t from, size_t to);

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

/* Ends the current row; srcline = its 1-based first line in the source. */
void loader_row_end(struct loader *ld, size_t srcline);

/* Finishes AUTO inference and returns the table (arena memory). Frees the loader's
 * temporary memory; call loader_abandon instead when the read failed. */
struct table *loader_finish(struct loader *ld);
void loader_abandon(struct loader *ld);

/* Parallel loading of one table: the whole loader reads the first block of rows,
 * parts read later blocks in other threads, then loader_merge appends each part in
 * block order. The result is identical to one loader reading every row: dictionary
 * codes stay in first-seen order, bad rows and examples keep their order.
 * loader_part_begin (call it before the threads start) makes part a loader for at
 * most maxrows rows stored in whole's arrays from row rowbase on; rowbase + maxrows
 * must not exceed whole->cap, and rows of whole and of every part must not overlap.
 * Set whole->lock before the threads start; the part shares it. */
void loader_part_begin(struct loader *part, const struct loader *whole, size_t rowbase,
                       size_t maxrows);

/* Appends part's rows after whole's (in the calling thread, after part's thread has
 * finished; parts in block order) and frees the part. */
void loader_merge(struct loader *whole, struct loader *part);

/* Frees a part that is not merged (the read failed). */
void loader_part_abandon(struct loader *part);

/* Forgets every row of ld (a failed parallel read that is redone in one thread):
 * ld is as right after loader_begin, without asking opts->column again. */
void loader_reset(struct loader *ld);

#endif

/* SPDX-License-Identifier: MIT
 * ingest: the entry point for reading one data file (CSV, TSV, JSON, any of them
 * gzip-compressed) into a typed columnar struct table. The dataset layer calls
 * ingest_read with per-column type requests; source, csvin, jsonin, loader and
 * parse do the work underneath (ingest <- csvin/jsonin <- loader <- parse, table). */
#ifndef INGEST_INGEST_H
#define INGEST_INGEST_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "ingest/parse.h"
#include "ingest/table.h"

/* What the caller wants for one source column. */
enum ingest_type {
	INGEST_AUTO,    /* infer: number if every non-missing value is a number (with the
	                   decorations of opts->num), else date if every one is an ISO
	                   date/date-time (or matches date_format), else text; a column
	                   with no value at all is text. Missing tokens: parse.h */
	INGEST_NUM,     /* number; values that are not numbers become missing and are
	                   recorded as bad (nbad/badrow/example[] of the column) */
	INGEST_TEXT,    /* text (dictionary-encoded) */
	INGEST_DATE,    /* date (date_format, else ISO 8601); others recorded as bad */
	INGEST_SKIP,    /* not loaded at all (saves time and memory on wide files) */
};

struct ingest_colspec {
	enum ingest_type type;      /* preset to INGEST_AUTO */
	const char *date_format;    /* preset to opts->date_format; NULL = ISO 8601 only.
	                               With a format, ISO 8601 values are accepted too. */
};

enum ingest_format { INGEST_GUESS, INGEST_CSV, INGEST_JSON };

struct ingest_opts {
	const char *name;           /* table name ("orders"); NULL = "" */
	enum ingest_format format;  /* GUESS: ".json" / ".json.gz" -> JSON, else CSV */
	const char *delimiter;      /* NULL or "" = detect among , ; TAB | from the first
	                               lines; else ",", ";", "|", "\t" (or "tab"), or
	                               "whitespace" (runs of spaces and tabs, no quoting) */
	const char *encoding;       /* NULL / "utf-8" or "latin-1" */
	const char *date_format;    /* default for DATE and AUTO columns (parse.h syntax) */
	struct parse_numfmt num;    /* decorations numbers may carry (all off = plain) */
	/* Called once per source column, in source order, before any row is read, with
	 * the (already de-duplicated) header name and the 0-based field index; may change
	 * *spec. NULL = every column AUTO. */
	void (*column)(void *ctx, const char *name, size_t index, struct ingest_colspec *spec);
	void *ctx;
	/* CSV: threads that parse blocks of rows at once. 0 = the number of online CPUs
	 * for files of 2 MB and more, else 1; at most 8. The table, the messages and the
	 * exit status do not depend on it. */
	int threads;
};

/* Reads path (display = the name used in messages, e.g. as written in the project
 * file; NULL = path) into a new table in arena a. Columns come in source order,
 * minus skipped ones; col->srccol is the 1-based source field number; t->srcline
 * holds each row's 1-based first source line (CSV; JSON: the line of its '{').
 * opts may be NULL (all defaults).
 * Returns NULL on error after reporting through d as "FILE:LINE:COL: error: ...":
 * status BD_EIO when the file cannot be read, BD_EINPUT for bad content (including
 * bad options such as an unknown delimiter or encoding). Warnings (renamed duplicate
 * headers) do not fail the read. */
struct table *ingest_read(struct arena *a, struct diag *d, const char *path,
                          const char *display, const struct ingest_opts *opts);

/* The same on bytes in memory (tests, fuzzing, stdin). display names the data in
 * messages; the format is guessed from display when opts->format is GUESS. */
struct table *ingest_read_mem(struct arena *a, struct diag *d, const void *bytes, size_t n,
                              const char *display, const struct ingest_opts *opts);

#endif
